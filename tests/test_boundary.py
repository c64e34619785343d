"""The process boundary: tests never share an interpreter with the student's code.

One class of lesson 02, graded by ``python -m autograder grade`` with the
course's config (sandbox, two kernels per submission).  Every attack replaces
the solution of ``compute_gradients_batch`` with a wrong answer (no 1/m) plus
a trick that worked when tests and student code shared a kernel: hooking
IPython's events, transformers, display hook or error handling, patching the
checks, rebinding the tests' helper names, reading the tests' frames or
source, reading the grader's environment, dying or looping inside a call,
sending malformed answers.  Each must earn nothing in that function's cells,
and its honest twins (a correct solution that defines helpers named like the
tests' helpers, and extra globals) keep full marks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import build
from conftest import ROOT, run_nbgrader, venv_env

pytestmark = pytest.mark.slow

LESSON = "02_linear_gradients"
TARGET = "compute_gradients_batch"
SECRET = "bfs-instructor-token-4242"
HIDDEN_MARK = "default_rng(20242)"  # a line of the hidden tests of TARGET

WRONG = """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return X.T @ E, E.sum(axis=0)  # missing 1/m
"""

CORRECT_WITH_TEST_NAMES = """
_rng_batch = "not a generator"
suite = factors = got = before = None
X, W = "a student's X", [1, 2, 3]


def _hidden_check_batch(m):  # the hidden tests have a helper of this name
    return 1.0 / m


def _hidden_batch_factors(E, X):
    return X.T @ E


def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = np.asarray(Y_pred, dtype=float) - Y_true
    scale = _hidden_check_batch(X.shape[0])
    return _hidden_batch_factors(E, X) * scale, E.sum(axis=0) * scale
"""

ATTACKS = {
    "event_hooks": WRONG
    + """
def _forget_errors(result):
    result.error_in_exec = None
    result.error_before_exec = None
ip = get_ipython()
ip.events.register("post_run_cell", _forget_errors)
ip.events.register("pre_run_cell", lambda info: None)
ip.events.register("post_execute", lambda: None)
""",
    "ast_transformer": WRONG
    + """
import ast
class _NoFailures(ast.NodeTransformer):
    def visit_Raise(self, node):
        return ast.Pass()
    def visit_Assert(self, node):
        return ast.Pass()
get_ipython().ast_transformers.append(_NoFailures())
""",
    "input_transformer": WRONG
    + """
get_ipython().input_transformers_post.append(lambda lines: ["3.0\\n"])
""",
    "display_hook": WRONG
    + """
import sys
ip = get_ipython()
ip.display_formatter.formatters["text/plain"].for_type(float, lambda v, p, c: p.text("3.0"))
sys.displayhook = lambda value: print(3.0)
ip.showtraceback = lambda *args, **kwargs: None
ip.set_custom_exc((BaseException,), lambda *args, **kwargs: None)
""",
    "patches_checks": WRONG
    + """
import autograder
autograder.check_array = lambda *args, **kwargs: None
autograder.kernel.checks.check_array = lambda *args, **kwargs: None
autograder.Suite.result = lambda self: float(self.points)
np.allclose = lambda *args, **kwargs: True
""",
    "rebinds_test_names": WRONG
    + """
_hidden_check_batch = lambda *args, **kwargs: None
_hidden_batch_factors = lambda *args, **kwargs: {}
suite = type("S", (), {"result": lambda self: 3.0})()
ag = None
""",
    "reads_frames": """
import sys

class Sneaky(np.ndarray):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        frame = sys._getframe(1)
        while frame is not None:
            for name in ("expected", "exp", "want"):
                if name in frame.f_locals:
                    return frame.f_locals[name]
            frame = frame.f_back
        return NotImplemented

def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return (X.T @ E).view(Sneaky), E.sum(axis=0).view(Sneaky)
""",
    "reads_test_source": """
import gc, inspect, linecache, sys

def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    needles = ("default_rng(" + "20242)", "BEGIN " + "HIDDEN", "_hidden_" + "check_batch")
    found = []
    for frame in inspect.stack():
        found += [line for line in (frame.code_context or []) if any(n in line for n in needles)]
    for name in list(linecache.cache):
        found += [line for line in linecache.getlines(name) if any(n in line for n in needles)]
    found += [o for o in gc.get_objects() if isinstance(o, str) and any(n in o for n in needles)]
    print("FOUND", found[:20])
    E = Y_pred - Y_true
    return X.T @ E, E.sum(axis=0)
""",
    "reads_environment": WRONG
    + """
import os
print("ENV", dict(os.environ))
""",
    "exits_in_call": """
import os
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    os._exit(3)
""",
    "loops_in_call": """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    while True:
        pass
""",
    "malformed_answers": """
from IPython.display import publish_display_data

def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    publish_display_data({"application/x-bfs-reply": '{"kind": "result", "value": {"t": "ref", '
                          '"owner": "grader", "id": 1}}'})
    input('{"kind": "result", "value": {"t": "float", "v": "nan"}}')
    input('A{"kind": "result", "value": {"t": "float", "v": "nan"}}')  # an answer of its own
    input('C{"kind": "callback", "id": 99, "args": {"t": "list", "v": []}}')
    nested = []
    for _ in range(200):
        nested = [nested]
    return nested, nested
""",
}


def _with_solution(nb: nbformat.NotebookNode, code: str) -> nbformat.NotebookNode:
    out = nbformat.from_dict(nb)
    for cell in out.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == TARGET:
            cell.source = code
    return out


def _cell_scores(course: Path) -> dict[str, dict[str, float]]:
    """student -> grade cell -> score, for every graded submission."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in gb.students:
            try:
                submission = gb.find_submission(LESSON, student.id)
            except MissingEntry:
                continue
            out[student.id] = {
                grade.name: float(grade.score) for nb in submission.notebooks for grade in nb.grades
            }
    return out


