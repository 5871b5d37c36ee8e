"""``make grade REJUDGE=1``: judge the stored records of every graded submission again, without kernels.

After an instructor fixes a hidden test's judge part in ``source/``, the records the kernels sent
(kept in each autograded notebook's hidden cells, see :mod:`.judge`) are judged again with the
current judge parts: the autograded notebooks, the gradebook's scores of the hidden cells, the
feedback of the submissions whose verdicts changed and ``grades.csv`` are updated. A kernel part
that changed (new inputs, new records) needs a real regrade: its cells then fail here with a
message saying which record is missing.
"""
import contextlib
import csv
import pathlib

from nbgrader.utils import determine_grade

from . import judge, notebooks, reference
from .course import Gradebook, MissingEntry


def graded_pairs(course, assignments=None):
    """(student, assignment) of every autograded submission (optionally of ``assignments`` only)."""
    pairs = []
    for folder in sorted((course.root / "autograded").glob("*/*")):
        if folder.is_dir() and not folder.is_symlink() and (not assignments or folder.name in assignments):
            pairs.append((folder.parent.name, folder.name))
    return pairs


def rejudge_submission(course, student, assignment, sources, stored):
    """Judge one submission's records again; returns the grade_ids whose verdict changed."""
    changed, grades = [], {}
    for name, source in sources.items():
        path = course.autograded_notebook(student, assignment, name)
        if not path.is_file() or path.is_symlink():
            continue
        nb = notebooks.read(path)
        now = judge.rejudge_notebook(nb, source, reference.records(stored, name) if stored else None)
        if now:
            notebooks.write(nb, path)
            changed += now
        grades[name] = {notebooks.grade_id(c): determine_grade(c)[0] for c in nb.cells if judge.is_hidden_test(c)}
    if not changed:  # the same verdicts: the gradebook holds their scores already
        return changed
    with contextlib.closing(Gradebook(course.api.coursedir.db_url, course.api.coursedir.course_id)) as gb:
        for name, scores in grades.items():
            try:
                nb = gb.find_submission_notebook(name.removesuffix(".ipynb"), assignment, student)
            except MissingEntry:
                continue
            for grade in nb.grades:
                if grade.name in scores:
                    grade.auto_score = scores[grade.name]
        gb.db.commit()
    return changed


def update_grades_csv(course, path, pairs):
    """Rewrite the score columns of ``grades.csv`` for ``pairs`` from the gradebook; the other columns stay as
    grading wrote them."""
    path = pathlib.Path(path)
    if not path.exists():
        return
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if (row.get("student"), row.get("assignment")) not in pairs:
            continue
        score = course.score(row["student"], row["assignment"])
        if not score.error:
            row.update(score=f"{score.score:g}", max_score=f"{score.max_score:g}", percent=f"{score.percent:.1f}")
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["student"])
        writer.writeheader()
        writer.writerows(rows)


def rejudge_all(course, assignments=None, feedback=True, progress=print):
    """Judge again every autograded submission (of ``assignments``); returns {(student, assignment): changed}."""
    results, cache = {}, {}
    for student, assignment in graded_pairs(course, assignments):
        if assignment not in cache:
            cache[assignment] = ({p.name: notebooks.read(p) for p in course.source_notebooks(assignment)},
                                 reference.load(course.root, assignment, current=False))
        sources, stored = cache[assignment]
        changed = rejudge_submission(course, student, assignment, sources, stored)
        if changed and feedback:
            course.generate_feedback(student, assignment)
        results[(student, assignment)] = changed
        if progress and changed:
            progress(f"{student} {assignment}: verdict changed in {', '.join(changed)}")
    update_grades_csv(course, course.root / "grades.csv", {pair for pair, cells in results.items() if cells})
    return results
