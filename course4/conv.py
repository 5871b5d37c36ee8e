"""Vectorized convolution and pooling layers in NumPy (NHWC layout), forward and backward.

The fast counterparts of the loops that course 4 week 1 teaches. Layout and formulas follow the
course: ``A_prev -- (m, n_H_prev, n_W_prev, n_C_prev)``, ``W -- (f, f, n_C_prev, n_C)``,
``b -- (1, 1, 1, n_C)``, and the convolution is a cross-correlation (as in ``tf.nn.conv2d``)::

    Z[i, h, w, c] = sum(A_pad[i, h*s : h*s + f, w*s : w*s + f, :] * W[..., c]) + b[..., c]

with ``n_H = floor((n_H_prev - f + 2 pad) / s) + 1`` (the same for the width).

The convolution is im2col + one matrix product: every f x f x n_C_prev window becomes a column of
a matrix ``cols -- (f * f * n_C_prev, m * n_H * n_W)``, and ``Z = cols.T @ W`` reshaped. The input is
moved to channels-first ``(n_C_prev, m, n_H, n_W)`` first, so that copying the windows into
``cols`` moves whole image rows at a time, and the examples are processed a few at a time, so that
``cols`` stays small enough to live in the CPU cache (about 2x faster than one big ``cols``).

Every layer keeps the library's contract ``forward(...) -> (out, cache)`` and
``backward(dout, cache) -> gradients`` in the order of the layer's inputs and parameters. The
dtype follows NumPy's promotion of the inputs: float32 in, float32 out.

The week 1 step-by-step notebook grades its own loop versions and must not import these.
"""
import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

# Elements of ``cols`` per block of examples: 2**19 float32 numbers are 2 MB, a cache-sized block.
_BLOCK_ELEMENTS = 2**19

POOL_MODES = ("max", "average")


# --- input checks -------------------------------------------------------------------------------

def _check_ndim(name, x, ndim, layout):
    if x.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-d array {layout}, got shape {x.shape}")


