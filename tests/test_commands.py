"""The command line behind `make grade`, on a scratch copy of the course."""
import csv

from course1.grading import samples
from course1.grading.__main__ import main
from course1.grading.course import Course
from conftest import ASSIGNMENTS, ROOT


def test_grade_writes_grades_csv_feedback_and_a_table(tmp_path, capsys):
    samples.copy_course(ROOT, tmp_path)
    course = Course(tmp_path)
    assignment = ASSIGNMENTS[0]
    samples.write_submission(course, "alice", assignment, solve=False)
    assert main(["--root", str(tmp_path), "grade"]) == 0
    out = capsys.readouterr().out
    assert "alice" in out and assignment in out and "grades.csv" in out
    with open(tmp_path / "grades.csv") as f:
        rows = list(csv.DictReader(f))
    assert [(r["student"], r["assignment"], r["score"]) for r in rows] == [("alice", assignment, "0")]
    assert float(rows[0]["max_score"]) > 0
    assert list(course.feedback_dir("alice", assignment).glob("*.html"))


def test_grade_with_nothing_submitted_says_where_to_put_submissions(tmp_path, capsys):
    samples.copy_course(ROOT, tmp_path)
    assert main(["--root", str(tmp_path), "grade"]) == 0
    assert "put submissions under" in capsys.readouterr().out
