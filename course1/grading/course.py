"""One course folder (``source/``, ``release/``, ``submitted/``, ...) driven through nbgrader's Python API."""
import contextlib
import logging
import os
import pathlib
import sys
import warnings
from dataclasses import dataclass, field

from traitlets.config.loader import PyFileConfigLoader

# nbgrader creates a gradebook by running the `alembic` program from PATH: make sure the one
# installed beside this Python is found, also when the venv's bin/ is not on PATH.
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

from nbgrader.api import Gradebook, MissingEntry  # noqa: E402  (needs PATH set above)
from nbgrader.apps import NbGraderAPI  # noqa: E402
from sqlalchemy.exc import SAWarning  # noqa: E402

# nbgrader 0.9.6's gradebook triggers harmless SQLAlchemy autoflush warnings on every autograde.
warnings.filterwarnings("ignore", category=SAWarning)

CONFIG_FILE = "nbgrader_config.py"


@dataclass
class Score:
    """The autograded result of one submission."""

    student: str
    assignment: str
    score: float = 0.0
    max_score: float = 0.0
    cells: dict = field(default_factory=dict)  # grade_id -> (score, max_score)
    error: str = ""  # a plain sentence when grading failed
    notes: list = field(default_factory=list)  # plain sentences on what the grader found or repaired
    flagged: bool = False  # the submission tried to change the grader or files outside its folder
    sandbox: str = ""  # "on", or "off: why" when its kernel ran without the sandbox ("" if none ran)
    seconds: float = 0.0  # how long grading it took (its job, from scratch folder to results)

    @property
    def percent(self):
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


class Course:
    """A course folder with its ``nbgrader_config.py``.

    Arguments
    root -- the folder holding ``nbgrader_config.py``, ``source/`` and ``release/``
    """

    def __init__(self, root):
        self.root = pathlib.Path(root).resolve()
        if not (self.root / CONFIG_FILE).exists():
            raise FileNotFoundError(f"{self.root} is not a course folder: it has no {CONFIG_FILE}")
        config = PyFileConfigLoader(CONFIG_FILE, path=str(self.root)).load_config()
        config.CourseDirectory.root = str(self.root)
        config.NbGraderAPI.log_level = "WARN"
        self.config = config
        self.api = NbGraderAPI(config=config)
        logging.getLogger("traitlets").setLevel(logging.WARNING)

    # --- folders -------------------------------------------------------------------------------
    def assignments(self):
        """Assignment ids: the folders of ``source/`` that hold a notebook, sorted."""
        source = self.root / "source"
        return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))

    def source_notebooks(self, assignment):
        """Paths of the assignment's source notebooks, sorted."""
        return sorted((self.root / "source" / assignment).glob("*.ipynb"))

    def release_notebook(self, assignment, name):
        return self.root / "release" / assignment / name

    def submission_dir(self, student, assignment):
        return self.root / "submitted" / student / assignment

    def autograded_dir(self, student, assignment):
        return self.root / "autograded" / student / assignment

    def autograded_notebook(self, student, assignment, name):
        return self.autograded_dir(student, assignment) / name

    def feedback_dir(self, student, assignment):
        return self.root / "feedback" / student / assignment

    def submissions(self):
        """(student, assignment) pairs found under ``submitted/``, sorted."""
        submitted = self.root / "submitted"
        if not submitted.is_dir():
            return []
        return sorted((s.name, a.name) for s in submitted.iterdir() if s.is_dir()
                      for a in s.iterdir() if a.is_dir())

    # --- nbgrader steps ------------------------------------------------------------------------
    def _run(self, step, result):
        if not result.get("success"):
            detail = (result.get("error") or result.get("log") or "").strip().splitlines()
            raise RuntimeError(f"nbgrader {step} failed: " + (detail[-1] if detail else "no details"))
        return result

    def generate_release(self, assignment):
        """Regenerate ``release/<assignment>/`` from ``source/<assignment>/``."""
        self._run(f"generate_assignment {assignment}",
                  self.api.generate_assignment(assignment, force=True, create=True))

    def autograde(self, student, assignment):
        """Autograde one submission; returns its :class:`Score` (``error`` set if nbgrader failed)."""
        result = self.api.autograde(assignment, student, force=True, create=True)
        score = self.score(student, assignment)
        if not result.get("success"):
            lines = (result.get("error") or result.get("log") or "").strip().splitlines()
            log = ((result.get("log") or "") + "\n" + (result.get("error") or "")).splitlines()
            dead = [line.strip() for line in log if "DeadKernelError" in line]  # the kernel died: say so
            score.error = "autograding failed: " + (dead or lines or ["no details"])[-1]
        return score

    def generate_feedback(self, student, assignment):
        """Write ``feedback/<student>/<assignment>/*.html`` for an autograded submission."""
        self._run(f"generate_feedback {assignment} {student}",
                  self.api.generate_feedback(assignment, student, force=True))

    def score(self, student, assignment):
        """Read a submission's scores from the gradebook."""
        result = Score(student, assignment)
        with contextlib.closing(Gradebook(self.api.coursedir.db_url)) as gb:
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                result.error = "not graded"
                return result
            result.score, result.max_score = submission.score or 0.0, submission.max_score
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    result.cells[grade.name] = (grade.score or 0.0, grade.max_score)  # None: not run
        return result
