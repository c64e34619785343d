"""Why a test or a demonstration failed, in words a student can act on.

A test cell that catches an exception (:class:`autograder.kernel.visible.visible`,
:class:`autograder.kernel.suite.Suite`) and a prose cell that guards a call into the
student's code (:class:`autograder.kernel.visible.needs`) ask :func:`describe` for a
message instead of showing a traceback:

- a failed check: its own message (what is wrong, the likely bug, expected
  and got);
- ``NotImplementedError``: which exercise is unfinished (the function that
  raised it, which may be another one than the cell tests);
- a failed ``assert`` of a test: the assert and the values of the names it
  uses;
- an exception raised inside the student's code: the function and the line
  it came from, and a hint from :mod:`autograder.kernel.hints` where the lesson can
  name a likely cause (``X @ E`` raising a shape error: a missing transpose).

Where the student's code ran is read from the traceback.  In one kernel (a
student's notebook) the student's functions have frames of their own.  When
a submission is graded the tests run in a kernel apart from the student's
code and an exception of the student's comes back through
:mod:`autograder.kernel.grader_side` without frames; the function is then the one
the test's failing line calls.
"""

from __future__ import annotations

import ast
import linecache
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from types import FrameType, TracebackType

import numpy as np

from . import hints
from .checks import CheckFailure, show

_BRIDGE_MODULE = "autograder.kernel.grader_side"
_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
_PLAIN = (bool, int, float, complex, str, tuple, list, dict, np.ndarray, np.generic)


@dataclass(frozen=True)
class Where:
    """Where an exception came from, read from its traceback."""

    origin: str
    """``"test"`` (the test's own code), ``"check"`` (an ``ag`` check), or
    ``"student"`` (code of another cell: the student's functions, given helpers)."""
    function: str | None
    """The student's function that raised (for ``"student"``), else None."""
    caller: str | None
    """The student's function the test called, when it is not ``function``."""
    student_line: str | None
    """The line of the student's code that raised (one kernel only)."""
    test_frame: FrameType | None
    """The innermost frame of the test's own code, and its line number."""
    test_lineno: int | None


def _entries(tb: TracebackType | None) -> list[tuple[FrameType, int]]:
    out = []
    while tb is not None:
        out.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return out


def _is_notebook_code(frame: FrameType) -> bool:
    return frame.f_globals.get("__name__") == "__main__"


def _called_names(source: str, namespace: dict, candidates: Sequence[str]) -> list[str]:
    """Names called in ``source`` that are the student's functions (proxies when graded)."""
    out = []
    for name in _CALL.findall(source):
        value = namespace.get(name)
        is_remote = type(value).__module__ == _BRIDGE_MODULE
        if (is_remote or name in candidates) and name not in out:
            out.append(name)
    return out


def locate(exc: BaseException, cell: FrameType | None, candidates: Sequence[str] = ()) -> Where:
    """Where ``exc`` came from; ``cell`` is the frame of the cell that caught it."""
    entries = _entries(exc.__traceback__)
    cell_file = cell.f_code.co_filename if cell is not None else None
    test = [
        (f, n)
        for f, n in entries
        if (cell_file is not None and f.f_code.co_filename == cell_file) or f is cell
    ]
    test_frame, test_lineno = test[-1] if test else (None, None)
    student = [
        (f, n)
        for f, n in entries
        if _is_notebook_code(f)
        and f.f_code.co_filename != cell_file
        and f.f_code.co_name != "<module>"
    ]
    if student:
        inner, line_no = student[-1]
        line = linecache.getline(inner.f_code.co_filename, line_no).strip() or None
        named = [f.f_code.co_name for f, _ in student if f.f_code.co_name in candidates]
        outer = named[0] if named else student[0][0].f_code.co_name
        function = inner.f_code.co_name
        if function == "<lambda>" or function.startswith("<"):
            function = outer
        caller = outer if outer != function else None
        return Where("student", function, caller, line, test_frame, test_lineno)
    bridged = any(f.f_globals.get("__name__") == _BRIDGE_MODULE for f, _ in entries)
    if bridged:
        called = []
        if test_frame is not None:
            source = statement(test_frame, test_lineno) or ""
            called = _called_names(source, test_frame.f_globals, candidates)
        preferred = [c for c in candidates if c in called]
        function = (preferred or called or list(candidates[:1]) or [None])[0]
        return Where("student", function, None, None, test_frame, test_lineno)
    last = entries[-1][0] if entries else None
    if (
        last is not None
        and str(last.f_globals.get("__name__", "")).startswith("autograder.")
        and isinstance(exc, CheckFailure)
    ):
        return Where("check", None, None, None, test_frame, test_lineno)
    return Where("test", None, None, None, test_frame, test_lineno)


def statement(frame: FrameType, lineno: int | None) -> str | None:
    """The source of the simple statement of ``frame``'s code at ``lineno``."""
    if lineno is None:
        return None
    filename = frame.f_code.co_filename
    lines = linecache.getlines(filename)
    if not lines:
        return None
    source = "".join(lines)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return lines[lineno - 1].strip() if lineno <= len(lines) else None
    best = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt) or isinstance(
            node,
            ast.With
            | ast.For
            | ast.While
            | ast.If
            | ast.Try
            | ast.FunctionDef
            | ast.ClassDef
            | ast.AsyncFunctionDef,
        ):
            continue
        end = node.end_lineno or node.lineno
        if node.lineno <= lineno <= end and (
            best is None or end - node.lineno < (best.end_lineno or best.lineno) - best.lineno
        ):
            best = node
    if best is None:
        return lines[lineno - 1].strip() if lineno <= len(lines) else None
    segment = ast.get_source_segment(source, best) or ""
    first, _, rest = segment.partition("\n")
    return (first + ("\n" + textwrap.dedent(rest) if rest else "")).strip()


