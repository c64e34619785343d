"""``python -m autograder worker``: grade submissions from the queue, one per task.

A worker is a Celery worker (``taskqueue.py``) whose processes each grade one
job at a time exactly as ``python -m autograder grade`` grades one student
(``batch.py``): a scratch course in memory, nbgrader's autograde and feedback
converters, both kernels in the sandbox.  What is course-specific comes with
the job: the submission's files, and the lesson bundle (the gradebook's
definition of the lesson and its ``source/`` folder), fetched from Redis once
per process.  The grading code and ``nbgrader_config.py`` are the worker's own
(``--root``, the same course checkout as the instructor's): a worker never
runs code it was sent.

Before its first job of a lesson a process grades the lesson's answer key,
as ``grade`` does.  If the key falls short the grading environment is
broken: the job goes back to the queue for another worker and this worker
stops.  A job's result (or the cause of its failure) goes to the course's
results stream, and the course's one writer records it (``writer.py``).

A job can be handed out again: after its worker died, or after the
broker lost track of it (Redis restarted, a job ran past the visibility
timeout).  A copy of a job whose result was already sent is acknowledged
without grading; a job started more than :data:`MAX_ATTEMPTS` times is
recorded as failed rather than tried again.  (With the visibility timeout
above the hard time limit, as ``taskqueue.py`` asks, every earlier start of
such a job died.)
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import socket
import tempfile
import time
import warnings
from collections import OrderedDict
from datetime import timedelta
from pathlib import Path
from typing import Any

from . import batch, broker, gradebook, jobs, taskqueue

MAX_ATTEMPTS = 3
"""Starts of one job before it is recorded as failed (a worker died each time)."""
DELIVERY_PATIENCE = 300.0
"""Seconds a result waits for Redis to come back before its job is given up (and redone)."""
KEEP_LESSONS = 3
"""Lessons whose scratch course a worker process keeps ready."""

log = logging.getLogger("autograder.worker")

STATE: dict[str, Any] = {"root": None, "name": None, "redis": None, "broker_url": None}
"""This worker's course root, name and broker; the Redis client is made per process."""


def _base() -> Path:
    """Where scratch courses go: memory when it can (nbgrader commits often)."""
    return Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else Path(tempfile.gettempdir())


def _redis():
    client = STATE["redis"]
    if client is None or STATE.get("redis_pid") != os.getpid():
        client = STATE["redis"] = broker.connect(STATE["broker_url"])
        STATE["redis_pid"] = os.getpid()
    return client


class Workspace:
    """One lesson's scratch course in this process, made from its bundle."""

    def __init__(self, sha: str, bundle: dict[str, Any], root: Path) -> None:
        lesson = bundle["lesson"]
        self.sha, self.lesson = sha, lesson
        self.dir = Path(tempfile.mkdtemp(prefix=f"bfs-lesson-{os.getpid()}-", dir=_base()))
        course = self.dir / "course"
        (course / "source" / lesson).mkdir(parents=True)
        shutil.copy(root / "nbgrader_config.py", course)
        jobs.unpack(jobs.unb64(bundle["source"]), course / "source" / lesson)
        snapshot = self.dir / "gradebook.db"
        gradebook.write_scratch(bundle["definition"], snapshot)
        own = hashlib.sha256((root / "nbgrader_config.py").read_bytes()).hexdigest()
        if bundle.get("config_sha256") not in (None, own):
            log.warning(
                "%s: this worker's nbgrader_config.py differs from the course's: grades may "
                "differ from `grade` on the instructor's machine",
                lesson,
            )
        batch._worker_init(str(course), lesson, str(snapshot))
        self.state = dict(batch.LOCAL_STATE)
        started = time.perf_counter()
        self.problem = batch._grade_answer_key()
        log.info(
            "%s: answer key graded in %.1f s: %s",
            lesson,
            time.perf_counter() - started,
            self.problem or "full marks",
        )

    def activate(self) -> None:
        """Make this the scratch course batch's grading functions use."""
        batch.LOCAL_STATE.clear()
        batch.LOCAL_STATE.update(self.state)
        os.chdir(self.state["scratch"])

    def grade(self, job: dict[str, Any], worker: str) -> dict[str, Any]:
        """Grade one job here; its result (``jobs.py``)."""
        self.activate()
        student, lesson = job["student"], job["lesson"]
        course, scratch = self.state["root"], self.state["scratch"]
        submitted = course / "submitted" / student / lesson
        try:
            shutil.rmtree(submitted.parent, ignore_errors=True)
            jobs.unpack(jobs.unb64(job["files"]), submitted)
            self._set_extension(student, job.get("extension"))
            graded = batch._grade_one(student)
            status = "ok" if graded.ok else "failed"
            # (batch's own cause of a failure, where it names one; else the log's.)
            cause = None if graded.ok else getattr(graded, "cause", None)
            cause = cause or (None if graded.ok else batch.failure_cause(graded.log))
            return jobs.result_of(job, status, worker, cause=cause, graded=graded)
        finally:
            shutil.rmtree(submitted.parent, ignore_errors=True)
            for tree in ("submitted", "autograded", "feedback"):
                shutil.rmtree(scratch / tree / student, ignore_errors=True)

    def _set_extension(self, student: str, seconds: float | None) -> None:
        from nbgrader.api import MissingEntry

        with gradebook.open_gradebook(f"sqlite:///{self.state['scratch'] / 'gradebook.db'}") as gb:
            if seconds:
                gb.update_or_create_student(student)
                gb.update_or_create_submission(
                    self.lesson, student, extension=timedelta(seconds=seconds)
                )
                return
            try:
                gb.find_submission(self.lesson, student).extension = None
                gb.db.commit()
            except MissingEntry:
                pass

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


