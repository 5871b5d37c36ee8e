"""The judge on its own (course1/grading/judge.py, course1/record.py): the two readings of a hidden region,
records as data only, and the verdicts on missing, extra, forged and unreadable records."""
import base64
import json

import nbformat
import numpy as np
import pytest

from course1 import record as rec
from course1.grading import judge, reference

REGION = '''"""Hidden tests for f run here when your notebook is graded."""
### BEGIN HIDDEN TESTS
with judge:
    defined_in_notebook("f")
rng = np.random.default_rng(3)
for n in (2, 3):
    x = rng.normal(size=n)
    y = record.call(f"f(x) for n={n}", f, x)
    with judge:
        expected = 2 * x
        checks.check_close(y, expected, f"f(x) for n={n}")
### END HIDDEN TESTS
'''
SETUP = "import numpy as np\nfrom course1 import checks\nfrom course1.record import record, judge\n%matplotlib inline\n"


def cell(source, **meta):
    return nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta})


def notebook(answer="def f(x):\n    return 2 * x\n", region=REGION):
    return nbformat.v4.new_notebook(cells=[
        cell(SETUP, grade_id="setup", locked=True, grade=False, solution=False),
        cell(answer, grade_id="f", solution=True, grade=False, locked=False),
        cell(region, grade_id="f_hidden", grade=True, solution=False, locked=True, points=3),
    ])


def run_in_process(nb, answer_ns=None):
    """Run the kernel parts here (a stand-in for the kernel); returns {grade_id: [(label, payload)]}."""
    published = []
    saved_publish = rec._publish
    rec._publish = lambda label, payload: published.append({"label": label, **payload})
    ns = {"__name__": "__main__"}
    try:
        exec(SETUP.replace("%matplotlib inline\n", ""), ns)
        exec(nb.cells[1].source, ns)
        if answer_ns:
            ns.update(answer_ns)
        published.clear()
        exec(judge.kernel_part(nb.cells[2].source), ns)
    finally:
        rec._publish = saved_publish
    return [(p["label"], p) for p in published]


def verdict(found, nb=None, error=None):
    nb = nb or notebook()
    return judge.Judge(notebook(), nb).verdict("f_hidden", found, error)


# --- the two readings ----------------------------------------------------------------------------------

def test_the_kernel_never_sees_the_judge_blocks():
    code = judge.kernel_part(REGION)
    assert "expected" not in code and "check_close" not in code and "defined_in_notebook" not in code
    assert "record.call" in code and "rng.normal" in code
    compile(code, "<kernel>", "exec")


def test_the_judge_never_calls_the_students_function():
    code = judge.judge_part(REGION)
    assert "__recorded_call__(f'f(x) for n={n}', x)" in code
    assert "f, x" not in code and "record" not in code.replace("__recorded_call__", "")
    assert "expected = 2 * x" in code


def test_an_emptied_block_becomes_pass():
    code = judge.kernel_part("for i in range(2):\n    with judge:\n        checks.check_close(1, 1, 'x')\n")
    assert code.strip().endswith("pass")
    compile(code, "<kernel>", "exec")


def test_the_prelude_holds_only_the_locked_imports():
    text = judge.prelude(notebook())
    assert "import numpy as np" in text and "from course1 import checks" in text
    assert "matplotlib" not in text and "def f" not in text


# --- records are data ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, True, 3, -2 ** 70, 0.1, float("inf"), "text", np.float64(0.25),
                                   np.int32(7), np.arange(6.0).reshape(2, 3), np.zeros((0, 4)),
                                   np.array([[True, False]]), [1, (2.0, "a")], {"W1": np.eye(2), 3: None}])
def test_values_come_back_with_their_types(value):
    back = rec.decode(json.loads(json.dumps(rec.encode(value))))
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and np.array_equal(back, value)
    elif isinstance(value, dict):
        assert list(back) == list(value)
    else:
        assert repr(back) == repr(value)


def test_other_objects_are_recorded_by_type_and_values():
    class Tensorish:
        dtype = type("D", (), {"name": "float32"})()

        def numpy(self):
            return np.ones(2, dtype=np.float32)

    back = rec.decode(rec.encode(Tensorish()))
    assert isinstance(back, rec.Foreign) and back.type_name.endswith("Tensorish") and back.dtype == "float32"
    assert np.array_equal(back.value, np.ones(2, dtype=np.float32))
    assert rec.decode(rec.encode(len)).value is None


@pytest.mark.parametrize("node", [
    {"t": "array", "dtype": "|O", "shape": [1], "b64": base64.b64encode(b"\0" * 8).decode()},  # objects: pickle
    {"t": "array", "dtype": "<f8", "shape": [3], "b64": base64.b64encode(b"\0" * 8).decode()},  # size mismatch
    {"t": "array", "dtype": "<f8", "shape": [-1], "b64": ""},
    {"t": "array", "dtype": "V8", "shape": [1], "b64": base64.b64encode(b"\0" * 8).decode()},
    {"t": "int", "v": "9" * 6000},
    {"t": "dict", "k": [{"t": "list", "v": []}], "v": [{"t": "none"}]},
    {"t": "pickle", "v": "gASV"},
    "not a dict",
])
def test_anything_else_is_refused(node):
    with pytest.raises(rec.RecordError):
        rec.decode(node)


