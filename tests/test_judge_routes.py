"""The judge on every route: nbgrader's own ``autograde`` gives the scores ``make grade`` gives; the reference run
is made once and sets the cells' timeouts; ``--rejudge`` re-judges stored records without a kernel."""
import csv
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from course1.grading import kernel, notebooks, reference, rejudge, samples
from course1.grading.batch import grade_all, write_grades_csv
from test_grading_corpus import course_with_limits

pytestmark = pytest.mark.skipif(bool(kernel.bubblewrap()), reason=f"no kernel sandbox here: {kernel.bubblewrap()}")

A = "c1w2_python_basics"
LOOP = "while True:\n    pass\n"


def endless_answer(nb):
    """The solved notebook whose first answer cell never ends."""
    nb = notebooks.graded_only(nb)
    first = notebooks.solution_cells(nb)[0]
    first.source = LOOP + first.source
    return nb


def printing_answer(nb):
    """The solved notebook whose sigmoid prints every input it gets (the hidden ones too)."""
    nb = notebooks.graded_only(nb)
    cell = notebooks.cells_by_id(nb)["sigmoid"]
    cell.source = cell.source.replace("def sigmoid(x):", "def sigmoid(x):\n    print('LEAKED', repr(x))", 1)
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = course_with_limits(tmp_path_factory.mktemp("judge_routes"), "", [A])
    demo = samples.demo_mistake(course, A)
    samples.write_submission(course, "mistake", A, mistake=demo, transform=notebooks.graded_only)
    samples.write_submission(course, "solution", A, transform=notebooks.graded_only)
    samples.write_submission(course, "endless", A, transform=endless_answer)
    samples.write_submission(course, "printer", A, transform=printing_answer)
    started = time.monotonic()
    scores = grade_all(course, [("mistake", A), ("solution", A), ("endless", A), ("printer", A)], progress=None,
                       jobs=2)
    write_grades_csv(scores, course.root / "grades.csv")
    return course, {s.student: s for s in scores}, time.monotonic() - started


def test_the_reference_run_is_made_once_and_kept_where_no_kernel_sees_it(graded):
    course, scores, _ = graded
    stored = reference.load(course.root, A)
    assert stored is not None, "grade_all made no reference run"
    cells = stored["notebooks"]["Python_Basics_with_Numpy.ipynb"]
    assert cells["records"]["sigmoid_hidden"] and cells["seconds"]["setup"] > 0
    assert ".grader" not in str(course.submission_dir("solution", A))
    assert scores["solution"].score == scores["solution"].max_score
    assert 0 < scores["mistake"].score < scores["mistake"].max_score


def test_nbgrader_autograde_gives_the_scores_of_make_grade(graded):
    course, scores, _ = graded
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"}
    for student in ("mistake", "solution"):
        run = subprocess.run([os.path.join(os.path.dirname(sys.executable), "nbgrader"), "autograde", A,
                              "--student", student, "--force"], cwd=course.root, env=env, capture_output=True,
                             text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]
        assert course.score(student, A).cells == scores[student].cells, student


def test_an_endless_answer_cell_is_stopped_at_its_reference_limit(graded):
    course, scores, seconds = graded
    score = scores["endless"]
    note = " ".join(score.notes)
    assert f"ran longer than {int(reference.MIN_TIMEOUT)} s, its time limit" in note and "basic_sigmoid" in note, note
    assert seconds < 200, f"the batch took {seconds:.0f} s: the loop was not stopped at its reference limit"


def test_rejudging_applies_a_fixed_judge_part_without_any_kernel(graded, monkeypatch):
    course, scores, _ = graded
    (path,) = course.source_notebooks(A)
    nb = notebooks.read(path)
    cell = notebooks.cells_by_id(nb)["sigmoid_hidden"]
    stricter = cell.source.replace("0.5 * (1.0 + np.tanh(0.5 * x))", "0.5 * (1.0 + np.tanh(0.5 * x)) + 1e-3")
    assert stricter != cell.source
    cell.source = stricter
    notebooks.write(nb, path)

    def no_kernel(*args, **kwargs):
        raise AssertionError("re-judging started a kernel")

    monkeypatch.setattr(kernel.SandboxedKernelManager, "_async_launch_kernel", no_kernel)
    changed = rejudge.rejudge_all(course, [A], progress=None)
    assert changed[("solution", A)] == ["sigmoid_hidden"]
    after = course.score("solution", A)
    assert after.cells["sigmoid_hidden"][0] == 0 and after.score == scores["solution"].score - 3
    with open(course.root / "grades.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["student"] == "solution")
    assert float(row["score"]) == after.score
    feedback = " ".join(p.read_text() for p in course.feedback_dir("solution", A).glob("*.html"))
    assert "Wrong values in sigmoid(x)" in feedback


def test_what_a_function_prints_in_a_hidden_cell_never_reaches_the_feedback(graded):
    course, scores, _ = graded
    assert scores["printer"].score == scores["printer"].max_score
    feedback = " ".join(p.read_text() for p in course.feedback_dir("printer", A).glob("*.html"))
    assert "LEAKED" in feedback, "the visible test's own output is the student's to see"
    hidden_input = repr(np.random.default_rng(3).normal(scale=3.0, size=(4,)))[:20]
    assert hidden_input.split("[")[1][:8] not in feedback, "a hidden input reached the feedback"
