"""Sequential against parallel grading of one batch, in a scratch copy of the course.

``python -m course1.grading.speedup [assignment] [--students N] [--jobs J]`` writes N sample
submissions (solutions, typical mistakes, untouched releases, in turn), grades them one at a time and
then J at a time, checks that the grades agree and prints both times and the speedup.
"""
import argparse
import pathlib
import tempfile
import time

from . import kernel, notebooks, samples
from .batch import grade_all, local_cores
from .course import Course


def write_cohort(course, assignment, students):
    """Write ``students`` submissions cycling through solved, each typical mistake and untouched."""
    course.generate_release(assignment)
    variants = [{}, *({"mistake": m} for m in notebooks.read_mistakes(course.root / "source" / assignment)),
                {"solve": False}]
    pairs = []
    for i in range(students):
        student = f"student_{i:03d}"
        samples.write_submission(course, student, assignment, **variants[i % len(variants)])
        pairs.append((student, assignment))
    return pairs


def speedup(root, assignment, students, jobs):
    """Grade the same cohort sequentially and with ``jobs`` workers.

    Returns
    -------
    (sequential_seconds, parallel_seconds, identical, differences) : (float, float, bool, list)
        ``differences`` pairs the sequential and parallel rows that disagree
    """
    timings, grades = [], []
    with tempfile.TemporaryDirectory(prefix="dlcourse-speedup-") as tmp:
        for n in (1, jobs):
            folder = pathlib.Path(tmp) / f"jobs{n}"
            samples.copy_course(pathlib.Path(root).resolve(), folder)
            course = Course(folder)
            pairs = write_cohort(course, assignment, students)
            start = time.perf_counter()
            scores = grade_all(course, pairs, progress=None, jobs=n)
            timings.append(time.perf_counter() - start)
            grades.append([(s.student, s.score, sorted(s.cells.items()), s.error) for s in scores])
    differences = [(a, b) for a, b in zip(*grades) if a != b]
    return timings[0], timings[1], not differences, differences


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course1.grading.speedup", description=__doc__)
    parser.add_argument("assignment", nargs="?", default="c1w2_python_basics")
    parser.add_argument("--root", default=".", help="the course folder (default: the current folder)")
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=local_cores())
    args = parser.parse_args(argv)
    sequential, parallel, identical, differences = speedup(args.root, args.assignment, args.students, args.jobs)
    n = args.students
    print(f"{n} submissions of {args.assignment} on {local_cores()} core(s):\n"
          f"  sequential        {sequential:6.1f} s  ({sequential / n:.1f} s per submission)\n"
          f"  {args.jobs} jobs at a time {parallel:6.1f} s  ({parallel / n:.1f} s per submission)\n"
          f"  speedup {sequential / parallel:.2f}x; grades identical: {'yes' if identical else 'NO'}")
    print(f"  {kernel.protections()}")
    for row in differences:
        print(f"  differs: sequential {row[0]}\n           parallel   {row[1]}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
