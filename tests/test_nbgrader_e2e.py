"""End to end with the real nbgrader CLI in a temporary course.

For each lesson: the reference solution gets full marks, the untouched
student edition scores 0, a buggy submission scores what the fast bank grader
says it scores, and a malformed submission is reported without stopping the
others.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import nbformat
import pytest

from autograder.authoring import bank, build, quickgrade
from conftest import ROOT, all_lessons, run_nbgrader

pytestmark = pytest.mark.slow


def with_variant(nb: nbformat.NotebookNode, replacements: dict[str, str]) -> nbformat.NotebookNode:
    out = nbformat.from_dict(nb)
    for cell in out.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in replacements:
            cell.source = replacements[grade_id]
    return out


@dataclass
class GradedCourse:
    lesson: str
    returncode: int
    log: str
    scores: dict[str, tuple[float, float] | None]
    """student -> (score, max score) from the gradebook, None when not graded."""
    expected_buggy: tuple[float, float]
    """(score, max score) the fast bank grader gives the buggy submission."""


@pytest.fixture(scope="module", params=all_lessons())
def graded_course(request, tmp_path_factory):
    lesson = request.param
    course = tmp_path_factory.mktemp(f"course-{lesson}")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source" / lesson, course / "source" / lesson)
    generated = run_nbgrader(course, "generate_assignment", lesson, "--force")
    assert generated.returncode == 0, generated.stderr[-3000:]

    source = nbformat.read(build.notebook_path(ROOT, "source", lesson), as_version=4)
    release = nbformat.read(course / "release" / lesson / f"{lesson}.ipynb", as_version=4)
    first_bug = next(v for v in bank.load_variants(ROOT, lesson) if v.kind == "bug")
    submissions = {
        "reference": nbformat.writes(source),
        "untouched": nbformat.writes(release),
        "buggy": nbformat.writes(with_variant(source, first_bug.replacements())),
        "malformed": nbformat.writes(source)[:200],
    }
    for student, text in submissions.items():
        path = course / "submitted" / student / lesson / f"{lesson}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(text)

    graded = run_nbgrader(course, "autograde", lesson)
    log = graded.stdout + graded.stderr
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in submissions:
            try:
                sub = gb.find_submission_notebook(lesson, lesson, student)
            except Exception:
                scores[student] = None
                continue
            scores[student] = (sub.score, sub.max_score)
    expected_buggy = quickgrade.total(
        quickgrade.score_variants(source, [first_bug.replacements()], jobs=1)[0]
    )
    return GradedCourse(lesson, graded.returncode, log, scores, expected_buggy)


def test_reference_solution_gets_full_marks(graded_course):
    score, max_score = graded_course.scores["reference"]
    assert max_score > 0
    assert score == max_score, (
        f"{graded_course.lesson}: reference scored {score}/{max_score}\n"
        + graded_course.log[-3000:]
    )


def test_untouched_student_edition_scores_zero(graded_course):
    score, max_score = graded_course.scores["untouched"]
    assert max_score > 0
    assert score == 0, f"{graded_course.lesson}: stubs scored {score}\n" + graded_course.log[-3000:]


def test_buggy_submission_scores_as_the_fast_grader_says(graded_course):
    expected, possible = graded_course.expected_buggy
    score, max_score = graded_course.scores["buggy"]
    assert max_score == possible
    assert score < max_score
    assert score == pytest.approx(expected, abs=1e-6)


def test_malformed_submission_is_reported_and_others_graded(graded_course):
    assert graded_course.returncode == 1, "nbgrader should report the malformed submission"
    assert "malformed" in graded_course.log
    assert graded_course.scores["reference"] is not None
    assert graded_course.scores["untouched"] is not None
    malformed = graded_course.scores["malformed"]
    assert malformed is None or malformed[0] == 0
