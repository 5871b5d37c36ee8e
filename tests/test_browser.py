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
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from course1.grading import lab, notebooks, samples
from course1.grading.course import Course
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
    """A JupyterLab server started as ``make lab`` starts it (a free port, a known token).

    Arguments
    course -- the course folder (its nbgrader_config.py configures the server's nbgrader)
    folder -- the folder it serves and runs in: the course for the instructor, workspace/ for a student
    state -- a scratch folder for Jupyter's runtime files, Lab settings and layouts (not the user's)
    """

    def __init__(self, course, folder, state):
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        env = {name: str(state / sub) for name, sub in [
            ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
            ("JUPYTERLAB_WORKSPACES_DIR", "layouts"), ("JUPYTER_DATA_DIR", "data"), ("IPYTHONDIR", "ipython")]}
        notification = state / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
        notification.parent.mkdir(parents=True)
        notification.write_text('{"fetchNews": "false", "checkForUpdates": false}')  # offline: no news toast
        self.log_path = state / "jupyterlab.log"
        with open(self.log_path, "w") as log:
            self.process = lab.start_lab(course, folder, self.port, self.token, extra_env=env,
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
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def open(self, browser):
        """A new page with JupyterLab loaded."""
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{self.url}/lab?token={self.token}")
        page.locator(".jp-Launcher").wait_for()
        return page


@pytest.fixture
def course_servers(tmp_path):
    """(course folder, instructor's server on the course, student's server on its workspace/)."""
    course = tmp_path / "course"
    samples.copy_course(ROOT, course)
    lab.prepare(course, course / "workspace", seed=False)  # the student fetches from the exchange
    servers = [JupyterLab(course, course, tmp_path / "instructor"),
               JupyterLab(course, course / "workspace", tmp_path / "student")]
    try:
        for server in servers:
            server.wait_until_ready()
        yield course, *servers
    finally:
        for server in servers:
            server.stop()


class Steps:
    """Numbered screenshots: ``01-<name>.png``, ``02-<name>.png``, ... with the seconds they were taken at."""

    def __init__(self, folder):
        self.folder, self.taken = folder, []
        self.start = time.perf_counter()
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    def shot(self, page, name):
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path))
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

    def __init__(self, page, expect):
        self.page, self.expect = page, expect
        self.frame = page.frame_locator("iframe[src*='formgrader']")

    def row(self, text):
        return self.frame.locator("tbody tr").filter(has_text=text)

    def act(self, locator, success):
        """Click an action and wait until its result dialog is fully shown and says ``success``."""
        locator.click()
        dialog = self.frame.locator(".modal.in")
        self.expect(dialog).to_contain_text(success)
        self.expect(dialog).to_have_css("opacity", "1")

    def navigate(self, link):
        """Click a link that loads another formgrader page and wait for that page to load."""
        frame = next(f for f in self.page.frames if "/formgrader" in f.url)
        with frame.expect_navigation():
            link.click()

    def close_dialog(self):
        self.frame.locator(".modal.in .modal-footer button").first.click()
        self.expect(self.frame.locator(".modal.in")).to_have_count(0)


