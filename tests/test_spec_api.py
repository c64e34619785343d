"""Every lesson defines the spec's fixed API, with the spec's parameter names."""

from __future__ import annotations

import inspect
import time

import numpy as np
import pytest
from benchmark_digits import train_once

import solutions
from conftest import all_lessons

SPEC = {
    "01_chain_rule": {
        "square_of_affine": ["x"],
        "relu_chain": ["x"],
        "single_neuron_gradients": ["w", "b", "x", "y_true"],
        "forward_mode": ["x", "y", "dx", "dy"],
        "reverse_mode": ["x", "y"],
    },
    "02_linear_gradients": {
        "compute_gradients_single": ["x", "y_pred", "y_true", "w", "b"],
        "compute_gradients_batch": ["X", "Y_pred", "Y_true", "W", "b"],
        "visualize_gradient_flow": None,
    },
    "03_gradient_checking": {
        "numerical_gradient": ["f", "x", "h"],
        "relative_error": ["a", "b"],
        "numerical_gradient_check": ["func", "x", "epsilon"],
    },
    "04_two_layer_mlp": {
        "sigmoid": ["Z"],
        "sigmoid_derivative": ["Z"],
        "relu": ["Z"],
        "relu_derivative": ["Z"],
        "binary_cross_entropy": ["A", "Y"],
        "forward_propagation": ["X", "W1", "b1", "W2", "b2"],
        "backward_propagation": ["Y", "cache", "W1", "b1", "W2", "b2"],
    },
    "05_xor_training": {
        "update_parameters": ["parameters", "grads", "learning_rate"],
        "train_network": [
            "X",
            "Y",
            "n_hidden",
            "learning_rate",
            "epochs",
            "print_every",
            "seed",
        ],
        "predict": ["parameters", "X"],
    },
    "06_vanishing_gradients": {
        "init_deep_network": ["layer_sizes", "scheme", "seed"],
        "deep_forward": ["X", "params", "activation"],
        "deep_backward": ["dY_hat", "caches", "params", "activation"],
        "gradient_norms": ["grads"],
        "clip_gradients_by_norm": ["grads", "max_norm"],
    },
    "07_autograd_engine": {
        "Value": ["data", "_children", "_op"],
        "topological_order": ["root"],
        "backward": ["self"],
        "zero_grad": ["root"],
        "Neuron": None,
        "Layer": None,
        "MLP": ["n_in", "sizes", "seed"],
    },
    "08_digits_classifier": {
        "Linear": ["n_in", "n_out", "rng"],
        "ReLU": [],
        "Sequential": ["layers"],
        "softmax": ["Z"],
        "softmax_cross_entropy": ["Z", "y"],
        "gradient_check_layer": ["layer", "X", "dOut", "h"],
        "SGD": ["lr", "momentum", "weight_decay"],
        "Adam": ["lr", "beta1", "beta2", "eps", "weight_decay"],
        "train": [
            "model",
            "X",
            "y",
            "epochs",
            "batch_size",
            "optimizer",
            "seed",
            "X_val",
            "y_val",
        ],
        "predict": ["model", "X"],
        "accuracy": ["y_pred", "y"],
    },
    "09_array_autograd": {
        "unbroadcast": ["grad", "shape"],
        "Tensor": ["data", "_children", "_op"],
        "tensor_sum": ["self", "axis", "keepdims"],
        "tensor_mean": ["self", "axis", "keepdims"],
        "tensor_reshape": ["self", "shape"],
        "tensor_transpose": ["self", "axes"],
        "tensor_getitem": ["self", "key"],
        "backward": ["self", "gradient", "retain_graph"],
        "checkpoint": ["segment", "x"],
    },
    "10_normalization_dropout": {
        "BatchNorm": ["n_features", "momentum", "eps"],
        "LayerNorm": ["n_features", "eps"],
        "Dropout": ["p", "rng"],
        "fold_batch_norm": ["W", "b", "gamma", "beta", "running_mean", "running_var", "eps"],
    },
    "11_convolution": {
        "conv1d": ["x", "w", "b", "stride", "padding"],
        "conv1d_backward": ["dy", "x", "w", "stride", "padding"],
        "conv2d": ["x", "w", "b", "stride", "padding"],
        "conv2d_backward": ["dy", "x", "w", "stride", "padding"],
        "im2col": ["x", "kH", "kW", "stride", "padding"],
        "Conv2d": ["C_in", "C_out", "k", "rng", "stride", "padding"],
        "MaxPool2d": ["size", "stride"],
    },
}

