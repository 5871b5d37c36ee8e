"""The hand-signs loader (course 2 week 3, course 4 week 1): shapes, balance, pinned bytes, cache, extra set."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course1.cache import array_checksum  # noqa: E402
from course1.plots import show_image_grid  # noqa: E402
from course2 import data  # noqa: E402
from course2 import hand_signs  # noqa: E402
from course2.hand_signs import draw_signs  # noqa: E402

EXTRA = 24


@pytest.fixture(scope="module")
def signs(tmp_path_factory):
    """The dataset with a small extra set, loaded once into a fresh cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DLCOURSE_CACHE", str(tmp_path_factory.mktemp("cache")))
        return data.load_signs_dataset(extra_test=EXTRA)


def as_arrays(train_x, train_y, test_x, test_y, classes):
    """The loader's tuple as the dict whose checksum is pinned."""
    return {"train_set_x": train_x, "train_set_y": train_y.ravel(), "test_set_x": test_x,
            "test_set_y": test_y.ravel(), "list_classes": classes}


def test_shapes_and_dtypes(signs):
    train_x, train_y, test_x, test_y, classes, extra_x, extra_y = signs
    assert train_x.shape == (1080, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (120, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 1080) and train_y.dtype == np.int64
    assert test_y.shape == (1, 120) and test_y.dtype == np.int64
    assert classes.shape == (6,) and classes.dtype == np.int64
    assert extra_x.shape == (EXTRA, 64, 64, 3) and extra_x.dtype == np.uint8
    assert extra_y.shape == (1, EXTRA) and extra_y.dtype == np.int64


def test_classes_are_balanced(signs):
    _, train_y, _, test_y, classes, _, extra_y = signs
    assert classes.tolist() == [0, 1, 2, 3, 4, 5]
    assert np.bincount(train_y[0], minlength=6).tolist() == [180] * 6
    assert np.bincount(test_y[0], minlength=6).tolist() == [20] * 6
    assert set(np.unique(extra_y)) <= set(range(6))
    assert len(set(train_y[0, :30].tolist())) > 1  # shuffled, not sorted by class


def test_pictures_are_varied(signs):
    train_x = signs[0]
    assert len({x.tobytes() for x in train_x}) == 1080
    assert 20 < train_x.mean() < 200 and train_x.std() > 20


def test_pinned_checksum(signs):
    assert array_checksum(as_arrays(*signs[:5])) == data.SIGNS_CHECKSUM


def test_rebuilding_gives_the_same_arrays(signs, tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))
    first = data.load_signs_dataset()  # built and written to the cache
    (path,) = tmp_path.glob("*.h5")
    second = data.load_signs_dataset()  # read from the cache
    path.unlink()
    third = data.load_signs_dataset()  # built again
    for a, b, c, d in zip(first, second, third, signs):
        assert a.dtype == b.dtype == c.dtype == d.dtype
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(a, d)


def test_extra_set_is_new_and_leaves_train_test_alone(signs, tmp_path, monkeypatch):
    train_x, _, test_x, _, _, extra_x, _ = signs
    seen = {x.tobytes() for x in np.concatenate([train_x, test_x])}
    assert not any(x.tobytes() in seen for x in extra_x)
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))
    plain = data.load_signs_dataset()
    assert len(plain) == 5
    for a, b in zip(plain, signs):
        np.testing.assert_array_equal(a, b)


def test_extra_set_grows_by_appending(signs):
    fewer = data.build_extra_signs_set(5)
    np.testing.assert_array_equal(fewer["extra_set_x"], signs[5][:5])
    np.testing.assert_array_equal(fewer["extra_set_y"], signs[6][0, :5])


@pytest.mark.parametrize("bad", [-1, 2.5, "10", None, True])
def test_bad_extra_test_is_refused(bad):
    with pytest.raises(ValueError, match="extra_test must be a non-negative integer"):
        data.load_signs_dataset(extra_test=bad)


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="counts 0 to 5"):
        draw_signs([0, 6], [1, 1])


def test_a_picture_does_not_depend_on_its_batch():
    """Picture i comes from its own stream: drawn alone or among others (another chunk), it is the same."""
    many = draw_signs([3] * 130, [7, 1])
    alone = draw_signs([3], [7, 1])
    np.testing.assert_array_equal(many[0], alone[0])
    assert not np.array_equal(many[0], many[101])


def test_more_fingers_show_more_skin(monkeypatch):
    """A hand-worked property of the drawing: on a plain black background without noise, each raised
    finger (or the thumb) adds lit pixels, so the hand's area grows with the count (over 20 pictures)."""
    monkeypatch.setattr(hand_signs, "BACKGROUND_RANGE", (0.0, 0.0))
    monkeypatch.setattr(hand_signs, "BACKGROUND_KINDS", (100, 0, 0, 0))
    monkeypatch.setattr(hand_signs, "NOISE", 0.0)
    counts = np.repeat(np.arange(6), 20)
    x = hand_signs.draw_signs(counts, [3, 1])
    lit = (x.max(axis=3) > 0).mean(axis=(1, 2))
    means = [lit[counts == k].mean() for k in range(6)]
    assert all(a < b for a, b in zip(means, means[1:])), means


def test_image_grid_of_signs(signs):
    fig = show_image_grid(signs[0][:6], titles=[str(k) for k in signs[1][0, :6]], ncols=6)
    assert len(fig.axes) == 6
    matplotlib.pyplot.close(fig)
