"""Buggy and correct implementations for lesson 06 (vanishing and exploding gradients)."""

from dataclasses import replace

from autograder.authoring.bank import bug, correct

# A deep_backward that reads the dict caches of the "dict caches" deep_forward variant.
_DICT_CACHE_BACKWARD = """
def deep_backward(dY_hat, caches, params, activation):
    grads = []
    dZ = dY_hat
    for cache, (W, _) in zip(reversed(caches), reversed(params), strict=True):
        grads.insert(0, (np.dot(cache["A_prev"].T, dZ), np.sum(dZ, axis=0)))
        if cache["below"] is not None:
            Zb = cache["below"]
            dA = np.dot(dZ, W.T)
            if activation == "sigmoid":
                s = 1.0 / (1.0 + np.exp(-Zb))
                dZ = dA * s * (1 - s)
            elif activation == "tanh":
                dZ = dA * (1 - np.tanh(Zb) ** 2)
            else:
                dZ = np.where(Zb > 0, dA, 0.0)
    return grads
"""

_CACHES = (
    "deep_backward reads the caches in the format of the student's own deep_forward, so it "
    "cannot be run on reference caches; a deep_forward whose caches have wrong shapes (np.max "
    "reducing an axis, activation outputs not passed on) makes deep_backward raise. A "
    "deep_forward that is wrong but leaves usable caches is charged in its own cells only"
)
CHARGED_ELSEWHERE = {
    ("deep_forward", "test_deep_backward"): _CACHES,
    ("deep_forward", "hidden_deep_backward"): _CACHES,
}
"""One bug, one charge: the documented exceptions (see tests/test_bank.py)."""

VARIANTS = [
    # ------------------------------------------------------------------ init_deep_network
    bug(
        "init_deep_network",
        "xavier and he from fan_out",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = {"normal": 1.0, "xavier": np.sqrt(1 / fan_out), "he": np.sqrt(2 / fan_out)}[scheme]
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
""",
        names=("fan_out",),
    ),
    bug(
        "init_deep_network",
        "he with sqrt(1/fan_in)",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = 1.0 if scheme == "normal" else np.sqrt(1 / fan_in)
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
""",
        names=("sqrt(2 / fan_in)",),
    ),
    bug(
        "init_deep_network",
        "new generator for each layer",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        rng = np.random.default_rng(seed)
        std = {"normal": 1.0, "xavier": np.sqrt(1 / fan_in), "he": np.sqrt(2 / fan_in)}[scheme]
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
""",
        names=("new generator",),
    ),
    bug(
        "init_deep_network",
        "draws (fan_out, fan_in) then transposes",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = {"normal": 1.0, "xavier": np.sqrt(1 / fan_in), "he": np.sqrt(2 / fan_in)}[scheme]
        params.append((rng.standard_normal((fan_out, fan_in)).T * std, np.zeros(fan_out)))
    return params
""",
        names=("transposed",),
    ),
    bug(
        "init_deep_network",
        "biases of shape (1, n)",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = {"normal": 1.0, "xavier": np.sqrt(1 / fan_in), "he": np.sqrt(2 / fan_in)}[scheme]
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros((1, fan_out))))
    return params
