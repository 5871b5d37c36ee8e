"""Command line of the instructor pipeline: ``python -m course1.grading <command> [--root FOLDER]``."""
import argparse
import os
import pathlib
import sys
import time

# before anything imports TensorFlow (the conv bench, kernels started from here): no C++ notices
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from course1.cache import cache_dir

from . import budget, datacache, kernel, rejudge, samples
from .limits import UNSANDBOXED_VARIABLE
from .batch import grade_all, local_cores, score_table, write_grades_csv
from .bench import bench, bench_table
from .bundle import bundle
from .course import Course
from .lab import lab
from .report import write_reports


def cmd_release(args):
    course = Course(args.root)
    for assignment in args.assignment or course.assignments():
        course.generate_release(assignment)
        calls = datacache.needs(course, assignment)
        print(f"release/{assignment}/ regenerated ({len(calls)} data loader call(s) recorded in "
              f"{datacache.RECORDS}/{assignment}.json)")


def warm_data_cache(course, assignments=None):
    """Build the data of ``assignments`` before any kernel starts, and say how long it took."""
    start = time.perf_counter()
    built = datacache.warm_cache(course, assignments)
    print(f"data cache ready in {time.perf_counter() - start:.1f} s ({len(built)} loader call(s), {cache_dir()})")


def sandbox_or_fallback(unsandboxed_ok):
    """The protections line; without bubblewrap, refuse (SystemExit) unless ``unsandboxed_ok``, and then
    grade unsandboxed in this process and its workers."""
    reason = kernel.bubblewrap()
    if reason and not unsandboxed_ok:
        raise SystemExit(kernel.refusal(reason))
    if reason:
        os.environ[UNSANDBOXED_VARIABLE] = "1"
    return kernel.protections()


def cmd_rejudge(course, args):
    start = time.perf_counter()
    results = rejudge.rejudge_all(course, args.assignment or None)
    changed = sum(1 for cells in results.values() if cells)
    print(f"Re-judged {len(results)} graded submission(s) in {time.perf_counter() - start:.1f} s, no kernel run: "
          f"{changed} changed; the gradebook, autograded/, their feedback and grades.csv are updated.")
    return 0


def cmd_grade(args):
    course = Course(args.root)
    if args.rejudge:
        return cmd_rejudge(course, args)
    pairs = [p for p in course.submissions() if not args.assignment or p[1] in args.assignment]
    if not pairs:
        print(f"Nothing to grade: put submissions under {course.root / 'submitted'}/<student>/<assignment>/.")
        return 0
    where = f"on the Dask cluster at {args.scheduler}" if args.scheduler else \
        f"{args.jobs} at a time" if args.jobs > 1 else "one at a time"
    print(f"Grading {len(pairs)} submission(s) {where}.")
    print(sandbox_or_fallback(args.unsandboxed)
          + (" (checked on this machine; Dask workers check their own)" if args.scheduler else ""))
    if not args.scheduler:  # kernels read the data cache only: fill it first (Dask workers fill their own)
        warm_data_cache(course, sorted({a for _, a in pairs}))
    start = time.perf_counter()
    scores = grade_all(course, pairs, jobs=args.jobs, scheduler=args.scheduler)
    seconds = time.perf_counter() - start
    write_grades_csv(scores, course.root / "grades.csv")
    write_reports(course, scores)
    print(score_table(scores))
    print(f"\n{len(scores)} submission(s) in {seconds:.1f} s ({seconds / len(scores):.1f} s per submission); "
          f"grades.csv, feedback/ and reports/ (score histogram, share failing each test) written in {course.root}")
    return 0


def cmd_demo(args):
    root = pathlib.Path(args.root).resolve()
    course = Course(root)
    everything = course.assignments()
    for assignment in everything:
        course.generate_release(assignment)
    print(f"regenerated {len(everything)} release(s) in {root / 'release'}")
    if args.assignment:
        assignments = args.assignment
    else:
        assignments = everything if args.all else [a for a in everything if a in samples.QUICK]
    demo_root = root / ".demo"
    samples.copy_course(root, demo_root)
    demo = Course(demo_root)
    notes = {}
    for assignment in assignments:
        notes.update(samples.write_samples(demo, assignment))
    damaged = (samples.DAMAGED, assignments[0])
    samples.write_damaged(demo, *damaged)
    notes[damaged] = "notebook cut short in the middle of its JSON"
    warm_data_cache(demo, assignments)
    jobs = args.jobs or local_cores()
    print(f"Grading {len(notes)} sample submission(s) of {len(assignments)} assignment(s), {jobs} at a time"
          + ("" if args.all or args.assignment else " (make demo ALL=1 grades every assignment)") + ".")
    print(sandbox_or_fallback(True))  # a demo runs anywhere; the line says when it runs unsandboxed
    start = time.perf_counter()
    # the reference solution's grading is each assignment's reference run (course1.grading.reference)
    scores = grade_all(demo, list(notes), jobs=jobs, reference_student=samples.SOLUTION)
    seconds = time.perf_counter() - start
    write_grades_csv(scores, demo_root / "grades.csv")
    write_reports(demo, scores)
    print()
    print(score_table(scores, notes))
    print(f"\n{len(scores)} sample submission(s) graded in {seconds:.1f} s. Written:\n"
          f"  {demo_root / 'grades.csv'}  (one row per submission)\n"
          f"  {demo_root / 'feedback'}/<student>/<assignment>/  (the students' HTML feedback)\n"
          f"  {demo_root / 'autograded'}/<student>/<assignment>/  (the executed notebooks)\n"
          f"  {demo_root / 'reports'}/<assignment>/  (scores.png histogram, cells.csv, summary.md)")
    return 0


