"""Math in the instructor's pages as MathML, so that they read offline.

nbconvert's HTML (feedback pages, the formgrader's view of a submission)
leaves ``$...$`` for MathJax, which it loads from a CDN: offline, or behind a
firewall, the maths shows as raw LaTeX.  :class:`MathToMathML`, a preprocessor
of the course's HTML exports, turns every ``$...$`` and ``$$...$$`` of a
markdown cell into MathML (``latex2mathml``), which browsers draw themselves.
Code spans and fenced code are left alone, and a formula that cannot be
converted stays as it was.  Feedback pages also load no MathJax:
``templates/base/mathjax.html.j2``, first on their exporter's template path
(:class:`autograder.grading.feedback.FeedbackHTMLExporter`), replaces
nbconvert's loader with nothing.  The formgrader's own page template still names
MathJax's CDN (nbgrader fixes its template path), with nothing left for it to
typeset.
"""

from __future__ import annotations

import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

_MATHML_NS = "http://www.w3.org/1998/Math/MathML"

TEMPLATES = Path(__file__).parent / "templates"
"""A template base folder whose ``base/mathjax.html.j2`` loads no MathJax."""

_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
_MATH = re.compile(
    r"\$\$(?P<block>.+?)\$\$"  # display math
    # $x$ (on one line or across a line break, not a paragraph's end), not "5 $ or 6 $"
    r"|(?<![\\$\w])\$(?!\s)(?P<inline>(?:[^$\n]|\n(?![ \t]*\n))+?)(?<!\s)\$(?![\w$])",
    re.S,
)


MATHML_TAGS = frozenset(
    """math semantics annotation mrow mi mo mn ms mtext mspace msub msup msubsup mfrac msqrt
    mroot mstyle mtable mtr mtd mlabeledtr munder mover munderover menclose mpadded mphantom
    merror mprescripts mmultiscripts none""".split()
)
MATHML_ATTRIBUTES = frozenset(
    """xmlns display mathvariant stretchy fence separator lspace rspace displaystyle
    scriptlevel columnalign columnspacing columnlines rowalign rowspacing rowlines frame
    linethickness accent accentunder movablelimits largeop symmetric minsize maxsize width
    height depth notation form open close align side equalrows equalcolumns encoding""".split()
)


def _inert(mathml: str) -> bool:
    """Whether ``mathml`` is MathML elements and attributes only (a formula's text such as
    ``\\text{<img ...>}`` can come out of latex2mathml as real HTML tags)."""
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError:
        return False
    for element in root.iter():
        tag = element.tag.rpartition("}")[2]
        if tag not in MATHML_TAGS or not set(element.attrib) <= MATHML_ATTRIBUTES:
            return False
    return True


def _supported(tex: str) -> str:
    """``tex`` in the commands latex2mathml knows: ``aligned`` (whose ``&`` it reads as
    text) as ``align*``, the same layout, and ``\\xrightarrow{x}`` as
    ``\\overset{x}{\\longrightarrow}``."""
    tex = tex.replace(r"\begin{aligned}", r"\begin{align*}").replace(
        r"\end{aligned}", r"\end{align*}"
    )
    head = r"\xrightarrow{"
    while (start := tex.find(head)) >= 0:
        depth, end = 1, start + len(head)
        while depth and end < len(tex):
            depth += {"{": 1, "}": -1}.get(tex[end], 0) if tex[end - 1] != "\\" else 0
            end += 1
        if depth:
            break
        label = tex[start + len(head) : end - 1]
        tex = tex[:start] + r"\overset{" + label + r"}{\longrightarrow}" + tex[end:]
    return tex


def _mathml(match: re.Match) -> str:
    from latex2mathml.converter import convert

    block = match.group("block")
    tex = block if block is not None else match.group("inline")
    try:
        mathml = convert(
            _supported(tex.strip()), display="block" if block is not None else "inline"
        )
    except Exception:  # an unusual formula: leave it readable as LaTeX
        return match.group(0)
    # No xmlns: HTML parsers put <math> in MathML's namespace themselves, and nbconvert's
    # heading anchors re-serialise a namespaced element as <ns0:math>, which browsers ignore.
    mathml = mathml.replace(f' xmlns="{_MATHML_NS}"', "", 1)
    return mathml if _inert(mathml) else match.group(0)


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
