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
with a value within a factor of sqrt(10) of it), and every recorded claim
must be stated somewhere.  Prose, code and figures cannot drift apart.
"""

from __future__ import annotations

import math
import re

_RECORDED: dict[str, float] = {}

MARK = re.compile(
    r"(?:(?P<power>10\^\{?(?P<exponent>[-+]?\d+)\}?)"
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?P<percent>\s?%)?)\$?\s*"
    r"<!--\s*claim:\s*(?P<name>[A-Za-z_]\w*)\s*-->"
)
"""A stated number (plain, decimal or e-notation, optionally in ``$...$`` or a
percentage; or a power of ten ``10^{k}`` in math) followed by its claim comment."""


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
    return [
        (m["name"], f"10^{int(m['exponent'])}" if m["power"] else m["number"], bool(m["percent"]))
        for m in MARK.finditer(markdown)
    ]


def agrees(written: str, value: float, percent: bool = False) -> bool:
    """Whether ``value`` rounds to ``written`` at the precision ``written`` shows."""
    if percent:
        value = 100.0 * value
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
