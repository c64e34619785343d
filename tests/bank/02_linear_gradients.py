"""Buggy and correct implementations for lesson 02_linear_gradients."""

from autograder.authoring.bank import bug, correct

SINGLE = "compute_gradients_single"
BATCH = "compute_gradients_batch"
FLOW = "visualize_gradient_flow"

# The base of the flow variants: a small correct drawing, each bug edits one line of it.
_FLOW_BASE = """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    loss = 0.5 * e**2
    values = {"x": x, "w": w, "b": b, "y": y, "L": loss}
    grads = {"dL/dy": e, "dL/dw": e * x, "dL/db": e}
    pos = {"x": (0, 2), "w": (0, 1), "b": (0, 0), "y": (1, 1), "L": (2, 1)}
    fig, axes = plt.subplots(1, 3, figsize=(12, 3))
    fwd, bwd = axes[0], axes[1]
    for name, value in values.items():
        fwd.text(*pos[name], f"{name} = {value:.3g}", ha="center", bbox={"boxstyle": "round"})
    for tail, head in [("x", "y"), ("w", "y"), ("b", "y"), ("y", "L")]:
        fwd.annotate("", xy=pos[head], xytext=pos[tail], arrowprops={"arrowstyle": "->"})
        bwd.annotate("", xy=pos[tail], xytext=pos[head], arrowprops={"arrowstyle": "->"})
    for name in ["y", "w", "b"]:
        px, py = pos[name]
        bwd.text(px + 0.5, py + 0.1, f"dL/d{name} = {grads['dL/d' + name]:.3g}")
    axes[2].barh(list(grads), [abs(g) for g in grads.values()])
    for ax, title in zip([fwd, bwd, axes[2]], ["forward", "backward", "magnitudes"], strict=True):
        ax.set_title(title)
    return fig
"""


def _flow(*edits):
    """_FLOW_BASE with each (old, new) replaced; every old must be there."""
    code = _FLOW_BASE
    for old, new in edits:
        assert old in code, old
        code = code.replace(old, new)
    return code


