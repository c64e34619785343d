"""The student's kernel answers the grader's questions.

When a submission is graded, this runs in the kernel that executes the
student's cells (never in the grader's).  The grader asks, in plain data
(:mod:`autograder.kernel.wire`), for the names the student's cells defined, to call
one of them, or to look at an object that stays here (a figure, a cache).
Each answer carries the call's result (plain data, or a reference to an
object kept here), what the call printed, the warnings it raised, the
arguments as the call left them (so the grader sees mutation) and, if it
failed, the exception's class names and message.

A function the grader passes in (lesson 03's ``f``) arrives as a stub: calling
it asks the grader to run it and waits for the answer, over the same channel.

Given helpers run here from the instructor's source, never looked up in the
student's namespace: the grading process sends each locked helper cell's
code (:meth:`Server.run_given`), which runs in a namespace of its own that
holds the locked cells' names, the builtins as they were before any student
cell ran, and the student's *exercise* names (refreshed before every use);
and the course's own functions that a test applies here (figure readers)
come from private copies of their modules, loaded before any student cell.

Everything here runs with the student's code and can be changed by it; that
is fine: whatever this side answers is only ever the student's data, which
the grader decodes strictly and checks.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib.util
import io
import operator
import re
import sys
import types
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from . import wire

ANSWER_MARK = "A"
"""First character of the ``input_request`` prompt that carries a call's answer."""

CALLBACK_MARK = "C"
"""First character of the ``input_request`` prompt that asks the grader to run a function."""

SERVE_NAME = "__bfs_serve__"
"""The name under which the student's kernel answers the grader."""

GIVEN_NAME = "__bfs_given__"
"""The name under which the student's kernel runs a locked cell's code for the helpers."""

MAX_PRINTED = 100_000
"""Characters of a call's stdout (and stderr) passed on to the test cell."""

_IPYTHON_NAMES = frozenset(
    {"In", "Out", "get_ipython", "exit", "quit", "open", "_", "__", "___", "_i", "_ii", "_iii"}
)

_MUTABLE = (list, tuple, dict, np.ndarray, np.random.Generator)
"""Argument types sent back after a call: what the call may have changed in place."""

_UNSEEN = object()

_BINARY = {
    name: getattr(operator, name)
    for name in (
        "add",
        "sub",
        "mul",
        "truediv",
        "floordiv",
        "mod",
        "pow",
        "matmul",
        "and_",
        "or_",
        "xor",
    )
}
_UNARY = {
    "neg": operator.neg,
    "pos": operator.pos,
    "abs": operator.abs,
    "invert": operator.invert,
    "float": float,
    "int": int,
    "index": operator.index,
}


_HISTORY = re.compile(r"_(i{1,3}|i\d+|\d+|ih|oh|dh)?")


def _is_students(name: str, value: Any) -> bool:
    """Whether a notebook name is one the student's cells may have defined."""
    if name in _IPYTHON_NAMES or _HISTORY.fullmatch(name) or name.startswith("__"):
        return False
    return not isinstance(value, types.ModuleType)


def _type_names(obj: Any) -> list[str]:
    return [f"{cls.__module__}.{cls.__qualname__}"[:200] for cls in type(obj).__mro__][:30]


APPLICABLE_MODULES = ("autograder.kernel.figures",)
"""Modules whose module-level functions a test may run here (:func:`grader_side.beside`)."""


def _private_copy(module_name: str) -> types.ModuleType:
    """A fresh copy of one of the course's modules, not the one in ``sys.modules``.

    Taken before any student cell runs, so rebinding the module's functions
    in the notebook changes nothing in the copy.
    """
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        raise ImportError(module_name)
    copy_spec = importlib.util.spec_from_file_location(module_name, spec.origin)
    module = importlib.util.module_from_spec(copy_spec)
    copy_spec.loader.exec_module(module)
    return module


class _Kept(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters written to it, and counts the rest.

    What a call prints is passed on only in part, so keeping all of it (a
    call printing in a loop until it is interrupted) would only fill memory.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.kept < self.limit:
            part = str(text)[: self.limit - self.kept]
            self.parts.append(part)
            self.kept += len(part)
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.parts)


