"""``python -m autograder grade``: grade a whole class in parallel, safely.

nbgrader grades submissions one at a time and writes each result into the
course's gradebook.  Here every grading job is a long-lived worker
process with its own scratch course (a copy of ``nbgrader_config.py``, the
lesson's source and a scratch gradebook with the lesson's definition, see
``gradebook.py``): it runs nbgrader's own autograde and feedback converters
for one student at a time, with kernels in the sandbox
(``autograder/grading/sandbox.py``), and sends the scores back as plain
data.  Only this process writes to the course's gradebook, one student per
transaction, so concurrent workers never contend for SQLite and an
interrupted run keeps every student already merged.

A re-run skips students whose graded notebook is newer than their submission
(``--force`` grades them again) and retries submissions that failed.  A
submission that cannot be graded (malformed JSON, a kernel that dies) is
recorded with zero points and listed; the command still exits 0 once every
submission has been processed.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..lab import course
from . import gradebook
from .progress import Progress
from .submission_files import copy_submission

LOCAL_STATE: dict = {}


@dataclass
class StudentResult:
    student: str
    ok: bool
    seconds: float
    log: str = ""
    grades: list[tuple[str, str, float | None, bool]] = field(default_factory=list)
    """(notebook, grade cell, auto score, needs manual grade)."""
    comments: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(notebook, solution cell, auto comment)."""
    penalties: list[tuple[str, float]] = field(default_factory=list)
    timestamp: datetime | None = None
    flagged: str | None = None
    """What the submission hooked or patched (``FLAGGED:`` in the set-up cell's output)."""
    autograded: str | None = None
    feedback: str | None = None


def _course_paths(root: Path, lesson: str, student: str) -> dict[str, Path]:
    return {
        tree: root / tree / student / lesson for tree in ("submitted", "autograded", "feedback")
    }


def _quiet_nbgrader() -> None:
    """Hide the SQLAlchemy warnings nbgrader's own gradebook code raises on every submission."""
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning, module=r"nbgrader\.")


def _worker_init(root: str, lesson: str, snapshot: str) -> None:
    """Set up this worker's scratch course (next to ``snapshot``) and its nbgrader API."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    _quiet_nbgrader()
    scratch = Path(tempfile.mkdtemp(prefix="worker-", dir=Path(snapshot).parent))
    shutil.copy(Path(root) / "nbgrader_config.py", scratch)
    shutil.copytree(Path(root) / "source" / lesson, scratch / "source" / lesson)
    shutil.copy(snapshot, scratch / "gradebook.db")
    os.chdir(scratch)
    os.environ["PATH"] = course.path_with_venv()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(scratch)).load_config()
    # Grading writes the scratch gradebook only, whatever the course's db_url says.
    config.CourseDirectory.db_url = f"sqlite:///{scratch / 'gradebook.db'}"
    LOCAL_STATE.update(root=Path(root), lesson=lesson, scratch=scratch)
    LOCAL_STATE["api"] = NbGraderAPI(config=config)


def _grade_one(student: str) -> StudentResult:
    """Autograde one student in this worker's scratch course."""
    from nbgrader.api import Gradebook

    root, lesson, scratch = LOCAL_STATE["root"], LOCAL_STATE["lesson"], LOCAL_STATE["scratch"]
    api = LOCAL_STATE["api"]
    started = time.perf_counter()
    mine, theirs = _course_paths(scratch, lesson, student), _course_paths(root, lesson, student)
    for path in mine.values():
        shutil.rmtree(path, ignore_errors=True)
    # Regular files only: a student's links, devices and FIFOs are never followed.
    copied = copy_submission(theirs["submitted"], mine["submitted"], log=api.log)
    for line in copied.lines():
        print(f"{student}: {line}", flush=True)
    result = api.autograde(lesson, student, force=True, create=True)
    log = "".join(line + "\n" for line in copied.lines()) + (result.get("log") or "")
    out = StudentResult(student, bool(result["success"]), 0.0, log=log)
    if out.ok:
        with Gradebook(f"sqlite:///{scratch / 'gradebook.db'}") as gb:
            submission = gb.find_submission(lesson, student)
            out.timestamp = submission.timestamp
            for nb in submission.notebooks:
                out.penalties.append((nb.name, nb.late_submission_penalty or 0.0))
                for grade in nb.grades:
                    out.grades.append(
                        (nb.name, grade.name, grade.auto_score, grade.needs_manual_grade)
                    )
                for comment in nb.comments:
                    out.comments.append((nb.name, comment.name, comment.auto_comment))
        feedback = api.generate_feedback(lesson, student, force=True)
        if feedback["success"]:
            out.feedback = str(mine["feedback"])
        out.autograded = str(mine["autograded"])
        out.flagged = _flag(mine["autograded"])
    out.seconds = time.perf_counter() - started
    return out


