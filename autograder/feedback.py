"""Feedback without the hidden tests.

An autograded notebook carries the instructor's hidden tests (nbgrader writes
them back into the test cells so they can run).  ``RedactHiddenTests``, in the
course's ``GenerateFeedback`` pipeline, replaces each hidden region with a
one-line note before the HTML is written; the outputs (which case passed,
which bug the message names) stay.

``FeedbackHTMLExporter`` is nbconvert's HTML exporter with the compiled
templates kept for the life of the process: nbgrader builds a new exporter
for every ``generate_feedback`` call, and recompiling the templates cost
about 0.1 s of each 0.5 s feedback page in ``python -m autograder grade``.
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
NOTE = "# (hidden tests: not shown in feedback)"


def redact(source: str) -> str:
    """``source`` with every hidden-test region replaced by one comment line."""
    lines, hidden = [], False
    for line in source.splitlines():
        mark = line.strip()
        if mark == BEGIN:
            hidden = True
            lines.append(line[: len(line) - len(line.lstrip())] + NOTE)
        elif mark == END:
            hidden = False
        elif not hidden:
            lines.append(line)
    return "\n".join(lines)


class RedactHiddenTests(Preprocessor):
    """Remove hidden tests from every code cell of a feedback notebook."""

    enabled = Bool(True, help="nbconvert preprocessors are off unless enabled").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and BEGIN in cell.source:
            cell.source = redact(cell.source)
        return cell, resources


class _ProcessBytecodeCache(BytecodeCache):
    """Compiled Jinja templates, in memory; a changed template is recompiled."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._compiled.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # ignored if the source's checksum changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHE = _ProcessBytecodeCache()


class FeedbackHTMLExporter(HTMLExporter):
    """``HTMLExporter`` whose Jinja templates compile once per process."""

    def _create_environment(self) -> Any:
        environment = super()._create_environment()
        environment.bytecode_cache = _TEMPLATE_CACHE
        return environment
