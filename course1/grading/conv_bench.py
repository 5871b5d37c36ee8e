"""The conv benchmark of ``make bench``: the students' loops, :mod:`course4.conv` and ``tf.nn.conv2d``.

One convolution layer on (100, 64, 64, 3) float32 input with 8 3x3 filters, stride 1, pad 1, forward
and backward, in float32. The loop version is the code students write: the solution cells
``zero_pad``, ``conv_single_step``, ``conv_forward`` and ``conv_backward`` of the step-by-step
notebook, executed as they are. It runs once (about a minute); the fast versions report the best
of a few repeats.
"""
import contextlib
import os
import pathlib
import time

import numpy as np
from threadpoolctl import threadpool_limits

from . import notebooks
from .batch import format_table
from course4 import conv

NOTEBOOK = pathlib.Path("source/c4w1_convolution_step_by_step/Convolution_model_Step_by_Step.ipynb")
LOOP_FUNCTIONS = ("zero_pad", "conv_single_step", "conv_forward", "conv_backward")
SHAPE, FILTERS, STRIDE, PAD = (100, 64, 64, 3), (3, 3, 3, 8), 1, 1
TARGET = 2  # the target: the NumPy forward within 2x of tf.nn.conv2d


def load_loop_functions(path):
    """The notebook's loop functions, from its solution cells whose grade_id names them.

    Arguments
    path -- the source notebook (solution cells with ``### BEGIN SOLUTION`` comment lines)

    Returns
    functions -- dict name -> function for every name of ``LOOP_FUNCTIONS``

    Raises
    FileNotFoundError if the notebook does not exist; LookupError naming the missing cells
    """
    path = pathlib.Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    namespace = {"np": np}
    for cell in notebooks.solution_cells(notebooks.read(path)):
        if notebooks.grade_id(cell) in LOOP_FUNCTIONS:
            exec(compile(cell.source, f"{path.name}:{notebooks.grade_id(cell)}", "exec"), namespace)
    missing = [name for name in LOOP_FUNCTIONS if not callable(namespace.get(name))]
    if missing:
        raise LookupError(f"no solution cell defines {', '.join(missing)}")
    return {name: namespace[name] for name in LOOP_FUNCTIONS}


