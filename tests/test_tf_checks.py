"""The TensorFlow part of the toolkit: tensor checks in the order type, dtype, shape, values; model structure."""
import numpy as np
import pytest

from course1.checks import CheckFailed
from course2 import tf_checks
from course4.public_tests import HAPPY_MODEL_LAYERS, convolutional_model_layers
from reference_models import happy_model as happy, signs_convnet

tf = tf_checks.tf
keras = tf_checks.keras
layers = keras.layers


def fails(func, *args, match, **kwargs):
    with pytest.raises(CheckFailed, match=match):
        func(*args, **kwargs)


# --- tensors --------------------------------------------------------------------------------------

def test_a_numpy_array_is_not_a_tensor():
    fails(tf_checks.check_tensor, np.zeros((2, 1), dtype=np.float32), np.zeros((2, 1)), "Y",
          match=r"Wrong type for Y: expected EagerTensor, got numpy.ndarray\. Expected a TensorFlow tensor")


def test_a_constant_is_not_a_variable():
    fails(tf_checks.check_tensor, tf.constant([1.0]), np.array([1.0]), "W1", kind="variable",
          match=r"Wrong type for W1: expected ResourceVariable, got .*EagerTensor\. Expected a TensorFlow variable")


def test_dtype_is_checked_before_shape():
    fails(tf_checks.check_tensor, tf.constant([[1, 2]]), np.zeros((2, 1)), "a",
          match=r"Wrong dtype for a: expected float32, got int32")


def test_shape_then_values():
    fails(tf_checks.check_tensor, tf.constant([[1.0, 2.0]]), np.zeros((2, 1)), "a",
          match=r"Wrong shape for a: expected \(2, 1\), got \(1, 2\)")
    fails(tf_checks.check_tensor, tf.constant([[1.0], [2.5]]), np.array([[1.0], [2.0]]), "a",
          match=r"1 of 2 entries differ; the first is a\[\(1, 0\)\]: expected 2.0, got 2.5")


def test_right_answers_pass_for_tensors_variables_and_scalars():
    tf_checks.check_tensor(tf.constant([[1.0], [2.0]]), np.array([[1.0], [2.0]]), "a")
    tf_checks.check_tensor(tf.Variable(np.ones((2, 2), dtype=np.float64)), np.ones((2, 2)), "v", dtype=tf.float64,
                           kind="variable")
    tf_checks.check_tensor(tf.constant(3.0), np.array(3.0), "loss")


def test_patching_tensor_methods_later_changes_nothing():
    """A student cell that rebinds a tensor's numpy() cannot make a wrong tensor look right."""
    from tensorflow.python.framework.ops import _EagerTensorBase

    original = _EagerTensorBase.numpy
    try:
        _EagerTensorBase.numpy = lambda self: np.array([[1.0], [2.0]])
        fails(tf_checks.check_tensor, tf.constant([[0.0], [0.0]]), np.array([[1.0], [2.0]]), "a", match="entries differ")
    finally:
        _EagerTensorBase.numpy = original


# --- model structure ------------------------------------------------------------------------------

def test_the_reference_layers_describe_the_models_of_the_exercises():
    """The hand-written layer lists match models built independently here."""
    model = happy()
    tf_checks.check_model(model, HAPPY_MODEL_LAYERS, "happy")
    assert model.count_params() == (7 * 7 * 3 * 16 + 16) + 4 * 16 + (32 * 32 * 16 + 1)
    signs = signs_convnet()
    tf_checks.check_model(signs, convolutional_model_layers((64, 64, 3)), "signs")
    assert signs.count_params() == (4 * 4 * 3 * 16 + 16) + (3 * 3 * 16 * 32 + 32) + (4 * 4 * 32 * 6 + 6)


def test_the_first_differing_layer_is_named():
    fails(tf_checks.check_model, happy(conv_padding="same"), HAPPY_MODEL_LAYERS, "happyModel()",
          match=r"happyModel\(\), layer 2 \(Conv2D\): wrong output shape: expected \(None, 64, 64, 16\), got \(None, 70, 70, 16\)")
    fails(tf_checks.check_model, happy(with_batch_norm=False), HAPPY_MODEL_LAYERS, "happyModel()",
          match=r"happyModel\(\), layer 3: expected a BatchNormalization, got a ReLU")
    fails(tf_checks.check_model, happy(activation="softmax"), HAPPY_MODEL_LAYERS, "happyModel()",
          match=r"layer 7 \(Dense\): wrong activation: expected 'sigmoid', got 'softmax'")


def test_missing_and_extra_layers_are_reported():
    fails(tf_checks.check_model, happy(), HAPPY_MODEL_LAYERS + [{"layer": "Dropout"}], "m",
          match=r"m has only 7 layers; layer 8 should be a Dropout")
    fails(tf_checks.check_model, happy(), HAPPY_MODEL_LAYERS[:5], "m",
          match=r"m has 7 layers, expected 5; the first extra one is layer 6 \(Flatten\)")


def test_a_model_is_required():
    fails(tf_checks.check_model, "not a model", HAPPY_MODEL_LAYERS, "happyModel()", match=r"Wrong type for happyModel\(\)")
