"""Buggy and correct implementations of lesson 04 (two-layer network)."""

from autograder.authoring.bank import bug, correct

CHARGED_ELSEWHERE = {
    ("sigmoid", "hidden_sigmoid_derivative"): (
        "a sigmoid that raises (math.exp overflowing at Z = -800) leaves a sigmoid_derivative "
        "that calls it nothing to return; a sigmoid that returns, however wrong, is charged "
        "in sigmoid's cells only"
    ),
}
"""One bug, one charge: the documented exceptions (see tests/test_bank.py)."""

VARIANTS = [
    # ------------------------------------------------------------------ sigmoid
    bug(
        "sigmoid",
        "exp(Z) / (1 + exp(Z)) overflows to nan",
        """
def sigmoid(Z):
    E = np.exp(Z)
    return E / (1 + E)
""",
        names=("overflow", "nan"),
    ),
    bug(
        "sigmoid",
        "sign: 1 / (1 + exp(Z))",
        """
def sigmoid(Z):
    return 1 / (1 + np.exp(Z))
""",
        names=("sign",),
    ),
    bug(
        "sigmoid",
        "in-place: writes the result into Z",
        """
def sigmoid(Z):
    Z[...] = 1 / (1 + np.exp(-Z))
    return Z
""",
        names=("in place",),
    ),
    bug(
        "sigmoid",
        "float32 result",
        """
def sigmoid(Z):
    Z = np.asarray(Z, dtype=np.float32)
    return 1 / (1 + np.exp(-Z))
""",
        names=("float32",),
    ),
    bug(
        "sigmoid",
        "tanh(Z) instead of tanh(Z / 2)",
        """
def sigmoid(Z):
    return 0.5 * (1 + np.tanh(Z))
""",
        names=("tanh",),
    ),
    correct(
        "sigmoid",
        "naive 1 / (1 + exp(-Z)), overflow warning only",
        """
def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))
""",
    ),
    correct(
        "sigmoid",
        "tanh form",
        """
def sigmoid(Z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(Z, dtype=float)))
""",
    ),
    correct(
        "sigmoid",
        "logaddexp",
        """
def sigmoid(Z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(Z, dtype=float)))
""",
    ),
    correct(
        "sigmoid",
        "np.where with clipped exponents",
        """
def sigmoid(Z):
    Z = np.asarray(Z, dtype=float)
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + e), e / (1 + e))
""",
    ),
    bug(
        "sigmoid",
        "precedence: 1 / 1 + exp(-Z)",
        """
def sigmoid(Z):
    return 1 / 1 + np.exp(-Z)
""",
        names=("parenthes",),
    ),
    bug(
        "sigmoid",
        "stable branches into np.empty_like(Z): int64 result for int Z",
        """
def sigmoid(Z):
    out = np.empty_like(Z)
    pos = Z >= 0
    out[pos] = 1 / (1 + np.exp(-Z[pos]))
    e = np.exp(Z[~pos])
    out[~pos] = e / (1 + e)
    return out
""",
        names=("int64",),
    ),
    bug(
        "sigmoid",
        "clips Z to [-10, 10] against overflow",
        """
def sigmoid(Z):
    Z = np.clip(Z, -10, 10)
    return 1 / (1 + np.exp(-Z))
""",
        names=("clip",),
    ),
    bug(
        "sigmoid",
        "math.exp in a loop: OverflowError at -800",
        """
import math


def sigmoid(Z):
    Z = np.asarray(Z, dtype=float)
    out = np.zeros(Z.shape)
    for idx in np.ndindex(Z.shape):
        out[idx] = 1 / (1 + math.exp(-Z[idx]))
    return out
""",
        names=("overflow",),
    ),
    correct(
        "sigmoid",
        "float32 or int input upcast, then the naive formula",
        """
def sigmoid(Z):
    Z = np.array(Z, dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-Z))
""",
    ),
    correct(
        "sigmoid",
        "loop with math.exp on the safe branch",
        """
import math


def sigmoid(Z):
    Z = np.asarray(Z, dtype=float)
    out = np.zeros(Z.shape)
    for idx in np.ndindex(Z.shape):
        z = float(Z[idx])
        if z >= 0:
            out[idx] = 1.0 / (1.0 + math.exp(-z))
        else:
            e = math.exp(z)
            out[idx] = e / (1.0 + e)
    return out
""",
    ),
    correct(
        "sigmoid",
        "clip to [-500, 500] before the naive formula",
        """
def sigmoid(Z):
    Z = np.clip(np.asarray(Z, dtype=float), -500, 500)
    return 1 / (1 + np.exp(-Z))
""",
    ),
    # ------------------------------------------------------- sigmoid_derivative
    bug(
        "sigmoid_derivative",
        "Z * (1 - Z): derivative at the wrong variable",
        """
def sigmoid_derivative(Z):
    return Z * (1 - Z)
""",
        names=("wrong variable",),
    ),
    bug(
        "sigmoid_derivative",
        "missing (1 - s) factor",
        """
def sigmoid_derivative(Z):
    return sigmoid(Z)
""",
        names=("missing factor",),
    ),
    bug(
        "sigmoid_derivative",
        "tanh form 1 - s**2",
        """
def sigmoid_derivative(Z):
    return 1 - sigmoid(Z) ** 2
""",
        names=("tanh",),
    ),
    bug(
        "sigmoid_derivative",
        "naive exp(-Z) / (1 + exp(-Z))**2 is nan at Z = -800",
        """
def sigmoid_derivative(Z):
    E = np.exp(-Z)
    return E / (1 + E) ** 2
""",
        names=("nan", "overflow"),
    ),
    bug(
        "sigmoid_derivative",
        "s * (1 + s)",
        """
def sigmoid_derivative(Z):
    s = sigmoid(Z)
    return s * (1 + s)
""",
        names=("sign",),
    ),
    bug(
        "sigmoid_derivative",
        "in-place: overwrites Z with sigmoid(Z)",
        """
def sigmoid_derivative(Z):
    Z[...] = sigmoid(Z)
    return Z * (1 - Z)
""",
        names=("in place",),
    ),
    correct(
        "sigmoid_derivative",
        "stable exp(-|Z|) form",
        """
def sigmoid_derivative(Z):
    e = np.exp(-np.abs(np.asarray(Z, dtype=float)))
    return e / (1.0 + e) ** 2
""",
    ),
    correct(
        "sigmoid_derivative",
        "naive sigmoid inline",
        """
def sigmoid_derivative(Z):
    s = 1 / (1 + np.exp(-Z))
    return s - s * s
""",
    ),
    correct(
        "sigmoid_derivative",
        "from tanh: (1 - tanh(Z/2)**2) / 4",
        """
def sigmoid_derivative(Z):
    t = np.tanh(0.5 * np.asarray(Z, dtype=float))
    return 0.25 * (1.0 - t * t)
""",
    ),
    bug(
        "sigmoid_derivative",
        "sigmoid'(a) for sigmoid'(z): s = sigmoid(sigmoid(Z))",
        """
def sigmoid_derivative(Z):
    A = sigmoid(Z)
    s = sigmoid(A)
    return s * (1 - s)
""",
        names=("wrong variable",),
    ),
    bug(
        "sigmoid_derivative",
        "missing s factor: 1 - sigmoid(Z)",
        """
def sigmoid_derivative(Z):
    return 1 - sigmoid(Z)
""",
        names=("missing factor",),
    ),
    bug(
        "sigmoid_derivative",
        "float32 result",
        """
def sigmoid_derivative(Z):
    s = sigmoid(Z).astype(np.float32)
    return s * (1 - s)
""",
        names=("float32",),
    ),
    correct(
        "sigmoid_derivative",
        "sigmoid(Z) * sigmoid(-Z)",
        """
def sigmoid_derivative(Z):
    return sigmoid(Z) * sigmoid(-np.asarray(Z, dtype=float))
""",
    ),
    correct(
        "sigmoid_derivative",
        "float32 or int input upcast, naive exp(-Z) / (1 + exp(-Z))**2 under errstate",
        """
def sigmoid_derivative(Z):
    Z = np.asarray(Z).astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(-Z)
        d = e / (1 + e) ** 2
    return np.where(np.isfinite(d), d, 0.0)
""",
    ),
    # --------------------------------------------------------------------- relu
    bug(
        "relu",
        "in-place Z[Z < 0] = 0",
        """
def relu(Z):
    Z[Z < 0] = 0
    return Z
""",
        names=("in place",),
    ),
    bug(
        "relu",
        "np.maximum(0, Z) keeps integer dtype",
        """
def relu(Z):
    return np.maximum(0, Z)
""",
        names=("dtype",),
    ),
    bug(
        "relu",
        "leaky slope 0.01",
        """
def relu(Z):
    return np.maximum(0.01 * Z, Z) * 1.0
""",
        names=("leaky",),
    ),
    bug(
        "relu",
        "returns the mask (derivative)",
        """
def relu(Z):
    return (Z > 0).astype(float)
""",
        names=("mask",),
    ),
    bug(
        "relu",
        "np.minimum",
        """
def relu(Z):
    return np.minimum(0.0, Z)
""",
        names=("minimum",),
    ),
    correct(
        "relu",
        "np.where",
        """
def relu(Z):
    return np.where(Z > 0, Z, 0.0)
""",
    ),
    correct(
        "relu",
        "mask multiply on a float copy",
        """
def relu(Z):
    Z = np.array(Z, dtype=float)
    return Z * (Z > 0)
""",
    ),
    correct(
        "relu",
        "copy then clip",
        """
def relu(Z):
    return np.clip(np.asarray(Z, dtype=np.float64), 0.0, None)
""",
    ),
    bug(
        "relu",
        "np.abs(Z)",
        """
def relu(Z):
    return np.abs(np.asarray(Z, dtype=float))
""",
        names=("abs",),
    ),
    bug(
        "relu",
        "Z * (Z > 0) keeps integer dtype",
        """
def relu(Z):
    return Z * (Z > 0)
""",
        names=("int64",),
    ),
    bug(
        "relu",
        "returns a list",
        """
def relu(Z):
    return [np.maximum(z, 0.0) for z in np.asarray(Z, dtype=float)]
""",
        names=("list",),
    ),
    correct(
        "relu",
        "(Z + |Z|) / 2 on float64",
        """
def relu(Z):
    Z = np.asarray(Z, dtype=np.float64)
    return (Z + np.abs(Z)) / 2
""",
    ),
    correct(
        "relu",
        "loop over entries",
        """
def relu(Z):
    Z = np.asarray(Z)
    out = np.zeros(Z.shape)
    for idx in np.ndindex(Z.shape):
        if Z[idx] > 0:
            out[idx] = Z[idx]
    return out
""",
    ),
    # ---------------------------------------------------------- relu_derivative
    bug(
        "relu_derivative",
        "1 at the kink (Z >= 0)",
        """
def relu_derivative(Z):
    return (Z >= 0).astype(float)
""",
        names=("kink",),
    ),
    bug(
        "relu_derivative",
        "bool mask",
        """
def relu_derivative(Z):
    return Z > 0
""",
        names=("dtype bool",),
    ),
    bug(
        "relu_derivative",
        "int mask (Z > 0) * 1",
        """
def relu_derivative(Z):
    return (Z > 0) * 1
""",
        names=("dtype int",),
    ),
    bug(
        "relu_derivative",
        "np.sign(Z)",
        """
def relu_derivative(Z):
    return np.sign(Z) * 1.0
""",
        names=("sign",),
    ),
    bug(
        "relu_derivative",
        "in-place mask into Z",
        """
def relu_derivative(Z):
    Z[Z <= 0] = 0
    Z[Z > 0] = 1
    return Z
""",
        names=("in place",),
    ),
    bug(
        "relu_derivative",
        "returns relu(Z)",
        """
def relu_derivative(Z):
    return np.maximum(np.asarray(Z, dtype=float), 0.0)
""",
        names=("relu(z) instead",),
    ),
    correct(
        "relu_derivative",
        "np.where",
        """
def relu_derivative(Z):
    return np.where(np.asarray(Z) > 0, 1.0, 0.0)
""",
    ),
    correct(
        "relu_derivative",
        "heaviside with 0 at 0",
        """
def relu_derivative(Z):
    return np.heaviside(np.asarray(Z, dtype=float), 0.0)
""",
    ),
    correct(
        "relu_derivative",
        "float array filled by a loop",
        """
def relu_derivative(Z):
    Z = np.asarray(Z)
    out = np.zeros(Z.shape)
    for idx in np.ndindex(Z.shape):
        if Z[idx] > 0:
            out[idx] = 1.0
    return out
""",
    ),
    bug(
        "relu_derivative",
        "mask reversed: Z < 0",
        """
def relu_derivative(Z):
    return (np.asarray(Z) < 0).astype(float)
""",
        names=("reversed",),
    ),
    bug(
        "relu_derivative",
        "np.where(Z > 0, 1, 0) gives int64",
        """
def relu_derivative(Z):
    return np.where(Z > 0, 1, 0)
""",
        names=("int64",),
    ),
    bug(
        "relu_derivative",
        "np.heaviside(Z, 0.5): 0.5 at the kink",
        """
def relu_derivative(Z):
    return np.heaviside(np.asarray(Z, dtype=float), 0.5)
""",
        names=("kink",),
    ),
    correct(
        "relu_derivative",
        "relu(Z) > 0 (reuses relu)",
        """
def relu_derivative(Z):
    return 1.0 * (relu(Z) > 0)
""",
    ),
    correct(
        "relu_derivative",
        "np.sign of relu(Z), float64",
        """
def relu_derivative(Z):
    return np.sign(np.maximum(np.asarray(Z, dtype=np.float64), 0.0))
""",
    ),
    # ----------------------------------------------------- binary_cross_entropy
    bug(
        "binary_cross_entropy",
        "sum instead of mean",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-12, 1 - 1e-12)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
""",
        names=("1/m",),
    ),
    bug(
        "binary_cross_entropy",
        "missing minus sign",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-12, 1 - 1e-12)
    return float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[0])
""",
        names=("sign",),
    ),
    bug(
        "binary_cross_entropy",
        "log2",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-12, 1 - 1e-12)
    return float(-np.sum(Y * np.log2(A) + (1 - Y) * np.log2(1 - A)) / A.shape[0])