""",
        names=("extra axis",),
    ),
    bug(
        "init_deep_network",
        "variance used as std",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        var = {"normal": 1.0, "xavier": 1 / fan_in, "he": 2 / fan_in}[scheme]
        params.append((rng.standard_normal((fan_in, fan_out)) * var, np.zeros(fan_out)))
    return params
""",
        names=("square root",),
    ),
    bug(
        "init_deep_network",
        "unknown scheme falls back to normal",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = {"xavier": np.sqrt(1 / fan_in), "he": np.sqrt(2 / fan_in)}.get(scheme, 1.0)
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
""",
        names=("ValueError",),
    ),
    correct(
        "init_deep_network",
        "rng.normal with scale, index loop",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    import math
    if scheme == "normal":
        gain = None
    elif scheme == "xavier":
        gain = 1.0
    elif scheme == "he":
        gain = 2.0
    else:
        raise ValueError("scheme must be 'normal', 'xavier' or 'he', got " + repr(scheme))
    rng = np.random.default_rng(seed)
    params = []
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = int(layer_sizes[i]), int(layer_sizes[i + 1])
        std = 1.0 if gain is None else math.sqrt(gain / n_in)
        W = rng.normal(0.0, std, size=(n_in, n_out))
        params.append((W, np.zeros(n_out, dtype=np.float64)))
    return params
""",
    ),
    correct(
        "init_deep_network",
        "dict of std functions, tuple output per layer",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    stds = {
        "normal": lambda n: 1.0,
        "xavier": lambda n: (1.0 / n) ** 0.5,
        "he": lambda n: (2.0 / n) ** 0.5,
    }
    try:
        std_of = stds[scheme]
    except KeyError:
        raise ValueError(f"unknown initialisation {scheme!r}") from None
    rng = np.random.default_rng(seed)
    sizes = list(layer_sizes)
    return [
        (std_of(a) * rng.standard_normal((a, b)), np.zeros(b))
        for a, b in zip(sizes, sizes[1:])
    ]
""",
    ),
    bug(
        "init_deep_network",
        "xavier with Glorot's sqrt(2 / (fan_in + fan_out))",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = {"normal": 1.0, "xavier": np.sqrt(2 / (fan_in + fan_out)), "he": np.sqrt(2 / fan_in)}[scheme]
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
""",
        names=("fan_in + fan_out",),
    ),
    bug(
        "init_deep_network",
        "only he from fan_out",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = {"normal": 1.0, "xavier": np.sqrt(1 / fan_in), "he": np.sqrt(2 / fan_out)}[scheme]
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
""",
        names=("fan_out",),
    ),
    bug(
        "init_deep_network",
        "xavier with sqrt(2/fan_in) (He's gain)",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = 1.0 if scheme == "normal" else np.sqrt(2 / fan_in)
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
""",
        names=("Xavier's std is sqrt(1 / fan_in)",),
    ),
    bug(
        "init_deep_network",
        "weights cast to float32",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = {"normal": 1.0, "xavier": np.sqrt(1 / fan_in), "he": np.sqrt(2 / fan_in)}[scheme]
        W = (rng.standard_normal((fan_in, fan_out)) * std).astype(np.float32)
        params.append((W, np.zeros(fan_out, dtype=np.float32)))
    return params
""",
        names=("float32",),
    ),
    bug(
        "init_deep_network",
        "biases drawn from the generator too",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = {"normal": 1.0, "xavier": np.sqrt(1 / fan_in), "he": np.sqrt(2 / fan_in)}[scheme]
        W = rng.standard_normal((fan_in, fan_out)) * std
        b = rng.standard_normal(fan_out) * std
        params.append((W, b))
    return params
""",
        names=("biases start at zero",),
    ),
    bug(
        "init_deep_network",
        "one layer short (range(len(layer_sizes) - 2))",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    if scheme not in ("normal", "xavier", "he"):
        raise ValueError(f"unknown scheme {scheme}")
    rng = np.random.default_rng(seed)
    params = []
    for i in range(len(layer_sizes) - 2):
        fan_in, fan_out = layer_sizes[i], layer_sizes[i + 1]
        std = {"normal": 1.0, "xavier": np.sqrt(1 / fan_in), "he": np.sqrt(2 / fan_in)}[scheme]
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
""",
        names=("describes",),
    ),
    correct(
        "init_deep_network",
        "itertools.pairwise, in-place *= on the fresh draw, sqrt(k) / sqrt(n)",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    from itertools import pairwise
    if scheme == "normal":
        k = None
    elif scheme == "xavier":
        k = 1
    elif scheme == "he":
        k = 2
    else:
        raise ValueError("scheme should be one of: normal, xavier, he")
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in pairwise(layer_sizes):
        W = rng.standard_normal(size=(n_in, n_out))
        if k is not None:
            W *= np.sqrt(k) / np.sqrt(n_in)
        params.append((W, np.zeros((n_out,))))
    return params
""",
    ),
    correct(
        "init_deep_network",
        "match statement, division by sqrt(fan_in / gain), zeros_like",
        """
def init_deep_network(layer_sizes, scheme, seed=0):
    match scheme:
        case "normal":
            divisor = lambda n: 1.0
        case "xavier":
            divisor = lambda n: np.sqrt(n)
        case "he":
            divisor = lambda n: np.sqrt(n / 2.0)
        case _:
            raise ValueError(f"scheme must be normal, xavier or he (got {scheme})")
    rng = np.random.default_rng(seed)
    params = []
    i = 0
    while i + 1 < len(layer_sizes):
        W = rng.standard_normal((layer_sizes[i], layer_sizes[i + 1])) / divisor(layer_sizes[i])
        params.append((W, np.zeros_like(W[0])))
        i += 1
    return params
""",
    ),
    # ------------------------------------------------------------------ deep_forward
    bug(
        "deep_forward",
        "activation on the last layer too",
        """
def deep_forward(X, params, activation):
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[activation]
    caches = []
    A = X
    for W, b in params:
        Z = A @ W + b
        caches.append((A, Z))
        A = g(Z)
    return A, caches
""",
        names=("last layer",),
    ),
    bug(
        "deep_forward",
        "bias not added",
        """
def deep_forward(X, params, activation):
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[activation]
    caches = []
    A = X
    for i, (W, b) in enumerate(params):
        Z = A @ W
        caches.append((A, Z))
        A = Z if i == len(params) - 1 else g(Z)
    return A, caches
""",
        names=("bias",),
    ),
    bug(
        "deep_forward",
        "relu as np.max(Z, 0)",
        """
def deep_forward(X, params, activation):
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.max(z, 0)}[activation]
    caches = []
    A = X
    for i, (W, b) in enumerate(params):
        Z = A @ W + b
        caches.append((A, Z))
        A = Z if i == len(params) - 1 else g(Z)
    return A, caches
""",
        names=("shape",),
    ),
    bug(
        "deep_forward",
        "sigmoid with exp(+Z)",
        """
def deep_forward(X, params, activation):
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[activation]
    caches = []
    A = X
    for i, (W, b) in enumerate(params):
        Z = A @ W + b
        caches.append((A, Z))
        A = Z if i == len(params) - 1 else g(Z)
    return A, caches
""",
        names=("sign error in the sigmoid",),
    ),
    bug(
        "deep_forward",
        "activation output not passed on",
        """
def deep_forward(X, params, activation):
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[activation]
    caches = []
    A = X
    for W, b in params:
        Z = A @ W + b
        caches.append((A, Z, g(Z)))
        A = Z
    return A, caches
""",
        names=("stay linear",),
    ),
    correct(
        "deep_forward",
        "naive sigmoid, np.dot, if/elif",
        """
def deep_forward(X, params, activation):
    caches = []
    A = X
    L = len(params)
    for l in range(L):
        W, b = params[l]
        Z = np.dot(A, W) + b
        caches.append((A, Z))
        if l == L - 1:
            A = Z
        elif activation == "sigmoid":
            A = 1.0 / (1.0 + np.exp(-Z))
        elif activation == "tanh":
            A = (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z)) if np.abs(Z).max() < 300 else np.tanh(Z)
        else:
            A = Z * (Z > 0)
    return A, caches
""",
    ),
    replace(
        correct(
            "deep_forward",
            "dict caches with its own deep_backward, einsum",
            """
def deep_forward(X, params, activation):
    caches = []
    A = np.asarray(X, dtype=float)
    Z_below = None
    for i, (W, b) in enumerate(params):
        Z = np.einsum("mi,io->mo", A, W) + b
        caches.append({"A_prev": A, "below": Z_below})
        if i == len(params) - 1:
            A = Z
        elif activation == "relu":
            A = np.where(Z > 0, Z, 0.0)
        elif activation == "tanh":
            A = np.tanh(Z)
        else:
            A = np.exp(-np.logaddexp(0.0, -Z))
        Z_below = Z
    return A, caches
""",
        ),
        extra={"deep_backward": _DICT_CACHE_BACKWARD},
    ),
    bug(
        "deep_forward",
        "activation applied before each matmul (on X too)",
        """
def deep_forward(X, params, activation):
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[activation]
    caches = []
    A = X
    for W, b in params:
        A_in = g(A)
        Z = A_in @ W + b
        caches.append((A_in, Z))
        A = Z
    return A, caches
""",
        names=("input X",),
    ),
    bug(
        "deep_forward",
        "tanh as 2 * sigmoid(z) - 1",
        """
def deep_forward(X, params, activation):
    sig = lambda z: 1 / (1 + np.exp(-z))
    g = {"sigmoid": sig, "tanh": lambda z: 2 * sig(z) - 1, "relu": lambda z: np.maximum(z, 0)}[activation]
    caches = []
    A = X
    for i, (W, b) in enumerate(params):
        Z = A @ W + b
        caches.append((A, Z))
        A = Z if i == len(params) - 1 else g(Z)
    return A, caches
""",
        names=("tanh(z / 2)",),
    ),
    bug(
        "deep_forward",
        "relu as the mask (Z > 0)",
        """
def deep_forward(X, params, activation):
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: (z > 0) * 1.0}[activation]
    caches = []
    A = X
    for i, (W, b) in enumerate(params):
        Z = A @ W + b
        caches.append((A, Z))
        A = Z if i == len(params) - 1 else g(Z)
    return A, caches
""",
        names=("derivative (Z > 0)",),
    ),
    bug(
        "deep_forward",
        "computes in float32",
        """
def deep_forward(X, params, activation):
    g = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[activation]
    caches = []
    A = X.astype(np.float32)
    for i, (W, b) in enumerate(params):
        Z = A @ W.astype(np.float32) + b.astype(np.float32)
        caches.append((A, Z))
        A = Z if i == len(params) - 1 else g(Z)
    return A, caches
""",
        names=("float32",),
    ),
    correct(
        "deep_forward",
        "piecewise stable sigmoid via np.where (warns), tanh from exp, np.clip relu, float64 copy",
        """
def deep_forward(X, params, activation):
    def sigmoid(Z):
        return np.where(Z >= 0, 1.0 / (1.0 + np.exp(-Z)), np.exp(Z) / (1.0 + np.exp(Z)))

    def tanh(Z):
        t = np.exp(-2.0 * np.abs(Z))
        return np.sign(Z) * (1.0 - t) / (1.0 + t)

    def relu(Z):
        return np.clip(Z, 0.0, None)

    g = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu}[activation]
    A = np.array(X, dtype=np.float64)
    caches = []
    last = len(params) - 1
    i = 0
    while i <= last:
        W, b = params[i]
        Z = np.matmul(A, W) + b[np.newaxis, :]
        caches.append((A, Z))
        A = Z if i == last else g(Z)
        i += 1
    return A, caches
""",
    ),
    # ------------------------------------------------------------------ deep_backward
    bug(
        "deep_backward",
        "tanh slope 1 - tanh(a)**2, sigmoid slope sigma(a)",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=0))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                s = 1 / (1 + np.exp(-A_prev))
                dZ = dA * s * (1 - s)
            elif activation == "tanh":
                dZ = dA * (1 - np.tanh(A_prev) ** 2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("a = g(z)",),
    ),
    bug(
        "deep_backward",
        "activation slope at the output layer",
        """
def deep_backward(dY_hat, caches, params, activation):
    def slope(Z):
        if activation == "sigmoid":
            s = 1 / (1 + np.exp(-Z))
            return s * (1 - s)
        if activation == "tanh":
            return 1 - np.tanh(Z) ** 2
        return (Z > 0).astype(float)
    grads = [None] * len(params)
    dZ = dY_hat * slope(caches[-1][1])
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=0))
        if l > 0:
            dZ = (dZ @ params[l][0].T) * slope(caches[l - 1][1])
    return grads
""",
        names=("output layer",),
    ),
    bug(
        "deep_backward",
        "missing transpose of W",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=0))
        if l > 0:
            dA = dZ @ params[l][0]
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("transpose",),
    ),
    bug(
        "deep_backward",
        "db with keepdims",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=0, keepdims=True))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("extra axis",),
    ),
    bug(
        "deep_backward",
        "grads returned last layer first",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = []
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads.append((A_prev.T @ dZ, dZ.sum(axis=0)))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("last layer first",),
    ),
    bug(
        "deep_backward",
        "extra 1/m",
        """
def deep_backward(dY_hat, caches, params, activation):
    m = dY_hat.shape[0]
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ / m, dZ.sum(axis=0) / m)
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("1/m",),
    ),
    bug(
        "deep_backward",
        "Z used instead of A in dW",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        inp = caches[l - 1][1] if l > 0 else A_prev
        grads[l] = (inp.T @ dZ, dZ.sum(axis=0))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("Z used where A",),
    ),
    bug(
        "deep_backward",
        "divides dY_hat by m in place",
        """
def deep_backward(dY_hat, caches, params, activation):
    dY_hat /= dY_hat.shape[0]
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=0))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("in place", "1/m"),
    ),
    correct(
        "deep_backward",
        "slopes recomputed from Z, np.where mask, einsum",
        """
def deep_backward(dY_hat, caches, params, activation):
    n = len(params)
    grads = []
    dZ = dY_hat
    for l in reversed(range(n)):
        A_prev, Z = caches[l]
        grads.append((np.einsum("mi,mo->io", A_prev, dZ), np.einsum("mo->o", dZ)))
        if l == 0:
            break
        dA = np.einsum("mo,io->mi", dZ, params[l][0])
        Zb = caches[l - 1][1]
        if activation == "relu":
            dZ = np.where(Zb > 0, dA, 0.0)
        elif activation == "tanh":
            dZ = dA / np.cosh(Zb) ** 2
        else:
            e = np.exp(-np.abs(Zb))
            dZ = dA * e / (1.0 + e) ** 2
    return grads[::-1]
""",
    ),
    correct(
        "deep_backward",
        "explicit loops over units, relu mask on A",
        """
def deep_backward(dY_hat, caches, params, activation):
    n = len(params)
    grads = [None] * n
    dZ = np.array(dY_hat, dtype=float)
    for l in range(n - 1, -1, -1):
        A_prev = caches[l][0]
        W = params[l][0]
        dW = np.zeros(W.shape)
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                dW[i, j] = np.sum(A_prev[:, i] * dZ[:, j])
        grads[l] = (dW, np.array([dZ[:, j].sum() for j in range(W.shape[1])]))
        if l > 0:
            dA = np.dot(dZ, W.T)
            if activation == "relu":
                dZ = dA * (A_prev > 0)
            elif activation == "tanh":
                dZ = dA * (1.0 - A_prev * A_prev)
            else:
                dZ = dA * (A_prev - A_prev * A_prev)
    return grads
""",
    ),
    bug(
        "deep_backward",
        "sigmoid slope at a only (sigma(a) * (1 - sigma(a)))",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=0))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                s = 1 / (1 + np.exp(-A_prev))
                dZ = dA * s * (1 - s)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("a = g(z)",),
    ),
    bug(
        "deep_backward",
        "relu mask on the gradient (np.maximum(dA, 0))",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=0))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = np.maximum(dA, 0)
    return grads
