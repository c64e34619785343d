"""Feedback pages: hidden tests redacted, and the fast exporter equal to nbconvert's."""

from __future__ import annotations

import base64

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter

from autograder.grading.feedback import MISSING_ALT, FeedbackHTMLExporter, add_accessibility, redact
from conftest import mathjax_loaders

PNG = base64.b64encode(bytes.fromhex("89504e470d0a1a0a")).decode()


def notebook_with_images() -> nbformat.NotebookNode:
    """Images from a plot, from HTML with and without alt text, and '<img' inside a script."""
    v4 = nbformat.v4
    outputs = [
        v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        v4.new_output(
            "display_data",
            data={
                "text/html": (
                    f'<img src="data:image/png;base64,{PNG}">'
                    f'<img alt="a loss curve" src="data:image/png;base64,{PNG}">'
                    '<script>const tag = "<img src=x>";</script>'
                    '<div class="jp-OutputArea-output-like">not a cell</div>'
                )
            },
        ),
        v4.new_output("stream", name="stdout", text="if a < b and img > c: <img\n"),
    ]
    cells = [
        v4.new_markdown_cell("Look: <img src='figure.png'> and $\\sigma(z)$."),
        v4.new_code_cell("x = 1 < 2", outputs=outputs, execution_count=1),
    ]
    return v4.new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})


def tags(html: str) -> list[tuple[str, dict]]:
    return [(t.name, dict(t.attrs)) for t in BeautifulSoup(html, "html.parser").find_all(True)]


@pytest.mark.parametrize("template", ["lab", "classic"])
def test_fast_exporter_gives_nbconvert_page(template):
    nb = notebook_with_images()
    exporter = FeedbackHTMLExporter(template_name=template)
    ours, _ = exporter.from_notebook_node(nb)
    # nbconvert's exporter on the same template path (the course's MathJax-free loader first)
    theirs, _ = HTMLExporter(
        template_name=template, template_paths=exporter.template_paths
    ).from_notebook_node(nb)
    assert tags(ours) == tags(theirs)
    assert mathjax_loaders(ours) == []
    soup_ours = BeautifulSoup(ours, "html.parser")
    assert soup_ours.get_text() == BeautifulSoup(theirs, "html.parser").get_text()
    assert len(soup_ours.find_all("img", alt=MISSING_ALT)) == 3
    if template == "lab":
        assert soup_ours.find_all("div", class_="jp-Cell-inputWrapper", tabindex="0")


def test_accessibility_leaves_scripts_and_given_alt_text_alone():
    html = '<img alt="kept" src="a"><script>"<img src=b>"</script><img src="c">'
    page, missing = add_accessibility(html)
    assert missing == 1
    assert page == (
        f'<img alt="kept" src="a"><script>"<img src=b>"</script><img alt="{MISSING_ALT}" src="c">'
    )


def test_redact_keeps_visible_lines_and_marks_the_hidden_region():
    source = "a = 1\n    ### BEGIN HIDDEN TESTS\n    secret()\n    ### END HIDDEN TESTS\nb = 2"
    assert redact(source) == "a = 1\n    # (hidden tests: not shown in feedback)\nb = 2"
