"""The one writer of a course's gradebook when grading goes through the queue.

Workers send results; only the process holding the course's writer lock
(``broker.WriterLock``) records them: in the gradebook (SQLite or PostgreSQL,
nbgrader's ``db_url``) exactly as ``python -m autograder grade`` does
(``batch._merge``: scores per cell, comments, late penalties, the autograded
notebook and the feedback page in the course folder).

Each job is recorded once.  The gradebook holds a ledger of recorded jobs,
``bfs_recorded_job``, written in the same transaction as the grades (nbgrader's
gradebook calls commit after each change; while a result is merged those
calls only flush, and one commit ends it), so a result delivered twice (a worker that died
after sending it, a slow job handed out again) is recognised and skipped, and
a result older than the one recorded for that student (an earlier submission
graded late) does not overwrite it.  A result leaves the results stream only
once its transaction is committed: if the gradebook (or Redis) is
unavailable, the writer says so, waits and tries the same result again;
nothing is recorded twice or lost.
"""

from __future__ import annotations

import contextlib
import json
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import Column, Float, MetaData, String, Table, Text, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from . import batch, broker, gradebook, jobs, registration

LEDGER = Table(
    "bfs_recorded_job",
    MetaData(),
    Column("job_id", String(64), primary_key=True),
    Column("assignment", String(128), nullable=False, index=True),
    Column("student", String(128), nullable=False, index=True),
    Column("enqueued_at", Float, nullable=False),
    Column("recorded_at", Float, nullable=False),
    Column("status", String(16), nullable=False),
    Column("score", Float),
    Column("max_score", Float),
    Column("worker", String(255)),
    Column("cause", Text),
)
"""Jobs recorded in this gradebook: ``ok``, ``failed`` (recorded as 0) or ``stale`` (skipped)."""

RETRY_FIRST, RETRY_MAX = 1.0, 30.0
"""Seconds between tries while the gradebook or Redis is unavailable (doubling)."""


class WriterLost(RuntimeError):
    """This process no longer holds the gradebook's writer lock."""


@dataclass
class Recorded:
    """What the writer did with one result."""

    job: str
    lesson: str
    student: str
    status: str
    """ok, failed (recorded as 0) or stale (skipped: a newer job of the student is recorded)."""
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    worker: str | None = None
    cause: str | None = None
    enqueued_at: float = 0.0
    flagged: str | None = None
    again: bool = False
    """This job was recorded before (with ``status``): nothing was written now."""


