"""The reference run of an assignment: its solution executed once, as a submission would be.

It gives the judge two things a submission cannot: the records of the reference solution's hidden
cells (for checks whose expected value depends on the notebook's own flow, ``reference(label)`` in
a judge part) and the seconds each cell took (a cell's timeout is ``max(MIN_TIMEOUT, FACTOR x)``;
cells a student added share what is left of the notebook's budget, ``max(MIN_BUDGET, FACTOR x total)``;
``Execute.timeout`` stays the cap of every cell).

It is stored in ``.grader/reference/<assignment>.json`` in the course folder, which no kernel sees,
under a key that covers the source notebooks, the helper library's code (with the datasets' pinned
checksums), the lock file and the data the notebooks load; a changed key means a new run. ``make
grade`` makes a missing one before the first job (one full execution per assignment version); the
test suite's grading of the solution is that run.
"""
import hashlib
import json
import pathlib

import course1

from . import datacache, notebooks
from .judge import reference_records

FOLDER = ".grader/reference"
LOCK_FILE = "requirements-lock.txt"
MIN_TIMEOUT, FACTOR = 20.0, 10.0  # a cell's timeout: max(20 s, 10 x its time in the reference run)
MIN_BUDGET = 60.0  # the notebook's budget: max(60 s, 10 x the reference run's total); added cells share what is left
METADATA_KEY = "dlcourse"  # notebook metadata where an execution keeps its cells' seconds


def library_root():
    return pathlib.Path(course1.__file__).resolve().parent.parent


def key(root, assignment):
    """sha256 of what the reference run depends on (see the module's description)."""
    root = pathlib.Path(root)
    digest = hashlib.sha256()
    for path in sorted((root / "source" / assignment).glob("*.ipynb")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    library = library_root()
    for package in ("course1", "course2", "course3", "course4", "course5"):
        for path in sorted((library / package).rglob("*.py")):
            if "grading" not in path.relative_to(library).parts:
                digest.update(str(path.relative_to(library)).encode() + b"\0" + path.read_bytes())
    lock = root / LOCK_FILE
    digest.update(lock.read_bytes() if lock.exists() else b"no lock")
    for path in sorted((root / "source" / assignment).glob("*.ipynb")):
        digest.update(json.dumps(datacache.loader_calls(notebooks.read(path)), sort_keys=True).encode())
    return digest.hexdigest()


def path(root, assignment):
    return pathlib.Path(root) / FOLDER / f"{assignment}.json"


def load(root, assignment, current=True):
    """The stored reference run of ``assignment`` if its key is current (any stored one with ``current=False``:
    re-judging, after an instructor edited a judge part, still compares with the records it was made with),
    else None."""
    try:
        stored = json.loads(path(root, assignment).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict):
        return None
    return stored if not current or stored.get("key") == key(root, assignment) else None


def save(root, assignment, autograded):
    """Store the reference run from its autograded notebooks ({name: notebook}); returns what was stored."""
    stored = {"key": key(root, assignment), "assignment": assignment, "notebooks": {}}
    for name, nb in autograded.items():
        stored["notebooks"][name] = {
            "records": {gid: [payload for _, payload in found] for gid, found in reference_records(nb).items()},
            "seconds": nb.metadata.get(METADATA_KEY, {}).get("seconds", {}),
        }
    target = path(root, assignment)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(stored))
    return stored


def records(stored, notebook):
    """{grade_id: [(label, payload)]} of one notebook of a stored reference run."""
    cells = (stored or {}).get("notebooks", {}).get(notebook, {}).get("records", {})
    return {gid: [((p or {}).get("label"), p) for p in payloads] for gid, payloads in cells.items()}


def timeouts(stored, notebook):
    """{cell key: seconds allowed} and the notebook's budget, from a stored reference run (None if none)."""
    seconds = (stored or {}).get("notebooks", {}).get(notebook, {}).get("seconds")
    if not seconds:
        return None, None
    allowed = {cell: max(MIN_TIMEOUT, FACTOR * s) for cell, s in seconds.items()}
    return allowed, max(MIN_BUDGET, FACTOR * sum(seconds.values()))


def cell_key(cell, index):
    """How the reference run names a cell: its nbgrader grade_id, else its cell id, else its position."""
    gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return gid or cell.get("id") or f"#{index}"
