"""What the lessons know about likely bugs: exception hints and visible-test tables.

Two kinds of knowledge live here, so that a visible test cell reads as a
short list of checks followed by the seed asserts:

- :func:`for_exception`: a hint for an exception raised inside a student's
  function (``X @ E`` raising a shape error: "a missing transpose?
  X.T @ E"), first from the function's own table, then from the general one;
- per-lesson helpers that return the ``suspects`` and ``factors`` tables of a
  visible test (bug descriptions and the values those bugs give on the
  worked example), named after the exercise they serve.

Everything here is public: students can read this module, as they can read
the visible tests.  Hidden tests keep their own tables and references.
"""

from __future__ import annotations

import re

import numpy as np

from .checks import CheckFailure, expect_ndarray

# --------------------------------------------------------------------------
# Exceptions raised inside a student's function
# --------------------------------------------------------------------------

_MATMUL = r"matmul: Input operand|not aligned|mismatch in its core dimension"
_BROADCAST = r"could not be broadcast"

EXCEPTION_HINTS: dict[str, list[tuple[str, str, str]]] = {
    # function: [(exception class name or "", regex on the message, hint)]
    "compute_gradients_single": [
        ("TypeError", r"not subscriptable|has no len", "x, y_pred, y_true are plain numbers here"),
    ],
    "compute_gradients_batch": [
        (
            "",
            _MATMUL,
            "a missing transpose? grad_W = X.T @ E / m: X.T (n, m) @ E (m, d) pairs the m "
            "examples of X with those of E = Y_pred - Y_true",
        ),
        (
            "",
            _BROADCAST,
            "arrays of different shapes combined: E = Y_pred - Y_true is (m, d); "
            "grad_W = X.T @ E / m, grad_b = E.sum(axis=0) / m",
        ),
    ],
    "visualize_gradient_flow": [
        (
            "",
            r"shape mismatch|same first dimension|number of labels",
            "the magnitude panel has 3 bars: ax.barh(labels, sizes) with 3 labels and 3 sizes",
        ),
    ],
    "numerical_gradient": [
        (
            "",
            r"only integer scalar arrays|index|too many indices",
            "loop over every index of x with np.ndindex(x.shape) and perturb x[idx]",
        ),
        (
            "",
            r"Cannot cast ufunc|output from dtype",
            "x + h on an integer array: work on a float copy, np.array(x, dtype=float)",
        ),
    ],
    "relative_error": [
        (
            "",
            r"float division by zero|divide by zero",
            "both norms are zero: return 0.0 before dividing",
        ),
    ],
    "numerical_gradient_check": [
        (
            "TypeError",
            r"not subscriptable|cannot unpack",
            "func(x) returns (loss, analytical_grad): differentiate the loss, lambda z: func(z)[0]",
        ),
    ],
    "forward_propagation": [
        (
            "",
            _MATMUL,
            "rows are examples: Z1 = X @ W1 + b1 with X (m, n_x) and W1 (n_x, n_h), "
            "Z2 = A1 @ W2 + b2 (no transposes in the forward pass)",
        ),
    ],
    "backward_propagation": [
        (
            "",
            _MATMUL,
            "a missing transpose? dW2 = A1.T @ dZ2, dA1 = dZ2 @ W2.T, dW1 = X.T @ dZ1 "
            "(each gradient has the shape of its parameter)",
        ),
        ("KeyError", r".", "the cache's keys are 'X', 'Z1', 'A1', 'Z2', 'A2'"),
    ],
    "update_parameters": [
        (
            "KeyError",
            r".",
            "parameters has keys 'W1', 'b1', 'W2', 'b2' and grads 'dW1', 'db1', 'dW2', 'db2': "
            "the gradient of parameters[k] is grads['d' + k]",
        ),
    ],
    "train_network": [
        (
            "",
            _MATMUL,
            "shapes: W1 is (n_x, n_hidden) = (X.shape[1], n_hidden) and W2 is "
            "(n_hidden, n_y) = (n_hidden, Y.shape[1])",
        ),
    ],
    "predict": [
        ("KeyError", r".", "parameters has the keys 'W1', 'b1', 'W2', 'b2'"),
    ],
    "deep_forward": [
        (
            "",
            _MATMUL,
            "rows are examples: Z = A_prev @ W + b, with A_prev (m, n_prev) and W (n_prev, n)",
        ),
    ],
    "deep_backward": [
        (
            "",
            _MATMUL,
            "a missing transpose? dW = A_prev.T @ dZ and dA_prev = dZ @ W.T",
        ),
        (
            "",
            r"index out of range|out of bounds",
            "caches and params hold one entry per layer: walk the layers from the last "
            "(len(params) - 1) down to 0",
        ),
    ],
    "gradient_norms": [
        ("", r"cannot unpack|too many values", "grads is a list of (dW, db) tuples"),
    ],
    "clip_gradients_by_norm": [
        ("", r"cannot unpack|too many values", "grads is a list of (dW, db) tuples"),
    ],
    "init_deep_network": [
        ("", r"negative dimensions|must be an integer", "W has shape (fan_in, fan_out)"),
    ],
    "topological_order": [
        (
            "RecursionError",
            r".",
            "recursion depth exceeded: a recursive walk needs one Python frame per node, and "
            "a chain of 100 000 nodes is deeper than Python allows; write the walk with an "
            "explicit stack",
        ),
    ],
    "Linear": [
        (
            "",
            _MATMUL,
            "a missing transpose? X is (m, n_in), W (n_in, n_out), dOut (m, n_out); "
            "grads['W'] must come out (n_in, n_out) and dX (m, n_in)",
        ),
    ],
    "SGD": [
        (
            "",
            _BROADCAST,
            "the velocities of two parameters got mixed: keep one per (layer_index, name), "
            "in this optimiser object (not in a class attribute shared by every SGD)",
        ),
    ],
    "Adam": [
        (
            "",
            _BROADCAST,
            "the moments of two parameters got mixed: keep m and v per (layer_index, name), "
            "in this optimiser object (not in a class attribute shared by every Adam)",
        ),
    ],
}

GENERAL_HINTS: list[tuple[str, str, str]] = [
    (
        "TypeError",
        r"cannot unpack non-iterable NoneType|'NoneType' object",
        "a function returned None: is its `return` statement missing?",
    ),
    (
        "",
        _MATMUL,
        "the sides of a matrix product A @ B do not fit (A's last axis must equal B's "
        "first): a missing or extra transpose? Rows are examples: X is (m, n_in), "
        "W is (n_in, n_out)",
    ),
    (
        "",
        _BROADCAST,
        "arrays whose shapes do not fit were combined elementwise: a missing transpose, "
        "a sum over the wrong axis, or keepdims?",
    ),
    (
        "TypeError",
        r"unsupported operand type\(s\) for @|'list' object|can't multiply sequence",
        "a list where a NumPy array is needed: np.array(...)",
    ),
    (
        "TypeError",
        r"positional argument|unexpected keyword argument|required positional",
        "the signature differs from the exercise's: keep its parameter names and defaults",
    ),
    ("ZeroDivisionError", r".", "a division by zero"),
    (
        "RecursionError",
        r".",
        "recursion depth exceeded: a function calls itself too deeply (or without end)",
    ),
    ("UnboundLocalError", r".", "a variable used before it is assigned in the function"),
    ("NameError", r".", "a typo in a name, or a name of another cell (run that cell first)"),
]


def for_exception(function: str | None, kind: str, message: str) -> str | None:
    """A hint for ``kind: message`` raised by ``function``, or None."""
    tables = [EXCEPTION_HINTS.get(function or "", []), GENERAL_HINTS]
    for table in tables:
        for wanted, pattern, hint in table:
            if (not wanted or wanted == kind) and re.search(pattern, message):
                return hint
    return None


# --------------------------------------------------------------------------
# 01_chain_rule: tables of the visible tests (values the bugs give)
# --------------------------------------------------------------------------


def square_of_affine_at_2() -> dict:
    """square_of_affine(2): what each bug returns instead of (49.0, 42.0)."""
    swapped = "swapped outputs: return (z, dz_dx) in that order"
    return {
        "z": {"suspects": {"z = 3x + 1 without the square": 7.0, swapped: 42.0}},
        "dz_dx": {
            "suspects": {
                "missing the inner derivative dg/dx = 3 (2(3x + 1) is only dz/dg)": 14.0,
                "missing the factor 2 of d(g**2)/dg = 2g": 21.0,
                "outer derivative evaluated at x instead of at g = 3x + 1 (2x * 3 = 12)": 12.0,
                swapped: 49.0,
            }
        },
    }


_RELU_CHAIN_CASES = {
    2: ({}, {}),
    -1: (
        {"ReLU missing in the forward pass: L = (3x + 1)**2 even where 3x + 1 < 0": 4.0},
        {"ReLU ignored in the backward pass: relu'(z) is 0 where z <= 0": -12.0},
    ),
    -0.2: ({}, {"ReLU mask tested on x instead of on z = 3x + 1": 0.0}),
}


def relu_chain_at(x: float, dL_dx: float) -> dict:
    """relu_chain(x) of the visible test, whose expected derivative is ``dL_dx``."""
    sus_L, sus_d = _RELU_CHAIN_CASES[x]
    return {
        "L": {"suspects": {"returned a = relu(3x + 1) instead of L = a**2": dL_dx / 6.0, **sus_L}},
        "dL_dx": {
            "suspects": {
                "missing dz/dx = 3 (2a * relu'(z) is dL/dz, not dL/dx)": dL_dx / 3.0,
                "missing the factor 2 of d(a**2)/da = 2a": dL_dx / 2.0,
                **sus_d,
            }
        },
    }


_NEURON_SIGMOID_AT_A = (
    "sigmoid derivative taken at a instead of at z: da/dz = sigmoid(z)(1 - sigmoid(z)) = a(1 - a)"
)
_NEURON_DL_DA = (
    "returned dL/da = 2(a - y_true): follow the chain on through da/dz and dz/dw (or dz/db)"
)
_NEURON_FACTOR_2 = "missing the factor 2 of dL/da = 2(a - y_true)"
_NEURON_Z_FOR_A = "used z in place of a = sigmoid(z) in dL/da"
_NEURON_NO_HALF = "the loss has no 1/2 in this lesson: L = (a - y_true)**2"
_NEURON_Z_LOSS = "the loss used z instead of a = sigmoid(z)"
_NEURON_NO_SQUARE = "L is a - y_true without the square"
_NEURON_NO_X = "forgot the factor x: dL/dw = dL/dz * dz/dw with dz/dw = x"
_NEURON_NO_SLOPE = "left out da/dz = a(1 - a), the sigmoid's local derivative"


def single_neuron_at(x: float) -> dict:
    """single_neuron_gradients(0.5, 0.1, x, 0.8) for x = 1.0 and x = 3.0."""
    if x == 1.0:
        grads = {
            _NEURON_FACTOR_2: -0.03531140474940632,
            _NEURON_SIGMOID_AT_A: -0.0696566490645718,
            _NEURON_DL_DA: -0.3086873875484093,
            _NEURON_Z_FOR_A: -0.09151369618266296,
        }
        return {
            "L": {
                "suspects": {
                    _NEURON_NO_HALF: 0.011910987903932729,
                    _NEURON_Z_LOSS: 0.04000000000000003,
                    _NEURON_NO_SQUARE: -0.15434369377420465,
                }
            },
            "dL_dw": {"suspects": grads},
            "dL_db": {"suspects": grads},
        }
    if x == 3.0:
        return {
            "L": {
                "suspects": {
                    _NEURON_NO_HALF: 0.0005125884932921558,
                    _NEURON_Z_LOSS: 0.6400000000000001,
                    _NEURON_NO_SQUARE: 0.03201838513392441,
                }
            },
            "dL_dw": {
                "suspects": {
                    _NEURON_FACTOR_2: 0.013425032753671275,
                    _NEURON_SIGMOID_AT_A: 0.04058849522421666,
                    _NEURON_NO_X: 0.00895002183578085,
                    _NEURON_DL_DA: 0.06403677026784882,
                    _NEURON_NO_SLOPE: 0.19211031080354646,
                    _NEURON_Z_FOR_A: 0.6708662012786929,
                }
            },
            "dL_db": {
                "suspects": {
                    _NEURON_FACTOR_2: 0.004475010917890425,
                    _NEURON_SIGMOID_AT_A: 0.013529498408072221,
                    "dL/db multiplied by x: dz/db is 1, not x": 0.02685006550734255,
                    _NEURON_DL_DA: 0.06403677026784882,
                    _NEURON_Z_FOR_A: 0.22362206709289764,
                }
            },
        }
    raise ValueError(f"no table for x = {x!r}")


