"""Shared fixtures, and patience for nbval on a slow 2-core machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.authoring import build

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
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
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
