"""Gradient checking for networks whose parameters live in a dictionary.

A network's parameters are a dict ``{"W1": (n_1, n_0), "b1": (n_1, 1), ..., "WL": ..., "bL": ...}``
and its gradients a dict with the keys ``"dW1", "db1", ...`` (and possibly others, such as ``"dZ1"``
or ``"dA1"``, which are ignored here). To compare a backward pass with the slope of the cost, both
are unrolled into one column vector in the order W1, b1, W2, b2, ..., WL, bL:

    theta = [W1.ravel(), b1.ravel(), W2.ravel(), ...]                        shape (n, 1)

and the numerical gradient is taken one entry at a time with centred differences

    gradapprox_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps),

then ``difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||)``. A correct backward pass
gives a difference of about 1e-7 or less with eps = 1e-7; a wrong one 1e-2 or more.
"""
from collections.abc import Mapping

import numpy as np

from course1.gradcheck import gradient_difference

__all__ = ["dictionary_to_vector", "vector_to_dictionary", "gradients_to_vector", "gradient_check_n"]


def _num_layers(d, prefix):
    """The number of layers L such that ``prefix + "W1"`` ... ``prefix + "WL"`` are all in ``d``."""
    L = 0
    while f"{prefix}W{L + 1}" in d:
        L += 1
    if L == 0:
        raise KeyError(f"no {prefix}W1 in the dictionary (keys: {sorted(d)})")
    return L


def _ordered_keys(d, prefix=""):
    """``[prefix W1, prefix b1, ..., prefix WL, prefix bL]`` for the layers present in ``d``."""
    keys = []
    for l in range(1, _num_layers(d, prefix) + 1):
        keys += [f"{prefix}W{l}", f"{prefix}b{l}"]
    return keys


def _unroll(d, keys):
    return np.concatenate([np.asarray(d[k], dtype=float).reshape(-1, 1) for k in keys], axis=0)


def dictionary_to_vector(parameters):
    """Unroll the parameters W1, b1, ..., WL, bL into one column vector.

    Arguments
    parameters -- dict with "W1" (n_1, n_0), "b1" (n_1, 1), ..., "WL" (n_L, n_{L-1}), "bL" (n_L, 1)

    Returns
    theta -- np.ndarray (n, 1), n the total number of parameters, a new array (a copy)
    keys -- list of n str: keys[i] names the parameter that entry i of theta comes from ("W1", ...)
    """
    names = _ordered_keys(parameters)
    theta = _unroll(parameters, names)
    keys = []
    for k in names:
        keys += [k] * int(np.size(parameters[k]))
    return theta, keys


def _shapes(layer_dims):
    """The ordered list of (name, shape) described by ``layer_dims`` (ints, or a dict of shapes/arrays)."""
    if isinstance(layer_dims, Mapping):
        return [(k, tuple(np.shape(layer_dims[k]) if not isinstance(layer_dims[k], tuple) else layer_dims[k]))
                for k in _ordered_keys(layer_dims)]
    dims = [int(n) for n in layer_dims]
    if len(dims) < 2:
        raise ValueError(f"layer_dims needs at least an input and an output size, got {dims}")
    shapes = []
    for l in range(1, len(dims)):
        shapes += [(f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))]
    return shapes


def vector_to_dictionary(theta, layer_dims):
    """Roll a column vector back into the parameters W1, b1, ..., WL, bL (inverse of dictionary_to_vector).

    Arguments
    theta -- np.ndarray (n, 1) (or any array with n entries), in the order W1, b1, ..., WL, bL
    layer_dims -- the sizes of the layers, either a list of ints [n_0, n_1, ..., n_L], or a dict
                  giving each parameter's shape: {"W1": (n_1, n_0), "b1": (n_1, 1), ...}; the
                  parameters dict itself works too (its arrays' shapes are used)

    Returns
    parameters -- dict with "W1" (n_1, n_0), "b1" (n_1, 1), ..., "WL", "bL"; new arrays
    """
    flat = np.asarray(theta, dtype=float).ravel()
    shapes = _shapes(layer_dims)
    n = sum(int(np.prod(shape)) for _, shape in shapes)
    if flat.size != n:
        raise ValueError(f"theta has {flat.size} entries, the layer sizes need {n}")
    parameters, start = {}, 0
    for name, shape in shapes:
        size = int(np.prod(shape))
        parameters[name] = flat[start:start + size].reshape(shape).copy()
        start += size
    return parameters


def gradients_to_vector(gradients):
    """Unroll the gradients dW1, db1, ..., dWL, dbL into one column vector (other keys are ignored).

    Arguments
    gradients -- dict with "dW1" (n_1, n_0), "db1" (n_1, 1), ..., "dWL", "dbL" (entries such as
                 "dZ1" or "dA1" may be present and are left out)

    Returns
    theta -- np.ndarray (n, 1), in the order of :func:`dictionary_to_vector`
    """
    return _unroll(gradients, _ordered_keys(gradients, prefix="d"))


def gradient_check_n(parameters, gradients, cost_fn, epsilon=1e-7):
    """Compare a backward pass with the centred-difference slope of the cost, parameter by parameter.

    Arguments
    parameters -- dict "W1", "b1", ..., "WL", "bL" (see :func:`dictionary_to_vector`); not modified
    gradients -- dict "dW1", "db1", ..., "dWL", "dbL" of the same shapes: the gradient to check
    cost_fn -- callable cost_fn(parameters) -> float, the cost J at a parameters dict
    epsilon -- the step of the centred difference

    Returns
    difference -- float, ||grad - gradapprox|| / (||grad|| + ||gradapprox||)
    """
    theta, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    if grad.shape != theta.shape:
        raise ValueError(f"the gradients have {grad.shape[0]} entries, the parameters {theta.shape[0]}")
    gradapprox = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        theta_plus = theta.copy()
        theta_plus[i, 0] += epsilon
        theta_minus = theta.copy()
        theta_minus[i, 0] -= epsilon
        J_plus = float(cost_fn(vector_to_dictionary(theta_plus, parameters)))
        J_minus = float(cost_fn(vector_to_dictionary(theta_minus, parameters)))
        gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
    return gradient_difference(grad, gradapprox)
