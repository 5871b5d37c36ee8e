"""Course 2 datasets: small seeded 2-D problems for initialization, regularization and optimization.

Generated with scikit-learn's generators (nothing downloaded), returned in the course's layout:
examples are columns, ``X -- (2, m)``, ``Y -- (1, m)`` of 0/1 ints.
"""
import numpy as np
from sklearn.datasets import make_circles, make_moons


def _columns(X, y):
    return X.T.astype(float), y.reshape(1, -1).astype(np.int64)


def load_circles_dataset(m_train=300, m_test=1000, noise=0.05, factor=0.8, seed=1):
    """Two noisy concentric circles (the initialization assignment's data).

    Arguments
    m_train, m_test -- number of training and test points
    noise, factor -- as in ``sklearn.datasets.make_circles``
    seed -- the training set uses ``seed``, the test set ``seed + 1``

    Returns
    train_X -- (2, m_train); train_Y -- (1, m_train)
    test_X -- (2, m_test); test_Y -- (1, m_test)
    """
    train = make_circles(n_samples=m_train, noise=noise, factor=factor, random_state=seed)
    test = make_circles(n_samples=m_test, noise=noise, factor=factor, random_state=seed + 1)
    return (*_columns(*train), *_columns(*test))


def load_moons_dataset(m_train=300, m_test=1000, noise=0.2, seed=3):
    """Two interleaving noisy half-moons (the optimization assignment's data).

    Arguments
    m_train, m_test -- number of training and test points
    noise -- as in ``sklearn.datasets.make_moons``
    seed -- the training set uses ``seed``, the test set ``seed + 1``

    Returns
    train_X -- (2, m_train); train_Y -- (1, m_train)
    test_X -- (2, m_test); test_Y -- (1, m_test)
    """
    train = make_moons(n_samples=m_train, noise=noise, random_state=seed)
    test = make_moons(n_samples=m_test, noise=noise, random_state=seed + 1)
    return (*_columns(*train), *_columns(*test))


def load_goalkeeper_dataset(m_train=211, m_test=1000, seed=2):
    """Where a goalkeeper's kicks landed and which team headed the ball (the regularization data).

    A procedural stand-in for the classic "French goalkeeper" dataset: positions on the field,
    ``x1`` in [-0.75, 0.6] along the pitch and ``x2`` in [-0.8, 0.8] across it, drawn uniformly.
    The label is 1 (your team's player headed the ball) above a wavy boundary
    ``x2 = 0.12 sin(5 x1 + 0.5) + 0.08 sin(11 x1) - 0.05`` and 0 below it, then flipped with
    probability ``0.07 + 0.1 exp(-(d / 0.1)^2)`` (``d`` the vertical distance to the boundary): a
    few wrong labels everywhere, more in the scrambles near the boundary. The noise is what an
    unregularized network learns by heart. Generated with NumPy only (``default_rng(seed)``; the
    training set first, then the test set from the same stream).

    Arguments
    m_train, m_test -- number of training and test points
    seed -- seed of the generator; 2 is the course's dataset (checked seeds: 1, 2 and 7 show the
            lesson with the stated margins; 3-6 show it more weakly)

    Returns
    train_X -- (2, m_train) floats; train_Y -- (1, m_train) 0/1 ints
    test_X -- (2, m_test) floats; test_Y -- (1, m_test) 0/1 ints
    """
    def sample(rng, m):
        x1 = rng.uniform(-0.75, 0.6, m)
        x2 = rng.uniform(-0.8, 0.8, m)
        boundary = 0.12 * np.sin(5.0 * x1 + 0.5) + 0.08 * np.sin(11.0 * x1) - 0.05
        margin = x2 - boundary
        y = (margin > 0).astype(np.int64)
        p_flip = 0.07 + 0.1 * np.exp(-(margin / 0.1) ** 2)
        flip = rng.uniform(size=m) < p_flip
        y = np.where(flip, 1 - y, y)
        return np.stack([x1, x2]).astype(float), y.reshape(1, -1).astype(np.int64)

    rng = np.random.default_rng(seed)
    train_X, train_Y = sample(rng, m_train)
    test_X, test_Y = sample(rng, m_test)
    return train_X, train_Y, test_X, test_Y
