"""Students and instructors in a real browser: JupyterLab + the nbgrader extension, end to end.

On a throwaway copy of the course, JupyterLab runs the way ``make lab`` starts it (same command,
same environment, a free port and a known token) and Playwright drives Debian's chromium through
one assignment's whole life: the instructor generates and releases it from the formgrader, the
student fetches it from the Assignments panel, runs it, sees the stubs fail, types one solution,
re-runs, validates and submits; the instructor collects, autogrades and generates feedback from the
formgrader and releases it; the student fetches the feedback and opens it. Every step leaves a
numbered screenshot in ``.screenshots/browser/`` (git-ignored).

Without the ``playwright`` package or ``/usr/bin/chromium`` the browser test skips, except under
CI (``CI=true``), where that is a failure.
"""
import getpass
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from course1.grading import lab, notebooks, samples
from conftest import ROOT
from test_assignments import hidden_lines

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ASSIGNMENT = "c1w2_python_basics"
NOTEBOOK = "Python_Basics_with_Numpy"
TYPED_CELL = "basic_sigmoid"  # the exercise the student solves through the editor
SCREENSHOTS = ROOT / ".screenshots" / "browser"
TIMEOUT_MS = 90_000


# --- make lab without a browser --------------------------------------------------------------------

def test_lab_command_serves_the_workspace_on_loopback_with_the_token(tmp_path):
    command = lab.lab_command(tmp_path / "workspace", 8123, "abc")
    assert "--ip=127.0.0.1" in command and "--port=8123" in command
    assert f"--ServerApp.root_dir={tmp_path / 'workspace'}" in command
    assert "--IdentityProvider.token=abc" in command and "--ServerApp.port_retries=0" in command
    with pytest.raises(ValueError, match="token"):
        lab.lab_command(tmp_path, 8123, "")
    with pytest.raises(ValueError, match="port"):
        lab.lab_command(tmp_path, 70000, "abc")


def test_lab_environment_puts_the_course_config_first(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/elsewhere")
    env = lab.lab_environment(tmp_path)
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(tmp_path), "/elsewhere"]
    venv_bin = pathlib.Path(sys.executable).parent
    assert env["PATH"].split(os.pathsep)[0] == str(venv_bin) and (venv_bin / "alembic").exists()


def test_prepare_seeds_the_workspace_and_the_exchange_inside_the_course(tmp_path):
    samples.copy_course(ROOT, tmp_path / "course")
    course, workspace = tmp_path / "course", tmp_path / "course" / "workspace"
    copied = lab.prepare(course, workspace)
    assert f"{ASSIGNMENT}/{NOTEBOOK}.ipynb" in copied and (course / ".exchange").is_dir()
    mine = workspace / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    mine.write_text("my work")
    assert lab.prepare(course, workspace) == [] and mine.read_text() == "my work"
    with pytest.raises(FileNotFoundError, match="not a course folder"):
        lab.prepare(tmp_path, workspace)


# --- the browser -----------------------------------------------------------------------------------

