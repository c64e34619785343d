"""A student's self-check: ``python -m autograder check [LESSON ...]``.

Run from the course root, it executes the student's working copies
(``notebooks/<lesson>/<lesson>.ipynb``, seeded from ``release/``) from top to
bottom in one ordinary Jupyter kernel, as ``nbgrader validate`` would (a cell
that raises does not stop the run), and prints one line per exercise:

- ``done``: every graded test cell of the exercise passes;
- ``failing``: a test fails; the line gives the test's message, which names
  the likely bug;
- ``not started``: the function still raises ``NotImplementedError``.

It exits 1 unless every exercise of every lesson checked is done.  Nothing is
written to the notebooks.  In the student edition the hidden tests only say
that they run at grading time, so ``done`` means the visible tests pass.

An exercise is a solution cell (nbgrader ``solution``, ``grade_id`` = the
function's name) and its graded test cells ``test_<name>`` and
``hidden_<name>`` (or, for a solution cell named otherwise, the graded cells
between it and the next solution cell).
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from .kernel_client import PromptKernelManager

DEFAULT_TIMEOUT_S = 120
"""Per-cell limit: a student's endless loop is interrupted and reported, not waited on."""

HINT_CHARS = 400
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Exercise:
    name: str
    solution_index: int
    test_indices: list[int] = field(default_factory=list)


@dataclass
class Outcome:
    name: str
    status: str  # "done" | "failing" | "not started"
    hint: str = ""


@dataclass
class LessonReport:
    lesson: str
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Whatever stops the check itself (a missing notebook, a set-up cell that fails)."""
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return (
            not self.problems
            and bool(self.outcomes)
            and all(o.status == "done" for o in self.outcomes)
        )


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _is_grade(cell) -> bool:
    meta = _nbgrader(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and "points" in meta


def find_exercises(nb) -> list[Exercise]:
    """The exercises of ``nb``, in notebook order."""
    solutions = [
        (i, _nbgrader(c)["grade_id"])
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and _nbgrader(c).get("solution") and _nbgrader(c).get("grade_id")
    ]
    graded = {
        _nbgrader(c).get("grade_id"): i
        for i, c in enumerate(nb.cells)
        if _is_grade(c) and not _nbgrader(c).get("solution")
    }
    exercises = []
    for k, (index, name) in enumerate(solutions):
        tests = [graded[g] for g in (f"test_{name}", f"hidden_{name}") if g in graded]
        if not tests:
            end = solutions[k + 1][0] if k + 1 < len(solutions) else len(nb.cells)
            tests = [i for i in graded.values() if index < i < end]
        exercises.append(Exercise(name, index, sorted(tests)))
    return exercises


def still_a_stub(source: str) -> bool:
    """Whether a function of the cell still reaches ``raise NotImplementedError`` unconditionally.

    The first ``return`` or ``raise`` at the top level of each function body
    decides: the stub nbgrader leaves (``# YOUR CODE HERE`` then ``raise
    NotImplementedError()``) counts, code that returns before it does not.
    """
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        tree = ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for stmt in node.body:
            if isinstance(stmt, ast.Return):
                break
            if isinstance(stmt, ast.Raise):
                exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
                if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                    return True
                break
    return False


def _plain(text: str) -> str:
    return _ANSI.sub("", text)


def _one_line(text: str) -> str:
    flat = " ".join(_plain(text).split())
    return flat if len(flat) <= HINT_CHARS else flat[: HINT_CHARS - 1] + "…"


def _errors(cell) -> list[dict]:
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def _stdout(cell) -> str:
    return "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )


def _stderr(cell) -> str:
    return "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )


def _failed_line(traceback: list[str]) -> str:
    """The source line an error points at (``---> 12 assert ...``), if the traceback shows one."""
    marked = [
        line.strip()
        for frame in traceback
        for line in _plain(frame).splitlines()
        if re.match(r"\s*-+>", line)
    ]
    if not marked:
        return ""
    line = re.sub(r"^-+>\s*\d*\s*", "", marked[-1])
    return re.sub(r"\s+#\s*noqa\b.*$", "", line).strip()


def error_hint(error: dict) -> str:
    """What a test's error says, as one line: its message, or the failing line of a bare assert."""
    ename, evalue = error.get("ename", ""), error.get("evalue", "")
    if ename in {"CheckFailure", "AssertionError"} and evalue.strip():
        return _one_line(evalue)
    if ename == "AssertionError":
        line = _failed_line(error.get("traceback", []))
        return _one_line(f"an assert failed: {line}" if line else "an assert failed")
    return _one_line(f"{ename}: {evalue}" if evalue.strip() else ename)


