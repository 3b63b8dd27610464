"""tf.sparse."""

from tinytf.ops.sparse_ops import SparseTensor, SparseTensorValue  # noqa: F401
from tinytf.ops.sparse_ops import sparse_placeholder as placeholder  # noqa: F401
from tinytf.ops.sparse_ops import sparse_tensor_dense_matmul as sparse_dense_matmul  # noqa: F401
from tinytf.ops.sparse_ops import sparse_tensor_to_dense as to_dense  # noqa: F401
