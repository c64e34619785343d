"""Undo and flag a submission's tampering with what the tests rely on.

Student code runs in the same kernel as the tests, before them.  Importing
this package installs a Python audit hook (Python offers no way to remove
one) that runs at the start of every notebook cell, when IPython's
``run_code`` calls ``exec``.  At the first cell after the set-up cell (which
binds ``ag``), before any student code, it records the state the tests
depend on:

- the functions of ``numpy``, ``numpy.linalg``, ``numpy.random``,
  ``numpy.testing``, of this package's modules, and Python's builtins;
- the ``sys.modules`` entries of those modules and the notebook names
  ``np`` and ``ag``;
- IPython's exception and display machinery (``custom_exceptions``, the
  traceback and display hooks, ``ExecutionResult``), whose patching would
  silence a failing test or fake its result.

At every later cell start, anything changed is put back before the cell's
first line runs, so a test cell always runs with the real NumPy, the real
checks, and an exception hook that reports its failures: that is how a test
cell proves it ran to the end.  Each change is logged; checks and suites
consult the log, and once tampering is seen every later check fails with a
message naming what was changed, so gaming earns nothing and is flagged.

Limits: a change made by student code called *during* a test cell is undone
at the next cell; a submission that replaces the kernel's own request
handling can only be stopped by running student code in another process.
"""

from __future__ import annotations

import builtins
import sys
import types

_MISSING = object()

# Builtins that IPython/ipykernel legitimately swap around each execution.
_VOLATILE_BUILTINS = frozenset({"input", "raw_input", "getpass", "_", "__", "___"})

# Methods a submission could override on the shell instance.
_SHELL_METHODS = (
    "showtraceback",
    "_showtraceback",
    "showsyntaxerror",
    "run_cell",
    "run_cell_async",
    "run_ast_nodes",
    "run_code",
    "set_custom_exc",
)
# Values on the shell whose replacement would hide errors or fake results.
# (display_pub is left out: IPython swaps it to capture output; it carries no results.)
_SHELL_VALUES = ("custom_exceptions", "CustomTB", "displayhook")


class _WatchedDict:
    """A mapping (module dict or class attributes) and its saved contents."""

    def __init__(self, label: str, owner, volatile=frozenset()) -> None:
        self.label, self.owner, self.volatile = label, owner, volatile
        self.saved = dict(self._items())

    def _items(self) -> dict:
        return vars(self.owner)

    def _set(self, key, value) -> None:
        if isinstance(self.owner, type):
            setattr(self.owner, key, value)
        else:
            vars(self.owner)[key] = value

    def _delete(self, key) -> None:
        if isinstance(self.owner, type):
            delattr(self.owner, key)
        else:
            del vars(self.owner)[key]

    def restore(self) -> list[str]:
        changed = []
        current = self._items()
        for key in [k for k in current if k not in self.saved and k not in self.volatile]:
            if isinstance(current[key], types.ModuleType):
                continue  # a submodule imported later (numpy loads some lazily)
            changed.append(f"{self.label}.{key} added")
            self._delete(key)
        for key, value in self.saved.items():
            if key not in self.volatile and current.get(key, _MISSING) is not value:
                changed.append(f"{self.label}.{key} replaced")
                self._set(key, value)
        return changed


class _Guard:
    """What the tests rely on, saved at the first cell and restored at every cell."""

    def __init__(self, shell) -> None:
        import numpy
        import numpy.linalg
        import numpy.random
        import numpy.testing
        from IPython.core.interactiveshell import ExecutionResult

        import autograder
        from autograder import checks, suite

        self.shell = shell
        modules = [numpy, numpy.linalg, numpy.random, numpy.testing, autograder, checks, suite]
        self.watched = [_WatchedDict(m.__name__, m) for m in modules]
        self.watched.append(_WatchedDict("builtins", builtins, _VOLATILE_BUILTINS))
        ours = ("IPython", "ipykernel")
        classes = [*type(shell).__mro__, ExecutionResult, *type(shell.displayhook).__mro__]
        classes = [cls for cls in classes if cls.__module__.startswith(ours)]
        for module in (checks, suite):  # the checks' own classes (Suite, CheckFailure)
            classes += [v for v in vars(module).values() if isinstance(v, type)]
        for cls in dict.fromkeys(classes):
            self.watched.append(_WatchedDict(cls.__qualname__, cls))
        self.modules = {m.__name__: m for m in modules}
        self.names = {"np": numpy, "ag": autograder}
        self.values = {name: getattr(shell, name) for name in _SHELL_VALUES}
        self.methods = {name: vars(shell).get(name, _MISSING) for name in _SHELL_METHODS}
        self.sys_hooks = {"displayhook": sys.displayhook}

    def restore(self) -> list[str]:
        changed = []
        for watched in self.watched:
            changed += watched.restore()
        for name, module in self.modules.items():
            if sys.modules.get(name) is not module:
                changed.append(f"sys.modules[{name!r}] replaced")
                sys.modules[name] = module
        user_ns = self.shell.user_ns
        for name, module in self.names.items():
            if name in user_ns and user_ns[name] is not module:
                changed.append(f"the notebook name {name!r} rebound")
                user_ns[name] = module
        shell_dict = vars(self.shell)
        for name, saved in self.methods.items():
            if shell_dict.get(name, _MISSING) is not saved:
                changed.append(f"shell.{name} overridden")
                if saved is _MISSING:
                    del shell_dict[name]
                else:
                    shell_dict[name] = saved
        for name, value in self.values.items():
            if getattr(self.shell, name) is not value:
                changed.append(f"shell.{name} replaced")
                setattr(self.shell, name, value)
        for name, value in self.sys_hooks.items():
            if getattr(sys, name) is not value:
                changed.append(f"sys.{name} replaced")
                setattr(sys, name, value)
        return changed


def _install():
    log: list[str] = []
    state: dict[str, object] = {}
    _getframe, _tuple = sys._getframe, tuple

    def run_code_code():
        """IPython's ``run_code`` code object, once IPython is fully imported."""
        if "code" not in state:
            module = sys.modules.get("IPython.core.interactiveshell")
            shell_class = getattr(module, "InteractiveShell", None)
            if shell_class is None:
                return None
            state["code"] = shell_class.run_code.__code__
        return state["code"]

    def check_now() -> list[str]:
        """Restore what changed since the set-up cell; log and return it."""
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None:
            return []
        guard = state.get("guard")
        if guard is None or guard.shell is not shell:
            # Arm once the set-up cell has run (it binds `ag`), before any student cell.
            if shell.user_ns.get("ag") is sys.modules.get("autograder"):
                state["guard"] = _Guard(shell)
            return []
        changed = guard.restore()
        log.extend(changed)
        return changed

    def hook(event: str, args: tuple) -> None:
        if event == "exec":
            code = run_code_code()
            if code is not None and _getframe(1).f_code is code:
                check_now()

    sys.addaudithook(hook)

    def tampering() -> tuple[str, ...]:
        return _tuple(log)

    return tampering, check_now


tampering, check_now = _install()
"""``tampering()``: every change found so far; ``check_now()``: look (and restore) now."""


def report() -> str | None:
    """The failure message for a check once the submission has tampered, else None."""
    found = tampering()
    if not found:
        return None
    shown = ", ".join(dict.fromkeys(found))
    if len(shown) > 300:
        shown = shown[:297] + "..."
    return (
        "TAMPERING: the submission changed what the tests rely on "
        f"({shown}). It was undone, and checks after it earn no points."
    )
