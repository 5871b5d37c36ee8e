"""Attacks on the verdict from inside a student's kernel, with the static scan switched off: the judge holds
on its own. Each attack is a real assignment's release (reduced to its graded cells) whose every graded
function is a stub returning a constant, with the attack at the top of the first answer cell; graded by
``grade_all`` (nbgrader's route, the sandbox on). A judge in the kernel would give these full marks (the
issue measured 24/24 for the first four); each must score 0. The honest submission beside them scores full.
"""
import re

import pytest

from course1.grading import kernel, notebooks, samples
from course1.grading.batch import grade_all
from test_grading_corpus import course_with_limits

pytestmark = pytest.mark.skipif(bool(kernel.bubblewrap()), reason=f"no kernel sandbox here: {kernel.bubblewrap()}")

ASSIGNMENTS = ["c1w2_python_basics", "c1w2_logistic_regression"]
# every attack on the first; on the second, the four (measured 10/24 there with a judge in the kernel)
# and the two that go for the recorder and for the caller's frame
SECOND = {"alias_assignment", "sys_modules_setattr", "code_swap", "lazy_patch", "recorder_code_swap", "frame_reader"}
LIMITS = """
c.Execute.timeout = 60
c.Sandbox.static_scan = False
"""
PACKAGES = "('course1', 'course2', 'course3', 'course4', 'course5')"
STUB = "def {name}(*args, **kwargs):\n    {before}return {value}\n"

ATTACKS = {
    # the four: plain attribute assignment under another name (nine lines, no dynamic code) ...
    "alias_assignment": ("""
from course1 import checks as c
c.check_close = lambda *a, **k: None
c.check_type = lambda *a, **k: None
c.check_shape = lambda *a, **k: None
c.check_equal = lambda *a, **k: None
c.check_output = lambda *a, **k: None
c.check_not_mutated = lambda f, args, name: f(*args)
c.check_defined_in_notebook = lambda *a, **k: None
c.call = lambda f, *a, **k: f(*a, **k)
""", "", "42"),
    # ... sys.modules walked under another name, check-like functions set to lambda: True ...
    "sys_modules_setattr": (f"""
import sys as s
for name, module in list(s.modules.items()):
    if name.split(".")[0] in {PACKAGES}:
        for attr in dir(module):
            if "check" in attr or attr.endswith("_test") or attr in ("record", "call", "encode"):
                try:
                    setattr(module, attr, lambda *a, **k: True)
                except Exception:
                    pass
""", "", "42"),
    # ... __code__ of the course packages' functions and of the imported *_test functions replaced by a no-op ...
    "code_swap": (f"""
import sys as s, types
def _noop(*a, **k):
    return None
for name, module in list(s.modules.items()):
    if name.split(".")[0] in {PACKAGES}:
        for value in list(vars(module).values()):
            targets = [value] + [v for v in vars(value).values()] if isinstance(value, type) else [value]
            for f in targets:
                if isinstance(f, types.FunctionType) and not f.__code__.co_freevars:
                    f.__code__ = _noop.__code__
for key, value in list(globals().items()):
    if key.endswith("_test") and isinstance(value, types.FunctionType) and not value.__code__.co_freevars:
        value.__code__ = _noop.__code__
""", "", "42"),
    # ... and stubs that patch only when a test calls them
    "lazy_patch": (f"""
import sys as s
def _patch():
    for name, module in list(s.modules.items()):
        if name.split(".")[0] in {PACKAGES}:
            for attr in dir(module):
                if "check" in attr or attr.endswith("_test"):
                    try:
                        setattr(module, attr, lambda *a, **k: True)
                    except Exception:
                        pass
""", "_patch()\n    ", "42"),
    # writes into module __dict__s
    "module_dict_writes": ("""
import numpy as np
from course1 import checks, record as rec
for key in [k for k in checks.__dict__ if k.startswith("check") or k.startswith("_")]:
    if callable(checks.__dict__[key]):
        checks.__dict__[key] = lambda *a, **k: None
np.__dict__["allclose"] = np.__dict__["isclose"] = lambda *a, **k: True
rec.__dict__["encode"] = lambda value, depth=0: {"t": "float", "v": (0.5).hex()}
""", "", "42"),
    # __code__ swaps of the recorder: every record says 0.5 and the arguments look untouched
    "recorder_code_swap": ("""
import course1.record as R
def _fake_call(self, label, func, *args, **kwargs):
    R._publish(label, {"value": R.encode(0.5), "args": R.encode(list(args))})
    return 0.5
def _fake_value(self, label, value):
    R._publish(label, {"value": R.encode(0.5)})
    return value
R.Recorder.call.__code__ = _fake_call.__code__
R.Recorder.__call__.__code__ = _fake_value.__code__
""", "", "42"),
    # closure cells of the course packages' functions rewritten
    "closure_cells": (f"""
import sys as s, types
for name, module in list(s.modules.items()):
    if name.split(".")[0] in {PACKAGES}:
        for value in list(vars(module).values()):
            for cell in (getattr(value, "__closure__", None) or ()):
                try:
                    cell.cell_contents = (lambda *a, **k: True)
                except Exception:
                    pass
""", "", "42"),
    # builtins rebound in the kernel (the judge's own builtins are another process's)
    "builtins_rebinding": ("""
import builtins
builtins.isinstance = lambda obj, kind: True
builtins.abs = lambda x: 0
builtins.any = lambda x: False
builtins.all = lambda x: True
""", "", "42"),
    # a recorder replaced to record the expected values the visible test compared with (visible tests: 0 points)
    "copy_visible_expected": ("""
import course1.record as R
from course1 import checks as c
_seen = {"value": 0.5}
_real_close = c.check_close
def _spy(value, expected, *a, **k):
    _seen["value"] = expected
c.check_close = _spy
def _copying_call(self, label, func, *args, **kwargs):
    R._publish(label, {"value": R.encode(_seen["value"]), "args": R.encode(list(args))})
    return _seen["value"]
R.Recorder.call.__code__ = _copying_call.__code__
""", "", "42"),
    # a recorder replaced to write the published numbers of the notebook's text
    "published_numbers": ("""
import numpy as np
import course1.record as R
_PUBLISHED = [0.7310585786300049, np.array([0.73105858, 0.88079708, 0.95257413]), 1.1, 0.43,
              np.array([[0.0, 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]])]
def _published_call(self, label, func, *args, **kwargs):
    shaped = [p for p in _PUBLISHED if np.shape(p) == np.shape(args[0] if args else 0)]
    value = shaped[0] if shaped else _PUBLISHED[0]
    R._publish(label, {"value": R.encode(value), "args": R.encode(list(args))})
    return value
R.Recorder.call.__code__ = _published_call.__code__
""", "", "0.7310585786300049"),
    # a graded function that reads its caller's frames for expected values (there are none in the kernel)
    "frame_reader": ("""
import sys
import numpy as np
def _steal(*args):
    frame = sys._getframe(1)
    while frame is not None:
        for scope in (frame.f_locals, frame.f_globals):
            for key in ("expected", "expected_h", "want", "answer"):
                if key in scope:
                    return scope[key]
        frame = frame.f_back
    return np.zeros_like(np.asarray(args[0], dtype=float)) if args else 0.0
""", "", "_steal(*args)"),
}