""",
        names=("mask applied to the gradient",),
    ),
    bug(
        "deep_backward",
        "relu mask A_prev >= 0 (always true)",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=0))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev >= 0)
    return grads
""",
        names=("slope g'(Z) is missing",),
    ),
    bug(
        "deep_backward",
        "slope at this layer's Z instead of the layer below",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, Z = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=0))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                s = 1 / (1 + np.exp(-Z))
                dZ = dA * s * (1 - s)
            elif activation == "tanh":
                dZ = dA * (1 - np.tanh(Z) ** 2)
            else:
                dZ = dA * (Z > 0)
    return grads
""",
        names=("layer below",),
    ),
    bug(
        "deep_backward",
        "db summed over axis 1",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.sum(axis=1))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("wrong axis",),
    ),
    bug(
        "deep_backward",
        "dW = dZ.T @ A_prev (transposed)",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (dZ.T @ A_prev, dZ.sum(axis=0))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("transpose",),
    ),
    bug(
        "deep_backward",
        "db as a mean over the rows",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = [None] * len(params)
    dZ = dY_hat
    for l in range(len(params) - 1, -1, -1):
        A_prev, _ = caches[l]
        grads[l] = (A_prev.T @ dZ, dZ.mean(axis=0))
        if l > 0:
            dA = dZ @ params[l][0].T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1 - A_prev**2)
            else:
                dZ = dA * (A_prev > 0)
    return grads
""",
        names=("1/m",),
    ),
    correct(
        "deep_backward",
        "slopes from Z with a naive sigmoid, np.heaviside, ones-vector db, insert(0)",
        """
def deep_backward(dY_hat, caches, params, activation):
    grads = []
    dZ = np.asarray(dY_hat, dtype=np.float64)
    for l in range(len(params) - 1, -1, -1):
        A_prev = caches[l][0]
        W = params[l][0]
        grads.insert(0, (np.dot(A_prev.T, dZ), np.ones(dZ.shape[0]) @ dZ))
        if l == 0:
            break
        Z_prev = caches[l - 1][1]
        if activation == "sigmoid":
            s = 1.0 / (1.0 + np.exp(-Z_prev))
            slope = s * (1.0 - s)
        elif activation == "tanh":
            slope = 1.0 - np.tanh(Z_prev) ** 2
        else:
            slope = np.heaviside(Z_prev, 0.0)
        dZ = np.matmul(dZ, W.T) * slope
    return grads
""",
    ),
    correct(
        "deep_backward",
        "one example at a time, np.outer accumulation",
        """
def deep_backward(dY_hat, caches, params, activation):
    n = len(params)
    grads = [None] * n
    dZ = dY_hat.copy()
    for l in range(n - 1, -1, -1):
        A_prev = caches[l][0]
        W = params[l][0]
        dW = np.zeros_like(W, dtype=float)
        db = np.zeros(W.shape[1])
        for i in range(dZ.shape[0]):
            dW += np.outer(A_prev[i], dZ[i])
            db += dZ[i]
        grads[l] = (dW, db)
        if l > 0:
            dA = dZ @ W.T
            if activation == "sigmoid":
                dZ = dA * A_prev * (1.0 - A_prev)
            elif activation == "tanh":
                dZ = dA * (1.0 - np.square(A_prev))
            else:
                dZ = np.where(A_prev > 0, dA, 0.0)
    return grads
""",
    ),
    # ------------------------------------------------------------------ gradient_norms
    bug(
        "gradient_norms",
        "bias gradients included",
        """
def gradient_norms(grads):
    return np.array([np.sqrt(np.sum(dW**2) + np.sum(db**2)) for dW, db in grads])
""",
        names=("bias",),
    ),
    bug(
        "gradient_norms",
        "returns a list",
        """
def gradient_norms(grads):
    return [float(np.linalg.norm(dW)) for dW, _ in grads]
""",
        names=("list",),
    ),
    bug(
        "gradient_norms",
        "squared norms",
        """
def gradient_norms(grads):
    return np.array([np.sum(dW**2) for dW, _ in grads])
""",
        names=("squared",),
    ),
    bug(
        "gradient_norms",
        "last layer first",
        """
def gradient_norms(grads):
    return np.array([np.linalg.norm(dW) for dW, _ in reversed(grads)])
""",
        names=("last layer first",),
    ),
    bug(
        "gradient_norms",
        "spectral norm ord=2",
        """
def gradient_norms(grads):
    return np.array([np.linalg.norm(dW, 2) for dW, _ in grads])
""",
        names=("spectral",),
    ),
    bug(
        "gradient_norms",
        "largest entry",
        """
def gradient_norms(grads):
    return np.array([np.max(np.abs(dW)) for dW, _ in grads])
""",
        names=("largest entry",),
    ),
    correct(
        "gradient_norms",
        "np.linalg.norm with 'fro', preallocated",
        """
def gradient_norms(grads):
    out = np.empty(len(grads))
    for i, (dW, _) in enumerate(grads):
        out[i] = np.linalg.norm(dW, "fro")
    return out
""",
    ),
    correct(
        "gradient_norms",
        "einsum and np.fromiter",
        """
def gradient_norms(grads):
    return np.fromiter((np.sqrt(np.einsum("ij,ij->", g[0], g[0])) for g in grads), dtype=np.float64, count=len(grads))
""",
    ),
    bug(
        "gradient_norms",
        "norm of db (tuple unpacked the wrong way)",
        """
def gradient_norms(grads):
    return np.array([np.linalg.norm(dW) for _, dW in grads])
""",
        names=("norm of db",),
    ),
    bug(
        "gradient_norms",
        "L1 norm (sum of absolute values)",
        """
def gradient_norms(grads):
    return np.array([np.sum(np.abs(dW)) for dW, _ in grads])
""",
        names=("L1",),
    ),
    bug(
        "gradient_norms",
        "root mean square",
        """
def gradient_norms(grads):
    return np.array([np.sqrt(np.mean(dW**2)) for dW, _ in grads])
""",
        names=("root mean square",),
    ),
    bug(
        "gradient_norms",
        "one total norm (a scalar)",
        """
def gradient_norms(grads):
    return np.sqrt(sum(np.sum(dW**2) for dW, _ in grads))
""",
        names=("scalar",),
    ),
    correct(
        "gradient_norms",
        "map, np.square, np.sqrt of the list",
        """
def gradient_norms(grads):
    weights = [pair[0] for pair in grads]
    return np.sqrt(np.array(list(map(lambda dW: np.sum(np.square(dW)), weights))))
""",
    ),
    correct(
        "gradient_norms",
        "python loop, math.fsum over the raveled entries",
        """
def gradient_norms(grads):
    import math
    out = []
    for dW, db in grads:
        flat = np.ravel(dW)
        out.append(math.sqrt(math.fsum(float(v) * float(v) for v in flat)))
    return np.array(out, dtype=np.float64)
""",
    ),
    # ------------------------------------------------------------------ clip_gradients_by_norm
    bug(
        "clip_gradients_by_norm",
        "per-tensor clipping",
        """
def clip_gradients_by_norm(grads, max_norm):
    out = []
    for dW, db in grads:
        sW = min(1.0, max_norm / (np.linalg.norm(dW) + 1e-6))
        sb = min(1.0, max_norm / (np.linalg.norm(db) + 1e-6))
        out.append((dW * sW, db * sb))
    return out
""",
        names=("separately",),
    ),
    bug(
        "clip_gradients_by_norm",
        "only dW in the total norm",
        """
def clip_gradients_by_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(dW**2) for dW, _ in grads))
    scale = min(1.0, max_norm / (total + 1e-6))
    return [(dW * scale, db * scale) for dW, db in grads]
""",
        names=("biases count",),
    ),
    bug(
        "clip_gradients_by_norm",
        "scales in place",
        """
def clip_gradients_by_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    scale = min(1.0, max_norm / (total + 1e-6))
    for dW, db in grads:
        dW *= scale
        db *= scale
    return grads
""",
        names=("in place",),
    ),
    bug(
        "clip_gradients_by_norm",
        "no min(1, ...): enlarges small gradients",
        """
def clip_gradients_by_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    scale = max_norm / (total + 1e-6)
    return [(dW * scale, db * scale) for dW, db in grads]
""",
        names=("capped at 1",),
    ),
    bug(
        "clip_gradients_by_norm",
        "missing + 1e-6",
        """
def clip_gradients_by_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    scale = 1.0 if total == 0 else min(1.0, max_norm / total)
    return [(dW * scale, db * scale) for dW, db in grads]
""",
        names=("1e-6",),
    ),
    bug(
        "clip_gradients_by_norm",
        "clips to the sum of per-tensor norms",
        """
def clip_gradients_by_norm(grads, max_norm):
    total = sum(np.linalg.norm(dW) + np.linalg.norm(db) for dW, db in grads)
    scale = min(1.0, max_norm / (total + 1e-6))
    return [(dW * scale, db * scale) for dW, db in grads]
""",
        names=("wrong values",),
    ),
    correct(
        "clip_gradients_by_norm",
        "concatenate then np.linalg.norm, if-statement",
        """
def clip_gradients_by_norm(grads, max_norm):
    flat = np.concatenate([np.concatenate([dW.ravel(), db.ravel()]) for dW, db in grads])
    total_norm = np.linalg.norm(flat)
    clip_coef = max_norm / (total_norm + 1e-6)
    if clip_coef > 1.0:
        clip_coef = 1.0
    return [(np.copy(dW) * clip_coef, np.copy(db) * clip_coef) for dW, db in grads]
""",
    ),
    correct(
        "clip_gradients_by_norm",
        "math.sqrt of float sums, np.multiply",
        """
def clip_gradients_by_norm(grads, max_norm):
    import math
    sq = 0.0
    for dW, db in grads:
        sq += float(np.vdot(dW, dW)) + float(np.vdot(db, db))
    scale = min(1.0, max_norm / (math.sqrt(sq) + 1e-6))
    return [(np.multiply(dW, scale), np.multiply(db, scale)) for dW, db in grads]
""",
    ),
    bug(
        "clip_gradients_by_norm",
        "per-layer clipping (each (dW, db) by its own norm)",
        """
def clip_gradients_by_norm(grads, max_norm):
    out = []
    for dW, db in grads:
        norm = np.sqrt(np.sum(dW**2) + np.sum(db**2))
        scale = min(1.0, max_norm / (norm + 1e-6))
        out.append((dW * scale, db * scale))
    return out
""",
        names=("each layer clipped separately",),
    ),
    bug(
        "clip_gradients_by_norm",
        "value clipping with np.clip",
        """
def clip_gradients_by_norm(grads, max_norm):
    return [(np.clip(dW, -max_norm, max_norm), np.clip(db, -max_norm, max_norm)) for dW, db in grads]
""",
        names=("np.clip",),
    ),
    bug(
        "clip_gradients_by_norm",
        "squared total norm (no sqrt)",
        """
def clip_gradients_by_norm(grads, max_norm):
    total = sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)
    scale = min(1.0, max_norm / (total + 1e-6))
    return [(dW * scale, db * scale) for dW, db in grads]
""",
        names=("squared total norm",),
    ),
    bug(
        "clip_gradients_by_norm",
        "max(1, ...) instead of min(1, ...)",
        """
def clip_gradients_by_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    scale = max(1.0, max_norm / (total + 1e-6))
    return [(dW * scale, db * scale) for dW, db in grads]
""",
        names=("max(1, ...)",),
    ),
    bug(
        "clip_gradients_by_norm",
        "biases not scaled",
        """
def clip_gradients_by_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    scale = min(1.0, max_norm / (total + 1e-6))
    return [(dW * scale, db) for dW, db in grads]
""",
        names=("biases were not scaled",),
    ),
    bug(
        "clip_gradients_by_norm",
        "if total > max_norm (threshold without the + 1e-6)",
        """
def clip_gradients_by_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    if total > max_norm:
        scale = max_norm / (total + 1e-6)
    else:
        scale = 1.0
    return [(dW * scale, db * scale) for dW, db in grads]
""",
        names=("1e-6",),
    ),
    correct(
        "clip_gradients_by_norm",
        "hypot of per-layer norms, np.minimum, in-place *= on copies",
        """
def clip_gradients_by_norm(grads, max_norm):
    layer_norms = [np.hypot(np.linalg.norm(dW), np.linalg.norm(db)) for dW, db in grads]
    total = np.linalg.norm(layer_norms)
    scale = float(np.minimum(1.0, max_norm / (total + 1e-6)))
    out = [(dW.copy(), db.copy()) for dW, db in grads]
    for dW, db in out:
        dW *= scale
        db *= scale
    return out
""",
    ),
    correct(
        "clip_gradients_by_norm",
        "einsum squares, list(map(...)) of tuples",
        """
def clip_gradients_by_norm(grads, max_norm):
    sq = 0.0
    for dW, db in grads:
        sq = sq + np.einsum("ij,ij->", dW, dW) + np.einsum("i,i->", db, db)
    scale = np.min([1.0, max_norm / (np.sqrt(sq) + 1e-6)])
    return list(map(lambda g: (g[0] * scale, g[1] * scale), grads))
""",
    ),
    # A correct solution whose helpers and globals share names with the tests' helpers:
    # tests and student code live in separate kernels, so neither rebinds the other.
    correct(
        "gradient_norms",
        "helpers named like the hidden tests' helpers",
        """
_random_net = None  # a global named like a hidden-test helper


def _act(dW):  # the hidden tests have an _act(Z, activation): another job here
    return float(np.linalg.norm(dW))


def gradient_norms(grads):
    return np.array([_act(dW) for dW, _ in grads], dtype=np.float64)
""",
    ),
]
