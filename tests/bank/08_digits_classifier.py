"""Buggy and correct implementations for lesson 08 (a digits classifier from modular layers).

Most bugs are made by editing one piece of a correct solution (``_edit``), so that each
variant differs from working code in exactly one place; correct variants are written out
in full, each in another style (loops, einsum, other data structures for the state).
"""

from autograder.authoring.bank import bug, correct


def _edit(base, *pairs):
    """``base`` with each ``old`` replaced by ``new`` (each ``old`` must be there)."""
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in base, old
        base = base.replace(old, new, 1)
    return base


# ---------------------------------------------------------------------- reference solutions

_LINEAR = """
class Linear:
    def __init__(self, n_in, n_out, rng):
        std = np.sqrt(2.0 / n_in)
        self.params = {"W": rng.standard_normal((n_in, n_out)) * std, "b": np.zeros(n_out)}
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}

    def forward(self, X):
        self.X = X
        return X @ self.params["W"] + self.params["b"]

    def backward(self, dOut):
        self.grads["W"] = self.X.T @ dOut
        self.grads["b"] = dOut.sum(axis=0)
        return dOut @ self.params["W"].T
"""

_RELU = """
class ReLU:
    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, X):
        self.positive = X > 0
        return np.where(self.positive, X, 0.0)

    def backward(self, dOut):
        return np.where(self.positive, dOut, 0.0)
"""

_SEQUENTIAL = """
class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, dOut):
        for layer in reversed(self.layers):
            dOut = layer.backward(dOut)
        return dOut

    def params(self):
        return [
            (i, name, array)
            for i, layer in enumerate(self.layers)
            for name, array in layer.params.items()
        ]

    def grads(self):
        return [
            (i, name, layer.grads[name])
            for i, layer in enumerate(self.layers)
            for name in layer.params
        ]
"""

_SOFTMAX = """
def softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(shifted)
    return E / E.sum(axis=1, keepdims=True)
"""

_SCE = """
def softmax_cross_entropy(Z, y):
    m = Z.shape[0]
    rows = np.arange(m)
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -float(log_P[rows, y].mean())
    dZ = np.exp(log_P)
    dZ[rows, y] -= 1.0
    return loss, dZ / m
"""

_CHECK = """
def gradient_check_layer(layer, X, dOut, h=1e-6):
    X = np.array(X, dtype=float)
    layer.forward(X)
    analytic = {"X": np.array(layer.backward(dOut), dtype=float)}
    for name in layer.params:
        analytic[name] = np.array(layer.grads[name], dtype=float)

    def J():
        return float(np.sum(layer.forward(X) * dOut))

    worst = 0.0
    for name, array in {"X": X, **layer.params}.items():
        numeric = np.zeros(array.shape)
        for idx in np.ndindex(array.shape):
            old = array[idx]
            array[idx] = old + h
            plus = J()
            array[idx] = old - h
            minus = J()
            array[idx] = old
            numeric[idx] = (plus - minus) / (2 * h)
        a = analytic[name]
        denominator = np.linalg.norm(a) + np.linalg.norm(numeric)
        if denominator > 0:
            worst = max(worst, float(np.linalg.norm(a - numeric) / denominator))
    return worst
"""

_SGD = """
class SGD:
    def __init__(self, lr, momentum=0.0, weight_decay=0.0):
        self.lr, self.momentum, self.weight_decay = lr, momentum, weight_decay
        self.velocity = {}

    def step(self, params, grads):
        for (i, name, p), (_, _, g) in zip(params, grads, strict=True):
            if name == "W":
                g = g + self.weight_decay * p
            v = self.momentum * self.velocity.get((i, name), 0.0) + g
            self.velocity[(i, name)] = v
            p -= self.lr * v
"""

_ADAM = """
class Adam:
    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.weight_decay = weight_decay
        self.m, self.v, self.t = {}, {}, 0

    def step(self, params, grads):
        self.t += 1
        for (i, name, p), (_, _, g) in zip(params, grads, strict=True):
            if name == "W":
                g = g + self.weight_decay * p
            key = (i, name)
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1**self.t)
            v_hat = self.v[key] / (1 - self.beta2**self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
"""

_TRAIN = """
def train(model, X, y, *, epochs, batch_size, optimizer, seed, X_val=None, y_val=None):
    rng = np.random.default_rng(seed)
    m = X.shape[0]
    history = {"loss": [], "train_acc": [], "val_acc": []}
    for _ in range(epochs):
        order = rng.permutation(m)
        total = 0.0
        for start in range(0, m, batch_size):
            rows = order[start : start + batch_size]
            loss, dZ = softmax_cross_entropy(model.forward(X[rows]), y[rows])
            model.backward(dZ)
            optimizer.step(model.params(), model.grads())
            total += loss * len(rows)
        history["loss"].append(total / m)
        history["train_acc"].append(accuracy(predict(model, X), y))
        if X_val is not None:
            history["val_acc"].append(accuracy(predict(model, X_val), y_val))
    return history
"""

_TRAIN_USES_PREDICT = (
    "train reports its accuracies with the student's predict (the exercise asks for it): "
    "labels of the wrong shape (argmax over axis 0, the probabilities) make "
    "accuracy(predict(model, X), y) raise inside train, which then returns no history to judge"
)
CHARGED_ELSEWHERE = {
    ("predict", "test_train"): _TRAIN_USES_PREDICT,
    ("predict", "hidden_train"): _TRAIN_USES_PREDICT,
}
"""Bugs that also cost points outside their own function's cells, and why."""

