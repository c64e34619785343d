"""The bank of buggy and correct implementations, and how it is scored.

Each lesson keeps ``tests/bank/<lesson>.py`` with a ``VARIANTS`` list of
:class:`Variant`.  A variant replaces one solution cell (its ``grade_id`` is
the function's name) with other code.  A ``"bug"`` must lose points in that
function's graded cells and its failure messages should name the bug (any of
``names`` appears); a ``"correct"`` variant must keep every point.

``python -m autograder bank LESSON`` prints the table; ``tests/test_bank.py``
asserts it.
"""

from __future__ import annotations

import importlib.util
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import build, quickgrade


@dataclass(frozen=True)
class Variant:
    function: str
    """grade_id of the solution cell it replaces (the function's name)."""
    label: str
    """What is different, e.g. ``"missing 1/m"`` or ``"einsum"``."""
    kind: str
    """``"bug"`` or ``"correct"``."""
    code: str
    """The replacement cell source."""
    names: tuple[str, ...] = ()
    """For bugs: words a good failure message contains (case-insensitive)."""
    extra: dict[str, str] = field(default_factory=dict)
    """Other solution cells to replace at the same time (grade_id -> code)."""

    def replacements(self) -> dict[str, str]:
        return {self.function: textwrap.dedent(self.code).strip() + "\n", **self.extra}


def bug(function: str, label: str, code: str, names: tuple[str, ...] = ()) -> Variant:
    return Variant(function, label, "bug", code, tuple(names))


def correct(function: str, label: str, code: str) -> Variant:
    return Variant(function, label, "correct", code)


@dataclass(frozen=True)
class Outcome:
    variant: Variant
    earned: float
    possible: float
    function_earned: float
    function_possible: float
    messages: str
    elsewhere: dict[str, float] = field(default_factory=dict)
    """Points lost in graded cells of other functions, by cell (``grade_id -> points``)."""

    @property
    def ok(self) -> bool:
        if self.variant.kind == "correct":
            return self.earned == self.possible
        return self.function_earned < self.function_possible

    @property
    def named(self) -> bool:
        low = self.messages.lower()
        return any(n.lower() in low for n in self.variant.names)


def _bank_module(root: Path, lesson: str):
    path = root / "tests" / "bank" / f"{lesson.replace('-', '_')}.py"
    spec = importlib.util.spec_from_file_location(f"bank_{lesson}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_variants(root: Path, lesson: str) -> list[Variant]:
    return list(_bank_module(root, lesson).VARIANTS)


def charged_elsewhere(root: Path, lesson: str) -> dict[tuple[str, str], str]:
    """The lesson's documented exceptions to "one bug, one charge".

    A bank module may define ``CHARGED_ELSEWHERE = {(function, grade_id): reason}``:
    a bug of ``function`` may also cost points in the graded cell ``grade_id`` of
    another function, for the stated reason.
    """
    return dict(getattr(_bank_module(root, lesson), "CHARGED_ELSEWHERE", {}))


def graded_cells_of(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Map each graded test cell's grade_id to the solution function it tests.

    A test cell tests the nearest solution cell above it.
    """
    owner: dict[str, str] = {}
    current = None
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            current = meta.get("grade_id")
        elif meta.get("grade") and current is not None:
            owner[meta["grade_id"]] = current
    return owner


def run_bank(root: Path, lesson: str, jobs: int = 2) -> tuple[list[Outcome], float, float]:
    """Score the reference and every variant; returns (outcomes, reference points, max)."""
    nb = nbformat.read(build.notebook_path(root, "source", lesson), as_version=4)
    variants = load_variants(root, lesson)
    owner = graded_cells_of(nb)
    results = quickgrade.score_variants(nb, [{}] + [v.replacements() for v in variants], jobs=jobs)
    ref_earned, ref_possible = quickgrade.total(results[0])
    outcomes = []
    for variant, scores in zip(variants, results[1:], strict=True):
        mine = [s for s in scores if owner.get(s.grade_id) == variant.function]
        elsewhere = {
            s.grade_id: s.max_points - s.score
            for s in scores
            if owner.get(s.grade_id) != variant.function and s.score < s.max_points
        }
        outcomes.append(
            Outcome(
                variant,
                *quickgrade.total(scores),
                *quickgrade.total(mine),
                "\n".join(s.output for s in mine if s.score < s.max_points),
                elsewhere,
            )
        )
    return outcomes, ref_earned, ref_possible


def report(root: Path, lesson: str) -> bool:
    start = time.perf_counter()
    outcomes, ref, possible = run_bank(root, lesson)
    seconds = time.perf_counter() - start
    print(f"{lesson}: reference {ref:g}/{possible:g}")
    for o in outcomes:
        v = o.variant
        status = "ok " if o.ok else "BAD"
        named = "" if v.kind == "correct" else (" named" if o.named else " unnamed")
        also = "".join(f"; -{lost:.3g} in {cell}" for cell, lost in o.elsewhere.items())
        print(
            f"  {status} {v.kind:7} {v.function:28} {v.label:40} "
            f"{o.function_earned:g}/{o.function_possible:g} "
            f"(total {o.earned:g}/{o.possible:g}){named}{also}"
        )
    bugs = [o for o in outcomes if o.variant.kind == "bug"]
    good = [o for o in outcomes if o.variant.kind == "correct"]
    caught = sum(o.ok for o in bugs)
    print(
        f"  bugs caught {caught}/{len(bugs)}, named {sum(o.named for o in bugs)}/{len(bugs)}; "
        f"correct kept {sum(o.ok for o in good)}/{len(good)}; {seconds:.1f} s"
    )
    return ref == possible and all(o.ok for o in outcomes)
