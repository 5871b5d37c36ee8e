"""Deep fully connected networks in NumPy: [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

The reference implementations of course 1 week 4, used by the week 4 application and by course 2.
Every layer keeps one contract: ``forward(...) -> (out, cache)`` and
``backward(dout, cache) -> gradients`` in the order of the layer's inputs and parameters.
Shapes follow the course: examples are columns, ``A_prev -- (n_prev, m)``, ``W -- (n, n_prev)``,
``b -- (n, 1)``.

The week 4 step-by-step notebook grades its own versions of these functions and must not import
them from here (its hidden tests check).
"""
import numpy as np


# --- activations --------------------------------------------------------------------------------

def sigmoid(Z):
    """Sigmoid activation.

    Arguments
    Z -- pre-activation, any shape

    Returns
    A -- 1 / (1 + exp(-Z)), same shape as Z
    cache -- Z, for :func:`sigmoid_backward`
    """
    return 1 / (1 + np.exp(-Z)), Z


def relu(Z):
    """ReLU activation.

    Arguments
    Z -- pre-activation, any shape

    Returns
    A -- max(0, Z), same shape as Z
    cache -- Z, for :func:`relu_backward`
    """
    return np.maximum(0, Z), Z


def sigmoid_backward(dA, cache):
    """Gradient through a sigmoid: dZ = dA * s * (1 - s).

    Arguments
    dA -- gradient of the cost with respect to the activation, any shape
    cache -- Z from :func:`sigmoid`

    Returns
    dZ -- gradient with respect to Z, same shape as Z
    """
    s = 1 / (1 + np.exp(-cache))
    return dA * s * (1 - s)


def relu_backward(dA, cache):
    """Gradient through a ReLU: dZ = dA where Z > 0, else 0.

    Arguments
    dA -- gradient of the cost with respect to the activation, any shape
    cache -- Z from :func:`relu`

    Returns
    dZ -- gradient with respect to Z, same shape as Z
    """
    return np.where(cache > 0, dA, 0.0)


ACTIVATIONS = {"sigmoid": (sigmoid, sigmoid_backward), "relu": (relu, relu_backward)}


# --- parameters ---------------------------------------------------------------------------------

def initialize_parameters_deep(layer_dims, seed=1):
    """Random weights scaled by 1 / sqrt(n_prev) and zero biases for an L-layer network.

    Arguments
    layer_dims -- list [n_x, n_1, ..., n_L] of layer sizes
    seed -- NumPy legacy seed (``np.random.seed``), as in the course

    Returns
    parameters -- dict "W1", "b1", ..., "WL", "bL"; Wl -- (n_l, n_{l-1}), bl -- (n_l, 1)
    """
    np.random.seed(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


# --- forward ------------------------------------------------------------------------------------

def linear_forward(A, W, b):
    """Z = W A + b.

    Arguments
    A -- activations of the previous layer, (n_prev, m)
    W -- weights, (n, n_prev)
    b -- biases, (n, 1)

    Returns
    Z -- (n, m)
    cache -- (A, W, b)
    """
    return W @ A + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """One layer: LINEAR then ACTIVATION ("relu" or "sigmoid").

    Arguments
    A_prev -- (n_prev, m); W -- (n, n_prev); b -- (n, 1)
    activation -- "relu" or "sigmoid"

    Returns
    A -- (n, m)
    cache -- (linear_cache, activation_cache)
    """
    forward, _ = ACTIVATIONS[activation]
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = forward(Z)
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters):
    """[LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Arguments
    X -- data, (n_x, m)
    parameters -- dict "W1", "b1", ..., "WL", "bL"

    Returns
    AL -- output probabilities, (1, m)
    caches -- list of the L layer caches
    """
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        activation = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], activation)
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    """Cross-entropy cost -1/m sum(Y log AL + (1 - Y) log(1 - AL)).

    Arguments
    AL -- predicted probabilities, (1, m)
    Y -- labels 0/1, (1, m)

    Returns
    cost -- float
    """
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


# --- backward -----------------------------------------------------------------------------------

def linear_backward(dZ, cache):
    """Gradients of Z = W A_prev + b.

    Arguments
    dZ -- gradient of the cost with respect to Z, (n, m)
    cache -- (A_prev, W, b) from :func:`linear_forward`

    Returns
    dA_prev -- (n_prev, m); dW -- (n, n_prev); db -- (n, 1)
    """
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return W.T @ dZ, dW, db


def linear_activation_backward(dA, cache, activation):
    """Gradients of one LINEAR -> ACTIVATION layer.

    Arguments
    dA -- gradient with respect to the layer's output, (n, m)
    cache -- (linear_cache, activation_cache) from :func:`linear_activation_forward`
    activation -- "relu" or "sigmoid"

    Returns
    dA_prev -- (n_prev, m); dW -- (n, n_prev); db -- (n, 1)
    """
    _, backward = ACTIVATIONS[activation]
    linear_cache, activation_cache = cache
    return linear_backward(backward(dA, activation_cache), linear_cache)


def L_model_backward(AL, Y, caches):
    """Gradients of the cross-entropy cost of :func:`L_model_forward`.

    Arguments
    AL -- output probabilities, (1, m)
    Y -- labels, (1, m)
    caches -- from :func:`L_model_forward`

    Returns
    grads -- dict "dA0", ..., "dA{L-1}", "dW1", "db1", ..., "dWL", "dbL"
    """
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    grads = {}
    for l in reversed(range(1, L + 1)):
        activation = "sigmoid" if l == L else "relu"
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], activation)
        grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step, W <- W - learning_rate dW (and b), on a copy.

    Arguments
    parameters -- dict "W1", "b1", ...
    grads -- dict "dW1", "db1", ...
    learning_rate -- step size

    Returns
    parameters -- a new dict with the updated arrays
    """
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


def predict(X, parameters):
    """Labels 1 where the network's output is > 0.5, else 0.

    Arguments
    X -- data, (n_x, m)
    parameters -- dict "W1", "b1", ..., "WL", "bL"

    Returns
    p -- predictions 0.0 / 1.0, (1, m)
    """
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(float)
