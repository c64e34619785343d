"""Throughput of the grading queue with one and two workers against `grade --jobs N`, and
the latency from `submit` to a recorded grade.

Not a timed test: run it by hand, `.venv/bin/python tests/benchmark_queue.py
[--students 8] [--lesson 02_linear_gradients]`.  It starts its own Redis (as
the queue's tests do), builds a course whose submissions are the lesson's
reference solution (SQLite gradebook, the default), and grades fresh copies
of it, one after another in this one run:

- `grade --jobs 1`, `--jobs 2` and `--jobs 3` (the default on 2 cores);
- `grade --queue` with one worker of one process, two workers of one process
  each, and one worker of three processes (a worker's default on 2 cores).

Each time is the whole command's wall clock, from start to the summary, with
the workers started just before it (a worker's start and its answer-key
grading count, as a pool's start and answer key count for `grade`).  Beside
it, the mean time one submission took to grade, as the grading process
measured it (the `(12.3 s)` of each line): what a run costs beyond that is
the fixed cost of starting (workers, pools, one answer key per process).  Then,
with one worker warmed up, `submit --student S --wait` three times: the time
from `submit` to the grade recorded (each of the three is a new submission of
the same student), and the first one of a cold worker.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmark_grading import ENV, make_course

import services


def per_submission(output: str) -> float:
    """Mean seconds one submission took to grade, from lines ``[i/n] s: 24/24 ok (12.3 s``."""
    return statistics.mean(
        float(x) for x in re.findall(r"^\[\d+/\d+\] .* ok \(([\d.]+) s", output, re.M)
    )


def timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start, done.stdout


WORKER = [sys.executable, "-m", "autograder", "worker"]
GRADE = [sys.executable, "-m", "autograder", "grade"]


def start_workers(
    course: Path, queue: str, counts: list[int], logs: Path
) -> list[subprocess.Popen]:
    procs = []
    for i, concurrency in enumerate(counts):
        log = open(logs / f"worker{i}.log", "wb")
        procs.append(
            subprocess.Popen(
                [*WORKER, "--queue", queue, "--concurrency", str(concurrency), "--name", f"w{i}"],
                cwd=course,
                env=ENV,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return procs


def stop_workers(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        proc.wait(timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lesson", default="02_linear_gradients")
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--latency-only", action="store_true", help="skip the throughput runs")
    args = parser.parse_args()
    n, lesson = args.students, args.lesson
    print(f"{n} submissions of {lesson}; load average before: {os.getloadavg()[0]:.1f}")
    redis = services.Redis(services.new_folder("bfs-bench-redis-")).start()
    results: dict[str, float] = {}
    each: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="bfs-bench-queue-") as tmp:
            template = make_course(Path(tmp) / "template", lesson, n)
            for jobs in () if args.latency_only else (1, 2, 3):
                course = shutil.copytree(template, Path(tmp) / f"jobs{jobs}")
                cmd = [*GRADE, lesson, "--jobs", str(jobs)]
                label = f"grade --jobs {jobs}"
                results[label], out = timed(cmd, course)
                each[label] = per_submission(out)
            runs = (
                ("queue, 1 worker x 1 process", [1]),
                ("queue, 2 workers x 1 process", [1, 1]),
                ("queue, 1 worker x 3 processes", [3]),
            )
            for label, counts in () if args.latency_only else runs:
                course = shutil.copytree(template, Path(tmp) / label.replace(" ", "_"))
                workers = start_workers(course, redis.url, counts, Path(tmp))
                try:
                    cmd = [*GRADE, lesson, "--queue", redis.url]
                    results[label], out = timed(cmd, course)
                    each[label] = per_submission(out)
                finally:
                    stop_workers(workers)
            for label, seconds in results.items():
                print(
                    f"  {label:32} {seconds:6.1f} s  {60 * n / seconds:5.1f} submissions/min; "
                    f"one submission graded in {each[label]:.1f} s on average"
                )
            course = shutil.copytree(template, Path(tmp) / "latency")
            workers = start_workers(course, redis.url, [1], Path(tmp))
            latencies, beyond = [], []
            try:
                notebook = course / "submitted" / "student000" / lesson / f"{lesson}.ipynb"
                for _ in range(4):
                    notebook.write_text(notebook.read_text() + " ")  # a new submission
                    cmd = [sys.executable, "-m", "autograder", "submit", lesson]
                    cmd += ["--queue", redis.url, "--student", "student000", "--wait"]
                    _, out = timed(cmd, course)
                    found = re.search(r"ok \(([\d.]+) s, .*recorded ([\d.]+) s after submit", out)
                    latencies.append(float(found[2]))
                    beyond.append(float(found[2]) - float(found[1]))
            finally:
                stop_workers(workers)
            print(f"  submit to recorded grade, cold worker: {latencies[0]:.1f} s")
            warm = latencies[1:]
            print(
                f"  submit to recorded grade, warm worker: median {statistics.median(warm):.1f} s "
                f"({', '.join(f'{x:.1f}' for x in warm)})"
            )
            rest = beyond[1:]
            print(
                "  of which not grading (sending, the queue, the writer), warm: median "
                f"{statistics.median(rest):.1f} s ({', '.join(f'{x:.1f}' for x in rest)})"
            )
    finally:
        redis.stop()
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
