"""The generated trees are what source/ makes today, and the student edition leaks nothing."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from autograder.authoring import build
from conftest import ROOT, all_lessons

DELIMITERS = build.DELIMITERS


def _read(tree: str, lesson: str) -> nbformat.NotebookNode:
    return nbformat.read(build.notebook_path(ROOT, tree, lesson), as_version=4)


def _split(source: str) -> tuple[list[str], list[str]]:
    """(stripped lines inside solution or hidden-test delimiters, lines outside them)."""
    inside, outside, secret = [], [], False
    for line in source.splitlines():
        mark = line.strip()
        if mark in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"):
            secret = True
        elif mark in ("### END SOLUTION", "### END HIDDEN TESTS"):
            secret = False
        else:
            (inside if secret else outside).append(mark)
    return inside, outside


def test_lessons_exist():
    assert all_lessons(), "source/ holds no lesson"


def test_release_and_solutions_are_in_sync():
    problems = build.drift(ROOT)
    assert not problems, "Run `make release` and commit:\n" + "\n".join(problems)


@pytest.mark.parametrize("lesson", all_lessons())
def test_source_has_no_outputs(lesson):
    nb = _read("source", lesson)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("lesson", all_lessons())
def test_student_edition_leaks_nothing(lesson):
    source, release = _read("source", lesson), _read("release", lesson)
    public, secret = set(), set()
    for cell in source.cells:
        inside, outside = _split(cell.source)
        secret.update(inside)
        public.update(outside)
    # A line is secret when it appears only inside the delimiters (and says something).
    secret = {line for line in secret if len(line) > 12 and not line.startswith("#")} - public
    assert secret, "a lesson with exercises has solution or hidden-test code"
    for cell in release.cells:
        text = cell.source
        for mark in DELIMITERS:
            assert mark not in text
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            leaked = [line.strip() for line in text.splitlines() if line.strip() in secret]
            assert not leaked, f"release/{lesson} shows secret lines: {leaked[:3]}"


@pytest.mark.parametrize("lesson", all_lessons())
def test_student_edition_keeps_every_graded_cell(lesson):
    def graded(nb):
        return {
            c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader.get("points")
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")
        }

    def stubs(nb):
        return [
            c.source
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
        ]

    source, release = _read("source", lesson), _read("release", lesson)
    assert graded(release) == graded(source)
    assert sum(graded(source).values()) > 0
    for stub in stubs(release):
        assert "# YOUR CODE HERE\n" in stub and "raise NotImplementedError()" in stub


@pytest.mark.parametrize("lesson", all_lessons())
def test_solution_notebook_is_source_without_delimiters(lesson):
    solution = _read("solutions", lesson)
    for cell in solution.cells:
        for mark in DELIMITERS:
            assert mark not in cell.source


def test_seeding_never_overwrites_student_work(tmp_path):
    course = tmp_path / "course"
    for tree in ("source", "release"):
        shutil.copytree(ROOT / tree, course / tree)
    first = build.seed_notebooks(course)
    assert len(first) >= len(all_lessons())
    lesson = all_lessons()[0]
    mine = course / "notebooks" / lesson / f"{lesson}.ipynb"
    mine.write_text("my work")
    assert build.seed_notebooks(course) == []
    assert mine.read_text() == "my work"
