"""The course's commands: ``python -m autograder COMMAND``.

- ``release [--check]``: regenerate ``release/`` and ``solutions/`` from
  ``source/`` (with ``--check``: change nothing, exit 1 on drift).
- ``seed``: copy lessons from ``release/`` into ``notebooks/`` where missing.
- ``bank LESSON``: score the bank of buggy and correct implementations.
- ``grade LESSON [--student ID ...] [--jobs N] [--force] [--update-tests] [--queue URL]``:
  grade every submission of a lesson in parallel, in the sandbox, into the
  gradebook; write feedback (hidden tests redacted), grades.csv and
  grading-report.csv.  With ``--queue redis://HOST:PORT/DB`` the submissions
  go to the grading queue's workers instead of local processes
  (``docs/scaling.md``).
- ``worker --queue URL [--concurrency N]``: a grading worker of the queue.
- ``submit LESSON --queue URL [--student ID ...] [--wait]``: send new
  submissions to the queue now (after ``nbgrader collect``).
- ``writer --queue URL``: record the queue's results into the gradebook
  (the one writer; ``grade --queue`` and ``submit --wait`` record too when it
  is not running).
- ``bundle [LESSON ...]``: write the student's copy of the course to
  ``dist/`` (no hidden tests, no answer key, no instructor tools).
- ``check [LESSON ...]``: the student's self-check of ``notebooks/``: one line
  per exercise (done / failing with the hint / not started); exit 1 unless
  every exercise passes.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module
from pathlib import Path
from types import ModuleType

from .lab import course


def _instructor_part(name: str) -> ModuleType:
    """``autograder.<name>``, or a clear exit where this copy of the course has none.

    A student's copy of the course (``make student-bundle``) holds only the
    kernel-side library and the student's tools.
    """
    try:
        return import_module(f"autograder.{name}")
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("autograder"):
            raise
        sys.exit(
            f"this copy of the course has no instructor tools ({exc.name}): use the full course"
        )


def _release(root: Path, check: bool) -> int:
    build = _instructor_part("authoring.build")
    if check:
        problems = build.drift(root)
        for p in problems:
            print(f"drift: {p}")
        if problems:
            print("Run `make release` and commit the result.")
            return 1
        print(f"release/ and solutions/ match source/ ({len(build.lessons(root))} lessons)")
        return 0
    changed = build.update_derived(root)
    print("\n".join(changed) if changed else "release/ and solutions/ already up to date")
    return 0


def _seed(root: Path) -> int:
    seeded = course.seed_notebooks(root)
    for path in seeded:
        print(f"seeded {path}")
    print(f"notebooks/: {len(seeded)} new file(s); existing work left untouched")
    return 0


def _bank(root: Path, lessons: list[str]) -> int:
    report = _instructor_part("authoring.bank").report
    ok = [report(root, lesson) for lesson in lessons or course.lessons(root)]
    return 0 if all(ok) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="course root (default: .)")
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="regenerate release/ and solutions/ from source/")
    rel.add_argument("--check", action="store_true", help="exit 1 if anything would change")
    sub.add_parser("seed", help="copy new lessons into notebooks/")
    bundle = sub.add_parser("bundle", help="write the student's copy of the course to dist/")
    bundle.add_argument("lessons", nargs="*", help="only these lessons (default: all)")
    bank = sub.add_parser("bank", help="score the bank of buggy and correct implementations")
    bank.add_argument("lessons", nargs="*", help="lesson ids (default: all)")
    grade = sub.add_parser("grade", help="grade a lesson's submissions in parallel")
    grade.add_argument("lesson")
    grade.add_argument("--student", action="append", help="only this student (repeatable)")
    # One job more than cores: a submission's two kernels take turns, so one job per
    # core leaves about a fifth of the CPU idle (tests/benchmark_grading.py).
    grade.add_argument(
        "--jobs", type=int, default=(os.cpu_count() or 1) + 1, help="parallel jobs (cores + 1)"
    )
    grade.add_argument("--force", action="store_true", help="regrade graded submissions")
    grade.add_argument(
        "--update-tests",
        action="store_true",
        help="apply source/'s tests where they differ from the gradebook's, and regrade everyone",
    )
    grade.add_argument("--queue", metavar="URL", help="grade through the queue at this Redis URL")
    worker = sub.add_parser("worker", help="grade submissions from the queue")
    worker.add_argument("--queue", metavar="URL", required=True, help="the queue's Redis URL")
    worker.add_argument(
        "--concurrency",
        type=int,
        default=(os.cpu_count() or 1) + 1,
        help="submissions graded at once (cores + 1)",
    )
    worker.add_argument("--name", help="this worker's name (default: bfs-PID@HOST)")
    worker.add_argument(
        "--visibility-timeout",
        type=float,
        default=900.0,
        help="seconds before a job of a worker that died goes to another (default: 900; "
        "keep it above the jobs' hard time limit)",
    )
    submit = sub.add_parser("submit", help="send new submissions to the grading queue now")
    submit.add_argument("lesson")
    submit.add_argument("--queue", metavar="URL", required=True, help="the queue's Redis URL")
    submit.add_argument("--student", action="append", help="only this student (repeatable)")
    submit.add_argument("--wait", action="store_true", help="wait until they are recorded")
    writer = sub.add_parser("writer", help="record the queue's results into the gradebook")
    writer.add_argument("--queue", metavar="URL", required=True, help="the queue's Redis URL")
    writer.add_argument(
        "--idle-exit", type=float, metavar="S", help="exit after S seconds with nothing recorded"
    )
    check = sub.add_parser(
        "check", help="check your notebooks/: done, failing (with the hint) or not started"
    )
    check.add_argument("lessons", nargs="*", help="lesson ids or notebook paths (default: all)")
    check.add_argument(
        "--timeout", type=int, default=120, help="seconds a cell may run (default: 120)"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "release":
        return _release(root, args.check)
    if args.command == "grade" and args.queue:
        fanout = _instructor_part("grading.fanout")
        return fanout.grade(
            root, args.lesson, args.student, args.force, args.queue, args.update_tests
        )
    if args.command == "grade":
        grade_lesson = _instructor_part("grading.batch").grade
        return grade_lesson(
            root, args.lesson, args.student, args.jobs, args.force, args.update_tests
        )
    if args.command == "worker":
        run_worker = _instructor_part("grading.worker").main
        return run_worker(root, args.queue, args.concurrency, args.name, args.visibility_timeout)
    if args.command == "submit":
        fanout = _instructor_part("grading.fanout")
        return fanout.submit(root, args.lesson, args.student, args.queue, args.wait)
    if args.command == "writer":
        return _instructor_part("grading.writer").run(root, args.queue, args.idle_exit)
    if args.command == "bank":
        return _bank(root, args.lessons)
    if args.command == "bundle":
        archive = _instructor_part("authoring.bundle").write_bundle(root, only=args.lessons)
        print(f"wrote {archive.relative_to(root)} ({archive.stat().st_size / 1024:.0f} KiB)")
        return 0
    if args.command == "check":
        from .lab.selfcheck import main as check_main

        return check_main(root, args.lessons, args.timeout)
    return _seed(root)


if __name__ == "__main__":
    sys.exit(main())
