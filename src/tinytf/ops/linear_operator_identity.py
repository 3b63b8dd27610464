"""The LinearOperators given by their shape: Identity, ScaledIdentity and Zeros (TF 1.15's
linear_operator_identity.py and linear_operator_zeros.py)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape, dimension_value
from tinytf.ops import array_ops, check_ops, linalg_ops, math_ops, reduction_ops
from tinytf.ops import linear_operator as lo
from tinytf.ops.control_flow_ops import no_op
from tinytf.ops.layout_ops import broadcast_static_shape
from tinytf.ops.shape_util import constant_value


def _checked_dim(value, arg_name, assert_proper_shapes):
    """(tensor, static value) of a num_rows-like argument, with TF's checks."""
    tensor = lo.shape_tensor(value, name=arg_name)
    static = constant_value(tensor)
    if assert_proper_shapes:
        tensor = check_ops.with_dependencies(
            [
                check_ops.assert_rank(
                    tensor, 0, message=f"Argument {arg_name} must be a 0-D Tensor."
                ),
                check_ops.assert_non_negative(
                    tensor, message=f"Argument {arg_name} must be non-negative."
                ),
            ],
            tensor,
        )
    if not tensor.dtype.is_integer:
        raise TypeError(f"Argument {arg_name} must be integer type.  Found: {tensor}")
    if static is not None:
        static = np.asarray(static)
        if static.ndim != 0:
            raise ValueError(f"Argument {arg_name} must be a 0-D Tensor.  Found: {static}")
        if static < 0:
            raise ValueError(f"Argument {arg_name} must be non-negative.  Found: {static}")
    return tensor, static


def _checked_batch_shape(batch_shape, assert_proper_shapes):
    """(tensor, static value) of a batch_shape argument (None stays None)."""
    if batch_shape is None:
        return None, None
    tensor = lo.shape_tensor(batch_shape, name="batch_shape_arg")
    static = constant_value(tensor)
    if assert_proper_shapes:
        tensor = check_ops.with_dependencies(
            [
                check_ops.assert_rank(
                    tensor, 1, message="Argument batch_shape must be a 1-D Tensor."
                ),
                check_ops.assert_non_negative(
                    tensor, message="Argument batch_shape must be non-negative."
                ),
            ],
            tensor,
        )
    if not tensor.dtype.is_integer:
        raise TypeError(f"Argument batch_shape must be integer type.  Found: {tensor}")
    if static is not None:
        static = np.asarray(static)
        if static.ndim != 1:
            raise ValueError(f"Argument batch_shape must be a 1-D Tensor.  Found: {static}")
        if np.any(static < 0):
            raise ValueError(f"Argument batch_shape must be non-negative.  Found:{static}")
    return tensor, static


def _static_list(value):
    return None if value is None else [int(d) for d in value]


def _static(value):
    return None if value is None else int(value)


