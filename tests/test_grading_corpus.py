"""Bad submissions, built from the real assignments: the batch goes on, rows are right, messages are plain.

The damaged, renamed, edited and misbehaving cases use one NumPy assignment reduced to its graded
cells; the cheats that rewire the grader run on every assignment in source/ (they are caught before
any kernel starts, so they cost little). All are graded in one batch, two at a time.
"""
import copy
import csv
import json
import uuid

import pytest

from course1.grading import jobs, notebooks, samples
from course1.grading.batch import grade_all, write_grades_csv
from course1.grading.course import Course
from conftest import ASSIGNMENTS, ROOT

A = "c1w2_python_basics"
LIMITS = """
c.Execute.timeout = 6
c.Sandbox.wall_seconds = 25
c.Sandbox.memory_limit_mb = 1000
"""


def solved(course, assignment=A):
    """{name: the release solved from source, reduced to setup, answers and tests}."""
    return {p.name: notebooks.graded_only(notebooks.solved(notebooks.read(course.release_notebook(assignment, p.name)),
                                                          notebooks.read(p)))
            for p in course.source_notebooks(assignment)}


def with_cell(code, after="setup"):
    """A transform inserting an ungraded code cell after the cell ``after``."""
    def transform(nb):
        index = next(i for i, c in enumerate(nb.cells) if notebooks.grade_id(c) == after)
        nb.cells.insert(index + 1, notebooks.nbformat.v4.new_code_cell(code))
        return nb
    return transform


def without(*grade_ids):
    def transform(nb):
        nb.cells = [c for c in nb.cells if notebooks.grade_id(c) not in grade_ids]
        return nb
    return transform


def edited(grade_id, prefix):
    def transform(nb):
        cell = notebooks.cells_by_id(nb)[grade_id]
        cell.source = prefix + cell.source
        return nb
    return transform


def replaced(grade_id, source):
    def transform(nb):
        notebooks.cells_by_id(nb)[grade_id].source = source
        return nb
    return transform


def stripped(nb):
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
        cell["id"] = uuid.uuid4().hex[:8]  # a different id too: cells are matched by content
    return nb


def stderr_answers(nb):
    """sigmoid prints to stderr and warns on every call, and still computes the right values."""
    cell = notebooks.cells_by_id(nb)["sigmoid"]
    head, _, body = cell.source.partition("def sigmoid(x):")
    cell.source = head + "import sys, warnings\n" + "def sigmoid(x):\n    print('debug', file=sys.stderr)\n" \
        "    warnings.warn('careful')" + body
    return nb



