"""tf.linalg."""

from tinytf.util.lazy import lazy_names
from tinytf.ops.linalg_ops import cholesky, eye, trace  # noqa: F401
from tinytf.ops.linalg_ops import matrix_determinant as det  # noqa: F401
from tinytf.ops.linalg_ops import matrix_diag as diag  # noqa: F401
from tinytf.ops.linalg_ops import matrix_diag_part as diag_part  # noqa: F401
from tinytf.ops.linalg_ops import matrix_inverse as inv  # noqa: F401
from tinytf.ops.linalg_ops import matrix_set_diag as set_diag  # noqa: F401
from tinytf.ops.linalg_ops import matrix_solve as solve  # noqa: F401
from tinytf.ops.linalg_ops import matrix_transpose as transpose  # noqa: F401
from tinytf.ops.math_ops import matmul, tensordot  # noqa: F401
# issue 10: arrays
from tinytf.ops.clip_ops import global_norm  # noqa: E402, F401
from tinytf.ops.layout_ops import diag as tensor_diag  # noqa: E402, F401
from tinytf.ops.layout_ops import diag_part as tensor_diag_part  # noqa: E402, F401
from tinytf.ops.linalg_decomp_ops import (  # noqa: E402, F401
    adjoint,
    cholesky_solve,
    cross,
    logdet,
    logm,
    lu,
    matrix_rank,
    matvec,
    pinv,
    qr,
    slogdet,
    svd,
)
from tinytf.ops.linalg_decomp_ops import matrix_solve_ls as lstsq  # noqa: E402, F401
from tinytf.ops.linalg_decomp_ops import matrix_square_root as sqrtm  # noqa: E402, F401
from tinytf.ops.linalg_decomp_ops import (  # noqa: E402, F401
    matrix_triangular_solve as triangular_solve,
)
from tinytf.ops.linalg_decomp_ops import self_adjoint_eig as eigh  # noqa: E402, F401
from tinytf.ops.linalg_decomp_ops import self_adjoint_eigvals as eigvalsh  # noqa: E402, F401
from tinytf.ops.linalg_ops import matrix_band_part as band_part  # noqa: E402, F401
from tinytf.ops.linalg_ops import matrix_transpose  # noqa: E402, F401
from tinytf.ops.nn_ops import l2_normalize  # noqa: E402, F401
from tinytf.ops.sequence_ops import einsum  # noqa: E402, F401
from tinytf.ops.tridiagonal_ops import tridiagonal_matmul, tridiagonal_solve  # noqa: E402, F401
# issue 10: linear operators
from tinytf.ops.composite_math_ops import norm  # noqa: E402, F401
from tinytf.ops.linalg_impl import matrix_exponential as expm  # noqa: E402, F401
from tinytf.ops.linalg_impl import normalize  # noqa: E402, F401

# The operator classes are imported on first use: they would add ~40 ms to `import tinytf`.
_LINEAR_OPERATORS = {
    "LinearOperator": "linear_operator",
    "LinearOperatorAdjoint": "linear_operator_composite",
    "LinearOperatorBlockDiag": "linear_operator_composite",
    "LinearOperatorCirculant": "linear_operator_circulant",
    "LinearOperatorCirculant2D": "linear_operator_circulant",
    "LinearOperatorCirculant3D": "linear_operator_circulant",
    "LinearOperatorComposition": "linear_operator_composite",
    "LinearOperatorDiag": "linear_operator_basic",
    "LinearOperatorFullMatrix": "linear_operator_basic",
    "LinearOperatorHouseholder": "linear_operator_basic",
    "LinearOperatorIdentity": "linear_operator_identity",
    "LinearOperatorInversion": "linear_operator_composite",
    "LinearOperatorKronecker": "linear_operator_kronecker",
    "LinearOperatorLowRankUpdate": "linear_operator_composite",
    "LinearOperatorLowerTriangular": "linear_operator_basic",
    "LinearOperatorScaledIdentity": "linear_operator_identity",
    "LinearOperatorToeplitz": "linear_operator_circulant",
    "LinearOperatorZeros": "linear_operator_identity",
}


__getattr__, __dir__ = lazy_names(
    __name__, {name: "tinytf.ops." + module for name, module in _LINEAR_OPERATORS.items()}
)