class _ShapedOperator(lo.LinearOperator):
    """Shared by the operators defined by num_rows (and batch_shape) alone."""

    _batch_shape_arg = None

    def _static_matrix_shape(self):
        return TensorShape([_static(self._num_rows_static), _static(self._num_columns_static)])

    def _shape(self):
        matrix_shape = self._static_matrix_shape()
        if self._batch_shape_arg is None:
            return matrix_shape
        return TensorShape(_static_list(self._batch_shape_static)).concatenate(matrix_shape)

    def _shape_tensor(self):
        matrix_shape = array_ops.stack((self._num_rows, self._num_columns), axis=0)
        if self._batch_shape_arg is None:
            return matrix_shape
        return array_ops.concat((self._batch_shape_arg, matrix_shape), 0)

    def _possibly_broadcast_batch_shape(self, x):
        if self._batch_shape_arg is None:
            return x
        special_shape = self.batch_shape.concatenate([1, 1])
        bshape = broadcast_static_shape(x.shape, special_shape)
        if special_shape.is_fully_defined():
            if bshape == x.shape:
                return x
            return x + array_ops.zeros(shape=special_shape, dtype=self.dtype)
        special_shape = array_ops.concat((self.batch_shape_tensor(), [1, 1]), 0)
        return x + array_ops.zeros(shape=special_shape, dtype=self.dtype)

    def _min_matrix_dim(self):
        domain_dim = dimension_value(self.domain_dimension)
        range_dim = dimension_value(self.range_dimension)
        if domain_dim is None or range_dim is None:
            return None
        return min(domain_dim, range_dim)

    def _min_matrix_dim_tensor(self):
        return reduction_ops.reduce_min(self.shape_tensor()[-2:])

    def _filled_diag(self, fill):
        if self.shape.is_fully_defined():
            d_shape = self.batch_shape.concatenate([self._min_matrix_dim()])
        else:
            d_shape = array_ops.concat(
                [self.batch_shape_tensor(), [self._min_matrix_dim_tensor()]], axis=0
            )
        return fill(shape=d_shape, dtype=self.dtype)

    def _ones_diag(self):
        return self._filled_diag(array_ops.ones)

    def _batch_of(self, fill):
        shape = self.batch_shape if self.batch_shape.is_fully_defined() else None
        return fill(
            shape=shape if shape is not None else self.batch_shape_tensor(), dtype=self.dtype
        )

    def _trace_times(self, multiplier=None):
        ones = self._batch_of(array_ops.ones)
        size = self._min_matrix_dim()
        if size is None:
            size = math_ops.cast(self._min_matrix_dim_tensor(), self.dtype)
        return (size if multiplier is None else multiplier * size) * ones

    def _with_shape_assert(self, x):
        if self._assert_proper_shapes:
            aps = lo.assert_compatible_matrix_dimensions(self, x)
            x = check_ops.with_dependencies([aps], x)
        return x


class LinearOperatorIdentity(_ShapedOperator):
    """The [batch] identity matrix of num_rows rows."""

    def __init__(
        self,
        num_rows,
        batch_shape=None,
        dtype=None,
        is_non_singular=True,
        is_self_adjoint=True,
        is_positive_definite=True,
        is_square=True,
        assert_proper_shapes=False,
        name="LinearOperatorIdentity",
    ):
        dtype = dtype or D.float32
        self._assert_proper_shapes = assert_proper_shapes
        with name_scope(name):
            dtype = D.as_dtype(dtype)
            for hint, text in [
                (is_self_adjoint, "self adjoint"),
                (is_non_singular, "non-singular"),
                (is_positive_definite, "positive-definite"),
                (is_square, "square"),
            ]:
                if not hint:
                    raise ValueError(f"An identity operator is always {text}.")
            super().__init__(
                dtype=dtype,
                is_non_singular=is_non_singular,
                is_self_adjoint=is_self_adjoint,
                is_positive_definite=is_positive_definite,
                is_square=is_square,
                name=name,
            )
            lo.assert_not_ref_type(num_rows, "num_rows")
            lo.assert_not_ref_type(batch_shape, "batch_shape")
            self._num_rows, self._num_rows_static = _checked_dim(
                num_rows, "num_rows", assert_proper_shapes
            )
            self._num_columns, self._num_columns_static = self._num_rows, self._num_rows_static
            self._batch_shape_arg, self._batch_shape_static = _checked_batch_shape(
                batch_shape, assert_proper_shapes
            )

    def _assert_non_singular(self):
        return no_op("assert_non_singular")

    def _assert_positive_definite(self):
        return no_op("assert_positive_definite")

    def _assert_self_adjoint(self):
        return no_op("assert_self_adjoint")

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = lo.adjoint_matrix(x) if adjoint_arg else x
        return self._possibly_broadcast_batch_shape(self._with_shape_assert(x))

    def _determinant(self):
        return array_ops.ones(shape=self.batch_shape_tensor(), dtype=self.dtype)

    def _log_abs_determinant(self):
        return array_ops.zeros(shape=self.batch_shape_tensor(), dtype=self.dtype)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint_arg=adjoint_arg)

    def _trace(self):
        return self._trace_times()

    def _diag_part(self):
        return self._ones_diag()

    def add_to_tensor(self, mat, name="add_to_tensor"):
        """mat + I."""
        with self._name_scope(name):
            mat = convert_to_tensor(mat, name="mat")
            return linalg_ops.matrix_set_diag(mat, 1 + linalg_ops.matrix_diag_part(mat))


