"""Buggy and correct implementations for lesson 03_gradient_checking."""

from autograder.authoring.bank import bug, correct

_HELPER_RAISES = (
    "numerical_gradient_check is built on the student's numerical_gradient and relative_error; "
    "where one of them raises or returns what the check cannot use (no float x, a list, a flat "
    "or integer gradient, an array from relative_error), the check raises too. Where they "
    "return something usable, however wrong, the check is judged against what it gives on top "
    "of them (autograder.kernel.dependencies), so their bugs are charged in their own cells"
)
CHARGED_ELSEWHERE = {
    (helper, cell): _HELPER_RAISES
    for helper in ("numerical_gradient", "relative_error")
    for cell in ("test_numerical_gradient_check", "hidden_numerical_gradient_check")
}
"""One bug, one charge: the documented exceptions (see tests/test_bank.py)."""

VARIANTS = [
    # ------------------------------------------------------------------ numerical_gradient
    bug(
        "numerical_gradient",
        "one-sided difference",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    f0 = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        grad[idx] = (f(x) - f0) / h
        x[idx] = old
    return grad
""",
        names=("one-sided",),
    ),
    bug(
        "numerical_gradient",
        "divides by h instead of 2h",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        f_plus = f(x)
        x[idx] = old - h
        f_minus = f(x)
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / h
    return grad
""",
        names=("instead of 2h",),
    ),
    bug(
        "numerical_gradient",
        "ignores h (fixed step 1e-5)",
        """
def numerical_gradient(f, x, h=1e-5):
    step = 1e-5
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + step
        f_plus = f(x)
        x[idx] = old - step
        f_minus = f(x)
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * step)
    return grad
""",
        names=("h is ignored",),
    ),
    bug(
        "numerical_gradient",
        "perturbs the caller's x, never restores",
        """
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        f_plus = f(x)
        x[idx] -= 2 * h
        f_minus = f(x)
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
""",
        names=("in place",),
    ),
    bug(
        "numerical_gradient",
        "restores by arithmetic (+h, -2h, +h) in place",
        """
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        x[idx] += h
        f_plus = f(x)
        x[idx] -= 2 * h
        f_minus = f(x)
        x[idx] += h
        grad[idx] = (f_plus - f_minus) / (2 * h)
        it.iternext()
    return grad
""",
        names=("in place",),
    ),
    bug(
        "numerical_gradient",
        "copy once, never restores entries",
        """
def numerical_gradient(f, x, h=1e-5):
    z = np.array(x, dtype=float)
    grad = np.zeros(z.shape)
    for idx in np.ndindex(z.shape):
        z[idx] += h
        f_plus = f(z)
        z[idx] -= 2 * h
        f_minus = f(z)
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
""",
        names=("not restored",),
    ),
    bug(
        "numerical_gradient",
        "zeros_like keeps an integer dtype",
        """
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for i in range(x.size):
        x_plus = x.copy()
        x_plus.flat[i] += h
        x_minus = x.copy()
        x_minus.flat[i] -= h
        grad.flat[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad
""",
        names=("integer",),
    ),
    bug(
        "numerical_gradient",
        "x[i] += h perturbs whole rows",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in range(x.shape[0]):
        x_plus = x.copy()
        x_plus[i] += h
        x_minus = x.copy()
        x_minus[i] -= h
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad
""",
        names=("whole row",),
    ),
    bug(
        "numerical_gradient",
        "only the diagonal is perturbed",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in range(min(x.shape)):
        idx = (i,) * x.ndim
        x_plus = x.copy()
        x_plus[idx] += h
        x_minus = x.copy()
        x_minus[idx] -= h
        grad[idx] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad
""",
        names=("diagonal",),
    ),
    bug(
        "numerical_gradient",
        "only the first row is perturbed",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for j in range(x.shape[-1]):
        idx = (0,) * (x.ndim - 1) + (j,)
        x_plus = x.copy()
        x_plus[idx] += h
        x_minus = x.copy()
        x_minus[idx] -= h
        grad[idx] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad
""",
        names=("first row",),
    ),
    bug(
        "numerical_gradient",
        "calls f with the flattened x",
        """
def numerical_gradient(f, x, h=1e-5):
    flat = np.array(x, dtype=float).ravel()
    grad = np.zeros(flat.shape)
    for i in range(flat.size):
        e = np.zeros(flat.size)
        e[i] = h
        grad[i] = (f(flat + e) - f(flat - e)) / (2 * h)
    return grad.reshape(np.shape(x))
""",
        names=("flattened",),
    ),
    correct(
        "numerical_gradient",
        "seed style: two copies per entry, .flat",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in range(x.size):
        x_plus = x.copy()
        x_plus.flat[i] += h
        x_minus = x.copy()
        x_minus.flat[i] -= h
        grad.flat[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad
""",
    ),
    correct(
        "numerical_gradient",
        "in place on the caller's x, exact restore (nditer)",
        """
def numerical_gradient(f, x, h=1e-5):
    work = x if (isinstance(x, np.ndarray) and x.dtype == np.float64) else np.array(x, dtype=float)
    grad = np.zeros(work.shape)
    it = np.nditer(work, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        old = work[idx].copy()
        work[idx] = old + h
        f_plus = f(work)
        work[idx] = old - h
        f_minus = f(work)
        work[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
        it.iternext()
    return grad
""",
    ),
    correct(
        "numerical_gradient",
        "basis arrays e_i built with np.eye",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=np.float64)
    basis = np.eye(x.size).reshape((x.size, *x.shape))
    values = [(f(x + h * e) - f(x - h * e)) / (2.0 * h) for e in basis]
    return np.array(values, dtype=np.float64).reshape(x.shape)
""",
    ),
    bug(
        "numerical_gradient",
        "/ 2 * h operator precedence",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        x_plus = x.copy()
        x_plus[idx] += h
        x_minus = x.copy()
        x_minus[idx] -= h
        grad[idx] = (f(x_plus) - f(x_minus)) / 2 * h
    return grad
""",
        names=("precedence",),
    ),
    bug(
        "numerical_gradient",
        "sign: (f(x-h) - f(x+h)) / 2h",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        x_plus = x.copy()
        x_plus[idx] += h
        x_minus = x.copy()
        x_minus[idx] -= h
        grad[idx] = (f(x_minus) - f(x_plus)) / (2 * h)
    return grad
""",
        names=("sign",),
    ),
    bug(
        "numerical_gradient",
        "x_plus = x is not a copy (both evaluations see one array)",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        x_plus = x
        x_plus[idx] += h
        x_minus = x
        x_minus[idx] -= h
        grad[idx] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad
""",
        names=("not a copy",),
    ),
    bug(
        "numerical_gradient",
        "returns a flat gradient (no reshape)",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.size)
    for i in range(x.size):
        x_plus = x.copy()
        x_plus.flat[i] += h
        x_minus = x.copy()
        x_minus.flat[i] -= h
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad
""",
        names=("flattened",),
    ),
    bug(
        "numerical_gradient",
        "returns a list",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = []
    for i in range(x.size):
        x_plus = x.copy()
        x_plus.flat[i] += h
        x_minus = x.copy()
        x_minus.flat[i] -= h
        grad.append((f(x_plus) - f(x_minus)) / (2 * h))
    return grad
""",
        names=("list",),
    ),
    bug(
        "numerical_gradient",
        "works in float32",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=np.float32)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x_plus = x.copy()
        x_plus[idx] += h
        x_minus = x.copy()
        x_minus[idx] -= h
        grad[idx] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad
