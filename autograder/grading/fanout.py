"""``grade LESSON --queue URL`` and ``submit LESSON``: grading through the queue.

Both send each submission as a job (``jobs.py``): its regular files (copied
without following a link, as ``grade`` copies them), the lesson's bundle
stored once beside it.  ``grade --queue`` sends a class and waits until every
job is recorded, with the progress of ``grade`` and its summary and
``grades.csv``; ``submit`` sends what was just collected (``nbgrader collect``
and then ``submit``) and, with ``--wait``, waits for those grades.

Whoever waits records too when no writer runs: it takes the course's writer
lock, or follows the standing writer's events (``python -m autograder
writer``) while another process holds it, and takes over if that writer stops.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

from . import batch, broker, gradebook, grading_records, jobs, registration, taskqueue
from .progress import Progress
from .submission_files import copy_submission
from .writer import Writer, WriterLost

QUIET_NOTE = 60.0
"""Seconds without news after which the waiting side says what it is waiting for."""


@dataclass
class Course:
    """A course and lesson, ready to send jobs for."""

    root: Path
    lesson: str
    url: str
    budget: float
    key: str
    r: redis.Redis
    app: Any
    bundle: str = ""
    notes: list[str] = field(default_factory=list)


def open_course(
    root: Path, lesson: str, queue_url: str, update_tests: bool = False
) -> Course | str:
    """The course at ``root`` ready to send ``lesson``'s jobs, or why it is not.

    As for ``grade``, the lesson is registered when it is not, and tests that
    differ from ``source/`` are used only when ``update_tests`` applies them.
    """
    problem = batch._check_course(root, lesson) or batch._tests_ready(root, lesson, update_tests)
    if problem:
        return problem
    config = gradebook.course_config(root)
    url = gradebook.db_url(root, config)
    course = Course(
        root=root,
        lesson=lesson,
        url=url,
        budget=gradebook.submission_budget(config),
        key=broker.course_key(url),
        r=broker.connect(queue_url),
        app=taskqueue.make_app(queue_url),
    )
    try:
        course.r.ping()
    except redis.RedisError as exc:
        return f"cannot reach the queue at {queue_url}: {exc}"
    definition = gradebook.definition(url, lesson, students=[])
    sha, data = jobs.make_bundle(
        lesson, definition, root / "source" / lesson, root / "nbgrader_config.py"
    )
    broker.put_bundle(course.r, sha, data)
    course.bundle = sha
    return course


def extensions(course: Course, students: list[str]) -> dict[str, float]:
    return gradebook.definition(course.url, course.lesson, students)["extensions"]


def send(course: Course, students: list[str]) -> dict[str, dict[str, Any]]:
    """One job per student's submission; ``{job id: job}`` without the files."""
    granted = extensions(course, students)
    sent = {}
    for student in students:
        folder = course.root / "submitted" / student / course.lesson
        with tempfile.TemporaryDirectory(prefix="bfs-send-") as tmp:
            copy = Path(tmp) / "submission"
            copied = copy_submission(folder, copy)
            course.notes += [f"{student}: {line}" for line in copied.lines()]
            packed = jobs.pack(copy)
            digest = jobs.files_digest(copy)
        job = jobs.make_job(
            course.key,
            course.lesson,
            student,
            course.bundle,
            packed,
            digest,
            granted.get(student),
        )
        if len(packed) > jobs.MAX_JOB_BYTES:
            # Too large for the broker: recorded as failed without going through a worker.
            cause = (
                f"the submission is {len(packed) / 2**20:.0f} MiB packed, over the queue's "
                f"{jobs.MAX_JOB_BYTES / 2**20:.0f} MiB"
            )
            broker.add_result(course.r, jobs.result_of(job, "failed", "sender", cause=cause))
        else:
            taskqueue.enqueue(course.app, job, course.budget)
        sent[job["job"]] = {k: v for k, v in job.items() if k != "files"}
    return sent


def wait(
    course: Course,
    pending: dict[str, dict[str, Any]],
    after: str,
    progress: Progress,
    on_recorded: Callable[[dict[str, Any]], None],
) -> None:
    """Until every job in ``pending`` is recorded; recording too whenever no writer runs."""
    writer = Writer(course.root, course.r, say=progress.note, db_url=course.url)
    told_standing = False
    last_news = time.monotonic()
    try:
        while pending:
            try:
                if not writer.lock.held and writer.acquire():
                    if told_standing:
                        progress.note("the standing writer stopped: recording here")
                if writer.lock.held:
                    try:
                        writer.step(block_ms=250)
                    except WriterLost as exc:
                        progress.note(str(exc))
                elif not told_standing:
                    progress.note("a standing writer records this gradebook: following it")
                    told_standing = True
                # The writer's step waited already; else wait here (None: do not wait).
                after, events = broker.read_events(
                    course.r, course.key, after, None if writer.lock.held else 1000
                )
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                progress.note(f"the queue is unavailable ({exc}); trying again in 2 s")
                time.sleep(2)
                continue
            for event in events:
                if event.get("job") not in pending:
                    continue
                last_news = time.monotonic()
                kind = event.get("type")
                if kind == "started":
                    progress.started(event["student"])
                elif kind == "environment":
                    progress.note(
                        f"worker {event.get('worker')} stopped: its grading environment is "
                        f"broken ({event.get('cause')}); {event['student']} went back to the queue"
                    )
                elif kind == "recorded":
                    pending.pop(event["job"])
                    on_recorded(event)
            if time.monotonic() - last_news > QUIET_NOTE:
                last_news = time.monotonic()
                progress.note(_waiting_note(course, len(pending)))
    finally:
        writer.release()


