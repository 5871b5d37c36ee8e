"""Visible tests for the graded functions of course 3.

Each test takes the student's function, calls it through :func:`course1.checks.call`, then checks the
type, the shape and the values of what came back, in that order, with a message that says what to look
at. Expected values are hand-worked cases written out in the test (the course's own scenario numbers).
"""
import numpy as np

from course1 import checks

# --- Week 1: ML strategy (1), the flight simulator ---------------------------------------------------

def _check_number(value, expected, name, hint=""):
    checks.check_type(value, (float, int), name, hint="Return a plain number (use float(...)).")
    checks.check_close(value, expected, name, hint=hint)


def error_rate_test(target):
    """error_rate: 2 wrong of 5 is 0.4; all right is 0.0."""
    predictions = np.array([[1, 0, 0, 1, 1]])
    Y = np.array([[1, 1, 0, 0, 1]])
    got = checks.call(target, predictions.copy(), Y.copy())
    hint = ("0.6 is the accuracy: count the predictions that differ from the labels."
            if isinstance(got, (int, float)) and abs(got - 0.6) < 1e-9 else
            "The error is the fraction of the m examples whose prediction differs from the label.")
    _check_number(got, 0.4, "error_rate([[1 0 0 1 1]], [[1 1 0 0 1]])", hint=hint)
    _check_number(checks.call(target, Y.copy(), Y.copy()), 0.0, "error_rate(Y, Y)")
    checks.passed()


def pick_model_test(target):
    """pick_model: the most accurate model within both limits, ties to the faster one, None if none fits."""
    models = [
        {"name": "A", "accuracy": 0.97, "runtime_ms": 80.0, "memory_mb": 3.0},
        {"name": "B", "accuracy": 0.95, "runtime_ms": 40.0, "memory_mb": 12.0},
        {"name": "C", "accuracy": 0.93, "runtime_ms": 45.0, "memory_mb": 4.0},
        {"name": "D", "accuracy": 0.93, "runtime_ms": 30.0, "memory_mb": 6.0},
    ]
    cases = [
        ((50.0, 8.0), "D", "C and D are the models within 50 ms and 8 MB and equally accurate: the faster one wins."),
        ((100.0, 20.0), "A", "Every model fits: pick the most accurate."),
        ((50.0, 20.0), "B", "A is too slow, so B is the most accurate of those that fit."),
    ]
    for (runtime, memory), want, hint in cases:
        got = checks.call(target, [dict(m) for m in models], runtime, memory)
        name = f"pick_model(models, max_runtime_ms={runtime}, max_memory_mb={memory})"
        checks.check_type(got, dict, name, hint="Return the chosen model's dict itself.")
        checks.check_equal(got.get("name"), want, f"{name}['name']", hint=hint)
    got = checks.call(target, [dict(m) for m in models], 20.0, 8.0)
    if got is not None:
        raise checks.CheckFailed("pick_model(models, 20.0, 8.0) should be None: no model runs within 20 ms.")
    checks.passed()


def split_sizes_test(target):
    """split_sizes: dev and test rounded down to whole examples, train gets the rest."""
    cases = [((10_000_000, 0.025, 0.025), (9_500_000, 250_000, 250_000)),
             ((1003, 0.1, 0.2), (703, 100, 200)),
             ((999, 0.15, 0.15), (701, 149, 149))]
    for args, want in cases:
        got = checks.call(target, *args)
        name = f"split_sizes{args}"
        checks.check_type(got, tuple, name, hint="Return (n_train, n_dev, n_test).")
        checks.check_equal(len(got), 3, f"len({name})")
        for part, value in zip(("n_train", "n_dev", "n_test"), got):
            checks.check_type(value, (int, np.integer), f"{name}: {part}", hint="Sizes are whole numbers: use int(...).")
        hint = ("Round dev and test down (int(n * fraction)), then give train what is left: n - n_dev - n_test."
                if sum(got) == args[0] else "The three sizes must add up to n.")
        checks.check_equal(np.array([int(v) for v in got]), np.array(want), f"{name} as (n_train, n_dev, n_test)", hint=hint)
    checks.passed()