DEFAULTS = {
    ("03_gradient_checking", "numerical_gradient"): {"h": 1e-5},
    ("03_gradient_checking", "numerical_gradient_check"): {"epsilon": 1e-7},
    ("05_xor_training", "train_network"): {
        "learning_rate": 0.5,
        "epochs": 2000,
        "print_every": 0,
        "seed": 0,
    },
    ("06_vanishing_gradients", "init_deep_network"): {"seed": 0},
    ("07_autograd_engine", "Value"): {"_children": (), "_op": ""},
    ("07_autograd_engine", "MLP"): {"seed": 0},
    ("08_digits_classifier", "gradient_check_layer"): {"h": 1e-6},
    ("08_digits_classifier", "SGD"): {"momentum": 0.0, "weight_decay": 0.0},
    ("08_digits_classifier", "Adam"): {
        "beta1": 0.9,
        "beta2": 0.999,
        "eps": 1e-8,
        "weight_decay": 0.0,
    },
    ("08_digits_classifier", "train"): {"X_val": None, "y_val": None},
    ("09_array_autograd", "Tensor"): {"_children": (), "_op": ""},
    ("09_array_autograd", "tensor_sum"): {"axis": None, "keepdims": False},
    ("09_array_autograd", "tensor_mean"): {"axis": None, "keepdims": False},
    ("09_array_autograd", "tensor_transpose"): {"axes": None},
    ("09_array_autograd", "backward"): {"gradient": None, "retain_graph": False},
    ("10_normalization_dropout", "BatchNorm"): {"momentum": 0.1, "eps": 1e-5},
    ("10_normalization_dropout", "LayerNorm"): {"eps": 1e-5},
    ("10_normalization_dropout", "fold_batch_norm"): {"eps": 1e-5},
    **{
        ("11_convolution", name): {"stride": 1, "padding": 0}
        for name in ("conv1d", "conv1d_backward", "conv2d", "conv2d_backward", "im2col", "Conv2d")
    },
    ("11_convolution", "MaxPool2d"): {"size": 2, "stride": None},
}
KEYWORD_ONLY = {
    ("08_digits_classifier", "train"): [
        "epochs",
        "batch_size",
        "optimizer",
        "seed",
        "X_val",
        "y_val",
    ],
}
"""Parameters the spec makes keyword-only (after ``*``)."""

METHODS = {
    "07_autograd_engine": {
        "Value": [
            "__add__",
            "__radd__",
            "__mul__",
            "__rmul__",
            "__sub__",
            "__rsub__",
            "__neg__",
            "__truediv__",
            "__rtruediv__",
            "__pow__",
            "exp",
            "log",
            "tanh",
            "relu",
            "sigmoid",
            "backward",
        ],
        "Neuron": ["__call__", "parameters"],
        "Layer": ["__call__", "parameters"],
        "MLP": ["__call__", "parameters"],
    },
    "08_digits_classifier": {
        "Linear": ["forward", "backward"],
        "ReLU": ["forward", "backward"],
        "Sequential": ["forward", "backward", "params", "grads"],
        "SGD": ["step"],
        "Adam": ["step"],
    },
    "09_array_autograd": {
        "Tensor": [
            "__add__",
            "__radd__",
            "__mul__",
            "__rmul__",
            "__sub__",
            "__rsub__",
            "__neg__",
            "__truediv__",
            "__rtruediv__",
            "__pow__",
            "__matmul__",
            "__rmatmul__",
            "exp",
            "log",
            "tanh",
            "relu",
            "sigmoid",
            "sum",
            "mean",
            "reshape",
            "transpose",
            "__getitem__",
            "backward",
        ],
    },
    "10_normalization_dropout": {
        "BatchNorm": ["forward", "backward"],
        "LayerNorm": ["forward", "backward"],
        "Dropout": ["forward", "backward"],
    },
    "11_convolution": {
        "Conv2d": ["forward", "backward"],
        "MaxPool2d": ["forward", "backward"],
    },
}
"""Classes of the fixed API and the methods the spec gives them."""


def test_every_lesson_is_in_the_spec():
    assert set(all_lessons()) <= set(SPEC)


