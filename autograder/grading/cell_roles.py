"""Which kernel runs a cell, and which names a test may take from the student.

Both are decided from the instructor's cells (:mod:`autograder.grading.instructor_copy`),
never from a submission's metadata, which is the student's to edit:

- a test cell (``grade`` and not ``solution``, locked) is the instructor's
  test: it runs in the grader's kernel only;
- another locked cell (the set-up cell, given helpers, data) is the
  instructor's code that both sides need: it runs in the student's kernel
  (its outputs are the ones kept) and again, silently, in the grader's;
- every other cell (solutions, prose, anything the student added) runs in
  the student's kernel only.

A test takes a name from the student's kernel only if it is an **exercise
name**: a name the instructor's solution cells bind at the top level
(``def relu``, ``class Value``).  Builtins and the names the instructor's
locked cells bind never are, so a student's ``list = [...]`` or a student's
copy of a given helper is never seen by a test.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable
from typing import Literal

Role = Literal["student", "both", "grader"]


def role_of(*, cell_type: str, locked: bool, grade: bool, solution: bool) -> Role:
    """The kernel(s) an instructor's cell with these nbgrader flags runs in."""
    if cell_type != "code" or not locked or solution:
        return "student"
    return "grader" if grade else "both"


def top_level_bindings(source: str) -> set[str]:
    """Names a cell's code binds in the notebook's namespace (not inside functions or classes)."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return set()
    names: set[str] = set()
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue  # their bodies bind local names
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        if isinstance(
            node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
        ):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return names


def exercise_names(
    solution_sources: Iterable[str], locked_sources: Iterable[str]
) -> frozenset[str]:
    """The names tests may take from the student: bound by solution cells, by nothing else."""
    given: set[str] = set(dir(builtins))
    for source in locked_sources:
        given |= top_level_bindings(source)
    names: set[str] = set()
    for source in solution_sources:
        names |= top_level_bindings(source)
    return frozenset(names - given)