def _waiting_note(course: Course, pending: int) -> str:
    try:
        queued = taskqueue.queued(course.app)
    except Exception:
        queued = "?"
    return (
        f"waiting for {pending} job(s), {queued} not yet taken by a worker: is "
        "`python -m autograder worker --queue URL` running?"
    )


def _current(course: Course, student: str, tests: str) -> bool:
    """Whether ``student``'s recorded grade was computed from today's files and tests."""
    return grading_records.up_to_date(course.root, course.lesson, student, tests=tests)


def _outcome(event: dict[str, Any]) -> tuple[str, bool]:
    """(what ``Progress`` prints after the student's name, whether it failed)."""
    status = event["status"]
    if status == "stale":
        return "skipped: a newer submission's grade is recorded", False
    failed = status == "failed"
    text = f"{event['score']:g}/{event['max_score']:g} {'FAILED' if failed else 'ok'}"
    if event.get("again"):
        text += " (recorded before)"
    else:
        text += f" ({event.get('seconds') or 0:.1f} s, {event.get('worker')})"
    if failed and event.get("cause"):
        text += f": {event['cause']}"
    return text, failed


def grade(
    root: Path,
    lesson: str,
    students: list[str] | None,
    force: bool,
    queue_url: str,
    update_tests: bool = False,
) -> int:
    """``python -m autograder grade LESSON --queue URL``: the class through the queue."""
    before = registration.fingerprint(gradebook.db_url(root), lesson)
    course = open_course(root, lesson, queue_url, update_tests)
    if isinstance(course, str):
        print(f"grade: {course}")
        return 2
    tests = registration.fingerprint(course.url, lesson)
    force = force or tests != before
    available = sorted(p.parent.name for p in root.glob(f"submitted/*/{lesson}"))
    wanted = students or available
    missing = [s for s in wanted if s not in available]
    todo = [s for s in wanted if s in available and (force or not _current(course, s, tests))]
    skipped = [s for s in wanted if s in available and s not in todo]
    print(
        f"grading {lesson}: {len(todo)} submission(s) through the queue"
        + (f", {len(skipped)} already graded (use --force to regrade)" if skipped else ""),
        flush=True,
    )
    started = time.perf_counter()
    after = broker.last_event_id(course.r, course.key)
    pending = send(course, todo)
    for note in course.notes:
        print(note)
    rows: list[batch.Row] = []
    flagged: dict[str, str] = {}
    progress = Progress(len(pending))

    def recorded(event: dict[str, Any]) -> None:
        text, failed = _outcome(event)
        progress.done(event["student"], text, failed)
        ok = event["status"] == "ok"
        if event["status"] != "stale":
            seconds = float(event.get("seconds") or 0.0)
            result = batch.StudentResult(
                event["student"],
                ok,
                seconds,
                cause=event.get("cause"),
                flagged=event.get("flagged"),
            )
            row = batch.Row(
                event["student"],
                "ok" if ok else "FAILED",
                float(event["score"]),
                float(event["max_score"]),
                0.0,
                seconds,
                result,
            )
            rows.append(row)
        if event.get("flagged"):
            flagged[event["student"]] = event["flagged"]

    wait(course, pending, after, progress, recorded)
    progress.close()
    batch._export(root)
    batch._report(root, lesson, rows)
    batch._summary(rows, missing, time.perf_counter() - started)
    for student, note in sorted(flagged.items()):
        print(f"flagged: {student}: {note}")
    return 0


def submit(
    root: Path, lesson: str, students: list[str] | None, queue_url: str, wait_for: bool
) -> int:
    """``python -m autograder submit LESSON``: send new submissions (or ``students``') now."""
    course = open_course(root, lesson, queue_url)
    if isinstance(course, str):
        print(f"submit: {course}")
        return 2
    available = sorted(p.parent.name for p in root.glob(f"submitted/*/{lesson}"))
    if students:
        missing = [s for s in students if s not in available]
        if missing:
            print(f"submit: no submission of {lesson} for: {', '.join(missing)}")
            return 2
        todo = students
    else:
        tests = registration.fingerprint(course.url, lesson)
        todo = [s for s in available if not _current(course, s, tests)]
    after = broker.last_event_id(course.r, course.key)
    pending = send(course, todo)
    for note in course.notes:
        print(note)
    print(f"submitted {len(pending)} job(s) of {lesson}", flush=True)
    if not wait_for or not pending:
        return 0
    progress = Progress(len(pending))

    def recorded(event: dict[str, Any]) -> None:
        text, failed = _outcome(event)
        latency = event["recorded_at"] - event["enqueued_at"]
        progress.done(event["student"], f"{text}, recorded {latency:.1f} s after submit", failed)

    wait(course, pending, after, progress, recorded)
    progress.close()
    return 0
