"""Buggy and correct implementations of lesson 05 (XOR training)."""

from autograder.authoring.bank import bug, correct

_NOTHING_TO_TRAIN_WITH = (
    "an update_parameters that raises (mixed-up keys broadcast (2, 4) against (4, 1)) or "
    "returns no dict (a tuple) leaves train_network nothing to train with; one that "
    "returns a dict, however wrong, is charged in its own cells only"
)
CHARGED_ELSEWHERE = {
    ("update_parameters", "test_train_network"): _NOTHING_TO_TRAIN_WITH,
    ("update_parameters", "hidden_train_network"): _NOTHING_TO_TRAIN_WITH,
}
"""One bug, one charge: the documented exceptions (see tests/test_bank.py)."""

VARIANTS = [
    # ------------------------------------------------------------------ update_parameters
    bug(
        "update_parameters",
        "gradient ascent (+)",
        """
def update_parameters(parameters, grads, learning_rate):
    return {k: parameters[k] + learning_rate * grads["d" + k] for k in ("W1", "b1", "W2", "b2")}
""",
        names=("ascent",),
    ),
    bug(
        "update_parameters",
        "in-place -= on the input arrays",
        """
def update_parameters(parameters, grads, learning_rate):
    new = {}
    for k in ("W1", "b1", "W2", "b2"):
        W = parameters[k]
        W -= learning_rate * grads["d" + k]
        new[k] = W
    return new
""",
        names=("in place",),
    ),
    bug(
        "update_parameters",
        "writes into and returns the same dict",
        """
def update_parameters(parameters, grads, learning_rate):
    for k in ("W1", "b1", "W2", "b2"):
        parameters[k] = parameters[k] - learning_rate * grads["d" + k]
    return parameters
""",
        names=("same dict", "in place"),
    ),
    bug(
        "update_parameters",
        "shallow copy, then -= (shared arrays)",
        """
def update_parameters(parameters, grads, learning_rate):
    new = dict(parameters)
    for k in new:
        new[k] -= learning_rate * grads["d" + k]
    return new
""",
        names=("in place",),
    ),
    bug(
        "update_parameters",
        "mixed-up keys (W1 with dW2, W2 with dW1)",
        """
def update_parameters(parameters, grads, learning_rate):
    return {
        "W1": parameters["W1"] - learning_rate * grads["dW2"],
        "b1": parameters["b1"] - learning_rate * grads["db1"],
        "W2": parameters["W2"] - learning_rate * grads["dW1"],
        "b2": parameters["b2"] - learning_rate * grads["db2"],
    }
""",
        names=("mixed-up keys",),
    ),
    bug(
        "update_parameters",
        "b1 updated with db2",
        """
def update_parameters(parameters, grads, learning_rate):
    return {
        "W1": parameters["W1"] - learning_rate * grads["dW1"],
        "b1": parameters["b1"] - learning_rate * grads["db2"],
        "W2": parameters["W2"] - learning_rate * grads["dW2"],
        "b2": parameters["b2"] - learning_rate * grads["db2"],
    }
""",
        names=("mixed-up keys",),
    ),
    bug(
        "update_parameters",
        "forgets the learning rate",
        """
def update_parameters(parameters, grads, learning_rate):
    return {k: parameters[k] - grads["d" + k] for k in ("W1", "b1", "W2", "b2")}
""",
        names=("learning rate",),
    ),
    bug(
        "update_parameters",
        "returns a tuple like the seed notes",
        """
def update_parameters(parameters, grads, learning_rate):
    return tuple(parameters[k] - learning_rate * grads["d" + k] for k in ("W1", "b1", "W2", "b2"))
""",
        names=("dict",),
    ),
    bug(
        "update_parameters",
        "biases not updated",
        """
def update_parameters(parameters, grads, learning_rate):
    new = {k: v.copy() for k, v in parameters.items()}
    new["W1"] = parameters["W1"] - learning_rate * grads["dW1"]
    new["W2"] = parameters["W2"] - learning_rate * grads["dW2"]
    return new
""",
        names=("not updated",),
    ),
    correct(
        "update_parameters",
        "dict comprehension over the input's keys",
        """
def update_parameters(parameters, grads, learning_rate):
    return {name: value - learning_rate * grads[f"d{name}"] for name, value in parameters.items()}
""",
    ),
    correct(
        "update_parameters",
        "copies, then -= on the copies",
        """
def update_parameters(parameters, grads, learning_rate):
    new = {k: np.array(v, dtype=float, copy=True) for k, v in parameters.items()}
    for k in new:
        new[k] -= learning_rate * grads["d" + k]
    return new
""",
    ),
    correct(
        "update_parameters",
        "np.subtract and np.multiply",
        """
def update_parameters(parameters, grads, learning_rate):
    out = dict()
    for k in ["b2", "W2", "b1", "W1"]:
        out[k] = np.subtract(parameters[k], np.multiply(float(learning_rate), grads["d" + k]))
    return out
""",
    ),
    # ------------------------------------------------------------------ train_network
    bug(
        "train_network",
        "loss recorded after the update",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
        losses.append(binary_cross_entropy(forward_propagation(X, **p)[0], Y))
    return p, losses
""",
        names=("after the update",),
    ),
    bug(
        "train_network",
        "gradient ascent in an inline update",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    b1, b2 = np.zeros(n_hidden), np.zeros(n_y)
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, W1, b1, W2, b2)
        losses.append(binary_cross_entropy(A2, Y))
        g = backward_propagation(Y, cache, W1, b1, W2, b2)
        W1 = W1 + learning_rate * g["dW1"]
        b1 = b1 + learning_rate * g["db1"]
        W2 = W2 + learning_rate * g["dW2"]
        b2 = b2 + learning_rate * g["db2"]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, losses
""",
        names=("ascent",),
    ),
    bug(
        "train_network",
        "np.random.randn init (ignores the seed)",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    W1 = np.random.randn(n_x, n_hidden) * np.sqrt(2 / n_x)
    W2 = np.random.randn(n_hidden, n_y) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("seed",),
    ),
    bug(
        "train_network",
        "default_rng() without the seed",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng()
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("seed",),
    ),
    bug(
        "train_network",
        "0.01 * standard normal init (seed notes)",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * 0.01
    W2 = rng.standard_normal((n_hidden, n_y)) * 0.01
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("0.01",),
    ),
    bug(
        "train_network",
        "He scale for W2 too",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(2 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("sqrt(1/n_hidden)",),
    ),
    bug(
        "train_network",
        "W2 drawn before W1",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("draw order",),
    ),
    bug(
        "train_network",
        "biases never updated",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    b1, b2 = np.zeros(n_hidden), np.zeros(n_y)
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, W1, b1, W2, b2)
        losses.append(binary_cross_entropy(A2, Y))
        g = backward_propagation(Y, cache, W1, b1, W2, b2)
        W1 = W1 - learning_rate * g["dW1"]
        W2 = W2 - learning_rate * g["dW2"]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, losses
""",
        names=("biases",),
    ),
    bug(
        "train_network",
        "epochs off by one (range(epochs + 1))",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs + 1):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("off by one",),
    ),
    bug(
        "train_network",
        "epochs off by one (range(1, epochs))",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(1, epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("off by one",),
    ),
    bug(
        "train_network",
        "ignores learning_rate (fixed 0.5)",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), 0.5)
    return p, losses
""",
        names=("learning_rate",),
    ),
    bug(
        "train_network",
        "prints even when print_every=0",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
        if epoch % max(print_every, 100) == 0:
            print(f"epoch {epoch}: loss {losses[-1]:.4f}")
    return p, losses
""",
        names=("print",),
    ),
    bug(
        "train_network",
        "result of update_parameters discarded",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("never change",),
    ),
    bug(
        "train_network",
        "zero initial weights",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    p = {"W1": np.zeros((n_x, n_hidden)), "b1": np.zeros(n_hidden)}
    p["W2"], p["b2"] = np.zeros((n_hidden, n_y)), np.zeros(n_y)
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("all zero",),
    ),
    bug(
        "train_network",
        "own loss summed over examples (missing 1/m)",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("1/m",),
    ),
    bug(
        "train_network",
        "own loss with axis=0: losses are 1-element arrays",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2), axis=0))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
    return p, losses
""",
        names=("Python float",),
    ),
    bug(
        "train_network",
        "prints every epoch when print_every > 0",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    p = {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_y)}
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, **p)
        losses.append(binary_cross_entropy(A2, Y))
        p = update_parameters(p, backward_propagation(Y, cache, **p), learning_rate)
        if print_every:
            print(epoch, losses[-1])
    return p, losses
