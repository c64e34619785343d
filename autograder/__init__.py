"""Backprop from Scratch: the checks behind the course's test cells.

Notebooks import this package as ``import autograder as ag`` in their first
cell.  It exposes only the checks; the instructor tooling (building the
student edition, grading) lives in submodules that notebooks never import.

When a submission is graded, the test cells that call these checks run in a
kernel of their own, apart from the student's code (see
:mod:`autograder.grading.twokernel`), so nothing here needs defending against it.

A visible test cell runs its checks inside ``with ag.visible(...) as check:``
and ends with ``check.result()``; a prose cell that calls the student's code
runs it inside ``with ag.needs(...):`` (see :mod:`autograder.kernel.visible`), so
that Run All reaches the last cell of a lesson however unfinished it is.
"""

from .kernel import hints
from .kernel.checks import (
    CheckFailure,
    check_args_unchanged,
    check_array,
    check_outputs,
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
from .kernel.claims import claim
from .kernel.dependencies import mutates, yours
from .kernel.figures import close_figures, figure_data, open_figures
from .kernel.grader_side import run_helper
from .kernel.suite import Suite
from .kernel.visible import needs, visible

__all__ = [
    "CheckFailure",
    "Suite",
    "check_args_unchanged",
    "check_array",
    "check_outputs",
    "check_scalar",
    "check_unchanged",
    "claim",
    "close_figures",
    "copy_args",
    "diagnose",
    "expect_bool",
    "expect_dict",
    "expect_float",
    "expect_ndarray",
    "expect_tuple",
    "figure_data",
    "hints",
    "mutates",
    "needs",
    "open_figures",
    "relative_error",
    "run_helper",
    "visible",
    "yours",
]
