"""Checks that a job changed nothing outside its scratch folder: fingerprints of the folders no
submission may change (``source/``, the helper library, the data cache), taken before and after."""
import contextlib
import os
import pathlib

from .kernel import library_folders


def fingerprint(folders):
    """A comparable summary (path, size, mtime) of every file under ``folders`` (missing ones skipped)."""
    seen = {}
    for folder in map(pathlib.Path, folders):
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if d not in {"__pycache__", ".ipynb_checkpoints"}]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path, follow_symlinks=False)
                except OSError:
                    continue
                seen[path] = (stat.st_size, stat.st_mtime_ns)
    return seen


def changed(before, after, additions=True):
    """Paths modified or removed (and, if ``additions``, added) between two :func:`fingerprint` results."""
    keys = before.keys() | after.keys() if additions else before.keys()
    return sorted(p for p in keys if before.get(p) != after.get(p))


def protected_folders(course_source=None):
    """Folders no submission may change: ``source/`` (if given), the helper library, the data cache (last)."""
    from course1.cache import cache_dir

    return [*([pathlib.Path(course_source)] if course_source else []), *library_folders(), cache_dir()]


@contextlib.contextmanager
def outside_writes(folders):
    """Yields a list that, after the block, names files changed in ``folders`` meanwhile.

    The last folder is the data cache: trusted code may add to it while a notebook runs (another job
    filling it) but nothing may change what is there.
    """
    *strict, cache = folders
    before = fingerprint(strict), fingerprint([cache])
    found = []
    yield found
    after = fingerprint(strict), fingerprint([cache])
    found.extend(changed(before[0], after[0]) + changed(before[1], after[1], additions=False))
