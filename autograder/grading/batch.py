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

Before grading, the lesson's tests in the gradebook are compared with
``source/`` (:mod:`autograder.grading.registration`): a lesson not in the
gradebook yet is registered, and grading stops if a test was changed in
``source/`` since (``--update-tests`` applies it and regrades everyone).

A re-run skips a student whose grade was computed from the very files now
submitted and the tests now in the gradebook (content digests,
:mod:`autograder.grading.grading_records`; ``--force`` grades them again),
and retries submissions that failed.  A submission that cannot be graded (an
empty file, not JSON, another lesson's notebook, a renamed one, a kernel that
dies) is recorded with zero points, with its cause, which is printed and kept
in ``grading-report.csv``; the command still exits 0 once every submission has
been processed.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..lab import course
from . import gradebook, grading_records, registration
from .progress import Progress
from .submission_checks import check_submission
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
    """What grading put back or found (``RESTORED:``, ``FLAGGED:`` in the set-up cell's output)."""
    autograded: str | None = None
    feedback: str | None = None
    cause: str | None = None
    """Why a failed submission could not be graded, in one line."""
    warnings: list[str] = field(default_factory=list)
    digest: str = ""
    """The digest of the submission folder that was graded."""


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
    LOCAL_STATE["lesson_ids"] = _lesson_ids(Path(root))


def _lesson_ids(root: Path) -> dict[str, set[str]]:
    """Every lesson of the course -> the grade ids of its instructor's notebook."""
    import nbformat

    out = {}
    for lesson in course.lessons(root):
        nb = nbformat.read(course.notebook_path(root, "source", lesson), as_version=4)
        out[lesson] = {
            c.metadata["nbgrader"]["grade_id"]
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade_id")
        }
    return out


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
    digest = grading_records.submission_digest(mine["submitted"])
    checked = check_submission(mine["submitted"], lesson, LOCAL_STATE["lesson_ids"])
    if checked.problem:
        return StudentResult(
            student,
            False,
            time.perf_counter() - started,
            cause=checked.problem,
            warnings=checked.warnings,
            digest=digest,
        )
    result = api.autograde(lesson, student, force=True, create=True)
    log = "".join(line + "\n" for line in copied.lines()) + (result.get("log") or "")
    out = StudentResult(student, bool(result["success"]), 0.0, log=log, digest=digest)
    out.warnings = checked.warnings
    if not out.ok:
        out.cause = failure_cause(log)
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


_EXCEPTION = re.compile(r"(?:[A-Za-z_]\w*\.)*([A-Z]\w*(?:Error|Exception|Exceeded|Exit)\b.*)")
_GENERIC = ("see the the above traceback", "There was an error processing")


def failure_cause(log: str | None) -> str:
    """Why grading failed, from nbgrader's log: the last exception raised, or the last error."""
    lines = [line.strip() for line in (log or "").splitlines() if line.strip()]
    raised = [m.group(1) for line in lines if (m := _EXCEPTION.fullmatch(line))]
    if raised:
        return raised[-1][:300]
    errors = [
        line.removeprefix("[ERROR] ")
        for line in lines
        if line.startswith("[ERROR]") and not any(g in line for g in _GENERIC)
    ]
    return (errors or lines or ["no log"])[-1][:300]


NOTE_PREFIXES = ("RESTORED:", "FLAGGED:")
"""The notes grading writes into a graded notebook: cells put back, hooks and patches found."""


def _flag(folder: Path) -> str | None:
    """The ``RESTORED:`` and ``FLAGGED:`` notes grading wrote into a graded notebook, if any."""
    import nbformat

    notes = []
    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                text = output.get("text", "")
                if output.get("output_type") == "stream" and text.startswith(NOTE_PREFIXES):
                    notes.append(text.strip())
            if notes:
                return " ".join(notes)
    return None


def _merge(gb, root: Path, lesson: str, result: StudentResult, tests: str) -> tuple[float, float]:
    """Write one student's result into the course: ``gb``, autograded/ and feedback/.

    ``tests`` is the fingerprint of the tests it was graded with: a grade is
    recorded with it and the submission's digest, so a re-run knows it is current.
    """
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
    if result.ok:
        grading_records.record(root, lesson, result.student, submission=result.digest, tests=tests)
    else:  # a failed submission is tried again on the next run
        grading_records.forget(root, lesson, result.student)
    submission = gb.find_submission(lesson, result.student)
    return float(submission.score), float(submission.max_score)


def _check_course(root: Path, lesson: str) -> str | None:
    if not (root / "nbgrader_config.py").exists():
        return f"{root} is not a course folder (no nbgrader_config.py)."
    if not (root / "source" / lesson).is_dir():
        return f"no lesson {lesson!r} in {root / 'source'}."
    return None


def _tests_ready(root: Path, lesson: str, update: bool) -> str | None:
    """Make the gradebook hold ``source/``'s tests of ``lesson``; why it cannot, or None.

    A lesson not registered yet is registered.  Tests that differ from
    ``source/`` are applied only with ``update`` (``--update-tests``).
    """
    compared = registration.compare(root, lesson)
    if compared.same:
        return None
    if compared.problem and "submissions" in compared.problem:
        return f"{lesson}: {compared.problem} ({compared.describe()})."
    if not compared.registered:
        print(f"registering {lesson} in the gradebook from source/", flush=True)
    elif not update:
        return (
            f"the gradebook's tests of {lesson} are not the ones in source/ "
            f"({compared.describe()}). Grades would use the old ones. Apply source/'s and "
            f"regrade everyone: python -m autograder grade {lesson} --update-tests"
        )
    else:
        print(f"applying source/'s tests of {lesson} ({compared.describe()})", flush=True)
    problem = registration.register(root, lesson)
    return f"{lesson} could not be registered from source/: {problem}" if problem else None


