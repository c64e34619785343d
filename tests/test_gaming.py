"""Submissions that try to game the tests earn nothing for what they gamed.

Each attack replaces the solution cell of ``compute_gradients_batch`` (lesson
02) with code that returns a wrong answer and tries to make the tests pass
anyway.  It is graded twice: by the fast in-process grader, and in a real
Jupyter kernel (as ``nbgrader autograde`` runs it), scoring each graded cell
with nbgrader's own ``determine_grade``.
"""

from __future__ import annotations

import textwrap

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.utils import determine_grade

from autograder import bank, build, quickgrade
from conftest import ROOT

LESSON = "02_linear_gradients"
TARGET = "compute_gradients_batch"

WRONG = """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return X.T @ E, E.sum(axis=0)  # missing 1/m
"""

ATTACKS = {
    "an object equal to everything": """
class Liar:
    def __eq__(self, other):
        return True
    __ne__ = lambda self, other: False
    def __array__(self, dtype=None, copy=None):
        return np.zeros((1, 1))
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    return Liar(), Liar()
""",
    "numpy.allclose and numpy.testing patched": WRONG
    + """
np.allclose = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
np.array_equal = lambda *args, **kwargs: True
""",
    "the autograder's checks patched": WRONG
    + """
import autograder
autograder.check_array = lambda *args, **kwargs: None
autograder.checks.check_array = lambda *args, **kwargs: None
autograder.Suite.result = lambda self: float(self.points)
""",
    "exceptions silenced by a custom exception hook": WRONG
    + """
get_ipython().set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)
""",
    "exceptions silenced during the call": """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)
    np.allclose = lambda *args, **kwargs: True
    E = Y_pred - Y_true
    return X.T @ E, E.sum(axis=0)
""",
    "np rebound to a fake module": WRONG
    + """
import types
np = types.SimpleNamespace(**{k: getattr(__import__("numpy"), k) for k in dir(__import__("numpy"))})
np.allclose = lambda *args, **kwargs: True
""",
    "random inputs made all zero": WRONG
    + """
import numpy
_real = numpy.random.default_rng
numpy.random.default_rng = lambda seed=None: _real(0)
""",
    "a list instead of arrays": """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return (X.T @ E / len(X)).tolist(), list(E.mean(axis=0))
""",
}


def _source() -> nbformat.NotebookNode:
    return nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)


def _target_cells(nb) -> set[str]:
    return {gid for gid, fn in bank.graded_cells_of(nb).items() if fn == TARGET}


@pytest.fixture(scope="module")
def fast_scores():
    nb = _source()
    variants = [{TARGET: textwrap.dedent(code)} for code in ATTACKS.values()]
    scores = quickgrade.score_variants(nb, variants)
    return dict(zip(ATTACKS, scores, strict=True)), _target_cells(nb)


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_earns_nothing_in_the_fast_grader(fast_scores, attack):
    scores, targets = fast_scores
    mine = [s for s in scores[attack] if s.grade_id in targets]
    assert mine, "the target function has graded cells"
    earned = sum(s.score for s in mine)
    assert earned == 0, f"{attack}: earned {earned}: " + "\n".join(s.output for s in mine)


def _run_in_kernel(replacement: str) -> list[tuple[str, float, str]]:
    """Run the lesson in a real kernel as nbgrader does: (grade_id, score, text) per test cell."""
    nb = _source()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") == TARGET:
            cell.source = replacement
        elif cell.cell_type == "code":
            cell.source = build.strip_delimiters(cell.source)
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True).execute()
    out = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            score, _ = determine_grade(cell)
            text = "".join(o.get("text", "") + o.get("evalue", "") for o in cell.outputs)
            out.append((meta["grade_id"], score, text))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    "attack",
    [
        "exceptions silenced by a custom exception hook",
        "exceptions silenced during the call",
        "the autograder's checks patched",
    ],
)
def test_attack_earns_nothing_in_a_real_kernel(attack):
    targets = _target_cells(_source())
    results = _run_in_kernel(textwrap.dedent(ATTACKS[attack]))
    mine = [(gid, score, text) for gid, score, text in results if gid in targets]
    assert sum(score for _, score, _ in mine) == 0, mine
    assert any("TAMPERING" in text for _, _, text in mine), mine
    first = next(i for i, (gid, _, _) in enumerate(results) if gid in targets)
    later = [score for gid, score, _ in results[first:] if gid not in targets]
    assert later and sum(later) == 0, "every graded cell after the tampering earns nothing"


@pytest.mark.slow
def test_honest_work_in_a_real_kernel_keeps_full_marks():
    nb = _source()
    reference = next(
        c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == TARGET
    )
    results = _run_in_kernel(build.strip_delimiters(reference))
    assert results and all(score > 0 for _, score, _ in results), results
    assert not any("TAMPERING" in text for _, _, text in results)
