"""The lesson of c1w4_deep_nn_application holds on the pinned cat data, not only on one lucky split.

Trains the three models of the notebook with the helper library's reference code and the notebook's
settings: last week's logistic regression (``course1.logistic.model``, 2000 iterations, learning
rate 0.005), the 2-layer network 12288 -> 7 -> 1 (weights ``randn * 0.01`` after
``np.random.seed(1)``) and the 4-layer network [12288, 20, 7, 5, 1] (``initialize_parameters_deep``,
``randn / sqrt(n_prev)``), both 2500 iterations of gradient descent with learning rate 0.0075. Then
checks logistic regression < 2-layer < 4-layer on the 50 test pictures (by at least two pictures, and
the 4-layer network at 0.80 or more, as the notebook claims) and on 1000 extra held-out pictures
(by at least 0.02).

Training takes about 40 s on an idle 2-core machine; the fixture trains once for all the tests.
"""
import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from course1 import deep, logistic
from course1.data import load_cat_dataset

EXTRA = 1000
MARGIN = 0.02  # on the extra set
LEARNING_RATE, NUM_ITERATIONS = 0.0075, 2500


def flatten(images):
    """(m, 64, 64, 3) uint8 -> (12288, m) floats in [0, 1], one picture per column (as in week 2)."""
    return images.reshape(images.shape[0], -1).T / 255.


def gradient_descent(X, Y, parameters):
    """The notebook's training loop, over the library's week 4 functions."""
    for _ in range(NUM_ITERATIONS):
        AL, caches = deep.L_model_forward(X, parameters)
        grads = deep.L_model_backward(AL, Y, caches)
        parameters = deep.update_parameters(parameters, grads, LEARNING_RATE)
    return parameters


def two_layer_initialization(n_x, n_h, n_y):
    """The notebook's initialize_parameters(n_x, n_h, n_y): np.random.seed(1), randn * 0.01."""
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


@pytest.fixture(scope="module")
def accuracies():
    """{"logreg" | "2layer" | "Llayer": {"train" | "test" | "extra": accuracy}}, trained once."""
    train_x, train_y, test_x, test_y, _, extra_x, extra_y = load_cat_dataset(extra_test=EXTRA)
    sets = {"train": (flatten(train_x), train_y), "test": (flatten(test_x), test_y),
            "extra": (flatten(extra_x), extra_y)}
    X = sets["train"][0]
    with threadpool_limits(limits=1, user_api="blas"):  # as in the notebook
        d = logistic.model(X, train_y, sets["test"][0], test_y, num_iterations=2000, learning_rate=0.005)
        two = gradient_descent(X, train_y, two_layer_initialization(X.shape[0], 7, 1))
        deep4 = gradient_descent(X, train_y, deep.initialize_parameters_deep([X.shape[0], 20, 7, 5, 1], seed=1))
    predictors = {
        "logreg": lambda A: logistic.predict(d["w"], d["b"], A),
        "2layer": lambda A: deep.predict(A, two),
        "Llayer": lambda A: deep.predict(A, deep4),
    }
    return {model: {name: float(np.mean(predict(A) == Y)) for name, (A, Y) in sets.items()}
            for model, predict in predictors.items()}


def test_all_models_fit_the_training_set(accuracies):
    for model, acc in accuracies.items():
        assert acc["train"] >= 0.95, f"{model}: train accuracy {acc['train']:.3f}"


def test_deeper_is_better_on_the_test_pictures(accuracies):
    test = {model: round(acc["test"] * 50) for model, acc in accuracies.items()}  # pictures right of 50
    assert test["2layer"] >= test["logreg"] + 2, test
    assert test["Llayer"] >= test["2layer"] + 2, test
    assert accuracies["Llayer"]["test"] >= 0.80, test


def test_deeper_is_better_on_the_extra_pictures(accuracies):
    extra = {model: acc["extra"] for model, acc in accuracies.items()}
    assert extra["2layer"] >= extra["logreg"] + MARGIN, extra
    assert extra["Llayer"] >= extra["2layer"] + MARGIN, extra
