"""Grade many submissions: autograde (in-process, on local worker processes or on Dask), ``grades.csv``, tables."""
import concurrent.futures
import concurrent.futures.process
import contextlib
import csv
import dataclasses
import itertools
import multiprocessing
import os

from . import datacache, reference
from . import jobs as grading_jobs
from .course import Score


def local_cores():
    """Cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def kernel_threads(jobs):
    """Threads per kernel when ``jobs`` kernels share the local cores (1 on a Dask cluster)."""
    return max(1, local_cores() // max(1, jobs))


class InProcess:
    """Runs each job at once in this process (``jobs=1``): no worker start-up cost."""

    def submit(self, fn, *args):
        future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args))
        except Exception as e:  # a crashed job becomes an error row, as on a worker
            future.set_exception(e)
        return future

    def share(self, value):
        return value

    @staticmethod
    def wait_first(futures):
        return set(futures)

    def restart(self):
        pass

    def close(self):
        pass


class LocalPool(InProcess):
    """Runs jobs on ``jobs`` fresh worker processes of this machine."""

    def __init__(self, jobs):
        self.jobs = jobs
        self.pool = self._start()

    def _start(self):
        return concurrent.futures.ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    @staticmethod
    def wait_first(futures):
        return concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED).done

    def restart(self):
        """Replace a pool whose worker died (the jobs it held are submitted again)."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()

    def close(self):
        self.pool.shutdown()


class DaskCluster(InProcess):
    """Hands jobs to a dask.distributed scheduler (e.g. ``tcp://host:8786``)."""

    def __init__(self, scheduler):
        import distributed  # imported here: only Dask runs need it

        self.distributed = distributed
        self.client = scheduler if isinstance(scheduler, distributed.Client) else distributed.Client(scheduler)
        self.owned = self.client is not scheduler

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def share(self, value):
        return self.client.scatter(value, broadcast=True)

    def wait_first(self, futures):
        return self.distributed.wait(list(futures), return_when="FIRST_COMPLETED").done

    def close(self):
        if self.owned:
            self.client.close()


def runner(jobs=1, scheduler=None):
    """The job runner for a batch: Dask if ``scheduler`` is given, else ``jobs`` local processes."""
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if scheduler is not None:
        return DaskCluster(scheduler)
    return InProcess() if jobs == 1 else LocalPool(jobs)


def run_jobs(run, shared, pairs, course, feedback, threads, window):
    """Yield (index into pairs, JobResult) as jobs finish, with at most ``window`` jobs in flight.

    A job that raises becomes a result with an error message; a job lost with its worker process
    is submitted once more on a fresh pool.
    """
    pending, todo, retried = {}, list(range(len(pairs)))[::-1], set()
    while todo or pending:
        while todo and len(pending) < window:
            index = todo.pop()
            student, assignment = pairs[index]
            sub = grading_jobs.submission(course, student, assignment)
            pending[run.submit(grading_jobs.run_job, shared[assignment], sub, feedback, threads,
                               str(course.root / "source"))] = index
        for future in run.wait_first(list(pending)):
            index = pending.pop(future)
            try:
                yield index, future.result()
            except concurrent.futures.process.BrokenProcessPool:
                if index in retried:
                    yield index, crashed(pairs[index], "its worker process died twice")
                    continue
                retried.add(index)
                run.restart()
                todo.extend([index, *pending.values()])  # the old pool's other jobs are lost too
                pending.clear()
                break
            except Exception as e:  # noqa: BLE001 (any failure of one job must not stop the batch)
                yield index, crashed(pairs[index], f"{type(e).__name__}: {e}")


def crashed(pair, why):
    student, assignment = pair
    return grading_jobs.JobResult(Score(student, assignment, error=f"the grader crashed on this submission ({why}); "
                                                                   "grade it again, and report it if it repeats."))


def make_references(run, course, shared, pairs, threads, feedback=True, reference_student=None, progress=None):
    """Make the reference run of every assignment in ``shared`` that has no current one (:mod:`.reference`).

    Each is a job of its own, on the same runner as the batch: the source's solution as a submission, or
    the submission of ``reference_student`` where the caller knows it is the solution (the test suite:
    its grading of the solution is then the reference run). Returns ({assignment: JobResult of
    ``reference_student``}, [warnings]).
    """
    # only where some submission will run: a batch the static scan refuses whole needs no reference
    todo = [a for a in shared if reference.load(course.root, a) is None
            and any(not grading_jobs.refused_by_scan(course, s, a) for s, b in pairs if b == a)]
    futures, own, warnings = {}, {}, []
    for assignment in todo:
        files = run.share(grading_jobs.reference_job(shared[assignment]))
        mine = reference_student is not None and (reference_student, assignment) in pairs
        sub = grading_jobs.submission(course, reference_student, assignment) if mine else \
            grading_jobs.reference_submission(course, assignment)
        futures[run.submit(grading_jobs.run_job, files, sub, feedback and mine, threads, str(course.root / "source"))] = \
            (assignment, mine)
    while futures:
        for future in run.wait_first(list(futures)):
            assignment, mine = futures.pop(future)
            try:
                result = future.result()
            except Exception as e:  # noqa: BLE001 (grading goes on; the cells that need the run fail)
                warnings.append(f"the reference run of {assignment} crashed ({type(e).__name__}: {e})")
                continue
            why = grading_jobs.save_reference(course, result)
            if why:
                warnings.append(why)
            elif progress and not mine:
                progress(f"reference run of {assignment} made ({result.seconds:.1f} s, once per version of the "
                         f"assignment; kept in {reference.FOLDER}/)")
            if mine:
                own[assignment] = result
    return own, warnings


