"""Visible tests for the graded functions of course 1.

Each test takes the student's function (or, for an exercise cell, the variables it defines),
calls it through :func:`course1.checks.call`, then checks the type, the shape and the values of
what came back, in that order, with a message that says what to look at. Every test ends with
:func:`course1.checks.passed`.

The expected values never come from the library's own implementation of the same function
(:mod:`course1.logistic`); they come from an independent route:

- a closed form written another way (``math.exp`` element by element, ``math.tanh``);
- a hand-worked example (``|0.9 - 1| + |0.2 - 0| + ... = 1.1``);
- a plain-Python loop over examples (the gradient-descent reference of :func:`model_test`);
- the numbers the original course published for the same inputs (``propagate``, ``optimize``,
  ``predict``).

Functions
---------
basic_sigmoid_test, sigmoid_test, sigmoid_derivative_test, image2vector_test,
normalize_rows_test, softmax_test, L1_test, L2_test
    Week 2, Python Basics with NumPy (``sigmoid_test`` is shared with the next notebook).
dataset_dimensions_test, flatten_and_standardize_test, initialize_with_zeros_test,
propagate_test, optimize_test, predict_test, model_test
    Week 2, Logistic Regression with a Neural Network mindset.
"""
import math

import numpy as np

from course1 import checks

__all__ = [
    "basic_sigmoid_test", "sigmoid_test", "sigmoid_derivative_test", "image2vector_test",
    "normalize_rows_test", "softmax_test", "L1_test", "L2_test",
    "dataset_dimensions_test", "flatten_and_standardize_test", "initialize_with_zeros_test",
    "propagate_test", "optimize_test", "predict_test", "model_test",
]


# --- helpers -------------------------------------------------------------------------------------

def _looks_like(value, candidate, rtol=1e-6, atol=1e-8):
    """True if ``value`` passes :func:`checks.check_close` against ``candidate`` (to name a mistake)."""
    try:
        checks.check_close(value, candidate, "value", rtol=rtol, atol=atol)
    except checks.CheckFailed:
        return False
    return True


def _diagnose(value, expected, variants, default=""):
    """The hint of the first ``(candidate, hint)`` in ``variants`` that ``value`` matches."""
    for candidate, hint in variants:
        if _looks_like(value, candidate):
            return hint
    return default


def _math_sigmoid(v):
    """1 / (1 + e^-v) for one Python number, with math.exp (the elementwise reference)."""
    return 1.0 / (1.0 + math.exp(-v))


def _elementwise(f, x):
    """Apply a scalar function ``f`` to every entry of ``x``; returns a float array of x's shape."""
    x = np.asarray(x, dtype=float)
    return np.array([f(float(v)) for v in x.ravel()], dtype=float).reshape(x.shape)


def _reference_logistic_regression(X, Y, num_iterations, learning_rate):
    """Gradient descent for logistic regression in plain Python, one example at a time.

    Written independently of the notebook's vectorized version: loops over examples and features,
    ``math.exp`` / ``math.log``, the cost accumulated term by term.

    Returns
    w -- list of n floats; b -- float; costs -- list of floats (iterations 0, 100, ...);
    dw -- list of n floats, db -- float: the gradient at the last iteration (before its step)
    """
    X = [[float(v) for v in row] for row in np.asarray(X, dtype=float)]
    Y = [float(v) for v in np.asarray(Y, dtype=float).ravel()]
    n, m = len(X), len(Y)
    w, b, costs = [0.0] * n, 0.0, []
    dw, db = [0.0] * n, 0.0
    for i in range(num_iterations):
        dw, db, cost = [0.0] * n, 0.0, 0.0
        for j in range(m):
            z = b + sum(w[k] * X[k][j] for k in range(n))
            a = 1.0 / (1.0 + math.exp(-z))
            cost -= Y[j] * math.log(a) + (1.0 - Y[j]) * math.log(1.0 - a)
            for k in range(n):
                dw[k] += (a - Y[j]) * X[k][j] / m
            db += (a - Y[j]) / m
        if i % 100 == 0:
            costs.append(cost / m)
        w = [w[k] - learning_rate * dw[k] for k in range(n)]
        b = b - learning_rate * db
    return w, b, costs, dw, db


