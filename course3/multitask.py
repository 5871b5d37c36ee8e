"""A small multi-task network for the error-analysis experiments (course 3, week 2).

Course 1's [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID network (:mod:`course1.deep`) with several
sigmoid outputs (one per object), trained with course 2's mini-batches and Adam
(:mod:`course2.optimizers`). The loss is an argument, so the notebook trains with the masked loss the
student wrote. Examples are columns: ``X -- (n_x, m)``, ``Y -- (n_y, m)``.
"""
import numpy as np

from course1.deep import L_model_forward, initialize_parameters_deep, linear_activation_backward
from course2.optimizers import Adam, random_mini_batches

__all__ = ["multitask_gradients", "train_multitask", "predict_labels", "misclassified_pictures", "error_rate"]

EPS = 1e-12  # the outputs handed to the loss stay this far from 0 and 1


def multitask_gradients(X, Y, parameters, loss):
    """The cost of a batch and its gradients with respect to the network's parameters.

    Parameters
    ----------
    X : ndarray, shape (n_x, m)
    Y : ndarray, shape (n_y, m)
        Labels 0 / 1, NaN where unknown.
    parameters : dict of str to ndarray
        ``"W1"``, ``"b1"``, ..., ``"WL"``, ``"bL"`` (ReLU hidden layers, sigmoid outputs).
    loss : callable
        ``loss(Y, Y_hat) -> (cost, dY_hat)``, see :func:`train_multitask`.

    Returns
    -------
    cost : float
    grads : dict of str to ndarray
        ``"dW1"``, ``"db1"``, ...: the gradient of ``cost`` (shapes of the parameters).
    """
    L = len(parameters) // 2
    AL, caches = L_model_forward(X, parameters)
    cost, dAL = loss(Y, np.clip(AL, EPS, 1 - EPS))
    # the loss divides by m, and linear_backward divides by m again: multiply by it once
    dA = np.asarray(dAL, dtype=np.float64) * X.shape[1]
    grads = {}
    for l in reversed(range(1, L + 1)):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], "sigmoid" if l == L else "relu")
    return float(cost), grads


def train_multitask(X, Y, layer_dims, loss, num_epochs, learning_rate=2e-3, mini_batch_size=128, seed=1,
                    parameters=None):
    """Train a network with ``n_y`` sigmoid outputs with Adam on mini-batches, for the given loss.

    Parameters
    ----------
    X : ndarray, shape (n_x, m)
        Training examples, one per column.
    Y : ndarray, shape (n_y, m)
        Labels 0 / 1, NaN where unknown (the loss decides what to do with them).
    layer_dims : list of int
        ``[n_x, n_1, ..., n_y]``.
    loss : callable
        ``loss(Y_batch, Y_hat) -> (cost, dY_hat)``: the cost of a mini-batch (a float) and its gradient
        with respect to the outputs ``Y_hat`` (n_y, batch), which stay in [1e-12, 1 - 1e-12].
    num_epochs : int
        Passes over the training set.
    learning_rate : float
        Adam's step size.
    mini_batch_size : int
        Examples per mini-batch.
    seed : int
        Seeds the initial weights and the shuffles (NumPy's legacy global seed, as courses 1 and 2 do).
    parameters : dict of str to ndarray, optional
        Start from these weights (fine-tuning) instead of course 1's random initialization.

    Returns
    -------
    parameters : dict of str to ndarray
        ``"W1"``, ``"b1"``, ... of the trained network.
    costs : list of float
        The cost of each epoch, the mini-batch costs weighted by their sizes.
    """
    if X.ndim != 2 or Y.ndim != 2 or Y.shape[1] != X.shape[1]:
        raise ValueError(f"X must be (n_x, m) and Y (n_y, m); got X {X.shape} and Y {Y.shape}")
    if layer_dims[0] != X.shape[0] or layer_dims[-1] != Y.shape[0]:
        raise ValueError(f"layer_dims must start with n_x = {X.shape[0]} and end with n_y = {Y.shape[0]}")
    if parameters is None:
        parameters = initialize_parameters_deep(layer_dims, seed=seed)
    else:
        parameters = {name: value.copy() for name, value in parameters.items()}
    optimizer = Adam(parameters)
    m = X.shape[1]
    costs = []
    for epoch in range(num_epochs):
        total = 0.0
        for X_batch, Y_batch in random_mini_batches(X, Y, mini_batch_size, seed=seed * 10007 + epoch):
            cost, grads = multitask_gradients(X_batch, Y_batch, parameters, loss)
            total += cost * X_batch.shape[1]
            parameters = optimizer.update(parameters, grads, learning_rate)
        costs.append(total / m)
    return parameters, costs


def predict_labels(X, parameters):
    """0 / 1 labels (int64, shape (n_y, m)): 1 where the network's output is > 0.5."""
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(np.int64)


def misclassified_pictures(Y_pred, Y):
    """Pictures with at least one wrong label: bool array of shape (m,).

    Parameters
    ----------
    Y_pred, Y : ndarray, shape (n_y, m)
        Predicted and recorded labels 0 / 1.
    """
    return np.any(np.asarray(Y_pred) != np.asarray(Y), axis=0)


def error_rate(X, Y, parameters, where=None):
    """Share of the pictures (columns of X) with at least one wrong label, optionally among ``where`` (m,) bool."""
    wrong = misclassified_pictures(predict_labels(X, parameters), Y)
    if where is not None:
        wrong = wrong[np.asarray(where, dtype=bool)]
    return float(np.mean(wrong))
