"""Typed checks for test cells: type, then shape, then values, each with a message a student can act on.

The checks cannot be subverted from a student's cell:

- the NumPy functions they compare with are bound here, at import time (the locked first cell of
  every notebook imports this module), so rebinding ``np.allclose``, ``np.isclose``,
  ``np.testing.*`` or ``math.isclose`` later changes nothing;
- values are converted with ``asarray(..., dtype=float)`` and compared elementwise by ufuncs; an
  object's ``__eq__`` is never called, and arrays must be exactly ``np.ndarray`` (no subclasses);
- student code runs through :func:`call`, inside ``warnings.catch_warnings()``,
  ``np.errstate(all="ignore")`` and with stderr captured, so a warning never zeroes a test cell.

Every failure raises :class:`CheckFailed` (an ``AssertionError``) whose message names the quantity,
what was expected and what was found.
"""
import contextlib
import copy
import io
import os
import types
import warnings

import numpy as np

__all__ = [
    "CheckFailed", "call", "check_type", "check_shape", "check_close", "check_equal",
    "check_output", "check_not_mutated", "check_defined_in_notebook", "passed",
]

# Private references, taken when the locked setup cell imports this module.
_ndarray = np.ndarray
_asarray = np.asarray
_abs = np.abs
_subtract = np.subtract
_multiply = np.multiply
_add = np.add
_less_equal = np.less_equal
_isnan = np.isnan
_logical_and = np.logical_and
_logical_not = np.logical_not
_flatnonzero = np.flatnonzero
_array_equal = np.array_equal
_unravel_index = np.unravel_index
_errstate = np.errstate
_catch_warnings = warnings.catch_warnings
_simplefilter = warnings.simplefilter
_redirect_stderr = contextlib.redirect_stderr
_deepcopy = copy.deepcopy
_StringIO = io.StringIO
_isinstance = isinstance
_type = type
_len = len
_str = str
_repr = repr
_float = float
_int = int
_bool = bool
_realpath = os.path.realpath
_FunctionType = types.FunctionType
_ModuleType = types.ModuleType
_CodeType = types.CodeType

