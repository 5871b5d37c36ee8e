"""The fixed vocabulary of the strategy notebooks, and the camera box the week-1 detector must fit.

``NEXT_STEPS`` lists, for the error that dominates, the steps the course recommends, in the order to
try them (Ng's "basic recipe"): for avoidable bias, a bigger model, longer training or a better
optimizer, a better architecture; for variance, more data, regularization, a better architecture.
"""
NEXT_STEPS = {
    "bias": ["bigger model", "train longer / better optimizer", "better architecture"],
    "variance": ["more data", "regularization", "better architecture"],
}

# The city's camera box: a small chip that does this many multiply-adds per millisecond (runtimes in
# the notebook are estimated from a network's multiply-adds, so they are the same on every machine).
CHIP_MULTIPLY_ADDS_PER_MS = 50_000
BYTES_PER_PARAMETER = 4  # float32 weights on the box
