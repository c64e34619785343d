"""Redis and PostgreSQL for the queue's tests and benchmark, started here, stopped here.

Each server listens on 127.0.0.1 only, on a free port, with its files in a
temporary folder of its own, and is stopped (and its folder removed) by
``stop()``.  Redis keeps an append-only file, synced on every write, as the
grading queue needs (``docs/scaling.md``), so a restart keeps its data.
PostgreSQL refuses to run as root: as root, its files belong to Debian's
``postgres`` user and its programs run as that user.

Debian's packages provide both (``redis-server``, ``postgresql``); ``make test``
installs them when missing and it runs as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

INSTALL = "sudo apt-get install redis-server postgresql (`make test` does it when run as root)"


class ServiceMissing(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen | None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@dataclass
class Redis:
    """A redis-server of our own; ``url`` is ``redis://127.0.0.1:PORT/0``."""

    folder: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        server = shutil.which("redis-server")
        if server is None:
            raise ServiceMissing(f"the queue's tests need Redis: {INSTALL}")
        args = [server, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        args += ["--appendonly", "yes", "--appendfsync", "always", "--save", ""]
        args += ["--maxmemory-policy", "noeviction", "--protected-mode", "yes"]
        log = open(self.folder / "redis.log", "ab")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        _wait_for_port(self.port, self.proc)
        return self

    def restart(self, down_for: float = 0.0) -> None:
        """Stop (as a crash would not: SIGTERM, so the server syncs) and start again."""
        self._stop_process()
        time.sleep(down_for)
        self.start()

    def _stop_process(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        self._stop_process()
        shutil.rmtree(self.folder, ignore_errors=True)


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        on_path = shutil.which("initdb")
        if on_path is None:
            raise ServiceMissing(f"the queue's tests need PostgreSQL: {INSTALL}")
        return Path(on_path).resolve().parent
    return Path(found[-1]).parent


@dataclass
class Postgres:
    """A PostgreSQL cluster of our own, trusting local connections (for tests only)."""

    folder: Path
    port: int = field(default_factory=free_port)
    database: str = "course"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(_postgres_bin() / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=check)

    def start(self) -> Postgres:
        data = self.folder / "data"
        if not data.exists():
            if os.geteuid() == 0:
                try:
                    owner = pwd.getpwnam("postgres")
                except KeyError as exc:
                    raise ServiceMissing(f"no postgres user: {INSTALL}") from exc
                os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        # Durable as in production (a commit survives the server's crash): the tests
        # stop it the hard way and expect every recorded grade to be there.
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        self._run("pg_ctl", "-D", str(data), "-l", str(self.folder / "log"), "-o", options, "start")
        _wait_for_port(self.port, None)
        return self

    def create_database(self) -> None:
        self._run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", self.database
        )

    def stop_server(self) -> None:
        """Stop the server now, as a crash would (connections are cut); its data stays."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop", check=False)

    def stop(self) -> None:
        self.stop_server()
        shutil.rmtree(self.folder, ignore_errors=True)


def new_folder(prefix: str) -> Path:
    """A private temporary folder that Debian's postgres user can enter (for PostgreSQL)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o700)
    return folder
