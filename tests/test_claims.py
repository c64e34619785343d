"""The claims of the prose: how a stated number is found and when it agrees."""

from __future__ import annotations

import pytest

from autograder.kernel import claims


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
