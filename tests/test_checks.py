"""The grading toolkit: messages in the order type, shape, values; no way around the comparisons."""
import math
import types
import warnings

import numpy as np
import pytest

from course1 import checks, logistic
from course1.checks import CheckFailed


def fails(func, *args, match, **kwargs):
    with pytest.raises(CheckFailed, match=match):
        func(*args, **kwargs)


# --- messages -------------------------------------------------------------------------------------

def test_type_is_checked_before_shape_and_values():
    fails(checks.check_close, [[1.0, 2.0]], np.array([[1.0, 2.0]]), "dw", match=r"Wrong type for dw: expected ndarray, got list")


def test_shape_message_suggests_transpose():
    fails(checks.check_close, np.zeros((3, 2)), np.zeros((2, 3)), "dW1",
          match=r"Wrong shape for dW1: expected \(2, 3\), got \(3, 2\)\. Did you transpose\?")


def test_value_message_names_first_wrong_entry_and_count():
    expected = np.array([[1.0, 2.0, 3.0]])
    got = np.array([[1.0, 2.5, 3.5]])
    fails(checks.check_close, got, expected, "A", match=r"2 of 3 entries differ; the first is A\[\(0, 1\)\]: expected 2.0, got 2.5")


def test_scalar_value_message_and_hint():
    fails(checks.check_close, 0.5, 0.25, "cost", hint="Did you forget the 1/m?",
          match=r"Wrong value for cost: expected 0.25, got 0.5\. Did you forget the 1/m\?")


def test_close_values_pass_within_tolerance():
    checks.check_close(np.array([1.0 + 1e-9]), np.array([1.0]), "x")
    checks.check_close(np.float64(0.1 + 0.2), 0.3, "s")
    checks.check_close(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), "nan")


def test_nan_is_a_wrong_value():
    fails(checks.check_close, np.array([np.nan]), np.array([1.0]), "x", match="Wrong values in x")


def test_exact_python_float():
    checks.check_type(0.0, float, "b", exact=True)
    fails(checks.check_type, np.float64(0.0), float, "b", exact=True, match=r"expected float, got numpy.float64")


def test_check_equal_ints_bools_strings():
    checks.check_equal(np.int64(3), 3, "n")
    checks.check_equal("Hello World", "Hello World", "s")
    fails(checks.check_equal, 4, 3, "n", match=r"expected 3, got 4")
    fails(checks.check_equal, 3.0, 3, "n", match=r"Wrong type for n")
    fails(checks.check_equal, 1, True, "flag", match=r"Wrong type for flag")


def test_check_output_names_the_nested_part():
    expected = ({"dw": np.array([[1.0], [2.0]]), "db": 0.5}, 0.25)
    checks.check_output(({"dw": np.array([[1.0], [2.0]]), "db": 0.5}, 0.25), expected, "result")
    fails(checks.check_output, ({"dw": np.array([[1.0], [2.0]])}, 0.25), expected, "result", match=r"result\[0\] is missing the key\(s\) \['db'\]")
    fails(checks.check_output, ({"dw": np.array([[1.0], [3.0]]), "db": 0.5}, 0.25), expected, "result", match=r"result\[0\]\['dw'\]\[\(1, 0\)\]")
    fails(checks.check_output, [{"dw": np.array([[1.0], [2.0]]), "db": 0.5}, 0.25], expected, "result", match=r"expected tuple, got list")


# --- the comparisons cannot be subverted -----------------------------------------------------------

@pytest.fixture
def rebound_numpy(monkeypatch):
    """What a student cell can do: make every comparison function agree with anything."""
    yes = lambda *a, **k: True  # noqa: E731
    for name in ("allclose", "isclose", "array_equal", "array_equiv"):
        monkeypatch.setattr(np, name, yes)
    monkeypatch.setattr(np.testing, "assert_allclose", lambda *a, **k: None)
    monkeypatch.setattr(math, "isclose", yes)


def test_rebinding_numpy_comparisons_changes_nothing(rebound_numpy):
    assert np.allclose(1, 2)  # the cheat is in place
    fails(checks.check_close, np.array([1.0]), np.array([2.0]), "x", match="Wrong values")
    fails(checks.check_close, 1.0, 2.0, "x", match="Wrong value")