def _suite_failure(stdout: str, name: str = "") -> str:
    """The first failure a test cell printed (``✗ ...`` and its indented message), one line.

    A visible test prints ``✗ name: message``; the ``name: `` is dropped, since the
    line it goes into already starts with the exercise's name.
    """
    lines = stdout.splitlines()
    for k, line in enumerate(lines):
        if line.startswith("✗"):
            head = line[1:].strip()
            if name and head.startswith(f"{name}: "):
                head = head[len(name) + 2 :]
            detail = []
            for more in lines[k + 1 :]:
                if not more.startswith("    "):
                    break
                detail.append(more.strip())
            if not detail:
                return _one_line(head)
            joiner = " " if head.endswith((".", ":", "?", "!")) else ": "
            return _one_line(head + joiner + " ".join(detail))
    return ""


def _cell_score(cell) -> tuple[float | None, float]:
    from nbgrader.utils import determine_grade

    return determine_grade(cell)


def _not_implemented(cell) -> bool:
    return any(e.get("ename") == "NotImplementedError" for e in _errors(cell)) or (
        "not implemented yet" in _stdout(cell)
    )


def judge(nb, exercise: Exercise) -> Outcome:
    """The status of one exercise in an executed notebook."""
    solution = nb.cells[exercise.solution_index]
    tests = [nb.cells[i] for i in exercise.test_indices]
    failing = []
    for cell in tests:
        score, max_score = _cell_score(cell)
        if score is not None and score < max_score:
            failing.append(cell)
    if not failing and tests and not _errors(solution):
        return Outcome(exercise.name, "done")
    if still_a_stub(solution.source) or any(_not_implemented(c) for c in failing):
        return Outcome(exercise.name, "not started")
    if _errors(solution):
        return Outcome(
            exercise.name, "failing", "your cell raised " + error_hint(_errors(solution)[0])
        )
    if not tests:
        return Outcome(exercise.name, "failing", "no test cell found for this exercise")
    cell = failing[0]
    if _errors(cell):
        return Outcome(exercise.name, "failing", error_hint(_errors(cell)[0]))
    hint = _suite_failure(_stdout(cell), exercise.name)
    if not hint and _stderr(cell).strip():
        hint = "the test wrote to stderr: " + _one_line(_stderr(cell))
    score, max_score = _cell_score(cell)
    return Outcome(exercise.name, "failing", hint or f"{score:g} / {max_score:g} points")


def _changed_tests(nb) -> list[str]:
    """grade_ids of locked cells whose source differs from what the student was given."""
    from nbgrader.utils import compute_checksum

    changed = []
    for cell in nb.cells:
        meta = _nbgrader(cell)
        if meta.get("locked") and meta.get("checksum") and not meta.get("solution"):
            if compute_checksum(cell) != meta["checksum"]:
                changed.append(meta.get("grade_id", "?"))
    return changed


def execute(path: Path, timeout: int = DEFAULT_TIMEOUT_S) -> nbformat.NotebookNode:
    """``path`` executed top to bottom in one kernel, in its own folder; errors do not stop it."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        startup_timeout=120,
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={
            "ename": "CellTimeoutError",
            "evalue": f"the cell ran longer than {timeout} s and was interrupted",
            "traceback": [],
        },
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        kernel_manager_class=PromptKernelManager,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_executed=_record_timeout,
    )
    client.execute()
    return nb


def _record_timeout(cell, execute_reply: dict[str, Any], **_: Any) -> None:
    """Put the timeout first among an interrupted cell's outputs (nbclient adds no output)."""
    content = execute_reply.get("content", {})
    if content.get("ename") == "CellTimeoutError":
        cell.outputs.insert(
            0,
            nbformat.v4.new_output(
                "error",
                ename=content["ename"],
                evalue=content.get("evalue", ""),
                traceback=content.get("traceback", []),
            ),
        )


