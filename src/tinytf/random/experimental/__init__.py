"""tf.random.experimental (only create_rng_state so far; the stateful Generator is not built)."""

from tinytf.ops.random_ops import create_rng_state  # noqa: F401
