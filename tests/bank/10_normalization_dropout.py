"""Buggy and correct implementations for lesson 10 (normalization and dropout).

Most bugs edit one piece of a correct solution (``_edit``), so that each variant differs from
working code in exactly one place; correct variants are written out in full, each in another
style (a staged computational graph, loops, einsum, other caches).
"""

from autograder.authoring.bank import bug, correct


def _edit(base, *pairs):
    """``base`` with each ``old`` replaced by ``new`` (each ``old`` must be there)."""
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in base, old
        base = base.replace(old, new, 1)
    return base


# ---------------------------------------------------------------------- reference solutions

_BATCH_NORM = """
class BatchNorm:
    def __init__(self, n_features, momentum=0.1, eps=1e-5):
        self.params = {"gamma": np.ones(n_features), "beta": np.zeros(n_features)}
        self.grads = {name: np.zeros(n_features) for name in self.params}
        self.running_mean = np.zeros(n_features)
        self.running_var = np.ones(n_features)
        self.momentum, self.eps = momentum, eps
        self.training = True

    def forward(self, X):
        if self.training:
            mean, var = X.mean(axis=0), X.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var
        else:
            mean, var = self.running_mean, self.running_var
        self.batch_statistics = self.training
        self.std = np.sqrt(var + self.eps)
        self.X_hat = (X - mean) / self.std
        return self.params["gamma"] * self.X_hat + self.params["beta"]

    def backward(self, dOut):
        self.grads["gamma"] = (dOut * self.X_hat).sum(axis=0)
        self.grads["beta"] = dOut.sum(axis=0)
        scale = self.params["gamma"] / self.std
        if not self.batch_statistics:
            return dOut * scale
        return scale * (dOut - dOut.mean(axis=0) - self.X_hat * (dOut * self.X_hat).mean(axis=0))
"""

_LAYER_NORM = """
class LayerNorm:
    def __init__(self, n_features, eps=1e-5):
        self.params = {"gamma": np.ones(n_features), "beta": np.zeros(n_features)}
        self.grads = {name: np.zeros(n_features) for name in self.params}
        self.eps = eps

    def forward(self, X):
        mean = X.mean(axis=1, keepdims=True)
        self.std = np.sqrt(X.var(axis=1, keepdims=True) + self.eps)
        self.X_hat = (X - mean) / self.std
        return self.params["gamma"] * self.X_hat + self.params["beta"]

    def backward(self, dOut):
        self.grads["gamma"] = (dOut * self.X_hat).sum(axis=0)
        self.grads["beta"] = dOut.sum(axis=0)
        G = dOut * self.params["gamma"]
        G_mean = G.mean(axis=1, keepdims=True)
        GX_mean = (G * self.X_hat).mean(axis=1, keepdims=True)
        return (G - G_mean - self.X_hat * GX_mean) / self.std
"""

_DROPOUT = """
class Dropout:
    def __init__(self, p, rng):
        self.p, self.rng = p, rng
        self.params, self.grads = {}, {}
        self.training = True

    def forward(self, X):
        if not self.training:
            self.scale = None
            return X
        keep = self.rng.random(X.shape) >= self.p
        self.scale = keep / (1.0 - self.p)
        return X * self.scale

    def backward(self, dOut):
        if self.scale is None:
            return dOut
        return dOut * self.scale
"""

_FOLD = """
def fold_batch_norm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    s = gamma / np.sqrt(running_var + eps)
    return W * s, (b - running_mean) * s + beta
"""

_BN_TRAIN_DX = (
    "return scale * (dOut - dOut.mean(axis=0) - self.X_hat * (dOut * self.X_hat).mean(axis=0))"
)
_LN_DX = "return (G - G_mean - self.X_hat * GX_mean) / self.std"

