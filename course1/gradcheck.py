"""Numerical gradient checking with centred differences.

The reference against which every backward pass of the course is tested: perturb one entry of an
input by +h and -h, evaluate the function twice, and take the slope

    df/dx_i  ~  (f(x + h e_i) - f(x - h e_i)) / (2 h),

whose error is O(h^2). With float64 and h = 1e-5, a correct analytic gradient agrees to a relative
error of about 1e-7 or better; a wrong one (a missing 1/m, a wrong sign) is off by 1e-1 or more.
"""
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    """Gradient of a scalar function at ``x`` by centred differences.

    Arguments
    f -- callable taking no argument and returning a real number; it must read ``x``
    x -- np.ndarray (any shape, float64), perturbed in place and restored entry by entry
    h -- step size

    Returns
    grad -- np.ndarray of the shape of ``x``, the numerical df/dx
    """
    grad = np.zeros_like(x, dtype=float)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = float(f())
        x[i] = old - h
        f_minus = float(f())
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient_array(f, x, dout, h=1e-5):
    """Gradient of ``sum(f() * dout)`` at ``x``: the vector-Jacobian product of an array function.

    Arguments
    f -- callable taking no argument and returning an np.ndarray; it must read ``x``
    x -- np.ndarray, perturbed in place and restored
    dout -- np.ndarray of the shape of ``f()``, the upstream gradient
    h -- step size

    Returns
    grad -- np.ndarray of the shape of ``x``
    """
    return numerical_gradient(lambda: np.sum(f() * dout), x, h)


def rel_error(x, y):
    """Relative error ``max |x - y| / max(1e-8, |x| + |y|)`` between two arrays or numbers."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def gradient_difference(grad, numerical):
    """The course's difference ``||grad - numerical|| / (||grad|| + ||numerical||)`` (0 if both are 0)."""
    grad = np.asarray(grad, dtype=float).ravel()
    numerical = np.asarray(numerical, dtype=float).ravel()
    denominator = np.linalg.norm(grad) + np.linalg.norm(numerical)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(grad - numerical) / denominator)
