"""Cap the bytes of each cell's outputs in an autograded notebook.

nbgrader's ``LimitOutput`` counts lines: one 40 MB line (``print("x" *
40_000_000)``, a huge HTML table, an enormous image) passes it and makes a
40 MB autograded notebook, gradebook view and feedback page.
:class:`LimitOutputBytes`, right after ``LimitOutput`` in the course's
autograde pipeline, truncates each code cell's outputs to ``max_bytes`` in
total, with a note saying so.

It never changes the score a cell earns.  nbgrader scores a test cell from
its outputs: an ``error`` output or a ``stderr`` stream gives 0, and the first
``execute_result``'s ``text/plain`` is read as partial credit if it parses as
a number.  So no output is ever removed or reordered, output types and stream
names stay, an ``execute_result`` keeps its ``text/plain`` (replaced by the
number it parses as, if it does, and else truncated to text that still does
not parse), and the budget goes first to errors and results, then to streams
and display data in order; display data that does not fit (an image, HTML) is
replaced by a note.
"""

from __future__ import annotations

import json

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Int

KEEP_IN_ERRORS = 4096
"""Characters kept of an over-long error message or traceback line."""


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def _size(value) -> int:
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sum(_size(v) for v in value)
    return len(json.dumps(value, default=str).encode("utf-8"))


def output_size(output) -> int:
    """Bytes of one output's content (text, every mimetype, traceback)."""
    kind = output.get("output_type")
    if kind == "stream":
        return _size(output.get("text", ""))
    if kind == "error":
        return (
            _size(output.get("ename", ""))
            + _size(output.get("evalue", ""))
            + sum(_size(line) for line in output.get("traceback", []))
        )
    return sum(_size(v) for v in output.get("data", {}).values()) + _size(
        output.get("metadata", {})
    )


def _cut(text: str, keep: int) -> str:
    """At most ``keep`` bytes of ``text``, cut at a character boundary."""
    return text.encode("utf-8", "surrogatepass")[: max(keep, 0)].decode("utf-8", "ignore")


def _parses_as_number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


class LimitOutputBytes(Preprocessor):
    """Truncate each code cell's outputs to ``max_bytes`` in total, scores unchanged."""

    enabled = Bool(True, help="nbconvert preprocessors are off unless enabled").tag(config=True)
    max_bytes = Int(
        1024 * 1024, help="Bytes of output kept per cell (text, images, HTML, all types)."
    ).tag(config=True)

    def note(self, dropped: int) -> str:
        return (
            f"\n[... output truncated by the autograder: {dropped} more bytes; "
            f"each cell keeps {self.max_bytes} bytes of output]\n"
        )

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.get("outputs"):
            return cell, resources
        sizes = [output_size(o) for o in cell.outputs]
        if sum(sizes) <= self.max_bytes:
            return cell, resources
        self.log.warning(
            "Cell %s: %d bytes of output, truncated to %d", index, sum(sizes), self.max_bytes
        )
        budget = self.max_bytes
        # Errors and results first: they decide the cell's score.
        for output in cell.outputs:
            if output.output_type == "error":
                budget -= self._limit_error(output, budget)
            elif output.output_type == "execute_result" and "text/plain" in output.get("data", {}):
                budget -= self._limit_result_text(output, budget)
        for output in cell.outputs:
            if output.output_type == "stream":
                budget -= self._limit_stream(output, budget)
            elif output.output_type in ("display_data", "execute_result"):
                budget -= self._limit_data(output, budget)
        return cell, resources

    def _limit_error(self, output, budget: int) -> int:
        if output_size(output) <= budget:
            return output_size(output)
        output.ename = _cut(output.get("ename", ""), 256)
        evalue = output.get("evalue", "")
        if _size(evalue) > KEEP_IN_ERRORS:
            output.evalue = _cut(evalue, KEEP_IN_ERRORS) + self.note(_size(evalue) - KEEP_IN_ERRORS)
        lines = list(output.get("traceback", []))
        kept = [
            _cut(line, KEEP_IN_ERRORS) + ("..." if _size(line) > KEEP_IN_ERRORS else "")
            for line in lines[:20] + (lines[-20:] if len(lines) > 40 else lines[20:])
        ]
        if len(lines) > 40:
            kept.insert(20, f"[... {len(lines) - 40} traceback lines left out ...]")
        output.traceback = kept
        return output_size(output)

    def _limit_result_text(self, output, budget: int) -> int:
        text = _text(output.data["text/plain"])
        size = _size(text)
        if size > min(budget, self.max_bytes // 2):
            number = _parses_as_number(text)
            if number is not None:
                output.data["text/plain"] = repr(number)  # the same partial credit
            else:
                keep = min(budget, self.max_bytes // 2)
                # The note is not a number, so text that did not parse still does not.
                output.data["text/plain"] = _cut(text, keep) + self.note(size - keep)
        return _size(output.data["text/plain"])

    def _limit_stream(self, output, budget: int) -> int:
        text = _text(output.get("text", ""))
        size = _size(text)
        if size <= budget:
            return size
        # A stream is never emptied: a stderr stream scores its test cell 0.
        keep = max(budget, 0)
        output.text = _cut(text, keep) + self.note(size - keep)
        return _size(output.text)

    def _limit_data(self, output, budget: int) -> int:
        data = output.get("data", {})
        result = output.output_type == "execute_result"
        used, removed = 0, []
        for mime in list(data):
            if result and mime == "text/plain":
                used += _size(data[mime])  # counted, and limited above
                continue
            size = _size(data[mime])
            if used + size <= budget:
                used += size
            elif mime == "text/plain":
                keep = max(budget - used, 0)
                data[mime] = _cut(_text(data[mime]), keep) + self.note(size - keep)
                used += _size(data[mime])
            else:
                del data[mime]
                removed.append(f"{mime} ({size} bytes)")
        if removed and not result:
            # (An execute_result's text/plain is its score: it is left alone.)
            note = (
                f"[output left out by the autograder: {', '.join(removed)}; "
                f"each cell keeps {self.max_bytes} bytes of output]"
            )
            data["text/plain"] = (_text(data.get("text/plain", "")) + "\n" + note).lstrip("\n")
            used += _size(note)
        metadata = output.get("metadata", {})
        if _size(metadata) > min(max(budget - used, 0), 4096):
            output.metadata = {}
        return used + _size(output.get("metadata", {}))
