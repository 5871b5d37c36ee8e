"""The TensorFlow part of the grading toolkit: checks for tensors, variables and Keras models.

Like :mod:`course1.checks`, on which it builds, it cannot be fooled from a student's cell: the
TensorFlow types and the methods that read a tensor's values are bound here, when the locked setup
cell imports this module, and values are compared by :mod:`course1.checks` (NumPy functions bound at
import, no ``__eq__``). Every failure raises :class:`course1.checks.CheckFailed` with a message that
says what is wrong: first the type, then the dtype, then the shape, then the values.

Model structure is compared layer by layer with :func:`summarize` and :func:`check_model`: the first
layer that differs (its type, output shape, number of parameters or a key setting such as padding
or activation) is named in the message.

The checks also read what a hidden test recorded in the student's kernel (:mod:`course1.record`):
a tensor or variable arrives in the grader as a :class:`course1.record.Foreign` (its type name,
dtype and values), which :func:`check_tensor` and :func:`check_class` check like the object itself,
with the same messages; a model arrives as its recorded :func:`summarize` list, which
:func:`check_model` takes in place of the model. :func:`outputs_with_seeded_weights` is the
kernel's side of a model's outputs on hidden inputs.
"""
from course2.determinism import keras, tf  # first: TensorFlow loads without its C++ start-up notices
from tensorflow.python.framework.ops import EagerTensor, _EagerTensorBase  # noqa: E402
from tensorflow.python.ops.resource_variable_ops import ResourceVariable  # noqa: E402

import numpy as np  # noqa: E402

from course1 import checks  # noqa: E402
from course1.record import Foreign  # noqa: E402

__all__ = ["check_tensor", "check_class", "summarize", "check_model", "outputs_with_seeded_weights"]

_type = type
_len = len
_asarray = np.asarray
_tuple = tuple
_dict = dict
_list = list
_str = str
_tensor_numpy = _EagerTensorBase.numpy
_variable_numpy = ResourceVariable.numpy
_KINDS = {
    "tensor": ((EagerTensor,), "a TensorFlow tensor (tf.Tensor)",
               "Use TensorFlow operations (tf.matmul, tf.add, tf.keras.activations, ...), not NumPy."),
    "variable": ((ResourceVariable,), "a TensorFlow variable (tf.Variable)",
                 "Wrap the initial value in tf.Variable(...)."),
    "any": ((EagerTensor, ResourceVariable), "a TensorFlow tensor or variable", ""),
}


def _class_name(cls):
    """The name a recorded object of class ``cls`` carries (:attr:`course1.record.Foreign.type_name`)."""
    return f"{cls.__module__}.{cls.__qualname__}"


def _recorded_names(classes, subclasses=False):
    """The type names of ``classes`` (and, with ``subclasses``, of their subclasses loaded now)."""
    names, todo = set(), _list(classes)
    while todo:
        cls = todo.pop()
        if _class_name(cls) not in names:
            names.add(_class_name(cls))
            if subclasses:
                todo.extend(_type.__subclasses__(cls))
    return frozenset(names)


# the type names of recorded tensors and variables, from the classes bound above
_KIND_NAMES = {kind: _recorded_names(types) for kind, (types, _, _) in _KINDS.items()}


def _shown_name(type_name):
    """A recorded type name as :func:`course1.checks.check_type` shows a type (builtins without module)."""
    module, _, qualname = type_name.rpartition(".")
    return qualname if module == "builtins" else type_name


def _wrong_type(value, types, name, hint):
    """Fail with :func:`course1.checks.check_type`'s message for ``value``, a real or recorded object."""
    if _type(value) is not Foreign:
        checks.check_type(value, types, name, exact=True, hint=hint)
    expected = " or ".join(t.__name__ for t in types)
    raise checks.CheckFailed(f"Wrong type for {name}: expected {expected}, got {_shown_name(value.type_name)}. "
                             f"{hint}".rstrip())