def check_notebook(lesson: str, path: Path, timeout: int = DEFAULT_TIMEOUT_S) -> LessonReport:
    report = LessonReport(lesson)
    if not path.is_file():
        report.problems.append(
            f"{path} not found: run `python -m autograder seed` (or `make seed`)"
        )
        return report
    from nbclient.exceptions import DeadKernelError

    try:
        nb = execute(path, timeout)
    except DeadKernelError:
        report.problems.append(
            f"the kernel died while running {path.name}: a cell crashed Python or used "
            "too much memory; run the notebook in JupyterLab to see which"
        )
        return report
    except Exception as exc:  # a kernel that cannot start, a notebook that is not JSON
        report.problems.append(f"could not run {path}: {type(exc).__name__}: {exc}")
        return report
    exercises = find_exercises(nb)
    if not exercises:
        report.problems.append(f"{path} has no exercises (no nbgrader solution cells)")
    in_exercise = {i for e in exercises for i in [e.solution_index, *e.test_indices]}
    for i, cell in enumerate(nb.cells):
        meta = _nbgrader(cell)
        if i not in in_exercise and meta.get("locked") and not meta.get("grade") and _errors(cell):
            where = meta.get("grade_id", f"cell {i}")
            report.problems.append(
                f"the given cell {where!r} failed: {error_hint(_errors(cell)[0])}"
            )
    report.outcomes = [judge(nb, e) for e in exercises]
    for grade_id in _changed_tests(nb):
        report.notes.append(
            f"the locked cell {grade_id!r} was edited: grading runs the original, "
            "so its result may differ"
        )
    return report


def notebook_of(root: Path, lesson: str) -> tuple[str, Path]:
    """(lesson id, notebook path) for a lesson id or a path to a notebook."""
    as_path = Path(lesson)
    if as_path.suffix == ".ipynb":
        path = as_path if as_path.is_absolute() else Path.cwd() / as_path
        return path.stem, path
    lesson = lesson.strip("/").split("/")[-1]
    return lesson, root / "notebooks" / lesson / f"{lesson}.ipynb"


def default_lessons(root: Path) -> list[str]:
    """The lessons in the student's ``notebooks/`` (every lesson is seeded there)."""
    from .course import lessons

    return lessons(root, "notebooks")


WIDTH = len("not started")


def format_report(report: LessonReport) -> list[str]:
    lines = [report.lesson]
    for problem in report.problems:
        lines.append(f"  {'error':<{WIDTH}}  {problem}")
    for o in report.outcomes:
        lines.append(f"  {o.status:<{WIDTH}}  {o.name}" + (f": {o.hint}" if o.hint else ""))
    for note in report.notes:
        lines.append(f"  note: {note}")
    return lines


def main(root: Path, lessons: list[str], timeout: int = DEFAULT_TIMEOUT_S, out=None) -> int:
    out = out or sys.stdout
    wanted = lessons or default_lessons(root)
    if not wanted:
        print(f"no lessons found under {root}: run this from the course root", file=out)
        return 1
    reports = []
    for lesson in wanted:
        name, path = notebook_of(root, lesson)
        report = check_notebook(name, path, timeout)
        reports.append(report)
        print("\n".join(format_report(report)), file=out, flush=True)
    outcomes = [o for r in reports for o in r.outcomes]
    done = sum(o.status == "done" for o in outcomes)
    ok = all(r.passed for r in reports)
    print(
        f"{done}/{len(outcomes)} exercises done"
        + ("." if ok else "; keep going (the hints above name the likely bug)."),
        file=out,
    )
    return 0 if ok else 1
