"""Which kernel runs a cell when a submission is graded.

After nbgrader's sanitising steps (``OverwriteCells`` restores every locked
cell's source and lock from the gradebook, and drops the ``grade_id`` of a
cell the instructor never wrote), a cell's nbgrader metadata can be trusted:

- a locked test cell (``grade`` and not ``solution``) is the instructor's
  test: it runs in the grader's kernel only;
- another locked cell (the set-up cell, given helpers, data) is the
  instructor's code that both sides need: it runs in the student's kernel
  (its outputs are the ones kept) and again, silently, in the grader's;
- every other cell (solutions, prose, anything the student added) runs in
  the student's kernel only.
"""

from __future__ import annotations

import ast
from typing import Literal

Role = Literal["student", "both", "grader"]


def cell_role(cell) -> Role:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if cell.get("cell_type") != "code" or not meta.get("grade_id") or not meta.get("locked"):
        return "student"
    if meta.get("solution"):
        return "student"
    return "grader" if meta.get("grade") else "both"


def test_names(nb) -> set[str]:
    """Every name the grader's cells of ``nb`` mention: what a test may need from the student."""
    from IPython.core.inputtransformer2 import TransformerManager

    transform = TransformerManager().transform_cell
    names: set[str] = set()
    for cell in nb.cells:
        if cell_role(cell) == "student":
            continue
        try:
            tree = ast.parse(transform(cell.source))
        except SyntaxError:
            continue
        names.update(node.id for node in ast.walk(tree) if isinstance(node, ast.Name))
    return names
