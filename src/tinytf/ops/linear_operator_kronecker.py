"""tf.linalg.LinearOperatorKronecker: the Kronecker product of operators, applied factor by
factor without forming it (TF 1.15's linear_operator_kronecker.py)."""

from tinytf.framework.errors import InvalidArgumentError
from tinytf.ops import array_ops, linalg_ops, math_ops
from tinytf.ops import linear_operator as lo
from tinytf.ops.control_flow_ops import group
from tinytf.ops.layout_ops import broadcast_dynamic_shape, broadcast_static_shape
from tinytf.ops.linear_operator_composite import _ListOperator


def _vec(x):
    """Stacks the columns of x into one vector per batch member."""
    return array_ops.reshape(
        linalg_ops.matrix_transpose(x), array_ops.concat([array_ops.shape(x)[:-2], [-1]], axis=0)
    )


def _unvec_by(y, num_col):
    """The inverse of _vec for matrices of num_col columns."""
    shape = array_ops.concat([array_ops.shape(y)[:-1], [num_col, -1]], axis=0)
    return linalg_ops.matrix_transpose(array_ops.reshape(y, shape))


def _rotate_last_dim(x, rotate_right=False):
    ndims = array_ops.rank(x)
    if rotate_right:
        perm = array_ops.concat([[ndims - 1], math_ops.range(0, ndims - 1)], axis=0)
    else:
        perm = array_ops.concat([math_ops.range(1, ndims), [0]], axis=0)
    return array_ops.transpose(x, perm)


class LinearOperatorKronecker(_ListOperator):
    """The Kronecker product A1 x A2 x ... of operators."""

    def __init__(
        self,
        operators,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
    ):
        self._operators = operators = lo.check_operator_list(
            operators, "Expected a list of >=1 operators. Found: %s"
        )
        lo.check_same_dtype(operators)
        what = "The Kronecker product of %s operators is always %s."
        is_non_singular = lo.hint_from_all(
            operators, "is_non_singular", is_non_singular, what % ("non-singular", "non-singular")
        )
        is_self_adjoint = lo.hint_from_all(
            operators, "is_self_adjoint", is_self_adjoint, what % ("self-adjoint", "self-adjoint")
        )
        is_positive_definite = lo.hint_from_all(
            operators,
            "is_positive_definite",
            is_positive_definite,
            what % ("positive-definite", "positive-definite"),
        )
        hints = dict(
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=is_square,
        )
        self._init_list(operators, "_x_", hints, name)

    def _shape(self):
        domain = self.operators[0].domain_dimension
        range_ = self.operators[0].range_dimension
        for operator in self.operators[1:]:
            domain *= operator.domain_dimension
            range_ *= operator.range_dimension
        batch_shape = self.operators[0].batch_shape
        for operator in self.operators[1:]:
            batch_shape = broadcast_static_shape(batch_shape, operator.batch_shape)
        return batch_shape.concatenate([range_, domain])

    def _shape_tensor(self):
        domain = self.operators[0].domain_dimension_tensor()
        range_ = self.operators[0].range_dimension_tensor()
        for operator in self.operators[1:]:
            domain *= operator.domain_dimension_tensor()
            range_ *= operator.range_dimension_tensor()
        batch_shape = self.operators[0].batch_shape_tensor()
        for operator in self.operators[1:]:
            batch_shape = broadcast_dynamic_shape(batch_shape, operator.batch_shape_tensor())
        return array_ops.concat((batch_shape, [range_, domain]), 0)

    def _factorwise(self, x, adjoint, adjoint_arg, method, last_method):
        """Applies each factor to x reshaped so that its dimension leads (TF's vec trick)."""
        if adjoint_arg:
            x = lo.adjoint_matrix(x)
        batch_ones = array_ops.concat([array_ops.ones_like(self.batch_shape_tensor()), [1, 1]], 0)
        x += array_ops.zeros(batch_ones, dtype=x.dtype.base_dtype)
        output = _rotate_last_dim(x, rotate_right=True)[None, ...]
        for operator in self.operators[:-1]:
            if adjoint:
                dim = operator.range_dimension_tensor()
            else:
                dim = operator.domain_dimension_tensor()
            output = linalg_ops.matrix_transpose(_unvec_by(output, dim))
            output = getattr(operator, method)(output, adjoint=adjoint, adjoint_arg=False)
            output = _rotate_last_dim(linalg_ops.matrix_transpose(output), rotate_right=False)
            output = _rotate_last_dim(_vec(output), rotate_right=True)
        output = getattr(self.operators[-1], last_method)(output, adjoint=adjoint)
        output = _rotate_last_dim(_vec(_rotate_last_dim(output, rotate_right=False)))
        if x.shape.is_fully_defined():
            batch = broadcast_static_shape(x.shape[:-2], self.batch_shape)
            rows = self.domain_dimension if adjoint else self.range_dimension
            output.set_shape(batch.concatenate([rows, x.shape[-1]]))
        return output

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._factorwise(x, adjoint, adjoint_arg, "matmul", "matvec")

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._factorwise(rhs, adjoint, adjoint_arg, "solve", "solvevec")

    def _determinant(self):
        total = self.domain_dimension_tensor()
        determinant = 1.0
        for operator in self.operators:
            power = math_ops.cast(total / operator.domain_dimension_tensor(), dtype=operator.dtype)
            determinant *= operator.determinant() ** power
        return determinant

    def _log_abs_determinant(self):
        total = self.domain_dimension_tensor()
        log_abs_det = 0.0
        for operator in self.operators:
            power = math_ops.cast(total / operator.domain_dimension_tensor(), dtype=operator.dtype)
            log_abs_det += operator.log_abs_determinant() * power
        return log_abs_det

    def _trace(self):
        trace = 1.0
        for operator in self.operators:
            trace *= operator.trace()
        return trace

    def _diag_part(self):
        diag_part = self.operators[0].diag_part()
        for operator in self.operators[1:]:
            diag_part = diag_part[..., :, None] * operator.diag_part()[..., None, :]
            shape = array_ops.concat([array_ops.shape(diag_part)[:-2], [-1]], axis=0)
            diag_part = array_ops.reshape(diag_part, shape=shape)
        if self.range_dimension > self.domain_dimension:
            diag_dimension = self.domain_dimension
        else:
            diag_dimension = self.range_dimension
        diag_part.set_shape(self.batch_shape.concatenate(diag_dimension))
        return diag_part

    def _to_dense(self):
        product = self.operators[0].to_dense()
        for operator in self.operators[1:]:
            product = product[..., :, None, :, None] * operator.to_dense()[..., None, :, None, :]
            s = array_ops.shape(product)
            shape = array_ops.concat([s[:-4], [s[-4] * s[-3], s[-2] * s[-1]]], axis=0)
            product = array_ops.reshape(product, shape=shape)
        product.set_shape(self.shape)
        return product

    def _all_squaregroup(self, method, what):
        if all(operator.is_square for operator in self.operators):
            return group([getattr(operator, method)() for operator in self.operators])
        raise InvalidArgumentError(
            None, None, f"All Kronecker factors must be square for the product to be {what}."
        )

    def _assert_non_singular(self):
        return self._all_squaregroup("assert_non_singular", "invertible")

    def _assert_self_adjoint(self):
        return self._all_squaregroup("assert_self_adjoint", "self adjoint")
