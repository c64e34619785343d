"""Unit tests of the cells that never stop Run All: ``ag.visible``, ``ag.needs``, ``explain``.

In-process and fast: no kernel.  The student's code is imitated the way a
notebook holds it: functions compiled from a cell of their own (a file name
of its own, registered in ``linecache`` as IPython does) in a namespace whose
``__name__`` is ``"__main__"``; the test function plays the test cell.
"""

from __future__ import annotations

import linecache
import sys
import textwrap
import warnings

import numpy as np
import pytest

import autograder as ag
from autograder.kernel import explain, hints

STUB = '''
def {name}(*args, **kwargs):
    """The stub nbgrader leaves in the student edition."""
    # YOUR CODE HERE
    raise NotImplementedError()
'''


@pytest.fixture
def notebook_cell(monkeypatch):
    """Run ``source`` as a notebook cell of its own: ``notebook_cell(source) -> namespace``."""
    count = 0

    def define(source: str, **names) -> dict:
        nonlocal count
        count += 1
        filename = f"<notebook-cell-{count}>"
        source = textwrap.dedent(source)
        monkeypatch.setitem(
            linecache.cache, filename, (len(source), None, source.splitlines(True), filename)
        )
        namespace = {"__name__": "__main__", "np": np, **names}
        exec(compile(source, filename, "exec"), namespace)
        return namespace

    return define


def raised(fn, *args) -> BaseException:
    try:
        fn(*args)
    except Exception as exc:
        return exc
    raise AssertionError(f"{fn} did not raise")


# ---------------------------------------------------------------------- ag.visible


class TestVisible:
    def test_a_passing_block_earns_its_points_as_a_python_float(self, capsys):
        with ag.visible("relative_error", points=3) as check:
            ag.check_scalar("relative_error(a, b)", 0.5, 0.5)
        earned = check.result()
        assert type(earned) is float
        assert earned == 3.0
        assert "relative_error: visible tests passed" in capsys.readouterr().out

    def test_a_check_failure_is_printed_not_raised_and_earns_zero(self, capsys):
        reached = []
        with ag.visible("relative_error", points=2) as check:
            ag.check_scalar("relative_error(a, b)", 2.0, 1.0, suspects={"doubled it": 2.0})
            reached.append(True)
        earned = check.result()
        out = capsys.readouterr().out
        assert type(earned) is float
        assert earned == 0.0
        assert reached == []  # the block stops at its first failure
        assert "✗ relative_error: relative_error(a, b) is wrong" in out
        assert "Likely bug: doubled it" in out
        assert "relative_error: 0 / 2 points" in out
        assert "visible tests passed" not in out

    def test_a_stub_of_the_tested_function_says_it_is_not_implemented(self, notebook_cell, capsys):
        relative_error = notebook_cell(STUB.format(name="relative_error"))["relative_error"]
        with ag.visible("relative_error") as check:
            relative_error(np.ones(3), np.ones(3))
        assert check.result() == 0.0
        out = capsys.readouterr().out
        assert "✗ relative_error: relative_error is not implemented yet: replace" in out
        assert "NotImplementedError" in out

    def test_a_stub_called_by_the_tested_function_is_named(self, notebook_cell, capsys):
        code = STUB.format(name="numerical_gradient") + textwrap.dedent(
            """
            def numerical_gradient_check(func, x, epsilon=1e-7):
                numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
                return bool(np.allclose(func(x)[1], numerical))
            """
        )
        check_fn = notebook_cell(code)["numerical_gradient_check"]
        with ag.visible("numerical_gradient_check") as check:
            check_fn(lambda z: (z**2, 2 * z), 3.0)
        assert check.result() == 0.0
        out = capsys.readouterr().out
        assert (
            "numerical_gradient is not implemented yet, and this test needs it "
            "(numerical_gradient_check calls it)" in out
        )

    def test_warnings_and_stderr_go_to_stdout(self, capsys):
        stderr_before = sys.stderr
        with ag.visible("sigmoid") as check:
            warnings.warn("overflow encountered in exp", RuntimeWarning, stacklevel=1)
            print("written to stderr", file=sys.stderr)
        assert sys.stderr is stderr_before
        assert check.result() == 1.0  # a warning is a note, not a failure
        captured = capsys.readouterr()
        assert captured.err == ""
        assert "(warning: RuntimeWarning: overflow encountered in exp)" in captured.out
        assert "(stderr: written to stderr)" in captured.out

    def test_keyboard_interrupt_propagates(self, capsys):
        stderr_before = sys.stderr
        with pytest.raises(KeyboardInterrupt), ag.visible("sigmoid") as check:
            raise KeyboardInterrupt
        assert sys.stderr is stderr_before
        assert check.ran is False
        assert "✗" not in capsys.readouterr().out

    def test_result_of_a_block_that_never_ran_is_zero(self, capsys):
        check = ag.visible("sigmoid", points=2)
        earned = check.result()
        assert type(earned) is float
        assert earned == 0.0
        assert "sigmoid: the checks did not run." in capsys.readouterr().out