_FWD_SWAPPED = "the tangents are swapped: dx goes with x**2, dy with y**3"
_FORWARD_MODE_CASES = {
    (2, 3, 1, 0): {_FWD_SWAPPED: 27.0},
    (2, 3, 0, 1): {_FWD_SWAPPED: 4.0, "wrong derivative of y**3: it is 3y**2": 9.0},
    (2.0, 3.0, 0.5, -2.0): {
        _FWD_SWAPPED: 5.5,
        "the dy term is missing: df = 2x*dx + 3y**2*dy": 2.0,
        "the dx term is missing: df = 2x*dx + 3y**2*dy": -54.0,
    },
}


def forward_mode_at(args: tuple) -> dict:
    """forward_mode(*args) of the visible test: f = 31 at (2, 3), df depends on the tangent."""
    return {
        "f": {"suspects": {"f = x**2 + y**2: y must be cubed": 13.0}},
        "df": {
            "suspects": {
                "the tangents are ignored: df = 2x*dx + 3y**2*dy, not 2x + 3y**2": 31.0,
                **_FORWARD_MODE_CASES[tuple(args)],
            }
        },
    }


def reverse_mode_at(args: tuple, want: dict) -> dict:
    """reverse_mode(*args) of the visible test, whose expected outputs are ``want``."""
    swapped = "df_dx and df_dy are swapped"
    sus_x, sus_y = {
        (2, 3): ({}, {"wrong derivative of y**3: it is 3y**2": 9.0}),
        (-1.5, 0.5): (
            {"missing the factor 2 of d(x**2)/dx = 2x": -1.5},
            {
                "wrong derivative of y**3: it is 3y**2, not 3y": 1.5,
                "wrong derivative of y**3: it is 3y**2, not y**2": 0.25,
            },
        ),
    }[tuple(args)]
    return {
        "df_dx": {"suspects": {swapped: want["df_dy"], **sus_x}},
        "df_dy": {"suspects": {swapped: want["df_dx"], **sus_y}},
    }


# --------------------------------------------------------------------------
# 02_linear_gradients
# --------------------------------------------------------------------------

_SINGLE_FACTORS = {
    -1.0: "a sign error (got = -1 × expected): the error signal is y_pred - y_true, "
    "prediction minus target",
    2.0: "a factor 2 (got = 2 × expected): with L = 1/2 (y_pred - y_true)**2 "
    "the 2 of the square cancels the 1/2",
    0.5: "a factor 1/2 (got = 0.5 × expected): the 1/2 of the loss is cancelled by the 2 "
    "of the square, so dL/dy = y_pred - y_true",
}
_Y_PRED_RECOMPUTED = "y_pred recomputed as w * x + b: use the y_pred argument you were given"


def gradients_single_worked() -> dict:
    """compute_gradients_single(3.0, 1.0, 4.0, 2.0, -1.0): expected (-9.0, -3.0)."""
    return {
        "grad_w": {
            "factors": _SINGLE_FACTORS,
            "suspects": {
                "operator precedence: y_pred - y_true * x multiplies only y_true; "
                "write (y_pred - y_true) * x": -11.0,
                "grad_w is missing its factor x (dy/dw = x), "
                "or grad_w and grad_b are swapped": -3.0,
                "w used where x belongs: (y_pred - y_true) * w is dL/dx; "
                "dL/dw = (y_pred - y_true) * x": -6.0,
                _Y_PRED_RECOMPUTED: 3.0,
            },
        },
        "grad_b": {
            "factors": _SINGLE_FACTORS,
            "suspects": {
                "grad_b multiplied by x (dy/db = 1), or grad_w and grad_b are swapped": -9.0,
                _Y_PRED_RECOMPUTED: 1.0,
            },
        },
    }


def gradients_batch_worked() -> dict:
    """The factors of the worked batch (m = 5 examples, n = 3 features, d = 2 outputs)."""
    return {
        "factors": {
            5.0: "missing 1/m (got = m = 5 × expected): the loss is a mean over the "
            "m = X.shape[0] examples",
            0.2: "an extra 1/m (got = 1/m = 0.2 × expected): divided by m twice, "
            "e.g. E.mean(axis=0) / m",
            5.0 / 3.0: "divided by n = X.shape[1] (features) instead of m = X.shape[0] (examples) "
            "(got = m/n = 5/3 × expected)",
            2.5: "divided by d = Y_pred.shape[1] (outputs) instead of m = X.shape[0] (examples) "
            "(got = m/d = 2.5 × expected)",
            0.5: "divided by m * d = Y_pred.size instead of m (got = 1/d = 0.5 × expected): "
            "the loss averages over the examples only",
            2.0: "a factor 2 (got = 2 × expected): with the 1/2 in the loss, "
            "the 2 of the square cancels",
            -1.0: "a sign error (got = -1 × expected): E = Y_pred - Y_true "
            "(prediction minus target)",
        }
    }


def check_grad_W_shape(grad_W: object, X: np.ndarray, W: np.ndarray, Y_pred: np.ndarray) -> None:
    """grad_W with the shape of X or of Y_pred: the bug is named before the values are compared."""
    if not isinstance(grad_W, np.ndarray):
        return
    if grad_W.shape == X.shape:
        raise CheckFailure(
            f"grad_W has shape {grad_W.shape}, the shape of X; expected {W.shape}, "
            "the shape of W.\n"
            "Likely bug: E @ W.T is the gradient sent back to the inputs (row i is "
            "dL_i/dx_i, and dJ/dX = E @ W.T / m), not the weights' gradient X.T @ E / m."
        )
    if grad_W.shape == Y_pred.shape:
        raise CheckFailure(
            f"grad_W has shape {grad_W.shape}, one row per example; expected {W.shape}, "
            "the shape of W.\n"
            "Likely bug: summed or averaged over the wrong axis (the features instead of the "
            "examples, axis 0); X.T @ E / m sums over the examples."
        )


FLOW_SWAPPED = (
    "the panels are swapped: fig.axes[0] draws the forward pass with the values, "
    "fig.axes[1] the backward pass with the gradients"
)
FLOW_HALF = "L without its 1/2: L = 1/2 (y - y_true)**2"
FLOW_SIGN = (
    "a sign error: dL/dy = y - y_true (prediction minus target), and dL/dw, dL/db carry its sign"
)
FLOW_FACTOR_2 = "a factor 2: with L = 1/2 (y - y_true)**2 the 2 of the square cancels the 1/2"
FLOW_DW = (
    "dL/dw is not dL/dy * x: its factor x is missing (dy/dw = x), "
    "or w used where x belongs (dL/dy * w is dL/dx)"
)
FLOW_FORWARD = (
    "forward values on the backward panel: fig.axes[1] writes the gradients on the "
    "reversed edges, not the values x, w, b, y, L"
)
FLOW_SIGNED = "signed gradients: magnitudes are absolute values, np.abs(...)"
FLOW_LOG10 = (
    "log10 of the magnitudes plotted: plot np.abs(...) itself (a log axis, if you want one, "
    "is ax.set_xscale('log'))"
)


def gradient_flow_suspects(x: float, w: float, b: float, y_true: float) -> dict:
    """What the panels of visualize_gradient_flow(x, w, b, y_true) show under each bug.

    ``"forward"`` and ``"backward"``: for each bug, the numbers the graph would show
    instead (all of them shown names the bug); ``"magnitudes"``: suspects of check_array.
    """
    y = w * x + b
    err = y - y_true
    forward = {"x": x, "w": w, "b": b, "y": y, "L": 0.5 * err**2}
    grads = {"dL/dy": err, "dL/dw": err * x, "dL/db": err}
    sizes = np.abs(list(grads.values()))
    return {
        "forward": {FLOW_SWAPPED: grads, FLOW_HALF: {**forward, "L": err**2}},
        "backward": {
            FLOW_SIGN: {k: -v for k, v in grads.items()},
            FLOW_FACTOR_2: {k: 2 * v for k, v in grads.items()},
            FLOW_DW: {"dL/dy": err, "dL/db": err},
            FLOW_FORWARD: forward,
        },
        "magnitudes": {
            "suspects": {
                FLOW_SIGNED: list(grads.values()),
                FLOW_LOG10: np.log10(sizes + (sizes == 0)),
            }
        },
    }


def gradient_flow_worked() -> dict:
    """visualize_gradient_flow(4.0, 0.5, 1.0, 5.0): what each panel shows under each bug."""
    return gradient_flow_suspects(4.0, 0.5, 1.0, 5.0)


# --------------------------------------------------------------------------
# 03_gradient_checking
# --------------------------------------------------------------------------


def cube_sum_gradient(x: np.ndarray, h: float) -> dict:
    """numerical_gradient(lambda z: np.sum(z**3), x, h) for a 2-D x: what its bugs give."""
    exact_cd = 3 * x**2 + h**2
    first_row = np.zeros_like(exact_cd)
    first_row[0] = exact_cd[0]
    whole_rows = np.repeat(exact_cd.sum(axis=1, keepdims=True), x.shape[1], axis=1)
    return {
        "suspects": {
            "a one-sided difference (f(x+h) - f(x)) / h, whose error is O(h), not O(h²)": 3 * x**2
            + 3 * x * h
            + h**2,
            "the argument h is ignored (a fixed step such as 1e-5 is used)": 3 * x**2,
            "only the first row is perturbed (loop over every index with np.ndindex(x.shape))": (
                first_row
            ),
            "a whole row is perturbed at once (x[i] += h on a 2-D array moves all of row i)": (
                whole_rows
            ),
            "all zeros: f(x + h e_i) and f(x - h e_i) saw the same array "
            "(x_plus = x is not a copy; use x.copy())": np.zeros_like(exact_cd),
        },
        "factors": {
            2.0: "got = 2 × expected: divided by h instead of 2h (x - h and x + h are 2h apart)",
            0.5: "got = 0.5 × expected: divided by 4h instead of 2h",
            h**2: f"got = h² = {h**2:g} × expected: operator precedence, "
            "(f_plus - f_minus) / 2 * h multiplies by h; write / (2 * h)",
        },
    }


def relative_error_worked(diff: float, na: float, nb: float) -> dict:
    """relative_error(a, b) of a = [1, 2, 3], b = [1.1, 2, 2.7]: what its bugs give."""
    return {
        "an absolute difference ||a - b||: divide by ||a|| + ||b||": diff,
        "max(||a||, ||b||) in the denominator instead of ||a|| + ||b||": diff / max(na, nb),
        "only ||a|| in the denominator; use ||a|| + ||b|| (symmetric)": diff / na,
        "only ||b|| in the denominator; use ||a|| + ||b|| (symmetric)": diff / nb,
        "||a + b|| in the denominator instead of ||a|| + ||b||": diff
        / np.sqrt(2.1**2 + 4.0**2 + 5.7**2),
        "squared norms: use norms, not sums of squares": diff**2 / (na**2 + nb**2),
    }


def check_no_nan_for_zeros(zero: object) -> None:
    """relative_error(0, 0) must not be NaN (0/0)."""
    if isinstance(zero, float) and zero != zero:
        raise CheckFailure(
            "relative_error(0, 0) is NaN: when both norms are zero, return 0.0 (0/0 is undefined)."
        )


def check_accepts_correct_gradient(ok: bool) -> None:
    """numerical_gradient_check must say True for the correct gradient 2x of sum(x**2)."""
    if not ok:
        raise CheckFailure(
            "numerical_gradient_check returned False for the correct gradient 2x of sum(x**2).\n"
            "Likely bug: a one-sided difference, a wrongly scaled numerical gradient, "
            "or a comparison the wrong way round."
        )


def check_rejects_half_gradient(bad: bool) -> None:
    """numerical_gradient_check must say False for half the true gradient."""
    if bad:
        raise CheckFailure(
            "numerical_gradient_check returned True for a gradient that is half the true one.\n"
            "Likely bug: the check always returns True, or compares something other than "
            "the relative error."
        )


# --------------------------------------------------------------------------
# 04_two_layer_mlp (worked example: X (4, 2), n_h = 3, n_y = 1)
# --------------------------------------------------------------------------


def sigmoid_worked(expected: np.ndarray) -> dict:
    """sigmoid(Z) of the visible test, whose expected values are ``expected``."""
    return {"suspects": {"a sign: exp(Z) instead of exp(-Z) gives 1 - sigmoid(Z)": 1.0 - expected}}


