"""Every lesson defines the spec's fixed API, with the spec's parameter names."""

from __future__ import annotations

import inspect

import pytest

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
}

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
