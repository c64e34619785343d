"""Hostile submissions graded by plain ``nbgrader autograde`` with the course's config.

One temporary course, one lesson, a class of students: an honest one and
several whose solution cell attacks the grader.  Every attack runs inside the
sandbox (autograder/grading/sandbox.py); each must be graded (or reported) without
affecting anyone else, and the gradebook must be intact afterwards.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import build
from conftest import ROOT, run_nbgrader

pytestmark = pytest.mark.slow

LESSON = "02_linear_gradients"
TARGET = "compute_gradients_single"
BOMB_SLEEP = "31.4159"  # the process bomb's children: a duration nothing else on the machine uses
STUB = """
def compute_gradients_single(x, y_pred, y_true, w, b):
    return 0.0, 0.0
"""


def _attacks(course: Path, port: int) -> dict[str, str]:
    """Student id -> code of the solution cell."""
    secret_files = [
        course / "source" / LESSON / f"{LESSON}.ipynb",
        course / "release" / LESSON / f"{LESSON}.ipynb",
        course / "gradebook.db",
        course / "submitted" / "honest" / LESSON / f"{LESSON}.ipynb",
        course / "autograded" / "honest" / LESSON / f"{LESSON}.ipynb",
        ROOT / "solutions" / LESSON / f"{LESSON}.ipynb",
        ROOT / "source" / LESSON / f"{LESSON}.ipynb",
    ]
    return {
        "reads_files": f"""
import glob, os
for path in {[str(p) for p in secret_files]!r}:
    try:
        with open(path, "rb") as f:
            print("READ", path, len(f.read()))
    except OSError as e:
        print("blocked", path, type(e).__name__)
found = []
for root in ("/tmp", "/work", "/root", "/home"):
    found += glob.glob(root + "/**/*.ipynb", recursive=True)
print("NOTEBOOKS", found[:5])
{STUB}""",
        "network": f"""
import socket
for host in [("127.0.0.1", {port}), ("1.1.1.1", 53), ("pypi.org", 443)]:
    try:
        socket.create_connection(host, timeout=2)
        print("CONNECTED", host)
    except OSError as e:
        print("blocked", host, type(e).__name__)
{STUB}""",
        "background_writer": f"""
import subprocess
subprocess.Popen(
    ["sh", "-c", "sleep 4; echo destroyed > {course / "gradebook.db"}; touch /tmp/bfs-escaped"],
    start_new_session=True,
)
{STUB}""",
        "kills_kernel": f"""
import os
{STUB}
os._exit(1)
""",
        "loops_forever": f"""
{STUB}
while True:
    pass
""",
        # Address space, not pages: np.empty touches nothing, so the bomb meets the limit
        # in milliseconds even on a loaded machine (filling 4 GiB of bytearrays there took
        # longer than the cell's time limit, and the interrupted cell defined nothing).
        "memory_bomb": f"""
import numpy as np
blocks = []
try:
    while True:
        blocks.append(np.empty(2**27))
except MemoryError:
    print("MEMORY LIMITED after", len(blocks), "GiB")
del blocks
{STUB}""",
        "process_bomb": f"""
import subprocess
procs = []
try:
    for _ in range(400):
        procs.append(subprocess.Popen(["sleep", "{BOMB_SLEEP}"]))
except OSError as e:
    print("PROCESS LIMITED after", len(procs), type(e).__name__)
for p in procs:
    p.kill()
{STUB}""",
    }


def _with_solution(nb: nbformat.NotebookNode, code: str) -> nbformat.NotebookNode:
    out = nbformat.from_dict(nb)
    for cell in out.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == TARGET:
            cell.source = code
    return out


def _tampered_tests(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Delete one graded test cell, replace another's code by `pass`, and give a wrong answer."""
    out = _with_solution(nb, STUB)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in out.cells]
    out.cells[ids.index(f"test_{TARGET}")].source = "pass"
    del out.cells[ids.index(f"hidden_{TARGET}")]
    return out


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    course = tmp_path_factory.mktemp("hostile-course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a") as config:
        config.write("\nc.Execute.timeout = 15\n")
    shutil.copytree(ROOT / "source" / LESSON, course / "source" / LESSON)
    assert run_nbgrader(course, "generate_assignment", LESSON, "--force").returncode == 0

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    connections = []

    def accept():
        deadline = time.time() + 600
        while time.time() < deadline and listener.fileno() != -1:
            try:
                connections.append(listener.accept())
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()

    source = nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)
    submissions = {"honest": source, "edits_tests": _tampered_tests(source)}
    for student, code in _attacks(course, port).items():
        submissions[student] = _with_solution(source, code)
    for student, nb in submissions.items():
        path = course / "submitted" / student / LESSON / f"{LESSON}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)

    Path("/tmp/bfs-escaped").unlink(missing_ok=True)
    started = time.perf_counter()
    result = run_nbgrader(course, "autograde", LESSON)
    seconds = time.perf_counter() - started
    time.sleep(6)  # give any escaped background process time to act
    listener.close()
    return course, result, connections, seconds


