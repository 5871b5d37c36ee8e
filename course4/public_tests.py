"""Visible tests for the graded functions of course 4.

Each test calls the student's function through :func:`course1.checks.call`, checks the type, the
shape, then the values of what came back with a message that says what to look at, and ends with
:func:`course1.checks.passed`. Expected values come from an independent route, never from the
student's own code:

- a closed form (``np.pad`` for zero padding, a sum written out for one convolution step);
- the numbers the original course published for the same seeded inputs (the mean of Z, one slice
  of the pooled output, the means of the backward gradients);
- a second implementation: the helper library's vectorized layers (:mod:`course4.conv`), which
  the project's suite checks against plain loops, numerical gradients and ``tf.nn``;
- numerical gradients (:mod:`course1.gradcheck`) for the backward passes;
- for Keras models, a layer-by-layer description written out by hand, parameter counts included
  (:func:`course2.tf_checks.check_model`).
"""
import numpy as np

from course1 import checks
from course1.gradcheck import numerical_gradient_array, rel_error
from course4 import conv

__all__ = [
    # c4w1_convolution_step_by_step
    "zero_pad_test", "conv_single_step_test", "conv_forward_test", "pool_forward_test", "conv_backward_test",
    "create_mask_from_window_test", "distribute_value_test", "pool_backward_test",
    # c4w1_convolution_application
    "HAPPY_MODEL_LAYERS", "happyModel_test", "convolutional_model_layers", "convolutional_model_test",
]


# --- c4w1_convolution_step_by_step ---------------------------------------------------------------

def zero_pad_test(target):
    """zero_pad(x, 3) on x (4, 3, 3, 2) pads height and width with 3 zeros on each side, nothing else."""
    x = np.random.RandomState(1).randn(4, 3, 3, 2)
    x_pad = checks.check_not_mutated(target, (x, 3), "zero_pad")
    checks.check_shape(x_pad, (4, 9, 9, 2), "zero_pad(x, 3)",
                       hint="Pad only the height and width axes: pad_width ((0, 0), (pad, pad), (pad, pad), (0, 0)).")
    expected = np.zeros((4, 9, 9, 2))
    expected[:, 3:6, 3:6, :] = x
    checks.check_close(x_pad, expected, "zero_pad(x, 3)", rtol=0, atol=0,
                       hint="The padding values are zeros (mode 'constant', constant_values 0) and x sits in the middle.")
    checks.passed()


def conv_single_step_test(target):
    """conv_single_step on a seeded (4, 4, 3) slice: the course publishes Z = -6.999089450680221."""
    rs = np.random.RandomState(1)
    a_slice_prev, W, b = rs.randn(4, 4, 3), rs.randn(4, 4, 3), rs.randn(1, 1, 1)
    Z = checks.check_not_mutated(target, (a_slice_prev, W, b), "conv_single_step")
    total = sum(a_slice_prev[i, j, c] * W[i, j, c] for i in range(4) for j in range(4) for c in range(3))
    hint = "Z = sum(a_slice_prev * W) + b: multiply elementwise, sum everything, then add the bias once."
    if np.shape(Z) == (1, 1, 1):
        hint = "Return a number, not a (1, 1, 1) array: add b.item() (or float(b[0, 0, 0]))."
    checks.check_close(Z, float(total + b[0, 0, 0]), "conv_single_step(a_slice_prev, W, b)", rtol=1e-10, atol=1e-12,
                       hint=hint)
    checks.check_close(Z, -6.999089450680221, "conv_single_step (published value)", rtol=1e-10, atol=1e-12, hint=hint)
    checks.passed()


def _check_conv_cache(cache, A_prev, W, b, hparameters, name):
    checks.check_type(cache, tuple, f"the cache of {name}", hint="Return cache = (A_prev, W, b, hparameters).")
    checks.check_equal(len(cache), 4, f"len(cache) of {name}", hint="cache = (A_prev, W, b, hparameters).")
    for part, want, what in zip(cache[:3], (A_prev, W, b), ("A_prev", "W", "b")):
        checks.check_close(part, want, f"cache[{('A_prev', 'W', 'b').index(what)}] ({what}) of {name}", rtol=0, atol=0,
                           hint="Store the inputs themselves (A_prev unpadded) in the cache.")
    checks.check_type(cache[3], dict, f"cache[3] (hparameters) of {name}")


