"""tf.lookup.experimental (TF 1.15): the dense mutable hash table."""

from tinytf.ops.mutable_lookup_ops import DenseHashTable  # noqa: F401
