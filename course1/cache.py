"""The dataset cache every course shares.

Generated datasets are stored as HDF5 files (one dataset per array) in the
user's cache folder, so they are built once per machine. A dataset is
identified by a checksum of its arrays (not of the HDF5 file, whose bytes
depend on the library version), so a loader can tell that what it read or
built is exactly the data the course expects.
"""

import hashlib
import os
import tempfile
import warnings
from pathlib import Path
from typing import Callable

import h5py
import numpy as np
import platformdirs


def cache_dir() -> Path:
    """Return the cache folder, creating it if needed.

    Returns
    -------
    pathlib.Path
        ``$DLCOURSE_CACHE`` when that environment variable is set, else the
        user's cache folder for ``dlcourse`` (``platformdirs.user_cache_dir``).
    """
    path = Path(os.environ.get("DLCOURSE_CACHE") or platformdirs.user_cache_dir("dlcourse"))
    path.mkdir(parents=True, exist_ok=True)
    return path


LOADERS: dict[str, Callable] = {}  # "module.function" -> a loader whose data lives in the cache


def data_loader(func: Callable) -> Callable:
    """Register ``func`` as a loader whose data lives in the cache (the grader runs it before any kernel).

    Parameters
    ----------
    func : callable
        A public loader of a course's ``data`` module; its arguments must be plain values.

    Returns
    -------
    callable
        ``func`` itself.
    """
    LOADERS[f"{func.__module__}.{func.__name__}"] = func
    return func


def array_checksum(arrays: dict[str, np.ndarray]) -> str:
    """Return the sha256 of a set of named arrays.

    Parameters
    ----------
    arrays : dict of str to ndarray
        The arrays. Each one contributes, in sorted key order, its key, its
        dtype string, its shape and its C-contiguous bytes.

    Returns
    -------
    str
        Hex digest, identical on every machine for the same arrays.
    """
    digest = hashlib.sha256()
    for key in sorted(arrays):
        array = np.ascontiguousarray(arrays[key])
        digest.update(key.encode())
        digest.update(array.dtype.str.encode())
        digest.update(repr(array.shape).encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def _read(path: Path) -> dict[str, np.ndarray]:
    with h5py.File(path, "r") as f:
        return {key: f[key][()] for key in f}


def _write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` to ``path`` atomically: a temporary file in the same folder, then a rename."""
    fd, tmp = tempfile.mkstemp(suffix=".h5.tmp", dir=path.parent)
    os.close(fd)
    try:
        with h5py.File(tmp, "w") as f:
            for key, array in arrays.items():
                f.create_dataset(key, data=array)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def cached_arrays(
    name: str,
    build: Callable[[], dict[str, np.ndarray]],
    checksum: str | None,
) -> dict[str, np.ndarray]:
    """Return a named set of arrays from the cache, building and caching it on first use.

    Parameters
    ----------
    name : str
        File name (without ``.h5``) of the dataset in :func:`cache_dir`.
    build : callable
        Called without arguments to make the arrays when they are not cached
        (or the cached file does not match ``checksum``).
    checksum : str or None
        Expected :func:`array_checksum` of the arrays; ``None`` skips the check.

    Returns
    -------
    dict of str to ndarray
        Every dataset of the file, by name.

    Raises
    ------
    RuntimeError
        If freshly built arrays do not match ``checksum``.
    """
    path = cache_dir() / f"{name}.h5"
    if path.exists():
        try:
            arrays = _read(path)
        except OSError:  # unreadable file: build it again
            arrays = None
        if arrays is not None and (checksum is None or array_checksum(arrays) == checksum):
            return arrays
    arrays = {key: np.asarray(value) for key, value in build().items()}
    got = array_checksum(arrays)
    if checksum is not None and got != checksum:
        raise RuntimeError(
            f"dataset {name!r} does not match its checksum: expected {checksum}, got {got}. "
            "The generator or NumPy produced different data on this machine."
        )
    try:
        _write(path, arrays)
    except OSError as error:  # a read-only cache (a grading sandbox): the data is right, only not kept
        warnings.warn(f"dataset {name!r} was built in memory: the data cache {path.parent} cannot be written "
                      f"({error.strerror}), so it is built again next time", stacklevel=2)
    return arrays


def extra_count(extra_test):
    """``extra_test`` as an ``int``; a ``ValueError`` unless it is a whole number >= 0."""
    if isinstance(extra_test, (bool, np.bool_)) or not isinstance(extra_test, (int, np.integer)) \
            or extra_test < 0:
        raise ValueError(f"extra_test must be a non-negative integer, got {extra_test!r}")
    return int(extra_test)


def load_picture_split(name, build, checksum, build_extra, extra_test=0):
    """A generated picture dataset in the classic layout, with extra held-out pictures on request.

    Arguments
    name -- cache name of the train/test arrays
    build -- callable returning ``train_set_x``, ``train_set_y``, ``test_set_x``, ``test_set_y`` and
             ``list_classes`` (the contents of the classic two HDF5 files)
    checksum -- the pinned checksum of those arrays
    build_extra -- callable ``n -> {"extra_set_x", "extra_set_y"}`` drawing n more pictures
    extra_test -- how many extra pictures to return (0: none)

    Returns
    (train_x, train_y (1, m), test_x, test_y (1, m_test), classes), followed by
    (extra_x, extra_y (1, extra_test)) when ``extra_test > 0``
    """
    extra_test = extra_count(extra_test)
    data = cached_arrays(name, build, checksum)
    result = (data["train_set_x"], data["train_set_y"].reshape(1, -1), data["test_set_x"],
              data["test_set_y"].reshape(1, -1), data["list_classes"])
    if extra_test == 0:
        return result
    # named after the train/test checksum, so a changed generator never reuses stale pictures
    extra = cached_arrays(f"{name}_extra{extra_test}_{checksum[:12]}", lambda: build_extra(extra_test), None)
    return result + (extra["extra_set_x"], extra["extra_set_y"].reshape(1, -1))