def test_arrays_larger_than_the_cap_are_refused():
    node = rec.encode(np.zeros(1000))
    with pytest.raises(rec.RecordError):
        rec.decode(node, max_bytes=1000)


# --- verdicts -------------------------------------------------------------------------------------------

def test_a_right_answer_passes_and_wrong_ones_fail():
    assert verdict(run_in_process(notebook())) is None
    wrong = notebook("def f(x):\n    return 3 * x\n")
    assert "Wrong values in f(x) for n=2" in verdict(run_in_process(wrong), wrong)


def test_a_function_that_changes_its_input_fails():
    nb = notebook("def f(x):\n    x *= 2\n    return x\n")
    assert "changed its argument number 1 in place" in verdict(run_in_process(nb), nb)


def test_missing_extra_duplicate_and_forged_records_fail():
    found = run_in_process(notebook())
    assert "Nothing was recorded for f(x) for n=3" in verdict(found[:1])
    assert "does not expect" in verdict(found + [("extra", {"label": "extra", "value": {"t": "none"}})])
    assert "more than once" in verdict(found + found[:1])
    forged = [(label, {**p, "value": rec.encode(0.0)}) for label, p in found]
    assert "Wrong" in verdict(forged)
    unreadable = [(label, {**p, "value": {"t": "array", "dtype": "|O", "shape": [], "b64": ""}}) for label, p in found]
    assert "cannot be read" in verdict(unreadable)


def test_an_error_in_the_kernel_fails_the_cell():
    assert verdict(run_in_process(notebook()), error="ValueError: boom") == "ValueError: boom"


def test_a_cell_that_is_no_hidden_test_of_the_source_is_not_judged():
    assert "no hidden test" in judge.Judge(notebook(), notebook()).verdict("forged_hidden", [], None)


@pytest.mark.parametrize("answer,message", [
    ("from course1.deep import f\n", "must be a function defined with `def f(...)`"),
    ("from course1 import deep\ndef f(x):\n    return deep.f(x)\n", "calls the helper library's f"),
    ("from course1.deep import f as g\ndef f(x):\n    return g(x)\n", "calls the helper library's f"),
    ("def f(x):\n    return 2 * x\nf = print\n", "also imports or assigns the name f"),
])
def test_the_function_must_be_written_in_the_notebook(answer, message):
    nb = notebook(answer)
    found = run_in_process(notebook())  # the right values: only the definition is wrong
    assert message in verdict(found, nb)


def test_judged_outputs_keep_the_records_and_only_the_verdict():
    found = run_in_process(notebook())
    outputs = judge.judged_outputs(found, None, "CheckFailed: Wrong value")
    assert [o.output_type for o in outputs] == ["display_data", "error"]
    assert judge.stored(outputs) == ([(label, p) for label, p in found], None)


def test_rejudging_uses_the_current_judge_part():
    nb = notebook()
    found = run_in_process(nb)
    nb.cells[2].outputs = judge.judged_outputs(found, None, None)
    stricter = notebook(region=REGION.replace("expected = 2 * x", "expected = 2 * x + 1"))
    assert judge.rejudge_notebook(nb, stricter) == ["f_hidden"]
    assert any(o.output_type == "error" for o in nb.cells[2].outputs)
    assert judge.rejudge_notebook(nb, notebook()) == ["f_hidden"]
    assert not any(o.output_type == "error" for o in nb.cells[2].outputs)


def test_timeouts_come_from_the_reference_run():
    stored = {"notebooks": {"A.ipynb": {"seconds": {"setup": 0.5, "train": 6.0}}}}
    allowed, budget = reference.timeouts(stored, "A.ipynb")
    assert allowed == {"setup": reference.MIN_TIMEOUT, "train": 60.0}
    assert budget == max(reference.MIN_BUDGET, 65.0)
    assert reference.timeouts(None, "A.ipynb") == (None, None)


def test_a_same_named_function_of_another_library_is_allowed():
    nb = notebook("import tensorflow as tf\ndef f(x):\n    return 2 * x + 0 * tf.keras.activations.f\n")
    found = run_in_process(notebook())
    assert judge.Judge(notebook(), nb).defined_in_notebook("f") is None
    assert verdict(found, nb) is None


def test_containers_of_unchanged_inputs_are_the_same():
    class Tensorish:
        dtype = type("D", (), {"name": "float32"})()

        def __init__(self, value):
            self.value = value

        def numpy(self):
            return self.value

    before = {"W1": Tensorish(np.ones((2, 2), dtype=np.float32)), "b": [np.zeros(2), 1.5]}
    after = rec.decode(rec.encode(before))
    assert judge._same_input(before, after)
    after["b"][0][1] = 3.0
    assert not judge._same_input(before, after)