def _reference_predict(w, b, X):
    """Labels 1.0 where sigmoid(w.x + b) > 0.5, for lists/arrays, one example at a time."""
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float).ravel()
    out = []
    for j in range(X.shape[1]):
        z = b + sum(float(w[k]) * float(X[k, j]) for k in range(X.shape[0]))
        out.append(1.0 if _math_sigmoid(z) > 0.5 else 0.0)
    return np.array([out])


# --- Python Basics with NumPy ---------------------------------------------------------------------

def basic_sigmoid_test(target):
    """basic_sigmoid(x) on single numbers: the published 0.7310585786300049 for x = 1, and more."""
    for x in (1, 0, -2.5, 3.0):
        s = checks.call(target, x)
        expected = (1.0 + math.tanh(x / 2.0)) / 2.0  # the same function written with tanh
        checks.check_type(s, float, f"basic_sigmoid({x})",
                          hint="Use math.exp on the number x; the result is a Python float.")
        hint = _diagnose(s, expected, [
            (1.0 - expected, "You computed 1 / (1 + exp(x)): the exponent needs a minus sign, exp(-x)."),
        ], "sigmoid(x) = 1 / (1 + math.exp(-x)).")
        checks.check_close(s, expected, f"basic_sigmoid({x})", hint=hint)
    checks.passed()


def sigmoid_test(target):
    """sigmoid on arrays: [1, 2, 3] gives the published [0.73105858 0.88079708 0.95257413]."""
    cases = [
        np.array([1.0, 2.0, 3.0]),
        np.array([0.0, 2.0]),
        np.array([[-1.0, 0.0, 0.5], [4.0, -3.0, 10.0]]),
    ]
    for x in cases:
        name = f"sigmoid({x.tolist()})"
        s = checks.call(target, x.copy())
        expected = _elementwise(_math_sigmoid, x)
        checks.check_shape(s, x.shape, name,
                           hint="sigmoid works entry by entry: use np.exp, the output has the input's shape.")
        hint = _diagnose(s, expected, [
            (1.0 - expected, "You computed 1 / (1 + exp(x)): use np.exp(-x)."),
        ], "sigmoid(x) = 1 / (1 + np.exp(-x)).")
        checks.check_close(s, expected, name, hint=hint)
    checks.passed()


def sigmoid_derivative_test(target):
    """sigmoid_derivative([1, 2, 3]) is the published [0.19661193 0.10499359 0.04517666]."""
    x = np.array([1.0, 2.0, 3.0])
    ds = checks.call(target, x.copy())
    # d/dx 1/(1+e^-x) = e^-x / (1+e^-x)^2, written without s(1-s)
    expected = _elementwise(lambda v: math.exp(-v) / (1.0 + math.exp(-v)) ** 2, x)
    name = "sigmoid_derivative(np.array([1, 2, 3]))"
    checks.check_shape(ds, x.shape, name)
    hint = _diagnose(ds, expected, [
        (x * (1 - x), "You computed x * (1 - x): apply the sigmoid first, s = sigmoid(x), then s * (1 - s)."),
        (_elementwise(_math_sigmoid, x), "You returned sigmoid(x) itself; the derivative is s * (1 - s)."),
    ], "sigma'(x) = s * (1 - s) with s = sigmoid(x).")
    checks.check_close(ds, expected, name, hint=hint)
    checks.passed()


def _loop_flatten(image):
    """Column vector of an (a, b, c) array's entries, row by row, channel fastest (explicit loops)."""
    a, b, c = image.shape
    column = np.zeros((a * b * c, 1))
    for i in range(a):
        for j in range(b):
            for k in range(c):
                column[(i * b + j) * c + k, 0] = image[i, j, k]
    return column


