"""Attacks on the grader from inside a student's kernel, each against a real assignment, on the local pool
and on Dask: none may score, and those that show in the code or leave a trace are flagged.

A kernel attack is the untouched release (reduced to its graded cells) with one cell after the setup
that looks for the solutions; every answer cell then imports what it stole (``from stolen import *``).
So an attack that finds a solution notebook scores full marks, one that finds nothing scores 0, and
each prints what it saw, so a test can also say what leaked. The constructs that the static scan
forbids (``test_grading_scan.DYNAMIC``) are put into the solved notebook: only the scan stops them.
"""
import contextlib
import hashlib
import json
import os
import pathlib
import sys
import tempfile

import pytest

from course1.cache import cache_dir
from course1.grading import kernel, notebooks, samples
from course1.grading.batch import grade_all
from conftest import ROOT
from test_grading_corpus import course_with_limits
from test_grading_scan import DYNAMIC

pytestmark = pytest.mark.skipif(bool(kernel.bubblewrap()), reason=f"no kernel sandbox here: {kernel.bubblewrap()}")

A = "c1w2_python_basics"
LIMITS = """
c.Execute.timeout = 30
c.Sandbox.files_limit_mb = 300
c.Sandbox.memory_limit_mb = 2000
c.Sandbox.max_files = 20000
"""
# Writes every solution cell found in the notebooks at ``paths`` into stolen.py; prints what it found.
STEAL = '''import contextlib, glob, json, os
def steal(paths, what):
    found = []
    for path in paths:
        try:
            with open(path) as f:
                cells = json.load(f)["cells"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        code = ["".join(c["source"]) for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
        if any("BEGIN SOLUTION" in c for c in code):
            found.append(path)
            with open("stolen.py", "w") as f:
                f.write("import math\\nimport numpy as np\\n" + "\\n\\n".join(code))
    print(what, "SOLUTIONS:", json.dumps(found))
'''
# {the machine's paths}: filled in by the test; an attack that calls steal() gets STEAL before it
ATTACKS = {
    "read_by_path": '''
seen = {{}}
for folder in {folders!r}:
    for probe in (folder, *glob.glob(folder)):
        try:
            seen[probe] = sorted(os.listdir(probe)) if os.path.isdir(probe) else open(probe, "rb").read(16).hex()
        except OSError:
            pass
print("SEEN:", json.dumps(seen))
steal([p for folder in {folders!r} for p in glob.glob(folder + "/**/*.ipynb", recursive=True)], "path")
''',
    "search": '''
hits = []
for top, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if os.path.join(top, d) not in ("/proc", "/sys", "/dev")]
    hits += [os.path.join(top, f) for f in files if f.endswith(".ipynb")
             or f in ("gradebook.db", "mistakes.toml", "grades.csv", "nbgrader_config.py")]
print("HITS:", json.dumps(hits))
steal([h for h in hits if h.endswith(".ipynb")], "search")
''',
    "proc": '''
pids = sorted(p for p in os.listdir("/proc") if p.isdigit())
print("PIDS:", json.dumps(pids))
paths = []
for pid in pids:
    for link in ("cwd", "root"):
        with contextlib.suppress(OSError):
            paths.append(os.readlink(f"/proc/{{pid}}/{{link}}"))
    paths += glob.glob(f"/proc/{{pid}}/root/{tmp}/dlcourse-grade-*/source/*/*.ipynb")
    paths += glob.glob(f"/proc/{{pid}}/root{course}/source/*/*.ipynb")
    paths += glob.glob(f"/proc/{{pid}}/cwd/../../../source/*/*.ipynb")
print("LINKS:", json.dumps(paths))
steal(paths, "proc")
''',
    "links": '''import glob, os
name = {notebook!r}
os.remove(name)
os.symlink({source_notebook!r}, name)  # the grader once wrote the executed notebook through this
os.symlink({outside!r}, "results.txt")
os.symlink("/", "root")
with open("mine.txt", "w") as f:
    f.write("x")
os.link("mine.txt", "hard.txt")
os.mkfifo("pipe")
print("LINKED")
''',
    "fill_tmp": '''chunk = b"x" * 2**23
with open("/tmp/fill", "wb") as f:
    for _ in range(100):  # 800 MB, past the 300 MB cap
        f.write(chunk)
print("WROTE ALL")
''',
    "fill_shm": '''chunk = b"x" * 2**23
with open("/dev/shm/fill", "wb") as f:
    for _ in range(100):
        f.write(chunk)
print("WROTE ALL")
''',
    "write_everywhere": '''import json, os
wrote = []
for folder in ["/", "/work", {home!r}, "/dev", "/usr", "/etc", {library!r}, {cache!r}, {venv!r}, {checkout!r}]:
    try:
        with open(os.path.join(folder, "planted.txt"), "w") as f:
            f.write("x")
        wrote.append(folder)
    except OSError:
        pass
print("WROTE:", json.dumps(wrote))
''',
    "many_files": '''import os
for folder in ("/tmp", "."):
    os.makedirs(f"{{folder}}/many", exist_ok=True)
    for i in range(60_000):  # empty files: no bytes, but each one costs an inode
        open(f"{{folder}}/many/{{i}}", "w").close()
print("WROTE ALL")
''',
    "fill_folder": '''chunk = b"x" * 2**23
with open("fill", "wb") as f:
    for _ in range(100):
        f.write(chunk)
print("WROTE ALL")
''',
}
STEAL_ANSWER = "from stolen import *  # the answers, if the first cell found them\n"


