"""Buggy and correct implementations for lesson 07 (an autograd engine of your own).

Bugs of ``Value`` are made by editing one rule of a correct class (``_VALUE``),
so that each variant differs from a working engine in exactly one place.
"""

from autograder.authoring.bank import bug, correct

_VALUE = """
class Value:
    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0
        self._prev = set(_children)
        self._op = _op
        self._backward = lambda: None

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, exponent):
        exponent = float(exponent)
        out = Value(self.data**exponent, (self,), f"**{exponent:g}")

        def _backward():
            self.grad += exponent * self.data ** (exponent - 1.0) * out.grad

        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self * other**-1.0

    def __radd__(self, other):  # other + self, other a number
        return self + other

    def __rmul__(self, other):  # other * self
        return self * other

    def __rsub__(self, other):  # other - self
        return Value(other) + (-self)

    def __rtruediv__(self, other):  # other / self
        return Value(other) * self**-1.0

    def exp(self):
        e = float(np.exp(self.data))
        out = Value(e, (self,), "exp")

        def _backward():
            self.grad += e * out.grad

        out._backward = _backward
        return out

    def log(self):
        out = Value(float(np.log(self.data)), (self,), "log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self):
        t = float(np.tanh(self.data))
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1.0 - t * t) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self):
        if self.data >= 0:
            s = 1.0 / (1.0 + float(np.exp(-self.data)))
        else:
            e = float(np.exp(self.data))
            s = e / (1.0 + e)
        out = Value(s, (self,), "sigmoid")

        def _backward():
            self.grad += s * (1.0 - s) * out.grad

        out._backward = _backward
        return out
"""

_MLP = '''
class Neuron:
    """out = nonlinearity(w . x + b) with n_in weights and a bias, all Values.

    nonlinearity : "relu", "sigmoid" or "linear".
    rng : the np.random.Generator that draws the weights, He: N(0, 1) * sqrt(2 / n_in);
        the bias starts at 0.0.
    """

    def __init__(self, n_in, nonlinearity, rng):
        self.w = [Value(float(v)) for v in rng.standard_normal(n_in) * np.sqrt(2.0 / n_in)]
        self.b = Value(0.0)
        self.nonlinearity = nonlinearity

    def __call__(self, x):
        """x: list of n_in floats or Values. Returns one Value."""
        z = self.b
        for w_i, x_i in zip(self.w, x, strict=True):
            z = z + w_i * x_i
        if self.nonlinearity == "relu":
            return z.relu()
        if self.nonlinearity == "sigmoid":
            return z.sigmoid()
        return z

    def parameters(self):
        """[w_1, ..., w_n_in, b]."""
        return [*self.w, self.b]


class Layer:
    """n_out Neurons that all read the same input."""

    def __init__(self, n_in, n_out, nonlinearity, rng):
        self.neurons = [Neuron(n_in, nonlinearity, rng) for _ in range(n_out)]

    def __call__(self, x):
        """A list of n_out Values."""
        return [neuron(x) for neuron in self.neurons]

    def parameters(self):
        """The parameters of neuron 0, then of neuron 1, ..."""
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    """Lesson 04's network, any depth: ReLU hidden layers, a sigmoid output layer.

    MLP(n_in, [n_h1, ..., n_out], seed): one np.random.default_rng(seed) draws the
    weights of every layer, layer by layer, neuron by neuron.
    parameters(): every Value parameter, layer by layer (each layer as Layer.parameters).
    mlp(x), x a list of n_in floats: a list of n_out Values, or one Value when n_out == 1.
    """

    def __init__(self, n_in, sizes, seed=0):
        rng = np.random.default_rng(seed)
        dims = [n_in, *sizes]
        last = len(sizes) - 1
        self.layers = [
            Layer(dims[i], dims[i + 1], "sigmoid" if i == last else "relu", rng)
            for i in range(len(sizes))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
'''


def _value(old, new):
    """The correct Value with one piece of source replaced (it must be there)."""
    assert old in _VALUE, old
    return _VALUE.replace(old, new, 1)


def _mlp(old, new):
    assert old in _MLP, old
    return _MLP.replace(old, new, 1)


CHARGED_ELSEWHERE = {
    ("topological_order", "test_backward"): (
        "backward() must walk topological_order(self), as the spec says: a wrong order "
        "makes the gradients wrong too"
    ),
    ("topological_order", "hidden_backward"): (
        "backward() must walk topological_order(self), as the spec says: a wrong order "
        "makes the gradients wrong too"
    ),
}
"""Bugs that also cost points outside their own function's cells, and why."""

