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
    _write(path, arrays)
    return arrays
