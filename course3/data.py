"""Course 3 datasets: pictures from two distributions (week 1) and multi-label scenes (week 2).

Everything is drawn by seeded procedural generators (no download), cached in
:func:`course1.cache.cache_dir` and checked against a pinned checksum, so every machine gets the same
bytes. Each loader can also return extra held-out examples, for the project's own tests.
"""
import numpy as np

from course1.cache import cached_arrays, data_loader, extra_count
from course3.cameras import camera_frames, web_pictures
from course3.scenes import CLASS_NAMES, draw_scenes

# --- Week 1: security-camera pictures and web pictures ----------------------------------------------

CLASSES = np.array([b"non-cat", b"cat"])
CAMERA_SIZE, WEB_SIZE = 3000, 3000
CAT_SHARE = 0.4  # about 40 % of the pictures of each set are cats
LABEL_NOISE = 0.02  # share of the camera labels the city's records got wrong (no model can fix those)
SEED = 3
CAMERA_STREAM, WEB_STREAM, EXTRA_STREAM = 1, 2, 3
CAMERA_CHECKSUM = "00dffb0d331c04750701b2a362ab2e804eb437acc28bc7962237902698f7099e"


def _labels(n, entropy):
    """Labels of ``n`` pictures (1 = cat, about :data:`CAT_SHARE` of them), int64, shape (n,)."""
    return (np.random.default_rng(list(entropy) + [0]).random(n) < CAT_SHARE).astype(np.int64)


def _camera_set(n, entropy):
    """``n`` camera frames and their recorded labels, :data:`LABEL_NOISE` of them wrong."""
    truth = _labels(n, entropy)
    wrong = np.random.default_rng(list(entropy) + [2]).random(n) < LABEL_NOISE
    return camera_frames(truth, entropy), np.where(wrong, 1 - truth, truth)


def build_camera_dataset(seed=SEED):
    """Draw the camera frames and the web pictures.

    Parameters
    ----------
    seed : int
        Generator seed; the course uses :data:`SEED`.

    Returns
    -------
    dict of str to ndarray
        ``camera_x`` (3000, 32, 32, 3) uint8, ``camera_y`` (3000,) int64, ``web_x`` (3000, 32, 32, 3)
        uint8, ``web_y`` (3000,) int64 and ``list_classes`` (2,) bytes.
    """
    camera_x, camera_y = _camera_set(CAMERA_SIZE, [seed, CAMERA_STREAM])
    web_y = _labels(WEB_SIZE, [seed, WEB_STREAM])
    return {"camera_x": camera_x, "camera_y": camera_y, "web_x": web_pictures(web_y, [seed, WEB_STREAM]),
            "web_y": web_y, "list_classes": CLASSES}


def build_extra_camera_set(n, seed=SEED):
    """``n`` more camera frames, from a seed stream of their own (the project's held-out set).

    Returns
    -------
    dict of str to ndarray
        ``extra_x`` (n, 32, 32, 3) uint8 and ``extra_y`` (n,) int64.
    """
    x, y = _camera_set(n, [seed, EXTRA_STREAM])
    return {"extra_x": x, "extra_y": y}


@data_loader
def load_camera_dataset(extra_test=0):
    """Load the security-camera frames and the web pictures, drawing and caching them on first use.

    Parameters
    ----------
    extra_test : int, default 0
        When positive, also return that many extra camera frames, never used by the notebook.

    Returns
    -------
    camera_x : ndarray, shape (3000, 32, 32, 3), dtype uint8
        Night frames of the city's cameras (the distribution the detector must work on).
    camera_y : ndarray, shape (1, 3000), dtype int64
        1 for a cat, 0 for anything else, as the city's records say (2 % of them are wrong).
    web_x : ndarray, shape (3000, 32, 32, 3), dtype uint8
        Bright colour pictures of the same kinds of subjects, from the web.
    web_y : ndarray, shape (1, 3000), dtype int64
    classes : ndarray, shape (2,), dtype bytes
        ``[b'non-cat', b'cat']``.
    extra_x : ndarray, shape (extra_test, 32, 32, 3), dtype uint8
        Only when ``extra_test > 0``.
    extra_y : ndarray, shape (1, extra_test), dtype int64
        Only when ``extra_test > 0``.
    """
    extra_test = extra_count(extra_test)
    data = cached_arrays("camera_v_web", build_camera_dataset, CAMERA_CHECKSUM)
    result = (data["camera_x"], data["camera_y"].reshape(1, -1), data["web_x"], data["web_y"].reshape(1, -1),
              data["list_classes"])
    if extra_test == 0:
        return result
    extra = cached_arrays(f"camera_v_web_extra{extra_test}_{CAMERA_CHECKSUM[:12]}",
                          lambda: build_extra_camera_set(extra_test), None)
    return result + (extra["extra_x"], extra["extra_y"].reshape(1, -1))


# --- Week 2: multi-label scenes with known attributes -----------------------------------------------


ROAD_SEED = 11
ROAD_TRAIN_INTERNET, ROAD_TRAIN_CAR, ROAD_TRAIN_DEV, ROAD_DEV, ROAD_TEST = 4000, 800, 400, 500, 500
ROAD_FOG_SHARE = 0.4  # share of the dev / test / extra pictures in fog (the car's training data has none)
ROAD_UNKNOWN_SHARE = 0.5  # share of the car training labels left as "?" (NaN) in ``y_partial``
ROAD_FOG_TRAIN = 100  # labelled car pictures in fog, for the transfer experiment
TRAIN_STREAM_W2, TRAIN_DEV_STREAM_W2, DEV_STREAM_W2, TEST_STREAM_W2, EXTRA_STREAM_W2, UNKNOWN_STREAM_W2, \
    FOG_TRAIN_STREAM_W2 = range(1, 8)