def _assert_values(frame: FrameType, text: str) -> list[str]:
    """``name = value`` for the plain-data names an assert statement uses."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.Assert):
        return []
    out: list[str] = []
    for sub in ast.walk(node.test):
        if not isinstance(sub, ast.Name) or any(o.startswith(f"{sub.id} =") for o in out):
            continue
        scope = frame.f_locals if sub.id in frame.f_locals else frame.f_globals
        if sub.id not in scope or not isinstance(scope[sub.id], _PLAIN):
            continue
        head = f"{sub.id} = "
        out.append(head + show(scope[sub.id], indent=len(head) + 4))
        if len(out) == 3:
            break
    return out


def _one_line(exc: BaseException, limit: int = 240) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _quote(code: str, limit: int = 4) -> str:
    lines = code.splitlines()
    if len(lines) > limit:
        lines = [*lines[:limit], "..."]
    return "\n".join("    " + line for line in lines)


def describe(
    exc: BaseException,
    function: str,
    *,
    cell: FrameType | None = None,
    reveal_test_source: bool = True,
    concise: bool = False,
) -> str:
    """A message for a failed test of ``function``: what failed and what to do.

    ``reveal_test_source=False`` (hidden tests) never quotes the test's code;
    ``concise=True`` (a case among many) says what an unfinished function is
    without saying what to do about it.
    """
    if isinstance(exc, CheckFailure):
        return str(exc)
    where = locate(exc, cell, (function,))
    name = where.function or function
    kind = type(exc).__name__
    if isinstance(exc, NotImplementedError) and where.origin == "student":
        if concise:
            calls = f" ({where.caller} calls it)" if where.caller else ""
            return f"{name} is not implemented yet{calls} (it raises NotImplementedError)"
        if name == function:
            return (
                f"{name} is not implemented yet: replace `raise NotImplementedError()` in its "
                "cell with your code, run that cell, then run this one again."
            )
        return (
            f"{name} is not implemented yet, and this test needs it"
            + (f" ({where.caller} calls it)" if where.caller else "")
            + f": finish {name} first, then run this cell again."
        )
    if where.origin == "student":
        lines = [f"{name} raised {kind}: {_one_line(exc)}"]
        if where.caller:
            lines[0] = f"{name} (called by {where.caller}) raised {kind}: {_one_line(exc)}"
        if where.student_line:
            lines.append(f"  in {name}: {where.student_line}")
        hint = hints.for_exception(name, kind, str(exc)) or hints.for_exception(
            where.caller or function, kind, str(exc)
        )
        if hint:
            lines.append(f"Likely bug: {hint}")
        return "\n".join(lines)
    # The test's own code raised: a failed assert, a name not defined yet, or
    # an answer of the wrong kind (None unpacked, a list indexed like an array).
    code = None
    if reveal_test_source and where.test_frame is not None:
        code = statement(where.test_frame, where.test_lineno)
    if isinstance(exc, AssertionError):
        message = _one_line(exc, 400)
        lines = [f"A check failed: {message}" if message else "A check failed:"]
        if code:
            lines.append(_quote(code))
            lines += ["  " + v for v in _assert_values(where.test_frame, code)]
        return "\n".join(lines)
    if isinstance(exc, NameError):
        missing = getattr(exc, "name", None) or _one_line(exc)
        if missing == function:
            return f"{function} is not defined: run the cell that defines it, then this one."
        return f"{kind}: {_one_line(exc)}: run the cells above this one first (Run All)."
    lines = [f"{kind}: {_one_line(exc)}"]
    if code:
        lines.append("  at:")
        lines.append(_quote(code))
    hint = hints.for_exception(function, kind, str(exc))
    if hint:
        lines.append(f"Likely bug: {hint}")
    return "\n".join(lines)


SKIPPED = "⚠ Skipped:"
"""How a guarded demonstration cell starts the line that says why it stopped."""


def skipped(exc: BaseException, functions: Sequence[str]) -> str:
    """One line for a prose cell that needs ``functions`` and stopped on ``exc``."""
    where = locate(exc, None, functions)
    listed = " and ".join(functions) if functions else "the exercises above"
    name = where.function if where.origin == "student" else None
    if isinstance(exc, NotImplementedError) and name:
        return (
            f"{SKIPPED} this cell needs {name}, which is not implemented yet: "
            "finish its exercise above, then run this cell again."
        )
    if isinstance(exc, NameError) and where.origin != "student":
        missing = getattr(exc, "name", None) or "a name"
        if missing in functions:
            return f"{SKIPPED} this cell needs {missing}: run the cell that defines it first."
        return (
            f"{SKIPPED} this cell needs {missing}, which an earlier cell computes with "
            f"{listed}: finish {listed}, then run the cells from there again."
        )
    if name and name in functions:
        hint = hints.for_exception(name, type(exc).__name__, str(exc))
        return (
            f"{SKIPPED} {name} raised {type(exc).__name__}: {_one_line(exc, 160)}"
            + (f" (likely: {hint})" if hint else "")
            + f"; fix {name} (its tests say more), then run this cell again."
        )
    return (
        f"{SKIPPED} this cell stopped with {type(exc).__name__}: {_one_line(exc, 160)}; "
        f"does {listed} return what its docstring says? Its tests say more."
    )