""",
        names=("float64",),
    ),
    bug(
        "numerical_gradient",
        "default step h=1e-3",
        """
def numerical_gradient(f, x, h=1e-3):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        f_plus = f(x)
        x[idx] = old - h
        f_minus = f(x)
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
""",
        names=("default step",),
    ),
    bug(
        "numerical_gradient",
        "default step h=1e-7 (the check's epsilon)",
        """
def numerical_gradient(f, x, h=1e-7):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        f_plus = f(x)
        x[idx] = old - h
        f_minus = f(x)
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
""",
        names=("default step",),
    ),
    correct(
        "numerical_gradient",
        "read-only np.nditer multi_index over a float copy",
        """
def numerical_gradient(f, x, h=1e-5):
    base = np.array(x, dtype=np.float64)
    grad = np.empty_like(base)
    it = np.nditer(base, flags=["multi_index"])
    for _ in it:
        idx = it.multi_index
        step = np.zeros_like(base)
        step[idx] = h
        grad[idx] = (f(base + step) - f(base - step)) / (2 * h)
    return grad
""",
    ),
    correct(
        "numerical_gradient",
        "identity-matrix stack: all perturbed points built at once",
        """
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x).astype(np.float64)
    n = x.size
    steps = (h * np.eye(n)).reshape((n,) + x.shape)  # steps[i] = h e_i, shape (n, *x.shape)
    plus = x[np.newaxis] + steps
    minus = x[np.newaxis] - steps
    diffs = np.array([f(p) - f(q) for p, q in zip(plus, minus)], dtype=np.float64)
    return (diffs / (2 * h)).reshape(x.shape)
