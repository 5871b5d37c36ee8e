"""What each assignment loads from the data cache is recorded from its notebooks and built by trusted code
(course1/grading/datacache.py); a kernel that finds the cache read-only still gets its data."""
import errno
import json

import numpy as np
import pytest

from course1 import cache
from course1.grading import datacache, notebooks, samples
from course1.grading.course import Course
from conftest import ASSIGNMENTS, ROOT

CAT, SIGNS, HAPPY = "course1.data.load_cat_dataset", "course2.data.load_signs_dataset", "course4.data.load_happy_dataset"
CAMERA, ROAD_SIGNS = "course3.data.load_camera_dataset", "course3.data.load_road_signs"
# read off the source notebooks by hand (every call of a cached loader, with its arguments)
EXPECTED = {
    "c1w2_logistic_regression": [[CAT, {}]],
    "c1w4_deep_nn_application": [[CAT, {}], [CAT, {"extra_test": 1000}]],
    "c2w3_tensorflow_intro": [[SIGNS, {}], [SIGNS, {"extra_test": 1000}]],
    "c4w1_convolution_application": [[HAPPY, {}], [SIGNS, {}], [HAPPY, {"extra_test": 1000}],
                                     [SIGNS, {"extra_test": 1000}]],
    "c3w1_ml_strategy_flight_simulator": [[CAMERA, {}], [CAMERA, {"extra_test": 1000}]],
    "c3w2_ml_strategy_error_analysis": [[ROAD_SIGNS, {"extra_test": 1000}]],
}


def as_set(calls):
    return {json.dumps(c, sort_keys=True) for c in calls}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_assignment_records_the_loaders_its_notebooks_call(assignment, tmp_path):
    samples.copy_course(ROOT, tmp_path)
    calls = datacache.needs(Course(tmp_path), assignment)
    assert as_set(calls) == as_set(EXPECTED.get(assignment, [])), calls
    record = json.loads((tmp_path / datacache.RECORDS / f"{assignment}.json").read_text())
    assert record["calls"] == calls


def test_the_record_follows_the_source(tmp_path):
    samples.copy_course(ROOT, tmp_path)
    course = Course(tmp_path)
    assignment = "c1w2_logistic_regression"
    assert as_set(datacache.needs(course, assignment)) == as_set([[CAT, {}]])
    (path,) = course.source_notebooks(assignment)
    nb = notebooks.read(path)
    nb.cells.append(notebooks.nbformat.v4.new_code_cell(
        "from course2.data import load_signs_dataset as signs\nx = signs(extra_test=5)"))
    notebooks.write(nb, path)
    assert as_set(datacache.needs(course, assignment)) == as_set([[CAT, {}], [SIGNS, {"extra_test": 5}]])


def test_a_loader_called_with_a_computed_argument_is_refused():
    nb = notebooks.nbformat.v4.new_notebook(cells=[notebooks.nbformat.v4.new_code_cell(
        "from course1.data import load_cat_dataset\nn = 5\ndata = load_cat_dataset(extra_test=n)")])
    with pytest.raises(ValueError, match="not plain values.*line 3"):
        datacache.loader_calls(nb)


def test_fill_runs_each_call_once_per_process(monkeypatch):
    seen = []
    monkeypatch.setitem(cache.LOADERS, "course1.data.fake_loader", lambda n=0: seen.append(n))
    monkeypatch.setattr(datacache, "_filled", set())
    calls = [["course1.data.fake_loader", {"n": 3}], ["course1.data.fake_loader", {"n": 4}]]
    assert [name for name, _ in datacache.fill(calls)] == ["course1.data.fake_loader(n=3)",
                                                           "course1.data.fake_loader(n=4)"]
    assert datacache.fill(calls) == [] and seen == [3, 4]


def test_fill_runs_only_registered_loaders():
    with pytest.raises(ValueError, match="not a data loader"):
        datacache.fill([["os.getcwd", {}]])


def test_a_read_only_cache_still_gives_the_data(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_CACHE", str(tmp_path))

    def read_only(path, arrays):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(cache, "_write", read_only)
    arrays = {"x": np.arange(6).reshape(2, 3)}
    with pytest.warns(UserWarning, match="built in memory.*Read-only file system"):
        got = cache.cached_arrays("tiny", lambda: arrays, cache.array_checksum(arrays))
    assert np.array_equal(got["x"], arrays["x"]) and not list(tmp_path.iterdir())
