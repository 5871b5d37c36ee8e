"""nbgrader settings for the course: the nbgrader CLI, the JupyterLab extension and `make` read this file."""
import os

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = here
c.CourseDirectory.course_id = "dlcourse"
# mistakes.toml lists typical wrong answers for the project's tests and the demo; never released.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "mistakes.toml"]

# The nbgrader exchange (release / fetch / submit / collect) lives in an ignored folder of the course.
c.Exchange.root = os.path.join(here, ".exchange")

# Execution limits per cell: a correct solution needs at most ~30 s in any cell on a 2-core laptop.
c.Execute.timeout = 300
c.Execute.startup_timeout = 120
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Feedback shows each failing test's message, never hidden test code or its traceback.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "course1.grading.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Kernels keep no history file and do not log their own start-up notices into the grading output.
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]

# Bad submissions (course1/grading/repair.py, scan.py and limits.py): deleted test cells are put back, huge
# outputs are cut, and a watchdog ends a kernel above its memory, files or time budget.
c.OverwriteCells.add_missing_cells = True
# Hidden tests are judged outside the kernel (course1/grading/judge.py, inside SandboxedExecute): the kernel
# runs their kernel parts and records values; the grader's process checks them. Visible tests carry no points,
# so Validate lists a failing one through validate_all.
c.Validator.validate_all = True
# Kernels run under bubblewrap (course1/grading/kernel.py: an allow-list file system, no network); where
# bubblewrap cannot run, grading is refused unless c.Sandbox.unsandboxed = True (make grade UNSANDBOXED=1).
# `make grade` prints which protections are on.
c.Autograde.autograde_preprocessors = [
    "course1.grading.kernel.SandboxedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "course1.grading.limits.LimitOutputSize",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# The executing step keeps each cell's seconds in the notebook's metadata (the reference run's timeouts).
c.ClearMetadataPreprocessor.preserve_nb_metadata_mask = {("language_info", "name"), ("dlcourse",)}
c.LimitOutputSize.max_chars = 100_000
c.LimitOutputSize.max_image_bytes = 2_000_000
c.LimitOutputSize.max_total_image_bytes = 20_000_000
c.Sandbox.memory_limit_mb = 4096
c.Sandbox.files_limit_mb = 512
c.Sandbox.max_files = 100_000
c.Sandbox.wall_seconds = 1800
