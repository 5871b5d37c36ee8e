"""Unit tests of course2.optimizers: expected values worked out by hand or by closed form."""
import math

import numpy as np
import pytest

from course2.optimizers import (Adam, Momentum, RMSprop, inverse_time_decay, random_mini_batches,
                                scheduled_decay)


def _one(value):
    return {"W1": np.array([[value]])}


def _grad(value):
    return {"dW1": np.array([[value]])}


def test_adam_two_steps_by_hand():
    # scalar w = 1.0, constant gradient g = 0.5, lr 0.1, beta1 0.9, beta2 0.999, eps 1e-8
    # step 1: v = 0.05, s = 0.00025; v_hat = 0.05 / 0.1 = 0.5, s_hat = 0.00025 / 0.001 = 0.25
    #         w = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8)
    # step 2: v = 0.9 * 0.05 + 0.05 = 0.095, s = 0.999 * 0.00025 + 0.00025 = 0.00049975
    #         v_hat = 0.095 / 0.19 = 0.5, s_hat = 0.00049975 / 0.001999 = 0.25
    #         w = w1 - 0.1 * 0.5 / (0.5 + 1e-8)
    opt = Adam(_one(1.0), beta1=0.9, beta2=0.999, epsilon=1e-8)
    p1 = opt.update(_one(1.0), _grad(0.5), 0.1)
    w1 = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8)
    assert opt.t == 1
    assert opt.v["W1"][0, 0] == pytest.approx(0.05, rel=1e-12)
    assert opt.s["W1"][0, 0] == pytest.approx(0.00025, rel=1e-12)
    assert p1["W1"][0, 0] == pytest.approx(w1, rel=1e-12)
    p2 = opt.update(p1, _grad(0.5), 0.1)
    assert opt.t == 2
    assert opt.v["W1"][0, 0] == pytest.approx(0.095, rel=1e-12)
    assert opt.s["W1"][0, 0] == pytest.approx(0.00049975, rel=1e-12)
    assert p2["W1"][0, 0] == pytest.approx(w1 - 0.1 * 0.5 / (0.5 + 1e-8), rel=1e-12)


def test_adam_epsilon_outside_the_root():
    # zero gradient, zero state: the step is 0 / (0 + eps) = 0, never a division by zero
    opt = Adam(_one(2.0), epsilon=1e-8)
    assert opt.update(_one(2.0), _grad(0.0), 0.1)["W1"][0, 0] == 2.0
    # a large epsilon shows where it goes: g = 0.2, t = 1 -> v_hat = 0.2, s_hat = 0.04
    opt = Adam(_one(0.0), epsilon=0.3)
    assert opt.update(_one(0.0), _grad(0.2), 1.0)["W1"][0, 0] == pytest.approx(-0.2 / (0.2 + 0.3), rel=1e-12)


def test_momentum_one_parameter():
    # beta 0.9, lr 0.1, w = 1, gradients 1 then 2: v1 = 0.1, w1 = 0.99; v2 = 0.09 + 0.2 = 0.29, w2 = 0.961
    opt = Momentum(_one(1.0), beta=0.9)
    p = opt.update(_one(1.0), _grad(1.0), 0.1)
    assert opt.v["W1"][0, 0] == pytest.approx(0.1)
    assert p["W1"][0, 0] == pytest.approx(0.99)
    p = opt.update(p, _grad(2.0), 0.1)
    assert opt.v["W1"][0, 0] == pytest.approx(0.29)
    assert p["W1"][0, 0] == pytest.approx(0.961)


def test_momentum_beta_zero_is_gradient_descent_and_inputs_unchanged():
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])}
    grads = {"dW1": np.array([[0.1, -0.2]]), "db1": np.array([[1.0]])}
    before = {k: v.copy() for k, v in params.items()}
    out = Momentum(params, beta=0.0).update(params, grads, 0.5)
    np.testing.assert_allclose(out["W1"], [[0.95, 2.1]])
    np.testing.assert_allclose(out["b1"], [[0.0]])
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])


def test_rmsprop_one_parameter():
    # beta 0.9, lr 0.01, eps 0, w = 1, g = 2: s = 0.1 * 4 = 0.4, w = 1 - 0.01 * 2 / sqrt(0.4)
    # second step g = 2: s = 0.36 + 0.4 = 0.76, w -= 0.01 * 2 / sqrt(0.76)
    opt = RMSprop(_one(1.0), beta=0.9, epsilon=0.0)
    p = opt.update(_one(1.0), _grad(2.0), 0.01)
    assert opt.s["W1"][0, 0] == pytest.approx(0.4)
    w1 = 1 - 0.02 / math.sqrt(0.4)
    assert p["W1"][0, 0] == pytest.approx(w1)
    p = opt.update(p, _grad(2.0), 0.01)
    assert opt.s["W1"][0, 0] == pytest.approx(0.76)
    assert p["W1"][0, 0] == pytest.approx(w1 - 0.02 / math.sqrt(0.76))


@pytest.mark.parametrize("m, size", [(148, 64), (128, 64), (7, 3), (5, 10), (9, 1)])
def test_mini_batches_cover_every_example_once(m, size):
    X = np.arange(2 * m, dtype=float).reshape(2, m)
    Y = np.arange(m, dtype=float).reshape(1, m) * 10
    batches = random_mini_batches(X, Y, size, seed=4)
    perm = np.random.RandomState(4).permutation(m)
    assert len(batches) == math.ceil(m / size)
    sizes = [b[0].shape[1] for b in batches]
    assert sizes[:-1] == [size] * (len(batches) - 1)
    assert sizes[-1] == (m % size or min(size, m))
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches], axis=1), X[:, perm])
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches], axis=1), Y[:, perm])
    # labels stay with their examples
    for bx, by in batches:
        np.testing.assert_array_equal(bx[0] * 10, by[0])  # X[0, i] = i, Y[0, i] = 10 i


def test_schedules_closed_form():
    assert inverse_time_decay(0.5, 2, 1) == pytest.approx(0.5 / 3)
    assert inverse_time_decay(0.1, 0, 7.0) == 0.1
    assert scheduled_decay(0.5, 10, 0.3, 100) == 0.5
    assert scheduled_decay(0.5, 100, 0.3, 100) == pytest.approx(0.3846153846153846)
    assert scheduled_decay(0.5, 199, 0.3, 100) == pytest.approx(0.5 / 1.3)
    assert scheduled_decay(1.0, 2500, 1.0) == pytest.approx(1.0 / 3)
    for epoch in range(0, 5000, 250):
        assert scheduled_decay(0.1, epoch, 1.0, 1000) == pytest.approx(0.1 / (1 + epoch // 1000))
