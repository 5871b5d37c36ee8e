"""``make bundle``: the zip of release/ and the helper library's wheel hold no solution."""
import json
import shutil
import zipfile

import pytest

from course1.grading.__main__ import main
from conftest import ROOT

# Spelled out here, not imported from the code under test.
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The bundle of this checkout, built once by the command line into a scratch folder."""
    folder = tmp_path_factory.mktemp("dist")
    assert main(["--root", str(ROOT), "bundle", "--dist", str(folder)]) == 0
    return folder


def entries(archive):
    with zipfile.ZipFile(archive) as zf:
        return {name: zf.read(name).decode("utf-8", errors="replace") for name in zf.namelist()}


def marker_lines(name, text):
    """Lines that open or close a solution or hidden-test region (in a notebook: in its cells)."""
    if name.endswith(".ipynb"):
        text = "\n".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
    return [line for line in text.splitlines() if line.strip().startswith(MARKERS)]


def test_release_zip_holds_every_released_notebook_and_nothing_else(dist):
    released = {p.relative_to(ROOT).as_posix() for p in (ROOT / "release").rglob("*.ipynb")
                if ".ipynb_checkpoints" not in p.parts}
    assert released
    names = set(entries(dist / "release.zip"))
    assert names == released
    for name, text in entries(dist / "release.zip").items():
        json.loads(text)  # each entry is a readable notebook


def test_release_zip_and_wheel_hold_no_solution(dist):
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1, wheels
    for archive in (dist / "release.zip", wheels[0]):
        for name, text in entries(archive).items():
            assert not name.startswith("source/") and "/source/" not in name, f"{archive.name}: {name}"
            assert not name.endswith("mistakes.toml"), f"{archive.name}: {name}"
            assert not marker_lines(name, text), f"{archive.name}: {name} has {marker_lines(name, text)[:2]}"


def test_wheel_holds_the_helper_library_without_the_instructor_pipeline(dist):
    (wheel,) = dist.glob("*.whl")
    names = set(entries(wheel))
    for module in ("course1/__init__.py", "course1/checks.py", "course1/public_tests.py", "course2/__init__.py"):
        assert module in names
    assert not [n for n in names if n.startswith("course1/grading/")]
    metadata = next(text for name, text in entries(wheel).items() if name.endswith(".dist-info/METADATA"))
    assert "Requires-Dist: numpy" in metadata
    required = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    grading_only = [line for line in required if any(f" {name}" in line for name in ("dask", "distributed", "psutil"))]
    assert not grading_only, f"the student wheel pulls the pipeline's dependencies: {grading_only}"


def test_marker_lines_are_found_in_cells_and_modules_but_not_in_prose():
    notebook = json.dumps({"cells": [{"source": ["def f(x):\n", "    ### BEGIN SOLUTION\n", "    return x\n"]}]})
    assert marker_lines("a/N.ipynb", notebook) == ["    ### BEGIN SOLUTION"]
    assert marker_lines("course9/m.py", "x = 1\n  ### END HIDDEN TESTS\n") == ["  ### END HIDDEN TESTS"]
    assert marker_lines("course9/m.py", '"""Reads cells with ``### BEGIN SOLUTION`` lines."""') == []


def test_bundle_refuses_a_release_that_gives_a_solution_away(tmp_path, capsys):
    shutil.copytree(ROOT / "release" / "c1w2_python_basics", tmp_path / "release" / "c1w2_python_basics")
    shutil.copy2(ROOT / "source" / "c1w2_python_basics" / "Python_Basics_with_Numpy.ipynb",
                 tmp_path / "release" / "c1w2_python_basics" / "Python_Basics_with_Numpy.ipynb")
    assert main(["--root", str(tmp_path), "bundle"]) == 1
    err = capsys.readouterr().err
    assert "release/c1w2_python_basics/Python_Basics_with_Numpy.ipynb" in err and "BEGIN SOLUTION" in err
    assert not (tmp_path / "dist" / "release.zip").exists()
    assert not list((tmp_path / "dist").glob("*.whl"))
