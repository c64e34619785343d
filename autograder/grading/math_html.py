"""Math in the instructor's pages as MathML, so that they read offline.

nbconvert's HTML (feedback pages, the formgrader's view of a submission)
leaves ``$...$`` for MathJax, which it loads from a CDN: offline, or behind a
firewall, the maths shows as raw LaTeX.  :class:`MathToMathML`, a preprocessor
of the course's HTML exports, turns every ``$...$`` and ``$$...$$`` of a
markdown cell into MathML (``latex2mathml``), which browsers draw themselves.
Code spans and fenced code are left alone, and a formula that cannot be
converted stays as it was.  Feedback pages also load no MathJax:
``templates/base/mathjax.html.j2``, first on their exporter's template path
(``FeedbackHTMLExporter.extra_template_basedirs``), replaces nbconvert's
loader with nothing.  The formgrader's own page template still names
MathJax's CDN (nbgrader fixes its template path), with nothing left for it to
typeset.
"""

from __future__ import annotations

import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

TEMPLATES = Path(__file__).parent / "templates"
"""A template base folder whose ``base/mathjax.html.j2`` loads no MathJax."""

_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
_MATH = re.compile(r"\$\$(?P<block>.+?)\$\$|(?<![\\$\w])\$(?P<inline>[^$\n]+?)\$(?![\w$])", re.S)


def _mathml(match: re.Match) -> str:
    from latex2mathml.converter import convert

    block = match.group("block")
    tex = block if block is not None else match.group("inline")
    try:
        return convert(tex.strip(), display="block" if block is not None else "inline")
    except Exception:  # an unusual formula: leave it readable as LaTeX
        return match.group(0)


def math_to_mathml(markdown: str) -> str:
    """``markdown`` with its ``$...$`` and ``$$...$$`` math as MathML, code untouched."""
    parts = _CODE.split(markdown)
    for i in range(0, len(parts), 2):  # odd indices are code
        parts[i] = _MATH.sub(_mathml, parts[i])
    return "".join(parts)


class MathToMathML(Preprocessor):
    """Every markdown cell's math as MathML."""

    enabled = Bool(True, help="nbconvert preprocessors are off unless enabled").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "$" in cell.source:
            cell.source = math_to_mathml(cell.source)
        return cell, resources
