"""Numbers the prose states, computed by the notebook that states them.

A lesson's markdown marks a number it states about a computation or an
experiment with an HTML comment right after it, invisible when rendered::

    the loss is still 0.683<!-- claim: xor_loss_epoch_10 --> at epoch 10

and a code cell of the lesson records the value the sentence is about::

    ag.claim("xor_loss_epoch_10", losses_xor[10])

``tests/test_run_all.py`` runs the answer key and checks every claim: the
stated number must be the recorded value rounded to the digits it shows
(``0.683`` means within 0.0005 of it; ``2.2e7`` within 0.05e7; a number
followed by ``%`` is compared with the value in percent; a power of ten,
``$10^{13}$<!-- claim: ... -->``, states an order of magnitude and agrees
with a value within a factor of sqrt(10) of it; a number word,
``five<!-- claim: ... -->``, is exact), and every recorded claim must be
stated somewhere.  Prose, code and figures cannot drift apart.

A number the prose states *without* a claim is found by :func:`untagged`
(``tests/test_claims.py`` runs it over every lesson's markdown): what is left
must be a definition (a learning rate the lesson sets, a shape it chooses), listed
with its reason in the lesson's allow-list.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

_RECORDED: dict[str, float] = {}

WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
WORDS |= {"ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6}
"""Number words a claim may state (``five<!-- claim: n -->`` states exactly 5)."""

_WORD = "|".join(sorted(WORDS, key=len, reverse=True))

MARK = re.compile(
    r"(?:(?P<power>10\^\{?(?P<exponent>[-+]?\d+)\}?)"
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?P<percent>\s?%)?"
    rf"|\b(?P<word>(?i:{_WORD})))\$?\s*"
    r"<!--\s*claim:\s*(?P<name>[A-Za-z_]\w*)\s*-->"
)
"""A stated number (plain, decimal or e-notation, optionally in ``$...$`` or a
percentage; a power of ten ``10^{k}`` in math; or a number word) followed by its
claim comment."""


def claim(name: str, value: float) -> float:
    """Record ``value`` as what the prose's claim ``name`` states; returns it as a float."""
    number = float(value)
    _RECORDED[name] = number
    return number


def recorded() -> dict[str, float]:
    """Every claim recorded in this kernel so far."""
    return dict(_RECORDED)


def stated(markdown: str) -> list[tuple[str, str, bool]]:
    """``(name, number as written, is a percentage)`` for every claim in ``markdown``."""
    out = []
    for m in MARK.finditer(markdown):
        if m["power"]:
            written = f"10^{int(m['exponent'])}"
        else:
            written = m["number"] or m["word"].lower()
        out.append((m["name"], written, bool(m["percent"])))
    return out


def agrees(written: str, value: float, percent: bool = False) -> bool:
    """Whether ``value`` rounds to ``written`` at the precision ``written`` shows."""
    if percent:
        value = 100.0 * value
    if written in WORDS:  # a number word states an exact count
        return math.isfinite(value) and abs(value - WORDS[written]) <= 1e-9
    if written.startswith("10^"):  # an order of magnitude
        return (
            math.isfinite(value)
            and value > 0
            and abs(math.log10(value) - int(written[3:])) <= 0.5 + 1e-12
        )
    mantissa, _, exponent = written.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (-decimals) * 10.0 ** int(exponent or 0)
    shown = float(written)
    return math.isfinite(value) and abs(value - shown) <= unit / 2 * (1 + 1e-9)


# --- numbers stated without a claim ----------------------------------------------------


class Untagged(NamedTuple):
    """A number in prose that no claim covers: as written, where, and the words around it."""

    text: str
    start: int
    end: int


_NOT_PROSE = re.compile(
    r"<!--.*?-->"  # comments (a claim's own comment included)
    r"|```.*?```"  # fenced code
    r"|`[^`\n]*`"  # code spans: names, calls, shapes in code
    r"|\]\([^)]*\)"  # link and image targets
    r"|\$\$.*?\$\$",  # display math: formulas and derivations
    re.S,
)
"""Regions that state no number of their own: code, comments, links, display math."""

