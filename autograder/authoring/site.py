"""The course as a static website: ``make site`` writes ``site/``.

Sphinx with myst-nb builds it offline, and it reads offline: MathJax is the
local copy of the ``jupyter-server-mathjax`` package, widget JavaScript is
never loaded.  Every lesson's page is its **student edition** with the
**answer key's outputs**:

- the answer key is executed (nbclient, with the prompt kernel manager), once
  per content: the executed notebook is cached in ``.site-cache/executed/``
  under a hash of the answer key, ``autograder/kernel/`` and ``requirements.txt``;
- each code cell shows the student edition's source: a solution cell its stub
  (and no output), a test cell its visible tests only (and no output: the
  answer key's verdicts say nothing a reader needs); every other cell shows
  the answer key's outputs, so the prose's figures are drawn;
- an explorer (``widgets.interact``) cannot run without a kernel: its output
  becomes the plot it drew at its initial setting (read from the executed
  notebook's widget state) and a note that it is live in JupyterLab.

The home page (lesson table, prerequisites, the two set-up commands) and the
instructors' page are written from ``README.md`` and ``docs/site/``; each
lesson page links its student edition for download.  Warnings are errors.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from ..lab.course import lessons, notebook_path

CONFIG_DIR = Path("docs") / "site"
"""The Sphinx configuration and the hand-written parts of the home page."""
CACHE_DIR = Path(".site-cache")
OUT_DIR = Path("site")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
EXECUTE_TIMEOUT_S = 300
EXPLORER_NOTE = (
    '<p class="explorer-note"><strong>Explorer</strong>, shown as it starts{setting}. '
    "In JupyterLab its controls are live: open the lesson's notebook and move them to "
    "see it redraw.</p>"
)


# --------------------------------------------------------------------------
# Executing the answer key, cached
# --------------------------------------------------------------------------


def cache_key(root: Path, lesson: str) -> str:
    """A hash of what the executed answer key depends on."""
    digest = hashlib.sha256()
    inputs = [notebook_path(root, "solutions", lesson), root / "requirements.txt"]
    inputs += sorted((root / "autograder" / "kernel").glob("*.py"))
    for path in inputs:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def execute(path: Path) -> nbformat.NotebookNode:
    """``path`` executed top to bottom in its folder; a cell that raises stops the build."""
    from nbclient import NotebookClient

    from ..lab.kernel_client import PromptKernelManager

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=EXECUTE_TIMEOUT_S,
        startup_timeout=120,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        kernel_manager_class=PromptKernelManager,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return nb


def executed_answer_key(root: Path, lesson: str, cache: Path) -> tuple[nbformat.NotebookNode, bool]:
    """The executed answer key of ``lesson`` and whether it came from the cache."""
    folder = cache / "executed"
    cached = folder / f"{lesson}-{cache_key(root, lesson)}.ipynb"
    if cached.exists():
        return nbformat.read(cached, as_version=4), True
    nb = execute(notebook_path(root, "solutions", lesson))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"{lesson}-*.ipynb"):
        stale.unlink()
    nbformat.write(nb, cached)
    return nb, False


# --------------------------------------------------------------------------
# A lesson's page: the student edition with the answer key's outputs
# --------------------------------------------------------------------------


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _widget_outputs(state: dict, model_id: str) -> tuple[list, list[str]]:
    """The outputs drawn inside widget ``model_id`` and its children, and its controls' settings."""
    model = state.get(model_id)
    if model is None:
        return [], []
    values = model.get("state", {})
    outputs = [nbformat.from_dict(o) for o in values.get("outputs", [])]
    settings = []
    label = str(values.get("description", "")).rstrip(": ")
    if label and "_options_labels" in values and values.get("index") is not None:
        settings.append(f"{label} = {values['_options_labels'][values['index']]}")
    elif label and isinstance(values.get("value"), (int, float, str, bool)):
        settings.append(f"{label} = {values['value']}")
    for child in values.get("children", []):
        more, more_settings = _widget_outputs(state, child.removeprefix("IPY_MODEL_"))
        outputs += more
        settings += more_settings
    return outputs, settings


