"""The instructor report: score histogram and, per test cell, the share of students failing it."""
import csv

import matplotlib.image

from course1.grading import report
from course1.grading.course import Course, Score
from conftest import ROOT

ASSIGNMENT = "c1w2_python_basics"


def cohort():
    """Four hand-made results on two of the assignment's test cells (1 and 2 points)."""
    def score(student, a, b, error=""):
        cells = {} if error else {"sigmoid_test": (a, 1.0), "sigmoid_hidden": (b, 2.0)}
        return Score(student, ASSIGNMENT, a + b if not error else 0.0, 0.0 if error else 3.0, cells, error)
    return [score("ann", 1.0, 2.0), score("ben", 1.0, 0.0), score("cat", 0.0, 0.0),
            score("dan", 0, 0, error="the notebook is not valid JSON")]


def test_cell_stats_count_failures_by_hand():
    stats = {c.cell: c for c in report.cell_stats(cohort(), {"sigmoid_test": "sigmoid"})}
    # sigmoid_test: ann and ben pass, cat fails -> 1 of 3; sigmoid_hidden: only ann passes -> 2 of 3
    assert (stats["sigmoid_test"].failed, stats["sigmoid_test"].graded) == (1, 3)
    assert (stats["sigmoid_hidden"].failed, stats["sigmoid_hidden"].graded) == (2, 3)
    assert abs(stats["sigmoid_hidden"].share_failing - 2 / 3) < 1e-12
    assert stats["sigmoid_test"].exercise == "sigmoid" and stats["sigmoid_hidden"].exercise == ""


def test_summary_line_by_hand():
    # percents 100, 33.3, 0 -> mean 44.4, median 33.3; one full, one zero, one not graded
    assert report.summary_line(cohort()) == ("4 submission(s): mean 44.4%, median 33.3%, 1 with full marks, "
                                             "1 with zero, 1 not graded.")
    assert report.summary_line([]) == "0 submission(s), none graded."


def test_exercise_of_each_test_cell_is_the_solution_before_it():
    course = Course(ROOT)
    owners = report.exercise_of_tests(map(report.notebooks.read, course.source_notebooks(ASSIGNMENT)))
    assert owners["sigmoid_test"] == owners["sigmoid_hidden"] == "sigmoid"
    assert owners["softmax_hidden"] == "softmax"


def test_write_report_files(tmp_path):
    folder = report.write_report(Course(ROOT), ASSIGNMENT, cohort(), tmp_path / "report")
    image = matplotlib.image.imread(folder / "scores.png")
    assert image.shape[0] > 100 and image.shape[1] > 100
    with open(folder / "cells.csv") as f:
        rows = {r["test cell"]: r for r in csv.DictReader(f)}
    assert rows["sigmoid_hidden"]["failed"] == "2" and rows["sigmoid_hidden"]["share failing"] == "67%"
    assert rows["sigmoid_hidden"]["exercise"] == "sigmoid"
    summary = (folder / "summary.md").read_text()
    assert "scores.png" in summary and "mean 44.4%" in summary
    table = [line for line in summary.splitlines() if line.startswith("| sigmoid")]
    assert table[0].startswith("| sigmoid_hidden |"), "the most often failed test comes first"
