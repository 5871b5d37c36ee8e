"""The static scan (course1/grading/scan.py) flags grader rewiring, dynamic code, introspection and
networking, never honest code.

No kernel starts here: every assignment's reference solutions, its untouched release and a few
legitimate lines go through the same checks a submission meets before it runs.
"""
import copy

import pytest

from course1.grading import notebooks, scan
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
    return scan.scan(nb, scan.imported_names(release or nb))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_solutions_are_not_flagged(assignment):
    paths = COURSE.source_notebooks(assignment)
    assert paths, f"{assignment}: no notebook in source/"
    for path in paths:
        assert flags(honest(path)) == [], f"{assignment}/{path.name}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_releases_are_not_flagged(assignment):
    """The cells a student may edit but need not (plots, demos) pass the scan as handed out."""
    for path in COURSE.source_notebooks(assignment):
        release = notebooks.read(COURSE.release_notebook(assignment, path.name))
        assert flags(release) == [], f"{assignment}/{path.name}"


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
    "a layer class": "class Dense:\n    def __init__(self, n):\n        super().__init__()\n        self.n = n\n"
                     "    def __call__(self, x):\n        return x * self.n",
    "getattr with a literal name": "shape = getattr(np.zeros(2), 'shape')\nhasattr(np, 'exp')",
    "variables named code and types": "code = 1\ntypes = ['a']\nframe = {'f': 2}",
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
    assert any(said in f for f in found), found


# Each construct of the forbidden list (scan.FORBIDDEN), as a student might write it.
DYNAMIC = {
    "exec": "exec('x = 1')",
    "eval": "y = eval('1 + 1')",
    "compile": "c = compile('1', 'f', 'eval')",
    "__import__": "m = __import__('os')",
    "importlib": "import importlib\nm = importlib.import_module('course1.checks')",
    "from importlib": "from importlib import import_module",
    "getattr computed": "name = 'check' + '_close'\nf = getattr(np, name)",
    "getattr dunder": "g = getattr(sigmoid, '__globals__')",
    "setattr computed": "import course1\nsetattr(course1, 'che' + 'cks', None)",
    "delattr computed": "delattr(np, 'e' + 'xp')",
    "globals write": "globals()['np'] = None",
    "vars": "vars(np)['exp'] = None",
    "locals": "locals()['x'] = 1",
    "sys": "import sys",
    "sys through the setup cell's import": "sys.modules.clear()",
    "gc": "import gc\nobjs = gc.get_objects()",
    "inspect": "import inspect\nsrc = inspect.getsource(np)",
    "ctypes": "import ctypes\nctypes.string_at(0)",
    "builtins": "import builtins\nbuiltins.print = None",
    "types": "import types\nf = types.FunctionType",
    "operator.attrgetter": "from operator import attrgetter\ng = attrgetter('__code__')",
    "frame": "def f():\n    pass\nf.f_back",
    "code object": "def f():\n    pass\nf.__code__ = (lambda: None).__code__",
    "dunder attribute": "cls = np.zeros(1).__class__",
    "dunder dict": "d = np.__dict__",
    "dunder name": "b = __builtins__",
    "dunder method": "class Agreeable:\n    def __eq__(self, other):\n        return True",
    "dunder class attribute": "class A:\n    __array_priority__ = 1000",
    "line magic": "%run /tmp/answers.py",
    "shell line": "!cat /etc/passwd",
    "shell assignment": "files = !ls /",
    "get_ipython": "ip = get_ipython()",
    "breakpoint": "breakpoint()",
}


@pytest.mark.parametrize("name", list(DYNAMIC))
def test_dynamic_code_and_introspection_fail(name):
    found = flags(with_answer(DYNAMIC[name]))
    assert found and any("flagged" in f for f in found), f"{name}: not flagged"
    assert all("\n" not in f for f in found)


def test_the_dynamic_code_message_names_the_cell_and_line():
    found = scan.dynamic_code(with_answer("x = 1\ny = eval('2')"))
    first = notebooks.grade_id(notebooks.solution_cells(honest(COURSE.source_notebooks(ASSIGNMENTS[0])[0]))[0])
    assert len(found) == 1 and f"{first} line 2 (eval)" in found[0], found


def test_an_alias_of_a_grader_module_is_protected():
    """Importing the toolkit under another name does not let an answer rebind its functions."""
    found = flags(with_answer("from course1 import checks as c\nc.check_close = print"))
    assert any("grader's own" in f for f in found), found
