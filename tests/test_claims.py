"""The claims of the prose: how a stated number is found and when it agrees, and that every
number a lesson's prose states is a claim or a listed definition."""

from __future__ import annotations

import re
import tomllib

import nbformat
import pytest

from autograder.authoring import build
from autograder.kernel import claims
from conftest import ROOT, all_lessons


def test_numbers_are_found_with_their_claim():
    text = (
        "still $0.683$<!-- claim: loss_10 --> at epoch 10, 5.4 %<!-- claim: gap -->, "
        "2.2e7<!-- claim: big -->, -3<!-- claim:neg-->, and 7 without a claim; "
        "around $10^{13}$<!-- claim: huge -->, $10^{-7}$<!-- claim: tiny -->"
    )
    assert claims.stated(text) == [
        ("loss_10", "0.683", False),
        ("gap", "5.4", True),
        ("big", "2.2e7", False),
        ("neg", "-3", False),
        ("huge", "10^13", False),
        ("tiny", "10^-7", False),
    ]


@pytest.mark.parametrize(
    ("written", "value", "percent", "agrees"),
    [
        ("0.683", 0.68349, False, True),
        ("0.683", 0.68351, False, False),  # rounds to 0.684
        ("0.683", 0.6824, False, False),  # rounds to 0.682
        ("50", 49.6, False, True),
        ("50", 49.4, False, False),
        ("2.2e7", 2.24e7, False, True),
        ("2.2e7", 2.26e7, False, False),
        ("5.4", 0.0541, True, True),  # a percentage is compared with 100 * value
        ("5.4", 5.4, True, False),
        ("1.0", float("nan"), False, False),
        ("10^13", 2.9e13, False, True),  # an order of magnitude: within a factor sqrt(10)
        ("10^13", 3.3e13, False, False),
        ("10^-7", 4e-8, False, True),
        ("10^-7", 2e-8, False, False),
        ("10^-7", -1e-7, False, False),
    ],
)
def test_a_claim_agrees_only_at_the_precision_it_shows(written, value, percent, agrees):
    assert claims.agrees(written, value, percent) is agrees


def test_claim_records_a_float_and_returns_it():
    assert claims.claim("test_only_value", 3) == 3.0
    assert claims.recorded()["test_only_value"] == 3.0
    assert type(claims.recorded()["test_only_value"]) is float


def test_numbers_without_a_claim_are_found():
    text = (
        "## 3. The loop\n"
        "In lesson 04 it took about 15 steps and five matrix products, 1087 times slower, 98%,\n"
        "a chain of 100 000 nodes, $0.33$, $x = 2$, $2 \\cdot 2 = 4$, $h \\approx 10^{-5}$,\n"
        "`rng(0)`, 0.5<!-- claim: a --> and $10^{-3}$<!-- claim: b -->, six<!-- claim: c -->,\n"
        "Exercise 2 (4 points), sections 2 and 3, seed 002's example, a two-layer 2-D net.\n"
        "$$ J = 12.5 $$"
    )
    found = [u.text for u in claims.untagged(text)]
    assert found == ["15", "five", "1087", "98%", "100 000", "0.33", "4", "10^{-5}"]
    for u in claims.untagged(text):
        assert text[u.start : u.end] == u.text


@pytest.mark.parametrize(
    ("written", "value", "agrees"), [("five", 5.0, True), ("five", 5.4, False), ("ten", 10, True)]
)
def test_a_number_word_states_an_exact_count(written, value, agrees):
    assert claims.stated(f"{written.title()}<!-- claim: n -->") == [("n", written, False)]
    assert claims.agrees(written, value) is agrees


# --- every number of every lesson's prose: a claim or a listed definition -------------------

KINDS = {"set", "data", "math", "text", "fact"}
"""The kinds of definition an allow-list may hold (tests/prose/README.md)."""


def _phrase_pattern(phrase: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(word) for word in phrase.split()))


def definitions(lesson: str) -> dict[str, tuple[str, str]]:
    """``phrase -> (kind, why)`` from ``tests/prose/<lesson>.toml`` (empty without one)."""
    path = ROOT / "tests" / "prose" / f"{lesson}.toml"
    if not path.exists():
        return {}
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(table) - KINDS
    assert not unknown, f"{path.name}: unknown kinds {sorted(unknown)}; use {sorted(KINDS)}"
    listed = {}
    for kind, entries in table.items():
        for phrase, why in entries.items():
            assert why.strip(), f"{path.name}: say why {phrase!r} is a definition"
            assert phrase not in listed, f"{path.name}: {phrase!r} is listed twice"
            listed[phrase] = (kind, why)
    return listed


def unexplained_numbers(lesson: str) -> tuple[list[str], list[str]]:
    """The numbers of ``lesson``'s markdown that are neither claims nor listed definitions
    (as ``[cell] number: context``), and the listed phrases that cover no number."""
    nb = nbformat.read(build.notebook_path(ROOT, "source", lesson), as_version=4)
    listed = definitions(lesson)
    used = set()
    loose = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        spans = [
            (m.start(), m.end(), phrase)
            for phrase in listed
            for m in _phrase_pattern(phrase).finditer(cell.source)
        ]
        for number in claims.untagged(cell.source):
            covering = [p for a, b, p in spans if a <= number.start and number.end <= b]
            used.update(covering)
            if not covering:
                context = cell.source[max(0, number.start - 50) : number.end + 30]
                loose.append(f"[{index}] {number.text}: ...{' '.join(context.split())}...")
    return loose, sorted(set(listed) - used)


@pytest.mark.parametrize("lesson", all_lessons())
def test_every_number_in_the_prose_is_a_claim_or_a_definition(lesson):
    loose, stale = unexplained_numbers(lesson)
    assert not loose, (
        f"{lesson}: numbers in the prose that are neither a claim nor a listed definition "
        f"(tag a computed number as a claim, or list a definition in tests/prose/{lesson}.toml, "
        "see tests/prose/README.md):\n" + "\n".join(loose)
    )
    assert not stale, f"tests/prose/{lesson}.toml lists phrases that cover no number: {stale}"