def image2vector_test(target):
    """image2vector on a (3, 3, 2) image gives an (18, 1) column, entries in reshape (C) order."""
    image = np.array([
        [[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.42152510, 0.45017551]],
        [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
        [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]],
    ])
    v = checks.call(target, image.copy())
    expected = _loop_flatten(image)
    checks.check_shape(v, (18, 1), "image2vector(image)",
                       hint="Return a column vector of shape (length * height * depth, 1).")
    checks.check_close(v, expected, "image2vector(image)",
                       hint="Keep NumPy's default (C) order: image.reshape(image.shape[0] * "
                            "image.shape[1] * image.shape[2], 1). Do not transpose first or use order='F'.")
    checks.passed()


def normalize_rows_test(target):
    """normalize_rows([[0, 3, 4], [1, 6, 4]]) is [[0, 0.6, 0.8], [1, 6, 4] / sqrt(53)]."""
    x = np.array([[0.0, 3.0, 4.0], [1.0, 6.0, 4.0]])
    out = checks.call(target, x.copy())
    r = math.sqrt(1 + 36 + 16)  # the second row's length; the first row's is 5
    expected = np.array([[0.0, 3 / 5, 4 / 5], [1 / r, 6 / r, 4 / r]])
    name = "normalize_rows(np.array([[0, 3, 4], [1, 6, 4]]))"
    checks.check_shape(out, (2, 3), name,
                       hint="Divide x by its row norms; the result has x's shape.")
    col = np.sqrt(np.sum(x ** 2, axis=0, keepdims=True))
    hint = _diagnose(out, expected, [
        (x / col, "You divided by the norms of the columns: use axis=1 (one norm per row)."),
    ], "Each row must be divided by its own length: np.linalg.norm(x, axis=1, keepdims=True).")
    checks.check_close(out, expected, name, hint=hint)
    checks.passed()


def _loop_softmax(x):
    """Row-wise softmax with math.exp and explicit sums (the reference)."""
    out = np.zeros(x.shape)
    for i in range(x.shape[0]):
        exps = [math.exp(float(v)) for v in x[i]]
        total = sum(exps)
        for j, e in enumerate(exps):
            out[i, j] = e / total
    return out


def softmax_test(target):
    """softmax on a (2, 5) matrix: each row becomes positive numbers that sum to 1."""
    x = np.array([[9.0, 2.0, 5.0, 0.0, 0.0], [7.0, 5.0, 0.0, 0.0, 0.0]])
    s = checks.call(target, x.copy())
    expected = _loop_softmax(x)
    name = "softmax(x)"
    checks.check_shape(s, (2, 5), name, hint="softmax keeps the shape of x: (m, n).")
    whole = np.exp(x) / np.sum(np.exp(x))
    hint = _diagnose(s, expected, [
        (np.exp(x) / np.sum(np.exp(x), axis=0, keepdims=True),
         "Your columns sum to 1, not your rows: sum over axis=1 (with keepdims=True)."),
        (whole, "You divided by the sum over the whole matrix: each row needs its own sum (axis=1)."),
    ], "softmax(x)[i, j] = exp(x[i, j]) / sum_k exp(x[i, k]): each row sums to 1.")
    checks.check_close(s, expected, name, hint=hint)
    checks.passed()


def L1_test(target):
    """L1 on the published example: |0.9 - 1| + |0.2 - 0| + |0.1 - 0| + |0.4 - 1| + |0.9 - 1| = 1.1."""
    yhat = np.array([0.9, 0.2, 0.1, 0.4, 0.9])
    y = np.array([1, 0, 0, 1, 1])
    loss = checks.call(target, yhat.copy(), y.copy())
    expected = 0.1 + 0.2 + 0.1 + 0.6 + 0.1
    hint = _diagnose(loss, expected, [
        (-0.5, "Take the absolute value of each difference before summing (np.abs)."),
        (0.5, "Take the absolute value of each difference before summing (np.abs)."),
        (expected / 5, "The L1 loss is the sum of the absolute differences, not their mean."),
    ], "L1 = sum over i of |y[i] - yhat[i]|.")
    checks.check_close(loss, expected, "L1(yhat, y)",
                       hint=hint or "Return a single number (np.sum gives one).")
    checks.passed()


