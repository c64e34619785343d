"""One bug, one charge: what a function returns when it is right but built on the student's helpers.

Some exercises call others: a student's ``sigmoid_derivative`` may call their
``sigmoid``, ``forward_propagation`` their ``relu``, ``train_network`` their
``update_parameters``.  If the helper has a bug, a dependent function that is
right *given that helper* cannot return the reference value, and without care
the helper's bug would cost points twice.

So a test of the dependent function also computes, with :func:`yours`, what
the reference formula gives when it calls the student's own helpers, and
passes it to the check as ``also=``: a result that equals either the
reference or that value passes.  A bug of the dependent function itself
matches neither.  No student name is rebound; the student's helpers are only
called, with copies of the test's data.

When the student's helper raises (a stub, an ``OverflowError``), :func:`yours`
gives ``None`` and only the reference is accepted: a function cannot be graded
on top of a helper that does not return.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

_ndarray = np.ndarray
_asarray = np.asarray
_isfinite = np.isfinite
_array_equal = np.array_equal
_vdot = np.vdot
_sqrt = np.sqrt
_generic = np.generic


def yours(compute: Callable[[], Any]) -> Any:
    """``compute()``, silently (no output, no warnings); ``None`` if it raises.

    ``compute`` is the reference formula written with the student's helpers,
    e.g. ``ag.yours(lambda: sigmoid(Z) * (1 - sigmoid(Z)))``.
    """
    sink = io.StringIO()
    with (
        warnings.catch_warnings(),
        contextlib.redirect_stdout(sink),
        contextlib.redirect_stderr(sink),
    ):
        warnings.simplefilter("ignore")
        try:
            return compute()
        except Exception:
            return None


def mutates(fn: Callable[..., Any], *args: Any) -> bool:
    """Whether ``fn`` changes an array argument in place (it is called on copies)."""
    copies = [a.copy() if isinstance(a, _ndarray) else a for a in args]
    originals = [a.copy() if isinstance(a, _ndarray) else None for a in copies]
    yours(lambda: fn(*copies))
    return any(
        orig is not None
        and not (copy.shape == orig.shape and bool(_array_equal(copy, orig, equal_nan=True)))
        for copy, orig in zip(copies, originals, strict=True)
    )


def agrees(got: Any, also: Any, rtol: float, atol_zero: float) -> bool:
    """``got`` is what :func:`yours` computed: same type, shape, dtype and NaN/inf pattern.

    Finite entries are compared by relative error, as the checks compare with
    the reference.
    """
    if also is None:
        return False
    if isinstance(also, dict):
        return (
            type(got) is dict
            and set(got) == set(also)
            and all(agrees(got[k], also[k], rtol, atol_zero) for k in also)
        )
    if isinstance(also, list | tuple):
        if type(got) is not type(also):
            return False
        try:
            got, also = _asarray(got, dtype=float), _asarray(also, dtype=float)
        except (TypeError, ValueError):
            return False
        if got.shape != also.shape:
            return False
    elif isinstance(also, _ndarray):
        if type(got) is not _ndarray or got.shape != also.shape or got.dtype != also.dtype:
            return False
    elif isinstance(also, float | int | _generic) and not isinstance(also, bool):
        if not isinstance(got, float | int | _generic) or isinstance(got, bool):
            return False
    else:
        return False
    g = _asarray(got, dtype=float)
    a = _asarray(also, dtype=float)
    finite = _isfinite(a)
    if not _array_equal(_isfinite(g), finite):
        return False
    if not _array_equal(g[~finite], a[~finite], equal_nan=True):
        return False
    diff = g[finite] - a[finite]
    num = float(_sqrt(_vdot(diff, diff)))
    den = float(_sqrt(_vdot(a[finite], a[finite])))
    return num <= atol_zero if den == 0.0 else num / den <= rtol