def conv_forward_test(target):
    """conv_forward on the course's seeded case: A_prev (2, 5, 7, 4), 8 filters 3 x 3, pad 1, stride 2."""
    rs = np.random.RandomState(1)
    A_prev, W, b = rs.randn(2, 5, 7, 4), rs.randn(3, 3, 4, 8), rs.randn(1, 1, 1, 8)
    hparameters = {"pad": 1, "stride": 2}
    out = checks.check_not_mutated(target, (A_prev, W, b, hparameters), "conv_forward")
    checks.check_type(out, tuple, "conv_forward(...)", hint="Return the tuple (Z, cache).")
    checks.check_equal(len(out), 2, "len(conv_forward(...))", hint="Return (Z, cache).")
    Z, cache = out
    checks.check_shape(Z, (2, 3, 4, 8), "Z",
                       hint="n_H = int((n_H_prev - f + 2 * pad) / stride) + 1, and the same for n_W.")
    expected, _ = conv.conv_forward(A_prev, W, b, stride=2, pad=1)
    checks.check_close(Z, expected, "Z", rtol=1e-9, atol=1e-10,
                       hint="The window of output (h, w) starts at vert_start = h * stride, horiz_start = w * stride "
                            "of the PADDED input, and channel c uses W[:, :, :, c] and b[:, :, :, c].")
    checks.check_close(float(np.mean(Z)), 0.5511276474566768, "np.mean(Z) (published value)", rtol=1e-9, atol=1e-12)
    _check_conv_cache(cache, A_prev, W, b, hparameters, "conv_forward")
    checks.passed()


def pool_forward_test(target):
    """pool_forward on A_prev (2, 5, 5, 3) with f = 3: stride 1 (the course's case) and stride 2, max and average."""
    A_prev = np.random.RandomState(1).randn(2, 5, 5, 3)
    for stride, shape in [(1, (2, 3, 3, 3)), (2, (2, 2, 2, 3))]:
        for mode in ("max", "average"):
            hparameters = {"stride": stride, "f": 3}
            name = f'pool_forward(A_prev, {hparameters}, mode="{mode}")'
            out = checks.check_not_mutated(target, (A_prev, hparameters, mode), "pool_forward")
            checks.check_type(out, tuple, name, hint="Return the tuple (A, cache).")
            A, cache = out
            checks.check_shape(A, shape, name, hint="n_H = int(1 + (n_H_prev - f) / stride), and the same for n_W.")
            expected, _ = conv.pool_forward(A_prev, 3, stride, mode)
            checks.check_close(A, expected, name, rtol=1e-10, atol=1e-12,
                               hint="The window of output (h, w) is a_prev[h * stride : h * stride + f, "
                                    "w * stride : w * stride + f, c]; take np.max or np.mean of it.")
            checks.check_type(cache, tuple, f"the cache of {name}", hint="cache = (A_prev, hparameters).")
    A, _ = checks.call(target, A_prev, {"stride": 1, "f": 3}, "max")
    checks.check_close(A[1, 1][0], np.array([1.96710175, 0.84616065, 1.27375593]), "A[1, 1][0] (published values)",
                       rtol=1e-7, atol=1e-8)
    checks.passed()


def _conv_backward_case(seed, shape_A, shape_W, pad, stride):
    rs = np.random.RandomState(seed)
    A_prev, W, b = rs.randn(*shape_A), rs.randn(*shape_W), rs.randn(1, 1, 1, shape_W[3])
    Z, _ = conv.conv_forward(A_prev, W, b, stride=stride, pad=pad)
    dZ = rs.randn(*Z.shape)
    return A_prev, W, b, {"pad": pad, "stride": stride}, dZ


