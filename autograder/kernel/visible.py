"""Cells that never stop Run All: visible tests with a verdict, guarded demonstrations.

JupyterLab's Run All stops at the first cell that raises, so a lesson whose
student edition is untouched (every exercise raises ``NotImplementedError``)
would stop at its first test.  Two tools keep every cell running:

:class:`visible`, the checker of a visible test cell::

    with ag.visible("compute_gradients_batch", points=1) as check:
        ag.check_array("grad_W", grad_W, expected, factors=...)
        assert np.allclose(grad_W, [[2.0]])  # the seed asserts, verbatim
    check.result()

The block stops at its first failure (all or nothing) and prints the reason
(:func:`autograder.kernel.explain.describe`) instead of raising.  ``check.result()``,
the cell's last expression, is the cell's value that nbgrader reads as
partial credit: ``0.0`` after a failure, the points when everything passed,
always a Python ``float``.  Warnings and stderr inside the block are printed
on stdout, because nbgrader scores a test cell with stderr output 0.

A function built on another exercise (``sigmoid_derivative`` on ``sigmoid``)
is judged only when that exercise is right on the example: after calling the
function, ``check.builds_on("sigmoid", sigmoid, Z, expected=S)`` ends the
block with full points and a line saying which exercise to fix first when
``sigmoid(Z)`` raises, differs from ``S`` or changes ``Z``.  Its bug is
charged in its own cells once (see :mod:`autograder.kernel.dependencies`); a
stub of the function itself still scores 0, because it is called first.

:class:`needs`, the guard of a prose cell (a plot, a demonstration, a widget
callback) that calls the student's functions::

    with ag.needs("compute_gradients_batch"):
        ...  # the demonstration

    @ag.needs("train_network", "predict")
    def explore(learning_rate=0.5): ...

An exception inside (an unfinished exercise, a wrong answer that breaks the
plot, a variable an earlier skipped cell would have defined) prints one line
that names the exercise to finish or fix, closes the figures the block
opened, and the cell ends normally.

Both run wherever the cell runs: ``visible`` in the grader's kernel when a
submission is graded (see :mod:`autograder.grading.twokernel`), ``needs`` in the
student's.  Neither installs any IPython hook.
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings
from types import TracebackType

from . import explain
from .checks import NotJudged, helper_is_right

_print = print
_redirect_stderr = contextlib.redirect_stderr
_catch_warnings = warnings.catch_warnings
_simplefilter = warnings.simplefilter


class visible:  # lower case: used like a function, `with ag.visible(...) as check:`
    """The checker of a visible test cell worth ``points`` (all or nothing)."""

    def __init__(self, function: str, points: float = 1) -> None:
        self.function = function
        self.points = float(points)
        self.failure: str | None = None
        self.not_judged: str | None = None
        self.ran = False
        self._frame = None

    def __enter__(self) -> visible:
        self._frame = sys._getframe(1)
        self._err = io.StringIO()
        self._redirect = _redirect_stderr(self._err)
        self._redirect.__enter__()
        self._warnings = _catch_warnings(record=True)
        self._caught = self._warnings.__enter__()
        _simplefilter("always")
        return self

    def builds_on(self, helper: str, fn, *args, expected) -> None:
        """Stop with full points unless ``fn(*args)`` (the exercise ``helper``) gives ``expected``.

        ``fn`` is called on copies of ``args``; changing one of them counts as wrong.
        """
        if not helper_is_right(helper, fn, *args, expected=expected):
            raise NotJudged(helper)

    def __exit__(
        self,
        etype: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        __tracebackhide__ = True  # an interrupt passing through shows the test's line
        self._warnings.__exit__(None, None, None)
        self._redirect.__exit__(None, None, None)
        notes = [f"warning: {w.category.__name__}: {w.message}" for w in self._caught[:3]]
        if self._err.getvalue().strip():
            notes.append("stderr: " + self._err.getvalue().strip()[:300])
        if exc is not None and not isinstance(exc, Exception):
            return False  # KeyboardInterrupt, SystemExit: not a verdict
        self.ran = True
        if isinstance(exc, NotJudged):
            self.not_judged = exc.helper
            _print(
                f"– {self.function}: not judged here, because {exc.helper} is not right on this "
                f"example yet (its own test names the bug). Fix {exc.helper} first, then run "
                "this cell again."
            )
        elif exc is not None:
            try:
                self.failure = explain.describe(exc, self.function, cell=self._frame)
            except Exception as inner:  # never let the explanation hide the verdict
                self.failure = f"{type(exc).__name__}: {exc} ({inner!r} while explaining it)"
            _print(f"✗ {self.function}: " + self.failure.replace("\n", "\n    "))
        for note in notes:
            _print(f"    ({note})")
        self._frame = None
        return True

    def result(self) -> float:
        """Points earned, a Python float: 0.0 after a failure, else all of them."""
        if not self.ran:
            _print(f"{self.function}: the checks did not run.")
            return 0.0
        if self.failure is not None:
            points = f"{self.points:g} point" + ("" if self.points == 1 else "s")
            _print(f"{self.function}: 0 / {points}. Fix it and run this cell again.")
            return 0.0
        if self.not_judged is None:
            _print(f"{self.function}: visible tests passed")
        return float(self.points)


class needs(contextlib.ContextDecorator):  # lower case: used like a function
    """Guard a prose cell (or a widget callback) that calls the student's ``functions``."""

    def __init__(self, *functions: str) -> None:
        self.functions = functions
        self._figures: set[int] = set()

    def __enter__(self) -> needs:
        self._figures = set(_figure_numbers())
        return self

    def builds_on(self, helper: str, fn, *args, expected) -> None:
        """Stop with full points unless ``fn(*args)`` (the exercise ``helper``) gives ``expected``.

        ``fn`` is called on copies of ``args``; changing one of them counts as wrong.
        """
        if not helper_is_right(helper, fn, *args, expected=expected):
            raise NotJudged(helper)

    def __exit__(
        self,
        etype: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if exc is None or not isinstance(exc, Exception):
            return False
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            for number in set(_figure_numbers()) - self._figures:
                pyplot.close(number)  # a half-drawn figure would be shown at the cell's end
        try:
            line = explain.skipped(exc, self.functions)
        except Exception:
            line = f"{explain.SKIPPED} this cell stopped with {type(exc).__name__}: {exc}"
        _print(line)
        return True


def _figure_numbers() -> list[int]:
    pyplot = sys.modules.get("matplotlib.pyplot")
    return list(pyplot.get_fignums()) if pyplot is not None else []
