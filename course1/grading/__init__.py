"""The instructor pipeline: regenerate releases, autograde, feedback, demo, benchmark, lab.

Run as ``python -m course1.grading <command>`` (the Makefile's targets are thin wrappers).
"""