VARIANTS = [
    # ------------------------------------------------------------------ Value
    bug(
        "Value",
        "* assigns instead of accumulating",
        _value(
            "            self.grad += other.data * out.grad\n            other.grad += self.data * out.grad",
            "            self.grad = other.data * out.grad\n            other.grad = self.data * out.grad",
        ),
        names=("accumulate",),
    ),
    bug(
        "Value",
        "1 - x computes x - 1",
        _value("        return Value(other) + (-self)", "        return self - other"),
        names=("reflected",),
    ),
    bug(
        "Value",
        "relu slope 1 at 0",
        _value(
            "            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad",
            "            self.grad += (1.0 if self.data >= 0 else 0.0) * out.grad",
        ),
        names=("slope",),
    ),
    bug(
        "Value",
        "tanh derivative 1 - t",
        _value(
            "            self.grad += (1.0 - t * t) * out.grad",
            "            self.grad += (1.0 - t) * out.grad",
        ),
        names=("1 - t**2",),
    ),
    bug(
        "Value",
        "tanh derivative from the input, 1 - x**2",
        _value(
            "            self.grad += (1.0 - t * t) * out.grad",
            "            self.grad += (1.0 - self.data**2) * out.grad",
        ),
        names=("1 - x**2",),
    ),
    bug(
        "Value",
        "a detached __neg__ (no inputs: gradient 0)",
        _value(
            "    def __neg__(self):\n        return self * -1.0",
            "    def __neg__(self):\n        return Value(-self.data)",
        ),
        names=("not connected",),
    ),
    bug(
        "Value",
        "power rule n * x**n",
        _value(
            "            self.grad += exponent * self.data ** (exponent - 1.0) * out.grad",
            "            self.grad += exponent * self.data**exponent * out.grad",
        ),
        names=("power rule",),
    ),
    bug(
        "Value",
        "sigmoid derivative s",
        _value(
            "            self.grad += s * (1.0 - s) * out.grad",
            "            self.grad += s * out.grad",
        ),
        names=("s * (1 - s)",),
    ),
    correct(
        "Value",
        "sub and neg as their own nodes",
        _value(
            "    def __neg__(self):\n        return self * -1.0",
            """    def __neg__(self):
        out = Value(-self.data, (self,), "neg")

        def _backward():
            self.grad -= out.grad

        out._backward = _backward
        return out""",
        ).replace(
            "    def __sub__(self, other):\n        return self + (-other)",
            """    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad

        out._backward = _backward
        return out""",
        ),
    ),
    correct(
        "Value",
        "division as its own node, tanh from exp",
        _value(
            "        other = other if isinstance(other, Value) else Value(other)\n        return self * other**-1.0",
            """        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data
            other.grad -= out.grad * self.data / other.data**2

        out._backward = _backward
        return out""",
        ).replace(
            "        t = float(np.tanh(self.data))",
            "        e2 = float(np.exp(-2.0 * abs(self.data)))\n"
            "        t = (1.0 - e2) / (1.0 + e2) * (1.0 if self.data >= 0 else -1.0)",
        ),
    ),
    correct(
        "Value",
        "a helper for constants, sigmoid from logaddexp",
        _value(
            "    def __add__(self, other):\n        other = other if isinstance(other, Value) else Value(other)",
            """    @staticmethod
    def _lift(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        other = Value._lift(other)""",
        )
        .replace(
            """        if self.data >= 0:
            s = 1.0 / (1.0 + float(np.exp(-self.data)))
        else:
            e = float(np.exp(self.data))
            s = e / (1.0 + e)""",
            "        s = float(np.exp(-np.logaddexp(0.0, -self.data)))",
        )
        .replace("        return Value(other) + (-self)", "        return (-self) + other"),
    ),
    # ------------------------------------------------------------------ topological_order
    bug(
        "topological_order",
        "root first (not reversed)",
        """
def topological_order(root):
    order, visited, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node in visited:
            continue
        visited.add(node)
        order.append(node)
        stack.extend(node._prev)
    return order
""",
        names=("reversed",),
    ),
    bug(
        "topological_order",
        "no visited set (repeats)",
        """
def topological_order(root):
    order, stack = [], [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        stack.append((node, True))
        for child in node._prev:
            stack.append((child, False))
    return order
""",
        names=("twice",),
    ),
    bug(
        "topological_order",
        "recursive",
        """
def topological_order(root):
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for child in node._prev:
                visit(child)
            order.append(node)

    visit(root)
    return order
""",
        names=("explicit stack",),
    ),
    bug(
        "topological_order",
        "pre-order, reversed",
        """
def topological_order(root):
    order, visited, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node in visited:
            continue
        visited.add(node)
        order.append(node)
        stack.extend(child for child in node._prev if child not in visited)
    return order[::-1]
""",
        names=("post-order",),
    ),
    correct(
        "topological_order",
        "Kahn's algorithm",
        """
def topological_order(root):
    nodes, stack = {root}, [root]
    while stack:
        for child in stack.pop()._prev:
            if child not in nodes:
                nodes.add(child)
                stack.append(child)
    waiting = {node: len(node._prev) for node in nodes}
    users = {node: [] for node in nodes}
    for node in nodes:
        for child in node._prev:
            users[child].append(node)
    ready = [node for node in nodes if waiting[node] == 0]
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for user in users[node]:
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    return order
""",
    ),
    correct(
        "topological_order",
        "iterators on the stack",
        """
def topological_order(root):
    order, visited = [], {root}
    stack = [(root, iter(root._prev))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            order.append(node)
        elif child not in visited:
            visited.add(child)
            stack.append((child, iter(child._prev)))
    return order
""",
    ),
    correct(
        "topological_order",
        "reverse post-order from the users' side",
        """
def topological_order(root):
    done, on_stack, order = set(), [(root, 0)], []
    while on_stack:
        node, i = on_stack.pop()
        if node in done:
            continue
        children = [c for c in node._prev if c not in done]
        if children:
            on_stack.append((node, i + 1))
            on_stack.extend((c, 0) for c in children)
        else:
            done.add(node)
            order.append(node)
    return order
""",
    ),
    # ------------------------------------------------------------------ backward
    bug(
        "backward",
        "topological order, not reversed",
        """
def backward(self):
    order = topological_order(self)
    for node in order:
        if node._prev:
            node.grad = 0.0
    self.grad = 1.0
    for node in order:
        node._backward()


Value.backward = backward
""",
        names=("reverse",),
    ),
    bug(
        "backward",
        "no seed",
        """
def backward(self):
    order = topological_order(self)
    for node in order:
        if node._prev:
            node.grad = 0.0
    for node in reversed(order):
        node._backward()


Value.backward = backward
""",
        names=("seed",),
    ),
    bug(
        "backward",
        "resets every grad (leaves too)",
        """
def backward(self):
    order = topological_order(self)
    for node in order:
        node.grad = 0.0
    self.grad = 1.0
    for node in reversed(order):
        node._backward()


Value.backward = backward
""",
        names=("accumulate",),
    ),
    bug(
        "backward",
        "inner grads kept between calls",
        """
def backward(self):
    self.grad = 1.0
    for node in reversed(topological_order(self)):
        node._backward()


Value.backward = backward
""",
        names=("inner",),
    ),
    correct(
        "backward",
        "index loop from the end",
        """
def backward(self):
    order = topological_order(self)
    for node in order[:-1]:
        if len(node._prev) > 0:
            node.grad = 0.0
    self.grad = 1.0
    for i in range(len(order) - 1, -1, -1):
        order[i]._backward()


Value.backward = backward
""",
    ),
    correct(
        "backward",
        "as a lambda-free method via setattr",
        """
def backward(self):
    order = topological_order(self)
    inner = [node for node in order if node._prev]
    for node in inner:
        node.grad = 0.0
    self.grad = 1.0
    for node in order[::-1]:
        node._backward()


setattr(Value, "backward", backward)
""",
    ),
    correct(
        "backward",
        "walks a reversed copy",
        """
def backward(self):
    order = list(topological_order(self))
    order.reverse()
    for node in order:
        if node is not self and node._prev:
            node.grad = 0.0
    self.grad = 1.0
    for node in order:
        node._backward()


Value.backward = backward
""",
    ),
    # ------------------------------------------------------------------ zero_grad
    bug(
        "zero_grad",
        "only the root",
        """
def zero_grad(root):
    root.grad = 0.0
""",
        names=("reachable",),
    ),
    bug(
        "zero_grad",
        "only the leaves",
        """
def zero_grad(root):
    for node in topological_order(root):
        if not node._prev:
            node.grad = 0.0
""",
        names=("leaves",),
    ),
    bug(
        "zero_grad",
        "int 0",
        """
def zero_grad(root):
    for node in topological_order(root):
        node.grad = 0
""",
        names=("float",),
    ),
    bug(
        "zero_grad",
        "root and its direct inputs only",
        """
def zero_grad(root):
    root.grad = 0.0
    for node in root._prev:
        node.grad = 0.0
""",
        names=("reachable",),
    ),
    correct(
        "zero_grad",
        "its own stack",
        """
def zero_grad(root):
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            node.grad = 0.0
            stack.extend(node._prev)
""",
    ),
    correct(
        "zero_grad",
        "a queue",
        """
def zero_grad(root):
    from collections import deque

    seen, queue = {root}, deque([root])
    while queue:
        node = queue.popleft()
        node.grad = 0.0
        for child in node._prev:
            if child not in seen:
                seen.add(child)
                queue.append(child)
""",
    ),
    correct(
        "zero_grad",
        "a list comprehension over the order",
        """
def zero_grad(root):
    [setattr(node, "grad", 0.0) for node in topological_order(root)]
""",
    ),
    # ------------------------------------------------------------------ MLP
    bug(
        "MLP",
        "relu on the output layer too",
        _mlp('"sigmoid" if i == last else "relu"', '"relu"'),
        names=("relu on the output",),
    ),
    bug(
        "MLP",
        "sigmoid in the hidden layers",
        _mlp('"sigmoid" if i == last else "relu"', '"sigmoid"'),
        names=("sigmoid in the hidden",),
    ),
    bug(
        "MLP",
        "biases left out of parameters()",
        _mlp("        return [*self.w, self.b]", "        return list(self.w)"),
        names=("biases",),
    ),
    bug(
        "MLP",
        "a new generator per neuron",
        _mlp(
            "        self.neurons = [Neuron(n_in, nonlinearity, rng) for _ in range(n_out)]",
            "        self.neurons = [\n"
            "            Neuron(n_in, nonlinearity, np.random.default_rng(0)) for _ in range(n_out)\n"
            "        ]",
        ),
        names=("one generator", "seed"),
    ),
    bug(
        "MLP",
        "a new generator per layer",
        _mlp(
            """            Layer(dims[i], dims[i + 1], "sigmoid" if i == last else "relu", rng)""",
            """            Layer(
                dims[i],
                dims[i + 1],
                "sigmoid" if i == last else "relu",
                np.random.default_rng(seed),
            )""",
        ),
        names=("new generator per layer",),
    ),
    bug(
        "MLP",
        "unscaled N(0, 1) weights",
        _mlp(
            "rng.standard_normal(n_in) * np.sqrt(2.0 / n_in)",
            "rng.standard_normal(n_in)",
        ),
        names=("not scaled",),
    ),
    bug(
        "MLP",
        "LeCun scaling 1 / sqrt(n_in) (the lesson's old rule)",
        _mlp(
            "rng.standard_normal(n_in) * np.sqrt(2.0 / n_in)",
            "rng.normal(0.0, 1.0, n_in) / np.sqrt(n_in)",
        ),
        names=("LeCun",),
    ),
    bug(
        "MLP",
        "bias first in parameters()",
        _mlp("        return [*self.w, self.b]", "        return [self.b, *self.w]"),
        names=("bias comes first",),
    ),
    bug(
        "MLP",
        "each layer draws a matrix of weights",
        _mlp(
            "        self.neurons = [Neuron(n_in, nonlinearity, rng) for _ in range(n_out)]",
            """        W = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        self.neurons = []
        for j in range(n_out):
            neuron = Neuron(n_in, nonlinearity, np.random.default_rng(0))
            neuron.w = [Value(float(v)) for v in W[:, j]]
            self.neurons.append(neuron)""",
        ),
        names=("neuron by neuron",),
    ),
    correct(
        "MLP",
        "He draw written as normal(0, sqrt(2 / n_in))",
        _mlp(
            "rng.standard_normal(n_in) * np.sqrt(2.0 / n_in)",
            "rng.normal(0.0, np.sqrt(2.0 / n_in), size=n_in)",
        ),
    ),
    correct(
        "MLP",
        "sum() with a start value",
        _mlp(
            """        z = self.b
        for w_i, x_i in zip(self.w, x, strict=True):
            z = z + w_i * x_i""",
            "        z = sum((w_i * x_i for w_i, x_i in zip(self.w, x, strict=True)), self.b)",
        ),
    ),
    correct(
        "MLP",
        "nonlinearity as a method name",
        _mlp(
            """        if self.nonlinearity == "relu":
            return z.relu()
        if self.nonlinearity == "sigmoid":
            return z.sigmoid()
        return z""",
            '        return z if self.nonlinearity == "linear" else getattr(z, self.nonlinearity)()',
        ),
    ),
    correct(
        "MLP",
        "layers built in a loop",
        _mlp(
            """        self.layers = [
            Layer(dims[i], dims[i + 1], "sigmoid" if i == last else "relu", rng)
            for i in range(len(sizes))
        ]""",
            """        self.layers = []
        for i, (fan_in, fan_out) in enumerate(zip(dims[:-1], dims[1:], strict=True)):
            kind = "relu" if i < last else "sigmoid"
            self.layers.append(Layer(fan_in, fan_out, kind, rng))""",
        ),
    ),
]