def sigmoid_derivative_worked() -> dict:
    """sigmoid_derivative of Z = [-2, -1, 0, 1, 2]: what its bugs give."""
    return {
        "suspects": {
            "the derivative taken at the wrong variable: Z * (1 - Z) instead of s * (1 - s) "
            "with s = sigmoid(Z)": np.array([-6.0, -2.0, 0.0, 0.0, -2.0]),
            "a missing factor: return sigmoid(Z) * (1 - sigmoid(Z)), not sigmoid(Z)": np.array(
                [
                    0.11920292202211755,
                    0.2689414213699951,
                    0.5,
                    0.7310585786300049,
                    0.8807970779778823,
                ]
            ),
        }
    }


def relu_worked() -> dict:
    """relu of Z = [[-2, -0.5, 0, 0.5, 3]]: what its bugs give."""
    return {
        "suspects": {
            "the derivative (mask) instead of the activation": np.array([[0.0, 0.0, 0.0, 1.0, 1.0]])
        }
    }


def relu_derivative_worked() -> dict:
    """relu_derivative of Z = [-2, -0.5, 0, 0.5, 3]: what its bugs give."""
    return {
        "suspects": {
            "1 at the kink Z = 0: use Z > 0, not Z >= 0 (this course takes relu'(0) = 0)": np.array(
                [0.0, 0.0, 1.0, 1.0, 1.0]
            ),
            "relu(Z) instead of its derivative": np.array([0.0, 0.0, 0.0, 0.5, 3.0]),
        }
    }


def bce_worked() -> dict:
    """binary_cross_entropy of the 4 predictions with one output: its factors."""
    return {
        "factors": {
            4.0: "a sum over the examples instead of the mean (missing 1/m; got = 4 × expected)",
            1 / np.log(2): "log base 2: use the natural logarithm np.log "
            "(got = 1/ln 2 ≈ 1.443 × expected)",
        }
    }


def bce_two_outputs() -> dict:
    """binary_cross_entropy with 2 outputs per example: its factors."""
    return {
        "factors": {
            0.5: "averaged over every entry (np.mean; got = 0.5 × expected); divide the total "
            "by m = A.shape[0], the number of examples"
        }
    }


_FORWARD_Z1 = np.array(
    [[1.25, 0.375, -0.125], [-0.125, 0.125, -0.875], [0.125, -1.25, 1.25], [1.5, -0.375, 1.125]]
)
_FORWARD_A1 = np.array(
    [[1.25, 0.375, 0.0], [0.0, 0.125, 0.0], [0.125, 0.0, 1.25], [1.5, 0.0, 1.125]]
)


def forward_propagation_worked() -> dict:
    """forward_propagation on the worked example: suspects of A2, cache['Z1'], cache['A1']."""
    return {
        "A2": {
            "suspects": {
                "no sigmoid on the output: A2 must be sigmoid(Z2)": np.array(
                    [[0.8125], [-0.3125], [0.8125], [2.09375]]
                )
            }
        },
        "Z1": {
            "suspects": {
                "cache['Z1'] holds relu(Z1): the ReLU was applied in place (A1 = Z1; "
                "A1[A1 < 0] = 0 changes Z1 too); use A1 = relu(Z1)": _FORWARD_A1
            }
        },
        "A1": {"suspects": {"cache['A1'] holds Z1: store relu(Z1)": _FORWARD_Z1}},
    }


def backward_propagation_worked() -> dict:
    """backward_propagation on the worked example (m = 4): its factors."""
    return {
        "factors": {
            4.0: "missing 1/m (got = 4 × expected): average over the m = 4 examples",
            0.25: "1/m applied twice (got = 1/4 × expected): divide by m = 4 once",
            -1.0: "a sign error (got = -1 × expected): dZ2 = (A2 - Y) / m, not (Y - A2) / m",
        }
    }


# --------------------------------------------------------------------------
# 05_xor_training: tables of the visible tests
# --------------------------------------------------------------------------


def update_parameters_worked(before: dict, grads: dict, key: str, learning_rate: float) -> dict:
    """update_parameters on the worked example: suspects of new_parameters[key]."""
    return {
        "suspects": {
            "gradient ascent: + instead of - (step against the gradient)": before[key]
            + learning_rate * grads["d" + key],
            "the learning rate is missing (a full gradient step)": before[key] - grads["d" + key],
        }
    }


def predict_worked(probabilities: np.ndarray, labels: np.ndarray) -> dict:
    """predict on the hand-built XOR network: the probabilities and inverted labels."""
    return {
        "suspects": {
            "predict returned the probabilities A2; threshold them at 0.5": probabilities,
            "the labels are inverted (1 where A2 < 0.5)": 1 - labels,
        }
    }


def predict_soft_logits(m: int) -> dict:
    """predict on logits of +-0.2: every label 0 means a threshold on Z2 or a truncation."""
    return {
        "suspects": {
            "every label is 0 although two logits are +0.2: the threshold 0.5 was applied to "
            "the logit Z2 (compare A2 with 0.5, or Z2 with 0), or A2 was truncated by "
            "astype(int)": np.zeros((m, 1)),
        }
    }


# --------------------------------------------------------------------------
# 06_vanishing_gradients: tables of the visible tests
# --------------------------------------------------------------------------


def init_deep_network_worked(seed: int, std1: float, std2: float) -> dict:
    """init_deep_network([3, 4, 2], scheme, seed): suspects and factors of W1 and W2."""
    return {
        "W1": {
            "suspects": {
                "drew (fan_out, fan_in) and transposed: draw (fan_in, fan_out) directly": (
                    np.random.default_rng(seed).standard_normal((4, 3)).T * std1
                )
            },
            "factors": {
                np.sqrt(3 / 4): "std from fan_out (4) instead of fan_in (3)",
                np.sqrt(1 / 2): "He's std is sqrt(2 / fan_in), not sqrt(1 / fan_in)",
                np.sqrt(2): "Xavier's std is sqrt(1 / fan_in), not sqrt(2 / fan_in)",
            },
        },
        "W2": {
            "suspects": {
                "a new generator for each layer: create rng once, before the loop": (
                    np.random.default_rng(seed).standard_normal((4, 2)) * std2
                )
            }
        },
    }


_LINEAR_OUTPUT = "the activation applied to the last layer too: the output layer is linear"


def deep_forward_worked(X: np.ndarray, params: list) -> dict:
    """deep_forward on the two-layer relu example: suspects of Y_hat."""
    (W1, b1), (W2, b2) = params
    return {
        "suspects": {
            _LINEAR_OUTPUT: [[0.0], [0.25]],
            "the bias is not added: Z = A_prev @ W + b": [[1.5], [2.5]],
            "the hidden layers stay linear: pass A = g(Z), not Z, to the next layer": X @ W1 @ W2
            + b1 @ W2
            + b2,
        }
    }


def deep_forward_output_activated(Y_hat: np.ndarray, g) -> dict:
    """deep_forward with activation ``g``: the output layer must stay linear."""
    return {"suspects": {_LINEAR_OUTPUT: g(Y_hat)}}


_EXTRA_M = {0.5: "an extra 1/m: dY_hat already contains it"}


def deep_backward_worked(X: np.ndarray, params: list, dY_hat: np.ndarray, Y_hat) -> dict:
    """deep_backward on the two-layer relu example: suspects and factors of each gradient."""
    (W1, b1), (W2, _) = params
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0)
    return {
        "dW2": {
            "factors": _EXTRA_M,
            "suspects": {
                "the activation's slope applied at the output layer: the last layer is "
                "linear, dZ = dY_hat": A1.T @ (dY_hat * (np.asarray(Y_hat) > 0)),
                "Z used where A is needed: dW2 = A1.T @ dZ2 with A1 = relu(Z1)": Z1.T @ dY_hat,
            },
        },
        "db2": {"factors": _EXTRA_M},
        "dW1": {
            "factors": _EXTRA_M,
            "suspects": {
                "the ReLU mask is missing: dZ1 = dA1 * (Z1 > 0)": X.T @ (dY_hat @ W2.T),
            },
        },
        "db1": {"factors": _EXTRA_M},
    }


def gradient_norms_worked() -> dict:
    """gradient_norms on dW1 = [[1], [2]], dW2 = [[0, 4]] (db1 = [2]): its suspects."""
    return {
        "suspects": {
            "the bias gradients included: only ||dW|| counts": [3.0, 4.0],
            "squared norms: take the square root": [5.0, 16.0],
            "last layer first: keep the order of grads": [4.0, np.sqrt(5.0)],
        }
    }


def clip_worked(dW: np.ndarray, own_norm: float, weights_only_total: float) -> dict:
    """clip_gradients_by_norm to max_norm 1: suspects of one clipped dW."""
    return {
        "suspects": {
            "each tensor clipped separately: use ONE scale from the global norm of all dW "
            "and db": dW / own_norm,
            "only the dW in the total norm: the biases count too": dW / weights_only_total,
        }
    }


CLIP_NOT_CAPPED = {2.0: "scale not capped at 1: use min(1, max_norm / (total_norm + 1e-6))"}
"""Factors of a clipping below the threshold that enlarged the gradients (max_norm 10, norm 5)."""


# --------------------------------------------------------------------------
# 09_array_autograd: exception hints and tables of the visible tests
# --------------------------------------------------------------------------

_NON_BROADCASTABLE = r"non-broadcastable output operand"
_WRAP = r"object has no attribute 'data'|object has no attribute 'grad'"

_TENSOR_HINTS = [
    (
        "",
        _NON_BROADCASTABLE,
        "a contribution of the wrong shape was added to an input's grad; each must have its "
        "input's shape: a broadcast input's is summed down, unbroadcast(g * other.data, "
        "self.data.shape) (multiply first, then sum), and @'s are g @ b.data.T for a and "
        "a.data.T @ g for b (a transpose where it is missing)",
    ),
    (
        "",
        _MATMUL,
        "a missing transpose in the backward pass of @: a.grad += g @ b.data.T and "
        "b.grad += a.data.T @ g (each contribution has its input's shape)",
    ),
    ("AttributeError", _WRAP, "a number or an array operand must be wrapped: Tensor(other)"),
    (
        "TypeError",
        r"positional argument",
        "_backward takes one argument, the gradient g that reaches the node: def _backward(g): ...",
    ),
]

_REDUCTION_HINTS = [
    (
        "",
        _BROADCAST + "|" + _NON_BROADCASTABLE,
        "without keepdims the reduced axes are gone from g: put them back with "
        "np.expand_dims(g, axis), then np.broadcast_to(g, self.data.shape)",
    ),
    (
        "TypeError",
        r"tuple.*integer|'tuple' object",
        "axis may be a tuple of ints: let NumPy handle it (np.expand_dims accepts a tuple), "
        "and count the entries averaged as self.data.size / out.data.size",
    ),
]

_SHAPE_HINTS = [
    (
        "",
        r"cannot reshape array",
        "reshape g back to the input's shape: g.reshape(self.data.shape)",
    ),
    (
        "",
        r"axes don't match|repeated axis",
        "undo the permutation with its inverse: np.transpose(g, np.argsort(axes))",
    ),
    (
        "",
        _NON_BROADCASTABLE + "|" + _BROADCAST + "|shape mismatch",
        "what is added to self.grad must have self's shape: reshape g back "
        "(g.reshape(self.data.shape)), undo a transpose with the inverse permutation "
        "(np.transpose(g, np.argsort(axes))), scatter an index into zeros with np.add.at",
    ),
]

_UNBROADCAST_HINTS = [
    (
        "",
        _BROADCAST + "|cannot reshape|axis remapping",
        "the backward pass of broadcasting sums (it does not broadcast or reshape): sum grad "
        "over the leading axes broadcasting added, then over the axes where shape has 1, "
        "with keepdims=True",
    ),
]

_BACKWARD_HINTS = [
    (
        "TypeError",
        r"positional argument",
        "each node's rule takes its gradient: call node._backward(node.grad)",
    ),
    (
        "RuntimeError",
        r"freed|retain_graph",
        "the graph was freed too early: free it only after the whole walk, and only the inner "
        "nodes (never the leaves, which the next forward pass uses again)",
    ),
]

_CHECKPOINT_HINTS = [
    (
        "RuntimeError",
        r"freed|retain_graph",
        "the recomputed segment's backward walked into x's graph and freed it: run the segment "
        "again on a fresh leaf, Tensor(x.data), and add that leaf's grad to x.grad",
    ),
    (
        "RuntimeError",
        r"gradient|one-element|one element",
        "backpropagate the node's gradient through the recomputed output: y.backward(g)",
    ),
]

