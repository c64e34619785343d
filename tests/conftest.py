"""Shared fixtures, and patience for nbval on a slow 2-core machine."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import build
from autograder.lab.course import path_with_venv

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        # nbval waits 5 s per output message by default; plots and widgets can take longer.
        if hasattr(item, "output_timeout"):
            item.output_timeout = 60


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def all_lessons() -> list[str]:
    return build.lessons(ROOT)


def venv_env() -> dict[str, str]:
    """The environment with this Python's scripts first on PATH (nbgrader runs `alembic`)."""
    env = dict(os.environ)
    env["PATH"] = path_with_venv(env.get("PATH", ""))
    return env


def run_nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """The real nbgrader command line, run in ``course``."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=venv_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )


def answer_key(lesson: str) -> dict[str, str]:
    """The answer key's code of every solution cell of ``lesson``, by grade_id."""
    key = nbformat.read(build.notebook_path(ROOT, "solutions", lesson), as_version=4)
    return {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in key.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }


def fill_solutions(nb: nbformat.NotebookNode, sources: dict[str, str]) -> nbformat.NotebookNode:
    """``nb`` with each solution cell named in ``sources`` holding that code (in place)."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") in sources:
            cell.source = sources[meta["grade_id"]]
    return nb


def bank_bug(lesson: str, function: str, label: str):
    """The bug variant of the bank of ``lesson`` with this function and label."""
    from autograder.authoring import bank

    return next(
        v
        for v in bank.load_variants(ROOT, lesson)
        if v.kind == "bug" and v.function == function and v.label == label
    )


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (the browser tests and the website's test)."""
    if not CHROMIUM.exists():
        pytest.fail(
            "the browser test needs Debian's chromium: sudo apt-get install chromium "
            "(`make test` installs it when run as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


# --------------------------------------------------------------------------
# What a student must never get: the student bundle's and the website's leak search
# --------------------------------------------------------------------------

MARKERS = build.DELIMITERS
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
DESCRIPTION = re.compile(r"""^([-\w.]+:\s*)?f?["']""")
"""A line that is a string, or a table entry ``key: "..."``: a bug's description."""


def normalised(code: str) -> list[str]:
    """Code lines without indentation, blank lines and comments."""
    lines = (line.split("#", 1)[0].strip() for line in code.splitlines())
    return [line for line in lines if line]


def searchable(name: str, data: bytes) -> str:
    """A file's text as it would be read: a notebook's cell sources, else the text itself."""
    text = data.decode("utf-8", errors="replace")
    if name.endswith(".ipynb"):
        cells = json.loads(text)["cells"]
        text += "\n" + "\n".join("".join(c["source"]) for c in cells)
    return "\n".join(line.strip() for line in text.splitlines())


def secrets() -> tuple[list[str], list[tuple[str, str, str]]]:
    """Distinctive lines of every hidden test, and every answer-key function body.

    A body is ``(lesson, grade_id, normalised text)``.

    A hidden-test line that a student edition also contains (a shared
    ``rng = ...`` line, say) is not a secret, nor is a bug description (a
    string) that the visible tests' public tables in ``autograder/kernel/``
    also give; every other line of code of a hidden test is.
    """
    editions = "\n".join(
        searchable(".ipynb", build.notebook_path(ROOT, "release", lesson).read_bytes())
        for lesson in all_lessons()
    )
    tables = "\n".join(
        searchable(p.name, p.read_bytes()) for p in (ROOT / "autograder" / "kernel").glob("*.py")
    )
    hidden_lines, bodies = set(), []
    for lesson in all_lessons():
        nb = nbformat.read(build.notebook_path(ROOT, "source", lesson), as_version=4)
        for cell in nb.cells:
            for block in HIDDEN.findall(cell.source):
                hidden_lines |= {
                    line
                    for line in normalised(block)
                    if len(line) >= 20
                    and line not in editions
                    and not (DESCRIPTION.match(line) and line in tables)
                }
            for block in SOLUTION.findall(cell.source):
                grade_id = cell.metadata["nbgrader"]["grade_id"]
                bodies.append((lesson, grade_id, "\n".join(normalised(block))))
    return sorted(hidden_lines), bodies


def leaks(members: dict[str, bytes]) -> list[tuple[str, str]]:
    """(file, what) for every marker, hidden-test line and answer-key body in ``members``."""
    hidden_lines, bodies = secrets()
    assert len(hidden_lines) > 200 and len(bodies) >= 26  # the search has something to find
    found = []
    for name, data in members.items():
        text = searchable(name, data)
        found += [(name, marker) for marker in MARKERS if marker in text]
        lines = set(text.splitlines())
        found += [(name, line) for line in hidden_lines if line in lines]
        joined = "\n".join(normalised(text))
        found += [(name, f"{lesson}:{fn}") for lesson, fn, body in bodies if body in joined]
    return found


# --------------------------------------------------------------------------
# A class graded the instructor's way, in a course of its own
# --------------------------------------------------------------------------


def solution_cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def with_solution(nb: nbformat.NotebookNode, grade_id: str, code: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose cell ``grade_id`` holds ``code``."""
    out = nbformat.from_dict(nb)
    solution_cell(out, grade_id).source = code
    return out


def grade_class(
    course: Path,
    lesson: str,
    submissions: dict[str, nbformat.NotebookNode],
    *,
    config: str = "",
    jobs: int = 2,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """A course of ``lesson`` with ``submissions`` submitted, graded by ``autograder grade``."""
    import shutil

    course.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    with (course / "nbgrader_config.py").open("a") as file:
        file.write("\n" + config + "\n")
    shutil.copytree(ROOT / "source" / lesson, course / "source" / lesson)
    generated = run_nbgrader(course, "generate_assignment", lesson, "--force")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    for student, nb in submissions.items():
        path = course / "submitted" / student / lesson / f"{lesson}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, path)
    return subprocess.run(
        [sys.executable, "-m", "autograder", "grade", lesson, "--jobs", str(jobs)],
        cwd=course,
        env=env or venv_env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )


def cell_scores(course: Path, lesson: str) -> dict[str, dict[str, float]]:
    """student -> grade cell -> score, for every graded submission of ``lesson``."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in gb.students:
            try:
                submission = gb.find_submission(lesson, student.id)
            except MissingEntry:
                continue
            out[student.id] = {
                grade.name: float(grade.score) for nb in submission.notebooks for grade in nb.grades
            }
    return out


def graded_outputs(course: Path, lesson: str, student: str) -> str:
    """Every output of the student's autograded notebook, as text."""
    path = course / "autograded" / student / lesson / f"{lesson}.ipynb"
    if not path.exists():
        return ""
    nb = nbformat.read(path, as_version=4)
    return "\n".join(
        str(output) for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs
    )


def mathjax_loaders(html: str) -> list[str]:
    """The ``<script>`` elements of a page that load or configure MathJax, as markup."""
    from bs4 import BeautifulSoup

    scripts = BeautifulSoup(html, "html.parser").find_all("script")
    return [str(s) for s in scripts if "mathjax" in (s.get("src", "") + s.get_text()).lower()]
