"""Course 3 week 2: the road-sign scenes, their loader and the multi-task trainer.

Expected values come from independent routes: a fresh build against the pinned checksum, pixel
statistics of the pictures against their attributes, plain loops, numerical gradients.
"""
import math

import numpy as np
import pytest

from course1.cache import array_checksum
from course1.gradcheck import numerical_gradient
from course3 import cameras, data, multitask, scenes

SETS = ("train", "train_dev", "dev", "test", "fog_train")


@pytest.fixture(scope="module")
def road():
    return data.load_road_signs(extra_test=300)


def test_pinned_checksum_from_a_fresh_build_and_same_bytes_twice():
    first = data.build_road_dataset()
    assert array_checksum(first) == data.ROAD_CHECKSUM
    again = data.build_road_dataset()
    assert sorted(first) == sorted(again)
    assert all(first[k].tobytes() == again[k].tobytes() for k in first)
    other = data.build_extra_road_set(20, seed=data.ROAD_SEED + 1)["x"]
    assert not np.array_equal(other, data.build_extra_road_set(20)["x"])


def test_shapes_dtypes_and_sizes(road):
    *sets, classes, extra = road
    sizes = {"train": 4800, "train_dev": 400, "dev": 500, "test": 500, "fog_train": 100}
    assert [c.decode() for c in classes] == list(scenes.CLASS_NAMES)
    for name, s in zip(SETS, sets):
        m = sizes[name]
        assert s["x"].shape == (m, 24, 24, 3) and s["x"].dtype == np.uint8, name
        assert s["y"].shape == (4, m) and s["y"].dtype == np.int64, name
        assert set(np.unique(s["y"])) <= {0, 1}
        for a in ("fog", "rain", "dusk", "small", "mislabeled", "car"):
            assert s[a].shape == (m,) and s[a].dtype == bool, (name, a)
        assert s["fog_type"].dtype == np.int64 and np.array_equal(s["fog"], s["fog_type"] > 0)
    train, train_dev, dev, test, fog_train = sets
    assert int(train["car"].sum()) == 800 and not train["fog"].any() and not train_dev["fog"].any()
    for s in (dev, test, extra):
        assert s["car"].all() and 0.33 < s["fog"].mean() < 0.47
        assert set(np.unique(s["fog_type"])) == {0, 1, 2, 3, 4}
    assert fog_train["fog"].all()
    assert extra["x"].shape == (300, 24, 24, 3) and extra["y"].shape == (4, 300)
    # internet pictures have no car conditions
    web = ~train["car"]
    assert not (train["rain"][web] | train["dusk"][web] | train["small"][web]).any()
    # about 3 % of the labels are flipped on purpose
    assert 0.015 < train["mislabeled"].mean() < 0.045


def test_partial_labels_hide_only_car_labels(road):
    train = road[0]
    y, partial = train["y"], train["y_partial"]
    assert partial.shape == y.shape and partial.dtype == np.float64
    unknown = np.isnan(partial)
    assert np.array_equal(partial[~unknown], y[~unknown].astype(float))
    assert not unknown[:, ~train["car"]].any()
    assert 0.45 < unknown[:, train["car"]].mean() < 0.55


def test_extra_pictures_are_new(road):
    *sets, _, extra = road
    seen = {p.tobytes() for s in sets for p in s["x"]}
    assert not any(p.tobytes() in seen for p in extra["x"])
    assert data.EXTRA_STREAM_W2 not in (data.TRAIN_STREAM_W2, data.TRAIN_DEV_STREAM_W2, data.DEV_STREAM_W2,
                                        data.TEST_STREAM_W2, data.FOG_TRAIN_STREAM_W2)


def _contrast(pictures):
    """Per picture: the standard deviation of its pixel values (a plain measure of contrast)."""
    p = pictures.astype(float) / 255.0
    return p.reshape(len(p), -1).std(axis=1)


def test_fog_lowers_contrast_and_dusk_darkens(road):
    dev = road[2]
    clear = ~dev["fog"] & ~dev["dusk"]
    assert _contrast(dev["x"][dev["fog"] & ~dev["dusk"]]).mean() < 0.7 * _contrast(dev["x"][clear]).mean()
    brightness = dev["x"].reshape(500, -1).mean(axis=1)
    assert brightness[dev["dusk"] & ~dev["fog"]].mean() < 0.6 * brightness[clear].mean()
    # the same pictures with and without fog: every one loses contrast
    train = road[0]
    car = train["x"][train["car"]][:50]
    for fog_type in (1, 2, 3, 4):
        fogged = scenes.add_fog(car, fog_type, np.random.default_rng(fog_type))
        assert fogged.dtype == np.uint8 and fogged.shape == car.shape
        assert (_contrast(fogged) < _contrast(car)).all(), fog_type
    assert np.array_equal(scenes.add_fog(car, 0, np.random.default_rng(0)), car)