for _names, _table in (
    (
        ("Tensor", "_backward", "__add__", "__mul__", "__matmul__", "__rmatmul__", "__sub__"),
        _TENSOR_HINTS,
    ),
    (("reductions", "tensor_sum", "tensor_mean"), _REDUCTION_HINTS),
    (
        ("shapes_and_indexing", "tensor_reshape", "tensor_transpose", "tensor_getitem"),
        _SHAPE_HINTS,
    ),
    (("backward",), _BACKWARD_HINTS),
    (("unbroadcast",), _UNBROADCAST_HINTS),
    (("checkpoint",), _CHECKPOINT_HINTS),
):
    for _name in _names:
        EXCEPTION_HINTS.setdefault(_name, []).extend(_table)


def check_unbroadcast_shape(call: str, got: object, grad_shape: tuple, shape: tuple) -> None:
    """unbroadcast's answer must have exactly ``shape``; name the likely bug when it does not."""
    shape, grad_shape = tuple(shape), tuple(grad_shape)
    if shape == ():
        if isinstance(got, float | np.floating) or (type(got) is np.ndarray and got.shape == ()):
            return
        kind = f"shape {got.shape}" if isinstance(got, np.ndarray) else type(got).__name__
        raise CheckFailure(
            f"{call} must be a 0-d array or a number for shape (), but it is {kind}.\n"
            "Likely bug: every axis was added by broadcasting: sum over all of them"
        )
    got = expect_ndarray(call, got)
    if got.shape == shape:
        return
    squeezed = tuple(n for n in shape if n != 1)
    if got.shape == grad_shape:
        bug = (
            "nothing was summed: sum over the leading axes broadcasting added and over the "
            "axes where shape has 1"
        )
    elif len(got.shape) == len(shape) and all(
        g == n or n == 1 for n, g in zip(shape, got.shape, strict=True)
    ):
        bug = "an axis where shape has 1 was not summed: sum it with keepdims=True"
    elif got.shape == squeezed and len(shape) == len(grad_shape):
        bug = "the stretched size-1 axes were summed away: keep them, sum with keepdims=True"
    elif len(got.shape) > len(shape) and got.shape[len(got.shape) - len(shape) :] == shape:
        bug = "the leading axes that broadcasting added must be summed away (no keepdims there)"
        if got.shape == (1, *shape):
            bug += (
                "; np.sum(dZ, axis=0, keepdims=True), one document's line, is the rule for a "
                "bias of shape (1, n), not (n,)"
            )
    elif len(got.shape) == len(shape) and got.shape == shape[::-1]:
        bug = "a transpose: the shape is reversed"
    else:
        bug = (
            "shapes align on the RIGHT: shape's last axis is grad's last axis; sum the leading "
            "axes away, then the axes where shape has 1 (keepdims=True)"
        )
    raise CheckFailure(f"{call} has shape {got.shape}, expected {shape}.\nLikely bug: {bug}")


def unbroadcast_suspects(grad: np.ndarray, shape: tuple) -> dict:
    """Suspects of unbroadcast(grad, shape) in the visible test."""
    size = int(np.prod(shape)) if shape else 1
    return {
        "factors": {
            size / grad.size: "the mean over the broadcast axes instead of the sum: each use "
            "of an entry adds its own share"
        }
    }


def tensor_suspects(A: np.ndarray, B: np.ndarray, G: np.ndarray) -> dict:
    """What the likely bugs of Tensor's operations give in the visible test."""
    T = np.tanh(A)
    S = 1 / (1 + np.exp(-A))
    return {
        "a * b": {"suspects": {"the product rule swapped: a's contribution is g * b": G * A}},
        "a * a": {
            "suspects": {
                "= instead of +=: a is used twice, and the second contribution replaced the "
                "first (accumulate)": G * A
            }
        },
        "relu": {
            "suspects": {
                "relu's slope at exactly 0 is 0: use a > 0, not a >= 0": G * (A >= 0),
                "g passed through unchanged: zero it where a <= 0": G,
            }
        },
        "tanh": {
            "suspects": {
                "tanh's derivative is 1 - t**2, not 1 - t": G * (1 - T),
                "tanh's derivative taken at the input: 1 - a**2; it is 1 - tanh(a)**2": G
                * (1 - A**2),
            }
        },
        "sigmoid": {
            "suspects": {
                "the sigmoid's local derivative s(1 - s) is missing: g passed on unchanged": G,
                "the sigmoid's derivative is s * (1 - s), not s": G * S,
            }
        },
        "1 - a": {"suspects": {"__rsub__ computes a - 1, not 1 - a (reflected)": A - 1}},
        "2 / b": {"suspects": {"__rtruediv__ computes b / 2, not 2 / b (reflected)": B / 2}},
        "a * b, b (2, 1)": {
            "suspects": {
                "b's contribution is g * a summed down to b's shape, not g alone": G.sum(
                    axis=1, keepdims=True
                )
            }
        },
    }


def reductions_suspects(X: np.ndarray) -> dict:
    """Suspects of sum and mean's backward on the visible test's X, by (operation, axis)."""
    out = {}
    for axis in (None, 0, 1, -1):
        n = X.size if axis is None else X.shape[axis]
        out[("sum", axis)] = {
            "suspects": {
                "g ignored: the backward hands every entry g, broadcast back": np.ones(X.shape)
            }
        }
        out[("mean", axis)] = {
            "factors": {
                float(n): "the mean's 1/N is missing: divide g by the number of entries averaged",
                n / X.size: "divided by every entry's count, x.size: divide by the number of "
                "entries averaged",
            }
        }
    return out


def check_transpose_back(got: object, G: np.ndarray, axes: tuple) -> None:
    """transpose's backward must undo ``axes``: name the permutation it applied instead."""
    want = np.transpose(G, np.argsort(axes)).shape
    if not isinstance(got, np.ndarray) or got.shape == want:
        return
    if got.shape == np.transpose(G, axes).shape:
        bug = "the backward applied axes again: undo them with the inverse, np.argsort(axes)"
    elif got.shape == G.T.shape:
        bug = "the backward reversed the axes (axes=None): undo axes with np.argsort(axes)"
    else:
        bug = "undo the permutation with its inverse: np.transpose(g, np.argsort(axes))"
    raise CheckFailure(
        f"the gradient after transpose{tuple(axes)} has shape {got.shape}, expected {want}.\n"
        f"Likely bug: {bug}"
    )


def repeated_index_suspects(shape: tuple, key: np.ndarray, g: np.ndarray) -> dict:
    """What ``grad[key] += g`` gives when ``key`` repeats an index."""
    buffered = np.zeros(shape)
    buffered[key] += g
    return {
        "suspects": {
            "grad[key] += g: NumPy assigns a repeated index once, so row 0 kept one of its two "
            "contributions; scatter with np.add.at(grad, key, g)": buffered
        }
    }


def backward_suspects(case: str) -> dict:
    """Suspects of the visible test of backward."""
    if case == "seed example":
        return {
            "suspects": {
                "x.grad stayed 0: set the seed first (self.grad = ones), and call the _backward "
                "rules in REVERSE topological order (root first)": 0.0,
                "only the root's own rule ran: call node._backward(node.grad) for every node": 0.0,
            }
        }
    return {
        "suspects": {
            "every grad was reset inside backward; leaves must accumulate (twice doubles)": [
                3.0,
                -4.0,
            ],
            "the inner nodes kept their grads from the first call: reset inner grads first": [
                9.0,
                -12.0,
            ],
        }
    }


def checkpoint_suspects(dX: np.ndarray) -> dict:
    """Suspects of x.grad after checkpoint's backward step."""
    return {
        "suspects": {
            "x got no gradient: add the fresh leaf's grad to x.grad after the inner backward": (
                np.zeros(dX.shape)
            ),
        }
    }


def unbroadcast_probe(unbroadcast: object, shapes: list) -> object:
    """g -> what ``unbroadcast(g, shape)`` gives for each of ``shapes`` (values, then shape), flat.

    A test of an operation asks first whether the student's unbroadcast, which the operation
    calls, is right on these shapes (``builds_on``), so that its bug is charged once.
    """

    def probe(g: np.ndarray) -> np.ndarray:
        parts = []
        for shape in shapes:
            got = np.asarray(unbroadcast(g.copy(), shape), dtype=float)
            parts += [got.ravel(), np.array(got.shape, dtype=float)]
        return np.concatenate(parts)

    return probe


# --------------------------------------------------------------------------
# 10_normalization_dropout: exception hints and tables of the visible tests
# --------------------------------------------------------------------------

EXCEPTION_HINTS["BatchNorm"] = [
    (
        "",
        _BROADCAST,
        "the statistics of a batch norm have one value per feature, shape (n,): take them over "
        "the examples, X.mean(axis=0) and X.var(axis=0)",
    ),
    (
        "AttributeError",
        r"X_hat|std|cache|mask",
        "backward needs what the last forward stored on the layer (self.X_hat, ...): run "
        "forward first, and store the cache in both modes",
    ),
]
EXCEPTION_HINTS["LayerNorm"] = [
    (
        "",
        _BROADCAST,
        "a layer norm's statistics have one value per example: X.mean(axis=1, keepdims=True) "
        "has shape (m, 1) and broadcasts against X (m, n)",
    ),
]
EXCEPTION_HINTS["Dropout"] = [
    (
        "AttributeError",
        r"random|Generator",
        "the mask comes from the generator given to Dropout(p, rng): self.rng.random(X.shape)",
    ),
]
EXCEPTION_HINTS["fold_batch_norm"] = [
    (
        "",
        _BROADCAST,
        "s = gamma / sqrt(running_var + eps) has shape (n,), one factor per column of W (n_in, n): "
        "W * s scales the columns",
    ),
]


def _standardised(X: np.ndarray, axis: int, eps: float, ddof: int = 0, outside: bool = False):
    """(X_hat, its divisor) along ``axis``; ``outside`` puts eps outside the square root."""
    centred = X - X.mean(axis=axis, keepdims=True)
    spread = X.var(axis=axis, ddof=ddof, keepdims=True)
    divisor = np.sqrt(spread) + eps if outside else np.sqrt(spread + eps)
    return centred / divisor, divisor


def batch_norm_new() -> dict:
    """A new BatchNorm(3): the running variance starts at ones."""
    return {"suspects": {"running_var starts at zeros; it starts at ones": np.zeros(3)}}


def batch_norm_worked(
    X: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5
) -> dict:
    """BatchNorm's training forward on the worked batch: suspects of Y and running statistics."""
    mean, var = X.mean(axis=0), X.var(axis=0)
    n = X.shape[1]
    return {
        "Y": {
            "suspects": {
                "the unbiased variance (ddof=1, divided by m - 1); batch norm divides by m": gamma
                * _standardised(X, 0, eps, ddof=1)[0]
                + beta,
                "eps outside the square root: divide by sqrt(var + eps)": gamma
                * _standardised(X, 0, eps, outside=True)[0]
                + beta,
                "each example normalised over its features (axis=1), which is layer norm; batch "
                "norm normalises each feature over the examples (axis=0)": gamma
                * _standardised(X, 1, eps)[0]
                + beta,
                "gamma and beta are not applied: Y = gamma * X_hat + beta": _standardised(
                    X, 0, eps
                )[0],
                "the running statistics used in training mode; a training forward normalises with "
                "the batch's own mean and variance": gamma * X / np.sqrt(1 + eps) + beta,
            }
        },
        "mean": {
            "suspects": {
                "momentum reversed: running = (1 - momentum) * running + momentum * batch": 0.9
                * mean,
                "running_mean not updated in training": np.zeros(n),
                "running_mean replaced by the batch mean; blend it in with momentum": mean,
            }
        },
        "var": {
            "suspects": {
                "momentum reversed: running = (1 - momentum) * running + momentum * batch": 0.1
                + 0.9 * var,
                "running_var not updated in training": np.ones(n),
                "running_var updated with the unbiased variance (PyTorch's choice); this course "
                "averages the biased variance, divided by m": 0.9 + 0.1 * X.var(axis=0, ddof=1),
                "running_var updated with the standard deviation; average the variance": 0.9
                + 0.1 * np.sqrt(var + eps),
                "running_var replaced by the batch variance; blend it in with momentum": var,
                "running_var started at zeros; it starts at ones": 0.1 * var,
            }
        },
    }


def _batch_norm_backward(dOut, X_hat, divisor, gamma, paths=("mean", "variance"), sign=-1.0):
    """Section 3's dX with only the given paths, and the variance path's sign."""
    bracket = dOut.copy()
    if "mean" in paths:
        bracket -= dOut.mean(axis=0)
    if "variance" in paths:
        bracket += sign * X_hat * (dOut * X_hat).mean(axis=0)
    return bracket * gamma / divisor