""",
        names=("print_every epochs",),
    ),
    correct(
        "train_network",
        "own einsum forward/backward, naive sigmoid, logaddexp loss, inputs upcast",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    m, n_x = X.shape
    n_y = Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_x, n_hidden)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_hidden, n_y)) * np.sqrt(1 / n_hidden)
    b1, b2 = np.zeros(n_hidden), np.zeros(n_y)
    losses = []
    for epoch in range(epochs):
        Z1 = np.einsum("mi,ih->mh", X, W1) + b1
        A1 = np.maximum(Z1, 0.0)
        Z2 = np.einsum("mh,hy->my", A1, W2) + b2
        A2 = 1.0 / (1.0 + np.exp(-Z2))
        losses.append(float(np.mean(np.sum(np.logaddexp(0.0, Z2) - Y * Z2, axis=1))))
        dZ2 = (A2 - Y) / m
        dW2, db2 = np.einsum("mh,my->hy", A1, dZ2), dZ2.sum(axis=0)
        dZ1 = np.einsum("my,hy->mh", dZ2, W2) * (Z1 > 0)
        dW1, db1 = np.einsum("mi,mh->ih", X, dZ1), dZ1.sum(axis=0)
        W1, b1 = W1 - learning_rate * dW1, b1 - learning_rate * db1
        W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
        if print_every and epoch % print_every == 0:
            print(f"epoch {epoch}: {losses[-1]:.4f}")
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, losses
""",
    ),
    correct(
        "train_network",
        "one draw split into W1 and W2, positional calls, (epoch + 1) printing",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    n_x, n_y = X.shape[1], Y.shape[1]
    draws = np.random.default_rng(seed).standard_normal(n_x * n_hidden + n_hidden * n_y)
    W1 = draws[: n_x * n_hidden].reshape(n_x, n_hidden) * (2 / n_x) ** 0.5
    W2 = draws[n_x * n_hidden :].reshape(n_hidden, n_y) / n_hidden**0.5
    params = dict(W1=W1, b1=np.zeros(n_hidden), W2=W2, b2=np.zeros(n_y))
    losses = []
    for epoch in range(epochs):
        args = (params["W1"], params["b1"], params["W2"], params["b2"])
        A2, cache = forward_propagation(X, *args)
        losses.append(binary_cross_entropy(A2, Y))
        params = update_parameters(params, backward_propagation(Y, cache, *args), learning_rate)
        if print_every > 0 and (epoch + 1) % print_every == 0:
            print("epoch", epoch + 1, "loss", round(losses[-1], 5))
    return params, losses
""",
    ),
    correct(
        "train_network",
        "inline update, rng.normal, loss from own formula",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    m, n_x = X.shape
    n_y = Y.shape[1]
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_x), size=(n_x, n_hidden))
    W2 = rng.normal(0.0, np.sqrt(1.0 / n_hidden), size=(n_hidden, n_y))
    b1 = np.zeros(n_hidden)
    b2 = np.zeros(n_y)
    losses = []
    for epoch in range(epochs):
        A2, cache = forward_propagation(X, W1, b1, W2, b2)
        losses.append(float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))))
        g = backward_propagation(Y, cache, W1, b1, W2, b2)
        W1 = W1 - learning_rate * g["dW1"]
        b1 = b1 - learning_rate * g["db1"]
        W2 = W2 - learning_rate * g["dW2"]
        b2 = b2 - learning_rate * g["db2"]
        if print_every and (epoch + 1) % print_every == 0:
            print("epoch", epoch + 1, "loss", losses[-1])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, losses
""",
    ),
    correct(
        "train_network",
        "losses as a NumPy array, while loop",
        """
def train_network(X, Y, n_hidden, learning_rate=0.5, epochs=2000, print_every=0, seed=0):
    rng = np.random.default_rng(seed)
    n_x, n_y = X.shape[1], Y.shape[1]
    params = {}
    params["W1"] = rng.standard_normal(size=(n_x, n_hidden)) / np.sqrt(n_x / 2)
    params["b1"] = np.zeros((n_hidden,))
    params["W2"] = rng.standard_normal(size=(n_hidden, n_y)) / np.sqrt(n_hidden)
    params["b2"] = np.zeros((n_y,))
    losses = np.zeros(epochs)
    epoch = 0
    while epoch < epochs:
        A2, cache = forward_propagation(X, params["W1"], params["b1"], params["W2"], params["b2"])
        losses[epoch] = binary_cross_entropy(A2, Y)
        grads = backward_propagation(Y, cache, params["W1"], params["b1"], params["W2"], params["b2"])
        params = update_parameters(params, grads, learning_rate)
        if print_every > 0 and epoch % print_every == 0:
            print(f"{epoch}: {losses[epoch]:.5f}")
        epoch += 1
    return params, losses
""",
    ),
    # ------------------------------------------------------------------ predict
    bug(
        "predict",
        "returns the probabilities A2",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, **parameters)
    return A2