class Writer:
    """Records the results of a course's jobs into its gradebook, one at a time.

    ``say`` receives a line for the instructor whenever the writer waits for
    the gradebook or Redis to come back.
    """

    def __init__(
        self,
        root: Path,
        r: redis.Redis,
        say: Callable[[str], None] = print,
        db_url: str | None = None,
    ) -> None:
        self.root = root
        self.r = r
        self.say = say
        self.url = db_url or gradebook.db_url(root)
        self.course = broker.course_key(self.url)
        self.lock = broker.WriterLock(r, self.course)
        self.consumer = f"writer-{socket.gethostname()}-{id(self):x}"
        self._gb = None
        self._claimed = False

    # -- the lock ---------------------------------------------------------

    def acquire(self) -> bool:
        """Become the course's writer, if no one else is."""
        if self._retrying("Redis", lambda: self.lock.acquire()):
            self._retrying("Redis", lambda: broker.ensure_group(self.r, self.course))
            return True
        return False

    def release(self) -> None:
        try:
            self.lock.release()
        except redis.RedisError:
            pass  # it lapses by itself
        if self._gb is not None:
            self._gb.close()
            self._gb = None

    # -- one step -----------------------------------------------------------

    def step(self, block_ms: int = 1000) -> list[Recorded]:
        """Record the results waiting (first those an earlier writer left), up to a few."""
        if not self._retrying("Redis", self.lock.renew):
            raise WriterLost(
                "the writer's lock lapsed; recording stopped here until it is held again"
            )
        new = self._claimed
        entries = self._retrying(
            "Redis",
            lambda: list(broker.claim_results(self.r, self.course, self.consumer, new, block_ms)),
        )
        self._claimed = True
        done = []
        for entry_id, raw in entries:
            recorded = self.record(raw)
            self._retrying("Redis", lambda e=entry_id: broker.done_with(self.r, self.course, e))
            if recorded is not None:
                self._retrying("Redis", lambda r=recorded: self._announce(r))
                done.append(recorded)
        return done

    def record(self, raw: bytes | None) -> Recorded | None:
        """Record one result (raw JSON from the stream), retrying while the gradebook is down."""
        try:
            result = json.loads(raw) if raw is not None else None
            job = result["job"]
            lesson = jobs.checked_name("lesson", result["lesson"])
            student = jobs.checked_name("student", result["student"])
            float(result["enqueued_at"])
            if result["status"] not in ("ok", "failed"):
                raise ValueError(f"status {result['status']!r}")
        except (TypeError, KeyError, ValueError, jobs.BadJob) as exc:
            self.say(f"writer: skipped a result that cannot be read ({exc})")
            return None
        return self._retrying("the gradebook", lambda: self._record(result, lesson, student, job))

    def _record(self, result: dict[str, Any], lesson: str, student: str, job: str) -> Recorded:
        gb = self._gradebook()
        db = gb.db
        try:
            seen = db.execute(select(LEDGER).where(LEDGER.c.job_id == job)).first()
            if seen is not None:
                db.rollback()
                return Recorded(
                    job,
                    lesson,
                    student,
                    seen.status,
                    score=seen.score or 0.0,
                    max_score=seen.max_score or 0.0,
                    worker=seen.worker,
                    cause=seen.cause,
                    enqueued_at=seen.enqueued_at,
                    again=True,
                )
            newest = db.execute(
                select(LEDGER.c.enqueued_at)
                .where(LEDGER.c.assignment == lesson, LEDGER.c.student == student)
                .where(LEDGER.c.status.in_(["ok", "failed"]))
                .order_by(LEDGER.c.enqueued_at.desc())
                .limit(1)
            ).scalar()
            out = Recorded(
                job,
                lesson,
                student,
                result["status"],
                seconds=float(result.get("seconds") or 0.0),
                worker=result.get("worker"),
                cause=result.get("cause"),
                enqueued_at=float(result["enqueued_at"]),
                flagged=result.get("flagged"),
            )
            if newest is not None and newest > out.enqueued_at:
                out.status = "stale"
            else:
                with tempfile.TemporaryDirectory(prefix="bfs-record-") as tmp:
                    try:
                        graded = jobs.student_result(result, Path(tmp))
                    except (jobs.BadJob, ValueError, OSError) as exc:
                        graded = batch.StudentResult(student, False, 0.0)
                        out.status, out.cause = "failed", f"the result cannot be read: {exc}"
                    out.score, out.max_score = self._merge(gb, out, graded)
            db.execute(LEDGER.insert().values(self._ledger_row(out)))
            db.commit()
            return out
        except IntegrityError:
            # Another writer recorded this job meanwhile (its lock had lapsed): read what.
            db.rollback()
            return self._record(result, lesson, student, job)
        except BaseException:
            db.rollback()
            raise

    def _merge(self, gb, out: Recorded, graded: batch.StudentResult) -> tuple[float, float]:
        """batch's merge of one result, in one transaction; a result that does not fit the
        gradebook (its lesson was registered again since) is recorded as failed."""
        from nbgrader.api import InvalidEntry, MissingEntry

        tests = registration.fingerprint(self.url, out.lesson)
        try:
            with _one_transaction(gb.db):
                return batch._merge(gb, self.root, out.lesson, graded, tests)
        except (MissingEntry, InvalidEntry) as exc:
            gb.db.rollback()
            out.status = "failed"
            out.cause = f"the result does not fit the gradebook ({exc}): grade it again"
        with _one_transaction(gb.db):
            return batch._merge(
                gb, self.root, out.lesson, batch.StudentResult(out.student, False, 0.0), tests
            )

    @staticmethod
    def _ledger_row(out: Recorded) -> dict[str, Any]:
        return {
            "job_id": out.job,
            "assignment": out.lesson,
            "student": out.student,
            "enqueued_at": out.enqueued_at,
            "recorded_at": time.time(),
            "status": out.status,
            "score": out.score,
            "max_score": out.max_score,
            "worker": out.worker,
            "cause": out.cause,
        }

    def _announce(self, out: Recorded) -> None:
        broker.add_event(
            self.r,
            self.course,
            type="recorded",
            job=out.job,
            lesson=out.lesson,
            student=out.student,
            status=out.status,
            again=out.again,
            score=out.score,
            max_score=out.max_score,
            seconds=out.seconds,
            worker=out.worker,
            cause=out.cause,
            flagged=out.flagged,
            enqueued_at=out.enqueued_at,
            recorded_at=time.time(),
        )

    def _gradebook(self):
        if self._gb is None:
            self._gb = gradebook.open_gradebook(self.url)
            LEDGER.create(self._gb.engine, checkfirst=True)
        return self._gb

    def _drop_gradebook(self) -> None:
        if self._gb is not None:
            try:
                self._gb.close()
            except Exception:
                pass
            self._gb = None

    # -- waiting for what is down ---------------------------------------------

    def _retrying(self, what: str, action: Callable[[], Any]) -> Any:
        """``action()``, tried again (after a growing pause) while ``what`` is unavailable."""
        pause = RETRY_FIRST
        while True:
            try:
                return action()
            except DBAPIError as exc:
                if what != "the gradebook" or isinstance(exc, IntegrityError):
                    raise
                self._drop_gradebook()
                problem = f"{type(exc.orig).__name__}: {str(exc.orig).strip().splitlines()[0]}"
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                problem = str(exc)
            except OSError as exc:
                if what != "the gradebook":
                    raise
                problem = f"{type(exc).__name__}: {exc}"
            self.say(f"writer: {what} is unavailable ({problem}); trying again in {pause:g} s")
            time.sleep(pause)
            pause = min(RETRY_MAX, pause * 2)
            if what == "the gradebook":
                self._keep_lock()

    def _keep_lock(self) -> None:
        try:
            self.lock.renew()
        except redis.RedisError:
            pass


