"""Course 1 datasets: cat / non-cat pictures.

The pictures are drawn by the procedural generator in :mod:`course1.cat_images`
(no download), cached in :func:`course1.cache.cache_dir` and checked against a
pinned checksum, so every machine gets the same bytes.
"""

import numpy as np

from course1.cache import cached_arrays
from course1.cat_images import draw_pictures

# Chosen after training the course-1 models on generator seeds 1-8: on 1000 extra
# pictures logistic regression < 2-layer < 4-layer held for 7 of 8 seeds (the 4-layer
# net's training spiked on seed 6); seed 5 also shows it on the 50 test pictures
# (0.66 < 0.72 < 0.86) with a smooth 4-layer cost curve.
SEED = 5
CAT_CHECKSUM = "a9c0077346ffc79c2c6f27e17d5fd4d79983856f02bde5880af2573ecfd8a20b"
CLASSES = np.array([b"non-cat", b"cat"])
TRAIN_SIZE, TRAIN_CATS = 209, 72
TEST_SIZE, TEST_CATS = 50, 33
TRAIN_TEST_STREAM, EXTRA_STREAM = 1, 2


def shuffled_labels(rng, cats, total):
    """``cats`` ones and ``total - cats`` zeros (int64) in a random order."""
    labels = np.zeros(total, dtype=np.int64)
    labels[:cats] = 1
    return rng.permutation(labels)


def build_cat_dataset(seed=SEED):
    """Draw the train and test sets (the contents of the classic two HDF5 files).

    Parameters
    ----------
    seed : int
        Generator seed; the course uses :data:`SEED`.

    Returns
    -------
    dict of str to ndarray
        ``train_set_x`` (209, 64, 64, 3) uint8, ``train_set_y`` (209,) int64,
        ``test_set_x`` (50, 64, 64, 3) uint8, ``test_set_y`` (50,) int64 and
        ``list_classes`` (2,) bytes.
    """
    entropy = [seed, TRAIN_TEST_STREAM]
    rng = np.random.default_rng(entropy)
    train_y = shuffled_labels(rng, TRAIN_CATS, TRAIN_SIZE)
    test_y = shuffled_labels(rng, TEST_CATS, TEST_SIZE)
    x = draw_pictures(np.concatenate([train_y, test_y]), entropy)
    return {
        "train_set_x": x[:TRAIN_SIZE],
        "train_set_y": train_y,
        "test_set_x": x[TRAIN_SIZE:],
        "test_set_y": test_y,
        "list_classes": CLASSES,
    }


def build_extra_cat_set(n, seed=SEED):
    """Draw ``n`` more held-out pictures, from a seed stream of their own.

    About as many are cats as in the test set (33 in 50). The first ``k``
    pictures are the same for every ``n >= k``.

    Returns
    -------
    dict of str to ndarray
        ``extra_set_x`` (n, 64, 64, 3) uint8 and ``extra_set_y`` (n,) int64.
    """
    entropy = [seed, EXTRA_STREAM]
    labels = (np.random.default_rng(entropy).random(n) < TEST_CATS / TEST_SIZE).astype(np.int64)
    return {"extra_set_x": draw_pictures(labels, entropy), "extra_set_y": labels}


def load_cat_dataset(extra_test=0):
    """Load the cat / non-cat pictures, drawing and caching them on first use.

    Parameters
    ----------
    extra_test : int, default 0
        When positive, also return that many extra held-out pictures (for
        checking a result on more than 50 test pictures).

    Returns
    -------
    train_x_orig : ndarray, shape (209, 64, 64, 3), dtype uint8
    train_y : ndarray, shape (1, 209), dtype int64
        1 for a cat, 0 for a non-cat.
    test_x_orig : ndarray, shape (50, 64, 64, 3), dtype uint8
    test_y : ndarray, shape (1, 50), dtype int64
    classes : ndarray, shape (2,), dtype bytes
        ``[b'non-cat', b'cat']``: the class name of label ``k`` is ``classes[k]``.
    extra_x : ndarray, shape (extra_test, 64, 64, 3), dtype uint8
        Only when ``extra_test > 0``.
    extra_y : ndarray, shape (1, extra_test), dtype int64
        Only when ``extra_test > 0``.
    """
    if int(extra_test) != extra_test or extra_test < 0:
        raise ValueError(f"extra_test must be a non-negative integer, got {extra_test!r}")
    data = cached_arrays("cat_v_noncat", build_cat_dataset, CAT_CHECKSUM)
    result = (
        data["train_set_x"],
        data["train_set_y"].reshape(1, -1),
        data["test_set_x"],
        data["test_set_y"].reshape(1, -1),
        data["list_classes"],
    )
    if extra_test == 0:
        return result
    # named after the train/test checksum, so a changed generator never reuses stale pictures
    name = f"cat_v_noncat_extra{int(extra_test)}_{CAT_CHECKSUM[:12]}"
    extra = cached_arrays(name, lambda: build_extra_cat_set(int(extra_test)), None)
    return result + (extra["extra_set_x"], extra["extra_set_y"].reshape(1, -1))
