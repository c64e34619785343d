"""The student's JupyterLab, tested in a real browser.

Playwright drives Debian's chromium (``make test`` installs it when run as
root; otherwise ``sudo apt-get install chromium``) against JupyterLab served
from this environment on 127.0.0.1 with a token, in a temporary copy of the
course, started exactly as ``make lab`` / ``make instructor`` start it
(:mod:`autograder.lab.labs`).  One student server and one browser page serve every
lesson; each notebook is opened once and closed (its kernel shut down) before
the next.  For every lesson:

- the student edition opens with no dialog, and Run All reaches its last cell;
- the student edition with the answer key's solutions filled in: every graded
  test cell passes, moving an explorer's slider changes its plot, and a
  planted bug (a bank variant the visible test names), typed into its cell
  and run, shows its bug-naming message.

Once per run: the Validate button says success on a completed lesson (it runs
the saved notebook again; every lesson's completed edition passing its visible
tests is ``tests/test_student_bundle.py``'s check), the student lab shows no
instructor tools, widgets survive saving and reopening, the formgrader's page
loads in the instructor lab, and a feedback page with planted scripts stays
inert.  Screenshots and server logs of failures land in
``test-artifacts/browser/`` (git-ignored, kept by CI).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import bank, build
from autograder.lab import labs
from conftest import ROOT, all_lessons, answer_key, bank_bug, fill_solutions, run_nbgrader

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts" / "browser"
TOKEN = "browser-test-token"
COMPLETED = "completed.ipynb"
"""Next to each lesson: the student edition with the answer key's solutions typed in."""
PLANTED_BUG = {
    "01_chain_rule": ("square_of_affine", "missing inner derivative 3"),
    "02_linear_gradients": ("compute_gradients_batch", "missing 1/m"),
    "03_gradient_checking": ("relative_error", "absolute difference"),
    "04_two_layer_mlp": ("backward_propagation", "missing 1/m"),
    "05_xor_training": ("update_parameters", "gradient ascent (+)"),
    "06_vanishing_gradients": ("deep_forward", "activation on the last layer too"),
    "07_autograd_engine": ("Value", "* assigns instead of accumulating"),
    "08_digits_classifier": ("softmax_cross_entropy", "dZ without the 1/m"),
    "09_array_autograd": ("Tensor", "* assigns instead of accumulating"),
    "10_normalization_dropout": ("LayerNorm", "the documents' formula (gamma outside the means)"),
    "11_convolution": ("conv1d", "kernel flipped (a true convolution)"),
}
"""Lesson -> (function, bank label) of the bug typed in: one that its visible test names."""
HANG_S = 300
"""Hang guard for one wait (a cell, a page, a server): generous, never a speed limit."""

STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
BUSY_PROMPT = '.jp-InputArea-prompt:has-text("[*]")'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------
# The course copy and its notebooks
# --------------------------------------------------------------------------


def completed_notebook(lesson: str) -> nbformat.NotebookNode:
    """The student edition with every solution cell holding the answer key's code."""
    release = nbformat.read(build.notebook_path(ROOT, "release", lesson), as_version=4)
    return fill_solutions(release, answer_key(lesson))


