"""Buggy and correct implementations for lesson 03_gradient_checking."""

from autograder.bank import bug, correct

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
]
