"""``ag.run_helper``: a test runs a lesson's locked helper in the student's kernel.

The helper is the instructor's: the student's side runs the locked cells'
source (``Server.run_given``) in a namespace of its own, and ``run_helper``
runs a function or class from there, never the student's name for it.

The two halves talk in-process here (the student's :class:`Server` answers the
grader's :class:`Bridge` directly), as in the fast bank grader.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.kernel import grader_side, student_side, wire

GIVEN = '''
import numpy as np

counter = 3


def chain(n):
    """Builds n of the student's nodes and returns plain data about them."""
    node = Node(0)
    for i in range(1, n + 1):
        node = Node(i, (node,))
    return [node.data, len(node.inputs)]


def make_root(n):
    return Node(n)


class Layer:
    """A locked stand-in layer."""

    def __init__(self, n, rng):
        self.params = {"s": rng.standard_normal(n)}

    def forward(self, X):
        return X * self.params["s"]
'''

STUDENT = """
class Node:
    def __init__(self, data, inputs=()):
        self.data, self.inputs = data, inputs
"""


def _grader_copy(name: str):
    """The grader's copy of a locked helper: never run when a student's side exists."""

    def copy(*args):
        raise AssertionError("the grader's copy ran")

    copy.__name__ = name
    return copy


@pytest.fixture
def kernels():
    namespace: dict = {"__name__": "__main__"}
    exec(STUDENT, namespace)
    server = student_side.Server(
        namespace, ask=lambda text: pytest.fail("no callback expected"), exercises=["Node"]
    )
    server.run_given(GIVEN)
    calls = []

    def transport(text):
        calls.append(text)
        return server.answer(text)

    bridge = grader_side.Bridge(transport)
    saved = list(grader_side.ACTIVE)
    grader_side.activate(bridge)
    yield namespace, calls, server
    grader_side.ACTIVE[:] = saved


def test_one_kernel_calls_the_helper_itself():
    assert not grader_side.ACTIVE
    assert grader_side.run_helper(lambda n: [n, 1], 3) == [3, 1]


def test_the_helper_runs_on_the_students_side_in_one_round_trip(kernels):
    _, calls, _ = kernels
    assert grader_side.run_helper(_grader_copy("chain"), 10_000) == [10_000, 1]
    assert len(calls) == 1


def test_objects_come_back_as_proxies(kernels):
    root = grader_side.run_helper(_grader_copy("make_root"), 7)
    assert type(root) is grader_side.Remote
    assert root.data == 7


def test_the_students_rebinding_of_a_helper_is_never_run(kernels):
    namespace, _, _ = kernels
    namespace["chain"] = lambda n: "a forgery"
    assert grader_side.run_helper(_grader_copy("chain"), 3) == [3, 1]


def test_the_helper_uses_the_students_current_exercise_names(kernels):
    namespace, _, _ = kernels

    class Node:
        def __init__(self, data, inputs=()):
            self.data, self.inputs = data * 10, inputs

    namespace["Node"] = Node
    assert grader_side.run_helper(_grader_copy("chain"), 3) == [30, 1]


def test_the_students_builtins_never_reach_the_helper(kernels):
    namespace, _, _ = kernels
    namespace["len"] = lambda value: 99
    namespace["range"] = lambda *args: []
    assert grader_side.run_helper(_grader_copy("chain"), 4) == [4, 1]


def test_a_locked_class_builds_its_object_on_the_students_side(kernels):
    layer = grader_side.run_helper(_grader_copy("Layer"), 3, np.random.default_rng(4))
    assert type(layer) is grader_side.Remote
    s = np.random.default_rng(4).standard_normal(3)
    assert np.array_equal(layer.params["s"], s)
    assert np.array_equal(layer.forward(np.ones((2, 3))), np.ones((2, 3)) * s)


@pytest.mark.parametrize("name", ["counter", "np", "Node", "missing", "__import__", "os.system"])
def test_only_functions_and_classes_of_the_locked_cells_run(kernels, name):
    with pytest.raises(Exception) as info:
        grader_side.run_helper(_grader_copy(name))
    assert "the instructor's cells define no function or class" in str(info.value)


def test_a_locked_cell_that_fails_says_so_when_its_helper_is_asked_for(kernels):
    _, _, server = kernels
    server.run_given("def broken_helper():\n    pass\n\nraise ValueError('no data file')")
    assert grader_side.run_helper(_grader_copy("broken_helper")) is None  # defined before
    server.run_given("raise ValueError('no data file')\n\ndef never_defined():\n    pass")
    with pytest.raises(Exception, match="no data file"):
        grader_side.run_helper(_grader_copy("never_defined"))


def test_the_request_is_plain_data(kernels):
    _, calls, _ = kernels
    grader_side.run_helper(_grader_copy("chain"), 2)
    message = wire.loads(calls[-1])
    assert message["op"] == "helper" and message["name"] == "chain"
