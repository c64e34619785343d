"""Shared fixtures, and patience for nbval on a slow 2-core machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder import build

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
