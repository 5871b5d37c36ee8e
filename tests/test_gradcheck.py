"""The numerical gradient checker against gradients known in closed form."""
import numpy as np

from course1.gradcheck import gradient_difference, numerical_gradient, numerical_gradient_array, rel_error


def test_gradient_of_a_quadratic_form():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 4))
    x = rng.standard_normal(4)
    grad = numerical_gradient(lambda: x @ A @ x, x)
    np.testing.assert_allclose(grad, (A + A.T) @ x, rtol=1e-7, atol=1e-9)


def test_input_is_restored():
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    before = x.copy()
    numerical_gradient(lambda: np.sum(np.sin(x)), x)
    np.testing.assert_array_equal(x, before)


def test_vector_jacobian_product_of_tanh():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 5))
    dout = rng.standard_normal((3, 5))
    grad = numerical_gradient_array(lambda: np.tanh(x), x, dout)
    assert rel_error(grad, dout * (1 - np.tanh(x) ** 2)) < 1e-8


def test_logistic_cost_gradient_and_a_missing_one_over_m():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((3, 7))
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    w = rng.standard_normal((3, 1))

    def cost():
        A = 1 / (1 + np.exp(-(w.T @ X)))
        return -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))

    A = 1 / (1 + np.exp(-(w.T @ X)))
    analytic = X @ (A - Y).T / 7
    numerical = numerical_gradient(cost, w)
    assert gradient_difference(analytic, numerical) < 1e-7
    assert gradient_difference(analytic * 7, numerical) > 0.5


def test_rel_error_and_difference_edge_cases():
    assert rel_error(0.0, 0.0) == 0.0
    assert rel_error(1.0, 1.0) == 0.0
    assert gradient_difference(np.zeros(3), np.zeros(3)) == 0.0
    assert abs(gradient_difference(np.array([1.0]), np.array([-1.0])) - 1.0) < 1e-12
