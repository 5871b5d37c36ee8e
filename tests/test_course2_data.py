"""Course 2's generated 2-D datasets: shapes, labels, and the same points on every machine.

The checksums are taken over the arrays rounded to 10 decimals, so that a last-bit difference of
a platform's sin/cos/exp cannot change them while any real change to a generator does.
"""
import numpy as np
import pytest

from course1.cache import array_checksum
from course2.data import load_circles_dataset, load_goalkeeper_dataset, load_moons_dataset

PINNED = {
    load_circles_dataset: ((300, 1000), "0867d6a0b5efdd9ef2a83b7150452b60bcc0ca83851d871ffdc373f70a1f3d4d"),
    load_moons_dataset: ((300, 1000), "3670cd3a7ab9ded6d1edcd20d4568a30164d679b85468f3befd69bd63374306b"),
    load_goalkeeper_dataset: ((211, 1000), "8ae1c66108cb13b3b46fdfb9217fc074dc613c1c3dfe6650cd4ad3821022b9fd"),
}


def rounded_checksum(arrays):
    names = ["train_X", "train_Y", "test_X", "test_Y"]
    return array_checksum({n: np.round(a, 10) if a.dtype.kind == "f" else a for n, a in zip(names, arrays)})


@pytest.mark.parametrize("loader", list(PINNED), ids=lambda f: f.__name__)
def test_shapes_labels_and_checksum(loader):
    (m_train, m_test), checksum = PINNED[loader]
    train_X, train_Y, test_X, test_Y = loader()
    assert train_X.shape == (2, m_train) and test_X.shape == (2, m_test)
    assert train_Y.shape == (1, m_train) and test_Y.shape == (1, m_test)
    assert train_X.dtype == np.float64 and train_Y.dtype == np.int64
    assert set(np.unique(train_Y)) == {0, 1} and 0.3 < train_Y.mean() < 0.7
    assert not np.array_equal(train_X[:, :10], test_X[:, :10]), "test points must differ from training points"
    assert rounded_checksum((train_X, train_Y, test_X, test_Y)) == checksum


@pytest.mark.parametrize("loader", list(PINNED), ids=lambda f: f.__name__)
def test_deterministic_and_seedable(loader):
    first, again = loader(), loader()
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], loader(seed=11)[0])
