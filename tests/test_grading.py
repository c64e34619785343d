"""``python -m autograder grade``: a class graded in parallel, safely, resumably."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import build
from conftest import ROOT, run_nbgrader

pytestmark = pytest.mark.slow

LESSON = "02_linear_gradients"


def _run(course: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", "grade", LESSON, *args],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )


def _scores(course: Path) -> dict[str, float]:
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute(
            """SELECT student.id, SUM(COALESCE(grade.auto_score, 0))
               FROM grade
               JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id
               JOIN submitted_assignment
                 ON submitted_notebook.assignment_id = submitted_assignment.id
               JOIN student ON submitted_assignment.student_id = student.id
               GROUP BY student.id"""
        ).fetchall()
    return dict(rows)


def _make_course(path: Path, students: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", path)
    shutil.copytree(ROOT / "source" / LESSON, path / "source" / LESSON)
    assert run_nbgrader(path, "generate_assignment", LESSON, "--force").returncode == 0
    for student, text in students.items():
        target = path / "submitted" / student / LESSON / f"{LESSON}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(text)
    return path


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    source = nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)
    release = nbformat.read(build.notebook_path(ROOT, "release", LESSON), as_version=4)
    killer = nbformat.from_dict(source)
    killer.cells.insert(2, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    writer = nbformat.from_dict(source)
    gradebook = "../../../gradebook.db"
    writer.cells.insert(
        2,
        nbformat.v4.new_code_cell(
            "import subprocess\nsubprocess.Popen(['sh', '-c', "
            f"'sleep 3; echo gone > {gradebook}'], start_new_session=True)"
        ),
    )
    students = {f"ok{i}": nbformat.writes(source) for i in range(3)}
    students |= {
        "stub": nbformat.writes(release),
        "malformed": nbformat.writes(source)[:300],
        "kills_kernel": nbformat.writes(killer),
        "writes_gradebook": nbformat.writes(writer),
    }
    path = _make_course(tmp_path_factory.mktemp("grade-course"), students)
    first = _run(path, "--jobs", "2")
    time.sleep(5)  # an escaped background writer would strike now
    return path, first


def test_everyone_is_processed_and_failures_listed(course):
    path, first = course
    assert first.returncode == 0, first.stdout + first.stderr
    assert "[7/7]" in first.stdout
    summary = first.stdout.split("graded in")[-1]
    assert "kills_kernel" in summary and "malformed" in summary
    scores = _scores(path)
    full = scores["ok0"]
    assert full > 0 and scores["ok1"] == scores["ok2"] == scores["writes_gradebook"] == full
    assert scores["stub"] == scores["malformed"] == scores["kills_kernel"] == 0


def test_feedback_and_csv_are_written_without_hidden_tests(course):
    path = course[0]
    html = (path / "feedback" / "ok0" / LESSON / f"{LESSON}.html").read_text()
    assert "BEGIN HIDDEN TESTS" not in html and "hidden tests: not shown" in html
    csv = (path / "grades.csv").read_text().splitlines()
    assert len(csv) == 1 + 7


def test_rerun_is_idempotent_and_force_regrades_one(course):
    path = course[0]
    before = _scores(path)
    again = _run(path)
    assert again.returncode == 0
    # Graded work is skipped; the two failed submissions are retried (and fail again).
    assert "2 submission(s)" in again.stdout and "5 already graded" in again.stdout
    one = _run(path, "--force", "--student", "ok1", "--jobs", "1")
    assert "1 submission(s)" in one.stdout and "ok1: " in one.stdout
    assert _scores(path) == before


def test_an_interrupted_run_loses_nothing_already_graded(tmp_path):
    source = nbformat.writes(nbformat.read(build.notebook_path(ROOT, "source", LESSON), 4))
    path = _make_course(tmp_path / "course", {f"s{i}": source for i in range(4)})
    proc = subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade", LESSON, "--jobs", "1"],
        cwd=path,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    for line in proc.stdout:
        if line.startswith("[1/4]"):
            break
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=120)
    graded = _scores(path)
    assert any(score > 0 for score in graded.values())
    resumed = _run(path, "--jobs", "2")
    assert resumed.returncode == 0 and "already graded" in resumed.stdout
    assert len(_scores(path)) == 4 and len(set(_scores(path).values())) == 1


def test_grading_refuses_without_the_sandbox(tmp_path):
    path = _make_course(tmp_path / "course", {})
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))
    refused = _run(path, env=env)
    assert refused.returncode == 2
    assert "apt-get install bubblewrap" in refused.stdout
