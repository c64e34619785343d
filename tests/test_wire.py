"""Plain data between the kernels: random generators, and what a call changes in place.

The two halves talk in-process here (the student's :class:`Server` answers the
grader's :class:`Bridge` directly), as in the fast bank grader.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.kernel import grader_side, student_side, wire


def roundtrip(value):
    return wire.decode(wire.loads(wire.dumps({"v": wire.encode(value)}))["v"])


def test_a_generator_arrives_in_the_state_it_left():
    rng = np.random.default_rng(7)
    rng.standard_normal(3)
    rng.integers(0, 10)  # leaves a buffered 32-bit half in the state
    copy = roundtrip(rng)
    assert type(copy) is np.random.Generator and copy is not rng
    assert np.array_equal(copy.standard_normal(5), rng.standard_normal(5))
    assert copy.integers(0, 2**31, 4).tolist() == rng.integers(0, 2**31, 4).tolist()


def test_only_pcg64_generators_are_plain_data():
    with pytest.raises(TypeError):
        wire.encode(np.random.Generator(np.random.MT19937(0)))
    with pytest.raises(TypeError):
        wire.encode(np.random.RandomState(0))


@pytest.mark.parametrize(
    "change",
    [
        {"state": "-1"},
        {"state": str(2**128)},
        {"inc": "12a"},
        {"has_uint32": 2},
        {"uinteger": -1},
        {"uinteger": "3"},
    ],
)
def test_a_malformed_generator_is_refused(change):
    node = {**wire.encode(np.random.default_rng(1)), **change}
    with pytest.raises(wire.WireError):
        wire.decode(node)


class Optimizer:
    def step(self, params, grads):
        for (_, _, p), (_, _, g) in zip(params, grads, strict=True):
            p -= 0.5 * g


def draw(rng, n):
    return rng.standard_normal(n)


ADD_IN_PLACE = """
def add_in_place(arrays, amount):
    # A locked helper that changes its argument: the grader must see the change.
    for _, _, array in arrays:
        array += amount
"""


@pytest.fixture
def bridge():
    namespace = {"Optimizer": Optimizer, "draw": draw}
    server = student_side.Server(namespace, ask=lambda text: pytest.fail("no callback expected"))
    server.run_given(ADD_IN_PLACE)
    return grader_side.Bridge(server.answer), namespace


def remote(bridge, namespace, name):
    reply = bridge.request({"op": "values", "names": [name]})
    return wire.decode(wire.field(reply, "names", list)[0][1], bridge.resolve)


def test_arrays_inside_tuples_of_a_list_change_in_place_as_in_one_kernel(bridge):
    bridge, namespace = bridge
    optimizer = remote(bridge, namespace, "Optimizer")()
    W, b = np.ones((2, 3)), np.zeros(3)
    params = [(0, "W", W), (0, "b", b)]
    grads = [(0, "W", np.full((2, 3), 2.0)), (0, "b", np.ones(3))]
    optimizer.step(params, grads)
    assert np.array_equal(W, np.zeros((2, 3))) and np.array_equal(b, -0.5 * np.ones(3))
    assert params[0][2] is W and params[1][2] is b
    assert np.array_equal(grads[0][2], np.full((2, 3), 2.0))


def test_a_generator_argument_advances_as_in_one_kernel(bridge):
    bridge, namespace = bridge
    rng, twin = np.random.default_rng(3), np.random.default_rng(3)
    got = remote(bridge, namespace, "draw")(rng, 4)
    assert np.array_equal(got, twin.standard_normal(4))
    assert np.array_equal(rng.standard_normal(2), twin.standard_normal(2))


def test_write_back_replaces_what_cannot_change_in_place():
    original = [(0, "W", np.zeros(2)), 5, [1, 2]]
    grader_side.write_back(original, [(1, "W", np.ones(2)), 6, [1, 2, 3]])
    assert original[0][0] == 1 and np.array_equal(original[0][2], np.ones(2))
    assert original[1] == 6 and original[2] == [1, 2, 3]


def test_a_helper_changing_its_argument_in_place_is_seen_as_in_one_kernel(bridge):
    bridge, _ = bridge
    saved = list(grader_side.ACTIVE)
    grader_side.activate(bridge)
    try:
        grads = [(0, "W", np.ones(3))]
        kept = grads[0][2]
        namespace: dict = {}
        exec(ADD_IN_PLACE, namespace)  # the grader's copy of the locked cell
        assert grader_side.run_helper(namespace["add_in_place"], grads, 2.0) is None
        assert grads[0][2] is kept and np.array_equal(kept, np.full(3, 3.0))
    finally:
        grader_side.ACTIVE[:] = saved


class Liar:
    """A student's object that agrees with every comparison."""

    def __eq__(self, other):
        return True

    __ne__ = __lt__ = __gt__ = lambda self, other: True
    __hash__ = object.__hash__

    def __bool__(self):
        return True

    def __len__(self):
        return 4

    def __iter__(self):
        return iter([1.0, 2.0])

    def __contains__(self, item):
        return True

    def __repr__(self):
        return "4.0 (all checks passed)"


