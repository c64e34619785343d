"""A class run through nbgrader's exchange, end to end, as on JupyterHub.

One instructor (the course folder) and two students, each a home folder of
their own with their own ``USER``, share a local exchange directory:

release_assignment -> fetch_assignment -> edit -> submit -> collect ->
autograde (the course's config: sandbox, two kernels) -> generate_feedback
-> release_feedback -> fetch_feedback.

Alice pastes in the answer key, Bob plants a bug. The gradebook gives Alice
full marks and Bob less, and the feedback each of them fetches shows their
results and none of the hidden tests.
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
from autograder.lab.course import path_with_venv
from conftest import ROOT, answer_key, bank_bug, fill_solutions, run_nbgrader

pytestmark = pytest.mark.slow

LESSON = "03_gradient_checking"
COURSE_ID = "backprop-from-scratch"
BUG = ("relative_error", "absolute difference")


def hidden_test_lines() -> list[str]:
    """Distinctive lines of the lesson's hidden tests."""
    source = nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)
    lines = []
    for cell in source.cells:
        if "### BEGIN HIDDEN TESTS" in cell.source:
            block = cell.source.split("### BEGIN HIDDEN TESTS", 1)[1]
            block = block.split("### END HIDDEN TESTS", 1)[0]
            lines += [line.strip() for line in block.splitlines() if "default_rng(" in line]
    return lines


def as_student(home: Path, exchange: Path, *args: str) -> subprocess.CompletedProcess:
    """An nbgrader command run by the student whose home is ``home``, in their home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "NBGRADER"))}
    env.update(HOME=str(home), USER=home.name, LOGNAME=home.name)
    env["PATH"] = path_with_venv(env.get("PATH", ""))
    # One login per student, as on JupyterHub: nbgrader names the student by the
    # OS login (this test runs as one user), so the login is passed explicitly.
    login = f"--CourseDirectory.student_id={home.name}"
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={exchange}", login],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, f"{done.args}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    base = tmp_path_factory.mktemp("exchange-class")
    course, exchange = base / "course", base / "exchange"
    course.mkdir()
    exchange.mkdir(mode=0o777)
    exchange.chmod(0o777)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source" / LESSON, course / "source" / LESSON)
    flag = f"--Exchange.root={exchange}"

    ok(run_nbgrader(course, "generate_assignment", LESSON, "--force"))
    ok(run_nbgrader(course, "release_assignment", LESSON, flag))

    answers = answer_key(LESSON)
    bug = bank_bug(LESSON, *BUG)
    work = {"alice": answers, "bob": {**answers, **bug.replacements()}}
    homes = {}
    for student, sources in work.items():
        home = base / student
        home.mkdir()
        ok(as_student(home, exchange, "fetch_assignment", LESSON, f"--course={COURSE_ID}"))
        path = home / LESSON / f"{LESSON}.ipynb"
        nbformat.write(fill_solutions(nbformat.read(path, as_version=4), sources), path)
        ok(as_student(home, exchange, "submit", LESSON, f"--course={COURSE_ID}"))
        homes[student] = home

    ok(run_nbgrader(course, "collect", LESSON, flag))
    graded = run_nbgrader(course, "autograde", LESSON)
    ok(run_nbgrader(course, "generate_feedback", LESSON))
    ok(run_nbgrader(course, "release_feedback", LESSON, flag))
    fetched = {}
    for student, home in homes.items():
        ok(as_student(home, exchange, "fetch_feedback", LESSON, f"--course={COURSE_ID}"))
        pages = sorted((home / LESSON / "feedback").rglob("*.html"))
        fetched[student] = pages[-1].read_text() if pages else ""

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {
            s: (
                gb.find_submission_notebook(LESSON, LESSON, s).score,
                gb.find_submission_notebook(LESSON, LESSON, s).max_score,
            )
            for s in work
        }
    return {"autograde": graded, "scores": scores, "feedback": fetched, "course": course}


def test_every_step_of_the_cycle_succeeds(cycle):
    ok(cycle["autograde"])
    for student in ("alice", "bob"):
        assert (cycle["course"] / "submitted" / student / LESSON / f"{LESSON}.ipynb").is_file()


def test_grades_from_the_exchange(cycle):
    score, max_score = cycle["scores"]["alice"]
    assert max_score > 0 and score == max_score
    bob, bob_max = cycle["scores"]["bob"]
    assert bob_max == max_score and 0 < bob < max_score


def test_fetched_feedback_shows_results_and_no_hidden_tests(cycle):
    hidden = hidden_test_lines()
    assert hidden
    for student, page in cycle["feedback"].items():
        assert page, f"{student} fetched no feedback"
        assert "relative_error" in page
        assert not [line for line in hidden if line in page], student
    assert "absolute difference" in cycle["feedback"]["bob"]
