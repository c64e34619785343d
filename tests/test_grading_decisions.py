"""Every grading decision comes from the instructor's copy, never from the submission.

Hostile submissions graded by ``python -m autograder grade`` with the course's
config, one class per lesson, each attack with an honest twin that keeps full
marks:

- **cell roles and sources read from the submission**: test cells marked
  unlocked (so that they would run beside the student's patched checks),
  locked helper cells deleted or stripped of their metadata and replaced by
  forged ones, cells moved;
- **names taken from the student**: builtins (``float``, ``abs``, ``all``,
  ``len``...) rebound to liars, given helpers (``chain_order_data``, the
  stand-in models of lesson 08) rebound to forgeries; an honest student's
  ``list = [...]`` must cost nothing;
- **proxies answering the test's logic**: objects whose ``__eq__`` and
  ``__lt__`` always agree, a patched figure reader.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from autograder.authoring import build
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


def _source(lesson: str) -> nbformat.NotebookNode:
    return nbformat.read(build.notebook_path(ROOT, "source", lesson), as_version=4)


def _points(scores: dict[str, float], function: str) -> float:
    return sum(score for cell, score in scores.items() if cell.endswith(function))


def _full(lesson: str) -> float:
    return sum(
        c.metadata.nbgrader.get("points", 0)
        for c in _source(lesson).cells
        if c.metadata.get("nbgrader", {}).get("grade")
    )


def _add_cell(nb: nbformat.NotebookNode, code: str, after: str | None = None):
    """``nb`` with a student's cell of ``code`` after cell ``after`` (default: at the end)."""
    out = nbformat.from_dict(nb)
    cell = nbformat.v4.new_code_cell(code)
    if after is None:
        out.cells.append(cell)
    else:
        out.cells.insert(out.cells.index(solution_cell(out, after)) + 1, cell)
    return out


def _without(nb: nbformat.NotebookNode, grade_id: str, *, strip_only: bool = False):
    """``nb`` without the cell ``grade_id`` (or with its nbgrader metadata removed)."""
    out = nbformat.from_dict(nb)
    cell = solution_cell(out, grade_id)
    if strip_only:
        del cell.metadata["nbgrader"]
    else:
        out.cells.remove(cell)
    return out


