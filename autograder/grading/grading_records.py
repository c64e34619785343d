"""What each grade was computed from: the submission's content and the tests' version.

A re-run of ``python -m autograder grade`` skips a student only when the grade
on record was computed from exactly the files now submitted and the tests now
in the gradebook.  File times cannot tell: ``cp -p``, ``rsync -a`` and
``unzip`` give a replaced submission an older time than its grade.  The record
is ``.autograder/graded/<lesson>/<student>.json`` in the course folder (never
inside a student's folder, which nbgrader copies around).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

RECORDS = Path(".autograder") / "graded"


def submission_digest(folder: Path) -> str:
    """A digest of a submission folder: every regular file's relative path and bytes.

    Links and special files are not followed (they are never graded either).
    """
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode):
            continue
        digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _path(root: Path, lesson: str, student: str) -> Path:
    return root / RECORDS / lesson / f"{student}.json"


def record(root: Path, lesson: str, student: str, *, submission: str, tests: str) -> None:
    """Remember that the grade of ``student`` was computed from these digests."""
    path = _path(root, lesson, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"submission": submission, "tests": tests}))
    os.replace(tmp, path)


def forget(root: Path, lesson: str, student: str) -> None:
    _path(root, lesson, student).unlink(missing_ok=True)


def up_to_date(root: Path, lesson: str, student: str, *, tests: str) -> bool:
    """Whether the recorded grade was computed from today's submission and today's tests."""
    graded = root / "autograded" / student / lesson
    submitted = root / "submitted" / student / lesson
    try:
        saved = json.loads(_path(root, lesson, student).read_text())
    except (OSError, ValueError):
        return False
    if not isinstance(saved, dict) or not any(graded.glob("*.ipynb")):
        return False
    return saved.get("tests") == tests and saved.get("submission") == submission_digest(submitted)