def build_splits_test(target):
    """build_splits: dev and test from shuffled camera indices, web indices only in train."""
    n_camera, n_web = 20, 7
    got = checks.call(target, n_camera, n_web, 0.2, 0.1, 0)
    checks.check_type(got, tuple, "build_splits(...)", hint="Return (train_idx, dev_idx, test_idx).")
    checks.check_equal(len(got), 3, "len(build_splits(...))")
    names = ("train_idx", "dev_idx", "test_idx")
    for part, value, size in zip(names, got, (n_camera - 4 - 2 + n_web, 4, 2)):
        checks.check_type(value, np.ndarray, part)
        checks.check_shape(value, (size,), part, hint="dev: int(20 * 0.2) = 4, test: int(20 * 0.1) = 2, "
                                                      "train: the 14 other camera pictures and the 7 web ones.")
    train, dev, test = (np.asarray(v) for v in got)
    if np.any(dev >= n_camera) or np.any(test >= n_camera):
        raise checks.CheckFailed("dev_idx and test_idx hold web pictures (indices >= n_camera): dev and test "
                                 "must come from the camera pictures only.")
    every = np.concatenate([train, dev, test])
    if len(np.unique(every)) != len(every) or sorted(every.tolist()) != list(range(n_camera + n_web)):
        raise checks.CheckFailed("Every picture must be in exactly one of train, dev and test.")
    perm = np.random.default_rng(0).permutation(n_camera)
    checks.check_equal(dev, perm[:4], "dev_idx", hint="Shuffle with np.random.default_rng(seed).permutation"
                       "(n_camera); dev is the first n_dev of the shuffled indices.")
    checks.check_equal(test, perm[4:6], "test_idx", hint="test is the next n_test shuffled indices.")
    checks.check_equal(train, np.concatenate([perm[6:], n_camera + np.arange(n_web)]), "train_idx",
                       hint="train is the rest of the shuffled camera indices, then every web index.")
    checks.passed()


def bayes_error_proxy_test(target):
    """bayes_error_proxy: the best (lowest) error of any person or team."""
    human_errors = {"passer-by": 0.08, "night guard": 0.05, "vet": 0.03, "team of vets": 0.02}
    got = checks.call(target, dict(human_errors))
    hint = ("Take the lowest error, not an average: Bayes error is at most the best error anyone reaches."
            if isinstance(got, (int, float)) and abs(got - 0.045) < 1e-9 else
            "Bayes error is at most the lowest error that a person or a team reaches.")
    _check_number(got, 0.02, "bayes_error_proxy(human_errors)", hint=hint)
    checks.passed()


def bias_variance_report_test(target):
    """bias_variance_report: avoidable bias = train - human, variance = dev - train, the larger one is the focus."""
    from course3.strategy import NEXT_STEPS

    cases = [((0.01, 0.08, 0.10), 0.07, 0.02, "bias"), ((0.01, 0.02, 0.09), 0.01, 0.07, "variance")]
    for (human, train, dev), bias, variance, focus in cases:
        name = f"bias_variance_report({human}, {train}, {dev})"
        got = checks.call(target, human, train, dev)
        checks.check_type(got, dict, name)
        for key in ("avoidable_bias", "variance", "focus", "next_steps"):
            if key not in got:
                raise checks.CheckFailed(f"{name} has no key {key!r}.")
        _check_number(got["avoidable_bias"], bias, f"{name}['avoidable_bias']",
                      hint="Avoidable bias is train error - human-level error.")
        _check_number(got["variance"], variance, f"{name}['variance']",
                      hint="Variance is dev error - train error (not dev - human).")
        checks.check_equal(got["focus"], focus, f"{name}['focus']", hint="Focus on the larger of the two gaps.")
        checks.check_type(got["next_steps"], list, f"{name}['next_steps']")
        checks.check_equal(got["next_steps"] == NEXT_STEPS[focus], True, f"{name}['next_steps'] == NEXT_STEPS[{focus!r}]",
                           hint=f"Return a copy of NEXT_STEPS[focus]: {NEXT_STEPS[focus]}.")
    checks.passed()


def dev_overfit_gap_test(target):
    """dev_overfit_gap: test error - dev error (dev 2.1 %, test 7.0 % gives 0.049)."""
    got = checks.call(target, 0.021, 0.070)
    _check_number(got, 0.049, "dev_overfit_gap(0.021, 0.070)",
                  hint="The gap is test error - dev error: positive when the dev set was overfitted.")
    checks.passed()



# --- Week 2: ML strategy (2), error analysis ---------------------------------------------------------

# The dev set of the hand-worked examples: 8 pictures, 4 of them misclassified; picture 2 is in fog
# but classified correctly, pictures 3 and 6 are in two categories each.
_MISCLASSIFIED = np.array([True, True, False, True, False, False, True, False])
_ATTRIBUTES = {
    "fog": np.array([True, False, True, True, False, False, False, False]),
    "rain": np.array([False, True, False, True, False, True, True, False]),
    "mislabeled": np.array([False, False, False, False, True, False, True, False]),
}