class LinearOperatorScaledIdentity(_ShapedOperator):
    """c I for a [batch] scalar multiplier c."""

    def __init__(
        self,
        num_rows,
        multiplier,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=True,
        assert_proper_shapes=False,
        name="LinearOperatorScaledIdentity",
    ):
        self._assert_proper_shapes = assert_proper_shapes
        with name_scope(name, values=[multiplier, num_rows]):
            self._multiplier = lo.convert_nonref_to_tensor(multiplier, name="multiplier")
            if not self._multiplier.dtype.is_complex:
                if is_self_adjoint is False:
                    raise ValueError("A real diagonal operator is always self adjoint.")
                is_self_adjoint = True
            if not is_square:
                raise ValueError("A ScaledIdentity operator is always square.")
            lo.assert_not_ref_type(num_rows, "num_rows")
            super().__init__(
                dtype=self._multiplier.dtype.base_dtype,
                is_non_singular=is_non_singular,
                is_self_adjoint=is_self_adjoint,
                is_positive_definite=is_positive_definite,
                is_square=is_square,
                name=name,
            )
            self._num_rows, self._num_rows_static = _checked_dim(
                num_rows, "num_rows", assert_proper_shapes
            )
            self._num_columns, self._num_columns_static = self._num_rows, self._num_rows_static
            self._num_rows_cast_to_dtype = math_ops.cast(self._num_rows, self.dtype)
            self._num_rows_cast_to_real_dtype = math_ops.cast(self._num_rows, self.dtype.real_dtype)

    def _shape(self):
        return self.multiplier.shape.concatenate(self._static_matrix_shape())

    def _shape_tensor(self):
        matrix_shape = array_ops.stack((self._num_rows, self._num_rows), axis=0)
        return array_ops.concat((array_ops.shape(self.multiplier), matrix_shape), 0)

    def _assert_non_singular(self):
        return check_ops.assert_positive(
            math_ops.abs(self.multiplier), message="LinearOperator was singular"
        )

    def _assert_positive_definite(self):
        return check_ops.assert_positive(
            math_ops.real(self.multiplier), message="LinearOperator was not positive definite."
        )

    def _assert_self_adjoint(self):
        imag_multiplier = math_ops.imag(self.multiplier)
        return check_ops.assert_equal(
            array_ops.zeros_like(imag_multiplier),
            imag_multiplier,
            message="LinearOperator was not self-adjoint",
        )

    def _make_multiplier_matrix(self, conjugate=False):
        multiplier_matrix = self.multiplier[..., None, None]
        return math_ops.conj(multiplier_matrix) if conjugate else multiplier_matrix

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = lo.adjoint_matrix(x) if adjoint_arg else x
        return self._with_shape_assert(x) * self._make_multiplier_matrix(conjugate=adjoint)

    def _determinant(self):
        return self.multiplier**self._num_rows_cast_to_dtype

    def _log_abs_determinant(self):
        return self._num_rows_cast_to_real_dtype * math_ops.log(math_ops.abs(self.multiplier))

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = lo.adjoint_matrix(rhs) if adjoint_arg else rhs
        return self._with_shape_assert(rhs) / self._make_multiplier_matrix(conjugate=adjoint)

    def _trace(self):
        return self._trace_times(self.multiplier)

    def _diag_part(self):
        return self._ones_diag() * self.multiplier[..., None]

    def add_to_tensor(self, mat, name="add_to_tensor"):
        """mat + c I."""
        with self._name_scope(name):
            mat = convert_to_tensor(mat, name="mat")
            new_diag = array_ops.expand_dims(self.multiplier, -1) + linalg_ops.matrix_diag_part(mat)
            return linalg_ops.matrix_set_diag(mat, new_diag)

    @property
    def multiplier(self):
        """The [batch] scalar c."""
        return self._multiplier