""",
        names=("log base 2",),
    ),
    bug(
        "binary_cross_entropy",
        "no clipping",
        """
def binary_cross_entropy(A, Y):
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[0])
""",
        names=("log of 0",),
    ),
    bug(
        "binary_cross_entropy",
        "returns an array (mean over axis 0)",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-12, 1 - 1e-12)
    return -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=0)
""",
        names=("array of shape",),
    ),
    bug(
        "binary_cross_entropy",
        "np.mean over every entry",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
""",
        names=("every entry",),
    ),
    bug(
        "binary_cross_entropy",
        "in-place clipping of A",
        """
def binary_cross_entropy(A, Y):
    np.clip(A, 1e-12, 1 - 1e-12, out=A)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[0])
""",
        names=("in place",),
    ),
    correct(
        "binary_cross_entropy",
        "seed form log(A + 1e-8), sum / m",
        """
def binary_cross_entropy(A, Y):
    eps = 1e-8
    m = Y.shape[0]
    return float(-np.sum(Y * np.log(A + eps) + (1 - Y) * np.log(1 - A + eps)) / m)
""",
    ),
    correct(
        "binary_cross_entropy",
        "clip 1e-7, mean of row sums",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-7, 1 - 1e-7)
    per_example = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1)
    return float(np.mean(per_example))
""",
    ),
    correct(
        "binary_cross_entropy",
        "clip 1e-15, loop over examples",
        """
def binary_cross_entropy(A, Y):
    total = 0.0
    for a_row, y_row in zip(A, Y):
        for a, y in zip(a_row, y_row):
            a = min(max(float(a), 1e-15), 1 - 1e-15)
            total -= y * np.log(a) + (1 - y) * np.log(1 - a)
    return float(total / len(A))
""",
    ),
    correct(
        "binary_cross_entropy",
        "np.where picks the log term",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(np.asarray(A, dtype=float), 1e-12, 1 - 1e-12)
    picked = np.where(Y == 1, A, 1 - A)
    return float(-np.log(picked).sum() / A.shape[0])
""",
    ),
    bug(
        "binary_cross_entropy",
        "labels swapped: Y * log(1 - A) + (1 - Y) * log(A)",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-12, 1 - 1e-12)
    return float(-np.sum(Y * np.log(1 - A) + (1 - Y) * np.log(A)) / A.shape[0])
""",
        names=("swapped",),
    ),
    bug(
        "binary_cross_entropy",
        "only the y * log(a) term",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-12, 1 - 1e-12)
    return float(-np.sum(Y * np.log(A)) / A.shape[0])