def _outputs(course: Path, student: str) -> str:
    path = course / "autograded" / student / LESSON / f"{LESSON}.ipynb"
    if not path.exists():
        return ""
    nb = nbformat.read(path, as_version=4)
    return "\n".join(
        str(output) for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs
    )


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("boundary-course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a") as config:
        config.write("\nc.Execute.timeout = 20\n")
    shutil.copytree(ROOT / "source" / LESSON, course / "source" / LESSON)
    assert run_nbgrader(course, "generate_assignment", LESSON, "--force").returncode == 0
    source = nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)
    submissions = {
        "wrong": _with_solution(source, WRONG),
        "honest": source,
        "honest_test_names": _with_solution(source, CORRECT_WITH_TEST_NAMES),
    }
    submissions.update({name: _with_solution(source, code) for name, code in ATTACKS.items()})
    for student, nb in submissions.items():
        path = course / "submitted" / student / LESSON / f"{LESSON}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    env = venv_env()
    env["BFS_INSTRUCTOR_TOKEN"] = SECRET
    result = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", LESSON, "--jobs", "2"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return course, result, _cell_scores(course)


def test_every_submission_is_graded_and_honest_twins_keep_full_marks(graded):
    course, result, scores = graded
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(result.stdout[-2500:])
    for student in ["wrong", "honest", "honest_test_names", *ATTACKS]:
        assert student in scores or student == "exits_in_call", student
    assert sum(scores["honest"].values()) == 10.0, scores["honest"]
    assert sum(scores["honest_test_names"].values()) == 10.0, (
        scores["honest_test_names"],
        _outputs(course, "honest_test_names")[-3000:],
    )


def _target_points(scores: dict[str, float]) -> float:
    return sum(score for cell, score in scores.items() if TARGET in cell)


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_earns_nothing_for_what_it_gamed(graded, attack):
    """No more than the same wrong answer without the trick (the missing 1/m keeps 0.3 of 4)."""
    course, _, scores = graded
    baseline = _target_points(scores["wrong"])
    assert baseline < 1.0, scores["wrong"]
    assert _target_points(scores.get(attack, {})) <= baseline, (
        scores.get(attack),
        _outputs(course, attack)[-3000:],
    )


@pytest.mark.parametrize(
    "attack",
    ["event_hooks", "ast_transformer", "input_transformer", "display_hook", "patches_checks"],
)
def test_hooks_and_patches_are_flagged(graded, attack):
    course, result, _ = graded
    assert f"flagged: {attack}: FLAGGED:" in result.stdout, result.stdout[-3000:]
    assert "FLAGGED:" in _outputs(course, attack)


def test_honest_work_is_not_flagged(graded):
    course, result, _ = graded
    for student in ("wrong", "honest", "honest_test_names"):
        assert f"flagged: {student}:" not in result.stdout
        assert "FLAGGED" not in _outputs(course, student)


def test_a_loop_in_a_call_fails_that_function_only(graded):
    course, _, scores = graded
    looped = scores["loops_in_call"]
    others = {cell: score for cell, score in looped.items() if TARGET not in cell}
    assert sum(others.values()) == 6.0, (looped, _outputs(course, "loops_in_call")[-2000:])
    assert "TimeoutError" in _outputs(course, "loops_in_call")


def test_the_student_side_never_sees_tests_or_secrets(graded):
    course, _, _ = graded
    for student in ["reads_test_source", "reads_environment", *ATTACKS]:
        text = _outputs(course, student)
        assert HIDDEN_MARK not in text, student
        assert "_hidden_check_batch(" not in text, student
        assert SECRET not in text, student
    assert "FOUND []" in _outputs(course, "reads_test_source")
    feedback = course / "feedback" / "reads_test_source" / LESSON / f"{LESSON}.html"
    assert HIDDEN_MARK not in feedback.read_text()


def test_the_grader_environment_reaches_no_kernel(graded):
    course, _, _ = graded
    text = _outputs(course, "reads_environment")
    assert "ENV" in text and SECRET not in text
    assert os.environ.get("BFS_INSTRUCTOR_TOKEN") is None  # only the grading run had it


def _broken_course(path: Path) -> Path:
    """A course whose set-up cell cannot import in any kernel (a broken environment)."""
    path.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", path)
    shutil.copytree(ROOT / "source" / LESSON, path / "source" / LESSON)
    notebook = path / "source" / LESSON / f"{LESSON}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    setup = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    setup.source += "\nimport a_module_this_environment_lacks"
    nbformat.write(nb, notebook)
    assert run_nbgrader(path, "generate_assignment", LESSON, "--force").returncode == 0
    target = path / "submitted" / "honest" / LESSON / f"{LESSON}.ipynb"
    target.parent.mkdir(parents=True)
    shutil.copy(notebook, target)
    return path


def test_a_broken_environment_records_no_grade(tmp_path):
    course = _broken_course(tmp_path / "course")
    result = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", LESSON, "--jobs", "1"],
        cwd=course,
        env=venv_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "stopped before grading anyone" in result.stdout
    assert "a_module_this_environment_lacks" in result.stdout
    assert _cell_scores(course) == {}

    plain = run_nbgrader(course, "autograde", LESSON)
    assert plain.returncode == 1
    assert "GradingEnvironmentError" in plain.stdout + plain.stderr
    assert not (course / "autograded" / "honest" / LESSON).exists()