def test_student_and_instructor_in_the_browser(course_servers, capsys):
    sync_playwright = playwright_or_skip()
    from playwright.sync_api import expect
    expect.set_options(timeout=TIMEOUT_MS)
    course, instructor_lab, student_lab = course_servers

    source = notebooks.read(ROOT / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    solution = notebooks.solution_code(notebooks.cells_by_id(source)[TYPED_CELL].source)
    total_points = sum(notebooks.nbgrader_meta(c).get("points", 0) for c in notebooks.test_cells(source))
    secret = hidden_lines(source)
    assert secret and total_points > 0
    student = getpass.getuser()  # nbgrader's exchange names a student by the operating system user
    steps = Steps(SCREENSHOTS)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = None
        try:
            teacher = page = instructor_lab.open(browser)

            # Instructor: generate the student version and release it to the exchange (formgrader).
            menu(teacher, "Nbgrader", "Formgrader")
            fg = Formgrader(teacher, expect)
            row = fg.row(ASSIGNMENT)
            fg.act(row.locator("td.assign a"), "Successfully created the student version")
            steps.shot(teacher, "instructor-generate")
            fg.close_dialog()
            fg.act(row.locator("td.release a"), f"Successfully released '{ASSIGNMENT}'")
            steps.shot(teacher, "instructor-release")
            fg.close_dialog()
            expect(row.locator("td.status")).to_have_text("released")

            # Instructor: the assignment's name leads to its source notebook; Create Assignment shows
            # every graded cell's id and the notebook's total points.
            row.locator("td.name a").click()
            teacher.locator(".jp-DirListing-item").filter(has_text=f"{NOTEBOOK}.ipynb").dblclick()
            teacher.locator(".jp-SideBar .lm-TabBar-tab").filter(has_text="Create Assignment").click()
            panel = teacher.locator(".nbgrader-CreateAssignmentWidget")
            expect(panel.locator(".nbgrader-CellWidget")).to_have_count(len(source.cells))
            expect(panel.locator(".nbgrader-TotalPointsInput")).to_have_value(str(total_points))
            cell_ids = panel.locator(".nbgrader-CellId input").evaluate_all("inputs => inputs.map(i => i.value)")
            assert {notebooks.grade_id(c) for c in notebooks.solution_cells(source)} <= set(cell_ids)
            typed_index = [notebooks.grade_id(c) for c in source.cells].index(TYPED_CELL)  # show it
            teacher.locator(".jp-Notebook .jp-Cell").nth(typed_index).scroll_into_view_if_needed()
            panel.locator(".nbgrader-CellWidget").nth(typed_index).scroll_into_view_if_needed()
            steps.shot(teacher, "instructor-create-assignment-panel")

            # Student: fetch the assignment from the Assignments panel and open the notebook.
            desk = page = student_lab.open(browser)
            menu(desk, "Nbgrader", "Assignment List")
            desk.locator("#released_assignments_list .list_item").filter(has_text=ASSIGNMENT) \
                .get_by_role("button", name="Fetch").click()
            fetched = desk.locator("#fetched_assignments_list .list_item").filter(has_text=ASSIGNMENT).first
            expect(fetched.get_by_role("button", name="Submit")).to_be_visible()
            steps.shot(desk, "student-fetch")
            fetched.locator("a.assignment-notebooks-link").click()
            desk.locator(f"#nbgrader-dlcourse-{ASSIGNMENT} a").get_by_text(NOTEBOOK, exact=True).click()
            notebook = desk.locator(".jp-NotebookPanel")
            kernel_status = desk.get_by_title(f"Change kernel for {NOTEBOOK}.ipynb")
            expect(kernel_status).to_have_text("Python 3 (ipykernel) | Idle")  # Run All needs a kernel
            steps.shot(desk, "student-open")

            def cell(text):
                return notebook.locator(".jp-Cell").filter(has_text=text).first

            # Run everything: the first exercise's stub raises NotImplementedError in its test cell.
            test_cell = cell(f"{TYPED_CELL}_test({TYPED_CELL})")
            menu(desk, "Run", "Run All Cells")
            error = test_cell.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            expect(error).to_contain_text("NotImplementedError")
            expect(kernel_status).to_have_text("Python 3 (ipykernel) | Idle")
            test_cell.scroll_into_view_if_needed()
            steps.shot(desk, "student-stubs-fail")

            # Type the solution of that exercise into its cell, through the editor.
            editor = cell(f"# GRADED FUNCTION: {TYPED_CELL}").locator(".cm-content")
            editor.click()
            desk.keyboard.press("Control+a")
            desk.keyboard.insert_text(solution)
            expect(editor).to_contain_text("1 / (1 + math.exp(-x))")
            steps.shot(desk, "student-type-solution")

            # Run again: that test passes, the next exercise's stub fails. Save.
            menu(desk, "Run", "Run All Cells")
            expect(test_cell.locator(".jp-OutputArea-output")).to_contain_text("All tests passed")
            expect(cell("sigmoid_test(sigmoid)").locator(".jp-OutputArea-output")).to_contain_text(
                "NotImplementedError")
            expect(kernel_status).to_have_text("Python 3 (ipykernel) | Idle")
            test_cell.scroll_into_view_if_needed()
            steps.shot(desk, "student-rerun")
            menu(desk, "File", "Save Notebook")
            expect(desk.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")).to_have_count(0)

            # Validate: nbgrader's dialog names the test that still fails.
            notebook.locator(".validate-button").click()
            dialog = desk.locator(".jp-Dialog")
            expect(dialog).to_contain_text("Validation Results")
            expect(dialog.locator(".jp-Dialog-body")).to_contain_text("NotImplementedError")
            validation = dialog.inner_text()
            steps.shot(desk, "student-validate")
            dialog.get_by_role("button", name="Ok").click()

            # Submit from the Assignments panel.
            tab(desk, "Assignments")
            fetched.get_by_role("button", name="Submit").click()
            expect(desk.locator("#submitted_assignments_list .list_item").filter(has_text=ASSIGNMENT)) \
                .to_have_count(1)
            steps.shot(desk, "student-submit")

            # Instructor: collect, autograde on the submissions page, generate and release feedback.
            page = teacher
            tab(teacher, "Formgrader")
            fg.navigate(fg.frame.get_by_role("link", name="Manage Assignments"))  # a fresh list
            fg.act(row.locator("td.collect a"), "Successfully collected")
            steps.shot(teacher, "instructor-collect")
            fg.close_dialog()
            fg.navigate(row.locator("td.num-submissions a"))
            submission = fg.frame.locator("tbody tr").filter(has_text=student)
            fg.act(submission.locator("td.autograde a"), f"Successfully autograded '{ASSIGNMENT}'")
            fg.close_dialog()
            expect(submission).to_contain_text("graded")
            steps.shot(teacher, "instructor-autograded-score")
            fg.navigate(fg.frame.get_by_role("link", name="Manage Assignments"))
            fg.act(row.locator("td.generate-feedback a"), "Successfully generated feedback")
            steps.shot(teacher, "instructor-generate-feedback")
            fg.close_dialog()
            fg.act(row.locator("td.release-feedback a"), "Successfully released feedback")
            fg.close_dialog()

            # Student: fetch the feedback and open it.
            page = desk
            desk.bring_to_front()
            tab(desk, "Assignments")
            desk.locator("#refresh_assignments_list").click()
            desk.locator("#submitted_assignments_list").get_by_role("button", name="Fetch Feedback").click()
            desk.locator("#submitted_assignments_list").get_by_text("(view feedback)").click()
            desk.locator(".jp-DirListing-item").filter(has_text=f"{NOTEBOOK}.html").dblclick()
            viewer = desk.frame_locator(".jp-HTMLViewer iframe").locator("body")
            expect(viewer).to_contain_text("hidden tests ran here")
            feedback_text = viewer.inner_text()
            steps.shot(desk, "student-feedback")
            viewer.get_by_text("NotImplementedError: a function this test calls").first.scroll_into_view_if_needed()
            steps.shot(desk, "student-feedback-failure-message")
        except Exception:
            if page is not None:
                steps.shot(page, "failure")  # what the page showed when a step failed
                (SCREENSHOTS / "failure.html").write_text(page.content())
            raise
        finally:
            browser.close()
            with capsys.disabled():
                print(f"\nbrowser test: {len(steps.taken)} screenshots in {SCREENSHOTS}\n{steps.summary()}")

    assert "NotImplementedError" in validation and f"{TYPED_CELL}_test" not in validation
    score = Course(course).score(student, ASSIGNMENT)
    assert 0 < score.score < score.max_score == total_points, (score.score, score.max_score)
    # the visible test carries no points; its hidden twin, judged outside the kernel, earns them
    assert score.cells[f"{TYPED_CELL}_test"] == (0.0, 0.0)
    assert score.cells[f"{TYPED_CELL}_hidden"][0] == score.cells[f"{TYPED_CELL}_hidden"][1] > 0
    # The course's own feedback step wrote the page: failure messages, no hidden test code.
    assert "NotImplementedError: a function this test calls is not written yet" in feedback_text
    leaked = [line for line in secret if line in feedback_text]
    assert not leaked, f"the feedback shows hidden test code: {leaked[:3]}"
