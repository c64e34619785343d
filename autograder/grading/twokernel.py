"""Grade with two kernels: the student's code in one, the tests in another.

:class:`TwoKernelExecute` is nbgrader's ``Execute`` preprocessor (in the
course's ``nbgrader_config.py``, so plain ``nbgrader autograde``, the
formgrader and ``python -m autograder grade`` all use it).  For every
submission it starts two sandboxed kernels:

- the **student's kernel** runs the student's cells (solutions, prose,
  anything added) and the instructor's locked set-up and helper cells;
- the **grader's kernel** runs the test cells, and the locked set-up and
  helper cells again, silently.  It never executes student code.

Every decision comes from the instructor's copy of the notebook
(:mod:`autograder.grading.instructor_copy`, read from the gradebook), never
from the submission: the submission is first put back into the instructor's
shape (locked cells restored, deleted ones added, forged metadata dropped),
and each cell's role is the instructor's (:mod:`autograder.grading.cell_roles`).
Before each test cell the grader's kernel asks for the student's bindings of
the lesson's *exercise names* (:meth:`autograder.kernel.grader_side.Bridge.sync`)
and gets plain data or proxies for them; a proxy's call is a request that
this process relays:

    grader's kernel  --input_request-->  here  --execute_request-->  student's kernel
    grader's kernel  <--input_reply----  here  <--input_request----  student's kernel

Requests and answers are JSON text (:mod:`autograder.kernel.wire`).  A function a
test passes to the student's code is called back the same way in the other
direction: the student's kernel asks with ``input_request`` and the grader's
answer goes back as its ``input_reply``.  This process never decodes what
the student's kernel sends; the grader's kernel decodes it strictly.

A locked helper cell also runs, silently, in a namespace of its own in the
student's kernel (``__bfs_given__``): ``ag.run_helper`` runs the instructor's
helpers from there, never the student's names.

Time: the student's calls during one test cell share that cell's time limit
(``Execute.timeout``).  A call that runs past it is interrupted and raises
``TimeoutError`` in the test, so the other cases of the cell still run.  A
student's kernel that dies or stops answering fails every later call.  The
whole submission has a budget, :attr:`TwoKernelExecute.submission_timeout`,
for everything the student's kernel runs (cells and calls): once it is spent,
the student's remaining cells are not run and every later call fails at once
with ``TimeoutError``, so no submission grades for longer than its budget plus
the instructor's tests.  The deadline holds whatever the student's code
prints, and a cell keeps at most :attr:`TwoKernelExecute.live_output_bytes`
of output while it runs.

A failure of the grading environment (a kernel that cannot start, a
bootstrap or an instructor's locked cell that fails in the grader's kernel)
raises :class:`GradingEnvironmentError`: nbgrader reports the submission as
failed instead of recording a grade.
"""

from __future__ import annotations

import asyncio
import json
import time
from contextlib import contextmanager
from typing import Any

import nbformat
from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from traitlets import Integer

from ..kernel import wire
from ..kernel.grader_side import SYNC_NAME
from ..kernel.student_side import ANSWER_MARK, CALLBACK_MARK, GIVEN_NAME, SERVE_NAME
from . import instructor_copy
from .instructor_copy import NOTES_KEY, InstructorCopy
from .sandbox import SandboxedExecute, SandboxedKernelManager

STUDENT_BOOT = (
    "import autograder.kernel.student_side\n"
    "autograder.kernel.student_side.install(get_ipython(), exercises={exercises!r})"
)
GRADER_BOOT = (
    "import autograder.kernel.grader_side\nautograder.kernel.grader_side.install(get_ipython())"
)

GRACE_S = 30.0
"""Extra time a test cell gets beyond the student's share, to report a timeout itself."""

SETTLE_S = 10.0
"""How long an interrupted student's kernel may take to stop its call."""


class GradingEnvironmentError(RuntimeError):
    """The grading environment failed; no grade may be recorded for this submission."""


def _error_reply(kind: str, message: str) -> str:
    return json.dumps(
        {"kind": "error", "exc": {"type": kind, "mro": [kind, "Exception"], "msg": message}}
    )


def _broken_reply(why: str) -> str:
    return json.dumps({"kind": "broken", "why": why})