ANSWER_KEY = "answer-key"
"""The student id the instructor's own notebook is graded under, in a scratch course only."""


def _grade_answer_key() -> str | None:
    """Grade the lesson's answer key in this worker's scratch course; why it fell short, or None.

    Runs the same pipeline as every student (sandbox, two kernels), so a
    broken environment (a kernel that cannot start or import the course, a
    set-up cell that fails) is found before any student is graded; nothing
    reaches the course's gradebook.
    """
    from nbgrader.api import Gradebook

    root, lesson, scratch = LOCAL_STATE["root"], LOCAL_STATE["lesson"], LOCAL_STATE["scratch"]
    submitted = scratch / "submitted" / ANSWER_KEY / lesson
    shutil.rmtree(submitted, ignore_errors=True)
    submitted.mkdir(parents=True)
    shutil.copy(course.notebook_path(root, "source", lesson), submitted)
    result = LOCAL_STATE["api"].autograde(lesson, ANSWER_KEY, force=True, create=True)
    try:
        if not result["success"]:
            return "the answer key could not be graded:\n" + _last_lines(result.get("log"))
        with Gradebook(f"sqlite:///{scratch / 'gradebook.db'}") as gb:
            submission = gb.find_submission(lesson, ANSWER_KEY)
            score, max_score = submission.score, submission.max_score
            lost = [
                f"{grade.name}: {grade.score:g}/{grade.max_score:g}"
                for nb in submission.notebooks
                for grade in nb.grades
                if grade.score < grade.max_score
            ]
            gb.remove_submission(lesson, ANSWER_KEY)
            gb.remove_student(ANSWER_KEY)
        if score < max_score:
            graded = scratch / "autograded" / ANSWER_KEY / lesson
            return (
                f"the answer key scores {score:g}/{max_score:g} ({', '.join(lost)}); "
                f"first error: {_first_error(graded)}"
            )
        return None
    finally:
        for tree in ("submitted", "autograded", "feedback"):
            shutil.rmtree(scratch / tree / ANSWER_KEY, ignore_errors=True)


def _first_error(folder: Path) -> str:
    import nbformat

    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    return f"{output.get('ename')}: {output.get('evalue')}"[:500]
    return "none shown"


def _last_lines(log: str | None, n: int = 15) -> str:
    return "\n".join((log or "").strip().splitlines()[-n:])


def _flag(folder: Path) -> str | None:
    """The ``FLAGGED:`` note grading wrote into a graded notebook, if any."""
    import nbformat

    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                text = output.get("text", "")
                if output.get("output_type") == "stream" and text.startswith("FLAGGED:"):
                    return text.strip()
    return None


def _merge(gb, root: Path, lesson: str, result: StudentResult) -> tuple[float, float]:
    """Write one student's result into the course: ``gb``, autograded/ and feedback/."""
    from nbgrader.api import MissingEntry

    paths = _course_paths(root, lesson, result.student)
    for key in ("autograded", "feedback"):
        shutil.rmtree(paths[key], ignore_errors=True)
        if getattr(result, key):
            shutil.copytree(getattr(result, key), paths[key])
    gb.update_or_create_student(result.student)
    try:
        submission = gb.find_submission(lesson, result.student)
    except MissingEntry:
        submission = gb.add_submission(lesson, result.student)
    if result.ok:
        submission.timestamp = result.timestamp
        for nb, cell, score, manual in result.grades:
            grade = gb.find_grade(cell, nb, lesson, result.student)
            grade.auto_score, grade.needs_manual_grade = score, manual
        for nb, cell, text in result.comments:
            gb.find_comment(cell, nb, lesson, result.student).auto_comment = text
        for nb, penalty in result.penalties:
            notebook = gb.find_submission_notebook(nb, lesson, result.student)
            notebook.late_submission_penalty = penalty
    else:  # reported, and worth nothing
        for nb in submission.notebooks:
            for grade in nb.grades:
                grade.auto_score, grade.needs_manual_grade = 0.0, False
    gb.db.commit()
    submission = gb.find_submission(lesson, result.student)
    return float(submission.score), float(submission.max_score)


def _up_to_date(root: Path, lesson: str, student: str) -> bool:
    paths = _course_paths(root, lesson, student)
    graded = list(paths["autograded"].glob("*.ipynb"))
    submitted = list(paths["submitted"].glob("*.ipynb"))
    if not graded or not submitted:
        return False
    # lstat: a student's link (dangling, a loop) is never followed.
    return min(p.lstat().st_mtime for p in graded) > max(p.lstat().st_mtime for p in submitted)