def test_object_equal_to_everything_is_rejected():
    class AlwaysEqual:
        def __eq__(self, other):
            return True
    fails(checks.check_close, AlwaysEqual(), np.array([1.0]), "x", match="Wrong type")
    fails(checks.check_close, AlwaysEqual(), 1.0, "x", match="Wrong type")
    fails(checks.check_equal, AlwaysEqual(), 3, "x", match="Wrong type")


def test_ndarray_subclass_is_rejected():
    class Agreeable(np.ndarray):
        def __eq__(self, other):
            return np.ones(np.shape(other), dtype=bool)
    fails(checks.check_close, np.zeros(2).view(Agreeable), np.ones(2), "x", match="expected ndarray")


def test_str_subclass_with_lying_eq_is_rejected():
    class Liar(str):
        def __eq__(self, other):
            return True
    fails(checks.check_equal, Liar("x"), "Hello", "s", match="Wrong type")


# --- calling student code --------------------------------------------------------------------------

def test_call_silences_warnings_and_stderr(capfd):
    def noisy(x):
        import sys
        warnings.warn("deprecated!")
        print("to stderr", file=sys.stderr)
        return np.exp(x)  # overflows
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert checks.call(noisy, np.array([1000.0]))[0] == np.inf
    assert capfd.readouterr().err == ""


def test_check_not_mutated():
    def in_place(x):
        x /= 2
        return x

    def pure(x):
        return x / 2

    fails(checks.check_not_mutated, in_place, (np.ones(3),), "normalize_rows", match="changed its argument number 1 in place")
    x = np.ones(3)
    out = checks.check_not_mutated(pure, (x,), "f")
    np.testing.assert_array_equal(out, 0.5 * np.ones(3))


# --- defined in the notebook -------------------------------------------------------------------------

def notebook_function(source, name, namespace=None):
    """Define a function the way a notebook cell does (module __main__, a kernel file name)."""
    namespace = {"__name__": "__main__", **(namespace or {})}
    exec(compile(source, "/tmp/ipykernel_1/123.py", "exec"), namespace)
    return namespace[name]


def test_function_written_in_the_notebook_passes():
    f = notebook_function("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n", "sigmoid", {"np": np})
    checks.check_defined_in_notebook(f, "sigmoid")


def test_imported_library_function_fails():
    fails(checks.check_defined_in_notebook, logistic.propagate, "propagate", match="imported from course1.logistic")


def test_wrapper_of_the_library_function_fails():
    direct = notebook_function("def propagate(w, b, X, Y):\n    return propagate_ref(w, b, X, Y)\n",
                               "propagate", {"propagate_ref": logistic.propagate})
    fails(checks.check_defined_in_notebook, direct, "propagate", match="calls the helper library's course1.logistic.propagate")
    via_module = notebook_function("def propagate(w, b, X, Y):\n    return logistic.propagate(w, b, X, Y)\n",
                                   "propagate", {"logistic": logistic})
    fails(checks.check_defined_in_notebook, via_module, "propagate", match="calls the helper library's course1.logistic.propagate")


def test_relabelled_library_function_fails():
    clone = types.FunctionType(logistic.predict.__code__, logistic.predict.__globals__, "predict")
    clone.__module__ = "__main__"
    fails(checks.check_defined_in_notebook, clone, "predict", match="imported from")


def test_using_other_library_helpers_is_allowed():
    f = notebook_function("def model(X):\n    return sigmoid(X)\n", "model", {"sigmoid": logistic.sigmoid})
    checks.check_defined_in_notebook(f, "model")


def test_a_lambda_or_class_is_not_a_function_definition():
    fails(checks.check_defined_in_notebook, np.exp, "sigmoid", match="must be a function defined with `def sigmoid")


def test_a_0d_array_is_not_a_number():
    fails(checks.check_close, np.array(0.5), 0.5, "cost",
          match=r"expected a number \(a Python or NumPy float or int\), got numpy.ndarray")
