"""Comparisons that fail with a message naming the student's likely bug.

Every check converts what the student returned into a real ``float64`` value
before comparing, so an object whose ``__eq__`` always answers ``True`` (or a
list where an array is required) fails with a clear message instead of
passing.  The NumPy functions used here are bound privately when this module
is imported, before any student code runs, so patching ``numpy.allclose`` or
``numpy.testing`` in a notebook changes nothing here.

A failed check raises :class:`CheckFailure` (an ``AssertionError``) whose
message has three parts: what is wrong, the likely bug, and expected vs got.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .dependencies import agrees, yours
from .grader_side import type_names

# Private references, taken before student code can patch the numpy module.
_ndarray = np.ndarray
_float64 = np.float64
_floating = np.floating
_integer = np.integer
_bool_ = np.bool_
_asarray = np.asarray
_array = np.array
_isfinite = np.isfinite
_all = np.all
_any = np.any
_abs = np.abs
_vdot = np.vdot
_sqrt = np.sqrt
_array_equal = np.array_equal
_array2string = np.array2string
_errstate = np.errstate

RTOL = 1e-7
"""Default relative tolerance: exact formulas agree to ~1e-15, bugs differ by O(1)."""

ATOL_ZERO = 1e-12
"""When the expected value is exactly zero, how large the answer may be."""


class CheckFailure(AssertionError):
    """A check failed; the message names the likely bug."""


# --------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------


def show(value: Any, limit: int = 6, indent: int = 0) -> str:
    """Short, readable rendering of a value for a failure message.

    ``indent`` is the column the rendering starts at: the rows of a
    multi-row array (and the entries of a dict of arrays) are aligned under
    its first row.
    """
    if isinstance(value, _ndarray):
        with _errstate(all="ignore"):
            text = _array2string(
                value,
                precision=4,
                threshold=limit,
                edgeitems=2,
                separator=", ",
                prefix=" " * indent,
            )
        return f"{text} (shape {value.shape})" if value.ndim else text
    if isinstance(value, Mapping) and any(isinstance(v, _ndarray) for v in value.values()):
        parts = []
        for i, (key, item) in enumerate(list(value.items())[:8]):
            head = ("{" if i == 0 else " ") + f"{key!r}: "
            parts.append(head + show(item, limit, indent + len(head)))
        more = ", ..." if len(value) > 8 else ""
        return (",\n" + " " * indent).join(parts) + more + "}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _fail(what: str, bug: str | None, expected: Any, got: Any) -> CheckFailure:
    lines = [what]
    if bug:
        lines.append(f"Likely bug: {bug}")
    for label, value in (("  expected: ", expected), ("  got:      ", got)):
        lines.append(label + show(value, indent=len(label)))
    return CheckFailure("\n".join(lines))


def _type_name(value: Any) -> str:
    """``module.Class`` of a value (of the student's object, for a grader's proxy)."""
    return type_names(value)[0].removeprefix("builtins.")


# --------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------


def expect_float(name: str, got: Any) -> float:
    """``got`` must be a Python ``float`` (``np.float64`` is one); returns it."""
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    if isinstance(got, float):  # np.float64 subclasses float
        return float(got)
    if isinstance(got, bool | _bool_):
        hint = "a comparison result; return the number itself"
    elif isinstance(got, int | _integer):
        hint = "an integer; return a float, e.g. float(value)"
    elif isinstance(got, _floating):
        hint = f"{type(got).__name__}, not float64; return float(value)"
    elif isinstance(got, _ndarray):
        hint = f"an array of shape {got.shape}; return a scalar, e.g. float(value)"
    elif isinstance(got, tuple | list):
        hint = f"a {type(got).__name__} of length {len(got)}; return one number"
    elif got is None:
        hint = "None: is there a missing return statement?"
    else:
        hint = f"an object of type {_type_name(got)}"
    raise CheckFailure(f"{name} must be a Python float, but it is {hint}.")


def expect_bool(name: str, got: Any) -> bool:
    """``got`` must be ``True``/``False`` (Python or NumPy bool); returns it."""
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    if isinstance(got, bool | _bool_):
        return bool(got)
    if got is None:
        raise CheckFailure(f"{name} must be True or False, but it is None: a missing return?")
    raise CheckFailure(
        f"{name} must be True or False, but it is {show(got)} of type {_type_name(got)}."
    )


def expect_ndarray(name: str, got: Any, *, dtype: Any = _float64) -> np.ndarray:
    """``got`` must be a plain ``np.ndarray`` of ``dtype`` with finite values."""
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    if type(got) is not _ndarray:
        if isinstance(got, list | tuple):
            hint = f"a {type(got).__name__}; return np.array(...)"
        elif isinstance(got, _ndarray):
            hint = f"an ndarray subclass ({_type_name(got)}); return a plain np.ndarray"
        elif isinstance(got, float | int | _floating | _integer):
            hint = f"a scalar ({show(got)}); did you sum over every axis?"
        elif got is None:
            hint = "None: is there a missing return statement?"
        else:
            hint = f"an object of type {_type_name(got)}"
        raise CheckFailure(f"{name} must be a NumPy array, but it is {hint}.")
    if dtype is not None and got.dtype != dtype:
        if got.dtype.kind in "iub":
            hint = "integer/bool arrays truncate values; build it from floats (np.zeros(shape))"
        elif got.dtype.kind == "f":
            hint = "keep the computation in float64; do not cast"
        else:
            hint = "return numbers, not objects"
        raise CheckFailure(f"{name} has dtype {got.dtype}, expected {np.dtype(dtype)}: {hint}.")
    if got.dtype.kind in "fc" and not bool(_all(_isfinite(got))):
        raise CheckFailure(
            f"{name} contains NaN or inf: {show(got)}.\n"
            "Likely bug: an overflow (exp of a large number, log of 0) or a division by zero."
        )
    return got


def expect_tuple(name: str, got: Any, names: Sequence[str]) -> tuple:
    """``got`` must be a tuple (or list) of ``len(names)`` items."""
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    want = f"({', '.join(names)})"
    if not isinstance(got, tuple | list):
        raise CheckFailure(f"{name} must return a tuple {want}, but it returned {show(got)}.")
    if len(got) != len(names):
        raise CheckFailure(
            f"{name} must return {len(names)} values {want}, but it returned {len(got)}."
        )
    return tuple(got)


def expect_dict(name: str, got: Any, keys: Sequence[str]) -> dict:
    """``got`` must be a dict with exactly ``keys``."""
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    if not isinstance(got, Mapping):
        raise CheckFailure(f"{name} must be a dict with keys {list(keys)}, but it is {show(got)}.")
    missing = [k for k in keys if k not in got]
    extra = [k for k in got if k not in keys]
    if missing:
        raise CheckFailure(f"{name} is missing keys {missing} (it has {sorted(got)}).")
    if extra:
        raise CheckFailure(f"{name} has unexpected keys {extra}; expected exactly {list(keys)}.")
    return dict(got)


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------


def relative_error(got: np.ndarray, expected: np.ndarray) -> float:
    """``||got - expected|| / ||expected||`` (``||got||`` when expected is 0)."""
    diff = got - expected
    num = float(_sqrt(_vdot(diff, diff).real))
    den = float(_sqrt(_vdot(expected, expected).real))
    if den == 0.0:
        return num
    return num / den


def _close(got: np.ndarray, expected: np.ndarray, rtol: float) -> bool:
    if float(_sqrt(_vdot(expected, expected).real)) == 0.0:
        return relative_error(got, expected) <= ATOL_ZERO
    return relative_error(got, expected) <= rtol


def _shape_bug(got_shape: tuple, exp_shape: tuple) -> str:
    if len(got_shape) == 2 and got_shape == exp_shape[::-1]:
        return "a transpose: the shape is reversed (e.g. E.T @ X instead of X.T @ E)"
    if len(exp_shape) == 1 and got_shape in ((1, exp_shape[0]), (exp_shape[0], 1)):
        return "an extra axis: sum with axis=0 and without keepdims=True (or reshape to (n,))"
    if len(got_shape) == 1 and len(exp_shape) == 1:
        return "summed or averaged over the wrong axis (axis=1 gives one value per example)"
    if len(got_shape) == 0:
        return "summed over every axis; sum over the examples only (axis=0)"
    if len(got_shape) == len(exp_shape) + 1:
        return "an extra axis (keepdims=True, or a stray np.newaxis?)"
    return "a shape mismatch: check which axis holds the examples (rows are examples)"


def _constant_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    """The c with got ≈ c * expected, if there is one."""
    den = float(_vdot(expected, expected).real)
    if den == 0.0:
        return None
    c = float(_vdot(expected, got).real) / den
    if c == 0.0:
        return None
    if relative_error(got, c * expected) <= 1e-6:
        return c
    return None


def _describe_factor(c: float, factors: Mapping[float, str], generic: bool) -> str | None:
    ratio = f"got = {c:.6g} × expected"
    for value, bug in factors.items():
        if abs(c - value) <= 1e-6 * abs(value):
            return bug if "×" in bug else f"{bug} ({ratio})"
    if abs(c + 1.0) <= 1e-6:
        return f"a sign error: the result is the negative of the expected one ({ratio})"
    if generic:
        return f"off by a constant factor: {ratio}"
    return None


def diagnose(
    got: np.ndarray,
    expected: np.ndarray,
    *,
    suspects: Mapping[str, Any] | None = None,
    factors: Mapping[float, str] | None = None,
) -> str | None:
    """Name the likely bug when ``got`` (same shape) differs from ``expected``.

    ``suspects`` maps a bug description to the value that bug would produce
    (of those within a relative 1e-6 of ``got``, the closest is named);
    ``factors`` maps a constant ratio got/expected to a bug description.
    """
    matches = []
    for bug, value in (suspects or {}).items():
        value = _asarray(value, dtype=float)
        if value.shape == got.shape and _close(got, value, 1e-6):
            matches.append((relative_error(got, value), len(matches), bug))
    if matches:
        return min(matches)[2]
    c = _constant_factor(got, expected)
    if c is not None and abs(c - 1.0) > 1e-6:  # a factor of 1 is rounding, not a bug
        # Any two single numbers differ by "a constant factor": only say so for arrays.
        return _describe_factor(c, factors or {}, generic=got.size > 1)
    if got.ndim == 2 and got.shape[0] == got.shape[1] and _close(got, expected.T, 1e-6):
        return "a transpose: the values are those of the transposed answer"
    return None


def check_array(
    name: str,
    got: Any,
    expected: Any,
    *,
    rtol: float = RTOL,
    suspects: Mapping[str, Any] | None = None,
    factors: Mapping[float, str] | None = None,
    also: Any = None,
) -> None:
    """``got`` must be a float64 array of ``expected``'s shape and values.

    Values are compared by relative error ``||got - expected|| / ||expected||
    <= rtol`` so that small expected values are not waved through.

    ``also``: what the function returns when it is right but built on the student's
    own helpers (:func:`autograder.kernel.dependencies.yours`); a match passes.
    """
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    if also is not None and agrees(got, also, rtol, ATOL_ZERO):
        return
    exp = _array(expected, dtype=float)
    got = expect_ndarray(name, got)
    if got.shape != exp.shape:
        raise _fail(
            f"{name} has shape {got.shape}, expected {exp.shape}.",
            _shape_bug(got.shape, exp.shape),
            exp,
            got,
        )
    if _close(got, exp, rtol):
        return
    err = relative_error(got, exp)
    bug = diagnose(got, exp, suspects=suspects, factors=factors)
    raise _fail(
        f"{name} has the right shape but wrong values (relative error {err:.2g}).", bug, exp, got
    )


def check_scalar(
    name: str,
    got: Any,
    expected: float,
    *,
    rtol: float = RTOL,
    suspects: Mapping[str, Any] | None = None,
    factors: Mapping[float, str] | None = None,
    also: Any = None,
) -> None:
    """``got`` must be a float within ``rtol`` (relative) of ``expected``.

    ``also``: what the function returns when it is right but built on the student's
    own helpers (:func:`autograder.kernel.dependencies.yours`); a match passes.
    """
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    if also is not None and agrees(got, also, rtol, ATOL_ZERO):
        return
    value = expect_float(name, got)
    if value != value or value in (float("inf"), float("-inf")):
        raise _fail(
            f"{name} is {value}.",
            "an overflow (exp of a large number, log of 0) or a division by zero",
            expected,
            value,
        )
    exp = _array(float(expected))
    val = _array(value)
    if _close(val, exp, rtol):
        return
    bug = diagnose(val, exp, suspects=suspects, factors=factors)
    raise _fail(
        f"{name} is wrong (relative error {relative_error(val, exp):.2g}).",
        bug,
        float(expected),
        value,
    )


def check_outputs(
    call: str,
    got: Any,
    expected: Mapping[str, Any],
    *,
    hints: Mapping[str, Mapping[str, Any]] | None = None,
    rtol: float = RTOL,
) -> tuple:
    """``got`` must be a tuple of the outputs named by ``expected``, each with its value.

    ``expected`` maps each output's name to its value, in the order the call
    returns them: a number is checked with :func:`check_scalar`, anything else
    with :func:`check_array`.  ``hints[name]`` holds the ``suspects`` and
    ``factors`` that name the likely bug of that output.  Returns the tuple.
    """
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    names = list(expected)
    out = expect_tuple(call, got, names)
    for name, value, want in zip(names, out, expected.values(), strict=True):
        extra = dict((hints or {}).get(name, {}))
        check = check_scalar if isinstance(want, int | float) else check_array
        check(f"{name} of {call}", value, want, rtol=rtol, **extra)
    return out


def check_unchanged(fn_name: str, arg_name: str, before: Any, after: Any) -> None:
    """An argument must be unchanged by the call (``before`` is a copy)."""
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    if isinstance(before, _ndarray):
        same = (
            isinstance(after, _ndarray)
            and after.shape == before.shape
            and bool(_array_equal(after, before, equal_nan=True))
        )
    elif isinstance(before, Mapping):
        same = (
            isinstance(after, Mapping)
            and set(after) == set(before)
            and all(
                type(after[k]) is type(before[k])
                and (
                    bool(_array_equal(after[k], before[k], equal_nan=True))
                    if isinstance(before[k], _ndarray)
                    else after[k] == before[k]
                )
                for k in before
            )
        )
    else:
        same = after == before
    if not same:
        raise _fail(
            f"{fn_name} modified its argument {arg_name} in place.",
            "an in-place update (+=, -=, *=, x[...] = ...) on an input; work on a copy",
            before,
            after,
        )


def check_args_unchanged(fn_name: str, before: Sequence[Any], **after: Any) -> None:
    """Every argument (by name, in call order) equals its copy in ``before``.

    ``before`` comes from :func:`copy_args` on the same arguments, in the same order.
    """
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    if len(before) != len(after):
        raise ValueError(f"{len(before)} copies for {len(after)} arguments")
    for (name, value), old in zip(after.items(), before, strict=True):
        check_unchanged(fn_name, name, old, value)


def copy_args(*args: Any) -> list:
    """Deep-enough copies of arguments, to check later that they are unchanged."""
    out = []
    for a in args:
        if isinstance(a, _ndarray):
            out.append(a.copy())
        elif isinstance(a, Mapping):
            out.append({k: (v.copy() if isinstance(v, _ndarray) else v) for k, v in a.items()})
        else:
            out.append(a)
    return out


class NotJudged(Exception):
    """A test stops here: the exercise it builds on (``helper``) is not right yet."""

    def __init__(self, helper: str) -> None:
        super().__init__(helper)
        self.helper = helper


def helper_is_right(helper: str, fn: Any, *args: Any, expected: Any) -> bool:
    """Whether ``fn(*args)`` (the student's exercise ``helper``) gives ``expected``.

    ``fn`` is called silently on copies of ``args``; raising, a different answer, or
    changing one of the copies counts as wrong.
    """
    copies = copy_args(*args)
    kept = copy_args(*copies)
    got = yours(lambda: fn(*copies))
    if not agrees(got, expected, RTOL, ATOL_ZERO):
        return False
    for copy, old in zip(copies, kept, strict=True):
        try:
            check_unchanged(helper, "its argument", old, copy)
        except AssertionError:
            return False
    return True
