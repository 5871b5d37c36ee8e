"""One submission's autograding as a self-contained job, run in-process, on a local worker or on Dask.

A job carries everything nbgrader needs as bytes (the course config, ``source/<assignment>/``, a
private gradebook in which the assignment is already registered, and the one submission), grades
it in its own scratch folder and returns what the coordinating process stores: the scores read
from the private gradebook, the autograded notebooks and the feedback pages. A job never touches
the course folder, so only the coordinator writes the course's gradebook, ``autograded/`` and
``feedback/``; the same job runs unchanged on a machine that has the venv but not the course.
"""
import contextlib
import dataclasses
import datetime
import fnmatch
import os
import pathlib
import shutil
import tempfile
import time
from dataclasses import dataclass, field

import nbformat

from . import datacache, integrity, kernel, notebooks, reference, repair, scan
from .course import CONFIG_FILE, Course, Gradebook, MissingEntry, Score
from .limits import Sandbox, Watchdog

# Thread pools of the numerical libraries a kernel may load; each kernel gets a fixed count, so
# parallel kernels do not oversubscribe the cores and results do not depend on the machine's load.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")
NOTES_FILE = "grader_notes.txt"  # written beside the feedback pages when the grader has something to say
IGNORED_NAMES = (".ipynb_checkpoints", "__pycache__", "*.pyc")


@dataclass(frozen=True)
class AssignmentFiles:
    """What every job of one assignment needs: relative path -> bytes.

    Holds ``nbgrader_config.py``, ``source/<assignment>/...``, the release notebooks (to repair
    submissions against) and ``gradebook.db`` (a gradebook that knows the assignment's notebooks and
    cells and no student).
    """

    assignment: str
    files: dict
    data: list = field(default_factory=list)  # loader calls (datacache.needs) the job must fill: empty
    # when the coordinator filled the cache of the machine the job runs on


@dataclass(frozen=True)
class Submission:
    """One student's submitted folder: path relative to ``submitted/<student>/<assignment>/`` -> bytes."""

    student: str
    assignment: str
    files: dict


@dataclass
class NotebookGrades:
    """A submitted notebook's rows of the gradebook, as autograding left them."""

    grades: dict = field(default_factory=dict)  # grade_id -> (auto_score, needs_manual_grade)
    comments: dict = field(default_factory=dict)  # grade_id -> auto_comment
    late_penalty: float | None = None


@dataclass
class JobResult:
    """What a job hands back to the coordinator."""

    score: Score
    graded: bool = False  # the private gradebook holds a submission to copy into the course's
    timestamp: datetime.datetime | None = None
    notebooks: dict = field(default_factory=dict)  # notebook name -> NotebookGrades
    autograded: dict = field(default_factory=dict)  # path under autograded/<student>/<assignment>/ -> bytes
    feedback: dict = field(default_factory=dict)  # path under feedback/<student>/<assignment>/ -> bytes
    seconds: float = 0.0


def read_tree(folder, prefix=""):
    """Regular files under ``folder`` (symlinks and caches skipped): relative path -> bytes."""
    folder = pathlib.Path(folder)
    files = {}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        rel = path.relative_to(folder)
        ignored = any(fnmatch.fnmatch(part, pattern) for part in rel.parts for pattern in IGNORED_NAMES)
        if path.is_file() and not path.is_symlink() and not ignored:
            files[str(pathlib.PurePosixPath(prefix, rel.as_posix()))] = path.read_bytes()
    return files


