"""The formgrader grades in the sandbox too.

An instructor who clicks "autograde" in the formgrader runs nbgrader's API
inside a Jupyter server started in the course folder, with the course's
``nbgrader_config.py``.  Here a real server grades an honest and a snooping
submission through the formgrader's REST API, then writes their feedback.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import build
from conftest import ROOT, run_nbgrader, venv_env

pytestmark = pytest.mark.slow

LESSON = "02_linear_gradients"
TARGET = "compute_gradients_single"
TOKEN = "formgrader-test-token"


def _snooping_solution(course: Path) -> str:
    secrets = [course / "gradebook.db", course / "source" / LESSON / f"{LESSON}.ipynb"]
    return f"""
import os
print("UID", os.getuid())
for path in {[str(p) for p in secrets]!r}:
    try:
        open(path, "rb").read()
        print("READ", path)
    except OSError as e:
        print("blocked", type(e).__name__)


def compute_gradients_single(x, y_pred, y_true, w, b):
    error = float(y_pred) - float(y_true)
    return error * float(x), error
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(port: int, path: str, method: str = "GET") -> dict | list:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/formgrader/api/{path}",
        method=method,
        data=b"" if method == "POST" else None,
        headers={"Authorization": f"token {TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def _page(port: int, path: str) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/{path}", headers={"Authorization": f"token {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read().decode()


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory):
    course = tmp_path_factory.mktemp("formgrader-course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source" / LESSON, course / "source" / LESSON)
    assert run_nbgrader(course, "generate_assignment", LESSON, "--force").returncode == 0
    source = nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)
    snooper = nbformat.from_dict(source)
    for cell in snooper.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == TARGET:
            cell.source = _snooping_solution(course)
    for student, nb in {"honest": source, "snooper": snooper}.items():
        path = course / "submitted" / student / LESSON / f"{LESSON}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)

    port = _free_port()
    cmd = [sys.executable, "-m", "jupyter_server", f"--ServerApp.port={port}"]
    cmd += ["--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}"]
    cmd += [f"--ServerApp.root_dir={course}", "--ServerApp.open_browser=False"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = (course / "server.log").open("w")
    server = subprocess.Popen(cmd, cwd=course, env=venv_env(), stdout=log, stderr=log)
    try:
        deadline = time.time() + 60
        while True:
            try:
                _api(port, "status")
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    pytest.fail((course / "server.log").read_text()[-3000:])
                time.sleep(0.5)
        graded = {
            student: _api(port, f"submission/{LESSON}/{student}/autograde", "POST")
            for student in ("honest", "snooper")
        }
        feedback = _api(port, f"assignment/{LESSON}/generate_feedback", "POST")
        submissions = {s["student"]: s for s in _api(port, f"submissions/{LESSON}")}
        notebooks = _api(port, f"submitted_notebooks/{LESSON}/{LESSON}")
        honest = next(n for n in notebooks if n["student"] == "honest")
        page = _page(port, f"formgrader/submissions/{honest['id']}")
        yield course, graded, feedback, submissions, page
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_formgrader_grades_both_students(formgrader):
    _, graded, feedback, submissions, _ = formgrader
    for student, result in graded.items():
        assert result["success"], (student, result.get("error"), result.get("log"))
    assert feedback["success"], feedback.get("error")
    assert submissions["honest"]["score"] == submissions["honest"]["max_score"] > 0
    assert submissions["snooper"]["score"] == submissions["honest"]["score"]


def test_formgrader_kernel_runs_in_the_sandbox(formgrader):
    course = formgrader[0]
    nb = nbformat.read(course / "autograded" / "snooper" / LESSON / f"{LESSON}.ipynb", 4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "READ" not in text and text.count("blocked FileNotFoundError") == 2, text
    uid = int(text.split("UID", 1)[1].split()[0])
    assert uid >= 60000, "the kernel ran as the instructor, not the sandbox user"


def test_formgrader_feedback_hides_hidden_tests(formgrader):
    course = formgrader[0]
    html = (course / "feedback" / "honest" / LESSON / f"{LESSON}.html").read_text()
    assert "BEGIN HIDDEN TESTS" not in html and "hidden tests: not shown" in html


def test_the_formgraders_view_of_a_submission_has_its_math_as_mathml(formgrader):
    from autograder.grading.math_html import math_to_mathml

    page = formgrader[-1]
    release = nbformat.read(build.notebook_path(ROOT, "release", LESSON), as_version=4)
    formulas = sum(
        math_to_mathml(c.source).count("<math") for c in release.cells if c.cell_type == "markdown"
    )
    # every formula outside code, headings' included (a namespaced <ns0:math> would not draw)
    assert formulas > 10 and page.count("<math") >= formulas, (formulas, page.count("<math"))
    assert "ns0:" not in page
