"""What Validate tells a student: the failing exercise and its verdict, not test source.

``nbgrader validate`` (the same Validator the lab's Validate button calls)
with the course's config, on the student edition of lesson 03 with the
answer key filled in and one bank bug planted.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest

from autograder.authoring import build
from autograder.lab.validation import failing_cell_title
from conftest import ROOT, answer_key, bank_bug, fill_solutions, run_nbgrader

pytestmark = pytest.mark.slow

LESSON = "03_gradient_checking"


def test_a_failing_cell_is_named_in_one_line():
    assert failing_cell_title('with ag.visible("relu", points=1) as check:\n    x = 1\n') == (
        "the visible test of relu"
    )
    assert failing_cell_title('suite = ag.Suite("relu", points=2)\n') == "the hidden tests of relu"
    assert failing_cell_title("a\nb\nc\nd\ne") == "a\nb\nc\n..."


def test_validate_names_the_exercise_and_prints_its_verdict(tmp_path):
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    nb = nbformat.read(build.notebook_path(ROOT, "release", LESSON), as_version=4)
    bug = bank_bug(LESSON, "relative_error", "absolute difference")
    fill_solutions(nb, {**answer_key(LESSON), **bug.replacements()})
    path = tmp_path / "work" / f"{LESSON}.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    done = run_nbgrader(tmp_path, "validate", str(path))
    out = done.stdout
    assert "VALIDATION FAILED ON 1 CELL(S)" in out, out[-3000:]
    assert "the visible test of relative_error" in out
    assert "Likely bug: an absolute difference" in out
    assert "ag.check_scalar(" not in out  # no test source
    assert "Partial credit" not in out
