"""The LinearOperators held as one tensor: FullMatrix, Diag, LowerTriangular, Householder (TF
1.15's linear_operator_{full_matrix,diag,lower_triangular,householder}.py)."""

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import array_ops, check_ops, linalg_ops, math_ops, reduction_ops
from tinytf.ops import linear_operator as lo
from tinytf.ops.composite_math_ops import norm
from tinytf.ops.control_flow_ops import no_op


def _check_min_rank(tensor, arg_name, rank):
    if tensor.shape.ndims is not None and tensor.shape.ndims < rank:
        plural = "dimension" if rank == 1 else "dimensions"
        sep = "  " if rank == 1 else " "
        raise ValueError(
            f"Argument {arg_name} must have at least {rank} {plural}.{sep}Found: {tensor}"
        )


class LinearOperatorFullMatrix(lo.LinearOperator):
    """A [batch] matrix held as it is."""

    def __init__(
        self,
        matrix,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorFullMatrix",
    ):
        with name_scope(name, values=[matrix]):
            self._matrix = lo.convert_nonref_to_tensor(matrix, name="matrix")
            self._check_matrix(self._matrix)
            super().__init__(
                dtype=self._matrix.dtype,
                graph_parents=[self._matrix],
                is_non_singular=is_non_singular,
                is_self_adjoint=is_self_adjoint,
                is_positive_definite=is_positive_definite,
                is_square=is_square,
                name=name,
            )

    def _check_matrix(self, matrix):
        allowed = [D.float16, D.float32, D.float64, D.complex64, D.complex128]
        matrix = convert_to_tensor(matrix, name="matrix")
        if matrix.dtype not in allowed:
            raise TypeError(f"Argument matrix must have dtype in {allowed}.  Found: {matrix.dtype}")
        if matrix.shape.ndims is not None and matrix.shape.ndims < 2:
            raise ValueError(f"Argument matrix must have at least 2 dimensions.  Found: {matrix}")

    def _shape(self):
        return self._matrix.shape

    def _shape_tensor(self):
        return array_ops.shape(self._matrix)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return math_ops.matmul(self._matrix, x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def _to_dense(self):
        return convert_to_tensor(self._matrix)


class LinearOperatorDiag(lo.LinearOperator):
    """A [batch] diagonal matrix diag(d)."""

    def __init__(
        self,
        diag,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorDiag",
    ):
        with name_scope(name, values=[diag]):
            self._diag = lo.convert_nonref_to_tensor(diag, name="diag")
            _check_min_rank(self._diag, "diag", 1)
            if not self._diag.dtype.is_complex:
                if is_self_adjoint is False:
                    raise ValueError("A real diagonal operator is always self adjoint.")
                is_self_adjoint = True
            if is_square is False:
                raise ValueError("Only square diagonal operators currently supported.")
            super().__init__(
                dtype=self._diag.dtype,
                graph_parents=[self._diag],
                is_non_singular=is_non_singular,
                is_self_adjoint=is_self_adjoint,
                is_positive_definite=is_positive_definite,
                is_square=True,
                name=name,
            )

    def _shape(self):
        return lo.static_square_shape(self._diag.shape)

    def _shape_tensor(self):
        return lo.dynamic_square_shape(self._diag)

    def _assert_non_singular(self):
        return lo.assert_no_entries_with_modulus_zero(
            self._diag, message="Singular operator:  Diagonal contained zero values."
        )

    def _assert_positive_definite(self):
        if self.dtype.is_complex:
            message = (
                "Diagonal operator had diagonal entries with non-positive real part, "
                "thus was not positive definite."
            )
        else:
            message = (
                "Real diagonal operator had non-positive diagonal entries, "
                "thus was not positive definite."
            )
        return check_ops.assert_positive(math_ops.real(self._diag), message=message)

    def _assert_self_adjoint(self):
        return lo.assert_zero_imag_part(
            self._diag,
            message="This diagonal operator contained non-zero imaginary values.  "
            " Thus it was not self-adjoint.",
        )

    def _diag_term(self, adjoint):
        return math_ops.conj(self._diag) if adjoint else self._diag

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = lo.adjoint_matrix(x) if adjoint_arg else x
        return array_ops.expand_dims(self._diag_term(adjoint), -1) * x

    def _matvec(self, x, adjoint=False):
        return self._diag_term(adjoint) * x

    def _determinant(self):
        return reduction_ops.reduce_prod(self._diag, axis=[-1])

    def _log_abs_determinant(self):
        log_det = reduction_ops.reduce_sum(math_ops.log(math_ops.abs(self._diag)), axis=[-1])
        return math_ops.cast(log_det, dtype=self.dtype) if self.dtype.is_complex else log_det

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = lo.adjoint_matrix(rhs) if adjoint_arg else rhs
        return rhs * array_ops.expand_dims(1.0 / self._diag_term(adjoint), -1)

    def _to_dense(self):
        return linalg_ops.matrix_diag(self._diag)

    def _diag_part(self):
        return self.diag

    def _add_to_tensor(self, x):
        return linalg_ops.matrix_set_diag(x, self._diag + linalg_ops.matrix_diag_part(x))

    @property
    def diag(self):
        """The diagonal d."""
        return self._diag


class LinearOperatorLowerTriangular(lo.LinearOperator):
    """The lower triangle of a [batch] square matrix (its upper part is ignored)."""

    def __init__(
        self,
        tril,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorLowerTriangular",
    ):
        if is_square is False:
            raise ValueError("Only square lower triangular operators supported at this time.")
        with name_scope(name, values=[tril]):
            self._tril = lo.convert_nonref_to_tensor(tril, name="tril")
            _check_min_rank(self._tril, "tril", 2)
            super().__init__(
                dtype=self._tril.dtype,
                graph_parents=[self._tril],
                is_non_singular=is_non_singular,
                is_self_adjoint=is_self_adjoint,
                is_positive_definite=is_positive_definite,
                is_square=True,
                name=name,
            )

    def _get_tril(self):
        return linalg_ops.matrix_band_part(self._tril, -1, 0)

    def _get_diag(self):
        return linalg_ops.matrix_diag_part(self._tril)

    def _shape(self):
        return self._tril.shape

    def _shape_tensor(self):
        return array_ops.shape(self._tril)

    def _assert_non_singular(self):
        return lo.assert_no_entries_with_modulus_zero(
            self._get_diag(), message="Singular operator:  Diagonal contained zero values."
        )

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return math_ops.matmul(self._get_tril(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def _determinant(self):
        return reduction_ops.reduce_prod(self._get_diag(), axis=[-1])

    def _log_abs_determinant(self):
        return reduction_ops.reduce_sum(math_ops.log(math_ops.abs(self._get_diag())), axis=[-1])

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = lo.adjoint_matrix(rhs) if adjoint_arg else rhs
        return lo.matrix_triangular_solve_with_broadcast(
            self._get_tril(), rhs, lower=True, adjoint=adjoint
        )

    def _to_dense(self):
        return self._get_tril()


class LinearOperatorHouseholder(lo.LinearOperator):
    """The reflection I - 2 v v^H / |v|^2 about the hyperplane orthogonal to v."""

    def __init__(
        self,
        reflection_axis,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorHouseholder",
    ):
        with name_scope(name, values=[reflection_axis]):
            self._reflection_axis = lo.convert_nonref_to_tensor(
                reflection_axis, name="reflection_axis"
            )
            _check_min_rank(self._reflection_axis, "reflection_axis", 1)
            if is_self_adjoint is False:
                raise ValueError("A Householder operator is always self adjoint.")
            if is_positive_definite is True:
                raise ValueError("A Householder operator is always non-positive definite.")
            if is_square is False:
                raise ValueError("A Householder operator is always square.")
            super().__init__(
                dtype=self._reflection_axis.dtype,
                graph_parents=[self._reflection_axis],
                is_non_singular=is_non_singular,
                is_self_adjoint=True,
                is_positive_definite=False,
                is_square=True,
                name=name,
            )

    def _shape(self):
        return lo.static_square_shape(self._reflection_axis.shape)

    def _shape_tensor(self):
        return lo.dynamic_square_shape(self._reflection_axis)

    def _assert_non_singular(self):
        return no_op("assert_non_singular")

    def _assert_positive_definite(self):
        raise InvalidArgumentError(
            None, None, "Householder operators are always non-positive definite."
        )

    def _assert_self_adjoint(self):
        return no_op("assert_self_adjoint")

    def _normalized_axis(self):
        axis = convert_to_tensor(self.reflection_axis)
        return axis / norm(axis, axis=-1, keepdims=True)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = lo.adjoint_matrix(x) if adjoint_arg else x
        mat = self._normalized_axis()[..., None]
        x_dot_normalized_v = math_ops.matmul(mat, x, adjoint_a=True)
        return x - 2 * mat * x_dot_normalized_v

    def _ones_batch(self):
        return array_ops.ones(shape=self.batch_shape_tensor(), dtype=self.dtype)

    def _trace(self):
        return math_ops.cast(self.domain_dimension_tensor() - 2, self.dtype) * self._ones_batch()

    def _determinant(self):
        return -self._ones_batch()

    def _log_abs_determinant(self):
        return array_ops.zeros(shape=self.batch_shape_tensor(), dtype=self.dtype)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint, adjoint_arg)

    def _to_dense(self):
        mat = self._normalized_axis()[..., None]
        matrix = -2 * math_ops.matmul(mat, mat, adjoint_b=True)
        return linalg_ops.matrix_set_diag(matrix, 1.0 + linalg_ops.matrix_diag_part(matrix))

    def _diag_part(self):
        normalized_axis = self._normalized_axis()
        return 1.0 - 2 * normalized_axis * math_ops.conj(normalized_axis)

    @property
    def reflection_axis(self):
        """The vector v."""
        return self._reflection_axis
