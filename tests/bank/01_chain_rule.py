"""Buggy and correct implementations of lesson 01_chain_rule's exercises."""

from autograder.authoring.bank import bug, correct

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
    bug(
        "square_of_affine",
        "outer derivative 2(3x) without the +1",
        """
def square_of_affine(x):
    x = float(x)
    return (3.0 * x + 1.0) ** 2, 2.0 * (3.0 * x) * 3.0
""",
        names=("the +1",),
    ),
    bug(
        "square_of_affine",
        "float32 outputs",
        """
def square_of_affine(x):
    g = np.float32(3) * np.float32(x) + np.float32(1)
    return g * g, np.float32(6) * g
""",
        names=("float32",),
    ),
    bug(
        "square_of_affine",
        "0-d arrays from np.asarray",
        """
def square_of_affine(x):
    g = 3.0 * np.asarray(x, dtype=float) + 1.0
    return np.array(g**2), np.array(6.0 * g)
""",
        names=("array of shape ()",),
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
    bug(
        "relu_chain",
        "ReLU applied after squaring: relu(z**2)",
        """
def relu_chain(x):
    z = 3.0 * float(x) + 1.0
    s = z * z
    L = max(s, 0.0)
    return L, (2.0 * z * 3.0 if s > 0 else 0.0)
""",
        names=("ReLU missing",),
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
    bug(
        "single_neuron_gradients",
        "sigmoid'(z) written as z(1 - z)",
        """
def single_neuron_gradients(w, b, x, y_true):
    z = w * x + b
    a = sigmoid(z)
    dL_dz = 2 * (a - y_true) * z * (1 - z)
    return float((a - y_true) ** 2), float(dL_dz * x), float(dL_dz)
""",
        names=("z(1 - z)",),
    ),
    bug(
        "single_neuron_gradients",
        "own sigmoid with math.exp overflows (OverflowError)",
        """
def single_neuron_gradients(w, b, x, y_true):
    import math
    z = w * x + b
    a = 1.0 / (1.0 + math.exp(-z))
    dL_dz = 2.0 * (a - y_true) * a * (1.0 - a)
    return float((a - y_true) ** 2), float(dL_dz * x), float(dL_dz)
""",
        names=("OverflowError",),
    ),
    bug(
        "single_neuron_gradients",
        "float32 outputs",
        """
def single_neuron_gradients(w, b, x, y_true):
    z = np.float32(w) * np.float32(x) + np.float32(b)
    a = np.float32(1) / (np.float32(1) + np.exp(-z))
    dL_dz = np.float32(2) * (a - np.float32(y_true)) * a * (np.float32(1) - a)
    return (a - np.float32(y_true)) ** 2, dL_dz * np.float32(x), dL_dz
""",
        names=("float32",),
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
    bug(
        "forward_mode",
        "d(x^2) = x (missing factor 2)",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return x**2 + y**3, x * dx + 3 * y**2 * dy
""",
        names=("2x, not x",),
    ),
    bug(
        "forward_mode",
        "d(y^3) = y^2 (missing factor 3)",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return x**2 + y**3, 2 * x * dx + y**2 * dy
""",
        names=("not y**2",),
    ),
    bug(
        "forward_mode",
        "swapped outputs (df, f)",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return 2 * x * dx + 3 * y**2 * dy, x**2 + y**3
""",
        names=("swapped outputs",),
    ),
    bug(
        "forward_mode",
        "df as the change f(x + dx, y + dy) - f(x, y)",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    f = x**2 + y**3
    return f, (x + dx) ** 2 + (y + dy) ** 3 - f
""",
        names=("change of f",),
    ),
    bug(
        "forward_mode",
        "tangent normalised to a unit vector",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    norm = np.hypot(dx, dy)
    ux, uy = (dx / norm, dy / norm) if norm > 0 else (0.0, 0.0)
    return x**2 + y**3, 2 * x * ux + 3 * y**2 * uy
""",
        names=("unit length",),
    ),
    bug(
        "forward_mode",
        "dual product rule p'q' instead of p'q + pq'",
        """
def forward_mode(x, y, dx, dy):
    def mul(p, q):
        return (p[0] * q[0], p[1] * q[1])

    X, Y = (float(x), float(dx)), (float(y), float(dy))
    u = mul(X, X)
    v = mul(mul(Y, Y), Y)
    return u[0] + v[0], u[1] + v[1]
""",
        names=("product rule",),
    ),
    bug(
        "forward_mode",
        "returns the gradient (2x, 3y^2) as df",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return x**2 + y**3, (2 * x * dx, 3 * y**2 * dy)
""",
        names=("one number",),
    ),
    bug(
        "forward_mode",
        "float32 outputs",
        """
def forward_mode(x, y, dx, dy):
    x, y, dx, dy = (np.float32(t) for t in (x, y, dx, dy))
    return x**2 + y**3, 2 * x * dx + 3 * y**2 * dy
""",
        names=("float32",),
    ),
    bug(
        "forward_mode",
        "negated tangent (descent direction)",
        """
def forward_mode(x, y, dx, dy):
    x, y = float(x), float(y)
    return x**2 + y**3, -(2 * x * dx + 3 * y**2 * dy)
""",
        names=("sign",),
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
    correct(
        "forward_mode",
        "Dual class with operator overloading (np.float64 values)",
        """
def forward_mode(x, y, dx, dy):
    class D:
        def __init__(self, v, d):
            self.v, self.d = np.float64(v), np.float64(d)

        def __add__(self, o):
            return D(self.v + o.v, self.d + o.d)

        def __mul__(self, o):
            return D(self.v * o.v, self.d * o.v + self.v * o.d)

    X, Y = D(x, dx), D(y, dy)
    out = X * X + Y * Y * Y
    return out.v, out.d
""",
    ),
    correct(
        "forward_mode",
        "einsum of the gradient with the tangent",
        """
def forward_mode(x, y, dx, dy):
    p = np.asarray([x, y], dtype=np.float64)
    t = np.asarray([dx, dy], dtype=np.float64)
    grad = np.array([p[0] + p[0], 3.0 * p[1] * p[1]])
    return float(p[0] * p[0] + p[1] * p[1] * p[1]), float(np.einsum("i,i->", grad, t))
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
    bug(
        "reverse_mode",
        "d(y^3) = y^2 (missing factor 3)",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    return x**2 + y**3, 2 * x, y**2
""",
        names=("not y**2",),
    ),
    bug(
        "reverse_mode",
        "d(y^3) = 3y^3 (power not lowered)",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    return x**2 + y**3, 2 * x, 3 * y**3
""",
        names=("not 3y**3",),
    ),
    bug(
        "reverse_mode",
        "backward pass seeded with 0 instead of 1",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    f = x**2 + y**3
    f_bar = 0.0
    return f, f_bar * 2.0 * x, f_bar * 3.0 * y**2
""",
        names=("df/df = 1",),
    ),
    bug(
        "reverse_mode",
        "returns the stored intermediates u, v instead of adjoints",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    u, v = x**2, y**3
    return u + v, u, v
""",
        names=("intermediate",),
    ),
    bug(
        "reverse_mode",
        "negated gradient (descent direction)",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    return x**2 + y**3, -2 * x, -3 * y**2
""",
        names=("sign",),
    ),
    bug(
        "reverse_mode",
        "gradient returned as one pair (f, (df_dx, df_dy))",
        """
def reverse_mode(x, y):
    x, y = float(x), float(y)
    return x**2 + y**3, (2 * x, 3 * y**2)
""",
        names=("3 values",),
    ),
    bug(
        "reverse_mode",
        "float32 outputs",
        """
def reverse_mode(x, y):
    x, y = np.float32(x), np.float32(y)
    return x**2 + y**3, 2 * x, 3 * y**2
""",
        names=("float32",),
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
    correct(
        "reverse_mode",
        "tape of nodes with backward closures (accumulating adjoints)",
        """
def reverse_mode(x, y):
    tape = []
    vals, grads = {}, {}

    def node(name, value, parents):
        vals[name] = value
        grads[name] = 0.0
        tape.append((name, parents))

    node("x", float(x), [])
    node("y", float(y), [])
    node("u", vals["x"] * vals["x"], [("x", lambda: 2.0 * vals["x"])])
    node("v", vals["y"] ** 3, [("y", lambda: 3.0 * vals["y"] ** 2)])
    node("f", vals["u"] + vals["v"], [("u", lambda: 1.0), ("v", lambda: 1.0)])
    grads["f"] = 1.0
    for name, parents in reversed(tape):
        for parent, local in parents:
            grads[parent] += grads[name] * local()
    return vals["f"], grads["x"], grads["y"]
""",
    ),
    # A correct solution whose helpers and globals share names with the tests' helpers:
    # tests and student code live in separate kernels, so neither rebinds the other.
    correct(
        "square_of_affine",
        "helpers named like the hidden tests' helpers",
        """
_h_sig = "a student's note"  # the hidden tests have helpers named _h_*


def _h_square_case(x):  # same name as a hidden-test helper, another job
    return 3.0 * float(x) + 1.0


def square_of_affine(x):
    u = _h_square_case(x)
    return u * u, 6.0 * u
""",
    ),
]