def attack_notebook(nb, code):
    """The reduced, untouched release with ``code`` after the setup and every answer importing stolen.py."""
    nb = notebooks.graded_only(nb)
    index = next(i for i, c in enumerate(nb.cells) if notebooks.grade_id(c) == "setup")
    nb.cells.insert(index + 1, notebooks.nbformat.v4.new_code_cell(code))
    for cell in notebooks.solution_cells(nb):
        cell.source = STEAL_ANSWER
    return nb


def with_construct(code):
    """The solved, reduced notebook with ``code`` at the top of its first answer cell."""
    def transform(nb):
        nb = notebooks.graded_only(nb)
        first = notebooks.solution_cells(nb)[0]
        first.source = code + "\n" + first.source
        return nb
    return transform


def digest(folder):
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(pathlib.Path(folder).rglob("*")) if p.is_file())
                          ).hexdigest()


def build(root):
    """A course with the attacks and the constructs submitted; returns (course, pairs, paths the attacks use)."""
    course = course_with_limits(root, LIMITS, [A])
    (source,) = course.source_notebooks(A)
    outside = root / "outside" / "planted.txt"
    folders = [str(course.root / d) for d in ("source", "release", "submitted", "autograded", "feedback",
                                              "gradebook.db", ".exchange")]
    folders += [f"{tempfile.gettempdir()}/dlcourse-grade-*/{d}" for d in ("source", "release", "submitted",
                                                                          "autograded", "gradebook.db")]
    folders += [str(ROOT / "source"), str(ROOT), str(pathlib.Path.home()), str(course.root)]
    paths = dict(folders=folders, tmp=tempfile.gettempdir().strip("/"), course=str(course.root),
                 library=str(ROOT / "course1"), cache=str(cache_dir()), venv=sys.prefix, home=str(pathlib.Path.home()),
                 checkout=str(ROOT),
                 notebook=source.name, source_notebook=str(source), outside=str(outside))
    pairs = []
    for student, body in ATTACKS.items():
        code = body.format(**paths)
        code = STEAL + code if "steal(" in code else code
        samples.write_submission(course, student, A, solve=False,
                                 transform=lambda nb, code=code: attack_notebook(nb, code))
        pairs.append((student, A))
    for i, code in enumerate(DYNAMIC.values()):
        samples.write_submission(course, f"construct_{i:02d}", A, transform=with_construct(code))
        pairs.append((f"construct_{i:02d}", A))
    samples.write_submission(course, "honest", A, transform=notebooks.graded_only)
    pairs.append(("honest", A))
    return course, pairs, paths


def grade(root, scheduler=None):
    course, pairs, paths = build(root)
    before = digest(course.root / "source")
    scores = grade_all(course, pairs, progress=None, jobs=2, scheduler=scheduler)
    return course, {s.student: s for s in scores}, paths, before


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    return grade(tmp_path_factory.mktemp("attacks_local"))


@pytest.fixture(scope="module")
def dask(tmp_path_factory):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        return grade(tmp_path_factory.mktemp("attacks_dask"), cluster.scheduler_address)


ROUTES = ["local", "dask"]


def printed(course, student, marker):
    """What the attack cell printed after ``marker`` in the autograded notebook (parsed JSON or the text)."""
    paths = list(course.autograded_dir(student, A).glob("*.ipynb"))  # none if the kernel was stopped
    for cell in (c for path in paths for c in notebooks.read(path).cells):
        for output in cell.get("outputs", []):
            for line in output.get("text", "").splitlines():
                if line.startswith(marker):
                    rest = line[len(marker):].strip()
                    with contextlib.suppress(ValueError):
                        return json.loads(rest)
                    return rest
    return None


