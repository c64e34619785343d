"""Buggy and correct implementations for lesson 09 (autograd for arrays).

Each bug is made by editing one place of a correct solution cell (``_TENSOR``,
``_REDUCTIONS``, ...), so that a variant differs from a working engine in exactly one rule;
correct variants are written differently, but keep every point.
"""

from autograder.authoring.bank import bug, correct

_UNBROADCAST = """
def unbroadcast(grad, shape):
    added = grad.ndim - len(shape)
    if added > 0:
        grad = grad.sum(axis=tuple(range(added)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad
"""

_TENSOR = """
class Tensor:

    __array_ufunc__ = None  # a NumPy array on the left of an operator defers to the Tensor

    def __init__(self, data, _children=(), _op=""):
        self.data = np.array(data, dtype=np.float64)
        self.grad = np.zeros_like(self.data)
        self._prev = set(_children)
        self._op = _op
        self._backward = lambda g: None

    @property
    def shape(self):
        return self.data.shape

    @property
    def T(self):
        return self.transpose()

    def __repr__(self):
        return f"Tensor(shape={self.data.shape}, op={self._op!r})"

    def __add__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data + other.data, (self, other), "+")

        def _backward(g):
            self.grad += unbroadcast(g, self.data.shape)
            other.grad += unbroadcast(g, other.data.shape)

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data * other.data, (self, other), "*")

        def _backward(g):
            self.grad += unbroadcast(g * other.data, self.data.shape)
            other.grad += unbroadcast(g * self.data, other.data.shape)

        out._backward = _backward
        return out

    def __matmul__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data @ other.data, (self, other), "@")

        def _backward(g):
            self.grad += g @ other.data.T
            other.grad += self.data.T @ g

        out._backward = _backward
        return out

    def __pow__(self, exponent):
        exponent = float(exponent)
        out = Tensor(self.data**exponent, (self,), f"**{exponent:g}")

        def _backward(g):
            self.grad += g * exponent * self.data ** (exponent - 1.0)

        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        return self * other**-1.0

    def __radd__(self, other):  # other + self, other a number or an array
        return self + other

    def __rmul__(self, other):  # other * self
        return self * other

    def __rsub__(self, other):  # other - self
        return Tensor(other) + (-self)

    def __rtruediv__(self, other):  # other / self
        return Tensor(other) * self**-1.0

    def __rmatmul__(self, other):  # other @ self, other an array
        return Tensor(other) @ self

    def exp(self):
        out = Tensor(np.exp(self.data), (self,), "exp")
        e = out.data

        def _backward(g):
            self.grad += g * e

        out._backward = _backward
        return out

    def log(self):
        out = Tensor(np.log(self.data), (self,), "log")

        def _backward(g):
            self.grad += g / self.data

        out._backward = _backward
        return out

    def tanh(self):
        out = Tensor(np.tanh(self.data), (self,), "tanh")
        t = out.data

        def _backward(g):
            self.grad += g * (1.0 - t * t)

        out._backward = _backward
        return out

    def relu(self):
        out = Tensor(np.maximum(self.data, 0.0), (self,), "relu")
        positive = self.data > 0

        def _backward(g):
            self.grad += g * positive

        out._backward = _backward
        return out

    def sigmoid(self):
        E = np.exp(-np.abs(self.data))
        out = Tensor(np.where(self.data >= 0, 1.0 / (1.0 + E), E / (1.0 + E)), (self,), "sigmoid")
        s = out.data

        def _backward(g):
            self.grad += g * s * (1.0 - s)

        out._backward = _backward
        return out
"""

_REDUCTIONS = """
def tensor_sum(self, axis=None, keepdims=False):
    out = Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), "sum")

    def _backward(g):
        if axis is not None and not keepdims:
            g = np.expand_dims(g, axis)
        self.grad += np.broadcast_to(g, self.data.shape)

    out._backward = _backward
    return out


def tensor_mean(self, axis=None, keepdims=False):
    out = Tensor(self.data.mean(axis=axis, keepdims=keepdims), (self,), "mean")
    count = self.data.size / out.data.size

    def _backward(g):
        if axis is not None and not keepdims:
            g = np.expand_dims(g, axis)
        self.grad += np.broadcast_to(g, self.data.shape) / count

    out._backward = _backward
    return out


Tensor.sum = tensor_sum
Tensor.mean = tensor_mean
"""

_SHAPES = """
def tensor_reshape(self, *shape):
    out = Tensor(self.data.reshape(*shape), (self,), "reshape")

    def _backward(g):
        self.grad += g.reshape(self.data.shape)

    out._backward = _backward
    return out


def tensor_transpose(self, axes=None):
    out = Tensor(np.transpose(self.data, axes), (self,), "transpose")
    inverse = None if axes is None else np.argsort(axes)

    def _backward(g):
        self.grad += np.transpose(g, inverse)

    out._backward = _backward
    return out


def tensor_getitem(self, key):
    out = Tensor(self.data[key], (self,), "getitem")

    def _backward(g):
        scattered = np.zeros_like(self.data)
        np.add.at(scattered, key, g)
        self.grad += scattered

    out._backward = _backward
    return out


Tensor.reshape = tensor_reshape
Tensor.transpose = tensor_transpose
Tensor.__getitem__ = tensor_getitem
"""