@pytest.mark.parametrize("lesson", all_lessons())
def test_reference_defines_the_fixed_api(lesson):
    ref = solutions.load(lesson)
    for name, params in SPEC[lesson].items():
        fn = getattr(ref, name, None)
        assert callable(fn), f"{lesson} does not define {name}"
        signature = inspect.signature(fn)
        if params is not None:
            assert list(signature.parameters) == params, f"{name}{signature}"
        for param, default in DEFAULTS.get((lesson, name), {}).items():
            assert signature.parameters[param].default == default, f"{name}: {param}"
        keyword_only = [
            p.name
            for p in signature.parameters.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        ]
        assert keyword_only == KEYWORD_ONLY.get((lesson, name), []), f"{name}{signature}"


@pytest.mark.parametrize("lesson", sorted(METHODS))
def test_reference_classes_have_the_spec_methods(lesson):
    ref = solutions.load(lesson)
    for cls, methods in METHODS[lesson].items():
        missing = [m for m in methods if not callable(getattr(getattr(ref, cls), m, None))]
        assert not missing, f"{lesson}.{cls} lacks {missing}"


def test_value_has_the_spec_attributes_and_behaviour():
    ref = solutions.load("07_autograd_engine")
    x = ref.Value(2)
    assert (type(x.data), x.data, type(x.grad), x.grad) == (float, 2.0, float, 0.0)
    assert x._prev == set() and x._op == "" and x._backward() is None
    f = x * x + 2 * x - 1 / x + (1 - x) ** 2  # reflected forms and a number exponent
    f.backward()
    assert x.grad == 2 * 2 + 2 + 1 / 4 + 2 * (2 - 1)
    f.backward()  # twice without zeroing doubles the leaf's gradient
    assert x.grad == 2 * (2 * 2 + 2 + 1 / 4 + 2 * (2 - 1))
    ref.zero_grad(f)
    assert x.grad == 0.0
    assert ref.Value(0.0).relu()._op == "relu"
    r = ref.Value(0.0)
    r.relu().backward()
    assert r.grad == 0.0  # relu's slope at 0
    model = ref.MLP(2, [3, 1], 0)
    assert len(model.parameters()) == 13
    assert hasattr(model([0.5, -1.0]), "data")


def test_mlp_draws_the_spec_he_initialisation():
    # One generator; layer by layer, neuron by neuron: standard_normal(n_in) * sqrt(2 / n_in),
    # then the bias 0.0, in the order of parameters().
    ref = solutions.load("07_autograd_engine")
    n_in, sizes, seed = 3, [4, 2, 1], 5
    rng, expected = np.random.default_rng(seed), []
    for fan_in, n_out in zip([n_in, *sizes[:-1]], sizes, strict=True):
        for _ in range(n_out):
            expected += [*(rng.standard_normal(fan_in) * np.sqrt(2 / fan_in)), 0.0]
    got = [p.data for p in ref.MLP(n_in, sizes, seed).parameters()]
    assert got == expected


@pytest.fixture(scope="module")
def digits_lesson():
    return solutions.load("08_digits_classifier")


def test_the_digits_are_scikit_learns(digits_lesson):
    """The lesson reads scikit-learn's file; it holds what ``load_digits()`` returns."""
    from sklearn.datasets import load_digits

    reference = load_digits()
    split = digits_lesson.load_digits_split(seed=0)
    X = np.concatenate([split[f"X_{part}"] for part in ("train", "val", "test")])
    y = np.concatenate([split[f"y_{part}"] for part in ("train", "val", "test")])
    assert len(y) == len(reference.target) == 1797
    order = np.lexsort(np.column_stack([X * 16, y]).T)
    expected = np.lexsort(np.column_stack([reference.data, reference.target]).T)
    assert np.array_equal(X[order] * 16, reference.data[expected])
    assert np.array_equal(y[order], reference.target[expected])
    assert X.min() == 0.0 and X.max() == 1.0


def test_the_split_is_stratified_and_reproducible(digits_lesson):
    first, again = digits_lesson.load_digits_split(seed=0), digits_lesson.load_digits_split(seed=0)
    for part in ("train", "val", "test"):
        assert np.array_equal(first[f"X_{part}"], again[f"X_{part}"])
        counts = np.bincount(first[f"y_{part}"], minlength=10)
        share = {"train": 0.6, "val": 0.2, "test": 0.2}[part]
        assert np.all(
            np.abs(
                counts
                - share
                * np.bincount(np.concatenate([first[f"y_{p}"] for p in ("train", "val", "test")]))
            )
            <= 1
        ), (part, counts)


