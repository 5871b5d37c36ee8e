"""Unit tests of course2.regularization: L2 term and its gradient, inverted dropout."""
import numpy as np

from course1 import gradcheck
from course2.regularization import dropout_backward, dropout_forward, l2_cost, l2_gradient


def test_l2_cost_hand_worked():
    # W1 = [[1, 2]], W2 = [[3]]: sum of squares 1 + 4 + 9 = 14; lambd 0.5, m 7: 0.5 / 14 * 14 = 0.5
    parameters = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[100.0]]),
                  "W2": np.array([[3.0]]), "b2": np.array([[-50.0]])}
    assert np.isclose(l2_cost(parameters, 0.5, 7), 0.5)
    assert l2_cost(parameters, 0.0, 7) == 0.0


def test_l2_gradient_is_the_numerical_gradient_of_l2_cost():
    rng = np.random.default_rng(0)
    parameters = {"W1": rng.normal(size=(4, 3)), "b1": rng.normal(size=(4, 1)),
                  "W2": rng.normal(size=(1, 4)), "b2": rng.normal(size=(1, 1))}
    for name in ("W1", "W2"):
        numerical = gradcheck.numerical_gradient(lambda: l2_cost(parameters, 0.7, 5), parameters[name])
        assert gradcheck.rel_error(l2_gradient(parameters[name], 0.7, 5), numerical) < 1e-7
    numerical_b = gradcheck.numerical_gradient(lambda: l2_cost(parameters, 0.7, 5), parameters["b1"])
    assert np.all(numerical_b == 0)


def test_dropout_mask_and_scaling_keep_the_expectation():
    A = np.full((50, 4000), 2.0)
    out, (D, keep_prob) = dropout_forward(A, 0.8, np.random.default_rng(1))
    assert set(np.unique(D)) <= {0.0, 1.0}
    assert np.allclose(out, A * D / 0.8)
    assert abs(D.mean() - 0.8) < 0.005           # 200000 Bernoulli(0.8): std 0.0009
    assert abs(out.mean() - 2.0) < 0.015          # inverted dropout keeps E[out] = A


def test_dropout_replays_the_course_draw():
    A = np.random.RandomState(3).randn(3, 5)
    out, (D, _) = dropout_forward(A, 0.7, np.random.RandomState(9))
    expected_D = np.random.RandomState(9).rand(3, 5) < 0.7
    assert np.array_equal(D, expected_D.astype(float))
    assert np.allclose(out, np.where(expected_D, A / 0.7, 0.0))


def test_dropout_keep_prob_one_is_identity():
    A = np.random.default_rng(2).normal(size=(3, 6))
    out, cache = dropout_forward(A, 1.0, np.random.default_rng(0))
    assert np.array_equal(out, A)
    assert np.array_equal(dropout_backward(A, cache), A)


def test_dropout_backward_uses_the_same_mask():
    rng = np.random.default_rng(5)
    A = rng.normal(size=(4, 6))
    dout = rng.normal(size=(4, 6))
    out, cache = dropout_forward(A, 0.6, np.random.default_rng(11))
    D = cache[0]
    # with the mask fixed, out is linear in A: numerical gradient of sum(out * dout)
    numerical = gradcheck.numerical_gradient_array(lambda: A * D / 0.6, A, dout)
    dA = dropout_backward(dout, cache)
    assert gradcheck.rel_error(dA, numerical) < 1e-8
    assert np.all(dA[D == 0] == 0)
