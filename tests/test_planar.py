"""The planar datasets of course 1 week 3 and the decision-boundary plot."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.axes  # noqa: E402
import matplotlib.collections  # noqa: E402
import matplotlib.contour  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course1 import logistic  # noqa: E402
from course1.data import load_extra_datasets, load_planar_dataset  # noqa: E402
from course1.plots import plot_decision_boundary  # noqa: E402

EXTRA_NAMES = ["noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles"]


# --------------------------------------------------------------------------- the flower


def test_flower_shapes_and_dtypes():
    X, Y = load_planar_dataset()
    assert X.shape == (2, 400) and X.dtype == np.float64
    assert Y.shape == (1, 400) and Y.dtype.kind == "i"
    assert np.all(np.isfinite(X))


def test_flower_is_balanced_and_labelled_by_halves():
    X, Y = load_planar_dataset()
    assert set(np.unique(Y)) == {0, 1}
    assert int(Y.sum()) == 200
    assert np.all(Y[0, :200] == 0) and np.all(Y[0, 200:] == 1)
    radius = np.hypot(X[0], X[1])
    assert 3.5 < radius.max() < 5.0  # petals of radius a = 4, plus noise


def test_flower_is_the_classic_construction():
    """seed 1 reproduces the original course's generator (global np.random.seed(1) then randn)."""
    state = np.random.get_state()
    try:
        np.random.seed(1)
        n = 200
        X = np.zeros((400, 2))
        for j in range(2):
            t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + np.random.randn(n) * 0.2
            r = 4 * np.sin(4 * t) + np.random.randn(n) * 0.2
            X[n * j:n * (j + 1)] = np.c_[r * np.sin(t), r * np.cos(t)]
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(load_planar_dataset()[0], X.T)


def test_flower_is_deterministic_and_leaves_the_global_seed_alone():
    np.random.seed(123)
    expected_next = np.random.RandomState(123).rand()
    X1, Y1 = load_planar_dataset()
    assert np.random.rand() == expected_next  # the loader did not draw from or reseed np.random
    X2, Y2 = load_planar_dataset()
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    X3, _ = load_planar_dataset(seed=2)
    assert not np.array_equal(X1, X3)


def test_flower_other_sizes():
    X, Y = load_planar_dataset(m=50, seed=4)
    assert X.shape == (2, 50) and Y.shape == (1, 50) and int(Y.sum()) == 25
    with pytest.raises(ValueError):
        load_planar_dataset(m=51)


def test_logistic_regression_cannot_separate_the_flower():
    """The lesson of the notebook: a straight line stays near chance (the course reports 47 %)."""
    X, Y = load_planar_dataset()
    d = logistic.model(X, Y, X, Y, num_iterations=2000, learning_rate=0.5)
    accuracy = float(np.mean(d["Y_prediction_train"] == Y))
    assert accuracy < 0.6


# --------------------------------------------------------------------------- the extra datasets


def test_extra_datasets_shapes_and_labels():
    extra = load_extra_datasets()
    assert list(extra) == EXTRA_NAMES
    for name, (X, Y) in extra.items():
        assert X.shape == (2, 200) and X.dtype == np.float64, name
        assert Y.shape == (1, 200) and Y.dtype.kind == "i", name
        assert set(np.unique(Y)) == {0, 1}, name
        assert 0.3 < Y.mean() < 0.7, name


def test_extra_datasets_are_deterministic():
    a, b, c = load_extra_datasets(seed=1), load_extra_datasets(seed=1), load_extra_datasets(seed=2)
    for name in EXTRA_NAMES:
        np.testing.assert_array_equal(a[name][0], b[name][0])
        np.testing.assert_array_equal(a[name][1], b[name][1])
        assert not np.array_equal(a[name][0], c[name][0])


# --------------------------------------------------------------------------- the plot


@pytest.mark.parametrize("flat", [False, True])
def test_plot_decision_boundary_returns_axes_with_contour_and_points(flat):
    X, Y = load_planar_dataset()
    calls = []

    def predict(points):
        calls.append(points.shape)
        labels = (points[0] > 0).astype(int)
        return labels if flat else labels.reshape(1, -1)

    fig, ax_in = plt.subplots()
    try:
        ax = plot_decision_boundary(predict, X, Y, ax=ax_in, title="half-planes", resolution=50)
        assert isinstance(ax, matplotlib.axes.Axes) and ax is ax_in
        assert calls == [(2, 2500)]
        assert ax.get_title() == "half-planes"
        assert any(isinstance(c, matplotlib.contour.ContourSet) for c in ax.collections)
        assert any(isinstance(c, matplotlib.collections.PathCollection) and len(c.get_offsets()) == 400
                   for c in ax.collections)
        x_min, x_max = ax.get_xlim()
        assert x_min <= X[0].min() - 0.9 and x_max >= X[0].max() + 0.9
    finally:
        plt.close(fig)


def test_plot_decision_boundary_uses_current_axes_by_default():
    X, Y = load_planar_dataset(m=20)
    fig = plt.figure()
    try:
        ax = plot_decision_boundary(lambda p: np.zeros(p.shape[1]), X, Y.ravel())
        assert ax is plt.gca()
        assert any(isinstance(c, matplotlib.contour.ContourSet) for c in ax.collections)
    finally:
        plt.close(fig)
