"""The course's most important test: buggy work loses points, correct work keeps them.

For each lesson, every variant of ``tests/bank/<lesson>.py`` is graded the way
``nbgrader autograde`` would grade it (see ``autograder.authoring.quickgrade``).
"""

from __future__ import annotations

import nbformat
import pytest

from autograder.authoring import bank, build
from conftest import ROOT, all_lessons


@pytest.fixture(scope="module", params=all_lessons())
def lesson_bank(request):
    outcomes, ref, possible = bank.run_bank(ROOT, request.param)
    return request.param, outcomes, ref, possible


def test_reference_gets_full_marks(lesson_bank):
    lesson, _, ref, possible = lesson_bank
    assert possible > 0
    assert ref == possible, f"{lesson}: the reference solution scores {ref}/{possible}"


def test_every_bug_loses_points(lesson_bank):
    lesson, outcomes, _, _ = lesson_bank
    bugs = [o for o in outcomes if o.variant.kind == "bug"]
    missed = [f"{o.variant.function}: {o.variant.label}" for o in bugs if not o.ok]
    assert not missed, f"{lesson}: bugs that keep full marks: {missed}"


def test_every_correct_variant_keeps_full_marks(lesson_bank):
    lesson, outcomes, _, _ = lesson_bank
    good = [o for o in outcomes if o.variant.kind == "correct"]
    lost = [
        f"{o.variant.function}: {o.variant.label} ({o.earned}/{o.possible})"
        for o in good
        if not o.ok
    ]
    assert not lost, f"{lesson}: correct implementations that lose points: {lost}"


def test_bank_is_broad(lesson_bank):
    lesson, outcomes, _, _ = lesson_bank
    nb = nbformat.read(build.notebook_path(ROOT, "source", lesson), as_version=4)
    functions = set(bank.graded_cells_of(nb).values())
    assert functions, f"{lesson} has no graded exercise"
    for fn in functions:
        kinds = [o.variant.kind for o in outcomes if o.variant.function == fn]
        assert kinds.count("bug") >= 3, f"{lesson}.{fn}: fewer than 3 bugs"
        assert kinds.count("correct") >= 3, f"{lesson}.{fn}: fewer than 3 correct variants"


def test_most_failures_name_the_bug(lesson_bank):
    lesson, outcomes, _, _ = lesson_bank
    bugs = [o for o in outcomes if o.variant.kind == "bug" and o.variant.names]
    named = sum(o.named for o in bugs)
    print(f"{lesson}: {named}/{len(bugs)} failure messages name the planted bug")
    assert named >= 0.6 * len(bugs), (
        f"{lesson}: only {named}/{len(bugs)} messages name the bug: "
        + ", ".join(o.variant.label for o in bugs if not o.named)
    )


def test_each_bug_is_charged_once(lesson_bank):
    """A bug costs points only in its own function's cells (documented exceptions aside)."""
    lesson, outcomes, _, _ = lesson_bank
    allowed = bank.charged_elsewhere(ROOT, lesson)
    for key, reason in allowed.items():
        assert isinstance(reason, str) and reason.strip(), f"{lesson}: {key} gives no reason"
    charged = [
        f"{o.variant.function}: {o.variant.label} costs {lost:.3g} in {cell}"
        for o in outcomes
        if o.variant.kind == "bug"
        for cell, lost in o.elsewhere.items()
        if (o.variant.function, cell) not in allowed
    ]
    assert not charged, f"{lesson}: bugs charged outside their own cells: {charged}"