""",
        names=("term is missing",),
    ),
    bug(
        "binary_cross_entropy",
        "clips only the lower end (np.maximum(A, eps))",
        """
def binary_cross_entropy(A, Y):
    A = np.maximum(A, 1e-12)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[0])
""",
        names=("log of 0",),
    ),
    bug(
        "binary_cross_entropy",
        "eps = 1e-2 far too large",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-2, 1 - 1e-2)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[0])
""",
        names=("eps",),
    ),
    bug(
        "binary_cross_entropy",
        "float32 result",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-7, 1 - 1e-7).astype(np.float32)
    Y = Y.astype(np.float32)
    return -np.mean(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=1))
""",
        names=("float32",),
    ),
    bug(
        "binary_cross_entropy",
        "keepdims mean: a (1, 1) array",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(A, 1e-12, 1 - 1e-12)
    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), keepdims=True) / A.shape[0]
""",
        names=("array of shape",),
    ),
    correct(
        "binary_cross_entropy",
        "log1p, mean over axis 0 then sum over outputs",
        """
def binary_cross_entropy(A, Y):
    A = np.clip(np.asarray(A, dtype=np.float64), 1e-10, 1 - 1e-10)
    Y = np.asarray(Y, dtype=np.float64)
    per = -(Y * np.log(A) + (1 - Y) * np.log1p(-A))
    return float(per.mean(axis=0).sum())
""",
    ),
    correct(
        "binary_cross_entropy",
        "np.dot of flattened labels and logs",
        """
def binary_cross_entropy(A, Y):
    a = np.clip(np.ravel(A).astype(float), 1e-12, 1 - 1e-12)
    y = np.ravel(Y).astype(float)
    return float(-(np.dot(y, np.log(a)) + np.dot(1 - y, np.log(1 - a))) / len(A))
""",
    ),
    # ------------------------------------------------------ forward_propagation
    bug(
        "forward_propagation",
        "no sigmoid on the output",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    Z2 = A1 @ W2 + b2
    return Z2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": Z2}
""",
        names=("no sigmoid",),
    ),
    bug(
        "forward_propagation",
        "activations swapped",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2 + b2
    A2 = relu(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
        names=("swapped",),
    ),
    bug(
        "forward_propagation",
        "layer 2 fed Z1",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    Z2 = Z1 @ W2 + b2
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
        names=("Z1 instead of A1",),
    ),
    bug(
        "forward_propagation",
        "missing b1",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1
    A1 = relu(Z1)
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
        names=("b1",),
    ),
    bug(
        "forward_propagation",
        "cache stores Z1 as A1",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    Z2 = relu(Z1) @ W2 + b2
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": Z1, "Z2": Z2, "A2": A2}
""",
        names=("holds Z1",),
    ),
    bug(
        "forward_propagation",
        "lower-case cache keys",
        """
def forward_propagation(X, W1, b1, W2, b2):
    z1 = X @ W1 + b1
    a1 = relu(z1)
    z2 = a1 @ W2 + b2
    a2 = sigmoid(z2)
    return a2, {"x": X, "z1": z1, "a1": a1, "z2": z2, "a2": a2}
""",
        names=("missing keys",),
    ),
    bug(
        "forward_propagation",
        "returns (cache, A2)",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    return {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}, A2
""",
        names=("in that order", "dict"),
    ),
    correct(
        "forward_propagation",
        "np.dot and inline activations",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = np.dot(X, W1) + b1
    A1 = np.where(Z1 > 0, Z1, 0.0)
    Z2 = np.dot(A1, W2) + b2
    A2 = 1.0 / (1.0 + np.exp(-Z2))
    cache = dict(X=X, Z1=Z1, A1=A1, Z2=Z2, A2=A2)
    return A2, cache
""",
    ),
    correct(
        "forward_propagation",
        "einsum, columns convention internally, copies in the cache",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = (np.einsum("hx,xm->hm", W1.T, X.T) + b1[:, None]).T
    A1 = relu(Z1)
    Z2 = (W2.T @ A1.T + b2.reshape(-1, 1)).T
    A2 = sigmoid(Z2)
    return A2, {"X": X.copy(), "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2.copy()}
""",
    ),
    correct(
        "forward_propagation",
        "loop over examples",
        """
def forward_propagation(X, W1, b1, W2, b2):
    m = X.shape[0]
    Z1 = np.zeros((m, W1.shape[1]))
    Z2 = np.zeros((m, W2.shape[1]))
    for i in range(m):
        Z1[i] = X[i] @ W1 + b1
    A1 = relu(Z1)
    for i in range(m):
        Z2[i] = A1[i] @ W2 + b2
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
    ),
    bug(
        "forward_propagation",
        "missing b2",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    Z2 = A1 @ W2
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
        names=("b2",),
    ),
    bug(
        "forward_propagation",
        "sigmoid on the hidden layer too",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
        names=("hidden layer uses relu",),
    ),
    bug(
        "forward_propagation",
        "ReLU in place: cache Z1 holds A1",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = Z1
    A1[A1 < 0] = 0
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
        names=("in place",),
    ),
    bug(
        "forward_propagation",
        "cache stores A2 as Z2",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    A2 = sigmoid(A1 @ W2 + b2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": A2, "A2": A2}
""",
        names=("holds A2",),
    ),
    bug(
        "forward_propagation",
        "columns convention: returns A2 of shape (n_y, m)",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = W1.T @ X.T + b1[:, None]
    A1 = relu(Z1)
    Z2 = W2.T @ A1 + b2[:, None]
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
        names=("transpose",),
    ),
    bug(
        "forward_propagation",
        "X[None] adds an axis",
        """
def forward_propagation(X, W1, b1, W2, b2):
    Z1 = X[None] @ W1 + b1
    A1 = relu(Z1)
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
        names=("extra axis",),
    ),
    correct(
        "forward_propagation",
        "np.matmul on float64 copies, cache built step by step",
        """
def forward_propagation(X, W1, b1, W2, b2):
    X = np.asarray(X, dtype=np.float64)
    cache = {"X": X}
    cache["Z1"] = np.matmul(X, W1) + b1.reshape(1, -1)
    cache["A1"] = relu(cache["Z1"])
    cache["Z2"] = np.matmul(cache["A1"], W2) + b2.reshape(1, -1)
    cache["A2"] = sigmoid(cache["Z2"])
    return cache["A2"], cache
""",
    ),
    correct(
        "forward_propagation",
        "explicit triple loop for the products",
        """
def forward_propagation(X, W1, b1, W2, b2):
    def affine(A, W, b):
        out = np.zeros((A.shape[0], W.shape[1]))
        for i in range(A.shape[0]):
            for k in range(W.shape[1]):
                total = b[k]
                for j in range(A.shape[1]):
                    total += A[i, j] * W[j, k]
                out[i, k] = total
        return out

    Z1 = affine(X, W1, b1)
    A1 = relu(Z1)
    Z2 = affine(A1, W2, b2)
    A2 = sigmoid(Z2)
    return A2, {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
""",
    ),
    # ----------------------------------------------------- backward_propagation
    bug(
        "backward_propagation",
        "missing 1/m",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1, "db1": dZ1.sum(axis=0),
            "dW2": cache["A1"].T @ dZ2, "db2": dZ2.sum(axis=0)}
""",
        names=("1/m",),
    ),
    bug(
        "backward_propagation",
        "ReLU mask on the input X",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["X"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("broadcast",),
    ),
    bug(
        "backward_propagation",
        "transpose: dZ2.T @ A1",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": dZ1.T @ cache["X"] / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": dZ2.T @ cache["A1"] / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("transpose",),
    ),
    bug(
        "backward_propagation",
        "bias gradients with keepdims=True",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0, keepdims=True) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0, keepdims=True) / m}
""",
        names=("extra axis",),
    ),
    bug(
        "backward_propagation",
        "sigmoid derivative applied again at the output",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = (cache["A2"] - Y) * sigmoid_derivative(cache["Z2"])
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("double counting",),
    ),
    bug(
        "backward_propagation",
        "no ReLU mask",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = dZ2 @ W2.T
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("no relu mask",),
    ),
    bug(
        "backward_propagation",
        "sign: Y - A2",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = Y - cache["A2"]
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("sign",),
    ),
    bug(
        "backward_propagation",
        "mask Z1 >= 0 at the kink",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * (cache["Z1"] >= 0)
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("z1 >= 0",),
    ),
    bug(
        "backward_propagation",
        "Z1 instead of A1 in dW2",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["Z1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("Z1 instead of A1",),
    ),
    bug(
        "backward_propagation",
        "in-place: dZ2 -= Y on the cached A2",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"]
    dZ2 -= Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("in place",),
    ),
    correct(
        "backward_propagation",
        "mask A1 > 0 (same as Z1 > 0)",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    X, A1, A2 = cache["X"], cache["A1"], cache["A2"]
    m = X.shape[0]
    dZ2 = A2 - Y
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (A1 > 0)
    return {"dW1": X.T @ dZ1 / m, "db1": np.mean(dZ1, axis=0),
            "dW2": A1.T @ dZ2 / m, "db2": np.mean(dZ2, axis=0)}
""",
    ),
    correct(
        "backward_propagation",
        "einsum and np.where",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = len(Y)
    dZ2 = cache["A2"] - Y
    dZ1 = np.where(cache["Z1"] > 0, np.einsum("ik,jk->ij", dZ2, W2), 0.0)
    grads = {}
    grads["dW2"] = np.einsum("ij,ik->jk", cache["A1"], dZ2) / m
    grads["db2"] = dZ2.sum(axis=0) / m
    grads["dW1"] = np.einsum("ij,ik->jk", cache["X"], dZ1) / m
    grads["db1"] = dZ1.sum(axis=0) / m
    return grads
""",
    ),
    correct(
        "backward_propagation",
        "sum of per-example outer products",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    X, Z1, A1, A2 = cache["X"], cache["Z1"], cache["A1"], cache["A2"]
    m = X.shape[0]
    dW1, db1 = np.zeros(W1.shape), np.zeros(b1.shape)
    dW2, db2 = np.zeros(W2.shape), np.zeros(b2.shape)
    for i in range(m):
        dz2 = A2[i] - Y[i]
        dz1 = (W2 @ dz2) * relu_derivative(Z1[i])
        dW2 += np.outer(A1[i], dz2) / m
        db2 += dz2 / m
        dW1 += np.outer(X[i], dz1) / m
        db1 += dz1 / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
""",
    ),
    correct(
        "backward_propagation",
        "columns convention internally (seed 002), transposed back",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = (cache["A2"] - Y).T
    dW2 = np.dot(dZ2, cache["A1"]) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2, dZ2) * relu_derivative(cache["Z1"].T)
    dW1 = np.dot(dZ1, cache["X"]) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1.T, "db1": db1.ravel(), "dW2": dW2.T, "db2": db2.ravel()}
""",
    ),
    bug(
        "backward_propagation",
        "1/m applied twice",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = (cache["A2"] - Y) / m
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("twice",),
    ),
    bug(
        "backward_propagation",
        "divides by Y.size = m * n_y",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.size
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("Y.size",),
    ),
    bug(
        "backward_propagation",
        "bias gradients summed over axis 1",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=1) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=1) / m}
