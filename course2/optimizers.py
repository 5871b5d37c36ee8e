"""Optimizers over parameter dicts: mini-batches, momentum, RMSprop, Adam, learning-rate schedules.

Parameters and gradients use the course's naming: ``parameters = {"W1": ..., "b1": ..., "W2": ...}``
and ``grads = {"dW1": ..., "db1": ...}`` (the gradient of ``"W1"`` is ``grads["dW1"]``). Every
optimizer keeps one state array per parameter, of the parameter's shape, and never changes its
inputs in place: ``update`` returns a new parameters dict.

Usage::

    opt = Adam(parameters, beta1=0.9, beta2=0.999)
    for X_batch, Y_batch in random_mini_batches(X, Y, 64, seed=epoch):
        ...
        parameters = opt.update(parameters, grads, learning_rate)
"""
import math

import numpy as np

__all__ = ["random_mini_batches", "Momentum", "RMSprop", "Adam", "inverse_time_decay",
           "scheduled_decay"]


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the examples (X and Y alike) and cut them into mini-batches.

    Arguments
    X -- input data, (n_x, m)
    Y -- labels, (n_y, m)
    mini_batch_size -- number of examples per mini-batch (the last one holds the remainder)
    seed -- seed of ``np.random.seed`` for the permutation (sets NumPy's global random state)

    Returns
    mini_batches -- list of (mini_batch_X (n_x, size), mini_batch_Y (n_y, size)); all examples
                    appear exactly once, in the order of ``np.random.permutation(m)``
    """
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((Y.shape[0], m))
    return [(shuffled_X[:, k:k + mini_batch_size], shuffled_Y[:, k:k + mini_batch_size])
            for k in range(0, m, mini_batch_size)]


def _zeros_like(parameters):
    return {name: np.zeros_like(value, dtype=float) for name, value in parameters.items()}


class Momentum:
    """Gradient descent with momentum: v = beta v + (1 - beta) dW;  W = W - learning_rate v.

    Arguments
    parameters -- dict of arrays ("W1", "b1", ...); sets the shapes of the velocity
    beta -- momentum coefficient in [0, 1); 0 gives plain gradient descent

    Attributes
    v -- dict of velocities, one per parameter name, same shapes as the parameters
    """

    def __init__(self, parameters, beta=0.9):
        self.beta = beta
        self.v = _zeros_like(parameters)

    def update(self, parameters, grads, learning_rate):
        """One step. grads["d" + name] has the shape of parameters[name]. Returns new parameters."""
        new = {}
        for name, value in parameters.items():
            self.v[name] = self.beta * self.v[name] + (1 - self.beta) * grads["d" + name]
            new[name] = value - learning_rate * self.v[name]
        return new


class RMSprop:
    """RMSprop: s = beta s + (1 - beta) dW**2;  W = W - learning_rate dW / (sqrt(s) + epsilon).

    Arguments
    parameters -- dict of arrays ("W1", "b1", ...); sets the shapes of the state
    beta -- decay of the running mean of squared gradients, in [0, 1)
    epsilon -- added to sqrt(s) to avoid a division by zero

    Attributes
    s -- dict of running means of squared gradients, same shapes as the parameters
    """

    def __init__(self, parameters, beta=0.999, epsilon=1e-8):
        self.beta = beta
        self.epsilon = epsilon
        self.s = _zeros_like(parameters)

    def update(self, parameters, grads, learning_rate):
        """One step. grads["d" + name] has the shape of parameters[name]. Returns new parameters."""
        new = {}
        for name, value in parameters.items():
            g = grads["d" + name]
            self.s[name] = self.beta * self.s[name] + (1 - self.beta) * g ** 2
            new[name] = value - learning_rate * g / (np.sqrt(self.s[name]) + self.epsilon)
        return new


class Adam:
    """Adam: momentum and RMSprop with bias correction.

    For each parameter W with gradient dW, at step t = 1, 2, ...::

        v = beta1 v + (1 - beta1) dW          v_corrected = v / (1 - beta1**t)
        s = beta2 s + (1 - beta2) dW**2       s_corrected = s / (1 - beta2**t)
        W = W - learning_rate v_corrected / (sqrt(s_corrected) + epsilon)

    Arguments
    parameters -- dict of arrays ("W1", "b1", ...); sets the shapes of the state
    beta1, beta2 -- decay rates of the first and second moment estimates, in [0, 1)
    epsilon -- added to sqrt(s_corrected) to avoid a division by zero

    Attributes
    v, s -- dicts of first and second moment estimates, same shapes as the parameters
    t -- number of updates done so far
    """

    def __init__(self, parameters, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.v = _zeros_like(parameters)
        self.s = _zeros_like(parameters)
        self.t = 0

    def update(self, parameters, grads, learning_rate):
        """One step (increments t). grads["d" + name] has the shape of parameters[name].

        Returns the new parameters dict.
        """
        self.t += 1
        new = {}
        for name, value in parameters.items():
            g = grads["d" + name]
            self.v[name] = self.beta1 * self.v[name] + (1 - self.beta1) * g
            self.s[name] = self.beta2 * self.s[name] + (1 - self.beta2) * g ** 2
            v_corrected = self.v[name] / (1 - self.beta1 ** self.t)
            s_corrected = self.s[name] / (1 - self.beta2 ** self.t)
            new[name] = value - learning_rate * v_corrected / (np.sqrt(s_corrected) + self.epsilon)
        return new


def inverse_time_decay(learning_rate0, epoch_num, decay_rate):
    """Learning rate learning_rate0 / (1 + decay_rate * epoch_num), lowered every epoch.

    Arguments
    learning_rate0 -- initial learning rate (float)
    epoch_num -- epoch number, 0 for the first (int)
    decay_rate -- decay rate (float)

    Returns
    learning_rate -- float
    """
    return learning_rate0 / (1 + decay_rate * epoch_num)


def scheduled_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """Learning rate lowered in steps: learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval)).

    Arguments
    learning_rate0 -- initial learning rate (float)
    epoch_num -- epoch number, 0 for the first (int)
    decay_rate -- decay rate (float)
    time_interval -- number of epochs between two decreases (int)

    Returns
    learning_rate -- float
    """
    return learning_rate0 / (1 + decay_rate * math.floor(epoch_num / time_interval))
