"""Unit tests of the checks that test cells call."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograder as ag
from autograder.kernel.checks import CheckFailure


def message(fn, *args, **kwargs) -> str:
    with pytest.raises(CheckFailure) as info:
        fn(*args, **kwargs)
    return str(info.value)


class TestCheckArray:
    def test_accepts_exact_and_rounding_level_differences(self):
        x = np.random.default_rng(0).standard_normal((4, 3))
        ag.check_array("g", x.copy(), x)
        ag.check_array("g", x * (1 + 1e-12), x)

    def test_names_a_transpose_from_the_shape(self):
        text = message(ag.check_array, "grad_W", np.zeros((1, 2)), np.ones((2, 1)))
        assert "shape (1, 2), expected (2, 1)" in text
        assert "transpose" in text

    def test_names_keepdims(self):
        assert "keepdims" in message(ag.check_array, "grad_b", np.ones((1, 3)), np.ones(3))

    def test_names_wrong_axis(self):
        assert "wrong axis" in message(ag.check_array, "grad_b", np.ones(7), np.ones(3))

    def test_names_a_missing_1_over_m_from_the_ratio(self):
        x = np.arange(1.0, 7.0).reshape(2, 3)
        text = message(ag.check_array, "g", 5 * x, x, factors={5.0: "missing 1/m"})
        assert "Likely bug: missing 1/m" in text
        assert "expected" in text and "got" in text

    def test_names_a_sign_error(self):
        x = np.arange(1.0, 4.0)
        assert "sign" in message(ag.check_array, "g", -x, x)

    def test_reports_an_unknown_constant_factor(self):
        x = np.arange(1.0, 4.0)
        assert "3 × expected" in message(ag.check_array, "g", 3 * x, x)

    def test_names_a_suspect(self):
        x = np.arange(1.0, 5.0).reshape(2, 2)
        wrong = x**2
        text = message(ag.check_array, "g", wrong, x, suspects={"squared it": wrong})
        assert "Likely bug: squared it" in text

    def test_square_transpose_named_from_values(self):
        x = np.array([[1.0, 2.0], [3.0, 4.0]])
        assert "transpose" in message(ag.check_array, "g", x.T.copy(), x)

    def test_relative_tolerance_rejects_small_wrong_values(self):
        # np.allclose(atol=1e-8) would accept this answer, 10% wrong.
        expected = np.full(3, 1e-9)
        assert np.allclose(expected * 1.1, expected)
        message(ag.check_array, "g", expected * 1.1, expected)

    def test_zero_expected_needs_near_zero(self):
        ag.check_array("g", np.zeros(3), np.zeros(3))
        message(ag.check_array, "g", np.full(3, 1e-6), np.zeros(3))

    @pytest.mark.parametrize(
        ("value", "words"),
        [
            ([1.0, 2.0], "list"),
            (np.float64(1.0), "scalar"),
            (None, "None"),
            (np.array([1, 2]), "dtype int64"),
            (np.array([1.0, 2.0], dtype=np.float32), "float32"),
            (np.array([1.0, np.nan]), "NaN"),
            (np.ma.masked_array([1.0, 2.0]), "subclass"),
        ],
    )
    def test_rejects_wrong_types(self, value, words):
        assert words in message(ag.check_array, "g", value, [1.0, 2.0])

    def test_an_object_equal_to_everything_fails(self):
        class Liar:
            def __eq__(self, other):
                return True

            def __array__(self, dtype=None, copy=None):
                return np.array([1.0, 2.0])

        assert "object of type" in message(ag.check_array, "g", Liar(), [1.0, 2.0])

    def test_patching_numpy_does_not_change_the_verdict(self, monkeypatch):
        monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
        monkeypatch.setattr(np, "array_equal", lambda *a, **k: True)
        message(ag.check_array, "g", np.array([9.0]), [1.0])


class TestScalars:
    def test_python_and_numpy_floats_pass(self):
        ag.check_scalar("L", 49.0, 49.0)
        ag.check_scalar("L", np.float64(49.0), 49.0)

    @pytest.mark.parametrize(
        ("value", "words"),
        [
            (49, "integer"),
            (np.float32(49.0), "float32"),
            (np.array([49.0]), "shape (1,)"),
            ((49.0,), "tuple"),
            (True, "comparison"),
        ],
    )
    def test_rejects_non_floats(self, value, words):
        assert words in message(ag.check_scalar, "L", value, 49.0)

    def test_names_factor_two(self):
        text = message(
            ag.check_scalar, "dL/dw", 21.0, 42.0, factors={0.5: "missing the 2 of d(a²)/da"}
        )
        assert "missing the 2" in text

    def test_nan_is_an_overflow(self):
        assert "overflow" in message(ag.check_scalar, "L", float("nan"), 1.0)


class TestContainers:
    def test_tuple_length(self):
        assert "2 values" in message(ag.expect_tuple, "f", (1.0,), ("a", "b"))
        assert "tuple" in message(ag.expect_tuple, "f", 1.0, ("a", "b"))

    def test_dict_keys(self):
        assert "missing keys ['db2']" in message(
            ag.expect_dict, "grads", {"dW2": 1}, ["dW2", "db2"]
        )
        assert "unexpected" in message(ag.expect_dict, "grads", {"dW2": 1, "x": 2}, ["dW2"])

    def test_bool(self):
        assert ag.expect_bool("ok", np.bool_(True)) is True
        assert "None" in message(ag.expect_bool, "ok", None)
        assert "True or False" in message(ag.expect_bool, "ok", 1)


class TestUnchanged:
    def test_detects_in_place_updates(self):
        x = np.ones(3)
        before = ag.copy_args(x)[0]
        x += 1
        assert "in place" in message(ag.check_unchanged, "f", "X", before, x)

    def test_detects_mutated_dicts(self):
        params = {"W": np.ones(2)}
        before = ag.copy_args(params)[0]
        params["W"][0] = 5.0
        message(ag.check_unchanged, "f", "params", before, params)
        ag.check_unchanged("f", "params", before, {"W": np.ones(2)})


class TestSuite:
    def test_partial_credit_is_a_python_float(self, capsys):
        suite = ag.Suite("f", points=3)
        with suite.case("passes"):
            pass
        with suite.case("fails", weight=2):
            ag.check_scalar("x", 1.0, 2.0)
        assert type(suite.result()) is float
        assert suite.earned == 1.0
        out = capsys.readouterr().out
        assert "✓ passes" in out and "✗ fails" in out and "1/2 cases passed" in out

    def test_stub_scores_zero(self):
        suite = ag.Suite("f", points=2)
        with suite.case("stub"):
            raise NotImplementedError
        assert suite.result() == 0.0

    def test_warnings_and_stderr_are_kept_off_stderr(self, capsys):
        suite = ag.Suite("f", points=1)
        with suite.case("warns"), warnings.catch_warnings():
            np.exp(np.array([1000.0]))
        assert suite.result() == 1.0
        captured = capsys.readouterr()
        assert captured.err == ""
        assert "RuntimeWarning" in captured.out

    def test_interrupts_are_not_swallowed(self):
        suite = ag.Suite("f", points=1)
        with pytest.raises(KeyboardInterrupt), suite.case("interrupted"):
            raise KeyboardInterrupt

    def test_no_cases_no_score(self):
        assert ag.Suite("f", points=1).result() is None

    def test_a_case_built_on_a_wrong_helper_is_not_judged(self, capsys):
        """One bug, one charge: the case stops, counted as passed, naming the helper to fix."""
        suite = ag.Suite("train", points=2)
        right = np.array([1.0, 2.0])
        with suite.case("on a right helper"):
            suite.builds_on("loss", lambda z: z * 1.0, np.array([1.0, 2.0]), expected=right)
            ag.check_scalar("x", 1.0, 2.0)  # judged: fails
        with suite.case("on a wrong helper"):
            suite.builds_on("loss", lambda z: z * 2.0, np.array([1.0, 2.0]), expected=right)
            raise AssertionError("never reached")
        assert suite.result() == 1.0
        out = capsys.readouterr().out
        assert "– on a wrong helper" in out and "because loss is not right" in out


def test_the_closest_of_several_matching_suspects_is_named():
    expected = np.array([1.0, 2.0])
    got = expected * (1 + 3e-7)
    suspects = {"far": expected * (1 + 9e-7), "near": expected * (1 + 3e-7), "off": expected * 2}
    assert ag.diagnose(got, expected, suspects=suspects) == "near"
    assert ag.diagnose(expected * (1 + 1e-8), expected) is None  # a factor of 1 is no bug
