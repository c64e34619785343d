"""Grades an instructor can trust, end to end: hostile submission files and outputs.

A class graded by plain ``nbgrader autograde`` (and its feedback by
``nbgrader generate_feedback``) with the course's ``nbgrader_config.py``, and
another by ``python -m autograder grade``.  Each attack has an honest twin
that keeps full marks:

- ``links``: an honest notebook next to symlinks (to the instructor's source
  notebook, to ``gradebook.db``, to folders, to the venv, a loop, a dangling
  one), a FIFO, a socket and (as root) ``/dev/zero``: none is followed or
  copied, the kernel sees none, the regular files are copied as before;
- ``link_notebook``: the notebook itself links to the instructor's source:
  it is not graded;
- ``fifo_timestamp``: ``timestamp.txt`` is a FIFO: grading neither hangs nor
  stops for anyone else;
- ``big_output``: a 40 MB line and 8 MB of HTML: the autograded notebook and
  feedback stay small, the score does not change;
- ``html_attack``: a script and an ``onerror`` in a markdown cell, a script in
  ``IPython.display.HTML`` and an SVG with ``onload``: the autograded notebook
  and the feedback page have no script or event handler of the student's.

The parts are tested one by one in ``tests/test_safety_parts.py``.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from autograder.authoring import build
from conftest import ROOT, run_nbgrader

pytestmark = pytest.mark.slow

LESSON = "02_linear_gradients"
TARGET = "compute_gradients_single"
PWNED = "document.title='pwned'"
HONEST = """
def compute_gradients_single(x, y_pred, y_true, w, b):
    error = float(y_pred) - float(y_true)
    return error * float(x), error
"""
LOOKS_AROUND = (
    """
import os
print("CWD", sorted(os.listdir(".")))
for name in ("leak.txt", "grades.csv", "zero.csv", "pipe.txt"):
    if os.path.lexists(name):
        print("LEAK", name)
"""
    + HONEST
)
BIG_OUTPUT = (
    """
from IPython.display import HTML, display
print("x" * 40_000_000)
display(HTML("<b>big</b>" * 1_000_000))
"""
    + HONEST
)
HTML_ATTACK = (
    f"""
from IPython.display import HTML, SVG, display
display(HTML("<script>{PWNED}</script><b onmouseover=\\"{PWNED}\\">hover</b>"))
"""
    + HONEST
    + f"""