def check_class(value, classes, name, hint=""):
    """Check that ``value`` is an instance of one of ``classes`` (a class or a tuple of classes).

    ``value`` may be the object itself (``isinstance``) or its record, a :class:`course1.record.Foreign`,
    whose type name must be that of one of the classes or of a subclass of one (as loaded here).
    """
    types = classes if isinstance(classes, _tuple) else (classes,)
    if _type(value) is Foreign:
        if value.type_name not in _recorded_names(types, subclasses=True):
            _wrong_type(value, types, name, hint)
    else:
        checks.check_type(value, types, name, hint=hint)


def _values(value):
    """The NumPy array behind a tensor or variable, read with the methods bound at import."""
    return _variable_numpy(value) if _type(value) is ResourceVariable else _tensor_numpy(value)


def check_tensor(value, expected, name, dtype=tf.float32, kind="tensor", rtol=1e-6, atol=1e-7, hint=""):
    """Check a TensorFlow result: its type, its dtype, its shape, then its values.

    Arguments
    value -- what the student's code returned, or its record (a :class:`course1.record.Foreign`)
    expected -- np.ndarray of the expected values (its shape is the expected shape)
    name -- what the value is, for the message ("linear_function()", 'parameters["W1"]')
    dtype -- the expected tf.DType, or None to accept any
    kind -- "tensor" (tf.Tensor), "variable" (tf.Variable) or "any"
    rtol, atol -- tolerances, |value - expected| <= atol + rtol * |expected|
    hint -- an extra sentence for the student
    """
    types, what, type_hint = _KINDS[kind]
    type_hint = f"Expected {what}. {hint or type_hint}".strip()
    recorded = _type(value) is Foreign
    if recorded and value.type_name not in _KIND_NAMES[kind] or not recorded and _type(value) not in types:
        _wrong_type(value, types, name, type_hint)
    got_dtype = value.dtype if recorded else value.dtype.name
    if dtype is not None and (got_dtype != dtype.name if recorded else value.dtype != dtype):
        raise checks.CheckFailed(f"Wrong dtype for {name}: expected {dtype.name}, got {got_dtype}. "
                                 f"{hint or 'Cast with tf.cast(x, ' + 'tf.' + dtype.name + ').'}".rstrip())
    got = value.value if recorded else _asarray(_values(value))
    if got is None:
        raise checks.CheckFailed(f"The values of {name} could not be read. {hint}".rstrip())
    checks.check_close(got, expected, name, rtol=rtol, atol=atol, hint=hint)


# --- Keras model structure ------------------------------------------------------------------------

def _name(value):
    """A setting as text: activation functions and initializers by their names."""
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    return _type(value).__name__ if hasattr(value, "get_config") else value


_SETTINGS = {
    "Conv2D": ("filters", "kernel_size", "strides", "padding", "activation"),
    "MaxPooling2D": ("pool_size", "strides", "padding"),
    "AveragePooling2D": ("pool_size", "strides", "padding"),
    "ZeroPadding2D": ("padding",),
    "Dense": ("units", "activation"),
    "BatchNormalization": ("axis",),
    "Dropout": ("rate",),
    "Activation": ("activation",),
}


def _shape(shape):
    return _tuple(None if d is None else int(d) for d in shape)


def summarize(model):
    """One dict per layer of a built Keras model (input layers left out).

    Arguments
    model -- a keras.Model (Sequential or functional) with a known input shape

    Returns
    list of dicts with the keys ``layer`` (class name), ``output_shape`` (tuple, None for the batch),
    ``params`` (number of weights) and the layer's key settings (padding, strides, activation, ...)
    """
    rows = []
    for layer in model.layers:
        kind = _type(layer).__name__
        if kind == "InputLayer":
            continue
        row = {"layer": kind, "output_shape": _shape(layer.output.shape), "params": int(layer.count_params())}
        config = layer.get_config()
        for key in _SETTINGS.get(kind, ()):
            setting = config.get(key, getattr(layer, key, None))
            if isinstance(setting, list):
                setting = _tuple(_tuple(s) if isinstance(s, list) else s for s in setting)
            row[key] = _name(setting) if key == "activation" else setting
        rows.append(row)
    return rows