def grade_all(course, pairs=None, feedback=True, progress=print, jobs=1, scheduler=None, threads=None,
              reference_student=None):
    """Autograde submissions and write their feedback.

    Each submission is graded by a job in a scratch folder of its own (see :mod:`.jobs`); only this
    process writes the course's gradebook, ``autograded/`` and ``feedback/``.

    Arguments
    course -- a :class:`~course1.grading.course.Course`
    pairs -- (student, assignment) pairs; default: everything under ``submitted/``
    feedback -- also write ``feedback/<student>/<assignment>/*.html``
    progress -- callable receiving one line per graded submission (None for silence)
    jobs -- submissions graded at once on this machine (1: in this process, one after the other)
    scheduler -- a Dask scheduler address (or ``distributed.Client``): grade there instead
    threads -- thread count of each kernel's numerical libraries (default: the cores shared by the jobs)
    reference_student -- a student whose submissions are the reference solution: where an assignment has no
                         current reference run, that student's grading is it (the test suite's solution)

    Returns
    scores -- list of :class:`~course1.grading.course.Score`, in the order of ``pairs``
    """
    pairs = course.submissions() if pairs is None else list(pairs)
    assignments = sorted({a for _, a in pairs})
    for assignment in assignments:
        course.generate_release(assignment)  # registers the assignment and its cells in the gradebook
    gradebook = grading_jobs.blank_gradebook(course) if assignments else b""
    shared = {a: grading_jobs.assignment_files(course, a, gradebook) for a in assignments}
    if scheduler is None:  # kernels side by side read the data cache only: fill it here, once for all jobs
        datacache.fill([call for files in shared.values() for call in files.data])
        shared = {a: dataclasses.replace(files, data=[]) for a, files in shared.items()}  # Dask workers fill theirs
    if threads is None:
        threads = 1 if scheduler is not None else kernel_threads(jobs)
    scores = [None] * len(pairs)
    with contextlib.closing(runner(jobs, scheduler)) as run:
        own, warnings = make_references(run, course, shared, pairs, threads, feedback, reference_student, progress)
        for why in warnings:
            if progress:
                progress(f"warning: {why}")
        shared = {a: run.share(grading_jobs.with_reference(course, files)) for a, files in shared.items()}
        done_pairs = {(reference_student, a): result for a, result in own.items()}
        window = 2 * jobs if scheduler is None else len(pairs)  # Dask queues and balances jobs itself
        rest = [index for index, pair in enumerate(pairs) if pair not in done_pairs]
        finished = [(pairs.index(pair), result) for pair, result in done_pairs.items()]
        later = ((rest[i], result) for i, result in run_jobs(run, shared, [pairs[i] for i in rest], course, feedback,
                                                             threads, window))
        for done, (index, result) in enumerate(itertools.chain(finished, later), 1):
            scores[index] = score = grading_jobs.store(course, result)
            score.seconds = result.seconds
            if progress:
                status = score.error or f"{score.score:g} / {score.max_score:g}"
                progress(f"[{done}/{len(pairs)}] {score.student} {score.assignment}: {status} "
                         f"({result.seconds:.1f} s)")
    return scores


def write_grades_csv(scores, path):
    """One row per submission: student, assignment, score, max_score, percent, error, notes, flagged, sandbox
    ("on", or "off: why" when its kernel ran without the sandbox)."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", "score", "max_score", "percent", "error", "notes", "flagged",
                         "sandbox"])
        for s in scores:
            writer.writerow([s.student, s.assignment, f"{s.score:g}", f"{s.max_score:g}",
                             f"{s.percent:.1f}", s.error, " ".join(s.notes), "yes" if s.flagged else "", s.sandbox])


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
             s.error or " ".join(s.notes) or notes.get((s.student, s.assignment), "")] for s in scores]
    return format_table(rows, ["assignment", "student", "score", "percent", "note"])