def defined_functions(source):
    return re.findall(r"^def (\w+)\(", source, re.MULTILINE)


def attack(nb, source_nb, code, before, value):
    """The reduced release with every graded function a stub and ``code`` at the top of the first answer."""
    nb = notebooks.graded_only(nb)
    solutions = notebooks.cells_by_id(source_nb)
    for i, cell in enumerate(notebooks.solution_cells(nb)):
        names = defined_functions(solutions[notebooks.grade_id(cell)].source)
        stubs = "\n".join(STUB.format(name=n, before=before, value=value) for n in names)
        cell.source = (code if i == 0 else "") + "\n" + stubs
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = course_with_limits(tmp_path_factory.mktemp("judge_attacks"), LIMITS, ASSIGNMENTS)
    pairs = []
    for a in ASSIGNMENTS:
        (source_path,) = course.source_notebooks(a)
        source_nb = notebooks.read(source_path)
        for student, (code, before, value) in ATTACKS.items():
            if (a, student) not in attacked():
                continue
            samples.write_submission(course, student, a, solve=False,
                                     transform=lambda nb, c=code, b=before, v=value: attack(nb, source_nb, c, b, v))
            pairs.append((student, a))
        samples.write_submission(course, "honest", a, transform=notebooks.graded_only)
        pairs.append(("honest", a))
    scores = grade_all(course, pairs, progress=None, jobs=2)
    return {(s.student, s.assignment): s for s in scores}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_honest_submission_scores_full_marks_with_the_scan_off(assignment, graded):
    score = graded[("honest", assignment)]
    assert not score.error and score.score == score.max_score > 0, (score.error, score.cells)


def attacked():
    """(assignment, attack) of every attack submission."""
    return [(a, s) for a in ASSIGNMENTS for s in sorted(ATTACKS) if a == ASSIGNMENTS[0] or s in SECOND]


@pytest.mark.parametrize("assignment,student", attacked())
def test_an_attack_on_the_verdict_scores_nothing(assignment, student, graded):
    score = graded[(student, assignment)]
    earned = {cell: got for cell, (got, _) in score.cells.items() if got}
    assert score.max_score > 0 and not earned, f"{student} earned {earned} on {assignment} ({score.notes})"
    assert not score.flagged, "the static scan is off in this corpus: a flag would mean it ran"