def _content_size(content: dict) -> int:
    """Characters of an output message's text or data (what the notebook would keep)."""
    size = len(content.get("text", "") or "")
    for value in (content.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else 64
    return size


class TwoKernelExecute(SandboxedExecute):
    """nbgrader's ``Execute``, with the tests in a kernel apart from the student's code."""

    submission_timeout = Integer(
        300,
        help="Seconds the student's kernel may run, in all, for one submission (its cells "
        "and the tests' calls); once spent, its remaining cells are not run and calls fail.",
    ).tag(config=True)

    live_output_bytes = Integer(
        8 * 1024 * 1024,
        help="Characters of output a cell may keep while it runs; more is dropped with a note "
        "(LimitOutputBytes trims the kept output further). Scores never depend on it.",
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reset_grader_state()

    def _reset_grader_state(self) -> None:
        self._copy: InstructorCopy | None = None
        self._notes: list[str] = []
        self._spent = 0.0
        """Seconds the student's kernel has worked for this submission (cells and calls)."""
        self._busy_since: float | None = None
        self._auditing = False
        self._output_bytes: dict[int, int] = {}
        self._wanted: list[str] = []
        self.grader_km = None
        self.grader_kc = None
        self.student_km = None
        self.student_kc = None
        self._relay_task: asyncio.Future | None = None
        self._in_grader = False
        self._deadline: float | None = None
        self._call_id: str | None = None
        self._student_waiting = False
        self._student_broken: str | None = None

    # -- kernels -------------------------------------------------------------

    @contextmanager
    def setup_kernel(self, **kwargs: Any):
        self._copy = self._instructor_copy()
        self._wanted = sorted(self._copy.exercise_names)
        if self.km is None:
            self.km = self.create_kernel_manager()  # settles self.kernel_name
        try:
            run_sync(self._launch_grader)()  # it boots while the student's kernel starts
            with super().setup_kernel(**kwargs):
                self.student_km, self.student_kc = self.km, self.kc
                run_sync(self._connect_grader)()
                yield
                self._report_restored()
                run_sync(self._report_tampering)()
        finally:
            run_sync(self._stop_grader)()
            self._reset_grader_state()

    def _instructor_copy(self) -> InstructorCopy:
        """The instructor's cells of this notebook; the submission put back into their shape.

        nbgrader's sanitising step has already done this
        (:class:`~autograder.grading.instructor_copy.RestoreInstructorCells`);
        doing it again here holds whatever that configuration says.  Outside
        nbgrader (no gradebook) the notebook is the instructor's own.
        """
        earlier = self.nb.metadata.get(NOTES_KEY, {})
        notes = earlier.get("restored", []) if isinstance(earlier, dict) else []
        self._notes = [n for n in notes if isinstance(n, str)][:50]
        copy = instructor_copy.for_resources(self.resources, self.config)
        if copy is None:
            return InstructorCopy.from_notebook(self.nb)
        self._notes += copy.restore(self.nb)
        return copy

    def _report_restored(self) -> None:
        """Say in the notebook (and the log) what was put back from the instructor's copy."""
        if not self._notes:
            return
        note = (
            "RESTORED: this notebook's instructor cells differed from the instructor's copy ("
            + "; ".join(note[:200] for note in self._notes[:20])
            + "). It was graded with the instructor's cells.\n"
        )
        self.log.warning("%s", note.strip())
        _first_code_cell_note(self.nb, note)

    async def _launch_grader(self) -> None:
        cwd = self.resources.get("metadata", {}).get("path") or None
        options: dict[str, Any] = {"config": self.config}
        if self.kernel_name:
            options["kernel_name"] = self.kernel_name
        if issubclass(self.kernel_manager_class, SandboxedKernelManager):
            options["uid_offset"] = 5000
        try:
            self.grader_km = self.kernel_manager_class(**options)
            await self.grader_km.start_kernel(extra_arguments=self.extra_arguments, cwd=cwd)
        except Exception as exc:
            raise GradingEnvironmentError(f"the grader's kernel could not start: {exc}") from exc

    async def _connect_grader(self) -> None:
        try:
            self.grader_kc = self.grader_km.client()
            self.grader_kc.start_channels()
            await self.grader_kc.wait_for_ready(timeout=self.startup_timeout)
        except Exception as exc:
            raise GradingEnvironmentError(f"the grader's kernel could not start: {exc}") from exc
        self.grader_kc.allow_stdin = True
        boot = STUDENT_BOOT.format(exercises=self._wanted)
        await self._bootstrap(self.student_kc, boot, "student's")
        await self._bootstrap(self.grader_kc, GRADER_BOOT, "grader's")
        self._relay_task = asyncio.ensure_future(self._relay())

    async def _report_tampering(self) -> None:
        """Note in the notebook (and the log) what the student's code hooked or patched."""
        if self._student_broken or not await self.student_km.is_alive():
            return
        self._deadline = time.monotonic() + SETTLE_S
        self._auditing = True  # a report, whatever is left of the budget
        try:
            reply = json.loads(await self._ask_student(json.dumps({"op": "audit"})))
            found = wire.decode(reply["value"]) if reply.get("kind") == "result" else None
        except (ValueError, KeyError, TypeError):
            found = None
        if found is None:
            found = ["the student's kernel did not answer the audit"]
        found = [item[:200] for item in found if isinstance(item, str)][:20]
        if not found:
            return
        note = (
            "FLAGGED: this notebook changed "
            + "; ".join(found)
            + ". Tests run in a separate kernel, so this had no effect on the grade; "
            "it is reported to the instructor.\n"
        )
        self.log.warning("%s", note.strip())
        _first_code_cell_note(self.nb, note)

    async def _stop_grader(self) -> None:
        if self._relay_task is not None:
            self._relay_task.cancel()
            try:
                await self._relay_task
            except (asyncio.CancelledError, Exception):
                pass
        if self.grader_kc is not None:
            self.grader_kc.stop_channels()
        if self.grader_km is not None:
            try:
                await self.grader_km.shutdown_kernel(now=True)
            except Exception as exc:  # the grade is already decided
                self.log.warning("could not stop the grader's kernel: %s", exc)

    async def _bootstrap(self, kc, code: str, whose: str) -> None:
        reply = await self._silent(kc, code, allow_stdin=False)
        if reply.get("status") != "ok":
            raise GradingEnvironmentError(
                f"the {whose} kernel cannot import the course's grading code "
                f"({reply.get('ename')}: {reply.get('evalue')}); is the course installed "
                "in the environment that grades?"
            )

    async def _silent(self, kc, code: str, *, allow_stdin: bool) -> dict:
        """Run ``code`` without outputs in a kernel; its ``execute_reply`` content."""
        return await self._wait_reply(kc, self._send_silent(kc, code, allow_stdin=allow_stdin))

    @staticmethod
    def _send_silent(kc, code: str, *, allow_stdin: bool) -> str:
        return kc.execute(code, silent=True, store_history=False, allow_stdin=allow_stdin)

    async def _wait_reply(self, kc, msg_id: str) -> dict:
        limit = self.timeout or 600
        deadline = time.monotonic() + limit + GRACE_S
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise GradingEnvironmentError(f"a kernel did not answer within {limit:g} s")
            try:
                msg = await kc.shell_channel.get_msg(timeout=min(left, 1.0))
            except Exception:  # queue.Empty
                if not await kc.is_alive():
                    raise GradingEnvironmentError("a grading kernel died") from None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    # -- cells ---------------------------------------------------------------

    async def async_execute_cell(
        self, cell, cell_index: int, execution_count: int | None = None, store_history: bool = True
    ):
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        role = self._copy.role(cell) if self.grader_kc is not None else "student"
        if role == "grader":
            return await self._execute_test_cell(cell, cell_index, execution_count, store_history)
        if role == "student":
            if self._budget_left() <= 0:
                return self._not_run(cell)
            return await self._execute_in_students_kernel(
                cell, cell_index, execution_count, store_history
            )
        # A shared cell: the grader's kernel runs its copy while the student's runs the
        # cell, and then runs it again for the helpers (the instructor's source, not a name).
        source = self._copy.by_id[cell.metadata.nbgrader["grade_id"]].source
        self._deadline = self._call_deadline()
        msg_id = self._send_silent(self.grader_kc, source, allow_stdin=True)
        if self._budget_left() > 0:
            cell = await self._execute_in_students_kernel(
                cell, cell_index, execution_count, store_history
            )
            # Not awaited: it runs before anything sent after it, and a student's
            # kernel that is still busy must not hold up grading here.
            self._send_silent(self.student_kc, f"{GIVEN_NAME}({source!r})", allow_stdin=False)
        else:
            cell = self._not_run(cell)
        reply = await self._wait_reply(self.grader_kc, msg_id)
        if reply.get("status") != "ok":
            grade_id = cell.metadata.nbgrader.get("grade_id")
            raise GradingEnvironmentError(
                f"the instructor's cell {grade_id!r} fails in the grader's kernel: "
                f"{reply.get('ename')}: {reply.get('evalue')}"
            )
        return cell

    execute_cell = run_sync(async_execute_cell)

    async def _execute_in_students_kernel(self, cell, cell_index, execution_count, store_history):
        """Run a cell in the student's kernel; its output is never what a score is read from.

        So a flood of output still arriving after the cell's reply is left
        behind (nbgrader's Execute would fail the whole submission on it).
        """
        raises, self.raise_on_iopub_timeout = self.raise_on_iopub_timeout, False
        try:
            with self._student_busy():
                return await super().async_execute_cell(
                    cell, cell_index, execution_count, store_history
                )
        finally:
            self.raise_on_iopub_timeout = raises

    def _budget_left(self) -> float:
        """Seconds the student's kernel may still work for this submission."""
        if self.submission_timeout <= 0 or self._auditing:
            return float("inf")
        spent = self._spent
        if self._busy_since is not None:
            spent += time.monotonic() - self._busy_since
        return self.submission_timeout - spent

    @contextmanager
    def _student_busy(self):
        """Count the time inside against the submission's budget."""
        self._busy_since = time.monotonic()
        try:
            yield
        finally:
            self._spent += time.monotonic() - self._busy_since
            self._busy_since = None

    def _call_deadline(self) -> float | None:
        """When the student's calls during the next cell must end: the cell's time limit."""
        return time.monotonic() + self.timeout if self.timeout else None

    def _out_of_time(self) -> bool:
        now = time.monotonic()
        return (self._deadline is not None and now > self._deadline) or self._budget_left() <= 0

    def _not_run(self, cell):
        cell.outputs = [
            nbformat.v4.new_output(
                "stream",
                name="stdout",
                text=f"(not run: this submission used its whole time budget of "
                f"{self.submission_timeout:g} s)\n",
            )
        ]
        return cell

    async def _execute_test_cell(self, cell, cell_index, execution_count, store_history):
        self._deadline = self._call_deadline()
        sync = f"{SYNC_NAME}({self._wanted!r})"
        reply = await self._silent(self.grader_kc, sync, allow_stdin=True)
        if reply.get("status") != "ok":
            raise GradingEnvironmentError(
                f"the grader's kernel could not read the student's names: {reply.get('evalue')}"
            )
        self.km, self.kc = self.grader_km, self.grader_kc
        self._in_grader = True
        try:
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        except DeadKernelError as exc:
            raise GradingEnvironmentError("the grader's kernel died") from exc
        finally:
            self._in_grader = False
            self.km, self.kc = self.student_km, self.student_kc

    def _get_timeout(self, cell) -> int | None:
        timeout = super()._get_timeout(cell)
        if self._in_grader and timeout:
            return int(timeout + GRACE_S)
        left = self._budget_left()
        if left != float("inf"):
            timeout = max(1, min(timeout or int(left) + 1, int(left) + 1))
        return timeout

    async def _async_check_alive(self) -> None:
        if self.kc is None:  # a poll nbclient left behind, after the kernels are gone
            return
        await super()._async_check_alive()

    def output(self, outs, msg, display_id, cell_index):
        """Keep at most :attr:`live_output_bytes` of a cell's output while it runs.

        A stream that crosses the limit keeps its first part (``LimitOutputBytes``
        trims the kept output further, with its note); what comes after is dropped.
        """
        if msg["msg_type"] not in ("stream", "display_data"):
            return super().output(outs, msg, display_id, cell_index)
        used = self._output_bytes.get(cell_index, 0)
        if used > self.live_output_bytes:
            return None
        size = _content_size(msg["content"])
        self._output_bytes[cell_index] = used + size
        if used + size <= self.live_output_bytes:
            return super().output(outs, msg, display_id, cell_index)
        if msg["msg_type"] == "stream":
            room = max(0, self.live_output_bytes - used)
            kept = {**msg, "content": {**msg["content"], "text": msg["content"]["text"][:room]}}
            super().output(outs, kept, display_id, cell_index)
        note = (
            f"(output stopped here: the cell printed more than "
            f"{self.live_output_bytes / 2**20:g} MiB while it ran)\n"
        )
        outs.append(nbformat.v4.new_output("stream", name="stdout", text=note))
        self._output_bytes[cell_index] = self.live_output_bytes + 1
        return None

    # -- the relay -----------------------------------------------------------

    async def _relay(self) -> None:
        """Answer each ``input_request`` of the grader's kernel with the student's answer."""
        while True:
            msg = await self.grader_kc.stdin_channel.get_msg(timeout=None)
            if msg["header"]["msg_type"] != "input_request":
                continue
            prompt = msg["content"].get("prompt", "")
            try:
                answer = await self._ask_student(prompt)
            except Exception as exc:
                self._student_broken = f"the student's kernel could not be reached: {exc}"
                answer = _broken_reply(self._student_broken)
            self.grader_kc.input(answer)

    async def _ask_student(self, text: str) -> str:
        if self._student_broken:
            return _broken_reply(self._student_broken)
        if self._out_of_time() and not self._student_waiting:
            return self._timeout_reply()
        if self._student_waiting:  # the student's code waits for a callback's answer
            self._student_waiting = False
            self.student_kc.input(text)
        else:
            self._call_id = self.student_kc.execute(
                f"{SERVE_NAME}({text!r})", silent=True, store_history=False, allow_stdin=True
            )
            self._call_answer, self._call_replied = None, False
        with self._student_busy():
            return await self._student_event()

    async def _student_event(self) -> str:
        """The student's next word: a callback request, or the answer to the call.

        Both come on the stdin channel (an ``input_request`` whose prompt starts
        with :data:`CALLBACK_MARK` or :data:`ANSWER_MARK`); a call is over when
        its answer and its ``execute_reply`` have come.  What the student's
        kernel sends on IOPub is read and dropped, so no flood of output there
        can hold up or hide an answer; the deadline and the kernel's life are
        checked on every round, however fast the student's kernel sends.
        """
        kc = self.student_kc
        pause, next_alive_check = 0.0005, time.monotonic() + 1.0
        while True:
            now = time.monotonic()
            if self._out_of_time():
                return await self._interrupt_call()
            if now > next_alive_check:
                next_alive_check = now + 1.0
                if not await self.student_km.is_alive():
                    self._student_broken = "the student's kernel died"
                    return _broken_reply(self._student_broken)
            heard = False
            if await kc.stdin_channel.msg_ready():
                heard = True
                msg = await kc.stdin_channel.get_msg(timeout=1.0)
                if msg["header"]["msg_type"] == "input_request":
                    prompt = str(msg["content"].get("prompt", ""))
                    if prompt.startswith(CALLBACK_MARK):
                        self._student_waiting = True
                        return prompt[len(CALLBACK_MARK) :]
                    if prompt.startswith(ANSWER_MARK) and self._call_answer is None:
                        self._call_answer = prompt[len(ANSWER_MARK) :]
                    kc.input("")  # an answer is acknowledged; the student's own input() gets ""
            if await kc.shell_channel.msg_ready():
                heard = True
                msg = await kc.shell_channel.get_msg(timeout=1.0)
                if msg["parent_header"].get("msg_id") == self._call_id:
                    self._call_replied = True
            if await kc.iopub_channel.msg_ready():
                heard = True
                await kc.iopub_channel.get_msg(timeout=1.0)
            if self._call_replied:
                self._call_id = None
                if self._call_answer is None:
                    return _error_reply("RuntimeError", "the student's kernel gave no answer")
                return self._call_answer
            if heard:
                pause = 0.0005
                continue
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.02)

    async def _interrupt_call(self) -> str:
        """Stop a call that ran past the test cell's time; a TimeoutError for the test."""
        self._student_waiting = False
        await self.student_km.interrupt_kernel()
        kc = self.student_kc
        settle = time.monotonic() + SETTLE_S
        while not self._call_replied:
            if time.monotonic() > settle:
                self._student_broken = "the student's kernel stopped answering after a timeout"
                return _broken_reply(self._student_broken)
            heard = False
            if await kc.shell_channel.msg_ready():
                heard = True
                msg = await kc.shell_channel.get_msg(timeout=1.0)
                if msg["parent_header"].get("msg_id") == self._call_id:
                    self._call_replied = True
            for channel in (kc.stdin_channel, kc.iopub_channel):
                if await channel.msg_ready():
                    heard = True
                    msg = await channel.get_msg(timeout=1.0)
                    if msg["header"]["msg_type"] == "input_request":
                        kc.input("")  # never leave the interrupted code waiting
            if not heard:
                await asyncio.sleep(0.01)
        self._call_id = None
        return self._timeout_reply()

    def _timeout_reply(self) -> str:
        if self._budget_left() <= 0:
            why = f"this submission used its whole time budget ({self.submission_timeout:g} s)"
        else:
            why = f"the student's code ran past this test cell's time limit ({self.timeout:g} s)"
        return _error_reply("TimeoutError", f"{why}; the call was not run or was interrupted")


def _first_code_cell_note(nb, text: str) -> None:
    """Add ``text`` to the outputs of the notebook's first code cell (the set-up cell)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text))
            return
