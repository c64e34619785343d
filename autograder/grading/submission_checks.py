"""Why a submission folder cannot be graded, said before nbgrader is asked to.

nbgrader reports an empty file, a file that is not JSON, a notebook of
another lesson or a renamed notebook with a traceback (or a silent zero); an
instructor needs one line.  :func:`check_submission` reads the folder the way
grading will and returns that line (a problem: the submission is recorded as
failed, with it) and warnings (work in a notebook grading will not read, such
as ``04_two_layer_mlp-Copy1.ipynb``).
"""

from __future__ import annotations

import json
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SubmissionCheck:
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)


def _grade_ids(nb: dict) -> set[str]:
    ids = set()
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
        grade_id = meta.get("nbgrader", {}).get("grade_id") if isinstance(meta, dict) else None
        if isinstance(grade_id, str):
            ids.add(grade_id)
    return ids


def _distinct(lesson_ids: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Each lesson's grade ids that no other lesson has (``setup`` is everyone's)."""
    out = {}
    for name, ids in lesson_ids.items():
        others = set().union(*(v for k, v in lesson_ids.items() if k != name))
        out[name] = ids - others
    return out


def check_submission(
    folder: Path, lesson: str, lesson_ids: Mapping[str, set[str]]
) -> SubmissionCheck:
    """What is wrong with ``folder`` as a submission of ``lesson``.

    ``lesson_ids`` maps each lesson of the course to the grade ids of its
    instructor's notebook (to recognise a notebook of another lesson).
    """
    out = SubmissionCheck()
    expected = folder / f"{lesson}.ipynb"
    others = sorted(
        p.name for p in folder.glob("*.ipynb") if p.name != expected.name and p.is_file()
    )
    try:
        mode = expected.lstat().st_mode
    except OSError:
        mode = None
    if mode is None:
        out.problem = f"no {expected.name} in the submission" + (
            f"; the folder holds {', '.join(others)}: was it renamed? (rename it {expected.name})"
            if others
            else ""
        )
        return out
    if others:
        out.warnings.append(
            f"the folder also holds {', '.join(others)}, which is not graded "
            f"(only {expected.name} is)"
        )
    if not stat.S_ISREG(mode):
        out.problem = f"{expected.name} is not a regular file (a link?)"
        return out
    text = expected.read_bytes()
    if not text.strip():
        out.problem = f"{expected.name} is empty (0 bytes of notebook)"
        return out
    try:
        nb = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if hasattr(exc, "lineno") else ""
        out.problem = f"{expected.name} is not a notebook: it is not valid JSON{where}"
        return out
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        out.problem = f"{expected.name} is not a notebook: it has no list of cells"
        return out
    ids = _grade_ids(nb)
    own = _distinct(lesson_ids)
    if own.get(lesson) and not ids & own[lesson]:
        other = max(own, key=lambda name: len(ids & own[name]))
        if other != lesson and ids & own[other]:
            out.problem = f"{expected.name} holds the notebook of {other}, not of {lesson}"
        elif ids - {"setup"}:
            out.problem = f"none of the cells of {expected.name} is one of {lesson}'s"
        else:
            out.problem = (
                f"{expected.name} has no cell of the student edition: was the work copied "
                "into a new notebook? (paste it into the student edition's cells)"
            )
    return out