def test_the_layers_optimisers_and_loop_keep_the_spec_contract(digits_lesson):
    ref = digits_lesson
    rng = np.random.default_rng(0)
    model = ref.Sequential(ref.Linear(4, 5, rng), ref.ReLU(), ref.Linear(5, 3, rng))
    names = [(i, name) for i, name, _ in model.params()]
    assert names == [(0, "W"), (0, "b"), (2, "W"), (2, "b")]
    W0 = model.params()[0][2]
    assert W0 is model.layers[0].params["W"] and W0.shape == (4, 5)
    P = ref.softmax(np.array([[1e4, 0.0, -1e4]]))
    assert np.all(np.isfinite(P)) and np.allclose(P.sum(axis=1), 1.0)
    loss, dZ = ref.softmax_cross_entropy(np.array([[1e4, 0.0]]), np.array([1]))
    assert type(loss) is float and loss == 1e4 and dZ.shape == (1, 2)
    X, y = rng.standard_normal((20, 4)), rng.integers(0, 3, 20)
    for optimizer in (ref.SGD(0.1, momentum=0.9, weight_decay=1e-3), ref.Adam(1e-2)):
        before = W0.copy()
        history = ref.train(model, X, y, epochs=2, batch_size=8, optimizer=optimizer, seed=0)
        assert set(history) == {"loss", "train_acc", "val_acc"}
        assert len(history["loss"]) == 2 and history["val_acc"] == []
        assert all(type(v) is float for v in history["loss"] + history["train_acc"])
        assert not np.array_equal(W0, before), "the optimiser changes the model's arrays in place"
    labels = ref.predict(model, X)
    assert labels.shape == (20,) and labels.dtype.kind in "iu"
    assert type(ref.accuracy(labels, y)) is float
    error = ref.gradient_check_layer(
        ref.Linear(3, 2, rng), rng.standard_normal((4, 3)), np.ones((4, 2))
    )
    assert type(error) is float and error < 1e-8


def test_the_reference_network_reaches_97_percent_on_the_test_set(digits_lesson):
    """The spec's reference network, trained as the benchmark trains it (no time limit here)."""
    _, test_accuracy = train_once(digits_lesson, digits_lesson.load_digits_split(seed=0))
    assert test_accuracy >= 0.97


def test_tensor_has_the_spec_attributes_and_behaviour():
    ref = solutions.load("09_array_autograd")
    Tensor = ref.Tensor
    source = np.array([[1, 2, 3], [4, 5, 6]])
    x = Tensor(source)
    source[0, 0] = 100  # data is a copy
    assert x.data.dtype == np.float64 and x.data[0, 0] == 1.0 and x.shape == (2, 3)
    assert x.grad.shape == (2, 3) and not x.grad.any() and x._prev == set() and x._op == ""
    assert x._backward(np.ones((2, 3))) is None
    assert Tensor(2.5).data.shape == ()
    b = Tensor([10.0, 20.0, 30.0])
    y = (np.ones((4, 3)) @ (2 * x - b / 2).T / 40).tanh() ** 2  # an array on the left
    loss = (y.mean(axis=0) + y[[0, 0], [1, 1]].sum() + x.reshape(3, 2).T.sum()).sum()
    loss.backward(retain_graph=True)
    once = x.grad.copy(), b.grad.copy()
    assert b.grad.shape == (3,)
    loss.backward(retain_graph=True)  # twice: the leaves double
    assert np.allclose(x.grad, 2 * once[0]) and np.allclose(b.grad, 2 * once[1])
    loss.backward()  # frees the graph
    assert loss._prev == set() and y._prev == set() and x._prev == set()
    with pytest.raises(RuntimeError):
        loss.backward()
    with pytest.raises(RuntimeError):
        Tensor(np.ones(3)).exp().backward()  # no gradient for a tensor of many entries
    picked = Tensor(np.zeros(3))
    picked[np.array([0, 0, 2])].backward(np.ones(3))
    assert list(picked.grad) == [2.0, 0.0, 1.0]  # np.add.at: a repeated index adds twice
    assert ref.unbroadcast(np.ones((4, 2, 3)), (2, 1)).tolist() == [[12.0], [12.0]]
    W = Tensor(np.eye(3) * 0.5)

    def layer(h):
        return (h @ W).tanh()

    plain_x, check_x = Tensor(np.ones((2, 3))), Tensor(np.ones((2, 3)))
    (layer(layer(plain_x)) ** 2).sum().backward()
    plain_grads = plain_x.grad.copy(), W.grad.copy()
    W.grad = np.zeros((3, 3))
    out = ref.checkpoint(layer, ref.checkpoint(layer, check_x))
    assert len(out._prev) == 1
    (out**2).sum().backward()
    assert np.allclose(check_x.grad, plain_grads[0]) and np.allclose(W.grad, plain_grads[1])


