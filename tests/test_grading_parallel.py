"""`make grade` scales out: the same per-submission jobs in-process, on local workers and on Dask agree."""
import contextlib
import csv
import os
import time

import pytest

from course1.grading import jobs, notebooks, samples
from course1.grading.__main__ import main
from course1.grading.batch import grade_all, kernel_threads, local_cores
from course1.grading.course import Course
from conftest import ROOT

ASSIGNMENT = "c1w2_python_basics"  # a NumPy assignment: a kernel grades it in about 2 s


def write_batch(course):
    """Three reduced submissions of one assignment: solved, with the demo mistake, untouched."""
    course.generate_release(ASSIGNMENT)
    write = lambda student, **kw: samples.write_submission(  # noqa: E731
        course, student, ASSIGNMENT, transform=notebooks.graded_only, **kw)
    write("ada")
    write("bob", mistake=samples.demo_mistake(course, ASSIGNMENT))
    write("cyd", solve=False)
    return [("ada", ASSIGNMENT), ("bob", ASSIGNMENT), ("cyd", ASSIGNMENT)]


def grades(scores):
    return [(s.student, s.assignment, s.score, s.max_score, sorted(s.cells.items()), s.error) for s in scores]


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    """The batch graded one at a time in this process (the reference), with the seconds it took."""
    root = tmp_path_factory.mktemp("sequential")
    samples.copy_course(ROOT, root)
    course = Course(root)
    pairs = write_batch(course)
    start = time.perf_counter()
    scores = grade_all(course, pairs, progress=None)
    return course, pairs, scores, time.perf_counter() - start


def test_sequential_batch_scores_as_expected(sequential):
    course, _, scores, _ = sequential
    ada, bob, cyd = scores
    assert ada.score == ada.max_score > 0
    assert 0 < bob.score < bob.max_score
    assert cyd.score == 0
    for s in scores:  # the coordinator stored what the job graded: gradebook, notebooks, feedback
        assert course.score(s.student, ASSIGNMENT).cells == s.cells
        assert list(course.autograded_dir(s.student, ASSIGNMENT).glob("*.ipynb"))
        assert list(course.feedback_dir(s.student, ASSIGNMENT).glob("*.html"))


def test_local_workers_grade_identically(sequential, tmp_path):
    course, pairs, reference, seconds = sequential
    samples.copy_course(ROOT, tmp_path)
    parallel_course = Course(tmp_path)
    write_batch(parallel_course)
    start = time.perf_counter()
    scores = grade_all(parallel_course, pairs, progress=None, jobs=2)
    print(f"\n{len(pairs)} submissions: sequential {seconds:.1f} s, 2 local workers "
          f"{time.perf_counter() - start:.1f} s (including the workers' start-up)")
    assert grades(scores) == grades(reference)
    for student, _ in pairs:
        assert parallel_course.score(student, ASSIGNMENT).cells == course.score(student, ASSIGNMENT).cells


def test_dask_cluster_grades_identically(sequential, tmp_path):
    distributed = pytest.importorskip("distributed")
    course, pairs, reference, _ = sequential
    samples.copy_course(ROOT, tmp_path)
    dask_course = Course(tmp_path)
    write_batch(dask_course)
    with contextlib.ExitStack() as stack:
        cluster = stack.enter_context(distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None))
        scores = grade_all(dask_course, pairs, progress=None, scheduler=cluster.scheduler_address)
    assert grades(scores) == grades(reference)
    for student, _ in pairs:
        assert list(dask_course.feedback_dir(student, ASSIGNMENT).glob("*.html"))
        assert dask_course.score(student, ASSIGNMENT).cells == course.score(student, ASSIGNMENT).cells


def test_regrading_replaces_the_previous_result(sequential, tmp_path):
    """A submission graded again (here with a mistake fixed) updates its gradebook rows and files."""
    samples.copy_course(ROOT, tmp_path)
    course = Course(tmp_path)
    course.generate_release(ASSIGNMENT)
    samples.write_submission(course, "bob", ASSIGNMENT, transform=notebooks.graded_only,
                             mistake=samples.demo_mistake(course, ASSIGNMENT))
    (first,) = grade_all(course, [("bob", ASSIGNMENT)], feedback=False, progress=None)
    samples.write_submission(course, "bob", ASSIGNMENT, transform=notebooks.graded_only)
    (second,) = grade_all(course, [("bob", ASSIGNMENT)], feedback=False, progress=None)
    assert first.score < second.score == second.max_score
    assert course.score("bob", ASSIGNMENT).score == second.max_score


def test_make_grade_prints_time_per_submission(tmp_path, capsys):
    samples.copy_course(ROOT, tmp_path)
    course = Course(tmp_path)
    course.generate_release(ASSIGNMENT)
    samples.write_submission(course, "ada", ASSIGNMENT, transform=notebooks.graded_only)
    assert main(["--root", str(tmp_path), "grade", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "one at a time" in out and "s per submission" in out
    assert {p.name for p in (tmp_path / "reports" / ASSIGNMENT).iterdir()} == {"scores.png", "cells.csv", "summary.md"}
    with open(tmp_path / "grades.csv") as f:
        (row,) = csv.DictReader(f)
    assert row["student"] == "ada" and row["score"] == row["max_score"]


def test_kernel_threads_share_the_cores():
    assert kernel_threads(1) == local_cores()
    assert kernel_threads(local_cores()) == 1
    assert kernel_threads(10 * local_cores()) == 1


def test_pinned_threads_are_set_for_kernels_and_restored(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    monkeypatch.delenv("TF_NUM_INTRAOP_THREADS", raising=False)
    with jobs.pinned_threads(1):
        assert all(os.environ[k] == "1" for k in jobs.THREAD_VARIABLES)
    assert os.environ["OMP_NUM_THREADS"] == "7"
    assert "TF_NUM_INTRAOP_THREADS" not in os.environ


def test_job_files_never_leave_the_scratch_folder(tmp_path):
    with pytest.raises(ValueError, match="outside"):
        jobs.write_tree({"../escape.txt": b"x"}, tmp_path / "job")
    assert not (tmp_path / "escape.txt").exists()
