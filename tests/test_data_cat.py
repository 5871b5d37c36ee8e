"""The shared dataset cache, the cat / non-cat loader and the image grid plot."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.figure  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course1 import data  # noqa: E402
from course1.cache import array_checksum, cache_dir, cached_arrays  # noqa: E402
from course1.plots import show_image_grid  # noqa: E402

EXTRA = 30


@pytest.fixture(scope="module")
def cats(tmp_path_factory):
    """The dataset with a small extra set, loaded once into a fresh cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DLCOURSE_CACHE", str(tmp_path_factory.mktemp("cache")))
        return data.load_cat_dataset(extra_test=EXTRA)


def as_arrays(train_x, train_y, test_x, test_y, classes):
    """The loader's tuple as the dict whose checksum is pinned."""
    return {
        "train_set_x": train_x,
        "train_set_y": train_y.ravel(),
        "test_set_x": test_x,
        "test_set_y": test_y.ravel(),
        "list_classes": classes,
    }


# --------------------------------------------------------------------------- loader


def test_shapes_and_dtypes(cats):
    train_x, train_y, test_x, test_y, classes, extra_x, extra_y = cats
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (50, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and train_y.dtype == np.int64
    assert test_y.shape == (1, 50) and test_y.dtype == np.int64
    assert extra_x.shape == (EXTRA, 64, 64, 3) and extra_x.dtype == np.uint8
    assert extra_y.shape == (1, EXTRA) and extra_y.dtype == np.int64


def test_labels_and_classes(cats):
    train_x, train_y, test_x, test_y, classes, extra_x, extra_y = cats
    for y in (train_y, test_y, extra_y):
        assert set(np.unique(y)) == {0, 1}
    assert train_y.sum() == 72 and test_y.sum() == 33  # the classic balance
    assert classes.tolist() == [b"non-cat", b"cat"]
    assert classes[train_y[0, 0]].decode() in ("non-cat", "cat")


def test_pictures_are_varied(cats):
    train_x = cats[0]
    assert len({x.tobytes() for x in train_x}) == 209
    assert 40 < train_x.mean() < 200 and train_x.std() > 30


def test_pinned_checksum(cats):
    assert array_checksum(as_arrays(*cats[:5])) == data.CAT_CHECKSUM


def test_regenerated_after_deleting_the_cache(cats, tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))
    first = data.load_cat_dataset()
    files = list(tmp_path.glob("*.h5"))
    assert len(files) == 1
    files[0].unlink()
    second = data.load_cat_dataset()
    assert array_checksum(as_arrays(*second)) == data.CAT_CHECKSUM
    for a, b, c in zip(first, second, cats):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)


def test_extra_set_is_new_and_leaves_train_test_alone(cats, tmp_path, monkeypatch):
    train_x, _, test_x, _, _, extra_x, _ = cats
    seen = {x.tobytes() for x in np.concatenate([train_x, test_x])}
    assert not any(x.tobytes() in seen for x in extra_x)
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))
    plain = data.load_cat_dataset()
    assert len(plain) == 5
    for a, b in zip(plain, cats):
        np.testing.assert_array_equal(a, b)


def test_extra_set_grows_by_appending(cats):
    fewer = data.build_extra_cat_set(5)
    np.testing.assert_array_equal(fewer["extra_set_x"], cats[5][:5])
    np.testing.assert_array_equal(fewer["extra_set_y"], cats[6][0, :5])


def test_bad_extra_test_is_refused():
    with pytest.raises(ValueError, match="extra_test"):
        data.load_cat_dataset(extra_test=-1)


# --------------------------------------------------------------------------- cache


def small_arrays():
    return {
        "names": np.array([b"non-cat", b"cat"], dtype="S7"),
        "values": np.arange(12, dtype=np.int64).reshape(3, 4),
        "images": np.full((2, 4, 4, 3), 7, dtype=np.uint8),
    }


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path / "made" / "here"))
    assert cache_dir() == tmp_path / "made" / "here"
    assert cache_dir().is_dir()


def test_cache_round_trip_keeps_bytes_and_dtypes(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return small_arrays()

    expected = small_arrays()
    for _ in range(2):
        got = cached_arrays("small", build, array_checksum(expected))
        assert set(got) == set(expected)
        for key in expected:
            assert got[key].dtype == expected[key].dtype
            np.testing.assert_array_equal(got[key], expected[key])
    assert len(calls) == 1  # the second call read the file
    assert [p.name for p in tmp_path.iterdir()] == ["small.h5"]  # no temporary file left


def test_checksum_mismatch_of_a_fresh_build_raises(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))
    with pytest.raises(RuntimeError, match=r"'small'.*expected 0{64}, got [0-9a-f]{64}"):
        cached_arrays("small", small_arrays, "0" * 64)
    assert list(tmp_path.iterdir()) == []


def test_stale_cached_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))
    stale = small_arrays()
    stale["values"][0, 0] = -1
    cached_arrays("small", lambda: stale, None)
    right = small_arrays()
    got = cached_arrays("small", small_arrays, array_checksum(right))
    np.testing.assert_array_equal(got["values"], right["values"])
    assert array_checksum(cached_arrays("small", small_arrays, None)) == array_checksum(right)


def test_checksum_covers_keys_dtypes_and_shapes():
    base = small_arrays()
    reference = array_checksum(base)
    assert array_checksum(dict(reversed(list(base.items())))) == reference
    renamed = {("other" if k == "values" else k): v for k, v in base.items()}
    retyped = {**base, "values": base["values"].astype(np.int32)}
    reshaped = {**base, "values": base["values"].reshape(4, 3)}
    for changed in (renamed, retyped, reshaped):
        assert array_checksum(changed) != reference
    transposed = {**base, "values": np.asfortranarray(base["values"])}
    assert array_checksum(transposed) == reference  # same values, other memory layout


# --------------------------------------------------------------------------- plots


def test_show_image_grid_has_one_axis_per_image(cats):
    images = cats[0][:7]
    fig = show_image_grid(images, titles=[f"#{i}" for i in range(7)], ncols=4)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert len(fig.axes) == 7
    assert fig.axes[2].get_title() == "#2"
    matplotlib.pyplot.close(fig)
