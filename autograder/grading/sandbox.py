"""Run grading kernels inside a bubblewrap sandbox.

``nbgrader autograde`` (and the formgrader, and ``python -m autograder
grade``) start one Jupyter kernel per submission and run the student's code
in it.  With the course's ``nbgrader_config.py`` that kernel is started by
:class:`SandboxedKernelManager`, which wraps the kernel command in
`bubblewrap <https://github.com/containers/bubblewrap>`_:

- no network (``--unshare-net``); the kernel talks to nbgrader over Unix
  sockets (ZMQ's ``ipc`` transport) in :data:`IPC_DIR`, a tiny tmpfs of the
  sandbox's own, which the grading process reaches through
  ``/proc/<pid>/root`` (so nothing the kernel writes there lands on the
  grader's disk);
- the file system is an empty root with the system folders (``/usr``,
  ``/etc``, the libraries) and the Python installation bound read-only, and a
  fresh ``/tmp``: the course folder (``source/``, ``release/``,
  ``solutions/``, ``gradebook.db``, every ``submitted/``/``autograded/``
  notebook, the one being graded included), home folders and other kernels'
  connection files are simply not there;
- the working folder holds a copy of the lesson's data files only (read-only,
  regular files, never through a link); it lives in the sandbox's ``/tmp``;
- what the kernel can write is in memory and bounded: ``/tmp`` (with the
  working folder) and ``/dev/shm`` are size-limited tmpfs mounts, and no file
  may grow past ``file_size_mb``;
- its own PID namespace: every process the kernel starts dies with it
  (``--die-with-parent``, ``--unshare-pid``);
- an unprivileged user (one per grading job) with limits on memory
  (address space), CPU time, processes and file size;
- a minimal environment (``--clearenv``): ``PATH``, ``HOME``, the locale,
  matplotlib's and IPython's folders, and ``PYTHONPATH`` naming the grading
  process's own ``autograder`` package first; the grader's tokens and other
  variables are not passed on (also with ``AUTOGRADER_SANDBOX=off``).

If bubblewrap cannot start, grading stops with a message and the one-line
remedy; ``AUTOGRADER_SANDBOX=off`` opts out explicitly.
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zmq
import zmq.asyncio
from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import DottedObjectName, Enum, Int, List, Type, Unicode

from ..lab.kernel_client import PromptKernelClient

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
"""The ``autograder`` package folder of the grading process."""
_KERNEL_SIDE = [os.path.join(_PACKAGE_DIR, "__init__.py"), os.path.join(_PACKAGE_DIR, "kernel")]
"""What a grading kernel sees of that folder: the kernel-side library only."""
# What a kernel needs from the system; everything else stays outside.
_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
_SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")
REMEDY = "install it with `sudo apt-get install bubblewrap` (or set AUTOGRADER_SANDBOX=off)"
IPC_DIR = "/bfs-ipc"
"""The kernel's socket folder inside the sandbox: a tmpfs of :data:`IPC_SIZE` bytes."""
IPC_SIZE = 1024 * 1024
SANDBOX_START_S = 10.0
"""Longest wait for bubblewrap to start the sandbox's first process."""


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox here."""


def sandbox_enabled() -> bool:
    return os.environ.get("AUTOGRADER_SANDBOX", "on").lower() not in {"off", "0", "no"}


@functools.cache
def check_bubblewrap() -> str:
    """Path of a working ``bwrap``, or raise :class:`SandboxUnavailable`.

    Probed once per process, not once per kernel.
    """
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(f"The grading sandbox needs bubblewrap (bwrap): {REMEDY}.")
    probe = subprocess.run(
        [
            bwrap,
            "--ro-bind",
            "/",
            "/",
            "--dev",
            "/dev",
            "--proc",
            "/proc",
            "--unshare-net",
            "--unshare-pid",
            "--die-with-parent",
            "true",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        raise SandboxUnavailable(
            f"bubblewrap is installed but cannot create a sandbox ({probe.stderr.strip()}); "
            "grading needs user namespaces, or set AUTOGRADER_SANDBOX=off to grade unsandboxed."
        )
    return bwrap


def _existing(paths) -> list[str]:
    seen = []
    for p in paths:
        if p and os.path.exists(p):
            real = os.path.realpath(p)
            if real not in seen:
                seen.append(real)
    return seen


@functools.cache
def matplotlib_font_lists() -> tuple[Path, ...]:
    """matplotlib's cached font list(s), built here if missing (seconds in a kernel)."""
    try:
        import matplotlib
        from matplotlib import font_manager

        font_manager.fontManager  # noqa: B018 - builds the cache file if missing
        return tuple(Path(matplotlib.get_cachedir()).glob("fontlist-*.json"))
    except Exception:
        return ()


