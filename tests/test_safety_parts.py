"""The parts behind trustworthy grades, one at a time and without nbgrader's CLI.

- :mod:`autograder.grading.submission_files`: a submission's links, devices, FIFOs
  and sockets are never followed or copied, within size and count limits;
- :mod:`autograder.grading.output_limits`: one cell's output is capped in bytes and
  no cell's score changes;
- :mod:`autograder.grading.html_safety`: scripts, event handlers and active URLs in
  markdown and outputs are made inert, and honest notebooks stay as they are;
- :mod:`autograder.grading.sandbox`: a kernel sees a minimal environment, the
  grading process's own ``autograder`` package, and size-limited ``/tmp``,
  ``/dev/shm`` and files (slow: it starts a sandboxed kernel).

``tests/test_submission_safety.py`` runs the same attacks through
``nbgrader autograde`` and ``python -m autograder grade``.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbgrader.utils import determine_grade

from autograder.authoring import build
from autograder.grading.feedback import FeedbackHTMLExporter
from autograder.grading.html_safety import REMOVED_NOTE, MakeActiveContentInert, markdown_problems
from autograder.grading.output_limits import LimitOutputBytes, output_size
from autograder.grading.sandbox import SandboxedKernelManager
from autograder.grading.submission_files import SafeAutograde, copy_submission, install, unsafe_path
from conftest import ROOT

v4 = nbformat.v4
PNG = base64.b64encode(bytes.fromhex("89504e470d0a1a0a")).decode()
PWNED = "document.title='pwned'"


# -- submission files -------------------------------------------------------


def _hostile_folder(tmp_path: Path) -> Path:
    """A submission folder with regular files and every kind of thing not to copy."""
    src = tmp_path / "submitted" / "alice" / "lesson"
    (src / "sub" / "deep").mkdir(parents=True)
    (src / "data.csv").write_text("a,b\n1,2\n")
    (src / "sub" / "deep" / "notes.txt").write_text("mine")
    os.utime(src / "data.csv", (1_000_000_000, 1_000_000_000))
    secret = tmp_path / "gradebook.db"
    secret.write_text("SECRET")
    (src / "leak.txt").symlink_to(secret)
    (src / "grades.csv").symlink_to("../../../gradebook.db")
    (src / "source").symlink_to(tmp_path, target_is_directory=True)
    (src / "venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    (src / "loop").symlink_to("loop")
    (src / "dangling.txt").symlink_to("/nonexistent/file")
    os.mkfifo(src / "pipe.txt")
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(src / "sock"))
    except OSError:  # a path too long for a Unix socket
        pass
    listener.close()
    try:  # /dev/zero: shutil.copy would never finish
        os.mknod(src / "zero.csv", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    except PermissionError:
        pass
    return src


def test_copy_takes_regular_files_only_and_never_follows(tmp_path, caplog):
    src = _hostile_folder(tmp_path)
    dst = tmp_path / "autograded" / "alice" / "lesson"
    report = copy_submission(src, dst)
    assert sorted(report.copied) == ["data.csv", "sub/deep/notes.txt"]
    found = sorted(str(p.relative_to(dst)) for p in dst.rglob("*"))
    assert found == ["data.csv", "sub", "sub/deep", "sub/deep/notes.txt"]
    assert (dst / "data.csv").read_text() == "a,b\n1,2\n"
    assert (dst / "data.csv").stat().st_mtime == 1_000_000_000
    skipped = dict(report.skipped)
    for name in ("leak.txt", "grades.csv", "source", "venv", "loop", "dangling.txt"):
        assert "symbolic link" in skipped[name]
    assert "FIFO" in skipped["pipe.txt"]
    if (src / "zero.csv").exists():
        assert "device" in skipped["zero.csv"]
    if (src / "sock").exists():
        assert "socket" in skipped["sock"]
    assert "not copied" in caplog.text and "leak.txt" in caplog.text
    (dst / "data.csv").chmod(0o444)  # as nbgrader leaves it
    assert "data.csv" in copy_submission(src, dst).copied  # a second run replaces it


def test_copy_limits_count_size_and_depth(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(30):
        (src / f"f{i:02}.txt").write_bytes(b"x" * 100)
    deep = src
    for i in range(8):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_text("deep")
    report = copy_submission(src, tmp_path / "few", max_files=10)
    assert len(list((tmp_path / "few").rglob("*"))) == 10
    assert any("more than 10 files" in why for _, why in report.skipped)
    report = copy_submission(src, tmp_path / "small", max_bytes=1000)
    assert report.total_bytes <= 1000 and len(report.copied) == 10
    assert any("exceed 1000 bytes" in why for _, why in report.skipped)
    report = copy_submission(src, tmp_path / "shallow", max_depth=4)
    assert not (tmp_path / "shallow" / "d0" / "d1" / "d2" / "d3" / "d4").exists()
    assert any("nested deeper" in why for _, why in report.skipped)


def test_copy_never_raises_for_a_bad_submission_folder(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    for src in (tmp_path / "linked", tmp_path / "missing", tmp_path / "real" / "nothing"):
        report = copy_submission(src, tmp_path / "out")
        assert report.copied == [] and report.skipped
    assert not (tmp_path / "out").exists()
    excluded = tmp_path / "ex"
    (excluded / ".ipynb_checkpoints").mkdir(parents=True)
    (excluded / "a.ipynb").write_text("{}")
    (excluded / "b.csv").write_text("1")
    report = copy_submission(excluded, tmp_path / "ex-out", exclude=["*.ipynb", ".ipynb_*"])
    assert report.copied == ["b.csv"] and report.skipped == []


def test_unsafe_path_checks_every_folder_below_the_base(tmp_path):
    base = tmp_path / "submitted"
    (base / "bob" / "lesson").mkdir(parents=True)
    (base / "bob" / "lesson" / "nb.ipynb").write_text("{}")
    (base / "eve").symlink_to(base / "bob", target_is_directory=True)
    (base / "bob" / "lesson" / "link.ipynb").symlink_to(base / "bob" / "lesson" / "nb.ipynb")
    assert unsafe_path(str(base / "bob" / "lesson" / "nb.ipynb"), str(base)) is None
    assert "symbolic link" in unsafe_path(str(base / "eve" / "lesson" / "nb.ipynb"), str(base))
    assert "symbolic link" in unsafe_path(str(base / "bob" / "lesson" / "link.ipynb"), str(base))


def test_course_config_makes_nbgrader_use_the_safe_converter():
    from nbgrader.apps import api, autogradeapp
    from nbgrader.converters import Autograde
    from traitlets.config.loader import PyFileConfigLoader

    api.Autograde = autogradeapp.Autograde = Autograde
    try:
        PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
        assert api.Autograde is SafeAutograde and autogradeapp.Autograde is SafeAutograde
    finally:
        install()
    # Autograde.init_assignment's call to its parent reaches the safe copy.
    names = [cls.__name__ for cls in SafeAutograde.__mro__]
    assert names[:4] == ["SafeAutograde", "Autograde", "SafeSubmissionCopy", "BaseConverter"]


# -- output limits ------------------------------------------------------------


def _graded(source: str, outputs: list, points: float = 2.0):
    cell = v4.new_code_cell(source, outputs=outputs)
    cell.metadata.nbgrader = {"grade": True, "solution": False, "grade_id": "t", "points": points}
    return cell


def _result(text: str):
    return v4.new_output("execute_result", data={"text/plain": text}, execution_count=1)


def _error(**fields):
    return v4.new_output("error", **fields)


def _stream(text: str, name: str = "stdout"):
    return v4.new_output("stream", name=name, text=text)


def _grade(cell):
    """nbgrader's score of a test cell, or the error it raises scoring it."""
    try:
        return determine_grade(cell)
    except ValueError as exc:
        return str(exc)


