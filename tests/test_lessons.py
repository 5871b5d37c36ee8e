"""Each notebook's lesson, read from the `results` its locked cell computed in the graded solution run.

The graded solution run is the only training of each notebook in a run of the suite: where a lesson
needs more than the 50 or 120 test pictures to be trusted, the locked `results` cell also scores the
trained models on 1000 extra pictures from the same generator (the loaders' ``extra_test``), never
used for training or for choosing the settings, and the ranges below hold on those too.
"""
import pytest

from course1.grading import notebooks
from conftest import ASSIGNMENTS, SOLUTION

# The headline numbers each notebook must reach: name -> (low, high), inclusive.
EXPECTED_RESULTS = {
    "c1w2_logistic_regression": {"train_accuracy": (0.95, 1.0), "test_accuracy": (0.65, 0.78)},
    # on the whole flower dataset, as in the classic notebook (the course publishes 47 % and 90 %)
    "c1w3_planar_data": {"logreg_accuracy": (0.40, 0.60), "nn_accuracy": (0.88, 0.95)},
    # the student's functions trained on make_moons at the end of the step-by-step notebook
    "c1w4_deep_nn_step_by_step": {"toy_train_accuracy": (0.93, 1.0), "toy_test_accuracy": (0.93, 1.0)},
    # the ranges keep the lesson (logreg < 2-layer < 4-layer, >= 2 test pictures apart) for any value inside
    # (measured: test 0.66 / 0.72 / 0.86, extra 0.639 / 0.704 / 0.767)
    "c1w4_deep_nn_application": {
        "train_accuracy_logreg": (0.95, 1.0),
        "train_accuracy_2layer": (0.95, 1.0), "test_accuracy_2layer": (0.72, 0.80),
        "train_accuracy_Llayer": (0.95, 1.0), "test_accuracy_Llayer": (0.84, 0.94),
        "test_accuracy_logreg": (0.60, 0.68),
        "extra_accuracy_logreg": (0.58, 0.70), "extra_accuracy_2layer": (0.66, 0.80),
        "extra_accuracy_Llayer": (0.72, 0.85),
    },
    # on the 1000-point test set: zeros never break symmetry, x10 saturates, He trains well
    "c2w1_initialization": {"zeros_test_accuracy": (0.45, 0.55), "random_test_accuracy": (0.75, 0.90),
                            "he_test_accuracy": (0.95, 1.0)},
    # the classic seeded fraud network: the bug shows (0.285), the fixed pass is at rounding level
    "c2w1_gradient_checking": {"difference_1d": (0.0, 1e-9), "difference_buggy": (0.28, 0.29),
                               "difference_fixed": (0.0, 2e-7)},
    # the unregularized net overfits (train - test >= 0.04); L2 and dropout each gain >= 0.015 on 1000 points
    "c2w1_regularization": {"baseline_train_accuracy": (0.93, 0.96), "baseline_test_accuracy": (0.875, 0.89),
                            "l2_test_accuracy": (0.905, 0.925), "dropout_test_accuracy": (0.905, 0.935)},
    # test accuracy on 1000 points: Adam >= 0.90 and at least 0.12 above plain mini-batch GD
    "c2w2_optimization": {
        "gd_accuracy": (0.65, 0.80), "momentum_accuracy": (0.65, 0.80), "adam_accuracy": (0.92, 1.0),
        "gd_decay_accuracy": (0.92, 1.0), "momentum_decay_accuracy": (0.92, 1.0), "adam_decay_accuracy": (0.92, 1.0),
    },
    # the dense network learns the hand signs only in part: it fits the training set, and its test
    # accuracy stays well below the ConvNet's of c4w1_convolution_application (>= 0.90)
    # (measured: 0.725 on the test pictures, 0.779 on the extra ones)
    "c2w3_tensorflow_intro": {"train_accuracy": (0.90, 1.0), "test_accuracy": (0.65, 0.85),
                              "extra_accuracy": (0.65, 0.85)},
    # on 150 smiling / not smiling faces and the 120 hand-sign test pictures: both ConvNets >= 0.90,
    # with two test pictures to spare (0.9133 = 137 / 150, 0.9167 = 110 / 120), and >= 0.90 on 1000 extra
    # pictures each (measured: 0.92 / 0.953 smiles, 0.933 / 0.927 signs): the ConvNet beats the TF intro's
    # dense network (at most 0.85 on both) by more than two test pictures and 0.05 on the extra pictures
    "c4w1_convolution_application": {"happy_test_accuracy": (0.9133, 1.0), "signs_test_accuracy": (0.9167, 1.0),
                                     "happy_extra_accuracy": (0.90, 1.0), "signs_extra_accuracy": (0.90, 1.0)},
}


def results(graded, assignment):
    """The results dict of the assignment's executed solution (its notebooks merged)."""
    found = {}
    for nb in graded(assignment).autograded(SOLUTION).values():
        found.update(notebooks.results_of(nb) or {})
    return found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_results_come_from_a_locked_cell(assignment, graded):
    for name, nb in graded(assignment).source_notebooks.items():
        for cell in nb.cells:
            if "show_results(" in cell.source and cell.cell_type == "code":
                meta = notebooks.nbgrader_meta(cell)
                assert meta.get("locked") and not meta.get("solution"), \
                    f"{name}: the cell that shows `results` must be locked"


@pytest.mark.parametrize("assignment", sorted(set(EXPECTED_RESULTS) & set(ASSIGNMENTS)))
def test_headline_results(assignment, graded):
    got = results(graded, assignment)
    for name, (low, high) in EXPECTED_RESULTS[assignment].items():
        assert name in got, f"{assignment}: results has no {name!r} (has {sorted(got)})"
        assert low <= got[name] <= high, f"{assignment}: {name} = {got[name]:.4f}, expected in [{low}, {high}]"


@pytest.mark.parametrize("assignment", [a for a in ["c1w4_deep_nn_application"] if a in ASSIGNMENTS])
def test_deeper_is_better_on_the_cat_pictures(assignment, graded):
    """logistic regression < 2-layer < 4-layer: by two of the 50 test pictures and by 0.02 on the 1000 extra."""
    got = results(graded, assignment)
    right = {m: round(50 * got[f"test_accuracy_{m}"]) for m in ("logreg", "2layer", "Llayer")}
    assert right["logreg"] + 2 <= right["2layer"] and right["2layer"] + 2 <= right["Llayer"], right
    extra = {m: got[f"extra_accuracy_{m}"] for m in ("logreg", "2layer", "Llayer")}
    assert extra["logreg"] + 0.02 <= extra["2layer"] and extra["2layer"] + 0.02 <= extra["Llayer"], extra
