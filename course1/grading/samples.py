"""Sample submissions for an assignment: the reference solution, the untouched release, a typical mistake."""
import shutil

from . import notebooks

SOLUTION, UNTOUCHED, MISTAKE, DAMAGED = "demo_solution", "demo_untouched", "demo_mistake", "demo_damaged"
# the assignments `make demo` grades by default: NumPy notebooks that execute in seconds, so the whole
# instructor flow runs in under 3 minutes on 2 cores (`make demo ALL=1` grades every assignment)
QUICK = ("c1w2_python_basics", "c1w2_logistic_regression", "c1w3_planar_data", "c1w4_deep_nn_step_by_step",
         "c2w1_initialization", "c2w1_gradient_checking", "c2w1_regularization", "c2w2_optimization",
         "c4w1_convolution_step_by_step")


def copy_course(root, dest):
    """Copy a course's config, ``source/`` and ``release/`` into an empty folder ``dest``."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    shutil.copy2(root / "nbgrader_config.py", dest / "nbgrader_config.py")
    for folder in ("source", "release"):
        shutil.copytree(root / folder, dest / folder,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (dest / "autograded").mkdir()


def demo_mistake(course, assignment):
    """The assignment's mistake marked ``demo = true`` in ``mistakes.toml`` (or the first, or None)."""
    mistakes = notebooks.read_mistakes(course.root / "source" / assignment)
    return next((m for m in mistakes if m.demo), mistakes[0] if mistakes else None)


def write_submission(course, student, assignment, mistake=None, solve=True, transform=None):
    """Write ``submitted/<student>/<assignment>/`` from the release, solved (with ``mistake``) or not.

    Arguments
    course -- the :class:`~course1.grading.course.Course` to write into
    student, assignment -- ids
    mistake -- a :class:`~course1.grading.notebooks.Mistake` applied where its cell is
    solve -- fill the solution cells in from the source notebook (False: the untouched release)
    transform -- optional callable notebook -> notebook applied last (e.g. ``notebooks.graded_only``)
    """
    for source_path in course.source_notebooks(assignment):
        nb = notebooks.read(course.release_notebook(assignment, source_path.name))
        if solve:
            cells = {notebooks.grade_id(c) for c in notebooks.solution_cells(nb)}
            applies = mistake if mistake is not None and mistake.cell in cells else None
            nb = notebooks.solved(nb, notebooks.read(source_path), applies)
        if transform is not None:
            nb = transform(nb)
        notebooks.write(nb, course.submission_dir(student, assignment) / source_path.name)


def write_damaged(course, student, assignment):
    """Write a submission whose notebook was cut short in the middle of its JSON (a broken upload)."""
    for source_path in course.source_notebooks(assignment):
        text = course.release_notebook(assignment, source_path.name).read_text()
        path = course.submission_dir(student, assignment) / source_path.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text[: len(text) // 2])


def write_samples(course, assignment):
    """Write the three sample submissions; returns {(student, assignment): note}."""
    mistake = demo_mistake(course, assignment)
    write_submission(course, SOLUTION, assignment)
    write_submission(course, UNTOUCHED, assignment, solve=False)
    notes = {(SOLUTION, assignment): "reference solution",
             (UNTOUCHED, assignment): "release as handed out"}
    if mistake is not None:
        write_submission(course, MISTAKE, assignment, mistake)
        notes[(MISTAKE, assignment)] = f"typical mistake in {mistake.cell}: {mistake.what}"
    return notes