def batch_norm_backward_worked(
    X: np.ndarray, gamma: np.ndarray, dOut: np.ndarray, eps: float = 1e-5
) -> dict:
    """BatchNorm's training backward on the worked batch: suspects of the gradients."""
    m = X.shape[0]
    X_hat, std = _standardised(X, 0, eps)
    rows_hat, rows_std = _standardised(X, 1, eps)
    one_over_m = {1 / m: "the mean over the examples; sum them (dOut already carries 1/m)"}
    return {
        "gamma": {
            "factors": one_over_m,
            "suspects": {
                "grads['gamma'] computed with X; it is sum_i dOut * X_hat": (dOut * X).sum(axis=0)
            },
        },
        "beta": {"factors": one_over_m},
        "dX": {
            "factors": {1 / m: "a 1/m too many: dOut already carries the 1/m of the mean loss"},
            "suspects": {
                "the path through the mean is missing: subtract the mean of dOut over the "
                "examples": _batch_norm_backward(dOut, X_hat, std, gamma, ("variance",)),
                "the path through the variance is missing: subtract X_hat * mean(dOut * X_hat)": (
                    _batch_norm_backward(dOut, X_hat, std, gamma, ("mean",))
                ),
                "the batch statistics treated as constants (evaluation mode's backward); in "
                "training they depend on X": _batch_norm_backward(dOut, X_hat, std, gamma, ()),
                "gamma is missing from dX": _batch_norm_backward(dOut, X_hat, std, 1.0),
                "+ X_hat * mean(dOut * X_hat): that term is subtracted": _batch_norm_backward(
                    dOut, X_hat, std, gamma, sign=1.0
                ),
                "the means over the features (axis=1); batch norm's run over the examples "
                "(axis=0)": _batch_norm_backward(dOut.T, rows_hat.T, rows_std.T, gamma[:, None]).T,
            },
        },
    }


def batch_norm_eval_worked(
    X: np.ndarray,
    X2: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    dOut2: np.ndarray,
    eps: float = 1e-5,
) -> dict:
    """BatchNorm(momentum=0.1) in evaluation after one training batch X: suspects on X2, dOut2."""
    run_mean, run_var = 0.1 * X.mean(axis=0), 0.9 + 0.1 * X.var(axis=0)
    std = np.sqrt(run_var + eps)
    X_hat = (X2 - run_mean) / std
    batch_hat, batch_std = _standardised(X2, 0, eps)
    new_mean = 0.9 * run_mean + 0.1 * X2.mean(axis=0)
    new_var = 0.9 * run_var + 0.1 * X2.var(axis=0)
    return {
        "Y": {
            "suspects": {
                "batch statistics in evaluation mode: normalise with running_mean and "
                "running_var": (gamma * batch_hat + beta),
                "the running statistics were updated by the evaluation batch before use": gamma
                * (X2 - new_mean)
                / np.sqrt(new_var + eps)
                + beta,
                "eps outside the square root: divide by sqrt(running_var + eps)": gamma
                * (X2 - run_mean)
                / (np.sqrt(run_var) + eps)
                + beta,
            }
        },
        "mean": {
            "suspects": {
                "the running statistics changed in evaluation mode; update them only in training": (
                    new_mean
                )
            }
        },
        "dX": {
            "suspects": {
                "training mode's formula in evaluation; there the statistics are constants, "
                "dX = dOut * gamma / sqrt(running_var + eps)": _batch_norm_backward(
                    dOut2, X_hat, std, gamma
                ),
                "training mode's formula with the evaluation batch's statistics": (
                    _batch_norm_backward(dOut2, batch_hat, batch_std, gamma)
                ),
            }
        },
    }


def layer_norm_worked(
    X: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5
) -> dict:
    """LayerNorm's forward on the worked batch: its suspects."""
    return {
        "Y": {
            "suspects": {
                "each feature normalised over the examples (axis=0), which is batch norm; layer "
                "norm normalises each row over its features (axis=1)": gamma
                * _standardised(X, 0, eps)[0]
                + beta,
                "the unbiased variance (ddof=1, divided by n - 1); layer norm divides by n": gamma
                * _standardised(X, 1, eps, ddof=1)[0]
                + beta,
                "eps outside the square root: divide by sqrt(var + eps)": gamma
                * _standardised(X, 1, eps, outside=True)[0]
                + beta,
                "gamma and beta are not applied: Y = gamma * X_hat + beta": _standardised(
                    X, 1, eps
                )[0],
            }
        }
    }


DOCUMENTS_LAYER_NORM = (
    "the documents' formula: it takes gamma out of the means, which is right only when gamma is "
    "the same for every feature; use G = dOut * gamma inside the means"
)
"""The bug the seed documents' layer-norm backward makes (lesson 10)."""


def layer_norm_backward_worked(
    X: np.ndarray, gamma: np.ndarray, dOut: np.ndarray, eps: float = 1e-5
) -> dict:
    """LayerNorm's backward on the worked batch: the documents' formula and other suspects."""
    m = X.shape[0]
    X_hat, std = _standardised(X, 1, eps)
    G = dOut * gamma

    def bracket(V, with_mean=True, with_var=True):
        out = V.copy()
        if with_mean:
            out = out - V.mean(axis=1, keepdims=True)
        if with_var:
            out = out - X_hat * (V * X_hat).mean(axis=1, keepdims=True)
        return out / std

    one_over_m = {1 / m: "the mean over the examples; sum them (dOut already carries 1/m)"}
    return {
        "gamma": {
            "factors": one_over_m,
            "suspects": {
                "grads['gamma'] computed with X; it is sum_i dOut * X_hat": (dOut * X).sum(axis=0)
            },
        },
        "beta": {"factors": one_over_m},
        "dX": {
            "suspects": {
                DOCUMENTS_LAYER_NORM: gamma * bracket(dOut),
                "the path through the mean is missing: subtract the row mean of G = dOut * gamma": (
                    bracket(G, with_mean=False)
                ),
                "the path through the variance is missing: subtract X_hat * (row mean of "
                "G * X_hat)": (bracket(G, with_var=False)),
                "the statistics treated as constants; every row's mean and variance depend on X": (
                    G / std
                ),
                "gamma is missing from dX: G = dOut * gamma": bracket(dOut),
                "gamma applied twice: once in G = dOut * gamma is enough": gamma * bracket(G),
            }
        },
    }


def dropout_worked(X: np.ndarray, dOut: np.ndarray, p: float, seed: int) -> dict:
    """Dropout(p, default_rng(seed)) on X and dOut: training, evaluation, training again."""
    draws = np.random.default_rng(seed)
    u1, u2, u3 = (draws.random(X.shape) for _ in range(3))
    keep, keep_next = u1 >= p, u2 >= p
    per_feature = np.random.default_rng(seed).random(X.shape[1]) >= p
    scale = 1.0 / (1.0 - p)
    return {
        "Y": {
            "suspects": {
                "no 1/(1 - p) scaling: inverted dropout divides the kept entries by 1 - p": X
                * keep,
                "the kept entries divided by p; divide by 1 - p, the probability of keeping": X
                * keep
                / p,
                "scaled by 1 - p in training; inverted dropout divides by 1 - p": X
                * keep
                * (1 - p),
                "kept where rng.random(X.shape) < p: that keeps with probability p; keep where it "
                "is >= p": X * (u1 < p) * scale,
                "kept where rng.random(X.shape) < 1 - p: as many on average, not the same entries; "
                "keep where rng.random(X.shape) >= p": X * (u1 < 1 - p) * scale,
                "one mask per feature, shared by every example (rng.random(n)); draw one per "
                "entry, rng.random(X.shape)": X * per_feature * scale,
            }
        },
        "dX": {
            "suspects": {
                "backward without 1/(1 - p): the mask's entries are 1 / (1 - p) where kept": dOut
                * keep,
                "backward ignores the mask: dropped entries pass no gradient": dOut,
                "backward drew a new mask; use the mask of the last forward": dOut
                * keep_next
                * scale,
            }
        },
        "Y_eval": {
            "suspects": {
                "dropout in evaluation mode: there every unit is kept and nothing scaled": X
                * keep_next
                * scale,
                "scaled by 1 - p in evaluation (classic dropout); inverted dropout scales in "
                "training only": X * (1 - p),
                "scaled by 1 / (1 - p) in evaluation; that belongs to training": X * scale,
                "the last training mask applied in evaluation": X * keep * scale,
            }
        },
        "dX_eval": {
            "suspects": {
                "the training mask applied in evaluation's backward": dOut * keep * scale,
                "scaled by 1 - p in evaluation's backward": dOut * (1 - p),
            }
        },
        "Y_next": {
            "suspects": {
                "the same mask as the first forward: draw from the layer's generator at every "
                "training forward (a new default_rng inside forward repeats the first draw)": X
                * keep
                * scale,
                "the evaluation pass drew from the generator: draw only in training": X
                * (u3 >= p)
                * scale,
            }
        },
    }


def fold_batch_norm_worked(
    W: np.ndarray,
    b: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    eps: float,
) -> dict:
    """fold_batch_norm on the worked layer: suspects of W_folded and b_folded."""
    s = gamma / np.sqrt(running_var + eps)
    outside = gamma / (np.sqrt(running_var) + eps)
    return {
        "W": {
            "suspects": {
                "eps outside the square root: s = gamma / sqrt(running_var + eps)": W * outside,
                "W divided by s; multiply column j by s_j": W / s,
                "gamma is missing: s = gamma / sqrt(running_var + eps)": W
                / np.sqrt(running_var + eps),
                "running_var used as a standard deviation; take its square root": W
                * gamma
                / (running_var + eps),
            }
        },
        "b": {
            "suspects": {
                "running_mean is not subtracted: b_folded = (b - running_mean) * s + beta": b * s
                + beta,
                "beta is missing: b_folded = (b - running_mean) * s + beta": (b - running_mean) * s,
                "b is not scaled: b_folded = (b - running_mean) * s + beta": b
                - running_mean * s
                + beta,
                "running_mean added instead of subtracted": (b + running_mean) * s + beta,
                "eps outside the square root: s = gamma / sqrt(running_var + eps)": (
                    b - running_mean
                )
                * outside
                + beta,
            }
        },
    }


# --------------------------------------------------------------------------
# 11_convolution: exception hints, shapes that name a bug, tables of the visible tests
# --------------------------------------------------------------------------

_WINDOWS_DO_NOT_FIT = (
    "a window and the kernels do not fit. Is the kernel read as (C_out, C_in, k) (in 2-D "
    "(C_out, C_in, kH, kW))? Has np.pad(x, padding) padded EVERY axis, examples and channels "
    "too (pad only the positions: np.pad(x, ((0, 0), (0, 0), (p, p))), one more (p, p) in "
    "2-D)? Is the output size (L + 2 * padding - k) // stride + 1, so that the last window, "
    "which starts at stride * (L_out - 1), ends inside the padded input?"
)
_BACKWARD_DOES_NOT_FIT = (
    "a window and the kernels do not fit: the windows come from the PADDED x, "
    "x_pad[:, :, stride * t : stride * t + k], dx_pad has x_pad's shape (crop padding at "
    "both ends at the end), and dx's kernels have C_in and C_out swapped"
)

EXCEPTION_HINTS.update(
    {
        "conv1d": [("", _MATMUL + "|" + _BROADCAST + "|einstein sum", _WINDOWS_DO_NOT_FIT)],
        "conv1d_backward": [
            ("", _MATMUL + "|" + _BROADCAST + "|einstein sum", _BACKWARD_DOES_NOT_FIT)
        ],
        "conv2d": [("", _MATMUL + "|" + _BROADCAST + "|einstein sum", _WINDOWS_DO_NOT_FIT)],
        "conv2d_backward": [
            ("", _MATMUL + "|" + _BROADCAST + "|einstein sum", _BACKWARD_DOES_NOT_FIT)
        ],
        "im2col": [
            (
                "",
                r"cannot reshape|could not broadcast",
                "cols has one row per window, m * H_out * W_out rows, and C * kH * kW "
                "columns; H_out = (H + 2 * padding - kH) // stride + 1",
            ),
        ],
        "Conv2d": [
            (
                "",
                r"cannot reshape|" + _MATMUL,
                "with cols = im2col(X, k, k, stride, padding) of shape "
                "(m * H_out * W_out, C_in * k * k), Y = cols @ W.reshape(C_out, -1).T + b "
                "has one row per window: reshape it to (m, H_out, W_out, C_out), then "
                "transpose to (m, C_out, H_out, W_out)",
            ),
        ],
        "MaxPool2d": [
            (
                "",
                r"cannot reshape|could not broadcast",
                "H_out = (H - size) // stride + 1: when stride does not divide H - size, "
                "the last rows (or columns) belong to no window",
            ),
        ],
    }
)