def grade(
    root: Path,
    lesson: str,
    students: list[str] | None = None,
    jobs: int = 2,
    force: bool = False,
    update_tests: bool = False,
) -> int:
    """Grade a lesson's submissions; returns the process exit code.

    ``update_tests`` applies ``source/``'s tests when they differ from the
    gradebook's, and then regrades every submission.
    """
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
    url = gradebook.db_url(root)
    tests_before = registration.fingerprint(url, lesson)
    problem = _tests_ready(root, lesson, update_tests)
    if problem:
        print(f"grade: {problem}")
        return 2
    tests = registration.fingerprint(url, lesson)
    force = force or (update_tests and tests != tests_before)
    available = sorted(p.parent.name for p in root.glob(f"submitted/*/{lesson}"))
    wanted = students or available
    missing = [s for s in wanted if s not in available]
    todo = [
        s
        for s in wanted
        if s in available
        and (force or not grading_records.up_to_date(root, lesson, s, tests=tests))
    ]
    skipped = [s for s in wanted if s in available and s not in todo]
    print(
        f"grading {lesson}: {len(todo)} submission(s) with {jobs} job(s)"
        + (f", {len(skipped)} already graded (use --force to regrade)" if skipped else "")
    )
    rows: list[Row] = []
    started = time.perf_counter()
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
                score, max_score = _merge(gb, root, lesson, result, tests)
                penalty = sum(p for _, p in result.penalties)
                status = "ok" if result.ok else "FAILED"
                if result.flagged:
                    flagged[result.student] = result.flagged
                rows.append(
                    Row(result.student, status, score, max_score, penalty, result.seconds, result)
                )
                late = f" (late: -{penalty:g})" if penalty else ""
                progress.done(
                    result.student,
                    f"{max(0.0, score - penalty):g}/{max_score:g}{late} {status} "
                    f"({result.seconds:.1f} s)" + ("" if result.ok else f": {result.cause}"),
                    failed=not result.ok,
                )
                for warning in result.warnings:
                    progress.note(f"    {result.student}: {warning}")
            progress.close()
    elapsed = time.perf_counter() - started
    _export(root)
    _report(root, lesson, rows)
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


@dataclass
class Row:
    """One student's line of the summary and of ``grading-report.csv``."""

    student: str
    status: str
    score: float
    max_score: float
    penalty: float
    seconds: float
    result: StudentResult

    @property
    def final(self) -> float:
        """The score after the late penalty, as ``grades.csv`` has it."""
        return max(0.0, self.score - self.penalty)


REPORT = "grading-report.csv"
REPORT_FIELDS = ["lesson", "student", "status", "score", "max_score", "late_penalty", "seconds"]
REPORT_FIELDS += ["cause", "notes"]


def _report(root: Path, lesson: str, rows: list[Row]) -> None:
    """``grading-report.csv``: per submission its status, score, and what grading said of it.

    Rows of other lessons and of students not graded in this run are kept.
    """
    import csv

    path = root / REPORT
    kept: dict[tuple[str, str], dict] = {}
    if path.exists():
        with path.open(newline="") as file:
            for entry in csv.DictReader(file):
                kept[(entry.get("lesson", ""), entry.get("student", ""))] = entry
    for row in rows:
        notes = [*row.result.warnings, *([row.result.flagged] if row.result.flagged else [])]
        kept[(lesson, row.student)] = {
            "lesson": lesson,
            "student": row.student,
            "status": row.status,
            "score": f"{row.final:g}",
            "max_score": f"{row.max_score:g}",
            "late_penalty": f"{row.penalty:g}",
            "seconds": f"{row.seconds:.1f}",
            "cause": row.result.cause or "",
            "notes": " | ".join(notes),
        }
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=REPORT_FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(kept[key] for key in sorted(kept))
    os.replace(tmp, path)


def _summary(rows: list[Row], missing: list[str], elapsed: float) -> None:
    if rows:
        width = max(len(r.student) for r in rows)
        print(f"\n{'student':{width}}  status   score")
        for row in sorted(rows, key=lambda r: r.student):
            late = f"  (late penalty {row.penalty:g})" if row.penalty else ""
            cause = f"  {row.result.cause}" if row.result.cause else ""
            score = f"{row.final:g}/{row.max_score:g}"
            print(f"{row.student:{width}}  {row.status:7}  {score}{late}{cause}")
    failed = [r.student for r in rows if r.status != "ok"]
    print(
        f"\n{len(rows)} graded in {elapsed:.1f} s; "
        f"{len(failed)} failed (recorded as 0): {', '.join(failed) or 'none'}"
    )
    if missing:
        print(f"no submission for: {', '.join(missing)}")
    print(f"grades.csv and {REPORT} written; feedback in feedback/<student>/<lesson>/")
