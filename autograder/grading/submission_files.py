"""Copy a student's submission folder without trusting what is in it.

A submission folder is written by the student (through the exchange, a zip
file or a learning platform), and grading copies it with the grader's
privileges.  nbgrader's own copy (``BaseConverter.init_assignment``) uses
``shutil.copy``: it follows symbolic links (a ``notes.txt`` linking to the
course's ``source/`` notebook or ``gradebook.db`` is copied, as the grader,
next to the graded notebook and then into the kernel's working folder), reads
devices and FIFOs (``/dev/zero`` fills the disk, a FIFO blocks grading
forever), and a symlink loop or a dangling link fails the submission.

:func:`copy_submission` copies only regular files and real directories. It
never follows a link: every folder is opened relative to its parent with
``O_NOFOLLOW``, every file is opened with ``O_NOFOLLOW | O_NONBLOCK`` and
checked with ``fstat`` before a byte is read.  Totals are bounded (files,
bytes, depth); whatever is left out is logged, one line each, and nothing
about a single submission raises.

:class:`SafeAutograde` is nbgrader's ``Autograde`` converter with that copy,
and it refuses to grade a notebook that is a link or a special file (a
``lesson.ipynb`` linking to the instructor's source would otherwise be graded
as the student's).  nbgrader creates its converter by name in two places
(``nbgrader autograde`` and ``NbGraderAPI``, which the formgrader and
``python -m autograder grade`` use), and neither name is configurable, so
:func:`install`, called from the course's ``nbgrader_config.py``, points both
at this class.  Every nbgrader entry point loads that file before grading.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import stat
from dataclasses import dataclass, field

from nbgrader.converters import Autograde, BaseConverter, NbGraderException
from traitlets import Int

MAX_BYTES = 100 * 1024 * 1024
"""Total size copied from one submission folder."""
MAX_FILES = 1000
"""Files and folders copied from one submission folder."""
MAX_DEPTH = 16
"""Folder nesting copied from one submission folder."""
MAX_TIMESTAMP_BYTES = 1024

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_CHUNK = 1024 * 1024

_log = logging.getLogger(__name__)


@dataclass
class CopyReport:
    """What :func:`copy_submission` copied and what it left out (and why)."""

    copied: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    total_bytes: int = 0

    def lines(self) -> list[str]:
        return [f"not copied: {path}: {why}" for path, why in self.skipped]


def kind_of(mode: int) -> str:
    """A readable name for a file type that is not copied."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


class _Copier:
    def __init__(self, exclude, max_bytes: int, max_files: int, max_depth: int, log) -> None:
        self.exclude = list(exclude)
        self.max_bytes, self.max_files, self.max_depth = max_bytes, max_files, max_depth
        self.log = log
        self.report = CopyReport()
        self.entries = 0

    def skip(self, rel: str, why: str) -> None:
        self.report.skipped.append((rel, why))
        self.log.warning("Submission file %s not copied: %s", rel, why)

    def copy_dir(self, src_fd: int, dst: str, rel: str, depth: int) -> None:
        names = []
        with os.scandir(src_fd) as it:
            for entry in it:
                # Enough to notice a flood without reading a million names first.
                if len(names) > 10 * self.max_files:
                    self.skip(rel or ".", f"more than {10 * self.max_files} entries; rest ignored")
                    break
                names.append(entry.name)
        for name in sorted(names):
            child = f"{rel}/{name}" if rel else name
            if any(fnmatch.fnmatch(name, pattern) for pattern in self.exclude):
                continue
            try:
                self.copy_entry(src_fd, name, dst, child, depth)
            except OSError as exc:
                self.skip(child, f"{exc.strerror or exc}")

    def copy_entry(self, src_fd: int, name: str, dst: str, rel: str, depth: int) -> None:
        st = os.stat(name, dir_fd=src_fd, follow_symlinks=False)
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
            self.skip(rel, f"{kind_of(st.st_mode)}; links and special files are never followed")
            return
        if self.entries >= self.max_files:
            self.skip(rel, f"more than {self.max_files} files and folders")
            return
        target = os.path.join(dst, name)
        if stat.S_ISDIR(st.st_mode):
            if depth >= self.max_depth:
                self.skip(rel, f"folders nested deeper than {self.max_depth}")
                return
            fd = os.open(name, _DIR_FLAGS, dir_fd=src_fd)
            try:
                self.entries += 1
                os.makedirs(target, exist_ok=True)
                self.copy_dir(fd, target, rel, depth + 1)
            finally:
                os.close(fd)
            return
        if self.report.total_bytes + st.st_size > self.max_bytes:
            self.skip(rel, f"the submission's files exceed {self.max_bytes} bytes")
            return
        self.entries += 1
        self.copy_file(src_fd, name, st, target, rel)

    def copy_file(self, src_fd: int, name: str, st: os.stat_result, target: str, rel: str) -> None:
        fd = os.open(name, _FILE_FLAGS, dir_fd=src_fd)
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
                st.st_dev,
                st.st_ino,
            ):
                self.skip(rel, "changed while it was being copied")
                return
            budget = self.max_bytes - self.report.total_bytes
            if os.path.lexists(target):  # from an earlier run, maybe read-only: replace it
                if stat.S_ISDIR(os.lstat(target).st_mode):
                    self.skip(rel, "the destination is a folder")
                    return
                os.unlink(target)
            out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            written = 0
            try:
                while chunk := os.read(fd, min(_CHUNK, budget - written + 1)):
                    written += len(chunk)
                    if written > budget:
                        break
                    os.write(out, chunk)
                if written <= budget:
                    os.fchmod(out, (opened.st_mode & 0o755) | 0o600)
                    os.utime(out, ns=(opened.st_atime_ns, opened.st_mtime_ns))
            finally:
                os.close(out)
            if written > budget:
                os.unlink(target)
                self.skip(rel, f"the submission's files exceed {self.max_bytes} bytes")
                return
            self.report.total_bytes += written
            self.report.copied.append(rel)
        finally:
            os.close(fd)


