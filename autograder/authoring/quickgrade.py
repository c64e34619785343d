"""Score a notebook's graded cells fast, the way the course's grading would.

Used to run the bank of buggy and correct implementations: each variant is a
source notebook with some solution cells replaced.  Grading keeps the
student's code and the tests in separate processes (see
:mod:`autograder.grading.twokernel`), and so does this: a *student* process
runs the solution cells in an in-process IPython shell, and a *grader*
process runs the test cells in another, reaching the student's functions
through :mod:`autograder.kernel.grader_side` proxies over a pipe that carries
JSON text only.  Each graded test cell is scored with nbgrader's own
``determine_grade`` applied to the outputs the cell produced.

The reference is graded once, as a *trunk*.  Just before the first cell a
variant changes, the pair of processes is forked, and the copy grades the rest
of the notebook with the variant's cells.  The cells before that point would
have run identically in a fresh pair, so each variant scores as it would from
the start, while costing only the cells from its first change on (and no
start-up of its own).

Only the cells that grading depends on run: cells with nbgrader metadata (the
set-up and other locked helper cells, solution cells, graded test cells).
Prose cells (plots, widgets, demonstrations) are skipped, so a test cell must
never depend on a prose cell.  The end to end tests check that the scores
agree with ``nbgrader autograde``, which runs every cell.

There is no per-cell time limit: the bank holds our own code, and a limit a
busy machine can reach made correct variants lose points.  A wait of
:data:`HANG_GUARD_S` for the student's process only guards against a hang.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import traceback
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from multiprocessing import reduction
from multiprocessing.connection import Connection
from pathlib import Path

import nbformat

from ..grading.instructor_copy import InstructorCopy
from .build import strip_delimiters

HANG_GUARD_S = 600.0
"""Longest wait for the student's process: a guard against a hang, never a grade."""


@dataclass(frozen=True)
class CellScore:
    grade_id: str
    score: float
    max_points: float
    output: str


def _cell_outputs(result, captured, shell) -> list[nbformat.NotebookNode]:
    from nbformat.v4 import new_output

    outputs = []
    if captured.stdout:
        outputs.append(new_output("stream", name="stdout", text=captured.stdout))
    if captured.stderr:
        outputs.append(new_output("stream", name="stderr", text=captured.stderr))
    error = result.error_before_exec or result.error_in_exec
    if error is not None:
        outputs.append(
            new_output("error", ename=type(error).__name__, evalue=str(error), traceback=[])
        )
    elif result.result is not None:
        data, _ = shell.display_formatter.format(result.result)
        outputs.append(new_output("execute_result", data=data, execution_count=1))
    return outputs


class _Pipe:
    """JSON messages over a ``multiprocessing`` connection (nothing is pickled).

    ``conn`` is replaced when a process is forked onto a new channel.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def send(self, **message) -> None:
        self.conn.send_bytes(json.dumps(message).encode())

    def recv(self) -> dict:
        if not self.conn.poll(HANG_GUARD_S):
            raise TimeoutError(f"no answer from the student's process in {HANG_GUARD_S:g} s")
        return json.loads(self.conn.recv_bytes().decode())


def _reap_children() -> None:
    """Collect the student's branches that have finished (no zombies)."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def _student_process(pipe: _Pipe, exercises: list[str]) -> None:
    """Run the student's cells and answer the grader until told to stop.

    ``fork`` (followed by a connection's handle) makes a copy of this process,
    state and all, that serves a new grader over that connection.
    """
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from ..kernel import student_side

    shell = InteractiveShell.instance(config=_shell_config(), colors="nocolor")
    shell.enable_gui = lambda gui=None: None  # `%matplotlib inline` asks for it

    def ask(text: str) -> str:
        pipe.send(ask=text)
        return pipe.recv()["text"]

    server = student_side.Server(shell.user_ns, ask=ask, shell=shell, exercises=exercises)
    server.mark_seen()
    while True:
        message = pipe.recv()
        if message["cmd"] == "run":
            with capture_output():
                shell.run_cell(message["source"], store_history=True, silent=False)
                if message.get("given"):  # a locked cell, again for the helpers
                    server.run_given(message["source"])
            pipe.send(done=True)
        elif message["cmd"] == "request":
            pipe.send(reply=server.answer(message["text"]))
        elif message["cmd"] == "fork":
            fd = reduction.recv_handle(pipe.conn)
            if os.fork() == 0:  # the branch: same state, its own grader
                pipe.conn = Connection(fd)
                continue
            os.close(fd)
            _reap_children()
            pipe.send(done=True)
        else:
            while True:  # every branch has been told to stop before the trunk is
                try:
                    os.wait()
                except ChildProcessError:
                    return