VARIANTS = [
    # ------------------------------------------------------------------ BatchNorm: forward
    bug(
        "BatchNorm",
        "unbiased variance (ddof=1)",
        _edit(
            _BATCH_NORM, "X.mean(axis=0), X.var(axis=0)", "X.mean(axis=0), X.var(axis=0, ddof=1)"
        ),
        names=("unbiased",),
    ),
    bug(
        "BatchNorm",
        "eps outside the square root",
        _edit(_BATCH_NORM, "np.sqrt(var + self.eps)", "np.sqrt(var) + self.eps"),
        names=("eps outside",),
    ),
    bug(
        "BatchNorm",
        "normalised over the features (axis=1), as layer norm",
        _edit(
            _BATCH_NORM,
            "mean, var = X.mean(axis=0), X.var(axis=0)",
            "mean, var = X.mean(axis=1, keepdims=True), X.var(axis=1, keepdims=True)",
            "self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean",
            "self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean.mean()",
            "self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var",
            "self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var.mean()",
        ),
        names=("layer norm",),
    ),
    bug(
        "BatchNorm",
        "gamma and beta not applied",
        _edit(
            _BATCH_NORM,
            'return self.params["gamma"] * self.X_hat + self.params["beta"]',
            "return self.X_hat",
        ),
        names=("not applied",),
    ),
    bug(
        "BatchNorm",
        "forward uses copies of gamma and beta made in __init__",
        _edit(
            _BATCH_NORM,
            "self.training = True",
            "self.training = True\n        self.gamma, self.beta = np.ones(n_features), np.zeros(n_features)",
            'return self.params["gamma"] * self.X_hat + self.params["beta"]',
            "return self.gamma * self.X_hat + self.beta",
        ),
        names=("copies", "not applied"),
    ),
    bug(
        "BatchNorm",
        "X changed in place",
        _edit(
            _BATCH_NORM,
            "self.X_hat = (X - mean) / self.std",
            "X -= mean\n        X /= self.std\n        self.X_hat = X",
        ),
        names=("in place",),
    ),
    bug(
        "BatchNorm",
        "running statistics used in training",
        _edit(
            _BATCH_NORM,
            "        if self.training:\n            mean, var = X.mean(axis=0), X.var(axis=0)\n",
            "        mean, var = self.running_mean, self.running_var\n"
            "        if self.training:\n            batch_mean, batch_var = X.mean(axis=0), X.var(axis=0)\n",
            "self.momentum * mean\n",
            "self.momentum * batch_mean\n",
            "self.momentum * var\n",
            "self.momentum * batch_var\n",
            "        else:\n            mean, var = self.running_mean, self.running_var\n",
            "",
        ),
        names=("running statistics used in training",),
    ),
    bug(
        "BatchNorm",
        "new layer not in training mode",
        _edit(_BATCH_NORM, "self.training = True", "self.training = False"),
        names=("training = True",),
    ),
    # ------------------------------------------------------------------ BatchNorm: running statistics
    bug(
        "BatchNorm",
        "momentum reversed (Keras's meaning)",
        _edit(
            _BATCH_NORM,
            "(1 - self.momentum) * self.running_mean + self.momentum * mean",
            "self.momentum * self.running_mean + (1 - self.momentum) * mean",
            "(1 - self.momentum) * self.running_var + self.momentum * var",
            "self.momentum * self.running_var + (1 - self.momentum) * var",
        ),
        names=("momentum reversed",),
    ),
    bug(
        "BatchNorm",
        "running statistics never updated",
        _edit(
            _BATCH_NORM,
            "            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean\n"
            "            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var\n",
            "",
        ),
        names=("not updated",),
    ),
    bug(
        "BatchNorm",
        "running statistics replaced by the batch's",
        _edit(
            _BATCH_NORM,
            "(1 - self.momentum) * self.running_mean + self.momentum * mean",
            "mean",
            "(1 - self.momentum) * self.running_var + self.momentum * var",
            "var",
        ),
        names=("replaced",),
    ),
    bug(
        "BatchNorm",
        "running variance from the standard deviation",
        _edit(
            _BATCH_NORM,
            "(1 - self.momentum) * self.running_var + self.momentum * var",
            "(1 - self.momentum) * self.running_var + self.momentum * np.sqrt(var + self.eps)",
        ),
        names=("standard deviation",),
    ),
    bug(
        "BatchNorm",
        "running variance unbiased (PyTorch's choice)",
        _edit(
            _BATCH_NORM,
            "(1 - self.momentum) * self.running_var + self.momentum * var",
            "(1 - self.momentum) * self.running_var + self.momentum * X.var(axis=0, ddof=1)",
        ),
        names=("unbiased",),
    ),
    bug(
        "BatchNorm",
        "running variance starts at zeros",
        _edit(
            _BATCH_NORM,
            "self.running_var = np.ones(n_features)",
            "self.running_var = np.zeros(n_features)",
        ),
        names=("starts at",),
    ),
    bug(
        "BatchNorm",
        "momentum hard-coded to 0.1",
        _edit(
            _BATCH_NORM,
            "self.momentum, self.eps = momentum, eps",
            "self.momentum, self.eps = 0.1, eps",
        ),
        names=("layer's momentum",),
    ),
    bug(
        "BatchNorm",
        "eps hard-coded to 1e-5",
        _edit(_BATCH_NORM, "self.std = np.sqrt(var + self.eps)", "self.std = np.sqrt(var + 1e-5)"),
        names=("layer's eps",),
    ),
    # ------------------------------------------------------------------ BatchNorm: evaluation
    bug(
        "BatchNorm",
        "batch statistics in evaluation mode",
        _edit(
            _BATCH_NORM,
            "        if self.training:\n            mean, var = X.mean(axis=0), X.var(axis=0)\n",
            "        mean, var = X.mean(axis=0), X.var(axis=0)\n        if self.training:\n",
            "        else:\n            mean, var = self.running_mean, self.running_var\n",
            "",
        ),
        names=("batch statistics in evaluation",),
    ),
    bug(
        "BatchNorm",
        "running statistics updated in evaluation mode too",
        _edit(
            _BATCH_NORM,
            "        if self.training:\n            mean, var = X.mean(axis=0), X.var(axis=0)\n"
            "            self.running_mean",
            "        if True:\n            mean, var = X.mean(axis=0), X.var(axis=0)\n"
            "            self.running_mean",
            "        else:\n            mean, var = self.running_mean, self.running_var\n",
            "        if not self.training:\n            mean, var = self.running_mean, self.running_var\n",
        ),
        names=("evaluation batch", "only in training"),
    ),
    bug(
        "BatchNorm",
        "running statistics updated after use in evaluation",
        _edit(
            _BATCH_NORM,
            "        else:\n            mean, var = self.running_mean, self.running_var\n",
            "        else:\n            mean, var = self.running_mean, self.running_var\n"
            "            self.running_mean = 0.9 * self.running_mean + 0.1 * X.mean(axis=0)\n"
            "            self.running_var = 0.9 * self.running_var + 0.1 * X.var(axis=0)\n",
        ),
        names=("only in training",),
    ),
    bug(
        "BatchNorm",
        "eps outside the square root in evaluation only",
        _edit(
            _BATCH_NORM,
            "        self.std = np.sqrt(var + self.eps)\n",
            "        self.std = np.sqrt(var + self.eps) if self.training else np.sqrt(var) + self.eps\n",
        ),
        names=("eps outside",),
    ),
    # ------------------------------------------------------------------ BatchNorm: backward
    bug(
        "BatchNorm",
        "no path through the mean",
        _edit(
            _BATCH_NORM,
            _BN_TRAIN_DX,
            "return scale * (dOut - self.X_hat * (dOut * self.X_hat).mean(axis=0))",
        ),
        names=("through the mean",),
    ),
    bug(
        "BatchNorm",
        "no path through the variance",
        _edit(_BATCH_NORM, _BN_TRAIN_DX, "return scale * (dOut - dOut.mean(axis=0))"),
        names=("through the variance",),
    ),
    bug(
        "BatchNorm",
        "statistics treated as constants in training",
        _edit(_BATCH_NORM, _BN_TRAIN_DX, "return scale * dOut"),
        names=("constants",),
    ),
    bug(
        "BatchNorm",
        "+ on the variance term",
        _edit(
            _BATCH_NORM,
            _BN_TRAIN_DX,
            "return scale * (dOut - dOut.mean(axis=0) + self.X_hat * (dOut * self.X_hat).mean(axis=0))",
        ),
        names=("subtracted",),
    ),
    bug(
        "BatchNorm",
        "sums instead of means in dX",
        _edit(
            _BATCH_NORM,
            _BN_TRAIN_DX,
            "return scale * (dOut - dOut.sum(axis=0) - self.X_hat * (dOut * self.X_hat).sum(axis=0))",
        ),
        names=("sums",),
    ),
    bug(
        "BatchNorm",
        "a 1/m too many in dX",
        _edit(
            _BATCH_NORM,
            _BN_TRAIN_DX,
            _BN_TRAIN_DX + " / len(dOut)",
        ),
        names=("1/m",),
    ),
    bug(
        "BatchNorm",
        "gamma missing from dX",
        _edit(_BATCH_NORM, 'scale = self.params["gamma"] / self.std', "scale = 1.0 / self.std"),
        names=("gamma is missing",),
    ),
    bug(
        "BatchNorm",
        "means over the features in backward",
        _edit(
            _BATCH_NORM,
            _BN_TRAIN_DX,
            "return scale * (dOut - dOut.mean(axis=1, keepdims=True) - self.X_hat * "
            "(dOut * self.X_hat).mean(axis=1, keepdims=True))",
        ),
        names=("axis=1",),
    ),
    bug(
        "BatchNorm",
        "training formula in evaluation mode",
        _edit(
            _BATCH_NORM,
            "        if not self.batch_statistics:\n            return dOut * scale\n",
            "",
        ),
        names=("training mode's formula",),
    ),
    bug(
        "BatchNorm",
        "grads['gamma'] summed over the features",
        _edit(
            _BATCH_NORM,
            'self.grads["gamma"] = (dOut * self.X_hat).sum(axis=0)',
            'self.grads["gamma"] = (dOut * self.X_hat).sum(axis=1)',
        ),
        names=("wrong axis",),
    ),
    bug(
        "BatchNorm",
        "grads['gamma'] from X instead of X_hat",
        _edit(
            _BATCH_NORM,
            "self.X_hat = (X - mean) / self.std",
            "self.X_hat = (X - mean) / self.std\n        self.X = X",
            'self.grads["gamma"] = (dOut * self.X_hat).sum(axis=0)',
            'self.grads["gamma"] = (dOut * self.X).sum(axis=0)',
        ),
        names=("computed with X",),
    ),
    bug(
        "BatchNorm",
        "grads['beta'] a mean",
        _edit(
            _BATCH_NORM,
            'self.grads["beta"] = dOut.sum(axis=0)',
            'self.grads["beta"] = dOut.mean(axis=0)',
        ),
        names=("mean over the examples",),
    ),
    bug(
        "BatchNorm",
        "cache of the first forward only",
        _edit(
            _BATCH_NORM,
            "        self.batch_statistics = self.training\n"
            "        self.std = np.sqrt(var + self.eps)\n"
            "        self.X_hat = (X - mean) / self.std\n"
            '        return self.params["gamma"] * self.X_hat + self.params["beta"]',
            "        std = np.sqrt(var + self.eps)\n"
            "        X_hat = (X - mean) / std\n"
            '        if not hasattr(self, "X_hat"):\n'
            "            self.batch_statistics, self.std, self.X_hat = self.training, std, X_hat\n"
            '        return self.params["gamma"] * X_hat + self.params["beta"]',
        ),
        names=("FIRST",),
    ),
    # ------------------------------------------------------------------ BatchNorm: correct
    correct(
        "BatchNorm",
        "a staged computational graph (CS231n's first backward)",
        """
class BatchNorm:
    def __init__(self, n_features, momentum=0.1, eps=1e-5):
        self.params = {"gamma": np.ones(n_features), "beta": np.zeros(n_features)}
        self.grads = {"gamma": np.zeros(n_features), "beta": np.zeros(n_features)}
        self.running_mean = np.zeros(n_features)
        self.running_var = np.ones(n_features)
        self.momentum = momentum
        self.eps = eps
        self.training = True

    def forward(self, X):
        X = np.asarray(X, dtype=float)
        if self.training:
            mu = X.sum(axis=0) / X.shape[0]
            xmu = X - mu
            var = (xmu**2).sum(axis=0) / X.shape[0]
            self.running_mean = self.running_mean * (1 - self.momentum) + mu * self.momentum
            self.running_var = self.running_var * (1 - self.momentum) + var * self.momentum
        else:
            xmu = X - self.running_mean
            var = self.running_var
        sqrtvar = np.sqrt(var + self.eps)
        ivar = 1.0 / sqrtvar
        xhat = xmu * ivar
        self.cache = (self.training, xmu, ivar, sqrtvar, var, xhat)
        return xhat * self.params["gamma"] + self.params["beta"]

    def backward(self, dOut):
        training, xmu, ivar, sqrtvar, var, xhat = self.cache
        m = dOut.shape[0]
        self.grads["beta"] = np.sum(dOut, axis=0)
        self.grads["gamma"] = np.sum(dOut * xhat, axis=0)
        dxhat = dOut * self.params["gamma"]
        if not training:
            return dxhat * ivar
        divar = np.sum(dxhat * xmu, axis=0)
        dxmu1 = dxhat * ivar
        dsqrtvar = -1.0 / sqrtvar**2 * divar
        dvar = 0.5 / np.sqrt(var + self.eps) * dsqrtvar
        dsq = np.ones_like(dOut) / m * dvar
        dxmu2 = 2 * xmu * dsq
        dx1 = dxmu1 + dxmu2
        dmu = -np.sum(dx1, axis=0)
        dx2 = np.ones_like(dOut) / m * dmu
        return dx1 + dx2
""",
    ),
    correct(
        "BatchNorm",
        "the paper's dvar and dmean formulas",
        """
class BatchNorm:
    def __init__(self, n_features, momentum=0.1, eps=1e-5):
        self.params = dict(gamma=np.ones(n_features), beta=np.zeros(n_features))
        self.grads = dict(gamma=np.zeros(n_features), beta=np.zeros(n_features))
        self.running_mean, self.running_var = np.zeros(n_features), np.ones(n_features)
        self.momentum, self.eps, self.training = momentum, eps, True

    def forward(self, X):
        if self.training:
            mean = np.mean(X, axis=0)
            var = np.mean((X - mean) ** 2, axis=0)
            self.running_mean *= 1 - self.momentum
            self.running_mean += self.momentum * mean
            self.running_var *= 1 - self.momentum
            self.running_var += self.momentum * var
        else:
            mean, var = self.running_mean.copy(), self.running_var.copy()
        self.saved = {"X": X, "mean": mean, "var": var, "train": self.training}
        return self.params["gamma"] * (X - mean) / np.sqrt(var + self.eps) + self.params["beta"]

    def backward(self, dOut):
        X, mean, var = self.saved["X"], self.saved["mean"], self.saved["var"]
        m = X.shape[0]
        inv = (var + self.eps) ** -0.5
        x_hat = (X - mean) * inv
        self.grads["gamma"] = np.einsum("ij,ij->j", dOut, x_hat)
        self.grads["beta"] = np.einsum("ij->j", dOut)
        dx_hat = dOut * self.params["gamma"]
        if not self.saved["train"]:
            return dx_hat * inv
        dvar = np.sum(dx_hat * (X - mean), axis=0) * -0.5 * inv**3
        dmean = -np.sum(dx_hat, axis=0) * inv + dvar * np.mean(-2.0 * (X - mean), axis=0)
        return dx_hat * inv + dvar * 2.0 * (X - mean) / m + dmean / m
""",
    ),
    correct(
        "BatchNorm",
        "one feature at a time, in loops",
        """
class BatchNorm:
    def __init__(self, n_features, momentum=0.1, eps=1e-5):
        self.n = n_features
        self.params = {"gamma": np.ones(n_features), "beta": np.zeros(n_features)}
        self.grads = {"gamma": np.zeros(n_features), "beta": np.zeros(n_features)}
        self.running_mean = np.zeros(n_features)
        self.running_var = np.ones(n_features)
        self.momentum, self.eps = momentum, eps
        self.training = True

    def forward(self, X):
        m = X.shape[0]
        self.mode = self.training
        self.xhat = np.zeros(X.shape)
        self.s = np.zeros(self.n)
        Y = np.zeros(X.shape)
        new_mean, new_var = self.running_mean.copy(), self.running_var.copy()
        for j in range(self.n):
            column = X[:, j]
            if self.training:
                mu = sum(column) / m
                v = sum((x - mu) ** 2 for x in column) / m
                new_mean[j] = (1 - self.momentum) * self.running_mean[j] + self.momentum * mu
                new_var[j] = (1 - self.momentum) * self.running_var[j] + self.momentum * v
            else:
                mu, v = self.running_mean[j], self.running_var[j]
            self.s[j] = (v + self.eps) ** 0.5
            self.xhat[:, j] = (column - mu) / self.s[j]
            Y[:, j] = self.params["gamma"][j] * self.xhat[:, j] + self.params["beta"][j]
        self.running_mean, self.running_var = new_mean, new_var
        return Y

    def backward(self, dOut):
        m = dOut.shape[0]
        dX = np.zeros(dOut.shape)
        for j in range(self.n):
            d, xh = dOut[:, j], self.xhat[:, j]
            self.grads["gamma"][j] = np.dot(d, xh)
            self.grads["beta"][j] = d.sum()
            g = self.params["gamma"][j] / self.s[j]
            if self.mode:
                dX[:, j] = g * (d - d.sum() / m - xh * np.dot(d, xh) / m)
            else:
                dX[:, j] = g * d
        return dX
""",
    ),
    correct(
        "BatchNorm",
        "CS231n's simplified backward, E[x^2] - E[x]^2 variance",
        """
class BatchNorm:
    def __init__(self, n_features, momentum=0.1, eps=1e-5):
        self.params = {"gamma": np.ones(n_features), "beta": np.zeros(n_features)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.running_mean = np.zeros(n_features)
        self.running_var = np.ones(n_features)
        self.momentum = momentum
        self.eps = eps
        self.training = True

    def forward(self, X):
        if self.training:
            mean = X.mean(axis=0)
            var = np.maximum((X * X).mean(axis=0) - mean**2, 0.0)
            self.running_mean = self.running_mean + self.momentum * (mean - self.running_mean)
            self.running_var = self.running_var + self.momentum * (var - self.running_var)
            self.cache = ("train", mean, var)
        else:
            mean, var = self.running_mean, self.running_var
            self.cache = ("eval", mean, var)
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        self.x_hat = (X - mean) * self.inv_std
        return self.x_hat * self.params["gamma"] + self.params["beta"]

    def backward(self, dOut):
        m = dOut.shape[0]
        self.grads["gamma"] = np.sum(self.x_hat * dOut, axis=0)
        self.grads["beta"] = np.sum(dOut, axis=0)
        if self.cache[0] == "eval":
            return self.params["gamma"] * self.inv_std * dOut
        return (self.params["gamma"] * self.inv_std / m) * (
            m * dOut - self.grads["beta"] - self.x_hat * self.grads["gamma"]
        )
""",
    ),
    correct(
        "BatchNorm",
        "the Jacobian projection per column, with einsum",
        """
class BatchNorm:
    def __init__(self, n_features, momentum=0.1, eps=1e-5):
        self.params = {"gamma": np.full(n_features, 1.0), "beta": np.full(n_features, 0.0)}
        self.grads = {"gamma": np.full(n_features, 0.0), "beta": np.full(n_features, 0.0)}
        self.running_mean = np.full(n_features, 0.0)
        self.running_var = np.full(n_features, 1.0)
        self.momentum, self.eps = momentum, eps
        self.training = True

    def forward(self, X):
        statistics = (X.mean(axis=0), X.var(axis=0)) if self.training else None
        if statistics is not None:
            a = self.momentum
            self.running_mean = a * statistics[0] + (1 - a) * self.running_mean
            self.running_var = a * statistics[1] + (1 - a) * self.running_var
        mean, var = statistics if statistics is not None else (self.running_mean, self.running_var)
        self.last = (statistics is not None, (X - mean) / np.sqrt(var + self.eps), np.sqrt(var + self.eps))
        return self.last[1] * self.params["gamma"] + self.params["beta"]

    def backward(self, dOut):
        batch, x_hat, std = self.last
        m = dOut.shape[0]
        self.grads["gamma"] = np.einsum("ij,ij->j", dOut, x_hat)
        self.grads["beta"] = np.einsum("ij->j", dOut)
        g = dOut * self.params["gamma"] / std
        if not batch:
            return g
        # (I - 11^T/m - x x^T/m) applied to each column
        ones = np.ones((m, m)) / m
        return g - ones @ g - x_hat * np.einsum("ij,ij->j", x_hat, g) / m
""",
    ),
    # ------------------------------------------------------------------ LayerNorm
    bug(
        "LayerNorm",
        "the documents' formula (gamma outside the means)",
        _edit(
            _LAYER_NORM,
            'G = dOut * self.params["gamma"]',
            "G = dOut",
            _LN_DX,
            'return self.params["gamma"] * (G - G_mean - self.X_hat * GX_mean) / self.std',
        ),
        names=("documents",),
    ),
    bug(
        "LayerNorm",
        "normalised over the examples (axis=0), as batch norm",
        _edit(
            _LAYER_NORM,
            "mean = X.mean(axis=1, keepdims=True)",
            "mean = X.mean(axis=0, keepdims=True)",
            "X.var(axis=1, keepdims=True)",
            "X.var(axis=0, keepdims=True)",
        ),
        names=("batch norm",),
    ),
    bug(
        "LayerNorm",
        "unbiased variance (ddof=1)",
        _edit(_LAYER_NORM, "X.var(axis=1, keepdims=True)", "X.var(axis=1, ddof=1, keepdims=True)"),
        names=("unbiased",),
    ),
    bug(
        "LayerNorm",
        "eps outside the square root",
        _edit(
            _LAYER_NORM,
            "np.sqrt(X.var(axis=1, keepdims=True) + self.eps)",
            "np.sqrt(X.var(axis=1, keepdims=True)) + self.eps",
        ),
        names=("eps outside",),
    ),
    bug(
        "LayerNorm",
        "keepdims missing",
        _edit(
            _LAYER_NORM,
            "mean = X.mean(axis=1, keepdims=True)",
            "mean = X.mean(axis=1)",
            "X.var(axis=1, keepdims=True)",
            "X.var(axis=1)",
        ),
        names=("keepdims",),
    ),
    bug(
        "LayerNorm",
        "gamma and beta not applied",
        _edit(
            _LAYER_NORM,
            'return self.params["gamma"] * self.X_hat + self.params["beta"]',
            "return self.X_hat",
        ),
        names=("not applied",),
    ),
    bug(
        "LayerNorm",
        "X changed in place",
        _edit(
            _LAYER_NORM,
            "self.X_hat = (X - mean) / self.std",
            "X -= mean\n        X /= self.std\n        self.X_hat = X",
        ),
        names=("in place",),
    ),
    bug(
        "LayerNorm",
        "eps hard-coded to 1e-5",
        _edit(_LAYER_NORM, "keepdims=True) + self.eps)", "keepdims=True) + 1e-5)"),
        names=("layer's eps",),
    ),
    bug(
        "LayerNorm",
        "no path through the mean",
        _edit(_LAYER_NORM, _LN_DX, "return (G - self.X_hat * GX_mean) / self.std"),
        names=("through the mean",),
    ),
    bug(
        "LayerNorm",
        "no path through the variance",
        _edit(_LAYER_NORM, _LN_DX, "return (G - G_mean) / self.std"),
        names=("through the variance",),
    ),
    bug(
        "LayerNorm",
        "statistics treated as constants",
        _edit(_LAYER_NORM, _LN_DX, "return G / self.std"),
        names=("constants",),
    ),
    bug(
        "LayerNorm",
        "gamma missing from dX",
        _edit(_LAYER_NORM, 'G = dOut * self.params["gamma"]', "G = dOut"),
        names=("gamma is missing",),
    ),
    bug(
        "LayerNorm",
        "gamma applied twice",
        _edit(
            _LAYER_NORM,
            _LN_DX,
            'return self.params["gamma"] * (G - G_mean - self.X_hat * GX_mean) / self.std',
        ),
        names=("twice",),
    ),
    bug(
        "LayerNorm",
        "sums instead of means",
        _edit(
            _LAYER_NORM,
            "G_mean = G.mean(axis=1, keepdims=True)",
            "G_mean = G.sum(axis=1, keepdims=True)",
            "GX_mean = (G * self.X_hat).mean(axis=1, keepdims=True)",
            "GX_mean = (G * self.X_hat).sum(axis=1, keepdims=True)",
        ),
        names=("sums",),
    ),
    bug(
        "LayerNorm",
        "backward's means over the examples (axis=0)",
        _edit(
            _LAYER_NORM,
            "G_mean = G.mean(axis=1, keepdims=True)",
            "G_mean = G.mean(axis=0, keepdims=True)",
            "GX_mean = (G * self.X_hat).mean(axis=1, keepdims=True)",
            "GX_mean = (G * self.X_hat).mean(axis=0, keepdims=True)",
        ),
        names=("axis=0",),
    ),
    bug(
        "LayerNorm",
        "grads['gamma'] summed over the features",
        _edit(
            _LAYER_NORM,
            'self.grads["gamma"] = (dOut * self.X_hat).sum(axis=0)',
            'self.grads["gamma"] = (dOut * self.X_hat).sum(axis=1)',
        ),
        names=("wrong axis",),
    ),
    bug(
        "LayerNorm",
        "grads['gamma'] from X instead of X_hat",
        _edit(
            _LAYER_NORM,
            "self.X_hat = (X - mean) / self.std",
            "self.X_hat = (X - mean) / self.std\n        self.X = X",
            'self.grads["gamma"] = (dOut * self.X_hat).sum(axis=0)',
            'self.grads["gamma"] = (dOut * self.X).sum(axis=0)',
        ),
        names=("computed with X",),
    ),
    bug(
        "LayerNorm",
        "grads['beta'] a mean",
        _edit(
            _LAYER_NORM,
            'self.grads["beta"] = dOut.sum(axis=0)',
            'self.grads["beta"] = dOut.mean(axis=0)',
        ),
        names=("mean over the examples",),
    ),
    bug(
        "LayerNorm",
        "cache of the first forward only",
        _edit(
            _LAYER_NORM,
            "        self.std = np.sqrt(X.var(axis=1, keepdims=True) + self.eps)\n"
            "        self.X_hat = (X - mean) / self.std\n"
            '        return self.params["gamma"] * self.X_hat + self.params["beta"]',
            "        std = np.sqrt(X.var(axis=1, keepdims=True) + self.eps)\n"
            "        X_hat = (X - mean) / std\n"
            '        if not hasattr(self, "X_hat"):\n'
            "            self.std, self.X_hat = std, X_hat\n"
            '        return self.params["gamma"] * X_hat + self.params["beta"]',
        ),
        names=("FIRST",),
    ),
    correct(
        "LayerNorm",
        "a staged computational graph",
        """
class LayerNorm:
    def __init__(self, n_features, eps=1e-5):
        self.params = {"gamma": np.ones(n_features), "beta": np.zeros(n_features)}
        self.grads = {"gamma": np.zeros(n_features), "beta": np.zeros(n_features)}
        self.eps = eps

    def forward(self, X):
        n = X.shape[1]
        mu = X.sum(axis=1, keepdims=True) / n
        xmu = X - mu
        var = (xmu**2).sum(axis=1, keepdims=True) / n
        sqrtvar = np.sqrt(var + self.eps)
        ivar = 1.0 / sqrtvar
        xhat = xmu * ivar
        self.cache = (xmu, ivar, sqrtvar, var, xhat)
        return xhat * self.params["gamma"] + self.params["beta"]

    def backward(self, dOut):
        xmu, ivar, sqrtvar, var, xhat = self.cache
        n = dOut.shape[1]
        self.grads["beta"] = dOut.sum(axis=0)
        self.grads["gamma"] = (dOut * xhat).sum(axis=0)
        dxhat = dOut * self.params["gamma"]
        divar = (dxhat * xmu).sum(axis=1, keepdims=True)
        dxmu1 = dxhat * ivar
        dsqrtvar = -divar / sqrtvar**2
        dvar = 0.5 / np.sqrt(var + self.eps) * dsqrtvar
        dxmu2 = 2 * xmu * dvar / n
        dx1 = dxmu1 + dxmu2
        dmu = -dx1.sum(axis=1, keepdims=True)
        return dx1 + dmu / n
""",
    ),
    correct(
        "LayerNorm",
        "one row at a time, in loops",
        """
class LayerNorm:
    def __init__(self, n_features, eps=1e-5):
        self.params = {"gamma": np.ones(n_features), "beta": np.zeros(n_features)}
        self.grads = {"gamma": np.zeros(n_features), "beta": np.zeros(n_features)}
        self.eps = eps

    def forward(self, X):
        self.rows = []
        out = np.empty(X.shape)
        for i, z in enumerate(X):
            mu = z.mean()
            s = np.sqrt(((z - mu) ** 2).mean() + self.eps)
            z_hat = (z - mu) / s
            self.rows.append((z_hat, s))
            out[i] = self.params["gamma"] * z_hat + self.params["beta"]
        return out

    def backward(self, dOut):
        dX = np.empty(dOut.shape)
        self.grads["gamma"] = np.zeros(dOut.shape[1])
        self.grads["beta"] = np.zeros(dOut.shape[1])
        for i, (z_hat, s) in enumerate(self.rows):
            v = dOut[i]
            self.grads["gamma"] += v * z_hat
            self.grads["beta"] += v
            g = v * self.params["gamma"]
            dX[i] = (g - g.mean() - z_hat * (g * z_hat).mean()) / s
        return dX
""",
    ),
    correct(
        "LayerNorm",
        "the documents' formula with gamma moved inside",
        """
class LayerNorm:
    def __init__(self, n_features, eps=1e-5):
        self.params = {"gamma": np.ones(n_features), "beta": np.zeros(n_features)}
        self.grads = {"gamma": np.zeros(n_features), "beta": np.zeros(n_features)}
        self.eps = eps

    def forward(self, X):
        self.X = X
        self.mu = np.mean(X, axis=-1, keepdims=True)
        self.var = np.mean((X - self.mu) ** 2, axis=-1, keepdims=True)
        return self.params["gamma"] * (X - self.mu) / np.sqrt(self.var + self.eps) + self.params["beta"]

    def backward(self, dOut):
        X, mu, var = self.X, self.mu, self.var
        self.grads["gamma"] = np.sum(dOut * (X - mu) / np.sqrt(var + self.eps), axis=0)
        self.grads["beta"] = np.sum(dOut, axis=0)
        v = dOut * self.params["gamma"]  # the documents' v, once gamma is inside
        return (1.0 / np.sqrt(var + self.eps)) * (
            v
            - np.mean(v, axis=-1, keepdims=True)
            - (X - mu) / (var + self.eps) * np.mean(v * (X - mu), axis=-1, keepdims=True)
        )
""",
    ),
    correct(
        "LayerNorm",
        "batch norm's formula on the transpose",
        """
def _standardise_columns(A, eps):
    mean, var = A.mean(axis=0), A.var(axis=0)
    std = np.sqrt(var + eps)
    return (A - mean) / std, std


class LayerNorm:
    def __init__(self, n_features, eps=1e-5):
        self.params = {"gamma": np.ones(n_features), "beta": np.zeros(n_features)}
        self.grads = {"gamma": np.zeros(n_features), "beta": np.zeros(n_features)}
        self.eps = eps

    def forward(self, X):
        hat_T, std = _standardise_columns(X.T, self.eps)  # rows of X are columns of X.T
        self.hat_T, self.std = hat_T, std
        return self.params["gamma"] * hat_T.T + self.params["beta"]

    def backward(self, dOut):
        hat = self.hat_T.T
        self.grads["gamma"] = np.einsum("ij,ij->j", dOut, hat)
        self.grads["beta"] = dOut.sum(axis=0)
        G_T = (dOut * self.params["gamma"]).T
        dX_T = (G_T - G_T.mean(axis=0) - self.hat_T * (G_T * self.hat_T).mean(axis=0)) / self.std
        return dX_T.T
""",
    ),
    # ------------------------------------------------------------------ Dropout
    bug(
        "Dropout",
        "no 1/(1 - p) scaling",
        _edit(_DROPOUT, "self.scale = keep / (1.0 - self.p)", "self.scale = keep * 1.0"),
        names=("1 - p",),
    ),
    bug(
        "Dropout",
        "classic dropout: unscaled in training, times 1 - p in evaluation",
        _edit(
            _DROPOUT,
            "            self.scale = None\n            return X",
            "            self.scale = None\n            return X * (1 - self.p)",
            "self.scale = keep / (1.0 - self.p)",
            "self.scale = keep * 1.0",
        ),
        names=("1 - p",),
    ),
    bug(
        "Dropout",
        "divided by p",
        _edit(_DROPOUT, "self.scale = keep / (1.0 - self.p)", "self.scale = keep / self.p"),
        names=("divided by p",),
    ),
    bug(
        "Dropout",
        "scaled by 1 - p in training",
        _edit(_DROPOUT, "self.scale = keep / (1.0 - self.p)", "self.scale = keep * (1.0 - self.p)"),
        names=("scaled by 1 - p in training",),
    ),
    bug(
        "Dropout",
        "kept where the draw is below p",
        _edit(
            _DROPOUT,
            "keep = self.rng.random(X.shape) >= self.p",
            "keep = self.rng.random(X.shape) < self.p",
        ),
        names=("< p",),
    ),
    bug(
        "Dropout",
        "kept where the draw is below 1 - p",
        _edit(
            _DROPOUT,
            "keep = self.rng.random(X.shape) >= self.p",
            "keep = self.rng.random(X.shape) < 1 - self.p",
        ),
        names=("< 1 - p",),
    ),
    bug(
        "Dropout",
        "one mask per feature",
        _edit(
            _DROPOUT,
            "keep = self.rng.random(X.shape) >= self.p",
            "keep = self.rng.random(X.shape[1]) >= self.p",
        ),
        names=("one mask per feature",),
    ),
    bug(
        "Dropout",
        "the generator restarted at every forward",
        _edit(
            _DROPOUT,
            "self.p, self.rng = p, rng",
            "self.p, self.rng = p, rng\n        self.start = rng.bit_generator.state",
            "keep = self.rng.random(X.shape) >= self.p",
            "self.rng.bit_generator.state = self.start\n        keep = self.rng.random(X.shape) >= self.p",
        ),
        names=("same mask",),
    ),
    bug(
        "Dropout",
        "NumPy's global generator",
        _edit(
            _DROPOUT,
            "keep = self.rng.random(X.shape) >= self.p",
            "keep = np.random.default_rng().random(X.shape) >= self.p",
        ),
        names=("generator",),
    ),
    bug(
        "Dropout",
        "two draws per forward",
        _edit(
            _DROPOUT,
            "keep = self.rng.random(X.shape) >= self.p",
            "self.rng.random(X.shape)  # a look at the noise first\n        keep = self.rng.random(X.shape) >= self.p",
        ),
        names=("second draw", "twice"),
    ),
    bug(
        "Dropout",
        "dropout in evaluation mode",
        _edit(
            _DROPOUT,
            "        if not self.training:\n            self.scale = None\n            return X\n",
            "",
        ),
        names=("dropout in evaluation mode",),
    ),
    bug(
        "Dropout",
        "evaluation draws from the generator",
        _edit(
            _DROPOUT,
            "        if not self.training:\n            self.scale = None\n            return X\n"
            "        keep = self.rng.random(X.shape) >= self.p\n",
            "        keep = self.rng.random(X.shape) >= self.p\n"
            "        if not self.training:\n            self.scale = None\n            return X\n",
        ),
        names=("draw only in training",),
    ),
    bug(
        "Dropout",
        "scaled by 1 / (1 - p) in evaluation too",
        _edit(
            _DROPOUT,
            "            self.scale = None\n            return X",
            "            self.scale = None\n            return X / (1.0 - self.p)",
        ),
        names=("belongs to training",),
    ),
    bug(
        "Dropout",
        "the last mask in evaluation's backward",
        _edit(
            _DROPOUT,
            "        if not self.training:\n            self.scale = None\n            return X",
            "        if not self.training:\n            return X",
        ),
        names=("training mask applied",),
    ),
    bug(
        "Dropout",
        "backward without 1/(1 - p)",
        _edit(
            _DROPOUT, "        return dOut * self.scale", "        return dOut * (self.scale > 0)"
        ),
        names=("without 1/(1 - p)",),
    ),
    bug(
        "Dropout",
        "backward ignores the mask",
        _edit(_DROPOUT, "        return dOut * self.scale", "        return dOut"),
        names=("ignores the mask",),
    ),
    bug(
        "Dropout",
        "backward draws a new mask",
        _edit(
            _DROPOUT,
            "        return dOut * self.scale",
            "        return dOut * (self.rng.random(dOut.shape) >= self.p) / (1.0 - self.p)",
        ),
        names=("new mask",),
    ),
    bug(
        "Dropout",
        "backward uses the first forward's mask",
        _edit(
            _DROPOUT,
            "        self.scale = keep / (1.0 - self.p)\n        return X * self.scale",
            "        scale = keep / (1.0 - self.p)\n"
            '        if getattr(self, "scale", None) is None:\n'
            "            self.scale = scale\n"
            "        return X * scale",
        ),
        names=("first forward's mask",),
    ),
    bug(
        "Dropout",
        "X changed in place",
        _edit(
            _DROPOUT, "        return X * self.scale", "        X *= self.scale\n        return X"
        ),
        names=("in place",),
    ),
    bug(
        "Dropout",
        "a new layer in evaluation mode",
        _edit(_DROPOUT, "self.training = True", "self.training = False"),
        names=("training = True",),
    ),
    correct(
        "Dropout",
        "rng.uniform and np.where, a copy in evaluation",
        """
class Dropout:
    def __init__(self, p, rng):
        self.p = p
        self.rng = rng
        self.params = {}
        self.grads = {}
        self.training = True
        self.keep = None

    def forward(self, X):
        if self.training:
            self.keep = self.rng.uniform(0.0, 1.0, size=X.shape) >= self.p
            return np.where(self.keep, X / (1 - self.p), 0.0)
        self.keep = None
        return X.copy()

    def backward(self, dOut):
        if self.keep is None:
            return dOut.copy()
        return np.where(self.keep, dOut / (1 - self.p), 0.0)
""",
    ),
    correct(
        "Dropout",
        "a strict comparison, the mode kept with the mask",
        """
class Dropout:
    def __init__(self, p, rng):
        self.p, self.rng, self.training = p, rng, True
        self.params, self.grads = dict(), dict()

    def forward(self, X):
        self.last = ("eval", None)
        if not self.training:
            return X
        mask = (self.rng.random(X.shape) > self.p).astype(float)
        self.last = ("train", mask)
        return X * mask / (1 - self.p)

    def backward(self, dOut):
        mode, mask = self.last
        return dOut if mode == "eval" else dOut * mask / (1 - self.p)
""",
    ),
    correct(
        "Dropout",
        "the dropped entries as the complement",
        """
class Dropout:
    def __init__(self, p, rng):
        self.p = float(p)
        self.rng = rng
        self.params, self.grads = {}, {}
        self.training = True

    def forward(self, X):
        self.factor = np.ones(X.shape)
        if self.training:
            dropped = self.rng.random(X.shape) < self.p
            self.factor = np.where(dropped, 0.0, 1.0 / (1.0 - self.p))
        return X * self.factor

    def backward(self, dOut):
        return dOut * self.factor
""",
    ),
    # ------------------------------------------------------------------ fold_batch_norm
    bug(
        "fold_batch_norm",
        "eps outside the square root",
        _edit(_FOLD, "np.sqrt(running_var + eps)", "(np.sqrt(running_var) + eps)"),
        names=("eps outside",),
    ),
    bug(
        "fold_batch_norm",
        "W divided by s",
        _edit(_FOLD, "return W * s,", "return W / s,"),
        names=("divided by s",),
    ),
    bug(
        "fold_batch_norm",
        "gamma missing",
        _edit(
            _FOLD, "s = gamma / np.sqrt(running_var + eps)", "s = 1.0 / np.sqrt(running_var + eps)"
        ),
        names=("gamma is missing",),
    ),
    bug(
        "fold_batch_norm",
        "running_var taken for a standard deviation",
        _edit(_FOLD, "s = gamma / np.sqrt(running_var + eps)", "s = gamma / (running_var + eps)"),
        names=("standard deviation",),
    ),
    bug(
        "fold_batch_norm",
        "the rows of W scaled",
        _edit(_FOLD, "return W * s,", "return W * s[:, None],"),
        names=("rows", "columns"),
    ),
    bug(
        "fold_batch_norm",
        "running_mean not subtracted",
        _edit(_FOLD, "(b - running_mean) * s + beta", "b * s + beta"),
        names=("not subtracted",),
    ),
    bug(
        "fold_batch_norm",
        "beta missing",
        _edit(_FOLD, "(b - running_mean) * s + beta", "(b - running_mean) * s"),
        names=("beta is missing",),
    ),
    bug(
        "fold_batch_norm",
        "b not scaled",
        _edit(_FOLD, "(b - running_mean) * s + beta", "b - running_mean * s + beta"),
        names=("not scaled",),
    ),
    bug(
        "fold_batch_norm",
        "running_mean added",
        _edit(_FOLD, "(b - running_mean) * s + beta", "(b + running_mean) * s + beta"),
        names=("added instead",),
    ),
    bug(
        "fold_batch_norm",
        "eps argument ignored",
        _edit(_FOLD, "np.sqrt(running_var + eps)", "np.sqrt(running_var + 1e-5)"),
        names=("eps argument",),
    ),
    bug(
        "fold_batch_norm",
        "W changed in place",
        _edit(_FOLD, "return W * s,", "W *= s\n    return W,"),
        names=("in place",),
    ),
    correct(
        "fold_batch_norm",
        "a diagonal matrix",
        """
def fold_batch_norm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    scale = np.diag(gamma / np.sqrt(running_var + eps))
    return W @ scale, (b - running_mean) @ scale + beta
""",
    ),
    correct(
        "fold_batch_norm",
        "einsum and an inverse square root",
        """
def fold_batch_norm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    inv = (running_var + eps) ** -0.5
    W_folded = np.einsum("ij,j->ij", W, gamma * inv)
    b_folded = gamma * inv * b - gamma * inv * running_mean + beta
    return W_folded, b_folded
""",
    ),
    correct(
        "fold_batch_norm",
        "column by column",
        """
def fold_batch_norm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    W_folded = np.array(W, dtype=float)
    b_folded = np.zeros(len(b))
    for j in range(W_folded.shape[1]):
        s = gamma[j] / np.sqrt(running_var[j] + eps)
        W_folded[:, j] = W_folded[:, j] * s
        b_folded[j] = s * (b[j] - running_mean[j]) + beta[j]
    return W_folded, b_folded
""",
    ),
    correct(
        "fold_batch_norm",
        "the batch norm applied to the layer's outputs",
        """
def fold_batch_norm(W, b, gamma, beta, running_mean, running_var, eps=1e-5):
    def normalise(Z):
        return gamma * (Z - running_mean) / np.sqrt(running_var + eps) + beta

    b_folded = normalise(b)  # what the two layers give for an input of zeros
    W_folded = normalise(W + b) - b_folded  # each row: the input e_i, minus the constant part
    return W_folded, b_folded
""",
    ),
]