# student -> (transform of the solved notebook, or raw bytes; expected: "full", "zero" or ("partial", cell))
CASES = {
    "bad_json": (b'{"cells": [', "zero", "not valid notebook JSON"),
    "truncated": ("truncate", "zero", "cut short"),
    "not_a_notebook": (b'{"hello": "world"}', "zero", "not a Jupyter notebook"),
    "empty_file": (b"", "zero", "empty file"),
    "old_format": (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": [], "metadata": {}}).encode(),
                   "zero", "notebook format 3"),
    "renamed": ("rename", "full", "was graded as"),
    "extra_notebook": ("extra", "full", "is not part of this assignment"),
    "missing_notebook": ("missing", "zero", "is missing from your submission"),
    "deleted_tests": (without("sigmoid_hidden", "softmax_test"), "full", "were missing"),
    "deleted_answer": (without("softmax"), ("partial", "softmax"), "your answer for softmax was missing"),
    "edited_locked": (edited("sigmoid_hidden", "pass\n"), "full", "changed the locked cell"),
    "stripped_metadata": (stripped, "full", "lost the grader's cell markers"),
    "endless_loop": (with_cell("while True:\n    pass"), "full", "ran longer than 6 s"),
    "loop_ignoring_sigint": (with_cell("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                       "while True:\n    pass"), "zero", "ran longer than"),
    "kernel_exit": (with_cell("import os\nos._exit(1)"), "zero", "kernel stopped"),
    "memory_hog": (with_cell("import numpy\nhog = numpy.ones(300_000_000)"), "zero", "more than 1000 MB"),
    "stderr_in_answers": (stderr_answers, "full", None),
    "huge_output": (with_cell("print('x' * 5_000_000)\nprint('y\\n' * 200_000)"), "full", None),
    "patch_toolkit": (edited("sigmoid", "checks.check_close = lambda *a, **k: None\n"), "zero", "flagged"),
    "edit_sys_modules": (edited("sigmoid", "import sys, types\nsys.modules['course1.checks'] = types.ModuleType('x')\n"),
                         "zero", "flagged"),
    "library_solution": (replaced("sigmoid", "from course1.deep import sigmoid\n"), ("lost", "sigmoid_hidden"), None),
    "write_outside": ("write_outside", "full", "files outside its folder changed"),
}




def write_case(course, student, build):
    folder = course.submission_dir(student, A)
    folder.mkdir(parents=True, exist_ok=True)
    (name, nb), = solved(course).items()
    text = notebooks.nbformat.writes(nb)
    if isinstance(build, bytes):
        (folder / name).write_bytes(build)
    elif build == "truncate":
        (folder / name).write_text(text[: len(text) // 2])
    elif build == "rename":
        (folder / name.replace(".ipynb", " (1).ipynb")).write_text(text)
    elif build == "extra":
        (folder / name).write_text(text)
        notebooks.write(notebooks.nbformat.v4.new_notebook(), folder / "scratch.ipynb")
    elif build == "missing":
        (folder / "README.txt").write_text("I forgot the notebook")
    elif build == "write_outside":
        target = course.root / "source" / A / "mistakes.toml"
        notebooks.write(with_cell(f"with open({str(target)!r}, 'a') as f:\n    f.write('# was here')")(copy.deepcopy(nb)), folder / name)
    else:
        notebooks.write(build(copy.deepcopy(nb)), folder / name)


def cheat_every_assignment(course, assignment, student, line):
    """The solved, reduced notebooks with ``line`` put at the top of the first answer cell."""
    for name, nb in solved(course, assignment).items():
        first = notebooks.solution_cells(nb)[0]
        first.source = line + first.source
        notebooks.write(nb, course.submission_dir(student, assignment) / name)


GRADER_CHEATS = {
    "cheat_patch_toolkit": "from course1 import checks\nchecks.check_close = lambda *a, **k: None\n",
    "cheat_sys_modules": "import sys\nsys.modules['course1.checks'] = sys.modules['os']\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    samples.copy_course(ROOT, root)
    with open(root / "nbgrader_config.py", "a") as f:
        f.write(LIMITS)
    course = Course(root)
    for assignment in ASSIGNMENTS:
        course.generate_release(assignment)
    for student, (build, _, _) in CASES.items():
        write_case(course, student, build)
    pairs = [(s, A) for s in CASES]
    for assignment in ASSIGNMENTS:
        for student, line in GRADER_CHEATS.items():
            cheat_every_assignment(course, assignment, student, line)
            pairs.append((student, assignment))
    scores = grade_all(course, pairs, progress=None, jobs=2)
    write_grades_csv(scores, root / "grades.csv")
    with open(root / "grades.csv") as f:
        rows = {(r["student"], r["assignment"]): r for r in csv.DictReader(f)}
    return course, {(s.student, s.assignment): s for s in scores}, rows


@pytest.mark.parametrize("student", list(CASES))
def test_bad_submission(student, corpus):
    course, scores, rows = corpus
    _, expected, message = CASES[student]
    score, row = scores[(student, A)], rows[(student, A)]
    assert not score.error, f"{student}: the grader failed: {score.error}"
    assert score.max_score > 0, f"{student}: no row of cells in the gradebook"
    if expected == "full":
        assert score.score == score.max_score, f"{student}: lost {[c for c, s in score.cells.items() if s[0] != s[1]]}"
    elif expected == "zero":
        assert score.score == 0, f"{student}: earned points in {[c for c, s in score.cells.items() if s[0]]}"
    elif expected[0] == "partial":
        lost = {c for c, s in score.cells.items() if s[0] != s[1]}
        assert lost and all(c.startswith(expected[1]) for c in lost), f"{student}: lost {lost}"
    else:
        assert score.cells[expected[1]][0] == 0 < score.score, f"{student}: {score.cells}"
    if message:
        assert message in row["notes"], f"{student}: notes say {row['notes']!r}"
        assert message in (course.feedback_dir(student, A) / jobs.NOTES_FILE).read_text()
    assert row["score"] == f"{score.score:g}"


def test_huge_outputs_are_cut(corpus):
    course, _, _ = corpus
    size = sum(p.stat().st_size for p in course.autograded_dir("huge_output", A).glob("*.ipynb"))
    assert size < 1_000_000, f"the autograded notebook is {size} bytes"


def test_cheats_are_flagged_only_when_cheating(corpus):
    _, scores, rows = corpus
    cheats = {"patch_toolkit", "edit_sys_modules", "write_outside", *GRADER_CHEATS}
    flagged = {s for (s, _), r in rows.items() if r["flagged"]}
    assert flagged >= cheats
    # notebooks graded beside write_outside see the same change and are flagged for review, no more
    assert len(flagged - cheats) <= 2, f"honest submissions flagged: {flagged - cheats}"


@pytest.mark.parametrize("student", list(GRADER_CHEATS))
def test_grader_cheats_earn_nothing_on_every_assignment(student, corpus):
    _, scores, _ = corpus
    earned = {a: scores[(student, a)].score for a in ASSIGNMENTS if scores[(student, a)].score}
    assert not earned, f"{student} earned points: {earned}"
    assert all(scores[(student, a)].flagged and scores[(student, a)].max_score > 0 for a in ASSIGNMENTS)
