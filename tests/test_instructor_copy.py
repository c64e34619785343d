"""A submission is put back into the instructor's shape before anything is decided."""

from __future__ import annotations

import builtins

import nbformat
import pytest

from autograder.authoring import build
from autograder.grading.cell_roles import exercise_names, top_level_bindings
from autograder.grading.instructor_copy import InstructorCopy
from conftest import ROOT, all_lessons, solution_cell

LESSON = "02_linear_gradients"


@pytest.fixture()
def instructor() -> nbformat.NotebookNode:
    return nbformat.read(build.notebook_path(ROOT, "release", LESSON), as_version=4)


def _ids(nb) -> list[str | None]:
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]


def _restored(instructor, submission) -> tuple[nbformat.NotebookNode, list[str]]:
    copy = InstructorCopy.from_notebook(instructor)
    notes = copy.restore(submission)
    return submission, notes


def test_an_untouched_submission_is_left_as_it_is(instructor):
    submission = nbformat.from_dict(instructor)
    restored, notes = _restored(instructor, submission)
    assert notes == []
    assert restored == instructor


def test_forged_flags_and_edited_locked_cells_are_put_back(instructor):
    submission = nbformat.from_dict(instructor)
    test = solution_cell(submission, "test_compute_gradients_batch")
    test.metadata.nbgrader.update(locked=False, points=100, grade=False)
    test.source = "0.0"
    setup = solution_cell(submission, "setup")
    setup.source += "\nimport os"
    solution_cell(submission, "compute_gradients_batch").source = "def mine(): pass"
    restored, notes = _restored(instructor, submission)
    original = solution_cell(instructor, "test_compute_gradients_batch")
    test = solution_cell(restored, "test_compute_gradients_batch")
    assert test.source == original.source
    assert test.metadata.nbgrader["locked"] is True and test.metadata.nbgrader["grade"] is True
    assert test.metadata.nbgrader["points"] == original.metadata.nbgrader["points"]
    assert solution_cell(restored, "setup").source == solution_cell(instructor, "setup").source
    assert solution_cell(restored, "compute_gradients_batch").source == "def mine(): pass"
    assert any("grade, locked, points changed" in n for n in notes), notes
    assert any("'setup' was edited" in n for n in notes), notes


def test_deleted_and_stripped_cells_come_back_and_the_students_cells_stay(instructor):
    submission = nbformat.from_dict(instructor)
    submission.cells.remove(solution_cell(submission, "figure-reader"))
    stripped = solution_cell(submission, "hidden_compute_gradients_single")
    del stripped.metadata["nbgrader"]
    stripped.source = "print('my own test')"
    mine = nbformat.v4.new_code_cell("helper = 1")
    submission.cells.insert(submission.cells.index(stripped), mine)
    restored, notes = _restored(instructor, submission)
    wanted = [i for i in _ids(instructor) if i]
    assert [i for i in _ids(restored) if i] == wanted
    sources = [c.source for c in restored.cells]
    assert "helper = 1" in sources and "print('my own test')" in sources
    # the student's cells stay after the instructor cell they followed
    after = sources.index("helper = 1")
    assert _ids(restored)[after - 1] == "test_compute_gradients_single"
    assert len({c.id for c in restored.cells}) == len(restored.cells)
    assert sorted(n for n in notes if "missing" in n) == [
        "'figure-reader' was missing: the instructor's cell was put back",
        "'hidden_compute_gradients_single' was missing: the instructor's cell was put back",
    ]


def test_a_deleted_solution_comes_back_as_its_stub(instructor):
    submission = nbformat.from_dict(instructor)
    submission.cells.remove(solution_cell(submission, "compute_gradients_batch"))
    restored, notes = _restored(instructor, submission)
    cell = solution_cell(restored, "compute_gradients_batch")
    assert "raise NotImplementedError()" in cell.source
    assert notes == ["'compute_gradients_batch' was missing: its stub was put back"]


def test_repeated_and_unknown_grade_ids_count_as_the_students(instructor):
    submission = nbformat.from_dict(instructor)
    fake = nbformat.from_dict(solution_cell(submission, "test_compute_gradients_batch"))
    fake.source, fake.id = "1.0", "fake"
    submission.cells.insert(0, fake)  # claims the test's grade_id, above everything
    other = nbformat.v4.new_code_cell("2.0")
    other.metadata["nbgrader"] = {"grade_id": "bonus_points", "grade": True, "points": 50}
    submission.cells.append(other)
    restored, notes = _restored(instructor, submission)
    grade_id = fake.metadata.nbgrader["grade_id"]
    assert _ids(restored).count(grade_id) == 1
    assert solution_cell(restored, grade_id).source != "1.0"
    assert "nbgrader" not in other.metadata
    assert any("unknown grade_id 'bonus_points'" in n for n in notes), notes
    assert any("cells were moved" in n for n in notes), notes
    assert [i for i in _ids(restored) if i] == [i for i in _ids(instructor) if i]


def test_a_cell_turned_into_markdown_is_code_again(instructor):
    submission = nbformat.from_dict(instructor)
    index = _ids(submission).index("hidden_compute_gradients_batch")
    cell = submission.cells[index]
    submission.cells[index] = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
    restored, notes = _restored(instructor, submission)
    assert solution_cell(restored, "hidden_compute_gradients_batch").cell_type == "code"
    assert any("markdown cell" in n for n in notes), notes


def test_restoring_twice_changes_nothing_more(instructor):
    submission = nbformat.from_dict(instructor)
    submission.cells.reverse()
    _, first = _restored(instructor, submission)
    assert first
    again = nbformat.from_dict(submission)
    _, second = _restored(instructor, again)
    assert second == [] and again == submission


def test_exercise_names_are_what_solution_cells_bind_and_nothing_given():
    assert top_level_bindings(
        "%matplotlib inline\nimport numpy as np\nx = 1\ndef f(a):\n    b = 2"
    ) == {
        "np",
        "x",
        "f",
    }
    names = exercise_names(
        ["def relu(Z):\n    return Z\nlist = []\nclass Value:\n    pass", "float = 2"],
        ["def helper():\n    pass"],
    )
    assert names == {"relu", "Value"}
    assert exercise_names(["def helper(): pass"], ["def helper(): pass"]) == frozenset()


@pytest.mark.parametrize("lesson", all_lessons())
def test_every_lessons_exercises_are_its_fixed_api(lesson):
    nb = nbformat.read(build.notebook_path(ROOT, "source", lesson), as_version=4)
    copy = InstructorCopy.from_notebook(nb)
    names = copy.exercise_names
    assert names and not names & set(dir(builtins))
    # every solution cell binds an exercise name (its function, class or method)
    unnamed = [
        c.grade_id for c in copy.cells if c.solution and not top_level_bindings(c.source) & names
    ]
    assert unnamed == [], (lesson, unnamed)
