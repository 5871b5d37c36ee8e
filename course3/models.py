"""Small NumPy networks for the strategy experiments, built from earlier courses' pieces.

Course 1's [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID network (:mod:`course1.deep`), trained with
course 2's mini-batches, Adam and L2 penalty (:mod:`course2.optimizers`, :mod:`course2.regularization`).
Examples are columns, as in the courses: ``X -- (n_x, m)``, ``Y -- (1, m)``.
"""
import numpy as np

from course1.deep import L_model_forward, initialize_parameters_deep, linear_activation_backward, linear_backward
from course2.optimizers import Adam, random_mini_batches
from course2.regularization import l2_cost, l2_gradient

__all__ = ["train_network", "predict_proba", "predict", "multiply_adds", "parameter_count"]


def _gradients(AL, Y, caches):
    """Gradients of the mean cross-entropy, the output layer's dZ taken as ``AL - Y`` (exact and stable)."""
    L = len(caches)
    grads = {}
    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(AL - Y, caches[L - 1][0])
    for l in reversed(range(1, L)):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], "relu")
    return grads


def _cross_entropy(AL, Y):
    """Mean cross-entropy, with the probabilities kept away from 0 and 1 (a saturated output costs 36.8, not inf)."""
    AL = np.clip(AL, 1e-16, 1 - 1e-16)
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


def train_network(X, Y, layer_dims, num_epochs, learning_rate=1e-3, lambd=0.0, mini_batch_size=128, seed=1,
                  print_every=0):
    """Train a fully connected network with Adam on mini-batches, optionally with an L2 penalty.

    Parameters
    ----------
    X : ndarray, shape (n_x, m)
        Training examples, one per column.
    Y : ndarray, shape (1, m)
        Labels 0 / 1.
    layer_dims : list of int
        ``[n_x, n_1, ..., 1]``; ``[n_x, 1]`` is logistic regression.
    num_epochs : int
        Passes over the training set.
    learning_rate : float
        Adam's step size.
    lambd : float
        L2 strength: the cost is the mean cross-entropy plus ``lambd / (2 m) * sum ||W_l||^2``.
    mini_batch_size : int
        Examples per mini-batch.
    seed : int
        Seeds the initial weights and the mini-batch shuffles (through NumPy's legacy global seed, as
        course 1 and course 2 do).
    print_every : int
        Print the cost every ``print_every`` epochs (0: never).

    Returns
    -------
    parameters : dict of str to ndarray
        ``"W1"``, ``"b1"``, ... of the trained network.
    costs : list of float
        The regularized cost of each epoch, averaged over its mini-batches.
    """
    if X.ndim != 2 or Y.shape != (1, X.shape[1]):
        raise ValueError(f"X must be (n_x, m) and Y (1, m); got X {X.shape} and Y {Y.shape}")
    if layer_dims[0] != X.shape[0] or layer_dims[-1] != 1:
        raise ValueError(f"layer_dims must start with n_x = {X.shape[0]} and end with 1, got {layer_dims}")
    m = X.shape[1]
    parameters = initialize_parameters_deep(layer_dims, seed=seed)
    optimizer = Adam(parameters)
    costs = []
    for epoch in range(num_epochs):
        total = 0.0
        batches = random_mini_batches(X, Y, mini_batch_size, seed=seed * 10007 + epoch)
        for X_batch, Y_batch in batches:
            AL, caches = L_model_forward(X_batch, parameters)
            total += _cross_entropy(AL, Y_batch) * X_batch.shape[1]
            grads = _gradients(AL, Y_batch, caches)
            for name in parameters:
                if name.startswith("W"):
                    grads["d" + name] = grads["d" + name] + l2_gradient(parameters[name], lambd, m)
            parameters = optimizer.update(parameters, grads, learning_rate)
        costs.append(total / m + l2_cost(parameters, lambd, m))
        if print_every and (epoch % print_every == 0 or epoch == num_epochs - 1):
            print(f"epoch {epoch:3d}: cost {costs[-1]:.4f}")
    return parameters, costs


def predict_proba(X, parameters):
    """The network's output probabilities, shape (1, m)."""
    AL, _ = L_model_forward(X, parameters)
    return AL


def predict(X, parameters):
    """Labels 1 where the output probability is > 0.5, else 0; int64 array of shape (1, m)."""
    return (predict_proba(X, parameters) > 0.5).astype(np.int64)


def multiply_adds(layer_dims):
    """Multiply-adds of one forward pass for one example: ``sum n_l * n_{l-1}``."""
    return int(sum(a * b for a, b in zip(layer_dims[:-1], layer_dims[1:])))


def parameter_count(layer_dims):
    """Number of weights and biases of the network ``layer_dims``."""
    return int(sum(a * b + b for a, b in zip(layer_dims[:-1], layer_dims[1:])))