def static_outputs(outputs: list, state: dict) -> list:
    """``outputs`` with every widget view replaced by what it drew and the explorer note."""
    static = []
    for output in outputs:
        view = output.get("data", {}).get(WIDGET_VIEW)
        if view is None:
            static.append(output)
            continue
        drawn, settings = _widget_outputs(state, view["model_id"])
        static += [o for o in drawn if o.get("output_type") != "stream" or o.name == "stdout"]
        setting = f" ({html.escape(', '.join(settings))})" if settings else ""
        note = EXPLORER_NOTE.format(setting=setting)
        static.append(nbformat.v4.new_output("display_data", data={"text/html": note}))
    return static


def lesson_page(
    release: nbformat.NotebookNode, executed: nbformat.NotebookNode, download: str
) -> nbformat.NotebookNode:
    """The page of a lesson: ``release``'s cells with ``executed``'s outputs where they belong."""
    if [c.get("id") for c in release.cells] != [c.get("id") for c in executed.cells]:
        raise ValueError("the student edition and the answer key have different cells")
    state = executed.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    page = nbformat.v4.new_notebook()
    for name in ("kernelspec", "language_info"):  # the code's language; no widget state
        if name in release.metadata:
            page.metadata[name] = release.metadata[name]
    for cell, done in zip(release.cells, executed.cells, strict=True):
        meta = _nbgrader(cell)
        if cell.cell_type == "markdown":
            page.cells.append(nbformat.v4.new_markdown_cell(cell.source))
        elif cell.cell_type == "code":
            shown = nbformat.v4.new_code_cell(cell.source)
            if not (meta.get("solution") or meta.get("grade")):
                shown.outputs = static_outputs(done.get("outputs", []), state)
                shown.execution_count = done.get("execution_count")
            page.cells.append(shown)
    link = (
        f"{{download}}`Download this lesson's notebook <{download}>` (the student edition: "
        "open it in JupyterLab, fill each `# YOUR CODE HERE` cell and run its tests). "
        "Here every exercise shows its empty stub, and the figures are drawn by the answer key."
    )
    page.cells.insert(1, nbformat.v4.new_markdown_cell(link))
    return page


# --------------------------------------------------------------------------
# The home page and the instructors' page, from the README
# --------------------------------------------------------------------------


def readme_section(readme: str, heading: str) -> str:
    """The body of README section ``## heading`` (up to the next ``## ``), headings one level up."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    if match is None:
        raise ValueError(f"README.md has no section '## {heading}'")
    return re.sub(r"^#(#+) ", r"\1 ", match.group(1).strip(), flags=re.M)


def _title(nb: nbformat.NotebookNode) -> str:
    for cell in nb.cells:
        match = re.search(r"^# (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if match:
            return match.group(1).strip()
    raise ValueError("a lesson needs a '# Title' heading")


def _implements(readme: str, lesson: str, nb: nbformat.NotebookNode) -> str:
    """The README's 'you implement' entry of ``lesson``, else the functions its exercises define."""
    match = re.search(rf"^\| `{re.escape(lesson)}` \| (.+?) \|$", readme, re.M)
    if match:
        return match.group(1)
    names = [
        name
        for cell in nb.cells
        if _nbgrader(cell).get("solution")
        for name in re.findall(r"^(?:def|class) (\w+)", cell.source, re.M)
    ]
    return ", ".join(f"`{name}`" for name in dict.fromkeys(names))


def home_page(root: Path, ids: list[str], titles: dict[str, str]) -> str:
    readme = (root / "README.md").read_text()
    rows = [
        f"| [{titles[lesson]}](lessons/{lesson}.ipynb) | "
        + _implements(readme, lesson, nbformat.read(notebook_path(root, "release", lesson), 4))
        + " |"
        for lesson in ids
    ]
    table = "| lesson | you implement |\n|---|---|\n" + "\n".join(rows)
    template = (root / CONFIG_DIR / "home.md").read_text()
    toctree = "\n".join(f"lessons/{lesson}" for lesson in ids)
    parts = {
        "@lessons@": table,
        "@setup@": readme_section(readme, "Set-up: two commands"),
        "@toctree@": toctree,
    }
    for marker, text in parts.items():
        template = template.replace(marker, text)
    return template


def instructors_page(root: Path) -> str:
    readme = (root / "README.md").read_text()
    return "# For instructors\n\n" + readme_section(readme, "For instructors") + "\n"


