"""Course 3 helper library: ML strategy.

- :mod:`course3.data` -- the strategy datasets: camera vs web pictures (week 1), multi-label scenes
  with known attributes (week 2), each with a pinned checksum and extra held-out sets.
- :mod:`course3.models` -- small NumPy networks built from course 1's layers and course 2's Adam,
  trained fast enough for the notebooks' experiments.
- :mod:`course3.public_tests` -- the visible tests of both notebooks.
"""
