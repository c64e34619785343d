"""Feedback without the hidden tests.

An autograded notebook carries the instructor's hidden tests (nbgrader writes
them back into the test cells so they can run).  ``RedactHiddenTests``, in the
course's ``GenerateFeedback`` pipeline, replaces each hidden region with a
one-line note before the HTML is written; the outputs (which case passed,
which bug the message names) stay.
"""

from __future__ import annotations

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
