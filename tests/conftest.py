"""Shared fixtures, and patience for nbval on a slow 2-core machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import build
from autograder.lab.course import path_with_venv

ROOT = Path(__file__).resolve().parents[1]


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
