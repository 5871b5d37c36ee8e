"""The kernel route for typical mistakes (course1.grading.mistakes): one mistake cannot change the next one's result.

Each breaker below is a wrong answer that damages the kernel's state in its own way; judged right
before an ordinary mistake in the same kernel, it must leave that mistake's result exactly as in a
kernel of its own. (The suite's other proofs: every assignment's mistakes in forward and reversed
order, and the demo mistake against nbgrader's autograde, in test_assignments.py.)
"""
import pytest

from course1.grading import mistakes, notebooks
from course1.grading.course import Course
from conftest import ASSIGNMENTS, ROOT

A = "c1w2_python_basics"
pytestmark = pytest.mark.skipif(A not in ASSIGNMENTS, reason=f"no {A}")

RETURN = "    return s"
BREAKERS = {
    # rebinds a name the hidden tests' kernel parts use to build inputs (L1's and L2's labels: astype(float)):
    # a kernel that kept it would fail the next mistake's L1 and L2 tests too
    "rebind": notebooks.Mistake("basic_sigmoid", "float rebound", RETURN, RETURN + "\n\nfloat = int"),
    # deletes a helper the next function calls
    "del": notebooks.Mistake("sigmoid_derivative", "sigmoid deleted", "    return ds", "    return ds\n\ndel sigmoid"),
    # raises outside any function, in a line that runs when the cell runs
    "raise": notebooks.Mistake("basic_sigmoid", "raises at the top", RETURN, RETURN + "\n\nraise RuntimeError('setup')"),
    # rebinds a visible test function: the static scan flags it, so it is not run (as in nbgrader's route)
    "rebind_test": notebooks.Mistake("basic_sigmoid", "test rebound", RETURN,
                                     RETURN + "\n\nsigmoid_test = lambda f: None"),
}


@pytest.fixture(scope="module")
def judged():
    course = Course(ROOT)
    ordinary = next(m for m in notebooks.read_mistakes(ROOT / "source" / A) if m.cell == "sigmoid")
    names, sequence = [], []
    for name, breaker in BREAKERS.items():
        names += [name, f"after_{name}"]
        sequence += [breaker, ordinary]
    together = mistakes.judge_mistakes(course, A, sequence, names, threads=1)
    alone = mistakes.judge_mistakes(course, A, [ordinary], ["alone"], threads=1)["alone"]
    return together, alone


def failed(score):
    return sorted(c for c, (got, top) in score.cells.items() if got < top)


@pytest.mark.parametrize("breaker", list(BREAKERS))
def test_a_breaker_does_not_change_the_next_result(breaker, judged):
    together, alone = judged
    assert failed(alone) and all(c.startswith("sigmoid") for c in failed(alone)), failed(alone)
    assert together[f"after_{breaker}"].cells == alone.cells, \
        f"after {breaker}: {failed(together[f'after_{breaker}'])} failed, alone {failed(alone)}"


def test_breakers_break_what_they_should(judged):
    together, _ = judged
    assert "sigmoid_derivative_hidden" in failed(together["del"])
    # the kernel's float builds other inputs than the judge's; the judge's own float is untouched, so
    # basic_sigmoid's type check (a float) still holds
    assert {"L1_hidden", "L2_hidden"} <= set(failed(together["rebind"])), failed(together["rebind"])
    assert "basic_sigmoid_hidden" not in failed(together["rebind"])
    assert together["raise"].notes, "the top-level exception was not seen outside a test cell"
    flagged = together["rebind_test"]
    assert flagged.flagged and flagged.score == 0 and flagged.max_score > 0