def L2_test(target):
    """L2 on the published example: 0.1^2 + 0.2^2 + 0.1^2 + 0.6^2 + 0.1^2 = 0.43."""
    yhat = np.array([0.9, 0.2, 0.1, 0.4, 0.9])
    y = np.array([1, 0, 0, 1, 1])
    loss = checks.call(target, yhat.copy(), y.copy())
    expected = 0.01 + 0.04 + 0.01 + 0.36 + 0.01
    hint = _diagnose(loss, expected, [
        (1.1, "That is the L1 loss: square the differences instead of taking their absolute value."),
        (math.sqrt(expected), "You took the square root: the L2 loss here is the sum of squares itself."),
        (expected / 5, "The L2 loss is the sum of the squared differences, not their mean."),
    ], "L2 = sum over i of (y[i] - yhat[i])^2, e.g. np.dot(y - yhat, y - yhat).")
    checks.check_close(loss, expected, "L2(yhat, y)", hint=hint)
    checks.passed()


# --- Logistic Regression with a Neural Network mindset -------------------------------------------

def _fresh_cat_dataset():
    from course1.data import load_cat_dataset  # only this notebook needs the data
    return load_cat_dataset()


def dataset_dimensions_test(m_train, m_test, num_px):
    """m_train, m_test and num_px are the integers read from the arrays' shapes (209, 50, 64)."""
    train_x, _, test_x, _, _ = _fresh_cat_dataset()
    checks.check_equal(m_train, int(train_x.shape[0]), "m_train",
                       hint="m_train is the number of training images: train_set_x_orig.shape[0].")
    checks.check_equal(m_test, int(test_x.shape[0]), "m_test",
                       hint="m_test is the number of test images: test_set_x_orig.shape[0].")
    checks.check_equal(num_px, int(train_x.shape[1]), "num_px",
                       hint="num_px is the height (= width) of an image: train_set_x_orig.shape[1].")
    checks.passed()


def _columns_of(images):
    """(num_px * num_px * 3, m) matrix whose column j is image j unrolled (one image at a time)."""
    return np.stack([images[j].ravel() for j in range(images.shape[0])], axis=1)


def flatten_and_standardize_test(train_set_x_flatten, test_set_x_flatten, train_set_x, test_set_x):
    """The flattened sets are (12288, m) with one image per column; the standardized ones are /255."""
    train_x, _, test_x, _, _ = _fresh_cat_dataset()
    flat_train = _columns_of(train_x)
    flat_test = _columns_of(test_x)
    order_hint = ("Column j must hold image j's pixels in order: X.reshape(X.shape[0], -1).T. "
                  "X.reshape(-1, X.shape[0]) has the right shape but mixes pixels of different images.")
    checks.check_shape(train_set_x_flatten, flat_train.shape, "train_set_x_flatten",
                       hint="One column per image: (num_px * num_px * 3, m_train).")
    checks.check_shape(test_set_x_flatten, flat_test.shape, "test_set_x_flatten",
                       hint="One column per image: (num_px * num_px * 3, m_test).")
    checks.check_close(train_set_x_flatten, flat_train.astype(float), "train_set_x_flatten",
                       rtol=0, atol=0, hint=order_hint + " Flatten the raw pixels (0-255), not standardized ones.")
    checks.check_close(test_set_x_flatten, flat_test.astype(float), "test_set_x_flatten",
                       rtol=0, atol=0, hint=order_hint)
    scale_hint = "Standardize by dividing the flattened pixels by 255 (a float division: / 255.)."
    checks.check_shape(train_set_x, flat_train.shape, "train_set_x", hint=scale_hint)
    checks.check_shape(test_set_x, flat_test.shape, "test_set_x", hint=scale_hint)
    checks.check_close(train_set_x[:, :5], flat_train[:, :5] / 255.0, "train_set_x[:, :5]", hint=scale_hint)
    checks.check_close(test_set_x[:, :5], flat_test[:, :5] / 255.0, "test_set_x[:, :5]", hint=scale_hint)
    checks.passed()


