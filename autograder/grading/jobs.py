"""What travels through the grading queue: jobs, lesson bundles and results, as JSON.

Nothing here is pickled: a worker reads only JSON and the tar archives this
module writes, unpacked without following a name out of its folder.

A **job** (the one argument of a queue task) is one submission::

    {"job": id, "reply": course key, "lesson", "student", "bundle": sha256,
     "files": base64 .tar.gz of the submission folder, "digest": sha256 of its files,
     "extension": seconds or None, "enqueued_at": epoch seconds}

A **lesson bundle** is what a worker needs besides its own copy of the course
code and config: the gradebook's definition of the lesson (``gradebook.py``)
and the lesson's ``source/`` folder.  It is stored once under its sha256 and
fetched by each worker process once::

    {"lesson", "definition", "source": base64 .tar.gz, "config_sha256"}

A **result** goes back to the course's one writer::

    {"job", "reply", "lesson", "student", "enqueued_at", "status": "ok" | "failed",
     "cause", "worker", "seconds", "grades", "comments", "penalties", "timestamp",
     "flagged", "log", "autograded", "feedback"}

``autograded`` and ``feedback`` are base64 .tar.gz of the graded folders (or
None); ``cause`` says why a failed submission failed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import tarfile
import time
import uuid
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from .batch import StudentResult

MAX_JOB_BYTES = 32 * 1024 * 1024
"""Largest packed submission a job carries (the broker holds every queued job in memory)."""
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""Largest total a packed folder may unpack to."""
MAX_LOG_CHARS = 64 * 1024
"""Grading log kept in a result (its end)."""

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}")


class BadJob(ValueError):
    """A job or bundle that is not what this module writes."""


def checked_name(kind: str, value: Any) -> str:
    """``value`` if it is a plain student or lesson id (one path component), else raise."""
    if not isinstance(value, str) or not _NAME.fullmatch(value) or value in {".", ".."}:
        raise BadJob(f"{kind} {value!r} is not a plain id")
    return value


def b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text.encode("ascii"), validate=True)


# --------------------------------------------------------------------------
# Folders as archives
# --------------------------------------------------------------------------


def pack(folder: Path, reproducible: bool = False) -> bytes:
    """``folder``'s regular files and folders as a .tar.gz (links and special files left out).

    ``reproducible``: every time stamp 0, so equal contents give equal bytes.
    """
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=6) as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                continue
            info = tar.gettarinfo(str(path), arcname=path.relative_to(folder).as_posix())
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = 0o755 if info.isdir() else 0o644
            if reproducible:
                info.mtime = 0
            if info.isdir():
                tar.addfile(info)
            else:
                with path.open("rb") as f:
                    tar.addfile(info, f)
    if not reproducible:
        return buffer.getvalue()
    # gzip's own header holds a time stamp too.
    data = bytearray(buffer.getvalue())
    data[4:8] = b"\0\0\0\0"
    return bytes(data)


