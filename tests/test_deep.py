"""The library's deep-network reference: published course numbers and numerical gradients."""
import numpy as np
import pytest

from course1 import deep
from course1.gradcheck import gradient_difference, numerical_gradient


def test_linear_forward_published_numbers():
    np.random.seed(1)
    A, W, b = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)
    Z, cache = deep.linear_forward(A, W, b)
    np.testing.assert_allclose(Z, [[3.26295337, -1.23429987]], rtol=1e-7)
    assert cache[0] is A and cache[1] is W and cache[2] is b


def test_linear_activation_forward_published_numbers():
    np.random.seed(2)
    A_prev, W, b = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)
    np.testing.assert_allclose(deep.linear_activation_forward(A_prev, W, b, "sigmoid")[0],
                               [[0.96890023, 0.11013289]], rtol=1e-7)
    np.testing.assert_allclose(deep.linear_activation_forward(A_prev, W, b, "relu")[0],
                               [[3.43896131, 0.0]], rtol=1e-7)


def test_compute_cost_published_number():
    assert deep.compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])) == pytest.approx(0.2797765635793422)


@pytest.mark.parametrize("layer_dims", [[5, 4, 1], [4, 5, 3, 2, 1]])
def test_L_model_backward_matches_numerical_gradients(layer_dims):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((layer_dims[0], 7))
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    parameters = deep.initialize_parameters_deep(layer_dims, seed=3)
    for name in parameters:  # biases away from zero, so no ReLU sits on its kink
        parameters[name] = parameters[name] + 0.1 * rng.standard_normal(parameters[name].shape)
    AL, caches = deep.L_model_forward(X, parameters)
    grads = deep.L_model_backward(AL, Y, caches)
    cost = lambda: deep.compute_cost(deep.L_model_forward(X, parameters)[0], Y)  # noqa: E731
    for name, value in parameters.items():
        assert grads["d" + name].shape == value.shape
        assert gradient_difference(grads["d" + name], numerical_gradient(cost, value)) < 1e-7, name
    assert grads["dA0"].shape == X.shape


def test_initialization_scale_and_shapes():
    parameters = deep.initialize_parameters_deep([400, 100, 1], seed=1)
    assert parameters["W1"].shape == (100, 400) and parameters["b2"].shape == (1, 1)
    assert abs(parameters["W1"].std() - 1 / np.sqrt(400)) < 0.003
    assert not parameters["b1"].any()


def test_update_parameters_and_predict():
    parameters = {"W1": np.array([[1.0, -1.0]]), "b1": np.array([[0.5]])}
    grads = {"dW1": np.array([[2.0, 4.0]]), "db1": np.array([[1.0]])}
    updated = deep.update_parameters(parameters, grads, 0.1)
    np.testing.assert_allclose(updated["W1"], [[0.8, -1.4]])
    np.testing.assert_allclose(updated["b1"], [[0.4]])
    np.testing.assert_array_equal(parameters["W1"], [[1.0, -1.0]])  # inputs untouched
    X = np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 0.5]])  # W1 X + b1 = [1.5, -0.5, 0.0] -> sigmoid > 0.5?
    np.testing.assert_array_equal(deep.predict(X, parameters), [[1.0, 0.0, 0.0]])