@pytest.mark.parametrize("route", ROUTES)
def test_the_honest_submission_still_scores_full_marks(route, request):
    _, scores, _, _ = request.getfixturevalue(route)
    honest = scores["honest"]
    assert honest.score == honest.max_score > 0 and not honest.flagged and honest.sandbox == "on", honest


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("student", list(ATTACKS))
def test_a_kernel_attack_scores_nothing(student, route, request):
    course, scores, _, before = request.getfixturevalue(route)
    score = scores[student]
    assert not score.error, f"{student}: the grader failed: {score.error}"
    assert score.max_score > 0 and score.score == 0, f"{student} earned {score.score}: {score.cells}"
    assert digest(course.root / "source") == before, f"{student}: source/ changed"


@pytest.mark.parametrize("route", ROUTES)
def test_no_forbidden_folder_is_seen_by_path(route, request):
    course, _, paths, _ = request.getfixturevalue(route)
    seen = printed(course, "read_by_path", "SEEN:")
    assert seen is not None, "the attack did not run"
    # the checkout and the home folder exist only as the parents of what is bound (library, venv, cache)
    bound = [pathlib.Path(os.path.realpath(path)) for path in kernel.read_only_folders()]
    for path, listing in seen.items():
        parents = {b.relative_to(path).parts[0] for b in bound if b.is_relative_to(path) and b != pathlib.Path(path)}
        assert parents and set(listing) <= parents, f"the kernel sees {path}: {listing}"
    assert printed(course, "read_by_path", "path SOLUTIONS:") == []


@pytest.mark.parametrize("route", ROUTES)
def test_a_search_of_the_whole_file_system_finds_no_course_file(route, request):
    course, _, _, _ = request.getfixturevalue(route)
    hits = printed(course, "search", "HITS:")
    assert hits is not None, "the attack did not run"
    course_files = [h for h in hits if "dlcourse-kernel-" not in h and "site-packages" not in h]
    assert course_files == [], course_files  # only its own copy of the notebook, and the libraries' examples
    stolen = printed(course, "search", "search SOLUTIONS:")  # nbgrader's own test notebooks hold solutions
    assert stolen is not None and [s for s in stolen if "site-packages/nbgrader/" not in s] == [], stolen


@pytest.mark.parametrize("route", ROUTES)
def test_proc_shows_only_the_sandbox(route, request):
    course, _, _, _ = request.getfixturevalue(route)
    pids = printed(course, "proc", "PIDS:")
    assert pids is not None and len(pids) <= 3, f"the kernel sees processes {pids}"
    assert printed(course, "proc", "proc SOLUTIONS:") == []


@pytest.mark.parametrize("route", ROUTES)
def test_nothing_outside_the_scratch_folder_and_tmp_is_writable(route, request):
    course, _, _, _ = request.getfixturevalue(route)
    wrote = printed(course, "write_everywhere", "WROTE:")
    # a folder under /tmp (a checkout or venv there) is, inside the sandbox, a folder of its private /tmp
    tmp = pathlib.Path(tempfile.gettempdir())
    assert wrote is not None and [w for w in wrote if not pathlib.Path(w).is_relative_to(tmp)] == [], wrote
    for folder in [cache_dir(), ROOT, ROOT / "course1", pathlib.Path(sys.prefix), pathlib.Path.home()]:
        assert not (folder / "planted.txt").exists(), f"a kernel wrote into {folder}"


@pytest.mark.parametrize("route", ROUTES)
def test_links_left_behind_are_flagged_and_never_followed(route, request):
    course, scores, paths, before = request.getfixturevalue(route)
    score = scores["links"]
    assert printed(course, "links", "LINKED") is not None, "the attack did not run"
    assert score.flagged and "left links" in " ".join(score.notes), score.notes
    assert not pathlib.Path(paths["outside"]).exists()
    assert digest(course.root / "source") == before
    (autograded,) = course.autograded_dir("links", A).glob("*.ipynb")
    assert not autograded.is_symlink() and autograded.stat().st_nlink == 1


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("student", ["fill_tmp", "fill_shm", "fill_folder", "many_files"])
def test_filling_the_disk_stops_the_kernel_and_the_batch_goes_on(student, route, request):
    course, scores, _, _ = request.getfixturevalue(route)
    assert printed(course, student, "WROTE ALL") is None, f"{student} wrote 800 MB"
    said = "created more than 20000 files" if student == "many_files" else "wrote more than 300 MB of files"
    assert said in " ".join(scores[student].notes), scores[student].notes
    assert scores["honest"].score == scores["honest"].max_score


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("name", list(DYNAMIC))
def test_a_forbidden_construct_fails_the_solved_notebook(name, route, request):
    _, scores, _, _ = request.getfixturevalue(route)
    score = scores[f"construct_{list(DYNAMIC).index(name):02d}"]
    assert score.max_score > 0 and score.score == 0 and score.flagged, f"{name}: {score.score}, {score.notes}"
