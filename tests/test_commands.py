"""The command line behind `make grade`, on a scratch copy of the course."""
import csv

from course1.grading import budget, samples
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


def test_demo_grades_a_small_cohort_with_a_damaged_notebook(tmp_path, capsys):
    samples.copy_course(ROOT, tmp_path)
    assignment = ASSIGNMENTS[0]
    assert main(["--root", str(tmp_path), "demo", assignment, "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    for student in (samples.SOLUTION, samples.UNTOUCHED, samples.MISTAKE, samples.DAMAGED):
        assert student in out, f"{student} missing from the table"
    assert "[4/4]" in out, "no progress line per submission"
    assert "absl" not in out and "oneDNN" not in out
    demo = tmp_path / ".demo"
    with open(demo / "grades.csv") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    assert rows[samples.SOLUTION]["percent"] == "100.0" and rows[samples.UNTOUCHED]["score"] == "0"
    assert 0 < float(rows[samples.MISTAKE]["percent"]) < 100
    assert rows[samples.DAMAGED]["score"] == "0" and "not valid notebook JSON" in rows[samples.DAMAGED]["notes"]
    assert (demo / "reports" / assignment / "scores.png").stat().st_size > 0
    assert list((demo / "feedback" / samples.SOLUTION / assignment).glob("*.html"))
    for written in ("grades.csv", "feedback", "reports"):
        assert str(demo / written) in out


def test_ci_budget_prints_the_parts_and_a_projection(tmp_path, capsys):
    data = {"parts": {"notebook executions": 120.0, "mistakes": 60.0, "the rest": 30.0}, "wall": 105.0,
            "workers": 2, "assignments": 2, "mistakes": 40, "datasets": 1, "job_overhead": 3.0}
    budget.write(tmp_path / budget.BUDGET_FILE, data)
    assert main(["--root", str(tmp_path), "ci-budget", "--notebooks", "4"]) == 0
    out = capsys.readouterr().out
    assert "notebook executions" in out and "projected (4 notebooks)" in out
    projected, wall = budget.projection(data, budget.Curriculum(notebooks=4, datasets=0, shipped_models=0))
    # by hand: 4 x (45 + 3) = 192; 4 x 20 mistakes x 1.5 s = 120; the rest 30 x 4 / 2 = 60; cores fully busy
    assert projected["notebook executions"] == 192 and projected["mistakes"] == 120 and projected["the rest"] == 60
    assert wall == (192 + 120 + 60) / 2


def test_ci_budget_without_a_run_says_what_to_do(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "ci-budget"]) == 1
    assert "run the test suite first" in capsys.readouterr().err