def _big_cells() -> list:
    big = "x" * 3_000_000
    return [
        _graded("print", [_stream(big)]),
        _graded("warn", [_stream("ok\n"), _stream(big, "stderr")]),
        _graded("fail", [_stream(big), _error(ename="ValueError", evalue=big, traceback=[big])]),
        _graded("partial", [_stream(big), _result("0.5" + " " * 3_000_000)]),
        _graded("not a number", [_result("'" + big + "'")]),
        _graded("inf", [_result("1" + "0" * 3_000_000)]),
        _graded(
            "images",
            [
                v4.new_output(
                    "display_data",
                    data={"image/png": "A" * 3_000_000, "text/plain": "<Figure>"},
                    metadata={"image/png": {"width": 400}},
                ),
                v4.new_output("display_data", data={"text/html": "<b>x</b>" * 500_000}),
            ],
        ),
    ]


def test_output_is_capped_per_cell_and_scores_do_not_change():
    limiter = LimitOutputBytes(max_bytes=100_000)
    for cell in _big_cells():
        before = copy.deepcopy(cell)
        limiter.preprocess_cell(cell, {}, 0)
        assert sum(output_size(o) for o in cell.outputs) <= 101_000, cell.source
        assert _grade(cell) == _grade(before), cell.source
        assert [o.output_type for o in cell.outputs] == [o.output_type for o in before.outputs]
        assert [o.get("name") for o in cell.outputs] == [o.get("name") for o in before.outputs]
        text = json.dumps(cell.outputs)
        # A number is written back as the number it parses as; all else gets a note.
        assert "truncated" in text or "left out" in text or cell.source == "inf"
    images = _big_cells()[-1]
    limiter.preprocess_cell(images, {}, 0)
    assert "image/png" not in images.outputs[0].data
    assert "left out" in images.outputs[0].data["text/plain"]


