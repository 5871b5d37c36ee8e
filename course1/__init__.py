"""Course 1 helper library: the foundation (grading toolkit, dataset cache, plots, NumPy networks)."""
