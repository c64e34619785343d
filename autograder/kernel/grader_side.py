"""The grader's kernel: test cells reach the student's code through proxies.

When a submission is graded, the test cells run in a kernel of their own that
never executes student code.  Before each test cell, :meth:`Bridge.sync` asks
the student's kernel which names its cells defined or rebound, and binds each
one here that the tests have not bound themselves:

- plain data (numbers, arrays, strings, containers of these) as a copy;
- anything else (a function, a figure, a cache object) as a :class:`Remote`,
  a proxy whose calls, attributes, items and arithmetic operators are
  answered by the student's kernel.

A proxy never answers the test's own logic: comparing proxies is comparing
the identity of the student's objects, and ``<``, ``bool()``, ``len()``,
``iter()``, ``in`` raise ``TypeError`` (a test compares plain data it reads
from the student's objects, never the objects themselves); ``hash``,
``repr``, ``str`` and ``format`` are answered here, from the proxy alone.

Calling a :class:`Remote` sends the arguments as plain data and returns the
result as plain data (or as another :class:`Remote`).  What the call printed
is printed here, its warnings are raised here, its exception is raised here
as the nearest built-in exception class, and arguments it changed in place
are changed here too, so a test sees mutation exactly as in one kernel.  A
function a test passes in stays here: the student's side calls it back.

The names a test cell binds (its helpers, its data, ``suite``) are never
replaced by a student's name, and the student's code never sees them.
"""

from __future__ import annotations

import builtins
import sys
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from . import wire

SYNC_NAME = "__bfs_sync__"

_MISSING = object()

_BUILTIN_NAMES = frozenset(dir(builtins))

MAX_RELAYED = 200_000
"""Characters of what the student's calls print that one test cell shows."""

_WARNINGS = {
    name: obj
    for name, obj in vars(builtins).items()
    if isinstance(obj, type) and issubclass(obj, Warning)
}


class StudentCodeError(RuntimeError):
    """The student's kernel could not answer (it died, timed out or sent garbage)."""


