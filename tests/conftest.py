"""Shared fixtures: every assignment in source/ is graded once per session, in a scratch course copy.

For each assignment one batch goes through the real pipeline (nbgrader's API with the course's
config): the reference solution (the only full execution of the notebook: its training runs once),
the untouched release, the solution reduced to its graded cells, the demo mistake and a few cheats
(both reduced to their graded cells, so training cells do not run again). Every typical mistake of
``mistakes.toml`` is judged in one warm kernel per assignment (:mod:`course1.grading.mistakes`), in
forward and in reversed order; the tests check that both orders agree and that the kernel route
fails the same cells as nbgrader's autograde on the demo mistake. The tests then only read scores,
autograded notebooks and feedback.

Under pytest-xdist (``make test`` runs two workers, ``--dist loadgroup``) every test of one
assignment, and every test of one other module, lands on the same worker (``xdist_group``), so no
assignment is graded twice; :mod:`budget_plugin` adds up where the run's seconds went.
"""
import functools
import os
import pathlib
import time
from dataclasses import dataclass, field

import pytest

from course1.grading import kernel, mistakes as mistake_route, notebooks, samples
from course1.grading.batch import grade_all
from course1.grading.course import Course
from course1.grading.limits import UNSANDBOXED_VARIABLE

pytest.register_assert_rewrite("budget_plugin")
from budget_plugin import count, spend  # noqa: E402
from cheats import CHEATS  # noqa: E402

pytest_plugins = ["budget_plugin"]

ROOT = pathlib.Path(__file__).resolve().parents[1]
ASSIGNMENTS = Course(ROOT).assignments()

# Without bubblewrap the suite grades unsandboxed (the header says so), except under CI, where that fails it.
NO_SANDBOX = kernel.bubblewrap()
if NO_SANDBOX and os.environ.get("CI") == "true":
    raise pytest.UsageError(f"CI=true but the kernel sandbox cannot run: {NO_SANDBOX}")
if NO_SANDBOX:
    os.environ[UNSANDBOXED_VARIABLE] = "1"


def pytest_report_header(config):
    return f"kernel sandbox: {'OFF, grading unsandboxed (' + NO_SANDBOX + ')' if NO_SANDBOX else 'ON (bubblewrap)'}"

SOLUTION, UNTOUCHED, TRIMMED, DEMO = "solution", "untouched", "solution_trimmed", "demo_mistake"
BASELINE = "baseline"  # the reference solution, judged by the kernel route


def mistake_student(i):
    return f"mistake_{i:02d}"


@dataclass
class GradedAssignment:
    """One assignment's batch: nbgrader's scores, and the kernel route's scores of every typical mistake."""

    assignment: str
    course: Course
    mistakes: list
    scores: dict = field(default_factory=dict)  # student -> Score, from nbgrader's autograde
    judged: dict = field(default_factory=dict)  # mistake_student(i) and BASELINE -> Score, kernel route
    reversed_judged: dict = field(default_factory=dict)  # the same, mistakes judged in reversed order

    @property
    def demo_index(self):
        return next(i for i, m in enumerate(self.mistakes) if m.demo)

    @functools.cached_property
    def source_notebooks(self):
        return {p.name: notebooks.read(p) for p in self.course.source_notebooks(self.assignment)}

    def autograded(self, student):
        return {name: notebooks.read(self.course.autograded_notebook(student, self.assignment, name))
                for name in self.source_notebooks}

    def feedback_html(self, student):
        folder = self.course.feedback_dir(student, self.assignment)
        return {p.name: p.read_text() for p in sorted(folder.glob("*.html"))}

    @functools.cached_property
    def owners(self):
        """Map each test cell's grade_id to the solution cell it follows (its graded function)."""
        owner, result = None, {}
        for nb in self.source_notebooks.values():
            for cell in nb.cells:
                meta = notebooks.nbgrader_meta(cell)
                if meta.get("solution"):
                    owner = meta["grade_id"]
                elif meta.get("grade") and owner is not None:
                    result[meta["grade_id"]] = owner
        return result

    def cell_points(self, student, owner):
        """(score, max_score) summed over the test cells that belong to the solution cell ``owner``."""
        cells = [c for c, o in self.owners.items() if o == owner]
        got = (self.scores.get(student) or self.judged[student]).cells
        return sum(got[c][0] for c in cells), sum(got[c][1] for c in cells)


