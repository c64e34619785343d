"""The instructor's pages carry their math as MathML: every formula of the course converts,
code is left alone, and no formula can bring HTML of its own."""

from __future__ import annotations

import re

import nbformat
import pytest

from autograder.authoring import build
from autograder.grading.math_html import _CODE, _MATH, math_to_mathml
from conftest import ROOT, all_lessons


@pytest.mark.parametrize("lesson", all_lessons())
def test_every_formula_of_a_lesson_becomes_mathml(lesson):
    nb = nbformat.read(build.notebook_path(ROOT, "release", lesson), as_version=4)
    left = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "$" in cell.source:
            converted = math_to_mathml(cell.source)
            outside_code = _CODE.sub("", converted)
            # display math, and inline math across a line break, included
            left += [m.group(0)[:60] for m in _MATH.finditer(outside_code)]
            left += re.findall(r"\$\$|\\begin\{", outside_code)
    assert left == [], left[:10]


def test_code_and_prices_are_left_alone():
    text = "`np.where($x$)` and\n```\n$y$\n```\ncosts 5 $ or 6 $ each"
    assert math_to_mathml(text) == text


@pytest.mark.parametrize(
    "tex",
    [
        r"\text{<img src=x onerror=alert(1)>}",
        r"\text{<script>alert(1)</script>}",
        r"\mathrm{<a href='javascript:alert(1)'>x</a>}",
    ],
)
def test_a_formula_never_brings_html_of_its_own(tex):
    text = f"see ${tex}$ here"
    out = math_to_mathml(text)
    # Left as the LaTeX it was (for the inertness check to judge), or turned into MathML
    # whose text is escaped: never an element that is not MathML.
    assert out == text or not re.search(r"<(img|script|a)\b", out), out


def test_a_formula_in_a_heading_stays_mathml_through_nbconvert():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.preprocessors = ["autograder.grading.math_html.MathToMathML"]
    cell = nbformat.v4.new_markdown_cell("## Why the $1/m$ matters")
    page, _ = HTMLExporter(config=config).from_notebook_node(nbformat.v4.new_notebook(cells=[cell]))
    assert "<math" in page and "ns0:" not in page and "$1/m$" not in page