def test_output_under_the_cap_is_left_alone():
    limiter = LimitOutputBytes()
    cells = [
        _graded("ok", [_stream("fine\n"), _result("1.0")]),
        _graded("plot", [v4.new_output("display_data", data={"image/png": PNG * 1000})]),
    ]
    for cell in cells:
        before = copy.deepcopy(cell)
        limiter.preprocess_cell(cell, {}, 0)
        assert cell == before


# -- active content -----------------------------------------------------------

SVG_ONLOAD = f'<svg xmlns="http://www.w3.org/2000/svg" onload="{PWNED}"><rect width="5"/></svg>'
SVG_HONEST = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<style>*{stroke-linecap:butt}</style><defs><path id="m" d="M0 0L1 1"/></defs>'
    '<use xlink:href="#m"/></svg>'
)
HOSTILE_MARKDOWN = [
    f'<script>{PWNED}</script><img src=x onerror="{PWNED}">',
    "[click](javascript:alert(1)) and [also](JaVa&#x53;cript:alert(1))",
    "<javascript:alert(1)>",
    "$\\href{javascript:alert(1)}{click}$",
    "<details open ontoggle=alert(1)>x</details>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<!--><script>alert(1)</script>-->",
    "<a href=' java\tscript:alert(1)'>tab</a>",
]


def _hostile_notebook() -> nbformat.NotebookNode:
    outputs = [
        v4.new_output(
            "display_data",
            data={"text/html": f'<script>{PWNED}</script><b onmouseover="{PWNED}">hi</b>'},
        ),
        v4.new_output("display_data", data={"application/javascript": PWNED}),
        v4.new_output("display_data", data={"text/markdown": "[x](javascript:alert(1))"}),
        v4.new_output("display_data", data={"text/latex": "$\\href{javascript:x}{y}$"}),
        v4.new_output(
            "display_data",
            data={"image/png": 'x" onerror="alert(1)', "text/plain": "<img>"},
            metadata={"image/png": {"width": "1 onerror=alert(1)", "height": 30}},
        ),
        v4.new_output(
            "display_data",
            data={
                "application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                "text/plain": "w",
            },
        ),
        v4.new_output(
            "execute_result",
            data={"image/svg+xml": SVG_ONLOAD, "text/plain": "<SVG>"},
            execution_count=1,
        ),
    ]
    cells = [v4.new_markdown_cell(text) for text in HOSTILE_MARKDOWN]
    cells.append(v4.new_code_cell("hostile()", outputs=outputs, execution_count=1))
    cells.append(v4.new_raw_cell(f"<script>{PWNED}</script>"))
    attached = v4.new_markdown_cell("![a](attachment:a.png)")
    attached.attachments = {"a.png": {"image/png": PNG}, "b.svg": {"text/html": "<script>"}}
    cells.append(attached)
    nb = v4.new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})
    nb.metadata.widgets = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def _active(html: str) -> list[str]:
    """Scripts, event handlers and javascript: URLs in a page, as markup (not text)."""
    soup = BeautifulSoup(html, "html.parser")
    found = [f"<script>{s.get_text()[:60]}" for s in soup.find_all("script")]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on") or "javascript:" in value.replace("\t", "").lower():
                found.append(f"{tag.name} {name}={value[:60]}")
    return found