""",
    ),
    correct(
        "numerical_gradient",
        "unravel_index over flat positions, 0.5 * (...) / h, try/finally restore",
        """
def numerical_gradient(f, x, h=1e-5):
    work = x + 0.0  # a new float array (also upcasts integers)
    work = np.asarray(work, dtype=np.float64)
    grad = np.zeros(work.shape, dtype=np.float64)
    for flat in range(work.size):
        idx = np.unravel_index(flat, work.shape)
        saved = float(work[idx])
        try:
            work[idx] = saved + h
            up = f(work)
            work[idx] = saved - h
            down = f(work)
        finally:
            work[idx] = saved
        grad[idx] = 0.5 * (up - down) / h
    return grad
""",
    ),
    correct(
        "numerical_gradient",
        "itertools.product over the index ranges",
        """
import itertools


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float, copy=True)
    grad = np.zeros(x.shape)
    for idx in itertools.product(*(range(n) for n in x.shape)):
        e = np.zeros(x.shape)
        e[idx] = 1.0
        grad[idx] = (f(x + h * e) - f(x - h * e)) / (h + h)
    return grad
""",
    ),
    # ------------------------------------------------------------------ relative_error
    bug(
        "relative_error",
        "absolute difference",
        """
def relative_error(a, b):
    return float(np.linalg.norm(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)))
""",
        names=("absolute difference",),
    ),
    bug(
        "relative_error",
        "max of the norms in the denominator",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    den = max(np.linalg.norm(a), np.linalg.norm(b))
    if den == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / den)
""",
        names=("max(",),
    ),
    bug(
        "relative_error",
        "no both-zero case (NaN)",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))
""",
        names=("both norms are zero", "NaN"),
    ),
    bug(
        "relative_error",
        "||a|| only in the denominator",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if np.linalg.norm(a) == 0 and np.linalg.norm(b) == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / np.linalg.norm(a))
""",
        names=("only ||a||",),
    ),
    bug(
        "relative_error",
        "elementwise, returns an array",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    den = np.abs(a) + np.abs(b)
    return np.where(den == 0, 0.0, np.abs(a - b) / np.where(den == 0, 1.0, den))
""",
        names=("must be a python float",),
    ),
    bug(
        "relative_error",
        "||a + b|| in the denominator (seed 004)",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    den = np.linalg.norm(a + b)
    if den == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / den)
""",
        names=("||a + b||",),
    ),
    bug(
        "relative_error",
        "1e-8 added to the denominator",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b) + 1e-8))
""",
        names=("constant",),
    ),
    correct(
        "relative_error",
        "sqrt of sums of squares, `if not den`",
        """
def relative_error(a, b):
    a = np.array(a, dtype=float)
    b = np.array(b, dtype=float)
    den = np.sqrt(np.sum(a * a)) + np.sqrt(np.sum(b * b))
    if not den:
        return 0.0
    return float(np.sqrt(np.sum((a - b) ** 2)) / den)
""",
    ),
    correct(
        "relative_error",
        "np.vdot on raveled arrays, np.float64 return",
        """
def relative_error(a, b):
    a = np.ravel(np.asarray(a, dtype=np.float64))
    b = np.ravel(np.asarray(b, dtype=np.float64))
    num = np.sqrt(np.vdot(a - b, a - b))
    den = np.sqrt(np.vdot(a, a)) + np.sqrt(np.vdot(b, b))
    return np.float64(0.0) if den == 0 else np.float64(num / den)
""",
    ),
    correct(
        "relative_error",
        "both-zero tested with np.all",
        """