def _documents_layer_norm_backward(dOut, X, gamma, eps=1e-5):
    """The seed documents' layer-norm backward, row by row: gamma outside the means."""
    mu, var = X.mean(axis=1, keepdims=True), X.var(axis=1, keepdims=True)
    return (gamma / np.sqrt(var + eps)) * (
        dOut
        - dOut.mean(axis=1, keepdims=True)
        - (X - mu) / (var + eps) * (dOut * (X - mu)).mean(axis=1, keepdims=True)
    )


@pytest.fixture(scope="module")
def normalization_lesson():
    return solutions.load("10_normalization_dropout")


def test_the_normalization_layers_keep_the_spec_contract(normalization_lesson):
    """Lesson 10's layers: attributes, both modes, the documents' layer-norm formula's limit."""
    ref = normalization_lesson
    rng = np.random.default_rng(0)
    X, dOut = rng.standard_normal((6, 4)) * 3 + 1, rng.standard_normal((6, 4))
    bn = ref.BatchNorm(4)
    assert bn.training is True and bn.momentum == 0.1 and bn.eps == 1e-5
    assert sorted(bn.params) == sorted(bn.grads) == ["beta", "gamma"]
    Y = bn.forward(X)
    assert np.allclose(Y.mean(axis=0), 0, atol=1e-12) and np.allclose(Y.var(axis=0), 1, atol=1e-5)
    assert np.allclose(bn.running_mean, 0.1 * X.mean(axis=0))
    assert np.allclose(bn.running_var, 0.9 + 0.1 * X.var(axis=0))  # the biased variance
    dX = bn.backward(dOut)
    assert np.allclose(dX.sum(axis=0), 0, atol=1e-12)  # orthogonal to the constant
    model = ref.Sequential(
        ref.Linear(4, 3, rng), ref.BatchNorm(3), ref.ReLU(), ref.Dropout(0.5, rng)
    )
    assert [(i, name) for i, name, _ in model.params()] == [
        (0, "W"),
        (0, "b"),
        (1, "gamma"),
        (1, "beta"),
    ]
    ref.set_training(model, False)
    assert [getattr(layer, "training", None) for layer in model.layers] == [
        None,
        False,
        None,
        False,
    ]
    before = model.layers[1].running_mean.copy()
    first, again = model.forward(X), model.forward(X)
    assert np.array_equal(first, again)  # evaluation is deterministic
    assert np.array_equal(model.layers[1].running_mean, before)  # and leaves the statistics
    for layer in (ref.BatchNorm(4), ref.LayerNorm(4)):
        layer.params["gamma"][...] = rng.uniform(0.5, 2.0, 4)
        assert ref.gradient_check_layer(layer, X, dOut) < 1e-8
    ln = ref.LayerNorm(4)
    ln.params["gamma"][...] = [1.0, 2.0, -1.0, 0.5]
    ln.forward(X)
    general = ln.backward(dOut)
    documents = _documents_layer_norm_backward(dOut, X, ln.params["gamma"])
    assert np.linalg.norm(documents - general) > 0.1 * np.linalg.norm(general)
    ln.params["gamma"][...] = 2.5
    ln.forward(X)
    assert np.allclose(
        _documents_layer_norm_backward(dOut, X, ln.params["gamma"]), ln.backward(dOut)
    )
    drop = ref.Dropout(0.3, np.random.default_rng(7))
    keep = np.random.default_rng(7).random(X.shape) >= 0.3
    assert np.allclose(drop.forward(X), X * keep / 0.7, rtol=1e-14, atol=0)
    drop.training = False
    assert np.array_equal(drop.forward(X), X) and np.array_equal(drop.backward(dOut), dOut)
    W, b = rng.standard_normal((3, 4)), rng.standard_normal(4)
    bn.training = False
    W_f, b_f = ref.fold_batch_norm(
        W, b, bn.params["gamma"], bn.params["beta"], bn.running_mean, bn.running_var, bn.eps
    )
    X3 = rng.standard_normal((5, 3))
    assert np.allclose(X3 @ W_f + b_f, bn.forward(X3 @ W + b))


@pytest.fixture(scope="module")
def convolution_lesson():
    return solutions.load("11_convolution")


