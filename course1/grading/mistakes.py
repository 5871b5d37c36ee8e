"""Typical mistakes judged in one warm kernel per assignment, cell by cell as nbgrader's autograde does.

Grading a mistake through nbgrader costs a kernel start, a gradebook and a feedback page; proving
that each of an assignment's typical mistakes (``mistakes.toml``) loses points only needs to know
which test cells fail. :class:`MistakeKernel` runs, for each mistake, the notebook nbgrader would
run for a submission reduced to its graded cells: the source notebook's setup, locked and test cells
verbatim (visible tests, and the kernel parts of hidden tests), the reference solutions with the one
mistake applied, in the source's order. A hidden cell is judged by the same judge as nbgrader's route
(:mod:`.judge`: its records, checked in this process; the reference solution's own run, judged first,
is the reference of the mistakes); a visible cell (no points) as nbgrader judges it
(:func:`nbgrader.utils.determine_grade` on the outputs, with the reply's error appended when no error
output shows it, as nbgrader's ``Execute`` does).

One mistake must not leak into the next: before each one the kernel's namespace is reset (and
Keras' session and matplotlib's figures cleared), every cell is put back from the source, and the
kernel is restarted after any error outside a test cell, after a timeout and after a dead kernel.
The kernel is never forked (TensorFlow does not survive a fork). The test suite proves the route
by running the mistakes in forward and in reversed order (identical results) and by comparing it
with nbgrader's autograde on each assignment's demo mistake.
"""
import asyncio
import contextlib
import pathlib
import shutil
import tempfile
from dataclasses import dataclass, field

import nbformat
from nbgrader.utils import determine_grade

from . import judge as judging, notebooks, scan
from .kernel import SandboxedKernelManager
from .course import Score
from .jobs import pinned_threads

RESET = """%reset -f
import sys
if "keras" in sys.modules:
    sys.modules["keras"].backend.clear_session()
if "matplotlib.pyplot" in sys.modules:
    sys.modules["matplotlib.pyplot"].close("all")
if "numpy" in sys.modules:
    sys.modules["numpy"].seterr(divide="warn", over="warn", under="ignore", invalid="warn")
%reset -f
"""
OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}


@dataclass(frozen=True)
class Cell:
    """A code cell as grading runs it."""

    grade_id: str | None
    source: str
    nbgrader: dict  # the cell's nbgrader metadata (``grade``, ``points``, ...)

    @property
    def is_test(self):
        return bool(self.nbgrader.get("grade")) and not self.nbgrader.get("solution")


@dataclass
class Run:
    """What one notebook run gave: grade_id -> (score, max_score) per test cell, and what went wrong."""

    cells: dict = field(default_factory=dict)
    broken: list = field(default_factory=list)  # non-test cells that raised (grade_id or index), timeouts
    records: dict = field(default_factory=dict)  # grade_id -> [(label, payload)] of each hidden cell


def graded_cells(source_nb, mistake=None):
    """The code cells nbgrader runs for a submission reduced to its graded cells, with ``mistake`` applied.

    Arguments
    source_nb -- the instructor's notebook (solutions and hidden tests)
    mistake -- a :class:`~course1.grading.notebooks.Mistake` of one of its solution cells, or None

    Returns
    list of :class:`Cell`, in the source's order
    """
    nb = notebooks.graded_only(notebooks.solved(source_nb, source_nb, mistake))
    return [Cell(notebooks.grade_id(c), c.source, dict(notebooks.nbgrader_meta(c)))
            for c in nb.cells if c.cell_type == "code"]


def notebook_of(cells):
    """The cells as a notebook (what the judge reads: the locked imports and the answer cells)."""
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.source, metadata={"nbgrader": c.nbgrader})
                                           for c in cells])


def judge(cell, outputs, reply, judge_=None):
    """(score, max_score) of a test cell from its outputs and execute reply, as nbgrader's autograde;
    a hidden test (with ``judge_``, a :class:`~course1.grading.judge.Judge`) from its judged outputs."""
    node = nbformat.v4.new_code_cell(cell.source, metadata={"nbgrader": cell.nbgrader})
    node.outputs = list(outputs)
    content = (reply or {}).get("content", {"status": "error", "ename": "NoReply", "evalue": "", "traceback": []})
    if content.get("status") == "error" and not any(
            o.output_type == "error" and o.get("ename") == content.get("ename") for o in node.outputs):
        node.outputs.append(nbformat.v4.new_output("error", ename=content.get("ename", ""),
                                                   evalue=content.get("evalue", ""), traceback=[]))
    if judge_ is not None and cell.grade_id in judge_.hidden:
        node.outputs = judging.judge_cell(judge_, cell.grade_id, node.outputs)
    return determine_grade(node)


