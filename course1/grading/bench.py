"""``make bench``: seconds to execute each source notebook and to autograde one submission."""
import tempfile
import pathlib
import time

import nbclient

from . import notebooks, samples
from .batch import format_table
from .course import Course

BUDGET_SECONDS = 90  # DESIGN.md: each solution notebook executes in at most 90 s on 2 cores


def execute(nb, cwd, config):
    """Execute a notebook in place as the autograder would (same kernel, limits and arguments).

    Returns
    seconds -- the wall time
    """
    start = time.perf_counter()
    nbclient.NotebookClient(nb, kernel_name="python3", allow_errors=True, config=config,
                            timeout=config.Execute.timeout,
                            extra_arguments=list(config.Execute.extra_arguments),
                            resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def bench(root, assignments=None, progress=print):
    """Time every assignment (or the given ones); returns rows [assignment, execute_s, autograde_s]."""
    course = Course(root)
    rows = []
    with tempfile.TemporaryDirectory(prefix="dlcourse-bench-") as tmp:
        samples.copy_course(course.root, pathlib.Path(tmp) / "course")
        scratch = Course(pathlib.Path(tmp) / "course")
        for assignment in assignments or course.assignments():
            executed = sum(execute(notebooks.read(p), p.parent, scratch.config)
                           for p in scratch.source_notebooks(assignment))
            scratch.generate_release(assignment)
            samples.write_submission(scratch, samples.SOLUTION, assignment)
            start = time.perf_counter()
            score = scratch.autograde(samples.SOLUTION, assignment)
            graded = time.perf_counter() - start
            rows.append([assignment, executed, graded, score])
            if progress:
                progress(f"{assignment}: execute {executed:.1f} s, autograde {graded:.1f} s")
    return rows


def bench_table(rows):
    """Format :func:`bench` rows with a total line and the budget verdict."""
    lines = [[a, f"{e:.1f}", f"{g:.1f}", f"{s.score:g} / {s.max_score:g}",
              "ok" if e <= BUDGET_SECONDS else f"OVER {BUDGET_SECONDS} s"] for a, e, g, s in rows]
    lines.append(["total", f"{sum(r[1] for r in rows):.1f}", f"{sum(r[2] for r in rows):.1f}", "", ""])
    return format_table(lines, ["assignment", "execute s", "autograde s", "solution score", "budget"])
