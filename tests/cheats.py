"""Cheating submissions, built from the real assignments (reduced to their graded cells).

Each cheat is a wrong answer dressed up to fool a naive test cell; the suite checks none earns points.
"""
import re
from dataclasses import dataclass
from typing import Callable

from course1.grading import notebooks, samples

REBIND_COMPARISONS = '''\
import math
import numpy as np
import numpy.testing
np.allclose = np.isclose = np.array_equal = np.array_equiv = lambda *a, **k: True
np.testing.assert_allclose = np.testing.assert_array_equal = lambda *a, **k: None
np.testing.assert_almost_equal = np.testing.assert_array_almost_equal = lambda *a, **k: None
math.isclose = lambda *a, **k: True
'''

ALWAYS_EQUAL = '''\
class AlwaysEqual:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __float__(self):
        return 0.0
    shape = property(lambda self: None)

def {name}(*args, **kwargs):
    return AlwaysEqual()
'''

NDARRAY_SUBCLASS = '''\
import numpy as np

class Agreeable(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)
    __array_priority__ = 1000

def {name}(*args, **kwargs):
    return np.zeros((1, 1)).view(Agreeable)
'''

SILENCE_ERRORS = '''\
import sys
ip = get_ipython()
ip.showtraceback = lambda *a, **k: None
ip.showsyntaxerror = lambda *a, **k: None
sys.excepthook = lambda *a: None
'''


def defined_function(source):
    """The name of the function a solution cell defines (None for an exercise without a def)."""
    match = re.search(r"^def (\w+)\(", source, re.MULTILINE)
    return match.group(1) if match else None


def replace_functions(template):
    """A transform replacing every graded function by ``template`` (formatted with its name)."""
    def transform(nb):
        nb = notebooks.graded_only(nb)
        for cell in notebooks.solution_cells(nb):
            name = defined_function(cell.source)
            if name:
                cell.source = template.format(name=name)
        return nb
    return transform


def prefix_cell(cell_id, prefix):
    """A transform putting ``prefix`` at the top of the solution cell ``cell_id`` (first one if None)."""
    def transform(nb):
        nb = notebooks.graded_only(nb)
        cells = notebooks.solution_cells(nb)
        target = next((c for c in cells if notebooks.grade_id(c) == cell_id), None) if cell_id else cells[0]
        if target is not None:
            target.source = prefix + target.source
        return nb
    return transform


@dataclass
class Cheat:
    """A cheating submission: how to build it from the release and what it must score."""

    what: str
    build: Callable  # (course, student, assignment, demo_mistake) -> None


def _rebind(course, student, assignment, mistake):
    samples.write_submission(course, student, assignment, mistake=mistake,
                             transform=prefix_cell(mistake.cell if mistake else None, REBIND_COMPARISONS))


def _always_equal(course, student, assignment, mistake):
    samples.write_submission(course, student, assignment, transform=replace_functions(ALWAYS_EQUAL))


def _subclass(course, student, assignment, mistake):
    samples.write_submission(course, student, assignment, transform=replace_functions(NDARRAY_SUBCLASS))


def _silent(course, student, assignment, mistake):
    samples.write_submission(course, student, assignment, solve=False,
                             transform=prefix_cell(None, SILENCE_ERRORS))


CHEATS = {
    "cheat_rebind": Cheat("the demo mistake plus NumPy/math comparison functions rebound to agree", _rebind),
    "cheat_always_equal": Cheat("every graded function returns an object equal to everything", _always_equal),
    "cheat_subclass": Cheat("every graded function returns an ndarray subclass equal to everything", _subclass),
    "cheat_silent_errors": Cheat("the untouched release with the kernel's error display switched off", _silent),
}
