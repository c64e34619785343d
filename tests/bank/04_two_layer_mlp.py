"""Buggy and correct implementations of lesson 04 (two-layer network)."""

from autograder.bank import bug, correct

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
]