def cmd_ci_budget(args):
    root = pathlib.Path(args.root).resolve()
    try:
        data = budget.read(root / budget.BUDGET_FILE)
    except FileNotFoundError as err:
        print(f"ci-budget: {err}", file=sys.stderr)
        return 1
    print(budget.report(data, budget.Curriculum(notebooks=args.notebooks, mean_execution=args.mean_execution)))
    return 0


def cmd_bench(args):
    if not args.conv_only:
        rows = bench(args.root, args.assignment)
        print()
        print(bench_table(rows))
    try:  # it times course 4's library: the pipeline works without it
        from .conv_bench import conv_bench, conv_table
    except ImportError as error:
        print(f"\nconv benchmark skipped: course4 cannot be imported ({error})")
        return 0
    print()
    print(conv_table(conv_bench(args.root)))
    return 0


def cmd_lab(args):
    return lab(pathlib.Path(args.root).resolve(), args.port, args.token, args.instructor)


def cmd_bundle(args):
    root = pathlib.Path(args.root).resolve()
    try:
        zip_path, wheel_path = bundle(root, root / args.dist)
    except (FileNotFoundError, RuntimeError) as err:
        print(f"make bundle: {err}", file=sys.stderr)
        return 1
    print(f"for students: {zip_path} (the notebooks of release/)\n"
          f"              {wheel_path} (the helper library: pip install {wheel_path.name})")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m course1.grading", description=__doc__)
    parser.add_argument("--root", default=".", help="the course folder (default: the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, func, text in [
        ("release", cmd_release, "regenerate release/ from source/"),
        ("grade", cmd_grade, "autograde submitted/, write feedback/ and grades.csv"),
        ("demo", cmd_demo, "grade sample submissions in a scratch copy (.demo/)"),
        ("bench", cmd_bench, "time executing and autograding each assignment"),
    ]:
        sub = commands.add_parser(name, help=text)
        sub.add_argument("assignment", nargs="*", help="assignment ids (default: all)")
        sub.set_defaults(func=func)
        if name == "grade":
            sub.add_argument("--jobs", type=int, default=local_cores(),
                             help="submissions graded at once on this machine (default: all cores; 1: sequential)")
            sub.add_argument("--scheduler", help="grade on a Dask cluster, e.g. tcp://host:8786 (see README)")
            sub.add_argument("--rejudge", action="store_true",
                             help="judge the stored records of every graded submission again with the current "
                                  "judge parts of source/ (no kernel runs); updates autograded/, the gradebook, "
                                  "the changed feedback and grades.csv")
            sub.add_argument("--unsandboxed", action="store_true",
                             help="grade even where bubblewrap cannot run: kernels then see every file and the "
                                  "network (every grades.csv row says so)")
        if name == "demo":
            sub.add_argument("--all", action="store_true",
                             help=f"grade every assignment (default: the quick ones, {', '.join(samples.QUICK)})")
            sub.add_argument("--jobs", type=int, default=0, help="submissions graded at once (default: all cores)")
        if name == "bench":
            sub.add_argument("--conv-only", action="store_true",
                             help="print only the conv layer table (loops, course4.conv, tf.nn.conv2d)")
    sub = commands.add_parser("lab", help="start JupyterLab in the student workspace")
    sub.add_argument("--port", type=int, default=8888)
    sub.add_argument("--token", help="the access token (default: a new random one, printed in the URL)")
    sub.add_argument("--instructor", action="store_true",
                     help="serve the course folder (source/, release/, submitted/) instead of workspace/")
    sub.set_defaults(func=cmd_lab)
    sub = commands.add_parser("ci-budget", help="print where the last test run spent its time, and a projection")
    sub.add_argument("--notebooks", type=int, default=31, help="notebooks of the full curriculum (default 31)")
    sub.add_argument("--mean-execution", type=float, default=45.0,
                     help="mean seconds to execute a solution notebook (default 45, DESIGN.md)")
    sub.set_defaults(func=cmd_ci_budget)
    sub = commands.add_parser("bundle", help="zip release/ and build the helper library's wheel for students")
    sub.add_argument("--dist", default="dist", help="output folder, relative to the course (default: dist)")
    sub.set_defaults(func=cmd_bundle)
    args = parser.parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
