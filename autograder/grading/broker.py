"""The grading queue's data in Redis, besides Celery's own task queue.

For each course gradebook (its key is a hash of nbgrader's ``db_url``):

- ``bfs:<course>:results``, a stream: workers add results, the one writer reads
  them with a consumer group and acknowledges (then deletes) each one only
  once it is committed to the gradebook, so a writer that dies loses nothing;
- ``bfs:<course>:events``, a capped stream of what happened (a worker started
  a job, the writer recorded one), which ``grade --queue`` and ``submit --wait``
  follow for their progress;
- ``bfs:<course>:writer``, the writer's lock: one writer per gradebook.

Shared by all courses: ``bfs:bundle:<sha256>`` (a lesson bundle, ``jobs.py``),
``bfs:attempts:<job>`` (how often workers have started a job) and
``bfs:done:<job>`` (its result was sent: a copy handed out again is not graded again).

Redis must keep what it is told across a restart: run it with an append-only
file (``appendonly yes``, ``appendfsync always``) and ``maxmemory-policy
noeviction`` (``docs/scaling.md``).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

import redis

GROUP = "writer"
"""The results stream's consumer group: the course's writer."""
BUNDLE_TTL = 30 * 24 * 3600
"""Seconds a lesson bundle is kept after it was last enqueued with."""
ATTEMPTS_TTL = 7 * 24 * 3600
EVENTS_KEPT = 100_000
"""Events kept per course (about the last 100 000, trimmed as they come)."""


def connect(url: str) -> redis.Redis:
    """A Redis client for ``url`` that notices a dead connection within seconds."""
    return redis.Redis.from_url(
        url, socket_timeout=30, socket_connect_timeout=10, health_check_interval=15
    )


def course_key(db_url: str) -> str:
    """The name of a gradebook's streams and lock: ``bfs:`` and a hash of its ``db_url``."""
    return "bfs:" + hashlib.sha256(db_url.encode()).hexdigest()[:16]


def results_stream(course: str) -> str:
    return f"{course}:results"


def events_stream(course: str) -> str:
    return f"{course}:events"


def writer_lock(course: str) -> str:
    return f"{course}:writer"


def bundle_key(sha: str) -> str:
    return f"bfs:bundle:{sha}"


# --------------------------------------------------------------------------
# Bundles
# --------------------------------------------------------------------------


def put_bundle(r: redis.Redis, sha: str, data: bytes) -> None:
    """Store a lesson bundle (or keep the stored one another month)."""
    if not r.set(bundle_key(sha), data, ex=BUNDLE_TTL, nx=True):
        r.expire(bundle_key(sha), BUNDLE_TTL)


def get_bundle(r: redis.Redis, sha: str) -> bytes | None:
    return r.get(bundle_key(sha))


def mark_done(r: redis.Redis, job: str) -> None:
    """``job``'s result is on its way to the writer."""
    r.set(f"bfs:done:{job}", 1, ex=ATTEMPTS_TTL)


def is_done(r: redis.Redis, job: str) -> bool:
    return bool(r.exists(f"bfs:done:{job}"))


def uncount_attempt(r: redis.Redis, job: str) -> None:
    """Take back a start that was not a try (the worker could not grade anyone)."""
    r.decr(f"bfs:attempts:{job}")


def count_attempt(r: redis.Redis, job: str) -> int:
    """How many times a worker has now started ``job`` (this start included)."""
    key = f"bfs:attempts:{job}"
    attempts = int(r.incr(key))
    r.expire(key, ATTEMPTS_TTL)
    return attempts


# --------------------------------------------------------------------------
# Results and events
# --------------------------------------------------------------------------


def add_result(r: redis.Redis, result: dict[str, Any]) -> None:
    """A worker's result, for the writer of its course (``result["reply"]``)."""
    r.xadd(results_stream(result["reply"]), {"result": json.dumps(result)})


def add_event(r: redis.Redis, course: str, **event: Any) -> None:
    r.xadd(
        events_stream(course), {"event": json.dumps(event)}, maxlen=EVENTS_KEPT, approximate=True
    )


def last_event_id(r: redis.Redis, course: str) -> str:
    """The id after which events are new (read before enqueuing, so none is missed)."""
    entries = r.xrevrange(events_stream(course), count=1)
    return entries[0][0].decode() if entries else "0-0"


def read_events(
    r: redis.Redis, course: str, after: str, block_ms: int | None
) -> tuple[str, list[dict[str, Any]]]:
    """(new last id, events after ``after``), waiting up to ``block_ms`` for the first.

    ``block_ms=None`` does not wait (Redis reads 0 as "wait for ever").
    """
    found = r.xread({events_stream(course): after}, count=500, block=block_ms)
    events = []
    for _stream, entries in found or []:
        for entry_id, fields in entries:
            after = entry_id.decode()
            events.append(json.loads(fields[b"event"]))
    return after, events


def ensure_group(r: redis.Redis, course: str) -> None:
    """The writer's consumer group on the results stream (made with the stream if missing)."""
    try:
        r.xgroup_create(results_stream(course), GROUP, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def claim_results(r: redis.Redis, course: str, consumer: str, new: bool, block_ms: int):
    """Results for ``consumer``: left unacknowledged by any earlier writer, or (``new``) new ones.

    Yields ``(entry id, raw JSON or None)``; None for an entry Redis no longer has.
    """
    stream = results_stream(course)
    if not new:
        cursor = "0-0"
        while True:
            cursor, entries, *_ = r.xautoclaim(stream, GROUP, consumer, 0, cursor, count=50)
            for entry_id, fields in entries:
                yield entry_id.decode(), (fields or {}).get(b"result")
            if cursor in (b"0-0", "0-0"):
                return
    found = r.xreadgroup(GROUP, consumer, {stream: ">"}, count=10, block=block_ms)
    for _stream, entries in found or []:
        for entry_id, fields in entries:
            yield entry_id.decode(), (fields or {}).get(b"result")


def done_with(r: redis.Redis, course: str, entry_id: str) -> None:
    """Acknowledge and delete a result the writer has committed."""
    stream = results_stream(course)
    r.pipeline().xack(stream, GROUP, entry_id).xdel(stream, entry_id).execute()


# --------------------------------------------------------------------------
# The writer's lock
# --------------------------------------------------------------------------

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class WriterLock:
    """The lock that makes one process the writer of a course's gradebook.

    It lapses ``ttl_ms`` after the last renewal, so a writer that died frees it.
    """

    def __init__(self, r: redis.Redis, course: str, ttl_ms: int = 30_000) -> None:
        self.r, self.key, self.ttl_ms = r, writer_lock(course), ttl_ms
        self.token = secrets.token_hex(16)
        self.held = False

    def acquire(self) -> bool:
        self.held = bool(self.r.set(self.key, self.token, nx=True, px=self.ttl_ms))
        return self.held

    def renew(self) -> bool:
        """Keep holding it; False if it lapsed and someone else took it."""
        self.held = bool(self.r.eval(_RENEW, 1, self.key, self.token, self.ttl_ms))
        return self.held

    def release(self) -> None:
        if self.held:
            self.r.eval(_RELEASE, 1, self.key, self.token)
            self.held = False