VARIANTS = [
    # ------------------------------------------------------------------ Linear
    bug(
        "Linear",
        "1/m in the gradients",
        _edit(
            _LINEAR,
            'self.grads["W"] = self.X.T @ dOut',
            'self.grads["W"] = self.X.T @ dOut / dOut.shape[0]',
            'self.grads["b"] = dOut.sum(axis=0)',
            'self.grads["b"] = dOut.mean(axis=0)',
        ),
        names=("1/m",),
    ),
    bug(
        "Linear",
        "db as the mean",
        _edit(_LINEAR, 'self.grads["b"] = dOut.sum(axis=0)', 'self.grads["b"] = dOut.mean(axis=0)'),
        names=("the mean over the examples",),
    ),
    bug(
        "Linear",
        "caches the output instead of the input",
        _edit(
            _LINEAR,
            """        self.X = X
        return X @ self.params["W"] + self.params["b"]""",
            """        self.Y = X @ self.params["W"] + self.params["b"]
        return self.Y""",
            'self.grads["W"] = self.X.T @ dOut',
            'self.grads["W"] = self.Y.T @ dOut',
        ),
        names=("caches the output", "holds the output", "not its output"),
    ),
    bug(
        "Linear",
        "forward reads copies made in __init__",
        """
class Linear:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        self.b = np.zeros(n_out)
        self.params = {"W": self.W.copy(), "b": self.b.copy()}
        self.grads = {"W": np.zeros_like(self.W), "b": np.zeros_like(self.b)}

    def forward(self, X):
        self.X = X
        return X @ self.W + self.b

    def backward(self, dOut):
        self.grads["W"] = self.X.T @ dOut
        self.grads["b"] = dOut.sum(axis=0)
        return dOut @ self.W.T
""",
        names=("copies",),
    ),
    bug(
        "Linear",
        "He std sqrt(1/n_in) (xavier)",
        _edit(_LINEAR, "std = np.sqrt(2.0 / n_in)", "std = np.sqrt(1.0 / n_in)"),
        names=("xavier",),
    ),
    bug(
        "Linear",
        "He std sqrt(2/n_out)",
        _edit(_LINEAR, "std = np.sqrt(2.0 / n_in)", "std = np.sqrt(2.0 / n_out)"),
        names=("fan-in",),
    ),
    bug(
        "Linear",
        "draws (n_out, n_in) and transposes",
        _edit(
            _LINEAR,
            "rng.standard_normal((n_in, n_out)) * std",
            "rng.standard_normal((n_out, n_in)).T * std",
        ),
        names=("transposed",),
    ),
    bug(
        "Linear",
        "backward updates the parameters",
        _edit(
            _LINEAR,
            '        return dOut @ self.params["W"].T',
            """        dX = dOut @ self.params["W"].T
        self.params["W"] -= 0.01 * self.grads["W"]
        self.params["b"] -= 0.01 * self.grads["b"]
        return dX""",
        ),
        names=("never updates",),
    ),
    bug(
        "Linear",
        "dX = dOut @ W (no transpose)",
        _edit(_LINEAR, 'return dOut @ self.params["W"].T', 'return dOut @ self.params["W"]'),
        names=("W.T", "transpose"),
    ),
    bug(
        "Linear",
        "cache kept from the first forward",
        _edit(
            _LINEAR,
            "        self.X = X\n",
            '        if not hasattr(self, "X"):\n            self.X = X\n',
        ),
        names=("last forward",),
    ),
    bug(
        "Linear",
        "grads under keys dW and db",
        _edit(
            _LINEAR,
            "self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}",
            'self.grads = {"d" + name: np.zeros_like(value) for name, value in self.params.items()}',
            'self.grads["W"] = self.X.T @ dOut',
            'self.grads["dW"] = self.X.T @ dOut',
            'self.grads["b"] = dOut.sum(axis=0)',
            'self.grads["db"] = dOut.sum(axis=0)',
        ),
        names=("missing keys", "keys"),
    ),
    bug(
        "Linear",
        "bias of shape (1, n_out)",
        _edit(
            _LINEAR,
            '"b": np.zeros(n_out)}',
            '"b": np.zeros((1, n_out))}',
            'self.grads["b"] = dOut.sum(axis=0)',
            'self.grads["b"] = dOut.sum(axis=0, keepdims=True)',
        ),
        names=("extra axis",),
    ),
    correct(
        "Linear",
        "einsum, rng.normal(0, std, size)",
        """
class Linear:
    def __init__(self, n_in, n_out, rng):
        W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        self.params = {"W": W, "b": np.zeros(n_out)}
        self.grads = {"W": np.zeros((n_in, n_out)), "b": np.zeros(n_out)}

    def forward(self, X):
        self.cache = X
        return np.einsum("mi,io->mo", X, self.params["W"]) + self.params["b"]

    def backward(self, dOut):
        X = self.cache
        self.grads["W"] = np.einsum("mi,mo->io", X, dOut)
        self.grads["b"] = np.einsum("mo->o", dOut)
        return np.einsum("mo,io->mi", dOut, self.params["W"])
""",
    ),
    correct(
        "Linear",
        "loops over the examples, attributes aliasing params",
        """
class Linear:
    def __init__(self, n_in, n_out, rng):
        self.W = rng.standard_normal(size=(n_in, n_out)) / np.sqrt(n_in / 2.0)
        self.b = np.zeros(n_out)
        self.params = {"W": self.W, "b": self.b}  # the same arrays, not copies
        self.grads = {"W": np.zeros_like(self.W), "b": np.zeros_like(self.b)}

    def forward(self, X):
        self.X_in = X
        return np.dot(X, self.W) + self.b

    def backward(self, dOut):
        dW = np.zeros(self.W.shape)
        db = np.zeros(self.b.shape)
        for x, d in zip(self.X_in, dOut):
            dW += np.outer(x, d)
            db += d
        self.grads["W"], self.grads["b"] = dW, db
        return np.dot(dOut, self.W.T)
""",
    ),
    correct(
        "Linear",
        "gradients written into the grads arrays, cache as a float copy",
        """
class Linear:
    def __init__(self, n_in, n_out, rng):
        scale = (2.0 / n_in) ** 0.5
        self.params = {}
        self.params["W"] = scale * rng.standard_normal((n_in, n_out))
        self.params["b"] = np.zeros((n_out,))
        self.grads = {"W": np.empty((n_in, n_out)), "b": np.empty((n_out,))}

    def forward(self, X):
        self.X = np.array(X, dtype=float)
        W, b = self.params["W"], self.params["b"]
        return np.matmul(self.X, W) + b[None, :]

    def backward(self, dOut):
        self.grads["W"][...] = np.matmul(self.X.T, dOut)
        self.grads["b"][...] = np.sum(dOut, axis=0)
        return (self.params["W"] @ dOut.T).T
""",
    ),
    # ------------------------------------------------------------------ ReLU
    bug(
        "ReLU",
        "slope 1 at 0 (X >= 0)",
        _edit(_RELU, "self.positive = X > 0", "self.positive = X >= 0"),
        names=("slope 1 at exactly 0",),
    ),
    bug(
        "ReLU",
        "backward returns the mask alone",
        _edit(_RELU, "return np.where(self.positive, dOut, 0.0)", "return self.positive * 1.0"),
        names=("mask",),
    ),
    bug(
        "ReLU",
        "mask taken from dOut",
        _edit(
            _RELU,
            "return np.where(self.positive, dOut, 0.0)",
            "return np.where(dOut > 0, dOut, 0.0)",
        ),
        names=("mask taken from dOut",),
    ),
    bug(
        "ReLU",
        "forward clips X in place",
        """
class ReLU:
    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, X):
        self.positive = X > 0
        return np.maximum(X, 0.0, out=X)

    def backward(self, dOut):
        return dOut * self.positive
""",
        names=("in place",),
    ),
    bug(
        "ReLU",
        "cache kept from the first forward",
        _edit(
            _RELU,
            "        self.positive = X > 0\n",
            '        if not hasattr(self, "positive"):\n            self.positive = X > 0\n',
            "return np.where(self.positive, X, 0.0)",
            "return np.maximum(X, 0.0)",
        ),
        names=("first input",),
    ),
    bug(
        "ReLU",
        "params and grads as empty lists",
        _edit(_RELU, "self.params, self.grads = {}, {}", "self.params, self.grads = [], []"),
        names=("empty dicts",),
    ),
    bug(
        "ReLU",
        "backward multiplies by the output",
        """
class ReLU:
    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, X):
        self.Y = np.maximum(X, 0.0)
        return self.Y

    def backward(self, dOut):
        return dOut * self.Y
""",
        names=("the slope", "0/1"),
    ),
    correct(
        "ReLU",
        "np.maximum, cache the input",
        """
class ReLU:
    def __init__(self):
        self.params = dict()
        self.grads = dict()

    def forward(self, X):
        self.X = X
        return np.maximum(X, 0)

    def backward(self, dOut):
        return dOut * (self.X > 0)
""",
    ),
    correct(
        "ReLU",
        "X * (X > 0), np.heaviside",
        """
class ReLU:
    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, X):
        self.X = X.copy()
        return X * (X > 0)

    def backward(self, dOut):
        return dOut * np.heaviside(self.X, 0.0)
""",
    ),
    correct(
        "ReLU",
        "np.clip, zeroing a copy of dOut",
        """
class ReLU:
    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, X):
        self.off = X <= 0
        return np.clip(X, 0.0, None)

    def backward(self, dOut):
        dX = np.array(dOut, dtype=float)
        dX[self.off] = 0.0
        return dX
""",
    ),
    # ------------------------------------------------------------------ Sequential
    bug(
        "Sequential",
        "backward in forward order",
        _edit(_SEQUENTIAL, "for layer in reversed(self.layers):", "for layer in self.layers:"),
        names=("last to first", "reverse"),
    ),
    bug(
        "Sequential",
        "forward in reverse order",
        _edit(
            _SEQUENTIAL,
            "        for layer in self.layers:\n            X = layer.forward(X)",
            "        for layer in reversed(self.layers):\n            X = layer.forward(X)",
        ),
        names=("last to first",),
    ),
    bug(
        "Sequential",
        "params() and grads() as (name, array) pairs",
        _edit(
            _SEQUENTIAL,
            "            (i, name, array)\n",
            "            (name, array)\n",
            "            (i, name, layer.grads[name])\n",
            "            (name, layer.grads[name])\n",
        ),
        names=("triples", "(layer_index, name, array)"),
    ),
    bug(
        "Sequential",
        "indices count only layers with parameters",
        """
class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, dOut):
        for layer in reversed(self.layers):
            dOut = layer.backward(dOut)
        return dOut

    def _items(self, source):
        out, k = [], 0
        for layer in self.layers:
            if layer.params:
                out += [(k, name, getattr(layer, source)[name]) for name in layer.params]
                k += 1
        return out

    def params(self):
        return self._items("params")

    def grads(self):
        return self._items("grads")
""",
        names=("enumerate over all layers",),
    ),
    bug(
        "Sequential",
        "params() returns copies",
        _edit(
            _SEQUENTIAL, "            (i, name, array)\n", "            (i, name, array.copy())\n"
        ),
        names=("copies",),
    ),
    bug(
        "Sequential",
        "grads() lists the parameter arrays",
        _edit(_SEQUENTIAL, "(i, name, layer.grads[name])", "(i, name, layer.params[name])"),
        names=("grads[name]", "gradients, not the parameters", "lists the parameter arrays"),
    ),
    bug(
        "Sequential",
        "forward returns its input",
        _edit(
            _SEQUENTIAL,
            "        for layer in self.layers:\n            X = layer.forward(X)\n        return X",
            "        for layer in self.layers:\n            layer.forward(X)\n        return X",
        ),
        names=("output of the last layer", "previous layer's output"),
    ),
    bug(
        "Sequential",
        "backward returns nothing",
        _edit(
            _SEQUENTIAL,
            "            dOut = layer.backward(dOut)\n        return dOut",
            "            dOut = layer.backward(dOut)",
        ),
        names=("missing return",),
    ),
    bug(
        "Sequential",
        "layer indices as NumPy integers",
        _edit(
            _SEQUENTIAL,
            "for i, layer in enumerate(self.layers)\n            for name, array",
            "for i, layer in zip(np.arange(len(self.layers)), self.layers)\n            for name, array",
            "for i, layer in enumerate(self.layers)\n            for name in layer.params",
            "for i, layer in zip(np.arange(len(self.layers)), self.layers)\n            for name in layer.params",
        ),
        names=("must be an int",),
    ),
    bug(
        "Sequential",
        "params() a generator",
        _edit(
            _SEQUENTIAL,
            """        return [
            (i, name, array)
            for i, layer in enumerate(self.layers)
            for name, array in layer.params.items()
        ]""",
            """        for i, layer in enumerate(self.layers):
            for name, array in layer.params.items():
                yield i, name, array""",
        ),
        names=("must return a list",),
    ),
    correct(
        "Sequential",
        "index loops, backward over a reversed slice",
        """
class Sequential:
    def __init__(self, *layers):
        self.layers = [layer for layer in layers]

    def forward(self, X):
        out = X
        for k in range(len(self.layers)):
            out = self.layers[k].forward(out)
        return out

    def backward(self, dOut):
        grad = dOut
        for layer in self.layers[::-1]:
            grad = layer.backward(grad)
        return grad

    def params(self):
        items = []
        for k in range(len(self.layers)):
            for name in self.layers[k].params:
                items.append((k, name, self.layers[k].params[name]))
        return items

    def grads(self):
        items = []
        for k in range(len(self.layers)):
            for name in self.layers[k].params:
                items.append((k, name, self.layers[k].grads[name]))
        return items
""",
    ),
    correct(
        "Sequential",
        "functools.reduce, one helper for both lists",
        """
import functools


class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, X):
        return functools.reduce(lambda A, layer: layer.forward(A), self.layers, X)

    def backward(self, dOut):
        return functools.reduce(lambda G, layer: layer.backward(G), reversed(self.layers), dOut)

    def _list(self, attribute):
        return [
            (index, name, getattr(layer, attribute)[name])
            for index, layer in enumerate(self.layers)
            for name in layer.params.keys()
        ]

    def params(self):
        return self._list("params")

    def grads(self):
        return self._list("grads")
""",
    ),
    correct(
        "Sequential",
        "extend, grads paired through params",
        """
class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, dOut):
        i = len(self.layers)
        while i > 0:
            i -= 1
            dOut = self.layers[i].backward(dOut)
        return dOut

    def params(self):
        out = []
        for i, layer in enumerate(self.layers):
            out.extend((i, name, layer.params[name]) for name in layer.params)
        return out

    def grads(self):
        return [(i, name, self.layers[i].grads[name]) for i, name, _ in self.params()]
""",
    ),
    # ------------------------------------------------------------------ softmax
    bug(
        "softmax",
        "no max subtraction (overflow)",
        """
def softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
""",
        names=("overflow",),
    ),
    bug(
        "softmax",
        "normalised over axis 0",
        _edit(
            _SOFTMAX,
            "Z.max(axis=1, keepdims=True)",
            "Z.max(axis=0, keepdims=True)",
            "E.sum(axis=1, keepdims=True)",
            "E.sum(axis=0, keepdims=True)",
        ),
        names=("wrong axis",),
    ),
    bug(
        "softmax",
        "global max instead of each row's (whole rows underflow)",
        _edit(_SOFTMAX, "Z.max(axis=1, keepdims=True)", "Z.max()"),
        names=("row's max", "each row", "underflow", "global max"),
    ),
    bug(
        "softmax",
        "keepdims missing",
        """
def softmax(Z):
    E = np.exp(Z - Z.max(axis=1))
    return E / E.sum(axis=1)
""",
        names=("keepdims",),
    ),
    bug(
        "softmax",
        "shifts Z in place",
        """
def softmax(Z):
    Z -= Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
""",
        names=("in place",),
    ),
    bug(
        "softmax",
        "divides by the sum of the whole matrix",
        _edit(_SOFTMAX, "E / E.sum(axis=1, keepdims=True)", "E / E.sum()"),
        names=("each row", "sum to 1"),
    ),
    correct(
        "softmax",
        "a loop over the rows",
        """
def softmax(Z):
    P = np.empty(Z.shape)
    for i, z in enumerate(Z):
        e = np.exp(z - np.max(z))
        P[i] = e / np.sum(e)
    return P
""",
    ),
    correct(
        "softmax",
        "exp of Z minus its log-sum-exp",
        """
def softmax(Z):
    M = np.amax(Z, axis=1, keepdims=True)
    lse = M + np.log(np.sum(np.exp(Z - M), axis=1, keepdims=True))
    return np.exp(Z - lse)
""",
    ),
    correct(
        "softmax",
        "on the transpose, dividing in place a new array",
        """
def softmax(Z):
    T = Z.T - Z.T.max(axis=0)
    E = np.exp(T)
    E /= E.sum(axis=0)
    return E.T.copy()
""",
    ),
    # ------------------------------------------------------------------ softmax_cross_entropy
    bug(
        "softmax_cross_entropy",
        "dZ without the 1/m",
        _edit(_SCE, "return loss, dZ / m", "return loss, dZ"),
        names=("1/m",),
    ),
    bug(
        "softmax_cross_entropy",
        "loss summed, not averaged",
        _edit(_SCE, "loss = -float(log_P[rows, y].mean())", "loss = -float(log_P[rows, y].sum())"),
        names=("their mean",),
    ),
    bug(
        "softmax_cross_entropy",
        "loss averaged twice (divided by m twice)",
        _edit(
            _SCE,
            "loss = -float(log_P[rows, y].mean())",
            "loss = -float(log_P[rows, y].mean()) / m",
        ),
        names=("averaged twice",),
    ),
    bug(
        "softmax_cross_entropy",
        "dZ divided by m twice",
        _edit(_SCE, "return loss, dZ / m", "return loss, dZ / m / m"),
        names=("divided by m",),
    ),
    bug(
        "softmax_cross_entropy",
        "log of the softmax (inf for confident mistakes)",
        """
def softmax_cross_entropy(Z, y):
    m = Z.shape[0]
    P = softmax(Z)
    loss = -float(np.mean(np.log(P[np.arange(m), y])))
    dZ = P.copy()
    dZ[np.arange(m), y] -= 1.0
    return loss, dZ / m
""",
        names=("log of 0", "log-sum-exp"),
    ),
    bug(
        "softmax_cross_entropy",
        "log-sum-exp without the max (overflow)",
        """
def softmax_cross_entropy(Z, y):
    m = Z.shape[0]
    rows = np.arange(m)
    lse = np.log(np.exp(Z).sum(axis=1))
    loss = float(np.mean(lse - Z[rows, y]))
    dZ = softmax(Z)
    dZ[rows, y] -= 1.0
    return loss, dZ / m
""",
        names=("overflow",),
    ),
    bug(
        "softmax_cross_entropy",
        "dZ = (Y - P) / m, the sign flipped",
        _edit(
            _SCE,
            "    dZ[rows, y] -= 1.0\n    return loss, dZ / m",
            "    dZ[rows, y] -= 1.0\n    return loss, -dZ / m",
        ),
        names=("sign",),
    ),
    bug(
        "softmax_cross_entropy",
        "dZ = P / m, one-hot forgotten",
        _edit(_SCE, "    dZ[rows, y] -= 1.0\n", ""),
        names=("one-hot",),
    ),
    bug(
        "softmax_cross_entropy",
        "one-hot by columns Y[:, y] = 1",
        """
def softmax_cross_entropy(Z, y):
    m = Z.shape[0]
    rows = np.arange(m)
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -float(log_P[rows, y].mean())
    Y = np.zeros_like(Z)
    Y[:, y] = 1.0
    return loss, (np.exp(log_P) - Y) / m
""",
        names=("one-hot",),
    ),
    bug(
        "softmax_cross_entropy",
        "loss from log_P[:, y] (every row with every label)",
        _edit(_SCE, "loss = -float(log_P[rows, y].mean())", "loss = -float(log_P[:, y].mean())"),
        names=("own label", "log_P[np.arange(m), y]"),
    ),
    bug(
        "softmax_cross_entropy",
        "shifts Z in place",
        _edit(
            _SCE,
            "    shifted = Z - Z.max(axis=1, keepdims=True)\n",
            "    Z -= Z.max(axis=1, keepdims=True)\n    shifted = Z\n",
        ),
        names=("in place",),
    ),
    correct(
        "softmax_cross_entropy",
        "np.eye one-hot, logaddexp.reduce, built on softmax",
        """
def softmax_cross_entropy(Z, y):
    m, k = Z.shape
    Y = np.eye(k)[y]
    lse = np.logaddexp.reduce(Z, axis=1)
    loss = float(np.mean(lse - np.sum(Z * Y, axis=1)))
    dZ = (softmax(Z) - Y) / m
    return loss, dZ
""",
    ),
    correct(
        "softmax_cross_entropy",
        "a loop over the examples",
        """
def softmax_cross_entropy(Z, y):
    m = len(Z)
    total = 0.0
    dZ = np.zeros(Z.shape)
    for i in range(m):
        z = Z[i]
        M = z.max()
        s = np.exp(z - M).sum()
        total += M + np.log(s) - z[y[i]]
        dZ[i] = np.exp(z - M) / s
        dZ[i, y[i]] -= 1.0
    return total / m, dZ / m
""",
    ),
    correct(
        "softmax_cross_entropy",
        "LSE - z_y with a boolean one-hot mask",
        """
def softmax_cross_entropy(Z, y):
    m = Z.shape[0]
    M = Z.max(axis=1)
    E = np.exp(Z - M[:, None])
    S = E.sum(axis=1)
    onehot = np.arange(Z.shape[1])[None, :] == np.asarray(y)[:, None]
    loss = np.mean(M + np.log(S) - Z[onehot])
    dZ = (E / S[:, None] - onehot) * (1.0 / m)
    return float(loss), dZ
""",
    ),
    # ------------------------------------------------------------------ gradient_check_layer
    bug(
        "gradient_check_layer",
        "one-sided differences",
        _edit(
            _CHECK,
            "            array[idx] = old - h\n            minus = J()",
            "            array[idx] = old\n            minus = J()",
            "(plus - minus) / (2 * h)",
            "(plus - minus) / h",
        ),
        names=("one-sided",),
    ),
    bug(
        "gradient_check_layer",
        "J ignores dOut (J = sum(Y))",
        _edit(_CHECK, "np.sum(layer.forward(X) * dOut)", "np.sum(layer.forward(X))"),
        names=("ignores dOut", "sum(forward(X) * dOut)"),
    ),
    bug(
        "gradient_check_layer",
        "checks only dX",
        _edit(
            _CHECK,
            'for name, array in {"X": X, **layer.params}.items():',
            'for name, array in {"X": X}.items():',
        ),
        names=("only dX", "every grads[name]"),
    ),
    bug(
        "gradient_check_layer",
        "entries not restored",
        _edit(
            _CHECK,
            "            minus = J()\n            array[idx] = old\n",
            "            minus = J()\n",
        ),
        names=("restore",),
    ),
    bug(
        "gradient_check_layer",
        "restores by += h, -= 2h, += h (rounding)",
        _edit(
            _CHECK,
            """            old = array[idx]
            array[idx] = old + h
            plus = J()
            array[idx] = old - h
            minus = J()
            array[idx] = old
""",
            """            array[idx] += h
            plus = J()
            array[idx] -= 2 * h
            minus = J()
            array[idx] += h
""",
        ),
        names=("restore",),
    ),
    bug(
        "gradient_check_layer",
        "perturbs the caller's X, restoring by arithmetic",
        _edit(
            _CHECK,
            "    X = np.array(X, dtype=float)\n",
            "",
            """            old = array[idx]
            array[idx] = old + h
            plus = J()
            array[idx] = old - h
            minus = J()
            array[idx] = old
""",
            """            array[idx] += h
            plus = J()
            array[idx] -= 2 * h
            minus = J()
            array[idx] += h
""",
        ),
        names=("in place",),
    ),
    bug(
        "gradient_check_layer",
        "relative error as the max absolute difference",
        _edit(
            _CHECK,
            """        denominator = np.linalg.norm(a) + np.linalg.norm(numeric)
        if denominator > 0:
            worst = max(worst, float(np.linalg.norm(a - numeric) / denominator))""",
            """        worst = max(worst, float(np.max(np.abs(a - numeric))))""",
        ),
        names=("||a - n|| / (||a|| + ||n||)", "lesson 03's relative error"),
    ),
    bug(
        "gradient_check_layer",
        "analytic gradients read after the numerical loop (stale cache)",
        """
def gradient_check_layer(layer, X, dOut, h=1e-6):
    X = np.array(X, dtype=float)
    layer.forward(X)

    def J():
        return float(np.sum(layer.forward(X) * dOut))

    numerics = {}
    for name, array in {"X": X, **layer.params}.items():
        numeric = np.zeros(array.shape)
        for idx in np.ndindex(array.shape):
            old = array[idx]
            array[idx] = old + h
            plus = J()
            array[idx] = old - h
            minus = J()
            array[idx] = old
            numeric[idx] = (plus - minus) / (2 * h)
        numerics[name] = numeric
    analytic = {"X": np.array(layer.backward(dOut), dtype=float)}
    for name in layer.params:
        analytic[name] = np.array(layer.grads[name], dtype=float)
    worst = 0.0
    for name, numeric in numerics.items():
        a = analytic[name]
        denominator = np.linalg.norm(a) + np.linalg.norm(numeric)
        if denominator > 0:
            worst = max(worst, float(np.linalg.norm(a - numeric) / denominator))
    return worst
""",
        names=("stale", "cache"),
    ),
    bug(
        "gradient_check_layer",
        "perturbs copies of the parameters",
        _edit(
            _CHECK,
            'for name, array in {"X": X, **layer.params}.items():',
            'for name, array in {"X": X, **{k: v.copy() for k, v in layer.params.items()}}.items():',
        ),
        names=("in place", "the arrays forward reads"),
    ),
    correct(
        "gradient_check_layer",
        "CS231n's np.nditer, norms by hand",
        """
def gradient_check_layer(layer, X, dOut, h=1e-6):
    x = X.astype(float, copy=True)
    layer.forward(x)
    dx = layer.backward(dOut).copy()
    analytic = [("X", x, dx)] + [
        (name, layer.params[name], layer.grads[name].copy()) for name in layer.params
    ]
    errors = []
    for _, array, grad in analytic:
        num = np.zeros_like(array, dtype=float)
        it = np.nditer(array, flags=["multi_index"], op_flags=["readwrite"])
        while not it.finished:
            ix = it.multi_index
            oldval = array[ix]
            array[ix] = oldval + h
            pos = np.sum(layer.forward(x) * dOut)
            array[ix] = oldval - h
            neg = np.sum(layer.forward(x) * dOut)
            array[ix] = oldval
            num[ix] = (pos - neg) / (2 * h)
            it.iternext()
        top = np.sqrt(np.sum((grad - num) ** 2))
        bottom = np.sqrt(np.sum(grad**2)) + np.sqrt(np.sum(num**2))
        errors.append(0.0 if bottom == 0 else top / bottom)
    return float(max(errors))
""",
    ),
    correct(
        "gradient_check_layer",
        "flat indices, np.vdot, X used without a copy and restored exactly",
        """
def _numerical_gradient(f, array, h):
    grad = np.zeros(array.size)
    for k in range(array.size):
        keep = array.flat[k]
        array.flat[k] = keep + h
        up = f()
        array.flat[k] = keep - h
        down = f()
        array.flat[k] = keep
        grad[k] = (up - down) / (2.0 * h)
    return grad.reshape(array.shape)


def _relative_error(a, n):
    den = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if den == 0 else np.linalg.norm(a - n) / den


def gradient_check_layer(layer, X, dOut, h=1e-6):
    X = np.asarray(X, dtype=float)  # every entry is put back exactly below
    layer.forward(X)
    dX = np.copy(layer.backward(dOut))
    kept = {name: np.copy(layer.grads[name]) for name in layer.params}

    def J():
        return np.vdot(layer.forward(X), dOut)

    worst = _relative_error(dX, _numerical_gradient(J, X, h))
    for name, array in layer.params.items():
        worst = max(worst, _relative_error(kept[name], _numerical_gradient(J, array, h)))
    return float(worst)
""",
    ),
    correct(
        "gradient_check_layer",
        "numerical loop first, then a fresh forward and backward",
        """
def gradient_check_layer(layer, X, dOut, h=1e-6):
    X = X.copy()
    arrays = {"X": X}
    arrays.update(layer.params)
    numeric = {}
    for name, array in arrays.items():
        numeric[name] = np.zeros(array.shape)
        for idx in np.ndindex(*array.shape):
            saved = array[idx].copy()
            array[idx] = saved + h
            j_plus = np.einsum("ij,ij->", layer.forward(X), dOut)
            array[idx] = saved - h
            j_minus = np.einsum("ij,ij->", layer.forward(X), dOut)
            array[idx] = saved
            numeric[name][idx] = (j_plus - j_minus) / (2 * h)
    layer.forward(X)
    analytic = {"X": layer.backward(dOut)}
    analytic.update({name: layer.grads[name] for name in layer.params})
    errors = [0.0]
    for name in arrays:
        a, n = analytic[name], numeric[name]
        if np.any(a) or np.any(n):
            errors.append(np.linalg.norm(a - n) / (np.linalg.norm(a) + np.linalg.norm(n)))
    return float(np.max(errors))
""",
    ),
    # ------------------------------------------------------------------ SGD
    bug(
        "SGD",
        "exponential-average momentum v = mu v + (1 - mu) g",
        _edit(
            _SGD,
            "v = self.momentum * self.velocity.get((i, name), 0.0) + g",
            "v = self.momentum * self.velocity.get((i, name), 0.0) + (1 - self.momentum) * g",
        ),
        names=("exponential-average",),
    ),
    bug(
        "SGD",
        "velocity keyed by name only",
        _edit(
            _SGD,
            "v = self.momentum * self.velocity.get((i, name), 0.0) + g\n            self.velocity[(i, name)] = v",
            "v = self.momentum * self.velocity.get(name, 0.0) + g\n            self.velocity[name] = v",
        ),
        names=("(layer_index, name)", "layer index"),
    ),
    bug(
        "SGD",
        "weight decay on the biases too",
        _edit(
            _SGD,
            '            if name == "W":\n                g = g + self.weight_decay * p',
            "            g = g + self.weight_decay * p",
        ),
        names=("bias too", "biases too"),
    ),
    bug(
        "SGD",
        "p = p - lr * v (not in place)",
        _edit(_SGD, "p -= self.lr * v", "p = p - self.lr * v"),
        names=("in place",),
    ),
    bug(
        "SGD",
        "velocity a class attribute shared by every SGD",
        _edit(
            _SGD,
            "class SGD:\n",
            "class SGD:\n    velocity = {}\n\n",
            "        self.velocity = {}\n",
            "",
        ),
        names=("separate",),
    ),
    bug(
        "SGD",
        "weight decay with the wrong sign",
        _edit(_SGD, "g = g + self.weight_decay * p", "g = g - self.weight_decay * p"),
        names=("sign",),
    ),
    bug(
        "SGD",
        "velocity never stored (no momentum)",
        _edit(_SGD, "            self.velocity[(i, name)] = v\n", ""),
        names=("no momentum",),
    ),
    bug(
        "SGD",
        "steps with the old velocity, then updates it",
        _edit(
            _SGD,
            """            v = self.momentum * self.velocity.get((i, name), 0.0) + g
            self.velocity[(i, name)] = v
            p -= self.lr * v""",
            """            v = self.velocity.get((i, name), np.zeros_like(p))
            p -= self.lr * v
            self.velocity[(i, name)] = self.momentum * v + g""",
        ),
        names=("velocity", "order"),
    ),
    bug(
        "SGD",
        "weight decay added to the caller's gradient in place",
        _edit(_SGD, "g = g + self.weight_decay * p", "g += self.weight_decay * p"),
        names=("modified its argument grads",),
    ),
    correct(
        "SGD",
        "CS231n's form v = mu v - lr g, p += v",
        """
class SGD:
    def __init__(self, lr, momentum=0.0, weight_decay=0.0):
        self.lr = lr
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.v = {}

    def step(self, params, grads):
        for (layer, name, p), (_, _, g) in zip(params, grads):
            key = (layer, name)
            if key not in self.v:
                self.v[key] = np.zeros_like(p)
            if name == "W" and self.weight_decay:
                g = g + self.weight_decay * p
            self.v[key] = self.momentum * self.v[key] - self.lr * g
            p += self.v[key]
""",
    ),
    correct(
        "SGD",
        "nested dicts, np.subtract(out=p)",
        """
class SGD:
    def __init__(self, lr, momentum=0.0, weight_decay=0.0):
        self.lr, self.mu, self.wd = lr, momentum, weight_decay
        self.state = {}

    def step(self, params, grads):
        for k in range(len(params)):
            i, name, p = params[k]
            g = grads[k][2]
            g_total = g + self.wd * p if name == "W" else g
            layer_state = self.state.setdefault(i, {})
            v = layer_state.get(name)
            v = g_total.copy() if v is None else self.mu * v + g_total
            layer_state[name] = v
            np.subtract(p, self.lr * v, out=p)
""",
    ),
    correct(
        "SGD",
        "string keys, p[...] = p - lr v",
        """
class SGD:
    def __init__(self, lr, momentum=0.0, weight_decay=0.0):
        self.lr = float(lr)
        self.momentum = float(momentum)
        self.weight_decay = float(weight_decay)
        self.velocity = {}

    def step(self, params, grads):
        for (i, name, p), (j, name_g, g) in zip(params, grads):
            assert (i, name) == (j, name_g)
            key = f"{i}/{name}"
            decay = self.weight_decay * p if name == "W" else 0.0
            old = self.velocity.get(key, np.zeros(p.shape))
            self.velocity[key] = self.momentum * old + (g + decay)
            p[...] = p - self.lr * self.velocity[key]
""",
    ),
    # ------------------------------------------------------------------ Adam
    bug(
        "Adam",
        "no bias correction",
        _edit(
            _ADAM,
            "m_hat = self.m[key] / (1 - self.beta1**self.t)",
            "m_hat = self.m[key]",
            "v_hat = self.v[key] / (1 - self.beta2**self.t)",
            "v_hat = self.v[key]",
        ),
        names=("bias correction",),
    ),
    bug(
        "Adam",
        "t incremented per parameter",
        _edit(
            _ADAM,
            "        self.t += 1\n        for (i, name, p), (_, _, g) in zip(params, grads, strict=True):\n",
            "        for (i, name, p), (_, _, g) in zip(params, grads, strict=True):\n            self.t += 1\n",
        ),
        names=("once per parameter",),
    ),
    bug(
        "Adam",
        "eps inside the square root",
        _edit(_ADAM, "(np.sqrt(v_hat) + self.eps)", "np.sqrt(v_hat + self.eps)"),
        names=("inside the square root",),
    ),
    bug(
        "Adam",
        "v averages |g|",
        _edit(_ADAM, "(1 - self.beta2) * g * g", "(1 - self.beta2) * np.abs(g)"),
        names=("|g|",),
    ),
    bug(
        "Adam",
        "betas swapped",
        _edit(
            _ADAM,
            "self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps",
            "self.lr, self.beta1, self.beta2, self.eps = lr, beta2, beta1, eps",
        ),
        names=("swapped",),
    ),
    bug(
        "Adam",
        "weight decay on the biases too",
        _edit(
            _ADAM,
            '            if name == "W":\n                g = g + self.weight_decay * p',
            "            g = g + self.weight_decay * p",
        ),
        names=("biases too",),
    ),
    bug(
        "Adam",
        "moments class attributes shared by every Adam",
        _edit(
            _ADAM,
            "class Adam:\n",
            "class Adam:\n    m, v = {}, {}\n\n",
            "        self.m, self.v, self.t = {}, {}, 0\n",
            "        self.t = 0\n",
        ),
        names=("separate",),
    ),
    bug(
        "Adam",
        "p = p - ... (not in place)",
        _edit(
            _ADAM,
            "p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)",
            "p = p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)",
        ),
        names=("in place",),
    ),
    bug(
        "Adam",
        "t incremented after the update (t = 0 on the first step)",
        _edit(
            _ADAM,
            "        self.t += 1\n        for",
            "        for",
            "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
            "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n        self.t += 1\n",
        ),
        names=("division by zero", "t = 1"),
    ),
    bug(
        "Adam",
        "bias-corrected moments stored back",
        _edit(
            _ADAM,
            """            m_hat = self.m[key] / (1 - self.beta1**self.t)
            v_hat = self.v[key] / (1 - self.beta2**self.t)""",
            """            self.m[key] = self.m[key] / (1 - self.beta1**self.t)
            self.v[key] = self.v[key] / (1 - self.beta2**self.t)
            m_hat, v_hat = self.m[key], self.v[key]""",
        ),
        names=("m_hat", "stored"),
    ),
    bug(
        "Adam",
        "weight decay added to the caller's gradient in place",
        _edit(_ADAM, "g = g + self.weight_decay * p", "g += self.weight_decay * p"),
        names=("modified its argument grads",),
    ),
    bug(
        "Adam",
        "decoupled weight decay (AdamW)",
        _edit(
            _ADAM,
            '            if name == "W":\n                g = g + self.weight_decay * p\n',
            "",
            "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n",
            "            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n"
            '            if name == "W":\n'
            "                p -= self.lr * self.weight_decay * p\n",
        ),
        names=("AdamW", "decoupled", "to the gradient"),
    ),
    correct(
        "Adam",
        "efficient form: lr_t and eps_hat",
        """
class Adam:
    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.weight_decay = weight_decay
        self.moments = {}
        self.t = 0

    def step(self, params, grads):
        self.t += 1
        c2 = np.sqrt(1.0 - self.beta2**self.t)
        lr_t = self.lr * c2 / (1.0 - self.beta1**self.t)
        eps_hat = self.eps * c2
        for (i, name, p), (_, _, g) in zip(params, grads):
            if name == "W":
                g = g + self.weight_decay * p
            m, v = self.moments.get((i, name), (np.zeros_like(p), np.zeros_like(p)))
            m = self.beta1 * m + (1.0 - self.beta1) * g
            v = self.beta2 * v + (1.0 - self.beta2) * g**2
            self.moments[(i, name)] = (m, v)
            p -= lr_t * m / (np.sqrt(v) + eps_hat)
""",
    ),
    correct(
        "Adam",
        "increments m += (1 - b1)(g - m), state as lists",
        """
class Adam:
    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        self.lr = lr
        self.b1, self.b2 = beta1, beta2
        self.eps = eps
        self.wd = weight_decay
        self.state = {}
        self.steps_taken = 0

    def step(self, params, grads):
        self.steps_taken += 1
        t = self.steps_taken
        for k, (i, name, p) in enumerate(params):
            g = np.array(grads[k][2], dtype=float)
            if name == "W":
                g += self.wd * p
            if (i, name) not in self.state:
                self.state[(i, name)] = [np.zeros(p.shape), np.zeros(p.shape)]
            m, v = self.state[(i, name)]
            m += (1 - self.b1) * (g - m)
            v += (1 - self.b2) * (np.square(g) - v)
            m_hat = m / (1 - self.b1**t)
            v_hat = v / (1 - self.b2**t)
            p -= self.lr * m_hat / (v_hat**0.5 + self.eps)
""",
    ),
    correct(
        "Adam",
        "nested dicts per layer, np.subtract(out=p)",
        """
class Adam:
    def __init__(self, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        self.settings = dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps, wd=weight_decay)
        self.first, self.second = {}, {}
        self.t = 0

    def step(self, params, grads):
        s = self.settings
        self.t = self.t + 1
        for (i, name, p), (_, _, g) in zip(params, grads):
            grad = g + s["wd"] * p if name == "W" else g
            m = self.first.setdefault(i, {}).get(name, 0.0)
            v = self.second.setdefault(i, {}).get(name, 0.0)
            m = s["beta1"] * m + (1 - s["beta1"]) * grad
            v = s["beta2"] * v + (1 - s["beta2"]) * grad * grad
            self.first[i][name], self.second[i][name] = m, v
            update = s["lr"] * (m / (1 - s["beta1"] ** self.t))
            update = update / (np.sqrt(v / (1 - s["beta2"] ** self.t)) + s["eps"])
            np.subtract(p, update, out=p)
""",
    ),
    # ------------------------------------------------------------------ predict
    bug(
        "predict",
        "argmax over axis 0",
        "def predict(model, X):\n    return np.argmax(model.forward(X), axis=0)\n",
        names=("axis=1",),
    ),
    bug(
        "predict",
        "returns the probabilities",
        "def predict(model, X):\n    return softmax(model.forward(X))\n",
        names=("integer labels",),
    ),
    bug(
        "predict",
        "returns the largest logit, not its class",
        "def predict(model, X):\n    return np.max(model.forward(X), axis=1)\n",
        names=("integer labels",),
    ),
    bug(
        "predict",
        "labels of shape (m, 1)",
        "def predict(model, X):\n    return np.argmax(model.forward(X), axis=1).reshape(-1, 1)\n",
        names=("one label per example",),
    ),
    bug(
        "predict",
        "float labels",
        "def predict(model, X):\n    return np.argmax(model.forward(X), axis=1).astype(float)\n",
        names=("do not cast", "integer labels"),
    ),
    bug(
        "predict",
        "argmin",
        "def predict(model, X):\n    return np.argmin(model.forward(X), axis=1)\n",
        names=("argmin",),
    ),
    bug(
        "predict",
        "a list of labels",
        "def predict(model, X):\n    return [int(np.argmax(z)) for z in model.forward(X)]\n",
        names=("np.array",),
    ),
    correct(
        "predict",
        "argmax of the softmax probabilities",
        "def predict(model, X):\n    return softmax(model.forward(X)).argmax(axis=1)\n",
    ),
    correct(
        "predict",
        "a loop over the rows",
        """
def predict(model, X):
    Z = model.forward(X)
    labels = np.zeros(Z.shape[0], dtype=np.int64)
    for i in range(Z.shape[0]):
        best = 0
        for c in range(1, Z.shape[1]):
            if Z[i, c] > Z[i, best]:
                best = c
        labels[i] = best
    return labels
""",
    ),
    correct(
        "predict",
        "argmin of the negated logits, on the transpose",
        "def predict(model, X):\n    return np.argmin(-model.forward(X).T, axis=0)\n",
    ),
    # ------------------------------------------------------------------ accuracy
    bug(
        "accuracy",
        "count instead of fraction",
        "def accuracy(y_pred, y):\n    return float(np.sum(y_pred == y))\n",
        names=("count",),
    ),
    bug(
        "accuracy",
        "percentage",
        "def accuracy(y_pred, y):\n    return float(100 * np.mean(y_pred == y))\n",
        names=("percentage",),
    ),
    bug(
        "accuracy",
        "error rate",
        "def accuracy(y_pred, y):\n    return float(np.mean(y_pred != y))\n",
        names=("error rate",),
    ),
    bug(
        "accuracy",
        "integer division",
        "def accuracy(y_pred, y):\n    return float(int(np.sum(y_pred == y)) // len(y))\n",
        names=("integer division",),
    ),
    bug(
        "accuracy",
        "rounded to two decimals",
        "def accuracy(y_pred, y):\n    return round(float(np.mean(y_pred == y)), 2)\n",
        names=("round",),
    ),
    correct(
        "accuracy",
        "count over size",
        "def accuracy(y_pred, y):\n    return np.count_nonzero(y_pred == y) / y.size\n",
    ),
    correct(
        "accuracy",
        "a loop counting matches",
        """
def accuracy(y_pred, y):
    right = 0
    for a, b in zip(y_pred, y):
        if a == b:
            right += 1
    return right / len(y)
""",
    ),
    correct(
        "accuracy",
        "sum over len, as float",
        "def accuracy(y_pred, y):\n    return float((y_pred == y).sum()) / float(len(y_pred))\n",
    ),
    # ------------------------------------------------------------------ train
    bug(
        "train",
        "no shuffle",
        _edit(_TRAIN, "order = rng.permutation(m)", "order = np.arange(m)"),
        names=("not shuffled",),
    ),
    bug(
        "train",
        "a new generator every epoch (same order)",
        _edit(
            _TRAIN,
            "    rng = np.random.default_rng(seed)\n",
            "",
            "        order = rng.permutation(m)",
            "        order = np.random.default_rng(seed).permutation(m)",
        ),
        names=("same order", "one np.random.default_rng"),
    ),
    bug(
        "train",
        "drops the last partial batch",
        _edit(
            _TRAIN,
            "for start in range(0, m, batch_size):",
            "for start in range(0, m - batch_size + 1, batch_size):",
        ),
        names=("left over", "missing"),
    ),
    bug(
        "train",
        "np.array_split into nearly equal batches",
        _edit(
            _TRAIN,
            """        for start in range(0, m, batch_size):
            rows = order[start : start + batch_size]
""",
            """        for rows in np.array_split(order, -(-m // batch_size)):
""",
        ),
        names=("batch sizes", "left over"),
    ),
    bug(
        "train",
        "unweighted mean of the batch losses",
        _edit(
            _TRAIN,
            "        total = 0.0\n",
            "        losses = []\n",
            '            total += loss * len(rows)\n        history["loss"].append(total / m)',
            '            losses.append(loss)\n        history["loss"].append(float(np.mean(losses)))',
        ),
        names=("unweighted",),
    ),
    bug(
        "train",
        "loss of the last batch",
        _edit(_TRAIN, 'history["loss"].append(total / m)', 'history["loss"].append(float(loss))'),
        names=("last batch",),
    ),
    bug(
        "train",
        "accuracies measured before the epoch's updates",
        """
def train(model, X, y, *, epochs, batch_size, optimizer, seed, X_val=None, y_val=None):
    rng = np.random.default_rng(seed)
    m = X.shape[0]
    history = {"loss": [], "train_acc": [], "val_acc": []}
    for _ in range(epochs):
        history["train_acc"].append(accuracy(predict(model, X), y))
        if X_val is not None:
            history["val_acc"].append(accuracy(predict(model, X_val), y_val))
        order = rng.permutation(m)
        total = 0.0
        for start in range(0, m, batch_size):
            rows = order[start : start + batch_size]
            loss, dZ = softmax_cross_entropy(model.forward(X[rows]), y[rows])
            model.backward(dZ)
            optimizer.step(model.params(), model.grads())
            total += loss * len(rows)
        history["loss"].append(total / m)
    return history
""",
        names=("before the epoch",),
    ),
    bug(
        "train",
        "optimizer.step before backward",
        _edit(
            _TRAIN,
            "            model.backward(dZ)\n            optimizer.step(model.params(), model.grads())\n",
            "            optimizer.step(model.params(), model.grads())\n            model.backward(dZ)\n",
        ),
        names=("after its batch's backward",),
    ),
    bug(
        "train",
        "global np.random.permutation (not seeded)",
        _edit(_TRAIN, "order = rng.permutation(m)", "order = np.random.permutation(m)"),
        names=("same seed",),
    ),
    bug(
        "train",
        "X and y shuffled with different permutations",
        _edit(
            _TRAIN,
            "        order = rng.permutation(m)\n",
            "        order = rng.permutation(m)\n        order_y = rng.permutation(m)\n",
            "y[rows])",
            "y[order_y[start : start + batch_size]])",
        ),
        names=("same rows",),
    ),
    bug(
        "train",
        "optimizer.step(params, params)",
        _edit(
            _TRAIN,
            "optimizer.step(model.params(), model.grads())",
            "optimizer.step(model.params(), model.params())",
        ),
        names=("grads()", "step(params, grads)"),
    ),
    bug(
        "train",
        "grads() listed once before the loop",
        _edit(
            _TRAIN,
            "    for _ in range(epochs):\n",
            "    params, grads = model.params(), model.grads()\n    for _ in range(epochs):\n",
            "optimizer.step(model.params(), model.grads())",
            "optimizer.step(params, grads)",
        ),
        names=("grads() once", "call model.grads()"),
    ),
    bug(
        "train",
        "if X_val: (truth value of an array)",
        _edit(_TRAIN, "if X_val is not None:", "if X_val:"),
        names=("ambiguous", "is not None"),
    ),
    bug(
        "train",
        "no val_acc key without validation data",
        """
def train(model, X, y, *, epochs, batch_size, optimizer, seed, X_val=None, y_val=None):
    rng = np.random.default_rng(seed)
    m = X.shape[0]
    history = {"loss": [], "train_acc": []}
    if X_val is not None:
        history["val_acc"] = []
    for _ in range(epochs):
        order = rng.permutation(m)
        total = 0.0
        for start in range(0, m, batch_size):
            rows = order[start : start + batch_size]
            loss, dZ = softmax_cross_entropy(model.forward(X[rows]), y[rows])
            model.backward(dZ)
            optimizer.step(model.params(), model.grads())
            total += loss * len(rows)
        history["loss"].append(total / m)
        history["train_acc"].append(accuracy(predict(model, X), y))
        if X_val is not None:
            history["val_acc"].append(accuracy(predict(model, X_val), y_val))
    return history
""",
        names=("missing keys", "val_acc"),
    ),
    correct(
        "train",
        "rng.shuffle of an index array, accuracy inline",
        """
def train(model, X, y, *, epochs, batch_size, optimizer, seed, X_val=None, y_val=None):
    rng = np.random.default_rng(seed)
    n = len(X)
    idx = np.arange(n)
    history = {"loss": [], "train_acc": [], "val_acc": []}
    for epoch in range(epochs):
        rng.shuffle(idx)
        weighted = 0.0
        start = 0
        while start < n:
            batch = idx[start : start + batch_size]
            Z = model.forward(X[batch])
            loss, dZ = softmax_cross_entropy(Z, y[batch])
            model.backward(dZ)
            optimizer.step(model.params(), model.grads())
            weighted += loss * batch.size
            start += batch_size
        history["loss"].append(float(weighted / n))
        history["train_acc"].append(float(np.mean(np.argmax(model.forward(X), axis=1) == y)))
        if X_val is not None:
            right = np.argmax(model.forward(X_val), axis=1) == y_val
            history["val_acc"].append(float(np.mean(right)))
    return history
""",
    ),
    correct(
        "train",
        "rng.choice without replacement, np.split, np.average",
        """
def train(model, X, y, *, epochs, batch_size, optimizer, seed, X_val=None, y_val=None):
    rng = np.random.default_rng(seed)
    m = X.shape[0]
    history = dict(loss=[], train_acc=[], val_acc=[])
    for _ in range(epochs):
        order = rng.choice(m, m, replace=False)
        losses, sizes = [], []
        for rows in np.split(order, np.arange(batch_size, m, batch_size)):
            logits = model.forward(X[rows])
            loss, dZ = softmax_cross_entropy(logits, y[rows])
            model.backward(dZ)
            optimizer.step(model.params(), model.grads())
            losses.append(loss)
            sizes.append(len(rows))
        history["loss"].append(float(np.average(losses, weights=sizes)))
        history["train_acc"].append(accuracy(predict(model, X), y))
        if X_val is not None and y_val is not None:
            history["val_acc"].append(accuracy(predict(model, X_val), y_val))
    return history
""",
    ),
    correct(
        "train",
        "params() listed once (the arrays change in place), shuffled copies of X and y",
        """
def train(model, X, y, *, epochs, batch_size, optimizer, seed, X_val=None, y_val=None):
    rng = np.random.default_rng(seed)
    m = len(y)
    params = model.params()
    loss_history, train_history, val_history = [], [], []
    for _ in range(epochs):
        perm = rng.permutation(m)
        X_epoch, y_epoch = X[perm], y[perm]
        loss_sum = 0.0
        for b in range(int(np.ceil(m / batch_size))):
            X_b = X_epoch[b * batch_size : (b + 1) * batch_size]
            y_b = y_epoch[b * batch_size : (b + 1) * batch_size]
            loss, dZ = softmax_cross_entropy(model.forward(X_b), y_b)
            model.backward(dZ)
            optimizer.step(params, model.grads())
            loss_sum += len(y_b) * loss
        loss_history.append(loss_sum / m)
        train_history.append(accuracy(predict(model, X), y))
        if X_val is not None:
            val_history.append(accuracy(predict(model, X_val), y_val))
    return {"loss": loss_history, "train_acc": train_history, "val_acc": val_history}
""",
    ),
]