ROAD_CHECKSUM = "c9c39db9bd00ceb3b0599959a10a394eb8c81f8be2503e19a2e9f0a15558663c"
ROAD_CLASSES = np.array([name.encode() for name in CLASS_NAMES])


def _road_set(m, stream, car_share, fog_share, seed):
    x, y, _, attributes = draw_scenes(m, [seed, stream], car_share, fog_share=fog_share)
    return {"x": x, "y": y, **attributes}


def build_road_dataset(seed=ROAD_SEED):
    """Draw the four sets of the week-2 road-sign project.

    Parameters
    ----------
    seed : int
        Generator seed; the course uses :data:`ROAD_SEED`.

    Returns
    -------
    dict of str to ndarray
        For each set ``s`` of ``train``, ``train_dev``, ``dev``, ``test``, ``fog_train``: ``s__x`` (m, 24, 24, 3) uint8,
        ``s__y`` (4, m) int64 and the attributes ``s__fog``, ``s__rain``, ``s__dusk``, ``s__small``,
        ``s__mislabeled``, ``s__car`` (m,) bool and ``s__fog_type`` (m,) int64; ``train__y_partial`` (4, m)
        float64 with NaN for the unknown labels; ``classes`` (4,) bytes.
    """
    m_train = ROAD_TRAIN_INTERNET + ROAD_TRAIN_CAR
    car_share = ROAD_TRAIN_CAR / m_train
    sets = {"train": _road_set(m_train, TRAIN_STREAM_W2, car_share, 0.0, seed),
            "train_dev": _road_set(ROAD_TRAIN_DEV, TRAIN_DEV_STREAM_W2, car_share, 0.0, seed),
            "dev": _road_set(ROAD_DEV, DEV_STREAM_W2, 1.0, ROAD_FOG_SHARE, seed),
            "test": _road_set(ROAD_TEST, TEST_STREAM_W2, 1.0, ROAD_FOG_SHARE, seed),
            "fog_train": _road_set(ROAD_FOG_TRAIN, FOG_TRAIN_STREAM_W2, 1.0, 1.0, seed)}
    unknown = np.random.default_rng([seed, UNKNOWN_STREAM_W2]).random(sets["train"]["y"].shape) < ROAD_UNKNOWN_SHARE
    unknown &= sets["train"]["car"][None, :]  # the internet pictures came fully labelled
    sets["train"]["y_partial"] = np.where(unknown, np.nan, sets["train"]["y"].astype(np.float64))
    arrays = {f"{name}__{key}": value for name, s in sets.items() for key, value in s.items()}
    arrays["classes"] = ROAD_CLASSES
    return arrays


def build_extra_road_set(n, seed=ROAD_SEED):
    """``n`` more car-camera pictures like the dev and test sets, from a seed stream of their own.

    Returns
    -------
    dict of str to ndarray
        ``x`` (n, 24, 24, 3) uint8, ``y`` (4, n) int64 and the attributes (n,), as in a dev set.
    """
    return _road_set(n, EXTRA_STREAM_W2, 1.0, ROAD_FOG_SHARE, seed)


def _road_split(arrays, name):
    prefix = name + "__"
    return {key[len(prefix):]: value for key, value in arrays.items() if key.startswith(prefix)}


@data_loader
def load_road_signs(extra_test=0):
    """Load the road-sign pictures of the week-2 project, drawing and caching them on first use.

    Parameters
    ----------
    extra_test : int, default 0
        When positive, also return that many extra car-camera pictures (distributed like dev and test),
        never used by the notebook.

    Returns
    -------
    train, train_dev, dev, test, fog_train : dict of str to ndarray
        Each set as a dict: ``"x"`` (m, 24, 24, 3) uint8 pictures; ``"y"`` (4, m) int64 recorded labels
        (row k: object k of ``classes`` is in the picture); the attributes, each of shape (m,):
        ``"car"`` (a car-camera picture, else an internet picture), ``"fog"``, ``"rain"``, ``"dusk"``,
        ``"small"``, ``"mislabeled"`` (one label flipped on purpose) as bool and ``"fog_type"`` int64
        (0 none, 1 haze, 2 ground fog, 3 patchy fog, 4 smog). ``train`` also has ``"y_partial"``
        (4, m) float64: the same labels, half of those of the car pictures unknown (NaN). ``train`` holds 4000 internet
        pictures and 800 car pictures without fog; ``train_dev`` (400) is drawn like ``train``;
        ``dev`` and ``test`` (500 each) are car pictures, 40 % of them in fog; ``fog_train`` holds 100
        labelled car pictures, all in fog.
    classes : ndarray, shape (4,), dtype bytes
        The object names.
    extra : dict of str to ndarray
        Only when ``extra_test > 0``: ``extra_test`` more pictures like ``dev``, with their attributes.

    Raises
    ------
    ValueError
        If ``extra_test`` is not a whole number >= 0.
    """
    extra_test = extra_count(extra_test)
    arrays = cached_arrays("road_signs", build_road_dataset, ROAD_CHECKSUM)
    result = tuple(_road_split(arrays, name) for name in ("train", "train_dev", "dev", "test", "fog_train")) \
        + (arrays["classes"],)
    if extra_test == 0:
        return result
    name = f"road_signs_extra{extra_test}_{ROAD_CHECKSUM[:12]}"
    return result + (cached_arrays(name, lambda: build_extra_road_set(extra_test), None),)
