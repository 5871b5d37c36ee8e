"""Course 3 helper library: ML strategy.

- :mod:`course3.data` -- the strategy datasets: camera frames vs web pictures (week 1), multi-label
  road-sign pictures with known attributes (week 2), each with a pinned checksum and extra held-out sets.
- :mod:`course3.cameras` -- the camera look of week 1 (grey, blurred, dark, grainy) and ``thumbnails``,
  what the course's small networks read.
- :mod:`course3.scenes` -- week 2's picture generator (internet and car-camera styles, fog, rain, dusk).
- :mod:`course3.models` -- binary NumPy networks from course 1's layers and course 2's Adam and L2 (week 1).
- :mod:`course3.multitask` -- networks with several sigmoid outputs, trained with a given loss (week 2).
- :mod:`course3.strategy` -- the fixed vocabulary of next steps, and the camera box's chip.
- :mod:`course3.public_tests` -- the visible tests of both notebooks.
"""
