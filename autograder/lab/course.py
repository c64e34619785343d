"""Where a course copy keeps its lessons, and the student's working copies.

A lesson ``NN_name`` is the notebook ``<tree>/NN_name/NN_name.ipynb`` of a
tree: ``source/`` (the instructor's masters), ``release/`` (student
editions), ``solutions/`` (answer key) or ``notebooks/`` (the student's
working copies, seeded from ``release/``).  A student's copy of the course
has only ``release/`` and ``notebooks/``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def lessons(root: Path, tree: str = "source") -> list[str]:
    """Lesson ids: the folders of ``tree`` (default ``source/``) that hold ``<id>/<id>.ipynb``."""
    base = root / tree
    if not base.is_dir():
        return []
    return sorted(d.name for d in base.iterdir() if (d / f"{d.name}.ipynb").is_file())


def notebook_path(root: Path, tree: str, lesson: str) -> Path:
    return root / tree / lesson / f"{lesson}.ipynb"


def seed_notebooks(root: Path) -> list[str]:
    """Copy each lesson of ``release/`` into ``notebooks/`` unless the student has it."""
    seeded = []
    for lesson in lessons(root, "release"):
        src_dir = root / "release" / lesson
        dst_dir = root / "notebooks" / lesson
        for src in sorted(src_dir.rglob("*")):
            if not src.is_file():
                continue
            dst = dst_dir / src.relative_to(src_dir)
            if dst.exists():
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            seeded.append(str(dst.relative_to(root)))
    return seeded


def path_with_venv(path: str | None = None) -> str:
    """``path`` (default: this process's ``PATH``) with this Python's scripts first.

    nbgrader runs ``alembic`` from there, and the labs' servers need the same.
    """
    path = os.environ.get("PATH", "") if path is None else path
    return str(Path(sys.executable).parent) + os.pathsep + path