def _seconds(run, repeats):
    """Best wall time of ``repeats`` calls of ``run()``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _time_loops(functions, A_prev, W, b, dZ):
    forward, backward = functions["conv_forward"], functions["conv_backward"]
    start = time.perf_counter()
    _, cache = forward(A_prev, W, b, {"stride": STRIDE, "pad": PAD})
    forward_s = time.perf_counter() - start
    start = time.perf_counter()
    backward(dZ, cache)
    return forward_s, time.perf_counter() - start


def _time_numpy(A_prev, W, b, dZ, repeats, blas_threads=None):
    limit = threadpool_limits(limits=blas_threads, user_api="blas") if blas_threads else contextlib.nullcontext()
    with limit:
        _, cache = conv.conv_forward(A_prev, W, b, stride=STRIDE, pad=PAD)
        return (_seconds(lambda: conv.conv_forward(A_prev, W, b, stride=STRIDE, pad=PAD), repeats),
                _seconds(lambda: conv.conv_backward(dZ, cache), repeats))


def _time_tensorflow(A_prev, W, b, dZ, repeats):
    from course2.determinism import tf  # TensorFlow without its C++ start-up notices

    A_t, W_t, b_t, dZ_t = (tf.constant(x) for x in (A_prev, W, b.reshape(-1), dZ))
    strides, paddings = [1, STRIDE, STRIDE, 1], [[0, 0], [PAD, PAD], [PAD, PAD], [0, 0]]
    explicit = [p for pair in paddings for p in pair]

    def forward():
        return tf.nn.bias_add(tf.nn.conv2d(A_t, W_t, strides=strides, padding=paddings), b_t).numpy()

    def backward():
        dA = tf.raw_ops.Conv2DBackpropInput(input_sizes=A_t.shape, filter=W_t, out_backprop=dZ_t, strides=strides,
                                            padding="EXPLICIT", explicit_paddings=explicit)
        dW = tf.raw_ops.Conv2DBackpropFilter(input=A_t, filter_sizes=W_t.shape, out_backprop=dZ_t, strides=strides,
                                             padding="EXPLICIT", explicit_paddings=explicit)
        return dA.numpy(), dW.numpy(), tf.reduce_sum(dZ_t, axis=[0, 1, 2]).numpy()

    forward(), backward()  # warm up: the first call builds the kernels
    return _seconds(forward, repeats), _seconds(backward, repeats)


def conv_bench(root=".", notebook=None, repeats=5, progress=print):
    """Time one conv layer forward and backward with the loops, :mod:`course4.conv` and TensorFlow.

    Arguments
    root -- the course folder; the loops come from ``root / NOTEBOOK``
    notebook -- another notebook to read the loops from (for testing), overrides ``root``
    repeats -- calls of each fast version; the best one counts (the loops run once)
    progress -- callable taking a line of text (``print``), or None

    Returns
    rows -- [implementation, forward seconds, backward seconds], one per implementation that ran:
            "loops (notebook)", "course4.conv", "course4.conv, 1 BLAS thread", "tf.nn.conv2d"
            (the products of this layer are small: on a busy machine, BLAS threads that wait for
            each other cost more than they save)
    """
    say = progress or (lambda line: None)
    rng = np.random.default_rng(0)
    A_prev = rng.standard_normal(SHAPE, dtype=np.float32)
    W = rng.standard_normal(FILTERS, dtype=np.float32)
    b = rng.standard_normal((1, 1, 1, FILTERS[3]), dtype=np.float32)
    n_H, n_W = ((n - f + 2 * PAD) // STRIDE + 1 for n, f in zip(SHAPE[1:3], FILTERS[:2]))
    dZ = rng.standard_normal((SHAPE[0], n_H, n_W, FILTERS[3]), dtype=np.float32)
    rows = []
    path = pathlib.Path(notebook) if notebook else pathlib.Path(root) / NOTEBOOK
    try:
        loops = load_loop_functions(path)
    except FileNotFoundError:
        say("loop version: source notebook not found")
    except LookupError as error:
        say(f"loop version: {error} in {path}")
    else:
        say("loop version: timing one forward and one backward pass (about a minute)...")
        rows.append(["loops (notebook)", *_time_loops(loops, A_prev, W, b, dZ)])
    rows.append(["course4.conv", *_time_numpy(A_prev, W, b, dZ, repeats)])
    rows.append(["course4.conv, 1 BLAS thread", *_time_numpy(A_prev, W, b, dZ, repeats, blas_threads=1)])
    try:
        rows.append(["tf.nn.conv2d", *_time_tensorflow(A_prev, W, b, dZ, repeats)])
    except ImportError as error:
        say(f"tf.nn.conv2d: TensorFlow cannot be imported ({error})")
    return rows


def conv_table(rows):
    """Format :func:`conv_bench` rows: seconds, the ratios loops / numpy and numpy / tf, the target."""
    times = {name: (forward, backward) for name, forward, backward in rows}
    lines = [[name, f"{forward:.4f}", f"{backward:.4f}"] for name, forward, backward in rows]
    ratios = [("loops / numpy", "loops (notebook)", "course4.conv"), ("numpy / tf", "course4.conv", "tf.nn.conv2d"),
              ("numpy 1 thread / tf", "course4.conv, 1 BLAS thread", "tf.nn.conv2d")]
    for label, slow, fast in ratios:
        if slow in times and fast in times:
            lines.append([label, *(f"{s / f:.2f}x" for s, f in zip(times[slow], times[fast]))])
    title = (f"conv layer, input {SHAPE} float32, {FILTERS[3]} {FILTERS[0]}x{FILTERS[1]} filters, "
             f"stride {STRIDE}, pad {PAD} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    table = format_table(lines, ["implementation", "forward s", "backward s"])
    if "tf.nn.conv2d" in times:
        verdicts = []
        for label, name in [("", "course4.conv"), ("with 1 BLAS thread ", "course4.conv, 1 BLAS thread")]:
            if name in times:
                ratio = times[name][0] / times["tf.nn.conv2d"][0]
                verdicts.append(f"{label}{ratio:.2f}x, {'ok' if ratio <= TARGET else 'MISSED'}")
        table += f"\ntarget: numpy forward within {TARGET}x of tf.nn.conv2d: {'; '.join(verdicts)}"
    return f"{title}\n{table}"