def cell_index(nb, grade_id: str) -> int:
    return next(
        i
        for i, c in enumerate(nb.cells)
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


def planted_bug(lesson: str) -> bank.Variant:
    """The bank's variant of :data:`PLANTED_BUG` for ``lesson``."""
    return bank_bug(lesson, *PLANTED_BUG[lesson])


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A copy of the course with notebooks/ seeded and a completed notebook per lesson."""
    course = tmp_path_factory.mktemp("browser-course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    for tree in ("jupyter", "source", "release", "solutions"):
        shutil.copytree(ROOT / tree, course / tree)
    build.seed_notebooks(course)
    for lesson in all_lessons():
        nbformat.write(completed_notebook(lesson), course / "notebooks" / lesson / COMPLETED)
    return course


# --------------------------------------------------------------------------
# Servers and the browser
# --------------------------------------------------------------------------


@dataclass
class Server:
    role: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, path: str, method: str = "GET") -> tuple[int, object]:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            headers={"Authorization": f"token {TOKEN}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                body = response.read()
                return response.status, json.loads(body) if body.strip() else None
        except urllib.error.HTTPError as e:
            return e.code, None

    def sessions(self) -> list[dict]:
        status, body = self.api("/api/sessions")
        assert status == 200, status
        return body

    def shut_down_kernels(self) -> None:
        for session in self.sessions():
            self.api(f"/api/sessions/{session['id']}", "DELETE")


def _start(course: Path, role: str, scratch: Path) -> Server:
    port = _free_port()
    settings = scratch / f"{role}-settings"
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    # Every cell in the DOM, so the test can read any cell without scrolling.
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    base_env["JUPYTER_CONFIG_DIR"] = str(scratch / f"{role}-home-config")  # not ~/.jupyter
    base_env["JUPYTER_RUNTIME_DIR"] = str(scratch / f"{role}-runtime")
    labs.prepare(course, role)
    cmd = labs.command(
        course,
        role,
        [
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={TOKEN}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={scratch / f'{role}-workspaces'}",
            "--LabApp.expose_app_in_browser=True",
        ],
    )
    log = scratch / f"{role}-server.log"
    process = subprocess.Popen(
        cmd,
        cwd=course,
        env=labs.environment(course, role, base_env),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server(role, port, process, log)


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + HANG_S
    while True:
        with contextlib.suppress(OSError):
            if server.api("/api/status")[0] == 200:
                return
        if server.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{server.role} lab did not start:\n{server.log.read_text()[-3000:]}")
        time.sleep(0.3)


def _stop(server: Server) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


@pytest.fixture(scope="module")
def servers(course, tmp_path_factory):
    """The student lab (``make lab``) and the instructor lab (``make instructor``), both up."""
    scratch = tmp_path_factory.mktemp("browser-scratch")
    started = {role: _start(course, role, scratch) for role in ("student", "instructor")}
    try:
        for server in started.values():
            _wait_ready(server)
        yield started
    finally:
        for server in started.values():
            _stop(server)
        failed = ARTIFACTS / "logs"
        if ARTIFACTS.exists():
            failed.mkdir(parents=True, exist_ok=True)
            for server in started.values():
                shutil.copy(server.log, failed / server.log.name)


@pytest.fixture(scope="module")
def lab(browser, servers):
    """One page of the student lab, for every notebook of the run."""
    student = servers["student"]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(HANG_S * 1000)
    page.goto(f"{student.base}/lab?token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started !== undefined")
    page.evaluate("() => window.jupyterapp.restored")
    page.wait_for_selector("#jp-MainMenu")
    yield Lab(page, student)
    page.close()


@contextlib.contextmanager
def screenshot_on_failure(page, name: str):
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        raise


# --------------------------------------------------------------------------
# Driving JupyterLab
# --------------------------------------------------------------------------


@dataclass
class Lab:
    page: object
    server: Server

    def open(self, path: str) -> None:
        """Open a notebook as a student does, then wait for its kernel to be idle."""
        self.page.evaluate(
            "path => window.jupyterapp.commands.execute('docmanager:open', {path})", path
        )
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell")
        self.wait_idle(path)

    def wait_idle(self, path: str) -> None:
        """The notebook's kernel idle, and no cell showing [*], three polls in a row."""
        deadline = time.monotonic() + HANG_S
        quiet = 0
        while quiet < 3:
            assert time.monotonic() < deadline, f"{path}: still busy after {HANG_S} s"
            states = [
                s["kernel"]["execution_state"]
                for s in self.server.sessions()
                if s.get("path") == path and s.get("kernel")
            ]
            busy = not states or any(s != "idle" for s in states)
            busy = busy or self.page.locator(BUSY_PROMPT).count() > 0
            quiet = 0 if busy else quiet + 1
            time.sleep(0.25)

    def menu(self, top: str, item: str) -> None:
        self.page.locator(f'#jp-MainMenu .lm-MenuBar-itemLabel:text-is("{top}")').click()
        self.page.locator(f'.lm-Menu .lm-Menu-itemLabel:text-is("{item}")').click()

    def run_all(self, path: str) -> None:
        self.menu("Run", "Run All Cells")
        self.page.wait_for_timeout(300)
        self.wait_idle(path)

    def cells(self):
        return self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")

    def close_all(self) -> None:
        """Close every tab without saving, and shut down every kernel."""
        self.page.evaluate(
            "() => { for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) "
            "w.dispose(); }"
        )
        self.server.shut_down_kernels()

    def dialogs(self) -> list[str]:
        return self.page.locator(".jp-Dialog").all_inner_texts()

    def unexecuted_code_cells(self) -> list[int]:
        """Indices of code cells whose prompt shows no execution count."""
        prompts = self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").evaluate_all(
            """cells => cells.map(c => c.classList.contains('jp-CodeCell')
                ? (c.querySelector('.jp-InputArea-prompt')?.textContent || '') : null)"""
        )
        return [
            i for i, p in enumerate(prompts) if p is not None and not any(c.isdigit() for c in p)
        ]

    def first_error(self) -> str:
        errors = self.page.locator(STDERR)
        return errors.first.inner_text()[-1500:] if errors.count() else "(no error output)"


def _opened_cleanly(lab: Lab, path: str) -> None:
    lab.open(path)
    assert lab.dialogs() == [], f"{path} opened with a dialog: {lab.dialogs()}"


# --------------------------------------------------------------------------
# Per lesson
# --------------------------------------------------------------------------


