"""Grade with two kernels: the student's code in one, the tests in another.

:class:`TwoKernelExecute` is nbgrader's ``Execute`` preprocessor (in the
course's ``nbgrader_config.py``, so plain ``nbgrader autograde``, the
formgrader and ``python -m autograder grade`` all use it).  For every
submission it starts two sandboxed kernels:

- the **student's kernel** runs the student's cells (solutions, prose,
  anything added) and the instructor's locked set-up and helper cells;
- the **grader's kernel** runs the test cells, and the locked set-up and
  helper cells again, silently.  It never executes student code.

Which cell runs where is :func:`autograder.grading.cell_roles.cell_role`.  Before each
test cell the grader's kernel asks for the names the student's cells bound
(:meth:`autograder.kernel.grader_side.Bridge.sync`) and gets proxies for them; a
proxy's call is a request that this process relays:

    grader's kernel  --input_request-->  here  --execute_request-->  student's kernel
    grader's kernel  <--input_reply----  here  <--display_data-----  student's kernel

Requests and answers are JSON text (:mod:`autograder.kernel.wire`).  A function a
test passes to the student's code is called back the same way in the other
direction: the student's kernel asks with ``input_request`` and the grader's
answer goes back as its ``input_reply``.  This process never decodes what
the student's kernel sends; the grader's kernel decodes it strictly.

Time: the student's calls during one test cell share that cell's time limit
(``Execute.timeout``).  A call that runs past it is interrupted and raises
``TimeoutError`` in the test, so the other cases of the cell still run.  A
student's kernel that dies or stops answering fails every later call.

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

from ..kernel import wire
from ..kernel.grader_side import SYNC_NAME
from ..kernel.student_side import REPLY_MIME, SERVE_NAME
from .cell_roles import cell_role, test_names
from .sandbox import SandboxedExecute, SandboxedKernelManager

STUDENT_BOOT = (
    "import autograder.kernel.student_side\nautograder.kernel.student_side.install(get_ipython())"
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


class TwoKernelExecute(SandboxedExecute):
    """nbgrader's ``Execute``, with the tests in a kernel apart from the student's code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reset_grader_state()

    def _reset_grader_state(self) -> None:
        self._wanted: set[str] = set()
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
        self._wanted = test_names(self.nb)
        if self.km is None:
            self.km = self.create_kernel_manager()  # settles self.kernel_name
        try:
            run_sync(self._launch_grader)()  # it boots while the student's kernel starts
            with super().setup_kernel(**kwargs):
                self.student_km, self.student_kc = self.km, self.kc
                run_sync(self._connect_grader)()
                yield
                run_sync(self._report_tampering)()
        finally:
            run_sync(self._stop_grader)()
            self._reset_grader_state()

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
        await self._bootstrap(self.student_kc, STUDENT_BOOT, "student's")
        await self._bootstrap(self.grader_kc, GRADER_BOOT, "grader's")
        self._relay_task = asyncio.ensure_future(self._relay())

    async def _report_tampering(self) -> None:
        """Note in the notebook (and the log) what the student's code hooked or patched."""
        if self._student_broken or not await self.student_km.is_alive():
            return
        self._deadline = time.monotonic() + SETTLE_S
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
        for cell in self.nb.cells:
            if cell.cell_type == "code":
                cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=note))
                break

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
        role = cell_role(cell) if self.grader_kc is not None else "student"
        if role == "student":
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        if role == "both":
            # The grader's kernel runs its copy while the student's runs the cell.
            self._deadline = None if not self.timeout else time.monotonic() + self.timeout
            msg_id = self._send_silent(self.grader_kc, cell.source, allow_stdin=True)
            cell = await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
            reply = await self._wait_reply(self.grader_kc, msg_id)
            if reply.get("status") != "ok":
                grade_id = cell.metadata.nbgrader.get("grade_id")
                raise GradingEnvironmentError(
                    f"the instructor's cell {grade_id!r} fails in the grader's kernel: "
                    f"{reply.get('ename')}: {reply.get('evalue')}"
                )
            return cell
        return await self._execute_test_cell(cell, cell_index, execution_count, store_history)

    execute_cell = run_sync(async_execute_cell)

    async def _execute_test_cell(self, cell, cell_index, execution_count, store_history):
        self._deadline = None if not self.timeout else time.monotonic() + self.timeout
        sync = f"{SYNC_NAME}({sorted(self._wanted)!r})"
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
            timeout = int(timeout + GRACE_S)
        return timeout

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
        if self._deadline is not None and time.monotonic() > self._deadline:
            if not self._student_waiting:
                return self._timeout_reply()
        if self._student_waiting:  # the student's code waits for a callback's answer
            self._student_waiting = False
            self.student_kc.input(text)
        else:
            self._call_id = self.student_kc.execute(
                f"{SERVE_NAME}({text!r})", silent=True, store_history=False, allow_stdin=True
            )
            self._call_answer, self._call_replied, self._call_idle = None, False, False
        return await self._student_event()

    async def _student_event(self) -> str:
        """The student's next word: a callback request, or the answer to the call."""
        kc = self.student_kc
        pause, next_alive_check = 0.0005, time.monotonic() + 1.0
        while True:
            heard = False
            if await kc.stdin_channel.msg_ready():
                heard = True
                msg = await kc.stdin_channel.get_msg(timeout=1.0)
                if msg["header"]["msg_type"] == "input_request":
                    self._student_waiting = True
                    return str(msg["content"].get("prompt", ""))
            if await kc.iopub_channel.msg_ready():
                heard = True
                msg = await kc.iopub_channel.get_msg(timeout=1.0)
                if msg["parent_header"].get("msg_id") == self._call_id:
                    kind = msg["header"]["msg_type"]
                    if kind == "display_data" and self._call_answer is None:
                        answer = msg["content"].get("data", {}).get(REPLY_MIME)
                        if isinstance(answer, str):
                            self._call_answer = answer
                    elif kind == "status" and msg["content"].get("execution_state") == "idle":
                        self._call_idle = True
            if await kc.shell_channel.msg_ready():
                heard = True
                msg = await kc.shell_channel.get_msg(timeout=1.0)
                if msg["parent_header"].get("msg_id") == self._call_id:
                    self._call_replied = True
            if self._call_replied and self._call_idle:
                self._call_id = None
                if self._call_answer is None:
                    return _error_reply("RuntimeError", "the student's kernel gave no answer")
                return self._call_answer
            if heard:
                pause = 0.0005
                continue
            now = time.monotonic()
            if self._deadline is not None and now > self._deadline:
                return await self._interrupt_call()
            if now > next_alive_check:
                next_alive_check = now + 1.0
                if not await self.student_km.is_alive():
                    self._student_broken = "the student's kernel died"
                    return _broken_reply(self._student_broken)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.02)

    async def _interrupt_call(self) -> str:
        """Stop a call that ran past the test cell's time; a TimeoutError for the test."""
        self._student_waiting = False
        await self.student_km.interrupt_kernel()
        settle = time.monotonic() + SETTLE_S
        while not (self._call_replied and self._call_idle):
            if time.monotonic() > settle:
                self._student_broken = "the student's kernel stopped answering after a timeout"
                return _broken_reply(self._student_broken)
            for channel in (self.student_kc.iopub_channel, self.student_kc.shell_channel):
                if await channel.msg_ready():
                    msg = await channel.get_msg(timeout=1.0)
                    if msg["parent_header"].get("msg_id") == self._call_id:
                        if msg["header"]["msg_type"] == "execute_reply":
                            self._call_replied = True
                        elif msg["content"].get("execution_state") == "idle":
                            self._call_idle = True
            if await self.student_kc.stdin_channel.msg_ready():
                await self.student_kc.stdin_channel.get_msg(timeout=1.0)
            await asyncio.sleep(0.01)
        self._call_id = None
        return self._timeout_reply()

    def _timeout_reply(self) -> str:
        return _error_reply(
            "TimeoutError",
            f"the student's code ran past this test cell's time limit ({self.timeout:g} s) "
            "and was interrupted",
        )
