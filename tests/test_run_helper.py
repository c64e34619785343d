"""``ag.run_helper``: a test runs a lesson's locked helper in the student's kernel.

The two halves talk in-process here (the student's :class:`Server` answers the
grader's :class:`Bridge` directly), as in the fast bank grader.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.kernel import grader_side, student_side, wire


class Node:
    def __init__(self, data, inputs=()):
        self.data, self.inputs = data, inputs


def chain(n):
    """A student-side helper: builds n objects and returns plain data about them."""
    node = Node(0)
    for i in range(1, n + 1):
        node = Node(i, (node,))
    return [node.data, len(node.inputs)]


def make_root(n):
    return Node(n)


class Layer:
    """A class the notebook defined (a locked stand-in layer)."""

    def __init__(self, n, rng):
        self.params = {"s": rng.standard_normal(n)}

    def forward(self, X):
        return X * self.params["s"]


Layer.__module__ = "__main__"  # as for a class a notebook cell defines


@pytest.fixture
def kernels():
    namespace = {
        "chain": chain,
        "make_root": make_root,
        "not_a_function": 3,
        "Node": Node,
        "Layer": Layer,
        "Generator": np.random.Generator,
    }
    server = student_side.Server(namespace, ask=lambda text: pytest.fail("no callback expected"))
    calls = []

    def transport(text):
        calls.append(text)
        return server.answer(text)

    bridge = grader_side.Bridge(transport)
    saved = list(grader_side.ACTIVE)
    grader_side.activate(bridge)
    yield namespace, calls
    grader_side.ACTIVE[:] = saved


def test_one_kernel_calls_the_helper_itself():
    assert not grader_side.ACTIVE
    assert grader_side.run_helper(chain, 3) == [3, 1]


def test_the_helper_runs_on_the_students_side_in_one_round_trip(kernels):
    _, calls = kernels

    def grader_copy(n):  # the grader's copy of the locked cell, never run here
        raise AssertionError("the grader's copy ran")

    grader_copy.__name__ = "chain"
    assert grader_side.run_helper(grader_copy, 10_000) == [10_000, 1]
    assert len(calls) == 1


def test_objects_come_back_as_proxies(kernels):
    root = grader_side.run_helper(make_root, 7)
    assert type(root) is grader_side.Remote
    assert root.data == 7


def test_the_students_rebinding_is_the_students_data(kernels):
    namespace, _ = kernels
    namespace["chain"] = lambda n: "anything"  # a lambda is a function too: its answer is data
    assert grader_side.run_helper(chain, 3) == "anything"


def test_a_class_of_the_notebook_builds_its_object_on_the_students_side(kernels):
    layer = grader_side.run_helper(Layer, 3, np.random.default_rng(4))
    assert type(layer) is grader_side.Remote
    s = np.random.default_rng(4).standard_normal(3)
    assert np.array_equal(layer.params["s"], s)
    assert np.array_equal(layer.forward(np.ones((2, 3))), np.ones((2, 3)) * s)


@pytest.mark.parametrize(
    "name", ["not_a_function", "Node", "Generator", "missing", "__import__", "os.system"]
)
def test_only_functions_and_classes_the_notebook_defined_run(kernels, name):
    def helper():
        pass

    helper.__name__ = name
    with pytest.raises(Exception) as info:
        grader_side.run_helper(helper)
    assert "defines no function or class" in str(info.value)


def test_the_request_is_plain_data(kernels):
    _, calls = kernels
    grader_side.run_helper(chain, 2)
    message = wire.loads(calls[-1])
    assert message["op"] == "helper" and message["name"] == "chain"
