"""Feedback that shows why a test failed, never how the hidden tests work.

nbgrader's feedback keeps hidden tests in the cell source, and a failing hidden test's traceback
prints its lines (upstream nbgrader issue 917). This preprocessor, registered for
``GenerateFeedback`` in ``nbgrader_config.py``, rewrites every autograded test cell: the hidden
region becomes one comment line and an error output keeps only its final message. A hidden cell keeps
no output but the judge's verdict (:mod:`.judge`): its records and anything the kernel printed there
(a function that prints its hidden inputs) are dropped.
"""
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution

from .notebooks import HIDDEN_BEGIN, HIDDEN_END, strip_hidden_tests

HIDDEN_PLACEHOLDER = "# (hidden tests ran here; their code is not shown)"
NO_MESSAGE = "a test failed without a message; compare your function with its docstring."
NOT_WRITTEN = "a function this test calls is not written yet (its cell still raises NotImplementedError)."


def failure_message(output):
    """One plain line for an error output: 'ename: evalue', with a useful text when evalue is empty."""
    if output.ename == "NotImplementedError" and not output.evalue:
        return f"{output.ename}: {NOT_WRITTEN}"
    return f"{output.ename}: {output.evalue or NO_MESSAGE}"


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden test code and tracebacks from autograded test cells."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not is_grade(cell) or is_solution(cell):
            return cell, resources
        if HIDDEN_BEGIN in cell.source or HIDDEN_END in cell.source:
            cell.source = strip_hidden_tests(cell.source, HIDDEN_PLACEHOLDER)
            cell.outputs = [output for output in cell.outputs if output.output_type == "error"]
        for output in cell.outputs:
            if output.output_type == "error":
                output.traceback = [failure_message(output)]
        return cell, resources
