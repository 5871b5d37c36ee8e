"""The instructor pipeline's parts that do not need a kernel: notebooks, feedback, tables, workspace."""
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course1.grading import notebooks
from course1.grading.batch import format_table
from course1.grading.feedback import HIDDEN_PLACEHOLDER, HideHiddenTests
from course1.grading.lab import seed_workspace


def meta(gid, **flags):
    return {"nbgrader": {"grade_id": gid, "schema_version": 3, "grade": False, "solution": False,
                         "locked": False, "task": False, **flags}}


SOURCE = new_notebook(cells=[
    new_code_cell("import numpy as np", metadata=meta("setup", locked=True)),
    new_code_cell("def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION", metadata=meta("f", solution=True)),
    new_code_cell("print('training')"),
    new_code_cell('"""Hidden."""\n### BEGIN HIDDEN TESTS\nassert f(3) == 6, "f(3) wrong"\n### END HIDDEN TESTS',
                  metadata=meta("f_hidden", grade=True, locked=True, points=2)),
    new_code_cell("show_results(results)", metadata=meta("results", locked=True)),
])
RELEASE = new_notebook(cells=[
    new_code_cell("import numpy as np", metadata=meta("setup", locked=True)),
    new_code_cell("def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()", metadata=meta("f", solution=True)),
    new_code_cell("print('training')"),
    new_code_cell('"""Hidden."""\n', metadata=meta("f_hidden", grade=True, locked=True, points=2)),
    new_code_cell("show_results(results)", metadata=meta("results", locked=True)),
])


def test_solved_fills_in_the_solution_without_delimiters():
    nb = notebooks.solved(RELEASE, SOURCE)
    assert notebooks.cells_by_id(nb)["f"].source == "def f(x):\n    return 2 * x"
    assert "NotImplementedError" in notebooks.cells_by_id(RELEASE)["f"].source  # input untouched


def test_solved_applies_a_mistake_exactly_once():
    wrong = notebooks.Mistake(cell="f", what="adds", old="2 * x", new="2 + x")
    assert notebooks.cells_by_id(notebooks.solved(RELEASE, SOURCE, wrong))["f"].source.endswith("return 2 + x")
    with pytest.raises(ValueError, match="occurs 0 times"):
        notebooks.solved(RELEASE, SOURCE, notebooks.Mistake(cell="f", what="?", old="3 * x", new="x"))


def test_graded_only_keeps_setup_solutions_and_tests():
    kept = [notebooks.grade_id(c) for c in notebooks.graded_only(SOURCE).cells]
    assert kept == ["setup", "f", "f_hidden"]


def test_results_are_read_from_the_display_output():
    nb = new_notebook(cells=[new_code_cell("show_results(...)", outputs=[
        new_output("display_data", data={"text/plain": "acc 0.5", notebooks.RESULTS_MIMETYPE: {"acc": 0.5}})])])
    assert notebooks.results_of(nb) == {"acc": 0.5}
    assert notebooks.results_of(new_notebook()) is None


def test_feedback_hides_hidden_code_and_tracebacks():
    nb = nbformat.from_dict(SOURCE)
    cell = nb.cells[3]
    cell.outputs = [new_output("error", ename="AssertionError", evalue="f(3) wrong",
                               traceback=["Traceback", 'assert f(3) == 6, "f(3) wrong"'])]
    HideHiddenTests().preprocess_cell(cell, {}, 3)
    assert "assert" not in cell.source and HIDDEN_PLACEHOLDER in cell.source
    assert cell.outputs[0].traceback == ["AssertionError: f(3) wrong"]
    unchanged = nbformat.from_dict(SOURCE).cells[2]
    assert HideHiddenTests().preprocess_cell(unchanged, {}, 2)[0].source == "print('training')"


def test_feedback_explains_a_failure_without_message():
    cell = nbformat.from_dict(SOURCE).cells[3]
    cell.outputs = [new_output("error", ename="AssertionError", evalue="", traceback=["secret line"])]
    HideHiddenTests().preprocess_cell(cell, {}, 3)
    assert cell.outputs[0].traceback[0].startswith("AssertionError: a test failed without a message")
    cell.outputs = [new_output("error", ename="NotImplementedError", evalue="", traceback=["secret line"])]
    HideHiddenTests().preprocess_cell(cell, {}, 3)
    assert cell.outputs[0].traceback == ["NotImplementedError: a function this test calls is not written yet "
                                         "(its cell still raises NotImplementedError)."]


def test_mistakes_file(tmp_path):
    (tmp_path / "mistakes.toml").write_text('[[mistake]]\ncell = "f"\nwhat = "adds"\nold = "2 * x"\nnew = "2 + x"\ndemo = true\n')
    assert notebooks.read_mistakes(tmp_path) == [notebooks.Mistake("f", "adds", "2 * x", "2 + x", True)]
    assert notebooks.read_mistakes(tmp_path / "missing") == []


def test_format_table_pads_columns():
    assert format_table([["a", "1"], ["bbb", "22"]], ["x", "y"]).splitlines() == ["x    y", "---  --", "a    1", "bbb  22"]


def test_workspace_seeding_never_overwrites_student_work(tmp_path):
    (tmp_path / "release" / "a1").mkdir(parents=True)
    (tmp_path / "release" / "a1" / "A.ipynb").write_text("release v2")
    (tmp_path / "release" / "a1" / "B.ipynb").write_text("new notebook")
    workspace = tmp_path / "workspace"
    (workspace / "a1").mkdir(parents=True)
    (workspace / "a1" / "A.ipynb").write_text("my work")
    assert seed_workspace(tmp_path, workspace) == ["a1/B.ipynb"]
    assert (workspace / "a1" / "A.ipynb").read_text() == "my work"
    assert seed_workspace(tmp_path, workspace) == []
