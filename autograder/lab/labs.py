"""The course's two JupyterLabs: ``python -m autograder.lab.labs student|instructor [ARGS]``.

``make lab`` and ``make instructor`` run this; the browser test starts its
servers with the same :func:`command` and :func:`environment`.

- **student** (``make lab``): JupyterLab on ``notebooks/``.  Of nbgrader's
  tools it keeps only the Validate button: the Formgrader, Course List,
  Assignment List, Create Assignment and the Nbgrader menu (instructor tools
  that do not work, or make no sense, in a student's copy) are switched off,
  lab and server side, by ``jupyter/student/`` put first on
  ``JUPYTER_CONFIG_PATH`` (``labconfig/page_config.json`` and
  ``jupyter_server_config.json``).
- **instructor** (``make instructor``): JupyterLab on the course root with
  every nbgrader tool; ``jupyter/instructor/`` on ``JUPYTER_CONFIG_PATH``
  sets the exchange to ``exchange/`` (created here), and the environment's
  ``bin/`` leads ``PATH`` (the formgrader runs ``alembic``).

Both run from the course root, where the Validate button reads the course's
``nbgrader_config.py``.  Both get the course's JupyterLab settings
(``jupyter/lab-settings.json``, written to the environment's
``share/jupyter/lab/settings/overrides.d/``): widget state is saved in the
notebook, so a reopened explorer shows its last view instead of "Error
displaying widget: model not found", and JupyterLab's news pop-up stays away.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .course import path_with_venv

ROLES = ("student", "instructor")
SETTINGS_NAME = "backprop-from-scratch.json"


def config_dir(root: Path, role: str) -> Path:
    return root / "jupyter" / role


def lab_settings_target(prefix: str | None = None) -> Path:
    """Where JupyterLab of this environment reads the course's default settings."""
    base = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    return base / "overrides.d" / SETTINGS_NAME


def install_lab_settings(root: Path, prefix: str | None = None) -> Path:
    """Copy ``jupyter/lab-settings.json`` into the environment (idempotent)."""
    source = root / "jupyter" / "lab-settings.json"
    target = lab_settings_target(prefix)
    if not target.is_file() or target.read_bytes() != source.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return target


def exchange_dir(root: Path) -> Path:
    return root / "exchange"


def prepare(root: Path, role: str) -> None:
    """What a lab needs on disk before it starts."""
    install_lab_settings(root)
    if role == "instructor":
        exchange_dir(root).mkdir(exist_ok=True)


def environment(root: Path, role: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's) with the role's config first and this Python's bin/."""
    env = dict(os.environ if base is None else base)
    paths = [str(config_dir(root, role))]
    if env.get("JUPYTER_CONFIG_PATH"):
        paths.append(env["JUPYTER_CONFIG_PATH"])
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    env["PATH"] = path_with_venv(env.get("PATH", ""))
    return env


def command(root: Path, role: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The JupyterLab command line of ``role``; run it with ``cwd=root``."""
    notebook_dir = root / "notebooks" if role == "student" else root
    cmd = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={notebook_dir}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(extra)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in ROLES:
        print(f"usage: python -m autograder.lab.labs {{{'|'.join(ROLES)}}} [JUPYTER LAB ARGS]")
        return 2
    role, extra = args[0], args[1:]
    root = Path.cwd().resolve()
    if not (root / "nbgrader_config.py").is_file():
        print("run this from the course root (the folder with nbgrader_config.py)")
        return 2
    prepare(root, role)
    cmd = command(root, role, extra)
    os.chdir(root)
    os.execve(cmd[0], cmd, environment(root, role))
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