def _check_course(root: Path, lesson: str) -> str | None:
    if not (root / "nbgrader_config.py").exists():
        return f"{root} is not a course folder (no nbgrader_config.py)."
    if not (root / "source" / lesson).is_dir():
        return f"no lesson {lesson!r} in {root / 'source'}."
    return gradebook.problem(gradebook.db_url(root), lesson)


def grade(
    root: Path, lesson: str, students: list[str] | None = None, jobs: int = 2, force: bool = False
) -> int:
    """Grade a lesson's submissions; returns the process exit code."""
    from .sandbox import (
        SandboxUnavailable,
        check_bubblewrap,
        matplotlib_font_lists,
        sandbox_enabled,
    )

    problem = _check_course(root, lesson)
    if problem:
        print(f"grade: {problem}")
        return 2
    if sandbox_enabled():
        try:
            check_bubblewrap()
        except SandboxUnavailable as exc:
            print(f"grade: {exc}")
            return 2
    available = sorted(p.parent.name for p in root.glob(f"submitted/*/{lesson}"))
    wanted = students or available
    missing = [s for s in wanted if s not in available]
    todo = [s for s in wanted if s in available and (force or not _up_to_date(root, lesson, s))]
    skipped = [s for s in wanted if s in available and s not in todo]
    print(
        f"grading {lesson}: {len(todo)} submission(s) with {jobs} job(s)"
        + (f", {len(skipped)} already graded (use --force to regrade)" if skipped else "")
    )
    rows: list[tuple[str, str, float, float, float]] = []
    started = time.perf_counter()
    url = gradebook.db_url(root)
    # Scratch courses live in memory when they can: nbgrader commits often.
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="bfs-grade-", dir=shm) as tmp:
        snapshot = Path(tmp) / "gradebook.db"
        gradebook.write_scratch(gradebook.definition(url, lesson, todo), snapshot)
        # Imported (and the font list read) once, before the workers fork.
        import nbgrader.apps  # noqa: F401
        from nbgrader.api import Gradebook

        _quiet_nbgrader()
        matplotlib_font_lists()
        ctx = multiprocessing.get_context("fork")
        with (
            Gradebook(url) as gb,
            ctx.Pool(
                processes=max(1, min(jobs, len(todo) or 1)),
                initializer=_worker_init,
                initargs=(str(root), lesson, str(snapshot)),
            ) as pool,
        ):
            flagged: dict[str, str] = {}
            # The answer key goes first, through the same pipeline; the other workers
            # start on the class meanwhile, but nothing is recorded until it passes.
            key = pool.apply_async(_grade_answer_key) if todo else None
            results = pool.imap_unordered(_grade_one, todo)
            problem = key.get() if key else None
            if problem:
                print(f"grade: stopped before grading anyone: {problem}")
                return 2
            progress = Progress(len(todo))
            for result in results:
                score, max_score = _merge(gb, root, lesson, result)
                status = "ok" if result.ok else "FAILED"
                if result.flagged:
                    flagged[result.student] = result.flagged
                rows.append((result.student, status, score, max_score, result.seconds))
                progress.done(
                    result.student,
                    f"{score:g}/{max_score:g} {status} ({result.seconds:.1f} s)",
                    failed=not result.ok,
                )
            progress.close()
    elapsed = time.perf_counter() - started
    _export(root)
    _summary(rows, missing, elapsed)
    for student, note in sorted(flagged.items()):
        print(f"flagged: {student}: {note}")
    return 0


def _export(root: Path) -> None:
    """What ``nbgrader export`` does: grades.csv in the course folder."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    plugin = CsvExportPlugin(to=str(root / "grades.csv"))
    with Gradebook(gradebook.db_url(root)) as gb:
        plugin.export(gb)


def _summary(rows, missing: list[str], elapsed: float) -> None:
    if rows:
        width = max(len(r[0]) for r in rows)
        print(f"\n{'student':{width}}  status   score")
        for student, status, score, max_score, _ in sorted(rows):
            print(f"{student:{width}}  {status:7}  {score:g}/{max_score:g}")
    failed = [r[0] for r in rows if r[1] != "ok"]
    print(
        f"\n{len(rows)} graded in {elapsed:.1f} s; "
        f"{len(failed)} failed (recorded as 0): {', '.join(failed) or 'none'}"
    )
    if missing:
        print(f"no submission for: {', '.join(missing)}")
    print("grades.csv written; feedback in feedback/<student>/<lesson>/")
