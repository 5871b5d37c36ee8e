"""The instructor report ``make grade`` writes per assignment: score distribution and failing tests.

``reports/<assignment>/`` gets ``scores.png`` (a histogram of the percentages), ``cells.csv`` (per
test cell: its exercise, points, how many students failed it and their share) and ``summary.md``
(the same table, hardest test first, under a line of summary statistics), so an instructor sees
which exercises need better teaching.
"""
import csv
import pathlib
import statistics
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import notebooks


@dataclass(frozen=True)
class CellStats:
    """How one test cell fared across a cohort."""

    cell: str
    exercise: str  # the solution cell the test follows ("" if none)
    points: float
    graded: int  # submissions in which the cell was graded
    failed: int  # ... and scored below full points

    @property
    def share_failing(self):
        return self.failed / self.graded if self.graded else 0.0


def exercise_of_tests(nbs):
    """Map each test cell's grade_id to the grade_id of the solution cell before it (its exercise)."""
    owner, owners = "", {}
    for nb in nbs:
        for cell in nb.cells:
            meta = notebooks.nbgrader_meta(cell)
            if meta.get("solution"):
                owner = meta.get("grade_id", "")
            elif meta.get("grade"):
                owners[meta.get("grade_id")] = owner
    return owners


def cell_stats(scores, owners=None):
    """Per test cell statistics over ``scores`` (one assignment), in first-seen cell order."""
    owners = owners or {}
    points, graded, failed = {}, {}, {}
    for score in scores:
        for cell, (got, top) in score.cells.items():
            points.setdefault(cell, top)
            graded[cell] = graded.get(cell, 0) + 1
            failed[cell] = failed.get(cell, 0) + ((got or 0) < top)
    return [CellStats(c, owners.get(c, ""), points[c], graded[c], failed[c]) for c in points]


def histogram(percents, path, title):
    """Save a histogram of percentages (bins of 10 points, 100% in the last bin) as a PNG."""
    fig = Figure(figsize=(6, 3.5), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.hist(percents, bins=range(0, 101, 10), color="#4878a8", edgecolor="white")
    ax.set(xlabel="score (%)", ylabel="submissions", title=title, xlim=(0, 100))
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    fig.savefig(path)


def summary_line(scores):
    """One sentence of statistics: count, mean, median, full marks, zeros, not graded."""
    graded = [s for s in scores if s.max_score]
    percents = [s.percent for s in graded]
    if not percents:
        return f"{len(scores)} submission(s), none graded."
    return (f"{len(scores)} submission(s): mean {statistics.mean(percents):.1f}%, median "
            f"{statistics.median(percents):.1f}%, {sum(p == 100 for p in percents)} with full marks, "
            f"{sum(p == 0 for p in percents)} with zero, {len(scores) - len(graded)} not graded.")


def write_report(course, assignment, scores, folder=None):
    """Write ``reports/<assignment>/`` for the scores of one assignment; returns the folder."""
    scores = [s for s in scores if s.assignment == assignment]
    folder = pathlib.Path(folder or course.root / "reports" / assignment)
    folder.mkdir(parents=True, exist_ok=True)
    owners = exercise_of_tests(notebooks.read(p) for p in course.source_notebooks(assignment))
    stats = cell_stats(scores, owners)
    histogram([s.percent for s in scores if s.max_score], folder / "scores.png", f"{assignment}: scores")
    header = ["test cell", "exercise", "points", "graded", "failed", "share failing"]
    rows = [[c.cell, c.exercise, f"{c.points:g}", c.graded, c.failed, f"{100 * c.share_failing:.0f}%"]
            for c in stats]
    with open(folder / "cells.csv", "w", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    hardest = sorted(zip(stats, rows), key=lambda pair: -pair[0].share_failing)
    lines = [f"# {assignment}", "", summary_line(scores), "", "![score distribution](scores.png)", "",
             "Test cells, the most often failed first (the exercises that may need better teaching):", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header),
             *("| " + " | ".join(map(str, row)) + " |" for _, row in hardest)]
    (folder / "summary.md").write_text("\n".join(lines) + "\n")
    return folder


def write_reports(course, scores):
    """Write one report per assignment present in ``scores``; returns their folders."""
    return [write_report(course, a, scores) for a in sorted({s.assignment for s in scores})]