def _is_summary(rows):
    return _type(rows) is _list and all(_type(r) is _dict and _type(r.get("layer")) is _str for r in rows)


def check_model(model, expected, name, hint=""):
    """Compare a model's layers with the expected ones and name the first layer that differs.

    Arguments
    model -- the student's keras.Model, or its layers as :func:`summarize` gave them in the kernel
             (a recorded list of dicts)
    expected -- list of dicts as returned by :func:`summarize`; each dict may hold only some keys
                (``layer`` is required), and only those are compared
    name -- what the model is, for the message ("happyModel()")
    hint -- an extra sentence for the student
    """
    if _type(model) is _list:
        if not _is_summary(model):
            raise checks.CheckFailed(f"The layers recorded for {name} are not a list of layers as "
                                     f"tf_checks.summarize gives them. {hint}".rstrip())
        got = model
    elif isinstance(model, keras.Model):
        got = summarize(model)
    elif _type(model) is Foreign and model.type_name in _recorded_names((keras.Model,), subclasses=True):
        raise TypeError("check_model reads a recorded model through its summary: record tf_checks.summarize(model)")
    else:
        _wrong_type(model, (keras.Model,), name, "Return the Keras model you built.")
    for i, want in enumerate(expected):
        if i >= _len(got):
            raise checks.CheckFailed(f"{name} has only {_len(got)} layers; layer {i + 1} should be a "
                                     f"{want['layer']}. {hint}".rstrip())
        have = got[i]
        where = f"{name}, layer {i + 1} ({have['layer']})"
        if have["layer"] != want["layer"]:
            raise checks.CheckFailed(f"{name}, layer {i + 1}: expected a {want['layer']}, got a {have['layer']}. "
                                     f"{hint}".rstrip())
        for key, value in want.items():
            if key != "layer" and have.get(key) != value:
                raise checks.CheckFailed(f"{where}: wrong {key.replace('_', ' ')}: expected {value!r}, "
                                         f"got {have.get(key)!r}. {hint}".rstrip())
    if _len(got) > _len(expected):
        raise checks.CheckFailed(f"{name} has {_len(got)} layers, expected {_len(expected)}; the first extra one "
                                 f"is layer {_len(expected) + 1} ({got[_len(expected)]['layer']}). {hint}".rstrip())


# --- a model's outputs on hidden inputs (the kernel's side) -----------------------------------------

def outputs_with_seeded_weights(model, x, seed, scale=0.1):
    """Give every weight of ``model`` a seeded value, then return its outputs on ``x`` (inference mode).

    Trainable weights are drawn from N(0, scale^2), non-trainable ones (the moving mean and variance
    of a batch normalization) from U(0.5, 1.5), so a variance stays positive. The values come from
    ``np.random.RandomState(seed)`` in the order of ``model.weights``: the result depends neither on
    Keras' seed state nor on layer names, so a hidden test can record it in the student's kernel and
    compare it with the reference solution's record.

    Arguments
    model -- a built keras.Model
    x -- np.ndarray of inputs, with the batch first
    seed -- int, the seed of the weights
    scale -- standard deviation of the trainable weights

    Returns
    np.ndarray, ``model(x, training=False)``; None if ``model`` is no Keras model or cannot run on ``x``
    (e.g. built for another input shape: the judge then names what is wrong, from the model's layers)
    """
    if not isinstance(model, keras.Model):
        return None
    rs = np.random.RandomState(seed)
    try:
        values = []
        for w in model.weights:
            shape = _tuple(int(d) for d in w.shape)
            drawn = rs.normal(scale=scale, size=shape) if w.trainable else rs.uniform(0.5, 1.5, size=shape)
            values.append(drawn.astype(w.dtype))
        model.set_weights(values)
        return _asarray(model(x, training=False))
    except Exception:  # noqa: BLE001 (a model that cannot run: no outputs to record)
        return None