def _shell_config():
    """No history database: forked shells must not share one SQLite connection."""
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    return config


def _in_child(run: Callable[[], None], *, report: bool = False) -> int:
    """Fork; the child calls ``run`` and exits (status 1 if it raised). Returns the child's pid.

    With ``report``, the child prints the traceback of what it raised.
    """
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            run()
        except BaseException:
            if report:
                traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    return pid


def _start_student(exercises: list[str]) -> tuple[_Pipe, int]:
    parent, child = multiprocessing.Pipe()

    def serve() -> None:
        parent.close()
        _student_process(_Pipe(child), exercises)

    pid = _in_child(serve)
    child.close()
    return _Pipe(parent), pid


class _Grading:
    """One grader (this process) and its student, walking the graded cells in order."""

    def __init__(self, nb: nbformat.NotebookNode) -> None:
        from IPython.core.interactiveshell import InteractiveShell

        from ..kernel import grader_side

        os.environ["NBGRADER_EXECUTION"] = "autograde"
        self.copy = InstructorCopy.from_notebook(nb)
        self.cells = [
            cell
            for cell in nb.cells
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade_id")
        ]
        self.wanted = sorted(self.copy.exercise_names)
        self.student, self.student_pid = _start_student(self.wanted)
        self.shell = InteractiveShell.instance(config=_shell_config(), colors="nocolor")
        self.shell.enable_gui = lambda gui=None: None
        self.bridge = grader_side.activate(grader_side.Bridge(self._transport))
        self.scores: list[CellScore] = []

    def _transport(self, text: str) -> str:
        self.student.send(cmd="request", text=text)
        message = self.student.recv()
        return message["reply"] if "reply" in message else message["ask"]

    def first_change(self, replace: Mapping[str, str]) -> int:
        """Index of the first cell ``replace`` changes (``len(self.cells)`` for none)."""
        for index, cell in enumerate(self.cells):
            meta = cell.metadata["nbgrader"]
            if meta.get("solution") and replace.get(meta["grade_id"], cell.source) != cell.source:
                return index
        return len(self.cells)

    def run_cell(self, index: int, replace: Mapping[str, str]) -> None:
        from IPython.utils.capture import capture_output
        from nbgrader.utils import determine_grade

        cell = nbformat.from_dict(self.cells[index])
        meta = cell.metadata["nbgrader"]
        grade_id = meta["grade_id"]
        role = self.copy.role(cell)
        source = replace.get(grade_id, cell.source) if meta.get("solution") else cell.source
        if role in ("student", "both"):
            self.student.send(cmd="run", source=source, given=role == "both")
            self.student.recv()
        if role == "student":
            return
        if role == "grader":
            self.bridge.sync(self.shell.user_ns, self.wanted)
        with capture_output() as captured:
            result = self.shell.run_cell(source, store_history=False, silent=False)
        if role == "both":
            if not result.success:
                raise RuntimeError(f"the locked cell {grade_id} fails: {result.error_in_exec}")
            return
        cell.outputs = _cell_outputs(result, captured, self.shell)
        score, max_points = determine_grade(cell)
        text = captured.stdout + captured.stderr
        if result.error_in_exec is not None:
            text += f"{type(result.error_in_exec).__name__}: {result.error_in_exec}"
        self.scores.append(CellScore(grade_id, float(score), float(max_points), text))

    def fork(self, run: Callable[[], None]) -> int:
        """Fork this grader and its student at the current cell; the copy calls ``run``.

        Returns the copy's pid.
        """
        mine, theirs = multiprocessing.Pipe()
        self.student.send(cmd="fork")
        reduction.send_handle(self.student.conn, theirs.fileno(), self.student_pid)
        self.student.recv()
        theirs.close()

        def in_copy() -> None:
            self.student.conn.close()
            self.student = _Pipe(mine)
            run()

        pid = _in_child(in_copy)
        mine.close()
        return pid

    def stop(self) -> None:
        try:
            self.student.send(cmd="stop")
        except OSError:
            pass


