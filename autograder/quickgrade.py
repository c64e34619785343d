"""Score a notebook's graded cells fast, the way ``nbgrader autograde`` would.

Used to run the bank of buggy and correct implementations: each variant is a
source notebook with some solution cells replaced.  Every variant runs in its
own forked process (fresh interpreter state, warnings registry included) in an
in-process IPython shell, and each graded test cell is scored with nbgrader's
own ``determine_grade`` applied to the outputs the cell produced.

Only the cells that grading depends on run: cells with nbgrader metadata (the
set-up and other locked helper cells, solution cells, graded test cells).
Prose cells (plots, widgets, demonstrations) are skipped, so a test cell must
never depend on a prose cell.  The end to end tests check that the scores
agree with the real ``nbgrader autograde``, which runs every cell.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Mapping
from dataclasses import dataclass

import nbformat

from .build import strip_delimiters


@dataclass(frozen=True)
class CellScore:
    grade_id: str
    score: float
    max_points: float
    output: str


class CellTimeout(BaseException):
    """Raised inside a cell that ran too long (not an Exception: nothing catches it)."""


def _on_alarm(signum, frame):
    raise CellTimeout("cell timed out")


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


def _run(nb_json: str, replace: Mapping[str, str], timeout: float) -> list[CellScore]:
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output
    from nbgrader.utils import determine_grade

    os.environ["NBGRADER_EXECUTION"] = "autograde"
    nb = nbformat.reads(nb_json, as_version=4)
    shell = InteractiveShell.instance(colors="nocolor")
    shell.enable_gui = lambda gui=None: None  # `%matplotlib inline` asks for it
    signal.signal(signal.SIGALRM, _on_alarm)
    scores = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if grade_id is None:
            continue
        source = replace.get(grade_id, cell.source) if meta.get("solution") else cell.source
        with capture_output() as captured:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                result = shell.run_cell(source, store_history=False, silent=False)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        if meta.get("grade") and not meta.get("solution"):
            cell.outputs = _cell_outputs(result, captured, shell)
            score, max_points = determine_grade(cell)
            text = captured.stdout + captured.stderr
            if result.error_in_exec is not None:
                text += f"{type(result.error_in_exec).__name__}: {result.error_in_exec}"
            scores.append(CellScore(grade_id, float(score), float(max_points), text))
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


def _worker(args):
    nb_json, replace, timeout = args
    return _run(nb_json, replace, timeout)


def score_variants(
    nb: nbformat.NotebookNode,
    variants: list[Mapping[str, str]],
    *,
    timeout: float = 10.0,
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
        return pool.map(_worker, [(nb_json, dict(v), timeout) for v in variants], chunksize=1)


def total(scores: list[CellScore]) -> tuple[float, float]:
    """(points earned, points possible)."""
    return sum(s.score for s in scores), sum(s.max_points for s in scores)
