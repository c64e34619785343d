"""Plain data on the wire between the student's kernel and the grader's.

Grading runs a submission in two processes: the student's code in one kernel,
the tests in another (see :mod:`autograder.grading.twokernel`).  Only *plain data*
crosses between them, as JSON text: ``None``, ``bool``, ``int``, ``float``,
``complex``, ``str``, ``bytes``, NumPy scalars and arrays of numbers or
booleans (dtype, shape and exact type kept), NumPy random generators
(``np.random.default_rng(seed)``: a ``Generator`` on ``PCG64``, sent as
its state, so the receiver draws what the sender would have drawn), and
``tuple``/``list``/``dict``/``set``/``frozenset`` of these.  Anything else is sent as a
*reference*: a number that names an object which stays in the process that
owns it (a student's figure, a grader's callback function).

:func:`decode` is strict: it builds exactly the types above (never a
subclass, never anything the sender names by its type), checks every field's
type and every array's byte count, and refuses deep nesting or oversized
payloads.  Nothing here unpickles or evaluates what it receives.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np

MAX_DEPTH = 32
MAX_NODES = 200_000
MAX_TEXT = 32 * 1024 * 1024
"""Largest message, in characters (arrays travel as base64: about 24 MiB of float64).

A call's answer, a callback's arguments, a name's value: whatever one side
sends the other is bounded, so neither a student's enormous result nor an
enormous argument can fill the grading processes' memory."""

_SCALAR_KINDS = frozenset("biufc")


class WireError(ValueError):
    """A message is not well-formed plain data."""


# --------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------


def _dtype_ok(dtype: np.dtype) -> bool:
    return dtype.kind in _SCALAR_KINDS and dtype.fields is None and dtype.subdtype is None


def encode(value: Any, reference: Callable[[Any], dict] | None = None) -> Any:
    """A JSON-ready description of ``value``.

    ``reference(value)`` describes what is not plain data (it returns a dict
    with ``"t": "ref"``); without it such a value raises :class:`TypeError`.
    """
    return _Encoder(reference)(value)


