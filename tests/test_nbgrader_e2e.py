"""End to end with the real nbgrader CLI in a temporary course.

For each lesson: the reference solution gets full marks, the untouched
student edition scores 0, a buggy submission scores what the fast bank grader
says it scores, and a malformed submission is reported without stopping the
others.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

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
    buggy: dict[str, str]
    """The solution cells of the buggy submission (the lesson's first bug in the bank)."""


CONCURRENT = 2
"""Lessons graded at once: a grading run waits on its kernels much of the time (about 40%
of one core busy on a 2-core machine), so two runs at once take little longer than one."""


def _grade_lesson(lesson: str, course: Path) -> GradedCourse:
    """A temporary course of ``lesson`` with four submissions, graded by nbgrader's CLI."""
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
    return GradedCourse(lesson, graded.returncode, log, scores, first_bug.replacements())


@pytest.fixture(scope="module")
def graded_courses(tmp_path_factory) -> dict[str, GradedCourse]:
    """Every lesson graded, a few lessons at a time (each its own course and gradebook)."""
    lessons = all_lessons()
    courses = [tmp_path_factory.mktemp(f"course-{lesson}") for lesson in lessons]
    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        graded = list(pool.map(_grade_lesson, lessons, courses))
    return {g.lesson: g for g in graded}


@pytest.fixture(params=all_lessons())
def graded_course(request, graded_courses) -> GradedCourse:
    return graded_courses[request.param]


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
    source = nbformat.read(build.notebook_path(ROOT, "source", graded_course.lesson), as_version=4)
    expected, possible = quickgrade.total(
        quickgrade.score_variants(source, [graded_course.buggy], jobs=1)[0]
    )
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