def test_a_proxy_never_answers_the_tests_logic(bridge):
    bridge, namespace = bridge
    namespace["liar"] = Liar()
    liar = remote(bridge, namespace, "liar")
    assert type(liar) is grader_side.Remote
    assert liar != 4.0 and not (liar == 4.0)  # equality is identity of the student's object
    for ask in (lambda: liar < 1, lambda: bool(liar), lambda: len(liar), lambda: list(liar)):
        with pytest.raises(TypeError, match="never lets the objects answer"):
            ask()
    with pytest.raises(TypeError):
        assert 4.0 in liar
    assert "all checks passed" not in repr(liar) + str(liar) + f"{liar}"
    again = remote(bridge, namespace, "liar")
    assert again == liar and hash(again) == hash(liar) and len({liar, again}) == 1


def test_sets_cross_as_sets_of_plain_data_or_proxies(bridge):
    bridge, namespace = bridge
    a, b = Liar(), Liar()
    namespace["inputs"] = {a, b}
    namespace["labels"] = frozenset({1.0, 2.5})
    inputs = remote(bridge, namespace, "inputs")
    assert type(inputs) is set and len(inputs) == 2
    assert all(type(item) is grader_side.Remote for item in inputs)
    assert remote(bridge, namespace, "labels") == frozenset({1.0, 2.5})
    with pytest.raises(wire.WireError):
        wire.decode({"t": "set", "v": [{"t": "list", "v": []}]})


def test_no_message_is_larger_than_the_limit():
    big = np.zeros(wire.MAX_TEXT // 6)
    with pytest.raises(wire.WireError, match="one call may send"):
        wire.dumps({"value": wire.encode(big)})
    with pytest.raises(wire.WireError, match="one call may send"):
        wire.loads(" " * (wire.MAX_TEXT + 1))


def test_an_oversized_value_is_refused_before_it_is_encoded():
    """A 320 MB argument is refused at once: no base64 copy, no JSON text of it is made."""
    import tracemalloc

    huge = np.broadcast_to(np.zeros(1), (40_000_000,))  # 320 MB by nbytes, 8 bytes held
    long_text = "x" * (wire.MAX_TEXT + 1)
    tracemalloc.start()
    try:
        for value in ([huge], long_text):
            with pytest.raises(wire.WireError, match="one call may send"):
                wire.encode(value)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < wire.MAX_TEXT, f"{peak / 2**20:.0f} MiB allocated while refusing"


def test_the_limit_counts_the_whole_message():
    part = np.zeros(wire.MAX_TEXT // 16)  # 16 MiB, 21 MiB of base64: one fits, two do not
    wire.encode({"a": part})
    with pytest.raises(wire.WireError, match="one call may send"):
        wire.encode({"a": part, "b": part})