""",
        names=("probabilities",),
    ),
    bug(
        "predict",
        "threshold 0.5 applied to the logit Z2",
        """
def predict(parameters, X):
    _, cache = forward_propagation(X, **parameters)
    return (cache["Z2"] > 0.5).astype(float)
""",
        names=("logit",),
    ),
    bug(
        "predict",
        "flat (m,) shape",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, **parameters)
    return (A2[:, 0] >= 0.5).astype(float)
""",
        names=("(m, 1)",),
    ),
    bug(
        "predict",
        "bool array",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, **parameters)
    return A2 >= 0.5
""",
        names=("bool",),
    ),
    bug(
        "predict",
        "inverted labels",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, **parameters)
    return (A2 < 0.5).astype(float)
""",
        names=("inverted",),
    ),
    bug(
        "predict",
        "compares A2 with 0",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, **parameters)
    return (A2 > 0).astype(float)
""",
        names=("compared A2 with 0",),
    ),
    bug(
        "predict",
        "returns a list",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, **parameters)
    return [[1.0 if a >= 0.5 else 0.0] for a in A2[:, 0]]
""",
        names=("NumPy array",),
    ),
    bug(
        "predict",
        "argmax over axis 1 (multi-class habit)",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, **parameters)
    return np.argmax(A2, axis=1)
