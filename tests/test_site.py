"""The course website (``make site``): every lesson, no answer, nothing from a CDN.

The site is built as ``make site`` builds it (into ``site/``, executed answer
keys cached in ``.site-cache/``), then searched like the student bundle: no
answer-key function body, no hidden-test line and no nbgrader marker in any
built file (but lesson 05's locked copy of lesson 04's network, given on
purpose).  Every lesson has a page whose exercises show their stubs, whose
figures and explorer snapshots are files that exist, and which links its
student edition.  In Debian's chromium, the home page and a lesson page show
typeset math and loaded figures, and request nothing from another host.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

from autograder.authoring import build, bundle
from autograder.authoring import site as website
from conftest import ROOT, all_lessons, leaks

pytestmark = pytest.mark.slow

TAG = re.compile(r"<[^>]+>")
LINK = re.compile(r"""<(img|script|link|a)\b[^>]*?\b(src|href)="([^"]*)\"""")
TEXT_SUFFIXES = (".html", ".js", ".css", ".ipynb", ".txt", ".json", ".svg")


@pytest.fixture(scope="module")
def built() -> dict:
    """The site, built twice: the second time every answer key comes from the cache."""
    website.build_site(ROOT)
    return website.build_site(ROOT)


@pytest.fixture(scope="module")
def out(built) -> Path:
    return built["out"]


def page_text(data: bytes) -> str:
    """An HTML page as a reader sees its text: tags removed, entities decoded."""
    return html.unescape(TAG.sub("", data.decode("utf-8", errors="replace")))


def built_files(out: Path) -> dict[str, bytes]:
    """Every text file of the site (HTML as its text): path -> bytes."""
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            data = path.read_bytes()
            if path.suffix == ".html":
                data = page_text(data).encode()
            files[path.relative_to(out).as_posix()] = data
    return files


def stubs_in_release(lesson: str) -> int:
    """How many ``# YOUR CODE HERE`` stubs the student edition's solution cells hold
    (a class cell has one per method)."""
    nb = nbformat.read(build.notebook_path(ROOT, "release", lesson), as_version=4)
    return sum(
        c.source.count("# YOUR CODE HERE")
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    )


def test_the_second_build_executes_nothing(built):
    assert built["lessons"] == all_lessons()
    assert built["cached"] == all_lessons()


def test_every_lesson_has_a_page_linked_from_the_home_page(out):
    home = (out / "index.html").read_text()
    for lesson in all_lessons():
        page = out / "lessons" / f"{lesson}.html"
        assert page.is_file(), lesson
        assert f'href="lessons/{lesson}.html"' in home, lesson
    assert "make lab" in page_text(home.encode()) and "make test" in page_text(home.encode())
    instructors = page_text((out / "instructors.html").read_bytes())
    for words in ("python -m autograder grade", "make student-bundle", "JupyterHub", "bubblewrap"):
        assert words in instructors, words


def test_each_lesson_page_links_its_student_edition(out):
    for lesson in all_lessons():
        page = (out / "lessons" / f"{lesson}.html").read_text()
        links = re.findall(rf'href="(\.\./_downloads/[^"]+/{lesson}\.ipynb)"', page)
        assert links, f"{lesson}: no download link"
        target = (out / "lessons" / links[0]).resolve()
        assert target.read_bytes() == build.notebook_path(ROOT, "release", lesson).read_bytes()


def test_every_exercise_shows_its_stub(out):
    for lesson in all_lessons():
        page = (out / "lessons" / f"{lesson}.html").read_text()
        stubs = page.count('<span class="c1"># YOUR CODE HERE</span>')  # in code, not prose
        assert stubs == stubs_in_release(lesson), lesson


def test_no_answer_hidden_test_or_marker_in_any_built_file(out):
    """Only lesson 05's page and notebook give an earlier lesson's answers (on purpose)."""
    found = leaks(built_files(out))
    given = {
        (later, earlier)
        for later, earliers in bundle.GIVES_EARLIER_ANSWERS.items()
        for earlier in earliers
    }
    unexpected = [
        (name, what)
        for name, what in found
        if not any(later in name and what.startswith(f"{earlier}:") for later, earlier in given)
    ]
    assert unexpected == []
    # The search reads the pages' text: lesson 05's locked copy of lesson 04 is found there.
    assert any(name == "lessons/05_xor_training.html" for name, _ in found)


def test_a_site_of_the_lessons_released_so_far_gives_no_answer(built, tmp_path):
    """Lesson 05 gives lesson 04's network: a site of lessons 01 to 04 holds no answer."""
    first = [lesson for lesson in all_lessons() if lesson < "05"]
    partial = website.build_site(ROOT, tmp_path / "site", only=first)["out"]
    assert sorted(p.stem for p in (partial / "lessons").glob("*.html")) == first
    assert "05_xor_training" not in (partial / "index.html").read_text()
    assert leaks(built_files(partial)) == []
    with pytest.raises(ValueError, match="no such lesson"):
        website.chosen_lessons(ROOT, ["99_nothing"])