_REFERENCE = re.compile(
    r"^#+[ \t]*(?:\d+(?:\.\d+)*\.?)?"  # a heading's section number, "## 3."
    r"|^[ \t]*\d+\.(?=[ \t])"  # an item of a numbered list
    r"|\b(?:[Ll]essons?|[Ss]ections?|[Pp]arts?|[Ss]teps?|[Ee]xercises?|[Tt]ests?|[Cc]ells?|[Ll]ayers?|[Ee]pochs?)"
    r"(?:\s+\d+(?:\.\d+)?(?:\s*(?:,|–|-|and|or|to)\s*\d+)*)+"  # lesson 04, sections 2 and 3
    r"|\b[Ll]esson-\d\d"  # a lesson-04 network
    r"|\b(?:\d+|(?i:" + _WORD + r"))-(?=[A-Za-z])"  # names: 2-D, a two-layer network
    r"|\(\d+ points?\)"  # an exercise's points
    r"|\b[Ss]eeds? (?:documents? )?0\d\d(?:\s*(?:,|and|or)\s*0\d\d)*",  # seed document 002
    re.M,
)
"""References to the course's own structure (section, lesson, exercise, layer, epoch and
seed-document numbers, numbered lists, an exercise's points) and numbers inside names
(2-D, a two-layer network)."""

_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_DIGITS = re.compile(
    r"(?<![\w.^_{\\])\d{1,3}(?: \d{3})+(?![\d.])"  # 100 000, grouped by spaces
    r"|(?<![\w.^_{\\])\d+(?:\.\d+)?(?:[eE][-+]?\d+)?%?"
)
_WORDS_IN_PROSE = re.compile(rf"\b(?i:{'|'.join(w for w in WORDS if WORDS[w] >= 2)})\b")
_INLINE_MATH = re.compile(r"\$[^$]+\$")
_MATH_RESULT = re.compile(
    rf"^\$\s*(?P<lone>10\^\{{?-?\d+\}}?|{_NUMBER})\s*\$$"  # a number alone in math: $0.33$
    rf"|\\approx\s*(?P<approx>10\^\{{?-?\d+\}}?|{_NUMBER}(?:\s*\\times\s*10\^\{{?-?\d+\}}?)?)"
    rf"|=\s*(?P<last>{_NUMBER})\s*\$$"  # a result: a = b = 42, or 2 \cdot 21 = 42
)


def _blank(text: str, start: int, end: int, keep: str = "\n") -> str:
    """``text`` with ``[start, end)`` replaced by spaces, keeping line breaks and ``keep``."""
    middle = "".join(c if c in keep else " " for c in text[start:end])
    return text[:start] + middle + text[end:]


def untagged(markdown: str) -> list[Untagged]:
    """Every number ``markdown`` states that no claim covers.

    Outside math: every number in digits (``15``, ``1087``, ``0.75``, ``100 000``,
    ``98%``) and every number word from two up (``five``, ``twenty``, ``thousand``).
    Inside inline math, where most numbers belong to formulas: a number alone
    (``$0.33$``), a number after ``\\approx``, and a result at the end of the math
    (``$a = 2 \\cdot 2 = 4$`` or ``$2 \\cdot 2 = 4$``, not the definition ``$x = 2$``).
    Not counted: claims, code, comments, link targets, display math, references to the
    course's structure (section, lesson, exercise, part, step, test, cell, layer, epoch and
    seed-document numbers, numbered lists, an exercise's points) and numbers inside names
    (``2-D``, ``a two-layer network``).
    """
    text = markdown
    for m in MARK.finditer(markdown):
        text = _blank(text, m.start(), m.end(), keep="$\n")  # a claim's $ closes its math
    for pattern in (_NOT_PROSE, _REFERENCE):
        for m in pattern.finditer(text):
            text = _blank(text, m.start(), m.end())
    found: list[Untagged] = []
    prose = text
    for m in _INLINE_MATH.finditer(text):
        body = m.group()
        if body.strip("$ \n"):
            for r in _MATH_RESULT.finditer(body):
                group = next(g for g in ("lone", "approx", "last") if r[g] is not None)
                left = body.partition("=")[0]
                if group == "last" and body.count("=") < 2 and not re.search(r"\d", left):
                    continue  # $x = 2$ defines x; $2 \cdot 2 = 4$ and $a = b = 4$ compute
                found.append(
                    Untagged(r[group], m.start() + r.start(group), m.start() + r.end(group))
                )
        prose = _blank(prose, m.start(), m.end())
    for pattern in (_DIGITS, _WORDS_IN_PROSE):
        for m in pattern.finditer(prose):
            found.append(Untagged(m.group(), m.start(), m.end()))
    return sorted(found, key=lambda u: u.start)
