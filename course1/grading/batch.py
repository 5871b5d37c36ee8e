"""Grade many submissions: autograde, feedback, ``grades.csv`` and a score table."""
import csv

from .course import Score


def grade_all(course, pairs=None, feedback=True, progress=print):
    """Autograde submissions and write their feedback.

    Arguments
    course -- a :class:`~course1.grading.course.Course`
    pairs -- (student, assignment) pairs; default: everything under ``submitted/``
    feedback -- also write ``feedback/<student>/<assignment>/*.html``
    progress -- callable receiving one line per graded submission (None for silence)

    Returns
    scores -- list of :class:`~course1.grading.course.Score`, in the order graded
    """
    pairs = course.submissions() if pairs is None else list(pairs)
    for assignment in sorted({a for _, a in pairs}):
        course.generate_release(assignment)  # registers the assignment and its cells in the gradebook
    scores = []
    for i, (student, assignment) in enumerate(pairs, 1):
        score = course.autograde(student, assignment)
        if feedback and not score.error:
            course.generate_feedback(student, assignment)
        scores.append(score)
        if progress:
            status = score.error or f"{score.score:g} / {score.max_score:g}"
            progress(f"[{i}/{len(pairs)}] {student} {assignment}: {status}")
    return scores


def write_grades_csv(scores, path):
    """One row per submission: student, assignment, score, max_score, percent, error."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", "score", "max_score", "percent", "error"])
        for s in scores:
            writer.writerow([s.student, s.assignment, f"{s.score:g}", f"{s.max_score:g}",
                             f"{s.percent:.1f}", s.error])


def format_table(rows, headers):
    """A plain-text table with columns padded to their widest entry."""
    rows = [[str(x) for x in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def score_table(scores: list[Score], notes=None):
    """The table ``make grade`` and ``make demo`` print: one row per submission."""
    notes = notes or {}
    rows = [[s.assignment, s.student, f"{s.score:g} / {s.max_score:g}", f"{s.percent:.0f}%",
             s.error or notes.get((s.student, s.assignment), "")] for s in scores]
    return format_table(rows, ["assignment", "student", "score", "percent", "note"])
