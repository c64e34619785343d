"""Grading through the queue: Celery workers on Redis, one writer, a PostgreSQL gradebook.

The end-to-end test grades a class of lesson 01 through two workers on
localhost into PostgreSQL while it kills one worker mid-submission, restarts
Redis and stops PostgreSQL for a while, then finds every grade recorded exactly
once and equal, cell by cell, to what ``python -m autograder grade`` records on
one machine.  The writer's own tests feed it results by hand: a result
delivered twice, one older than the grade recorded, one that does not fit the
gradebook, one interrupted mid-merge, and one recorded while PostgreSQL is down.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

import services
from autograder.authoring import build
from autograder.grading import batch, broker, gradebook, jobs, taskqueue, writer
from autograder.grading.progress import Progress, duration
from conftest import ROOT, bank_bug, fill_solutions, run_nbgrader, venv_env

LESSON = "01_chain_rule"


# --------------------------------------------------------------------------
# Servers and courses
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_server():
    try:
        server = services.Redis(services.new_folder("bfs-redis-")).start()
    except services.ServiceMissing as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def postgres_server():
    try:
        server = services.Postgres(services.new_folder("bfs-pg-")).start()
    except services.ServiceMissing as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()


def new_database(server: services.Postgres, name: str) -> str:
    server.database = name
    server.create_database()
    return server.url


def make_course(path: Path, students: dict[str, str], db_url: str | None = None) -> Path:
    """A course of LESSON at ``path`` (gradebook at ``db_url``, default SQLite) with submissions."""
    path.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "nbgrader_config.py").read_text()
    if db_url:
        config += f"\nc.CourseDirectory.db_url = {db_url!r}\n"
    (path / "nbgrader_config.py").write_text(config)
    (path / "source").mkdir(exist_ok=True)
    if not (path / "source" / LESSON).exists():
        (path / "source" / LESSON).mkdir()
        (path / "source" / LESSON / f"{LESSON}.ipynb").write_bytes(
            build.notebook_path(ROOT, "source", LESSON).read_bytes()
        )
    generated = run_nbgrader(path, "generate_assignment", LESSON, "--force")
    assert generated.returncode == 0, generated.stderr[-3000:]
    for student, text in students.items():
        target = path / "submitted" / student / LESSON / f"{LESSON}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return path


def class_of_lesson_01() -> dict[str, str]:
    """Four submissions: full marks, a bug, the untouched edition and a broken file."""
    source = nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)
    release = nbformat.read(build.notebook_path(ROOT, "release", LESSON), as_version=4)

    def buggy(function: str, label: str) -> str:
        nb = nbformat.from_dict(source)
        return nbformat.writes(fill_solutions(nb, bank_bug(LESSON, function, label).replacements()))

    return {
        "ada": nbformat.writes(source),
        "bob": buggy("square_of_affine", "missing factor 2"),
        "dee": nbformat.writes(release),
        "eve": nbformat.writes(source)[:300],
    }


def cell_scores(db_url: str) -> dict[tuple[str, str], float]:
    """(student, grade cell) -> auto score, as recorded."""
    with gradebook.open_gradebook(db_url) as gb:
        return {
            (sub.student.id, grade.name): grade.auto_score
            for sub in gb.find_assignment(LESSON).submissions
            for nb in sub.notebooks
            for grade in nb.grades
        }


def ledger(db_url: str) -> list[dict]:
    from sqlalchemy import create_engine, select

    engine = create_engine(db_url)
    try:
        with engine.connect() as con:
            return [dict(row._mapping) for row in con.execute(select(writer.LEDGER))]
    finally:
        engine.dispose()


# --------------------------------------------------------------------------
# Progress (no servers)
# --------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_prints_plain_lines_with_an_estimate_in_a_log():
    out, clock = io.StringIO(), Clock()
    progress = Progress(4, stream=out, clock=clock)
    progress.started("ada")
    clock.now += 10
    progress.done("ada", "17/17 ok (10.0 s)")
    clock.now += 10
    progress.done("bob", "0/17 FAILED (1.0 s)", failed=True)
    progress.close()
    lines = out.getvalue().splitlines()
    # 10 s per submission so far, 3 and then 2 left.
    assert lines == [
        "[1/4] ada: 17/17 ok (10.0 s), ETA 30 s",
        "[2/4] bob: 0/17 FAILED (1.0 s), ETA 20 s",
    ]
    assert "\r" not in out.getvalue() and "#" not in out.getvalue()


def test_progress_draws_a_bar_with_counts_and_eta_on_a_terminal():
    out, clock = io.StringIO(), Clock()
    progress = Progress(4, stream=out, tty=True, clock=clock)
    progress.started("ada")
    progress.started("bob")
    clock.now += 30
    progress.done("ada", "17/17 ok", failed=False)
    assert (
        progress.bar() == "[#####...............]  1/4 graded, 1 in progress, 30 s, ETA 1 min 30 s"
    )
    progress.done("bob", "0/17 FAILED", failed=True)
    assert "2/4 graded, 1 failed" in progress.bar()
    progress.close()
    text = out.getvalue()
    assert text.endswith("\r\x1b[K") and "[1/4] ada: 17/17 ok" in text
    assert duration(3725) == "1 h 2 min"


# --------------------------------------------------------------------------
# Jobs (no servers)
# --------------------------------------------------------------------------


def test_jobs_carry_files_and_refuse_names_that_leave_their_folder(tmp_path):
    folder = tmp_path / "sub"
    (folder / "data").mkdir(parents=True)
    (folder / "a.ipynb").write_text("{}")
    (folder / "data" / "x.csv").write_text("1,2")
    (folder / "link").symlink_to("/etc/passwd")
    packed = jobs.pack(folder)
    jobs.unpack(packed, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == ["a.ipynb", "data", "x.csv"]
    digest = jobs.files_digest(folder)
    os.utime(folder / "a.ipynb", (1, 1))
    assert jobs.files_digest(folder) == digest  # contents, not time stamps
    assert jobs.pack(folder, reproducible=True) == jobs.pack(folder, reproducible=True)

    import tarfile

    evil = io.BytesIO()
    with tarfile.open(fileobj=evil, mode="w:gz") as tar:
        info = tarfile.TarInfo("../escaped")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(jobs.BadJob, match="leaves its folder"):
        jobs.unpack(evil.getvalue(), tmp_path / "evil")
    assert not (tmp_path / "escaped").exists()

    job = jobs.make_job("bfs:x", LESSON, "ada", "0" * 64, packed, digest)
    assert jobs.check_job(json.loads(json.dumps(job))) == job
    for bad in ({**job, "student": "../ada"}, {**job, "lesson": "a/b"}, {**job, "job": "1; x"}, []):
        with pytest.raises(jobs.BadJob):
            jobs.check_job(bad)


def test_the_cause_of_a_failure_is_the_exception_grading_raised():
    log = (
        "[INFO] Converting notebook x.ipynb\n"
        "Traceback (most recent call last):\n"
        '  File "reader.py", line 25, in parse_json\n'
        "nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{...'\n"
        "[ERROR] There was an error processing assignment '01' for student 'eve'\n"
        "[ERROR] Please see the the above traceback for details on the specific errors.\n"
    )
    assert batch.failure_cause(log) == "NotJSONError: Notebook does not appear to be JSON: '{...'"
    assert batch.failure_cause("[ERROR] the kernel died\n") == "the kernel died"


# --------------------------------------------------------------------------
# The gradebook's definition of a lesson, and the writer (PostgreSQL, Redis)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_course(tmp_path_factory, postgres_server):
    url = new_database(postgres_server, "writer_tests")
    return make_course(tmp_path_factory.mktemp("pg-course"), {}, url), url


def full_marks_result(url: str, student: str, enqueued_at: float, points: float | None = None):
    """A result as a worker sends it: every grade cell at full marks (or ``points``)."""
    definition = gradebook.definition(url, LESSON)
    grades = [
        [nb["name"], cell["name"], cell["max_score"] if points is None else points, False]
        for nb in definition["notebooks"]
        for cell in nb["grade_cells"]
    ]
    job = {"job": os.urandom(16).hex(), "reply": broker.course_key(url), "lesson": LESSON}
    job.update(student=student, enqueued_at=enqueued_at)
    result = jobs.result_of(job, "ok", "test")
    result["grades"] = grades
    return result


def test_the_definition_of_a_lesson_makes_an_equal_scratch_gradebook(pg_course, tmp_path):
    _, url = pg_course
    definition = gradebook.definition(url, LESSON)
    json.dumps(definition)  # plain data, fit to travel
    assert definition["notebooks"][0]["grade_cells"] and definition["schema"]
    gradebook.write_scratch(definition, tmp_path / "scratch.db")
    assert gradebook.definition(f"sqlite:///{tmp_path / 'scratch.db'}", LESSON) == definition


def test_writer_records_each_job_once_and_never_an_older_one(pg_course, redis_server):
    root, url = pg_course
    lines: list[str] = []
    w = writer.Writer(root, broker.connect(redis_server.url), say=lines.append, db_url=url)
    first = full_marks_result(url, "fay", enqueued_at=time.time())
    recorded = w.record(json.dumps(first).encode())
    assert recorded.status == "ok" and recorded.score == recorded.max_score > 0
    again = w.record(json.dumps(first).encode())
    assert again.again and again.status == "ok" and again.score == recorded.score
    older = full_marks_result(url, "fay", enqueued_at=first["enqueued_at"] - 60, points=0.0)
    assert w.record(json.dumps(older).encode()).status == "stale"
    scores = {cell: s for (who, cell), s in cell_scores(url).items() if who == "fay"}
    assert sum(scores.values()) == recorded.max_score  # the older zeros did not land
    rows = [row for row in ledger(url) if row["student"] == "fay"]
    assert sorted(row["status"] for row in rows) == ["ok", "stale"]
    assert w.record(b"not json") is None and "cannot be read" in lines[-1]
    w.release()


def test_a_result_that_does_not_fit_the_gradebook_is_recorded_as_failed(pg_course, redis_server):
    root, url = pg_course
    w = writer.Writer(root, broker.connect(redis_server.url), say=print, db_url=url)
    result = full_marks_result(url, "gus", enqueued_at=time.time())
    result["grades"].append([LESSON, "a-cell-the-gradebook-never-had", 1.0, False])
    recorded = w.record(json.dumps(result).encode())
    assert recorded.status == "failed" and recorded.score == 0
    assert "does not fit the gradebook" in recorded.cause
    w.release()


def test_a_merge_that_breaks_off_leaves_nothing_behind(pg_course, redis_server, monkeypatch):
    root, url = pg_course
    w = writer.Writer(root, broker.connect(redis_server.url), say=print, db_url=url)
    merge = batch._merge

    def half_merge(gb, root, lesson, result, tests):
        merge(gb, root, lesson, result, tests)  # every grade written (and "committed")...
        raise RuntimeError("the writer died here")  # ...then nothing is, after all

    monkeypatch.setattr(batch, "_merge", half_merge)
    result = full_marks_result(url, "hal", enqueued_at=time.time())
    with pytest.raises(RuntimeError):
        w.record(json.dumps(result).encode())
    monkeypatch.setattr(batch, "_merge", merge)
    assert not [row for row in ledger(url) if row["student"] == "hal"]
    assert not [key for key in cell_scores(url) if key[0] == "hal"]
    assert w.record(json.dumps(result).encode()).status == "ok"
    w.release()


def test_writer_waits_for_postgresql_and_records_once(pg_course, redis_server, postgres_server):
    root, url = pg_course
    lines: list[str] = []
    w = writer.Writer(root, broker.connect(redis_server.url), say=lines.append, db_url=url)
    result = full_marks_result(url, "ivy", enqueued_at=time.time())
    w._gradebook()  # connected before the server goes away
    postgres_server.stop_server()
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(w.record(json.dumps(result).encode())))
    thread.start()
    deadline = time.monotonic() + 60
    while not any("unavailable" in line for line in lines) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)
    postgres_server.start()
    thread.join(timeout=120)
    assert outcome and outcome[0].status == "ok", lines
    assert any("the gradebook is unavailable" in line for line in lines)
    assert [row["status"] for row in ledger(url) if row["student"] == "ivy"] == ["ok"]
    w.release()


def test_one_writer_per_gradebook(pg_course, redis_server):
    root, url = pg_course
    first = writer.Writer(root, broker.connect(redis_server.url), db_url=url)
    second = writer.Writer(root, broker.connect(redis_server.url), db_url=url)
    assert first.acquire() and not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


# --------------------------------------------------------------------------
# A class through two workers, with faults
# --------------------------------------------------------------------------


VISIBILITY = 60
"""Seconds before a dead worker's job goes to another (kept short here; a job that runs
longer is handed out a second time, and not graded again once its result is sent)."""


class Workers:
    """``python -m autograder worker`` processes the test started (and stops)."""

    def __init__(self, root: Path, url: str, logs: Path) -> None:
        self.root, self.url, self.logs = root, url, logs
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str) -> None:
        log = open(self.logs / f"{name}.log", "wb")
        cmd = [sys.executable, "-m", "autograder", "worker", "--queue", self.url, "--name", name]
        cmd += ["--concurrency", "1", "--visibility-timeout", str(VISIBILITY)]
        self.procs[name] = subprocess.Popen(
            cmd,
            cwd=self.root,
            env=venv_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str) -> None:
        """The worker and every process it started, at once (as a machine that dies)."""
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait(timeout=30)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def events(redis_url: str, db_url: str):
    """Every event of the course so far (the test reads the stream as ``grade`` does)."""
    _, found = broker.read_events(broker.connect(redis_url), broker.course_key(db_url), "0-0", None)
    return found


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.3)
    pytest.fail(f"waited {seconds:g} s for {what}")


@pytest.mark.slow
def test_a_worker_that_cannot_grade_the_answer_key_stops_and_leaves_the_job(tmp_path, redis_server):
    source = build.notebook_path(ROOT, "source", LESSON).read_text()
    course = make_course(tmp_path / "course", {"ada": source})
    queue = redis_server.url.replace("/0", "/1")  # a queue of its own
    sent = run_command(course, "submit", LESSON, "--queue", queue, "--student", "ada")
    assert sent.wait(timeout=300) == 0, sent.stdout.read()
    # A worker whose kernels cannot start: 16 MiB of address space.
    broken = tmp_path / "broken-worker"
    broken.mkdir()
    config = (course / "nbgrader_config.py").read_text()
    (broken / "nbgrader_config.py").write_text(
        config + "\nc.SandboxedKernelManager.memory_limit_mb = 16\n"
    )
    workers = Workers(broken, queue, tmp_path)
    workers.start("broken")
    try:
        assert workers.procs["broken"].wait(timeout=300) == 0
    finally:
        workers.stop()
    assert "stopping this worker: its grading environment is broken" in workers.log("broken")
    r = broker.connect(queue)
    assert r.llen(taskqueue.QUEUE) == 1  # the job is back, for a worker that can grade
    found = events(queue, gradebook.db_url(course))
    assert [e["type"] for e in found] == ["started", "environment"], found
    assert "answer key" in found[-1]["cause"]
    r.flushdb()


def grade_rows(db_url: str) -> dict[str, tuple[int, int]]:
    """student -> (submissions, grade rows) in the gradebook."""
    with gradebook.open_gradebook(db_url) as gb:
        out = {}
        for sub in gb.find_assignment(LESSON).submissions:
            subs, grades = out.get(sub.student.id, (0, 0))
            out[sub.student.id] = (subs + 1, grades + sum(len(nb.grades) for nb in sub.notebooks))
        return out


def run_command(course: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "autograder", *args],
        cwd=course,
        env=venv_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.slow
def test_a_class_through_two_workers_survives_faults_and_matches_one_machine(
    tmp_path, redis_server, postgres_server
):
    submissions = class_of_lesson_01()
    url = new_database(postgres_server, "class_of_01")
    course = make_course(tmp_path / "queue-course", submissions, url)
    queue = redis_server.url
    workers = Workers(course, queue, tmp_path)
    workers.start("wA")
    grading = run_command(course, "grade", LESSON, "--queue", queue)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(grading.stdout), daemon=True)
    reader.start()
    try:
        # Worker A takes the first job; worker B joins; A dies while it grades.
        started = wait_for(
            lambda: [e for e in events(queue, url) if e["worker"] == "wA"],
            300,
            "worker A to start a job",
        )[0]
        workers.start("wB")
        time.sleep(2)
        workers.kill("wA")  # its job waits, unacknowledged, for the visibility timeout
        # Once a grade is recorded, the gradebook goes away until the writer has met that.
        wait_for(lambda: [e for e in events(queue, url) if e["type"] == "recorded"], 300, "a grade")
        postgres_server.stop_server()
        wait_for(
            lambda: "the gradebook is unavailable" in "".join(output), 300, "the writer to wait"
        )
        # Redis restarts meanwhile (its append-only file keeps every job).
        redis_server.restart(down_for=1)
        time.sleep(2)
        postgres_server.start()
        assert grading.wait(timeout=900) == 0, "".join(output)
        reader.join(timeout=10)
        text = "".join(output)
        (tmp_path / "grade.log").write_text(text)
        assert f"[{len(submissions)}/{len(submissions)}]" in text, text
        assert "the gradebook is unavailable" in text, text
        assert "eve" in text.split("graded in")[-1]  # the malformed file, listed as failed

        recorded = [e for e in events(queue, url) if e["type"] == "recorded"]
        first_of = {}
        for event in recorded:
            first_of.setdefault(event["job"], event)
        # The killed worker's job was taken over by the other worker.
        assert first_of[started["job"]]["worker"] == "wB", recorded
        assert "not valid JSON" in next(e for e in recorded if e["student"] == "eve")["cause"]
        # Exactly once: one ledger row and one submission per student, one grade per cell.
        assert sorted(row["student"] for row in ledger(url)) == sorted(submissions)
        cells = len(gradebook.definition(url, LESSON)["notebooks"][0]["grade_cells"])
        assert grade_rows(url) == {student: (1, cells) for student in submissions}
        queue_scores = cell_scores(url)

        # The same class on one machine, with the default SQLite gradebook.
        alone = make_course(tmp_path / "one-machine", submissions)
        single = run_command(alone, "grade", LESSON, "--jobs", "2")
        assert single.wait(timeout=900) == 0, single.stdout.read()
        assert queue_scores == cell_scores(f"sqlite:///{alone / 'gradebook.db'}")
        totals = {}
        for (student, _), score in queue_scores.items():
            totals[student] = totals.get(student, 0) + (score or 0)
        assert totals["ada"] > totals["bob"] > 0 and totals["dee"] == totals["eve"] == 0
        feedback = course / "feedback" / "ada" / LESSON / f"{LESSON}.html"
        assert "hidden tests: not shown" in feedback.read_text()

        # At submission time: bob hands in a corrected notebook; a standing writer records it.
        (course / "submitted" / "bob" / LESSON / f"{LESSON}.ipynb").write_text(submissions["ada"])
        standing = run_command(course, "writer", "--queue", queue, "--idle-exit", "120")
        lock = broker.writer_lock(broker.course_key(url))
        wait_for(lambda: broker.connect(queue).exists(lock), 120, "the standing writer")
        submit = run_command(
            course, "submit", LESSON, "--queue", queue, "--student", "bob", "--wait"
        )
        said = submit.communicate(timeout=600)[0]
        standing.send_signal(signal.SIGINT)
        standing.wait(timeout=60)
        assert submit.returncode == 0 and "following it" in said, said
        assert "after submit" in said and f"{totals['ada']:g}/" in said, said
        bob = {c: s for (who, c), s in cell_scores(url).items() if who == "bob"}
        assert sum(bob.values()) == totals["ada"]
        assert [r["status"] for r in ledger(url) if r["student"] == "bob"] == ["ok", "ok"]
    finally:
        if grading.poll() is None:
            grading.kill()
        workers.stop()
