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

A case that judges a function on top of another exercise (lesson 08's
``train`` on the student's ``softmax_cross_entropy``) calls
``suite.builds_on(helper, fn, *args, expected=...)`` after calling the
function: when the helper is not right on that example, the case stops, is
counted as passed and says which exercise to fix first (one bug, one charge).
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings
from collections.abc import Iterator

from .checks import CheckFailure, NotJudged, helper_is_right
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

    def builds_on(self, helper: str, fn, *args, expected) -> None:
        """End the current case, as passed, unless ``fn(*args)`` (``helper``) gives ``expected``."""
        if not helper_is_right(helper, fn, *args, expected=expected):
            raise NotJudged(helper)

    @contextlib.contextmanager
    def case(self, description: str, weight: float = 1.0) -> Iterator[None]:
        """Run one test case; a failure is recorded, not raised."""
        err = io.StringIO()
        failure: str | None = None
        not_judged: str | None = None
        cell = _getframe(2)  # the cell's frame (1 is contextlib's __enter__)
        with _catch_warnings(record=True) as caught, _redirect_stderr(err):
            _simplefilter("always")
            try:
                yield
            except NotJudged as exc:
                not_judged = exc.helper
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
        mark = "✗" if failure else "–" if not_judged else "✓"
        _print(f"{mark} {description}")
        if not_judged:
            _print(
                f"    not judged, because {not_judged} is not right on this example yet "
                f"(its own tests name the bug): counted as passed"
            )
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
