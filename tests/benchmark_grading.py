"""Throughput of `python -m autograder grade --jobs N` against plain sequential nbgrader.

Three ways of grading the same submissions: nbgrader without the course's
config (one kernel, no sandbox: the floor), plain sequential `nbgrader
autograde` with the course's config (sandbox, two kernels per submission),
and `python -m autograder grade --jobs N` with it.

Not a timed test: run it by hand,
`.venv/bin/python tests/benchmark_grading.py [--students 24] [--repeats 3]`.
With `--before OTHER_CHECKOUT` (another copy of the course with its own `.venv`,
e.g. `git worktree add ../before <commit> && make -C ../before install`) it
also grades the same submissions with that copy's code and config, in the same
alternating runs, and prints what the change between the two costs.
It builds a temporary course whose submissions are the reference solution of a
lesson, then, on fresh copies of it, alternately grades them with plain
sequential `nbgrader autograde` and with the course's parallel command, and
prints every time, the median speed-up, and the per-notebook overhead of a
kernel start with and without the sandbox.  Timings on a shared 2-core
machine vary by about 10% from run to run: alternating and taking the median
keeps one slow moment from deciding the result.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def make_course(path: Path, lesson: str, students: int) -> Path:
    path.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", path)
    shutil.copytree(ROOT / "source" / lesson, path / "source" / lesson)
    cmd = [sys.executable, "-m", "nbgrader", "generate_assignment", lesson, "--force"]
    subprocess.run(cmd, cwd=path, env=ENV, capture_output=True, check=True)
    text = nbformat.writes(nbformat.read(ROOT / "source" / lesson / f"{lesson}.ipynb", 4))
    for i in range(students):
        target = path / "submitted" / f"student{i:03d}" / lesson / f"{lesson}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(text)
    return path


BARE_CONFIG = """c = get_config()
c.CourseDirectory.course_id = "backprop-from-scratch"
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
c.Execute.timeout = 60
"""


def bare(course: Path) -> Path:
    """``course`` with nbgrader's defaults instead of the course's grading config."""
    (course / "nbgrader_config.py").write_text(BARE_CONFIG.format(root=str(course)))
    return course


def timed(cmd: list[str], cwd: Path, env: dict[str, str] = ENV) -> float:
    """Wall-clock seconds of ``cmd`` run in ``cwd``."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def as_before(course: Path, before: Path) -> Path:
    """``course`` with the other checkout's ``nbgrader_config.py`` (and so its code)."""
    shutil.copy(before / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def kernel_start(sandboxed: bool, repeats: int = 3) -> float:
    """Seconds to start a kernel and run one trivial cell (best of ``repeats``).

    The kernel is then killed, as grading does, so a slow polite shutdown is not counted.
    """
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    from autograder.grading.sandbox import SandboxedKernelManager

    manager = SandboxedKernelManager if sandboxed else AsyncKernelManager
    times = []
    for _ in range(repeats):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        start = time.perf_counter()
        client = NotebookClient(
            nb, kernel_name="python3", kernel_manager_class=manager, shutdown_kernel="immediate"
        )
        client.execute()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lesson", default="02_linear_gradients")
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    n, lesson = args.students, args.lesson
    sequential = [sys.executable, "-m", "nbgrader", "autograde", lesson]
    parallel = [sys.executable, "-m", "autograder", "grade", lesson, "--jobs", str(args.jobs)]
    print(f"{n} submissions of {lesson}, {args.repeats} alternating runs each")
    ratios, costs, changes = [], [], []
    if args.before:
        before_python = str(args.before.resolve() / ".venv" / "bin" / "python")
        before_env = dict(ENV, PATH=f"{Path(before_python).parent}{os.pathsep}{ENV['PATH']}")
    with tempfile.TemporaryDirectory(prefix="bfs-bench-") as tmp:
        template = make_course(Path(tmp) / "template", lesson, n)
        for run in range(1, args.repeats + 1):
            if args.before:
                old_course = as_before(
                    shutil.copytree(template, Path(tmp) / f"old{run}"), args.before
                )
                t_old = timed([before_python, *sequential[1:]], old_course, before_env)
                t_new = timed(sequential, shutil.copytree(template, Path(tmp) / f"new{run}"))
                changes.append(t_new / t_old)
                print(
                    f"  run {run}: nbgrader autograde before {t_old:6.1f} s ({t_old / n:.2f} s "
                    f"each), now {t_new:6.1f} s ({t_new / n:.2f} s each): {t_new / t_old:.2f}x"
                )
            t_bare = timed(sequential, bare(shutil.copytree(template, Path(tmp) / f"bare{run}")))
            t_seq = timed(sequential, shutil.copytree(template, Path(tmp) / f"seq{run}"))
            t_par = timed(parallel, shutil.copytree(template, Path(tmp) / f"par{run}"))
            ratios.append(t_seq / t_par)
            costs.append(t_seq / t_bare)
            print(
                f"  run {run}: no course config {t_bare:6.1f} s ({t_bare / n:.2f} s each); "
                f"nbgrader autograde {t_seq:6.1f} s ({t_seq / n:.2f} s each, "
                f"{t_seq / t_bare:.2f}x the bare run); "
                f"autograder grade --jobs {args.jobs} {t_par:6.1f} s ({t_par / n:.2f} s each): "
                f"{t_seq / t_par:.2f}x faster"
            )
    if changes:
        print(f"  median cost of the change: {statistics.median(changes):.2f}x the time before")
    print(f"  median speed-up of grade --jobs {args.jobs}: {statistics.median(ratios):.2f}x")
    print(f"  median cost of the course config (two kernels): {statistics.median(costs):.2f}x")
    plain, boxed = kernel_start(False), kernel_start(True)
    print(f"  kernel start: plain {plain:.2f} s, sandboxed {boxed:.2f} s (+{boxed - plain:.2f} s)")


if __name__ == "__main__":
    main()
