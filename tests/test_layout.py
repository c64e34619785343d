"""The package's layout: who runs what, and no import circles.

``autograder/`` has four parts (see ``docs/architecture.md``):

- ``kernel/``: runs inside Jupyter kernels (the ``ag`` library);
- ``lab/``: the student's tools outside the kernel;
- ``grading/``: the instructor's grading pipeline;
- ``authoring/``: the authors' tools.

The kernel-side part imports nothing from the other three, the student's part
nothing from the instructor's two, and no module imports another in a circle.
The graph is read from the source (every ``import`` statement, also those
inside functions), so a lazy import cannot hide an edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "autograder"
PARTS = ("kernel", "lab", "grading", "authoring")
MAY_IMPORT = {
    "kernel": {"kernel"},
    "lab": {"kernel", "lab"},
    "grading": {"kernel", "lab", "grading"},
    "authoring": {"kernel", "lab", "grading", "authoring"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The modules of ``autograder`` that module ``name`` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from pkg import mod` imports the module pkg.mod where there is one.
            targets = [f"{module}.{alias.name}" for alias in node.names]
            targets = [t if t in MODULES else module for t in targets]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def part_of(name: str) -> str | None:
    """The part a module belongs to; the package itself (``ag``) is the kernel-side library."""
    if name == "autograder":
        return "kernel"
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in PARTS else None


def test_every_module_is_in_a_part():
    loose = [n for n in MODULES if part_of(n) is None]
    assert loose == ["autograder.__main__"], loose


@pytest.mark.parametrize("part", PARTS)
def test_a_part_imports_only_what_it_may(part):
    wrong = {
        (name, target)
        for name, targets in GRAPH.items()
        if part_of(name) == part
        for target in targets
        if part_of(target) not in MAY_IMPORT[part]
    }
    assert not wrong, f"{part}/ imports outside {sorted(MAY_IMPORT[part])}: {sorted(wrong)}"


def test_the_ag_namespace_is_the_kernel_side_library():
    """``import autograder as ag`` (every kernel) loads nothing of the other parts."""
    assert GRAPH["autograder"] and all(
        t.startswith("autograder.kernel.") for t in GRAPH["autograder"]
    )


def test_no_import_circles():
    """Tarjan's strongly connected components of the import graph are all single modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(GRAPH[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert circles == [], f"modules that import each other in a circle: {circles}"


def test_the_graph_sees_lazy_imports():
    """The reader of the graph is itself tested: ``__main__`` imports lazily."""
    assert "autograder.lab.course" in GRAPH["autograder.__main__"]
    assert "autograder.lab.kernel_client" in GRAPH["autograder.grading.sandbox"]
    assert "autograder.kernel.grader_side" in GRAPH["autograder.authoring.quickgrade"]
