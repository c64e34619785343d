"""Backprop from Scratch: the checks behind the course's test cells.

Notebooks import this package as ``import autograder as ag`` in their first
cell.  It exposes only the checks; the instructor tooling (building the
student edition, grading) lives in submodules that notebooks never import.
Importing it also arms :mod:`autograder.integrity`, which undoes and flags a
submission's tampering with NumPy, these checks or IPython's error handling.
"""

from .checks import (
    CheckFailure,
    check_array,
    check_scalar,
    check_unchanged,
    copy_args,
    diagnose,
    expect_bool,
    expect_dict,
    expect_float,
    expect_ndarray,
    expect_tuple,
    relative_error,
)
from .suite import Suite

__all__ = [
    "CheckFailure",
    "Suite",
    "check_array",
    "check_scalar",
    "check_unchanged",
    "copy_args",
    "diagnose",
    "expect_bool",
    "expect_dict",
    "expect_float",
    "expect_ndarray",
    "expect_tuple",
    "relative_error",
]