class _Encoder:
    def __init__(self, reference: Callable[[Any], dict] | None) -> None:
        self.reference = reference
        self.nodes = 0
        self.chars = 0
        """Characters of text and base64 so far: a message too large for :func:`dumps`
        is refused before a 200 MB array is encoded (seconds and several times its memory)."""

    def _text(self, size: int) -> None:
        self.chars += size
        if self.chars > MAX_TEXT:
            raise WireError(_too_large(self.chars))

    def _reserve_base64(self, nbytes: int) -> None:
        self._text(4 * -(-nbytes // 3))

    def _base64(self, data: bytes) -> str:
        self._reserve_base64(len(data))
        return base64.b64encode(data).decode("ascii")

    def __call__(self, value: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise WireError(f"more than {MAX_NODES} values in one message")
        if depth > MAX_DEPTH:
            raise WireError(f"nested deeper than {MAX_DEPTH} levels")
        t = type(value)
        if value is None:
            return {"t": "none"}
        if t is bool:
            return {"t": "bool", "v": value}
        if t is int:
            return {"t": "int", "v": str(value)}
        if t is float:
            return {"t": "float", "v": value.hex()}
        if t is complex:
            return {"t": "complex", "v": [value.real.hex(), value.imag.hex()]}
        if t is str:
            self._text(len(value))
            return {"t": "str", "v": value}
        if t is bytes:
            return {"t": "bytes", "v": self._base64(value)}
        if t is np.ndarray and _dtype_ok(value.dtype):
            self._reserve_base64(value.nbytes)  # before tobytes() copies it
            return {
                "t": "array",
                "dtype": value.dtype.str,
                "shape": list(value.shape),
                "readonly": not value.flags.writeable,
                "v": base64.b64encode(np.ascontiguousarray(value).tobytes()).decode("ascii"),
            }
        if isinstance(value, np.generic) and t is value.dtype.type and _dtype_ok(value.dtype):
            return {
                "t": "scalar",
                "dtype": value.dtype.str,
                "v": self._base64(value.tobytes()),
            }
        if t is np.random.Generator and type(value.bit_generator) is np.random.PCG64:
            return {"t": "rng", **_rng_state(value)}
        if t is tuple or t is list or t is set or t is frozenset:
            return {"t": t.__name__, "v": [self(v, depth + 1) for v in value]}
        if t is dict:
            return {
                "t": "dict",
                "v": [[self(k, depth + 1), self(v, depth + 1)] for k, v in value.items()],
            }
        if self.reference is None:
            raise TypeError(f"{t.__qualname__} is not plain data")
        return self.reference(value)


def _rng_state(rng: np.random.Generator) -> dict:
    state = rng.bit_generator.state
    return {
        "state": str(state["state"]["state"]),
        "inc": str(state["state"]["inc"]),
        "has_uint32": int(state["has_uint32"]),
        "uinteger": int(state["uinteger"]),
    }


def _rng(node: dict) -> np.random.Generator:
    """A ``Generator`` on ``PCG64`` in the state ``node`` gives (every field checked)."""

    def big(key: str) -> int:
        digits = field(node, key, str)
        if not digits.isdigit() or len(digits) > 40 or int(digits) >= 2**128:
            raise WireError(f"bad generator field {key!r}")
        return int(digits)

    has_uint32 = field(node, "has_uint32", int)
    uinteger = field(node, "uinteger", int)
    if has_uint32 not in (0, 1) or not 0 <= uinteger < 2**32:
        raise WireError("bad generator buffer")
    rng = np.random.Generator(np.random.PCG64())
    rng.bit_generator.state = {
        "bit_generator": "PCG64",
        "state": {"state": big("state"), "inc": big("inc")},
        "has_uint32": has_uint32,
        "uinteger": uinteger,
    }
    return rng


def dumps(message: dict) -> str:
    text = json.dumps(message, separators=(",", ":"), allow_nan=False)
    if len(text) > MAX_TEXT:
        raise WireError(_too_large(len(text)))
    return text


def _too_large(size: int) -> str:
    return (
        f"a value of {size / 2**20:.0f} MiB had to cross between the kernels, more than the "
        f"{MAX_TEXT / 2**20:.0f} MiB one call may send: is an array much larger than it should be?"
    )


# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------


def loads(text: Any) -> dict:
    """Parse a message: a JSON object of bounded size, nothing else."""
    if not isinstance(text, str):
        raise WireError("a message must be text")
    if len(text) > MAX_TEXT:
        raise WireError(_too_large(len(text)))
    try:
        message = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise WireError(f"not JSON: {exc}") from None
    if type(message) is not dict:
        raise WireError("a message must be a JSON object")
    return message


def _no_constant(name: str):
    raise WireError(f"{name} is not allowed in a message")


def field(message: dict, key: str, kind: type | tuple[type, ...]) -> Any:
    """``message[key]``, which must exist and be of JSON type ``kind``."""
    if key not in message:
        raise WireError(f"missing field {key!r}")
    value = message[key]
    if type(value) not in (kind if isinstance(kind, tuple) else (kind,)):
        raise WireError(f"field {key!r} has the wrong type")
    return value


def _dtype(text: Any) -> np.dtype:
    if type(text) is not str or len(text) > 8:
        raise WireError("bad dtype")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise WireError(f"bad dtype {text!r}") from None
    if not _dtype_ok(dtype):
        raise WireError(f"dtype {text!r} is not a number type")
    return dtype


def _b64(text: Any) -> bytes:
    if type(text) is not str:
        raise WireError("bad base64 field")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise WireError("bad base64 field") from None


def _hexfloat(text: Any) -> float:
    if type(text) is not str or len(text) > 40:
        raise WireError("bad float")
    try:
        return float.fromhex(text)
    except (ValueError, OverflowError):
        raise WireError(f"bad float {text!r}") from None


class _Decoder:
    def __init__(self, reference: Callable[[dict], Any] | None) -> None:
        self.reference = reference
        self.nodes = 0

    def __call__(self, node: Any, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise WireError(f"more than {MAX_NODES} values in one message")
        if depth > MAX_DEPTH:
            raise WireError(f"nested deeper than {MAX_DEPTH} levels")
        if type(node) is not dict:
            raise WireError("a value must be a JSON object")
        t = field(node, "t", str)
        if t == "none":
            return None
        if t == "bool":
            return field(node, "v", bool)
        if t == "int":
            digits = field(node, "v", str)
            if len(digits) > 4000 or not digits.lstrip("-").isdigit():
                raise WireError("bad int")
            return int(digits)
        if t == "float":
            return _hexfloat(node.get("v"))
        if t == "complex":
            parts = field(node, "v", list)
            if len(parts) != 2:
                raise WireError("bad complex")
            return complex(_hexfloat(parts[0]), _hexfloat(parts[1]))
        if t == "str":
            return field(node, "v", str)
        if t == "bytes":
            return _b64(node.get("v"))
        if t == "scalar":
            dtype = _dtype(node.get("dtype"))
            raw = _b64(node.get("v"))
            if len(raw) != dtype.itemsize:
                raise WireError("scalar of the wrong size")
            return np.frombuffer(raw, dtype=dtype)[0]
        if t == "array":
            dtype = _dtype(node.get("dtype"))
            shape = field(node, "shape", list)
            if len(shape) > 32 or any(type(n) is not int or n < 0 for n in shape):
                raise WireError("bad shape")
            raw = _b64(node.get("v"))
            if len(raw) != math.prod(shape) * dtype.itemsize:
                raise WireError("array data does not match its shape and dtype")
            array = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
            if field(node, "readonly", bool):
                array.flags.writeable = False
            return array
        if t == "rng":
            return _rng(node)
        if t in ("tuple", "list"):
            items = [self(v, depth + 1) for v in field(node, "v", list)]
            return tuple(items) if t == "tuple" else items
        if t in ("set", "frozenset"):
            items = [self(v, depth + 1) for v in field(node, "v", list)]
            try:
                return set(items) if t == "set" else frozenset(items)
            except TypeError:
                raise WireError("a set item must be hashable") from None
        if t == "dict":
            out = {}
            for pair in field(node, "v", list):
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("bad dict entry")
                key = self(pair[0], depth + 1)
                try:
                    hash(key)
                except TypeError:
                    raise WireError("a dict key must be hashable") from None
                out[key] = self(pair[1], depth + 1)
            return out
        if t == "ref" and self.reference is not None:
            return self.reference(node)
        raise WireError(f"unknown value type {t!r}")


def decode(node: Any, reference: Callable[[dict], Any] | None = None) -> Any:
    """The value ``node`` describes; ``reference(node)`` resolves ``"ref"`` nodes."""
    return _Decoder(reference)(node)


# --------------------------------------------------------------------------
# Exceptions
# --------------------------------------------------------------------------


def describe_exception(exc: BaseException) -> dict:
    """An exception as plain data: its class names (most derived first) and message."""
    text = str(exc)
    if len(text) > 4000:
        text = text[:4000] + " ..."
    return {
        "type": type(exc).__qualname__[:200],
        "mro": [cls.__qualname__[:200] for cls in type(exc).__mro__][:20],
        "msg": text,
    }


_BUILTIN_EXCEPTIONS = {
    name: obj
    for name, obj in vars(__import__("builtins")).items()
    if isinstance(obj, type) and issubclass(obj, Exception)
}


def rebuild_exception(description: Any) -> Exception:
    """The nearest built-in exception to a described one, with its message.

    The sender's own classes are never looked up: ``LinAlgError`` (a
    ``ValueError``) comes back as a ``ValueError`` whose message starts with
    ``LinAlgError:``.  ``KeyboardInterrupt``, ``SystemExit`` and other
    ``BaseException``s come back as ``RuntimeError``.
    """
    if type(description) is not dict:
        raise WireError("bad exception description")
    name = field(description, "type", str)
    message = field(description, "msg", str)
    mro = field(description, "mro", list)
    for base in mro:
        cls = _BUILTIN_EXCEPTIONS.get(base) if type(base) is str else None
        if cls is not None:
            text = message if base == name else f"{name}: {message}"
            try:
                return cls(text)
            except TypeError:  # UnicodeDecodeError and friends take other arguments
                return RuntimeError(f"{name}: {message}")
    return RuntimeError(f"{name}: {message}")
