"""Derive every generated notebook tree from ``source/``.

``source/<lesson>/<lesson>.ipynb`` is the only hand-edited notebook.  From it:

- ``release/<lesson>/<lesson>.ipynb``: the student edition, made by nbgrader's
  own ``generate_assignment`` (solutions replaced by stubs, hidden tests
  removed, cells locked, checksums recorded);
- ``solutions/<lesson>/<lesson>.ipynb``: the answer key, the source with the
  nbgrader delimiter lines removed, executed by ``pytest --nbval-lax``;
- ``notebooks/<lesson>/<lesson>.ipynb``: the student's working copy, seeded
  from ``release/`` and never overwritten.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from pathlib import Path

import nbformat

from ..lab.course import lessons, notebook_path, path_with_venv, seed_notebooks

__all__ = [
    "lessons",
    "notebook_path",
    "path_with_venv",
    "seed_notebooks",
]  # the course's layout, re-exported

DELIMITERS = (
    "### BEGIN SOLUTION",
    "### END SOLUTION",
    "### BEGIN HIDDEN TESTS",
    "### END HIDDEN TESTS",
)
DERIVED_TREES = ("release", "solutions")


def strip_delimiters(source: str) -> str:
    """Source text without nbgrader's solution and hidden-test delimiter lines."""
    lines = source.splitlines()
    kept = [line for line in lines if line.strip() not in DELIMITERS]
    return "\n".join(kept)


def solution_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The answer key: ``nb`` with delimiter lines removed, outputs cleared."""
    out = nbformat.from_dict(nb)
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.source = strip_delimiters(cell.source)
            cell.outputs = []
            cell.execution_count = None
    return out


def generate_student_editions(root: Path, out: Path, only: list[str] | None = None) -> None:
    """Run ``nbgrader generate_assignment`` on ``source/`` into ``out/<lesson>/``."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="bfs-generate-") as tmp:
        course = Path(tmp)
        shutil.copytree(root / "source", course / "source")
        config = Config()
        config.CourseDirectory.root = str(course)
        config.CourseDirectory.db_url = f"sqlite:///{course / 'gradebook.db'}"
        config.ClearSolutions.code_stub = {
            "python": "# YOUR CODE HERE\nraise NotImplementedError()"
        }
        old_path = os.environ.get("PATH", "")
        os.environ["PATH"] = path_with_venv()
        try:
            api = NbGraderAPI(config=config)
            for lesson in only or lessons(root):
                result = api.generate_assignment(lesson, force=True, create=True)
                if not result["success"]:
                    raise RuntimeError(f"nbgrader could not generate {lesson}:\n{result['log']}")
                target = out / lesson
                if target.exists():
                    shutil.rmtree(target)
                shutil.copytree(course / "release" / lesson, target)
        finally:
            os.environ["PATH"] = old_path


def build_derived(root: Path, out_root: Path) -> None:
    """Write ``release/`` and ``solutions/`` notebooks for every lesson under ``out_root``."""
    generate_student_editions(root, out_root / "release")
    for lesson in lessons(root):
        nb = nbformat.read(notebook_path(root, "source", lesson), as_version=4)
        target = notebook_path(out_root, "solutions", lesson)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(solution_notebook(nb), target)


def _notebook_files(tree: Path) -> set[str]:
    if not tree.exists():
        return set()
    return {
        str(p.relative_to(tree))
        for p in tree.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    }


def _differences(root: Path, fresh: Path) -> list[tuple[str, str]]:
    """(kind, tree/relative path) for each derived notebook where ``root`` differs from ``fresh``.

    kind is ``"missing"`` (only in fresh), ``"orphan"`` (only in root) or ``"changed"``.
    """
    found = []
    for tree in DERIVED_TREES:
        want, have = _notebook_files(fresh / tree), _notebook_files(root / tree)
        found += [("missing", f"{tree}/{rel}") for rel in sorted(want - have)]
        found += [("orphan", f"{tree}/{rel}") for rel in sorted(have - want)]
        found += [
            ("changed", f"{tree}/{rel}")
            for rel in sorted(want & have)
            if not filecmp.cmp(fresh / tree / rel, root / tree / rel, shallow=False)
        ]
    return found


def drift(root: Path) -> list[str]:
    """Differences between the committed derived notebooks and what ``source/`` gives today."""
    says = {
        "missing": "is missing",
        "orphan": "has no source notebook",
        "changed": "differs from what source/ generates",
    }
    with tempfile.TemporaryDirectory(prefix="bfs-drift-") as tmp:
        build_derived(root, Path(tmp))
        return [f"{rel} {says[kind]}" for kind, rel in _differences(root, Path(tmp))]


def update_derived(root: Path) -> list[str]:
    """Regenerate ``release/`` and ``solutions/`` in place; returns what changed."""
    changed = []
    with tempfile.TemporaryDirectory(prefix="bfs-release-") as tmp:
        fresh = Path(tmp)
        build_derived(root, fresh)
        for kind, rel in _differences(root, fresh):
            if kind == "orphan":
                (root / rel).unlink()
                changed.append(f"removed {rel}")
            else:
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(fresh / rel, root / rel)
                changed.append(f"wrote {rel}")
    return changed
