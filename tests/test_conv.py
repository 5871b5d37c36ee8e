"""The vectorized conv and pool layers of course4.conv against the textbook loops, numerical
gradients, hand-worked cases and TensorFlow."""
import os

import numpy as np
import pytest

from course1.gradcheck import numerical_gradient_array, rel_error
from course4 import conv


# --- the textbook definition, one output number at a time ---------------------------------------

def conv_forward_loops(A_prev, W, b, stride, pad):
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f_h, f_w, _, n_C = W.shape
    n_H = (n_H_prev - f_h + 2 * pad) // stride + 1
    n_W = (n_W_prev - f_w + 2 * pad) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                a_slice = A_pad[i, h * stride:h * stride + f_h, w * stride:w * stride + f_w, :]
                for c in range(n_C):
                    Z[i, h, w, c] = np.sum(a_slice * W[:, :, :, c]) + b[0, 0, 0, c]
    return Z


def conv_backward_loops(dZ, A_prev, W, stride, pad):
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dA_pad, dW, db = np.zeros(A_pad.shape), np.zeros(W.shape), np.zeros((1, 1, 1, W.shape[3]))
    f_h, f_w = W.shape[:2]
    m, n_H, n_W, n_C = dZ.shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                rows = slice(h * stride, h * stride + f_h)
                cols = slice(w * stride, w * stride + f_w)
                for c in range(n_C):
                    dA_pad[i, rows, cols, :] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += A_pad[i, rows, cols, :] * dZ[i, h, w, c]
                    db[0, 0, 0, c] += dZ[i, h, w, c]
    n_H_prev, n_W_prev = A_prev.shape[1:3]
    return dA_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :], dW, db


