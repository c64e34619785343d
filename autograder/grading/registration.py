"""A lesson's tests in the gradebook, and whether they are still the ones in ``source/``.

nbgrader grades with the cells the gradebook recorded when the lesson was
generated (``nbgrader generate_assignment``), not with ``source/``: a hidden
test fixed in ``source/`` after grading is silently not used until the lesson
is generated again.  Before a class is graded, :func:`compare` generates the
lesson in a scratch copy of the course and compares what that records with
what the course's gradebook holds, cell by cell; ``python -m autograder
grade`` registers a lesson that is not there yet (:func:`register`) and
refuses to grade with tests that differ from ``source/`` until told to apply
them (``--update-tests``).

:func:`fingerprint` is a digest of the instructor's cells the gradebook holds
for a lesson: a grade recorded under another fingerprint is out of date.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CellRecord = tuple[str, bool, str, float | None]
"""What the gradebook keeps of an instructor cell: type, locked, source, points."""


@dataclass
class Comparison:
    """``source/`` against the gradebook, for one lesson."""

    registered: bool
    changed: list[str] = field(default_factory=list)
    """Cells whose type, lock, source or points differ (``notebook:grade_id``)."""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problem: str | None = None
    """Why the lesson could not be generated from ``source/`` at all."""

    @property
    def same(self) -> bool:
        return self.registered and not (self.changed or self.added or self.removed or self.problem)

    def describe(self) -> str:
        parts = []
        for what, cells in (("changed", self.changed), ("added", self.added)):
            if cells:
                parts.append(f"{what} in source/: {', '.join(cells[:8])}")
        if self.removed:
            parts.append(f"gone from source/: {', '.join(self.removed[:8])}")
        if self.problem:
            parts.append(self.problem)
        return "; ".join(parts)


def recorded_cells(db_url: str, lesson: str) -> dict[str, CellRecord]:
    """``notebook:grade_id`` -> what the gradebook records of each instructor cell of ``lesson``."""
    from nbgrader.api import Gradebook, MissingEntry

    cells: dict[str, CellRecord] = {}
    with Gradebook(db_url) as gb:
        try:
            assignment = gb.find_assignment(lesson)
        except MissingEntry:
            return cells
        for nb in assignment.notebooks:
            points = {c.name: float(c.max_score) for c in nb.grade_cells}
            for c in nb.source_cells:
                key = f"{nb.name}:{c.name}"
                cells[key] = (c.cell_type, bool(c.locked), c.source or "", points.get(c.name))
    return cells


def fingerprint(db_url: str, lesson: str) -> str:
    """A digest of every instructor cell of ``lesson`` the gradebook records."""
    cells = recorded_cells(db_url, lesson)
    text = json.dumps(sorted(cells.items()), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _api(root: Path, db_url: str | None = None):
    from nbgrader.apps import NbGraderAPI

    from .gradebook import course_config

    config = course_config(root)
    if db_url is not None:
        config.CourseDirectory.db_url = db_url
    return NbGraderAPI(config=config)


def _generate(root: Path, lesson: str, db_url: str | None = None) -> str | None:
    """``nbgrader generate_assignment lesson --force`` in ``root``; why it failed, or None.

    ``db_url`` (default: the course's) is the gradebook it records into.
    """
    import os

    here = os.getcwd()
    os.chdir(root)
    try:
        result = _api(root, db_url).generate_assignment(lesson, force=True, create=True)
    finally:
        os.chdir(here)
    if result["success"]:
        return None
    lines = [line for line in (result.get("log") or "").splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "ERROR" in line]
    return (errors or lines or ["nbgrader generate_assignment failed"])[-1][:400]


def compare(root: Path, lesson: str) -> Comparison:
    """Generate ``lesson`` in a scratch copy of the course and compare it with the gradebook.

    The scratch copy has a SQLite gradebook of its own holding the lesson's
    definition (whatever the course's gradebook is, SQLite or PostgreSQL), so
    nothing is written to the course.
    """
    from . import gradebook

    url = gradebook.db_url(root)
    current = recorded_cells(url, lesson)
    with tempfile.TemporaryDirectory(prefix="bfs-compare-") as tmp:
        scratch = Path(tmp)
        shutil.copy(root / "nbgrader_config.py", scratch)
        shutil.copytree(root / "source" / lesson, scratch / "source" / lesson)
        scratch_url = f"sqlite:///{scratch / 'gradebook.db'}"
        if current:
            gradebook.write_scratch(gradebook.definition(url, lesson, []), scratch / "gradebook.db")
        problem = _generate(scratch, lesson, scratch_url)
        wanted = recorded_cells(scratch_url, lesson)
    out = Comparison(registered=bool(current), problem=problem)
    if problem and "submissions associated" in problem:
        out.problem = (
            "source/ adds or removes graded cells, which nbgrader cannot apply to a lesson "
            "that has submissions"
        )
        return out
    out.changed = sorted(k for k in wanted.keys() & current.keys() if wanted[k] != current[k])
    out.added = sorted(wanted.keys() - current.keys()) if current else []
    out.removed = sorted(current.keys() - wanted.keys()) if wanted else []
    return out


def register(root: Path, lesson: str) -> str | None:
    """Record ``source/``'s cells of ``lesson`` in the course's gradebook; why not, or None."""
    return _generate(root, lesson)
