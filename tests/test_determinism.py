"""course2.determinism: the notebooks' setup call, checked in fresh processes (TensorFlow's state is per process)."""
from fresh_process import in_fresh_process


def setup_after_an_operation():
    """The error message of a setup call made after TensorFlow already ran something (None if none)."""
    import tensorflow as tf

    from course2.determinism import deterministic_tensorflow

    tf.constant(1.0) + 1.0
    current = tf.config.threading.get_intra_op_parallelism_threads()
    try:
        deterministic_tensorflow(seed=1, threads=current + 1)
    except RuntimeError as e:
        return str(e)
    return None


def setup_twice_gives_the_same_numbers():
    """(first draw, second draw) of a normal tensor, each right after the setup call with seed 3."""
    import tensorflow as tf

    from course2.determinism import deterministic_tensorflow

    draws = []
    for _ in range(2):
        deterministic_tensorflow(seed=3, threads=2)
        draws.append(tf.random.normal((4,)).numpy().tolist())
    return draws


def test_a_late_setup_call_says_to_restart_the_kernel():
    message = in_fresh_process(setup_after_an_operation)
    assert message is not None, "a late setup call that cannot fix the thread count must raise"
    assert "restart the kernel" in message, message


def test_the_setup_call_can_be_repeated_and_reseeds():
    first, second = in_fresh_process(setup_twice_gives_the_same_numbers)
    assert first == second, (first, second)