class MistakeKernel:
    """One kernel (restarted when needed) that judges many variants of an assignment's notebooks.

    Arguments
    workdir -- the kernel's working folder (a scratch copy of the assignment's files)
    timeout -- seconds per cell (nbgrader's ``Execute.timeout``)
    threads -- thread count of the numerical libraries in the kernel
    extra_arguments -- the kernel's command-line arguments (nbgrader's ``Execute.extra_arguments``)
    """

    def __init__(self, workdir, timeout=300, threads=1, extra_arguments=()):
        self.workdir, self.timeout, self.threads = str(workdir), timeout, threads
        self.extra_arguments = list(extra_arguments)
        self.km = self.kc = None

    async def start(self):
        self.km = SandboxedKernelManager(kernel_name="python3")
        with pinned_threads(self.threads):
            await self.km.start_kernel(cwd=self.workdir, extra_arguments=self.extra_arguments)
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=120)

    async def stop(self):
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None:
            with contextlib.suppress(Exception):
                await self.km.shutdown_kernel(now=True)
        self.km = self.kc = None

    async def restart(self):
        await self.stop()
        await self.start()

    async def execute(self, code):
        """(outputs, reply) of ``code``; reply is None when the cell timed out or the kernel died."""
        outputs = []

        def hook(msg):
            if msg["msg_type"] in OUTPUT_TYPES:
                outputs.append(nbformat.v4.output_from_msg(msg))

        try:
            reply = await self.kc.execute_interactive(code, output_hook=hook, timeout=self.timeout,
                                                      allow_stdin=False, stop_on_error=False)
        except TimeoutError:
            return outputs, None
        return outputs, reply

    async def run(self, cells, source_nb, reference=None, reference_run=False):
        """Run ``cells`` (a list of :class:`Cell`) on a clean namespace; returns a :class:`Run`.

        ``source_nb`` -- the instructor's notebook (the judge's code); ``reference`` -- {grade_id: records} of
        the reference solution's run; ``reference_run``: this is it
        """
        result = Run()
        judge_ = judging.Judge(source_nb, notebook_of(cells), reference, reference_run)
        _, reply = await self.execute(RESET)
        if reply is None or reply["content"]["status"] != "ok" or not await self.km.is_alive():
            await self.restart()
        for index, cell in enumerate(cells):
            if not await self.km.is_alive():
                outputs, reply = [], None
            else:
                hidden = cell.grade_id in judge_.hidden and cell.is_test
                outputs, reply = await self.execute(judging.kernel_part(judge_.hidden[cell.grade_id]) if hidden
                                                    else cell.source)
                if hidden:
                    result.records[cell.grade_id] = judging.records_of(outputs)[0]
            if cell.is_test:
                result.cells[cell.grade_id] = judge(cell, outputs, reply, judge_)
            if reply is None or (not cell.is_test and reply["content"]["status"] != "ok"):
                result.broken.append(cell.grade_id or index)
            if reply is None and await self.km.is_alive():  # a timeout: stop the cell the hard way
                await self.restart()
        if result.broken:  # whatever that error left behind must not meet the next run
            await self.restart()
        return result


def tampering(cells, protected):
    """What the grader's static scan says of these cells (empty if nothing): nbgrader's route would not
    run such a submission but score it 0 and flag it, and so does this one."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.source, metadata={"nbgrader": c.nbgrader})
                                         for c in cells])
    return scan.scan(nb, protected)


def judge_mistakes(course, assignment, mistakes, students, threads=1, baseline=None):
    """Judge each of ``mistakes`` of ``assignment`` in one warm kernel.

    Arguments
    course -- a :class:`~course1.grading.course.Course` holding ``source/<assignment>/``
    assignment -- its id
    mistakes -- :class:`~course1.grading.notebooks.Mistake` objects, judged in this order
    students -- the name under which each mistake's :class:`~course1.grading.course.Score` is returned
    threads -- thread count of the numerical libraries in the kernel
    baseline -- also judge the reference solution (no mistake) first, under this name

    Returns
    {student: Score} with (score, max_score) of every test cell; ``Score.notes`` names the non-test
    cells that raised; a mistake the static scan flags is not run and scores 0 (``Score.flagged``)
    """
    source_dir = course.root / "source" / assignment
    sources = {p.name: notebooks.read(p) for p in course.source_notebooks(assignment)}
    owners = {notebooks.grade_id(c): name for name, nb in sources.items() for c in notebooks.solution_cells(nb)}
    jobs = [(baseline, None)] if baseline else []
    jobs += list(zip(students, mistakes))
    execute = course.config.get("Execute", {})
    scores = {}

    async def main(workdir):
        kernel = MistakeKernel(workdir, timeout=execute.get("timeout", 300), threads=threads,
                               extra_arguments=execute.get("extra_arguments", []))
        await kernel.start()
        try:
            base = {}
            for name, nb in sources.items():
                base[name] = await kernel.run(graded_cells(nb), nb, reference_run=True)
            if baseline:
                scores[baseline] = as_score(baseline, assignment, base.values())
            for student, mistake in jobs[1 if baseline else 0:]:
                if mistake.cell not in owners:
                    raise ValueError(f"mistake {mistake.what!r}: no solution cell {mistake.cell!r} in {assignment}")
                runs = dict(base)
                source = sources[owners[mistake.cell]]
                cells = graded_cells(source, mistake)
                flags = tampering(cells, scan.imported_names(source))
                if flags:
                    scores[student] = as_score(student, assignment, [zero(r) for r in runs.values()])
                    scores[student].flagged, scores[student].notes = True, flags
                    continue
                runs[owners[mistake.cell]] = await kernel.run(cells, source, reference=base[owners[mistake.cell]].records)
                scores[student] = as_score(student, assignment, runs.values())
        finally:
            await kernel.stop()

    with tempfile.TemporaryDirectory(prefix=f"dlcourse-mistakes-{assignment}-") as tmp:
        workdir = pathlib.Path(tmp) / assignment
        shutil.copytree(source_dir, workdir, ignore=shutil.ignore_patterns("*.ipynb", "mistakes.toml"))
        asyncio.run(main(workdir))
    return scores


def zero(run):
    """``run`` with every test cell at 0 points."""
    return Run(cells={gid: (0.0, top) for gid, (_, top) in run.cells.items()})


def as_score(student, assignment, runs):
    runs = list(runs)
    cells = {gid: grade for run in runs for gid, grade in run.cells.items()}
    score = Score(student, assignment, score=sum(s for s, _ in cells.values()),
                  max_score=sum(m for _, m in cells.values()), cells=cells)
    score.notes = [f"cell {b} raised outside a test cell" for run in runs for b in run.broken]
    return score

