"""What hidden test cells hand to the grader: the values a student's code produced, as plain data.

A hidden test cell builds its inputs (seeded inside the cell), calls the student's function and
*records* what came back::

    s = record.call("sigmoid(x)", sigmoid, x)     # the output, and x as it is after the call
    record("the cost", float(cost))               # any value built from the student's objects
    with judge:                                   # the expected side: never sent to the kernel
        checks.check_close(s, 0.5 * (1 + np.tanh(0.5 * x)), "sigmoid(x)")

When the notebook is graded, the kernel runs the cell without its ``with judge:`` blocks, and each
record leaves the kernel as a display output of type :data:`MIME` (JSON: numbers, strings, and
arrays as raw bytes with their dtype and shape; no pickle). The grader
(:mod:`course1.grading.judge`) decodes the records with :func:`decode` and runs the cell's judge
part in its own process, where each ``record(...)`` stands for the value recorded under that label.
Run directly in Jupyter (an instructor trying a source notebook), ``record`` returns its value and
``with judge:`` runs its block in place, so the source notebook works as an ordinary notebook.

Nothing here is trusted by the grader: a student's code can replace any of it, which only changes
what is recorded; points come from the judge comparing records with values it computes itself.
"""
import base64
import copy
import math

import numpy as np

from course1 import checks

__all__ = ["MIME", "record", "judge", "Foreign", "encode", "decode", "RecordError"]

MIME = "application/vnd.dlcourse.record+json"
MAX_DEPTH = 20
MAX_BYTES = 64_000_000  # the most the grader reads of one hidden cell's records
_ARRAY_KINDS = "biufc"  # bool, signed and unsigned integers, floats, complex: plain numbers only


class RecordError(ValueError):
    """A record that is not what the recorder writes (wrong layout, type, size or dtype)."""


class Foreign:
    """A recorded object of another library (a TensorFlow tensor or variable, a Keras model...).

    Attributes
    ----------
    type_name : str
        the object's type, ``module.QualName``
    dtype : str or None
        its dtype's name (``"float32"``), if it has one
    value : np.ndarray or None
        its values, if it converts to an array
    """

    def __init__(self, type_name, dtype=None, value=None):
        self.type_name, self.dtype, self.value = type_name, dtype, value

    def __repr__(self):
        return f"Foreign({self.type_name!r}, dtype={self.dtype!r})"


def _type_name(value):
    t = type(value)
    return f"{t.__module__}.{t.__qualname__}"


def _array(value):
    if value.dtype.kind not in _ARRAY_KINDS:
        raise RecordError(f"cannot record an array of dtype {value.dtype} (numbers and booleans only)")
    data = value if value.flags.c_contiguous else value.copy(order="C")  # (ascontiguousarray makes 0-d 1-d)
    return {"dtype": data.dtype.str, "shape": list(data.shape), "b64": base64.b64encode(data.tobytes()).decode()}


def encode(value, depth=0):
    """The JSON-able form of ``value``: None, bool, int, float, str, NumPy arrays and scalars, lists,
    tuples and dicts of them; any other object as its type name, dtype and values (:class:`Foreign`)."""
    if depth > MAX_DEPTH:
        raise RecordError("the value is nested too deeply to record")
    t = type(value)
    if value is None:
        return {"t": "none"}
    if t is bool:
        return {"t": "bool", "v": value}
    if t is int:
        return {"t": "int", "v": str(value)}
    if t is float:
        return {"t": "float", "v": value.hex()}
    if t is str:
        return {"t": "str", "v": value}
    if t is np.ndarray:
        return {"t": "array", **_array(value)}
    if isinstance(value, np.generic) and t.__module__ == "numpy":
        return {"t": "scalar", **_array(np.asarray(value))}
    if t in (list, tuple):
        return {"t": t.__name__, "v": [encode(v, depth + 1) for v in value]}
    if t is dict:
        return {"t": "dict", "k": [encode(k, depth + 1) for k in value], "v": [encode(v, depth + 1) for v in value.values()]}
    dtype = getattr(getattr(value, "dtype", None), "name", None)
    values = None
    if callable(getattr(value, "numpy", None)):
        try:
            array = np.asarray(value.numpy())
            values = _array(array) if type(array) is np.ndarray and array.dtype.kind in _ARRAY_KINDS else None
        except Exception:  # noqa: BLE001 (an object that cannot give its values is recorded without them)
            values = None
    return {"t": "foreign", "type": _type_name(value), "dtype": dtype if isinstance(dtype, str) else None,
            "value": values}


