"""Buggy and correct implementations for lesson 11 (convolution and pooling layers).

Most bugs are made by editing one piece of a correct solution (``_edit``), so that each
variant differs from working code in exactly one place; correct variants are written out in
full, each in another style (kernel-offset loops, sliding windows and einsum, scalar loops,
np.add.at, the transposed convolution built on the student's own forward function).
"""

from autograder.authoring.bank import bug, correct


def _edit(base, *pairs):
    """``base`` with each ``old`` replaced by ``new`` (each ``old`` must be there)."""
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in base, old
        base = base.replace(old, new, 1)
    return base


# ------------------------------- correct solutions the bugs edit (the answer key's, or close)

_CONV1D = """
def conv1d(x, w, b, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = (L + 2 * padding - k) // stride + 1
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    y = np.empty((m, C_out, L_out))
    for t in range(L_out):
        window = x_pad[:, :, stride * t : stride * t + k]  # (m, C_in, k)
        y[:, :, t] = np.einsum("icj,ocj->io", window, w) + b
    return y
"""

_CONV1D_BACKWARD = """
def conv1d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = dy.shape[2]
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    dx_pad = np.zeros(x_pad.shape)
    dw = np.zeros(w.shape)
    for t in range(L_out):
        start = stride * t
        g = dy[:, :, t]  # (m, C_out): how much output t of each channel matters
        dx_pad[:, :, start : start + k] += np.einsum("io,ocj->icj", g, w)
        dw += np.einsum("io,icj->ocj", g, x_pad[:, :, start : start + k])
    db = dy.sum(axis=(0, 2))
    return dx_pad[:, :, padding : padding + L], dw, db
"""

_CONV2D = """
def conv2d(x, w, b, stride=1, padding=0):
    m, C_in, H, W = x.shape
    C_out, _, kH, kW = w.shape
    H_out = (H + 2 * padding - kH) // stride + 1
    W_out = (W + 2 * padding - kW) // stride + 1
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    y = np.empty((m, C_out, H_out, W_out))
    for r in range(H_out):
        for c in range(W_out):
            top, left = stride * r, stride * c
            window = x_pad[:, :, top : top + kH, left : left + kW]  # (m, C_in, kH, kW)
            y[:, :, r, c] = np.einsum("ichw,ochw->io", window, w) + b
    return y
"""

_CONV2D_BACKWARD = """
def conv2d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, H, W = x.shape
    C_out, _, kH, kW = w.shape
    _, _, H_out, W_out = dy.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dx_pad = np.zeros(x_pad.shape)
    dw = np.zeros(w.shape)
    for r in range(H_out):
        for c in range(W_out):
            top, left = stride * r, stride * c
            g = dy[:, :, r, c]  # (m, C_out)
            dx_pad[:, :, top : top + kH, left : left + kW] += np.einsum("io,ochw->ichw", g, w)
            dw += np.einsum("io,ichw->ochw", g, x_pad[:, :, top : top + kH, left : left + kW])
    db = dy.sum(axis=(0, 2, 3))
    return dx_pad[:, :, padding : padding + H, padding : padding + W], dw, db
"""

_IM2COL = """
def im2col(x, kH, kW, stride=1, padding=0):
    m, C, H, W = x.shape
    H_out = (H + 2 * padding - kH) // stride + 1
    W_out = (W + 2 * padding - kW) // stride + 1
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    cols = np.empty((m, H_out, W_out, C, kH, kW))
    for p in range(kH):
        for q in range(kW):
            rows = slice(p, p + stride * (H_out - 1) + 1, stride)
            columns = slice(q, q + stride * (W_out - 1) + 1, stride)
            cols[:, :, :, :, p, q] = x_pad[:, :, rows, columns].transpose(0, 2, 3, 1)
    return cols.reshape(m * H_out * W_out, C * kH * kW)
"""

_CONV2D_LAYER = """
class Conv2d:
    def __init__(self, C_in, C_out, k, rng, stride=1, padding=0):
        std = np.sqrt(2.0 / (C_in * k * k))
        self.params = {
            "W": rng.standard_normal((C_out, C_in, k, k)) * std,
            "b": np.zeros(C_out),
        }
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self.stride, self.padding = stride, padding

    def forward(self, X):
        W = self.params["W"]
        C_out, _, k, _ = W.shape
        m, _, H, W_in = X.shape
        s, p = self.stride, self.padding
        H_out, W_out = (H + 2 * p - k) // s + 1, (W_in + 2 * p - k) // s + 1
        self.X_shape = X.shape
        self.cols = im2col(X, k, k, s, p)
        Y = self.cols @ W.reshape(C_out, -1).T + self.params["b"]
        return Y.reshape(m, H_out, W_out, C_out).transpose(0, 3, 1, 2)

    def backward(self, dOut):
        W = self.params["W"]
        C_out, C_in, k, _ = W.shape
        m, _, H, W_in = self.X_shape
        s, p = self.stride, self.padding
        _, _, H_out, W_out = dOut.shape
        G = dOut.transpose(0, 2, 3, 1).reshape(-1, C_out)
        self.grads["W"] = (G.T @ self.cols).reshape(W.shape)
        self.grads["b"] = G.sum(axis=0)
        dcols = (G @ W.reshape(C_out, -1)).reshape(m, H_out, W_out, C_in, k, k)
        dX_pad = np.zeros((m, C_in, H + 2 * p, W_in + 2 * p))
        for a in range(k):
            for c in range(k):
                rows = slice(a, a + s * (H_out - 1) + 1, s)
                columns = slice(c, c + s * (W_out - 1) + 1, s)
                dX_pad[:, :, rows, columns] += dcols[:, :, :, :, a, c].transpose(0, 3, 1, 2)
        return dX_pad[:, :, p : p + H, p : p + W_in]
"""

_MAXPOOL = """
class MaxPool2d:
    def __init__(self, size=2, stride=None):
        self.size = size
        self.stride = size if stride is None else stride
        self.params, self.grads = {}, {}

    def forward(self, X):
        m, C, H, W = X.shape
        k, s = self.size, self.stride
        H_out, W_out = (H - k) // s + 1, (W - k) // s + 1
        self.X_shape = X.shape
        best, self.where = None, np.zeros((m, C, H_out, W_out), dtype=int)
        for a in range(k):
            for c in range(k):
                rows = slice(a, a + s * (H_out - 1) + 1, s)
                columns = slice(c, c + s * (W_out - 1) + 1, s)
                value = X[:, :, rows, columns]
                if best is None:
                    best = value.copy()
                    continue
                later = value > best
                best = np.where(later, value, best)
                self.where[later] = a * k + c
        return best

    def backward(self, dOut):
        k, s = self.size, self.stride
        _, _, H_out, W_out = dOut.shape
        dX = np.zeros(self.X_shape)
        for a in range(k):
            for c in range(k):
                rows = slice(a, a + s * (H_out - 1) + 1, s)
                columns = slice(c, c + s * (W_out - 1) + 1, s)
                dX[:, :, rows, columns] += np.where(self.where == a * k + c, dOut, 0.0)
        return dX
"""

# A bug of a function that another exercise builds on costs points in that exercise's
# cells only when it makes the other exercise impossible to judge; none does here: the
# tests of conv1d_backward, conv2d_backward and Conv2d check the exercises they may build
# on before they charge a failure.
CHARGED_ELSEWHERE: dict = {}

