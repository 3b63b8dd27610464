"""tf.data."""

from tinytf.data.dataset_ops import Dataset  # noqa: F401
from tinytf.data.iterator_ops import Iterator  # noqa: F401