def copy_submission(
    src: str | os.PathLike,
    dst: str | os.PathLike,
    *,
    exclude: list[str] | tuple[str, ...] = (),
    max_bytes: int = MAX_BYTES,
    max_files: int = MAX_FILES,
    max_depth: int = MAX_DEPTH,
    log: logging.Logger | logging.LoggerAdapter | None = None,
) -> CopyReport:
    """Copy the regular files and folders of ``src`` into ``dst`` (created if missing).

    Names matching an ``exclude`` glob are left out silently; links, devices,
    FIFOs, sockets, unreadable entries and anything past the limits are left
    out with a warning on ``log``.  Never raises for what ``src`` contains.
    """
    copier = _Copier(exclude, max_bytes, max_files, max_depth, log or _log)
    try:
        st = os.lstat(src)
        if not stat.S_ISDIR(st.st_mode):
            copier.skip(str(src), f"the submission folder is {kind_of(st.st_mode)}")
            return copier.report
        fd = os.open(src, _DIR_FLAGS)
    except OSError as exc:
        copier.skip(str(src), f"the submission folder cannot be read ({exc.strerror or exc})")
        return copier.report
    try:
        os.makedirs(dst, exist_ok=True)
        copier.copy_dir(fd, os.fspath(dst), "", 0)
    except OSError as exc:
        copier.skip(str(src), f"copy stopped ({exc.strerror or exc})")
    finally:
        os.close(fd)
    return copier.report


def unsafe_path(path: str, base: str | None = None) -> str | None:
    """Why ``path`` must not be read as a student's file, or ``None`` if it is a regular file.

    Every component below ``base`` (default: the file's folder) must be a real
    folder, not a link.
    """
    path = os.path.abspath(path)
    base = os.path.abspath(base) if base else os.path.dirname(path)
    if os.path.commonpath([path, base]) != base:
        base = os.path.dirname(path)
    parts = os.path.relpath(path, base).split(os.sep)
    current = base
    for i, part in enumerate(parts):
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except OSError as exc:
            return f"it cannot be read ({exc.strerror or exc})"
        last = i == len(parts) - 1
        if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) if last else stat.S_ISDIR(mode)):
            where = "it" if last else current
            return f"{where} is {kind_of(mode)}"
    return None


class SafeSubmissionCopy(BaseConverter):
    """``BaseConverter.init_assignment`` copying with :func:`copy_submission`."""

    max_submission_bytes = Int(
        MAX_BYTES, help="Bytes copied at most from one submission folder's extra files."
    ).tag(config=True)
    max_submission_files = Int(
        MAX_FILES, help="Files and folders copied at most from one submission folder."
    ).tag(config=True)

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        copy_submission(
            self._format_source(assignment_id, student_id),
            self._format_dest(assignment_id, student_id),
            exclude=[*self.coursedir.ignore, "*.ipynb"],
            max_bytes=self.max_submission_bytes,
            max_files=self.max_submission_files,
            log=self.log,
        )


class SafeAutograde(Autograde, SafeSubmissionCopy):
    """nbgrader's ``Autograde`` that never follows a student's links or reads special files.

    Its method resolution order puts :class:`SafeSubmissionCopy` between
    ``Autograde`` and ``BaseConverter``, so ``Autograde.init_assignment``'s
    call to its parent copies the submission's extra files safely.
    """

    def init_notebooks(self) -> None:
        super().init_notebooks()
        base = os.path.join(self.coursedir.root, self.coursedir.submitted_directory)
        for assignment, notebooks in self.assignments.items():
            kept = []
            for notebook in notebooks:
                why = unsafe_path(notebook, base)
                if why:
                    self.log.error("Not grading %s: %s.", notebook, why)
                else:
                    kept.append(notebook)
            self.assignments[assignment] = kept

    def init_destination(self, assignment_id: str, student_id: str) -> bool:
        # nbgrader opens and reads timestamp.txt whole: a FIFO there would block
        # every student's grading, a link to /dev/zero would fill the memory.
        timestamp = os.path.join(self._format_source(assignment_id, student_id), "timestamp.txt")
        if os.path.lexists(timestamp):
            why = unsafe_path(timestamp)
            if why is None and os.lstat(timestamp).st_size > MAX_TIMESTAMP_BYTES:
                why = f"it is larger than {MAX_TIMESTAMP_BYTES} bytes"
            if why:
                raise NbGraderException(f"Not grading {student_id}: {timestamp}: {why}.")
        return super().init_destination(assignment_id, student_id)

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        if not self.notebooks:
            raise NbGraderException(
                f"Not grading {student_id}: no notebook of the submission is a regular file "
                "(links and special files are never graded)."
            )
        super().init_assignment(assignment_id, student_id)


def install() -> None:
    """Make ``nbgrader autograde``, the formgrader and ``NbGraderAPI`` grade safely."""
    from nbgrader.apps import api, autogradeapp

    api.Autograde = SafeAutograde
    autogradeapp.Autograde = SafeAutograde