_INTEGER_TYPES = (int, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
_FLOAT_TYPES = (float, np.float16, np.float32, np.float64)
_LIBRARY_DIR = _realpath(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_LIBRARY_PACKAGES = ("course1", "course2", "course3", "course4", "course5")


class CheckFailed(AssertionError):
    """A check found a wrong answer; the message says what is wrong."""


def _fail(message):
    raise CheckFailed(message)


def passed(message="All tests passed."):
    """Print the green success line that ends every visible test."""
    print("\033[92m" + message + "\033[0m")


def call(func, *args, **kwargs):
    """Call student code quietly: warnings, floating-point errors and stderr never reach the cell.

    Arguments
    func -- the student's function
    *args, **kwargs -- passed on unchanged

    Returns
    whatever ``func`` returns
    """
    with _catch_warnings():
        _simplefilter("ignore")
        with _errstate(all="ignore"), _redirect_stderr(_StringIO()):
            return func(*args, **kwargs)


def _type_name(value):
    t = _type(value)
    return t.__name__ if t.__module__ == "builtins" else t.__module__ + "." + t.__name__


def _expected_type_name(types_):
    if not _isinstance(types_, tuple):
        types_ = (types_,)
    return " or ".join(t.__name__ for t in types_)


def check_type(value, expected_type, name, exact=False, hint=""):
    """Check the type of ``value``.

    Arguments
    value -- the value to check
    expected_type -- a type or a tuple of types
    name -- what the value is, for the message ("dw", "the cost")
    exact -- True: ``type(value)`` must be one of the types itself (an np.float64 is not a float)
    hint -- an extra sentence for the student
    """
    types_ = expected_type if _isinstance(expected_type, tuple) else (expected_type,)
    ok = _type(value) in types_ if exact else _isinstance(value, types_)
    if not ok:
        _fail(f"Wrong type for {name}: expected {_expected_type_name(types_)}, "
              f"got {_type_name(value)}. {hint}".rstrip())


def check_shape(value, shape, name, hint=""):
    """Check that ``value`` is exactly an ``np.ndarray`` of the given shape."""
    check_type(value, _ndarray, name, exact=True,
               hint=hint or "Return a plain NumPy array (np.ndarray), not a list or a subclass.")
    got = tuple(value.shape)
    if got != tuple(shape):
        transposed = _len(got) == 2 and got == tuple(shape)[::-1]
        extra = " Did you transpose?" if transposed else ""
        _fail(f"Wrong shape for {name}: expected {tuple(shape)}, got {got}.{extra} {hint}".rstrip())


def _as_float_array(value, name):
    try:
        return _asarray(value, dtype=_float)
    except (TypeError, ValueError):
        _fail(f"{name} cannot be read as numbers (got {_type_name(value)}).")


def _compare_values(got, expected, name, rtol, atol, hint):
    """Compare two float arrays of one shape elementwise; fail naming the first wrong entry."""
    g = _as_float_array(got, name)
    e = _as_float_array(expected, name)
    with _errstate(all="ignore"):
        close = _less_equal(_abs(_subtract(g, e)), _add(atol, _multiply(rtol, _abs(e))))
        both_nan = _logical_and(_isnan(g), _isnan(e))
    wrong = _flatnonzero(_logical_not(close | both_nan))
    if _len(wrong) == 0:
        return
    if e.ndim == 0:
        _fail(f"Wrong value for {name}: expected {e.item()!r}, got {g.item()!r}. {hint}".rstrip())
    first = tuple(_int(i) for i in _unravel_index(wrong[0], e.shape))
    where = first[0] if _len(first) == 1 else first
    _fail(f"Wrong values in {name}: {_len(wrong)} of {e.size} entries differ; the first is "
          f"{name}[{where}]: expected {e[first].item()!r}, got {g[first].item()!r}. {hint}".rstrip())


def check_close(value, expected, name, rtol=1e-6, atol=1e-8, hint=""):
    """Check an array or a real number against the expected one: type, then shape, then values.

    Arguments
    value -- what the student's code returned
    expected -- the expected np.ndarray, or a Python float / int for a scalar
    name -- what the value is, for the message
    rtol, atol -- tolerances, as in ``np.allclose`` (|value - expected| <= atol + rtol * |expected|)
    hint -- an extra sentence for the student
    """
    if _isinstance(expected, _ndarray):
        check_shape(value, expected.shape, name, hint)
    else:
        if _type(value) not in _FLOAT_TYPES + _INTEGER_TYPES:
            _fail(f"Wrong type for {name}: expected a number (a Python or NumPy float or int), "
                  f"got {_type_name(value)}. {hint or 'Return a single number.'}".rstrip())
    _compare_values(value, expected, name, rtol, atol, hint)


def check_equal(value, expected, name, hint=""):
    """Check an exact value: an int, a bool, a string, or an integer array."""
    if _isinstance(expected, _ndarray):
        check_shape(value, expected.shape, name, hint)
        _compare_values(value, expected, name, 0.0, 0.0, hint)
        return
    if _type(expected) is _bool:
        check_type(value, (_bool, np.bool_), name, exact=True, hint=hint)
        ok = _bool(value) is expected
    elif _type(expected) is _int:
        check_type(value, _INTEGER_TYPES, name, exact=True, hint=hint)
        ok = _int(value) == expected
    elif _type(expected) is _str:
        check_type(value, _str, name, exact=True, hint=hint)
        ok = _str.__eq__(value, expected)
    else:
        raise TypeError(f"check_equal does not compare {_type_name(expected)}")
    if not ok:
        _fail(f"Wrong value for {name}: expected {expected!r}, got {_repr(value)}. {hint}".rstrip())


def check_output(value, expected, name, rtol=1e-6, atol=1e-8, hint=""):
    """Check a nested result (dicts, tuples, lists of arrays and numbers) part by part.

    Dicts must have the expected keys; tuples and lists the expected length; each part is checked
    with :func:`check_close` (floats, float arrays) or :func:`check_equal` (ints, bools, strings,
    integer arrays), and messages name the part, e.g. ``grads['dw']``.
    """
    if _isinstance(expected, dict):
        check_type(value, dict, name, hint=hint)
        missing = [k for k in expected if k not in dict.keys(value)]
        if missing:
            _fail(f"{name} is missing the key(s) {missing}. {hint}".rstrip())
        for key, part in expected.items():
            check_output(dict.__getitem__(value, key), part, f"{name}[{key!r}]", rtol, atol, hint)
    elif _isinstance(expected, (tuple, list)):
        check_type(value, _type(expected), name, exact=True, hint=hint)
        if _len(value) != _len(expected):
            _fail(f"Wrong length for {name}: expected {_len(expected)}, got {_len(value)}. {hint}".rstrip())
        for i, part in enumerate(expected):
            check_output(value[i], part, f"{name}[{i}]", rtol, atol, hint)
    elif _isinstance(expected, _ndarray) and expected.dtype.kind in "biu":
        check_equal(value, expected, name, hint)
    elif _isinstance(expected, _ndarray) or _type(expected) is _float:
        check_close(value, expected, name, rtol, atol, hint)
    else:
        check_equal(value, expected, name, hint)


def _equal_inputs(a, b):
    if _isinstance(a, _ndarray):
        return (_isinstance(b, _ndarray) and a.dtype == b.dtype
                and _array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if _isinstance(a, dict):
        return _isinstance(b, dict) and a.keys() == b.keys() and all(_equal_inputs(a[k], b[k]) for k in a)
    if _isinstance(a, (list, tuple)):
        return _len(a) == _len(b) and all(_equal_inputs(x, y) for x, y in zip(a, b))
    return _repr(a) == _repr(b)


def check_not_mutated(func, args, name):
    """Call ``func(*args)`` on copies and fail if it changed any of its inputs in place.

    Returns
    what ``func`` returned
    """
    originals = _deepcopy(args)
    working = _deepcopy(args)
    result = call(func, *working)
    for i, (before, after) in enumerate(zip(originals, working)):
        if not _equal_inputs(before, after):
            _fail(f"{name} changed its argument number {i + 1} in place. Work on a copy "
                  f"(e.g. x = x.copy() or x = x - ...) instead of modifying the caller's data.")
    return result


def _referenced_globals(code, namespace, seen=None):
    """Yield the objects that the names used by ``code`` (and its nested code) refer to."""
    seen = set() if seen is None else seen
    for const in code.co_consts:
        if _isinstance(const, _CodeType):
            yield from _referenced_globals(const, namespace, seen)
    for ident in code.co_names:
        if ident in namespace and ident not in seen:
            seen.add(ident)
            yield namespace[ident]


def _library_module(obj):
    module = getattr(obj, "__name__", "") if _isinstance(obj, _ModuleType) else getattr(obj, "__module__", "")
    return _isinstance(module, _str) and module.split(".")[0] in _LIBRARY_PACKAGES


def check_defined_in_notebook(func, name):
    """Fail unless ``func`` is a function written in the notebook itself.

    A function imported from the helper library, or one that merely calls the library's function
    of the same name (directly or through its module), does not count as the student's work.
    """
    if _type(func) is not _FunctionType:
        _fail(f"{name} must be a function defined with `def {name}(...)` in this notebook, "
              f"got {_type_name(func)}.")
    filename = _realpath(func.__code__.co_filename)
    if func.__module__ != "__main__" or filename.startswith(_LIBRARY_DIR + os.sep):
        _fail(f"{name} was imported from {func.__module__}; write your own {name} in this notebook.")
    for obj in _referenced_globals(func.__code__, func.__globals__):
        if not _library_module(obj):
            continue
        if _isinstance(obj, _ModuleType) and hasattr(obj, name):
            _fail(f"{name} calls the helper library's {obj.__name__}.{name}; write your own.")
        if getattr(obj, "__name__", None) == name:
            _fail(f"{name} calls the helper library's {obj.__module__}.{name}; write your own.")