def initialize_with_zeros_test(target):
    """initialize_with_zeros(dim) returns a (dim, 1) float array of zeros and the Python float 0.0."""
    for dim in (2, 3):
        out = checks.call(target, dim)
        checks.check_type(out, tuple, f"initialize_with_zeros({dim})", hint="Return the pair w, b.")
        checks.check_equal(len(out), 2, f"len(initialize_with_zeros({dim}))", hint="Return the pair w, b.")
        w, b = out
        checks.check_close(w, np.zeros((dim, 1)), "w",
                           hint="w is a column of zeros: np.zeros((dim, 1)), not np.zeros(dim).")
        checks.check_equal(w.dtype.kind, "f", "w.dtype.kind",
                           hint="w must hold floats: np.zeros((dim, 1)) (no dtype=int).")
        checks.check_type(b, float, "b", exact=True,
                          hint="b must be a plain Python float: b = 0.0, not np.zeros(1) or np.float64(0).")
        checks.check_close(b, 0.0, "b")
    checks.passed()


def _propagate_case():
    """The classic example (2021 edition of the notebook) and its published outputs."""
    w = np.array([[1.0], [2.0]])
    b = 1.5
    X = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]])
    Y = np.array([[1, 1, 0]])
    return w, b, X, Y


def propagate_test(target):
    """propagate on the classic example gives the published dw, db and cost."""
    w, b, X, Y = _propagate_case()
    m = X.shape[1]
    out = checks.call(target, w.copy(), b, X.copy(), Y.copy())
    checks.check_type(out, tuple, "propagate(w, b, X, Y)", hint="Return the pair grads, cost.")
    checks.check_equal(len(out), 2, "len(propagate(w, b, X, Y))", hint="Return the pair grads, cost.")
    grads, cost = out
    checks.check_type(grads, dict, "grads", hint='grads = {"dw": dw, "db": db}')
    for key in ("dw", "db"):
        if key not in dict.keys(grads):
            raise checks.CheckFailed(f'grads has no key "{key}": return grads = {{"dw": dw, "db": db}}.')
    # Published by the original course for these inputs.
    dw_expected = np.array([[0.25071532], [-0.06604096]])
    db_expected = -0.1250040450043965
    cost_expected = 0.15900537707692405

    dw = dict.__getitem__(grads, "dw")
    checks.check_shape(dw, (2, 1), 'grads["dw"]', hint="dw has the shape of w: (n_x, 1).")
    checks.check_close(dw, dw_expected, 'grads["dw"]', hint=_diagnose(dw, dw_expected, [
        (dw_expected * m, "Did you forget the 1/m?"),
        (-dw_expected, "The sign is flipped: dw = (1/m) X (A - Y)^T."),
    ], "dw = (1/m) X (A - Y)^T, with A = sigmoid(w^T X + b)."))

    db = dict.__getitem__(grads, "db")
    checks.check_close(db, db_expected, 'grads["db"]', hint=_diagnose(db, db_expected, [
        (db_expected * m, "Did you forget the 1/m?"),
        (-db_expected, "The sign is flipped: db = (1/m) sum(A - Y)."),
    ], "db = (1/m) sum over the examples of (A - Y); return it as a number."))

    checks.check_close(cost, cost_expected, "cost", hint=_diagnose(cost, cost_expected, [
        (cost_expected * m, "Did you forget the 1/m?"),
        (-cost_expected, "The cost needs a minus sign: J = -(1/m) sum(Y log A + (1 - Y) log(1 - A))."),
    ], "J = -(1/m) sum(Y log A + (1 - Y) log(1 - A)); return it as a number (float(cost))."))
    checks.passed()


