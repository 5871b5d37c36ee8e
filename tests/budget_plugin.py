"""pytest plugin: where the suite's seconds go (:mod:`course1.grading.budget`), written to .ci-budget.json.

Each test's own time goes to the part its node id names (``budget.classify``); the grading fixture
tells, through :func:`spend` and :func:`count`, how the time of the test that triggered it splits into
notebook executions, mistakes, cheats and other grading. Under pytest-xdist the breakdown travels
with each report's ``user_properties`` to the controller, which alone adds up and writes the file.
Before the first test the controller builds the data every assignment records (:mod:`course1.grading.datacache`).
"""
import time

import pytest

from course1.grading import budget, datacache
from course1.grading.course import Course

_current = {}


def _record(kind, *values):
    item = _current.get("item")
    if item is not None:
        item.user_properties.append(("budget", (kind, *values)))


def spend(part, seconds):
    """Book ``seconds`` of the running test's time to ``part`` (one of ``budget.PARTS``)."""
    _record("part", part, float(seconds))


def count(what, n):
    """Add ``n`` to a count the projection needs (``assignments``, ``mistakes``, ``jobs``, ``job_seconds``)."""
    _record("count", what, float(n))


@pytest.fixture(autouse=True)
def _budget_item(request):
    _current["item"] = request.node
    yield
    _current.pop("item", None)


class Budget:
    def __init__(self, config):
        self.config = config
        self.parts = dict.fromkeys(budget.PARTS, 0.0)
        self.counts = {"assignments": 0.0, "mistakes": 0.0, "jobs": 0.0, "job_seconds": 0.0, "datasets": 0.0}
        self.workers = set()
        self.start = time.perf_counter()

    def pytest_sessionstart(self, session):
        if self.config.option.collectonly:
            return
        root = self.config.rootpath
        for _, seconds in (timings := datacache.warm_cache(Course(root))):
            self.parts["data caches"] += seconds
        self.counts["datasets"] += len(timings)

    def pytest_runtest_logreport(self, report):
        node = getattr(report, "node", None)
        self.workers.add(getattr(getattr(node, "gateway", None), "id", None))
        explained = 0.0
        if report.when == "call":  # the same properties ride on the teardown report too
            for key, entry in report.user_properties:
                if key != "budget":
                    continue
                kind, what, value = entry
                if kind == "part":
                    self.parts[what] += value
                    explained += value
                else:
                    self.counts[what] = self.counts.get(what, 0.0) + value
        self.parts[budget.classify(report.nodeid)] += max(0.0, report.duration - explained)

    def data(self):
        jobs = max(1.0, self.counts["jobs"])
        return {"parts": self.parts, "wall": time.perf_counter() - self.start, "workers": len(self.workers),
                "assignments": int(self.counts["assignments"]), "mistakes": int(self.counts["mistakes"]),
                "datasets": int(self.counts["datasets"]), "job_overhead": self.counts["job_seconds"] / jobs}

    def graded_twice(self):
        return sorted(k.removeprefix("graded ") for k, n in self.counts.items() if k.startswith("graded ") and n > 1)

    def pytest_sessionfinish(self, session):
        if self.config.option.collectonly:
            return
        budget.write(self.config.rootpath / budget.BUDGET_FILE, self.data())
        if self.graded_twice():  # the xdist groups did not hold: the run cost twice what it should
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if not self.config.option.collectonly:
            terminalreporter.section("CI budget (python -m course1.grading ci-budget prints it again)")
            terminalreporter.write_line(budget.report(self.data()))
            if self.graded_twice():
                terminalreporter.write_line(f"FAILED: graded on more than one worker: {', '.join(self.graded_twice())} "
                                            "(every test of an assignment must share its xdist_group)", red=True)


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller (or the only process) adds up
        config.pluginmanager.register(Budget(config), "ci-budget")
