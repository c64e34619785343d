"""How far a class's grading has come: counts and an estimate of the time left.

Every finished submission is one line, ``[12/40] ada: 17/17 ok (3.1 s), ETA 1 min
20 s``, printed as it is recorded, so a log file (or CI) gets plain lines.  On a
terminal a bar stays on the last line below them, redrawn in place::

    [########............]  12/40 graded, 1 failed, 2 in progress, 37 s, ETA 1 min 20 s

The estimate is the mean time per recorded submission so far times those left.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 20


def duration(seconds: float) -> str:
    """``seconds`` for a person: ``42 s``, ``3 min 5 s``, ``2 h 10 min``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


class Progress:
    """Counts of a grading run of ``total`` submissions, shown on ``stream``.

    ``tty`` (default: whether ``stream`` is a terminal) chooses the redrawn bar;
    ``clock`` is injectable for tests.
    """

    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = sys.stdout if stream is None else stream
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)()) if tty is None else tty
        self.clock = clock
        self.started_at = clock()
        self.recorded = 0
        self.failed = 0
        self.running: set[str] = set()
        self._bar_shown = False

    def eta(self) -> float | None:
        """Seconds left at the mean pace so far; None before the first result."""
        if not self.recorded:
            return None
        pace = (self.clock() - self.started_at) / self.recorded
        return pace * max(0, self.total - self.recorded)

    def started(self, name: str) -> None:
        """A worker began grading ``name``."""
        self.running.add(name)
        self._redraw()

    def done(self, name: str, outcome: str, failed: bool = False) -> None:
        """``name``'s submission was recorded: print ``[n/total] name: outcome, ETA ...``."""
        self.recorded += 1
        self.failed += int(failed)
        self.running.discard(name)
        eta = self.eta()
        tail = f", ETA {duration(eta)}" if eta is not None and self.recorded < self.total else ""
        self._print(f"[{self.recorded}/{self.total}] {name}: {outcome}{tail}")

    def note(self, message: str) -> None:
        """Something the instructor should see now (a retry, a lost worker)."""
        self._print(message)

    def bar(self) -> str:
        """The terminal's status line."""
        filled = BAR_WIDTH * self.recorded // self.total if self.total else BAR_WIDTH
        parts = [f"{self.recorded}/{self.total} graded"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.running:
            parts.append(f"{len(self.running)} in progress")
        parts.append(duration(self.clock() - self.started_at))
        eta = self.eta()
        if eta is not None and self.recorded < self.total:
            parts.append(f"ETA {duration(eta)}")
        return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}]  " + ", ".join(parts)

    def close(self) -> None:
        """Leave the terminal's last line to whatever is printed next."""
        if self._bar_shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._bar_shown = False

    def _print(self, line: str) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K")
        self.stream.write(line + "\n")
        self._bar_shown = False
        self._redraw()

    def _redraw(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K" + self.bar())
            self._bar_shown = True
        self.stream.flush()