# --------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    """Write ``text`` unless ``path`` holds it already (so Sphinx rebuilds only what changed)."""
    if path.exists() and path.read_text() == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _copy_tree(src: Path, dest: Path, version: str) -> None:
    """``src`` copied to ``dest`` unless ``dest`` holds that version of it already."""
    stamp = dest / ".copied-version"
    if stamp.exists() and stamp.read_text() == version:
        return
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    stamp.write_text(version)


def chosen_lessons(root: Path, only: list[str] | None = None) -> list[str]:
    """The lessons of ``source/`` (default), or those of ``only``, in course order."""
    ids = lessons(root)
    unknown = sorted(set(only or ()) - set(ids))
    if unknown:
        raise ValueError(f"no such lesson in source/: {', '.join(unknown)}")
    return [lesson for lesson in ids if not only or lesson in only]


def stage(root: Path, cache: Path, only: list[str] | None = None) -> tuple[Path, dict[str, bool]]:
    """Write Sphinx's source folder in ``cache/src``; returns it and, per lesson, cache hits."""
    import jupyter_server_mathjax

    src = cache / "src"
    ids = chosen_lessons(root, only)
    hits, titles = {}, {}
    for lesson in ids:
        executed, hits[lesson] = executed_answer_key(root, lesson, cache)
        release_path = notebook_path(root, "release", lesson)
        release = nbformat.read(release_path, as_version=4)
        titles[lesson] = _title(release)
        _write(src / "downloads" / f"{lesson}.ipynb", release_path.read_text())
        page = lesson_page(release, executed, f"../downloads/{lesson}.ipynb")
        _write(src / "lessons" / f"{lesson}.ipynb", nbformat.writes(page) + "\n")
    for stale in (src / "lessons").glob("*.ipynb"):
        if stale.stem not in ids:
            stale.unlink()
    _write(src / "index.md", home_page(root, ids, titles))
    _write(src / "instructors.md", instructors_page(root))
    for name in ("conf.py", "custom.css"):
        _write(src / name, (root / CONFIG_DIR / name).read_text())
    mathjax = Path(jupyter_server_mathjax.__file__).parent / "static"
    _copy_tree(
        mathjax, src / "_static" / "mathjax", importlib.metadata.version("jupyter-server-mathjax")
    )
    shutil.copy(src / "custom.css", src / "_static" / "custom.css")
    return src, hits


def build_site(
    root: Path, out: Path | None = None, cache: Path | None = None, only: list[str] | None = None
) -> dict:
    """Build the website of ``only`` (default: every lesson) into ``out`` (default ``site/``).

    Returns what happened, with timings.  Lesson 05 gives lesson 04's network
    in a locked cell: while lesson 04 is being graded, publish only the lessons
    released so far (``make site LESSONS="01_chain_rule ..."``).
    """
    out = out or root / OUT_DIR
    cache = cache or root / CACHE_DIR
    started = time.monotonic()
    src, hits = stage(root, cache, only)
    staged = time.monotonic()
    # Sphinx builds inside the cache (myst-nb writes jupyter_execute/ beside its output folder).
    html_dir = cache / "build" / "html"
    chosen = cache / "build" / "lessons.txt"  # another set of lessons: nothing of the last kept
    if not chosen.exists() or chosen.read_text() != "\n".join(hits):
        shutil.rmtree(cache / "build", ignore_errors=True)
        shutil.rmtree(cache / "doctrees", ignore_errors=True)
        chosen.parent.mkdir(parents=True)
        chosen.write_text("\n".join(hits))
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    command += ["-d", str(cache / "doctrees"), str(src), str(html_dir)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"sphinx-build failed:\n{done.stdout[-4000:]}{done.stderr[-4000:]}")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(html_dir, out)
    return {
        "lessons": list(hits),
        "cached": [lesson for lesson, hit in hits.items() if hit],
        "stage_s": staged - started,
        "sphinx_s": time.monotonic() - staged,
        "out": out,
    }


def main() -> int:
    root = Path.cwd()
    report = build_site(root, only=sys.argv[1:] or None)
    executed = [lesson for lesson in report["lessons"] if lesson not in report["cached"]]
    print(
        f"site/ built: {len(report['lessons'])} lessons "
        f"({len(executed)} executed, {len(report['cached'])} from the cache) in "
        f"{report['stage_s']:.1f} s + Sphinx {report['sphinx_s']:.1f} s; "
        f"open {report['out'] / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