def conv_backward_test(target):
    """conv_backward against numerical gradients on a small case, then the course's published means."""
    A_prev, W, b, hparameters, dZ = _conv_backward_case(3, (2, 5, 4, 3), (3, 3, 3, 2), pad=1, stride=2)
    out = checks.check_not_mutated(target, (dZ, (A_prev, W, b, hparameters)), "conv_backward")
    checks.check_type(out, tuple, "conv_backward(dZ, cache)", hint="Return the tuple (dA_prev, dW, db).")
    checks.check_equal(len(out), 3, "len(conv_backward(dZ, cache))", hint="Return (dA_prev, dW, db).")
    dA_prev, dW, db = out
    for value, like, name in [(dA_prev, A_prev, "dA_prev"), (dW, W, "dW"), (db, b, "db")]:
        checks.check_shape(value, like.shape, name, hint=f"{name} has the shape of {name[1:]}.")
    forward = lambda: conv.conv_forward(A_prev, W, b, stride=2, pad=1)[0]  # noqa: E731
    hints = {"dA_prev": "da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += W[:, :, :, c] * dZ[i, h, w, c], "
                        "then remove the padding: dA_prev[i, :, :, :] = da_prev_pad[pad:-pad, pad:-pad, :].",
             "dW": "dW[:, :, :, c] += a_slice * dZ[i, h, w, c], with a_slice taken from the PADDED input.",
             "db": "db[:, :, :, c] += dZ[i, h, w, c], summed over the examples and positions."}
    for value, x, name in [(dA_prev, A_prev, "dA_prev"), (dW, W, "dW"), (db, b, "db")]:
        numerical = numerical_gradient_array(forward, x, dZ)
        if rel_error(value, numerical) > 1e-7:
            checks.check_close(value, numerical, f"{name} (against a numerical gradient)", rtol=1e-5, atol=1e-7,
                               hint=hints[name])
    A_prev, W, b, hparameters, _ = _conv_backward_case(1, (10, 4, 4, 3), (2, 2, 3, 8), pad=2, stride=2)
    Z, _ = conv.conv_forward(A_prev, W, b, stride=2, pad=2)
    dA_prev, dW, db = checks.call(target, Z, (A_prev, W, b, hparameters))
    for value, published, name in [(dA_prev, 1.45243777754, "dA_prev"), (dW, 1.72699145831, "dW"),
                                   (db, 7.83923256462, "db")]:
        checks.check_close(float(np.mean(value)), published, f"np.mean({name}) on the course's case (published)",
                           rtol=1e-9, atol=1e-11, hint=hints[name])
    checks.passed()


def create_mask_from_window_test(target):
    """create_mask_from_window marks the maximum of a window with True and everything else with False."""
    x = np.array([[1.62434536, -0.61175641, -0.52817175], [-1.07296862, 0.86540763, -2.3015387]])
    mask = checks.check_not_mutated(target, (x,), "create_mask_from_window")
    checks.check_shape(mask, (2, 3), "create_mask_from_window(x)")
    checks.check_type(mask.dtype.type(0), np.bool_, "the entries of the mask",
                      hint="Compare: mask = (x == np.max(x)) gives booleans.")
    checks.check_equal(mask, np.array([[True, False, False], [False, False, False]]), "create_mask_from_window(x)",
                       hint="True only where x equals its maximum (here x[0, 0] = 1.624...).")
    x = np.array([[-3.0, -1.0], [-2.0, -5.0]])
    checks.check_equal(checks.call(target, x), np.array([[False, True], [False, False]]),
                       "create_mask_from_window of an all-negative window", hint="Compare with np.max(x), not with 0.")
    checks.passed()


def distribute_value_test(target):
    """distribute_value(dz, shape) spreads dz evenly over a window: dz / (n_H * n_W) in every entry."""
    for dz, shape in [(2.0, (2, 2)), (3.0, (3, 2)), (-1.5, (1, 3))]:
        a = checks.call(target, dz, shape)
        checks.check_shape(a, shape, f"distribute_value({dz}, {shape})", hint="Return an array of the given shape.")
        checks.check_close(a, np.full(shape, dz / (shape[0] * shape[1])), f"distribute_value({dz}, {shape})",
                           rtol=1e-12, atol=1e-14,
                           hint="average = dz / (n_H * n_W), and every entry of the window gets it.")
    checks.passed()


def pool_backward_test(target):
    """pool_backward (max and average) against numerical gradients, then the course's case: no gradient is lost."""
    rs = np.random.RandomState(5)
    A_prev = rs.randn(2, 5, 4, 3)
    for stride, f in [(1, 2), (2, 2), (1, 3)]:
        hparameters = {"stride": stride, "f": f}
        for mode in ("max", "average"):
            _, cache = conv.pool_forward(A_prev, f, stride, mode)
            out_shape = conv.pool_forward(A_prev, f, stride, mode)[0].shape
            dA = rs.randn(*out_shape)
            name = f'pool_backward(dA, cache, mode="{mode}") with f = {f}, stride = {stride}'
            dA_prev = checks.check_not_mutated(target, (dA, (A_prev, hparameters), mode), "pool_backward")
            checks.check_shape(dA_prev, A_prev.shape, name, hint="dA_prev has the shape of A_prev.")
            numerical = numerical_gradient_array(lambda: conv.pool_forward(A_prev, f, stride, mode)[0], A_prev, dA)
            checks.check_close(dA_prev, numerical, name, rtol=1e-5, atol=1e-7,
                               hint="Add (+=) each window's share: the mask times dA[i, h, w, c] for max, "
                                    "distribute_value(dA[i, h, w, c], (f, f)) for average; windows start at h * stride.")
    rs = np.random.RandomState(1)
    A_prev = rs.randn(5, 5, 3, 2)
    dA = rs.randn(5, 4, 2, 2)
    for mode in ("max", "average"):
        dA_prev = checks.call(target, dA, (A_prev, {"stride": 1, "f": 2}), mode)
        checks.check_close(float(np.sum(dA_prev)), float(np.sum(dA)), f"np.sum(dA_prev) for mode {mode!r}",
                           rtol=1e-10, atol=1e-12,
                           hint="Every entry of dA is passed back in full (to the maximum, or spread evenly), "
                                "so dA_prev and dA have the same sum.")
    checks.passed()


