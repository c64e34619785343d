"""Run All, as JupyterLab does it, on the student edition and on the answer key.

JupyterLab's Run All stops at the first cell that raises.  Every lesson's
student edition must run to its last cell untouched (each unfinished test
prints its verdict, each demonstration that needs an unfinished function says
which one, see :mod:`autograder.kernel.visible`), and the answer key must run with
every graded cell at full points and no demonstration skipped: ``ag.needs``
turns an error into a one-line note, so a broken demonstration in the answer
key would otherwise go unnoticed by nbval.

The answer key also checks the prose: every number a markdown cell marks
as a claim (:mod:`autograder.kernel.claims`) must be what the notebook
computes, and every figure the prose describes must show it (the figure data
of each ``plt.show()`` is recorded and checked by ``tests/test_figures.py``).

This is the fast, browser-free twin of ``tests/test_browser.py``.
"""

from __future__ import annotations

import json

import nbformat
import pytest
import test_figures
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from autograder.authoring import build
from autograder.kernel import claims, explain
from autograder.lab.kernel_client import PromptKernelManager
from conftest import ROOT, all_lessons


def run_all(
    tree: str, lesson: str, extra: str | None = None, after_setup: str | None = None
) -> tuple[nbformat.NotebookNode, list[int], int | None]:
    """Execute ``tree``'s notebook cell by cell, stopping at the first that raises.

    ``extra`` is the source of a code cell appended at the end, ``after_setup`` that
    of a code cell inserted right after the set-up cell.  Returns the notebook, the
    indices of its code cells, and the index of the cell that raised (None when Run
    All reached the end).
    """
    path = build.notebook_path(ROOT, tree, lesson)
    nb = nbformat.read(path, as_version=4)
    if after_setup:
        setup = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(after_setup))
    if extra:
        nb.cells.append(nbformat.v4.new_code_cell(extra))
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        kernel_manager_class=PromptKernelManager,  # nbclient's own client can stall a minute
        resources={"metadata": {"path": str(path.parent)}},
    )
    with client.setup_kernel():
        for i in code:
            try:
                client.execute_cell(nb.cells[i], i)
            except CellExecutionError:
                return nb, code, i
    return nb, code, None


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


def _result(cell) -> str | None:
    for o in cell.get("outputs", []):
        if o.output_type == "execute_result":
            return o["data"].get("text/plain")
    return None


@pytest.mark.parametrize("lesson", all_lessons())
def test_student_edition_runs_to_the_last_cell(lesson):
    nb, code, stopped = run_all("release", lesson)
    assert stopped is None, (
        f"Run All stops at cell {stopped} of {lesson}'s student edition "
        f"({code.index(stopped) + 1} of {len(code)} code cells):\n{nb.cells[stopped].source[:300]}"
    )
    stderr = [i for i in code if any(o.get("name") == "stderr" for o in nb.cells[i].outputs)]
    assert stderr == [], f"cells writing to stderr: {stderr}"
    for i in code:
        meta = nb.cells[i].metadata.get("nbgrader", {})
        if meta.get("grade") and meta["grade_id"].startswith("test_"):
            # An unfinished exercise: its visible test says so and earns nothing.
            assert _result(nb.cells[i]) == "0.0", (meta["grade_id"], _result(nb.cells[i]))
            assert "not implemented yet" in _text(nb.cells[i]), _text(nb.cells[i])


RECORD_FIGURES_CELL = """import matplotlib.pyplot
import autograder.kernel.figures

_figures_shown = []
_show_figures = matplotlib.pyplot.show


def _record_and_show(*args, **kwargs):
    for number in matplotlib.pyplot.get_fignums():
        figure = matplotlib.pyplot.figure(number)
        _figures_shown.append(autograder.kernel.figures._figure_data(figure))
    return _show_figures(*args, **kwargs)


matplotlib.pyplot.show = _record_and_show"""
"""Inserted after the answer key's set-up cell: what every plt.show() shows, as figure data."""

REPORT_CELL = """import json
import autograder.kernel.claims
print(json.dumps(
    {"claims": autograder.kernel.claims.recorded(), "figures": _figures_shown},
    default=lambda array: array.tolist(),
))"""
"""Appended to the answer key: the claims its code cells recorded, and the figures shown."""


def answer_key_report(
    lesson: str, tree: str = "solutions"
) -> tuple[nbformat.NotebookNode, list[int], int | None, dict]:
    """Run All on the answer key with the figure recorder; the notebook, its code cells,
    the cell that raised (or None) and the report (``{"claims": ..., "figures": ...}``)."""
    nb, code, stopped = run_all(tree, lesson, extra=REPORT_CELL, after_setup=RECORD_FIGURES_CELL)
    report = {}
    if stopped is None:
        report = json.loads(_text(nb.cells[-1]).strip().splitlines()[-1])
    return nb, code, stopped, report


@pytest.mark.parametrize("lesson", all_lessons())
def test_answer_key_runs_every_demonstration_at_full_marks(lesson):
    nb, code, stopped, report = answer_key_report(lesson)
    assert stopped is None, f"the answer key of {lesson} raises in cell {stopped}"
    skipped = [i for i in code if explain.SKIPPED in _text(nb.cells[i])]
    assert skipped == [], [_text(nb.cells[i]) for i in skipped]
    short = []
    for i in code:
        meta = nb.cells[i].metadata.get("nbgrader", {})
        if meta.get("grade"):
            got = _result(nb.cells[i])
            if got is None or float(got) != float(meta["points"]):
                short.append((meta["grade_id"], got, meta["points"]))
    assert short == [], f"graded cells below full points: {short}"

    # Every number the prose marks as a claim is what the notebook computes.
    values = report["claims"]
    written = [m for c in nb.cells if c.cell_type == "markdown" for m in claims.stated(c.source)]
    missing = sorted({name for name, _, _ in written} - set(values))
    assert missing == [], f"claims stated but never recorded by a code cell: {missing}"
    unstated = sorted(set(values) - {name for name, _, _ in written})
    assert unstated == [], f"claims recorded but stated nowhere: {unstated}"
    wrong = [
        f"{name}: the prose says {text}{'%' if pct else ''}, the notebook computes {values[name]!r}"
        for name, text, pct in written
        if not claims.agrees(text, values[name], pct)
    ]
    assert wrong == [], "\n".join(wrong)
    print(f"{lesson}: {len(written)} numbers of the prose checked")

    # Every figure the prose describes shows what the prose says (tests/test_figures.py).
    checked = test_figures.check_described(lesson, report["figures"])
    print(f"{lesson}: {checked} described figures checked")