def unpack(data: bytes, dest: Path, max_bytes: int = MAX_UNPACKED_BYTES) -> None:
    """Write the archive ``data`` into ``dest``: plain relative names, files and folders only."""
    dest.mkdir(parents=True, exist_ok=True)
    total = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar:
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts or not name.parts:
                raise BadJob(f"archive member {member.name!r} leaves its folder")
            target = dest.joinpath(*name.parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            if not member.isfile():
                raise BadJob(f"archive member {member.name!r} is not a regular file")
            total += member.size
            if total > max_bytes:
                raise BadJob(f"archive unpacks to more than {max_bytes} bytes")
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as out:
                out.write(src.read())
            target.chmod(0o644)
            if member.mtime:
                os.utime(target, (member.mtime, member.mtime))


def files_digest(folder: Path) -> str:
    """sha256 of a folder's regular files (names and contents), independent of time stamps."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# --------------------------------------------------------------------------
# Bundles and jobs
# --------------------------------------------------------------------------


def make_bundle(
    lesson: str, definition: dict[str, Any], source: Path, config: Path
) -> tuple[str, bytes]:
    """(sha256, JSON bytes) of the bundle of ``lesson``."""
    body = {
        "lesson": checked_name("lesson", lesson),
        "definition": definition,
        "source": b64(pack(source, reproducible=True)),
        "config_sha256": hashlib.sha256(config.read_bytes()).hexdigest(),
    }
    data = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(data).hexdigest(), data


def read_bundle(data: bytes) -> dict[str, Any]:
    bundle = json.loads(data)
    if not isinstance(bundle, dict) or not {"lesson", "definition", "source"} <= bundle.keys():
        raise BadJob("not a lesson bundle")
    checked_name("lesson", bundle["lesson"])
    return bundle


def make_job(
    reply: str,
    lesson: str,
    student: str,
    bundle: str,
    packed: bytes,
    digest: str,
    extension: float | None = None,
) -> dict[str, Any]:
    """A new job (a fresh id) for one packed submission folder."""
    return {
        "job": uuid.uuid4().hex,
        "reply": reply,
        "lesson": checked_name("lesson", lesson),
        "student": checked_name("student", student),
        "bundle": bundle,
        "files": b64(packed),
        "digest": digest,
        "extension": extension,
        "enqueued_at": time.time(),
    }


def check_job(job: Any) -> dict[str, Any]:
    """``job`` if it is a job as :func:`make_job` writes it, else raise :class:`BadJob`."""
    needed = {"job", "reply", "lesson", "student", "bundle", "files", "enqueued_at"}
    if not isinstance(job, dict) or not needed <= job.keys():
        raise BadJob("not a grading job")
    checked_name("lesson", job["lesson"])
    checked_name("student", job["student"])
    if not re.fullmatch(r"[0-9a-f]{32}", str(job["job"])):
        raise BadJob(f"job id {job['job']!r} is not one of ours")
    return job


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


def result_of(
    job: dict[str, Any],
    status: str,
    worker: str,
    cause: str | None = None,
    graded: StudentResult | None = None,
) -> dict[str, Any]:
    """The result of ``job``: ``graded`` (batch's ``StudentResult``) or a failure's cause."""
    out: dict[str, Any] = {
        key: job.get(key) for key in ("job", "reply", "lesson", "student", "enqueued_at")
    }
    out.update(status=status, cause=cause, worker=worker, seconds=0.0, log="")
    out.update(grades=[], comments=[], penalties=[], timestamp=None, flagged=None)
    out.update(autograded=None, feedback=None, warnings=[], digest=job.get("digest") or "")
    if graded is not None:
        out.update(
            seconds=graded.seconds,
            log=graded.log[-MAX_LOG_CHARS:],
            grades=[list(g) for g in graded.grades],
            comments=[list(c) for c in graded.comments],
            penalties=[list(p) for p in graded.penalties],
            timestamp=graded.timestamp.isoformat() if graded.timestamp else None,
            flagged=graded.flagged,
            warnings=[str(w) for w in graded.warnings],
            digest=graded.digest or out["digest"],
        )
        for key in ("autograded", "feedback"):
            folder = getattr(graded, key)
            if folder and Path(folder).is_dir():
                out[key] = b64(pack(Path(folder)))
    return out


def student_result(result: dict[str, Any], folders: Path) -> StudentResult:
    """batch's ``StudentResult`` of a result, its graded folders unpacked under ``folders``."""
    out = StudentResult(
        student=checked_name("student", result["student"]),
        ok=result["status"] == "ok",
        seconds=float(result.get("seconds") or 0.0),
        log=result.get("log") or "",
        grades=[tuple(g) for g in result.get("grades", [])],
        comments=[tuple(c) for c in result.get("comments", [])],
        penalties=[tuple(p) for p in result.get("penalties", [])],
        timestamp=datetime.fromisoformat(result["timestamp"]) if result.get("timestamp") else None,
        flagged=result.get("flagged"),
        cause=result.get("cause"),
        warnings=[str(w) for w in result.get("warnings") or []],
        digest=str(result.get("digest") or ""),
    )
    for key in ("autograded", "feedback"):
        if result.get(key):
            unpack(unb64(result[key]), folders / key)
            setattr(out, key, str(folders / key))
    return out
