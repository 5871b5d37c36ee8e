"""Deterministic TensorFlow for the notebooks: one call in each notebook's locked setup cell.

Importing this module imports TensorFlow and Keras without their C++ start-up notices ("All log
messages before absl::InitializeLog() ...", "oneDNN custom operations are on ..."): TensorFlow writes
them to file descriptor 2 before any log level applies, so the import runs with that descriptor
pointed at ``/dev/null``. Import it before ``import tensorflow`` anywhere (notebooks, grader, benches).
"""
import contextlib
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # later C++ notices (after the import)


@contextlib.contextmanager
def _stderr_descriptor_silenced():
    """Point file descriptor 2 at /dev/null inside the block (Python's sys.stderr is flushed first)."""
    with contextlib.suppress(AttributeError, ValueError):
        sys.stderr.flush()
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


with _stderr_descriptor_silenced():
    import keras  # noqa: E402
    import tensorflow as tf  # noqa: E402


def deterministic_tensorflow(seed=1, threads=2):
    """Make TensorFlow give the same numbers on every run, on any machine with the same versions.

    Seeds Python's, NumPy's and TensorFlow's generators (``keras.utils.set_random_seed``), switches
    on op determinism (deterministic kernels, e.g. for the sums in gradients) and fixes the thread
    counts, since how a sum is split across threads changes its last bits. Call it before the first
    TensorFlow operation runs: thread counts cannot change afterwards.

    Arguments
    seed -- the seed of every generator, int
    threads -- threads inside one operation (intra-op); operations themselves run one at a time
    """
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    try:
        if tf.config.threading.get_intra_op_parallelism_threads() != threads:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
        if tf.config.threading.get_inter_op_parallelism_threads() != 1:
            tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError as e:
        raise RuntimeError("TensorFlow has already run an operation in this process, so its thread counts "
                           "can no longer be fixed: restart the kernel and run this cell first") from e
