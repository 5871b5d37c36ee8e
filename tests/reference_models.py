"""The Keras models of c4w1_convolution_application, built here independently of the notebook.

``tests/test_tf_checks.py`` checks the hand-written layer lists of ``course4.public_tests`` against
them (and builds wrong variants of happyModel); the lesson tests train them on the shipped data.
"""
from course2.determinism import keras  # sets TensorFlow's log level before it loads

layers = keras.layers


def happy_model(conv_padding="valid", with_batch_norm=True, activation="sigmoid"):
    """happyModel: ZEROPAD(3) -> CONV 16 7x7 -> BATCHNORM -> RELU -> MAXPOOL -> FLATTEN -> DENSE(1).

    The arguments build the wrong variants a student might write (the defaults are the exercise).
    """
    stack = [keras.Input(shape=(64, 64, 3)), layers.ZeroPadding2D(3), layers.Conv2D(16, 7, padding=conv_padding)]
    stack += [layers.BatchNormalization(axis=3)] if with_batch_norm else []
    stack += [layers.ReLU(), layers.MaxPool2D(), layers.Flatten(), layers.Dense(1, activation=activation)]
    return keras.Sequential(stack)


def signs_convnet(input_shape=(64, 64, 3)):
    """convolutional_model: CONV 16 4x4 -> RELU -> MAXPOOL 4 -> CONV 32 3x3 -> RELU -> MAXPOOL 4 -> FLATTEN
    -> DENSE(6, softmax), convolutions and pools with "same" padding."""
    inputs = keras.Input(shape=input_shape)
    x = layers.MaxPool2D(4, 4, padding="same")(layers.ReLU()(layers.Conv2D(16, 4, padding="same")(inputs)))
    x = layers.MaxPool2D(4, 4, padding="same")(layers.ReLU()(layers.Conv2D(32, 3, padding="same")(x)))
    return keras.Model(inputs, layers.Dense(6, activation="softmax")(layers.Flatten()(x)))