def _check_int(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        kind = "a positive" if minimum == 1 else "a non-negative"
        raise ValueError(f"{name} must be {kind} integer, got {value!r}")


def _output_size(n_prev, f, stride, pad, what):
    """``floor((n_prev - f + 2 pad) / stride) + 1``, or a ValueError if the window does not fit."""
    if f > n_prev + 2 * pad:
        raise ValueError(f"the {what} window ({f}) is larger than the padded input ({n_prev} + 2 * {pad})")
    return (n_prev - f + 2 * pad) // stride + 1


def _check_gradient(name, dout, shape):
    if dout.shape != shape:
        raise ValueError(f"{name} must have the shape of the forward output {shape}, got {dout.shape}")


# --- convolution --------------------------------------------------------------------------------

def _windows(A_t, f_h, f_w, stride):
    """Every f_h x f_w window of the channels-first ``A_t -- (n_C, m, n_H_pad, n_W_pad)``, as a view.

    Returns
    windows -- (f_h, f_w, n_C, m, n_H, n_W), ``windows[i, j, c, k, h, w] = A_t[c, k, h*s + i, w*s + j]``
    """
    view = sliding_window_view(A_t, (f_h, f_w), axis=(2, 3))[:, :, ::stride, ::stride]
    return view.transpose(4, 5, 0, 1, 2, 3)


def _blocks(m, elements_per_example):
    """Slices of the example axis holding about ``_BLOCK_ELEMENTS`` elements of ``cols`` each."""
    size = max(1, _BLOCK_ELEMENTS // elements_per_example)
    return [slice(k, k + size) for k in range(0, m, size)]


def conv_forward(A_prev, W, b, stride=1, pad=0):
    """Forward pass of a convolution layer (cross-correlation with zero padding and a stride).

    Arguments
    A_prev -- activations of the previous layer, (m, n_H_prev, n_W_prev, n_C_prev)
    W -- filters, (f, f, n_C_prev, n_C) (a rectangular (f_h, f_w, ...) filter works too)
    b -- biases, (1, 1, 1, n_C)
    stride -- step between two windows, a positive integer (the same for height and width)
    pad -- zeros added on each side of the height and width, a non-negative integer

    Returns
    Z -- output, (m, n_H, n_W, n_C) with n_H = floor((n_H_prev - f + 2 pad) / stride) + 1
    cache -- (A_prev, W, b, stride, pad), for :func:`conv_backward`
    """
    A_prev, W, b = np.asarray(A_prev), np.asarray(W), np.asarray(b)
    _check_ndim("A_prev", A_prev, 4, "(m, n_H_prev, n_W_prev, n_C_prev)")
    _check_ndim("W", W, 4, "(f, f, n_C_prev, n_C)")
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f_h, f_w, n_C_W, n_C = W.shape
    if n_C_W != n_C_prev:
        raise ValueError(f"W expects {n_C_W} input channels (W.shape[2]) but A_prev has {n_C_prev} "
                         f"(A_prev.shape[3])")
    if b.shape != (1, 1, 1, n_C):
        raise ValueError(f"b must have shape (1, 1, 1, n_C) = {(1, 1, 1, n_C)}, got {b.shape}")
    if f_h < 1 or f_w < 1:
        raise ValueError(f"W must have a filter of size at least 1 x 1, got shape {W.shape}")
    _check_int("stride", stride, 1)
    _check_int("pad", pad, 0)
    n_H = _output_size(n_H_prev, f_h, stride, pad, "filter height")
    n_W = _output_size(n_W_prev, f_w, stride, pad, "filter width")

    A_t = np.pad(A_prev.transpose(3, 0, 1, 2), ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = _windows(A_t, f_h, f_w, stride)
    W_col = W.reshape(f_h * f_w * n_C_prev, n_C)
    Z = np.empty((m, n_H, n_W, n_C), dtype=np.result_type(A_prev, W, b))
    for block in _blocks(m, W_col.shape[0] * n_H * n_W):
        cols = windows[:, :, :, block].reshape(W_col.shape[0], -1)
        np.matmul(cols.T, W_col, out=Z[block].reshape(-1, n_C))
    Z += b
    return Z, (A_prev, W, b, stride, pad)


def conv_backward(dZ, cache):
    """Backward pass of :func:`conv_forward`.

    Arguments
    dZ -- gradient of the cost with respect to the output Z, (m, n_H, n_W, n_C)
    cache -- (A_prev, W, b, stride, pad) from :func:`conv_forward`

    Returns
    dA_prev -- gradient with respect to A_prev, (m, n_H_prev, n_W_prev, n_C_prev)
    dW -- gradient with respect to W, (f, f, n_C_prev, n_C)
    db -- gradient with respect to b, (1, 1, 1, n_C)
    """
    A_prev, W, b, stride, pad = cache
    dZ = np.asarray(dZ)
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f_h, f_w, _, n_C = W.shape
    n_H = _output_size(n_H_prev, f_h, stride, pad, "filter height")
    n_W = _output_size(n_W_prev, f_w, stride, pad, "filter width")
    _check_gradient("dZ", dZ, (m, n_H, n_W, n_C))

    A_t = np.pad(A_prev.transpose(3, 0, 1, 2), ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = _windows(A_t, f_h, f_w, stride)
    W_col = W.reshape(f_h * f_w * n_C_prev, n_C)
    dW_col = np.zeros(W_col.shape, dtype=np.result_type(A_prev, dZ))
    dA_t = np.zeros(A_t.shape, dtype=np.result_type(dZ, W))
    for block in _blocks(m, W_col.shape[0] * n_H * n_W):
        cols = windows[:, :, :, block].reshape(W_col.shape[0], -1)
        dZ_col = dZ[block].reshape(-1, n_C)
        dW_col += cols @ dZ_col
        dcols = (W_col @ dZ_col.T).reshape(f_h, f_w, n_C_prev, -1, n_H, n_W)
        for i in range(f_h):  # col2im: add each window's gradient back where the window was read
            for j in range(f_w):
                dA_t[:, block, i:i + stride * n_H:stride, j:j + stride * n_W:stride] += dcols[i, j]
    dA_prev = dA_t[:, :, pad:pad + n_H_prev, pad:pad + n_W_prev].transpose(1, 2, 3, 0)
    db = np.einsum("mhwc->c", dZ).reshape(b.shape)  # einsum: 5x faster than dZ.sum(axis=(0, 1, 2))
    return np.ascontiguousarray(dA_prev), dW_col.reshape(W.shape), db


# --- pooling ------------------------------------------------------------------------------------

def pool_forward(A_prev, f, stride, mode="max"):
    """Forward pass of a pooling layer (no padding).

    Arguments
    A_prev -- input, (m, n_H_prev, n_W_prev, n_C)
    f -- window size (f x f), a positive integer
    stride -- step between two windows, a positive integer
    mode -- "max" or "average"

    Returns
    A -- output, (m, n_H, n_W, n_C) with n_H = floor((n_H_prev - f) / stride) + 1
    cache -- (A_prev, f, stride, mode), for :func:`pool_backward`
    """
    A_prev = np.asarray(A_prev)
    _check_ndim("A_prev", A_prev, 4, "(m, n_H_prev, n_W_prev, n_C)")
    _check_int("f", f, 1)
    _check_int("stride", stride, 1)
    if mode not in POOL_MODES:
        raise ValueError(f"mode must be one of {POOL_MODES}, got {mode!r}")
    _output_size(A_prev.shape[1], f, stride, 0, "pooling height")
    _output_size(A_prev.shape[2], f, stride, 0, "pooling width")
    windows = sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    A = windows.max(axis=(4, 5)) if mode == "max" else windows.mean(axis=(4, 5))
    return A, (A_prev, f, stride, mode)


def pool_backward(dA, cache):
    """Backward pass of :func:`pool_forward`; overlapping windows (stride < f) add up.

    Max pooling sends each window's gradient to the position of its maximum. Ties go to the FIRST
    maximum in row-major window order (``np.argmax``), so the gradient is never duplicated; the
    course's ``create_mask_from_window`` (``x == np.max(x)``) would give it to every tied maximum.
    Average pooling spreads each gradient evenly over its window.

    Arguments
    dA -- gradient of the cost with respect to the pooling output, (m, n_H, n_W, n_C)
    cache -- (A_prev, f, stride, mode) from :func:`pool_forward`

    Returns
    dA_prev -- gradient with respect to A_prev, (m, n_H_prev, n_W_prev, n_C)
    """
    A_prev, f, stride, mode = cache
    dA = np.asarray(dA)
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H = _output_size(n_H_prev, f, stride, 0, "pooling height")
    n_W = _output_size(n_W_prev, f, stride, 0, "pooling width")
    _check_gradient("dA", dA, (m, n_H, n_W, n_C))

    if mode == "max":
        windows = sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride]
        first_max = windows.reshape(m, n_H, n_W, n_C, f * f).argmax(axis=-1)
    else:
        average_share = dA / (f * f)
    dA_prev = np.zeros(A_prev.shape, dtype=np.result_type(dA, A_prev, 0.0))
    for i in range(f):
        for j in range(f):
            share = np.where(first_max == i * f + j, dA, 0) if mode == "max" else average_share
            dA_prev[:, i:i + stride * n_H:stride, j:j + stride * n_W:stride] += share
    return dA_prev
