"""tf.nest: flatten, pack and map nested structures (TF 1.15's public names)."""

from tinytf.util.nest import (  # noqa: F401
    assert_same_structure,
    flatten,
    is_nested,
    map_structure,
    pack_sequence_as,
)
