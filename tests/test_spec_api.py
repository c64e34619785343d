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