def test_every_referenced_file_exists_and_nothing_comes_from_another_host(out):
    missing, remote, figures = [], [], {}
    pages = [p for p in sorted(out.rglob("*.html")) if "_static" not in p.parts]  # not templates
    for page in pages:
        for tag, _, ref in LINK.findall(page.read_text()):
            url = urlparse(ref)
            if url.scheme or url.netloc:
                if tag != "a":
                    remote.append((page.name, ref))
                continue
            if not url.path:
                continue
            target = (page.parent / unquote(url.path)).resolve()
            if not target.exists():
                missing.append((page.relative_to(out).as_posix(), ref))
            if tag == "img":
                figures.setdefault(page.stem, []).append(target)
    assert missing == [] and remote == []
    for lesson in all_lessons():
        assert figures.get(lesson), f"{lesson}: no figure"
        assert all(f.stat().st_size > 1000 for f in figures[lesson])


def test_explorers_are_shown_as_their_plot_and_a_note(out):
    for lesson in all_lessons():
        source = build.notebook_path(ROOT, "release", lesson).read_text()
        page = (out / "lessons" / f"{lesson}.html").read_text()
        explorers = page.count('class="explorer-note"')
        assert explorers >= ("interact" in source), lesson
        assert "jupyter-widgets" not in page and "widget-view+json" not in page
        for before in page.split('class="explorer-note"')[:-1]:
            last_output = before.rsplit('class="cell_output', 1)[-1]
            drawn = "<img" in last_output or "output stream" in last_output
            assert drawn, f"{lesson}: an explorer shown without what it drew"


