"""The queue of grading jobs: a Celery app on a Redis broker, one submission per task.

Tasks are JSON only (a job, ``jobs.py``), acknowledged late (when the task has
ended, so a worker that dies mid-submission leaves it to another) and
prefetched one at a time (a worker holds no job it is not grading).  A job's
time limits come from the course's per-submission budget
(``TwoKernelExecute.submission_timeout``): the soft limit ends grading with a
recorded failure, the hard one kills the process grading it.

Redis hands a job that was delivered but never acknowledged to another worker
``visibility_timeout`` seconds after delivery.  That must exceed the hard time
limit of every job, or a slow job is graded twice (harmlessly: the writer
records each job once); it is also how long a job of a worker that was killed
waits before another worker takes it.
"""

from __future__ import annotations

from typing import Any

from celery import Celery

QUEUE = "bfs-grading"
TASK = "autograder.grade_submission"
DEFAULT_VISIBILITY = 900.0
"""Seconds before an unacknowledged job is handed out again (above the default hard limit)."""


def time_limits(budget: float) -> tuple[float, float]:
    """(soft, hard) seconds for one job whose student's kernel may run ``budget`` seconds.

    Twice the budget for the student's and the tests' kernels, a minute for
    starting kernels and writing feedback; the hard limit 30 s later.
    """
    soft = 2 * budget + 60
    return soft, soft + 30


def make_app(broker_url: str, visibility_timeout: float = DEFAULT_VISIBILITY) -> Celery:
    """The Celery app of the grading queue on ``broker_url`` (``redis://host:port/db``)."""
    app = Celery("autograder", broker=broker_url, set_as_current=False)
    restore_every = max(1, min(10, int(visibility_timeout // 10)))
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_backend=None,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=QUEUE,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        worker_cancel_long_running_tasks_on_connection_loss=False,
        worker_hijack_root_logger=False,
        broker_transport_options={
            "visibility_timeout": visibility_timeout,
            # Look for jobs of dead workers often enough to matter at this timeout.
            "unacked_restore_interval": restore_every,
            "unacked_restore_throttle": 1,
        },
    )
    return app


def enqueue(app: Celery, job: dict[str, Any], budget: float) -> None:
    """Send ``job`` to the queue under its own id, with the time limits of ``budget``."""
    soft, hard = time_limits(budget)
    app.send_task(
        TASK, args=[job], task_id=job["job"], queue=QUEUE, soft_time_limit=soft, time_limit=hard
    )


def queued(app: Celery) -> int:
    """Jobs waiting in the queue (not yet delivered to a worker)."""
    with app.connection_for_write() as conn:
        return int(conn.default_channel.client.llen(QUEUE))