def relative_error(a, b):
    a = np.asarray(a) * 1.0
    b = np.asarray(b) * 1.0
    if np.all(a == 0) and np.all(b == 0):
        return 0.0
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))
""",
    ),
    bug(
        "relative_error",
        "elementwise |a-b| / max(|a|,|b|), largest entry",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    den = np.maximum(np.abs(a), np.abs(b))
    ratio = np.abs(a - b) / np.where(den == 0, 1.0, den)
    return float(np.max(ratio))
""",
        names=("entry by entry",),
    ),
    bug(
        "relative_error",
        "elementwise |a-b| / max(1e-8, |a|+|b|), largest entry (cs231n)",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
""",
        names=("entry by entry",),
    ),
    bug(
        "relative_error",
        "squared norms (sums of squares)",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    den = np.sum(a**2) + np.sum(b**2)
    if den == 0:
        return 0.0
    return float(np.sum((a - b) ** 2) / den)
""",
        names=("squared norms",),
    ),
    bug(
        "relative_error",
        "L1 norms (sums of absolute values)",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    den = np.sum(np.abs(a)) + np.sum(np.abs(b))
    if den == 0:
        return 0.0
    return float(np.sum(np.abs(a - b)) / den)
""",
        names=("l1",),
    ),
    bug(
        "relative_error",
        "||b|| only in the denominator",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if not a.any() and not b.any():
        return 0.0
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))
""",
        names=("only ||b||",),
    ),
    bug(
        "relative_error",
        "np.linalg.norm(M, 2) is the spectral norm of a matrix",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim == 0:
        a, b = a.reshape(1), b.reshape(1)
    den = np.linalg.norm(a, 2) + np.linalg.norm(b, 2)
    if den == 0:
        return 0.0
    return float(np.linalg.norm(a - b, 2) / den)
""",
        names=("spectral",),
    ),
    bug(
        "relative_error",
        "both-zero test with `or` (0.0 when only one is zero)",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / (na + nb))
""",
        names=("`or`",),
    ),
    bug(
        "relative_error",
        "a -= b in place",
        """
def relative_error(a, b):
    if np.ndim(a) == 0:
        a = np.array(a, dtype=float)
    den = np.linalg.norm(a) + np.linalg.norm(b)
    if den == 0:
        return 0.0
    a -= b
    return float(np.linalg.norm(a) / den)
""",
        names=("in place",),
    ),
    bug(
        "relative_error",
        "returns the integer 0 when both are zero",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    den = np.linalg.norm(a) + np.linalg.norm(b)
    if den == 0:
        return 0
    return float(np.linalg.norm(a - b) / den)
""",
        names=("integer",),
    ),
    bug(
        "relative_error",
        "returns np.float32",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    den = np.linalg.norm(a) + np.linalg.norm(b)
    if den == 0:
        return np.float32(0.0)
    return np.float32(np.linalg.norm(a - b) / den)
""",
        names=("float32",),
    ),
    bug(
        "relative_error",
        "np.divide(..., where=) returns a 0-D array",
        """
def relative_error(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    num = np.linalg.norm(a - b)
    den = np.linalg.norm(a) + np.linalg.norm(b)
    return np.divide(num, den, out=np.zeros(()), where=den > 0)
""",
        names=("shape ()",),
    ),
    correct(
        "relative_error",
        "math.sqrt of math.fsum over the entries",
        """
import math


def relative_error(a, b):
    a = np.ravel(a).astype(float).tolist()
    b = np.ravel(b).astype(float).tolist()
    num = math.sqrt(math.fsum((p - q) ** 2 for p, q in zip(a, b)))
    den = math.sqrt(math.fsum(p * p for p in a)) + math.sqrt(math.fsum(q * q for q in b))
    return num / den if den > 0 else 0.0
""",
    ),
    correct(
        "relative_error",
        "no cast: np.linalg.norm on what it is given, np.float64 result",
        """
def relative_error(a, b):
    den = np.linalg.norm(a) + np.linalg.norm(b)
    if den == 0:
        return 0.0
    return np.linalg.norm(np.subtract(a, b)) / den
""",
    ),
    correct(
        "relative_error",
        "scaled by the largest entry first (overflow-safe), einsum norms",
        """
def relative_error(a, b):
    a = np.atleast_1d(np.asarray(a, dtype=float)).ravel()
    b = np.atleast_1d(np.asarray(b, dtype=float)).ravel()
    s = max(np.max(np.abs(a)), np.max(np.abs(b)))
    if s == 0:
        return 0.0
    a, b = a / s, b / s
    d = a - b
    num = np.sqrt(np.einsum("i,i->", d, d))
    den = np.sqrt(np.einsum("i,i->", a, a)) + np.sqrt(np.einsum("i,i->", b, b))
    return float(num / den)
""",
    ),
    correct(
        "relative_error",
        "np.hypot.reduce norms, float32 inputs upcast",
        """
def relative_error(a, b):
    a = np.asarray(a).astype(np.float64).ravel()
    b = np.asarray(b).astype(np.float64).ravel()
    na = np.hypot.reduce(a) if a.size > 1 else abs(a[0]) if a.size else 0.0
    nb = np.hypot.reduce(b) if b.size > 1 else abs(b[0]) if b.size else 0.0
    d = a - b
    nd = np.hypot.reduce(d) if d.size > 1 else abs(d[0])
    total = na + nb
    return 0.0 if total == 0 else float(nd / total)
""",
    ),
    # ------------------------------------------------------------------ numerical_gradient_check
    bug(
        "numerical_gradient_check",
        "absolute tolerance",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return bool(np.linalg.norm(np.asarray(analytical) - numerical) <= 1e-5)
""",
        names=("absolute tolerance",),
    ),
    bug(
        "numerical_gradient_check",
        "one-sided difference",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    x = np.array(x, dtype=float)
    loss, analytical = func(x)
    numerical = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        z = x.copy()
        z[idx] += epsilon
        numerical[idx] = (func(z)[0] - loss) / epsilon
    return bool(relative_error(analytical, numerical) <= 1e-5)
""",
        names=("one-sided",),
    ),
    bug(
        "numerical_gradient_check",
        "always True",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    relative_error(analytical, numerical)
    return True
""",
        names=("always",),
    ),
    bug(
        "numerical_gradient_check",
        "compares norms only",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return bool(relative_error(np.linalg.norm(analytical), np.linalg.norm(numerical)) <= 1e-5)
""",
        names=("norms",),
    ),
    bug(
        "numerical_gradient_check",
        "tolerance 1e-3",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return bool(relative_error(analytical, numerical) <= 1e-3)
""",
        names=("1e-3",),
    ),
    bug(
        "numerical_gradient_check",
        "perturbs x in place, never restores",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    x = np.asarray(x, dtype=float)
    _, analytical = func(x)
    analytical = np.array(analytical, dtype=float)
    numerical = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        x[idx] += epsilon
        f_plus = func(x)[0]
        x[idx] -= 2 * epsilon
        f_minus = func(x)[0]
        numerical[idx] = (f_plus - f_minus) / (2 * epsilon)
    return bool(relative_error(analytical, numerical) <= 1e-5)
""",
        names=("in place", "changed its argument"),
    ),
    bug(
        "numerical_gradient_check",
        "returns the relative error",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return relative_error(analytical, numerical)
""",
        names=("True or False",),
    ),
    bug(
        "numerical_gradient_check",
        "returns a string",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return "True" if relative_error(analytical, numerical) <= 1e-5 else "False"
""",
        names=("True or False",),
    ),
    bug(
        "numerical_gradient_check",
        "ignores epsilon",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x)
    return bool(relative_error(analytical, numerical) <= 1e-5)
