"""The students' copy of the course (``make student-bundle``): complete, and free of answers.

The bundle is built, then searched for anything a student must not get (a
``source/`` or ``solutions/`` file, the instructor's packages, nbgrader's
solution and hidden-test markers, any line of a hidden test, any answer-key
function body), then installed as a student would, from nothing but the
archive, into a fresh virtual environment, where every lesson's visible
tests run untouched (every exercise "not started", nothing crashes) and with
the answer key pasted in (every exercise "done").
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import bundle
from conftest import ROOT, all_lessons, answer_key, fill_solutions, leaks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return bundle.write_bundle(ROOT, tmp_path_factory.mktemp("dist"))


def read_archive(archive: Path) -> dict[str, bytes]:
    """The archive's files: path inside the bundle -> bytes."""
    with tarfile.open(archive) as tar:
        files = [m for m in tar.getmembers() if m.isfile()]
        return {m.name.split("/", 1)[1]: tar.extractfile(m).read() for m in files}


@pytest.fixture(scope="module")
def members(archive) -> dict[str, bytes]:
    return read_archive(archive)


def test_the_bundle_holds_what_a_student_needs(members):
    for lesson in all_lessons():
        assert f"release/{lesson}/{lesson}.ipynb" in members
    for name in ("README.md", "Makefile", "requirements.txt", "pyproject.toml"):
        assert name in members
    assert "autograder/kernel/checks.py" in members and "autograder/lab/selfcheck.py" in members
    assert members["requirements.txt"] == (ROOT / "requirements.txt").read_bytes()
    readme = members["README.md"].decode()
    assert "make install" in readme and "make lab" in readme


def test_no_instructor_file_is_in_the_bundle(members):
    forbidden = ("source/", "solutions/", "tests/", "autograder/grading/", "autograder/authoring/")
    leaked = [n for n in members if n.startswith(forbidden) or n == "gradebook.db"]
    assert leaked == []


def test_no_marker_hidden_test_or_answer_in_any_file(members):
    """Nothing leaks but what a later lesson gives of an earlier one on purpose."""
    given = {
        (f"release/{later}/{later}.ipynb", earlier)
        for later, earliers in bundle.GIVES_EARLIER_ANSWERS.items()
        for earlier in earliers
    }
    found = [
        (name, what) for name, what in leaks(members) if (name, what.partition(":")[0]) not in given
    ]
    assert found == []


def test_a_bundle_of_the_lessons_released_so_far_gives_no_answer(tmp_path):
    """Lesson 05 gives lesson 04's network: a bundle of lessons 01 to 04 holds no answer."""
    first = [lesson for lesson in all_lessons() if lesson < "05"]
    partial = read_archive(bundle.write_bundle(ROOT, tmp_path, only=first))
    assert not any(name.startswith("release/05") for name in partial)
    assert leaks(partial) == []
    full = read_archive(bundle.write_bundle(ROOT, tmp_path / "full"))
    given = {what for _, what in leaks(full)}
    earlier = {lesson for given_by in bundle.GIVES_EARLIER_ANSWERS.values() for lesson in given_by}
    assert given and all(what.split(":")[0] in earlier for what in given), given


def _run(cmd: list, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8"}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(archive, tmp_path_factory) -> Path:
    """The archive unpacked and installed as its README says, in a fresh virtual environment."""
    home = tmp_path_factory.mktemp("student")
    with tarfile.open(archive) as tar:
        tar.extractall(home, filter="data")
    course = home / bundle.NAME
    python = course / ".venv" / "bin" / "python"
    steps = [
        [sys.executable, "-m", "venv", ".venv"],
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "-r", "requirements.txt"],
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "."],
        [python, "-m", "autograder", "seed"],
    ]
    for step in steps:
        done = _run(step, course)
        assert done.returncode == 0, f"{step}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return course


def _check(course: Path) -> tuple[int, list[str]]:
    done = _run([course / ".venv" / "bin" / "python", "-m", "autograder", "check"], course)
    lines = [line.strip() for line in done.stdout.splitlines() if line.startswith("  ")]
    return done.returncode, lines


def test_untouched_lessons_run_and_nothing_is_started(installed):
    code, lines = _check(installed)
    assert code == 1
    assert len(lines) >= 26
    assert all(line.startswith("not started") for line in lines), lines


def test_the_answer_key_pasted_in_passes_every_visible_test(installed):
    for lesson in all_lessons():
        path = installed / "notebooks" / lesson / f"{lesson}.ipynb"
        nbformat.write(fill_solutions(nbformat.read(path, as_version=4), answer_key(lesson)), path)
    code, lines = _check(installed)
    assert code == 0, lines
    assert len(lines) >= 26 and all(line.startswith("done") for line in lines), lines
    # The Validate button's check, with the bundle's own nbgrader config.
    lesson = all_lessons()[0]
    nbgrader = installed / ".venv" / "bin" / "nbgrader"
    done = _run([nbgrader, "validate", f"notebooks/{lesson}/{lesson}.ipynb"], installed)
    assert "Success! Your notebook passes all the tests." in done.stdout, done.stderr[-2000:]
    assert "Exception while loading config" not in done.stderr, done.stderr[-2000:]


def test_instructor_tools_are_absent_and_say_so(installed):
    python = installed / ".venv" / "bin" / "python"
    done = _run([python, "-m", "autograder", "grade", all_lessons()[0]], installed)
    assert done.returncode != 0 and "no instructor tools" in done.stderr, done.stderr[-1000:]
    for module in ("autograder.grading", "autograder.authoring", "solutions"):
        probe = _run([python, "-c", f"import {module}"], installed)
        assert "ModuleNotFoundError" in probe.stderr, (module, probe.stderr[-500:])
