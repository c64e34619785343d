"""The instructor's cells of a lesson, and a submission put back into their shape.

A submission is the student's file: every cell, its metadata (``locked``,
``points``, ``grade_id``, the cell type) and the order of the cells can be
edited, and locked helper cells can be deleted or stripped of their
metadata.  nbgrader's own ``OverwriteCells`` restores the source of locked
cells that still carry their ``grade_id``, and ``add_missing_cells`` adds back
deleted *grade* cells only.  Grading here decides nothing from the
submission's metadata:

- :class:`InstructorCopy` holds the instructor's cells of one notebook, read
  from the gradebook (what ``nbgrader generate_assignment`` recorded: each
  cell's type, flags, points and source) in the order of the instructor's
  notebook in ``source/``;
- :meth:`InstructorCopy.restore` makes a submission look as the instructor
  wrote it: every instructor cell is there once, in the instructor's order,
  with the instructor's metadata, and with the instructor's source unless it
  is a solution; a deleted cell is put back (a solution as its stub); the
  student's own cells stay after the instructor cell they followed; a cell
  that claims an unknown or repeated ``grade_id`` loses its nbgrader metadata
  and counts as the student's.  What it changed is returned, to be reported.

:class:`RestoreInstructorCells` runs this as the first of nbgrader's
sanitising steps, so nbgrader's own checks and every later step see the
instructor's cells, and :class:`autograder.grading.twokernel.TwoKernelExecute`
takes each cell's role from the same copy.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor

from .cell_roles import Role, exercise_names, role_of

NOTES_KEY = "autograder"
"""Notebook metadata key under which the sanitising step leaves its notes for grading."""


@dataclass(frozen=True)
class InstructorCell:
    grade_id: str
    cell_type: str
    source: str
    locked: bool
    grade: bool
    solution: bool
    task: bool
    points: float | None
    checksum: str | None

    @property
    def role(self) -> Role:
        return role_of(
            cell_type=self.cell_type, locked=self.locked, grade=self.grade, solution=self.solution
        )

    @property
    def keeps_student_source(self) -> bool:
        """Only a solution cell keeps what the student wrote."""
        return self.solution

    def nbgrader_metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "grade": self.grade,
            "grade_id": self.grade_id,
            "locked": self.locked,
            "schema_version": 3,
            "solution": self.solution,
            "task": self.task,
        }
        if self.points is not None:
            meta["points"] = self.points
        if self.checksum:
            meta["checksum"] = self.checksum
            meta["cell_type"] = self.cell_type
        return meta

    def new_cell(self) -> nbformat.NotebookNode:
        maker = (
            nbformat.v4.new_code_cell if self.cell_type == "code" else nbformat.v4.new_markdown_cell
        )
        cell = maker(source=self.source)
        cell.metadata["nbgrader"] = self.nbgrader_metadata()
        return cell


class InstructorCopy:
    """The instructor's cells of one notebook, in order, by ``grade_id``."""

    def __init__(self, cells: Iterable[InstructorCell]) -> None:
        self.cells: tuple[InstructorCell, ...] = tuple(cells)
        self.by_id: dict[str, InstructorCell] = {c.grade_id: c for c in self.cells}

    # -- reading ---------------------------------------------------------------

    @classmethod
    def from_notebook(cls, nb: nbformat.NotebookNode) -> InstructorCopy:
        """The instructor's copy from the instructor's own notebook (``source/``, the bank)."""
        cells = []
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if not grade_id or grade_id in {c.grade_id for c in cells}:
                continue
            cells.append(
                InstructorCell(
                    grade_id=grade_id,
                    cell_type=cell.cell_type,
                    source=cell.source,
                    locked=bool(meta.get("locked")),
                    grade=bool(meta.get("grade")),
                    solution=bool(meta.get("solution")),
                    task=bool(meta.get("task")),
                    points=float(meta["points"]) if meta.get("grade") else None,
                    checksum=meta.get("checksum"),
                )
            )
        return cls(cells)

    @classmethod
    def from_gradebook(
        cls, db_url: str, assignment: str, notebook: str, order: list[str] | None = None
    ) -> InstructorCopy:
        """What ``generate_assignment`` recorded for ``notebook``, in ``order`` of grade ids.

        Cells that ``order`` (the instructor's notebook) does not list keep the
        gradebook's order, after those it lists.
        """
        from nbgrader.api import Gradebook

        with Gradebook(db_url) as gb:
            nb = gb.find_notebook(notebook, assignment)
            points = {c.name: float(c.max_score) for c in nb.grade_cells}
            points.update({c.name: float(c.max_score) for c in nb.task_cells})
            solutions = {c.name for c in nb.solution_cells}
            tasks = {c.name for c in nb.task_cells}
            cells = [
                InstructorCell(
                    grade_id=c.name,
                    cell_type=c.cell_type,
                    source=c.source or "",
                    locked=bool(c.locked),
                    grade=c.name in points and c.name not in tasks,
                    solution=c.name in solutions,
                    task=c.name in tasks,
                    points=points.get(c.name),
                    checksum=c.checksum,
                )
                for c in nb.source_cells
            ]
        rank = {name: i for i, name in enumerate(order or [])}
        cells.sort(key=lambda c: rank.get(c.grade_id, len(rank)))  # stable: the rest keep theirs
        return cls(cells)

    # -- deciding --------------------------------------------------------------

    def role(self, cell: nbformat.NotebookNode) -> Role:
        """The role of a cell of a restored submission: the instructor's, or the student's."""
        meta = cell.get("metadata", {}).get("nbgrader", {})
        instructor = self.by_id.get(meta.get("grade_id")) if isinstance(meta, dict) else None
        return "student" if instructor is None else instructor.role

    @cached_property
    def exercise_names(self) -> frozenset[str]:
        """Names a test may take from the student's kernel (see :mod:`cell_roles`)."""
        return exercise_names(
            [c.source for c in self.cells if c.solution and c.cell_type == "code"],
            [c.source for c in self.cells if c.role != "student"],
        )

    @property
    def shared_cells(self) -> list[InstructorCell]:
        """The locked cells both kernels run (set-up, given helpers), in order."""
        return [c for c in self.cells if c.role == "both"]

    # -- restoring -------------------------------------------------------------

    def restore(self, nb: nbformat.NotebookNode) -> list[str]:
        """Put ``nb``'s instructor cells back as the instructor wrote them; what was changed."""
        notes: list[str] = []
        claimed: dict[str, nbformat.NotebookNode] = {}
        followers: dict[str | None, list[nbformat.NotebookNode]] = {None: []}
        seen_order: list[str] = []
        current: str | None = None
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
            if type(grade_id) is str and grade_id in self.by_id and grade_id not in claimed:
                claimed[grade_id] = cell
                seen_order.append(grade_id)
                current = grade_id
                followers[current] = []
                continue
            if meta is not None:
                if grade_id is not None:
                    why = "repeats" if grade_id in claimed else "has an unknown"
                    notes.append(
                        f"a cell that {why} grade_id {str(grade_id)[:60]!r} counts as yours"
                    )
                del cell.metadata["nbgrader"]
            followers[current].append(cell)

        cells = list(followers[None])
        for instructor in self.cells:
            cell = claimed.get(instructor.grade_id)
            if cell is None:
                cell = instructor.new_cell()
                what = "its stub" if instructor.solution else "the instructor's cell"
                notes.append(f"{instructor.grade_id!r} was missing: {what} was put back")
            else:
                notes += self._restore_cell(cell, instructor)
            cells.append(cell)
            cells.extend(followers.get(instructor.grade_id, []))

        expected_order = [c.grade_id for c in self.cells if c.grade_id in claimed]
        if seen_order != expected_order:
            notes.append("cells were moved: the instructor's order was put back")
        _unique_ids(cells)
        nb.cells = cells
        return notes

    @staticmethod
    def _restore_cell(cell: nbformat.NotebookNode, instructor: InstructorCell) -> list[str]:
        notes = []
        name = instructor.grade_id
        if cell.cell_type != instructor.cell_type:
            notes.append(f"{name!r} was turned into a {cell.cell_type} cell: put back")
            fresh = instructor.new_cell()
            fresh.source, fresh["id"] = cell.source, cell.get("id")
            cell.clear()
            cell.update(fresh)
        old = dict(cell.metadata.get("nbgrader", {}))
        new = instructor.nbgrader_metadata()
        changed = sorted(
            k for k in ("grade", "locked", "points", "solution", "task") if old.get(k) != new.get(k)
        )
        if changed:
            notes.append(f"{name!r} had its {', '.join(changed)} changed: put back")
        cell.metadata["nbgrader"] = new
        if not instructor.keeps_student_source and cell.source != instructor.source:
            notes.append(f"{name!r} was edited: the instructor's code was put back")
            cell.source = instructor.source
        return notes