# ---------------------------------------------------------------------- ag.needs


def skipped_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(explain.SKIPPED)]


class TestNeeds:
    def test_context_manager_prints_one_line_and_the_cell_goes_on(self, notebook_cell, capsys):
        relative_error = notebook_cell(STUB.format(name="relative_error"))["relative_error"]
        with ag.needs("relative_error"):
            relative_error(1.0, 2.0)
            print("not reached")
        print("the cell goes on")
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 2
        assert lines[0].startswith(explain.SKIPPED)
        assert "this cell needs relative_error, which is not implemented yet" in lines[0]
        assert lines[1] == "the cell goes on"

    def test_decorator_prints_one_line_per_failing_call(self, notebook_cell, capsys):
        sigmoid = notebook_cell(
            """
            def sigmoid(Z):
                return 1 / (1 + np.exp(-Z)).T.reshape(-1, 7)
            """
        )["sigmoid"]

        @ag.needs("sigmoid")
        def explore(z=0.0):
            return sigmoid(np.zeros((2, 3)) + z)

        assert explore() is None
        assert explore(z=1.0) is None
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 2
        assert all(line.startswith(explain.SKIPPED) for line in lines)
        assert "sigmoid raised ValueError" in lines[0]
        assert "fix sigmoid" in lines[0]

    def test_a_missing_variable_names_the_cell_that_computes_it(self, capsys):
        with ag.needs("train_network"):
            print(losses)  # noqa: F821 - an earlier (skipped) cell would have defined it
        lines = skipped_lines(capsys.readouterr().out)
        assert len(lines) == 1
        assert (
            "this cell needs losses, which an earlier cell computes with train_network"
            in (lines[0])
        )

    def test_a_missing_function_says_to_run_its_cell(self, capsys):
        with ag.needs("train_network"):
            train_network()  # noqa: F821
        assert skipped_lines(capsys.readouterr().out) == [
            f"{explain.SKIPPED} this cell needs train_network: run the cell that defines it first."
        ]

    def test_figures_opened_by_a_failing_block_are_closed(self, capsys):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        kept = plt.figure()
        try:
            with ag.needs("sigmoid"):
                plt.figure()
                plt.subplots(1, 2)
                raise ValueError("half-drawn")
            assert plt.get_fignums() == [kept.number]
            with ag.needs("sigmoid"):
                drawn = plt.figure()  # a block that succeeds keeps its figure
            assert plt.get_fignums() == [kept.number, drawn.number]
        finally:
            plt.close("all")
        assert len(skipped_lines(capsys.readouterr().out)) == 1

    def test_keyboard_interrupt_propagates(self, capsys):
        with pytest.raises(KeyboardInterrupt), ag.needs("sigmoid"):
            raise KeyboardInterrupt

        @ag.needs("sigmoid")
        def explore():
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            explore()
        assert capsys.readouterr().out == ""

    def test_no_exception_prints_nothing(self, capsys):
        with ag.needs("sigmoid"):
            value = 1.0

        @ag.needs("sigmoid")
        def explore(z):
            return 2 * z

        assert explore(value) == 2.0
        assert capsys.readouterr().out == ""


# ---------------------------------------------------------------------- explain.describe


