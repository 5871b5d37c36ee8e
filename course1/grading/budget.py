"""Where a run of the test suite spent its time, and what the full curriculum will cost CI.

The suite (``tests/budget_plugin.py``) writes ``.ci-budget.json`` at the end of every run: the
worker-seconds of each part (notebook executions, mistakes, cheats, ...), the wall time, the worker
count and per-assignment counts. ``python -m course1.grading ci-budget`` prints it as a table with a
projection for the whole curriculum: :func:`projection` scales what grows with the number of
notebooks by measured costs per notebook, per mistake and per dataset, and keeps what does not.
"""
import json
import pathlib
from dataclasses import dataclass

from .batch import format_table

BUDGET_FILE = ".ci-budget.json"
# the parts of a run, in the order the table lists them
PARTS = ("notebook executions", "mistakes", "cheats", "grading, other", "lesson checks", "data caches",
         "browser test", "Dask test", "the rest")


def classify(nodeid):
    """The part a test's own time belongs to, from its pytest node id."""
    path = nodeid.split("::")[0]
    if path.endswith("test_browser.py"):
        return "browser test"
    if "dask" in nodeid.lower():
        return "Dask test"
    if path.endswith("test_lessons.py"):
        return "lesson checks"
    return "the rest"


@dataclass(frozen=True)
class Curriculum:
    """What the full curriculum holds, for the projection (DESIGN.md and SYLLABUS.md).

    notebooks -- solution notebooks
    mean_execution -- DESIGN.md's mean execution time of a solution notebook on 2 cores, s
    datasets -- generated datasets (built from an empty cache once per CI run)
    shipped_models -- project-trained weights whose metric a test checks (route 3 of DESIGN.md)
    seconds_per_model -- assumed cost of loading one and scoring it on held-out data, s (not measured yet)
    """

    notebooks: int = 31
    mean_execution: float = 45.0
    datasets: int = 13
    shipped_models: int = 4
    seconds_per_model: float = 15.0


def write(path, data):
    pathlib.Path(path).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


def read(path):
    """The budget a run wrote, or a ``FileNotFoundError`` that says how to make one."""
    path = pathlib.Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run the test suite first (make test), it writes it")
    return json.loads(path.read_text())


def projection(data, curriculum=Curriculum()):
    """{part: projected worker-seconds} for the full curriculum, and the projected wall time in s.

    Per notebook: the solution's execution at ``curriculum.mean_execution`` plus the measured grading
    overhead of a job (the untouched release's mean job time); mistakes at today's mean count per
    notebook and measured cost per mistake; cheats, other grading and lesson checks at today's mean per
    notebook. Data caches at the measured mean per dataset. The browser and Dask tests stay; the rest
    (unit tests of the helper library) grows with the notebooks. The wall time divides the
    worker-seconds by the workers at today's measured efficiency.
    """
    parts, n = data["parts"], max(1, data["assignments"])
    scale = curriculum.notebooks / n
    per_mistake = parts.get("mistakes", 0.0) / max(1, data["mistakes"])
    projected = {
        "notebook executions": curriculum.notebooks * (curriculum.mean_execution + data["job_overhead"]),
        "mistakes": curriculum.notebooks * data["mistakes"] / n * per_mistake,
        "data caches": curriculum.datasets * parts.get("data caches", 0.0) / max(1, data["datasets"])
        + curriculum.shipped_models * curriculum.seconds_per_model,
        "browser test": parts.get("browser test", 0.0),
        "Dask test": parts.get("Dask test", 0.0),
        "the rest": parts.get("the rest", 0.0) * scale,
    }
    for part in ("cheats", "grading, other", "lesson checks"):
        projected[part] = parts.get(part, 0.0) * scale
    efficiency = sum(parts.values()) / max(1e-9, data["workers"] * data["wall"])
    wall = sum(projected.values()) / (max(1, data["workers"]) * min(1.0, efficiency))
    return projected, wall


def report(data, curriculum=Curriculum()):
    """The table ``ci-budget`` prints: measured and projected seconds per part, and both wall times."""
    projected, wall = projection(data, curriculum)
    parts = data["parts"]
    rows = [[part, f"{parts.get(part, 0.0):.0f}", f"{projected[part]:.0f}"] for part in PARTS]
    rows.append(["total (worker-seconds)", f"{sum(parts.values()):.0f}", f"{sum(projected.values()):.0f}"])
    lines = [format_table(rows, ["part", f"measured ({data['assignments']} notebooks) s",
                                 f"projected ({curriculum.notebooks} notebooks) s"])]
    efficiency = sum(parts.values()) / max(1e-9, data["workers"] * data["wall"])
    lines.append(
        f"\nwall time of the suite: {data['wall'] / 60:.1f} min on {data['workers']} worker(s) (cores busy "
        f"{100 * min(1.0, efficiency):.0f} % of it); projected for {curriculum.notebooks} notebooks: "
        f"{wall / 60:.1f} min, plus `make setup` on a fresh machine.")
    lines.append(
        f"projection: {curriculum.mean_execution:g} s per solution notebook + {data['job_overhead']:.1f} s "
        f"grading overhead, {data['mistakes'] / max(1, data['assignments']):.1f} mistakes per notebook at "
        f"{parts.get('mistakes', 0.0) / max(1, data['mistakes']):.2f} s each (both orders and the nbgrader "
        f"cross-check), {curriculum.datasets} datasets at the measured "
        f"{parts.get('data caches', 0.0) / max(1, data['datasets']):.1f} s each, {curriculum.shipped_models} "
        f"shipped models at an assumed {curriculum.seconds_per_model:g} s each.")
    return "\n".join(lines)