def _write_result(path: str, scores: list[CellScore] | None, error: str | None) -> None:
    with open(path, "w") as out:
        json.dump({"scores": [asdict(s) for s in scores or []], "error": error}, out)


def _trunk(nb_json: str, variants: list[Mapping[str, str]], jobs: int, results: str) -> None:
    """Grade the reference once, forking a branch for each variant before the cell it changes.

    Cells before a variant's first change run once for all variants: their
    state is the reference's, so a branch scores exactly as a fresh run would.
    At most ``jobs`` branches run at once; each writes ``<results>/<index>.json``.
    """
    grading = _Grading(nbformat.reads(nb_json, as_version=4))
    starts: dict[int, list[int]] = {}
    for number, replace in enumerate(variants):
        starts.setdefault(grading.first_change(replace), []).append(number)
    branches: set[int] = set()

    def wait_for_one() -> None:
        pid, _ = os.wait()
        if pid == grading.student_pid:
            raise RuntimeError("the reference's student process died")
        branches.discard(pid)

    try:
        for index in range(len(grading.cells) + 1):
            for number in starts.get(index, []):
                if index == len(grading.cells):  # changes nothing graded: the reference's scores
                    _write_result(f"{results}/{number}.json", grading.scores, None)
                    continue
                while len(branches) >= jobs:
                    wait_for_one()
                branches.add(
                    grading.fork(
                        partial(_branch, grading, index, variants[number], number, results)
                    )
                )
            if index < len(grading.cells):
                grading.run_cell(index, {})
    finally:
        while branches:
            wait_for_one()
        grading.stop()
        os.waitpid(grading.student_pid, 0)


def _branch(
    grading: _Grading, start: int, replace: Mapping[str, str], number: int, results: str
) -> None:
    """In a forked grader: grade the cells from ``start`` on with ``replace``."""
    path = f"{results}/{number}.json"
    try:
        for index in range(start, len(grading.cells)):
            grading.run_cell(index, replace)
        _write_result(path, grading.scores, None)
    except BaseException:
        _write_result(path, None, traceback.format_exc())
        raise
    finally:
        grading.stop()


def _preload() -> None:
    """Import once, before forking, what every variant would import again."""
    import matplotlib

    matplotlib.use("Agg")
    import ipywidgets  # noqa: F401
    import matplotlib.pyplot
    import matplotlib_inline.backend_inline  # noqa: F401
    import nbgrader.utils  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell  # noqa: F401

    import autograder  # noqa: F401
    from autograder.kernel import grader_side, student_side  # noqa: F401


def score_variants(
    nb: nbformat.NotebookNode,
    variants: list[Mapping[str, str]],
    *,
    jobs: int = 2,
) -> list[list[CellScore]]:
    """Scores of ``nb`` for each variant (a map grade_id -> solution cell source).

    Test cells are the instructor's (hidden tests included); the delimiter
    lines are removed as nbgrader's autograde would leave them harmless.
    The cells are graded in a forked process (see :func:`_trunk`), so that
    this one keeps no shell.
    """
    graded = nbformat.from_dict(nb)
    for cell in graded.cells:
        if cell.cell_type == "code":
            cell.source = strip_delimiters(cell.source)
    nb_json = nbformat.writes(graded)
    _preload()
    with tempfile.TemporaryDirectory(prefix="quickgrade-") as results:
        pid = _in_child(
            partial(_trunk, nb_json, [dict(v) for v in variants], max(1, jobs), results),
            report=True,
        )
        _, status = os.waitpid(pid, 0)
        scores = []
        for number in range(len(variants)):
            path = Path(results) / f"{number}.json"
            if not path.exists():
                raise RuntimeError(
                    f"variant {number} was not graded (grading exit status {status})"
                )
            result = json.loads(path.read_text())
            if result["error"]:
                raise RuntimeError(f"variant {number} could not be graded:\n{result['error']}")
            scores.append([CellScore(**s) for s in result["scores"]])
    return scores


def total(scores: list[CellScore]) -> tuple[float, float]:
    """(points earned, points possible)."""
    return sum(s.score for s in scores), sum(s.max_points for s in scores)
