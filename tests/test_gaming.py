"""Submissions that try to game the tests earn nothing for what they gamed.

Each attack replaces the solution cell of ``compute_gradients_batch`` (lesson
02) with code that returns a wrong answer and tries to make the tests pass
anyway.  The fast grader keeps the student's code and the tests in separate
processes, as grading does (tests/test_boundary.py attacks the real
two-kernel pipeline): an attack may earn no more than the same wrong answer
without its trick.
"""

from __future__ import annotations

import textwrap

import nbformat
import pytest

from autograder.authoring import bank, build, quickgrade
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
autograder.kernel.checks.check_array = lambda *args, **kwargs: None
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
    variants = [{TARGET: textwrap.dedent(code)} for code in [WRONG, *ATTACKS.values()]]
    wrong, *scores = quickgrade.score_variants(nb, variants)
    return dict(zip(ATTACKS, scores, strict=True)), wrong, _target_cells(nb)


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_earns_nothing_in_the_fast_grader(fast_scores, attack):
    scores, wrong, targets = fast_scores
    baseline = sum(s.score for s in wrong if s.grade_id in targets)
    assert baseline < 1.0, "the plain wrong answer loses almost everything"
    mine = [s for s in scores[attack] if s.grade_id in targets]
    assert mine, "the target function has graded cells"
    earned = sum(s.score for s in mine)
    assert earned <= baseline, f"{attack}: earned {earned}: " + "\n".join(s.output for s in mine)
