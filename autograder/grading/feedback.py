"""Feedback without the hidden tests.

An autograded notebook carries the instructor's hidden tests (nbgrader writes
them back into the test cells so they can run).  ``RedactHiddenTests``, in the
course's ``GenerateFeedback`` pipeline, replaces each hidden region with a
one-line note before the HTML is written; the outputs (which case passed,
which bug the message names) stay.

``FeedbackHTMLExporter`` is nbconvert's HTML exporter made cheap enough to
run once per student in ``python -m autograder grade``: nbgrader builds a new
exporter for every ``generate_feedback`` call, so its Jinja templates are
compiled once per process here (0.1 s a page), and the accessibility touches
(alt text on images, focusable cells) are added with two substitutions
instead of a BeautifulSoup round trip, which took 60% of each page.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, default

from . import math_html

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


MISSING_ALT = "No description has been provided for this image"
_RAW_TEXT = re.compile(r"(<(?:script|style)\b.*?</(?:script|style)\s*>)", re.S | re.I)
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt\s*=)", re.I)
_CELL_DIV = re.compile(
    r"<div\b(?=[^>]*\sclass=\"[^\"]*(?<![\w-])(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?![\w-]))"
    r"(?![^>]*\stabindex\s*=)",
    re.I,
)


def add_accessibility(html: str) -> tuple[str, int]:
    """What nbconvert's ``HTMLExporter`` does with BeautifulSoup, by substitution.

    Images without alt text get a placeholder, cell inputs and outputs become
    focusable; script and style blocks are left alone.  Returns the page and
    the number of images that had no alt text.
    """
    parts, missing = _RAW_TEXT.split(html), 0
    for i in range(0, len(parts), 2):  # odd indices are <script>/<style> blocks
        parts[i], n = _IMG_WITHOUT_ALT.subn(f'<img alt="{MISSING_ALT}"', parts[i])
        parts[i] = _CELL_DIV.sub('<div tabindex="0"', parts[i])
        missing += n
    return "".join(parts), missing


class FeedbackHTMLExporter(HTMLExporter):
    """``HTMLExporter`` with templates compiled once per process and no BeautifulSoup pass.

    Its pages load no MathJax: their math is MathML
    (:mod:`autograder.grading.math_html`), and the course's ``mathjax.html.j2``
    comes first on the template path, ahead of nbconvert's.
    """

    @default("template_paths")
    def _template_paths(self, prune=True, root_dirs=None):
        paths = super()._template_paths(prune=prune, root_dirs=root_dirs)
        return [str(math_html.TEMPLATES / "base"), *paths]

    def _create_environment(self) -> Any:
        environment = super()._create_environment()
        environment.bytecode_cache = _TEMPLATE_CACHE
        return environment

    def from_notebook_node(self, nb, resources=None, **kw):
        # HTMLExporter.from_notebook_node (nbconvert 7.17), with add_accessibility
        # in place of its BeautifulSoup pass.
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        html, missing = add_accessibility(html)
        if missing:
            self.log.warning("Alternative text is missing on %s image(s).", missing)
        return html, resources
