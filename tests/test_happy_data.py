"""The smiling-faces loader (course 4 week 1): shapes, balance, pinned bytes, cache, extra set."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course1.cache import array_checksum  # noqa: E402
from course1.plots import show_image_grid  # noqa: E402
from course4 import data, faces  # noqa: E402

EXTRA = 24


@pytest.fixture(scope="module")
def happy(tmp_path_factory):
    """The dataset with a small extra set, loaded once into a fresh cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DLCOURSE_CACHE", str(tmp_path_factory.mktemp("cache")))
        return data.load_happy_dataset(extra_test=EXTRA)


def as_arrays(train_x, train_y, test_x, test_y, classes):
    """The loader's tuple as the dict whose checksum is pinned."""
    return {"train_set_x": train_x, "train_set_y": train_y.ravel(), "test_set_x": test_x,
            "test_set_y": test_y.ravel(), "list_classes": classes}


def test_shapes_and_dtypes(happy):
    train_x, train_y, test_x, test_y, classes, extra_x, extra_y = happy
    assert train_x.shape == (600, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (150, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 600) and train_y.dtype == np.int64
    assert test_y.shape == (1, 150) and test_y.dtype == np.int64
    assert extra_x.shape == (EXTRA, 64, 64, 3) and extra_x.dtype == np.uint8
    assert extra_y.shape == (1, EXTRA) and extra_y.dtype == np.int64


def test_classes_are_balanced(happy):
    _, train_y, _, test_y, classes, _, extra_y = happy
    assert classes.tolist() == [b"not smiling", b"smiling"]
    assert train_y.sum() == 300 and test_y.sum() == 75
    assert set(np.unique(extra_y)) == {0, 1}
    assert len(set(train_y[0, :20].tolist())) == 2  # shuffled


def test_pictures_are_varied(happy):
    train_x = happy[0]
    assert len({x.tobytes() for x in train_x}) == 600
    assert 40 < train_x.mean() < 200 and train_x.std() > 30


def test_pinned_checksum(happy):
    assert array_checksum(as_arrays(*happy[:5])) == data.HAPPY_CHECKSUM


def test_rebuilding_gives_the_same_arrays(happy, tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))
    first = data.load_happy_dataset()  # built and written to the cache
    (path,) = tmp_path.glob("*.h5")
    second = data.load_happy_dataset()  # read from the cache
    path.unlink()
    third = data.load_happy_dataset()  # built again
    for a, b, c, d in zip(first, second, third, happy):
        assert a.dtype == b.dtype == c.dtype == d.dtype
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(a, d)


def test_extra_set_is_new_and_leaves_train_test_alone(happy, tmp_path, monkeypatch):
    train_x, _, test_x, _, _, extra_x, _ = happy
    seen = {x.tobytes() for x in np.concatenate([train_x, test_x])}
    assert not any(x.tobytes() in seen for x in extra_x)
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))
    plain = data.load_happy_dataset()
    assert len(plain) == 5
    for a, b in zip(plain, happy):
        np.testing.assert_array_equal(a, b)


def test_extra_set_grows_by_appending(happy):
    fewer = data.build_extra_happy_set(5)
    np.testing.assert_array_equal(fewer["extra_set_x"], happy[5][:5])
    np.testing.assert_array_equal(fewer["extra_set_y"], happy[6][0, :5])


@pytest.mark.parametrize("bad", [-1, 2.5, "10", None, True])
def test_bad_extra_test_is_refused(bad):
    with pytest.raises(ValueError, match="extra_test must be a non-negative integer"):
        data.load_happy_dataset(extra_test=bad)


def test_bad_labels_are_refused():
    with pytest.raises(ValueError, match="0 .not smiling. or 1 .smiling."):
        faces.draw_faces([0, 2], [1, 1])


def test_the_label_is_only_the_mouth(monkeypatch):
    """Same random stream, other label: the pictures differ only around the mouth (below the eyes)."""
    monkeypatch.setattr(faces, "TILT", 0.0)
    smiling, plain = faces.draw_faces([1], [5, 1]), faces.draw_faces([0], [5, 1])
    changed = np.argwhere(np.any(smiling[0] != plain[0], axis=2))
    assert len(changed) > 0
    # the face's centre is within JITTER pixels of (32, 32) - 0.2 units; the mouth lies 0.5-0.65 units below
    assert changed[:, 0].min() > 32 - faces.JITTER, changed[:, 0].min()


def test_image_grid_of_faces(happy):
    fig = show_image_grid(happy[0][:4], titles=[happy[4][k].decode() for k in happy[1][0, :4]], ncols=4)
    assert len(fig.axes) == 4
    matplotlib.pyplot.close(fig)
