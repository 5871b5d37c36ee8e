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
initialize_parameters_test, initialize_parameters_deep_test, linear_forward_test,
linear_activation_forward_test, L_model_forward_test, compute_cost_test, linear_backward_test,
linear_activation_backward_test, L_model_backward_test, update_parameters_test
    Week 4, Building your Deep Neural Network: Step by Step.
"""
import math

import numpy as np

from course1 import checks

__all__ = [
    "basic_sigmoid_test", "sigmoid_test", "sigmoid_derivative_test", "image2vector_test",
    "normalize_rows_test", "softmax_test", "L1_test", "L2_test",
    "dataset_dimensions_test", "flatten_and_standardize_test", "initialize_with_zeros_test",
    "propagate_test", "optimize_test", "predict_test", "model_test",
    # c1w4_deep_nn_step_by_step
    "initialize_parameters_test", "initialize_parameters_deep_test", "linear_forward_test",
    "linear_activation_forward_test", "L_model_forward_test", "compute_cost_test", "linear_backward_test",
    "linear_activation_backward_test", "L_model_backward_test", "update_parameters_test",
    # c1w3_planar_data
    "layer_sizes_test", "initialize_parameters_w3_test", "forward_propagation_test", "compute_cost_w3_test",
    "backward_propagation_test", "update_parameters_w3_test", "nn_model_test", "predict_w3_test",
    # c1w4_deep_nn_application
    "two_layer_model_test", "L_layer_model_test",
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


# --- Building your Deep Neural Network: Step by Step (c1w4_deep_nn_step_by_step) ----------------
#
# The classic seeded test cases (np.random.seed(k), then randn of the classic shapes) and the
# numbers the original course published for them; the other expected values are computed here by a
# route of their own (NumPy's RandomState object instead of the global seed, explicit loops over
# examples, einsum), never with course1.deep.

def _rand_state(seed):
    """The legacy generator that ``np.random.seed(seed)`` sets up, as an object of its own."""
    return np.random.RandomState(seed)


def _loop_matmul(W, A):
    """W @ A with explicit loops (the reference for the linear step)."""
    W = np.asarray(W, dtype=float)
    A = np.asarray(A, dtype=float)
    out = np.zeros((W.shape[0], A.shape[1]))
    for i in range(W.shape[0]):
        for j in range(A.shape[1]):
            out[i, j] = sum(float(W[i, k]) * float(A[k, j]) for k in range(W.shape[1]))
    return out


def _check_params_dict(parameters, expected, name):
    """``parameters`` is a dict holding exactly the expected keys; each array checked by check_close."""
    checks.check_type(parameters, dict, name, hint="Return the dictionary parameters.")
    extra = [k for k in dict.keys(parameters) if k not in expected]
    if extra:
        raise checks.CheckFailed(f"{name} has unexpected key(s) {extra}; expected only {sorted(expected)}.")
    for key, value in expected.items():
        if key not in dict.keys(parameters):
            raise checks.CheckFailed(f'{name} has no key "{key}".')
        got = dict.__getitem__(parameters, key)
        hint = ""
        if key.startswith("b"):
            hint = f"{key} is a column of zeros: np.zeros(({value.shape[0]}, 1))."
        elif _looks_like(got, value * 100):
            hint = "Scale the random weights by 0.01."
        else:
            hint = "Draw W with np.random.randn(rows, columns) * 0.01 right after np.random.seed, in the order W1, W2, ..."
        checks.check_close(got, value, f'{name}["{key}"]', hint=hint)


def initialize_parameters_test(target):
    """initialize_parameters(3, 2, 1) gives the published W1, W2 (seed 1, x 0.01) and zero biases."""
    parameters = checks.call(target, 3, 2, 1)
    expected = {
        "W1": np.array([[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]]),
        "b1": np.zeros((2, 1)),
        "W2": np.array([[0.01744812, -0.00761207]]),
        "b2": np.zeros((1, 1)),
    }
    checks.check_type(parameters, dict, "initialize_parameters(3, 2, 1)")
    for key, shape in [("W1", (2, 3)), ("b1", (2, 1)), ("W2", (1, 2)), ("b2", (1, 1))]:
        if key not in dict.keys(parameters):
            raise checks.CheckFailed(f'initialize_parameters(3, 2, 1) has no key "{key}".')
        checks.check_shape(dict.__getitem__(parameters, key), shape, f'parameters["{key}"]',
                           hint="W1 is (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1).")
    _check_params_dict(parameters, expected, "parameters")
    # A second size, from a RandomState of its own (the same stream as np.random.seed(1)).
    rs = _rand_state(1)
    W1 = rs.randn(5, 4) * 0.01
    W2 = rs.randn(3, 5) * 0.01
    parameters = checks.call(target, 4, 5, 3)
    _check_params_dict(parameters, {"W1": W1, "b1": np.zeros((5, 1)), "W2": W2, "b2": np.zeros((3, 1))},
                       "initialize_parameters(4, 5, 3)")
    checks.passed()


def _deep_expected(layer_dims, seed=3):
    rs = _rand_state(seed)
    expected = {}
    for l in range(1, len(layer_dims)):
        expected[f"W{l}"] = rs.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        expected[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return expected


def initialize_parameters_deep_test(target):
    """initialize_parameters_deep([5, 4, 3]) gives the published W1 (seed 3, x 0.01), then other sizes."""
    parameters = checks.call(target, [5, 4, 3])
    checks.check_type(parameters, dict, "initialize_parameters_deep([5, 4, 3])")
    expected = _deep_expected([5, 4, 3])
    for key, value in expected.items():
        if key not in dict.keys(parameters):
            raise checks.CheckFailed(f'initialize_parameters_deep([5, 4, 3]) has no key "{key}". '
                                     "Loop over every layer l = 1, ..., L - 1.")
        checks.check_shape(dict.__getitem__(parameters, key), value.shape, f'parameters["{key}"]',
                           hint="Wl is (layer_dims[l], layer_dims[l - 1]) and bl is (layer_dims[l], 1).")
    published_W1 = np.array([
        [0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
        [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
        [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
        [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068],
    ])
    W1 = dict.__getitem__(parameters, "W1")
    checks.check_close(W1, published_W1, 'parameters["W1"]', rtol=0, atol=1e-8,
                       hint="Call np.random.seed(3) first, then W1 = np.random.randn(4, 5) * 0.01.")
    _check_params_dict(parameters, expected, "initialize_parameters_deep([5, 4, 3])")
    dims = [3, 6, 4, 2, 1]
    _check_params_dict(checks.call(target, dims), _deep_expected(dims), f"initialize_parameters_deep({dims})")
    checks.passed()


def _check_linear_cache(cache, A, W, b, name):
    checks.check_type(cache, tuple, name, hint="The linear cache is the tuple (A, W, b).")
    checks.check_equal(len(cache), 3, f"len({name})", hint="The linear cache is the tuple (A, W, b).")
    for part, value, label in zip(cache, (A, W, b), ("A", "W", "b")):
        checks.check_close(part, value, f"{name} entry {label}", rtol=1e-10, atol=1e-12,
                           hint="Store the inputs unchanged, in the order (A, W, b).")


def linear_forward_test(target):
    """linear_forward on the classic seed-1 example gives the published Z = [[3.26295337 -1.23429987]]."""
    rs = _rand_state(1)
    A = rs.randn(3, 2)
    W = rs.randn(1, 3)
    b = rs.randn(1, 1)
    out = checks.call(target, A.copy(), W.copy(), b.copy())
    checks.check_type(out, tuple, "linear_forward(A, W, b)", hint="Return the pair Z, cache.")
    checks.check_equal(len(out), 2, "len(linear_forward(A, W, b))", hint="Return the pair Z, cache.")
    Z, cache = out
    checks.check_shape(Z, (1, 2), "Z", hint="Z = W A + b has shape (W.shape[0], A.shape[1]).")
    expected = np.array([[3.26295337, -1.23429987]])  # published
    checks.check_close(Z, expected, "Z", rtol=0, atol=1e-8, hint=_diagnose(Z, expected, [
        (expected - b, "You forgot to add b."),
    ], "Z = np.dot(W, A) + b."))
    _check_linear_cache(cache, A, W, b, "cache")
    # a larger case against explicit loops
    rng = np.random.default_rng(41)
    A2, W2, b2 = rng.normal(size=(4, 5)), rng.normal(size=(3, 4)), rng.normal(size=(3, 1))
    Z2, _ = checks.call(target, A2.copy(), W2.copy(), b2.copy())
    checks.check_close(Z2, _loop_matmul(W2, A2) + b2, "Z for W of shape (3, 4) and A of shape (4, 5)")
    checks.passed()


def _check_activation_cache(cache, A_prev, W, b, Z, name):
    checks.check_type(cache, tuple, name, hint="cache = (linear_cache, activation_cache).")
    checks.check_equal(len(cache), 2, f"len({name})", hint="cache = (linear_cache, activation_cache).")
    _check_linear_cache(cache[0], A_prev, W, b, f"{name}[0] (the linear cache)")
    checks.check_close(cache[1], Z, f"{name}[1] (the activation cache)",
                       hint="The activation cache is Z, as returned by sigmoid(Z) or relu(Z).")


def linear_activation_forward_test(target):
    """The classic seed-2 example: sigmoid gives [[0.96890023 0.11013289]], relu [[3.43896131 0.]]."""
    rs = _rand_state(2)
    A_prev = rs.randn(3, 2)
    W = rs.randn(1, 3)
    b = rs.randn(1, 1)
    Z = _loop_matmul(W, A_prev) + b
    published = {"sigmoid": np.array([[0.96890023, 0.11013289]]), "relu": np.array([[3.43896131, 0.0]])}
    for activation, expected in published.items():
        out = checks.call(target, A_prev.copy(), W.copy(), b.copy(), activation)
        name = f'linear_activation_forward(A_prev, W, b, "{activation}")'
        checks.check_type(out, tuple, name, hint="Return the pair A, cache.")
        checks.check_equal(len(out), 2, f"len({name})", hint="Return the pair A, cache.")
        A, cache = out
        checks.check_shape(A, (1, 2), f"A with {activation}")
        other = published["relu" if activation == "sigmoid" else "sigmoid"]
        checks.check_close(A, expected, f"A with {activation}", rtol=0, atol=1e-8, hint=_diagnose(A, expected, [
            (other, f'You applied the other activation: for "{activation}" call {activation}(Z).'),
            (Z, "You returned Z: apply the activation to it."),
        ], "Z, linear_cache = linear_forward(A_prev, W, b), then A, activation_cache = activation(Z)."))
        _check_activation_cache(cache, A_prev, W, b, Z, f"cache ({activation})")
    checks.passed()


def _classic_2hidden():
    rs = _rand_state(6)
    X = rs.randn(5, 4)
    parameters = {}
    for l, (n, n_prev) in enumerate([(4, 5), (3, 4), (1, 3)], start=1):
        parameters[f"W{l}"] = rs.randn(n, n_prev)
        parameters[f"b{l}"] = rs.randn(n, 1)
    return X, parameters


def _loop_forward(X, parameters):
    """[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID with loops and math.exp; returns AL and the caches."""
    L = len(parameters) // 2
    A, caches = np.asarray(X, dtype=float), []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = _loop_matmul(W, A) + b
        if l == L:
            A_next = _elementwise(_math_sigmoid, Z)
        else:
            A_next = _elementwise(lambda v: v if v > 0 else 0.0, Z)
        caches.append(((A, W, b), Z))
        A = A_next
    return A, caches


def L_model_forward_test(target):
    """L_model_forward on the classic 2-hidden-layer example: AL = [[0.03921668 0.70498921 0.19734387 0.04728177]]."""
    X, parameters = _classic_2hidden()
    out = checks.call(target, X.copy(), {k: v.copy() for k, v in parameters.items()})
    checks.check_type(out, tuple, "L_model_forward(X, parameters)", hint="Return the pair AL, caches.")
    checks.check_equal(len(out), 2, "len(L_model_forward(X, parameters))", hint="Return the pair AL, caches.")
    AL, caches = out
    expected = np.array([[0.03921668, 0.70498921, 0.19734387, 0.04728177]])  # published
    checks.check_shape(AL, (1, 4), "AL", hint="AL is the output of the last layer: (1, number of examples).")
    checks.check_close(AL, expected, "AL", rtol=0, atol=1e-8,
                       hint="RELU in layers 1, ..., L - 1 and SIGMOID in layer L; each layer takes the "
                            "previous layer's output A, not X.")
    checks.check_type(caches, list, "caches", exact=True, hint="caches is a list: append one cache per layer.")
    checks.check_equal(len(caches), 3, "len(caches)", hint="One cache per layer: 3 for this network.")
    _, expected_caches = _loop_forward(X, parameters)
    for l, (cache, want) in enumerate(zip(caches, expected_caches), start=1):
        (A_prev, W, b), Z = want
        _check_activation_cache(cache, A_prev, W, b, Z, f"caches[{l - 1}] (layer {l})")
    checks.passed()


def compute_cost_test(target):
    """compute_cost([[.8, .9, .4]], [[1, 1, 0]]) is the published 0.2797765635793422."""
    AL = np.array([[0.8, 0.9, 0.4]])
    Y = np.array([[1, 1, 0]])
    cost = checks.call(target, AL.copy(), Y.copy())
    expected = -(math.log(0.8) + math.log(0.9) + math.log(0.6)) / 3
    hint = _diagnose(cost, expected, [
        (-expected, "The cost needs a minus sign."),
        (3 * expected, "Did you forget the 1/m?"),
    ], "J = -(1/m) sum(Y log AL + (1 - Y) log(1 - AL)).")
    checks.check_close(cost, expected, "compute_cost(AL, Y)", rtol=1e-12,
                       hint=hint or "Return a single number (np.squeeze or float of the sum).")
    checks.passed()


def _loop_linear_backward(dZ, A_prev, W):
    """dA_prev, dW, db of Z = W A_prev + b, summing over the examples one at a time."""
    n, m = dZ.shape
    dW = np.zeros(W.shape)
    db = np.zeros((n, 1))
    for j in range(m):
        dW += np.outer(dZ[:, j], A_prev[:, j]) / m
        db[:, 0] += dZ[:, j] / m
    dA_prev = np.stack([W.T.dot(dZ[:, j]) for j in range(m)], axis=1)
    return dA_prev, dW, db


def _check_backward_triple(out, expected, name, hints=True):
    checks.check_type(out, tuple, name, hint="Return dA_prev, dW, db.")
    checks.check_equal(len(out), 3, f"len({name})", hint="Return dA_prev, dW, db.")
    dA_prev, dW, db = out
    e_dA, e_dW, e_db = expected
    m = e_dA.shape[1]
    checks.check_shape(dA_prev, e_dA.shape, "dA_prev", hint="dA_prev has the shape of A_prev.")
    checks.check_shape(dW, e_dW.shape, "dW", hint="dW has the shape of W.")
    checks.check_shape(db, e_db.shape, "db",
                       hint="db has the shape of b, (n, 1): np.sum(dZ, axis=1, keepdims=True) / m.")
    checks.check_close(dW, e_dW, "dW", hint=_diagnose(dW, e_dW, [
        (m * e_dW, "Did you forget the 1/m?"),
    ], "dW = (1/m) dZ A_prev^T."))
    checks.check_close(db, e_db, "db", hint=_diagnose(db, e_db, [
        (m * e_db, "Did you forget the 1/m?"),
    ], "db = (1/m) sum of dZ over the examples (axis=1, keepdims=True)."))
    checks.check_close(dA_prev, e_dA, "dA_prev", hint=_diagnose(dA_prev, e_dA, [
        (e_dA / m, "dA_prev has no 1/m: dA_prev = W^T dZ."),
    ], "dA_prev = W^T dZ."))


def linear_backward_test(target):
    """linear_backward on the classic seed-1 example, against a loop over the examples."""
    rs = _rand_state(1)
    dZ = rs.randn(3, 4)
    A = rs.randn(5, 4)
    W = rs.randn(3, 5)
    b = rs.randn(3, 1)
    out = checks.call(target, dZ.copy(), (A.copy(), W.copy(), b.copy()))
    _check_backward_triple(out, _loop_linear_backward(dZ, A, W), "linear_backward(dZ, cache)")
    checks.passed()


def linear_activation_backward_test(target):
    """The classic seed-2 example: with sigmoid, the published dW = [[0.10266786 0.09778551 -0.01968084]]."""
    rs = _rand_state(2)
    dA = rs.randn(1, 2)
    A = rs.randn(3, 2)
    W = rs.randn(1, 3)
    b = rs.randn(1, 1)
    Z = rs.randn(1, 2)
    published = {
        "sigmoid": (np.array([[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]]),
                    np.array([[0.10266786, 0.09778551, -0.01968084]]),
                    np.array([[-0.05729622]])),
        "relu": (np.array([[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]]),
                 np.array([[0.44513824, 0.37371418, -0.10478989]]),
                 np.array([[-0.20837892]])),
    }
    for activation, expected in published.items():
        name = f'linear_activation_backward(dA, cache, "{activation}")'
        out = checks.call(target, dA.copy(), ((A.copy(), W.copy(), b.copy()), Z.copy()), activation)
        checks.check_type(out, tuple, name, hint="Return dA_prev, dW, db.")
        checks.check_equal(len(out), 3, f"len({name})", hint="Return dA_prev, dW, db.")
        other = published["relu" if activation == "sigmoid" else "sigmoid"][1]
        hint = _diagnose(out[1], expected[1], [
            (other, f'You used the other activation\'s backward: for "{activation}" call {activation}_backward.'),
        ], f"dZ = {activation}_backward(dA, activation_cache), then linear_backward(dZ, linear_cache).")
        checks.check_shape(out[1], (1, 3), f"dW ({activation})")
        checks.check_close(out[1], expected[1], f"dW ({activation})", rtol=0, atol=1e-8, hint=hint)
        checks.check_close(out[2], expected[2], f"db ({activation})", rtol=0, atol=1e-8, hint=hint)
        checks.check_close(out[0], expected[0], f"dA_prev ({activation})", rtol=0, atol=1e-8, hint=hint)
    checks.passed()


def L_model_backward_test(target):
    """L_model_backward on the classic seed-3 example: dW1[0] = [0.41010002 0.07807203 0.13798444 0.10502167]."""
    rs = _rand_state(3)
    AL = rs.randn(1, 2)
    Y = np.array([[1, 0]])
    A1, W1, b1, Z1 = rs.randn(4, 2), rs.randn(3, 4), rs.randn(3, 1), rs.randn(3, 2)
    A2, W2, b2, Z2 = rs.randn(3, 2), rs.randn(1, 3), rs.randn(1, 1), rs.randn(1, 2)
    caches = [((A1, W1, b1), Z1), ((A2, W2, b2), Z2)]
    # the chain rule, written out for this two-layer case
    dAL = np.array([[-1.0 / AL[0, 0], 1.0 / (1.0 - AL[0, 1])]])   # -(y / a) + (1 - y) / (1 - a)
    s2 = _elementwise(_math_sigmoid, Z2)
    dZ2 = dAL * s2 * (1 - s2)
    dA1, dW2, db2 = _loop_linear_backward(dZ2, A2, W2)
    dZ1 = np.where(Z1 > 0, dA1, 0.0)
    dA0, dW1, db1 = _loop_linear_backward(dZ1, A1, W1)
    expected = {"dA0": dA0, "dA1": dA1, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    copies = [((a.copy(), w.copy(), bb.copy()), z.copy()) for (a, w, bb), z in caches]
    grads = checks.call(target, AL.copy(), Y.copy(), copies)
    checks.check_type(grads, dict, "grads", hint="Return the dictionary grads.")
    for key in ("dW2", "db2", "dA1", "dW1", "db1", "dA0"):
        if key not in dict.keys(grads):
            raise checks.CheckFailed(f'grads has no key "{key}". grads["dA" + str(l)] holds the gradient with '
                                     'respect to A[l] (l = 0, ..., L - 1), grads["dW" + str(l)] that of W[l].')
    dW2_got = dict.__getitem__(grads, "dW2")
    checks.check_shape(dW2_got, (1, 3), 'grads["dW2"]')
    checks.check_close(dW2_got, dW2, 'grads["dW2"]', hint=_diagnose(dW2_got, dW2, [
        (-dW2, "The sign of dAL is flipped: dAL = -(Y / AL - (1 - Y) / (1 - AL))."),
    ], 'The last layer is LINEAR -> SIGMOID: start with linear_activation_backward(dAL, caches[L - 1], "sigmoid").'))
    checks.check_close(dict.__getitem__(grads, "dW1")[0], np.array([0.41010002, 0.07807203, 0.13798444, 0.10502167]),
                       'grads["dW1"][0] (published)', rtol=0, atol=1e-8,
                       hint='The hidden layers are LINEAR -> RELU: use "relu" for layers L - 1, ..., 1.')
    checks.check_output(grads, expected, "grads")
    checks.passed()


def update_parameters_test(target):
    """update_parameters on the classic example (learning rate 0.1) gives the published W2 = [[-0.55569196 0.0354055 1.32964895]]."""
    rs = _rand_state(2)
    parameters = {"W1": rs.randn(3, 4), "b1": rs.randn(3, 1), "W2": rs.randn(1, 3), "b2": rs.randn(1, 1)}
    rs = _rand_state(3)
    grads = {"dW1": rs.randn(3, 4), "db1": rs.randn(3, 1), "dW2": rs.randn(1, 3), "db2": rs.randn(1, 1)}
    expected = {key: np.subtract(value, np.multiply(0.1, grads["d" + key])) for key, value in parameters.items()}
    out = checks.call(target, {k: v.copy() for k, v in parameters.items()},
                      {k: v.copy() for k, v in grads.items()}, 0.1)
    checks.check_type(out, dict, "update_parameters(...)", hint="Return the dictionary of updated parameters.")
    for key in expected:
        if key not in dict.keys(out):
            raise checks.CheckFailed(f'The updated parameters have no key "{key}". Update every layer.')
    W2 = dict.__getitem__(out, "W2")
    checks.check_shape(W2, (1, 3), 'parameters["W2"]')
    checks.check_close(W2, np.array([[-0.55569196, 0.0354055, 1.32964895]]), 'parameters["W2"] (published)',
                       rtol=0, atol=1e-8, hint=_diagnose(W2, expected["W2"], [
                           (parameters["W2"] + 0.1 * grads["dW2"], "Step against the gradient: W - learning_rate * dW."),
                           (parameters["W2"], "W2 was not updated: loop over every layer l = 1, ..., L."),
                       ], "W[l] = W[l] - learning_rate * dW[l] for every layer."))
    checks.check_output(out, expected, "parameters",
                        hint="W[l] = W[l] - learning_rate * dW[l] and b[l] = b[l] - learning_rate * db[l], for every l.")
    checks.passed()


# --- Planar data classification with one hidden layer (c1w3_planar_data) -------------------------
# Expected values: the numbers the original course published for the same seeded inputs (verified
# against an independent implementation), with hints computed from hand-written wrong variants.

def _w3_check_parameters(value, expected, name, hint=""):
    """``value`` is a dict with the keys and arrays of ``expected`` (type, then shape, then values)."""
    checks.check_type(value, dict, name, hint='Return the dictionary {"W1": W1, "b1": b1, "W2": W2, "b2": b2}.')
    checks.check_output(value, expected, name, rtol=1e-5, atol=1e-8, hint=hint)


def _w3_forward_case():
    """The classic forward-propagation example (2021 edition) and its published outputs."""
    rng = np.random.RandomState(1)  # = np.random.seed(1) then np.random.randn, without the global state
    X = rng.randn(2, 3)
    b1 = rng.randn(4, 1)
    parameters = {
        "W1": np.array([[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
                        [-0.01793436, -0.00841747], [0.00502881, -0.01245288]]),
        "W2": np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]),
        "b1": b1,
        "b2": np.array([[-1.3]]),
    }
    cache = {
        "Z1": np.array([[1.7386459, 1.74687437, 1.74830797], [-0.81350569, -0.73394355, -0.78767559],
                        [0.29893918, 0.32272601, 0.34788465], [-0.2278403, -0.2632236, -0.22336567]]),
        "A1": np.array([[0.9400694, 0.94101876, 0.94118266], [-0.67151964, -0.62547205, -0.65709025],
                        [0.29034152, 0.31196971, 0.33449821], [-0.22397799, -0.25730819, -0.2197236]]),
        "Z2": np.array([[-1.30737426, -1.30844761, -1.30717618]]),
        "A2": np.array([[0.21292656, 0.21274673, 0.21295976]]),
    }
    return X, parameters, cache


def layer_sizes_test(target):
    """layer_sizes on the published examples: X (5, 3), Y (2, 3) gives (5, 4, 2); X (7, 5), Y (5, 5) gives (7, 4, 5)."""
    rng = np.random.RandomState(1)
    for x_shape, y_shape, expected in [((5, 3), (2, 3), (5, 4, 2)), ((7, 5), (5, 5), (7, 4, 5))]:
        X, Y = rng.randn(*x_shape), rng.randn(*y_shape)
        name = f"layer_sizes(X of shape {x_shape}, Y of shape {y_shape})"
        out = checks.call(target, X, Y)
        checks.check_type(out, tuple, name, exact=True, hint="Return the tuple (n_x, n_h, n_y).")
        checks.check_equal(len(out), 3, f"len({name})", hint="Return the tuple (n_x, n_h, n_y).")
        for value, want, part, hint in [
            (out[0], expected[0], "n_x", "n_x is the number of input features: X.shape[0] (rows, not examples)."),
            (out[1], expected[1], "n_h", "The hidden layer of this assignment has n_h = 4 units."),
            (out[2], expected[2], "n_y", "n_y is the number of outputs: Y.shape[0]."),
        ]:
            checks.check_equal(value, want, f"{part} of {name}", hint=hint)
    checks.passed()


def initialize_parameters_w3_test(target):
    """initialize_parameters(3, 5, 2) after np.random.seed(2) gives the published W1, b1, W2, b2."""
    expected = {
        "W1": np.array([[-0.00416758, -0.00056267, -0.02136196], [0.01640271, -0.01793436, -0.00841747],
                        [0.00502881, -0.01245288, -0.01057952], [-0.00909008, 0.00551454, 0.02292208],
                        [0.00041539, -0.01117925, 0.00539058]]),
        "b1": np.zeros((5, 1)),
        "W2": np.array([[-5.96159700e-03, -1.91304965e-04, 1.17500122e-02, -7.47870949e-03, 9.02525097e-05],
                        [-8.78107893e-03, -1.56434170e-03, 2.56570452e-03, -9.88779049e-03, -3.38821966e-03]]),
        "b2": np.zeros((2, 1)),
    }
    np.random.seed(2)  # the caller sets the seed; initialize_parameters must not
    parameters = checks.call(target, 3, 5, 2)
    checks.check_type(parameters, dict, "initialize_parameters(3, 5, 2)",
                      hint='Return the dictionary {"W1": W1, "b1": b1, "W2": W2, "b2": b2}.')
    shapes = {"W1": (5, 3), "b1": (5, 1), "W2": (2, 5), "b2": (2, 1)}
    for key, shape in shapes.items():
        if key not in dict.keys(parameters):
            raise checks.CheckFailed(f'parameters has no key "{key}".')
        checks.check_shape(dict.__getitem__(parameters, key), shape, f'parameters["{key}"]',
                           hint="W1 is (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1).")
    W1 = dict.__getitem__(parameters, "W1")
    hint = _diagnose(W1, expected["W1"] * 100, [(expected["W1"] * 100, "Multiply the random weights by 0.01.")],
                     "Draw W1 first with np.random.randn(n_h, n_x) * 0.01, then W2 with "
                     "np.random.randn(n_y, n_h) * 0.01; do not set a seed inside the function.")
    _w3_check_parameters(parameters, expected, "initialize_parameters(3, 5, 2)", hint=hint)
    checks.passed()


def forward_propagation_test(target):
    """forward_propagation on the published example gives A2 = [[0.21292656 0.21274673 0.21295976]] and its cache."""
    X, parameters, expected_cache = _w3_forward_case()
    out = checks.check_not_mutated(target, (X, parameters), "forward_propagation")
    checks.check_type(out, tuple, "forward_propagation(X, parameters)", hint="Return the pair A2, cache.")
    checks.check_equal(len(out), 2, "len(forward_propagation(X, parameters))", hint="Return the pair A2, cache.")
    A2, cache = out
    checks.check_shape(A2, (1, 3), "A2", hint="A2 has one probability per example: (n_y, m).")
    Z1 = expected_cache["Z1"]
    hint = _diagnose(A2, expected_cache["A2"], [
        (1 / (1 + np.exp(-(parameters["W2"] @ (1 / (1 + np.exp(-Z1))) + parameters["b2"]))),
         "The hidden layer uses tanh (np.tanh), not the sigmoid."),
        (np.tanh(expected_cache["Z2"]), "The output layer uses the sigmoid, not tanh."),
    ], "Z1 = W1 X + b1, A1 = tanh(Z1), Z2 = W2 A1 + b2, A2 = sigmoid(Z2).")
    checks.check_close(A2, expected_cache["A2"], "A2", rtol=1e-6, atol=1e-8, hint=hint)
    checks.check_type(cache, dict, "cache", hint='cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}')
    checks.check_output(cache, expected_cache, "cache", rtol=1e-6, atol=1e-8,
                        hint="Keep Z1, A1, Z2 and A2 in the cache: backward propagation needs them.")
    checks.passed()


def compute_cost_w3_test(target):
    """compute_cost on the published example (5 examples) gives 0.5447066599017815."""
    rng = np.random.RandomState(1)
    Y = rng.randn(1, 5) > 0
    A2 = np.array([[0.5002307, 0.49985831, 0.50023963, 0.25, 0.7]])
    expected = 0.5447066599017815
    cost = checks.check_not_mutated(target, (A2, Y), "compute_cost")
    checks.check_type(cost, float, "the cost",
                      hint="Return one number: float(np.squeeze(cost)), not an array.")
    y = Y.astype(float)
    hint = _diagnose(cost, expected, [
        (expected * 5, "Did you forget the 1/m?"),
        (-expected, "The cost needs a minus sign: J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2))."),
        (float(-np.sum(y * np.log(A2)) / 5), "You left out the (1 - Y) log(1 - A2) term."),
    ], "J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2)).")
    checks.check_close(cost, expected, "compute_cost(A2, Y)", hint=hint)
    checks.passed()


def backward_propagation_test(target):
    """backward_propagation on the published example (9 hidden units, 7 examples) gives the published grads."""
    rng = np.random.RandomState(1)
    X = rng.randn(3, 7)
    Y = rng.randn(1, 7) > 0
    parameters = {"W1": rng.randn(9, 3), "W2": rng.randn(1, 9), "b1": np.zeros((9, 1)), "b2": np.zeros((1, 1))}
    cache = {"A1": rng.randn(9, 7), "A2": rng.randn(1, 7), "Z1": rng.randn(9, 7), "Z2": rng.randn(1, 7)}
    expected = {
        "dW1": np.array([[-0.24468458, -0.24371232, 0.15959609], [0.7370069, -0.64785999, 0.23669823],
                         [0.47936123, -0.01516428, 0.01566728], [0.03361075, -0.0930929, 0.05581073],
                         [0.52445178, -0.03895358, 0.09180612], [-0.17043596, 0.13406378, -0.20952062],
                         [0.76144791, -0.41766018, 0.02544078], [0.22164791, -0.33081645, 0.19526915],
                         [0.25619969, -0.09561825, 0.05679075]]),
        "db1": np.array([[0.1463639], [-0.33647992], [-0.51738006], [-0.07780329], [-0.57889514],
                         [0.28357278], [-0.39756864], [-0.10510329], [-0.13443244]]),
        "dW2": np.array([[-0.35768529, 0.22046323, -0.29551566, -0.12202786, 0.18809552,
                          0.13700323, 0.35892872, -0.02220353, -0.03976687]]),
        "db2": np.array([[-0.78032466]]),
    }
    grads = checks.check_not_mutated(target, (parameters, cache, X, Y), "backward_propagation")
    checks.check_type(grads, dict, "grads", hint='Return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}.')
    shapes = {"dW1": (9, 3), "db1": (9, 1), "dW2": (1, 9), "db2": (1, 1)}
    for key, shape in shapes.items():
        if key not in dict.keys(grads):
            raise checks.CheckFailed(f'grads has no key "{key}".')
        checks.check_shape(dict.__getitem__(grads, key), shape, f'grads["{key}"]',
                           hint="Each gradient has its parameter's shape; sum over the examples with "
                                "np.sum(..., axis=1, keepdims=True) for db1 and db2.")
    hints = {
        "dW2": "dW2 = (1/m) dZ2 A1^T with dZ2 = A2 - Y.",
        "db2": "db2 = (1/m) sum over the examples of dZ2.",
        "dW1": "dZ1 = W2^T dZ2 * (1 - A1^2) (the derivative of tanh is 1 - tanh^2); dW1 = (1/m) dZ1 X^T.",
        "db1": "db1 = (1/m) sum over the examples of dZ1.",
    }
    for key in ("dW2", "db2", "dW1", "db1"):
        value = dict.__getitem__(grads, key)
        hint = _diagnose(value, expected[key], [(expected[key] * 7, "Did you forget the 1/m?"),
                                               (-expected[key], "The sign is flipped: dZ2 = A2 - Y.")],
                         hints[key])
        checks.check_close(value, expected[key], f'grads["{key}"]', rtol=1e-5, atol=1e-8, hint=hint)
    checks.passed()


def update_parameters_w3_test(target):
    """update_parameters with the default learning rate 1.2 gives the published W1, b1, W2, b2."""
    parameters = {
        "W1": np.array([[-0.00615039, 0.0169021], [-0.02311792, 0.03137121],
                        [-0.0169217, -0.01752545], [0.00935436, -0.05018221]]),
        "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
        "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
        "b2": np.array([[9.14954378e-05]]),
    }
    grads = {
        "dW1": np.array([[0.00023322, -0.00205423], [0.00082222, -0.00700776],
                         [-0.00031831, 0.0028636], [-0.00092857, 0.00809933]]),
        "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
        "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
        "db2": np.array([[-1.08923140e-05]]),
    }
    expected = {
        "W1": np.array([[-0.00643025, 0.01936718], [-0.02410458, 0.03978052],
                        [-0.01653973, -0.02096177], [0.01046864, -0.05990141]]),
        "b1": np.array([[-1.02420756e-06], [1.27373948e-05], [8.32996807e-07], [-3.20136836e-06]]),
        "W2": np.array([[-0.01041081, -0.04463285, 0.01758031, 0.04747113]]),
        "b2": np.array([[0.00010457]]),
    }
    out = checks.check_not_mutated(target, (parameters, grads), "update_parameters")
    hint = _diagnose(dict.get(out, "W1") if isinstance(out, dict) else None,
                     2 * parameters["W1"] - expected["W1"],
                     [(2 * parameters["W1"] - expected["W1"], "Step against the gradient: W = W - learning_rate * dW.")],
                     "W = W - learning_rate * dW and b = b - learning_rate * db, with learning_rate = 1.2 by default.")
    _w3_check_parameters(out, expected, "update_parameters(parameters, grads)", hint=hint)
    checks.passed()


def nn_model_test(target):
    """nn_model on 3 examples with n_h = 4, after np.random.seed(3), gives the published parameters (10000 steps)."""
    rng = np.random.RandomState(1)
    X = rng.randn(2, 3)
    Y = rng.randn(1, 3) > 0
    expected = {
        "W1": np.array([[0.56305445, -1.03925886], [0.7345426, -1.36286875],
                        [-0.72533346, 1.33753027], [0.74757629, -1.38274074]]),
        "b1": np.array([[-0.22240654], [-0.34662093], [0.33663708], [-0.35296113]]),
        "W2": np.array([[1.82196893, 3.09657075, -2.98193564, 3.19946508]]),
        "b2": np.array([[0.21344644]]),
    }
    np.random.seed(3)  # initialize_parameters draws from NumPy's global generator
    parameters = checks.call(target, X, Y, 4, print_cost=False)
    _w3_check_parameters(parameters, expected, "nn_model(X, Y, 4)",
                         hint="Get n_x and n_y from layer_sizes, initialize with initialize_parameters(n_x, n_h, n_y) "
                              "(no seed of your own), then repeat num_iterations times: forward_propagation, "
                              "compute_cost, backward_propagation, update_parameters.")
    checks.passed()


def predict_w3_test(target):
    """predict on the published example gives [[True False True]] (1, 0, 1)."""
    rng = np.random.RandomState(1)
    X = rng.randn(2, 3)
    parameters = {
        "W1": np.array([[-0.00615039, 0.0169021], [-0.02311792, 0.03137121],
                        [-0.0169217, -0.01752545], [0.00935436, -0.05018221]]),
        "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
        "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
        "b2": np.array([[9.14954378e-05]]),
    }
    predictions = checks.check_not_mutated(target, (parameters, X), "predict")
    checks.check_shape(predictions, (1, 3), "predict(parameters, X)",
                       hint="Return one prediction per example, shape (1, m).")
    checks.check_equal(predictions, np.array([[1, 0, 1]]), "predict(parameters, X)",
                       hint="Predict 1 (True) where A2 > 0.5 and 0 (False) elsewhere; return the labels, "
                            "not the probabilities.")
    checks.passed()


# --- c1w4_deep_nn_application: Deep Neural Network for Image Classification: Application ----------

def _deep_app_reference(X, Y, weights, learning_rate, num_iterations):
    """Gradient descent for [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID, written out layer by layer.

    Independent of :mod:`course1.deep`: weights and biases are kept in two lists, the output layer's
    dZ is A - Y (the sigmoid and the cross-entropy differentiated together), the cost is computed
    from Z with ``np.logaddexp``, and all layers are updated after the whole backward pass.

    Arguments
    X -- (n_x, m); Y -- (1, m)
    weights -- list of the initial W1, ..., WL (the biases start at zero)
    learning_rate, num_iterations -- as in the graded functions

    Returns
    parameters -- dict "W1", "b1", ..., "WL", "bL"
    costs -- list of the costs at iterations 0, 100, 200, ... (before that iteration's update)
    """
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    m = X.shape[1]
    Ws = [np.array(W, dtype=float) for W in weights]
    bs = [np.zeros((W.shape[0], 1)) for W in Ws]
    L = len(Ws)
    costs = []
    for i in range(num_iterations):
        inputs, Zs = [], []
        A = X
        for layer in range(L):
            inputs.append(A)
            Z = np.einsum("ij,jk->ik", Ws[layer], A) + bs[layer]
            Zs.append(Z)
            A = 1.0 / (1.0 + np.exp(-Z)) if layer == L - 1 else Z * (Z > 0)
        if i % 100 == 0:
            Z = Zs[-1]
            costs.append(float(np.mean(Y * np.logaddexp(0.0, -Z) + (1 - Y) * np.logaddexp(0.0, Z))))
        dZ = (A - Y) / m
        steps = [None] * L
        for layer in reversed(range(L)):
            steps[layer] = (np.einsum("ik,jk->ij", dZ, inputs[layer]), dZ.sum(axis=1, keepdims=True))
            if layer > 0:
                dZ = np.einsum("ji,jk->ik", Ws[layer], dZ) * (Zs[layer - 1] > 0)
        Ws = [W - learning_rate * dW for W, (dW, _) in zip(Ws, steps)]
        bs = [b - learning_rate * db for b, (_, db) in zip(bs, steps)]
    parameters = {}
    for layer in range(L):
        parameters[f"W{layer + 1}"] = Ws[layer]
        parameters[f"b{layer + 1}"] = bs[layer]
    return parameters, costs


def _legacy_randn(shapes, scales):
    """Draws of ``np.random.seed(1)`` followed by ``randn(*shape) * scale`` for each shape in turn."""
    stream = np.random.RandomState(1)  # the legacy generator behind np.random.seed
    return [stream.randn(*shape) * scale for shape, scale in zip(shapes, scales)]


def _check_trained(out, layers_dims, X, Y, weights, learning_rate, num_iterations, name):
    """Check ``out = (parameters, costs)`` against :func:`_deep_app_reference`, naming the likely mistake."""
    expected_params, expected_costs = _deep_app_reference(X, Y, weights, learning_rate, num_iterations)
    checks.check_type(out, tuple, name, hint="Return the pair parameters, costs.")
    checks.check_equal(len(out), 2, f"len({name})", hint="Return the pair parameters, costs.")
    parameters, costs = out
    checks.check_type(parameters, dict, "parameters", hint='parameters is the dict {"W1": ..., "b1": ..., ...}.')
    missing = [key for key in expected_params if key not in dict.keys(parameters)]
    if missing:
        raise checks.CheckFailed(f"parameters has no key(s) {missing}: return the dict that "
                                 "update_parameters gave at the last iteration.")
    for key, value in expected_params.items():
        checks.check_shape(dict.__getitem__(parameters, key), value.shape, f"parameters[{key!r}]",
                           hint=f"layers_dims = {list(layers_dims)} fixes the shape of every parameter.")
    checks.check_type(costs, list, "costs", exact=True,
                      hint="costs is a Python list: costs = [] then costs.append(cost).")
    checks.check_equal(len(costs), len(expected_costs), f"len(costs) after {num_iterations} iterations",
                       hint="Record the cost when i % 100 == 0 (iterations 0, 100, 200, ...), and only then.")
    variants = [
        (_deep_app_reference(X, Y, weights, learning_rate, 0)[0],
         "The parameters never changed: keep the dict that update_parameters returns "
         "(parameters = update_parameters(...))."),
        (_deep_app_reference(X, Y, weights, learning_rate, num_iterations - 1)[0],
         "One update too few: run exactly num_iterations iterations, for i in range(0, num_iterations)."),
        (_deep_app_reference(X, Y, weights, learning_rate, num_iterations + 1)[0],
         "One update too many: run exactly num_iterations iterations, for i in range(0, num_iterations)."),
    ]
    if learning_rate != 0.0075:
        variants.append((_deep_app_reference(X, Y, weights, 0.0075, num_iterations)[0],
                         "Pass the learning_rate argument on to update_parameters; do not hard-code 0.0075."))
    got = {key: dict.__getitem__(parameters, key) for key in expected_params}
    hint = "Each iteration: forward, cost, backward, then parameters = update_parameters(parameters, grads, learning_rate)."
    for candidate, text in variants:
        if all(_looks_like(got[key], candidate[key], rtol=1e-6, atol=1e-9) for key in candidate):
            hint = text
            break
    checks.check_output(got, expected_params, "parameters", rtol=1e-6, atol=1e-9, hint=hint)
    checks.check_output(costs, expected_costs, "costs", rtol=1e-6, atol=1e-9,
                        hint="costs[k] is compute_cost(...) at iteration 100 k, before that iteration's update.")


def _deep_app_case(n_x, m, seed):
    """Small seeded inputs X (n_x, m) and labels Y (1, m), both classes present."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    Y = (np.arange(m) % 3 == 0).astype(np.int64).reshape(1, m)
    return X, Y


def two_layer_model_test(target):
    """two_layer_model on 5 features and 8 examples, (5, 4, 1): 2 steps of the default 0.0075, then 101 of 0.1."""
    X, Y = _deep_app_case(5, 8, 41)
    layers_dims = (5, 4, 1)
    weights = _legacy_randn([(4, 5), (1, 4)], [0.01, 0.01])  # initialize_parameters(5, 4, 1)
    out = checks.call(target, X.copy(), Y.copy(), layers_dims, num_iterations=2, print_cost=False)
    _check_trained(out, layers_dims, X, Y, weights, 0.0075, 2, "two_layer_model(X, Y, (5, 4, 1), num_iterations=2)")
    out = checks.call(target, X.copy(), Y.copy(), layers_dims, learning_rate=0.1, num_iterations=101)
    _check_trained(out, layers_dims, X, Y, weights, 0.1, 101,
                   "two_layer_model(X, Y, (5, 4, 1), learning_rate=0.1, num_iterations=101)")
    checks.passed()


def L_layer_model_test(target):
    """L_layer_model on 5 features and 8 examples, [5, 4, 3, 1]: 2 steps of the default 0.0075, then 101 of 0.2."""
    X, Y = _deep_app_case(5, 8, 42)
    layers_dims = [5, 4, 3, 1]
    shapes = [(4, 5), (3, 4), (1, 3)]
    weights = _legacy_randn(shapes, [1 / math.sqrt(n_prev) for _, n_prev in shapes])  # initialize_parameters_deep
    out = checks.call(target, X.copy(), Y.copy(), list(layers_dims), num_iterations=2, print_cost=False)
    _check_trained(out, layers_dims, X, Y, weights, 0.0075, 2,
                   "L_layer_model(X, Y, [5, 4, 3, 1], num_iterations=2)")
    out = checks.call(target, X.copy(), Y.copy(), list(layers_dims), learning_rate=0.2, num_iterations=101)
    _check_trained(out, layers_dims, X, Y, weights, 0.2, 101,
                   "L_layer_model(X, Y, [5, 4, 3, 1], learning_rate=0.2, num_iterations=101)")
    checks.passed()
