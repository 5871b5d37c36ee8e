"""The reference runs that judge parts compare with, checked against independent values.

Where a judge part takes its expected value from the reference run (``reference(label)``: the outputs
of the student's Keras model once its weights are seeded), the reference solution's records must
agree with a model built independently of the notebook (``tests/reference_models.py``), given the
same seeded weights and the same hidden inputs.
"""
import numpy as np
import pytest

from course1.grading import reference
from course1.record import decode
from conftest import ASSIGNMENTS

T = "c4w1_convolution_application"
NOTEBOOK = "Convolution_model_Application.ipynb"


def recorded(graded, assignment, notebook, cell, label):
    stored = reference.load(graded(assignment).course.root, assignment)
    assert stored is not None, f"no current reference run of {assignment}"
    payloads = {p["label"]: p for p in stored["notebooks"][notebook]["records"][cell]}
    return decode(payloads[label]["value"])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_assignment_has_a_current_reference_run_with_every_hidden_cell(assignment, graded):
    g = graded(assignment)
    stored = reference.load(g.course.root, assignment)
    assert stored is not None, "the suite's grading of the solution made no reference run"
    for name, nb in g.source_notebooks.items():
        hidden = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "### BEGIN HIDDEN TESTS" in c.source}
        cells = stored["notebooks"][name]
        assert hidden <= set(cells["records"]), f"{name}: no records of {sorted(hidden - set(cells['records']))}"
        assert all(cells["records"][gid] for gid in hidden), f"{name}: a hidden cell recorded nothing"
        assert cells["seconds"], f"{name}: no cell times"


@pytest.mark.parametrize("assignment", [T] if T in ASSIGNMENTS else [])
def test_the_reference_model_outputs_agree_with_independent_models(assignment, graded):
    from course2 import tf_checks
    from reference_models import happy_model, signs_convnet

    x = np.random.RandomState(4).rand(3, 64, 64, 3).astype(np.float32)
    label = "happyModel()(3 hidden pictures) with seeded weights"
    want = tf_checks.outputs_with_seeded_weights(happy_model(), x, seed=7)
    got = recorded(graded, assignment, NOTEBOOK, "happyModel_hidden", label)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    for seed, shape in [(8, (32, 32, 1)), (9, (128, 96, 3)), (10, (20, 44, 2))]:
        x = np.random.RandomState(5).rand(2, *shape).astype(np.float32)
        label = f"convolutional_model({shape})(2 hidden pictures) with seeded weights"
        want = tf_checks.outputs_with_seeded_weights(signs_convnet(shape), x, seed=seed)
        got = recorded(graded, assignment, NOTEBOOK, "convolutional_model_hidden", label)
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5, err_msg=label)