def test_labels_match_the_pictures():
    """In clear car pictures, the stop sign (lower right) and the crossing sign (upper left) show as red and blue
    pixels where the labels say so; the labels of exactly the mislabeled pictures differ from the truth."""
    x, y, truth, att = scenes.draw_scenes(400, [99, 1], car_share=1.0, fog_share=0.0, mislabeled_share=0.05)
    clear = ~att["dusk"] & ~att["rain"]
    p = x.astype(int)
    lower_right, upper_left = p[:, 12:, 12:], p[:, :12, :12]
    red = ((lower_right[..., 0] > 150) & (lower_right[..., 1] < 80) & (lower_right[..., 2] < 80)).sum(axis=(1, 2))
    blue = ((upper_left[..., 2] > 150) & (upper_left[..., 0] < 80)).sum(axis=(1, 2))
    assert np.array_equal(red[clear] >= 4, truth[0, clear] == 1)
    assert np.array_equal(blue[clear] >= 4, truth[2, clear] == 1)
    flips = (y != truth).sum(axis=0)
    assert np.array_equal(flips, att["mislabeled"].astype(int))


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3", None])
def test_loader_rejects_bad_arguments(bad):
    with pytest.raises(ValueError):
        data.load_road_signs(extra_test=bad)


def test_add_fog_rejects_unknown_types():
    with pytest.raises(ValueError):
        scenes.add_fog(np.zeros((2, 24, 24, 3)), 5, np.random.default_rng(0))


def test_pictures_to_columns_averages_2x2_blocks():
    pictures = np.random.default_rng(1).integers(0, 256, size=(3, 4, 6, 3)).astype(np.uint8)
    cols = cameras.thumbnails(pictures)
    assert cols.shape == (2 * 3 * 3, 3)
    for i in range(3):
        for r in range(2):
            for c in range(3):
                for ch in range(3):
                    block = [int(pictures[i, 2 * r + a, 2 * c + b, ch]) for a in (0, 1) for b in (0, 1)]
                    assert math.isclose(cols[(r * 3 + c) * 3 + ch, i], sum(block) / 4 / 255, rel_tol=1e-12)


def _masked_loss(Y, Y_hat):
    """The masked logistic loss of the week-2 notebook, written with loops (the test's own reference)."""
    n_y, m = Y.shape
    cost, grad = 0.0, np.zeros_like(Y_hat)
    for j in range(n_y):
        for i in range(m):
            if not np.isnan(Y[j, i]):
                a = Y_hat[j, i]
                cost -= math.log(a) if Y[j, i] == 1 else math.log(1 - a)
                grad[j, i] = (-1 / a if Y[j, i] == 1 else 1 / (1 - a)) / m
    return cost / m, grad


def test_multitask_gradients_match_numerical_gradients():
    rng = np.random.default_rng(7)
    n_x, n_h, n_y, m = 5, 4, 3, 6
    P = {"W1": rng.normal(size=(n_h, n_x)), "b1": rng.normal(size=(n_h, 1)),
         "W2": rng.normal(size=(n_y, n_h)) * 0.5, "b2": rng.normal(size=(n_y, 1)) * 0.5}
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((n_y, m)) < 0.5).astype(float)
    Y[rng.random((n_y, m)) < 0.3] = np.nan

    def cost_plain():  # the network written out, independent of course1.deep
        A1 = np.maximum(0.0, P["W1"] @ X + P["b1"])
        A2 = 1.0 / (1.0 + np.exp(-(P["W2"] @ A1 + P["b2"])))
        return _masked_loss(Y, A2)[0]

    cost, grads = multitask.multitask_gradients(X, Y, P, _masked_loss)
    assert math.isclose(cost, cost_plain(), rel_tol=1e-12)
    for name in P:
        numerical = numerical_gradient(cost_plain, P[name])
        np.testing.assert_allclose(grads["d" + name], numerical, rtol=1e-5, atol=1e-8, err_msg=name)


def test_training_lowers_the_cost_and_is_deterministic():
    rng = np.random.default_rng(3)
    X = rng.random((6, 200))
    Y = np.vstack([X[0] > 0.5, X[1] + X[2] > 1.0]).astype(float)
    Y[0, :50] = np.nan
    p1, costs1 = multitask.train_multitask(X, Y, [6, 8, 2], _masked_loss, num_epochs=20, learning_rate=1e-2,
                                           mini_batch_size=50)
    p2, costs2 = multitask.train_multitask(X, Y, [6, 8, 2], _masked_loss, num_epochs=20, learning_rate=1e-2,
                                           mini_batch_size=50)
    assert costs1[-1] < 0.6 * costs1[0]
    assert costs1 == costs2 and all(np.array_equal(p1[k], p2[k]) for k in p1)
    start = {k: v.copy() for k, v in p1.items()}
    multitask.train_multitask(X, Y, [6, 8, 2], _masked_loss, num_epochs=1, parameters=p1)
    assert all(np.array_equal(p1[k], start[k]) for k in p1), "fine-tuning must not change the given weights"


def test_misclassified_pictures_and_error_rate():
    Y = np.array([[1, 0, 1, 0], [0, 0, 1, 1]])
    Y_pred = np.array([[1, 1, 1, 0], [0, 0, 0, 1]])
    assert multitask.misclassified_pictures(Y_pred, Y).tolist() == [False, True, True, False]
    with pytest.raises(ValueError):
        multitask.train_multitask(np.zeros((3, 4)), np.zeros((2, 5)), [3, 2], _masked_loss, 1)