def check_shape(name: str, got: object, expected: tuple, named: dict | None = None) -> None:
    """``got`` must be a float64 array of shape ``expected``; a shape in ``named`` names its bug.

    ``named`` maps a wrong shape to the bug that gives it (lesson 11: output sizes).
    """
    __tracebackhide__ = True  # IPython leaves this frame out of a traceback passing through
    from .checks import expect_ndarray

    got = expect_ndarray(name, got)
    expected = tuple(int(n) for n in expected)
    if got.shape == expected:
        return
    bug = (named or {}).get(got.shape)
    raise CheckFailure(
        f"{name} has shape {got.shape}, expected {expected}."
        + (f"\nLikely bug: {bug}" if bug else "")
    )


def _length_candidates(n: int, k: int, stride: int, padding: int) -> list[tuple[int, str]]:
    """(length, bug) for each wrong output-size formula, in a fixed order."""
    return [
        ((n + 2 * padding - k) // stride, "the output size misses its + 1: (n + 2p - k) // s + 1"),
        (
            -(-(n + 2 * padding - k) // stride) + 1,
            "the output size rounds up; it rounds down, (n + 2p - k) // s + 1: a window "
            "that sticks out of the padded input is not computed",
        ),
        ((n - k) // stride + 1, "the padding is missing: pad p zeros at BOTH ends"),
        ((n + padding - k) // stride + 1, "padding on one side only: pad p zeros at both ends"),
        (n + 2 * padding - k + 1, "the stride is ignored: window t starts at stride * t"),
        ((n + 2 * (padding + 1) - k) // stride + 1, "padding off by one: pad exactly p zeros"),
    ]


def _add(named: dict, shape: tuple, bug: str) -> None:
    if bug not in named.get(shape, ""):
        named[shape] = f"{named[shape]}; or {bug}" if shape in named else bug


def conv_length_bugs(n: int, k: int, stride: int, padding: int) -> dict[int, str]:
    """Output lengths that wrong size formulas give for an input of length ``n``.

    The right one is ``(n + 2 * padding - k) // stride + 1``; a length several bugs give
    names them all.
    """
    right = (n + 2 * padding - k) // stride + 1
    named: dict[int, str] = {}
    for length, bug in _length_candidates(n, k, stride, padding):
        if length != right and length > 0:
            _add(named, length, bug)
    return named


def conv_shape_bugs(m: int, C_out: int, sizes: tuple, kernel: tuple, stride: int, padding: int):
    """Wrong output shapes ``(m, C_out, *sizes_out)`` of a 1-D or 2-D convolution, with bugs.

    ``sizes`` are the input's (L,) or (H, W), ``kernel`` the kernel's (k,) or (kH, kW).
    """
    right = tuple((n + 2 * padding - k) // stride + 1 for n, k in zip(sizes, kernel, strict=True))
    axes = [_length_candidates(n, k, stride, padding) for n, k in zip(sizes, kernel, strict=True)]
    named: dict[tuple, str] = {}
    for bugs in zip(*axes, strict=True):
        lengths = tuple(length for length, _ in bugs)
        if lengths != right and min(lengths) > 0:
            _add(named, (m, C_out, *lengths), bugs[0][1])
    if len(sizes) == 2:
        for axis, where in ((0, "along the rows only"), (1, "along the columns only")):
            for length, bug in axes[axis]:
                shape = list(right)
                shape[axis] = length
                if length != right[axis] and length > 0:
                    _add(named, (m, C_out, *shape), f"{bug} ({where})")
        if right[0] != right[1]:
            _add(named, (m, C_out, right[1], right[0]), "rows and columns swapped")
    _add(named, (m, *right, C_out), "channels last: the output is (m, C_out, ...)")
    return named


def conv_backward_shape_bugs(m: int, C_in: int, sizes, padding: int) -> dict:
    """Wrong shapes of dx (input sizes ``sizes``, an int in 1-D) that name their bug."""
    sizes = (sizes,) if isinstance(sizes, int) else tuple(sizes)
    named = {}
    if padding:
        named[(m, C_in, *(n + 2 * padding for n in sizes))] = (
            "dx still has the padding: crop p entries at both ends, dx_pad[..., p : p + L]"
        )
    else:
        named[(m, C_in, *(0 for _ in sizes))] = (
            "x_pad[..., p:-p] is EMPTY when p = 0 (-0 is 0): crop with [p : p + L]"
        )
    return named


def bias_gradient_shape_bugs(m: int, C_out: int, positions) -> dict:
    """Wrong shapes of db (``positions``: the output's (L_out,) or (H_out, W_out)) and their bug."""
    positions = tuple(positions)
    named = {
        (C_out, *positions): "db summed over the examples only: sum dy over the positions too",
        (m, C_out): "db summed over the positions only: sum dy over the examples too",
        (m, C_out, *positions): "db is dy itself: sum it over the examples and the positions",
        (): "db summed over every axis: keep one value per output channel, shape (C_out,)",
    }
    if len(positions) == 2:
        rows_only = "db summed over the examples and the rows only: sum over all positions"
        columns_only = "db summed over the examples and the columns only: sum over all positions"
        named[(C_out, positions[0])] = columns_only
        named[(C_out, positions[1])] = rows_only
        if positions[0] == positions[1]:
            named[(C_out, positions[0])] = (
                "db summed over the examples and one axis of the positions only: sum over all "
                "positions, rows and columns"
            )
    return named


def conv_layer_init(W_he: np.ndarray, C_in: int, C_out: int, k: int, seed: int = 0) -> dict:
    """Conv2d(C_in, C_out, k, default_rng(seed)).params['W'], whose He value is ``W_he``."""
    he_std = np.sqrt(2.0 / (C_in * k * k))
    drawn = np.random.default_rng(seed).standard_normal((C_in, C_out, k, k)).transpose(1, 0, 2, 3)
    fan_in = (
        "the fan-in is C_in * k * k (the inputs of one output), not C_in: std sqrt(2 / (C_in k k))"
    )
    return {
        "suspects": {
            fan_in: W_he * k,
            "the fan-in is C_in * k * k, not C_out * k * k": W_he * np.sqrt(C_in / C_out),
            "std sqrt(1 / fan_in) is Xavier's; He is sqrt(2 / fan_in)": W_he / np.sqrt(2.0),
            "the draw has shape (C_in, C_out, k, k), transposed: draw (C_out, C_in, k, k)": drawn
            * he_std,
        }
    }


# The bug descriptions of lesson 11's visible-test tables.
_KERNEL_FLIPPED = (
    "the kernel is flipped: that is a true convolution; frameworks (and this course) "
    "compute a cross-correlation, y[t] = sum_j w[j] x_pad[stride * t + j]"
)
_BIAS_B_MISSING = "the bias b is missing"
_PADDED_AT_END_ONLY = "padded at the end only: pad p zeros at BOTH ends"
_STRIDE_IGNORED_IN_WINDOWS = "the stride is ignored in the windows: window t starts at stride * t"
_PADDED_WITH_COPIES_OF_EDGE_VALUES = "padded with copies of the edge values: padding is zeros"
_PADDING_OFF_BY_ONE = "padding off by one: pad exactly p zeros at each end"
_ONLY_FIRST_INPUT_CHANNEL_USED = "only the first input channel is used: sum over all C_in channels"
_DX_FROM_DOCUMENTS_CONV1D_TRANSPOSE_READ = (
    "dx from the documents' Conv1D_transpose read literally: the transpose of a correlation"
    " correlates the padded dy with the FLIPPED kernel, w[:, :, ::-1] (and C_in, C_out "
    "swapped)"
)
_EACH_WINDOW_S_CONTRIBUTION_WAS_ASSIGNED = (
    "each window's contribution was assigned (=); where windows overlap they must add up (+=)"
)
_DW_FLIPPED = "dw is flipped: dw[o, c, j] = sum of dy[:, o, t] * x_pad[:, c, stride * t + j]"
_MEAN_OF_DY = "the mean of dy; db is its SUM over the examples and the positions"
_STRIDE_IGNORED_IN_BACKWARD_PASS = (
    "the stride is ignored in the backward pass: window t starts at stride * t (in the "
    "transposed convolution: dilate dy first)"
)
_DW_FROM_UNPADDED_X = "dw from the unpadded x: the windows come from the padded x"
_KERNEL_S_CHANNELS_NOT_SWAPPED_FOR = (
    "the kernel's channels are not swapped for dx: dx[:, c] collects w[o, c] over the outputs o"
)
_1_M_TOO_MANY = "a 1/m too many: dy already carries the 1/m of the mean"
_KERNEL_FLIPPED_2D = (
    "the kernel is flipped: that is a true convolution; compute the cross-correlation (no "
    "flip), y[r, c] = sum w[p, q] x_pad[stride * r + p, stride * c + q]"
)
_KERNEL_FLIPPED_ALONG_ITS_ROWS = (
    "the kernel is flipped along its rows: no flip at all (a cross-correlation)"
)
_KERNEL_TRANSPOSED = (
    "the kernel is transposed: w[o, c, p, q] multiplies x_pad[.., r s + p, c s + q]"
)
_STRIDE_IGNORED_IN_WINDOWS_2D = (
    "the stride is ignored in the windows: window (r, c) starts at (stride * r, stride * c)"
)
_STRIDE_USED_ALONG_ROWS_ONLY = (
    "the stride is used along the rows only: window (r, c) starts at (stride * r, stride * c)"
)
_PADDED_AT_END_ONLY_2D = "padded at the end only: pad p zeros on all four sides"
_PADDING_OFF_BY_ONE_2D = "padding off by one: pad exactly p zeros on each side"
_DX_FROM_TRANSPOSE_READ_LITERALLY = (
    "dx from the transpose read literally: correlate the padded dy with the kernel FLIPPED "
    "along both axes, w[:, :, ::-1, ::-1] (and C_in, C_out swapped)"
)
_DW_FLIPPED_2D = (
    "dw is flipped: no flip in dw[o, c, p, q] = sum of dy * x_pad[.., stride r + p, stride c + q]"
)
_STRIDE_IGNORED_IN_BACKWARD_PASS_2D = (
    "the stride is ignored in the backward pass: window (r, c) starts at (stride * r, stride * c)"
)
_STRIDE_IGNORED_IN_BACKWARD_PASS_ALONG = (
    "the stride is ignored in the backward pass (along the columns): window (r, c) starts "
    "at (stride * r, stride * c)"
)
_EACH_ROW_FLATTENED_IN_ORDER_KH = (
    "each row is flattened in the order (kH, kW, C): use (C, kH, kW), the order of "
    "w.reshape(C_out, -1)"
)
_EACH_WINDOW_TRANSPOSED = (
    "each window is transposed: flatten it row by row, in the order (C, kH, kW)"
)
_ROWS_ORDERED_COLUMN_BY_COLUMN = (
    "rows ordered column by column: order them by example, then output row, then output "
    "column (row by row)"
)
_KH_AND_KW_SWAPPED = "kH and kW swapped: kH is the window's height (rows), kW its width"
_OUTPUT_RESHAPED_STRAIGHT_TO_M_C = (
    "the output reshaped straight to (m, C_out, H_out, W_out): the product has one row per "
    "window; reshape to (m, H_out, W_out, C_out), then transpose(0, 3, 1, 2)"
)
_FORWARD_USES_COPIES_OF_WEIGHTS_DRAWN = (
    "forward uses copies of the weights drawn in __init__: read the arrays in params, which"
    " set_params changed in place"
)
_COL2IM_LOST_CONTRIBUTIONS_WHERE_WINDOWS_OVERLAP = (
    "col2im lost contributions where windows overlap: dX_pad[rows, cols] += v adds only one"
    " of the repeated pixels; use np.add.at, or loop over the k * k kernel offsets"
)
_DX_FROM_KERNELS_TRANSPOSED = (
    "dX from the kernels transposed: dcols = G @ W.reshape(C_out, -1), in the order of cols"
)
_GRADIENT_WENT_TO_EVERY_MAXIMUM_OF = (
    "the gradient went to EVERY maximum of a window with a tie: send it to one input, the "
    "first maximum in row-major order"
)
_TIES_WENT_TO_LAST_MAXIMUM = (
    "ties went to the LAST maximum: take the first in row-major order (what np.argmax "
    "gives; keep the old position unless a later entry is strictly larger)"
)
_MAXIMUM_S_POSITION_WITHIN_WINDOW_WAS = (
    "the maximum's position within the window was decoded column by column: index n = a * "
    "size + c is row a = n // size, column c = n % size"
)
_DOUT_SPREAD_EVENLY_OVER_WINDOW = (
    "dOut spread evenly over the window: that is average pooling; max pooling sends it to one input"
)
_EVERY_WINDOW_SENT_ITS_GRADIENT_TO = (
    "every window sent its gradient to its top-left entry: send it to the position of the maximum"
)
_WHERE_WINDOWS_OVERLAP_LATER_WINDOW_S = (
    "where windows overlap, a later window's gradient replaced an earlier one's: they add up (+=)"
)


def conv1d_worked() -> dict:
    """conv1d of x = [3, 1, 4, 1, 5], w = [1, 0, -2], b = 0.5 (stride 1): its suspects."""
    return {
        "suspects": {
            _KERNEL_FLIPPED: [[[-1.5, -0.5, -2.5]]],
            _BIAS_B_MISSING: [[[-5.0, -1.0, -6.0]]],
        },
    }


def conv1d_strided() -> dict:
    """conv1d of the same x, w and b with stride 2, padding 1: its suspects."""
    return {
        "suspects": {
            _KERNEL_FLIPPED: [[[1.5, -0.5, -1.5]]],
            _BIAS_B_MISSING: [[[-2.0, -1.0, 1.0]]],
            _PADDED_AT_END_ONLY: [[[-4.5, -5.5, 5.5]]],
            _STRIDE_IGNORED_IN_WINDOWS: [[[-1.5, -4.5, -0.5]]],
            _PADDED_WITH_COPIES_OF_EDGE_VALUES: [[[1.5, -0.5, -8.5]]],
            _PADDING_OFF_BY_ONE: [[[-5.5, -4.5, -5.5]]],
        },
    }


def conv1d_channels() -> dict:
    """conv1d of X (2, 2, 4), W (3, 2, 2), B with padding 1: its suspects."""
    return {
        "suspects": {
            _KERNEL_FLIPPED: [
                [
                    [1.0, 1.0, 0.0, 1.0, 5.0],
                    [1.5, 3.5, 3.0, 2.5, 0.5],
                    [-1.0, -1.0, 1.0, -2.0, 0.0],
                ],
                [
                    [2.0, -4.0, 1.0, 4.0, -1.0],
                    [1.0, 2.0, 3.5, 2.0, 1.5],
                    [0.0, 0.0, -3.0, 2.0, 0.0],
                ],
            ],
            _BIAS_B_MISSING: [
                [
                    [-1.0, 1.0, 4.0, 5.0, -1.0],
                    [0.5, 1.5, 2.0, 0.5, 1.5],
                    [1.0, 3.0, 0.0, 0.0, -2.0],
                ],
                [[-4.0, 2.0, 3.0, 0.0, 1.0], [1.0, 0.0, 0.5, 3.0, 0.5], [1.0, 1.0, 3.0, -1.0, 0.0]],
            ],
            _ONLY_FIRST_INPUT_CHANNEL_USED: [
                [
                    [-1.0, -1.0, 2.0, 1.0, -1.0],
                    [1.5, 2.5, 2.0, 0.5, 0.5],
                    [0.0, 1.0, -1.0, -2.0, -1.0],
                ],
                [
                    [-2.0, 2.0, -1.0, 0.0, 1.0],
                    [2.0, 2.0, 1.5, 2.0, 1.5],
                    [1.0, -1.0, 0.0, 0.0, -1.0],
                ],
            ],
            _PADDED_AT_END_ONLY: [
                [
                    [1.0, 4.0, 5.0, -1.0, 0.0],
                    [2.5, 3.0, 1.5, 2.5, 1.0],
                    [2.0, -1.0, -1.0, -3.0, -1.0],
                ],
                [
                    [2.0, 3.0, 0.0, 1.0, 0.0],
                    [1.0, 1.5, 4.0, 1.5, 1.0],
                    [0.0, 2.0, -2.0, -1.0, -1.0],
                ],
            ],
            _PADDED_WITH_COPIES_OF_EDGE_VALUES: [
                [
                    [0.0, 1.0, 4.0, 5.0, 4.0],
                    [2.0, 2.5, 3.0, 1.5, 2.0],
                    [0.0, 2.0, -1.0, -1.0, -2.0],
                ],
                [[-2.0, 2.0, 3.0, 0.0, 0.0], [2.0, 1.0, 1.5, 4.0, 2.0], [1.0, 0.0, 2.0, -2.0, 0.0]],
            ],
        },
    }


def conv1d_backward_worked() -> dict:
    """conv1d_backward of dy = [1, 2, -2] for x = [3, 1, 4, 1, 5], w = [1, 0, -2]: suspects."""
    return {
        "dx": {
            "suspects": {
                _DX_FROM_DOCUMENTS_CONV1D_TRANSPOSE_READ: [[[-2.0, -4.0, 5.0, 2.0, -2.0]]],
                _EACH_WINDOW_S_CONTRIBUTION_WAS_ASSIGNED: [[[1.0, 2.0, -2.0, 0.0, 4.0]]],
            },
        },
        "dw": {
            "suspects": {
                _DW_FLIPPED: [[[-4.0, 7.0, -3.0]]],
            },
        },
        "db": {
            "factors": {
                0.3333333333333333: _MEAN_OF_DY,
            },
        },
    }


def conv1d_backward_strided() -> dict:
    """conv1d_backward of the same dy, x, w with stride 2, padding 1: suspects."""
    return {
        "dx": {
            "suspects": {
                _DX_FROM_DOCUMENTS_CONV1D_TRANSPOSE_READ: [[[0.0, -3.0, 0.0, 6.0, 0.0]]],
                _STRIDE_IGNORED_IN_BACKWARD_PASS: [[[2.0, -4.0, -4.0, 4.0, 0.0]]],
                _EACH_WINDOW_S_CONTRIBUTION_WAS_ASSIGNED: [[[0.0, 2.0, 0.0, -2.0, 0.0]]],
            },
        },
        "dw": {
            "suspects": {
                _STRIDE_IGNORED_IN_BACKWARD_PASS: [[[4.0, -3.0, 7.0]]],
                _DW_FROM_UNPADDED_X: [[[1.0, 3.0, 14.0]]],
                _DW_FLIPPED: [[[3.0, 1.0, 0.0]]],
            },
        },
    }


def conv1d_backward_channels() -> dict:
    """conv1d_backward for X (2, 2, 5), W (2, 2, 3) with padding 1: suspects."""
    return {
        "dx": {
            "suspects": {
                _DX_FROM_DOCUMENTS_CONV1D_TRANSPOSE_READ: [
                    [[1.0, 1.0, 2.5, 0.5, -2.0], [1.0, 2.5, 1.5, 2.25, -2.0]],
                    [[2.0, 1.0, -3.0, 2.0, 3.0], [2.5, 2.0, -2.5, 2.0, 3.0]],
                ],
                _EACH_WINDOW_S_CONTRIBUTION_WAS_ASSIGNED: [
                    [[0.0, 2.0, -1.0, 1.0, -1.0], [-1.0, 3.0, -2.5, 3.0, 0.5]],
                    [[-1.0, 0.0, 1.0, 0.0, 2.0], [-2.0, 1.0, 2.0, -2.0, 1.0]],
                ],
                _KERNEL_S_CHANNELS_NOT_SWAPPED_FOR: [
                    [[2.0, 4.0, 1.0, -2.5, 0.0], [0.0, 0.5, 2.0, 2.25, -0.5]],
                    [[0.0, -4.0, 1.0, 4.0, 1.0], [2.5, 2.0, -1.5, -1.0, 2.0]],
                ],
            },
            "factors": {
                0.5: _1_M_TOO_MANY,
            },
        },
        "dw": {
            "suspects": {
                _DW_FLIPPED: [
                    [[7.0, 4.0, -2.0], [1.5, 0.5, -2.0]],
                    [[1.5, 6.5, 4.0], [5.0, -0.5, -6.5]],
                ],
            },
            "factors": {
                0.5: _1_M_TOO_MANY,
            },
        },
    }


def conv2d_worked() -> dict:
    """conv2d of the 4 x 4 image x with the 2 x 2 kernel w, b = 0.5: its suspects."""
    return {
        "suspects": {
            _KERNEL_FLIPPED_2D: [[[[1.5, 7.5, -1.5], [-1.5, 0.5, 7.5], [5.5, -0.5, 4.5]]]],
            _KERNEL_FLIPPED_ALONG_ITS_ROWS: [
                [[[3.5, -0.5, 5.5], [4.5, 4.5, -3.5], [-2.5, 3.5, 1.5]]]
            ],
            _KERNEL_TRANSPOSED: [[[[1.5, 8.5, -2.5], [-2.5, 0.5, 4.5], [3.5, 2.5, 5.5]]]],
            _BIAS_B_MISSING: [[[[3.0, 7.0, -5.0], [-4.0, 4.0, 2.0], [1.0, 3.0, 3.0]]]],
        },
    }


def conv2d_strided() -> dict:
    """conv2d of the same x, w, b with stride 2, padding 1: its suspects."""
    return {
        "suspects": {
            _KERNEL_FLIPPED_2D: [[[[1.5, 0.5, 0.5], [2.5, 0.5, -1.5], [-0.5, -1.5, 4.5]]]],
            _KERNEL_TRANSPOSED: [[[[2.5, 0.5, 0.5], [4.5, 0.5, -0.5], [-0.5, -1.5, 2.5]]]],
            _STRIDE_IGNORED_IN_WINDOWS_2D: [
                [[[2.5, 3.5, -1.5], [0.5, 3.5, 7.5], [4.5, -3.5, 4.5]]]
            ],
            _STRIDE_USED_ALONG_ROWS_ONLY: [[[[2.5, 3.5, -1.5], [4.5, -3.5, 4.5], [0.5, 1.5, 0.5]]]],
            _PADDED_AT_END_ONLY_2D: [[[[3.5, -4.5, 0.5], [1.5, 3.5, 0.5], [0.5, 0.5, 0.5]]]],
            _PADDING_OFF_BY_ONE_2D: [[[[0.5, 0.5, 0.5], [0.5, 3.5, -4.5], [0.5, 1.5, 3.5]]]],
            _BIAS_B_MISSING: [[[[2.0, -2.0, -1.0], [4.0, 4.0, -1.0], [0.0, 0.0, 2.0]]]],
        },
    }


def conv2d_channels() -> dict:
    """conv2d of X (2, 2, 3, 3), W (3, 2, 1, 3), B with padding 1: its suspects."""
    return {
        "suspects": {
            _KERNEL_FLIPPED_2D: [
                [
                    [
                        [0.0, 0.0, 0.0],
                        [0.0, 3.0, 0.0],
                        [3.0, -1.0, 3.0],
                        [1.0, -2.0, 1.0],
                        [0.0, 0.0, 0.0],
                    ],
                    [
                        [1.0, 1.0, 1.0],
                        [2.5, 2.0, 3.0],
                        [0.5, 5.0, 0.5],
                        [2.5, 2.5, 1.0],
                        [1.0, 1.0, 1.0],
                    ],
                    [
                        [-1.0, -1.0, -1.0],
                        [-2.0, 1.0, -1.0],
                        [1.0, -4.0, 2.0],
                        [-1.0, 0.0, 1.0],
                        [-1.0, -1.0, -1.0],
                    ],
                ],
                [
                    [
                        [0.0, 0.0, 0.0],
                        [3.0, -2.0, 1.0],
                        [0.0, 4.0, 0.0],
                        [0.0, 1.0, 0.0],
                        [0.0, 0.0, 0.0],
                    ],
                    [
                        [1.0, 1.0, 1.0],
                        [2.5, 3.5, 1.0],
                        [3.5, 1.5, 3.5],
                        [2.0, 2.5, 1.5],
                        [1.0, 1.0, 1.0],
                    ],
                    [
                        [-1.0, -1.0, -1.0],
                        [0.0, 0.0, 1.0],
                        [-3.0, 2.0, -1.0],
                        [-2.0, -2.0, 2.0],
                        [-1.0, -1.0, -1.0],
                    ],
                ],
            ],
            _ONLY_FIRST_INPUT_CHANNEL_USED: [
                [
                    [
                        [0.0, 0.0, 0.0],
                        [0.0, -1.0, 0.0],
                        [-1.0, -1.0, 1.0],
                        [-1.0, 2.0, 1.0],
                        [0.0, 0.0, 0.0],
                    ],
                    [
                        [1.0, 1.0, 1.0],
                        [1.5, 1.5, 2.0],
                        [1.0, 1.5, 2.0],
                        [2.0, 2.5, 1.5],
                        [1.0, 1.0, 1.0],
                    ],
                    [
                        [-1.0, -1.0, -1.0],
                        [-1.0, 1.0, -1.0],
                        [0.0, 0.0, -1.0],
                        [0.0, -1.0, -1.0],
                        [-1.0, -1.0, -1.0],
                    ],
                ],
                [
                    [
                        [0.0, 0.0, 0.0],
                        [-1.0, 2.0, 1.0],
                        [0.0, 0.0, 0.0],
                        [-2.0, -1.0, 2.0],
                        [0.0, 0.0, 0.0],
                    ],
                    [
                        [1.0, 1.0, 1.0],
                        [2.0, 2.5, 1.5],
                        [1.5, 1.5, 1.5],
                        [1.0, 2.0, 2.5],
                        [1.0, 1.0, 1.0],
                    ],
                    [
                        [-1.0, -1.0, -1.0],
                        [0.0, -1.0, -1.0],
                        [-1.0, 0.0, -1.0],
                        [1.0, 0.0, -1.0],
                        [-1.0, -1.0, -1.0],
                    ],
                ],
            ],
            _BIAS_B_MISSING: [
                [
                    [
                        [0.0, 0.0, 0.0],
                        [0.0, 1.0, 0.0],
                        [1.0, -3.0, 5.0],
                        [-1.0, 2.0, 3.0],
                        [0.0, 0.0, 0.0],
                    ],
                    [
                        [0.0, 0.0, 0.0],
                        [1.5, 0.5, 2.0],
                        [-1.0, 3.5, 0.0],
                        [1.0, 2.5, 0.5],
                        [0.0, 0.0, 0.0],
                    ],
                    [
                        [0.0, 0.0, 0.0],
                        [0.0, 3.0, -1.0],
                        [2.0, -1.0, 3.0],
                        [1.0, 0.0, 1.0],
                        [0.0, 0.0, 0.0],
                    ],
                ],
                [
                    [
                        [0.0, 0.0, 0.0],
                        [1.0, 2.0, 3.0],
                        [0.0, 4.0, 0.0],
                        [-4.0, -1.0, 4.0],
                        [0.0, 0.0, 0.0],
                    ],
                    [
                        [0.0, 0.0, 0.0],
                        [1.0, 3.5, 0.5],
                        [2.5, 0.5, 2.5],
                        [0.0, 1.0, 1.5],
                        [0.0, 0.0, 0.0],
                    ],
                    [
                        [0.0, 0.0, 0.0],
                        [2.0, -1.0, 1.0],
                        [0.0, 3.0, -2.0],
                        [1.0, 2.0, 1.0],
                        [0.0, 0.0, 0.0],
                    ],
                ],
            ],
        },
    }


def conv2d_backward_worked() -> dict:
    """conv2d_backward of dy (1, 1, 2, 2) for the 3 x 3 image x and the 2 x 2 kernel w: suspects."""
    return {
        "dx": {
            "suspects": {
                _DX_FROM_TRANSPOSE_READ_LITERALLY: [
                    [[[2.0, -3.0, 1.0], [4.0, 0.0, -1.5], [0.0, 2.0, 0.5]]]
                ],
                _EACH_WINDOW_S_CONTRIBUTION_WAS_ASSIGNED: [
                    [[[1.0, -1.0, 0.0], [2.0, 0.5, 0.0], [-2.0, -0.5, 1.0]]]
                ],
            },
        },
        "dw": {
            "suspects": {
                _DW_FLIPPED_2D: [[[[-3.5, 2.5], [5.5, -0.5]]]],
            },
        },
        "db": {
            "factors": {
                0.25: _MEAN_OF_DY,
            },
        },
    }


def conv2d_backward_strided() -> dict:
    """conv2d_backward of the same dy, x, w with stride 2, padding 1: suspects."""
    return {
        "dx": {
            "suspects": {
                _DX_FROM_TRANSPOSE_READ_LITERALLY: [
                    [[[1.0, 0.0, -1.0], [-2.0, 1.0, -0.5], [2.0, 0.0, 0.5]]]
                ],
                _STRIDE_IGNORED_IN_BACKWARD_PASS_2D: [
                    [[[3.5, -2.0, 0.0], [3.5, 1.0, 0.0], [0.0, 0.0, 0.0]]]
                ],
                _STRIDE_IGNORED_IN_BACKWARD_PASS_ALONG: [
                    [[[3.0, -2.0, 0.0], [0.5, 0.0, 0.0], [3.5, 1.0, 0.0]]]
                ],
            },
        },
        "dw": {
            "suspects": {
                _STRIDE_IGNORED_IN_BACKWARD_PASS_2D: [[[[0.5, 3.0], [-1.0, -0.5]]]],
                _STRIDE_IGNORED_IN_BACKWARD_PASS_ALONG: [[[[0.0, 0.5], [0.0, 2.5]]]],
                _DW_FLIPPED_2D: [[[[5.5, -2.5], [1.5, 0.5]]]],
            },
        },
    }


def im2col_worked() -> dict:
    """im2col of the two-channel 3 x 3 image (1..9 and -1..-9) with a 2 x 2 kernel: suspects."""
    return {
        "suspects": {
            _EACH_ROW_FLATTENED_IN_ORDER_KH: [
                [1.0, -1.0, 2.0, -2.0, 4.0, -4.0, 5.0, -5.0],
                [2.0, -2.0, 3.0, -3.0, 5.0, -5.0, 6.0, -6.0],
                [4.0, -4.0, 5.0, -5.0, 7.0, -7.0, 8.0, -8.0],
                [5.0, -5.0, 6.0, -6.0, 8.0, -8.0, 9.0, -9.0],
            ],
            _EACH_WINDOW_TRANSPOSED: [
                [1.0, 4.0, 2.0, 5.0, -1.0, -4.0, -2.0, -5.0],
                [2.0, 5.0, 3.0, 6.0, -2.0, -5.0, -3.0, -6.0],
                [4.0, 7.0, 5.0, 8.0, -4.0, -7.0, -5.0, -8.0],
                [5.0, 8.0, 6.0, 9.0, -5.0, -8.0, -6.0, -9.0],
            ],
            _ROWS_ORDERED_COLUMN_BY_COLUMN: [
                [1.0, 2.0, 4.0, 5.0, -1.0, -2.0, -4.0, -5.0],
                [4.0, 5.0, 7.0, 8.0, -4.0, -5.0, -7.0, -8.0],
                [2.0, 3.0, 5.0, 6.0, -2.0, -3.0, -5.0, -6.0],
                [5.0, 6.0, 8.0, 9.0, -5.0, -6.0, -8.0, -9.0],
            ],
        },
    }


def im2col_strided() -> dict:
    """im2col of the 1..9 image, 2 x 2 kernel, stride 2, padding 1: suspects."""
    return {
        "suspects": {
            _STRIDE_IGNORED_IN_WINDOWS_2D: [
                [0.0, 0.0, 0.0, 1.0],
                [0.0, 0.0, 1.0, 2.0],
                [0.0, 1.0, 0.0, 4.0],
                [1.0, 2.0, 4.0, 5.0],
            ],
            _EACH_WINDOW_TRANSPOSED: [
                [0.0, 0.0, 0.0, 1.0],
                [0.0, 2.0, 0.0, 3.0],
                [0.0, 0.0, 4.0, 7.0],
                [5.0, 8.0, 6.0, 9.0],
            ],
        },
    }


def im2col_rectangular() -> dict:
    """im2col of the 1..9 image with a 1 x 3 kernel: suspects."""
    return {
        "suspects": {
            _KH_AND_KW_SWAPPED: [[1.0, 4.0, 7.0], [2.0, 5.0, 8.0], [3.0, 6.0, 9.0]],
        },
    }


def conv_layer_forward() -> dict:
    """Conv2d(1, 2, 2, padding=1).forward of the 3 x 3 image x with chosen W and b: suspects."""
    return {
        "suspects": {
            _OUTPUT_RESHAPED_STRAIGHT_TO_M_C: [
                [
                    [
                        [2.5, 0.0, 3.5, 1.0],
                        [-1.5, -1.0, 0.5, -1.0],
                        [0.5, -0.5, 3.5, 1.5],
                        [7.5, 3.0, -2.5, -1.0],
                    ],
                    [
                        [4.5, 1.0, -3.5, -1.5],
                        [4.5, 2.0, 2.5, 0.5],
                        [0.5, 0.0, 2.5, -0.5],
                        [-0.5, -1.0, 1.5, -0.5],
                    ],
                ]
            ],
            _FORWARD_USES_COPIES_OF_WEIGHTS_DRAWN: [
                [
                    [
                        [0.07417558418617766, 0.601198367326262, 0.9056943979078134, 0.0],
                        [
                            -0.09341224466100138,
                            -0.023744213200602812,
                            0.8531833353828843,
                            1.35854159686172,
                        ],
                        [
                            0.14835116837235532,
                            0.7381065690606343,
                            -0.5700036568155109,
                            0.7195612747595735,
                        ],
                        [
                            -0.18682448932200277,
                            0.271221628531446,
                            -0.18231693659622367,
                            0.0889046919352223,
                        ],
                    ],
                    [
                        [0.6696873713613738, 2.2614420173018317, 1.8441345491581682, 0.0],
                        [
                            0.2556863153700187,
                            0.8022845558652424,
                            2.173578496190868,
                            2.7662018237372523,
                        ],
                        [
                            1.3393747427227476,
                            1.4301334931668133,
                            0.13590359665617702,
                            -0.2142590641294222,
                        ],
                        [
                            0.5113726307400374,
                            -1.0132372078423562,
                            0.6344617616061874,
                            -0.37877544623616877,
                        ],
                    ],
                ]
            ],
        },
    }


def conv_layer_grads() -> dict:
    """Conv2d(1, 2, 2, padding=1).backward of the visible test's dOut: suspects of each gradient."""
    return {
        "dX": {
            "suspects": {
                _COL2IM_LOST_CONTRIBUTIONS_WHERE_WINDOWS_OVERLAP: [
                    [[[2.0, 2.375, 2.75], [3.5, 3.875, 4.25], [5.0, 5.375, 5.75]]]
                ],
                _DX_FROM_KERNELS_TRANSPOSED: [
                    [[[4.0, 5.0, 6.0], [8.0, 9.0, 10.0], [12.0, 13.0, 14.0]]]
                ],
            },
        },
        "W": {},
        "b": {},
    }


def maxpool_worked() -> dict:
    """MaxPool2d(2).backward of dOut = [[1, 2], [3, 4]] on the 4 x 4 input with ties: suspects."""
    return {
        "suspects": {
            _GRADIENT_WENT_TO_EVERY_MAXIMUM_OF: [
                [
                    [
                        [0.0, 1.0, 2.0, 2.0],
                        [1.0, 0.0, 2.0, 0.0],
                        [3.0, 3.0, 4.0, 0.0],
                        [3.0, 3.0, 0.0, 4.0],
                    ]
                ]
            ],
            _TIES_WENT_TO_LAST_MAXIMUM: [
                [
                    [
                        [0.0, 0.0, 0.0, 0.0],
                        [1.0, 0.0, 2.0, 0.0],
                        [0.0, 0.0, 0.0, 0.0],
                        [0.0, 3.0, 0.0, 4.0],
                    ]
                ]
            ],
            _MAXIMUM_S_POSITION_WITHIN_WINDOW_WAS: [
                [
                    [
                        [0.0, 0.0, 2.0, 0.0],
                        [1.0, 0.0, 0.0, 0.0],
                        [3.0, 0.0, 4.0, 0.0],
                        [0.0, 0.0, 0.0, 0.0],
                    ]
                ]
            ],
            _DOUT_SPREAD_EVENLY_OVER_WINDOW: [
                [
                    [
                        [0.25, 0.25, 0.5, 0.5],
                        [0.25, 0.25, 0.5, 0.5],
                        [0.75, 0.75, 1.0, 1.0],
                        [0.75, 0.75, 1.0, 1.0],
                    ]
                ]
            ],
            _EVERY_WINDOW_SENT_ITS_GRADIENT_TO: [
                [
                    [
                        [1.0, 0.0, 2.0, 0.0],
                        [0.0, 0.0, 0.0, 0.0],
                        [3.0, 0.0, 4.0, 0.0],
                        [0.0, 0.0, 0.0, 0.0],
                    ]
                ]
            ],
        },
    }


def maxpool_overlapping() -> dict:
    """MaxPool2d(2, stride=1).backward of ones on the 3 x 3 input whose 5 wins all four windows."""
    return {
        "suspects": {
            _WHERE_WINDOWS_OVERLAP_LATER_WINDOW_S: [
                [[[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]]
            ],
        },
    }