def _unique_ids(cells: list[nbformat.NotebookNode]) -> None:
    """Give every cell an id of its own (a put-back cell, or a student's copy, may lack one)."""
    seen: set[str] = set()
    for cell in cells:
        cell_id = cell.get("id")
        if not isinstance(cell_id, str) or not cell_id or cell_id in seen:
            stem = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or "cell"
            base = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(stem))[:40]
            cell_id, n = base, 1
            while cell_id in seen:
                n += 1
                cell_id = f"{base}-{n}"
            cell["id"] = cell_id
        seen.add(cell_id)


def instructor_notebook_order(config: Any, assignment: str, notebook: str) -> list[str] | None:
    """The grade ids of the instructor's notebook in ``source/``, in order (None if absent)."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    path = os.path.join(
        coursedir.format_path(coursedir.source_directory, ".", assignment), f"{notebook}.ipynb"
    )
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return None
    return [
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    ]


def for_resources(resources: dict, config: Any) -> InstructorCopy | None:
    """The instructor's copy of the notebook nbgrader is converting (None outside nbgrader)."""
    info = resources.get("nbgrader") or {}
    if not all(info.get(k) for k in ("db_url", "assignment", "notebook")):
        return None
    order = instructor_notebook_order(config, info["assignment"], info["notebook"])
    return InstructorCopy.from_gradebook(
        info["db_url"], info["assignment"], info["notebook"], order
    )


class RestoreInstructorCells(Preprocessor):
    """nbgrader sanitising step: the submission's cells put back as the instructor wrote them.

    The notes say what was put back; grading reports them in the notebook.
    """

    enabled = True

    def preprocess(self, nb, resources):
        nb.metadata.pop(NOTES_KEY, None)  # the submission's own, if it forged one
        copy = for_resources(resources, self.config)
        if copy is None:
            return nb, resources
        notes = copy.restore(nb)
        if notes:
            nb.metadata[NOTES_KEY] = {"restored": notes[:50]}
            for note in notes:
                self.log.warning("restored from the instructor's copy: %s", note)
        return nb, resources
