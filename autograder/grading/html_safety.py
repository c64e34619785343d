"""Make a student's HTML and scripts inert before anyone views a graded notebook.

An autograded notebook is shown as HTML twice: in the feedback page a
student's browser opens, and in the formgrader an instructor's browser opens
(logged in to the course's Jupyter server).  Both render markdown cells and
``text/html`` outputs as they are, so a submission's ``<script>``, ``<img
onerror=...>``, ``[link](javascript:...)`` or ``IPython.display.HTML`` would
run there.

:class:`MakeActiveContentInert`, in the course's autograde pipeline after the
notebook has run (and in the feedback pipeline again), changes only what is
active, so honest notebooks are left exactly as they are:

- a markdown or raw cell whose HTML (as nbconvert renders it, or as a browser
  would parse the source) has a tag, attribute or URL outside an allowlist of
  inert ones becomes plain text (a fenced block showing the source, with a
  note), so the instructor still sees what was written;
- ``text/html`` outputs with active content are cleaned with bleach (an
  HTML5 parser, as browsers parse) down to the same allowlist; active
  ``text/markdown``, ``text/latex`` and ``image/svg+xml`` outputs are dropped;
  JavaScript, widget views and any other mimetype are dropped; image data
  must be base64 and output metadata is kept only where nbconvert's templates
  read it (image sizes);
- cell attachments other than base64 images, and the notebook's widget
  state, are removed.

Error outputs, streams and an ``execute_result``'s ``text/plain`` (what
nbgrader scores) are never touched.  The check parses HTML with the HTML5
parser bleach ships (``html5lib``), so it sees what a browser sees.
"""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree

from bleach.css_sanitizer import CSSSanitizer
from bleach.sanitizer import Cleaner
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

try:
    from bleach._vendor import html5lib
except ImportError:  # pragma: no cover - bleach without its vendored copy
    import html5lib

