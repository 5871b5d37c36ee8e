"""Visible tests for the graded functions of course 2.

Each test calls the student's function through :func:`course1.checks.call`, checks the type, the
shape, then the values of what came back with a message that says what to look at, and ends with
:func:`course1.checks.passed`. Expected values come from an independent route (a closed form, a
hand-worked case, a numerical gradient, or the numbers the original course published), never from
the library's own implementation of the same function.
"""
import numpy as np

from course1 import checks

__all__ = []
