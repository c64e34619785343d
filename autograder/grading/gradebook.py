"""Where a course's gradebook is, and the part of it that grading one submission needs.

The gradebook is wherever the course's ``nbgrader_config.py`` puts nbgrader's
``CourseDirectory.db_url``: ``gradebook.db`` (SQLite) in the course folder by
default, or a PostgreSQL database (``postgresql+psycopg://user@host/db``).
Only one process writes a course's gradebook: ``python -m autograder grade``
(``batch``) or the queue's writer (``writer``).

Grading never touches it.  Every grading process has a scratch gradebook of
its own, a SQLite file holding one assignment's **definition**, what
``nbgrader generate_assignment`` recorded (notebooks, grade, solution, task
and source cells, the due date), plus the extensions granted on it.
:func:`definition` reads it from the course's gradebook as plain data (JSON,
so it can travel to a worker on another machine); :func:`write_scratch`
makes a scratch gradebook of it.
"""

from __future__ import annotations

import os
import sys
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

from ..lab import course

DEFAULT_BUDGET = 300.0
"""Seconds of the student's kernel per submission when the config sets none."""


def quiet_nbgrader() -> None:
    """Hide the SQLAlchemy warnings nbgrader's own gradebook code raises on every submission."""
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning, module=r"nbgrader\.")


def course_config(root: Path):
    """The course's nbgrader configuration (its ``nbgrader_config.py``), as traitlets config."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def db_url(root: Path, config=None) -> str:
    """nbgrader's ``CourseDirectory.db_url`` of the course at ``root`` (SQLite by default)."""
    config = course_config(root) if config is None else config
    url = config.CourseDirectory.get("db_url")
    return str(url) if url else f"sqlite:///{root / 'gradebook.db'}"


def submission_budget(config) -> float:
    """Seconds the student's kernel may run for one submission (``submission_timeout``)."""
    budget = config.TwoKernelExecute.get("submission_timeout")
    return float(budget) if budget else DEFAULT_BUDGET


def redacted(url: str) -> str:
    """``url`` without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def open_gradebook(url: str, course_id: str | None = None):
    """nbgrader's ``Gradebook`` on ``url`` (creates nbgrader's tables in an empty database).

    nbgrader runs ``alembic`` (from this Python's scripts) to stamp a new database.
    """
    from nbgrader.api import Gradebook

    quiet_nbgrader()
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = course.path_with_venv()
    return Gradebook(url) if course_id is None else Gradebook(url, course_id=course_id)


def problem(url: str, lesson: str) -> str | None:
    """Why ``lesson`` cannot be graded into the gradebook at ``url``, or None."""
    from nbgrader.api import MissingEntry
    from sqlalchemy.exc import SQLAlchemyError

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return f"no gradebook: run `nbgrader generate_assignment {lesson}` first."
    try:
        with open_gradebook(url) as gb:
            gb.find_assignment(lesson)
    except MissingEntry:
        return f"{lesson} is not in the gradebook: run `nbgrader generate_assignment {lesson}`."
    except SQLAlchemyError as exc:
        return f"cannot open the gradebook {redacted(url)}: {exc.__class__.__name__}: {exc}"
    return None


def definition(url: str, lesson: str, students: list[str] | None = None) -> dict[str, Any]:
    """What grading ``lesson`` needs of the gradebook at ``url``, as JSON-ready data.

    ``{"name", "course_id", "duedate", "notebooks": [{"name", "kernelspec",
    "grade_cells", "solution_cells", "task_cells", "source_cells"}],
    "extensions": {student: seconds}, "schema"}``; source cells keep the
    gradebook's order.  Extensions are those of ``students`` (None: every
    student with one); ``schema`` is nbgrader's alembic revision of the database.
    """
    from sqlalchemy import text

    with open_gradebook(url) as gb:
        schema = gb.db.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assignment = gb.find_assignment(lesson)
        notebooks = []
        for nb in assignment.notebooks:
            notebooks.append(
                {
                    "name": nb.name,
                    "kernelspec": nb.kernelspec,
                    "grade_cells": [
                        {"name": c.name, "max_score": c.max_score, "cell_type": c.cell_type}
                        for c in nb.grade_cells
                    ],
                    "solution_cells": [c.name for c in nb.solution_cells],
                    "task_cells": [
                        {"name": c.name, "max_score": c.max_score, "cell_type": c.cell_type}
                        for c in nb.task_cells
                    ],
                    "source_cells": [
                        {
                            "name": c.name,
                            "cell_type": c.cell_type,
                            "locked": bool(c.locked),
                            "source": c.source,
                            "checksum": c.checksum,
                        }
                        for c in nb.source_cells
                    ],
                }
            )
        extensions = {
            sub.student.id: sub.extension.total_seconds()
            for sub in assignment.submissions
            if sub.extension is not None and (students is None or sub.student.id in students)
        }
        return {
            "name": assignment.name,
            "course_id": assignment.course_id,
            "duedate": assignment.duedate.isoformat() if assignment.duedate else None,
            "notebooks": notebooks,
            "extensions": extensions,
            "schema": schema,
        }


def write_scratch(definition: dict[str, Any], path: Path) -> None:
    """A fresh SQLite gradebook at ``path`` holding ``definition`` (see :func:`definition`).

    Its tables are made here, stamped with the course's schema revision, so
    nbgrader does not run ``alembic`` to stamp it (a second per scratch gradebook).
    """
    from datetime import timedelta

    from nbgrader.api import Base
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{path}")
    try:
        Base.metadata.create_all(engine)
        with engine.begin() as con:
            con.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            con.execute(
                text("INSERT INTO alembic_version (version_num) VALUES (:v)"),
                {"v": definition["schema"]},
            )
    finally:
        engine.dispose()
    lesson = definition["name"]
    due = definition.get("duedate")
    with open_gradebook(f"sqlite:///{path}", definition.get("course_id")) as gb:
        gb.update_or_create_assignment(lesson, duedate=datetime.fromisoformat(due) if due else None)
        for nb in definition["notebooks"]:
            gb.update_or_create_notebook(nb["name"], lesson, kernelspec=nb.get("kernelspec"))
            for cell in nb["grade_cells"]:
                gb.update_or_create_grade_cell(
                    cell["name"],
                    nb["name"],
                    lesson,
                    max_score=cell["max_score"],
                    cell_type=cell["cell_type"],
                )
            for name in nb["solution_cells"]:
                gb.update_or_create_solution_cell(name, nb["name"], lesson)
            for cell in nb["task_cells"]:
                gb.update_or_create_task_cell(
                    cell["name"],
                    nb["name"],
                    lesson,
                    max_score=cell["max_score"],
                    cell_type=cell["cell_type"],
                )
            for cell in nb["source_cells"]:
                gb.update_or_create_source_cell(
                    cell["name"],
                    nb["name"],
                    lesson,
                    cell_type=cell["cell_type"],
                    locked=cell["locked"],
                    source=cell["source"],
                    checksum=cell["checksum"],
                )
        for student, seconds in definition.get("extensions", {}).items():
            gb.update_or_create_student(student)
            gb.update_or_create_submission(lesson, student, extension=timedelta(seconds=seconds))
