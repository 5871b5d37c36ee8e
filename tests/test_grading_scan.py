"""The static scan (course1/grading/sanitize.py) flags grader rewiring and networking, never honest code.

No kernel starts here: every assignment's reference solutions and a few legitimate lines go through the
same checks a submission meets before it runs.
"""
import copy

import pytest

from course1.grading import notebooks, sanitize
from course1.grading.course import Course
from conftest import ASSIGNMENTS, ROOT

COURSE = Course(ROOT)


def honest(path):
    """The source notebook as a student who solved it submits it: solution delimiters gone."""
    nb = notebooks.read(path)
    for cell in notebooks.solution_cells(nb):
        cell.source = notebooks.solution_code(cell.source)
    return nb


def flags(nb, release=None):
    """Every sentence the scan writes about ``nb`` (locked imports taken from ``release``, default ``nb``)."""
    return sanitize.tampering(nb, sanitize.imported_names(release or nb)) + sanitize.network_use(nb)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_solutions_are_not_flagged(assignment):
    paths = COURSE.source_notebooks(assignment)
    assert paths, f"{assignment}: no notebook in source/"
    for path in paths:
        assert flags(honest(path)) == [], f"{assignment}/{path.name}"


def with_answer(code, setup=None):
    """The first NumPy assignment's honest notebook, ``code`` put atop its first answer cell (and the
    setup cell replaced by ``setup`` if given)."""
    nb = honest(COURSE.source_notebooks(ASSIGNMENTS[0])[0])
    if setup is not None:
        notebooks.cells_by_id(nb)["setup"].source = setup
    first = notebooks.solution_cells(nb)[0]
    first.source = code + "\n" + first.source
    return nb


LEGITIMATE = {
    "seed with keras": "import keras\nkeras.utils.set_random_seed(1)",
    "seed with numpy": "np.random.seed(1)\nrng = np.random.default_rng(0)",
    "tensorflow seed and threads": "import tensorflow as tf\ntf.random.set_seed(0)\n"
                                   "tf.config.threading.set_intra_op_parallelism_threads(1)",
    "print options": "np.set_printoptions(precision=3)\nimport warnings\nwarnings.filterwarnings('ignore')",
    "plot settings": "plt.rcParams['figure.figsize'] = (5.0, 4.0)",
    "own variables named like modules": "values = [1, 2]\nvalues[0] = 3\nclass Box: pass\nb = Box(); b.np = 1",
}


@pytest.mark.parametrize("name", list(LEGITIMATE))
def test_legitimate_code_is_not_flagged(name):
    assert flags(with_answer(LEGITIMATE[name])) == []


def test_environment_set_in_the_locked_setup_cell_is_not_flagged():
    setup = ("import os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'\nimport numpy as np\n"
             "import matplotlib.pyplot as plt\nfrom course1 import checks")
    nb = with_answer("x = 1", setup=setup)
    assert flags(nb) == []


CHEATS = {
    "rebind a check": ("from course1 import checks\nchecks.check_close = lambda *a, **k: None", "grader's own"),
    "sys.modules": ("import sys\nsys.modules['course1.checks'] = None", "grader's own"),
    "error display": ("get_ipython().showtraceback = lambda *a, **k: None", "grader's own"),
    "socket": ("import socket\nsocket.create_connection(('127.0.0.1', 9))", "reaches the network"),
    "urllib": ("from urllib.request import urlopen\nurlopen('http://example.com')", "reaches the network"),
}


@pytest.mark.parametrize("name", list(CHEATS))
def test_cheats_are_flagged(name):
    code, said = CHEATS[name]
    found = flags(with_answer(code))
    assert len(found) == 1 and said in found[0], found
