"""tf.contrib.training: HParams and parse_values."""

from tinytf.contrib.training.hparam import HParams, parse_values  # noqa: F401
