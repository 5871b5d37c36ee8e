"""Run a function in a fresh Python process.

TensorFlow takes its thread counts only before its first operation runs, and a test earlier in the
same pytest process may already have run one; a lesson test that trains a notebook's model therefore
trains it in a process of its own, set up exactly as the notebook's kernel is.
"""
import concurrent.futures
import multiprocessing


def in_fresh_process(fn, *args):
    """``fn(*args)`` computed in a newly spawned Python process; ``fn`` must be a module-level function."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(fn, *args).result()
