"""The student's self-check, ``python -m autograder check LESSON``, end to end.

Each test runs the real command (one Jupyter kernel) in a copy of the course
whose ``notebooks/`` holds one version of a lesson: the untouched student
edition, the student edition with the answer key's code in every solution
cell, and the same with one function replaced by a bug of the bank.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import bank, build
from conftest import ROOT, venv_env

LESSON = "03_gradient_checking"
BUG = ("relative_error", "absolute difference")
"""A bug of the bank that the visible test of its function names."""

LINE = re.compile(r"^  (done|failing|not started) +(\w+)(?:: (.*))?$")


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def solution_ids(nb) -> list[str]:
    return [grade_id(c) for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution", False)]


def student_edition() -> nbformat.NotebookNode:
    return nbformat.read(build.notebook_path(ROOT, "release", LESSON), as_version=4)


def with_code(nb, code: dict[str, str]) -> nbformat.NotebookNode:
    """``nb`` with the source of the solution cells named in ``code`` replaced."""
    replaced = set()
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id(cell) in code:
            cell.source = code[grade_id(cell)]
            replaced.add(grade_id(cell))
    assert replaced == set(code), f"no solution cell for {set(code) - replaced}"
    return nb


def answer_key() -> dict[str, str]:
    key = nbformat.read(build.notebook_path(ROOT, "solutions", LESSON), as_version=4)
    ids = solution_ids(key)
    return {grade_id(c): c.source for c in key.cells if grade_id(c) in ids}


def course_with(tmp_path: Path, nb: nbformat.NotebookNode | None) -> Path:
    """A course root in ``tmp_path``, its notebooks/ seeded from release/, then ``nb`` written."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    shutil.copytree(ROOT / "release" / LESSON, tmp_path / "release" / LESSON)
    notebook = build.notebook_path(tmp_path, "notebooks", LESSON)
    notebook.parent.mkdir(parents=True)
    shutil.copyfile(build.notebook_path(tmp_path, "release", LESSON), notebook)
    if nb is not None:
        nbformat.write(nb, notebook)
    return tmp_path


def check(course: Path) -> tuple[int, dict[str, tuple[str, str]], str]:
    """Run the self-check in ``course``: (exit code, {exercise: (status, hint)}, stdout).

    Also asserts that the run left the notebook exactly as it was.
    """
    notebook = build.notebook_path(course, "notebooks", LESSON)
    before = notebook.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "check", LESSON],
        cwd=course,
        env=venv_env(),
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard only
    )
    assert notebook.read_bytes() == before, "the self-check changed the student's notebook"
    lines = proc.stdout.splitlines()
    assert lines and lines[0] == LESSON, proc.stdout + proc.stderr
    outcomes = {}
    for line in lines[1:-1]:
        match = LINE.match(line)
        assert match, f"unexpected line {line!r} in\n{proc.stdout}"
        outcomes[match[2]] = (match[1], match[3] or "")
    return proc.returncode, outcomes, proc.stdout


@pytest.fixture(scope="module")
def exercises() -> list[str]:
    names = solution_ids(student_edition())
    assert len(names) >= 2
    return names


def test_untouched_student_edition_is_not_started(tmp_path, exercises):
    code, outcomes, out = check(course_with(tmp_path, None))
    assert code == 1, out
    assert list(outcomes) == exercises
    assert all(status == "not started" for status, _ in outcomes.values()), out
    assert out.splitlines()[-1].startswith(f"0/{len(exercises)} exercises done;")


def test_answer_key_code_is_done(tmp_path, exercises):
    nb = with_code(student_edition(), answer_key())
    code, outcomes, out = check(course_with(tmp_path, nb))
    assert code == 0, out
    assert outcomes == {name: ("done", "") for name in exercises}
    assert out.splitlines()[-1] == f"{len(exercises)}/{len(exercises)} exercises done."


def test_a_bank_bug_is_failing_with_a_hint_that_names_it(tmp_path, exercises):
    function, label = BUG
    (variant,) = [
        v
        for v in bank.load_variants(ROOT, LESSON)
        if (v.function, v.label, v.kind) == (function, label, "bug")
    ]
    assert variant.names and not variant.extra
    nb = with_code(student_edition(), {**answer_key(), **variant.replacements()})
    code, outcomes, out = check(course_with(tmp_path, nb))
    assert code == 1, out
    assert list(outcomes) == exercises
    status, hint = outcomes[function]
    assert status == "failing", out
    assert any(name.lower() in hint.lower() for name in variant.names), hint
    others = {name: outcome for name, outcome in outcomes.items() if name != function}
    assert others == {name: ("done", "") for name in exercises if name != function}, out
