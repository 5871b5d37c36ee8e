"""The TensorFlow part of the grading toolkit: checks for tensors, variables and Keras models.

Like :mod:`course1.checks`, on which it builds, it cannot be fooled from a student's cell: the
TensorFlow types and the methods that read a tensor's values are bound here, when the locked setup
cell imports this module, and values are compared by :mod:`course1.checks` (NumPy functions bound at
import, no ``__eq__``). Every failure raises :class:`course1.checks.CheckFailed` with a message that
says what is wrong: first the type, then the dtype, then the shape, then the values.

Model structure is compared layer by layer with :func:`summarize` and :func:`check_model`: the first
layer that differs (its type, output shape, number of parameters or a key setting such as padding
or activation) is named in the message.
"""
from course2.determinism import keras, tf  # first: TensorFlow loads without its C++ start-up notices
from tensorflow.python.framework.ops import EagerTensor, _EagerTensorBase  # noqa: E402
from tensorflow.python.ops.resource_variable_ops import ResourceVariable  # noqa: E402

import numpy as np  # noqa: E402

from course1 import checks  # noqa: E402

__all__ = ["check_tensor", "summarize", "check_model"]

_type = type
_len = len
_asarray = np.asarray
_tuple = tuple
_tensor_numpy = _EagerTensorBase.numpy
_variable_numpy = ResourceVariable.numpy
_KINDS = {
    "tensor": ((EagerTensor,), "a TensorFlow tensor (tf.Tensor)",
               "Use TensorFlow operations (tf.matmul, tf.add, tf.keras.activations, ...), not NumPy."),
    "variable": ((ResourceVariable,), "a TensorFlow variable (tf.Variable)",
                 "Wrap the initial value in tf.Variable(...)."),
    "any": ((EagerTensor, ResourceVariable), "a TensorFlow tensor or variable", ""),
}


def _values(value):
    """The NumPy array behind a tensor or variable, read with the methods bound at import."""
    return _variable_numpy(value) if _type(value) is ResourceVariable else _tensor_numpy(value)


def check_tensor(value, expected, name, dtype=tf.float32, kind="tensor", rtol=1e-6, atol=1e-7, hint=""):
    """Check a TensorFlow result: its type, its dtype, its shape, then its values.

    Arguments
    value -- what the student's code returned
    expected -- np.ndarray of the expected values (its shape is the expected shape)
    name -- what the value is, for the message ("linear_function()", 'parameters["W1"]')
    dtype -- the expected tf.DType, or None to accept any
    kind -- "tensor" (tf.Tensor), "variable" (tf.Variable) or "any"
    rtol, atol -- tolerances, |value - expected| <= atol + rtol * |expected|
    hint -- an extra sentence for the student
    """
    types, what, type_hint = _KINDS[kind]
    if _type(value) not in types:
        checks.check_type(value, types, name, exact=True, hint=f"Expected {what}. {hint or type_hint}".strip())
    if dtype is not None and value.dtype != dtype:
        raise checks.CheckFailed(f"Wrong dtype for {name}: expected {dtype.name}, got {value.dtype.name}. "
                                 f"{hint or 'Cast with tf.cast(x, ' + 'tf.' + dtype.name + ').'}".rstrip())
    got = _asarray(_values(value))
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


def check_model(model, expected, name, hint=""):
    """Compare a model's layers with the expected ones and name the first layer that differs.

    Arguments
    model -- the student's keras.Model
    expected -- list of dicts as returned by :func:`summarize`; each dict may hold only some keys
                (``layer`` is required), and only those are compared
    name -- what the model is, for the message ("happyModel()")
    hint -- an extra sentence for the student
    """
    if not isinstance(model, keras.Model):
        checks.check_type(model, keras.Model, name, hint="Return the Keras model you built.")
    got = summarize(model)
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