def error_analysis_table_test(target):
    """Visible test of ``error_analysis_table(misclassified, attributes)`` on the 8-picture example."""
    attributes = {k: v.copy() for k, v in _ATTRIBUTES.items()}
    table = checks.call(target, _MISCLASSIFIED.copy(), attributes)
    checks.check_type(table, dict, "error_analysis_table(...)")
    expected = {"fog": {"count": 2, "share": 0.5, "ceiling": 0.25},
                "rain": {"count": 3, "share": 0.75, "ceiling": 0.375},
                "mislabeled": {"count": 1, "share": 0.25, "ceiling": 0.125}}
    if sorted(table) != sorted(expected):
        raise checks.CheckFailed(f"The table must have one entry per category {sorted(expected)}, "
                                 f"got the keys {sorted(table)}.")
    for name, row in expected.items():
        checks.check_type(table[name], dict, f"table[{name!r}]")
        got_count = table[name].get("count")
        if name == "fog" and got_count == 3:
            raise checks.CheckFailed("table['fog']['count'] is 3, expected 2: picture 2 is in fog but was classified "
                                     "correctly. Count only the misclassified pictures of each category.")
        checks.check_output(table[name], row, f"table[{name!r}]",
                            hint="count: misclassified pictures of the category; share: count / number of "
                                 "misclassified pictures; ceiling: count / number of dev pictures.")
    checks.passed()


def mislabeled_fraction_test(target):
    """Visible test of ``mislabeled_fraction(misclassified, mislabeled, min_share)`` on the 8-picture example."""
    mislabeled = _ATTRIBUTES["mislabeled"]
    out = checks.call(target, _MISCLASSIFIED.copy(), mislabeled.copy(), 0.3)
    checks.check_type(out, dict, "mislabeled_fraction(...)")
    expected = {"count": 1, "share": 0.25, "error_from_labels": 0.125, "other_error": 0.375,
                "worth_fixing": False, "relabel": []}
    checks.check_output(out, expected, "mislabeled_fraction(misclassified, mislabeled, 0.3)",
                        hint="Picture 4 is mislabeled but classified correctly: it is no error of the model.")
    out = checks.call(target, _MISCLASSIFIED.copy(), mislabeled.copy(), 0.25)
    expected.update(worth_fixing=True, relabel=["dev", "test"])
    checks.check_output(out, expected, "mislabeled_fraction(misclassified, mislabeled, 0.25)",
                        hint="A share equal to min_share is worth fixing; relabel the dev AND the test set.")
    checks.passed()


def mismatch_report_test(target):
    """Visible test of ``mismatch_report(human, train, train_dev, dev, test)``."""
    out = checks.call(target, 0.02, 0.07, 0.09, 0.30, 0.32)
    checks.check_type(out, dict, "mismatch_report(0.02, 0.07, 0.09, 0.30, 0.32)")
    checks.check_output(out, {"avoidable_bias": 0.05, "variance": 0.02, "data_mismatch": 0.21,
                              "dev_overfitting": 0.02, "dominant": "data_mismatch"},
                        "mismatch_report(0.02, 0.07, 0.09, 0.30, 0.32)",
                        hint="variance = train_dev - train, data mismatch = dev - train_dev.")
    out = checks.call(target, 0.0, 0.125, 0.25, 0.375, 0.375)
    checks.check_output(out, {"avoidable_bias": 0.125, "variance": 0.125, "data_mismatch": 0.125,
                              "dev_overfitting": 0.0, "dominant": "avoidable_bias"},
                        "mismatch_report(0.0, 0.125, 0.25, 0.375, 0.375)",
                        hint="On a tie, the first of avoidable_bias, variance, data_mismatch, dev_overfitting wins.")
    checks.passed()


def masked_multitask_loss_test(target):
    """Visible test of ``masked_multitask_loss(Y, Y_hat)``: 2 objects, 2 pictures, one label unknown."""
    Y = np.array([[1.0, np.nan], [0.0, 1.0]])
    Y_hat = np.array([[0.8, 0.3], [0.4, 0.9]])
    out = checks.call(target, Y.copy(), Y_hat.copy())
    checks.check_type(out, tuple, "masked_multitask_loss(Y, Y_hat)")
    if len(out) != 2:
        raise checks.CheckFailed(f"masked_multitask_loss must return (cost, dY_hat), got {len(out)} values.")
    cost, dY_hat = out
    expected_cost = (-np.log(0.8) - np.log(0.6) - np.log(0.9)) / 2  # 0.41966485...
    checks.check_close(cost, float(expected_cost), "cost",
                       hint="Sum the loss over the 3 known labels only, then divide by m = 2 pictures.")
    checks.check_shape(dY_hat, (2, 2), "dY_hat")
    checks.check_close(dY_hat, np.array([[-0.625, 0.0], [1 / 1.2, -1 / 1.8]]), "dY_hat",
                       hint="dY_hat = (-Y / Y_hat + (1 - Y) / (1 - Y_hat)) / m where the label is known, 0 where it is NaN.")
    checks.passed()
