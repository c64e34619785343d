"""The instructor's grading loop on a messy class: no stale grade, every failure explained.

A course of lesson 04 that nobody has run ``nbgrader generate_assignment`` in
(``grade`` registers it), a class whose expected grades are worked out first
(the bank's own grader for a buggy submission, the points of the deleted
exercise for a deleted one), graded by ``python -m autograder grade``, then:

- graded again: nothing is regraded;
- a submission replaced by a file with an *older* time (``cp -p``): regraded;
- a hidden test changed in ``source/``: grading refuses to use the old one,
  ``--update-tests`` applies it and regrades everyone, with the expected loss;
- a late submission under a "zero" late policy: the console says what
  ``grades.csv`` says;
- ``nbgrader release_feedback`` with hand-placed submissions: works, and says
  which students' feedback is handed out by hand.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import build, quickgrade
from conftest import (
    ROOT,
    answer_key,
    bank_bug,
    cell_scores,
    fill_solutions,
    graded_outputs,
    mathjax_loaders,
    run_nbgrader,
    solution_cell,
    venv_env,
)

pytestmark = pytest.mark.slow

LESSON = "04_two_layer_mlp"
OTHER = "03_gradient_checking"
DELETED = "binary_cross_entropy"


def _source(lesson: str = LESSON) -> nbformat.NotebookNode:
    return nbformat.read(build.notebook_path(ROOT, "source", lesson), as_version=4)


def _points(nb: nbformat.NotebookNode, function: str | None = None) -> float:
    return sum(
        c.metadata.nbgrader.get("points", 0)
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade")
        and (function is None or c.metadata.nbgrader["grade_id"].endswith(function))
    )


def _without_exercise(nb: nbformat.NotebookNode, function: str) -> nbformat.NotebookNode:
    out = nbformat.from_dict(nb)
    ids = {function, f"test_{function}", f"hidden_{function}"}
    out.cells = [c for c in out.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in ids]
    return out


def _without(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    out = nbformat.from_dict(nb)
    out.cells.remove(solution_cell(out, grade_id))
    return out


def _renamed_grade_id(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    out = nbformat.from_dict(nb)
    solution_cell(out, "hidden_relu").metadata.nbgrader["grade_id"] = "my_relu_tests"
    return out


def _grade(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", "grade", LESSON, "--jobs", "2", *args],
        cwd=course,
        env=venv_env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )


def _report(course: Path) -> dict[str, dict[str, str]]:
    with (course / "grading-report.csv").open(newline="") as file:
        return {row["student"]: row for row in csv.DictReader(file) if row["lesson"] == LESSON}


def _totals(course: Path) -> dict[str, float]:
    return {student: sum(cells.values()) for student, cells in cell_scores(course, LESSON).items()}


def _write(course: Path, student: str, name: str, data: bytes | nbformat.NotebookNode) -> Path:
    path = course / "submitted" / student / LESSON / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        nbformat.write(data, path)
    return path


@pytest.fixture(scope="module")
def messy_class(tmp_path_factory):
    key = fill_solutions(_source(), answer_key(LESSON))
    bug = bank_bug(LESSON, "relu_derivative", "1 at the kink (Z >= 0)")
    buggy = fill_solutions(nbformat.from_dict(key), bug.replacements())
    full = _points(key)
    [bug_scores] = quickgrade.score_variants(_source(), [bug.replacements()], jobs=1)
    expected = {
        "key": full,
        "bug": sum(s.score for s in bug_scores),
        "deleted_exercise": full - _points(key, DELETED),
        "deleted_setup": full,
        "renamed_grade_id": full,
        "copy_beside": full,
        "late": 0.0,  # the late policy below is "zero"
    }
    assert expected["bug"] < full
    course = tmp_path_factory.mktemp("messy-04")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a") as config:
        config.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    shutil.copytree(ROOT / "source" / LESSON, course / "source" / LESSON)
    shutil.copytree(ROOT / "source" / OTHER, course / "source" / OTHER)

    _write(course, "key", f"{LESSON}.ipynb", key)
    _write(course, "bug", f"{LESSON}.ipynb", buggy)
    _write(course, "deleted_exercise", f"{LESSON}.ipynb", _without_exercise(key, DELETED))
    _write(course, "deleted_setup", f"{LESSON}.ipynb", _without(key, "setup"))
    _write(course, "renamed_grade_id", f"{LESSON}.ipynb", _renamed_grade_id(key))
    _write(course, "copy_beside", f"{LESSON}.ipynb", key)
    _write(course, "copy_beside", f"{LESSON}-Copy1.ipynb", buggy)
    _write(course, "empty", f"{LESSON}.ipynb", b"")
    _write(course, "not_json", f"{LESSON}.ipynb", b'{"cells": [')
    _write(course, "wrong_lesson", f"{LESSON}.ipynb", _source(OTHER))
    _write(course, "renamed", f"{LESSON}-Copy1.ipynb", key)
    late = _write(course, "late", f"{LESSON}.ipynb", key)
    (late.parent / "timestamp.txt").write_text("2026-12-09 12:00:00.000000 UTC")
    # A due date, as the README says to set one; the lesson itself is registered by grade.
    due = run_nbgrader(course, "db", "assignment", "add", LESSON, "--duedate=2026-12-08 12:00 UTC")
    assert due.returncode == 0, due.stdout + due.stderr
    first = _grade(course)
    return course, first, expected, buggy, key


def test_a_lesson_nobody_generated_is_registered_and_graded(messy_class):
    _course, first, *_ = messy_class
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert f"registering {LESSON} in the gradebook from source/" in first.stdout


def test_every_grade_is_the_expected_one(messy_class):
    course, _first, expected, *_ = messy_class
    totals = _totals(course)
    for student, points in expected.items():
        if student == "late":
            continue
        assert totals[student] == pytest.approx(points, abs=1e-4), (
            student,
            cell_scores(course, LESSON)[student],
            graded_outputs(course, LESSON, student)[-2000:],
        )


@pytest.mark.parametrize(
    ("student", "cause"),
    [
        ("empty", "is empty"),
        ("not_json", "not valid JSON"),
        ("wrong_lesson", f"holds the notebook of {OTHER}"),
        ("renamed", f"the folder holds {LESSON}-Copy1.ipynb: was it renamed?"),
    ],
)
def test_a_failed_submission_says_why(messy_class, student, cause):
    course, first, *_ = messy_class
    assert f"{student}: 0/24 FAILED" in first.stdout and cause in first.stdout, first.stdout
    assert _report(course)[student]["status"] == "FAILED"
    assert cause in _report(course)[student]["cause"]


def test_work_beside_the_graded_notebook_is_pointed_out(messy_class):
    course, first, *_ = messy_class
    assert f"copy_beside: the folder also holds {LESSON}-Copy1.ipynb" in first.stdout
    assert f"{LESSON}-Copy1.ipynb" in _report(course)["copy_beside"]["notes"]


def test_restored_cells_are_reported(messy_class):
    course, _first, *_ = messy_class
    for student, words in [
        ("deleted_setup", "'setup' was missing"),
        ("deleted_exercise", f"'{DELETED}' was missing: its stub was put back"),
        ("renamed_grade_id", "unknown grade_id 'my_relu_tests'"),
    ]:
        assert words in _report(course)[student]["notes"], _report(course)[student]


def test_the_console_applies_the_late_policy_as_grades_csv_does(messy_class):
    course, first, *_ = messy_class
    with (course / "grades.csv").open(newline="") as file:
        rows = {r["student_id"]: r for r in csv.DictReader(file) if r["assignment"] == LESSON}
    assert float(rows["late"]["score"]) == 0.0 and float(rows["late"]["raw_score"]) == 24.0
    assert "late: 0/24 (late: -24) ok" in first.stdout, first.stdout


def test_a_rerun_regrades_nothing(messy_class):
    course, *_ = messy_class
    again = _grade(course)
    assert again.returncode == 0
    assert "grading 04_two_layer_mlp: 4 submission(s)" in again.stdout, again.stdout  # the failed
    assert "7 already graded" in again.stdout


def test_a_resubmission_with_an_older_file_time_is_regraded(messy_class):
    course, _, expected, _buggy, key = messy_class
    path = course / "submitted" / "bug" / LESSON / f"{LESSON}.ipynb"
    before = _totals(course)["bug"]
    assert before == pytest.approx(expected["bug"], abs=1e-4)
    graded = course / "autograded" / "bug" / LESSON / f"{LESSON}.ipynb"
    nbformat.write(key, path)
    old = graded.stat().st_mtime - 3600
    os.utime(path, (old, old))  # as `cp -p` or `unzip` leave it
    again = _grade(course, "--student", "bug")
    assert "grading 04_two_layer_mlp: 1 submission(s)" in again.stdout, again.stdout
    assert _totals(course)["bug"] == expected["key"]


def test_a_changed_hidden_test_is_never_silently_ignored(messy_class):
    course, _, _expected, *_ = messy_class
    notebook = course / "source" / LESSON / f"{LESSON}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    hidden = solution_cell(nb, "hidden_relu")
    added = "a case added after grading"
    hidden.source = hidden.source.replace(
        "### END HIDDEN TESTS",
        f'with suite.case("{added}"):\n'
        "    ag.check_array('relu([-1, 2])', relu(np.array([-1.0, 2.0])), [0.0, 2.0])\n"
        "### END HIDDEN TESTS",
    )
    nbformat.write(nb, notebook)
    totals = _totals(course)
    refused = _grade(course)
    assert refused.returncode == 2
    assert "are not the ones in source/" in refused.stdout and "hidden_relu" in refused.stdout
    assert "--update-tests" in refused.stdout
    assert added not in graded_outputs(course, LESSON, "key")

    applied = _grade(course, "--update-tests")
    assert applied.returncode == 0, applied.stdout[-3000:] + applied.stderr[-3000:]
    assert f"grading {LESSON}: 11 submission(s)" in applied.stdout
    for student in ("key", "deleted_exercise", "renamed_grade_id"):
        assert f"✓ {added}" in graded_outputs(course, LESSON, student), student
    assert _totals(course) == totals  # everyone passes the new case
    steady = _grade(course)
    assert steady.returncode == 0 and "7 already graded" in steady.stdout, steady.stdout


def test_feedback_release_works_for_hand_placed_submissions(messy_class):
    course, *_ = messy_class
    (course / "exchange").mkdir(exist_ok=True)
    released = run_nbgrader(course, "release_feedback", LESSON)
    assert released.returncode == 0, released.stdout + released.stderr
    text = released.stdout + released.stderr
    assert "not collected through the exchange" in text and "feedback/key/" in text


def test_feedback_pages_read_offline_with_their_math(messy_class):
    course, *_ = messy_class
    from bs4 import BeautifulSoup

    page = (course / "feedback" / "key" / LESSON / f"{LESSON}.html").read_text()
    soup = BeautifulSoup(page, "html.parser")
    prose = "".join(cell.get_text() for cell in soup.select(".text_cell_render"))
    assert soup.select(".text_cell_render math") and "$\\sigma" not in prose
    assert mathjax_loaders(page) == []
    assert "cdnjs" not in page