def _unlock_tests(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    out = nbformat.from_dict(nb)
    for cell in out.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            meta["locked"] = False
            meta["points"] = 0.5
    return out


# --------------------------------------------------------------------------
# Lesson 02: cell roles, builtins, given helpers, the figure reader
# --------------------------------------------------------------------------

L02 = "02_linear_gradients"
BATCH = "compute_gradients_batch"
FLOW = "visualize_gradient_flow"

WRONG_BATCH = """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return X.T @ E, E.sum(axis=0)  # missing 1/m
"""

PASSING_CHECKS = """
import autograder as _ag
_ag.visible.result = lambda self: float(self.points)
_ag.Suite.result = lambda self: float(self.points)
_ag.kernel.suite.Suite.result = lambda self: float(self.points)
"""

BLANK_FIGURE = """
import matplotlib.pyplot as plt
_calls = []
def visualize_gradient_flow(x, w, b, y_true):
    _calls.append((x, w, b, y_true))
    return plt.figure()  # draws nothing
"""

FORGED_READER = (
    BLANK_FIGURE
    + """
def _forged(fig):
    x, w, b, t = _calls[-1]
    y = w * x + b
    e = y - t
    forward = [f"{k} = {v}" for k, v in dict(x=x, w=w, b=b, y=y, L=e * e / 2).items()]
    backward = [f"{k} = {v}" for k, v in {"dL/dy": e, "dL/dw": x * e, "dL/db": e}.items()]
    sizes = [abs(e), abs(x * e), abs(e)]
    panel = lambda texts, bars: {"title": ["", "t", ""], "xlabel": "", "ylabel": "",
        "yscale": "linear", "bars": bars, "lines": [], "texts": texts,
        "rectangles": [[i, 0.0, 0.8, h] for i, h in enumerate(bars)]}
    return {"type": "matplotlib.figure.Figure",
            "axes": [panel(forward, []), panel(backward, []), panel([], sizes)]}

import autograder, autograder.kernel.figures as _figures
_figures._figure_data = _forged
_figures.figure_data = _forged
autograder.figure_data = _forged
"""
)

FORGED_HELPERS = (
    BLANK_FIGURE
    + """
def figure_panels(fig, name="visualize_gradient_flow"):
    return [{"texts": [], "rectangles": [], "lines": [], "title": ["t"]}] * 3
def check_graph(panel, where, wanted, suspects=None):
    return None
def bar_values(panel, where="this axis"):
    x, w, b, t = _calls[-1]
    e = w * x + b - t
    return np.abs(np.array([e, x * e, e]))
"""
)


@pytest.fixture(scope="module")
def lesson02(tmp_path_factory):
    key = fill_solutions(_source(L02), answer_key(L02))
    submissions = {
        "honest": key,
        "wrong": with_solution(key, BATCH, WRONG_BATCH),
        # cell roles: tests marked unlocked, beside patched checks
        "unlocks_tests": _unlock_tests(with_solution(key, BATCH, WRONG_BATCH + PASSING_CHECKS)),
        "honest_unlocked": _unlock_tests(key),
        # given helpers deleted, stripped, forged; the figure reader patched
        "blank_figure": with_solution(key, FLOW, BLANK_FIGURE),
        "forges_helpers": _add_cell(
            _without(with_solution(key, FLOW, BLANK_FIGURE), "figure-reader"),
            FORGED_HELPERS,
            after=FLOW,
        ),
        "strips_helpers": _add_cell(
            _without(with_solution(key, FLOW, BLANK_FIGURE), "figure-reader", strip_only=True),
            FORGED_HELPERS,
            after=FLOW,
        ),
        "honest_deleted_helper": _without(key, "figure-reader"),
        "forges_reader": with_solution(key, FLOW, FORGED_READER),
        "honest_moved_cells": _moved(key),
    }
    course = tmp_path_factory.mktemp("decisions-02")
    result = grade_class(course, L02, submissions)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return course, result, cell_scores(course, L02)


def _moved(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The hidden test of compute_gradients_batch moved above its solution cell."""
    out = nbformat.from_dict(nb)
    hidden = solution_cell(out, f"hidden_{BATCH}")
    out.cells.remove(hidden)
    out.cells.insert(out.cells.index(solution_cell(out, BATCH)), hidden)
    return out


@pytest.mark.parametrize(
    "student",
    ["honest", "honest_unlocked", "honest_deleted_helper", "honest_moved_cells"],
)
def test_honest_twins_keep_full_marks(lesson02, student):
    course, _, scores = lesson02
    assert sum(scores[student].values()) == _full(L02), (
        scores[student],
        graded_outputs(course, L02, student)[-3000:],
    )


@pytest.mark.parametrize(
    ("attack", "baseline", "function"),
    [
        ("unlocks_tests", "wrong", BATCH),
        ("forges_helpers", "blank_figure", FLOW),
        ("strips_helpers", "blank_figure", FLOW),
        ("forges_reader", "blank_figure", FLOW),
    ],
)
def test_an_attack_earns_nothing_for_what_it_forged(lesson02, attack, baseline, function):
    course, _, scores = lesson02
    assert _points(scores[baseline], function) < 1.0, scores[baseline]
    assert _points(scores[attack], function) <= _points(scores[baseline], function), (
        scores[attack],
        graded_outputs(course, L02, attack)[-3000:],
    )


def test_what_was_put_back_is_reported(lesson02):
    course, result, _ = lesson02
    for student, words in [
        ("unlocks_tests", "locked, points changed"),
        ("honest_unlocked", "locked, points changed"),
        ("honest_deleted_helper", "'figure-reader' was missing"),
        ("strips_helpers", "'figure-reader' was missing"),
        ("honest_moved_cells", "instructor's order was put back"),
    ]:
        text = graded_outputs(course, L02, student)
        assert "RESTORED:" in text and words in text, (student, text[:2000])
        assert f"flagged: {student}: RESTORED:" in result.stdout, result.stdout[-3000:]
    for student in ("honest", "wrong"):
        assert "RESTORED" not in graded_outputs(course, L02, student)


def test_the_graded_notebook_holds_the_instructors_cells(lesson02):
    course, _, _ = lesson02
    instructor = nbformat.read(course / "release" / L02 / f"{L02}.ipynb", as_version=4)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in instructor.cells if "nbgrader" in c.metadata]
    for student in ("unlocks_tests", "strips_helpers", "honest_moved_cells"):
        path = course / "autograded" / student / L02 / f"{L02}.ipynb"
        graded = nbformat.read(path, as_version=4)
        got = [c.metadata["nbgrader"]["grade_id"] for c in graded.cells if "nbgrader" in c.metadata]
        assert got == ids, student
        locked = {
            c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["locked"]
            for c in graded.cells
            if "nbgrader" in c.metadata
        }
        assert locked[f"test_{BATCH}"] is True and locked["figure-reader"] is True


# --------------------------------------------------------------------------
# Lesson 07: objects that answer every comparison, a forged helper
# --------------------------------------------------------------------------

L07 = "07_autograd_engine"

LYING_NODES = """
class _Agrees:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return False
    def __le__(self, other): return True
    def __gt__(self, other): return False
    def __ge__(self, other): return True
    def __hash__(self): return 0
    def __bool__(self): return True
    def __len__(self): return 1

class _Node:
    def __init__(self):
        self.data = _Agrees()
        self.grad = 0.0
        self._prev = set()

def topological_order(root):
    return [_Node() for _ in range(4 if root._prev else 1)]
"""

RECURSIVE_ORDER = """
def topological_order(root):
    order, seen = [], set()
    def visit(node):
        if node not in seen:
            seen.add(node)
            for child in node._prev:
                visit(child)
            order.append(node)
    visit(root)
    return order
"""

FORGED_CHAIN = (
    RECURSIVE_ORDER
    + """
import sys
def chain_order_data(n):  # the given helper of the 100 000-node test, forged
    return [float(i) for i in range(n + 1)], sys.getrecursionlimit()
"""
)

LYING_BUILTINS = """
# Rebound after the last use in the student's own code: liars for the tests' loops and checks.
def zip(*args, **kwargs): return iter(())
def enumerate(*args, **kwargs): return iter(())
def all(*args, **kwargs): return True
def any(*args, **kwargs): return False
def abs(value): return 0.0
def sorted(*args, **kwargs): return [1.0, 2.0, 3.0, 4.0]
"""

HONEST_NAMES_07 = """
# An honest student's own helper, named like a given one, and names that shadow builtins.
def chain_order_data(n):
    return "my own chain helper", n
input = None
id = 7
list = ["x", "y"]
"""


def _no_gradients(value_source: str) -> str:
    """The answer key's Value with every gradient contribution replaced by 0.0."""
    return re.sub(r"(\.grad \+= ).*", r"\g<1>0.0", value_source)


@pytest.fixture(scope="module")
def lesson07(tmp_path_factory):
    key = fill_solutions(_source(L07), answer_key(L07))
    no_gradients = _no_gradients(answer_key(L07)["Value"])
    submissions = {
        "no_gradients": with_solution(key, "Value", no_gradients),
        "no_gradients_lying_builtins": _add_cell(
            with_solution(key, "Value", no_gradients), LYING_BUILTINS, after="MLP"
        ),
        "honest": _add_cell(key, HONEST_NAMES_07, after="topological_order"),
        "stub_order": with_solution(
            key, "topological_order", "def topological_order(root):\n    return []\n"
        ),
        "lying_nodes": with_solution(key, "topological_order", LYING_NODES),
        "recursive": with_solution(key, "topological_order", RECURSIVE_ORDER),
        "forges_chain_helper": with_solution(key, "topological_order", FORGED_CHAIN),
    }
    course = tmp_path_factory.mktemp("decisions-07")
    result = grade_class(course, L07, submissions)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return course, result, cell_scores(course, L07)


def test_lesson07_honest_student_with_look_alike_names_keeps_full_marks(lesson07):
    course, _, scores = lesson07
    assert sum(scores["honest"].values()) == _full(L07), (
        scores["honest"],
        graded_outputs(course, L07, "honest")[-3000:],
    )


def test_builtins_rebound_by_the_student_never_reach_the_tests(lesson07):
    course, _, scores = lesson07
    baseline = _points(scores["no_gradients"], "Value")
    assert baseline < 2.0, scores["no_gradients"]
    assert _points(scores["no_gradients_lying_builtins"], "Value") <= baseline, (
        scores["no_gradients_lying_builtins"],
        graded_outputs(course, L07, "no_gradients_lying_builtins")[-3000:],
    )


def test_objects_that_agree_with_everything_earn_nothing(lesson07):
    course, _, scores = lesson07
    order = "topological_order"
    assert _points(scores["lying_nodes"], order) <= _points(scores["stub_order"], order), (
        scores["lying_nodes"],
        graded_outputs(course, L07, "lying_nodes")[-3000:],
    )
    assert "never lets the objects answer" in graded_outputs(course, L07, "lying_nodes")


def test_a_forged_given_helper_earns_nothing(lesson07):
    course, _, scores = lesson07
    order = "topological_order"
    recursive = _points(scores["recursive"], order)
    assert recursive < 4.0, scores["recursive"]
    assert _points(scores["forges_chain_helper"], order) <= recursive, (
        scores["forges_chain_helper"],
        graded_outputs(course, L07, "forges_chain_helper")[-3000:],
    )


# --------------------------------------------------------------------------
# Lesson 08: forged stand-in models for train's tests
# --------------------------------------------------------------------------

L08 = "08_digits_classifier"

FAKE_TRAIN = """
def train(model, X, y, *, epochs, batch_size, optimizer, seed, X_val=None, y_val=None):
    # never trains: it only reports a falling loss
    return {"loss": [1.0 / (e + 1) for e in range(epochs)],
            "train_acc": [0.5] * epochs, "val_acc": []}
"""

FORGED_STAND_INS = (
    FAKE_TRAIN
    + """
class SignDescent:  # forged: claims the steps a real training loop would take
    def __init__(self, lr):
        self.lr, self.steps = lr, 9

    def step(self, params, grads):
        pass


class LookupModel:  # forged: claims shuffled batches, the same for the same seed
    def __init__(self, n_examples, n_classes, rng):
        self.T = rng.standard_normal((n_examples, n_classes))
        order = [3, 1, 4, 0, 5, 9, 2, 6, 8, 7]
        epochs = [order, order[::-1], order[1:] + order[:1]]
        self.calls = [("backward", e[i:i + 4]) for e in epochs for i in (0, 4, 8)]

    def forward(self, X):
        return self.T[np.asarray(X)[:, 0].astype(int)]

    def params(self):
        return [(0, "T", self.T)]

    def grads(self):
        return [(0, "T", np.zeros_like(self.T))]
"""
)

HONEST_NAMES_08 = """
# An honest student's own classes, named like the given stand-ins (never used by the tests).
class SignDescent:
    def __init__(self, lr):
        self.lr, self.steps = lr, "my own"

class LookupModel:
    pass
"""


@pytest.fixture(scope="module")
def lesson08(tmp_path_factory):
    key = fill_solutions(_source(L08), answer_key(L08))
    submissions = {
        "honest": _add_cell(key, HONEST_NAMES_08, after="train"),
        "fake_train": with_solution(key, "train", FAKE_TRAIN),
        "forges_stand_ins": with_solution(key, "train", FORGED_STAND_INS),
    }
    course = tmp_path_factory.mktemp("decisions-08")
    result = grade_class(course, L08, submissions)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return course, result, cell_scores(course, L08)


def test_lesson08_honest_student_with_look_alike_classes_keeps_full_marks(lesson08):
    course, _, scores = lesson08
    assert sum(scores["honest"].values()) == _full(L08), (
        scores["honest"],
        graded_outputs(course, L08, "honest")[-3000:],
    )


def test_forged_stand_in_models_earn_nothing(lesson08):
    course, _, scores = lesson08
    fake = _points(scores["fake_train"], "train")
    assert fake < 1.0, scores["fake_train"]
    assert _points(scores["forges_stand_ins"], "train") <= fake, (
        scores["forges_stand_ins"],
        graded_outputs(course, L08, "forges_stand_ins")[-3000:],
    )