def write_tree(files, folder):
    """Write relative path -> bytes under ``folder``, refusing paths that leave it."""
    folder = pathlib.Path(folder).resolve()
    for rel, data in files.items():
        path = (folder / rel).resolve()
        if folder not in path.parents:
            raise ValueError(f"refusing to write {rel!r}: it is outside {folder}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def blank_gradebook(course):
    """The bytes of a copy of ``course``'s gradebook without any student or submission.

    It keeps every assignment registered so far (with its notebooks and cells), so jobs need not
    create a gradebook of their own: nbgrader does that by running the ``alembic`` program, which
    costs seconds per call.
    """
    with tempfile.TemporaryDirectory(prefix="dlcourse-gradebook-") as tmp:
        path = pathlib.Path(tmp) / "gradebook.db"
        shutil.copy2(course.root / "gradebook.db", path)
        with contextlib.closing(Gradebook(f"sqlite:///{path}", course.api.coursedir.course_id)) as gb:
            for student in [s.id for s in gb.students]:
                gb.remove_student(student)
        return path.read_bytes()


UNSANDBOXED_CONFIG = b"\n# added by the coordinator: grading without the kernel sandbox was asked for\nc.Sandbox.unsandboxed = True\n"
REFERENCE_CONFIG = b"\n# added by the coordinator: this job is the assignment's reference run\nc.SandboxedExecute.reference_run = True\n"
REFERENCE_STUDENT = "reference-run"  # the reference run's submission (never stored in the course's gradebook)


def assignment_files(course, assignment, gradebook):
    """The :class:`AssignmentFiles` of ``assignment`` in ``course``.

    ``gradebook`` -- bytes of a gradebook in which the assignment is registered (:func:`blank_gradebook`)

    Where the coordinator grades without the kernel sandbox (``Sandbox.unsandboxed``), the jobs' config
    says so too, so a Dask worker without bubblewrap follows the coordinator's choice.
    """
    config = (course.root / CONFIG_FILE).read_bytes()
    if Sandbox(config=course.config).unsandboxed:
        config += UNSANDBOXED_CONFIG
    files = {CONFIG_FILE: config, "gradebook.db": gradebook}
    files.update(read_tree(course.root / "source" / assignment, f"source/{assignment}"))
    files.update({f"release/{assignment}/{p.name}": p.read_bytes()
                  for p in sorted((course.root / "release" / assignment).glob("*.ipynb"))})
    lock = course.root / reference.LOCK_FILE
    if lock.exists():  # part of the reference run's key
        files[reference.LOCK_FILE] = lock.read_bytes()
    return with_reference(course, AssignmentFiles(assignment, files, datacache.needs(course, assignment)))


def with_reference(course, shared):
    """``shared`` with the assignment's reference run in its files, where the course has one."""
    path = reference.path(course.root, shared.assignment)
    if not path.exists():
        return shared
    return dataclasses.replace(shared, files={**shared.files, str(path.relative_to(course.root)): path.read_bytes()})


def reference_job(shared):
    """The job files of ``shared``'s assignment for its reference run (the config says so)."""
    files = dict(shared.files)
    files[CONFIG_FILE] = files[CONFIG_FILE] + REFERENCE_CONFIG
    files.pop(str(reference.path("", shared.assignment)), None)
    return dataclasses.replace(shared, files=files)


def reference_submission(course, assignment):
    """The reference solution as a submission: each release notebook with the source's solutions filled in."""
    files = {}
    for source_path in course.source_notebooks(assignment):
        nb = notebooks.solved(notebooks.read(course.release_notebook(assignment, source_path.name)),
                              notebooks.read(source_path))
        files[source_path.name] = nbformat.writes(nb).encode()
    return Submission(REFERENCE_STUDENT, assignment, files)


def refused_by_scan(course, student, assignment):
    """Whether the static scan will refuse this submission (so no kernel runs for it). A notebook that cannot be
    read counts as not refused: the job decides what to do with it."""
    if not Sandbox(config=course.config).static_scan:
        return False
    for release in sorted((course.root / "release" / assignment).glob("*.ipynb")):
        path = course.submission_dir(student, assignment) / release.name
        try:
            nb = notebooks.read(path)
        except Exception:  # noqa: BLE001 (damaged or missing: the job repairs or scores it)
            continue
        if scan.scan(nb, scan.imported_names(notebooks.read(release))):
            return True
    return False


def save_reference(course, result):
    """Store a reference job's run in ``course`` (``.grader/reference/``); returns why not, or None."""
    score = result.score
    if score.error or not result.autograded or score.score != score.max_score:
        lost = sorted(c for c, (got, top) in score.cells.items() if got != top)
        return (f"the reference run of {score.assignment} did not get full marks ({score.error or ', '.join(lost)}): "
                f"cells that compare with it fail until the source notebook is fixed")
    autograded = {pathlib.PurePosixPath(rel).name: nbformat.reads(data.decode(), as_version=4)
                  for rel, data in result.autograded.items() if rel.endswith(".ipynb")}
    reference.save(course.root, score.assignment, autograded)
    return None


def submission(course, student, assignment):
    """The :class:`Submission` found under ``submitted/<student>/<assignment>/``."""
    return Submission(student, assignment, read_tree(course.submission_dir(student, assignment)))


@contextlib.contextmanager
def pinned_threads(threads):
    """Set the thread-count variables that kernels started inside this block inherit."""
    saved = {k: os.environ.get(k) for k in THREAD_VARIABLES}
    os.environ.update({k: str(threads) for k in THREAD_VARIABLES})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def read_gradebook(course, student, assignment):
    """(timestamp, {notebook: NotebookGrades}) of a submission in ``course``'s gradebook, or None."""
    with contextlib.closing(Gradebook(course.api.coursedir.db_url)) as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        notebooks = {}
        for nb in sub.notebooks:
            notebooks[nb.name] = NotebookGrades(
                grades={g.name: (g.auto_score, g.needs_manual_grade) for g in nb.grades},
                comments={c.name: c.auto_comment for c in nb.comments},
                late_penalty=nb.late_submission_penalty)
        return sub.timestamp, notebooks


def run_job(shared, sub, feedback=True, threads=1, course_source=None):
    """Autograde one submission in a scratch folder of its own.

    Parameters
    ----------
    shared : AssignmentFiles
        config, source and private gradebook of the submission's assignment
    sub : Submission
        the student's files
    feedback : bool
        also generate the HTML feedback
    threads : int
        thread count for the numerical libraries in the kernel
    course_source : str or None
        the course's ``source/`` folder, watched (with the helper library and the data cache) for
        changes while the notebook runs

    Returns
    -------
    JobResult
    """
    if shared.assignment != sub.assignment:
        raise ValueError(f"job mixes assignment {shared.assignment!r} with a submission of {sub.assignment!r}")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"dlcourse-grade-{sub.student}-") as tmp:
        root = pathlib.Path(tmp)
        write_tree(shared.files, root)
        write_tree(sub.files, root / "submitted" / sub.student / sub.assignment)
        (root / "autograded").mkdir(exist_ok=True)
        course = Course(root)
        folder = course.submission_dir(sub.student, sub.assignment)
        releases = {p.name: notebooks.read(p) for p in sorted((root / "release" / sub.assignment).glob("*.ipynb"))}
        notes = repair.prepare(folder, releases)
        scanning = Sandbox(config=course.config).static_scan
        flags = [flag for name in sorted(releases) if scanning and (folder / name).exists()
                 for flag in scan.scan(notebooks.read(folder / name), scan.imported_names(releases[name]))]
        try:
            unsandboxed = kernel.require_sandbox(course.config)
        except kernel.SandboxUnavailable as refused:
            return JobResult(Score(sub.student, sub.assignment, error=str(refused)),
                             seconds=time.perf_counter() - start)
        if flags or not any((folder / name).exists() for name in releases):
            score = zero_submission(course, sub.student, sub.assignment)
        else:
            datacache.fill(shared.data)  # on a Dask worker's first job of the assignment
            with integrity.outside_writes(integrity.protected_folders(course_source)) as outside, \
                    pinned_threads(threads), Watchdog(Sandbox(config=course.config)) as watchdog:
                ran = time.perf_counter()
                score = course.autograde(sub.student, sub.assignment)
            notes.extend(execution_notes(course, sub, score, watchdog.reason, time.perf_counter() - ran))
            left = kernel.left_behind(course.autograded_dir(sub.student, sub.assignment))
            if left:  # links aimed at files the grader might write: nothing follows them, but it is no accident
                score = zero_submission(course, sub.student, sub.assignment)
                flags.append(f"Your notebook left links or special files in its folder ({', '.join(left[:3])}"
                             f"{' ...' if len(left) > 3 else ''}), so it scored 0 and is flagged for your "
                             f"instructor to review.")
            score.sandbox = f"off: {unsandboxed}" if unsandboxed else "on"
            if outside:
                flags.append(f"While your notebook ran, files outside its folder changed ({', '.join(outside[:3])}"
                             f"{' ...' if len(outside) > 3 else ''}); if another notebook ran at the same time it "
                             f"may have been that one. The submission is flagged for your instructor to review.")
        score.notes = notes + flags
        score.flagged = bool(flags)
        result = JobResult(score)
        stored = read_gradebook(course, sub.student, sub.assignment)
        if stored is not None:
            result.graded = True
            result.timestamp, result.notebooks = stored
        result.autograded = read_tree(course.autograded_dir(sub.student, sub.assignment))
        if feedback and result.autograded:
            course.generate_feedback(sub.student, sub.assignment)
            result.feedback = read_tree(course.feedback_dir(sub.student, sub.assignment))
        if notes or flags:
            result.feedback[NOTES_FILE] = "\n".join(score.notes).encode() + b"\n"
    result.seconds = time.perf_counter() - start
    return result