class Bridge:
    """Sends requests to the student's kernel and decodes its replies."""

    def __init__(self, transport: Callable[[str], str]) -> None:
        self.transport = transport
        self.functions: dict[int, Any] = {}
        self._numbers: dict[int, int] = {}
        self.injected: dict[str, Any] = {}
        self.broken: str | None = None
        self.relayed = 0
        """Characters of the student's printing shown in the current test cell."""

    # -- references ----------------------------------------------------------

    def reference(self, obj: Any) -> dict:
        """A grader object (a test's function) sent by number; it stays here."""
        number = self._numbers.get(id(obj))
        if number is None or self.functions.get(number) is not obj:
            number = len(self.functions) + 1
            self.functions[number] = obj
            self._numbers[id(obj)] = number
        return {"t": "ref", "owner": "grader", "id": number}

    def resolve(self, node: dict) -> Any:
        owner = wire.field(node, "owner", str)
        number = wire.field(node, "id", int)
        if owner == "grader":
            if number not in self.functions:
                raise wire.WireError(f"no grader object number {number}")
            return self.functions[number]
        if owner != "student":
            raise wire.WireError(f"unknown owner {owner!r}")
        types = wire.field(node, "types", list)
        if not types or not all(type(t) is str and len(t) <= 200 for t in types[:30]):
            raise wire.WireError("bad type names")
        return Remote(self, number, tuple(types[:30]), wire.field(node, "callable", bool))

    def encode(self, value: Any) -> Any:
        return wire.encode(value, self._reference_or_remote)

    def _reference_or_remote(self, value: Any) -> dict:
        if type(value) is Remote:
            return {"t": "ref", "owner": "student", "id": value._bfs_id}
        return self.reference(value)

    # -- requests ------------------------------------------------------------

    def request(self, message: dict) -> dict:
        """Send one request; run the callbacks it triggers; return the result reply."""
        if self.broken:
            raise StudentCodeError(self.broken)
        text = self.transport(wire.dumps(message))
        while True:
            try:
                reply = wire.loads(text)
                kind = wire.field(reply, "kind", str)
            except wire.WireError as exc:
                raise StudentCodeError(
                    f"the student's kernel sent a malformed answer: {exc}"
                ) from None
            if kind == "callback":
                text = self.transport(wire.dumps(self._callback(reply)))
                continue
            if kind in ("result", "error"):
                self._relay(reply)
                if kind == "error":
                    raise wire.rebuild_exception(reply.get("exc"))
                return reply
            if kind == "broken":  # sent by the grading process, not the student
                self.broken = str(reply.get("why", "the student's kernel is gone"))[:500]
                raise StudentCodeError(self.broken)
            raise StudentCodeError(f"the student's kernel sent an answer of kind {kind!r}")

    def value(self, message: dict) -> Any:
        reply = self.request(message)
        return wire.decode(reply.get("value"), self.resolve)

    def call(self, target: Remote, args: tuple, kwargs: dict) -> Any:
        reply = self.request(
            {
                "op": "call",
                "target": self.encode(target),
                "args": self.encode(list(args)),
                "kwargs": self.encode(dict(kwargs)),
            }
        )
        result = wire.decode(reply.get("value"), self.resolve)
        self.write_back_arguments(reply, args, kwargs)
        return result

    def write_back_arguments(self, reply: dict, args: tuple | list, kwargs: dict) -> None:
        """Change the arguments of a call here as the call changed them there."""
        mutated = reply.get("mutated", [])
        if type(mutated) is not list:
            raise wire.WireError("bad mutated field")
        for entry in mutated:
            if type(entry) is not list or len(entry) != 2:
                raise wire.WireError("bad mutated entry")
            key, node = entry
            if type(key) is int and 0 <= key < len(args):
                write_back(args[key], wire.decode(node, self.resolve))
            elif type(key) is str and key in kwargs:
                write_back(kwargs[key], wire.decode(node, self.resolve))

    def _callback(self, message: dict) -> dict:
        try:
            function = self.functions[wire.field(message, "id", int)]
            args = wire.decode(message.get("args"), self.resolve)
            kwargs = wire.decode(message.get("kwargs"), self.resolve)
            if type(args) is not list or type(kwargs) is not dict:
                raise wire.WireError("bad callback arguments")
            kwargs = {str(k): v for k, v in kwargs.items()}
            return {"op": "callback_result", "value": self.encode(function(*args, **kwargs))}
        except Exception as exc:
            return {"op": "callback_error", "exc": wire.describe_exception(exc)}

    def _relay(self, reply: dict) -> None:
        """Print what the student's call printed (up to :data:`MAX_RELAYED` a cell); warn here."""
        for name in ("stdout", "stderr"):
            text = reply.get(name)
            if type(text) is not str or not text:
                continue
            room = MAX_RELAYED - self.relayed
            if room > 0:
                self.relayed += len(text)
                getattr(sys, name).write(text[:room])
                if len(text) > room:
                    getattr(sys, name).write(
                        f"\n(the student's code printed more than {MAX_RELAYED} characters "
                        "in this cell; the rest is not shown)\n"
                    )
        caught = reply.get("warnings")
        if type(caught) is list:
            for entry in caught[:20]:
                if type(entry) is list and len(entry) == 2 and all(type(e) is str for e in entry):
                    category = _WARNINGS.get(entry[0], UserWarning)
                    warnings.warn(entry[1], category, stacklevel=2)

    # -- names ---------------------------------------------------------------

    def sync(self, namespace: dict, wanted: list[str]) -> None:
        """Bind the student's new or changed ``wanted`` names here (never over a test's).

        ``wanted`` are the lesson's exercise names (the grading process knows
        them from the instructor's cells); no other name is ever taken.

        The student's side says which names changed; this side asks for the
        values of those its tests use, so the tests' own names never leave it.
        """
        self.relayed = 0  # a new test cell
        try:
            reply = self.request({"op": "changed"})
            changed = wire.field(reply, "names", list)
            deleted = wire.field(reply, "deleted", list)
            wanted_set = set(wanted) - _BUILTIN_NAMES  # never a builtin, whoever asks
            fetch = [
                name
                for name in changed
                if type(name) is str
                and name in wanted_set
                and self.injected.get(name, _MISSING) is namespace.get(name, _MISSING)
            ]
            for name in deleted:
                if type(name) is str and name in self.injected:
                    if namespace.get(name, _MISSING) is self.injected.pop(name):
                        del namespace[name]
            if not fetch:
                return
            reply = self.request({"op": "values", "names": fetch})
            for entry in wire.field(reply, "names", list):
                if type(entry) is not list or len(entry) != 2 or type(entry[0]) is not str:
                    raise wire.WireError("bad name entry")
                name = entry[0]
                if name not in fetch:
                    continue
                namespace[name] = self.injected[name] = wire.decode(entry[1], self.resolve)
        except Exception as exc:  # the tests will say what is missing
            print(f"(the student's names could not be read: {exc})", file=sys.__stderr__)