def playwright_or_skip():
    """Playwright's ``sync_playwright``, or a skip naming what is missing (a failure under CI)."""
    missing = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        missing.append("the Python package playwright (pip install -r requirements-lock.txt)")
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"{CHROMIUM} (apt-get install chromium; .ci/run installs it)")
    if missing:
        message = "the browser test needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; under CI=true a missing browser is a failure, not a skip")
        pytest.skip(message)
    return sync_playwright


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """A JupyterLab server started the way ``make lab`` starts it, on a scratch course copy."""

    def __init__(self, folder):
        self.course, self.workspace = folder / "course", folder / "course" / "workspace"
        samples.copy_course(ROOT, self.course)
        lab.prepare(self.course, self.workspace, seed=False)  # the student fetches from the exchange
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        # Keep the user's Jupyter state out: runtime files, Lab settings and layouts live in folder.
        env = {name: str(folder / sub) for name, sub in [
            ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
            ("JUPYTERLAB_WORKSPACES_DIR", "layouts"), ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython")]}
        notification = folder / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        notification.parent.mkdir(parents=True)
        notification.write_text('{"fetchNews": "false", "checkForUpdates": false}')  # offline: no news toast
        self.log_path = folder / "jupyterlab.log"
        with open(self.log_path, "w") as log:
            self.process = lab.start_lab(self.course, self.workspace, self.port, self.token, extra_env=env,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def log_tail(self, lines=40):
        return "\n".join(self.log_path.read_text().splitlines()[-lines:])

    def wait_until_ready(self, timeout=120):
        request = urllib.request.Request(f"{self.url}/api/status", headers={"Authorization": f"token {self.token}"})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"JupyterLab did not answer on {self.url} within {timeout} s:\n{self.log_tail()}")

    def stop(self):
        """End the server and the kernels it started (its own process group)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()


@pytest.fixture
def jupyterlab(tmp_path):
    server = JupyterLab(tmp_path)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


class Steps:
    """Numbered screenshots of the page: ``01-<name>.png``, ``02-<name>.png``, ..."""

    def __init__(self, page, folder):
        self.page, self.folder, self.taken = page, folder, []
        self.start = time.perf_counter()
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    def shot(self, name):
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(path))
        self.taken.append((path.name, time.perf_counter() - self.start))

    def summary(self):
        return "\n".join(f"  {name}  (at {seconds:.0f} s)" for name, seconds in self.taken)


def menu(page, top, item):
    page.locator(".lm-MenuBar-itemLabel").get_by_text(top, exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text(item, exact=True).click()


def tab(page, title):
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tabLabel").get_by_text(title, exact=True).click()


class Formgrader:
    """The formgrader page inside its JupyterLab tab."""

    def __init__(self, page):
        self.page = page
        self.frame = page.frame_locator("iframe[src*='formgrader']")

    def row(self, text):
        return self.frame.locator("tbody tr").filter(has_text=text)

    def click_and_read_modal(self, locator, expect):
        """Click an action, wait for its result dialog to be fully shown, return the dialog's text."""
        from playwright.sync_api import expect as pw_expect
        locator.click()
        dialog = self.frame.locator(".modal.in")
        pw_expect(dialog).to_be_visible(timeout=TIMEOUT_MS)
        pw_expect(dialog).to_have_css("opacity", "1")
        text = dialog.inner_text()
        assert expect in text, text
        return text

    def close_modal(self):
        from playwright.sync_api import expect as pw_expect
        self.frame.locator(".modal.in .modal-footer button").first.click()
        pw_expect(self.frame.locator(".modal.in")).to_have_count(0)


def test_student_and_instructor_in_the_browser(jupyterlab, capsys):
    sync_playwright = playwright_or_skip()
    from playwright.sync_api import expect
    expect.set_options(timeout=TIMEOUT_MS)

    source = notebooks.read(ROOT / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    solution = notebooks.solution_code(notebooks.cells_by_id(source)[TYPED_CELL].source)
    secret = hidden_lines(source)
    assert secret, "the source notebook has no hidden tests to hide"
    student = getpass.getuser()  # nbgrader's exchange names a student by the operating system user
    start = time.perf_counter()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        steps = Steps(page, SCREENSHOTS)
        try:
            page.goto(f"{jupyterlab.url}/lab?token={jupyterlab.token}")
            page.locator(".jp-Launcher").wait_for()

            # Instructor: generate the student version, release it to the exchange.
            menu(page, "Nbgrader", "Formgrader")
            fg = Formgrader(page)
            row = fg.row(ASSIGNMENT)
            fg.click_and_read_modal(row.locator("td.assign a"), "Successfully created the student version")
            steps.shot("instructor-generate")
            fg.close_modal()
            fg.click_and_read_modal(row.locator("td.release a"), f"Successfully released '{ASSIGNMENT}'")
            steps.shot("instructor-release")
            fg.close_modal()
            expect(row.locator("td.status")).to_have_text("released")

            # Student: fetch it from the Assignments panel and open the notebook.
            menu(page, "Nbgrader", "Assignment List")
            page.locator("#released_assignments_list .list_item").filter(has_text=ASSIGNMENT) \
                .get_by_role("button", name="Fetch").click()
            fetched = page.locator("#fetched_assignments_list .list_item").filter(has_text=ASSIGNMENT).first
            expect(fetched.get_by_role("button", name="Submit")).to_be_visible()
            steps.shot("student-fetch")
            fetched.locator("a.assignment-notebooks-link").click()
            page.locator(f"#nbgrader-dlcourse-{ASSIGNMENT} a").get_by_text(NOTEBOOK, exact=True).click()
            notebook = page.locator(".jp-NotebookPanel")
            kernel_status = page.get_by_title(f"Change kernel for {NOTEBOOK}.ipynb")
            expect(kernel_status).to_have_text("Python 3 (ipykernel) | Idle")  # Run All needs a kernel
            steps.shot("student-open")

            # Run everything: the first exercise's stub raises NotImplementedError in its test cell.
            def cell(text):
                return notebook.locator(".jp-Cell").filter(has_text=text).first

            test_cell = cell(f"{TYPED_CELL}_test({TYPED_CELL})")
            menu(page, "Run", "Run All Cells")
            error = test_cell.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            expect(error).to_contain_text("NotImplementedError")
            test_cell.scroll_into_view_if_needed()
            steps.shot("student-stubs-fail")

            # Type the solution of the first exercise into its cell, through the editor.
            editor = cell(f"# GRADED FUNCTION: {TYPED_CELL}").locator(".cm-content")
            editor.click()
            page.keyboard.press("Control+a")
            page.keyboard.insert_text(solution)
            expect(editor).to_contain_text("1 / (1 + math.exp(-x))")
            steps.shot("student-type-solution")

            # Run again: that test passes, the next stub fails; save.
            menu(page, "Run", "Run All Cells")
            expect(test_cell.locator(".jp-OutputArea-output")).to_contain_text("All tests passed")
            next_error = cell("sigmoid_test(sigmoid)").locator(".jp-OutputArea-output")
            expect(next_error).to_contain_text("NotImplementedError")
            expect(kernel_status).to_have_text("Python 3 (ipykernel) | Idle")
            test_cell.scroll_into_view_if_needed()
            steps.shot("student-rerun")
            menu(page, "File", "Save Notebook")
            expect(page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")).to_have_count(0)

            # Validate: nbgrader's dialog lists the tests that still fail.
            notebook.locator(".validate-button").click()
            dialog = page.locator(".jp-Dialog")
            expect(dialog).to_contain_text("Validation Results")
            expect(dialog.locator(".jp-Dialog-body")).to_contain_text("NotImplementedError")
            validation = dialog.inner_text()
            steps.shot("student-validate")
            dialog.get_by_role("button", name="Ok").click()

            # Submit from the Assignments panel.
            tab(page, "Assignments")
            fetched.get_by_role("button", name="Submit").click()
            submitted = page.locator("#submitted_assignments_list .list_item").filter(has_text=ASSIGNMENT)
            expect(submitted).to_have_count(1)
            steps.shot("student-submit")

            # Instructor: collect, autograde from the submissions page, generate and release feedback.
            tab(page, "Formgrader")
            fg.frame.get_by_role("link", name="Manage Assignments").click()  # reload the list
            fg.click_and_read_modal(row.locator("td.collect a"), "Successfully collected")
            steps.shot("instructor-collect")
            fg.close_modal()
            row.locator("td.num-submissions a").click()
            submission = fg.frame.locator("tbody tr").filter(has_text=student)
            fg.click_and_read_modal(submission.locator("td.autograde a"), "Successfully autograded")
            steps.shot("instructor-autograde")
            fg.close_modal()
            fg.frame.get_by_role("link", name="Manage Assignments").click()
            row = fg.row(ASSIGNMENT)
            fg.click_and_read_modal(row.locator("td.generate-feedback a"), "Successfully generated feedback")
            steps.shot("instructor-generate-feedback")
            fg.close_modal()
            fg.click_and_read_modal(row.locator("td.release-feedback a"), "Successfully released feedback")
            fg.close_modal()

            # Student: fetch the feedback and open it.
            tab(page, "Assignments")
            page.locator("#refresh_assignments_list").click()
            page.locator("#submitted_assignments_list").get_by_role("button", name="Fetch Feedback").click()
            page.locator("#submitted_assignments_list").get_by_text("(view feedback)").click()
            page.locator(".jp-DirListing-item").filter(has_text=f"{NOTEBOOK}.html").dblclick()
            viewer = page.frame_locator(".jp-HTMLViewer iframe")
            expect(viewer.locator("body")).to_contain_text("hidden tests ran here")
            feedback_text = viewer.locator("body").inner_text()
            steps.shot("student-feedback")
        except Exception:
            steps.shot("failure")  # what the page showed when a step failed
            (SCREENSHOTS / "failure.html").write_text(page.content())
            raise
        finally:
            browser.close()
            with capsys.disabled():
                print(f"\nbrowser test: {len(steps.taken)} screenshots in {SCREENSHOTS} "
                      f"({time.perf_counter() - start:.0f} s in the browser)\n{steps.summary()}")

    assert "NotImplementedError" in validation and f"{TYPED_CELL}_test" not in validation
    score = lab_score(jupyterlab.course, student)
    assert 0 < score.score < score.max_score, (score.score, score.max_score)
    assert score.cells[f"{TYPED_CELL}_test"][0] == score.cells[f"{TYPED_CELL}_test"][1] > 0
    # The feedback went through the course's own step: failure messages, no hidden test code.
    assert "NotImplementedError: a function this test calls is not written yet" in feedback_text
    leaked = [line for line in secret if line in feedback_text]
    assert not leaked, f"the feedback shows hidden test code: {leaked[:3]}"


def lab_score(course, student):
    from course1.grading.course import Course
    return Course(course).score(student, ASSIGNMENT)