_BACKWARD = """
def backward(self, gradient=None, retain_graph=False):
    order = topological_order(self)
    for node in order:
        if node._prev:
            node.grad = np.zeros_like(node.data)
    if gradient is None:
        if self.data.size != 1:
            raise RuntimeError(
                f"backward() needs a gradient for a tensor of shape {self.data.shape}: "
                "only a one-element tensor (a loss) can start from ones"
            )
        gradient = np.ones_like(self.data)
    self.grad = np.array(gradient, dtype=np.float64).reshape(self.data.shape)
    for node in reversed(order):
        node._backward(node.grad)
    if not retain_graph:

        def freed(g):
            raise RuntimeError(
                "backward() through a graph that an earlier backward() freed: "
                "pass retain_graph=True to the first call to keep it"
            )

        for node in order:
            if node._prev:
                node._prev = set()
                node._backward = freed


Tensor.backward = backward  # every Tensor now has the method .backward()
"""

_CHECKPOINT = """
def checkpoint(segment, x):
    y = segment(Tensor(x.data))  # a detached copy: this graph is dropped with y
    out = Tensor(y.data, (x,), "checkpoint")

    def _backward(g):
        x_again = Tensor(x.data)
        segment(x_again).backward(g)
        x.grad += x_again.grad

    out._backward = _backward
    return out
"""


def _edit(source, *pairs):
    """``source`` with each ``(old, new)`` replaced once (``old`` must be there)."""
    for old, new in pairs:
        assert source.count(old) == 1, old
        source = source.replace(old, new, 1)
    return source


def _tensor(*pairs):
    return _edit(_TENSOR, *pairs)


_MUL_BACKWARD = """            self.grad += unbroadcast(g * other.data, self.data.shape)
            other.grad += unbroadcast(g * self.data, other.data.shape)"""
_ADD_BACKWARD = """            self.grad += unbroadcast(g, self.data.shape)
            other.grad += unbroadcast(g, other.data.shape)"""
_MATMUL_BACKWARD = """            self.grad += g @ other.data.T
            other.grad += self.data.T @ g"""

CHARGED_ELSEWHERE = {}
"""No bug of this lesson costs points outside its own exercise's cells."""