""",
        names=("wrong axis",),
    ),
    bug(
        "backward_propagation",
        "db2 = np.mean(dZ2) over every entry",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": np.mean(dZ1),
            "dW2": cache["A1"].T @ dZ2 / m, "db2": np.mean(dZ2)}
""",
        names=("every axis",),
    ),
    bug(
        "backward_propagation",
        "dZ2 @ W2 without the transpose",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("W2.T",),
    ),
    bug(
        "backward_propagation",
        "sigmoid'(A2) for sigmoid'(Z2) multiplied in",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = (cache["A2"] - Y) * sigmoid_derivative(cache["A2"])
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("double counting",),
    ),
    bug(
        "backward_propagation",
        "ReLU mask written into cache['Z1']",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    mask = cache["Z1"]
    mask[mask <= 0] = 0
    mask[mask > 0] = 1
    dZ1 = (dZ2 @ W2.T) * mask
    return {"dW1": cache["X"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("in place",),
    ),
    bug(
        "backward_propagation",
        "returns a tuple (dW1, db1, dW2, db2)",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return (cache["X"].T @ dZ1 / m, dZ1.sum(axis=0) / m,
            cache["A1"].T @ dZ2 / m, dZ2.sum(axis=0) / m)
""",
        names=("dict",),
    ),
    bug(
        "backward_propagation",
        "dW1 from A1 instead of X",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    m = Y.shape[0]
    dZ2 = cache["A2"] - Y
    dZ1 = (dZ2 @ W2.T) * relu_derivative(cache["Z1"])
    return {"dW1": cache["A1"].T @ dZ1 / m, "db1": dZ1.sum(axis=0) / m,
            "dW2": cache["A1"].T @ dZ2 / m, "db2": dZ2.sum(axis=0) / m}
""",
        names=("X.T",),
    ),
    correct(
        "backward_propagation",
        "recomputes the forward pass from X and the parameters (np.dot)",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    X = np.asarray(cache["X"], dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    m = X.shape[0]
    Z1 = np.dot(X, W1) + b1
    A1 = np.maximum(Z1, 0.0)
    A2 = sigmoid(np.dot(A1, W2) + b2)
    dZ2 = A2 - Y
    dZ1 = np.dot(dZ2, W2.T) * (Z1 > 0)
    return {"dW1": np.dot(X.T, dZ1) / m, "db1": np.sum(dZ1, axis=0) / m,
            "dW2": np.dot(A1.T, dZ2) / m, "db2": np.sum(dZ2, axis=0) / m}
""",
    ),
    correct(
        "backward_propagation",
        "triple loops, no matrix products",
        """
def backward_propagation(Y, cache, W1, b1, W2, b2):
    X, Z1, A1, A2 = cache["X"], cache["Z1"], cache["A1"], cache["A2"]
    m, n_x = X.shape
    n_h, n_y = W2.shape
    dW1, db1 = np.zeros((n_x, n_h)), np.zeros(n_h)
    dW2, db2 = np.zeros((n_h, n_y)), np.zeros(n_y)
    for i in range(m):
        for k in range(n_y):
            d = (A2[i, k] - Y[i, k]) / m
            db2[k] += d
            for j in range(n_h):
                dW2[j, k] += A1[i, j] * d
        for j in range(n_h):
            if Z1[i, j] > 0:
                d1 = sum((A2[i, k] - Y[i, k]) * W2[j, k] for k in range(n_y)) / m
                db1[j] += d1
                for p in range(n_x):
                    dW1[p, j] += X[i, p] * d1
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
""",
    ),
    # A correct solution whose helpers and globals share names with the tests' helpers:
    # tests and student code live in separate kernels, so neither rebinds the other.
    correct(
        "relu_derivative",
        "helpers named like the hidden tests' helpers",
        """
_near = 0  # a global named like a hidden-test helper


def _sig(Z):  # same name as a hidden-test helper, another job: the sign test
    return np.asarray(Z) > 0


def relu_derivative(Z):
    return np.where(_sig(Z), 1.0, 0.0)
""",
    ),
]
