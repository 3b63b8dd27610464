"""tf.estimator.inputs."""

from tinytf.estimator.numpy_io import numpy_input_fn  # noqa: F401
from tinytf.estimator.pandas_io import pandas_input_fn  # noqa: F401