def zero_submission(course, student, assignment):
    """Record ``student``'s submission with every cell at 0 without running it (a flagged submission)."""
    with contextlib.closing(Gradebook(course.api.coursedir.db_url, course.api.coursedir.course_id)) as gb:
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(assignment, student)
        for nb in submission.notebooks:
            for grade in nb.grades:
                grade.auto_score, grade.needs_manual_grade = 0.0, False
        gb.db.commit()
    return course.score(student, assignment)


def execution_notes(course, sub, score, watchdog_reason, seconds):
    """Sentences about how the notebook ran: stopped by the watchdog, a dead kernel, cells timed out."""
    timeout = course.config.Execute.get("timeout", 30)
    if watchdog_reason:
        score.error = ""
        return [watchdog_reason]
    if score.error and seconds > timeout and "DeadKernel" not in score.error:
        score.error = ""
        return [f"A cell ran longer than {timeout} s and did not stop when interrupted, so the notebook could not "
                f"finish and scored 0: look for an endless loop."]
    if score.error:
        detail = score.error
        score.error = ""
        if "DeadKernel" in detail or "Kernel died" in detail or "kernel died" in detail:
            return ["The Python kernel stopped while running your notebook (os._exit, a crash or too much memory), "
                    "so it could not be graded and scored 0: run Restart & Run All to find the cell."]
        return [f"The grader could not run your notebook ({detail.removeprefix('autograding failed: ')}), "
                f"so it scored 0: {repair.WHAT_TO_DO}."]
    notes = []
    for path in sorted(course.autograded_dir(sub.student, sub.assignment).glob("*.ipynb")):
        meta = notebooks.read(path).metadata.get(reference.METADATA_KEY, {})
        for cell in meta.get("timed_out", []):
            notes.append(f"Cell {cell.get('cell')} of {path.name} ({cell.get('key')}) ran longer than "
                         f"{cell.get('limit')} s, its time limit, and was stopped (its tests score 0): look for an "
                         f"endless loop or a slow computation.")
    return notes


