"""The LinearOperators made of other operators: Adjoint, Inversion, Composition, BlockDiag,
Kronecker and LowRankUpdate (TF 1.15's linear_operator_{adjoint,inversion,composition,
block_diag,kronecker,low_rank_update}.py)."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import (
    Dimension,
    TensorShape,
    dimension_at_index,
    dimension_value,
)
from tinytf.ops import array_ops, linalg_ops, math_ops, reduction_ops
from tinytf.ops import linear_operator as lo
from tinytf.ops.control_flow_ops import group
from tinytf.ops.layout_ops import broadcast_dynamic_shape, broadcast_static_shape
from tinytf.ops.linear_operator_basic import LinearOperatorDiag
from tinytf.ops.linear_operator_identity import LinearOperatorIdentity


def _combined_hints(
    operator, is_square, is_non_singular, is_self_adjoint, is_positive_definite, what
):
    given = {
        "is_square": (is_square, "square"),
        "is_non_singular": (is_non_singular, "non-singular"),
        "is_self_adjoint": (is_self_adjoint, "self-adjoint"),
        "is_positive_definite": (is_positive_definite, "positive-definite"),
    }
    return {
        attr: lo.use_operator_or_provided_hint_unless_contradicting(
            operator, attr, value, f"An operator is {w} if and only if its {what} is {w}."
        )
        for attr, (value, w) in given.items()
    }


class _WrappedOperator(lo.LinearOperator):
    """Adjoint and Inversion: one operator, its hints carried over."""

    def _wrap(self, operator, hints, name):
        self._operator = operator
        with name_scope(name, values=operator.graph_parents):
            lo.LinearOperator.__init__(
                self, dtype=operator.dtype, graph_parents=operator.graph_parents, name=name, **hints
            )

    @property
    def operator(self):
        """The wrapped operator."""
        return self._operator

    def _assert_non_singular(self):
        return self.operator.assert_non_singular()

    def _assert_positive_definite(self):
        return self.operator.assert_positive_definite()

    def _assert_self_adjoint(self):
        return self.operator.assert_self_adjoint()


class LinearOperatorAdjoint(_WrappedOperator):
    """The adjoint A^H of an operator A, without forming it."""

    def __init__(
        self,
        operator,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
    ):
        hints = _combined_hints(
            operator, is_square, is_non_singular, is_self_adjoint, is_positive_definite, "adjoint"
        )
        self._wrap(operator, hints, operator.name + "_adjoint" if name is None else name)

    def _shape(self):
        shape = self.operator.shape
        return shape[:-2].concatenate([shape[-1], shape[-2]])

    def _shape_tensor(self):
        shape = self.operator.shape_tensor()
        return array_ops.concat([shape[:-2], [shape[-1], shape[-2]]], axis=-1)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self.operator.matmul(x, adjoint=(not adjoint), adjoint_arg=adjoint_arg)

    def _matvec(self, x, adjoint=False):
        return self.operator.matvec(x, adjoint=(not adjoint))

    def _determinant(self):
        if self.is_self_adjoint:
            return self.operator.determinant()
        return math_ops.conj(self.operator.determinant())

    def _log_abs_determinant(self):
        return self.operator.log_abs_determinant()

    def _trace(self):
        if self.is_self_adjoint:
            return self.operator.trace()
        return math_ops.conj(self.operator.trace())

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self.operator.solve(rhs, adjoint=(not adjoint), adjoint_arg=adjoint_arg)

    def _solvevec(self, rhs, adjoint=False):
        return self.operator.solvevec(rhs, adjoint=(not adjoint))

    def _to_dense(self):
        if self.is_self_adjoint:
            return self.operator.to_dense()
        return lo.adjoint_matrix(self.operator.to_dense())


class LinearOperatorInversion(_WrappedOperator):
    """The inverse A^-1 of an operator A, without forming it (matmul is A's solve)."""

    def __init__(
        self,
        operator,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
    ):
        if operator.is_non_singular is False or is_non_singular is False:
            raise ValueError(
                "operator and supplied hints must have `is_non_singular` equal to "
                f"`True` or `None`.  Found {operator.is_non_singular}, {is_non_singular}"
            )
        if operator.is_square is False or is_square is False:
            raise ValueError(
                "operator and supplied hints must have `is_square` equal to "
                f"`True` or `None`.  Found {operator.is_square}, {is_square}"
            )
        hints = _combined_hints(
            operator, is_square, is_non_singular, is_self_adjoint, is_positive_definite, "inverse"
        )
        self._wrap(operator, hints, operator.name + "_inv" if name is None else name)

    def _shape(self):
        return self.operator.shape

    def _shape_tensor(self):
        return self.operator.shape_tensor()

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self.operator.solve(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return 1.0 / self.operator.determinant()

    def _log_abs_determinant(self):
        return -1.0 * self.operator.log_abs_determinant()

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self.operator.matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)


class _ListOperator(lo.LinearOperator):
    """Composition, BlockDiag and Kronecker: a list of operators of one dtype."""

    def _init_list(self, operators, joiner, hints, name):
        dtype = lo.check_same_dtype(operators)
        graph_parents = [p for operator in operators for p in operator.graph_parents]
        if name is None:
            name = joiner.join(operator.name for operator in operators)
        with name_scope(name, values=graph_parents):
            lo.LinearOperator.__init__(
                self, dtype=dtype, graph_parents=graph_parents, name=name, **hints
            )

    @property
    def operators(self):
        """The operators, in order."""
        return self._operators

    def _batch_static(self):
        return lo.combined_batch_shape(self.operators)

    def _reduce_over(self, method, combine):
        result = getattr(self.operators[0], method)()
        for operator in self.operators[1:]:
            result = combine(result, getattr(operator, method)())
        return result


class LinearOperatorComposition(_ListOperator):
    """The product A1 A2 ... Aj of operators, applied one after the other."""

    def __init__(
        self,
        operators,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
    ):
        self._operators = operators = lo.check_operator_list(operators)
        lo.check_same_dtype(operators)
        is_non_singular = lo.hint_from_all(
            operators,
            "is_non_singular",
            is_non_singular,
            "The composition of non-singular operators is always non-singular.",
        )
        hints = dict(
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=is_square,
        )
        self._init_list(operators, "_o_", hints, name)

    def _shape(self):
        domain_dimension = self.operators[0].domain_dimension
        for operator in self.operators[1:]:
            domain_dimension.assert_is_compatible_with(operator.range_dimension)
            domain_dimension = operator.domain_dimension
        matrix_shape = TensorShape(
            [self.operators[0].range_dimension, self.operators[-1].domain_dimension]
        )
        return self._batch_static().concatenate(matrix_shape)

    def _shape_tensor(self):
        if self.shape.is_fully_defined():
            return convert_to_tensor(self.shape.as_list(), dtype=D.int32, name="shape")
        matrix_shape = array_ops.stack(
            [
                self.operators[0].range_dimension_tensor(),
                self.operators[-1].domain_dimension_tensor(),
            ]
        )
        batch_shape = lo.combined_batch_shape_tensor(self.operators)
        return array_ops.concat((batch_shape, matrix_shape), 0)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        order = self.operators if adjoint else list(reversed(self.operators))
        result = order[0].matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for operator in order[1:]:
            result = operator.matmul(result, adjoint=adjoint)
        return result

    def _determinant(self):
        return self._reduce_over("determinant", lambda a, b: a * b)

    def _log_abs_determinant(self):
        return self._reduce_over("log_abs_determinant", lambda a, b: a + b)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        order = list(reversed(self.operators)) if adjoint else self.operators
        solution = order[0].solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for operator in order[1:]:
            solution = operator.solve(solution, adjoint=adjoint)
        return solution


class LinearOperatorBlockDiag(_ListOperator):
    """The block-diagonal matrix of square operators (their direct sum)."""

    def __init__(
        self,
        operators,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=True,
        name=None,
    ):
        self._operators = operators = lo.check_operator_list(operators)
        lo.check_same_dtype(operators)
        what = "The direct sum of %s operators is always %s."
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
            "The direct sum of positive definite operators is always positive definite.",
        )
        if not (is_square and all(operator.is_square for operator in operators)):
            raise ValueError("Can only represent a block diagonal of square matrices.")
        hints = dict(
            is_non_singular=is_non_singular,
            is_self_adjoint=is_self_adjoint,
            is_positive_definite=is_positive_definite,
            is_square=True,
        )
        self._init_list(operators, "_ds_", hints, name)

    def _shape(self):
        domain = self.operators[0].domain_dimension
        range_ = self.operators[0].range_dimension
        for operator in self.operators[1:]:
            domain += operator.domain_dimension
            range_ += operator.range_dimension
        return self._batch_static().concatenate(TensorShape([domain, range_]))

    def _shape_tensor(self):
        if self.shape.is_fully_defined():
            return convert_to_tensor(self.shape.as_list(), dtype=D.int32, name="shape")
        domain = self.operators[0].domain_dimension_tensor()
        range_ = self.operators[0].range_dimension_tensor()
        for operator in self.operators[1:]:
            domain += operator.domain_dimension_tensor()
            range_ += operator.range_dimension_tensor()
        matrix_shape = array_ops.stack([domain, range_])
        batch_shape = lo.combined_batch_shape_tensor(self.operators)
        return array_ops.concat((batch_shape, matrix_shape), 0)

    def _blockwise(self, method, x, adjoint, adjoint_arg):
        split_x = self._split_input_into_blocks(x, axis=-1 if adjoint_arg else -2)
        results = [
            getattr(operator, method)(part, adjoint=adjoint, adjoint_arg=adjoint_arg)
            for operator, part in zip(self.operators, split_x)
        ]
        return array_ops.concat(lo.broadcast_matrix_batch_dims(results), axis=-2)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._blockwise("matmul", x, adjoint, adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._blockwise("solve", rhs, adjoint, adjoint_arg)

    def _determinant(self):
        return self._reduce_over("determinant", lambda a, b: a * b)

    def _log_abs_determinant(self):
        return self._reduce_over("log_abs_determinant", lambda a, b: a + b)

    def _diag_part(self):
        diags = [operator.diag_part()[..., None] for operator in self.operators]
        diagonal = array_ops.concat(lo.broadcast_matrix_batch_dims(diags), axis=-2)
        return array_ops.squeeze(diagonal, axis=-1)

    def _trace(self):
        return self._reduce_over("trace", lambda a, b: a + b)

    def _to_dense(self):
        num_cols = 0
        rows = []
        blocks = lo.broadcast_matrix_batch_dims([o.to_dense() for o in self.operators])
        for block in blocks:
            batch_row_shape = array_ops.shape(block)[:-1]
            before = array_ops.zeros(
                shape=array_ops.concat([batch_row_shape, [num_cols]], axis=-1), dtype=block.dtype
            )
            num_cols += array_ops.shape(block)[-1]
            after_cols = self.domain_dimension_tensor() - num_cols
            after = array_ops.zeros(
                shape=array_ops.concat([batch_row_shape, [after_cols]], axis=-1), dtype=block.dtype
            )
            rows.append(array_ops.concat([before, block, after], axis=-1))
        mat = array_ops.concat(rows, axis=-2)
        mat.set_shape(self.shape)
        return mat

    def _assert_non_singular(self):
        return group([operator.assert_non_singular() for operator in self.operators])

    def _assert_self_adjoint(self):
        return group([operator.assert_self_adjoint() for operator in self.operators])

    def _assert_positive_definite(self):
        return group([operator.assert_positive_definite() for operator in self.operators])

    def _split_input_into_blocks(self, x, axis=-1):
        static = [dimension_value(o.domain_dimension) for o in self.operators]
        if self.shape.is_fully_defined():
            return array_ops.split(x, static, axis=axis)
        sizes = array_ops.stack([o.domain_dimension_tensor() for o in self.operators])
        parts = array_ops.split(x, sizes, axis=axis)
        if x.shape.ndims is not None:  # TF's SplitV keeps the other dims; tinytf's loses them
            for part, size in zip(parts, static):
                dims = x.shape.as_list()
                dims[axis] = size
                part.set_shape(dims)
        return parts


class LinearOperatorLowRankUpdate(lo.LinearOperator):
    """L + U D V^H: a base operator L plus a low-rank update (solves by Woodbury's identity)."""

    def __init__(
        self,
        base_operator,
        u,
        diag_update=None,
        v=None,
        is_diag_update_positive=None,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name="LinearOperatorLowRankUpdate",
    ):
        dtype = base_operator.dtype
        if diag_update is None:
            if is_diag_update_positive is False:
                raise ValueError(
                    "Default diagonal is the identity, which is positive.  However, "
                    "user set 'is_diag_update_positive' to False."
                )
            is_diag_update_positive = True
        self._use_cholesky = (
            base_operator.is_positive_definite
            and base_operator.is_self_adjoint
            and is_diag_update_positive
            and v is None
        )
        is_self_adjoint, is_positive_definite = self._implied_hints(
            base_operator, v, is_non_singular, is_self_adjoint, is_positive_definite
        )
        values = base_operator.graph_parents + [u, diag_update, v]
        with name_scope(name, values=[t for t in values if t is not None]):
            self._u = lo.convert_nonref_to_tensor(u, name="u")
            self._v = self._u if v is None else lo.convert_nonref_to_tensor(v, name="v")
            self._diag_update = lo.convert_nonref_to_tensor(diag_update, name="diag_update")
            self._base_operator = base_operator
            graph_parents = base_operator.graph_parents + [self.u, self._diag_update, self.v]
            super().__init__(
                dtype=dtype,
                graph_parents=[p for p in graph_parents if p is not None],
                is_non_singular=is_non_singular,
                is_self_adjoint=is_self_adjoint,
                is_positive_definite=is_positive_definite,
                is_square=is_square,
                name=name,
            )
            self._set_diag_operators(diag_update, is_diag_update_positive)
            self._is_diag_update_positive = is_diag_update_positive
            self._check_shapes()

    def _implied_hints(self, base, v, is_non_singular, is_self_adjoint, is_positive_definite):
        """(is_self_adjoint, is_positive_definite) as L, V and D imply them."""
        if base.is_self_adjoint and v is None and not base.dtype.is_complex:
            if is_self_adjoint is False:
                raise ValueError(
                    "A = L + UDU^H, with L self-adjoint and D real diagonal.  Since"
                    " UDU^H is self-adjoint, this must be a self-adjoint operator."
                )
            is_self_adjoint = True
        if self._use_cholesky:
            if False in (is_positive_definite, is_self_adjoint, is_non_singular):
                raise ValueError("Arguments imply this is self-adjoint positive-definite operator.")
            return True, True
        return is_self_adjoint, is_positive_definite

    def _check_shapes(self):
        uv_shape = broadcast_static_shape(self.u.shape, self.v.shape)
        batch_shape = broadcast_static_shape(self.base_operator.batch_shape, uv_shape[:-2])
        Dimension(self.base_operator.domain_dimension).assert_is_compatible_with(uv_shape[-2])
        if self._diag_update is not None:
            dimension_at_index(uv_shape, -1).assert_is_compatible_with(self._diag_update.shape[-1])
            broadcast_static_shape(batch_shape, self._diag_update.shape[:-1])

    def _set_diag_operators(self, diag_update, is_diag_update_positive):
        if diag_update is not None:
            self._diag_operator = LinearOperatorDiag(
                self._diag_update, is_positive_definite=is_diag_update_positive
            )
            return
        r = dimension_value(self.u.shape[-1])
        if r is None:
            r = array_ops.shape(self.u)[-1]
        self._diag_operator = LinearOperatorIdentity(num_rows=r, dtype=self.dtype)

    u = property(lambda self: self._u, doc="The [batch] matrix U.")
    v = property(lambda self: self._v, doc="The [batch] matrix V (U where none was given).")
    diag_update = property(lambda self: self._diag_update, doc="The diagonal of D (or None).")
    diag_operator = property(lambda self: self._diag_operator, doc="D as an operator.")
    base_operator = property(lambda self: self._base_operator, doc="The operator L.")
    is_diag_update_positive = property(
        lambda self: self._is_diag_update_positive, doc="Hint: D's diagonal is positive."
    )

    def _shape(self):
        batch_shape = broadcast_static_shape(self.base_operator.batch_shape, self.u.shape[:-2])
        return batch_shape.concatenate(self.base_operator.shape[-2:])

    def _shape_tensor(self):
        batch_shape = broadcast_dynamic_shape(
            self.base_operator.batch_shape_tensor(), array_ops.shape(self.u)[:-2]
        )
        return array_ops.concat([batch_shape, self.base_operator.shape_tensor()[-2:]], axis=0)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        left, right = (self.v, self.u) if adjoint else (self.u, self.v)
        leading_term = self.base_operator.matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        rh_x = math_ops.matmul(right, x, adjoint_a=True, adjoint_b=adjoint_arg)
        d_rh_x = self.diag_operator.matmul(rh_x, adjoint=adjoint)
        return leading_term + math_ops.matmul(left, d_rh_x)

    def _determinant(self):
        if self.is_positive_definite:
            return math_ops.exp(self.log_abs_determinant())
        det_c = linalg_ops.matrix_determinant(self._make_capacitance())
        return det_c * self.diag_operator.determinant() * self.base_operator.determinant()

    def _log_abs_determinant(self):
        log_abs_det_d = self.diag_operator.log_abs_determinant()
        log_abs_det_l = self.base_operator.log_abs_determinant()
        if self._use_cholesky:
            chol_cap_diag = linalg_ops.matrix_diag_part(
                linalg_ops.cholesky(self._make_capacitance())
            )
            log_abs_det_c = 2 * reduction_ops.reduce_sum(math_ops.log(chol_cap_diag), axis=[-1])
        else:
            det_c = linalg_ops.matrix_determinant(self._make_capacitance())
            log_abs_det_c = math_ops.log(math_ops.abs(det_c))
            if self.dtype.is_complex:
                log_abs_det_c = math_ops.cast(log_abs_det_c, dtype=self.dtype)
        return log_abs_det_c + log_abs_det_d + log_abs_det_l

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if self.base_operator.is_non_singular is False:
            raise ValueError(
                "Solve not implemented unless this is a perturbation of a "
                "non-singular LinearOperator."
            )
        l_op = self.base_operator
        v, u = (self.u, self.v) if adjoint else (self.v, self.u)
        linv_rhs = l_op.solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        vh_linv_rhs = math_ops.matmul(v, linv_rhs, adjoint_a=True)
        if self._use_cholesky:
            capinv_vh_linv_rhs = lo.cholesky_solve_with_broadcast(
                linalg_ops.cholesky(self._make_capacitance()), vh_linv_rhs
            )
        else:
            capinv_vh_linv_rhs = lo.matrix_solve_with_broadcast(
                self._make_capacitance(), vh_linv_rhs, adjoint=adjoint
            )
        u_capinv_vh_linv_rhs = math_ops.matmul(u, capinv_vh_linv_rhs)
        return linv_rhs - l_op.solve(u_capinv_vh_linv_rhs, adjoint=adjoint)

    def _make_capacitance(self):
        linv_u = self.base_operator.solve(self.u)
        vh_linv_u = math_ops.matmul(self.v, linv_u, adjoint_a=True)
        return self._diag_operator.inverse().add_to_tensor(vh_linv_u)