def _copy_font_cache(target: Path) -> None:
    """Give the kernel matplotlib's font list, which takes seconds to rebuild."""
    target.mkdir(exist_ok=True)
    for path in matplotlib_font_lists():
        shutil.copy(path, target / path.name)


def _parents(path: str) -> list[str]:
    """bwrap arguments creating ``path``'s missing parents, open to the sandbox's user.

    (bwrap would make them 0700.)
    """
    cmd = []
    for parent in reversed(Path(path).parents[:-1]):
        cmd += ["--perms", "0755", "--dir", str(parent)]
    return cmd


MAX_MESSAGE_BYTES = 80 * 1024 * 1024
"""Largest message a grading kernel may send to the grading process (a bigger one is
dropped and the kernel's connection reset): a call's answer is at most
:data:`autograder.kernel.wire.MAX_TEXT` characters, escaped once more inside the message."""


class BoundedKernelClient(PromptKernelClient):
    """A prompt kernel client whose sockets refuse messages over :data:`MAX_MESSAGE_BYTES`.

    A kernel's messages are parsed in the grading process; without a bound, a
    student's single enormous output or answer would be held there in full.
    """

    def _context_default(self) -> zmq.asyncio.Context:
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        return context


class SandboxedKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose kernel runs inside bubblewrap."""

    client_class = DottedObjectName("autograder.grading.sandbox.BoundedKernelClient")
    client_factory = Type(BoundedKernelClient)

    memory_limit_mb = Int(4096, help="Address-space limit of the kernel, in MiB.").tag(config=True)
    cpu_limit_s = Int(900, help="CPU-time limit of the kernel, in seconds.").tag(config=True)
    process_limit = Int(128, help="Processes and threads the kernel's user may run.").tag(
        config=True
    )
    data_patterns = Unicode(
        "*.csv *.npz *.npy *.json *.txt *.png",
        help="Files next to the notebook that the kernel may see (space-separated globs).",
    ).tag(config=True)

    uid_offset = Int(0, help="Added to the sandbox user's id (the grader's kernel uses 5000).")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._sandbox_dir = Path(tempfile.mkdtemp(prefix="bfs-kernel-"))
        self._sandbox_dir.chmod(0o711)
        # One unprivileged user per grading process; the grader's kernel gets another.
        self._uid = 60000 + os.getpid() % 5000 + self.uid_offset
        if sandbox_enabled():
            self._bwrap = check_bubblewrap()
            self.transport = "ipc"
            self.ip = f"{IPC_DIR}/kernel"  # as the kernel sees it; see _async_launch_kernel
            self.connection_file = str(self._sandbox_dir / "connection.json")

    tmp_size_mb = Int(
        512, help="Size of the kernel's /tmp, its working folder included (memory), in MiB."
    ).tag(config=True)
    shm_size_mb = Int(64, help="Size of the kernel's /dev/shm (memory), in MiB.").tag(config=True)
    file_size_mb = Int(256, help="Largest file the kernel may write, in MiB.").tag(config=True)
    env_passthrough = List(
        Unicode(),
        [
            "JPY_SESSION_NAME",
            "NBGRADER_EXECUTION",
            "NBGRADER_VALIDATING",
            "OMP_NUM_THREADS",
            "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS",
            "TZ",
        ],
        help="Variables the kernel inherits from the grader's environment, if set; "
        "the kernel spec's own `env` is kept too.  Everything else (tokens, "
        "credentials, the grader's PYTHONPATH) is not passed on.",
    ).tag(config=True)

    def _work_dir(self, cwd: str | None) -> Path:
        """A copy of the lesson's data files: the kernel's working folder.

        Only regular files are copied, never through a link.
        """
        work = self._sandbox_dir / "work"
        work.mkdir(exist_ok=True)
        if cwd:
            for pattern in self.data_patterns.split():
                for src in Path(cwd).glob(pattern):
                    if stat.S_ISREG(src.lstat().st_mode):
                        shutil.copyfile(src, work / src.name, follow_symlinks=False)
        _copy_font_cache(work / ".mpl")
        for path in [work, *work.rglob("*")]:
            os.chown(path, self._uid, self._uid, follow_symlinks=False)
        return work

    def kernel_env(self, home: str, env: dict[str, str] | None = None) -> dict[str, str]:
        """The kernel's whole environment: what a kernel needs, nothing of the grader's.

        ``PYTHONPATH`` puts the folder holding the grading process's own
        ``autograder`` package first, so the kernel imports exactly that copy
        (not, say, the one an editable install of another checkout points at).
        """
        env = os.environ if env is None else env
        kernel = {
            "PATH": os.pathsep.join([os.path.dirname(sys.executable), *_SYSTEM_PATH]),
            "HOME": home,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONPATH": os.path.dirname(_PACKAGE_DIR),
        }
        for name in self.env_passthrough:
            if name in env:
                kernel[name] = env[name]
        kernel.update(getattr(self.kernel_spec, "env", None) or {})
        return kernel

    def sandbox_command(
        self, kernel_cmd: list[str], cwd: str | None, env: dict[str, str] | None = None
    ) -> list[str]:
        """``kernel_cmd`` wrapped in bwrap, setpriv and prlimit.

        ``env`` is the environment the kernel would have inherited (default:
        this process's); the kernel gets :meth:`kernel_env` of it and nothing else.
        """
        work = self._work_dir(cwd)
        keep = _existing(
            [sys.base_prefix, sys.prefix] + [p for p in sys.path if p.endswith("site-packages")]
        )
        # An empty root with only the system folders: the course, other copies of
        # it, home folders, /work, /opt and /var are simply not there.  Of the
        # `autograder` package only the kernel-side part is there: an empty folder
        # in its place (over the real one where site-packages holds it) with
        # `__init__.py` and `kernel/` bound in.  For an editable install its parent
        # is the course folder, which stays out of sight.
        cmd = [self._bwrap, "--perms", "0755", "--tmpfs", "/"]
        for path in _SYSTEM_DIRS:
            if os.path.islink(path):
                cmd += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                cmd += ["--ro-bind", path, path]
        mib = 1024 * 1024
        # What the kernel can write lives in memory, within these sizes.
        cmd += ["--dev", "/dev", "--proc", "/proc"]
        cmd += ["--perms", "1777", "--size", str(self.shm_size_mb * mib), "--tmpfs", "/dev/shm"]
        cmd += ["--perms", "1777", "--size", str(self.tmp_size_mb * mib), "--tmpfs", "/tmp"]
        cmd += ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
        cmd += ["--die-with-parent", "--new-session"]
        for path in [*keep, self.connection_file]:
            cmd += _parents(path)
            cmd += ["--ro-bind", path, path]
        cmd += ["--perms", "1777", "--size", str(IPC_SIZE), "--tmpfs", IPC_DIR]
        cmd += [*_parents(_PACKAGE_DIR), "--perms", "0755", "--tmpfs", _PACKAGE_DIR]
        for path in _existing(_KERNEL_SIDE):
            cmd += ["--ro-bind", path, path]
        # The working folder is a folder of the sandbox's /tmp (a tmpfs of its own
        # elsewhere), with the data files and matplotlib's font list bound read-only.
        cmd += _parents(str(work))
        if Path(work).is_relative_to("/tmp"):
            cmd += ["--perms", "0777", "--dir", str(work)]
        else:
            cmd += ["--perms", "0777", "--size", str(self.tmp_size_mb * mib), "--tmpfs", str(work)]
        for path in sorted(work.rglob("*")):
            if path.is_dir():
                cmd += ["--perms", "0777", "--dir", str(path)]
            else:
                cmd += ["--ro-bind", str(path), str(path)]
        cmd += ["--chdir", str(work), "--clearenv"]
        kernel_env = self.kernel_env(str(work), env)
        kernel_env.update(MPLCONFIGDIR=str(work / ".mpl"), IPYTHONDIR=str(work / ".ipython"))
        kernel_env.update(USER="student", LOGNAME="student")  # the sandbox's user has no name
        for name, value in kernel_env.items():
            cmd += ["--setenv", name, value]
        cmd += ["--"]
        cmd += ["setpriv", f"--reuid={self._uid}", f"--regid={self._uid}", "--clear-groups"]
        cmd += [
            "prlimit",
            f"--as={self.memory_limit_mb * mib}",
            f"--cpu={self.cpu_limit_s}",
            f"--nproc={self.process_limit}",
            f"--fsize={self.file_size_mb * mib}",
            "--",
        ]
        # A grading kernel keeps no input history: nothing reads it, and writing it costs.
        return cmd + kernel_cmd + ["--HistoryManager.enabled=False"]

    async def _async_pre_start_kernel(self, **kw):
        if sandbox_enabled():
            # bwrap does not forward signals: interrupt through the control channel.
            self.kernel_spec.interrupt_mode = "message"
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        if sandbox_enabled():
            os.chmod(self.connection_file, 0o644)
            kernel_cmd = self.sandbox_command(kernel_cmd, kw.get("cwd"), kw.get("env"))
            # Without a parent PID the kernel prints a connection banner: keep it quiet.
            kw["stdout"] = subprocess.DEVNULL
        else:
            # Unsandboxed, the kernel still gets the minimal environment.
            home = os.environ.get("HOME") or str(self._sandbox_dir)
            kw["env"] = self.kernel_env(home, kw.get("env"))
        return kernel_cmd, kw

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        await super()._async_launch_kernel(kernel_cmd, **kw)
        if sandbox_enabled():
            # The sockets live in the sandbox's own tmpfs: reach them through the
            # root of its first process (bwrap's child, the namespace's pid 1).
            self.ip = f"/proc/{await self._sandbox_pid()}/root{IPC_DIR}/kernel"

    async def _sandbox_pid(self) -> int:
        """The host pid of bubblewrap's child, the first process inside the sandbox."""
        bwrap_pid = self.provisioner.pid
        children = Path(f"/proc/{bwrap_pid}/task/{bwrap_pid}/children")
        deadline = time.monotonic() + SANDBOX_START_S
        while time.monotonic() < deadline:
            try:
                pids = children.read_text().split()
            except OSError:
                pids = []
            if pids:
                return int(pids[0])
            if self.provisioner.process.poll() is not None:
                break
            await asyncio.sleep(0.005)
        raise SandboxUnavailable("bubblewrap did not start the grading kernel's sandbox")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._sandbox_dir, ignore_errors=True)


class SandboxedExecute(Execute):
    """nbgrader's ``Execute`` preprocessor, starting kernels in the sandbox.

    nbgrader passes ``kernel_manager_class`` to ``Execute`` explicitly, so the
    kernel manager cannot be chosen by configuration alone; the course's
    ``nbgrader_config.py`` puts this class in the autograde pipeline instead.

    Once the last cell has run the kernel is killed rather than asked to exit:
    its outputs are already collected, and a polite shutdown waited about 0.3 s
    per notebook for the kernel to exit.
    """

    shutdown_kernel = Enum(
        ["graceful", "immediate"],
        default_value="immediate",
        help="How to stop the kernel after the last cell.",
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)