def optimize_test(target):
    """optimize on the classic example, 100 steps of 0.009, gives the published w, b, dw, db and costs."""
    w, b, X, Y = _propagate_case()
    out = checks.call(target, w.copy(), b, X.copy(), Y.copy(), num_iterations=100, learning_rate=0.009,
                      print_cost=False)
    checks.check_type(out, tuple, "optimize(...)", hint="Return params, grads, costs.")
    checks.check_equal(len(out), 3, "len(optimize(...))", hint="Return params, grads, costs.")
    params, grads, costs = out
    # Published by the original course for these inputs.
    expected_params = {"w": np.array([[0.80956046], [2.0508202]]), "b": 1.5948713189708588}
    expected_grads = {"dw": np.array([[0.17860505], [-0.04840656]]), "db": -0.08888460336847771}
    expected_costs = [0.15900537707692405]

    checks.check_type(costs, list, "costs", hint="costs is a Python list: costs = [] then costs.append(cost).")
    checks.check_equal(len(costs), 1, "len(costs) after 100 iterations",
                       hint="Record the cost only when i % 100 == 0 (iterations 0, 100, 200, ...).")
    step_hint = ("Each step is w = w - learning_rate * dw and b = b - learning_rate * db, "
                 "with dw, db from propagate at the current w, b.")
    checks.check_output(params, expected_params, "params", hint=step_hint)
    checks.check_output(grads, expected_grads, "grads",
                        hint="Return the gradients of the last iteration (computed before its update).")
    checks.check_output(costs, expected_costs, "costs",
                        hint="costs[0] is the cost at iteration 0, before any update.")
    checks.passed()


def predict_test(target):
    """predict on the classic example gives the published [[1, 1, 0]]."""
    w = np.array([[0.1124579], [0.23106775]])
    b = -0.3
    X = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
    pred = checks.call(target, w.copy(), b, X.copy())
    expected = np.array([[1.0, 1.0, 0.0]])  # published; also _reference_predict(w, b, X)
    checks.check_shape(pred, (1, 3), "predict(w, b, X)",
                       hint="Return a (1, m) array of predictions, one per column of X.")
    checks.check_close(pred, expected, "predict(w, b, X)",
                       hint="Predict 1 where A = sigmoid(w^T X + b) > 0.5, else 0.")
    checks.passed()


def model_test(target):
    """model on a small random problem (4 features, 7 + 3 examples, 150 steps of 0.1)."""
    rng = np.random.default_rng(2)
    X = rng.normal(size=(4, 7))
    Y = np.array([[1, 0, 0, 1, 0, 0, 1]])
    X_test = rng.normal(size=(4, 3))
    Y_test = np.array([[0, 1, 0]])
    num_iterations, learning_rate = 150, 0.1
    d = checks.call(target, X.copy(), Y.copy(), X_test.copy(), Y_test.copy(),
                    num_iterations=num_iterations, learning_rate=learning_rate)
    w, b, costs, _, _ = _reference_logistic_regression(X, Y, num_iterations, learning_rate)
    w = np.array(w).reshape(4, 1)
    expected = {
        "costs": costs,
        "w": w,
        "b": b,
        "Y_prediction_train": _reference_predict(w, b, X),
        "Y_prediction_test": _reference_predict(w, b, X_test),
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
    checks.check_type(d, dict, "model(...)", hint="model returns the dictionary d.")
    missing = [key for key in expected if key not in dict.keys(d)]
    if missing:
        raise checks.CheckFailed(f"model's dictionary d has no key(s) {missing}.")
    got_costs = dict.__getitem__(d, "costs")
    checks.check_type(got_costs, list, 'd["costs"]', exact=True,
                      hint="Store the list of costs that optimize returned.")
    checks.check_equal(len(got_costs), len(costs), f'len(d["costs"]) after {num_iterations} iterations',
                       hint="Pass num_iterations on to optimize (one cost every 100 iterations).")
    checks.check_output(d, expected, "d",
                        hint="Initialize with zeros, run optimize with the given num_iterations and "
                             "learning_rate, then predict on both sets with the learned w and b.")
    checks.passed()