def test_hostile_cells_and_outputs_become_inert():
    nb = _hostile_notebook()
    for text in HOSTILE_MARKDOWN:
        assert markdown_problems(text), text
    MakeActiveContentInert().preprocess(nb, {})
    for cell in nb.cells[: len(HOSTILE_MARKDOWN)]:
        assert cell.source.startswith("**[The autograder shows this cell as text")
        assert markdown_problems(cell.source) == []
        assert "<script" not in cell.source
    outputs = nb.cells[len(HOSTILE_MARKDOWN)].outputs
    assert "<script" not in outputs[0].data["text/html"] and "onmouseover" not in str(outputs[0])
    removed = {"text/plain": REMOVED_NOTE}
    assert outputs[1].data == outputs[2].data == outputs[3].data == removed
    assert outputs[4].data == {"text/plain": "<img>"} and outputs[4].metadata == {}
    assert outputs[5].data == {"text/plain": "w"}
    assert outputs[6].data == {"text/plain": "<SVG>"}
    assert "<script" not in nb.cells[-2].source
    assert list(nb.cells[-1].attachments) == ["a.png"]
    assert "widgets" not in nb.metadata
    page, _ = FeedbackHTMLExporter().from_notebook_node(nb)
    honest, _ = FeedbackHTMLExporter().from_notebook_node(v4.new_notebook(cells=[]))
    assert set(_active(page)) <= set(_active(honest)), _active(page)
    assert "pwned" in page  # shown, as text
    again = copy.deepcopy(nb)
    MakeActiveContentInert().preprocess(again, {})
    assert again == nb  # a second pass (the feedback pipeline) changes nothing


def test_honest_notebooks_and_scored_outputs_are_left_alone():
    scored = [
        _stream("Test 1 passed\n"),
        _stream("warning\n", "stderr"),
        _error(ename="AssertionError", evalue="<b>wrong</b>", traceback=["<script>"]),
        _result("0.5"),
        v4.new_output(
            "display_data",
            data={"image/png": PNG, "text/plain": "<Figure>"},
            metadata={"image/png": {"width": 400, "height": 300}},
        ),
        v4.new_output("display_data", data={"image/svg+xml": SVG_HONEST, "text/plain": "s"}),
        v4.new_output("display_data", data={"text/html": "<table><tr><td>1</td></tr></table>"}),
    ]
    notebooks = [v4.new_notebook(cells=[_graded("test()", scored)])]
    notebooks += [
        nbformat.read(build.notebook_path(ROOT, "source", lesson), as_version=4)
        for lesson in build.lessons(ROOT)
    ]
    for nb in notebooks:
        before = copy.deepcopy(nb)
        MakeActiveContentInert().preprocess(nb, {})
        assert nb == before


# -- the sandboxed kernel ---------------------------------------------------

PASSED_ON = set(SandboxedKernelManager.env_passthrough.default())

PROBE_ENV = """
import json, os
import autograder
found = {"autograder": autograder.__file__, "env": dict(os.environ)}
"""
PROBE_CAPS = """
import importlib, resource
found["package"] = sorted(os.listdir(os.path.dirname(autograder.__file__)))
for part in ("grading", "authoring", "lab"):
    try:
        importlib.import_module("autograder." + part)
        found[part] = "imported"
    except ImportError as exc:
        found[part] = type(exc).__name__
for path in ("/tmp", "/dev/shm", "."):
    st = os.statvfs(path)
    found[path] = st.f_blocks * st.f_frsize
found["fsize"] = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
for name, size in (("small.bin", 1024), ("big.bin", 6 * 1024 * 1024)):
    try:
        with open(name, "wb") as f:
            f.write(b"x" * size)
        found[name] = "written"
    except OSError as exc:
        found[name] = type(exc).__name__
try:
    with open("/dev/shm/fill", "wb") as f:
        f.write(b"x" * 3 * 1024 * 1024)
    found["shm"] = "written"
except OSError as exc:
    found["shm"] = type(exc).__name__
"""
PROBE_PRINT = 'print("PROBE" + json.dumps(found))\n'