WORKSPACES: OrderedDict[str, Workspace] = OrderedDict()


def workspace(sha: str) -> Workspace:
    """The scratch course of bundle ``sha`` in this process, made on first use."""
    if sha in WORKSPACES:
        WORKSPACES.move_to_end(sha)
        return WORKSPACES[sha]
    data = broker.get_bundle(_redis(), sha)
    if data is None:
        raise jobs.BadJob(f"lesson bundle {sha[:12]} is no longer stored: enqueue the job again")
    made = Workspace(sha, jobs.read_bundle(data), STATE["root"])
    WORKSPACES[sha] = made
    while len(WORKSPACES) > KEEP_LESSONS:
        WORKSPACES.popitem(last=False)[1].close()
    return made


class EnvironmentBroken(Exception):
    """This worker cannot grade: its answer key check failed."""


def _tell(course: str, **event: Any) -> None:
    """An event for those following the course (best effort: progress only)."""
    try:
        broker.add_event(_redis(), course, **event)
    except Exception as exc:
        log.warning("event not sent (%s): %s", exc, event.get("type"))


def _deliver(result: dict[str, Any]) -> None:
    """Send a result to its writer, waiting while Redis is unavailable.

    If it cannot be sent for :data:`DELIVERY_PATIENCE` seconds, this process
    exits without acknowledging the job, so the job is handed out again.
    """
    import redis

    deadline = time.monotonic() + DELIVERY_PATIENCE
    pause = 1.0
    while True:
        try:
            broker.add_result(_redis(), result)
            return
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            if time.monotonic() > deadline:
                log.error("cannot send the result of %s (%s): leaving the job", result["job"], exc)
                os._exit(70)
            log.warning("Redis is unavailable (%s); sending the result again in %g s", exc, pause)
            time.sleep(pause)
            pause = min(30.0, pause * 2)


def run_job(raw: Any, worker: str) -> str:
    """Grade one job and send its result to its course's writer; the result's status."""
    from celery.exceptions import SoftTimeLimitExceeded

    try:
        job = jobs.check_job(raw)
    except jobs.BadJob as exc:
        log.error("dropped a message that is not a grading job: %s", exc)
        return "dropped"
    try:
        if broker.is_done(_redis(), job["job"]):
            log.info("%s %s: graded before, not again", job["lesson"], job["student"])
            return "done before"
        attempt = broker.count_attempt(_redis(), job["job"])
    except Exception:
        attempt = 1
    _tell(
        job["reply"],
        type="started",
        job=job["job"],
        lesson=job["lesson"],
        student=job["student"],
        worker=worker,
        attempt=attempt,
    )
    log.info("%s %s: grading (attempt %d)", job["lesson"], job["student"], attempt)
    if attempt > MAX_ATTEMPTS:
        cause = (
            f"grading was interrupted {attempt - 1} times (the worker died or was stopped "
            "while grading it); not tried again"
        )
        result = jobs.result_of(job, "failed", worker, cause=cause)
    else:
        try:
            place = workspace(job["bundle"])
            if place.problem:
                raise EnvironmentBroken(place.problem)
            result = place.grade(job, worker)
        except EnvironmentBroken:
            raise
        except SoftTimeLimitExceeded:
            result = jobs.result_of(
                job, "failed", worker, cause="grading took longer than its time limit"
            )
        except Exception as exc:
            log.exception("%s %s: grading failed", job["lesson"], job["student"])
            cause = f"grading failed: {type(exc).__name__}: {exc}"[:500]
            result = jobs.result_of(job, "failed", worker, cause=cause)
    _deliver(result)
    try:
        broker.mark_done(_redis(), job["job"])
    except Exception as exc:
        log.warning("%s not marked as done (%s)", job["job"], exc)
    log.info(
        "%s %s: %s%s",
        job["lesson"],
        job["student"],
        result["status"],
        f" ({result['cause']})" if result["cause"] else "",
    )
    return result["status"]