# --------------------------------------------------------------------------
# In a browser
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(out):
    """The site over HTTP on 127.0.0.1, as a reader's browser gets it."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


TYPESET = """() => window.MathJax && MathJax.Hub && new Promise(done =>
    MathJax.Hub.Queue(() => done(true)))"""
SEEN = """() => {
    const main = document.querySelector('main') || document.body;
    const images = Array.from(main.querySelectorAll('img'));
    return {
        typeset: main.querySelectorAll('.MathJax, .MathJax_Display').length,
        math: main.querySelectorAll('span.math, div.math').length,
        errors: main.querySelectorAll('.MathJax_Error, .merror, merror').length,
        raw: (main.innerText.match(/\\\\\\(|\\\\\\[|\\$\\$/g) || []).length,
        images: images.length,
        unloaded: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
    };
}"""


@pytest.mark.parametrize("path", ["index.html", "lessons/02_linear_gradients.html"])
def test_math_is_typeset_and_figures_visible_in_a_browser(browser, served, path):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: r.url != "about:blank" and failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    try:
        page.goto(f"{served}/{path}")
        page.wait_for_load_state("load")
        assert page.evaluate(TYPESET)
        seen = page.evaluate(SEEN)
    finally:
        with contextlib.suppress(Exception):
            page.close()
    assert seen["typeset"] > 0 and seen["errors"] == 0 and seen["raw"] == 0, seen
    assert seen["unloaded"] == [], seen
    if path.startswith("lessons/"):
        assert seen["images"] >= 3, seen
    elsewhere = [u for u in requests if not u.startswith((served, "data:", "about:"))]
    # MathJax's hidden MathML for screen readers names a TeX font (for \mathbb) that the
    # package leaves out; the visible math uses STIX-Web.  Nothing else may be missing.
    failed = [u for u in failed if "/_static/mathjax/fonts/HTML-CSS/TeX/otf/" not in u]
    assert elsewhere == [] and failed == []


# --------------------------------------------------------------------------
# The page of a lesson, cell by cell
# --------------------------------------------------------------------------


def _cell(kind: str, source: str, nbgrader: dict | None = None, outputs=()):
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    if nbgrader:
        cell.metadata["nbgrader"] = nbgrader
    if kind == "code":
        cell.outputs = list(outputs)
    return cell


def test_a_page_shows_stubs_and_visible_tests_and_the_answer_keys_figures():
    png = nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})
    said = nbformat.v4.new_output("stream", name="stdout", text="answer key says 42\n")
    view = {"model_id": "box", "version_major": 2, "version_minor": 0}
    widget = nbformat.v4.new_output("display_data", data={website.WIDGET_VIEW: view})
    solution = {"solution": True, "grade": False, "grade_id": "f", "locked": False}
    test = {"solution": False, "grade": True, "grade_id": "t", "locked": True, "points": 1}
    release = nbformat.v4.new_notebook()
    release.cells = [
        _cell("markdown", "# Lesson 99 · A title"),
        _cell("code", "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()", solution),
        _cell("code", "assert f(1) == 2", test),
        _cell("code", "plt.plot(f(np.arange(3)))\nplt.show()"),
        _cell("code", "widgets.interact(draw, w=(0.0, 1.0))"),
    ]
    key = nbformat.from_dict(release)
    key.cells[1].source = "def f(x):\n    return 2 * x"
    key.cells[1].outputs = [said]
    key.cells[2].source += "\nassert f(5) == 10  # hidden"
    key.cells[2].outputs = [said]
    key.cells[3].outputs = [png]
    key.cells[4].outputs = [widget]
    key.metadata["widgets"] = {
        website.WIDGET_STATE: {
            "state": {
                "box": {
                    "model_name": "VBoxModel",
                    "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_o"]},
                },
                "s": {
                    "model_name": "FloatSliderModel",
                    "state": {"description": "w", "value": 0.5},
                },
                "o": {"model_name": "OutputModel", "state": {"outputs": [dict(png)]}},
            }
        }
    }
    page = website.lesson_page(release, key, "../downloads/99.ipynb")
    code = [c for c in page.cells if c.cell_type == "code"]
    assert [c.source for c in code] == [c.source for c in release.cells if c.cell_type == "code"]
    assert code[0].outputs == [] and code[1].outputs == []  # no verdicts, nothing of the answer
    assert code[2].outputs == [png]
    drawn, note = code[3].outputs
    assert drawn == png and "explorer-note" in note.data["text/html"]
    assert "w = 0.5" in note.data["text/html"]
    assert "{download}`" in page.cells[1].source and "../downloads/99.ipynb" in page.cells[1].source
    assert "widgets" not in page.metadata
    key.cells.pop()
    with pytest.raises(ValueError):
        website.lesson_page(release, key, "x.ipynb")


def test_the_cache_key_follows_the_answer_key_the_kernel_library_and_the_pins(tmp_path):
    lesson = all_lessons()[0]
    for rel in (f"solutions/{lesson}/{lesson}.ipynb", "requirements.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes((ROOT / rel).read_bytes())
    kernel = tmp_path / "autograder" / "kernel"
    kernel.mkdir(parents=True)
    (kernel / "checks.py").write_text("x = 1\n")
    keys = [website.cache_key(tmp_path, lesson)]
    for path in (kernel / "checks.py", tmp_path / "requirements.txt"):
        path.write_text(path.read_text() + "# changed\n")
        keys.append(website.cache_key(tmp_path, lesson))
    notebook = tmp_path / "solutions" / lesson / f"{lesson}.ipynb"
    notebook.write_text(notebook.read_text().replace("import", "import  ", 1))
    keys.append(website.cache_key(tmp_path, lesson))
    assert len(set(keys)) == 4
