"""Course 2 datasets: small seeded 2-D problems for initialization, regularization and optimization.

Generated with scikit-learn's generators (nothing downloaded), returned in the course's layout:
examples are columns, ``X -- (2, m)``, ``Y -- (1, m)`` of 0/1 ints.
"""
import numpy as np
from sklearn.datasets import make_circles, make_moons


def _columns(X, y):
    return X.T.astype(float), y.reshape(1, -1).astype(np.int64)


def load_circles_dataset(m_train=300, m_test=1000, noise=0.05, factor=0.5, seed=1):
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