VARIANTS = [
    # ------------------------------------------------------------ unbroadcast
    bug(
        "unbroadcast",
        "nothing summed",
        """
def unbroadcast(grad, shape):
    return grad
""",
        names=("nothing was summed",),
    ),
    bug(
        "unbroadcast",
        "leading axes only",
        """
def unbroadcast(grad, shape):
    added = grad.ndim - len(shape)
    if added > 0:
        grad = grad.sum(axis=tuple(range(added)))
    return grad
""",
        names=("shape has 1",),
    ),
    bug(
        "unbroadcast",
        "stretched axes summed without keepdims",
        _edit(
            _UNBROADCAST,
            (
                "grad = grad.sum(axis=stretched, keepdims=True)",
                "grad = grad.sum(axis=stretched)",
            ),
        ),
        names=("keepdims",),
    ),
    bug(
        "unbroadcast",
        "the bias rule: sum over axis 0 only",
        """
def unbroadcast(grad, shape):
    if grad.shape == tuple(shape):
        return grad
    return grad.sum(axis=0)
""",
        names=("keepdims", "shape has 1", "summed away", "align"),
    ),
    bug(
        "unbroadcast",
        "mean instead of sum",
        _edit(
            _UNBROADCAST,
            (
                "grad = grad.sum(axis=tuple(range(added)))",
                "grad = grad.mean(axis=tuple(range(added)))",
            ),
            (
                "grad = grad.sum(axis=stretched, keepdims=True)",
                "grad = grad.mean(axis=stretched, keepdims=True)",
            ),
        ),
        names=("mean",),
    ),
    bug(
        "unbroadcast",
        "shapes aligned on the left",
        """
def unbroadcast(grad, shape):
    if grad.ndim > len(shape):
        grad = grad.sum(axis=tuple(range(len(shape), grad.ndim)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad
""",
        names=("right",),
    ),
    bug(
        "unbroadcast",
        "keepdims on the added axes too",
        _edit(
            _UNBROADCAST,
            (
                "grad = grad.sum(axis=tuple(range(added)))",
                "grad = grad.sum(axis=tuple(range(added)), keepdims=True)",
            ),
        ),
        names=("summed away",),
    ),
    bug(
        "unbroadcast",
        "stretched axes found before the added ones are gone",
        """
def unbroadcast(grad, shape):
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    added = grad.ndim - len(shape)
    if added > 0:
        grad = grad.sum(axis=tuple(range(added)))
    return grad
""",
        names=("right", "shape has 1", "summed away", "keepdims"),
    ),
    bug(
        "unbroadcast",
        "only the first stretched axis",
        """
def unbroadcast(grad, shape):
    added = grad.ndim - len(shape)
    if added > 0:
        grad = grad.sum(axis=tuple(range(added)))
    for i, n in enumerate(shape):
        if n == 1 and grad.shape[i] != 1:
            return grad.sum(axis=i, keepdims=True)
    return grad
""",
        names=("shape has 1",),
    ),
    bug(
        "unbroadcast",
        "broadcast_to instead of a sum",
        """
def unbroadcast(grad, shape):
    return np.broadcast_to(grad, shape)
""",
        names=("sums",),
    ),
    correct(
        "unbroadcast",
        "loops, one axis at a time",
        """
def unbroadcast(grad, shape):
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad
""",
    ),
    correct(
        "unbroadcast",
        "one sum with keepdims, then a reshape",
        """
def unbroadcast(grad, shape):
    padded = (1,) * (grad.ndim - len(shape)) + tuple(shape)
    axes = tuple(i for i, (n, g) in enumerate(zip(padded, grad.shape)) if n == 1 and g != 1)
    return np.add.reduce(grad, axis=axes, keepdims=True).reshape(shape)
""",
    ),
    correct(
        "unbroadcast",
        "negative axes, from the right",
        """
def unbroadcast(grad, shape):
    out = np.array(grad, dtype=float)
    for back in range(1, out.ndim + 1):
        if back > len(shape):
            out = out.sum(axis=-back, keepdims=True)
        elif shape[-back] == 1:
            out = out.sum(axis=-back, keepdims=True)
    return out.reshape(shape)
""",
    ),
    correct(
        "unbroadcast",
        "a Python float for shape ()",
        """
def unbroadcast(grad, shape):
    if len(shape) == 0:
        return float(np.sum(grad))
    added = grad.ndim - len(shape)
    out = grad.sum(axis=tuple(range(added))) if added else grad.copy()
    keep = [i for i, n in enumerate(shape) if n == 1]
    return out.sum(axis=tuple(keep), keepdims=True) if keep else out
""",
    ),
    # ----------------------------------------------------------------- Tensor
    bug(
        "Tensor",
        "* assigns instead of accumulating",
        _tensor(
            (
                _MUL_BACKWARD,
                """            self.grad = unbroadcast(g * other.data, self.data.shape)
            other.grad = unbroadcast(g * self.data, other.data.shape)""",
            )
        ),
        names=("accumulate",),
    ),
    bug(
        "Tensor",
        "+ without unbroadcast",
        _tensor(
            (
                _ADD_BACKWARD,
                """            self.grad += g
            other.grad += g""",
            )
        ),
        names=("unbroadcast",),
    ),
    bug(
        "Tensor",
        "product rule swapped",
        _tensor(
            (
                _MUL_BACKWARD,
                """            self.grad += unbroadcast(g * self.data, self.data.shape)
            other.grad += unbroadcast(g * other.data, other.data.shape)""",
            )
        ),
        names=("swapped",),
    ),
    bug(
        "Tensor",
        "unbroadcast before multiplying",
        _tensor(
            (
                _MUL_BACKWARD,
                """            self.grad += unbroadcast(g, self.data.shape) * other.data
            other.grad += unbroadcast(g, other.data.shape) * self.data""",
            )
        ),
        names=("multiply first",),
    ),
    bug(
        "Tensor",
        "@: a missing transpose",
        _tensor(
            (
                _MATMUL_BACKWARD,
                "            self.grad += g @ other.data\n            other.grad += self.data.T @ g",
            )
        ),
        names=("transpose",),
    ),
    bug(
        "Tensor",
        "@: b's gradient transposed",
        _tensor(
            (
                _MATMUL_BACKWARD,
                "            self.grad += g @ other.data.T\n            other.grad += g.T @ self.data",
            )
        ),
        names=("transpose",),
    ),
    bug(
        "Tensor",
        "power rule n * x**n",
        _tensor(
            (
                "self.grad += g * exponent * self.data ** (exponent - 1.0)",
                "self.grad += g * exponent * self.data**exponent",
            )
        ),
        names=("power rule",),
    ),
    bug(
        "Tensor",
        "exp's derivative taken as the input",
        _tensor(("            self.grad += g * e\n", "            self.grad += g * self.data\n")),
        names=("exp",),
    ),
    bug(
        "Tensor",
        "log's derivative g * x",
        _tensor(
            ("            self.grad += g / self.data\n", "            self.grad += g * self.data\n")
        ),
        names=("1 / p",),
    ),
    bug(
        "Tensor",
        "tanh derivative 1 - t",
        _tensor(("self.grad += g * (1.0 - t * t)", "self.grad += g * (1.0 - t)")),
        names=("1 - t**2",),
    ),
    bug(
        "Tensor",
        "relu slope 1 at 0",
        _tensor(("positive = self.data > 0", "positive = self.data >= 0")),
        names=("slope",),
    ),
    bug(
        "Tensor",
        "relu changes its input in place",
        _tensor(
            (
                """        out = Tensor(np.maximum(self.data, 0.0), (self,), "relu")
        positive = self.data > 0""",
                """        positive = self.data > 0
        self.data[~positive] = 0.0
        out = Tensor(self.data, (self,), "relu")""",
            )
        ),
        names=("in place",),
    ),
    bug(
        "Tensor",
        "sigmoid's slope missing (a document's d_predictions)",
        _tensor(("self.grad += g * s * (1.0 - s)", "self.grad += g")),
        names=("s(1 - s)",),
    ),
    bug(
        "Tensor",
        "1 - x computes x - 1",
        _tensor(("        return Tensor(other) + (-self)", "        return self - other")),
        names=("reflected",),
    ),
    bug(
        "Tensor",
        "2 / x computes x / 2",
        _tensor(("        return Tensor(other) * self**-1.0", "        return self / other")),
        names=("reflected",),
    ),
    bug(
        "Tensor",
        "a number operand not wrapped",
        _tensor(
            (
                """        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data + other.data, (self, other), "+")""",
                """        out = Tensor(self.data + other.data, (self, other), "+")""",
            )
        ),
        names=("wrapped",),
    ),
    bug(
        "Tensor",
        "exp's _backward reads its own node (a reference cycle)",
        _tensor(
            (
                """        e = out.data

        def _backward(g):
            self.grad += g * e""",
                """
        def _backward(g):
            self.grad += g * out.data""",
            )
        ),
        names=("its own node",),
    ),
    bug(
        "Tensor",
        "unary minus detached from its input",
        _tensor(("        return self * -1.0", "        return Tensor(-self.data)")),
        names=("_prev",),
    ),
    bug(
        "Tensor",
        "a - b computes a + b",
        _tensor(("        return self + (-other)", "        return self + other")),
        names=("a + b",),
    ),
    bug(
        "Tensor",
        "X @ W computes W @ X",
        _tensor(("        return Tensor(other) @ self", "        return self @ Tensor(other)")),
        names=("__rmatmul__",),
    ),
    bug(
        "Tensor",
        "division's rule without the numerator",
        _tensor(
            (
                """        other = other if isinstance(other, Tensor) else Tensor(other)
        return self * other**-1.0""",
                """        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data / other.data, (self, other), "/")
        a, b = self.data, other.data

        def _backward(g):
            self.grad += unbroadcast(g / b, a.shape)
            other.grad += unbroadcast(-g / b**2, b.shape)

        out._backward = _backward
        return out""",
            )
        ),
        names=("numerator",),
    ),
    correct(
        "Tensor",
        "minus, unary minus and division as nodes of their own",
        _tensor(
            (
                "    def __neg__(self):\n        return self * -1.0",
                """    def __neg__(self):
        out = Tensor(-self.data, (self,), "neg")

        def _backward(g):
            self.grad -= g

        out._backward = _backward
        return out""",
            ),
            (
                "    def __sub__(self, other):\n        return self + (-other)",
                """    def __sub__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data - other.data, (self, other), "-")

        def _backward(g):
            self.grad += unbroadcast(g, self.data.shape)
            other.grad -= unbroadcast(g, other.data.shape)

        out._backward = _backward
        return out""",
            ),
            (
                """        other = other if isinstance(other, Tensor) else Tensor(other)
        return self * other**-1.0""",
                """        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data / other.data, (self, other), "/")
        a, b = self.data, other.data

        def _backward(g):
            self.grad += unbroadcast(g / b, a.shape)
            other.grad += unbroadcast(-g * a / b**2, b.shape)

        out._backward = _backward
        return out""",
            ),
        ),
    ),
    correct(
        "Tensor",
        "a helper that lifts constants; sigmoid from logaddexp; tanh from exp",
        _tensor(
            (
                "    def __repr__(self):",
                """    @staticmethod
    def _lift(x):
        return x if isinstance(x, Tensor) else Tensor(x)

    def __repr__(self):""",
            ),
            (
                """        other = other if isinstance(other, Tensor) else Tensor(other)
        out = Tensor(self.data * other.data, (self, other), "*")""",
                """        other = Tensor._lift(other)
        out = Tensor(self.data * other.data, (self, other), "*")""",
            ),
            (
                """        E = np.exp(-np.abs(self.data))
        out = Tensor(np.where(self.data >= 0, 1.0 / (1.0 + E), E / (1.0 + E)), (self,), "sigmoid")""",
                """        out = Tensor(np.exp(-np.logaddexp(0.0, -self.data)), (self,), "sigmoid")""",
            ),
            (
                """        out = Tensor(np.tanh(self.data), (self,), "tanh")""",
                """        e2 = np.exp(-2.0 * np.abs(self.data))
        out = Tensor(np.sign(self.data) * (1.0 - e2) / (1.0 + e2), (self,), "tanh")""",
            ),
        ),
    ),
    correct(
        "Tensor",
        "the naive sigmoid (it warns at large |z|); relu by np.where",
        _tensor(
            (
                """        E = np.exp(-np.abs(self.data))
        out = Tensor(np.where(self.data >= 0, 1.0 / (1.0 + E), E / (1.0 + E)), (self,), "sigmoid")""",
                """        out = Tensor(1.0 / (1.0 + np.exp(-self.data)), (self,), "sigmoid")""",
            ),
            (
                """        out = Tensor(np.maximum(self.data, 0.0), (self,), "relu")
        positive = self.data > 0

        def _backward(g):
            self.grad += g * positive""",
                """        out = Tensor(np.where(self.data > 0, self.data, 0.0), (self,), "relu")
        slope = (self.data > 0).astype(float)

        def _backward(g):
            self.grad += np.where(slope > 0, g, 0.0)""",
            ),
        ),
    ),
    correct(
        "Tensor",
        "np.add with out=, powers through exp and log of |x| avoided, matmul by np.dot",
        _tensor(
            (
                _ADD_BACKWARD,
                """            np.add(self.grad, unbroadcast(g, self.data.shape), out=self.grad)
            np.add(other.grad, unbroadcast(g, other.data.shape), out=other.grad)""",
            ),
            (
                _MATMUL_BACKWARD,
                """            self.grad += np.dot(g, other.data.T)
            other.grad += np.dot(self.data.T, g)""",
            ),
            (
                """        out = Tensor(self.data @ other.data, (self, other), "@")""",
                """        out = Tensor(np.dot(self.data, other.data), (self, other), "@")""",
            ),
        ),
    ),
    # ------------------------------------------------------------- reductions
    bug(
        "reductions",
        "sum: the reduced axis not put back",
        _edit(
            _REDUCTIONS,
            (
                """    def _backward(g):
        if axis is not None and not keepdims:
            g = np.expand_dims(g, axis)
        self.grad += np.broadcast_to(g, self.data.shape)
""",
                """    def _backward(g):
        self.grad += np.broadcast_to(g, self.data.shape)
""",
            ),
        ),
        names=("expand_dims",),
    ),
    bug(
        "reductions",
        "sum assigns instead of accumulating",
        _edit(
            _REDUCTIONS,
            (
                "        self.grad += np.broadcast_to(g, self.data.shape)\n",
                "        self.grad = np.broadcast_to(g, self.data.shape).copy()\n",
            ),
        ),
        names=("replaced",),
    ),
    bug(
        "reductions",
        "sum's backward ignores g",
        _edit(
            _REDUCTIONS,
            (
                "        self.grad += np.broadcast_to(g, self.data.shape)\n",
                "        self.grad += np.ones_like(self.data)\n",
            ),
        ),
        names=("g ignored",),
    ),
    bug(
        "reductions",
        "mean without its 1/N",
        _edit(
            _REDUCTIONS,
            (
                "        self.grad += np.broadcast_to(g, self.data.shape) / count\n",
                "        self.grad += np.broadcast_to(g, self.data.shape)\n",
            ),
        ),
        names=("1/N",),
    ),
    bug(
        "reductions",
        "mean divides by every entry's count",
        _edit(
            _REDUCTIONS,
            ("    count = self.data.size / out.data.size\n", "    count = self.data.size\n"),
        ),
        names=("x.size",),
    ),
    bug(
        "reductions",
        "mean divides by the result's size",
        _edit(
            _REDUCTIONS,
            ("    count = self.data.size / out.data.size\n", "    count = out.data.size\n"),
        ),
        names=("1/N", "x.size", "factor"),
    ),
    bug(
        "reductions",
        "mean's count for an int axis only",
        _edit(
            _REDUCTIONS,
            (
                "    count = self.data.size / out.data.size\n",
                "    count = self.data.size if axis is None else self.data.shape[axis]\n",
            ),
        ),
        names=("tuple",),
    ),
    bug(
        "reductions",
        "mean: the reduced axis not put back",
        _edit(
            _REDUCTIONS,
            (
                """    def _backward(g):
        if axis is not None and not keepdims:
            g = np.expand_dims(g, axis)
        self.grad += np.broadcast_to(g, self.data.shape) / count
""",
                """    def _backward(g):
        self.grad += np.broadcast_to(g, self.data.shape) / count
""",
            ),
        ),
        names=("expand_dims",),
    ),
    bug(
        "reductions",
        "sum's forward ignores keepdims",
        _edit(
            _REDUCTIONS,
            (
                """    out = Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), "sum")""",
                """    out = Tensor(self.data.sum(axis=axis), (self,), "sum")""",
            ),
        ),
        names=("axis",),
    ),
    correct(
        "reductions",
        "mean as a sum times a constant, with the Tensor's own *",
        """
def tensor_sum(self, axis=None, keepdims=False):
    out = Tensor(np.sum(self.data, axis=axis, keepdims=keepdims), (self,), "sum")
    shape = np.sum(self.data, axis=axis, keepdims=True).shape

    def _backward(g):
        self.grad += np.broadcast_to(np.reshape(g, shape), self.data.shape)

    out._backward = _backward
    return out


def tensor_mean(self, axis=None, keepdims=False):
    total = tensor_sum(self, axis=axis, keepdims=keepdims)
    return total * (total.data.size / self.data.size)


Tensor.sum = tensor_sum
Tensor.mean = tensor_mean
""",
    ),
    correct(
        "reductions",
        "axes normalised by hand, ones times g",
        """
def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axis = (axis,) if isinstance(axis, int) else tuple(axis)
    return tuple(a % ndim for a in axis)


def tensor_sum(self, axis=None, keepdims=False):
    axes = _axes(axis, self.data.ndim)
    out = Tensor(self.data.sum(axis=axes, keepdims=keepdims), (self,), "sum")

    def _backward(g):
        kept = g if keepdims else np.expand_dims(g, axes)
        self.grad += np.ones_like(self.data) * kept

    out._backward = _backward
    return out


def tensor_mean(self, axis=None, keepdims=False):
    axes = _axes(axis, self.data.ndim)
    n = int(np.prod([self.data.shape[a] for a in axes]))
    out = Tensor(self.data.sum(axis=axes, keepdims=keepdims) / n, (self,), "mean")

    def _backward(g):
        kept = g if keepdims else np.expand_dims(g, axes)
        self.grad += np.ones_like(self.data) * kept / n

    out._backward = _backward
    return out


Tensor.sum = tensor_sum
Tensor.mean = tensor_mean
""",
    ),
    correct(
        "reductions",
        "keepdims shape from np.sum, np.add with out=",
        """
def tensor_sum(self, axis=None, keepdims=False):
    out = Tensor(np.add.reduce(self.data, axis=axis, keepdims=keepdims), (self,), "sum")
    kept_shape = np.add.reduce(self.data, axis=axis, keepdims=True).shape

    def _backward(g):
        np.add(self.grad, np.reshape(g, kept_shape), out=self.grad)

    out._backward = _backward
    return out


def tensor_mean(self, axis=None, keepdims=False):
    total = np.add.reduce(self.data, axis=axis, keepdims=True)
    count = self.data.size // total.size
    out = Tensor(np.mean(self.data, axis=axis, keepdims=keepdims), (self,), "mean")

    def _backward(g):
        np.add(self.grad, np.reshape(g, total.shape) / count, out=self.grad)

    out._backward = _backward
    return out


Tensor.sum = tensor_sum
Tensor.mean = tensor_mean
""",
    ),
    # ---------------------------------------------------- shapes_and_indexing
    bug(
        "shapes_and_indexing",
        "grad[key] += g loses repeated indices",
        _edit(
            _SHAPES,
            (
                """        scattered = np.zeros_like(self.data)
        np.add.at(scattered, key, g)
        self.grad += scattered""",
                """        self.grad[key] += g""",
            ),
        ),
        names=("np.add.at",),
    ),
    bug(
        "shapes_and_indexing",
        "grad[key] = g",
        _edit(
            _SHAPES,
            (
                """        scattered = np.zeros_like(self.data)
        np.add.at(scattered, key, g)
        self.grad += scattered""",
                """        self.grad[key] = g""",
            ),
        ),
        names=("np.add.at", "replaced"),
    ),
    bug(
        "shapes_and_indexing",
        "the scattered gradient replaces self.grad",
        _edit(_SHAPES, ("        self.grad += scattered", "        self.grad = scattered")),
        names=("replaced",),
    ),
    bug(
        "shapes_and_indexing",
        "transpose's backward applies axes again",
        _edit(
            _SHAPES,
            ("    inverse = None if axes is None else np.argsort(axes)\n", "    inverse = axes\n"),
        ),
        names=("argsort",),
    ),
    bug(
        "shapes_and_indexing",
        "transpose's backward reverses the axes",
        _edit(
            _SHAPES,
            (
                "        self.grad += np.transpose(g, inverse)",
                "        self.grad += np.transpose(g)",
            ),
        ),
        names=("argsort",),
    ),
    bug(
        "shapes_and_indexing",
        "reshape takes one tuple only",
        _edit(
            _SHAPES,
            (
                """def tensor_reshape(self, *shape):
    out = Tensor(self.data.reshape(*shape), (self,), "reshape")""",
                """def tensor_reshape(self, shape):
    out = Tensor(self.data.reshape(shape), (self,), "reshape")""",
            ),
        ),
        names=("signature",),
    ),
    bug(
        "shapes_and_indexing",
        "reshape's backward keeps the result's shape",
        _edit(
            _SHAPES, ("        self.grad += g.reshape(self.data.shape)", "        self.grad += g")
        ),
        names=("self's shape", "input's shape"),
    ),
    bug(
        "shapes_and_indexing",
        "indexing's backward adds g without scattering",
        _edit(
            _SHAPES,
            (
                """        scattered = np.zeros_like(self.data)
        np.add.at(scattered, key, g)
        self.grad += scattered""",
                """        self.grad += g""",
            ),
        ),
        names=("np.add.at",),
    ),
    correct(
        "shapes_and_indexing",
        "ravel-based reshape backward, inverse permutation by hand, scatter with +=, no key reuse",
        _edit(
            _SHAPES,
            (
                "        self.grad += g.reshape(self.data.shape)",
                "        self.grad += np.reshape(np.ravel(g), self.data.shape)",
            ),
            (
                "    inverse = None if axes is None else np.argsort(axes)\n",
                """    if axes is None:
        inverse = None
    else:
        inverse = [0] * len(axes)
        for position, axis in enumerate(axes):
            inverse[axis] = position
""",
            ),
        ),
    ),
    correct(
        "shapes_and_indexing",
        "reshape's shape normalised, transpose's inverse by argsort of a list",
        """
def tensor_reshape(self, *shape):
    if len(shape) == 1 and isinstance(shape[0], tuple | list):
        shape = tuple(shape[0])
    before = self.data.shape
    out = Tensor(np.reshape(self.data, shape), (self,), "reshape")

    def _backward(g):
        self.grad += np.reshape(g, before)

    out._backward = _backward
    return out


def tensor_transpose(self, axes=None):
    order = list(range(self.data.ndim))[::-1] if axes is None else list(axes)
    out = Tensor(self.data.transpose(order), (self,), "transpose")
    back = list(np.argsort(order))

    def _backward(g):
        self.grad += g.transpose(back)

    out._backward = _backward
    return out


def tensor_getitem(self, key):
    out = Tensor(self.data[key], (self,), "getitem")

    def _backward(g):
        np.add.at(self.grad, key, g)

    out._backward = _backward
    return out


Tensor.reshape = tensor_reshape
Tensor.transpose = tensor_transpose
Tensor.__getitem__ = tensor_getitem
""",
    ),
    correct(
        "shapes_and_indexing",
        "indexing's backward through a flat index of positions",
        _edit(
            _SHAPES,
            (
                """        scattered = np.zeros_like(self.data)
        np.add.at(scattered, key, g)
        self.grad += scattered""",
                """        positions = np.arange(self.data.size).reshape(self.data.shape)[key]
        flat = np.bincount(
            np.ravel(positions), weights=np.ravel(np.broadcast_to(g, positions.shape)),
            minlength=self.data.size,
        )
        self.grad += flat.reshape(self.data.shape)""",
            ),
        ),
    ),
    # --------------------------------------------------------------- backward
    bug(
        "backward",
        "the rules run in topological order, not reversed",
        _edit(_BACKWARD, ("    for node in reversed(order):", "    for node in order:")),
        names=("REVERSE",),
    ),
    bug(
        "backward",
        "the seed is added",
        _edit(
            _BACKWARD,
            (
                "    self.grad = np.array(gradient, dtype=np.float64).reshape(self.data.shape)",
                "    self.grad = self.grad + np.array(gradient, dtype=np.float64).reshape(self.data.shape)",
            ),
        ),
        names=("set",),
    ),
    bug(
        "backward",
        "inner grads not reset",
        _edit(
            _BACKWARD,
            (
                """    for node in order:
        if node._prev:
            node.grad = np.zeros_like(node.data)
""",
                "",
            ),
        ),
        names=("reset inner",),
    ),
    bug(
        "backward",
        "every grad reset, leaves too",
        _edit(
            _BACKWARD,
            (
                """    for node in order:
        if node._prev:
            node.grad = np.zeros_like(node.data)
""",
                """    for node in order:
        node.grad = np.zeros_like(node.data)
""",
            ),
        ),
        names=("accumulate",),
    ),
    bug(
        "backward",
        "the graph is never freed",
        _edit(_BACKWARD, ("    if not retain_graph:\n", "    if False:\n")),
        names=("free",),
    ),
    bug(
        "backward",
        "the leaves are freed too",
        _edit(
            _BACKWARD,
            (
                """        for node in order:
            if node._prev:
                node._prev = set()
                node._backward = freed""",
                """        for node in order:
            node._prev = set()
            node._backward = freed""",
            ),
        ),
        names=("leaves alone", "never the leaves"),
    ),
    bug(
        "backward",
        "freed rules, but _prev kept",
        _edit(_BACKWARD, ("                node._prev = set()\n", "")),
        names=("_prev",),
    ),
    bug(
        "backward",
        "_prev emptied, but the rules kept",
        _edit(_BACKWARD, ("                node._backward = freed\n", "")),
        names=("must raise",),
    ),
    bug(
        "backward",
        "freed even with retain_graph=True",
        _edit(_BACKWARD, ("    if not retain_graph:\n", "    if True:\n")),
        names=("retain_graph",),
    ),
    bug(
        "backward",
        "the given gradient ignored",
        _edit(
            _BACKWARD,
            (
                "    self.grad = np.array(gradient, dtype=np.float64).reshape(self.data.shape)",
                "    self.grad = np.ones_like(self.data)",
            ),
        ),
        names=("ignored",),
    ),
    bug(
        "backward",
        "ones for any shape when no gradient is given",
        _edit(
            _BACKWARD,
            (
                """        if self.data.size != 1:
            raise RuntimeError(
                f"backward() needs a gradient for a tensor of shape {self.data.shape}: "
                "only a one-element tensor (a loss) can start from ones"
            )
""",
                "",
            ),
        ),
        names=("without a gradient",),
    ),
    bug(
        "backward",
        "the graph freed before the walk",
        _edit(
            _BACKWARD,
            (
                """    for node in reversed(order):
        node._backward(node.grad)
    if not retain_graph:
""",
                """    if not retain_graph:
""",
            ),
            (
                """                node._backward = freed
""",
                """                node._backward = freed
    for node in reversed(order):
        node._backward(node.grad)
""",
            ),
        ),
        names=("too early",),
    ),
    correct(
        "backward",
        "each node freed right after its rule ran",
        """
def backward(self, gradient=None, retain_graph=False):
    order = topological_order(self)
    for node in order:
        if node._prev:
            node.grad = np.zeros_like(node.data)
    if gradient is None:
        if self.data.size != 1:
            raise RuntimeError("backward() without a gradient needs a one-element tensor")
        gradient = 1.0
    self.grad = np.broadcast_to(np.asarray(gradient, dtype=float), self.data.shape).copy()

    def freed(g):
        raise RuntimeError("this graph was freed by backward(); use retain_graph=True")

    for node in reversed(order):
        node._backward(node.grad)
        if node._prev and not retain_graph:
            node._prev = set()
            node._backward = freed


Tensor.backward = backward
""",
    ),
    correct(
        "backward",
        "its own walk (Kahn's algorithm), grads reset in place",
        """
def _order(root):
    nodes, stack = {id(root): root}, [root]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in nodes:
                nodes[id(child)] = child
                stack.append(child)
    users = {i: 0 for i in nodes}
    for node in nodes.values():
        for child in node._prev:
            users[id(child)] += 1
    ready, out = [root], []
    while ready:
        node = ready.pop()
        out.append(node)
        for child in node._prev:
            users[id(child)] -= 1
            if users[id(child)] == 0:
                ready.append(child)
    return out  # root first: every node before its inputs


def backward(self, gradient=None, retain_graph=False):
    walk = _order(self)
    for node in walk:
        if node._prev:
            node.grad[...] = 0.0
    if gradient is None and self.data.size != 1:
        raise RuntimeError("a gradient is needed for a tensor with more than one element")
    seed = np.ones(self.data.shape) if gradient is None else np.array(gradient, dtype=float)
    self.grad = seed.reshape(self.data.shape)
    for node in walk:
        node._backward(node.grad)
    if not retain_graph:
        for node in walk:
            if node._prev:
                node._prev = set()
                node._backward = _freed


def _freed(g):
    raise RuntimeError("backward through a freed graph")


Tensor.backward = backward
""",
    ),
    correct(
        "backward",
        "_prev cleared in place, a module-level raising rule",
        _edit(
            _BACKWARD,
            (
                """                node._prev = set()
                node._backward = freed""",
                """                node._prev.clear()
                node._backward = freed""",
            ),
            (
                "    self.grad = np.array(gradient, dtype=np.float64).reshape(self.data.shape)",
                "    self.grad = np.full(self.data.shape, 0.0) + np.asarray(gradient, dtype=float)",
            ),
        ),
    ),
    # ------------------------------------------------------------- checkpoint
    bug(
        "checkpoint",
        "no checkpointing: segment(x) itself",
        """
def checkpoint(segment, x):
    return segment(x)
""",
        names=("only x",),
    ),
    bug(
        "checkpoint",
        "the forward output kept and reused",
        """
def checkpoint(segment, x):
    x_copy = Tensor(x.data)
    y = segment(x_copy)
    out = Tensor(y.data, (x,), "checkpoint")

    def _backward(g):
        y.backward(g)
        x.grad += x_copy.grad

    out._backward = _backward
    return out
""",
        names=("alive",),
    ),
    bug(
        "checkpoint",
        "recomputed on x itself",
        _edit(
            _CHECKPOINT,
            (
                """        x_again = Tensor(x.data)
        segment(x_again).backward(g)
        x.grad += x_again.grad""",
                """        segment(x).backward(g)""",
            ),
        ),
        names=("fresh leaf",),
    ),
    bug(
        "checkpoint",
        "x.grad assigned",
        _edit(_CHECKPOINT, ("        x.grad += x_again.grad", "        x.grad = x_again.grad")),
        names=("replaced",),
    ),
    bug(
        "checkpoint",
        "x's gradient never added",
        _edit(_CHECKPOINT, ("        x.grad += x_again.grad\n", "")),
        names=("x got no gradient",),
    ),
    bug(
        "checkpoint",
        "backward() without the node's gradient",
        _edit(
            _CHECKPOINT,
            ("        segment(x_again).backward(g)", "        segment(x_again).backward()"),
        ),
        names=("y.backward(g)",),
    ),
    bug(
        "checkpoint",
        "the segment's output returned",
        """
def checkpoint(segment, x):
    return segment(Tensor(x.data))
""",
        names=("only x",),
    ),
    bug(
        "checkpoint",
        "a node without inputs",
        _edit(
            _CHECKPOINT,
            (
                """    out = Tensor(y.data, (x,), "checkpoint")""",
                """    out = Tensor(y.data, (), "checkpoint")""",
            ),
        ),
        names=("only x",),
    ),
    bug(
        "checkpoint",
        "the parameters' gradients doubled",
        _edit(
            _CHECKPOINT,
            (
                """        segment(x_again).backward(g)""",
                """        segment(x_again).backward(g)
        segment(Tensor(x.data)).backward(g)""",
            ),
        ),
        names=("twice", "once again"),
    ),
    correct(
        "checkpoint",
        "the recomputed graph retained (it is dropped anyway)",
        _edit(
            _CHECKPOINT,
            (
                "        segment(x_again).backward(g)",
                "        segment(x_again).backward(g, retain_graph=True)",
            ),
        ),
    ),
    correct(
        "checkpoint",
        "copies of x.data, np.add with out=",
        """
def checkpoint(segment, x):
    forward = segment(Tensor(x.data.copy()))
    kept = forward.data.copy()
    del forward
    out = Tensor(kept, (x,), "checkpoint")

    def _backward(g):
        leaf = Tensor(x.data.copy())
        result = segment(leaf)
        result.backward(np.array(g, dtype=float))
        np.add(x.grad, leaf.grad, out=x.grad)

    out._backward = _backward
    return out
""",
    ),
    correct(
        "checkpoint",
        "the vector-Jacobian product through a sum",
        _edit(
            _CHECKPOINT,
            (
                "        segment(x_again).backward(g)",
                "        (segment(x_again) * Tensor(g)).sum().backward()",
            ),
        ),
    ),
]
