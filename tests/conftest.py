"""Shared fixtures: every assignment in source/ is graded once per session, in a scratch course copy.

For each assignment one batch is graded through the real pipeline (nbgrader's API with the course's
config): the reference solution (the only full execution of the notebook), the untouched release,
the solution reduced to its graded cells, every typical mistake from ``mistakes.toml`` and a few
cheats (reduced to their graded cells, so training cells do not run again). The tests then only
read the scores, the autograded notebooks and the feedback.
"""
import functools
import pathlib
from dataclasses import dataclass, field

import pytest

from course1.grading import notebooks, samples
from course1.grading.batch import grade_all, local_cores
from course1.grading.course import Course

from cheats import CHEATS

ROOT = pathlib.Path(__file__).resolve().parents[1]
ASSIGNMENTS = Course(ROOT).assignments()

SOLUTION, UNTOUCHED, TRIMMED = "solution", "untouched", "solution_trimmed"


def mistake_student(i):
    return f"mistake_{i:02d}"


@dataclass
class GradedAssignment:
    """One assignment's batch, graded in a scratch copy of the course."""

    assignment: str
    course: Course
    mistakes: list
    scores: dict = field(default_factory=dict)  # student -> Score

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
        got = self.scores[student].cells
        return sum(got[c][0] for c in cells), sum(got[c][1] for c in cells)


def grade_assignment(assignment, folder):
    """Grade the assignment's whole batch in ``folder``; returns a :class:`GradedAssignment`."""
    samples.copy_course(ROOT, folder)
    course = Course(folder)
    course.generate_release(assignment)
    mistakes = notebooks.read_mistakes(course.root / "source" / assignment)
    write = lambda student, **kw: samples.write_submission(course, student, assignment, **kw)  # noqa: E731
    write(SOLUTION)
    write(UNTOUCHED, solve=False)
    write(TRIMMED, transform=notebooks.graded_only)
    for i, mistake in enumerate(mistakes):
        write(mistake_student(i), mistake=mistake, transform=notebooks.graded_only)
    demo = samples.demo_mistake(course, assignment)
    for name, cheat in CHEATS.items():
        cheat.build(course, name, assignment, demo)
    students = [SOLUTION, UNTOUCHED, TRIMMED, *map(mistake_student, range(len(mistakes))), *CHEATS]
    # graded as `make grade` does, one job per core (the suite checks elsewhere that this equals a sequential run)
    scores = grade_all(course, [(s, assignment) for s in students], feedback=False, progress=None,
                       jobs=local_cores())
    for student in (SOLUTION, UNTOUCHED, mistake_student(mistakes.index(demo)) if demo else None):
        if student:
            course.generate_feedback(student, assignment)
    return GradedAssignment(assignment, course, mistakes, {s.student: s for s in scores})


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """``graded(assignment)`` -> :class:`GradedAssignment`, graded on first use and cached."""
    cache = {}

    def get(assignment):
        if assignment not in cache:
            cache[assignment] = grade_assignment(assignment, tmp_path_factory.mktemp(assignment) / "course")
        return cache[assignment]

    return get
