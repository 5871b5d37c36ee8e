"""course2.gradient_checking: the vector helpers and the checker against gradients known in closed form."""
import numpy as np
import pytest

from course2.gradient_checking import (
    dictionary_to_vector, gradient_check_n, gradients_to_vector, vector_to_dictionary,
)


def _params(layer_dims, seed):
    rng = np.random.default_rng(seed)
    p = {}
    for l in range(1, len(layer_dims)):
        p[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        p[f"b{l}"] = rng.standard_normal((layer_dims[l], 1))
    return p


def test_dictionary_to_vector_by_hand():
    p = {"b1": np.array([[5.0], [6.0]]), "W1": np.array([[1.0, 2.0], [3.0, 4.0]]),
         "W2": np.array([[7.0, 8.0]]), "b2": np.array([[9.0]])}
    theta, keys = dictionary_to_vector(p)
    assert theta.shape == (9, 1)
    np.testing.assert_array_equal(theta.ravel(), np.arange(1.0, 10.0))  # W1 row by row, b1, W2, b2
    assert keys == ["W1"] * 4 + ["b1"] * 2 + ["W2"] * 2 + ["b2"]
    theta[0, 0] = 100.0
    assert p["W1"][0, 0] == 1.0  # a copy


@pytest.mark.parametrize("layer_dims", [[4, 5, 3, 1], [2, 1], [3, 7, 2, 6, 1]])
def test_round_trip(layer_dims):
    p = _params(layer_dims, seed=len(layer_dims))
    theta, keys = dictionary_to_vector(p)
    n = sum(layer_dims[l] * (layer_dims[l - 1] + 1) for l in range(1, len(layer_dims)))
    assert theta.shape == (n, 1) and len(keys) == n
    for shapes in (layer_dims, p, {k: v.shape for k, v in p.items()}):
        back = vector_to_dictionary(theta, shapes)
        assert sorted(back) == sorted(p)
        for k in p:
            np.testing.assert_array_equal(back[k], p[k])
    grads = {"d" + k: v for k, v in p.items()}
    grads["dZ1"] = np.ones((9, 9))  # ignored
    np.testing.assert_array_equal(gradients_to_vector(grads), theta)


def test_vector_to_dictionary_rejects_a_wrong_length():
    with pytest.raises(ValueError):
        vector_to_dictionary(np.zeros((10, 1)), [2, 3, 1])


def test_checker_on_a_quadratic_cost():
    # J = sum_k 0.5 * theta^T A theta, dJ/dtheta = (A + A^T)/2 theta, written for the dict directly
    p = _params([3, 2, 2], seed=5)
    theta, _ = dictionary_to_vector(p)
    rng = np.random.default_rng(6)
    A = rng.standard_normal((theta.shape[0],) * 2)

    def cost(params):
        t = np.concatenate([params[k].reshape(-1, 1) for k in ("W1", "b1", "W2", "b2")])
        return (0.5 * t.T @ A @ t).item()

    g = 0.5 * (A + A.T) @ theta
    sizes = [6, 2, 4, 2]
    parts = np.split(g.ravel(), np.cumsum(sizes)[:-1])
    grads = {"dW1": parts[0].reshape(2, 3), "db1": parts[1].reshape(2, 1),
             "dW2": parts[2].reshape(2, 2), "db2": parts[3].reshape(2, 1)}
    assert gradient_check_n(p, grads, cost) < 1e-7
    wrong = dict(grads, db2=-grads["db2"])
    assert gradient_check_n(p, wrong, cost) > 1e-2


def test_checker_on_a_logistic_cost():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((4, 9))
    Y = (rng.random((1, 9)) > 0.5).astype(float)
    p = {"W1": rng.standard_normal((1, 4)), "b1": np.array([[0.3]])}
    before = {k: v.copy() for k, v in p.items()}

    def cost(params):
        A = 1 / (1 + np.exp(-(params["W1"] @ X + params["b1"])))
        return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))

    A = 1 / (1 + np.exp(-(p["W1"] @ X + p["b1"])))
    grads = {"dW1": (A - Y) @ X.T / 9, "db1": np.sum(A - Y, keepdims=True) / 9}
    assert gradient_check_n(p, grads, cost) < 1e-7
    assert gradient_check_n(p, {"dW1": grads["dW1"] * 9, "db1": grads["db1"] * 9}, cost) > 1e-2
    for k in p:
        np.testing.assert_array_equal(p[k], before[k])