""",
        names=("epsilon is ignored",),
    ),
    correct(
        "numerical_gradient_check",
        "self-contained loop, np.bool_ result",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    x = np.array(x, dtype=float)
    _, analytical = func(x)
    analytical = np.asarray(analytical, dtype=float)
    numerical = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        x_plus = x.copy()
        x_plus[idx] += epsilon
        x_minus = x.copy()
        x_minus[idx] -= epsilon
        numerical[idx] = (func(x_plus)[0] - func(x_minus)[0]) / (2 * epsilon)
    num = np.linalg.norm(analytical - numerical)
    den = np.linalg.norm(analytical) + np.linalg.norm(numerical)
    return np.bool_(True) if den == 0 else (num / den <= 1e-5)
""",
    ),
    correct(
        "numerical_gradient_check",
        "float input handled apart, strict `not >`",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    if isinstance(x, float):
        analytical = func(x)[1]
        numerical = (func(x + epsilon)[0] - func(x - epsilon)[0]) / (2 * epsilon)
    else:
        analytical = func(x)[1]
        numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return not relative_error(analytical, numerical) > 1e-5
""",
    ),
    correct(
        "numerical_gradient_check",
        "flattened parameter vector, reshaped for func",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    shape = np.shape(x)
    theta = np.array(x, dtype=float).ravel()

    def loss_of(flat):
        return func(flat.reshape(shape))[0]

    analytical = np.asarray(func(np.array(x, dtype=float))[1], dtype=float).ravel()
    numerical = numerical_gradient(loss_of, theta, h=epsilon)
    return bool(relative_error(analytical, numerical) <= 1e-5)
""",
    ),
    bug(
        "numerical_gradient_check",
        "threshold 1e-7 instead of 1e-5",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return bool(relative_error(analytical, numerical) <= 1e-7)
""",
        names=("too strict",),
    ),
    bug(
        "numerical_gradient_check",
        "threshold is epsilon",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return bool(relative_error(analytical, numerical) <= epsilon)
""",
        names=("epsilon",),
    ),
    bug(
        "numerical_gradient_check",
        "comparison the wrong way round (>=)",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return bool(relative_error(analytical, numerical) >= 1e-5)
""",
        names=("wrong way round",),
    ),
    bug(
        "numerical_gradient_check",
        "entry-by-entry relative error (np.all)",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    analytical = np.asarray(analytical, dtype=float)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    den = np.maximum(np.abs(analytical), np.abs(numerical))
    ratio = np.abs(analytical - numerical) / np.where(den == 0, 1.0, den)
    return bool(np.all(ratio <= 1e-5))
""",
        names=("entry by entry",),
    ),
    bug(
        "numerical_gradient_check",
        "func(x) unpacked as (grad, loss)",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    analytical, _ = func(x)
    numerical = numerical_gradient(lambda z: func(z)[0], x, h=epsilon)
    return bool(relative_error(analytical, numerical) <= 1e-5)
""",
        names=("(loss, analytical_grad)",),
    ),
    bug(
        "numerical_gradient_check",
        "numerical gradient of the analytical gradient's sum",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    _, analytical = func(x)
    numerical = numerical_gradient(lambda z: np.sum(func(z)[1]), x, h=epsilon)
    return bool(relative_error(analytical, numerical) <= 1e-5)
""",
        names=("func(z)[0]",),
    ),
    correct(
        "numerical_gradient_check",
        "division-free test num <= 1e-5 * den, nditer inline differences",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    point = np.array(x, dtype=np.float64)
    analytical = np.asarray(func(x)[1], dtype=np.float64)
    numerical = np.zeros(point.shape)
    it = np.nditer(point, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        up, down = point.copy(), point.copy()
        up[i] += epsilon
        down[i] -= epsilon
        numerical[i] = (func(up)[0] - func(down)[0]) / (2 * epsilon)
    num = np.sqrt(np.sum((analytical - numerical) ** 2))
    den = np.sqrt(np.sum(analytical**2)) + np.sqrt(np.sum(numerical**2))
    return bool(num <= 1e-5 * den)
""",
    ),
    correct(
        "numerical_gradient_check",
        "identity-stack numerical gradient, np.linalg.norm, np.bool_ result",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    x0 = np.asarray(x, dtype=float)
    n = x0.size
    E = epsilon * np.eye(n).reshape((n,) + x0.shape)
    numerical = np.array([func(x0 + e)[0] - func(x0 - e)[0] for e in E]) / (2 * epsilon)
    numerical = numerical.reshape(x0.shape)
    analytical = np.reshape(func(x0)[1], x0.shape)
    den = np.linalg.norm(analytical) + np.linalg.norm(numerical)
    if den == 0:
        return np.bool_(True)
    return np.linalg.norm(analytical - numerical) / den <= 1e-5
""",
    ),
    correct(
        "numerical_gradient_check",
        "np.atleast_1d for floats, threshold written 10**-5, strict <",
        """
def numerical_gradient_check(func, x, epsilon=1e-7):
    loss, analytical = func(x)
    z = np.atleast_1d(np.array(x, dtype=float))
    numerical = numerical_gradient(lambda v: func(v.reshape(np.shape(x)))[0], z, h=epsilon)
    err = relative_error(np.ravel(analytical), numerical.ravel())
    return err < 10**-5 or err == 10**-5
""",
    ),
    # A correct solution whose helpers and globals share names with the tests' helpers:
    # tests and student code live in separate kernels, so neither rebinds the other.
    correct(
        "relative_error",
        "helpers named like the hidden tests' helpers",
        """
_check = "a student's flag"  # a global named like a hidden-test helper


def _ref_rel(u):  # same name as a hidden-test helper, another job: a norm
    return float(np.sqrt(np.sum(np.square(np.asarray(u, dtype=np.float64)))))


def relative_error(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    den = _ref_rel(a) + _ref_rel(b)
    return 0.0 if den == 0.0 else _ref_rel(a - b) / den
""",
    ),
]