def _scores(course: Path) -> dict[str, float | None]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in gb.students:
            try:
                out[student.id] = gb.find_submission(LESSON, student.id).score
            except Exception:
                out[student.id] = None
    return out


def _outputs(course: Path, student: str) -> str:
    path = course / "autograded" / student / LESSON / f"{LESSON}.ipynb"
    nb = nbformat.read(path, as_version=4)
    return "".join(
        o.get("text", "") + o.get("evalue", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )


def test_gradebook_is_intact_and_everyone_is_graded(graded_class):
    course, result, _, seconds = graded_class
    print(f"autograded 10 hostile and honest submissions in {seconds:.0f} s")
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    scores = _scores(course)
    source = nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)
    full = sum(
        c.metadata.nbgrader.get("points", 0) for c in source.cells if "nbgrader" in c.metadata
    )
    assert scores["honest"] == full, result.stdout[-3000:] + result.stderr[-3000:]
    for student, score in scores.items():
        if student != "honest":
            assert score is None or score < full, student


def test_no_process_escapes_the_kernel(graded_class):
    assert not Path("/tmp/bfs-escaped").exists()
    running = subprocess.run(["pgrep", "-f", "bfs-escaped"], capture_output=True, text=True)
    assert running.stdout.strip() == ""


def test_files_outside_the_sandbox_are_invisible(graded_class):
    course = graded_class[0]
    text = _outputs(course, "reads_files")
    assert "READ" not in text, text
    assert text.count("blocked") == 7
    assert "NOTEBOOKS []" in text


def test_network_is_cut(graded_class):
    course, _, connections, _ = graded_class
    text = _outputs(course, "network")
    assert "CONNECTED" not in text and text.count("blocked") == 3, text
    assert connections == []


def test_memory_and_processes_are_limited(graded_class):
    course = graded_class[0]
    assert "MEMORY LIMITED" in _outputs(course, "memory_bomb")
    # The process bomb either hits the limit in the cell, or starves its own kernel,
    # which nbgrader then reports as a failed submission; it never reaches 400.
    bombed = course / "autograded" / "process_bomb" / LESSON / f"{LESSON}.ipynb"
    if bombed.exists():
        assert "PROCESS LIMITED" in _outputs(course, "process_bomb")
    else:
        assert _scores(course).get("process_bomb") in (None, 0)
    # Matched exactly: a "sleep 300" of someone else on the machine is not a leftover.
    leftover = subprocess.run(
        ["pgrep", "-fxc", f"sleep {BOMB_SLEEP}"], capture_output=True, text=True
    )
    assert leftover.stdout.strip() in ("", "0")


def test_a_killed_kernel_or_endless_loop_costs_only_that_submission(graded_class):
    course, result, _, _ = graded_class
    scores = _scores(course)
    assert scores.get("kills_kernel") in (None, 0)
    assert scores["loops_forever"] is not None and scores["loops_forever"] < scores["honest"]
    assert result.returncode == 1  # nbgrader reports the failed submission


def test_edited_and_deleted_test_cells_are_restored(graded_class):
    course = graded_class[0]
    nb = nbformat.read(course / "autograded" / "edits_tests" / LESSON / f"{LESSON}.ipynb", 4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    assert f"hidden_{TARGET}" in ids
    visible = nb.cells[ids.index(f"test_{TARGET}")]
    assert visible.source != "pass"
    assert _scores(course)["edits_tests"] < _scores(course)["honest"]