SVG('''<svg xmlns="http://www.w3.org/2000/svg" onload="{PWNED}"><rect width="9"/></svg>''')
"""
)
HOSTILE_MARKDOWN = f'<script>{PWNED}</script><img src=x onerror="{PWNED}">'


def _notebook(code: str = HONEST, markdown: str | None = None) -> nbformat.NotebookNode:
    nb = nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.metadata.get("nbgrader", {}).get("grade_id") == TARGET:
            cell.source = code
            if markdown is not None:
                nb.cells.insert(i + 1, nbformat.v4.new_markdown_cell(markdown))
            break
    return nb


def _submit(course: Path, student: str, nb: nbformat.NotebookNode | None) -> Path:
    folder = course / "submitted" / student / LESSON
    folder.mkdir(parents=True)
    if nb is not None:
        nbformat.write(nb, folder / f"{LESSON}.ipynb")
    return folder


def _add_hostile_files(course: Path, folder: Path) -> None:
    (folder / "data.csv").write_text("1,2\n")
    (folder / "leak.txt").symlink_to(course / "source" / LESSON / f"{LESSON}.ipynb")
    (folder / "grades.csv").symlink_to("../../../gradebook.db")
    (folder / "source").symlink_to(course / "source", target_is_directory=True)
    (folder / "venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    (folder / "loop").symlink_to("loop")
    (folder / "dangling.txt").symlink_to("/nonexistent/file")
    os.mkfifo(folder / "pipe.txt")
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(folder / "sock"))
    except OSError:  # a path too long for a Unix socket
        pass
    listener.close()
    try:  # nbgrader's shutil.copy would read /dev/zero forever
        os.mknod(folder / "zero.csv", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    except PermissionError:
        pass


def _course(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", path)
    shutil.copytree(ROOT / "source" / LESSON, path / "source" / LESSON)
    done = run_nbgrader(path, "generate_assignment", LESSON, "--force")
    assert done.returncode == 0, done.stderr[-2000:]
    return path


def _full_marks() -> float:
    source = nbformat.read(build.notebook_path(ROOT, "source", LESSON), as_version=4)
    return sum(
        c.metadata.nbgrader.get("points", 0) for c in source.cells if "nbgrader" in c.metadata
    )


def _scores(course: Path) -> dict[str, float | None]:
    from nbgrader.api import Gradebook

    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    out: dict[str, float | None] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in gb.students:
            try:
                out[student.id] = gb.find_submission(LESSON, student.id).score
            except Exception:
                out[student.id] = None
    return out


def _graded_notebook(course: Path, student: str) -> nbformat.NotebookNode:
    return nbformat.read(course / "autograded" / student / LESSON / f"{LESSON}.ipynb", 4)


def _outputs_text(nb: nbformat.NotebookNode) -> str:
    return "".join(
        str(o.get("text", "")) + str(o.get("data", ""))
        for c in nb.cells
        for o in c.get("outputs", [])
    )


def _active(html: str) -> list[str]:
    """Scripts and event-handler attributes of a page, as markup (not as text)."""
    soup = BeautifulSoup(html, "html.parser")
    found = [f"<script>{s.get_text()[:80]}" for s in soup.find_all("script")]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on") or "javascript:" in value.lower():
                found.append(f"{tag.name} {name}={value[:80]}")
    return found


@pytest.fixture(scope="module")
def cli_class(tmp_path_factory):
    course = _course(tmp_path_factory.mktemp("safety-cli"))
    honest = _submit(course, "honest", _notebook())
    (honest / "data.csv").write_text("1,2\n")
    (honest / "sub").mkdir()
    (honest / "sub" / "notes.txt").write_text("my notes")
    _add_hostile_files(course, _submit(course, "links", _notebook(LOOKS_AROUND)))
    folder = _submit(course, "link_notebook", None)
    (folder / f"{LESSON}.ipynb").symlink_to(course / "source" / LESSON / f"{LESSON}.ipynb")
    os.mkfifo(_submit(course, "fifo_timestamp", _notebook()) / "timestamp.txt")
    _submit(course, "big_output", _notebook(BIG_OUTPUT))
    _submit(course, "html_attack", _notebook(HTML_ATTACK, markdown=HOSTILE_MARKDOWN))
    started = time.perf_counter()
    graded = run_nbgrader(course, "autograde", LESSON)
    seconds = time.perf_counter() - started
    feedback = run_nbgrader(course, "generate_feedback", LESSON)
    print(f"autograded 6 submissions in {seconds:.0f} s")
    return course, graded, feedback


def test_honest_work_keeps_full_marks_and_its_files(cli_class):
    course, graded, _ = cli_class
    scores = _scores(course)
    log = graded.stdout[-3000:] + graded.stderr[-5000:]
    for student in ("honest", "links", "big_output", "html_attack"):
        assert scores[student] == _full_marks(), (student, log)
    folder = course / "autograded" / "honest" / LESSON
    assert (folder / "data.csv").read_text() == "1,2\n"
    assert (folder / "sub" / "notes.txt").read_text() == "my notes"


def test_links_and_special_files_are_neither_followed_nor_copied(cli_class):
    course, graded, _ = cli_class
    folder = course / "autograded" / "links" / LESSON
    assert sorted(p.name for p in folder.iterdir()) == [f"{LESSON}.ipynb", "data.csv"]
    assert not any(p.is_symlink() or not (p.is_file() or p.is_dir()) for p in folder.rglob("*"))
    text = _outputs_text(_graded_notebook(course, "links"))
    assert "CWD" in text and "LEAK" not in text, text[:2000]
    for name in ("leak.txt", "grades.csv", "venv", "loop", "pipe.txt"):
        assert f"Submission file {name} not copied" in graded.stderr


def test_a_linked_notebook_or_timestamp_is_not_graded_and_stops_no_one(cli_class):
    course, graded, _ = cli_class
    scores = _scores(course)
    assert scores.get("link_notebook") in (None, 0)
    assert scores.get("fifo_timestamp") in (None, 0)
    assert not (course / "autograded" / "link_notebook" / LESSON / f"{LESSON}.ipynb").exists()
    assert "is a symbolic link" in graded.stderr and "timestamp.txt" in graded.stderr
    assert graded.returncode == 1  # nbgrader reports the submissions it refused


def test_huge_output_is_capped_without_changing_the_score(cli_class):
    course, _, feedback = cli_class
    path = course / "autograded" / "big_output" / LESSON / f"{LESSON}.ipynb"
    honest = course / "autograded" / "honest" / LESSON / f"{LESSON}.ipynb"
    assert path.stat().st_size < honest.stat().st_size + 3 * 1024 * 1024
    text = _outputs_text(_graded_notebook(course, "big_output"))
    assert "truncated by the autograder" in text
    page = course / "feedback" / "big_output" / LESSON / f"{LESSON}.html"
    assert feedback.returncode == 0, feedback.stderr[-3000:]
    assert page.stat().st_size < 6 * 1024 * 1024


def test_student_html_is_inert_in_the_graded_notebook_and_feedback(cli_class):
    course = cli_class[0]
    nb = _graded_notebook(course, "html_attack")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert "<script" not in cell.source and "<img src=x" not in cell.source
        for output in cell.get("outputs", []):
            for mime, value in output.get("data", {}).items():
                if mime != "text/plain":
                    assert "<script" not in str(value) and "onmouseover" not in str(value), mime
                    assert "onload" not in str(value), mime
    assert any("autograder shows this cell as text" in c.source for c in nb.cells)
    pages = {
        student: (course / "feedback" / student / LESSON / f"{LESSON}.html").read_text()
        for student in ("honest", "html_attack")
    }
    assert _active('<p onclick="x()">a</p><script>go()</script>')  # the finder finds
    attack, honest = _active(pages["html_attack"]), _active(pages["honest"])
    assert set(attack) <= set(honest), set(attack) - set(honest)
    assert not any("pwned" in item for item in attack)
    assert "pwned" in pages["html_attack"]  # shown, as text


def test_python_m_autograder_grade_copies_submissions_safely(tmp_path):
    course = _course(tmp_path / "course")
    _submit(course, "honest", _notebook())
    _add_hostile_files(course, _submit(course, "links", _notebook(LOOKS_AROUND)))
    folder = _submit(course, "link_notebook", None)
    (folder / f"{LESSON}.ipynb").symlink_to(course / "source" / LESSON / f"{LESSON}.ipynb")
    os.mkfifo(_submit(course, "fifo_timestamp", _notebook()) / "timestamp.txt")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", LESSON, "--jobs", "2"],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(f"python -m autograder grade: 4 submissions in {time.perf_counter() - started:.0f} s")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    scores = _scores(course)
    full = _full_marks()
    # The FIFO timestamp is simply not copied: that submission grades normally.
    assert scores["honest"] == scores["links"] == scores["fifo_timestamp"] == full, done.stdout
    assert scores["link_notebook"] in (None, 0)
    assert "link_notebook: 0/" in done.stdout and "FAILED" in done.stdout
    text = _outputs_text(_graded_notebook(course, "links"))
    assert "CWD" in text and "LEAK" not in text
    graded = course / "autograded" / "links" / LESSON
    assert sorted(p.name for p in graded.iterdir()) == [f"{LESSON}.ipynb", "data.csv"]
    assert "links: not copied: leak.txt: a symbolic link" in done.stdout
