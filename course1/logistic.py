"""Logistic regression as a one-neuron network: the reference for course 1 week 2.

Later weeks use :func:`model` as the baseline that a hidden layer beats. The week 2 notebook grades
its own versions of these functions and must not import them from here (its hidden tests check).
"""
import numpy as np


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), elementwise.

    Arguments
    z -- scalar or np.ndarray of any shape

    Returns
    s -- sigmoid(z), same shape as z
    """
    return 1 / (1 + np.exp(-z))


def initialize_with_zeros(dim):
    """Zero weights and bias.

    Arguments
    dim -- number of features n_x

    Returns
    w -- np.ndarray (dim, 1) of zeros
    b -- 0.0, a Python float
    """
    return np.zeros((dim, 1)), 0.0


def propagate(w, b, X, Y):
    """Cross-entropy cost and its gradients.

    Arguments
    w -- weights, (n_x, 1)
    b -- bias, a scalar
    X -- data, (n_x, m)
    Y -- labels 0/1, (1, m)

    Returns
    grads -- dict with "dw" (n_x, 1) and "db" (float)
    cost -- float, -1/m sum(Y log A + (1 - Y) log(1 - A))
    """
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = X @ (A - Y).T / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": float(db)}, float(cost)


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent on (w, b).

    Arguments
    w -- initial weights, (n_x, 1)
    b -- initial bias, a scalar
    X -- data, (n_x, m)
    Y -- labels, (1, m)
    num_iterations -- number of gradient steps
    learning_rate -- step size
    print_cost -- print the cost every 100 iterations

    Returns
    params -- dict with "w" (n_x, 1) and "b"
    grads -- dict with the last "dw" and "db"
    costs -- list of the cost at iterations 0, 100, 200, ...
    """
    w = w.copy()
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    """Labels 1 where sigmoid(w^T X + b) > 0.5, else 0.

    Arguments
    w -- weights, (n_x, 1)
    b -- bias, a scalar
    X -- data, (n_x, m)

    Returns
    Y_prediction -- np.ndarray (1, m) of 0.0 / 1.0
    """
    A = sigmoid(w.T @ X + b)
    return (A > 0.5).astype(float)


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train logistic regression from zeros and predict on both sets.

    Arguments
    X_train -- (n_x, m_train); Y_train -- (1, m_train)
    X_test -- (n_x, m_test); Y_test -- (1, m_test)
    num_iterations, learning_rate, print_cost -- as in :func:`optimize`

    Returns
    d -- dict with "costs", "Y_prediction_test", "Y_prediction_train", "w", "b",
         "learning_rate", "num_iterations"
    """
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    return {
        "costs": costs,
        "Y_prediction_test": predict(w, b, X_test),
        "Y_prediction_train": predict(w, b, X_train),
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
