"""Bad submissions, built from the real assignments: the batch goes on, rows are right, messages are plain.

The damaged, renamed, edited and misbehaving cases use one NumPy assignment reduced to its graded
cells; the cheats that rewire the grader run on every assignment in source/ (they are caught before
any kernel starts, so they cost little). All are graded in one batch, two at a time.
"""
import copy
import csv
import json
import socket
import threading
import uuid

import pytest

from course1.grading import jobs, kernel, notebooks, samples
from course1.grading.batch import grade_all, write_grades_csv
from course1.grading.course import Course
from conftest import ASSIGNMENTS, ROOT

A = "c1w2_python_basics"
LIMITS = """
c.Execute.timeout = 6
c.Sandbox.wall_seconds = 25
c.Sandbox.memory_limit_mb = 1000
c.Sandbox.max_processes = 50
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


def moved(grade_id, before):
    """A transform moving the cell ``grade_id`` just before the cell ``before``."""
    def transform(nb):
        cell = notebooks.cells_by_id(nb)[grade_id]
        nb.cells.remove(cell)
        nb.cells.insert(nb.cells.index(notebooks.cells_by_id(nb)[before]), cell)
        return nb
    return transform


def doubled(grade_id):
    """A transform putting a copy of the cell ``grade_id`` (same nbgrader metadata) right after it."""
    def transform(nb):
        cell = notebooks.cells_by_id(nb)[grade_id]
        twin = copy.deepcopy(cell)
        twin["id"] = uuid.uuid4().hex[:8]
        nb.cells.insert(nb.cells.index(cell) + 1, twin)
        return nb
    return transform


def stripped(nb):
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
        cell["id"] = uuid.uuid4().hex[:8]  # a different id too: cells are matched by content
    return nb


def stderr_answers(nb):
    """sigmoid writes to stderr and warns on every call, and still computes the right values."""
    cell = notebooks.cells_by_id(nb)["sigmoid"]
    head, _, body = cell.source.partition("def sigmoid(x):")
    cell.source = head + "import os, warnings\n" + "def sigmoid(x):\n    os.write(2, b'debug\\n')\n" \
        "    warnings.warn('careful')" + body
    return nb



FORK_BOMB = """import os, time
for _ in range(200):  # bounded: 200 children that sleep, then exit
    if os.fork() == 0:
        time.sleep(20)
        os._exit(0)
time.sleep(5)"""
GIANT_IMAGE = """import base64, os
from IPython.display import display
display({"image/png": base64.b64encode(os.urandom(3_000_000)).decode()}, raw=True)"""
# The sigmoid answer is fetched by another program from a server the test runs on 127.0.0.1 (after a try at an
# outside address) and imported: no networking module in the cell, so only the kernel sandbox can stop it.
NETWORK_ANSWER = """import subprocess
fetch = ("import socket\\n"
         "try:\\n    socket.create_connection(('192.0.2.1', 80), timeout=2)\\nexcept OSError:\\n    pass\\n"
         "answer = socket.create_connection(('127.0.0.1', {port}), timeout=5).recv(100_000)\\n"
         "open('net_answer.py', 'wb').write(answer)\\n")
subprocess.run(["python", "-c", fetch], timeout=30)
from net_answer import sigmoid
"""
SANDBOXED = not kernel.bubblewrap()
ANSWER = "import numpy as np\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n"


def answer_server():
    """Port of a loopback server that hands the sigmoid answer to whoever connects (a cheat's helper)."""
    server = socket.create_server(("127.0.0.1", 0))

    def serve():
        while True:
            conn, _ = server.accept()
            with conn:
                conn.sendall(ANSWER.encode())

    threading.Thread(target=serve, daemon=True).start()
    return server.getsockname()[1]


# student -> (transform of the solved notebook, or raw bytes; expected score: "full", "zero", ("partial", cell:
# only that exercise lost), ("lost", cell: that cell lost, others earned) or "unprotected" (skipped without the
# kernel sandbox); a phrase the notes must hold, or None)
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
    # under the sandbox the write fails (read-only file system), elsewhere the coordinator's check flags it
    "write_outside": ("write_outside", "full", None if SANDBOXED else "files outside its folder changed"),
    "reordered_cells": (moved("sigmoid_test", "sigmoid"), "full", "not in the assignment's order"),
    "duplicated_answer": (doubled("sigmoid"), "full", "appeared more than once"),
    "duplicated_test": (doubled("softmax_hidden"), "full", "appeared more than once"),
    "long_sleep": (with_cell("import time\ntime.sleep(60)"), "full", "ran longer than 6 s"),
    "segfault": (with_cell("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)"), "zero", "kernel stopped"),
    "fork_bomb": (with_cell(FORK_BOMB), "zero", "more than 50 processes"),
    "giant_image": (with_cell(GIANT_IMAGE), "full", None),
    "network_static": (replaced("sigmoid", "import urllib.request\n"
                                           "exec(urllib.request.urlopen('http://127.0.0.1:9/sigmoid.py').read())\n"),
                       "zero", "reaches the network"),
    "network_dynamic": ("network", ("lost", "sigmoid_hidden") if SANDBOXED else "unprotected", None),
}