def _decode_array(node, max_bytes):
    dtype_text, shape, b64 = node.get("dtype"), node.get("shape"), node.get("b64")
    if not (isinstance(dtype_text, str) and isinstance(shape, list) and isinstance(b64, str)):
        raise RecordError("an array record lacks its dtype, shape or data")
    if len(b64) > max_bytes * 4 // 3 + 4:
        raise RecordError("an array record is larger than the grader reads")
    try:
        dtype = np.dtype(dtype_text)
    except TypeError as e:
        raise RecordError(f"unknown dtype {dtype_text!r}") from e
    if dtype.kind not in _ARRAY_KINDS or dtype.hasobject or dtype.fields is not None:
        raise RecordError(f"an array record has the dtype {dtype_text!r}")
    if not all(type(d) is int and 0 <= d for d in shape) or len(shape) > 32:
        raise RecordError("an array record has an invalid shape")
    raw = base64.b64decode(b64, validate=True)
    if len(raw) != dtype.itemsize * math.prod(shape):
        raise RecordError("an array record's data does not fit its dtype and shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def decode(node, max_bytes=MAX_BYTES, depth=0):
    """The value :func:`encode` recorded; :class:`RecordError` for anything else. Reads data only."""
    if depth > MAX_DEPTH or not isinstance(node, dict):
        raise RecordError("a record is not laid out as the recorder writes it")
    kind = node.get("t")
    if kind == "none":
        return None
    if kind == "bool" and type(node.get("v")) is bool:
        return node["v"]
    if kind == "int" and isinstance(node.get("v"), str) and len(node["v"]) < 5000:
        return int(node["v"])
    if kind == "float" and isinstance(node.get("v"), str):
        return float.fromhex(node["v"])
    if kind == "str" and isinstance(node.get("v"), str):
        return node["v"]
    if kind == "array":
        return _decode_array(node, max_bytes)
    if kind == "scalar":
        array = _decode_array(node, max_bytes)
        if array.shape != ():
            raise RecordError("a scalar record holds an array")
        return array[()]
    if kind in ("list", "tuple") and isinstance(node.get("v"), list):
        items = [decode(v, max_bytes, depth + 1) for v in node["v"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict" and isinstance(node.get("k"), list) and isinstance(node.get("v"), list) \
            and len(node["k"]) == len(node["v"]):
        keys = [decode(k, max_bytes, depth + 1) for k in node["k"]]
        if any(isinstance(k, (list, dict, np.ndarray, Foreign)) for k in keys):
            raise RecordError("a dict record has a key that is not a plain value")
        return dict(zip(keys, (decode(v, max_bytes, depth + 1) for v in node["v"])))
    if kind == "foreign" and isinstance(node.get("type"), str):
        dtype = node.get("dtype")
        value = node.get("value")
        return Foreign(node["type"], dtype if isinstance(dtype, str) else None,
                       None if value is None else _decode_array(value, max_bytes))
    raise RecordError("a record is not laid out as the recorder writes it")


def _publish(label, payload):
    from IPython.display import display  # noqa: PLC0415 (only where a kernel records)
    display({MIME: {"label": label, **payload}}, raw=True)


class Recorder:
    """``record(label, value)`` and ``record.call(label, func, *args, **kwargs)`` (see the module)."""

    def __call__(self, label, value):
        """Record ``value`` under ``label``; returns ``value``."""
        _publish(label, {"value": encode(value)})
        return value

    def call(self, label, func, *args, **kwargs):
        """Call ``func`` quietly on copies of the arguments; record what it returned and the arguments
        as they are afterwards (the judge compares them with the originals: a function that changed
        its inputs in place fails). Returns what ``func`` returned."""
        working = copy.deepcopy(args)
        result = checks.call(func, *working, **kwargs)
        _publish(label, {"value": encode(result), "args": encode(list(working))})
        return result


class _InPlace:
    """``with judge:`` outside grading: the block runs where it is (the grader removes it from the kernel)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


record = Recorder()
judge = _InPlace()
