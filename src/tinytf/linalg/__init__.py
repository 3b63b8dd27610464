"""tf.linalg."""

from tinytf.ops.linalg_ops import cholesky, eye, trace  # noqa: F401
from tinytf.ops.linalg_ops import matrix_determinant as det  # noqa: F401
from tinytf.ops.linalg_ops import matrix_diag as diag  # noqa: F401
from tinytf.ops.linalg_ops import matrix_diag_part as diag_part  # noqa: F401
from tinytf.ops.linalg_ops import matrix_inverse as inv  # noqa: F401
from tinytf.ops.linalg_ops import matrix_set_diag as set_diag  # noqa: F401
from tinytf.ops.linalg_ops import matrix_solve as solve  # noqa: F401
from tinytf.ops.linalg_ops import matrix_transpose as transpose  # noqa: F401
from tinytf.ops.math_ops import matmul, tensordot  # noqa: F401
