"""Regularizers for the course's NumPy networks: the L2 penalty and inverted dropout.

Reusable pieces, taught in the regularization assignment (course 2, week 1):

- ``l2_cost(parameters, lambd, m)`` -- the L2 term ``lambd / (2 m) * sum_l ||W_l||_F^2`` that is
  added to the cross-entropy cost;
- ``l2_gradient(W, lambd, m)`` -- its gradient ``lambd / m * W``, added to each ``dW``;
- ``dropout_forward(A, keep_prob, rng) -> (out, cache)`` and ``dropout_backward(dA, cache)``:
  inverted dropout, which keeps each unit with probability ``keep_prob`` and scales the kept ones
  by ``1 / keep_prob`` so that the expected activation is unchanged (no rescaling at test time).
"""
import numpy as np


def l2_cost(parameters, lambd, m):
    """The L2 regularization term of the cost.

    Arguments
    parameters -- dict "W1", "b1", ..., "WL", "bL"; only the weights "W..." are penalized
    lambd -- the regularization strength lambda (>= 0)
    m -- number of examples the cost is averaged over

    Returns
    cost -- float, ``lambd / (2 m) * sum over l of sum(W_l ** 2)``
    """
    total = sum(float(np.sum(np.square(value))) for name, value in parameters.items()
                if name.startswith("W"))
    return lambd / (2 * m) * total


def l2_gradient(W, lambd, m):
    """Gradient of the L2 term with respect to one weight matrix.

    Arguments
    W -- weights of one layer, (n_l, n_{l-1})
    lambd -- the regularization strength
    m -- number of examples

    Returns
    dW -- ``lambd / m * W``, (n_l, n_{l-1}); add it to the cross-entropy gradient of W
    """
    return lambd / m * W


def dropout_forward(A, keep_prob, rng=None):
    """Inverted dropout on a layer's activations (training time only).

    Arguments
    A -- activations, (n_l, m)
    keep_prob -- probability of keeping a unit, in (0, 1]
    rng -- a ``np.random.Generator`` or legacy ``np.random.RandomState``; None uses ``np.random``
           (the course's ``np.random.rand``)

    Returns
    out -- ``A * D / keep_prob``, (n_l, m)
    cache -- (D, keep_prob): the 0/1 mask D, (n_l, m), drawn as ``rand < keep_prob``
    """
    source = np.random if rng is None else rng
    uniform = source.random(A.shape) if hasattr(source, "random") and not hasattr(source, "rand") \
        else source.rand(*A.shape)
    D = (uniform < keep_prob).astype(A.dtype if np.issubdtype(A.dtype, np.floating) else float)
    return A * D / keep_prob, (D, keep_prob)


def dropout_backward(dA, cache):
    """Backward pass of inverted dropout: the gradient flows through the kept units only.

    Arguments
    dA -- gradient of the cost with respect to the dropout's output, (n_l, m)
    cache -- (D, keep_prob) from :func:`dropout_forward`

    Returns
    dA_prev -- gradient with respect to the dropout's input, ``dA * D / keep_prob``, (n_l, m)
    """
    D, keep_prob = cache
    return dA * D / keep_prob