def test_the_convolutions_keep_the_spec_contract(convolution_lesson):
    """Cross-correlation, the output size, im2col's order, the transposed convolution, ties."""
    ref = convolution_lesson
    rng = np.random.default_rng(0)
    x, w, b = (
        rng.standard_normal((2, 3, 10)),
        rng.standard_normal((4, 3, 3)),
        rng.standard_normal(4),
    )
    y = ref.conv1d(x, w, b, stride=3, padding=2)
    assert y.shape == (2, 4, (10 + 4 - 3) // 3 + 1) and y.dtype == np.float64
    x_pad = np.pad(x, ((0, 0), (0, 0), (2, 2)))
    assert np.isclose(y[1, 2, 3], b[2] + np.sum(w[2] * x_pad[1, :, 9:12]))  # no flip
    dy = rng.standard_normal(y.shape)
    dx, dw, db = ref.conv1d_backward(dy, x, w, stride=3, padding=2)
    assert (dx.shape, dw.shape, db.shape) == (x.shape, w.shape, (4,))
    assert np.allclose(db, dy.sum(axis=(0, 2)))
    # The transposed convolution: dy dilated and padded by k - 1, flipped kernels, cropped.
    dilated = np.zeros((2, 4, 3 * (y.shape[2] - 1) + 1))
    dilated[:, :, ::3] = dy
    full = ref.conv1d(
        np.pad(dilated, ((0, 0), (0, 0), (2, 2))), w.transpose(1, 0, 2)[:, :, ::-1], np.zeros(3)
    )
    padded = np.zeros((2, 3, 14))
    padded[:, :, : full.shape[2]] = full
    assert np.allclose(dx, padded[:, :, 2:12])
    images = rng.standard_normal((2, 3, 7, 6))
    kernels = rng.standard_normal((5, 3, 3, 3))
    cols = ref.im2col(images, 3, 3, stride=2, padding=1)
    H_out, W_out = (7 + 2 - 3) // 2 + 1, (6 + 2 - 3) // 2 + 1
    assert cols.shape == (2 * H_out * W_out, 3 * 9)
    by_product = (cols @ kernels.reshape(5, -1).T + b[:1]).reshape(2, H_out, W_out, 5)
    assert np.allclose(
        by_product.transpose(0, 3, 1, 2),
        ref.conv2d(images, kernels, np.full(5, b[0]), stride=2, padding=1),
    )
    layer = ref.Conv2d(3, 5, 3, np.random.default_rng(1), stride=2, padding=1)
    expected_W = np.random.default_rng(1).standard_normal((5, 3, 3, 3)) * np.sqrt(2 / 27)
    assert np.array_equal(layer.params["W"], expected_W) and not layer.params["b"].any()
    assert layer.forward(images).shape == (2, 5, H_out, W_out)
    assert layer.backward(np.ones((2, 5, H_out, W_out))).shape == images.shape
    pool = ref.MaxPool2d(2)
    assert pool.params == {} and pool.stride == 2
    pool.forward(np.zeros((1, 1, 2, 2)))
    tied = pool.backward(np.ones((1, 1, 1, 1)))
    assert tied.tolist() == [[[[1.0, 0.0], [0.0, 0.0]]]]  # a tie: the first maximum, row by row


def test_the_cnn_trains_on_one_core_in_a_minute_and_reaches_97_percent(convolution_lesson):
    """The spec's CNN, trained as lesson 08's MLP is, on the lesson's images."""
    from threadpoolctl import threadpool_limits

    ref = convolution_lesson
    rng = np.random.default_rng(0)
    cnn = ref.Sequential(
        ref.Conv2d(1, 16, 3, rng, padding=1),
        ref.ReLU(),
        ref.MaxPool2d(2),
        ref.Flatten(),
        ref.Linear(256, 10, rng),
    )
    data = ref.images
    assert data["X_train"].shape[1:] == (1, 8, 8)
    with threadpool_limits(limits=1):
        start = time.process_time()
        ref.train(
            cnn,
            data["X_train"],
            data["y_train"],
            epochs=30,
            batch_size=32,
            optimizer=ref.Adam(1e-3, weight_decay=1e-4),
            seed=1,
        )
        seconds = time.process_time() - start
    assert seconds < 60, f"the CNN took {seconds:.1f} s of CPU time"
    assert ref.accuracy(ref.predict(cnn, data["X_test"]), data["y_test"]) >= 0.97