DRIVER = """
import json, os, sys
import nbformat
from nbclient import NotebookClient

import autograder.grading.sandbox as sandbox
from traitlets.config import Config

config = Config()
config.SandboxedKernelManager.tmp_size_mb = 4
config.SandboxedKernelManager.shm_size_mb = 2
config.SandboxedKernelManager.file_size_mb = 5
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(sys.argv[1])])
NotebookClient(
    nb,
    kernel_manager_class=sandbox.SandboxedKernelManager,
    config=config,
    timeout=600,
    startup_timeout=600,
    resources={"metadata": {"path": sys.argv[2]}},
).execute()
text = "".join(o.get("text", "") + o.get("evalue", "") for o in nb.cells[0].outputs)
print(json.dumps({"kernel": text, "grader": os.path.abspath(sandbox.__file__)}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("sandbox", ["on", "off"])
def test_kernel_gets_minimal_env_the_graders_package_and_caps(tmp_path, sandbox):
    """The grading process runs a second copy of the package; the kernel imports that copy,
    and in the sandbox sees only its kernel-side part.

    With ``AUTOGRADER_SANDBOX=off`` the environment is as minimal (no caps then).
    """
    if sandbox == "on" and os.environ.get("AUTOGRADER_SANDBOX", "on") in {"off", "0", "no"}:
        pytest.skip("the sandbox is off")
    probe = PROBE_ENV + (PROBE_CAPS if sandbox == "on" else "") + PROBE_PRINT
    other = tmp_path / "other-checkout"
    shutil.copytree(
        ROOT / "autograder", other / "autograder", ignore=shutil.ignore_patterns("__pycache__")
    )
    (other / "driver.py").write_text(DRIVER)
    lesson = tmp_path / "lesson"
    lesson.mkdir()
    (lesson / "data.csv").write_text("1,2\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(GITHUB_TOKEN="ghp_secret", JUPYTERHUB_API_TOKEN="hub-secret")
    env.update(NBGRADER_EXECUTION="autograde", AUTOGRADER_SANDBOX=sandbox)
    env.update(OMP_NUM_THREADS="1")  # passed on: the grader may pin the kernel's BLAS threads
    done = subprocess.run(
        [sys.executable, str(other / "driver.py"), textwrap.dedent(probe), str(lesson)],
        cwd=other,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["grader"] == str(other / "autograder" / "grading" / "sandbox.py")
    assert "PROBE" in result["kernel"], result["kernel"]
    found = json.loads(result["kernel"].split("PROBE", 1)[1].splitlines()[0])
    assert found["autograder"] == str(other / "autograder" / "__init__.py")
    kernel_env = found["env"]
    assert "GITHUB_TOKEN" not in kernel_env and "JUPYTERHUB_API_TOKEN" not in kernel_env
    assert not any("secret" in value for value in kernel_env.values())
    assert kernel_env["PYTHONPATH"] == str(other)
    assert kernel_env["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    assert kernel_env["NBGRADER_EXECUTION"] == "autograde"
    assert kernel_env["LC_ALL"] == "C.UTF-8"
    assert kernel_env["OMP_NUM_THREADS"] == "1"
    allowed = {"PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "MPLCONFIGDIR", "IPYTHONDIR"}
    allowed |= {"USER", "LOGNAME", "NBGRADER_EXECUTION", "PWD"}
    # ...and what ipykernel itself sets in its own process.
    allowed |= {"PYDEVD_USE_FRAME_EVAL", "TERM", "CLICOLOR", "FORCE_COLOR", "CLICOLOR_FORCE"}
    allowed |= {"PAGER", "GIT_PAGER", "MPLBACKEND", "JPY_PARENT_PID"}
    # ...and what the grader passes on on purpose, when it is set (thread counts, time zone).
    allowed |= {name for name in PASSED_ON if name in env}
    assert set(kernel_env) <= allowed, set(kernel_env) - allowed
    if sandbox == "off":
        return
    # Of the package, the kernel sees the kernel-side library only.
    assert [p for p in found["package"] if p != "__pycache__"] == ["__init__.py", "kernel"]
    assert found["grading"] == found["authoring"] == found["lab"] == "ModuleNotFoundError"
    mib = 1024 * 1024
    assert found["/tmp"] == found["."] == 4 * mib and found["/dev/shm"] == 2 * mib
    assert found["fsize"] == 5 * mib
    assert found["small.bin"] == "written"
    assert found["big.bin"] == found["shm"] == "OSError"  # no space left, or file too large