class TestDescribe:
    def test_a_matmul_error_in_the_student_code_gets_the_transpose_hint(self, notebook_cell):
        compute_gradients_batch = notebook_cell(
            """
            def compute_gradients_batch(X, Y_pred, Y_true, W, b):
                m = X.shape[0]
                E = Y_pred - Y_true
                grad_W = X @ E / m
                return grad_W, E.sum(axis=0) / m
            """
        )["compute_gradients_batch"]
        X, Y_pred, Y_true = np.ones((4, 3)), np.ones((4, 2)), np.zeros((4, 2))
        exc = raised(compute_gradients_batch, X, Y_pred, Y_true, np.zeros((3, 2)), np.zeros(2))
        message = explain.describe(exc, "compute_gradients_batch", cell=sys._getframe())
        transpose = [h for _, _, h in hints.EXCEPTION_HINTS["compute_gradients_batch"]]
        transpose = [h for h in transpose if "transpose" in h]
        assert len(transpose) == 1
        assert message.startswith("compute_gradients_batch raised ValueError: matmul")
        assert "  in compute_gradients_batch: grad_W = X @ E / m" in message
        assert f"Likely bug: {transpose[0]}" in message

    # The test cells below run with exec: pytest would rewrite an assert written here.
    TEST_CELL = """
import sys

def hidden_reference_answer():
    return None

secret_expected_value = 0.043
try:
    {statement}
except Exception as exc:
    caught, cell = exc, sys._getframe()
"""

    def test_a_test_that_raises_is_quoted_only_when_its_source_may_be_shown(self, notebook_cell):
        statement = "grad_W, grad_b = hidden_reference_answer()"
        ns = notebook_cell(self.TEST_CELL.format(statement=statement))
        exc, cell = ns["caught"], ns["cell"]
        shown = explain.describe(exc, "compute_gradients_batch", cell=cell)
        hidden = explain.describe(
            exc, "compute_gradients_batch", cell=cell, reveal_test_source=False
        )
        assert statement in shown
        assert hidden.startswith("TypeError: cannot unpack non-iterable NoneType")
        assert "hidden_reference_answer" not in hidden
        assert "grad_W, grad_b" not in hidden

    def test_a_failed_assert_is_quoted_only_when_its_source_may_be_shown(self, notebook_cell):
        statement = "assert secret_expected_value == 0.5"
        ns = notebook_cell(self.TEST_CELL.format(statement=statement))
        exc, cell = ns["caught"], ns["cell"]
        shown = explain.describe(exc, "relative_error", cell=cell)
        hidden = explain.describe(exc, "relative_error", cell=cell, reveal_test_source=False)
        assert statement in shown
        assert "secret_expected_value = 0.043" in shown
        assert hidden == "A check failed:"


# -- one bug, one charge: ag.yours, also=, ag.mutates, check.builds_on ----------------


def _in_place_sigmoid(Z):
    Z[...] = 1 / (1 + np.exp(-Z))
    return Z


def test_yours_is_quiet_and_none_when_the_helper_raises(capsys):
    def noisy():
        print("student output")
        warnings.warn("careful", RuntimeWarning, stacklevel=1)
        return 3.0

    assert ag.yours(noisy) == 3.0
    assert ag.yours(lambda: 1 / 0) is None
    assert capsys.readouterr() == ("", "")


def test_also_accepts_only_the_same_type_shape_dtype_and_values():
    ref, mine = np.array([0.25, 0.5]), np.array([0.3, 0.5])
    ag.check_array("f(Z)", mine.copy(), ref, also=mine)
    with pytest.raises(ag.CheckFailure):
        ag.check_array("f(Z)", mine * 1.01, ref, also=mine)
    with pytest.raises(ag.CheckFailure):
        ag.check_array("f(Z)", mine.astype(np.float32), ref, also=mine)
    nan = np.array([np.nan, 1.0])
    ag.check_array("f(Z)", nan.copy(), ref, also=nan)  # the helper's NaN, passed on
    with pytest.raises(ag.CheckFailure):
        ag.check_array("f(Z)", nan.copy(), ref, also=None)
    ag.check_scalar("loss", 2.0, 1.0, also=2.0)
    with pytest.raises(ag.CheckFailure):
        ag.check_scalar("loss", 2.5, 1.0, also=2.0)


def test_mutates_works_on_copies():
    Z = np.array([1.0, -2.0])
    assert ag.mutates(_in_place_sigmoid, Z)
    assert Z.tolist() == [1.0, -2.0]
    assert not ag.mutates(lambda z: z * 2, Z)


def test_builds_on_gives_the_points_only_when_the_helper_is_wrong(capsys):
    Z = np.array([0.0, 2.0])
    right = 1 / (1 + np.exp(-Z))
    with ag.visible("sigmoid_derivative") as check:
        check.builds_on("sigmoid", lambda z: 1 / (1 + np.exp(z)), Z, expected=right)
        raise AssertionError("never reached")
    assert check.result() == 1.0
    out = capsys.readouterr().out
    assert "not judged here" in out and "Fix sigmoid first" in out
    with ag.visible("sigmoid_derivative") as check:
        check.builds_on("sigmoid", _in_place_sigmoid, Z, expected=right)  # right values, in place
    assert check.result() == 1.0 and check.not_judged == "sigmoid"
    assert Z.tolist() == [0.0, 2.0]
    with ag.visible("sigmoid_derivative") as check:
        check.builds_on("sigmoid", lambda z: 1 / (1 + np.exp(-z)), Z, expected=right)
        ag.check_array("slope", np.zeros(2), right * (1 - right))
    assert check.result() == 0.0 and check.not_judged is None
