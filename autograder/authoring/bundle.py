"""The course as an instructor hands it to students: ``make student-bundle``.

A graded class cannot give students this repository: ``source/`` holds every
hidden test and ``solutions/`` the answer key.  The bundle holds what a
student needs and nothing else:

- ``release/``: the student editions (``notebooks/`` is seeded from it);
- ``autograder/`` with only ``__init__.py``, ``__main__.py``, ``kernel/`` (the
  ``ag`` library the lessons import) and ``lab/`` (``make lab``, the self-check);
- ``jupyter/student/`` and ``jupyter/lab-settings.json``: the student lab's
  settings; a student ``nbgrader_config.py`` for the Validate button;
- the pinned ``requirements.txt``, a ``pyproject.toml`` that installs the two
  parts, a ``Makefile`` and a ``README.md`` with the two commands.

It is written as ``dist/backprop-from-scratch-student.tar.gz`` (and the same
tree unpacked beside it, for a look).
"""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

from ..lab.course import lessons

NAME = "backprop-from-scratch-student"
PACKAGE_PARTS = ("__init__.py", "__main__.py", "kernel", "lab")
GIVES_EARLIER_ANSWERS = {
    "05_xor_training": ("04_two_layer_mlp",),
    "07_autograd_engine": ("01_chain_rule", "04_two_layer_mlp"),
    "09_array_autograd": ("04_two_layer_mlp", "07_autograd_engine", "08_digits_classifier"),
    "10_normalization_dropout": ("06_vanishing_gradients", "08_digits_classifier"),
    "11_convolution": ("08_digits_classifier",),
}
"""Lessons whose student edition gives an earlier lesson's answers as locked helpers.

Lesson 05 trains lesson 04's network, given in a locked cell; lesson 07 checks its
engine against lesson 01's ``reverse_mode`` and lesson 04's network; lesson 09 checks its
engine against lessons 04 and 08 and trains lesson 08's network; lesson 10 builds lesson
06's deep network from lesson 08's layers; lesson 11 trains its CNN with lesson 08's layers,
optimiser and training loop. A class should
get lesson 05 after lesson 04's deadline, in a bundle built with only the
lessons released so far (``make student-bundle LESSONS="01_chain_rule ..."``).
"""

PYPROJECT = """[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "backprop-from-scratch-student"
version = "0.1.0"
description = "Backprop from Scratch, the student's copy: lessons and their checks"
requires-python = ">=3.11"
dependencies = ["numpy>=2", "nbformat>=5.9"]

[tool.setuptools]
packages = ["autograder", "autograder.kernel", "autograder.lab"]
"""

NBGRADER_CONFIG = '''"""nbgrader settings of a student's copy of the course: the Validate button."""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "backprop-from-scratch"
c.Execute.timeout = 120
# A kernel client that waits in short slices, so a missed wake-up cannot
# stall Validate for the whole cell timeout (autograder/lab/kernel_client.py).
c.AsyncKernelManager.client_class = "autograder.lab.kernel_client.PromptKernelClient"

# Validate reports a failing test by its exercise and verdict, not its source.
import autograder.lab.validation  # noqa: E402

autograder.lab.validation.install()
'''

MAKEFILE = """# Backprop from Scratch, the student's copy: `make install`, then `make lab`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
BIN := .venv/bin
STAMP := .venv/.installed

.PHONY: install lab check

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
\t$(PYTHON) -m venv .venv
\t$(BIN)/python -m pip install --quiet --upgrade pip
\t$(BIN)/python -m pip install --quiet --no-deps -r requirements.txt
\t$(BIN)/python -m pip install --quiet --no-deps .
\ttouch $@

lab: $(STAMP)
\t$(BIN)/python -m autograder seed
\t$(BIN)/python -m autograder.lab.labs student $(LAB_ARGS)

check: $(STAMP)
\t$(BIN)/python -m autograder check $(LESSONS)
"""

README = """# Backprop from Scratch

A Jupyter course that teaches backpropagation with NumPy: in each lesson you
write a function, run the test under it, and get a message that names your
bug.

You need Python 3.11 and `make`.

```bash
make install   # once: a .venv/ with the course's pinned packages
make lab       # copy new lessons into notebooks/ and open JupyterLab there
```

Work in `notebooks/`: `make lab` never overwrites a lesson you have started.
Fill each `# YOUR CODE HERE` cell and run the test cell below it. Run All
always reaches the end of a lesson: an unfinished exercise's test says so
and the notebook goes on. Cells that mention hidden tests run more tests
when your work is graded.

To check your work: the **Validate** button in the notebook's toolbar, or
`make check` (every lesson) and `make check LESSONS=04_two_layer_mlp`, which
print one line per exercise: done, failing with the likely bug, or not
started.

Lessons:

{lessons}
"""


def bundle_files(root: Path, only: list[str] | None = None) -> dict[str, bytes]:
    """Every file of the bundle of ``only`` (default: every lesson): archive path -> bytes."""
    files: dict[str, bytes] = {}

    def add_tree(src: Path, dest: str) -> None:
        for path in sorted(src.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[f"{dest}/{path.relative_to(src).as_posix()}"] = path.read_bytes()

    ids = lessons(root, "release")
    unknown = sorted(set(only or ()) - set(ids))
    if unknown:
        raise ValueError(f"no such lesson in release/: {', '.join(unknown)}")
    ids = [lesson for lesson in ids if not only or lesson in only]
    for lesson in ids:
        add_tree(root / "release" / lesson, f"release/{lesson}")
    package = root / "autograder"
    for part in PACKAGE_PARTS:
        if (package / part).is_dir():
            add_tree(package / part, f"autograder/{part}")
        else:
            files[f"autograder/{part}"] = (package / part).read_bytes()
    add_tree(root / "jupyter" / "student", "jupyter/student")
    files["jupyter/lab-settings.json"] = (root / "jupyter" / "lab-settings.json").read_bytes()
    files["requirements.txt"] = (root / "requirements.txt").read_bytes()
    files["pyproject.toml"] = PYPROJECT.encode()
    files["nbgrader_config.py"] = NBGRADER_CONFIG.encode()
    files["Makefile"] = MAKEFILE.encode()
    listed = "\n".join(f"- `{lesson}`" for lesson in ids)
    files["README.md"] = README.format(lessons=listed).encode()
    files["notebooks/README.md"] = b"Your working copies of the lessons (`make lab` seeds them).\n"
    return files


def write_bundle(root: Path, dist: Path | None = None, only: list[str] | None = None) -> Path:
    """Write ``dist/NAME.tar.gz`` (and ``dist/NAME/``) of ``only``; return the archive's path."""
    dist = dist or root / "dist"
    tree = dist / NAME
    if tree.exists():
        shutil.rmtree(tree)
    files = bundle_files(root, only)
    archive = dist / f"{NAME}.tar.gz"
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(f"{NAME}/{name}")
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 0  # the same sources give the same archive
            tar.addfile(info, io.BytesIO(data))
            target = tree / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return archive
