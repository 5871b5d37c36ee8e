"""Reading and building notebooks: solution cells, sample submissions, typical mistakes, results.

A source notebook holds solution blocks (``### BEGIN SOLUTION`` ... ``### END SOLUTION``) and hidden
tests (``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS``); nbgrader turns it into the student
release. The functions here build the submissions the demo and the tests grade: the release filled
in with the reference solutions, optionally with one typical mistake from ``mistakes.toml``.
"""
import copy
import pathlib
import tomllib
from dataclasses import dataclass

import nbformat

from course1.results import RESULTS_MIMETYPE

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: replace ``old`` by ``new`` in the solution cell ``cell``."""

    cell: str
    what: str
    old: str
    new: str
    demo: bool = False


def read(path):
    """Read a notebook (nbformat 4)."""
    return nbformat.read(str(path), as_version=4)


def write(nb, path):
    """Write a notebook, creating its folder."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def nbgrader_meta(cell):
    """The cell's nbgrader metadata dict (empty if none)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell):
    """The cell's nbgrader grade_id, or None."""
    return nbgrader_meta(cell).get("grade_id")


def cells_by_id(nb):
    """Map grade_id -> cell for every nbgrader cell of ``nb``."""
    return {grade_id(c): c for c in nb.cells if grade_id(c)}


def solution_cells(nb):
    """The cells students write (nbgrader ``solution``), in notebook order."""
    return [c for c in nb.cells if nbgrader_meta(c).get("solution")]


def test_cells(nb):
    """The autograded test cells (``grade`` and not ``solution``), in notebook order."""
    return [c for c in nb.cells if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")]


def _strip_region(source, begin, end, replacement=None):
    lines, kept, inside = source.splitlines(), [], False
    for line in lines:
        if begin in line:
            inside = True
            if replacement is not None:
                kept.append(line[: len(line) - len(line.lstrip())] + replacement)
        elif end in line:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def strip_hidden_tests(source, replacement=None):
    """``source`` without its hidden-test regions (each replaced by ``replacement`` if given)."""
    return _strip_region(source, HIDDEN_BEGIN, HIDDEN_END, replacement)


def solution_code(source):
    """A solution cell's source as a student who solved it would write it (delimiters removed)."""
    return "\n".join(line for line in source.splitlines()
                     if SOLUTION_BEGIN not in line and SOLUTION_END not in line)


def read_mistakes(assignment_dir):
    """The typical mistakes listed in ``<assignment_dir>/mistakes.toml`` (empty list if none)."""
    path = pathlib.Path(assignment_dir) / "mistakes.toml"
    if not path.exists():
        return []
    with open(path, "rb") as f:
        return [Mistake(**entry) for entry in tomllib.load(f).get("mistake", [])]


def solved(release_nb, source_nb, mistake=None):
    """The release notebook with every solution cell filled in from the source notebook.

    Arguments
    release_nb -- the student's notebook as released (stubs in the solution cells)
    source_nb -- the instructor's notebook with the reference solutions
    mistake -- optional :class:`Mistake` to apply to its cell

    Returns
    a new notebook: what a student who solved everything (but the one mistake) submits
    """
    nb = copy.deepcopy(release_nb)
    solutions = cells_by_id(source_nb)
    for cell in solution_cells(nb):
        cid = grade_id(cell)
        cell.source = solution_code(solutions[cid].source)
        if mistake is not None and mistake.cell == cid:
            count = cell.source.count(mistake.old)
            if count != 1:
                raise ValueError(f"mistake {mistake.what!r}: {mistake.old!r} occurs {count} times "
                                 f"in cell {cid!r}, expected exactly once")
            cell.source = cell.source.replace(mistake.old, mistake.new)
    if mistake is not None and mistake.cell not in {grade_id(c) for c in solution_cells(nb)}:
        raise ValueError(f"mistake {mistake.what!r}: no solution cell {mistake.cell!r}")
    return nb


def graded_only(nb):
    """``nb`` reduced to the cells that grading needs: setup, solutions, tests and other locked cells.

    Used where a submission only has to show which tests a function passes (typical mistakes,
    cheats), so the training cells do not run again; the locked ``results`` cell is dropped too.
    """
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells
                if grade_id(c) and grade_id(c) != "results"
                and any(nbgrader_meta(c).get(k) for k in ("grade", "solution", "locked"))]
    return nb


def results_of(nb):
    """The ``results`` dict that the executed notebook's locked results cell displayed (or None)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RESULTS_MIMETYPE in data:
                return dict(data[RESULTS_MIMETYPE])
    return None