""",
        names=("(m, 1)", "argmax"),
    ),
    bug(
        "predict",
        "A2.astype(int) truncates",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, **parameters)
    return A2.astype(int)
""",
        names=("truncated",),
    ),
    bug(
        "predict",
        "sigmoid applied to A2 again",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, **parameters)
    return (sigmoid(A2) >= 0.5).astype(float)
""",
        names=("sigmoid twice",),
    ),
    correct(
        "predict",
        "naive sigmoid that overflows (RuntimeWarning), inputs upcast",
        """
def predict(parameters, X):
    X = np.asarray(X, dtype=np.float64)
    Z1 = X @ parameters["W1"] + parameters["b1"]
    Z2 = np.maximum(Z1, 0) @ parameters["W2"] + parameters["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return (A2 >= 0.5) * 1.0
""",
    ),
    correct(
        "predict",
        "np.heaviside of the logit, loop over examples",
        """
def predict(parameters, X):
    out = np.zeros((X.shape[0], 1))
    for i in range(X.shape[0]):
        h = np.maximum(0.0, np.dot(X[i], parameters["W1"]) + parameters["b1"])
        z = np.dot(h, parameters["W2"][:, 0]) + parameters["b2"][0]
        out[i, 0] = np.heaviside(z, 1.0)
    return out
""",
    ),
    correct(
        "predict",
        "own forward pass, Z2 >= 0, integer labels",
        """
def predict(parameters, X):
    Z1 = np.dot(X, parameters["W1"]) + parameters["b1"]
    Z2 = np.dot(np.maximum(Z1, 0), parameters["W2"]) + parameters["b2"]
    return (Z2 >= 0).astype(np.int64)
""",
    ),
    correct(
        "predict",
        "np.where with > 0.5",
        """
def predict(parameters, X):
    A2, _ = forward_propagation(X, parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"])
    return np.where(A2 > 0.5, 1.0, 0.0)
""",
    ),
    correct(
        "predict",
        "np.round of the probabilities",
        """
def predict(parameters, X):
    A2 = forward_propagation(X, **parameters)[0]
    return np.round(A2)
""",
    ),
    # A correct solution whose helpers and globals share names with the tests' helpers:
    # tests and student code live in separate kernels, so neither rebinds the other.
    correct(
        "predict",
        "helpers named like the hidden tests' helpers",
        """
_losses = {"note": "a student's global"}  # named like a hidden-test helper


def _call(parameters, X):  # same name as a hidden-test helper, other arguments
    return forward_propagation(
        X, parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    )[0]


def predict(parameters, X):
    return np.where(_call(parameters, X) >= 0.5, 1.0, 0.0)
""",
    ),
]