def write_back(original: Any, new: Any) -> None:
    """Make ``original`` (an argument) look as the student's call left it.

    Arrays and random generators are changed in place; a list or a dict has
    its items written back, or replaced when they cannot be; a tuple, which
    cannot change, has what it holds written back (an optimiser's step
    changes the arrays of ``[(layer, name, array), ...]`` in place).
    """
    kind = type(original)
    if kind is not type(new):
        return
    if kind is np.ndarray:
        if original.shape == new.shape and original.dtype == new.dtype:
            if not np.array_equal(original, new, equal_nan=True) and original.flags.writeable:
                np.copyto(original, new)
        elif original.size == new.size and original.flags.writeable:
            original.shape = new.shape
            np.copyto(original, new.astype(original.dtype))
    elif kind is np.random.Generator:
        if not _same(original, new):
            original.bit_generator.state = new.bit_generator.state
    elif kind is dict:
        for key in [k for k in original if k not in new]:
            del original[key]
        for key, value in new.items():
            if key in original:
                write_back(original[key], value)
            if key not in original or not _same(original[key], value):
                original[key] = value
    elif kind is list:
        if len(original) == len(new):
            for i, value in enumerate(new):
                write_back(original[i], value)
                if not _same(original[i], value):
                    original[i] = value
        else:
            original[:] = new
    elif kind is tuple and len(original) == len(new):
        for item, value in zip(original, new, strict=True):
            write_back(item, value)


def _same(a: Any, b: Any) -> bool:
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is np.ndarray:
        return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))
    if kind is np.random.Generator:
        return a.bit_generator.state == b.bit_generator.state
    if kind in (list, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if kind is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:
        return False


_UNARY = ("neg", "pos", "abs", "invert")
_BINARY = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "and_", "or_", "xor")