def register(app) -> None:
    """The grading task, on ``app`` (``taskqueue.make_app``)."""
    from celery import Task
    from celery.exceptions import Reject, TimeLimitExceeded

    class GradeTask(Task):
        def on_failure(self, exc, task_id, args, kwargs, einfo):
            # A hard time limit kills the process grading the job; the worker's
            # main process reports it, so the writer records it as failed.
            if isinstance(exc, TimeLimitExceeded) and args:
                try:
                    job = jobs.check_job(args[0])
                except jobs.BadJob:
                    return
                cause = f"grading took longer than its hard time limit ({exc}) and was stopped"
                _deliver(jobs.result_of(job, "failed", STATE["name"], cause))

    @app.task(name=taskqueue.TASK, bind=True, base=GradeTask)
    def grade_submission(self, job):
        try:
            return run_job(job, STATE["name"])
        except EnvironmentBroken as exc:
            # The job goes back to the queue, and this worker stops: a healthy one grades it.
            log.error("stopping this worker: its grading environment is broken: %s", exc)
            broker.uncount_attempt(_redis(), job["job"])
            _tell(
                job.get("reply", ""),
                type="environment",
                job=job.get("job"),
                lesson=job.get("lesson"),
                student=job.get("student"),
                worker=STATE["name"],
                cause=str(exc),
            )
            os.kill(os.getppid(), signal.SIGTERM)  # warm shutdown of this worker
            raise Reject(str(exc), requeue=True) from exc


def _close_workspaces(**_) -> None:
    """A pool process that exits removes its scratch courses."""
    while WORKSPACES:
        WORKSPACES.popitem()[1].close()


def _remove_leftovers(base: Path) -> None:
    """Scratch courses of worker processes that are gone (killed, so never cleaned)."""
    for folder in base.glob("bfs-lesson-*"):
        try:
            pid = int(folder.name.split("-")[2])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, IndexError, PermissionError):
            continue


def main(
    root: Path,
    broker_url: str,
    concurrency: int,
    name: str | None = None,
    visibility_timeout: float = taskqueue.DEFAULT_VISIBILITY,
) -> int:
    """Run a worker until it is stopped (SIGTERM: finish the jobs in hand, then exit)."""
    from .sandbox import (
        SandboxUnavailable,
        check_bubblewrap,
        matplotlib_font_lists,
        sandbox_enabled,
    )

    if not (root / "nbgrader_config.py").exists():
        print(f"worker: {root} is not a course folder (no nbgrader_config.py).")
        return 2
    if sandbox_enabled():
        try:
            check_bubblewrap()
        except SandboxUnavailable as exc:
            print(f"worker: {exc}")
            return 2
    # Imported (and the font list read) once, before the pool's processes fork.
    import nbgrader.apps  # noqa: F401

    gradebook.quiet_nbgrader()
    matplotlib_font_lists()
    _remove_leftovers(_base())
    STATE.update(
        root=root,
        broker_url=broker_url,
        name=name or f"bfs-{os.getpid()}@{socket.gethostname()}",
    )
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s: %(levelname)s] %(message)s")
    # Celery warns a worker running as root; grading needs root (each kernel is
    # switched to an unprivileged user of its own) and tasks are JSON, never pickle.
    from celery.platforms import SecurityWarning

    warnings.filterwarnings("ignore", category=SecurityWarning)
    app = taskqueue.make_app(broker_url, visibility_timeout)
    register(app)
    from celery.signals import worker_process_shutdown

    worker_process_shutdown.connect(_close_workspaces, weak=False)
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--queues={taskqueue.QUEUE}",
            f"--hostname={STATE['name']}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
        ]
    )
    return 0