# --- c4w1_convolution_application ----------------------------------------------------------------
# The expected layers, written out by hand. Parameter counts: a Conv2D has f * f * n_C_prev * n_C
# weights plus n_C biases, BatchNormalization 4 per channel (gamma, beta, moving mean and variance),
# Dense n_in * n_out + n_out.

HAPPY_MODEL_LAYERS = [
    {"layer": "ZeroPadding2D", "output_shape": (None, 70, 70, 3), "params": 0, "padding": ((3, 3), (3, 3))},
    {"layer": "Conv2D", "output_shape": (None, 64, 64, 16), "params": 7 * 7 * 3 * 16 + 16, "filters": 16,
     "kernel_size": (7, 7), "strides": (1, 1), "padding": "valid", "activation": "linear"},
    {"layer": "BatchNormalization", "output_shape": (None, 64, 64, 16), "params": 4 * 16, "axis": 3},
    {"layer": "ReLU", "output_shape": (None, 64, 64, 16), "params": 0},
    {"layer": "MaxPooling2D", "output_shape": (None, 32, 32, 16), "params": 0, "pool_size": (2, 2),
     "strides": (2, 2), "padding": "valid"},
    {"layer": "Flatten", "output_shape": (None, 32 * 32 * 16), "params": 0},
    {"layer": "Dense", "output_shape": (None, 1), "params": 32 * 32 * 16 + 1, "units": 1, "activation": "sigmoid"},
]


def happyModel_test(target):
    """happyModel() is the Sequential model of the exercise, layer by layer (18,817 parameters in all)."""
    from course2 import tf_checks

    model = checks.call(target)
    tf_checks.check_model(model, HAPPY_MODEL_LAYERS, "happyModel()")
    checks.check_equal(int(model.count_params()), 18817, "happyModel().count_params()")
    checks.passed()


def convolutional_model_layers(input_shape):
    """The expected layers of ``convolutional_model(input_shape)``."""
    n_H, n_W, n_C = input_shape
    after1 = (-(-n_H // 4), -(-n_W // 4))   # "same" pooling rounds up
    after2 = (-(-after1[0] // 4), -(-after1[1] // 4))
    return [
        {"layer": "Conv2D", "output_shape": (None, n_H, n_W, 16), "params": 4 * 4 * n_C * 16 + 16, "filters": 16,
         "kernel_size": (4, 4), "strides": (1, 1), "padding": "same"},
        {"layer": "ReLU", "output_shape": (None, n_H, n_W, 16), "params": 0},
        {"layer": "MaxPooling2D", "output_shape": (None, *after1, 16), "params": 0, "pool_size": (4, 4),
         "strides": (4, 4), "padding": "same"},
        {"layer": "Conv2D", "output_shape": (None, *after1, 32), "params": 3 * 3 * 16 * 32 + 32, "filters": 32,
         "kernel_size": (3, 3), "strides": (1, 1), "padding": "same"},
        {"layer": "ReLU", "output_shape": (None, *after1, 32), "params": 0},
        {"layer": "MaxPooling2D", "output_shape": (None, *after2, 32), "params": 0, "pool_size": (4, 4),
         "strides": (4, 4), "padding": "same"},
        {"layer": "Flatten", "output_shape": (None, after2[0] * after2[1] * 32), "params": 0},
        {"layer": "Dense", "output_shape": (None, 6), "params": after2[0] * after2[1] * 32 * 6 + 6, "units": 6,
         "activation": "softmax"},
    ]


def convolutional_model_test(target):
    """convolutional_model((64, 64, 3)) is the functional model of the exercise (8,502 parameters)."""
    from course2 import tf_checks

    model = checks.call(target, (64, 64, 3))
    tf_checks.check_model(model, convolutional_model_layers((64, 64, 3)), "convolutional_model((64, 64, 3))")
    checks.check_equal(int(model.count_params()), 8502, "convolutional_model((64, 64, 3)).count_params()")
    checks.passed()
