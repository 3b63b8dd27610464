"""tf.estimator.inputs."""

from tinytf.estimator.numpy_io import numpy_input_fn  # noqa: F401