class Remote:
    """An object of the student's kernel, seen from the grader's."""

    __slots__ = ("_bfs_bridge", "_bfs_callable", "_bfs_id", "_bfs_types")

    def __init__(self, bridge: Bridge, number: int, types: tuple[str, ...], is_callable: bool):
        object.__setattr__(self, "_bfs_bridge", bridge)
        object.__setattr__(self, "_bfs_id", number)
        object.__setattr__(self, "_bfs_types", types)
        object.__setattr__(self, "_bfs_callable", is_callable)

    @property
    def _bfs_type(self) -> str:
        return self._bfs_types[0]

    def _bfs_ask(self, op: str, **fields: Any) -> Any:
        bridge = self._bfs_bridge
        return bridge.value({"op": op, "target": bridge.encode(self), **fields})

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._bfs_bridge.call(self, args, kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_bfs") or (name.startswith("__") and name.endswith("__")):
            raise AttributeError(name)
        if name.startswith(("_repr_", "_ipython_")):
            raise AttributeError(name)  # never let the student's object render itself here
        return self._bfs_ask("getattr", name=name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._bfs_ask("setattr", name=name, value=self._bfs_bridge.encode(value))

    def __getitem__(self, key: Any) -> Any:
        return self._bfs_ask("getitem", key=self._bfs_bridge.encode(key))

    def __setitem__(self, key: Any, value: Any) -> None:
        bridge = self._bfs_bridge
        self._bfs_ask("setitem", key=bridge.encode(key), value=bridge.encode(value))

    def _bfs_unary(self, name: str) -> Any:
        return self._bfs_ask("unary", name=name)

    def _bfs_refuse(self, what: str) -> TypeError:
        return TypeError(
            f"{what} of the student's {self._bfs_type.rpartition('.')[2]} object: "
            "a test reads numbers, arrays and lists from the student's objects and never "
            "lets the objects answer its own comparisons"
        )

    def __eq__(self, other: Any) -> bool:
        """The same object of the student's kernel (identity), whatever its ``__eq__`` says."""
        return (
            type(other) is Remote
            and other._bfs_bridge is self._bfs_bridge
            and other._bfs_id == self._bfs_id
        )

    def __ne__(self, other: Any) -> bool:
        return not self.__eq__(other)

    def __lt__(self, other: Any):
        raise self._bfs_refuse("'<'")

    def __le__(self, other: Any):
        raise self._bfs_refuse("'<='")

    def __gt__(self, other: Any):
        raise self._bfs_refuse("'>'")

    def __ge__(self, other: Any):
        raise self._bfs_refuse("'>='")

    def __len__(self) -> int:
        raise self._bfs_refuse("len()")

    def __iter__(self):
        raise self._bfs_refuse("iterating")

    def __bool__(self) -> bool:
        raise self._bfs_refuse("the truth value")

    def __float__(self) -> float:
        value = self._bfs_unary("float")
        if type(value) is not float:
            raise TypeError("float() of the student's object is not a float")
        return value

    def __int__(self) -> int:
        value = self._bfs_unary("int")
        if type(value) is not int:
            raise TypeError("int() of the student's object is not an int")
        return value

    def __index__(self) -> int:
        value = self._bfs_unary("index")
        if type(value) is not int:
            raise TypeError("the student's object is not an index")
        return value

    def __repr__(self) -> str:
        return f"<the student's {self._bfs_type.removeprefix('__main__.')} object>"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return format(repr(self), spec)

    def __hash__(self) -> int:
        return hash((id(self._bfs_bridge), self._bfs_id))

    def __contains__(self, item: Any) -> bool:
        raise self._bfs_refuse("'in'")


def _unary_method(name: str):
    def method(self: Remote) -> Any:
        return self._bfs_unary(name)

    method.__name__ = f"__{name.rstrip('_')}__"
    return method


def _binary_method(name: str, reflected: bool):
    def method(self: Remote, other: Any) -> Any:
        try:
            encoded = self._bfs_bridge.encode(other)
        except (TypeError, wire.WireError):
            return NotImplemented
        return self._bfs_ask("binary", name=name, other=encoded, reflected=reflected)

    method.__name__ = f"__{'r' if reflected else ''}{name.rstrip('_')}__"
    return method


for _name in _UNARY:
    setattr(Remote, f"__{_name}__", _unary_method(_name))
for _name in _BINARY:
    setattr(Remote, f"__{_name.rstrip('_')}__", _binary_method(_name, False))
    setattr(Remote, f"__r{_name.rstrip('_')}__", _binary_method(_name, True))


def type_names(obj: Any) -> tuple[str, ...]:
    """Qualified names of ``obj``'s class and its bases, for a local or a student's object."""
    if type(obj) is Remote:
        return obj._bfs_types
    return tuple(f"{cls.__module__}.{cls.__qualname__}" for cls in type(obj).__mro__)


ACTIVE: list[Bridge] = []
"""The bridge of this kernel, when it is a grader's kernel."""


def beside(function: Callable, *args: Any) -> Any:
    """``function(*args)`` run where the student's code runs.

    ``function`` is a module-level function of this package.  In a grader's
    kernel the student's kernel runs its own copy of it and the answer comes
    back as plain data (the student's side can change that copy: the answer
    is only ever the student's data); in one kernel it is simply called.
    """
    if not ACTIVE:
        return function(*args)
    bridge = ACTIVE[0]
    name = f"{function.__module__}:{function.__qualname__}"
    return bridge.value({"op": "apply", "function": name, "args": bridge.encode(list(args))})


def run_helper(helper: Callable, *args: Any) -> Any:
    """``helper(*args)`` run in the student's kernel: a lesson's locked helper, by name.

    ``helper`` is a function or a class of the notebook's locked cells; a class
    builds its object in the student's kernel (a stand-in layer that the
    student's functions are then given), and the test gets a proxy of it.

    A test that needs many operations on the student's objects (a graph of
    100 000 nodes) would pay a round trip between the kernels for each one.
    A locked helper cell runs in both kernels; this runs the student's copy
    of ``helper`` (a function of the notebook) next to the student's code,
    and only its answer crosses: plain data, or proxies for objects.  The
    student's kernel may have rebound the name: the answer is only ever the
    student's data, which the test checks like any other.  Arguments the
    helper changes in place are changed here too, as for any call.  In one
    kernel ``helper`` is simply called.
    """
    if not ACTIVE:
        return helper(*args)
    bridge = ACTIVE[0]
    name = getattr(helper, "__name__", "")
    reply = bridge.request({"op": "helper", "name": name, "args": bridge.encode(list(args))})
    result = wire.decode(reply.get("value"), bridge.resolve)
    bridge.write_back_arguments(reply, args, {})
    return result


def activate(bridge: Bridge) -> Bridge:
    """Make ``bridge`` the one :func:`beside` uses in this process."""
    ACTIVE[:] = [bridge]
    return bridge


def install(shell: Any) -> Bridge:
    """Give the grader's kernel its bridge; ``__bfs_sync__()`` runs before each test cell."""
    bridge = activate(Bridge(transport=lambda text: builtins.input(text)))

    def sync(wanted: list[str]) -> None:
        bridge.sync(shell.user_ns, wanted)

    shell.user_ns[SYNC_NAME] = sync
    shell.user_ns_hidden[SYNC_NAME] = sync
    return bridge