class LinearOperatorZeros(_ShapedOperator):
    """The [batch] zero matrix of num_rows x num_columns."""

    def __init__(
        self,
        num_rows,
        num_columns=None,
        batch_shape=None,
        dtype=None,
        is_non_singular=False,
        is_self_adjoint=True,
        is_positive_definite=False,
        is_square=True,
        assert_proper_shapes=False,
        name="LinearOperatorZeros",
    ):
        dtype = dtype or D.float32
        self._assert_proper_shapes = assert_proper_shapes
        with name_scope(name):
            dtype = D.as_dtype(dtype)
            if not is_self_adjoint and is_square:
                raise ValueError("A zero operator is always self adjoint.")
            if is_non_singular:
                raise ValueError("A zero operator is always singular.")
            if is_positive_definite:
                raise ValueError("A zero operator is always not positive-definite.")
            super().__init__(
                dtype=dtype,
                is_non_singular=is_non_singular,
                is_self_adjoint=is_self_adjoint,
                is_positive_definite=is_positive_definite,
                is_square=is_square,
                name=name,
            )
            for value, arg in [(num_rows, "num_rows"), (num_columns, "num_columns")]:
                lo.assert_not_ref_type(value, arg)
            lo.assert_not_ref_type(batch_shape, "batch_shape")
            self._init_dims(num_rows, num_columns, is_square, assert_proper_shapes)
            self._batch_shape_arg, self._batch_shape_static = _checked_batch_shape(
                batch_shape, assert_proper_shapes
            )

    def _init_dims(self, num_rows, num_columns, is_square, assert_proper_shapes):
        self._num_rows = lo.shape_tensor(num_rows, name="num_rows")
        self._num_columns = lo.shape_tensor(
            num_rows if num_columns is None else num_columns, name="num_columns"
        )
        # TF converts both before checking either, so the op names match.
        self._num_rows, self._num_rows_static = _checked_dim(
            self._num_rows, "num_rows", assert_proper_shapes
        )
        self._num_columns, self._num_columns_static = _checked_dim(
            self._num_columns, "num_columns", assert_proper_shapes
        )
        rows, cols = self._num_rows_static, self._num_columns_static
        if rows is not None and cols is not None and is_square and rows != cols:
            raise ValueError(
                "LinearOperatorZeros initialized as is_square=True, but got "
                f"num_rows({rows}) != num_columns({cols})"
            )

    def _assert_non_singular(self):
        raise InvalidArgumentError(None, None, "Zero operators are always non-invertible.")

    def _assert_positive_definite(self):
        raise InvalidArgumentError(None, None, "Zero operators are always non-positive definite.")

    def _assert_self_adjoint(self):
        return no_op("assert_self_adjoint")

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        if self._assert_proper_shapes:
            x = self._with_shape_assert(lo.adjoint_matrix(x) if adjoint_arg else x)
        x_shape = array_ops.shape(x)
        if self.is_square:
            if adjoint_arg:
                output_shape = array_ops.concat([x_shape[:-2], [x_shape[-1], x_shape[-2]]], axis=0)
            else:
                output_shape = x_shape
            return self._possibly_broadcast_batch_shape(
                array_ops.zeros(shape=output_shape, dtype=x.dtype)
            )
        n = self._num_columns if adjoint else self._num_rows
        m = x_shape[-2] if adjoint_arg else x_shape[-1]
        output_shape = array_ops.concat([x_shape[:-2], [n, m]], axis=0)
        return self._possibly_broadcast_batch_shape(
            array_ops.zeros(shape=output_shape, dtype=x.dtype)
        )

    def _determinant(self):
        return self._batch_of(array_ops.zeros)

    def _trace(self):
        return self._batch_of(array_ops.zeros)

    def _diag_part(self):
        return self._filled_diag(array_ops.zeros)

    def add_to_tensor(self, mat, name="add_to_tensor"):
        """mat (broadcast to the batch shape)."""
        return self._possibly_broadcast_batch_shape(mat)
