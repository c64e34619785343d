"""What one submission can cost the grader is bounded, and an honest twin pays nothing.

One class of lesson 02 graded by ``python -m autograder grade`` with a short
budget (``TwoKernelExecute.submission_timeout``), and one of lesson 03 for a
callback's arguments:

- many slow cells: the budget ends the student's cells; the tests above them
  keep their points, and the submission's grading ends soon after the budget;
- an output flood while a test calls the student's function: the call's
  deadline holds, that function's cells lose, the rest is graded;
- a cell that prints without end: its output is kept to a bounded size while
  it runs;
- writing into the kernel's socket folder: a tmpfs of 1 MiB, nothing on disk;
- an answer or a callback argument of hundreds of MiB: a clear error in that
  test, nothing else affected.
"""

from __future__ import annotations

import re
import time

import nbformat
import pytest

from autograder.authoring import build
from autograder.kernel import wire
from conftest import (
    ROOT,
    answer_key,
    cell_scores,
    fill_solutions,
    grade_class,
    graded_outputs,
    solution_cell,
    with_solution,
)

pytestmark = pytest.mark.slow

L02 = "02_linear_gradients"
SINGLE = "compute_gradients_single"
BUDGET_S = 45
CELL_TIMEOUT_S = 8
SLOW_CELLS = 20


def _key(lesson: str) -> nbformat.NotebookNode:
    source = nbformat.read(build.notebook_path(ROOT, "source", lesson), as_version=4)
    return fill_solutions(source, answer_key(lesson))


def _full(nb: nbformat.NotebookNode) -> float:
    return sum(c.metadata.nbgrader.get("points", 0) for c in nb.cells if "nbgrader" in c.metadata)


def _points(scores: dict[str, float], function: str) -> float:
    return sum(score for cell, score in scores.items() if cell.endswith(function))


def _with_cells(nb, codes: list[str], after: str | None = None) -> nbformat.NotebookNode:
    out = nbformat.from_dict(nb)
    at = len(out.cells) if after is None else out.cells.index(solution_cell(out, after)) + 1
    out.cells[at:at] = [nbformat.v4.new_code_cell(code) for code in codes]
    return out


SLEEP = "import time\ntime.sleep({s})"

FLOOD_IN_CALL = """
def compute_gradients_single(x, y_pred, y_true, w, b):
    while True:
        print("x" * 10_000)
"""

FLOOD_IN_CELL = """
for i in range(300_000):  # a debugging print left in a loop: about 12 MB
    print(i, "the loss is going down, I think")
"""

FILL_IPC = """
import json, os
import ipykernel.connect
with open(ipykernel.connect.get_connection_file()) as f:
    folder = os.path.dirname(json.load(f)["ip"])
written = 0
try:
    with open(os.path.join(folder, "filler"), "wb", buffering=0) as f:
        for _ in range(96):
            written += f.write(b"z" * (1 << 20))
except OSError as e:
    print("IPC FULL", type(e).__name__)
print("IPC WROTE", written)
"""

HUGE_ANSWER = """
def compute_gradients_single(x, y_pred, y_true, w, b):
    return np.zeros(6_000_000), 0.0  # 48 MB of float64
"""


@pytest.fixture(scope="module")
def costly(tmp_path_factory):
    key = _key(L02)
    submissions = {
        "honest": key,
        "honest_slow": _with_cells(key, [SLEEP.format(s=2)] * 3),
        "slow_cells_at_end": _with_cells(key, [SLEEP.format(s=CELL_TIMEOUT_S - 1)] * SLOW_CELLS),
        "slow_cells_early": _with_cells(
            key, [SLEEP.format(s=CELL_TIMEOUT_S - 1)] * SLOW_CELLS, after=f"hidden_{SINGLE}"
        ),
        "floods_in_call": with_solution(key, SINGLE, FLOOD_IN_CALL),
        "floods_in_cell": _with_cells(key, [FLOOD_IN_CELL], after=SINGLE),
        "fills_ipc": _with_cells(key, [FILL_IPC], after=SINGLE),
        "huge_answer": with_solution(key, SINGLE, HUGE_ANSWER),
    }
    course = tmp_path_factory.mktemp("costs-02")
    config = (
        f"c.TwoKernelExecute.submission_timeout = {BUDGET_S}\n"
        f"c.Execute.timeout = {CELL_TIMEOUT_S}\n"
    )
    started = time.perf_counter()
    result = grade_class(course, L02, submissions, config=config)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return course, result, cell_scores(course, L02), seconds, _full(key)


