"""Partial credit for a graded test cell.

A graded cell that holds hidden tests builds a :class:`Suite`, runs each test
case inside ``with suite.case("..."):`` and ends with ``suite.result()``.
Failures are caught, reported on stdout with the bug-naming message, and the
cell's value is the points earned, a Python ``float`` that nbgrader reads as
partial credit.  Warnings and stderr written while a case runs are captured
and reported on stdout, because nbgrader scores any stderr output as 0 and a
correct solution must never lose points to a warning.

Example (a graded cell worth 3 points)::

    suite = Suite("compute_gradients_batch", points=3)
    with suite.case("random (7, 4) inputs, 3 outputs"):
        ...checks...
    suite.result()
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings
from collections.abc import Iterator

from .checks import CheckFailure
from .explain import describe

_print = print
_getframe = sys._getframe
_redirect_stderr = contextlib.redirect_stderr
_catch_warnings = warnings.catch_warnings
_simplefilter = warnings.simplefilter


class Suite:
    """A set of weighted test cases worth ``points`` in total."""

    def __init__(self, name: str, points: float) -> None:
        self.name = name
        self.points = float(points)
        self.outcomes: list[tuple[str, float, str | None]] = []

    @contextlib.contextmanager
    def case(self, description: str, weight: float = 1.0) -> Iterator[None]:
        """Run one test case; a failure is recorded, not raised."""
        err = io.StringIO()
        failure: str | None = None
        cell = _getframe(2)  # the cell's frame (1 is contextlib's __enter__)
        with _catch_warnings(record=True) as caught, _redirect_stderr(err):
            _simplefilter("always")
            try:
                yield
            except CheckFailure as exc:
                failure = str(exc)
            except Exception as exc:
                try:
                    # Hidden tests: the message never quotes the test's own code.
                    failure = describe(
                        exc, self.name, cell=cell, reveal_test_source=False, concise=True
                    )
                except Exception:
                    failure = f"raised {type(exc).__name__}: {exc}"
        notes = [f"warning: {w.category.__name__}: {w.message}" for w in caught]
        if err.getvalue().strip():
            notes.append("stderr: " + err.getvalue().strip()[:300])
        self.outcomes.append((description, float(weight), failure))
        mark = "✗" if failure else "✓"
        _print(f"{mark} {description}")
        if failure:
            _print("    " + failure.replace("\n", "\n    "))
        for note in notes[:3]:
            _print(f"    ({note})")

    @property
    def earned(self) -> float:
        total = sum(w for _, w, _ in self.outcomes)
        passed = sum(w for _, w, f in self.outcomes if f is None)
        return round(self.points * passed / total, 4) if total else 0.0

    def result(self) -> float | None:
        """Points earned as a Python float (None when no case ran)."""
        if not self.outcomes:
            _print(f"{self.name}: hidden tests run when your work is graded.")
            return None
        failed = sum(1 for _, _, f in self.outcomes if f)
        n = len(self.outcomes)
        _print(
            f"{self.name}: {n - failed}/{n} cases passed, {self.earned:g} / {self.points:g} points"
        )
        return float(self.earned)