VARIANTS = [
    # ------------------------------------------------------------------------- conv1d
    bug(
        "conv1d",
        "kernel flipped (a true convolution)",
        _edit(
            _CONV1D,
            'np.einsum("icj,ocj->io", window, w)',
            'np.einsum("icj,ocj->io", window, w[:, :, ::-1])',
        ),
        names=("flipped",),
    ),
    bug(
        "conv1d",
        "bias missing",
        _edit(
            _CONV1D,
            'np.einsum("icj,ocj->io", window, w) + b',
            'np.einsum("icj,ocj->io", window, w)',
        ),
        names=("bias",),
    ),
    bug(
        "conv1d",
        "padded at the end only",
        _edit(
            _CONV1D, "((0, 0), (0, 0), (padding, padding))", "((0, 0), (0, 0), (0, 2 * padding))"
        ),
        names=("both ends",),
    ),
    bug(
        "conv1d",
        "padded by p + 1",
        _edit(
            _CONV1D,
            "((0, 0), (0, 0), (padding, padding))",
            "((0, 0), (0, 0), (padding + 1, padding + 1))",
        ),
        names=("off by one",),
    ),
    bug(
        "conv1d",
        "np.pad pads every axis",
        _edit(_CONV1D, "np.pad(x, ((0, 0), (0, 0), (padding, padding)))", "np.pad(x, padding)"),
        names=("every axis",),
    ),
    bug(
        "conv1d",
        "output size without + 1",
        _edit(
            _CONV1D,
            "L_out = (L + 2 * padding - k) // stride + 1",
            "L_out = (L + 2 * padding - k) // stride",
        ),
        names=("+ 1",),
    ),
    bug(
        "conv1d",
        "output size rounds up",
        _edit(
            _CONV1D,
            "L_out = (L + 2 * padding - k) // stride + 1",
            "L_out = -(-(L + 2 * padding - k) // stride) + 1",
        ),
        names=("rounds up", "sticks out", "output size"),
    ),
    bug(
        "conv1d",
        "output size ignores the padding",
        _edit(
            _CONV1D, "L_out = (L + 2 * padding - k) // stride + 1", "L_out = (L - k) // stride + 1"
        ),
        names=("padding is missing",),
    ),
    bug(
        "conv1d",
        "stride ignored in the windows",
        _edit(
            _CONV1D,
            "window = x_pad[:, :, stride * t : stride * t + k]",
            "window = x_pad[:, :, t : t + k]",
        ),
        names=("stride",),
    ),
    bug(
        "conv1d",
        "stride ignored everywhere",
        _edit(
            _CONV1D,
            "L_out = (L + 2 * padding - k) // stride + 1",
            "L_out = L + 2 * padding - k + 1",
            "window = x_pad[:, :, stride * t : stride * t + k]",
            "window = x_pad[:, :, t : t + k]",
        ),
        names=("stride is ignored",),
    ),
    bug(
        "conv1d",
        "only the first input channel",
        _edit(
            _CONV1D,
            'np.einsum("icj,ocj->io", window, w)',
            'np.einsum("ij,oj->io", window[:, 0], w[:, 0])',
        ),
        names=("channel",),
    ),
    bug(
        "conv1d",
        "kernel axes (C_in, C_out) swapped",
        _edit(
            _CONV1D, 'np.einsum("icj,ocj->io", window, w)', 'np.einsum("icj,coj->io", window, w)'
        ),
        names=("(C_out, C_in, k)", "swapped"),
    ),
    bug(
        "conv1d",
        "edge padding instead of zeros",
        _edit(
            _CONV1D,
            "np.pad(x, ((0, 0), (0, 0), (padding, padding)))",
            'np.pad(x, ((0, 0), (0, 0), (padding, padding)), mode="edge")',
        ),
        names=("zeros",),
    ),
    bug(
        "conv1d",
        "output of the input's dtype",
        _edit(
            _CONV1D,
            "y = np.empty((m, C_out, L_out))",
            "y = np.empty((m, C_out, L_out), dtype=x.dtype)",
        ),
        names=("float64",),
    ),
    correct(
        "conv1d",
        "loop over the kernel taps",
        """
def conv1d(x, w, b, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = (L + 2 * padding - k) // stride + 1
    x_pad = np.zeros((m, C_in, L + 2 * padding))
    x_pad[:, :, padding : padding + L] = x
    y = np.zeros((m, C_out, L_out)) + b[None, :, None]
    for j in range(k):
        shifted = x_pad[:, :, j : j + stride * (L_out - 1) + 1 : stride]  # (m, C_in, L_out)
        y += np.einsum("ict,oc->iot", shifted, w[:, :, j])
    return y
""",
    ),
    correct(
        "conv1d",
        "sliding_window_view and tensordot",
        """
def conv1d(x, w, b, stride=1, padding=0):
    k = w.shape[2]
    x_pad = np.pad(np.asarray(x, dtype=float), [(0, 0), (0, 0), (padding, padding)])
    windows = np.lib.stride_tricks.sliding_window_view(x_pad, k, axis=2)[:, :, ::stride]
    y = np.tensordot(windows, w, axes=([1, 3], [1, 2]))  # (m, L_out, C_out)
    return y.transpose(0, 2, 1) + b[:, None]
""",
    ),
    correct(
        "conv1d",
        "scalar loops",
        """
def conv1d(x, w, b, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = (L + 2 * padding - k) // stride + 1
    y = np.zeros((m, C_out, L_out))
    for i in range(m):
        for o in range(C_out):
            for t in range(L_out):
                total = float(b[o])
                for c in range(C_in):
                    for j in range(k):
                        u = stride * t + j - padding  # index into the unpadded x
                        if 0 <= u < L:
                            total += w[o, c, j] * x[i, c, u]
                y[i, o, t] = total
    return y
""",
    ),
    correct(
        "conv1d",
        "np.correlate per channel pair",
        """
def conv1d(x, w, b, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out = w.shape[0]
    x_pad = np.pad(x.astype(float), ((0, 0), (0, 0), (padding, padding)))
    rows = []
    for i in range(m):
        per_kernel = []
        for o in range(C_out):
            full = sum(np.correlate(x_pad[i, c], w[o, c], mode="valid") for c in range(C_in))
            per_kernel.append(full[::stride] + b[o])
        rows.append(per_kernel)
    return np.array(rows)
""",
    ),
    correct(
        "conv1d",
        "a matrix of windows and one product",
        """
def conv1d(x, w, b, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = (L + 2 * padding - k) // stride + 1
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    starts = stride * np.arange(L_out)
    index = starts[:, None] + np.arange(k)[None, :]  # (L_out, k)
    windows = x_pad[:, :, index]  # (m, C_in, L_out, k)
    rows = windows.transpose(0, 2, 1, 3).reshape(m * L_out, C_in * k)
    y = rows @ w.reshape(C_out, -1).T + b
    return y.reshape(m, L_out, C_out).transpose(0, 2, 1).astype(float)
""",
    ),
    # ---------------------------------------------------------------- conv1d_backward
    bug(
        "conv1d_backward",
        "dx by the documents' transpose read literally (kernel not flipped)",
        """
def conv1d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = dy.shape[2]
    dilated = np.zeros((m, C_out, stride * (L_out - 1) + 1))
    dilated[:, :, ::stride] = dy
    full = conv1d(np.pad(dilated, ((0, 0), (0, 0), (k - 1, k - 1))), w.transpose(1, 0, 2), np.zeros(C_in))
    dx_pad = np.zeros((m, C_in, L + 2 * padding))
    dx_pad[:, :, : full.shape[2]] = full
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    dw = np.zeros(w.shape)
    for t in range(L_out):
        dw += np.einsum("io,icj->ocj", dy[:, :, t], x_pad[:, :, stride * t : stride * t + k])
    return dx_pad[:, :, padding : padding + L], dw, dy.sum(axis=(0, 2))
""",
        names=("flipped",),
    ),
    bug(
        "conv1d_backward",
        "stride ignored in the backward pass",
        _edit(_CONV1D_BACKWARD, "start = stride * t", "start = t"),
        names=("stride",),
    ),
    bug(
        "conv1d_backward",
        "assigns where windows overlap",
        _edit(
            _CONV1D_BACKWARD,
            'dx_pad[:, :, start : start + k] += np.einsum("io,ocj->icj", g, w)',
            'dx_pad[:, :, start : start + k] = np.einsum("io,ocj->icj", g, w)',
        ),
        names=("add up", "overlap"),
    ),
    bug(
        "conv1d_backward",
        "db summed over the examples only",
        _edit(_CONV1D_BACKWARD, "db = dy.sum(axis=(0, 2))", "db = dy.sum(axis=0)"),
        names=("positions",),
    ),
    bug(
        "conv1d_backward",
        "db summed over the positions only",
        _edit(_CONV1D_BACKWARD, "db = dy.sum(axis=(0, 2))", "db = dy.sum(axis=2)"),
        names=("examples",),
    ),
    bug(
        "conv1d_backward",
        "db as the mean",
        _edit(_CONV1D_BACKWARD, "db = dy.sum(axis=(0, 2))", "db = dy.mean(axis=(0, 2))"),
        names=("mean",),
    ),
    bug(
        "conv1d_backward",
        "dw divided by m",
        _edit(
            _CONV1D_BACKWARD,
            "    db = dy.sum(axis=(0, 2))\n",
            "    db = dy.sum(axis=(0, 2))\n    dw = dw / m\n",
        ),
        names=("1/m",),
    ),
    bug(
        "conv1d_backward",
        "dx still padded",
        _edit(
            _CONV1D_BACKWARD,
            "return dx_pad[:, :, padding : padding + L], dw, db",
            "return dx_pad, dw, db",
        ),
        names=("padded", "crop"),
    ),
    bug(
        "conv1d_backward",
        "crop [p:-p] (empty at p = 0)",
        _edit(
            _CONV1D_BACKWARD,
            "return dx_pad[:, :, padding : padding + L], dw, db",
            "return dx_pad[:, :, padding:-padding], dw, db",
        ),
        names=("p:-p",),
    ),
    bug(
        "conv1d_backward",
        "dw flipped",
        _edit(
            _CONV1D_BACKWARD,
            "return dx_pad[:, :, padding : padding + L], dw, db",
            "return dx_pad[:, :, padding : padding + L], dw[:, :, ::-1], db",
        ),
        names=("flipped",),
    ),
    bug(
        "conv1d_backward",
        "dw from the unpadded x",
        _edit(
            _CONV1D_BACKWARD,
            'dw += np.einsum("io,icj->ocj", g, x_pad[:, :, start : start + k])',
            'dw += np.einsum("io,icj->ocj", g, np.pad(x, ((0, 0), (0, 0), (0, k)))[:, :, start : start + k])',
        ),
        names=("padded x",),
    ),
    bug(
        "conv1d_backward",
        "transposed convolution without dilating dy",
        """
def conv1d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = dy.shape[2]
    full = conv1d(np.pad(dy, ((0, 0), (0, 0), (k - 1, k - 1))), w.transpose(1, 0, 2)[:, :, ::-1], np.zeros(C_in))
    dx_pad = np.zeros((m, C_in, L + 2 * padding))
    n = min(full.shape[2], dx_pad.shape[2])
    dx_pad[:, :, :n] = full[:, :, :n]
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    dw = np.zeros(w.shape)
    for t in range(L_out):
        dw += np.einsum("io,icj->ocj", dy[:, :, t], x_pad[:, :, stride * t : stride * t + k])
    return dx_pad[:, :, padding : padding + L], dw, dy.sum(axis=(0, 2))
""",
        names=("stride", "dilat"),
    ),
    bug(
        "conv1d_backward",
        "kernel channels not swapped for dx",
        _edit(_CONV1D_BACKWARD, 'np.einsum("io,ocj->icj", g, w)', 'np.einsum("io,coj->icj", g, w)'),
        names=("swapped", "C_in and C_out"),
    ),
    bug(
        "conv1d_backward",
        "dx with a 1/m",
        _edit(
            _CONV1D_BACKWARD,
            "return dx_pad[:, :, padding : padding + L], dw, db",
            "return dx_pad[:, :, padding : padding + L] / m, dw, db",
        ),
        names=("1/m",),
    ),
    bug(
        "conv1d_backward",
        "flips the kernel in place (w changed)",
        """
def conv1d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = dy.shape[2]
    dilated = np.zeros((m, C_out, stride * (L_out - 1) + 1))
    dilated[:, :, ::stride] = dy
    flipped = w.transpose(1, 0, 2)
    flipped[:] = flipped[:, :, ::-1]  # a view of w: this flips w itself
    full = conv1d(np.pad(dilated, ((0, 0), (0, 0), (k - 1, k - 1))), flipped, np.zeros(C_in))
    dx_pad = np.zeros((m, C_in, L + 2 * padding))
    dx_pad[:, :, : full.shape[2]] = full
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    dw = np.zeros((C_out, C_in, k))
    for t in range(L_out):
        dw += np.einsum("io,icj->ocj", dy[:, :, t], x_pad[:, :, stride * t : stride * t + k])
    return dx_pad[:, :, padding : padding + L], dw, dy.sum(axis=(0, 2))
""",
        names=("in place",),
    ),
    correct(
        "conv1d_backward",
        "transposed convolution with your conv1d",
        """
def conv1d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = dy.shape[2]
    # dx: dilate dy, pad it by k - 1, correlate with the flipped kernels (C_in, C_out swapped).
    dilated = np.zeros((m, C_out, stride * (L_out - 1) + 1))
    dilated[:, :, ::stride] = dy
    flipped = w.transpose(1, 0, 2)[:, :, ::-1]
    full = conv1d(np.pad(dilated, ((0, 0), (0, 0), (k - 1, k - 1))), flipped, np.zeros(C_in))
    dx_pad = np.zeros((m, C_in, L + 2 * padding))
    dx_pad[:, :, : full.shape[2]] = full  # inputs no window reached stay 0
    # dw: the correlation of the padded x with the dilated dy, one kernel tap at a time.
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    dw = np.empty(w.shape)
    for j in range(k):
        taps = x_pad[:, :, j : j + stride * (L_out - 1) + 1 : stride]  # (m, C_in, L_out)
        dw[:, :, j] = np.einsum("iot,ict->oc", dy, taps)
    return dx_pad[:, :, padding : padding + L], dw, dy.sum(axis=(0, 2))
""",
    ),
    correct(
        "conv1d_backward",
        "loop over the kernel taps",
        """
def conv1d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, L = x.shape
    k = w.shape[2]
    L_out = dy.shape[2]
    x_pad = np.zeros((m, C_in, L + 2 * padding))
    x_pad[:, :, padding : padding + L] = x
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros(w.shape)
    for j in range(k):
        where = slice(j, j + stride * (L_out - 1) + 1, stride)
        dx_pad[:, :, where] += np.einsum("iot,oc->ict", dy, w[:, :, j])
        dw[:, :, j] = np.einsum("iot,ict->oc", dy, x_pad[:, :, where])
    return dx_pad[:, :, padding : padding + L], dw, dy.sum(axis=2).sum(axis=0)
""",
    ),
    correct(
        "conv1d_backward",
        "np.add.at on an index matrix",
        """
def conv1d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = dy.shape[2]
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    index = stride * np.arange(L_out)[:, None] + np.arange(k)[None, :]  # (L_out, k)
    windows = x_pad[:, :, index]  # (m, C_in, L_out, k)
    dw = np.einsum("iot,ictj->ocj", dy, windows)
    contributions = np.einsum("iot,ocj->ictj", dy, w)  # (m, C_in, L_out, k)
    dx_pad = np.zeros(x_pad.shape)
    np.add.at(dx_pad, (slice(None), slice(None), index), contributions)
    return dx_pad[:, :, padding : padding + L], dw, np.einsum("iot->o", dy)
""",
    ),
    correct(
        "conv1d_backward",
        "scalar loops",
        """
def conv1d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, L = x.shape
    C_out, _, k = w.shape
    L_out = dy.shape[2]
    dx = np.zeros((m, C_in, L))
    dw = np.zeros((C_out, C_in, k))
    db = np.zeros(C_out)
    for i in range(m):
        for o in range(C_out):
            for t in range(L_out):
                g = dy[i, o, t]
                db[o] += g
                for c in range(C_in):
                    for j in range(k):
                        u = stride * t + j - padding
                        if 0 <= u < L:
                            dx[i, c, u] += g * w[o, c, j]
                            dw[o, c, j] += g * x[i, c, u]
    return dx, dw, db
""",
    ),
    # ------------------------------------------------------------------------- conv2d
    bug(
        "conv2d",
        "kernel flipped (a true convolution)",
        _edit(
            _CONV2D,
            'np.einsum("ichw,ochw->io", window, w)',
            'np.einsum("ichw,ochw->io", window, w[:, :, ::-1, ::-1])',
        ),
        names=("flipped",),
    ),
    bug(
        "conv2d",
        "kernel flipped along the rows only",
        _edit(
            _CONV2D,
            'np.einsum("ichw,ochw->io", window, w)',
            'np.einsum("ichw,ochw->io", window, w[:, :, ::-1, :])',
        ),
        names=("flipped",),
    ),
    bug(
        "conv2d",
        "kernel transposed",
        _edit(
            _CONV2D,
            'np.einsum("ichw,ochw->io", window, w)',
            'np.einsum("ichw,ocwh->io", window, w)',
        ),
        names=("transposed",),
    ),
    bug(
        "conv2d",
        "bias missing",
        _edit(
            _CONV2D,
            'np.einsum("ichw,ochw->io", window, w) + b',
            'np.einsum("ichw,ochw->io", window, w)',
        ),
        names=("bias",),
    ),
    bug(
        "conv2d",
        "stride ignored in the windows",
        _edit(_CONV2D, "top, left = stride * r, stride * c", "top, left = r, c"),
        names=("stride",),
    ),
    bug(
        "conv2d",
        "stride only along the rows",
        _edit(_CONV2D, "top, left = stride * r, stride * c", "top, left = stride * r, c"),
        names=("stride",),
    ),
    bug(
        "conv2d",
        "padding along the rows only",
        _edit(
            _CONV2D,
            "W_out = (W + 2 * padding - kW) // stride + 1",
            "W_out = (W - kW) // stride + 1",
            "((0, 0), (0, 0), (padding, padding), (padding, padding))",
            "((0, 0), (0, 0), (padding, padding), (0, 0))",
        ),
        names=("padding is missing",),
    ),
    bug(
        "conv2d",
        "padded at the end only",
        _edit(
            _CONV2D,
            "((0, 0), (0, 0), (padding, padding), (padding, padding))",
            "((0, 0), (0, 0), (0, 2 * padding), (0, 2 * padding))",
        ),
        names=("all four sides", "both ends"),
    ),
    bug(
        "conv2d",
        "padded by p + 1",
        _edit(
            _CONV2D,
            "((0, 0), (0, 0), (padding, padding), (padding, padding))",
            "((0, 0), (0, 0), (padding + 1, padding + 1), (padding + 1, padding + 1))",
        ),
        names=("off by one",),
    ),
    bug(
        "conv2d",
        "output size without + 1",
        _edit(
            _CONV2D,
            "H_out = (H + 2 * padding - kH) // stride + 1",
            "H_out = (H + 2 * padding - kH) // stride",
            "W_out = (W + 2 * padding - kW) // stride + 1",
            "W_out = (W + 2 * padding - kW) // stride",
        ),
        names=("+ 1",),
    ),
    bug(
        "conv2d",
        "output size with kH for both axes",
        _edit(
            _CONV2D,
            "W_out = (W + 2 * padding - kW) // stride + 1",
            "W_out = (W + 2 * padding - kH) // stride + 1",
        ),
        names=("shape", "kW"),
    ),
    bug(
        "conv2d",
        "only the first input channel",
        _edit(
            _CONV2D,
            'np.einsum("ichw,ochw->io", window, w)',
            'np.einsum("ihw,ohw->io", window[:, 0], w[:, 0])',
        ),
        names=("channel",),
    ),
    bug(
        "conv2d",
        "rows and columns swapped in the output",
        _edit(_CONV2D, "    return y\n", "    return y.transpose(0, 1, 3, 2)\n"),
        names=("swapped",),
    ),
    bug(
        "conv2d",
        "channels last",
        _edit(_CONV2D, "    return y\n", "    return y.transpose(0, 2, 3, 1)\n"),
        names=("channels last",),
    ),
    bug(
        "conv2d",
        "output of the input's dtype",
        _edit(
            _CONV2D,
            "y = np.empty((m, C_out, H_out, W_out))",
            "y = np.empty((m, C_out, H_out, W_out), dtype=x.dtype)",
        ),
        names=("float64",),
    ),
    correct(
        "conv2d",
        "loop over the kernel offsets",
        """
def conv2d(x, w, b, stride=1, padding=0):
    m, C_in, H, W = x.shape
    C_out, _, kH, kW = w.shape
    H_out = (H + 2 * padding - kH) // stride + 1
    W_out = (W + 2 * padding - kW) // stride + 1
    x_pad = np.zeros((m, C_in, H + 2 * padding, W + 2 * padding))
    x_pad[:, :, padding : padding + H, padding : padding + W] = x
    y = np.broadcast_to(b[None, :, None, None], (m, C_out, H_out, W_out)).copy()
    for p in range(kH):
        for q in range(kW):
            patch = x_pad[:, :, p : p + stride * (H_out - 1) + 1 : stride, q : q + stride * (W_out - 1) + 1 : stride]
            y += np.tensordot(patch, w[:, :, p, q], axes=([1], [1])).transpose(0, 3, 1, 2)
    return y
""",
    ),
    correct(
        "conv2d",
        "sliding_window_view and einsum",
        """
def conv2d(x, w, b, stride=1, padding=0):
    kH, kW = w.shape[2:]
    x_pad = np.pad(np.asarray(x, dtype=float), [(0, 0), (0, 0), (padding, padding), (padding, padding)])
    windows = np.lib.stride_tricks.sliding_window_view(x_pad, (kH, kW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]  # (m, C_in, H_out, W_out, kH, kW)
    return np.einsum("icrsph,ocph->iors", windows, w) + b[:, None, None]
""",
    ),
    correct(
        "conv2d",
        "scalar loops",
        """
def conv2d(x, w, b, stride=1, padding=0):
    m, C_in, H, W = x.shape
    C_out, _, kH, kW = w.shape
    H_out = (H + 2 * padding - kH) // stride + 1
    W_out = (W + 2 * padding - kW) // stride + 1
    y = np.zeros((m, C_out, H_out, W_out))
    for i in range(m):
        for o in range(C_out):
            for r in range(H_out):
                for c in range(W_out):
                    total = float(b[o])
                    for ch in range(C_in):
                        for p in range(kH):
                            u = stride * r + p - padding
                            if not 0 <= u < H:
                                continue
                            for q in range(kW):
                                v = stride * c + q - padding
                                if 0 <= v < W:
                                    total += w[o, ch, p, q] * x[i, ch, u, v]
                    y[i, o, r, c] = total
    return y
""",
    ),
    correct(
        "conv2d",
        "windows gathered by index arrays and one product",
        """
def conv2d(x, w, b, stride=1, padding=0):
    m, C_in, H, W = x.shape
    C_out, _, kH, kW = w.shape
    H_out = (H + 2 * padding - kH) // stride + 1
    W_out = (W + 2 * padding - kW) // stride + 1
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    rows = (stride * np.arange(H_out))[:, None, None, None] + np.arange(kH)[None, None, :, None]
    cols = (stride * np.arange(W_out))[None, :, None, None] + np.arange(kW)[None, None, None, :]
    windows = x_pad[:, :, rows, cols]  # (m, C_in, H_out, W_out, kH, kW)
    flat = windows.transpose(0, 2, 3, 1, 4, 5).reshape(m, H_out, W_out, -1)
    y = flat @ w.reshape(C_out, -1).T + b
    return np.ascontiguousarray(y.transpose(0, 3, 1, 2), dtype=float)
""",
    ),
    # ---------------------------------------------------------------- conv2d_backward
    bug(
        "conv2d_backward",
        "dx by the documents' transpose read literally (kernel not flipped)",
        """
def conv2d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, H, W = x.shape
    C_out, _, kH, kW = w.shape
    _, _, H_out, W_out = dy.shape
    dilated = np.zeros((m, C_out, stride * (H_out - 1) + 1, stride * (W_out - 1) + 1))
    dilated[:, :, ::stride, ::stride] = dy
    padded = np.pad(dilated, ((0, 0), (0, 0), (kH - 1, kH - 1), (kW - 1, kW - 1)))
    full = conv2d(padded, w.transpose(1, 0, 2, 3), np.zeros(C_in))
    dx_pad = np.zeros((m, C_in, H + 2 * padding, W + 2 * padding))
    dx_pad[:, :, : full.shape[2], : full.shape[3]] = full
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dw = np.zeros(w.shape)
    for r in range(H_out):
        for c in range(W_out):
            window = x_pad[:, :, stride * r : stride * r + kH, stride * c : stride * c + kW]
            dw += np.einsum("io,ichw->ochw", dy[:, :, r, c], window)
    return dx_pad[:, :, padding : padding + H, padding : padding + W], dw, dy.sum(axis=(0, 2, 3))
""",
        names=("flipped",),
    ),
    bug(
        "conv2d_backward",
        "stride ignored in the backward pass",
        _edit(_CONV2D_BACKWARD, "top, left = stride * r, stride * c", "top, left = r, c"),
        names=("stride",),
    ),
    bug(
        "conv2d_backward",
        "assigns where windows overlap",
        _edit(
            _CONV2D_BACKWARD,
            'dx_pad[:, :, top : top + kH, left : left + kW] += np.einsum("io,ochw->ichw", g, w)',
            'dx_pad[:, :, top : top + kH, left : left + kW] = np.einsum("io,ochw->ichw", g, w)',
        ),
        names=("add up", "overlap"),
    ),
    bug(
        "conv2d_backward",
        "db summed over the examples only",
        _edit(_CONV2D_BACKWARD, "db = dy.sum(axis=(0, 2, 3))", "db = dy.sum(axis=0)"),
        names=("positions",),
    ),
    bug(
        "conv2d_backward",
        "db summed over the examples and rows only",
        _edit(_CONV2D_BACKWARD, "db = dy.sum(axis=(0, 2, 3))", "db = dy.sum(axis=(0, 2))"),
        names=("positions",),
    ),
    bug(
        "conv2d_backward",
        "db as the mean",
        _edit(_CONV2D_BACKWARD, "db = dy.sum(axis=(0, 2, 3))", "db = dy.mean(axis=(0, 2, 3))"),
        names=("mean",),
    ),
    bug(
        "conv2d_backward",
        "dw divided by m",
        _edit(
            _CONV2D_BACKWARD,
            "    db = dy.sum(axis=(0, 2, 3))\n",
            "    db = dy.sum(axis=(0, 2, 3))\n    dw = dw / m\n",
        ),
        names=("1/m",),
    ),
    bug(
        "conv2d_backward",
        "dx still padded",
        _edit(
            _CONV2D_BACKWARD,
            "return dx_pad[:, :, padding : padding + H, padding : padding + W], dw, db",
            "return dx_pad, dw, db",
        ),
        names=("padded", "crop"),
    ),
    bug(
        "conv2d_backward",
        "crop [p:-p] (empty at p = 0)",
        _edit(
            _CONV2D_BACKWARD,
            "return dx_pad[:, :, padding : padding + H, padding : padding + W], dw, db",
            "return dx_pad[:, :, padding:-padding, padding:-padding], dw, db",
        ),
        names=("p:-p",),
    ),
    bug(
        "conv2d_backward",
        "dw flipped",
        _edit(
            _CONV2D_BACKWARD,
            "return dx_pad[:, :, padding : padding + H, padding : padding + W], dw, db",
            "return dx_pad[:, :, padding : padding + H, padding : padding + W], dw[:, :, ::-1, ::-1], db",
        ),
        names=("flipped",),
    ),
    bug(
        "conv2d_backward",
        "kernel channels not swapped for dx",
        _edit(
            _CONV2D_BACKWARD, 'np.einsum("io,ochw->ichw", g, w)', 'np.einsum("io,cohw->ichw", g, w)'
        ),
        names=("swapped", "C_in and C_out"),
    ),
    bug(
        "conv2d_backward",
        "stride ignored along the columns",
        _edit(_CONV2D_BACKWARD, "top, left = stride * r, stride * c", "top, left = stride * r, c"),
        names=("stride",),
    ),
    correct(
        "conv2d_backward",
        "transposed convolution with your conv2d",
        """
def conv2d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, H, W = x.shape
    C_out, _, kH, kW = w.shape
    _, _, H_out, W_out = dy.shape
    dilated = np.zeros((m, C_out, stride * (H_out - 1) + 1, stride * (W_out - 1) + 1))
    dilated[:, :, ::stride, ::stride] = dy
    padded = np.pad(dilated, ((0, 0), (0, 0), (kH - 1, kH - 1), (kW - 1, kW - 1)))
    flipped = w.transpose(1, 0, 2, 3)[:, :, ::-1, ::-1]
    full = conv2d(padded, flipped, np.zeros(C_in))
    dx_pad = np.zeros((m, C_in, H + 2 * padding, W + 2 * padding))
    dx_pad[:, :, : full.shape[2], : full.shape[3]] = full
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dw = np.empty(w.shape)
    for p in range(kH):
        for q in range(kW):
            taps = x_pad[:, :, p : p + stride * (H_out - 1) + 1 : stride, q : q + stride * (W_out - 1) + 1 : stride]
            dw[:, :, p, q] = np.einsum("iors,icrs->oc", dy, taps)
    return dx_pad[:, :, padding : padding + H, padding : padding + W], dw, dy.sum(axis=(0, 2, 3))
""",
    ),
    correct(
        "conv2d_backward",
        "loop over the kernel offsets",
        """
def conv2d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, H, W = x.shape
    _, _, kH, kW = w.shape
    _, _, H_out, W_out = dy.shape
    x_pad = np.zeros((m, C_in, H + 2 * padding, W + 2 * padding))
    x_pad[:, :, padding : padding + H, padding : padding + W] = x
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros(w.shape)
    for p in range(kH):
        for q in range(kW):
            where = (slice(None), slice(None), slice(p, p + stride * (H_out - 1) + 1, stride), slice(q, q + stride * (W_out - 1) + 1, stride))
            dx_pad[where] += np.einsum("iors,oc->icrs", dy, w[:, :, p, q])
            dw[:, :, p, q] = np.einsum("iors,icrs->oc", dy, x_pad[where])
    return dx_pad[:, :, padding : padding + H, padding : padding + W], dw, dy.sum(axis=3).sum(axis=2).sum(axis=0)
""",
    ),
    correct(
        "conv2d_backward",
        "np.add.at on index arrays",
        """
def conv2d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, H, W = x.shape
    C_out, _, kH, kW = w.shape
    _, _, H_out, W_out = dy.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    rows = (stride * np.arange(H_out))[:, None, None, None] + np.arange(kH)[None, None, :, None]
    cols = (stride * np.arange(W_out))[None, :, None, None] + np.arange(kW)[None, None, None, :]
    rows, cols = np.broadcast_arrays(rows, cols)  # (H_out, W_out, kH, kW)
    windows = x_pad[:, :, rows, cols]
    dw = np.einsum("iors,icrsph->ocph", dy, windows)
    dx_pad = np.zeros(x_pad.shape)
    np.add.at(dx_pad, (slice(None), slice(None), rows, cols), np.einsum("iors,ocph->icrsph", dy, w))
    return dx_pad[:, :, padding : padding + H, padding : padding + W], dw, np.einsum("iors->o", dy)
""",
    ),
    correct(
        "conv2d_backward",
        "scalar loops",
        """
def conv2d_backward(dy, x, w, stride=1, padding=0):
    m, C_in, H, W = x.shape
    C_out, _, kH, kW = w.shape
    _, _, H_out, W_out = dy.shape
    dx, dw, db = np.zeros(x.shape), np.zeros(w.shape), np.zeros(C_out)
    for i in range(m):
        for o in range(C_out):
            for r in range(H_out):
                for c in range(W_out):
                    g = dy[i, o, r, c]
                    db[o] += g
                    for ch in range(C_in):
                        for p in range(kH):
                            u = stride * r + p - padding
                            if not 0 <= u < H:
                                continue
                            for q in range(kW):
                                v = stride * c + q - padding
                                if 0 <= v < W:
                                    dx[i, ch, u, v] += g * w[o, ch, p, q]
                                    dw[o, ch, p, q] += g * x[i, ch, u, v]
    return dx, dw, db
""",
    ),
    # ------------------------------------------------------------------------- im2col
    bug(
        "im2col",
        "columns in the order (kH, kW, C)",
        _edit(
            _IM2COL,
            "cols = np.empty((m, H_out, W_out, C, kH, kW))",
            "cols = np.empty((m, H_out, W_out, kH, kW, C))",
            "cols[:, :, :, :, p, q] = x_pad[:, :, rows, columns].transpose(0, 2, 3, 1)",
            "cols[:, :, :, p, q, :] = x_pad[:, :, rows, columns].transpose(0, 2, 3, 1)",
        ),
        names=("(C, kH, kW)",),
    ),
    bug(
        "im2col",
        "rows ordered by position, then example",
        _edit(
            _IM2COL,
            "return cols.reshape(m * H_out * W_out, C * kH * kW)",
            "return cols.transpose(1, 2, 0, 3, 4, 5).reshape(m * H_out * W_out, C * kH * kW)",
        ),
        names=("example",),
    ),
    bug(
        "im2col",
        "rows ordered column by column",
        _edit(
            _IM2COL,
            "return cols.reshape(m * H_out * W_out, C * kH * kW)",
            "return cols.transpose(0, 2, 1, 3, 4, 5).reshape(m * H_out * W_out, C * kH * kW)",
        ),
        names=("row by row", "output row"),
    ),
    bug(
        "im2col",
        "CS231n's layout (one column per window)",
        _edit(
            _IM2COL,
            "return cols.reshape(m * H_out * W_out, C * kH * kW)",
            "return cols.reshape(m * H_out * W_out, C * kH * kW).T",
        ),
        names=("one row per window", "CS231n"),
    ),
    bug(
        "im2col",
        "padding ignored",
        _edit(
            _IM2COL,
            "H_out = (H + 2 * padding - kH) // stride + 1",
            "H_out = (H - kH) // stride + 1",
            "W_out = (W + 2 * padding - kW) // stride + 1",
            "W_out = (W - kW) // stride + 1",
            "((0, 0), (0, 0), (padding, padding), (padding, padding))",
            "((0, 0), (0, 0), (0, 0), (0, 0))",
        ),
        names=("padding",),
    ),
    bug(
        "im2col",
        "stride ignored in the windows",
        _edit(
            _IM2COL,
            "rows = slice(p, p + stride * (H_out - 1) + 1, stride)",
            "rows = slice(p, p + H_out)",
            "columns = slice(q, q + stride * (W_out - 1) + 1, stride)",
            "columns = slice(q, q + W_out)",
        ),
        names=("stride",),
    ),
    bug(
        "im2col",
        "kH and kW swapped",
        _edit(
            _IM2COL,
            "H_out = (H + 2 * padding - kH) // stride + 1",
            "kH, kW = kW, kH\n    H_out = (H + 2 * padding - kH) // stride + 1",
        ),
        names=("kH", "swapped"),
    ),
    bug(
        "im2col",
        "kernel window transposed",
        _edit(
            _IM2COL,
            "cols = np.empty((m, H_out, W_out, C, kH, kW))",
            "cols = np.empty((m, H_out, W_out, C, kW, kH))",
            "cols[:, :, :, :, p, q] = x_pad[:, :, rows, columns].transpose(0, 2, 3, 1)",
            "cols[:, :, :, :, q, p] = x_pad[:, :, rows, columns].transpose(0, 2, 3, 1)",
        ),
        names=("(C, kH, kW)",),
    ),
    correct(
        "im2col",
        "a loop over the windows",
        """
def im2col(x, kH, kW, stride=1, padding=0):
    m, C, H, W = x.shape
    H_out = (H + 2 * padding - kH) // stride + 1
    W_out = (W + 2 * padding - kW) // stride + 1
    x_pad = np.zeros((m, C, H + 2 * padding, W + 2 * padding))
    x_pad[:, :, padding : padding + H, padding : padding + W] = x
    rows = []
    for i in range(m):
        for r in range(H_out):
            for c in range(W_out):
                window = x_pad[i, :, stride * r : stride * r + kH, stride * c : stride * c + kW]
                rows.append(window.ravel())
    return np.array(rows)
""",
    ),
    correct(
        "im2col",
        "sliding_window_view",
        """
def im2col(x, kH, kW, stride=1, padding=0):
    m, C = x.shape[:2]
    x_pad = np.pad(np.asarray(x, dtype=float), [(0, 0), (0, 0), (padding, padding), (padding, padding)])
    windows = np.lib.stride_tricks.sliding_window_view(x_pad, (kH, kW), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(-1, C * kH * kW)
""",
    ),
    correct(
        "im2col",
        "index arrays, as CS231n builds them",
        """
def im2col(x, kH, kW, stride=1, padding=0):
    m, C, H, W = x.shape
    H_out = (H + 2 * padding - kH) // stride + 1
    W_out = (W + 2 * padding - kW) // stride + 1
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    ch = np.repeat(np.arange(C), kH * kW)
    row_in = np.tile(np.repeat(np.arange(kH), kW), C)
    col_in = np.tile(np.arange(kW), kH * C)
    row_out = stride * np.repeat(np.arange(H_out), W_out)
    col_out = stride * np.tile(np.arange(W_out), H_out)
    rows = row_out[:, None] + row_in[None, :]  # (H_out * W_out, C * kH * kW)
    cols = col_out[:, None] + col_in[None, :]
    gathered = x_pad[:, ch[None, :], rows, cols]  # (m, H_out * W_out, C * kH * kW)
    return gathered.reshape(m * H_out * W_out, C * kH * kW).astype(float)
""",
    ),
    correct(
        "im2col",
        "as_strided on a contiguous copy",
        """
def im2col(x, kH, kW, stride=1, padding=0):
    m, C, H, W = x.shape
    H_out = (H + 2 * padding - kH) // stride + 1
    W_out = (W + 2 * padding - kW) // stride + 1
    x_pad = np.ascontiguousarray(np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding))), dtype=float)
    sm, sc, sh, sw = x_pad.strides
    view = np.lib.stride_tricks.as_strided(
        x_pad,
        shape=(m, H_out, W_out, C, kH, kW),
        strides=(sm, stride * sh, stride * sw, sc, sh, sw),
        writeable=False,
    )
    return view.reshape(m * H_out * W_out, C * kH * kW).copy()
""",
    ),
    # ------------------------------------------------------------------------- Conv2d
    bug(
        "Conv2d",
        "He fan-in C_in only",
        _edit(_CONV2D_LAYER, "std = np.sqrt(2.0 / (C_in * k * k))", "std = np.sqrt(2.0 / C_in)"),
        names=("fan-in",),
    ),
    bug(
        "Conv2d",
        "He fan-in from C_out",
        _edit(
            _CONV2D_LAYER,
            "std = np.sqrt(2.0 / (C_in * k * k))",
            "std = np.sqrt(2.0 / (C_out * k * k))",
        ),
        names=("fan-in",),
    ),
    bug(
        "Conv2d",
        "Xavier std",
        _edit(
            _CONV2D_LAYER,
            "std = np.sqrt(2.0 / (C_in * k * k))",
            "std = np.sqrt(1.0 / (C_in * k * k))",
        ),
        names=("xavier",),
    ),
    bug(
        "Conv2d",
        "draws (C_in, C_out, k, k) and transposes",
        _edit(
            _CONV2D_LAYER,
            "rng.standard_normal((C_out, C_in, k, k)) * std",
            "rng.standard_normal((C_in, C_out, k, k)).transpose(1, 0, 2, 3) * std",
        ),
        names=("(C_out, C_in, k, k)",),
    ),
    bug(
        "Conv2d",
        "kernel rows in the order (k, k, C_in)",
        _edit(
            _CONV2D_LAYER,
            'Y = self.cols @ W.reshape(C_out, -1).T + self.params["b"]',
            'Y = self.cols @ W.transpose(0, 2, 3, 1).reshape(C_out, -1).T + self.params["b"]',
        ),
        names=("order", "w.reshape"),
    ),
    bug(
        "Conv2d",
        "output reshaped without the transpose",
        _edit(
            _CONV2D_LAYER,
            "return Y.reshape(m, H_out, W_out, C_out).transpose(0, 3, 1, 2)",
            "return Y.reshape(m, C_out, H_out, W_out)",
        ),
        names=("transpose",),
    ),
    bug(
        "Conv2d",
        "col2im by fancy indexing with += (no accumulation)",
        """
class Conv2d:
    def __init__(self, C_in, C_out, k, rng, stride=1, padding=0):
        std = np.sqrt(2.0 / (C_in * k * k))
        self.params = {"W": rng.standard_normal((C_out, C_in, k, k)) * std, "b": np.zeros(C_out)}
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self.stride, self.padding = stride, padding

    def forward(self, X):
        W = self.params["W"]
        C_out, _, k, _ = W.shape
        m, _, H, W_in = X.shape
        s, p = self.stride, self.padding
        H_out, W_out = (H + 2 * p - k) // s + 1, (W_in + 2 * p - k) // s + 1
        self.X_shape = X.shape
        self.cols = im2col(X, k, k, s, p)
        Y = self.cols @ W.reshape(C_out, -1).T + self.params["b"]
        return Y.reshape(m, H_out, W_out, C_out).transpose(0, 3, 1, 2)

    def backward(self, dOut):
        W = self.params["W"]
        C_out, C_in, k, _ = W.shape
        m, _, H, W_in = self.X_shape
        s, p = self.stride, self.padding
        _, _, H_out, W_out = dOut.shape
        G = dOut.transpose(0, 2, 3, 1).reshape(-1, C_out)
        self.grads["W"] = (G.T @ self.cols).reshape(W.shape)
        self.grads["b"] = G.sum(axis=0)
        dcols = (G @ W.reshape(C_out, -1)).reshape(m, H_out, W_out, C_in, k, k)
        rows = (s * np.arange(H_out))[:, None, None, None] + np.arange(k)[None, None, :, None]
        cols = (s * np.arange(W_out))[None, :, None, None] + np.arange(k)[None, None, None, :]
        rows, cols = np.broadcast_arrays(rows, cols)  # (H_out, W_out, k, k)
        dX_pad = np.zeros((m, C_in, H + 2 * p, W_in + 2 * p))
        dX_pad[:, :, rows, cols] += dcols.transpose(0, 3, 1, 2, 4, 5)  # repeated pixels add once
        return dX_pad[:, :, p : p + H, p : p + W_in]
""",
        names=("np.add.at", "overlap"),
    ),
    bug(
        "Conv2d",
        "db summed over the examples and rows only",
        _edit(
            _CONV2D_LAYER,
            'self.grads["b"] = G.sum(axis=0)',
            'self.grads["b"] = dOut.sum(axis=(0, 2))',
        ),
        names=("positions",),
    ),
    bug(
        "Conv2d",
        "dW not reshaped",
        _edit(
            _CONV2D_LAYER,
            'self.grads["W"] = (G.T @ self.cols).reshape(W.shape)',
            'self.grads["W"] = G.T @ self.cols',
        ),
        names=("reshape",),
    ),
    bug(
        "Conv2d",
        "dX still padded",
        _edit(_CONV2D_LAYER, "return dX_pad[:, :, p : p + H, p : p + W_in]", "return dX_pad"),
        names=("padded", "crop"),
    ),
    bug(
        "Conv2d",
        "col2im ignores the stride",
        _edit(
            _CONV2D_LAYER,
            "rows = slice(a, a + s * (H_out - 1) + 1, s)",
            "rows = slice(a, a + H_out)",
            "columns = slice(c, c + s * (W_out - 1) + 1, s)",
            "columns = slice(c, c + W_out)",
        ),
        names=("stride",),
    ),
    bug(
        "Conv2d",
        "cache kept from the first forward",
        _edit(
            _CONV2D_LAYER,
            "        self.X_shape = X.shape\n        self.cols = im2col(X, k, k, s, p)\n",
            '        if not hasattr(self, "cols"):\n            self.X_shape = X.shape\n            self.cols = im2col(X, k, k, s, p)\n',
        ),
        names=("last forward",),
    ),
    bug(
        "Conv2d",
        "forward reads a copy made in __init__",
        _edit(
            _CONV2D_LAYER,
            "        self.stride, self.padding = stride, padding\n",
            '        self.stride, self.padding = stride, padding\n        self.W0, self.b0 = self.params["W"].copy(), self.params["b"].copy()\n',
            '        W = self.params["W"]\n        C_out, _, k, _ = W.shape\n        m, _, H, W_in = X.shape',
            "        W = self.W0\n        C_out, _, k, _ = W.shape\n        m, _, H, W_in = X.shape",
            'Y = self.cols @ W.reshape(C_out, -1).T + self.params["b"]',
            "Y = self.cols @ W.reshape(C_out, -1).T + self.b0",
        ),
        names=("copies",),
    ),
    bug(
        "Conv2d",
        "1/m in the gradients",
        _edit(
            _CONV2D_LAYER,
            'self.grads["W"] = (G.T @ self.cols).reshape(W.shape)',
            'self.grads["W"] = (G.T @ self.cols).reshape(W.shape) / m',
            'self.grads["b"] = G.sum(axis=0)',
            'self.grads["b"] = G.sum(axis=0) / m',
        ),
        names=("1/m",),
    ),
    bug(
        "Conv2d",
        "backward updates the parameters",
        _edit(
            _CONV2D_LAYER,
            "        return dX_pad[:, :, p : p + H, p : p + W_in]",
            '        self.params["W"] -= 0.01 * self.grads["W"]\n        return dX_pad[:, :, p : p + H, p : p + W_in]',
        ),
        names=("never updates",),
    ),
    bug(
        "Conv2d",
        "dX from the kernels transposed",
        _edit(
            _CONV2D_LAYER,
            "dcols = (G @ W.reshape(C_out, -1)).reshape(m, H_out, W_out, C_in, k, k)",
            "dcols = (G @ W.transpose(0, 1, 3, 2).reshape(C_out, -1)).reshape(m, H_out, W_out, C_in, k, k)",
        ),
        names=("dX",),
    ),
    correct(
        "Conv2d",
        "built on your conv2d and conv2d_backward",
        """
class Conv2d:
    def __init__(self, C_in, C_out, k, rng, stride=1, padding=0):
        self.params = {
            "W": rng.standard_normal((C_out, C_in, k, k)) * (2.0 / (C_in * k * k)) ** 0.5,
            "b": np.zeros(C_out),
        }
        self.grads = {"W": np.zeros((C_out, C_in, k, k)), "b": np.zeros(C_out)}
        self.stride, self.padding = stride, padding

    def forward(self, X):
        self.X = X
        return conv2d(X, self.params["W"], self.params["b"], self.stride, self.padding)

    def backward(self, dOut):
        dX, self.grads["W"], self.grads["b"] = conv2d_backward(
            dOut, self.X, self.params["W"], self.stride, self.padding
        )
        return dX
""",
    ),
    correct(
        "Conv2d",
        "sliding windows and einsum, np.add.at for col2im",
        """
class Conv2d:
    def __init__(self, C_in, C_out, k, rng, stride=1, padding=0):
        std = np.sqrt(2.0 / (C_in * k * k))
        W = rng.standard_normal((C_out, C_in, k, k)) * std
        self.params = {"W": W, "b": np.zeros(C_out)}
        self.grads = {"W": np.zeros_like(W), "b": np.zeros(C_out)}
        self.s, self.p = stride, padding

    def forward(self, X):
        k = self.params["W"].shape[2]
        X_pad = np.pad(X, ((0, 0), (0, 0), (self.p, self.p), (self.p, self.p)))
        self.X_pad_shape = X_pad.shape
        self.windows = np.lib.stride_tricks.sliding_window_view(X_pad, (k, k), axis=(2, 3))[:, :, :: self.s, :: self.s]
        return np.einsum("icrsab,ocab->iors", self.windows, self.params["W"]) + self.params["b"][:, None, None]

    def backward(self, dOut):
        W = self.params["W"]
        k = W.shape[2]
        self.grads["W"] = np.einsum("iors,icrsab->ocab", dOut, self.windows)
        self.grads["b"] = dOut.sum(axis=(0, 2, 3))
        H_out, W_out = dOut.shape[2:]
        rows = (self.s * np.arange(H_out))[:, None, None, None] + np.arange(k)[None, None, :, None]
        cols = (self.s * np.arange(W_out))[None, :, None, None] + np.arange(k)[None, None, None, :]
        rows, cols = np.broadcast_arrays(rows, cols)
        dX_pad = np.zeros(self.X_pad_shape)
        np.add.at(dX_pad, (slice(None), slice(None), rows, cols), np.einsum("iors,ocab->icrsab", dOut, W))
        H, W_in = self.X_pad_shape[2] - 2 * self.p, self.X_pad_shape[3] - 2 * self.p
        return dX_pad[:, :, self.p : self.p + H, self.p : self.p + W_in]
""",
    ),
    correct(
        "Conv2d",
        "im2col, col2im by np.bincount",
        """
class Conv2d:
    def __init__(self, C_in, C_out, k, rng, stride=1, padding=0):
        fan_in = C_in * k * k
        self.params = {"W": rng.standard_normal((C_out, C_in, k, k)) / np.sqrt(fan_in / 2.0), "b": np.zeros(C_out)}
        self.grads = {key: np.zeros(value.shape) for key, value in self.params.items()}
        self.stride, self.padding = stride, padding

    def forward(self, X):
        C_out, C_in, k, _ = self.params["W"].shape
        m, _, H, W = X.shape
        s, p = self.stride, self.padding
        self.shape = (m, C_in, H, W, (H + 2 * p - k) // s + 1, (W + 2 * p - k) // s + 1)
        self.cols = im2col(X, k, k, s, p)
        flat = self.params["W"].reshape(C_out, -1)
        Y = np.einsum("rn,on->ro", self.cols, flat) + self.params["b"]
        return np.moveaxis(Y.reshape(m, self.shape[4], self.shape[5], C_out), 3, 1)

    def backward(self, dOut):
        W = self.params["W"]
        C_out, _, k, _ = W.shape
        m, C_in, H, W_in, H_out, W_out = self.shape
        s, p = self.stride, self.padding
        G = np.moveaxis(dOut, 1, 3).reshape(-1, C_out)
        self.grads["W"] = np.einsum("ro,rn->on", G, self.cols).reshape(W.shape)
        self.grads["b"] = np.einsum("ro->o", G)
        dcols = G @ W.reshape(C_out, -1)
        # The flat index, in the padded input, of every entry of cols (same order).
        Hp, Wp = H + 2 * p, W_in + 2 * p
        index = im2col(np.arange(m * C_in * Hp * Wp, dtype=float).reshape(m, C_in, Hp, Wp), k, k, s, 0)
        flat = np.bincount(index.astype(np.int64).ravel(), weights=dcols.ravel(), minlength=m * C_in * Hp * Wp)
        return flat.reshape(m, C_in, Hp, Wp)[:, :, p : p + H, p : p + W_in]
""",
    ),
    correct(
        "Conv2d",
        "im2col, einsum products, float32 input",
        """
class Conv2d:
    def __init__(self, C_in, C_out, k, rng, stride=1, padding=0):
        W = rng.standard_normal((C_out, C_in, k, k))
        W *= np.sqrt(2.0 / (C_in * k * k))
        self.params = {"W": W, "b": np.zeros(C_out)}
        self.grads = {"W": np.zeros(W.shape), "b": np.zeros(C_out)}
        self.stride, self.padding = stride, padding

    def forward(self, X):
        X = np.asarray(X, dtype=np.float64)
        self.shape = X.shape
        C_out, C_in, k, _ = self.params["W"].shape
        s, p = self.stride, self.padding
        self.H_out = (X.shape[2] + 2 * p - k) // s + 1
        self.W_out = (X.shape[3] + 2 * p - k) // s + 1
        self.cols = im2col(X, k, k, s, p).reshape(X.shape[0], self.H_out, self.W_out, C_in, k, k)
        Y = np.einsum("irscab,ocab->iors", self.cols, self.params["W"])
        return Y + self.params["b"][None, :, None, None]

    def backward(self, dOut):
        W = self.params["W"]
        k, s, p = W.shape[2], self.stride, self.padding
        m, C_in, H, W_in = self.shape
        self.grads["W"] = np.einsum("iors,irscab->ocab", dOut, self.cols)
        self.grads["b"] = np.einsum("iors->o", dOut)
        dcols = np.einsum("iors,ocab->irscab", dOut, W)
        dX_pad = np.zeros((m, C_in, H + 2 * p, W_in + 2 * p))
        for r in range(self.H_out):
            for c in range(self.W_out):
                dX_pad[:, :, s * r : s * r + k, s * c : s * c + k] += dcols[:, r, c]
        return dX_pad[:, :, p : p + H, p : p + W_in]
""",
    ),
    # ---------------------------------------------------------------------- MaxPool2d
    bug(
        "MaxPool2d",
        "gradient to every maximum on ties",
        _edit(
            _MAXPOOL,
            "                dX[:, :, rows, columns] += np.where(self.where == a * k + c, dOut, 0.0)",
            "                dX[:, :, rows, columns] += np.where(self.X[:, :, rows, columns] == self.Y, dOut, 0.0)",
            "        self.X_shape = X.shape\n",
            "        self.X_shape = X.shape\n        self.X = X\n",
            "        return best\n",
            "        self.Y = best\n        return best\n",
        ),
        names=("every", "one input", "ties"),
    ),
    bug(
        "MaxPool2d",
        "ties go to the last maximum",
        _edit(_MAXPOOL, "later = value > best", "later = value >= best"),
        names=("first", "ties"),
    ),
    bug(
        "MaxPool2d",
        "position decoded column-major",
        _edit(
            _MAXPOOL,
            "dX[:, :, rows, columns] += np.where(self.where == a * k + c, dOut, 0.0)",
            "dX[:, :, rows, columns] += np.where(self.where == c * k + a, dOut, 0.0)",
        ),
        names=("position",),
    ),
    bug(
        "MaxPool2d",
        "assigns where windows overlap",
        _edit(
            _MAXPOOL,
            "dX[:, :, rows, columns] += np.where(self.where == a * k + c, dOut, 0.0)",
            "dX[:, :, rows, columns] = np.where(self.where == a * k + c, dOut, 0.0)",
        ),
        names=("add up", "overlap"),
    ),
    bug(
        "MaxPool2d",
        "average-pooling gradient",
        _edit(
            _MAXPOOL,
            "dX[:, :, rows, columns] += np.where(self.where == a * k + c, dOut, 0.0)",
            "dX[:, :, rows, columns] += dOut / (k * k)",
        ),
        names=("average", "one input"),
    ),
    bug(
        "MaxPool2d",
        "stride ignored (windows of stride size)",
        _edit(
            _MAXPOOL,
            "        k, s = self.size, self.stride\n        H_out",
            "        k, s = self.size, self.size\n        H_out",
        ),
        names=("stride",),
    ),
    bug(
        "MaxPool2d",
        "output size rounds up",
        _edit(
            _MAXPOOL,
            "H_out, W_out = (H - k) // s + 1, (W - k) // s + 1",
            "H_out, W_out = -(-(H - k) // s) + 1, -(-(W - k) // s) + 1",
        ),
        names=("rounds up", "no window", "H_out"),
    ),
    bug(
        "MaxPool2d",
        "cache kept from the first forward",
        _edit(
            _MAXPOOL,
            "        self.X_shape = X.shape\n        best, self.where = None, np.zeros((m, C, H_out, W_out), dtype=int)\n",
            '        first = not hasattr(self, "where")\n        self.X_shape = X.shape if first else self.X_shape\n        best, where = None, np.zeros((m, C, H_out, W_out), dtype=int)\n',
            "                self.where[later] = a * k + c\n        return best\n",
            "                where[later] = a * k + c\n        if first:\n            self.where = where\n        return best\n",
        ),
        names=("last forward",),
    ),
    bug(
        "MaxPool2d",
        "gradient to the window's top-left entry",
        _edit(
            _MAXPOOL,
            "dX[:, :, rows, columns] += np.where(self.where == a * k + c, dOut, 0.0)",
            "dX[:, :, rows, columns] += dOut if a == c == 0 else 0.0",
        ),
        names=("position", "maximum"),
    ),
    correct(
        "MaxPool2d",
        "sliding windows, argmax and np.add.at",
        """
class MaxPool2d:
    def __init__(self, size=2, stride=None):
        self.size = size
        self.stride = size if stride is None else stride
        self.params, self.grads = {}, {}

    def forward(self, X):
        k, s = self.size, self.stride
        windows = np.lib.stride_tricks.sliding_window_view(X, (k, k), axis=(2, 3))[:, :, ::s, ::s]
        flat = windows.reshape(*windows.shape[:4], k * k)
        self.shape = X.shape
        self.best = flat.argmax(axis=-1)  # the first maximum in row-major order
        return np.take_along_axis(flat, self.best[..., None], axis=-1)[..., 0].astype(float)

    def backward(self, dOut):
        k, s = self.size, self.stride
        m, C, H_out, W_out = dOut.shape
        rows = s * np.arange(H_out)[:, None] + self.best // k
        cols = s * np.arange(W_out)[None, :] + self.best % k
        i = np.arange(m)[:, None, None, None]
        c = np.arange(C)[None, :, None, None]
        dX = np.zeros(self.shape)
        np.add.at(dX, (i, c, rows, cols), dOut)
        return dX
""",
    ),
    correct(
        "MaxPool2d",
        "scalar loops",
        """
class MaxPool2d:
    def __init__(self, size=2, stride=None):
        self.size = size
        self.stride = size if stride is None else stride
        self.params, self.grads = {}, {}

    def forward(self, X):
        m, C, H, W = X.shape
        k, s = self.size, self.stride
        H_out, W_out = (H - k) // s + 1, (W - k) // s + 1
        Y = np.zeros((m, C, H_out, W_out))
        self.argmax = {}
        for i in range(m):
            for ch in range(C):
                for r in range(H_out):
                    for c in range(W_out):
                        best = None
                        for a in range(k):
                            for d in range(k):
                                value = X[i, ch, s * r + a, s * c + d]
                                if best is None or value > best:
                                    best, where = value, (s * r + a, s * c + d)
                        Y[i, ch, r, c] = best
                        self.argmax[i, ch, r, c] = where
        self.shape = X.shape
        return Y

    def backward(self, dOut):
        dX = np.zeros(self.shape)
        for (i, ch, r, c), (u, v) in self.argmax.items():
            dX[i, ch, u, v] += dOut[i, ch, r, c]
        return dX
""",
    ),
    correct(
        "MaxPool2d",
        "a mask of the first maximum by cumulative sums",
        """
class MaxPool2d:
    def __init__(self, size=2, stride=None):
        self.size = size
        self.stride = size if stride is None else stride
        self.params, self.grads = {}, {}

    def _slices(self, a, c, H_out, W_out):
        s = self.stride
        return (slice(None), slice(None), slice(a, a + s * (H_out - 1) + 1, s), slice(c, c + s * (W_out - 1) + 1, s))

    def forward(self, X):
        m, C, H, W = X.shape
        k, s = self.size, self.stride
        H_out, W_out = (H - k) // s + 1, (W - k) // s + 1
        stack = np.stack([X[self._slices(a, c, H_out, W_out)] for a in range(k) for c in range(k)])
        Y = stack.max(axis=0)
        is_max = stack == Y
        self.first = is_max & (np.cumsum(is_max, axis=0) == 1)  # (k * k, m, C, H_out, W_out)
        self.shape = X.shape
        return Y

    def backward(self, dOut):
        k = self.size
        H_out, W_out = dOut.shape[2:]
        dX = np.zeros(self.shape)
        for n in range(k * k):
            dX[self._slices(n // k, n % k, H_out, W_out)] += self.first[n] * dOut
        return dX
""",
    ),
    correct(
        "MaxPool2d",
        "float32 input, reshape trick when stride equals size",
        """
class MaxPool2d:
    def __init__(self, size=2, stride=None):
        self.size = size
        self.stride = size if stride is None else stride
        self.params, self.grads = {}, {}

    def forward(self, X):
        X = np.asarray(X, dtype=np.float64)
        m, C, H, W = X.shape
        k, s = self.size, self.stride
        H_out, W_out = (H - k) // s + 1, (W - k) // s + 1
        if s == k:
            blocks = X[:, :, : H_out * k, : W_out * k].reshape(m, C, H_out, k, W_out, k)
            flat = blocks.transpose(0, 1, 2, 4, 3, 5).reshape(m, C, H_out, W_out, k * k)
        else:
            flat = np.stack(
                [X[:, :, a : a + s * (H_out - 1) + 1 : s, c : c + s * (W_out - 1) + 1 : s] for a in range(k) for c in range(k)],
                axis=-1,
            )
        self.shape, self.index = X.shape, flat.argmax(axis=-1)
        return flat.max(axis=-1)

    def backward(self, dOut):
        k, s = self.size, self.stride
        _, _, H_out, W_out = dOut.shape
        dX = np.zeros(self.shape)
        for n in range(k * k):
            a, c = divmod(n, k)
            dX[:, :, a : a + s * (H_out - 1) + 1 : s, c : c + s * (W_out - 1) + 1 : s] += (self.index == n) * dOut
        return dX
""",
    ),
]