def pool_forward_loops(A_prev, f, stride, mode):
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H, n_W = (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1
    A = np.zeros((m, n_H, n_W, n_C))
    reduce = np.max if mode == "max" else np.mean
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    A[i, h, w, c] = reduce(A_prev[i, h * stride:h * stride + f, w * stride:w * stride + f, c])
    return A


def pool_backward_loops(dA, A_prev, f, stride, mode):
    dA_prev = np.zeros(A_prev.shape)
    m, n_H, n_W, n_C = dA.shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
                    window = A_prev[i, rows, cols, c]
                    if mode == "max":  # random inputs: no ties, so the course's mask is the reference
                        dA_prev[i, rows, cols, c] += (window == window.max()) * dA[i, h, w, c]
                    else:
                        dA_prev[i, rows, cols, c] += dA[i, h, w, c] / (f * f)
    return dA_prev


# --- cases ----------------------------------------------------------------------------------------

# (A_prev shape, W shape, stride, pad)
CONV_CASES = [
    ((2, 5, 7, 3), (3, 3, 3, 4), 1, 0),
    ((2, 7, 6, 2), (3, 3, 2, 5), 2, 1),
    ((3, 4, 4, 3), (1, 1, 3, 2), 1, 0),      # f = 1
    ((2, 8, 5, 3), (4, 4, 3, 2), 3, 2),
    ((2, 9, 8, 2), (3, 3, 2, 3), 2, 0),      # the stride does not divide: floor
    ((2, 4, 4, 3), (5, 5, 3, 2), 1, 2),      # filter larger than the input, not than the padded one
    ((1, 6, 9, 1), (2, 3, 1, 3), 2, 1),      # rectangular filter
    ((1, 3, 3, 2), (3, 3, 2, 1), 1, 0),      # one output position
]
# (A_prev shape, f, stride)
POOL_CASES = [
    ((2, 5, 7, 3), 2, 2),
    ((2, 6, 6, 2), 3, 1),                    # overlapping windows
    ((2, 7, 5, 3), 3, 2),                    # overlapping windows, stride does not divide
    ((1, 4, 6, 2), 1, 1),                    # f = 1
    ((1, 4, 4, 1), 4, 1),                    # one window
    ((2, 6, 5, 2), 2, 3),                    # gaps between windows
]


def case_arrays(A_shape, W_shape, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    A_prev = rng.standard_normal(A_shape).astype(dtype)
    W = rng.standard_normal(W_shape).astype(dtype)
    b = rng.standard_normal((1, 1, 1, W_shape[3])).astype(dtype)
    return A_prev, W, b


def conv_case_id(case):
    return "A{}-W{}-s{}-p{}".format(*case).replace(" ", "")


def pool_case_id(case):
    return "A{}-f{}-s{}".format(*case).replace(" ", "")


# --- forward and backward against the loops ---------------------------------------------------

@pytest.mark.parametrize("case", CONV_CASES, ids=conv_case_id)
def test_conv_matches_loops(case):
    A_shape, W_shape, stride, pad = case
    A_prev, W, b = case_arrays(A_shape, W_shape, seed=1)
    Z, cache = conv.conv_forward(A_prev, W, b, stride=stride, pad=pad)
    Z_loops = conv_forward_loops(A_prev, W, b, stride, pad)
    assert Z.shape == Z_loops.shape
    np.testing.assert_allclose(Z, Z_loops, rtol=0, atol=1e-10)

    dZ = np.random.default_rng(2).standard_normal(Z.shape)
    for got, expected in zip(conv.conv_backward(dZ, cache), conv_backward_loops(dZ, A_prev, W, stride, pad)):
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


@pytest.mark.parametrize("mode", conv.POOL_MODES)
@pytest.mark.parametrize("case", POOL_CASES, ids=pool_case_id)
def test_pool_matches_loops(case, mode):
    A_shape, f, stride = case
    A_prev = np.random.default_rng(3).standard_normal(A_shape)
    A, cache = conv.pool_forward(A_prev, f, stride, mode=mode)
    A_loops = pool_forward_loops(A_prev, f, stride, mode)
    assert A.shape == A_loops.shape
    np.testing.assert_allclose(A, A_loops, rtol=0, atol=1e-10)

    dA = np.random.default_rng(4).standard_normal(A.shape)
    np.testing.assert_allclose(conv.pool_backward(dA, cache), pool_backward_loops(dA, A_prev, f, stride, mode),
                               rtol=0, atol=1e-10)


@pytest.mark.parametrize("block_elements", [1, 1200, 3000], ids=["1-example", "2-examples", "all-5"])
def test_conv_blocks_of_examples_add_up(monkeypatch, block_elements):
    """Examples go through im2col a block at a time (here 1, 2 with a partial last block, or all 5):
    every block is computed and the weight gradient is summed over all of them."""
    monkeypatch.setattr(conv, "_BLOCK_ELEMENTS", block_elements)
    A_prev, W, b = case_arrays((5, 6, 5, 2), (3, 3, 2, 3), seed=5)
    Z, cache = conv.conv_forward(A_prev, W, b, stride=1, pad=1)  # 18 * 30 = 540 elements of cols per example
    np.testing.assert_allclose(Z, conv_forward_loops(A_prev, W, b, 1, 1), rtol=0, atol=1e-10)
    dZ = np.random.default_rng(6).standard_normal(Z.shape)
    for got, expected in zip(conv.conv_backward(dZ, cache), conv_backward_loops(dZ, A_prev, W, 1, 1)):
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


# --- hand-worked cases ----------------------------------------------------------------------------

def test_conv_of_ones_counts_the_window_inside_the_image():
    """All-ones 4x4x2 image, one all-ones 3x3 filter, pad 1: each output counts the pixels its
    window covers (4 in a corner, 6 on an edge, 9 inside) times 2 channels, plus the bias."""
    Z, _ = conv.conv_forward(np.ones((1, 4, 4, 2)), np.ones((3, 3, 2, 1)), np.full((1, 1, 1, 1), 0.5), pad=1)
    covered = np.array([[4, 6, 6, 4], [6, 9, 9, 6], [6, 9, 9, 6], [4, 6, 6, 4]])
    np.testing.assert_array_equal(Z[0, :, :, 0], 2 * covered + 0.5)


def test_conv_backward_of_ones():
    """dZ = 1 everywhere: db counts the outputs, dA_prev counts the windows covering each pixel
    (times the filter's sum over its output channels), dW sums the input under each tap."""
    A_prev = np.arange(9.0).reshape(1, 3, 3, 1)
    Z, cache = conv.conv_forward(A_prev, np.ones((2, 2, 1, 1)), np.zeros((1, 1, 1, 1)))
    dA_prev, dW, db = conv.conv_backward(np.ones(Z.shape), cache)
    np.testing.assert_array_equal(db, [[[[4.0]]]])
    np.testing.assert_array_equal(dA_prev[0, :, :, 0], [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    # tap (i, j) reads A_prev[i:i+2, j:j+2]: [[0,1,3,4], [1,2,4,5], [3,4,6,7], [4,5,7,8]] summed
    np.testing.assert_array_equal(dW[:, :, 0, 0], [[8, 12], [20, 24]])


def test_max_pool_ties_go_to_the_first_maximum():
    A_prev = np.array([[3.0, 1.0, 2.0, 2.0], [3.0, 3.0, 2.0, 2.0]]).reshape(1, 2, 4, 1)
    A, cache = conv.pool_forward(A_prev, f=2, stride=2, mode="max")
    np.testing.assert_array_equal(A[0, :, :, 0], [[3.0, 2.0]])
    dA_prev = conv.pool_backward(np.array([5.0, 7.0]).reshape(1, 1, 2, 1), cache)
    np.testing.assert_array_equal(dA_prev[0, :, :, 0], [[5, 0, 7, 0], [0, 0, 0, 0]])


# --- numerical gradients -------------------------------------------------------------------------

@pytest.mark.parametrize("case", [CONV_CASES[0], CONV_CASES[1], CONV_CASES[3], CONV_CASES[6]], ids=conv_case_id)
def test_conv_backward_matches_numerical_gradient(case):
    A_shape, W_shape, stride, pad = case
    A_prev, W, b = case_arrays(A_shape, W_shape, seed=7)
    Z, cache = conv.conv_forward(A_prev, W, b, stride=stride, pad=pad)
    dZ = np.random.default_rng(8).standard_normal(Z.shape)
    dA_prev, dW, db = conv.conv_backward(dZ, cache)
    forward = lambda: conv.conv_forward(A_prev, W, b, stride=stride, pad=pad)[0]  # noqa: E731
    assert rel_error(dA_prev, numerical_gradient_array(forward, A_prev, dZ)) < 1e-7
    assert rel_error(dW, numerical_gradient_array(forward, W, dZ)) < 1e-7
    assert rel_error(db, numerical_gradient_array(forward, b, dZ)) < 1e-7


@pytest.mark.parametrize("mode", conv.POOL_MODES)
@pytest.mark.parametrize("case", POOL_CASES[:3], ids=pool_case_id)
def test_pool_backward_matches_numerical_gradient(case, mode):
    A_shape, f, stride = case
    A_prev = np.random.default_rng(9).standard_normal(A_shape)
    A, cache = conv.pool_forward(A_prev, f, stride, mode=mode)
    dA = np.random.default_rng(10).standard_normal(A.shape)
    numerical = numerical_gradient_array(lambda: conv.pool_forward(A_prev, f, stride, mode=mode)[0], A_prev, dA)
    assert rel_error(conv.pool_backward(dA, cache), numerical) < 1e-7


# --- dtypes and inputs ----------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(dtype):
    A_prev, W, b = case_arrays((2, 6, 5, 3), (3, 3, 3, 4), dtype=dtype)
    Z, cache = conv.conv_forward(A_prev, W, b, stride=2, pad=1)
    assert Z.dtype == dtype
    assert [g.dtype for g in conv.conv_backward(np.ones_like(Z), cache)] == [dtype] * 3
    for mode in conv.POOL_MODES:
        A, cache = conv.pool_forward(A_prev, 2, 1, mode=mode)
        assert A.dtype == dtype
        assert conv.pool_backward(np.ones_like(A), cache).dtype == dtype


def test_inputs_are_not_mutated():
    A_prev, W, b = case_arrays((2, 5, 5, 2), (3, 3, 2, 3), seed=11)
    originals = [x.copy() for x in (A_prev, W, b)]
    Z, cache = conv.conv_forward(A_prev, W, b, stride=1, pad=2)
    dZ = np.ones_like(Z)
    conv.conv_backward(dZ, cache)
    for mode in conv.POOL_MODES:
        A, pool_cache = conv.pool_forward(A_prev, 2, 1, mode=mode)
        dA = np.ones_like(A)
        conv.pool_backward(dA, pool_cache)
        np.testing.assert_array_equal(dA, 1.0)
    for x, original in zip((A_prev, W, b), originals):
        np.testing.assert_array_equal(x, original)
    np.testing.assert_array_equal(dZ, 1.0)


# --- bad inputs -------------------------------------------------------------------------------------

A4, W4, B4 = case_arrays((2, 5, 5, 3), (3, 3, 3, 4))


@pytest.mark.parametrize("args, kwargs, message", [
    ((A4[0], W4, B4), {}, r"A_prev must be a 4-d array"),
    ((A4, W4[0], B4), {}, r"W must be a 4-d array"),
    ((A4, W4[:, :, :2], B4), {}, r"W expects 2 input channels .* A_prev has 3"),
    ((A4, W4, B4[..., :3]), {}, r"b must have shape \(1, 1, 1, n_C\) = \(1, 1, 1, 4\), got \(1, 1, 1, 3\)"),
    ((A4, W4, B4.reshape(1, 4)), {}, r"b must have shape"),
    ((A4, W4[:0, :0], B4), {}, r"filter of size at least 1 x 1"),
    ((A4, W4, B4), {"stride": 0}, r"stride must be a positive integer, got 0"),
    ((A4, W4, B4), {"stride": -1}, r"stride must be a positive integer"),
    ((A4, W4, B4), {"stride": 1.5}, r"stride must be a positive integer"),
    ((A4, W4, B4), {"pad": -1}, r"pad must be a non-negative integer, got -1"),
    ((A4[:, :2], W4, B4), {}, r"filter height window \(3\) is larger than the padded input \(2 \+ 2 \* 0\)"),
    ((A4[:, :, :1], W4, B4), {"pad": 0}, r"filter width window"),
])
def test_conv_forward_errors(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        conv.conv_forward(*args, **kwargs)


@pytest.mark.parametrize("args, kwargs, message", [
    ((A4[0], 2, 2), {}, r"A_prev must be a 4-d array"),
    ((A4, 0, 1), {}, r"f must be a positive integer, got 0"),
    ((A4, 2, 0), {}, r"stride must be a positive integer, got 0"),
    ((A4, 2, -2), {}, r"stride must be a positive integer"),
    ((A4, 6, 1), {}, r"pooling height window \(6\) is larger than the padded input \(5 \+ 2 \* 0\)"),
    ((A4[:, :, :1], 2, 1), {}, r"pooling width window"),
    ((A4, 2, 2), {"mode": "mean"}, r"mode must be one of \('max', 'average'\), got 'mean'"),
])
def test_pool_forward_errors(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        conv.pool_forward(*args, **kwargs)


def test_backward_rejects_a_gradient_of_the_wrong_shape():
    Z, cache = conv.conv_forward(A4, W4, B4, pad=1)
    with pytest.raises(ValueError, match=r"dZ must have the shape of the forward output \(2, 5, 5, 4\), got \(2, 5, 5, 3\)"):
        conv.conv_backward(Z[..., :3], cache)
    A, cache = conv.pool_forward(A4, 2, 2)
    with pytest.raises(ValueError, match=r"dA must have the shape of the forward output \(2, 2, 2, 3\)"):
        conv.pool_backward(A[:1], cache)


# --- TensorFlow (float32) ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tf():
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import tensorflow
    return tensorflow


@pytest.mark.parametrize("case", CONV_CASES, ids=conv_case_id)
def test_conv_matches_tensorflow(tf, case):
    A_shape, W_shape, stride, pad = case
    A_prev, W, b = case_arrays(A_shape, W_shape, seed=12, dtype=np.float32)
    Z, cache = conv.conv_forward(A_prev, W, b, stride=stride, pad=pad)
    A_t, W_t = tf.constant(A_prev), tf.constant(W)
    with tf.GradientTape() as tape:
        tape.watch([A_t, W_t])
        Z_tf = tf.nn.conv2d(A_t, W_t, strides=stride, padding=[[0, 0], [pad, pad], [pad, pad], [0, 0]]) + b
    np.testing.assert_allclose(Z, Z_tf.numpy(), rtol=1e-5, atol=1e-5)

    dZ = np.random.default_rng(13).standard_normal(Z.shape).astype(np.float32)
    dA_tf, dW_tf = tape.gradient(Z_tf, [A_t, W_t], output_gradients=tf.constant(dZ))
    dA_prev, dW, _ = conv.conv_backward(dZ, cache)
    np.testing.assert_allclose(dA_prev, dA_tf.numpy(), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(dW, dW_tf.numpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("case", POOL_CASES, ids=pool_case_id)
def test_pool_matches_tensorflow(tf, case):
    A_shape, f, stride = case
    A_prev = np.random.default_rng(14).standard_normal(A_shape).astype(np.float32)
    for mode, tf_pool in [("max", tf.nn.max_pool2d), ("average", tf.nn.avg_pool2d)]:
        A, _ = conv.pool_forward(A_prev, f, stride, mode=mode)
        expected = tf_pool(A_prev, ksize=f, strides=stride, padding="VALID").numpy()
        np.testing.assert_allclose(A, expected, rtol=1e-5, atol=1e-6)
