"""Backprop from Scratch: the checks behind the course's test cells.

Notebooks import this package as ``import autograder as ag`` in their first
cell.  It exposes only the checks; the instructor tooling (building the
student edition, grading) lives in submodules that notebooks never import.

When a submission is graded, the test cells that call these checks run in a
kernel of their own, apart from the student's code (see
:mod:`autograder.twokernel`), so nothing here needs defending against it.
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
from .figures import close_figures, figure_data, open_figures
from .suite import Suite

__all__ = [
    "CheckFailure",
    "Suite",
    "check_array",
    "check_scalar",
    "check_unchanged",
    "close_figures",
    "copy_args",
    "diagnose",
    "expect_bool",
    "expect_dict",
    "expect_float",
    "expect_ndarray",
    "expect_tuple",
    "figure_data",
    "open_figures",
    "relative_error",
]