SAFE_TAGS = frozenset(
    """a abbr acronym b bdi bdo blockquote br caption center cite code col colgroup dd del
    details dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol
    p pre q rp rt ruby s samp small span strike strong sub summary sup table tbody td tfoot th
    thead time tr tt u ul var wbr""".split()
)
SAFE_ATTRIBUTES = frozenset(
    """align alt border cellpadding cellspacing cite class colspan datetime dir headers height
    href id lang open rowspan scope span src start summary title type valign width""".split()
)
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp|svg\+xml)[;,]")
# Elements and attributes that make SVG (or any markup) active; SVG is otherwise
# free-form (matplotlib's has metadata, styles, clip paths), so this is a blocklist.
ACTIVE_SVG_TAGS = frozenset(
    """script foreignobject iframe object embed handler listener animate set animatemotion
    animatetransform discard a""".split()
)
# Tags that are dangerous however a markdown renderer treats them.
ACTIVE_TAGS = frozenset(
    """script iframe frame frameset object embed applet svg math style link meta base form
    input button textarea select template noscript portal""".split()
)
SAFE_OUTPUT_TYPES = frozenset(
    {"text/plain", "text/latex", "application/json", "image/png", "image/jpeg", "image/gif"}
)
BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")
IMAGE_METADATA = {"width": (int, float), "height": (int, float), "unconfined": (bool,)}
# MathJax turns \href{...} into a link, so a javascript: URL in TeX is a link too.
_TEX_LINK = re.compile(r"\\(?:href|url)\s*\{", re.I)
_MAYBE_ACTIVE = re.compile(r"[<&]|script\s*:|data\s*:|\\(?:href|url)\b", re.I)
# Where MathJax does not typeset (its default skipHtmlTags).
MATHJAX_SKIPS = frozenset({"pre", "code", "script", "noscript", "style", "textarea"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def safe_url(value: str, tag: str = "a") -> bool:
    """Whether a URL is inert: relative, http(s), mailto, or image data in an ``<img>``."""
    url = _CONTROL.sub("", html.unescape(value)).lower()  # as browsers read it
    scheme = _SCHEME.match(url)
    if scheme is None:
        return True
    if scheme.group(1) in SAFE_SCHEMES:
        return True
    return tag == "img" and (bool(IMAGE_DATA.match(url)) or url.startswith("attachment:"))


def _local(name: str) -> tuple[str, str]:
    """(namespace, lower-case local name) of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local.lower()
    return "", name.lower()


def _parse(markup: str) -> ElementTree.Element:
    return html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)


def html_problems(markup: str, *, allowlist: bool = True) -> list[str]:
    """What makes ``markup`` active, as a browser would parse it (empty if inert).

    With ``allowlist`` every tag and attribute must be a known inert one;
    without, only active tags and URLs count (for text that is not HTML, like
    markdown source, where ``$a<b only$`` parses as a tag with an attribute).
    Text that MathJax typesets on the page (outside ``<pre>``, ``<code>``...)
    must not hold a ``\\href`` to an active URL.
    """
    problems: list[str] = []
    texts: list[str] = []
    _visit(_parse(markup), False, allowlist, problems, texts)
    return problems + tex_problems("".join(texts))


def _visit(element, skipped: bool, allowlist: bool, problems: list[str], texts: list[str]):
    if not isinstance(element.tag, str):  # a comment: neither rendered nor typeset
        return
    ns, tag = _local(element.tag)
    if tag != "document_fragment":
        if ns or tag in ACTIVE_TAGS or (allowlist and tag not in SAFE_TAGS):
            problems.append(f"<{tag}>")
        for name, value in element.attrib.items():
            _, attr = _local(name)
            if attr in URL_ATTRIBUTES or attr.endswith("href"):
                if not safe_url(value, tag):
                    problems.append(f"{attr}= on <{tag}>")
            elif allowlist and attr not in SAFE_ATTRIBUTES:
                problems.append(f"{attr}= on <{tag}>")
    skipped = skipped or tag in MATHJAX_SKIPS
    if element.text and not skipped:
        texts.append(element.text)
    for child in element:
        _visit(child, skipped, allowlist, problems, texts)
        if child.tail and not skipped:
            texts.append(child.tail)


def svg_problems(svg: str) -> list[str]:
    problems = []
    for element in _parse(svg).iter():
        if not isinstance(element.tag, str):
            continue
        ns, tag = _local(element.tag)
        if tag in ACTIVE_SVG_TAGS or tag in ACTIVE_TAGS - {"svg", "style"} or ns.endswith("xhtml"):
            problems.append(f"<{tag}>")
        for name, value in element.attrib.items():
            _, attr = _local(name)
            if attr.startswith("on"):
                problems.append(f"{attr}= on <{tag}>")
            elif attr.endswith("href") and not (value.strip().startswith("#") or safe_url(value)):
                problems.append(f"{attr}= on <{tag}>")
    return problems


def tex_problems(text: str) -> list[str]:
    """``\\href``/``\\url`` links to active URLs, which MathJax would make.

    A URL with braces or backslashes in it is not read further: it counts as active.
    """
    problems = []
    for match in _TEX_LINK.finditer(text):
        url = text[match.end() : match.end() + 2048]
        depth, end = 1, None
        for i, ch in enumerate(url):
            depth += (ch == "{") - (ch == "}")
            if depth == 0:
                end = i
                break
        url = url[:end] if end is not None else url
        if end is None or any(c in url for c in "{}\\") or not safe_url(url):
            problems.append("\\href")
    return problems


def markdown_problems(source: str) -> list[str]:
    """What makes a markdown cell active once rendered (empty if inert)."""
    if not _MAYBE_ACTIVE.search(source):
        return []
    problems = html_problems(source, allowlist=False)
    try:
        rendered = markdown2html_mistune(source)
    except Exception as exc:  # the renderer failed: do not trust the cell
        return [*problems, f"markdown that cannot be rendered ({type(exc).__name__})"]
    return problems + html_problems(rendered)


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    if name in URL_ATTRIBUTES:
        return safe_url(value, tag)
    return name in SAFE_ATTRIBUTES or name == "style"


_CLEANER = Cleaner(
    tags=SAFE_TAGS,
    attributes=_attribute_allowed,
    protocols=[*SAFE_SCHEMES, "data", "attachment"],
    strip=True,
    strip_comments=True,
    css_sanitizer=CSSSanitizer(),
)


def clean_html(markup: str) -> str:
    """``markup`` reduced to inert tags and attributes (text kept, as text)."""
    cleaned = _CLEANER.clean(markup)
    # bleach keeps style attributes through its CSS sanitizer; anything it
    # lets through that the check still finds active is escaped as text.
    if [p for p in html_problems(cleaned) if not p.startswith("style=")]:
        return f"<pre>{html.escape(markup)}</pre>"
    return cleaned


REMOVED_NOTE = "[output removed by the autograder: it had active content]"
INERT_NOTE = "**[The autograder shows this cell as text: it had active content.]**"


def as_text_block(source: str) -> str:
    """Markdown (an HTML ``<pre>`` block) showing ``source`` as literal text.

    Nothing in it is markup, a link or math: the text is HTML-escaped, and
    MathJax does not typeset ``<pre>``.
    """
    return f"{INERT_NOTE}\n\n<pre>{html.escape(source, quote=False)}</pre>\n"


class MakeActiveContentInert(Preprocessor):
    """Neutralise scripts, event handlers and active URLs in cells and outputs."""

    enabled = Bool(True, help="nbconvert preprocessors are off unless enabled").tag(config=True)

    def preprocess(self, nb, resources):
        nb.metadata.pop("widgets", None)  # widget state renders HTML widgets in the page
        return super().preprocess(nb, resources)

    def _warn(self, index: int, what: str, problems: list[str]) -> None:
        self.log.warning(
            "Cell %s: %s made inert (%s)", index, what, ", ".join(dict.fromkeys(problems))[:300]
        )

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type in ("markdown", "raw"):
            if cell.cell_type == "markdown":
                problems = markdown_problems(cell.source)
            elif _MAYBE_ACTIVE.search(cell.source):  # raw cells go into the page as they are
                problems = html_problems(cell.source)
            else:
                problems = []
            if problems:
                self._warn(index, f"{cell.cell_type} cell", problems)
                cell.source = as_text_block(cell.source)
            self._clean_attachments(cell, index)
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") in ("display_data", "execute_result"):
                    self._clean_output(output, index)
        return cell, resources

    def _clean_attachments(self, cell, index: int) -> None:
        attachments = cell.get("attachments")
        if not attachments:
            return
        for name in list(attachments):
            bundle = attachments[name]
            kept = {
                mime: data
                for mime, data in (bundle.items() if isinstance(bundle, dict) else [])
                if mime in ("image/png", "image/jpeg", "image/gif")
                and isinstance(data, str)
                and BASE64.fullmatch(data)
            }
            if kept != bundle:
                self._warn(index, f"attachment {name!r}", ["not a base64 image"])
            if kept:
                attachments[name] = kept
            else:
                del attachments[name]

    def _clean_output(self, output, index: int) -> None:
        data = output.get("data", {})
        for mime in list(data):
            value = data[mime]
            text = "".join(value) if isinstance(value, list) else value
            problems: list[str] = []
            if mime == "text/html" and isinstance(text, str):
                problems = html_problems(text)
                if problems:
                    data[mime] = clean_html(text)
            elif mime == "text/markdown" and isinstance(text, str):
                problems = markdown_problems(text)
            elif mime == "text/latex" and isinstance(text, str):
                problems = tex_problems(text)
            elif mime == "image/svg+xml" and isinstance(text, str):
                problems = svg_problems(text)
            elif mime in ("image/png", "image/jpeg", "image/gif"):
                if not (isinstance(text, str) and BASE64.fullmatch(text)):
                    problems = ["image data that is not base64"]
            elif mime not in SAFE_OUTPUT_TYPES:
                problems = [mime]
            if problems:
                self._warn(index, f"{mime} output", problems)
                if mime != "text/html":
                    del data[mime]
        if not data and output.output_type == "display_data":
            # (An execute_result gets nothing: its text/plain is read as its score.)
            data["text/plain"] = REMOVED_NOTE
        metadata = output.get("metadata", {})
        kept = {}
        for mime in ("image/png", "image/jpeg", "image/gif"):
            entry = metadata.get(mime) if mime in data else None
            if isinstance(entry, dict):
                sizes = {
                    k: v
                    for k, v in entry.items()
                    if k in IMAGE_METADATA
                    and isinstance(v, IMAGE_METADATA[k])
                    and (k == "unconfined" or not isinstance(v, bool))
                }
                if entry.get("needs_background") in ("light", "dark"):
                    sizes["needs_background"] = entry["needs_background"]
                if sizes:
                    kept[mime] = sizes
        if kept != metadata:
            output.metadata = kept