@pytest.mark.parametrize("lesson", all_lessons())
def test_student_edition_runs_to_the_end(lab, lesson):
    """Run All on the untouched student edition reaches the last cell."""
    path = f"{lesson}/{lesson}.ipynb"
    start = time.monotonic()
    try:
        with screenshot_on_failure(lab.page, f"{lesson}-student-edition"):
            _opened_cleanly(lab, path)
            lab.run_all(path)
            stopped = lab.unexecuted_code_cells()
            assert not stopped, (
                f"Run All never reached cell {stopped[0]} of {lab.cells().count()} "
                f"(first error: {lab.first_error()})"
            )
    finally:
        lab.close_all()
        print(f"{lesson} student edition: {time.monotonic() - start:.1f} s")


@pytest.mark.parametrize("lesson", all_lessons())
def test_completed_lesson_in_the_lab(lab, lesson):
    """Tests pass, a slider redraws its plot, a planted bug is named."""
    path = f"{lesson}/{COMPLETED}"
    nb = completed_notebook(lesson)
    bug = planted_bug(lesson)
    start = time.monotonic()
    try:
        with screenshot_on_failure(lab.page, f"{lesson}-completed"):
            _opened_cleanly(lab, path)
            lab.run_all(path)
            assert lab.unexecuted_code_cells() == [], lab.first_error()
            cells = lab.cells()
            assert cells.count() == len(nb.cells)
            failing = [
                c.metadata["nbgrader"]["grade_id"]
                for i, c in enumerate(nb.cells)
                if c.metadata.get("nbgrader", {}).get("grade")
                and cells.nth(i).locator(STDERR).count()
            ]
            assert failing == [], f"test cells with errors: {failing}: {lab.first_error()}"

            _slider_redraws_plot(lab)
            _planted_bug_is_named(lab, path, nb, bug)
    finally:
        lab.close_all()
        print(f"{lesson} completed: {time.monotonic() - start:.1f} s")


def _slider_redraws_plot(lab: Lab) -> None:
    explorers = lab.page.locator(".widget-interact:has(.widget-slider):has(img)")
    assert explorers.count() > 0, "no explorer (an interact with a slider and a plot) rendered"
    explorer = explorers.first
    explorer.scroll_into_view_if_needed()
    before = explorer.locator("img").first.get_attribute("src")
    handle = explorer.locator(".widget-slider .noUi-handle").first
    handle.focus()
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    for _ in range(3):
        handle.press("ArrowLeft" if at_max else "ArrowRight")
    lab.page.wait_for_function(
        """([el, before]) => { const img = el.querySelector('img');
                               return img && img.getAttribute('src') !== before; }""",
        arg=[explorer.element_handle(), before],
    )


def _validate_says_success(lab: Lab) -> None:
    lab.page.locator(
        '.jp-NotebookPanel-toolbar .jp-ToolbarButtonComponent:has-text("Validate")'
    ).click()
    dialog = lab.page.locator(".jp-Dialog")
    dialog.locator("text=/Success!|failed|FAILED|error/").first.wait_for()
    text = dialog.inner_text()
    dialog.locator("button").last.click()
    assert "Success! Your notebook passes all the tests." in text, text


def _planted_bug_is_named(lab: Lab, path: str, nb, bug: bank.Variant) -> None:
    """Type the bug into its solution cell, run it and its visible test, read the message."""
    solution = lab.cells().nth(cell_index(nb, bug.function))
    test_index = cell_index(nb, f"test_{bug.function}")
    editor = solution.locator(".cm-content")
    editor.click()
    lab.page.keyboard.press("Control+a")
    lab.page.keyboard.insert_text(bug.replacements()[bug.function])
    lab.page.keyboard.press("Shift+Enter")  # runs the solution cell
    lab.cells().nth(test_index).locator(".jp-InputArea-prompt").click()
    lab.page.keyboard.press("Shift+Enter")
    lab.page.wait_for_timeout(300)
    lab.wait_idle(path)
    shown = lab.cells().nth(test_index).locator(".jp-OutputArea").inner_text()
    assert any(n.lower() in shown.lower() for n in bug.names), (
        f"planted bug {bug.label!r} in {bug.function}: expected one of {bug.names} "
        f"in the test's output, got:\n{shown[-1500:]}"
    )


# --------------------------------------------------------------------------
# Once per run
# --------------------------------------------------------------------------