VARIANTS = [
    # ------------------------------------------------------------------ single
    bug(
        SINGLE,
        "sign flip (y_true - y_pred)",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = float(y_true) - float(y_pred)
    return err * float(x), err
""",
        names=("sign",),
    ),
    bug(
        SINGLE,
        "w instead of x (that is dL/dx)",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = float(y_pred) - float(y_true)
    return err * float(w), err
""",
        names=("w used where x belongs",),
    ),
    bug(
        SINGLE,
        "factor 2 (loss without the 1/2)",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = 2.0 * (float(y_pred) - float(y_true))
    return err * float(x), err
""",
        names=("factor 2",),
    ),
    bug(
        SINGLE,
        "forgot the factor x in grad_w",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = float(y_pred) - float(y_true)
    return err, err
""",
        names=("factor x",),
    ),
    bug(
        SINGLE,
        "recomputes y_pred = w * x + b",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    y = w * x + b
    err = float(y) - float(y_true)
    return err * float(x), err
""",
        names=("recomputed",),
    ),
    bug(
        SINGLE,
        "returns (grad_b, grad_w), swapped",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = float(y_pred) - float(y_true)
    return err, err * float(x)
""",
        names=("swapped",),
    ),
    bug(
        SINGLE,
        "returns ints for int inputs",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = y_pred - y_true
    return err * x, err
""",
        names=("integer",),
    ),
    bug(
        SINGLE,
        "returns one array instead of a tuple",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = float(y_pred) - float(y_true)
    return np.array([err * x, err])
""",
        names=("tuple",),
    ),
    bug(
        SINGLE,
        "factor 1/2 (dL/dy taken as 1/2 (y_pred - y_true))",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = 0.5 * (float(y_pred) - float(y_true))
    return err * float(x), err
""",
        names=("factor 1/2",),
    ),
    bug(
        SINGLE,
        "operator precedence: y_pred - y_true * x",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    return float(y_pred - y_true * x), float(y_pred - y_true)
""",
        names=("precedence",),
    ),
    bug(
        SINGLE,
        "local derivatives only (x and 1, no error signal)",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    return float(x), 1.0
""",
        names=("local derivative",),
    ),
    bug(
        SINGLE,
        "returns NumPy float32",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = np.float32(y_pred) - np.float32(y_true)
    return err * np.float32(x), err
""",
        names=("float32",),
    ),
    correct(
        SINGLE,
        "every argument upcast with float() first (ints, float32)",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    x, y_pred, y_true = float(x), float(y_pred), float(y_true)
    grad_b = y_pred - y_true
    grad_w = x * y_pred - x * y_true  # distributed, same value
    return grad_w, grad_b
""",
    ),
    correct(
        SINGLE,
        "float32/int inputs upcast with np.asarray(dtype=float64)",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    v = np.asarray([x, y_pred, y_true], dtype=np.float64)
    err = v[1] - v[2]
    return (err * v[0]).item(), err.item()
""",
    ),
    correct(
        SINGLE,
        "plain arithmetic, float() at the end",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    return float((y_pred - y_true) * x), float(y_pred - y_true)
""",
    ),
    correct(
        SINGLE,
        "NumPy float64 scalars",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    err = np.float64(y_pred) - np.float64(y_true)
    return np.float64(err * x), np.float64(err)
""",
    ),
    correct(
        SINGLE,
        "chain rule with an array of local derivatives",
        """
def compute_gradients_single(x, y_pred, y_true, w, b):
    dL_dy = np.float64(y_pred) - np.float64(y_true)
    local = np.array([x, 1.0], dtype=np.float64)  # dy/dw, dy/db
    grads = dL_dy * local
    return float(grads[0]), float(grads[1])
""",
    ),
    # ------------------------------------------------------------------- batch
    bug(
        BATCH,
        "missing 1/m",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return X.T @ E, E.sum(axis=0)
""",
        names=("1/m",),
    ),
    bug(
        BATCH,
        "transpose: E.T @ X",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return E.T @ X / m, E.sum(axis=0) / m
""",
        names=("transpose",),
    ),
    bug(
        BATCH,
        "bias summed over axis=1",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return X.T @ E / m, E.sum(axis=1) / m
""",
        names=("wrong axis",),
    ),
    bug(
        BATCH,
        "keepdims=True: grad_b of shape (1, d)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return X.T @ E / m, np.sum(E, axis=0, keepdims=True) / m
""",
        names=("keepdims",),
    ),
    bug(
        BATCH,
        "sign flip (Y_true - Y_pred)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_true - Y_pred
    return X.T @ E / m, E.sum(axis=0) / m
""",
        names=("sign",),
    ),
    bug(
        BATCH,
        "divides by n = X.shape[1]",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[1]
    E = Y_pred - Y_true
    return X.T @ E / m, E.sum(axis=0) / m
""",
        names=("divided by n",),
    ),
    bug(
        BATCH,
        "divides by d = Y_pred.shape[1] (columns convention)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = Y_pred.shape[1]
    E = Y_pred - Y_true
    return X.T @ E / m, E.sum(axis=0) / m
""",
        names=("divided by d",),
    ),
    bug(
        BATCH,
        "mutates Y_pred in place",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    Y_pred -= Y_true
    return X.T @ Y_pred / m, Y_pred.sum(axis=0) / m
""",
        names=("in place",),
    ),
    bug(
        BATCH,
        "uses W: returns E @ W.T / m (the inputs' gradient dJ/dX)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return E @ W.T / m, E.sum(axis=0) / m
""",
        names=("sent back to the inputs",),
    ),
    bug(
        BATCH,
        "factor 2 (MSE without the 1/2)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return 2 * X.T @ E / m, 2 * E.sum(axis=0) / m
""",
        names=("factor 2",),
    ),
    bug(
        BATCH,
        "grad_b averaged over everything (a scalar)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return X.T @ E / m, np.mean(E)
""",
        names=("every axis", "did you sum"),
    ),
    bug(
        BATCH,
        "extra 1/m: E / m, then averaged again",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    dY = (Y_pred - Y_true) / m
    return X.T @ dY / m, dY.mean(axis=0)
""",
        names=("extra 1/m",),
    ),
    bug(
        BATCH,
        "extra 1/m on grad_b only: E.mean(axis=0) / m",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return X.T @ E / m, E.mean(axis=0) / m
""",
        names=("extra 1/m",),
    ),
    bug(
        BATCH,
        "missing 1/m on grad_b only",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return X.T @ E / m, E.sum(axis=0)
""",
        names=("missing 1/m",),
    ),
    bug(
        BATCH,
        "missing 1/m on grad_W only",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return X.T @ E, E.mean(axis=0)
""",
        names=("missing 1/m",),
    ),
    bug(
        BATCH,
        "divides by Y_pred.size = m * d",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return X.T @ E / E.size, E.sum(axis=0) / E.size
""",
        names=("Y_pred.size",),
    ),
    bug(
        BATCH,
        "missing transpose: X @ E",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return X @ E / m, E.sum(axis=0) / m
""",
        names=("missing transpose",),
    ),
    bug(
        BATCH,
        "elementwise * instead of @",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return (X * E).sum(axis=0) / m, E.sum(axis=0) / m
""",
        names=("* instead of @",),
    ),
    bug(
        BATCH,
        "returns grad_W.T (columns convention, not transposed back)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    dZ = (Y_pred - Y_true).T  # (d, m), as in books with examples in columns
    return dZ @ X / m, dZ.sum(axis=1) / m
""",
        names=("transpose",),
    ),
    bug(
        BATCH,
        "outer products averaged over the wrong axis (features)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    outer = X[:, :, None] * E[:, None, :]  # (m, n, d)
    return outer.mean(axis=1), E.mean(axis=0)
""",
        names=("wrong axis",),
    ),
    bug(
        BATCH,
        "bias mean over axis=-1 (one value per example)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return X.T @ E / len(X), E.mean(axis=-1)
""",
        names=("wrong axis",),
    ),
    bug(
        BATCH,
        "keepdims=True on the mean: grad_b (1, d)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = Y_pred - Y_true
    return X.T @ E / X.shape[0], E.mean(axis=0, keepdims=True)
""",
        names=("keepdims",),
    ),
    bug(
        BATCH,
        "grad_b as a column (d, 1)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return X.T @ E / m, E.sum(axis=0).reshape(-1, 1) / m
""",
        names=("extra axis",),
    ),
    bug(
        BATCH,
        "mutates X in place (X /= m)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    X /= m
    E = Y_pred - Y_true
    return X.T @ E, E.sum(axis=0) / m
""",
        names=("in place",),
    ),
    bug(
        BATCH,
        "grad_b as a Python list",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    return X.T @ E / m, [float(E[:, k].sum() / m) for k in range(E.shape[1])]
""",
        names=("list",),
    ),
    bug(
        BATCH,
        "returns float32 arrays",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = (Y_pred - Y_true).astype(np.float32)
    return X.astype(np.float32).T @ E / m, E.sum(axis=0) / m
""",
        names=("float32",),
    ),
    bug(
        BATCH,
        "np.zeros_like(W) buffers: integer for integer inputs",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    E = Y_pred - Y_true
    grad_W, grad_b = np.zeros_like(W), np.zeros_like(b)
    grad_W[...] = X.T @ E / m
    grad_b[...] = E.sum(axis=0) / m
    return grad_W, grad_b
""",
        names=("integer",),
    ),
    correct(
        BATCH,
        "integer/float32 inputs upcast with astype(np.float64)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    X = X.astype(np.float64)
    E = Y_pred.astype(np.float64) - Y_true.astype(np.float64)
    return X.T @ E / X.shape[0], E.mean(axis=0)
""",
    ),
    correct(
        BATCH,
        "columns convention, transposed back: (E.T @ X).T / m",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = X.shape[0]
    dZ = (Y_pred - Y_true).T  # (d, m)
    dW = dZ @ X / m  # (d, n), the columns-convention gradient
    db = dZ.sum(axis=1, keepdims=True) / m  # (d, 1)
    return dW.T, db.ravel()
""",
    ),
    correct(
        BATCH,
        "tensordot over the example axis, zeros_like(W, dtype=float)",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m = len(X)
    E = np.asarray(Y_pred, dtype=np.float64) - np.asarray(Y_true, dtype=np.float64)
    grad_W = np.zeros_like(W, dtype=np.float64)
    grad_W += np.tensordot(X, E, axes=([0], [0])) / m
    return grad_W, np.add.reduce(E, axis=0) / m
""",
    ),
    correct(
        BATCH,
        "loop over examples, outer products",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    m, n = X.shape
    d = Y_pred.shape[1]
    grad_W = np.zeros((n, d))
    grad_b = np.zeros(d)
    for i in range(m):
        e = Y_pred[i] - Y_true[i]
        grad_W += np.outer(X[i], e)
        grad_b += e
    return grad_W / m, grad_b / m
""",
    ),
    correct(
        BATCH,
        "einsum and mean",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    E = np.subtract(Y_pred, Y_true)
    return np.einsum("mn,md->nd", X, E) / len(X), E.mean(axis=0)
""",
    ),
    correct(
        BATCH,
        "np.dot, in-place on a float copy",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    X = np.asarray(X, dtype=np.float64)
    E = np.array(Y_pred, dtype=np.float64)  # a copy
    E -= Y_true
    m = X.shape[0]
    grad_W = np.dot(X.T, E)
    grad_W *= 1.0 / m
    return grad_W, np.sum(E, axis=0) / m
""",
    ),
    correct(
        BATCH,
        "multiply by 1/m first, matmul via np.matmul",
        """
def compute_gradients_batch(X, Y_pred, Y_true, W, b):
    dY = (Y_pred - Y_true) * (1.0 / Y_pred.shape[0])  # dJ/dY_pred
    return np.matmul(X.T, dY), dY.sum(axis=0)
""",
    ),
    # -------------------------------------------------------------------- flow
    bug(
        FLOW,
        "only two axes (both passes on one graph)",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    fig, (graph, sizes) = plt.subplots(1, 2, figsize=(10, 3))
    graph.text(0, 1, f"x = {x:.3g}, w = {w:.3g}, b = {b:.3g}")
    graph.text(1, 1, f"y = {y:.3g}")
    graph.text(2, 1, f"L = {0.5 * e**2:.3g}")
    graph.text(1, 0, f"dL/dy = {e:.3g}, dL/dw = {e * x:.3g}, dL/db = {e:.3g}")
    graph.set_xlim(-0.5, 3)
    graph.set_title("forward (top) and backward (bottom)")
    sizes.barh(["dL/dy", "dL/dw", "dL/db"], [abs(e), abs(e * x), abs(e)])
    sizes.set_title("magnitudes")
    return fig
""",
        names=("at least 3",),
    ),
    bug(
        FLOW,
        "returns None (plt.show() instead of return)",
        _flow(("    return fig", "    plt.show()")),
        names=("None",),
    ),
    bug(
        FLOW,
        "backward panel: gradients of the wrong sign (y_true - y)",
        _flow(
            (
                'grads = {"dL/dy": e, "dL/dw": e * x, "dL/db": e}',
                'g = y_true - y\n    grads = {"dL/dy": g, "dL/dw": g * x, "dL/db": g}',
            )
        ),
        names=("sign",),
    ),
    bug(
        FLOW,
        "backward panel: the forward values again (copied drawing code)",
        _flow(
            (
                """    for name in ["y", "w", "b"]:
        px, py = pos[name]
        bwd.text(px + 0.5, py + 0.1, f"dL/d{name} = {grads['dL/d' + name]:.3g}")""",
                """    for name, value in values.items():
        bwd.text(*pos[name], f"{name} = {value:.3g}", ha="center")""",
            )
        ),
        names=("forward values on the backward panel",),
    ),
    bug(
        FLOW,
        "dL/dw without the factor x",
        _flow(('"dL/dw": e * x', '"dL/dw": e')),
        names=("factor x",),
    ),
    bug(
        FLOW,
        "dL/dw = (y - y_true) * w (that is dL/dx)",
        _flow(('"dL/dw": e * x', '"dL/dw": e * w')),
        names=("w used where x belongs",),
    ),
    bug(
        FLOW,
        "signed gradients in the magnitude panel",
        _flow(("[abs(g) for g in grads.values()]", "list(grads.values())")),
        names=("absolute",),
    ),
    bug(
        FLOW,
        "loss without the 1/2",
        _flow(("loss = 0.5 * e**2", "loss = e**2")),
        names=("1/2",),
    ),
    bug(
        FLOW,
        "no titles (x labels instead)",
        _flow(("ax.set_title(title)", "ax.set_xlabel(title)")),
        names=("title",),
    ),
    bug(
        FLOW,
        "returns the axes instead of the figure",
        _flow(("    return fig", "    return axes")),
        names=("Figure",),
    ),
    bug(
        FLOW,
        "magnitude bars in the wrong order (parameters first)",
        _flow(
            (
                "axes[2].barh(list(grads), [abs(g) for g in grads.values()])",
                'order = ["dL/dw", "dL/db", "dL/dy"]\n'
                "    axes[2].barh(order, [abs(grads[k]) for k in order])",
            )
        ),
        names=("wrong order",),
    ),
    bug(
        FLOW,
        "log10 of the magnitudes plotted",
        _flow(
            (
                "[abs(g) for g in grads.values()]",
                "np.log10(np.abs(list(grads.values())) + 1e-300)",
            )
        ),
        names=("log10",),
    ),
    bug(
        FLOW,
        "panels swapped: the backward graph in fig.axes[0]",
        _flow(("fwd, bwd = axes[0], axes[1]", "fwd, bwd = axes[1], axes[0]")),
        names=("swapped",),
    ),
    bug(
        FLOW,
        "values written without '=' (name and value on two lines)",
        _flow(
            ('f"{name} = {value:.3g}"', 'f"{name}\\n{value:.3g}"'),
            (
                "f\"dL/d{name} = {grads['dL/d' + name]:.3g}\"",
                "f\"dL/d{name}: {grads['dL/d' + name]:.3g}\"",
            ),
        ),
        names=("after an '='",),
    ),
    correct(FLOW, "minimal graph: texts, annotate arrows, barh", _flow()),
    correct(
        FLOW,
        "top-to-bottom graph, mathtext with unicode minus, log-scale vertical bars",
        r"""
def visualize_gradient_flow(x, w, b, y_true):
    def num(v):
        return f"{v:.5g}".replace("-", "\u2212")

    y = w * x + b
    dy = y - y_true
    grads = [dy, dy * x, dy]
    fig = plt.figure(figsize=(9, 9))
    ax_f, ax_b, ax_m = (fig.add_subplot(2, 2, k) for k in (1, 2, 3))
    nodes = {"x": (-1, 3), "w": (0, 3), "b": (1, 3), "y": (0, 2), "L": (0, 1)}
    values = {"x": x, "w": w, "b": b, "y": y, "L": (y - y_true) ** 2 / 2}
    for name, (px, py) in nodes.items():
        ax_f.text(px, py, f"${name} = {num(values[name])}$", ha="center")
        ax_b.text(px, py, f"${name}$", ha="center")
    for src, dst, g in [("x", "y", None), ("w", "y", grads[1]), ("b", "y", grads[2]),
                        ("y", "L", grads[0])]:
        ax_f.annotate("", xy=nodes[dst], xytext=nodes[src], arrowprops={"arrowstyle": "->"})
        ax_b.annotate("", xy=nodes[src], xytext=nodes[dst], arrowprops={"arrowstyle": "->"})
        if g is not None:
            mid = np.add(nodes[src], nodes[dst]) / 2
            ax_b.text(*mid, rf"$\partial L/\partial {src} = {num(g)}$", color="red")
    for ax in (ax_f, ax_b):
        ax.set_xlim(-2, 2)
        ax.set_ylim(0.5, 3.5)
        ax.axis("off")
    ax_f.set_title("values (forward)")
    ax_b.set_title("gradients (backward)")
    mags = np.abs(grads)
    ax_m.bar([r"$|\partial_y L|$", r"$|\partial_w L|$", r"$|\partial_b L|$"], mags)
    if np.all(mags > 0):
        ax_m.set_yscale("log")
    ax_m.set_title("how big")
    return fig
""",
    ),
    correct(
        FLOW,
        "Figure without pyplot, one text per graph, four axes, a line, left titles",
        """
def visualize_gradient_flow(x, w, b, y_true):
    from matplotlib.figure import Figure

    y = w * x + b
    g = y - y_true
    fig = Figure(figsize=(14, 3))
    axes = [fig.add_subplot(1, 4, k + 1) for k in range(4)]
    axes[0].text(
        0.05, 0.1,
        f"x = {x:.4f}\\nw = {w:.4f}\\nb = {b:.4f}\\n  |\\n  v\\n"
        f"y = w x + b = {y:.4f}\\n  |\\n  v\\nL = (y - t)^2 / 2 = {g * g / 2:.4f}",
    )
    axes[1].text(
        0.05, 0.1,
        f"dL/dL = 1\\n  |\\n  v\\ndL/dy = {g:.4f}\\n  |\\n  v\\n"
        f"dL/dw = {g * x:.4f}   dL/db = {g:.4f}   dL/dx = {g * w:.4f}",
    )
    axes[2].plot(["y", "w", "b"], [abs(g), abs(g * x), abs(g)], "o-")
    axes[3].plot([0, 1], [0, 1])
    for ax, t in zip(axes, ["forward", "backward", "|grad|", "extra"], strict=True):
        ax.set_title(t, loc="left")
    return fig
""",
    ),
    correct(
        FLOW,
        "float64 arguments, Rectangle boxes, FancyArrowPatch edges, values on both graphs, closed",
        """
def visualize_gradient_flow(x, w, b, y_true):
    from matplotlib.patches import FancyArrowPatch, Rectangle

    x, w, b, y_true = (np.float64(v) for v in (x, w, b, y_true))
    y = w * x + b
    dL_dy = y - y_true
    at = {"x": (1, 5), "w": (1, 3), "b": (1, 1), "y": (5, 3), "L": (9, 3)}
    value = {"x": x, "w": w, "b": b, "y": y, "L": dL_dy * dL_dy / 2}
    grad = {"x": dL_dy * w, "w": dL_dy * x, "b": dL_dy, "y": dL_dy}
    fig, (fwd, bwd, mag) = plt.subplots(1, 3, figsize=(15, 4))
    for ax, backward in ((fwd, False), (bwd, True)):
        for name, (px, py) in at.items():
            ax.add_patch(Rectangle((px - 0.8, py - 0.4), 1.6, 0.8, fill=False))
            ax.text(px, py, f"{name} = {value[name]:.2f}", ha="center", va="center")
        for name in ("x", "w", "b", "y"):
            head = "L" if name == "y" else "y"
            a, c = (at[head], at[name]) if backward else (at[name], at[head])
            ax.add_patch(FancyArrowPatch(a, c, arrowstyle="->", mutation_scale=15))
            if backward:
                mx, my = (at[name][0] + at[head][0]) / 2, (at[name][1] + at[head][1]) / 2
                ax.text(mx, my + 0.3, f"grad {name} = {grad[name]:.2f}", color="red")
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 6)
    fwd.set_title("Forward")
    bwd.set_title("Backward")
    mag.barh([0, 1, 2], [abs(grad["y"]), abs(grad["w"]), abs(grad["b"])])
    mag.set_yticks([0, 1, 2], ["|dL/dy|", "|dL/dw|", "|dL/db|"])
    mag.set_title("Magnitudes")
    plt.close(fig)
    return fig
""",
    ),
    # A correct solution whose helpers and globals share names with the tests' helpers:
    # tests and student code live in separate kernels, so neither rebinds the other.
    correct(
        "compute_gradients_single",
        "helpers named like the hidden tests' helpers",
        """
_hidden_orders = []  # a global named like a hidden-test helper


def _hidden_check_single(a, b):  # same name as a hidden-test helper, other arguments
    return float(a) - float(b)


def compute_gradients_single(x, y_pred, y_true, w, b):
    err = _hidden_check_single(y_pred, y_true)
    return err * float(x), err
""",
    ),
]
