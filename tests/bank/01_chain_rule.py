"""Buggy and correct implementations of lesson 01_chain_rule's exercises."""

from autograder.bank import bug, correct

VARIANTS = [
    # ------------------------------------------------------------------ square_of_affine
    bug(
        "square_of_affine",
        "returns ints for int input",
        """
def square_of_affine(x):
    g = 3 * x + 1
    return g**2, 2 * g * 3
""",
        names=("float",),
    ),
    bug(
        "square_of_affine",
        "missing inner derivative 3",
        """
def square_of_affine(x):
    g = 3.0 * float(x) + 1.0
    return g**2, 2.0 * g
""",
        names=("inner derivative",),
    ),
    bug(
        "square_of_affine",
        "missing factor 2",
        """
def square_of_affine(x):
    g = 3.0 * float(x) + 1.0
    return g**2, g * 3.0
""",
        names=("factor 2",),
    ),
    bug(
        "square_of_affine",
        "outer derivative evaluated at x",
        """
def square_of_affine(x):
    x = float(x)
    return (3.0 * x + 1.0) ** 2, 2.0 * x * 3.0
""",
        names=("evaluated at x",),
    ),
    bug(
        "square_of_affine",
        "swapped outputs",
        """
def square_of_affine(x):
    g = 3.0 * float(x) + 1.0
    return 6.0 * g, g**2
""",
        names=("swapped",),
    ),
    bug(
        "square_of_affine",
        "no square in z",
        """
def square_of_affine(x):
    g = 3.0 * float(x) + 1.0
    return g, 6.0 * g
""",
        names=("without the square",),
    ),
    correct(
        "square_of_affine",
        "expanded polynomial 9x^2 + 6x + 1",
        """
def square_of_affine(x):
    x = float(x)
    return 9.0 * x * x + 6.0 * x + 1.0, 18.0 * x + 6.0
""",
    ),
    correct(
        "square_of_affine",
        "numpy float64 throughout",
        """
def square_of_affine(x):
    g = np.float64(x) * 3 + 1
    return np.square(g), np.float64(6) * g
""",
    ),
    correct(
        "square_of_affine",
        "float() at the end only",
        """
def square_of_affine(x):
    inner = 3 * x + 1
    return float(inner * inner), float(2 * inner * 3)
""",
    ),
    # ------------------------------------------------------------------ relu_chain
    bug(
        "relu_chain",
        "ReLU mask on x instead of z",
        """
def relu_chain(x):
    x = float(x)
    z = 3.0 * x + 1.0
    a = max(z, 0.0)
    return a * a, 2.0 * a * (1.0 if x > 0 else 0.0) * 3.0
""",
        names=("on x instead",),
    ),
    bug(
        "relu_chain",
        "no ReLU at all",
        """
def relu_chain(x):
    z = 3.0 * float(x) + 1.0
    return z * z, 6.0 * z
""",
        names=("ReLU missing",),
    ),
    bug(
        "relu_chain",
        "dL/da = 2z and no mask in backward",
        """
def relu_chain(x):
    z = 3.0 * float(x) + 1.0
    a = max(z, 0.0)
    return a * a, 2.0 * z * 3.0
""",
        names=("ReLU ignored",),
    ),
    bug(
        "relu_chain",
        "missing dz/dx = 3",
        """
def relu_chain(x):
    z = 3.0 * float(x) + 1.0
    a = max(z, 0.0)
    return a * a, 2.0 * a * (1.0 if z > 0 else 0.0)
""",
        names=("dz/dx",),
    ),
    bug(
        "relu_chain",
        "missing factor 2",
        """
def relu_chain(x):
    z = 3.0 * float(x) + 1.0
    a = max(z, 0.0)
    return a * a, a * (1.0 if z > 0 else 0.0) * 3.0
""",
        names=("factor 2",),
    ),
    bug(
        "relu_chain",
        "relu'(z) as z / |z| (divides by zero at the kink)",
        """
def relu_chain(x):
    z = 3.0 * float(x) + 1.0
    a = max(z, 0.0)
    da_dz = (z / abs(z) + 1.0) / 2.0
    return a * a, 2.0 * a * da_dz * 3.0
""",
        names=("division",),
    ),
    bug(
        "relu_chain",
        "relu(z) used as relu'(z)",
        """
def relu_chain(x):
    z = 3.0 * float(x) + 1.0
    a = max(z, 0.0)
    return a * a, 2.0 * a * a * 3.0
""",
        names=("relu(z) itself",),
    ),
    bug(
        "relu_chain",
        "int zeros from max(0, z)",
        """
def relu_chain(x):
    z = 3 * x + 1
    a = max(0, z)
    return a**2, 2 * a * (1 if z > 0 else 0) * 3
""",
        names=("float",),
    ),
    correct(
        "relu_chain",
        "np.maximum and np.where",
        """
def relu_chain(x):
    z = 3.0 * np.float64(x) + 1.0
    a = np.maximum(z, 0.0)
    dL_dx = 2.0 * a * np.where(z > 0, 1.0, 0.0) * 3.0
    return float(a**2), float(dL_dx)
""",
    ),
    correct(
        "relu_chain",
        "if/else branches, relu'(0) = 1 convention",
        """
def relu_chain(x):
    z = 3.0 * float(x) + 1.0
    if z >= 0:
        return z * z, 6.0 * z
    return 0.0, 0.0
""",
    ),
    correct(
        "relu_chain",
        "mask from a > 0",
        """
def relu_chain(x):
    z = 3 * float(x) + 1
    a = z * (z > 0)
    return float(a**2), float(2 * a * (a > 0) * 3)
""",
    ),
    # ------------------------------------------------------------------ single_neuron_gradients
    bug(
        "single_neuron_gradients",
        "missing factor 2",
        """
def single_neuron_gradients(w, b, x, y_true):
    a = sigmoid(w * x + b)
    dL_dz = (a - y_true) * a * (1 - a)
    return float((a - y_true) ** 2), float(dL_dz * x), float(dL_dz)
""",
        names=("factor 2",),
    ),
    bug(
        "single_neuron_gradients",
        "sign (y - a)",
        """
def single_neuron_gradients(w, b, x, y_true):
    a = sigmoid(w * x + b)
    dL_dz = 2 * (y_true - a) * a * (1 - a)
    return float((a - y_true) ** 2), float(dL_dz * x), float(dL_dz)
""",
        names=("sign",),
    ),
    bug(
        "single_neuron_gradients",
        "sigmoid'(a) instead of sigmoid'(z)",
        """
def single_neuron_gradients(w, b, x, y_true):
    a = sigmoid(w * x + b)
    dL_dz = 2 * (a - y_true) * sigmoid(a) * (1 - sigmoid(a))
    return float((a - y_true) ** 2), float(dL_dz * x), float(dL_dz)
""",
        names=("instead of at z",),
    ),
    bug(
        "single_neuron_gradients",
        "forgot x in dL/dw",
        """
def single_neuron_gradients(w, b, x, y_true):
    a = sigmoid(w * x + b)
    dL_dz = 2 * (a - y_true) * a * (1 - a)
    return float((a - y_true) ** 2), float(dL_dz), float(dL_dz)
""",
        names=("forgot the factor x",),
    ),
    bug(
        "single_neuron_gradients",
        "returns dL/da",
        """
def single_neuron_gradients(w, b, x, y_true):
    a = sigmoid(w * x + b)
    dL_da = 2 * (a - y_true)
    return float((a - y_true) ** 2), float(dL_da), float(dL_da)
""",
        names=("dL/da",),
    ),
    bug(
        "single_neuron_gradients",
        "no sigmoid derivative",
        """
def single_neuron_gradients(w, b, x, y_true):
    a = sigmoid(w * x + b)
    dL_da = 2 * (a - y_true)
    return float((a - y_true) ** 2), float(dL_da * x), float(dL_da)
""",
        names=("left out da/dz", "dL/da"),
    ),
    bug(
        "single_neuron_gradients",
        "1/2 in the loss",
        """
def single_neuron_gradients(w, b, x, y_true):
    a = sigmoid(w * x + b)
    dL_dz = (a - y_true) * a * (1 - a)
    return float(0.5 * (a - y_true) ** 2), float(dL_dz * x), float(dL_dz)
""",
        names=("1/2",),
    ),
    bug(
        "single_neuron_gradients",
        "dL/db multiplied by x",
        """
def single_neuron_gradients(w, b, x, y_true):
    a = sigmoid(w * x + b)
    dL_dz = 2 * (a - y_true) * a * (1 - a)
    return float((a - y_true) ** 2), float(dL_dz * x), float(dL_dz * x)
""",
        names=("dz/db is 1",),
    ),
    correct(
        "single_neuron_gradients",
        "own naive sigmoid (overflow warning captured)",
        """
def single_neuron_gradients(w, b, x, y_true):
    z = np.float64(w) * x + b
    a = 1.0 / (1.0 + np.exp(-z))
    err = a - y_true
    dL_dz = 2.0 * err * a * (1.0 - a)
    return float(err**2), float(dL_dz * x), float(dL_dz)
""",
    ),
    correct(
        "single_neuron_gradients",
        "sigmoid'(z) as sigmoid(z) * sigmoid(-z)",
        """
def single_neuron_gradients(w, b, x, y_true):
    z = w * x + b
    a = sigmoid(z)
    dL_da = 2.0 * (a - y_true)
    dL_dz = dL_da * sigmoid(z) * sigmoid(-z)
    return float((a - y_true) ** 2), float(dL_dz * x), float(dL_dz)
""",
    ),
    correct(
        "single_neuron_gradients",
        "math module, stable tanh form",
        """
def single_neuron_gradients(w, b, x, y_true):
    import math
    z = float(w) * float(x) + float(b)
    a = 0.5 * (1.0 + math.tanh(0.5 * z))
    s = 0.25 * (1.0 - math.tanh(0.5 * z) ** 2)
    g = 2.0 * (a - y_true) * s
    return (a - y_true) ** 2, g * float(x), g
""",
    ),
    # ------------------------------------------------------------------ forward_mode
    bug(
        "forward_mode",
        "tangents ignored",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return x**2 + y**3, 2 * x + 3 * y**2
""",
        names=("tangents are ignored",),
    ),
    bug(
        "forward_mode",
        "tangents swapped",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return x**2 + y**3, 2 * x * dy + 3 * y**2 * dx
""",
        names=("swapped",),
    ),
    bug(
        "forward_mode",
        "dy term dropped",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return x**2 + y**3, 2 * x * dx
""",
        names=("dy term",),
    ),
    bug(
        "forward_mode",
        "d(y^3) = 3y",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return x**2 + y**3, 2 * x * dx + 3 * y * dy
""",
        names=("3y**2",),
    ),
    bug(
        "forward_mode",
        "int outputs for int inputs",
        """
def forward_mode(x, y, dx, dy):
    return x**2 + y**3, 2 * x * dx + 3 * y**2 * dy
""",
        names=("float",),
    ),
    bug(
        "forward_mode",
        "f = x^2 + y^2",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return x**2 + y**2, 2 * x * dx + 3 * y**2 * dy
""",
        names=("cubed",),
    ),
    correct(
        "forward_mode",
        "gradient dotted with the tangent (np.dot)",
        """
def forward_mode(x, y, dx, dy):
    point = np.array([x, y], dtype=float)
    grad = np.array([2.0 * point[0], 3.0 * point[1] ** 2])
    return float(point[0] ** 2 + point[1] ** 3), float(np.dot(grad, [dx, dy]))
""",
    ),
    correct(
        "forward_mode",
        "dual-number tuples",
        """
def forward_mode(x, y, dx, dy):
    def mul(p, q):
        return (p[0] * q[0], p[1] * q[0] + p[0] * q[1])

    X, Y = (float(x), float(dx)), (float(y), float(dy))
    u = mul(X, X)
    v = mul(mul(Y, Y), Y)
    return u[0] + v[0], u[1] + v[1]
""",
    ),
    # ------------------------------------------------------------------ reverse_mode
    bug(
        "reverse_mode",
        "partials swapped",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    return x**2 + y**3, 3 * y**2, 2 * x
""",
        names=("swapped",),
    ),
    bug(
        "reverse_mode",
        "d(y^3) = 3y",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    return x**2 + y**3, 2 * x, 3 * y
""",
        names=("3y**2",),
    ),
    bug(
        "reverse_mode",
        "missing factor 2 in d(x^2)",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    return x**2 + y**3, x, 3 * y**2
""",
        names=("factor 2",),
    ),
    bug(
        "reverse_mode",
        "sum of partials in both slots",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    s = 2 * x + 3 * y**2
    return x**2 + y**3, s, s
""",
        names=("sum of both partials",),
    ),
    bug(
        "reverse_mode",
        "int outputs for int inputs",
        """
def reverse_mode(x, y):
    return x**2 + y**3, 2 * x, 3 * y**2
""",
        names=("float",),
    ),
    correct(
        "reverse_mode",
        "explicit adjoint dictionary",
        """
def reverse_mode(x, y):
    vals = {"x": float(x), "y": float(y)}
    vals["u"] = vals["x"] * vals["x"]
    vals["v"] = vals["y"] * vals["y"] * vals["y"]
    vals["f"] = vals["u"] + vals["v"]
    adj = {"f": 1.0}
    adj["u"] = adj["f"]
    adj["v"] = adj["f"]
    adj["x"] = adj["u"] * 2.0 * vals["x"]
    adj["y"] = adj["v"] * 3.0 * vals["y"] ** 2
    return vals["f"], adj["x"], adj["y"]
""",
    ),
    correct(
        "reverse_mode",
        "numpy gradient vector",
        """
def reverse_mode(x, y):
    p = np.array([x, y], dtype=np.float64)
    grad = np.array([2.0, 3.0 * p[1]]) * np.array([p[0], p[1]])
    return float(p[0] ** 2 + p[1] ** 3), float(grad[0]), float(grad[1])
""",
    ),
]
