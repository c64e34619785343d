"""Buggy and correct implementations for lesson 02_linear_gradients."""

from autograder.authoring.bank import bug, correct

SINGLE = "compute_gradients_single"
BATCH = "compute_gradients_batch"
FLOW = "visualize_gradient_flow"

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
        "uses W: returns E @ W.T (the inputs' gradient, times m)",
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
        "only two axes (no magnitude panel)",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    fig, axes = plt.subplots(1, 2)
    axes[0].bar(["x", "y", "L"], [x, y, 0.5 * e**2])
    axes[0].set_title("forward")
    axes[1].bar(["dL/dy", "dL/dw", "dL/db"], [e, e * x, e])
    axes[1].set_title("backward")
    return fig
""",
        names=("at least 3",),
    ),
    bug(
        FLOW,
        "returns None (plt.show() instead of return)",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    fig, axes = plt.subplots(1, 3)
    axes[0].bar(["x", "y", "L"], [x, y, 0.5 * e**2])
    axes[1].bar(["dL/dy", "dL/dw", "dL/db"], [e, e * x, e])
    axes[2].bar(["dL/dy", "dL/dw", "dL/db"], [abs(e), abs(e * x), abs(e)])
    for ax, t in zip(axes, ["forward", "backward", "magnitudes"], strict=True):
        ax.set_title(t)
    plt.show()
""",
        names=("None",),
    ),
    bug(
        FLOW,
        "dL/dw without the factor x",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    fig, axes = plt.subplots(1, 3)
    axes[0].bar(["x", "y", "L"], [x, y, 0.5 * e**2])
    axes[1].bar(["dL/dy", "dL/dw", "dL/db"], [e, e, e])
    axes[2].bar(["dL/dy", "dL/dw", "dL/db"], [abs(e), abs(e), abs(e)])
    for ax, t in zip(axes, ["forward", "backward", "magnitudes"], strict=True):
        ax.set_title(t)
    return fig
""",
        names=("factor x",),
    ),
    bug(
        FLOW,
        "signed gradients in the magnitude panel",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    fig, axes = plt.subplots(1, 3)
    axes[0].bar(["x", "y", "L"], [x, y, 0.5 * e**2])
    axes[1].bar(["dL/dy", "dL/dw", "dL/db"], [e, e * x, e])
    axes[2].bar(["dL/dy", "dL/dw", "dL/db"], [e, e * x, e])
    for ax, t in zip(axes, ["forward", "backward", "magnitudes"], strict=True):
        ax.set_title(t)
    return fig
""",
        names=("absolute",),
    ),
    bug(
        FLOW,
        "loss without the 1/2",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    fig, axes = plt.subplots(1, 3)
    axes[0].bar(["x", "y", "L"], [x, y, e**2])
    axes[1].bar(["dL/dy", "dL/dw", "dL/db"], [e, e * x, e])
    axes[2].bar(["dL/dy", "dL/dw", "dL/db"], [abs(e), abs(e * x), abs(e)])
    for ax, t in zip(axes, ["forward", "backward", "magnitudes"], strict=True):
        ax.set_title(t)
    return fig
""",
        names=("1/2",),
    ),
    bug(
        FLOW,
        "no titles",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    fig, axes = plt.subplots(1, 3)
    axes[0].bar(["x", "y", "L"], [x, y, 0.5 * e**2])
    axes[1].bar(["dL/dy", "dL/dw", "dL/db"], [e, e * x, e])
    axes[2].bar(["dL/dy", "dL/dw", "dL/db"], [abs(e), abs(e * x), abs(e)])
    return fig
""",
        names=("title",),
    ),
    bug(
        FLOW,
        "returns the axes instead of the figure",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    fig, axes = plt.subplots(1, 3)
    axes[0].bar(["x", "y", "L"], [x, y, 0.5 * e**2])
    axes[1].bar(["dL/dy", "dL/dw", "dL/db"], [e, e * x, e])
    axes[2].bar(["dL/dy", "dL/dw", "dL/db"], [abs(e), abs(e * x), abs(e)])
    for ax, t in zip(axes, ["forward", "backward", "magnitudes"], strict=True):
        ax.set_title(t)
    return axes
""",
        names=("Figure",),
    ),
    bug(
        FLOW,
        "gradients in the wrong order (parameters first)",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    fig, axes = plt.subplots(1, 3)
    axes[0].bar(["x", "y", "L"], [x, y, 0.5 * e**2])
    axes[1].bar(["dL/dw", "dL/db", "dL/dy"], [e * x, e, e])
    axes[2].bar(["dL/dw", "dL/db", "dL/dy"], [abs(e * x), abs(e), abs(e)])
    for ax, t in zip(axes, ["forward", "backward", "magnitudes"], strict=True):
        ax.set_title(t)
    return fig
""",
        names=("wrong order",),
    ),
    bug(
        FLOW,
        "log10 of the magnitudes plotted",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    e = y - y_true
    g = np.array([e, e * x, e])
    fig, axes = plt.subplots(1, 3)
    axes[0].bar(["x", "y", "L"], [x, y, 0.5 * e**2])
    axes[1].bar(["dL/dy", "dL/dw", "dL/db"], g)
    with np.errstate(divide="ignore"):
        axes[2].bar(["dL/dy", "dL/dw", "dL/db"], np.log10(np.abs(g)))
    for ax, t in zip(axes, ["forward", "backward", "log10 magnitudes"], strict=True):
        ax.set_title(t)
    return fig
""",
        names=("log10",),
    ),
    correct(
        FLOW,
        "integer inputs upcast, np.where for magnitudes, add_subplot",
        """
def visualize_gradient_flow(x, w, b, y_true):
    x, w, b, y_true = np.asarray([x, w, b, y_true], dtype=np.float64)
    y = w * x + b
    g = np.array([y - y_true, (y - y_true) * x, y - y_true])
    fig = plt.figure(figsize=(12, 4))
    titles = ["forward values", "backward gradients", "|gradients|"]
    data = [[x, y, (y - y_true) ** 2 / 2], g, np.where(g < 0, -g, g)]
    for k in range(3):
        ax = fig.add_subplot(1, 3, k + 1)
        ax.bar(np.arange(3), data[k])
        ax.set_title(titles[k])
    return fig
""",
    ),
    correct(
        FLOW,
        "lines instead of bars, log scale, closed before return",
        """
def visualize_gradient_flow(x, w, b, y_true):
    y = w * x + b
    dy = y - y_true
    values = [[x, y, 0.5 * dy**2], [dy, dy * x, dy], np.abs([dy, dy * x, dy])]
    fig, axes = plt.subplots(3, 1, figsize=(5, 9))
    for ax, vals, title in zip(axes, values, ["Forward", "Backward", "Magnitudes"], strict=True):
        ax.plot(range(3), vals, "o-")
        ax.set_title(title)
    if np.all(values[2] > 0):
        axes[2].set_yscale("log")
    plt.close(fig)
    return fig
""",
    ),
    correct(
        FLOW,
        "Figure without pyplot, four axes, left titles",
        """
def visualize_gradient_flow(x, w, b, y_true):
    from matplotlib.figure import Figure

    y = w * x + b
    g = y - y_true
    fig = Figure(figsize=(14, 3))
    axes = [fig.add_subplot(1, 4, k + 1) for k in range(4)]
    axes[0].bar([0, 1, 2], [x, y, (y - y_true) ** 2 / 2])
    axes[1].bar([0, 1, 2], [g, g * x, g])
    axes[1].axhline(0, color="k")
    axes[2].bar([0, 1, 2], [abs(g), abs(g * x), abs(g)])
    for ax, t in zip(axes, ["forward", "backward", "|grad|", "graph"], strict=True):
        ax.set_title(t, loc="left")
    axes[3].text(0.1, 0.5, "x -> y -> L")
    return fig
""",
    ),
    correct(
        FLOW,
        "integer-friendly, bar_label and a log axis always",
        """
def visualize_gradient_flow(x, w, b, y_true):
    x, w, b, y_true = (float(v) for v in (x, w, b, y_true))
    y = w * x + b
    loss = 0.5 * (y - y_true) ** 2
    grads = np.array([y - y_true, (y - y_true) * x, y - y_true])
    fig, (a0, a1, a2) = plt.subplots(1, 3)
    a0.bar_label(a0.bar(["x", "y", "L"], [x, y, loss]))
    a1.bar_label(a1.bar(["y", "w", "b"], grads))
    a2.bar(["y", "w", "b"], np.abs(grads))
    a2.set_yscale("log")
    a0.set_title("forward values")
    a1.set_title("backward gradients")
    a2.set_title("magnitudes")
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