class Server:
    """Answers the grader's requests about a notebook namespace."""

    def __init__(
        self,
        namespace: dict,
        ask: Callable[[str], str],
        shell: Any = None,
        exercises: Iterable[str] = (),
    ) -> None:
        self.namespace = namespace
        self.shell = shell
        self.ask = ask
        self.objects: dict[int, Any] = {}
        self._numbers: dict[int, int] = {}
        self.seen: dict[str, Any] = {}
        self.exercises = frozenset(exercises)
        self.given: dict[str, Any] = {
            "__name__": "__main__",
            "__builtins__": dict(vars(builtins)),
        }
        if shell is not None:
            self.given["get_ipython"] = shell.get_ipython
        self.given_names: set[str] = set()
        self.given_failures: list[str] = []
        self.applicable = {name: _private_copy(name) for name in APPLICABLE_MODULES}

    # -- references ----------------------------------------------------------

    def reference(self, obj: Any) -> dict:
        """Keep ``obj`` here and describe it by number."""
        number = self._numbers.get(id(obj))
        if number is None or self.objects.get(number) is not obj:
            number = len(self.objects) + 1
            self.objects[number] = obj
            self._numbers[id(obj)] = number
        return {
            "t": "ref",
            "owner": "student",
            "id": number,
            "types": _type_names(obj),
            "callable": callable(obj),
        }

    def resolve(self, node: dict) -> Any:
        owner = wire.field(node, "owner", str)
        number = wire.field(node, "id", int)
        if owner == "student":
            if number not in self.objects:
                raise wire.WireError(f"no object number {number}")
            return self.objects[number]
        if owner == "grader":
            return self._grader_function(number)
        raise wire.WireError(f"unknown owner {owner!r}")

    def _grader_function(self, number: int) -> Callable:
        def grader_function(*args: Any, **kwargs: Any) -> Any:
            request = {
                "kind": "callback",
                "id": number,
                "args": wire.encode(list(args), self.reference),
                "kwargs": wire.encode(dict(kwargs), self.reference),
            }
            text = self.ask(wire.dumps(request))
            while True:
                message = wire.loads(text)
                op = wire.field(message, "op", str)
                if op == "callback_result":
                    return wire.decode(message.get("value"), self.resolve)
                if op == "callback_error":
                    raise wire.rebuild_exception(message.get("exc"))
                text = self.ask(self.answer(text))  # the grader asks something back

        grader_function.__name__ = grader_function.__qualname__ = f"grader_function_{number}"
        return grader_function

    # -- requests ------------------------------------------------------------

    def answer(self, text: str) -> str:
        """The reply (JSON text) to one request (JSON text)."""
        out, err = _Kept(MAX_PRINTED), _Kept(MAX_PRINTED)
        reply: dict[str, Any]
        with (
            warnings.catch_warnings(record=True) as caught,
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            warnings.simplefilter("always")
            try:
                reply = {"kind": "result", **self._dispatch(wire.loads(text))}
            except BaseException as exc:  # the student's code may raise anything
                reply = {"kind": "error", "exc": wire.describe_exception(exc)}
        reply["stdout"] = out.getvalue()[:MAX_PRINTED]
        reply["stderr"] = err.getvalue()[:MAX_PRINTED]
        reply["warnings"] = [
            [w.category.__name__[:100], str(w.message)[:1000]] for w in caught[:20]
        ]
        try:
            return wire.dumps(reply)
        except (wire.WireError, TypeError, ValueError) as exc:
            failure = {"kind": "error", "exc": wire.describe_exception(exc)}
            return wire.dumps(failure)

    def _dispatch(self, request: dict) -> dict:
        op = wire.field(request, "op", str)
        if op == "changed":
            return self._changed()
        if op == "values":
            wanted = wire.field(request, "names", list)
            return self._values([name for name in wanted if type(name) is str])
        if op == "audit":
            return {"value": wire.encode(audit(self.shell))}
        if op == "apply":
            return {"value": wire.encode(self._apply(request), self.reference)}
        if op == "helper":
            args = wire.decode(request.get("args"), self.resolve)
            if type(args) is not list:
                raise wire.WireError("bad arguments")
            result = self._helper(wire.field(request, "name", str), args)
            return {
                "value": wire.encode(result, self.reference),
                "mutated": self._as_left(args, {}),
            }
        target = wire.decode(request.get("target"), self.resolve)
        if op == "call":
            args = wire.decode(request.get("args"), self.resolve)
            kwargs = wire.decode(request.get("kwargs"), self.resolve)
            if type(args) is not list or type(kwargs) is not dict:
                raise wire.WireError("bad call arguments")
            result = target(*args, **kwargs)
            return {
                "value": wire.encode(result, self.reference),
                "mutated": self._as_left(args, kwargs),
            }
        if op == "getattr":
            value = getattr(target, wire.field(request, "name", str))
        elif op == "setattr":
            setattr(
                target,
                wire.field(request, "name", str),
                wire.decode(request.get("value"), self.resolve),
            )
            value = None
        elif op == "getitem":
            value = target[wire.decode(request.get("key"), self.resolve)]
        elif op == "setitem":
            key = wire.decode(request.get("key"), self.resolve)
            target[key] = wire.decode(request.get("value"), self.resolve)
            value = None
        elif op == "unary":
            value = _UNARY[wire.field(request, "name", str)](target)
        elif op == "binary":
            fn = _BINARY[wire.field(request, "name", str)]
            other = wire.decode(request.get("other"), self.resolve)
            value = (
                fn(other, target) if wire.field(request, "reflected", bool) else fn(target, other)
            )
        else:
            raise wire.WireError(f"unknown request {op!r}")
        return {"value": wire.encode(value, self.reference)}

    def _apply(self, request: dict) -> Any:
        """Run a module-level function of a private copy of :data:`APPLICABLE_MODULES`."""
        module_name, _, name = wire.field(request, "function", str).partition(":")
        module = self.applicable.get(module_name)
        function = vars(module).get(name) if module is not None and name.isidentifier() else None
        if type(function) is not types.FunctionType:
            raise wire.WireError("only the course's own figure readers can be applied")
        args = wire.decode(request.get("args"), self.resolve)
        if type(args) is not list:
            raise wire.WireError("bad arguments")
        return function(*args)

    def _as_left(self, args: list, kwargs: dict) -> list:
        """The arguments a call may have changed, as it left them: the grader writes them back."""
        changed = [
            [i, wire.encode(a, self.reference)] for i, a in enumerate(args) if type(a) in _MUTABLE
        ]
        changed += [
            [k, wire.encode(a, self.reference)] for k, a in kwargs.items() if type(a) in _MUTABLE
        ]
        return changed

    def _helper(self, name: str, args: list) -> Any:
        """Run a function or class of the instructor's locked cells (a lesson's given helper).

        It comes from the instructor's source (:meth:`run_given`), never from the
        student's namespace.  A class builds its object here, where the student's
        code can use it.
        """
        function = self.given.get(name) if name in self.given_names else None
        if type(function) is not types.FunctionType and not isinstance(function, type):
            failed = f" ({'; '.join(self.given_failures[:3])})" if self.given_failures else ""
            raise wire.WireError(
                f"the instructor's cells define no function or class {name!r}{failed}"
            )
        self._refresh_exercises()
        return function(*args)

    def _refresh_exercises(self) -> None:
        """Give the instructor's helpers the student's current exercise names."""
        for name in self.exercises:
            if name in self.namespace:
                self.given[name] = self.namespace[name]
            else:
                self.given.pop(name, None)

    def run_given(self, source: str) -> None:
        """Run a locked cell's code (the instructor's) in the helpers' own namespace."""
        from IPython.core.inputtransformer2 import TransformerManager

        self._refresh_exercises()
        before = set(self.given)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    code = compile(TransformerManager().transform_cell(source), "<given>", "exec")
                    exec(code, self.given)
                except Exception as exc:  # a helper it defines is then missing, and says so
                    self.given_failures.append(f"{type(exc).__name__}: {exc}"[:300])
        self.given_names |= (set(self.given) - before) - self.exercises

    def _changed(self) -> dict:
        """Names the student's cells bound or rebound since their values were last sent.

        Only names go out here: the grader asks for the values it needs, so the
        names its tests use never reach this side.
        """
        changed = [
            name
            for name, value in list(self.namespace.items())
            if _is_students(name, value) and self.seen.get(name, _UNSEEN) is not value
        ]
        deleted = [name for name in self.seen if name not in self.namespace]
        for name in deleted:
            del self.seen[name]
        return {"value": {"t": "none"}, "names": changed, "deleted": deleted}

    def _values(self, names: list[str]) -> dict:
        """The values of ``names``: plain data where it can be, else references."""
        values = []
        for name in names:
            if name not in self.namespace:
                continue
            value = self.seen[name] = self.namespace[name]
            try:
                node = wire.encode(value, self.reference)
                if len(wire.dumps(node)) > 16 * 1024 * 1024:
                    node = self.reference(value)
            except (wire.WireError, TypeError, ValueError, RecursionError):
                node = self.reference(value)
            values.append([name, node])
        return {"value": {"t": "none"}, "names": values}

    def mark_seen(self) -> None:
        """Names bound now (before any cell of the notebook) are not the student's."""
        self.seen.update(self.namespace)


_OURS = ("IPython", "ipykernel", "matplotlib", "matplotlib_inline", "ipywidgets", "autograder")
_SHELL_METHODS = ("showtraceback", "_showtraceback", "showsyntaxerror", "run_cell", "run_code")
_NUMPY_NAMES = (
    "allclose",
    "array_equal",
    "isclose",
    "testing.assert_allclose",
    "random.default_rng",
)


def _origin(obj: Any) -> str:
    return str(getattr(obj, "__module__", None) or getattr(type(obj), "__module__", ""))


def audit(shell: Any) -> list[str]:
    """What the student's code changed that once served to game tests sharing its kernel.

    It gains nothing now (the tests run elsewhere); grading reports it to the
    instructor.  Only hooks, handlers and functions that do not come from
    IPython, Jupyter, matplotlib, widgets or this package are named.
    """
    import numpy

    import autograder

    found = []
    if shell is not None:
        for event, callbacks in shell.events.callbacks.items():
            found += [
                f"an IPython {event} callback"
                for c in callbacks
                if not _origin(c).startswith(_OURS)
            ]
        if shell.ast_transformers:
            found.append("an IPython AST transformer")
        manager = shell.input_transformer_manager
        transforms = [
            *shell.input_transformers_post,
            *manager.cleanup_transforms,
            *manager.line_transforms,
        ]
        found += [
            "an IPython input transformer" for t in transforms if not _origin(t).startswith(_OURS)
        ]
        if shell.custom_exceptions:
            found.append("a custom exception handler")
        found += [
            f"IPython's {name} replaced"
            for name in _SHELL_METHODS
            if name in vars(shell) and not _origin(vars(shell)[name]).startswith(_OURS)
        ]
        if not _origin(shell.displayhook).startswith(_OURS) or not _origin(
            sys.displayhook
        ).startswith(_OURS):
            found.append("the display hook replaced")
    for path in _NUMPY_NAMES:
        obj = numpy
        for part in path.split("."):
            obj = getattr(obj, part, None)
        if not _origin(obj).startswith("numpy"):
            found.append(f"numpy.{path} replaced")
    for name in autograder.__all__:
        value = getattr(autograder, name, None)
        if not isinstance(value, types.ModuleType) and not _origin(value).startswith("autograder"):
            found.append(f"autograder.{name} replaced")
    for name, value in vars(autograder.Suite).items():
        if callable(value) and not _origin(value).startswith("autograder"):
            found.append(f"autograder.Suite.{name} replaced")
    return list(dict.fromkeys(found))[:20]


def _leave_figures_undrawn() -> None:
    """An answer is not a cell: its figures are not drawn when the request ends.

    After every execution, pyplot draws the stale figures and the inline
    backend renders and closes them (about 0.2 s a figure).  A figure a call
    returns must stay open and undrawn for the test that inspects it.
    """
    if "matplotlib.pyplot" not in sys.modules:
        return
    from matplotlib._pylab_helpers import Gcf

    for manager in Gcf.get_all_fig_managers():
        manager.canvas.figure.stale = False
    inline = sys.modules.get("matplotlib_inline.backend_inline")
    if inline is not None:
        inline.show._draw_called = False


def install(shell: Any, exercises: Iterable[str] = ()) -> Server:
    """Make the student's kernel answer requests sent as ``__bfs_serve__(text)``.

    ``__bfs_given__(source)`` runs a locked cell's code for the helpers.
    """
    server = Server(
        shell.user_ns,
        ask=lambda text: builtins.input(CALLBACK_MARK + text),
        shell=shell,
        exercises=exercises,
    )

    def serve(text: str) -> None:
        answer = server.answer(text)
        _leave_figures_undrawn()
        # On the stdin channel, like a callback's request: no output on IOPub can
        # delay or hide it.  The grading process acknowledges it with "".
        builtins.input(ANSWER_MARK + answer)

    shell.user_ns[SERVE_NAME] = serve
    shell.user_ns_hidden[SERVE_NAME] = serve
    shell.user_ns[GIVEN_NAME] = server.run_given
    shell.user_ns_hidden[GIVEN_NAME] = server.run_given
    server.mark_seen()
    return server