def grade_assignment(assignment, folder):
    """Grade the assignment's batch in ``folder``; returns a :class:`GradedAssignment`.

    Books where the time went to the running test (:mod:`budget_plugin`).
    """
    clock = time.perf_counter()
    samples.copy_course(ROOT, folder)
    course = Course(folder)
    course.generate_release(assignment)
    mistakes = notebooks.read_mistakes(course.root / "source" / assignment)
    write = lambda student, **kw: samples.write_submission(course, student, assignment, **kw)  # noqa: E731
    write(SOLUTION)
    write(UNTOUCHED, solve=False)
    write(TRIMMED, transform=notebooks.graded_only)
    demo = samples.demo_mistake(course, assignment)
    if demo:
        write(DEMO, mistake=demo, transform=notebooks.graded_only)
    for name, cheat in CHEATS.items():
        cheat.build(course, name, assignment, demo)
    students = [SOLUTION, UNTOUCHED, TRIMMED, *([DEMO] if demo else []), *CHEATS]
    # one kernel at a time: the suite runs one xdist worker per core
    # the solution's grading is the assignment's reference run (course1.grading.reference): its one full execution
    scores = grade_all(course, [(s, assignment) for s in students], feedback=False, progress=None,
                       jobs=1, threads=1, reference_student=SOLUTION)
    for student in (SOLUTION, UNTOUCHED, DEMO if demo else None):
        if student:
            course.generate_feedback(student, assignment)
    g = GradedAssignment(assignment, course, mistakes, {s.student: s for s in scores})
    names = [mistake_student(i) for i in range(len(mistakes))]
    judging = 0.0
    for order, target in ((slice(None), g.judged), (slice(None, None, -1), g.reversed_judged)):
        started = time.perf_counter()
        target.update(mistake_route.judge_mistakes(course, assignment, mistakes[order], names[order], threads=1,
                                                   baseline=BASELINE))
        judging += time.perf_counter() - started
    seconds = {s: g.scores[s].seconds for s in students}
    spend("notebook executions", seconds[SOLUTION])
    spend("cheats", sum(seconds[c] for c in CHEATS))
    spend("mistakes", judging + seconds.get(DEMO, 0.0))
    spend("grading, other", time.perf_counter() - clock - seconds[SOLUTION] - sum(seconds[c] for c in CHEATS)
          - judging - seconds.get(DEMO, 0.0))
    count("assignments", 1)
    count(f"graded {assignment}", 1)  # the plugin fails the run if this reaches 2 (see pytest_itemcollected)
    count("mistakes", len(mistakes))
    count("jobs", 1)
    count("job_seconds", seconds[UNTOUCHED])  # a job that runs almost nothing: the grading overhead
    return g


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """``graded(assignment)`` -> :class:`GradedAssignment`, graded on first use and cached."""
    cache = {}

    def get(assignment):
        if assignment not in cache:
            cache[assignment] = grade_assignment(assignment, tmp_path_factory.mktemp(assignment) / "course")
        return cache[assignment]

    return get


def pytest_itemcollected(item):
    """One xdist group per assignment (tests that grade it) and per other module (its module fixtures).

    Marked as each test is collected: pytest-xdist reads the groups in its own collection hook. (pytest-xdist
    3.8 tags a node id with its group, which pytest 9.2 no longer lets it do: pyproject.toml pins pytest < 9.2.)
    """
    params = getattr(item, "callspec", None)
    assignment = params.params.get("assignment") if params else None
    if "graded" in item.fixturenames and assignment:
        item.add_marker(pytest.mark.xdist_group(f"assignment-{assignment}"))
    else:
        item.add_marker(pytest.mark.xdist_group(f"module-{item.path.stem}"))