@pytest.mark.parametrize(
    "student", ["honest", "honest_slow", "slow_cells_at_end", "floods_in_cell", "fills_ipc"]
)
def test_honest_work_and_bounded_costs_keep_full_marks(costly, student):
    course, _, scores, _, full = costly
    assert sum(scores[student].values()) == full, (
        scores[student],
        graded_outputs(course, L02, student)[-3000:],
    )


def test_the_budget_ends_the_students_cells(costly):
    course, result, scores, seconds, full = costly
    print(f"graded 8 submissions with a {BUDGET_S} s budget in {seconds:.0f} s")
    for student in ("slow_cells_at_end", "slow_cells_early"):
        text = graded_outputs(course, L02, student)
        skipped = text.count(f"this submission used its whole time budget of {BUDGET_S} s")
        ran = SLOW_CELLS - skipped
        assert ran <= BUDGET_S // (CELL_TIMEOUT_S - 1) + 1, (student, ran)
    # Above the slow cells: graded; below them: the tests ran and say why they fail.
    early = scores["slow_cells_early"]
    assert _points(early, SINGLE) == 3.0
    assert sum(early.values()) < full
    assert "whole time budget" in graded_outputs(course, L02, "slow_cells_early")
    # Without the budget each of these two would grade for SLOW_CELLS * 7 = 140 s at least.
    for student in ("slow_cells_at_end", "slow_cells_early"):
        took = float(re.search(rf"\] {student}: .* \((\d+\.\d) s\)", result.stdout).group(1))
        assert took < BUDGET_S + 60 < SLOW_CELLS * (CELL_TIMEOUT_S - 1), (student, took)


def test_an_output_flood_in_a_call_costs_that_function_only(costly):
    course, _, scores, _, full = costly
    flood = scores["floods_in_call"]
    assert _points(flood, SINGLE) == 0.0
    assert sum(flood.values()) == full - 3.0, flood
    assert "TimeoutError" in graded_outputs(course, L02, "floods_in_call")


def test_a_cells_output_is_bounded_while_it_runs(costly):
    course = costly[0]
    path = course / "autograded" / "floods_in_cell" / L02 / f"{L02}.ipynb"
    assert path.stat().st_size < 4 * 1024 * 1024
    # The cell printed about 12 MB: at most 8 MiB is held while it runs (how much of it
    # arrives before the cell's reply depends on the machine), and 1 MiB is kept.
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "the loss is going down" in c.source)
    kept = sum(len(o.get("text", "")) for o in cell.outputs)
    assert 0 < kept < 1024 * 1024 + 4096, kept


def test_the_socket_folder_is_a_tiny_tmpfs(costly):
    course = costly[0]
    text = graded_outputs(course, L02, "fills_ipc")
    written = int(re.search(r"IPC WROTE (\d+)", text).group(1))
    assert written <= 1024 * 1024, text[-2000:]
    assert "IPC FULL" in text


def test_an_enormous_answer_is_a_clear_error_in_its_test(costly):
    course, _, scores, _, full = costly
    huge = scores["huge_answer"]
    assert _points(huge, SINGLE) == 0.0
    assert sum(huge.values()) == full - 3.0, huge
    limit = f"{wire.MAX_TEXT / 2**20:.0f} MiB one call may send"
    assert limit in graded_outputs(course, L02, "huge_answer")


L03 = "03_gradient_checking"

HUGE_CALLBACK = """
def numerical_gradient(f, x, h=1e-5):
    f(np.zeros(25_000_000))  # 200 MB sent to the grader's function
    return np.zeros_like(x)
"""


@pytest.fixture(scope="module")
def callback_class(tmp_path_factory):
    key = _key(L03)
    submissions = {
        "honest": key,
        "huge_callback": with_solution(key, "numerical_gradient", HUGE_CALLBACK),
    }
    course = tmp_path_factory.mktemp("costs-03")
    result = grade_class(course, L03, submissions)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return course, cell_scores(course, L03), _full(key)


def test_an_enormous_callback_argument_is_a_clear_error(callback_class):
    course, scores, full = callback_class
    assert sum(scores["honest"].values()) == full
    huge = scores["huge_callback"]
    assert _points(huge, "numerical_gradient") == 0.0
    assert _points(huge, "relative_error") == _points(scores["honest"], "relative_error")
    limit = f"{wire.MAX_TEXT / 2**20:.0f} MiB one call may send"
    assert limit in graded_outputs(course, L03, "huge_callback")