T = "c2w3_tensorflow_intro"
TF_LIMITS = """
c.Execute.timeout = 40
c.Sandbox.wall_seconds = 600
"""
TF_LOG_LINES = """import os, warnings
os.write(2, b"2026-11-27 09:00:00.000000: I tensorflow/core/platform/cpu_feature_guard.cc:210] This TensorFlow "
            b"binary is optimized to use available CPU instructions.\\n")
os.write(2, b"W0000 00:00:1700000000.000000 1 gpu_device.cc:2344] Cannot dlopen some GPU libraries.\\n")
warnings.warn("a warning from the answer cell")
tf.get_logger().warning("a line from TensorFlow's logger")
"""
# The non-cheat cases also on the TensorFlow assignment (reduced to its graded cells), each scored against
# the reference solution graded in the same batch ("honest": the same score in every test cell).
TF_CASES = {
    "tf_honest": (lambda nb: nb, "positive", None),  # also the reference run (graded_only keeps every test)
    "tf_stderr_logs": (edited("sigmoid", TF_LOG_LINES), "honest", None),
    "tf_kernel_exit": (with_cell("import os\nos._exit(1)"), "zero", "kernel stopped"),
    "tf_endless_loop": (with_cell("while True:\n    pass"), "honest", "ran longer than 40 s"),
}


def write_case(course, student, build, port, assignment=A):
    folder = course.submission_dir(student, assignment)
    folder.mkdir(parents=True, exist_ok=True)
    (name, nb), = solved(course, assignment).items()
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
    elif build == "network":
        notebooks.write(replaced("sigmoid", NETWORK_ANSWER.format(port=port))(copy.deepcopy(nb)),
                        folder / name)
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


def course_with_limits(root, limits, assignments):
    """A scratch copy of the course with ``limits`` appended to its config and releases of ``assignments``."""
    samples.copy_course(ROOT, root)
    with open(root / "nbgrader_config.py", "a") as f:
        f.write(limits)
    course = Course(root)
    for assignment in assignments:
        course.generate_release(assignment)
    return course


def graded(course, pairs, reference_student=None):
    """Grade ``pairs`` two at a time: (course, {(student, assignment): Score}, {(student, assignment): csv row})."""
    scores = grade_all(course, pairs, progress=None, jobs=2, reference_student=reference_student)
    write_grades_csv(scores, course.root / "grades.csv")
    with open(course.root / "grades.csv") as f:
        rows = {(r["student"], r["assignment"]): r for r in csv.DictReader(f)}
    return course, {(s.student, s.assignment): s for s in scores}, rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    course = course_with_limits(tmp_path_factory.mktemp("corpus"), LIMITS, ASSIGNMENTS)
    port = answer_server()
    for student, (build, _, _) in CASES.items():
        write_case(course, student, build, port)
    pairs = [(s, A) for s in CASES]
    for assignment in ASSIGNMENTS:
        for student, line in GRADER_CHEATS.items():
            cheat_every_assignment(course, assignment, student, line)
            pairs.append((student, assignment))
    return graded(course, pairs)


@pytest.fixture(scope="module")
def tf_corpus(tmp_path_factory):
    """The TensorFlow cases, in a course whose cell timeout leaves room for importing TensorFlow under load."""
    course = course_with_limits(tmp_path_factory.mktemp("tf_corpus"), TF_LIMITS, [T])
    for student, (build, _, _) in TF_CASES.items():
        write_case(course, student, build, None, T)
    return graded(course, [(s, T) for s in TF_CASES], reference_student="tf_honest")


@pytest.mark.parametrize("student", list(CASES))
def test_bad_submission(student, corpus):
    check_case(corpus, student, A, *CASES[student][1:])


@pytest.mark.parametrize("student", list(TF_CASES))
def test_bad_tensorflow_submission(student, tf_corpus):
    check_case(tf_corpus, student, T, *TF_CASES[student][1:])


def check_case(corpus, student, assignment, expected, message):
    """The batch graded ``student``'s case as ``expected`` and said ``message`` in the notes and the feedback."""
    course, scores, rows = corpus
    score, row = scores[(student, assignment)], rows[(student, assignment)]
    assert not score.error, f"{student}: the grader failed: {score.error}"
    assert score.max_score > 0, f"{student}: no row of cells in the gradebook"
    if expected == "unprotected":
        pytest.skip(f"no kernel sandbox here ({kernel.bubblewrap()}): a notebook can reach the network")
    if expected == "positive":
        assert score.score > 0, f"{student}: {score.cells}"
    elif expected == "honest":
        honest = scores[("tf_honest", assignment)]
        assert score.cells == honest.cells, f"{student}: {score.cells} but the reference solution {honest.cells}"
    elif expected == "full":
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
        assert message in (course.feedback_dir(student, assignment) / jobs.NOTES_FILE).read_text()
    assert row["score"] == f"{score.score:g}"


@pytest.mark.parametrize("student", ["huge_output", "giant_image"])
def test_huge_outputs_are_cut(student, corpus):
    course, _, _ = corpus
    texts = [p.read_text() for p in course.autograded_dir(student, A).glob("*.ipynb")]
    assert texts and sum(map(len, texts)) < 1_000_000, f"{student}: the autograded notebook is too big"
    said = "output cut by the grader" if student == "huge_output" else "was dropped by the grader"
    assert any(said in text for text in texts), f"{student}: the notebook does not say what was cut"


def test_sandbox_line_says_which_protections_are_on():
    line = kernel.protections()
    assert line.count("\n") == 0 and ("sandbox ON" in line) == SANDBOXED


def test_cheats_are_flagged_only_when_cheating(corpus):
    _, scores, rows = corpus
    cheats = {"patch_toolkit", "edit_sys_modules", "network_static", *GRADER_CHEATS,
              *([] if SANDBOXED else ["write_outside"])}
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
