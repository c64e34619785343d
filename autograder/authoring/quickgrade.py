"""Score a notebook's graded cells fast, the way the course's grading would.

Used to run the bank of buggy and correct implementations: each variant is a
source notebook with some solution cells replaced.  Grading keeps the
student's code and the tests in separate processes (see
:mod:`autograder.grading.twokernel`), and so does this: every variant gets a forked
*student* process that runs its cells in an in-process IPython shell, and a
*grader* process that runs the test cells in another, reaching the student's
functions through :mod:`autograder.kernel.grader_side` proxies over a pipe that
carries JSON text only.  Each graded test cell is scored with nbgrader's own
``determine_grade`` applied to the outputs the cell produced.

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
from collections.abc import Mapping
from dataclasses import dataclass

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
    """JSON messages over a ``multiprocessing`` connection (nothing is pickled)."""

    def __init__(self, conn) -> None:
        self.conn = conn

    def send(self, **message) -> None:
        self.conn.send_bytes(json.dumps(message).encode())

    def recv(self) -> dict:
        if not self.conn.poll(HANG_GUARD_S):
            raise TimeoutError(f"no answer from the student's process in {HANG_GUARD_S:g} s")
        return json.loads(self.conn.recv_bytes().decode())


def _student_process(pipe: _Pipe, exercises: list[str]) -> None:
    """Run the student's cells and answer the grader until told to stop."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from ..kernel import student_side

    shell = InteractiveShell.instance(colors="nocolor")
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
        else:
            return


def _start_student(exercises: list[str]) -> tuple[_Pipe, int]:
    parent, child = multiprocessing.Pipe()
    pid = os.fork()
    if pid == 0:  # the student's process
        code = 0
        try:
            _student_process(_Pipe(child), exercises)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return _Pipe(parent), pid


def _run(nb_json: str, replace: Mapping[str, str]) -> list[CellScore]:
    """Score one variant: its cells in a student's process, the tests in this one."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    from nbgrader.utils import determine_grade

    from ..kernel import grader_side

    os.environ["NBGRADER_EXECUTION"] = "autograde"
    nb = nbformat.reads(nb_json, as_version=4)
    copy = InstructorCopy.from_notebook(nb)
    wanted = sorted(copy.exercise_names)
    student, pid = _start_student(wanted)

    def transport(text: str) -> str:
        student.send(cmd="request", text=text)
        message = student.recv()
        return message["reply"] if "reply" in message else message["ask"]

    shell = InteractiveShell.instance(colors="nocolor")
    shell.enable_gui = lambda gui=None: None
    bridge = grader_side.activate(grader_side.Bridge(transport))
    scores = []
    try:
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if cell.cell_type != "code" or grade_id is None:
                continue
            role = copy.role(cell)
            source = replace.get(grade_id, cell.source) if meta.get("solution") else cell.source
            if role in ("student", "both"):
                student.send(cmd="run", source=source, given=role == "both")
                student.recv()
            if role == "student":
                continue
            if role == "grader":
                bridge.sync(shell.user_ns, wanted)
            with capture_output() as captured:
                result = shell.run_cell(source, store_history=False, silent=False)
            if role == "both":
                if not result.success:
                    raise RuntimeError(f"the locked cell {grade_id} fails: {result.error_in_exec}")
                continue
            cell.outputs = _cell_outputs(result, captured, shell)
            score, max_points = determine_grade(cell)
            text = captured.stdout + captured.stderr
            if result.error_in_exec is not None:
                text += f"{type(result.error_in_exec).__name__}: {result.error_in_exec}"
            scores.append(CellScore(grade_id, float(score), float(max_points), text))
    finally:
        try:
            student.send(cmd="stop")
        except OSError:
            pass
        os.waitpid(pid, 0)
    return scores


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


def _worker(args):
    nb_json, replace = args
    return _run(nb_json, replace)


def score_variants(
    nb: nbformat.NotebookNode,
    variants: list[Mapping[str, str]],
    *,
    jobs: int = 2,
) -> list[list[CellScore]]:
    """Scores of ``nb`` for each variant (a map grade_id -> solution cell source).

    Test cells are the instructor's (hidden tests included); the delimiter
    lines are removed as nbgrader's autograde would leave them harmless.
    """
    graded = nbformat.from_dict(nb)
    for cell in graded.cells:
        if cell.cell_type == "code":
            cell.source = strip_delimiters(cell.source)
    nb_json = nbformat.writes(graded)
    _preload()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(processes=jobs, maxtasksperchild=1) as pool:
        return pool.map(_worker, [(nb_json, dict(v)) for v in variants], chunksize=1)


def total(scores: list[CellScore]) -> tuple[float, float]:
    """(points earned, points possible)."""
    return sum(s.score for s in scores), sum(s.max_points for s in scores)
