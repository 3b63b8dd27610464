"""tf.random.experimental: create_rng_state and the stateful Generator (imported on first
use)."""

from tinytf.ops.random_ops import create_rng_state  # noqa: F401
from tinytf.util.lazy import lazy_names

_NAMES = ("Generator", "get_global_generator", "set_global_generator")
__getattr__, __dir__ = lazy_names(__name__, dict.fromkeys(_NAMES, "tinytf.ops.stateful_random_ops"))