@contextlib.contextmanager
def _one_transaction(db) -> Iterator[None]:
    """Within this block nbgrader's commits only flush: the caller commits once, after it."""
    session = db()  # the scoped session's current Session
    session.commit = session.flush
    try:
        yield
    finally:
        del session.commit  # the Session's own commit again


def run(root: Path, broker_url: str, idle_exit: float | None = None) -> int:
    """``python -m autograder writer``: record results until stopped (or idle that long)."""
    if not (root / "nbgrader_config.py").exists():
        print(f"writer: {root} is not a course folder (no nbgrader_config.py).")
        return 2
    writer = Writer(root, broker.connect(broker_url), say=lambda line: print(line, flush=True))
    if not writer.acquire():
        print("writer: another writer is recording this gradebook's results already.")
        return 2
    print(f"writer: recording results into {gradebook.redacted(writer.url)}", flush=True)
    last = time.monotonic()
    try:
        while idle_exit is None or time.monotonic() - last < idle_exit:
            try:
                done = writer.step(block_ms=1000)
            except WriterLost as exc:
                print(f"writer: {exc}", flush=True)
                if not writer.acquire():
                    print("writer: another writer holds the lock now; stopping.", flush=True)
                    return 1
                continue
            for out in done:
                last = time.monotonic()
                print(describe(out), flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        writer.release()
    return 0


def describe(out: Recorded) -> str:
    """One plain line about a recorded result."""
    if out.again or out.status == "stale":
        why = "recorded before" if out.again else "stale (a newer job is recorded)"
        return f"{out.lesson} {out.student}: job {out.job[:8]} {why}, skipped"
    status = "ok" if out.status == "ok" else "FAILED"
    line = f"{out.lesson} {out.student}: {out.score:g}/{out.max_score:g} {status}"
    if out.cause and out.status != "ok":
        line += f": {out.cause}"
    return line
