"""tf.ragged: RaggedTensor factories and helpers as TF 1.15 has them in graph mode."""

from tinytf.ops.ragged_ops import map_flat_values  # noqa: F401
from tinytf.ops.ragged_ops import ragged_range as range  # noqa: F401, A004
from tinytf.ops.ragged_ops import (  # noqa: F401
    row_splits_to_segment_ids,
    segment_ids_to_row_splits,
)
from tinytf.ragged.ragged_factory import constant, constant_value  # noqa: F401
from tinytf.ragged.ragged_tensor import RaggedTensor  # noqa: F401
from tinytf.ragged.ragged_tensor_value import RaggedTensorValue  # noqa: F401