def store(course, result):
    """Write a job's result into ``course``: gradebook rows, ``autograded/`` and ``feedback/``.

    Runs in the coordinating process only. Returns the submission's :class:`Score` as the course's
    gradebook now holds it (with the job's error message, if any).
    """
    score = result.score
    student, assignment = score.student, score.assignment
    for folder, files in ((course.autograded_dir(student, assignment), result.autograded),
                          (course.feedback_dir(student, assignment), result.feedback)):
        shutil.rmtree(folder, ignore_errors=True)
        if files:
            write_tree(files, folder)
    if not result.graded:
        return score
    with contextlib.closing(Gradebook(course.api.coursedir.db_url, course.api.coursedir.course_id)) as gb:
        gb.update_or_create_student(student)
        if result.timestamp is not None:
            gb.update_or_create_submission(assignment, student, timestamp=result.timestamp)
        else:
            gb.update_or_create_submission(assignment, student)
        for name, stored in result.notebooks.items():
            nb = gb.find_submission_notebook(name, assignment, student)
            for grade in nb.grades:
                if grade.name in stored.grades:
                    grade.auto_score, needs_manual = stored.grades[grade.name]
                    # as nbgrader's SaveAutoGrades: a grader's manual score is kept and flagged for review
                    grade.needs_manual_grade = needs_manual or grade.manual_score is not None
            for comment in nb.comments:
                if comment.name in stored.comments:
                    comment.auto_comment = stored.comments[comment.name]
            nb.late_submission_penalty = stored.late_penalty
        gb.db.commit()
    graded = course.score(student, assignment)
    graded.error, graded.notes, graded.flagged, graded.sandbox = score.error, score.notes, score.flagged, score.sandbox
    return graded