def test_student_lab_shows_only_student_tools(lab):
    with screenshot_on_failure(lab.page, "student-tools"):
        menus = lab.page.locator("#jp-MainMenu .lm-MenuBar-itemLabel").all_inner_texts()
        assert "Nbgrader" not in menus, menus
        commands = lab.page.evaluate(
            "() => ['nbgrader:open-formgrader', 'nbgrader:open-course-list', "
            "'nbgrader:open-assignment-list', 'nbgrader:open-create-assignment']"
            ".filter(c => window.jupyterapp.commands.hasCommand(c))"
        )
        assert commands == [], commands
    instructor_urls = ("/formgrader", "/formgrader/api/status", "/formgraders", "/courses")
    for url in (*instructor_urls, "/assignments"):
        status, _ = lab.server.api(url)
        assert status == 404, f"the student lab serves {url} ({status})"
    status, _ = lab.server.api("/nbgrader_version?version=0")
    assert status == 200, "the Validate button's server extension is missing"


def test_validate_button_says_success(lab):
    """nbgrader's Validate button, on the saved completed notebook of the first lesson."""
    path = f"{all_lessons()[0]}/{COMPLETED}"
    try:
        with screenshot_on_failure(lab.page, "validate"):
            _opened_cleanly(lab, path)
            _validate_says_success(lab)
    finally:
        lab.close_all()


def test_widgets_survive_saving_and_reopening(lab):
    """With saveState, a reopened notebook (new kernel) shows its explorers, not an error."""
    lesson = all_lessons()[0]
    path = f"{lesson}/{COMPLETED}"
    try:
        with screenshot_on_failure(lab.page, "widgets-reopened"):
            _opened_cleanly(lab, path)
            lab.run_all(path)
            sliders = lab.page.locator(".widget-slider").count()
            assert sliders > 0
            lab.page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            lab.page.wait_for_function(
                "() => !document.querySelector('.jp-NotebookPanel .jp-mod-dirty, "
                ".lm-TabBar-tab.jp-mod-dirty')"
            )
            lab.close_all()
            _opened_cleanly(lab, path)
            lab.page.locator(".widget-slider").first.wait_for()
            text = lab.page.locator(".jp-NotebookPanel").inner_text()
            assert "Error displaying widget" not in text and "model not found" not in text
            assert lab.page.locator(".widget-slider").count() == sliders
    finally:
        lab.close_all()


def test_formgrader_loads_in_the_instructor_lab(browser, servers, course):
    instructor = servers["instructor"]
    assert (course / "exchange").is_dir()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(HANG_S * 1000)
    try:
        with screenshot_on_failure(page, "instructor-formgrader"):
            page.goto(f"{instructor.base}/formgrader?token={TOKEN}")
            # The assignment table lists source/'s lessons once the gradebook is up
            # (the formgrader runs `alembic`, found on the lab's PATH).
            for lesson in all_lessons():
                page.locator(f"text={lesson}").first.wait_for()
            page.goto(f"{instructor.base}/lab?token={TOKEN}")
            page.locator('#jp-MainMenu .lm-MenuBar-itemLabel:text-is("Nbgrader")').wait_for()
    finally:
        page.close()
    status, body = instructor.api("/assignments?course_id=backprop-from-scratch")
    assert status == 200 and body["success"], body
    status, body = instructor.api("/courses")  # the Assignment List's courses, from the exchange
    assert status == 200 and body["success"], body
    status, body = instructor.api("/formgraders")  # the Course List
    assert status == 200 and body["success"], body
    assert [c["course_id"] for c in body["value"]] == ["backprop-from-scratch"], body


# --------------------------------------------------------------------------
# Feedback pages are inert
# --------------------------------------------------------------------------

PAYLOAD = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"


def test_feedback_html_is_inert(browser, tmp_path):
    """Scripts a student plants in markdown and in an HTML output never run in feedback."""
    lesson = "02_linear_gradients"
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source" / lesson, course / "source" / lesson)
    generated = run_nbgrader(course, "generate_assignment", lesson, "--force")
    assert generated.returncode == 0, generated.stderr[-3000:]
    nb = completed_notebook(lesson)
    nb.cells.append(nbformat.v4.new_markdown_cell(f"PLANTED-MARKDOWN {PAYLOAD}"))
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "from IPython.display import HTML, display\n"
            f"display(HTML({('PLANTED-OUTPUT ' + PAYLOAD)!r}))"
        )
    )
    submission = course / "submitted" / "mallory" / lesson / f"{lesson}.ipynb"
    submission.parent.mkdir(parents=True)
    nbformat.write(nb, submission)
    graded = run_nbgrader(course, "autograde", lesson, "--student=mallory")
    assert graded.returncode == 0, graded.stderr[-3000:]
    feedback = run_nbgrader(course, "generate_feedback", lesson, "--student=mallory")
    assert feedback.returncode == 0, feedback.stderr[-3000:]
    html = course / "feedback" / "mallory" / lesson / f"{lesson}.html"

    page = browser.new_page()
    try:
        with screenshot_on_failure(page, "feedback-inert"):
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(500)
            body = page.locator("body").inner_text()
            assert "PLANTED-MARKDOWN" in body and "PLANTED-OUTPUT" in body, body[-2000:]
            assert page.title() != "pwned"
    finally:
        page.close()
