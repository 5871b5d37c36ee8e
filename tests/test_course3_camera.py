"""Course 3 week 1: the camera / web pictures, the thumbnails and the small networks of course3.models."""
import numpy as np
import pytest

from course1.cache import array_checksum
from course3 import cameras, data, models


@pytest.fixture(scope="module")
def loaded():
    return data.load_camera_dataset(extra_test=1000)


def test_loader_shapes_and_labels(loaded):
    camera_x, camera_y, web_x, web_y, classes, extra_x, extra_y = loaded
    assert camera_x.shape == web_x.shape == (3000, 32, 32, 3) and camera_x.dtype == np.uint8
    assert extra_x.shape == (1000, 32, 32, 3) and extra_y.shape == (1, 1000)
    assert camera_y.shape == web_y.shape == (1, 3000)
    assert classes.tolist() == [b"non-cat", b"cat"]
    for y in (camera_y, web_y, extra_y):
        assert set(np.unique(y)) <= {0, 1} and 0.35 < y.mean() < 0.45


def test_the_cached_data_is_the_pinned_data(loaded):
    camera_x, camera_y, web_x, web_y, classes = loaded[:5]
    arrays = {"camera_x": camera_x, "camera_y": camera_y.reshape(-1), "web_x": web_x, "web_y": web_y.reshape(-1),
              "list_classes": classes}
    assert array_checksum(arrays) == data.CAMERA_CHECKSUM


def test_camera_frames_are_another_distribution(loaded):
    """Darker, greyer and softer than the web pictures of the same generator."""
    camera_x, _, web_x, _ = (np.asarray(a, dtype=float) for a in loaded[:4])
    assert camera_x.mean() < 0.8 * web_x.mean()
    spread = lambda x: np.mean(np.abs(x - x.mean(axis=3, keepdims=True)))  # noqa: E731 (colour: distance from grey)
    assert spread(camera_x) < 0.3 * spread(web_x)
    edges = lambda x: np.mean(np.abs(np.diff(x.mean(axis=3), axis=2)))  # noqa: E731
    assert edges(camera_x) < edges(web_x)


def test_label_noise_and_streams():
    """About 2 % of the camera labels are flipped; the extra frames come from a stream of their own, the same on every build."""
    truth = data._labels(3000, [data.SEED, data.CAMERA_STREAM])
    _, recorded = loaded_camera = data.load_camera_dataset()[:2]
    wrong = np.mean(truth != recorded.reshape(-1))
    assert 0.01 < wrong < 0.03, wrong
    extra = data.build_extra_camera_set(5)
    assert not any(np.array_equal(extra["extra_x"][i], loaded_camera[0][i]) for i in range(5))
    np.testing.assert_array_equal(extra["extra_x"], data.build_extra_camera_set(5)["extra_x"])


def test_thumbnails_average_two_by_two_blocks():
    pictures = np.random.default_rng(0).integers(0, 256, size=(2, 32, 32, 3)).astype(np.uint8)
    got = cameras.thumbnails(pictures)
    assert got.shape == (768, 2)
    # pixel (row 3, column 5) of picture 1, channel 2, by hand
    block = pictures[1, 6:8, 10:12, 2].astype(float) / 255
    assert got[(3 * 16 + 5) * 3 + 2, 1] == pytest.approx(block.mean())
    assert cameras.thumbnails(pictures[:, :16]).shape == (384, 2)
    for bad in (pictures[:, :15], pictures[..., :2], pictures[0]):
        with pytest.raises(ValueError, match="shape"):
            cameras.thumbnails(bad)
    with pytest.raises(ValueError, match="extra_test"):
        data.load_camera_dataset(extra_test=-1)


def test_blur_of_a_point_is_a_box():
    x = np.zeros((1, 5, 5, 3))
    x[0, 2, 2] = 9.0
    out = cameras.blur(x)
    assert np.allclose(out[0, 1:4, 1:4], 1.0) and out[0].sum() == pytest.approx(27.0)


def test_network_gradients_match_numerical_ones():
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(4, 6)), rng.integers(0, 2, size=(1, 6))
    params = {"W1": rng.normal(size=(3, 4)), "b1": rng.normal(size=(3, 1)),
              "W2": rng.normal(size=(1, 3)), "b2": rng.normal(size=(1, 1))}
    AL, caches = models.L_model_forward(X, params)
    grads = models._gradients(AL, Y, caches)
    for name, value in params.items():
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            for sign in (1, -1):
                shifted = {k: v.copy() for k, v in params.items()}
                shifted[name][index] += sign * 1e-6
                numeric[index] += sign * models._cross_entropy(models.predict_proba(X, shifted), Y) / 2e-6
        np.testing.assert_allclose(grads["d" + name], numeric, rtol=1e-5, atol=1e-8, err_msg=name)


def test_training_fits_a_separable_problem_and_is_seeded():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(5, 200))
    Y = (X[0:1] + X[1:2] > 0).astype(int)
    p1, costs = models.train_network(X, Y, [5, 8, 1], 60, learning_rate=0.01, seed=3)
    p2, _ = models.train_network(X, Y, [5, 8, 1], 60, learning_rate=0.01, seed=3)
    assert costs[-1] < 0.3 * costs[0]
    assert np.mean(models.predict(X, p1) != Y) < 0.05
    assert all(np.array_equal(p1[k], p2[k]) for k in p1)
    with pytest.raises(ValueError, match="layer_dims"):
        models.train_network(X, Y, [4, 1], 1)


def test_network_sizes_by_hand():
    assert models.multiply_adds([768, 128, 32, 1]) == 768 * 128 + 128 * 32 + 32
    assert models.parameter_count([768, 128, 32, 1]) == 768 * 128 + 128 + 128 * 32 + 32 + 32 + 1
