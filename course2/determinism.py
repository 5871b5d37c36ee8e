"""Deterministic TensorFlow for the notebooks: one call in each notebook's locked setup cell."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402  (after the log level is set)
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
