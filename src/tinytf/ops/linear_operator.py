"""tf.linalg.LinearOperator: the base class of the matrix-free operators, its helpers (batch
broadcasting, solves with broadcast) and the algebra registry (adjoint, inverse, cholesky,
matmul and solve of operators), as TF 1.15's linear_operator.py, linear_operator_util.py and
linear_operator_algebra.py. Operators compose tinytf's ops, so gradients flow through them."""

import abc
import contextlib
import itertools

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import (
    Dimension,
    TensorShape,
    dimension_at_index,
    dimension_value,
)
from tinytf.ops import array_ops, check_ops, linalg_ops, math_ops, reduction_ops
from tinytf.ops.control_flow_ops import no_op
from tinytf.ops.layout_ops import broadcast_dynamic_shape, broadcast_static_shape
from tinytf.ops.linalg_decomp_ops import cholesky_solve, matrix_triangular_solve, slogdet, svd
from tinytf.ops.linalg_impl import eye
from tinytf.ops.variables import Variable

# ---------------------------------------------------------------- helpers (linear_operator_util)


def adjoint_matrix(matrix, name=None):
    """tf.linalg.adjoint with TF's op names (adjoint/matrix_transpose/transpose) and for
    tensors of unknown rank too (tinytf's matrix_transpose wants a known rank)."""
    with name_scope(name, "adjoint", [matrix]):
        matrix = convert_to_tensor(matrix, name="matrix")
        with name_scope("matrix_transpose", values=[matrix]):
            a = convert_to_tensor(matrix, name="a")
            ndims = a.shape.ndims
            if ndims is None:
                rank = array_ops.rank(a)
                perm = array_ops.concat((math_ops.range(rank - 2), [rank - 1, rank - 2]), axis=0)
            elif ndims < 2:
                raise ValueError(
                    f"Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: {a.shape}"
                )
            else:
                perm = list(range(ndims - 2)) + [ndims - 1, ndims - 2]
            return array_ops.transpose(a, perm=perm, conjugate=True)


def is_ref(x):
    """Variables (and operators) pass through unconverted, as TF's is_ref."""
    return isinstance(x, (Variable, LinearOperator))


def convert_nonref_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """A Tensor of `value`, leaving a Variable as it is (TF converts it at each use)."""
    if value is None:
        return None
    if is_ref(value):
        if dtype is not None and D.as_dtype(dtype).base_dtype != value.dtype.base_dtype:
            raise TypeError(
                f'Mutable type must be of dtype "{D.as_dtype(dtype).base_dtype.name}" '
                f'but is "{value.dtype.base_dtype.name}".'
            )
        return value
    return convert_to_tensor(value, dtype=dtype, dtype_hint=dtype_hint, name=name)


def assert_not_ref_type(x, arg_name):
    """TypeError where a shape argument is a Variable."""
    if is_ref(x):
        raise TypeError(f"Argument {arg_name} cannot be reference type. Found: {type(x)}")


def shape_tensor(shape, name=None):
    """A shape as an int32 Tensor (an empty list is int32 too)."""
    if isinstance(shape, TensorShape):  # TF converts a fully defined TensorShape
        if not shape.is_fully_defined():
            raise ValueError(f"Cannot convert a partially known TensorShape to a Tensor: {shape}")
        shape = shape.as_list()
    dtype = D.int32 if isinstance(shape, (tuple, list)) and not shape else None
    return convert_to_tensor(shape, dtype=dtype, name=name)


def assert_no_entries_with_modulus_zero(
    x, message=None, name="assert_no_entries_with_modulus_zero"
):
    """Asserts that every |x| > 0."""
    with name_scope(name, values=[x]):
        x = convert_to_tensor(x, name="x")
        zero = convert_to_tensor(0, dtype=x.dtype.base_dtype.real_dtype)
        return check_ops.assert_less(zero, math_ops.abs(x), message=message)


def assert_zero_imag_part(x, message=None, name="assert_zero_imag_part"):
    """Asserts that imag(x) == 0 (a no_op for real x)."""
    with name_scope(name, values=[x]):
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype.is_floating:
            return no_op()
        zero = convert_to_tensor(0, dtype=x.dtype.base_dtype.real_dtype)
        return check_ops.assert_equal(zero, math_ops.imag(x), message=message)


def assert_compatible_matrix_dimensions(operator, x):
    """Asserts at run time that x's rows match the operator's domain dimension."""
    return check_ops.assert_equal(
        array_ops.shape(x)[-2],
        operator.domain_dimension_tensor(),
        message="Dimensions are not compatible.  "
        "shape[-2] of argument to be the same as this operator",
    )


def assert_is_batch_matrix(tensor):
    """ValueError where a static rank below 2 shows `tensor` is no [batch] matrix."""
    if tensor.shape.ndims is not None and tensor.shape.ndims < 2:
        raise ValueError(
            f"Expected [batch] matrix to have at least two dimensions.  Found: {tensor}"
        )


def broadcast_matrix_batch_dims(batch_matrices, name=None):
    """Broadcasts the batch dimensions of [batch] matrices to one batch shape."""
    with name_scope(name or "broadcast_matrix_batch_dims", values=batch_matrices):
        check_ops.assert_proper_iterable(batch_matrices)
        mats = [convert_to_tensor(m) for m in batch_matrices]
        for m in mats:
            assert_is_batch_matrix(m)
        if len(mats) < 2:
            return mats
        static = mats[0].shape[:-2]
        for m in mats[1:]:
            static = broadcast_static_shape(static, m.shape[:-2])
        if static.is_fully_defined():
            batch = static.as_list()
            out = [
                m
                if m.shape[:-2] == static
                else array_ops.broadcast_to(
                    m, array_ops.concat([batch, array_ops.shape(m)[-2:]], 0)
                )
                for m in mats
            ]
        else:
            dynamic = array_ops.shape(mats[0])[:-2]
            for m in mats[1:]:
                dynamic = broadcast_dynamic_shape(dynamic, array_ops.shape(m)[:-2])
            out = [
                array_ops.broadcast_to(m, array_ops.concat([dynamic, array_ops.shape(m)[-2:]], 0))
                for m in mats
            ]
        for m, b in zip(mats, out):
            # TF's shape inference keeps the matrix dims of a partly known shape; tinytf's
            # broadcast_to may not, so they are set here.
            b.set_shape(static.concatenate(m.shape[-2:]))
        return out


def _shaped_as(solution, rhs):
    """A square solve's solution has its right-hand side's shape: TF's shape functions merge
    the matrix and rhs dims, tinytf's keep the matrix's."""
    solution.set_shape(rhs.shape)
    return solution


def cholesky_solve_with_broadcast(chol, rhs, name=None):
    """cholesky_solve after broadcasting the batch dimensions."""
    with name_scope(name, "CholeskySolveWithBroadcast", [chol, rhs]):
        chol, rhs = broadcast_matrix_batch_dims([chol, rhs])
        return _shaped_as(cholesky_solve(chol, rhs), rhs)


def _reshape_for_efficiency(a, b, adjoint_a=False):
    """Folds b's extra leading dimensions into its columns where a has fewer batch dims (TF's
    trick: one solve of a wide right-hand side instead of a broadcast batch)."""
    keep = (a, b, lambda y: y, True)
    if a.shape.ndims is None or b.shape.ndims is None or a.shape.ndims >= b.shape.ndims:
        return keep
    extra = b.shape.ndims - a.shape.ndims
    a_domain = dimension_value(a.shape[-2 if adjoint_a else -1])
    b_eq = dimension_value(b.shape[-1])
    b_extra = (
        int(np.prod(b.shape[:extra].as_list())) if b.shape[:extra].is_fully_defined() else None
    )
    if a_domain is not None and b_eq is not None and b_extra is not None:
        if b_extra < 2 or a_domain <= b_eq:
            return keep
    if adjoint_a:
        a = adjoint_matrix(a)
    b_extra_sh = array_ops.shape(b)[:extra]
    b_main_sh = array_ops.shape(b)[extra:]
    perm = np.concatenate((np.arange(extra, b.shape.ndims), np.arange(0, extra)), 0)
    b_extra_on_end = array_ops.transpose(b, perm=perm)
    b_squashed = array_ops.reshape(b_extra_on_end, array_ops.concat((b_main_sh[:-1], [-1]), 0))

    b_static = b.shape  # what TF's shape inference carries through the reshape below

    def reshape_inv(y):
        shape = array_ops.concat((array_ops.shape(y)[:-1], [b_main_sh[-1]], b_extra_sh), 0)
        inverse_perm = np.argsort(perm)
        out = array_ops.transpose(array_ops.reshape(y, shape), perm=inverse_perm)
        if y.shape.ndims is not None:
            static = y.shape[:-1].concatenate(b_static[-1:]).concatenate(b_static[:extra])
            out.set_shape([static.dims[p] for p in inverse_perm])
        return out

    return a, b_squashed, reshape_inv, False


def matrix_solve_with_broadcast(matrix, rhs, adjoint=False, name=None):
    """matrix_solve after broadcasting the batch dimensions."""
    with name_scope(name, "MatrixSolveWithBroadcast", [matrix, rhs]):
        matrix = convert_to_tensor(matrix, name="matrix")
        rhs = convert_to_tensor(rhs, name="rhs", dtype=matrix.dtype)
        matrix, rhs, reshape_inv, still_adjoint = _reshape_for_efficiency(matrix, rhs, adjoint)
        matrix, rhs = broadcast_matrix_batch_dims([matrix, rhs])
        solution = linalg_ops.matrix_solve(matrix, rhs, adjoint=adjoint and still_adjoint)
        return reshape_inv(_shaped_as(solution, rhs))


def matrix_triangular_solve_with_broadcast(matrix, rhs, lower=True, adjoint=False, name=None):
    """matrix_triangular_solve after broadcasting the batch dimensions."""
    with name_scope(name, "MatrixTriangularSolve", [matrix, rhs]):
        matrix = convert_to_tensor(matrix, name="matrix")
        rhs = convert_to_tensor(rhs, name="rhs", dtype=matrix.dtype)
        matrix, rhs, reshape_inv, still_adjoint = _reshape_for_efficiency(matrix, rhs, adjoint)
        if not still_adjoint and adjoint:
            lower = not lower
        matrix, rhs = broadcast_matrix_batch_dims([matrix, rhs])
        solution = matrix_triangular_solve(
            matrix, rhs, lower=lower, adjoint=adjoint and still_adjoint
        )
        return reshape_inv(_shaped_as(solution, rhs))


def use_operator_or_provided_hint_unless_contradicting(
    operator, hint_attr_name, provided_hint_value, message
):
    """The operator's hint or the given one; ValueError(message) where they contradict."""
    op_hint = getattr(operator, hint_attr_name)
    if (op_hint is False and provided_hint_value) or (op_hint and provided_hint_value is False):
        raise ValueError(message)
    if op_hint or provided_hint_value:
        return True
    if op_hint is False or provided_hint_value is False:
        return False
    return None


def rotate_transpose(x, shift, name="rotate_transpose"):
    """np.transpose(x, np.roll(range(rank), shift)): circularly moves x's dimensions."""
    with name_scope(name, values=[x, shift]):
        x = convert_to_tensor(x, name="x")
        ndims = x.shape.ndims
        if ndims is not None:
            if ndims < 2 or shift % ndims == 0:
                return x
            return array_ops.transpose(x, perm=np.roll(np.arange(ndims), shift).tolist())
        rank = array_ops.rank(x)
        shift = (shift % rank + rank) % rank
        perm = array_ops.concat(
            [math_ops.range(rank - shift, rank), math_ops.range(0, rank - shift)], 0
        )
        return array_ops.transpose(x, perm=perm)


def combined_batch_shape(operators):
    """The broadcast of the operators' static batch shapes."""
    batch_shape = operators[0].batch_shape
    for operator in operators[1:]:
        batch_shape = broadcast_static_shape(batch_shape, operator.batch_shape)
    return batch_shape


def combined_batch_shape_tensor(operators):
    """The broadcast of the operators' dynamic batch shapes (as TF: a sum of zeros)."""
    zeros = array_ops.zeros(shape=operators[0].batch_shape_tensor())
    for operator in operators[1:]:
        zeros += array_ops.zeros(shape=operator.batch_shape_tensor())
    return array_ops.shape(zeros)


def check_same_dtype(operators):
    """TypeError unless every operator has the first one's dtype."""
    dtype = operators[0].dtype
    for operator in operators:
        if operator.dtype != dtype:
            name_type = (str((o.name, o.dtype)) for o in operators)
            raise TypeError(
                "Expected all operators to have the same dtype.  Found {}".format(
                    "   ".join(name_type)
                )
            )
    return dtype


def check_operator_list(operators, message="Expected a non-empty list of operators. Found: %s"):
    """The operators as a list; ValueError if empty."""
    check_ops.assert_proper_iterable(operators)
    operators = list(operators)
    if not operators:
        raise ValueError(message % operators)
    return operators


def hint_from_all(operators, attr, given, message):
    """True where every operator has the hint (ValueError if `given` is False), else `given`."""
    if all(getattr(o, attr) for o in operators):
        if given is False:
            raise ValueError(message)
        return True
    return given


# ---------------------------------------------------------------- the algebra registry

_REGISTRIES = {"adjoint": {}, "cholesky": {}, "matmul": {}, "solve": {}, "inverse": {}}
_ALGEBRA_NAMES = {
    "adjoint": ("Adjoint", "Adjoint({}) has already been registered to: {}"),
    "cholesky": ("Cholesky", "Cholesky({}) has already been registered to: {}"),
    "inverse": ("Inverse", "Inverse({}) has already been registered to: {}"),
    "matmul": ("Matmul", "Matmul({}, {}) has already been registered."),
    "solve": ("Solve", "Solve({}, {}) has already been registered."),
}


def _registered_function(type_list, registry):
    """The registered function of the nearest classes in the types' MROs."""
    combos = itertools.product(*[enumerate(t.__mro__) for t in type_list])

    def distance(combo):
        return sum(c[0] for c in combo) if tuple(c[1] for c in combo) in registry else 10000

    best = min(combos, key=distance)
    return registry.get(tuple(c[1] for c in best), None)


class _Register:
    kind = None

    def __init__(self, *classes):
        self._key = classes

    def __call__(self, fn):
        if not callable(fn):
            raise TypeError(f"{self.kind}_fn must be callable, received: {fn}")
        registry = _REGISTRIES[self.kind]
        if self._key in registry:
            names = [k.__name__ for k in self._key]
            raise ValueError(_ALGEBRA_NAMES[self.kind][1].format(*names, registry[self._key]))
        registry[self._key] = fn
        return fn


class RegisterAdjoint(_Register):
    """Decorator registering the adjoint of one LinearOperator class."""

    kind = "adjoint"


class RegisterCholesky(_Register):
    """Decorator registering the Cholesky factor of one LinearOperator class."""

    kind = "cholesky"


class RegisterInverse(_Register):
    """Decorator registering the inverse of one LinearOperator class."""

    kind = "inverse"


class RegisterMatmul(_Register):
    """Decorator registering the product of two LinearOperator classes."""

    kind = "matmul"


class RegisterSolve(_Register):
    """Decorator registering the solve of two LinearOperator classes."""

    kind = "solve"


_NOT_REGISTERED = {
    "adjoint": "No adjoint registered for {}",
    "cholesky": "No cholesky decomposition registered for {}",
    "inverse": "No inverse registered for {}",
    "matmul": "No matmul registered for {}.matmul({})",
    "solve": "No solve registered for {}.solve({})",
}


def _apply_registered(kind, *operators, name=None):
    from tinytf.ops import linear_operator_registrations  # noqa: F401  (fills the registry)

    types = [type(o) for o in operators]
    fn = _registered_function(types, _REGISTRIES[kind])
    if fn is None:
        raise ValueError(_NOT_REGISTERED[kind].format(*types))
    with name_scope(name, _ALGEBRA_NAMES[kind][0]):
        return fn(*operators)


# ---------------------------------------------------------------- the base class


def _cannot_square(what):
    return NotImplementedError(
        f"{what} not implemented for an operator that is expected to not be square."
    )


class LinearOperator(metaclass=abc.ABCMeta):
    """Base class of the [batch] linear operators (TF 1.15's tf.linalg.LinearOperator): a
    subclass defines _shape, _shape_tensor and _matmul, and may override the rest."""

    @abc.abstractmethod
    def _shape(self):
        raise NotImplementedError("_shape is not implemented.")

    @abc.abstractmethod
    def _shape_tensor(self):
        raise NotImplementedError("_shape_tensor is not implemented.")

    @abc.abstractmethod
    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        raise NotImplementedError("_matmul is not implemented.")

    def __init__(
        self,
        dtype,
        graph_parents=None,
        is_non_singular=None,
        is_self_adjoint=None,
        is_positive_definite=None,
        is_square=None,
        name=None,
    ):
        if is_positive_definite:
            if is_non_singular is False:
                raise ValueError("A positive definite matrix is always non-singular.")
            is_non_singular = True
        if is_non_singular:
            if is_square is False:
                raise ValueError("A non-singular matrix is always square.")
            is_square = True
        if is_self_adjoint:
            if is_square is False:
                raise ValueError("A self-adjoint matrix is always square.")
            is_square = True
        self._is_square_set_or_implied_by_hints = is_square
        graph_parents = [] if graph_parents is None else graph_parents
        for i, t in enumerate(graph_parents):
            if t is None or not (is_ref(t) or isinstance(t, Tensor)):
                raise ValueError(f"Graph parent item {i} is not a Tensor; {t}.")
        self._dtype = D.as_dtype(dtype).base_dtype if dtype else dtype
        self._graph_parents = graph_parents
        self._is_non_singular = is_non_singular
        self._is_self_adjoint = is_self_adjoint
        self._is_positive_definite = is_positive_definite
        self._name = name or type(self).__name__

    @contextlib.contextmanager
    def _name_scope(self, name=None):
        full_name = self.name if name is None else self.name + "/" + name
        with name_scope(full_name) as scope:
            yield scope

    dtype = property(lambda self: self._dtype, doc="The DType of the operator's matrix.")
    name = property(lambda self: self._name, doc="The operator's name.")
    graph_parents = property(lambda self: self._graph_parents, doc="The Tensors it is made of.")
    is_non_singular = property(lambda self: self._is_non_singular, doc="Hint: invertible.")
    is_self_adjoint = property(lambda self: self._is_self_adjoint, doc="Hint: A == A^H.")
    is_positive_definite = property(
        lambda self: self._is_positive_definite, doc="Hint: x^H A x > 0 (real part)."
    )

    @property
    def is_square(self):
        """Whether the operator is square: the hint, else the static dimensions' equality."""
        auto_square_check = self.domain_dimension == self.range_dimension
        if self._is_square_set_or_implied_by_hints is False and auto_square_check:
            raise ValueError("User set is_square hint to False, but the operator was square.")
        if self._is_square_set_or_implied_by_hints is None:
            return auto_square_check
        return self._is_square_set_or_implied_by_hints

    @property
    def shape(self):
        """The static TensorShape [B1, ..., Bb, M, N]."""
        return self._shape()

    def shape_tensor(self, name="shape_tensor"):
        """The shape as an int32 Tensor."""
        with self._name_scope(name):
            if self.shape.is_fully_defined():
                return shape_tensor(self.shape.as_list())
            return self._shape_tensor()

    @property
    def batch_shape(self):
        """The static batch shape [B1, ..., Bb]."""
        return self.shape[:-2]

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        """The batch shape as an int32 Tensor."""
        with self._name_scope(name):
            if self.batch_shape.is_fully_defined():
                return shape_tensor(self.batch_shape.as_list(), name="batch_shape")
            return self.shape_tensor()[:-2]

    @property
    def tensor_rank(self):
        """The static rank b + 2 (None where unknown)."""
        with self._name_scope("tensor_rank"):
            return self.shape.ndims

    def tensor_rank_tensor(self, name="tensor_rank_tensor"):
        """The rank as a Tensor."""
        with self._name_scope(name):
            if self.tensor_rank is not None:
                return convert_to_tensor(self.tensor_rank)
            return array_ops.size(self.shape_tensor())

    @property
    def domain_dimension(self):
        """The static Dimension N (of the domain)."""
        if self.shape.rank is None:
            return Dimension(None)
        return self.shape.dims[-1]

    def domain_dimension_tensor(self, name="domain_dimension_tensor"):
        """N as a Tensor."""
        with self._name_scope(name):
            value = dimension_value(self.domain_dimension)
            return convert_to_tensor(value) if value is not None else self.shape_tensor()[-1]

    @property
    def range_dimension(self):
        """The static Dimension M (of the range)."""
        return self.shape.dims[-2] if self.shape.dims else Dimension(None)

    def range_dimension_tensor(self, name="range_dimension_tensor"):
        """M as a Tensor."""
        with self._name_scope(name):
            value = dimension_value(self.range_dimension)
            return convert_to_tensor(value) if value is not None else self.shape_tensor()[-2]

    # -- asserts

    def _assert_non_singular(self):
        if self._can_use_cholesky():
            return self.assert_positive_definite()
        singular_values = svd(self.to_dense(), compute_uv=False)
        cond = reduction_ops.reduce_max(singular_values, axis=-1) / reduction_ops.reduce_min(
            singular_values, axis=-1
        )
        return check_ops.assert_less(
            cond,
            self._max_condition_number_to_be_non_singular(),
            message="Singular matrix up to precision epsilon.",
        )

    def _max_condition_number_to_be_non_singular(self):
        with name_scope("max_nonsingular_condition_number"):
            dtype_eps = np.finfo(self.dtype.as_numpy_dtype).eps
            dims = [
                convert_to_tensor(100.0, dtype=self.dtype),  # tinytf's lists take float32 first
                math_ops.cast(self.range_dimension_tensor(), self.dtype),
                math_ops.cast(self.domain_dimension_tensor(), self.dtype),
            ]
            eps = math_ops.cast(reduction_ops.reduce_max(dims), self.dtype) * dtype_eps
            return 1.0 / eps

    def assert_non_singular(self, name="assert_non_singular"):
        """An op that fails at run time where the operator is singular."""
        with self._name_scope(name):
            return self._assert_non_singular()

    def _assert_positive_definite(self):
        if self.is_self_adjoint:
            return check_ops.assert_positive(
                linalg_ops.matrix_diag_part(linalg_ops.cholesky(self.to_dense())),
                message="Matrix was not positive definite.",
            )
        raise NotImplementedError("assert_positive_definite is not implemented.")

    def assert_positive_definite(self, name="assert_positive_definite"):
        """An op that fails at run time where the operator is not positive definite."""
        with self._name_scope(name):
            return self._assert_positive_definite()

    def _assert_self_adjoint(self):
        dense = self.to_dense()
        return check_ops.assert_equal(
            dense, adjoint_matrix(dense), message="Matrix was not equal to its adjoint."
        )

    def assert_self_adjoint(self, name="assert_self_adjoint"):
        """An op that fails at run time where the operator is not self-adjoint."""
        with self._name_scope(name):
            return self._assert_self_adjoint()

    def _check_input_dtype(self, arg):
        if arg.dtype.base_dtype != self.dtype:
            raise TypeError(
                f"Expected argument to have dtype {self.dtype}.  Found: {arg.dtype} in tensor {arg}"
            )

    # -- products and solves

    def _operator_pair(self, other, adjoint, adjoint_arg, arg_name):
        left = self.adjoint() if adjoint else self
        right = other.adjoint() if adjoint_arg else other
        if (
            right.range_dimension is not None
            and left.domain_dimension is not None
            and right.range_dimension != left.domain_dimension
        ):
            raise ValueError(
                f"Operators are incompatible. Expected `{arg_name}` to have dimension "
                f"{left.domain_dimension} but got {right.range_dimension}."
            )
        return left, right

    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        """A x (A^H x with adjoint, x^H with adjoint_arg); x a Tensor or a LinearOperator."""
        if isinstance(x, LinearOperator):
            left, right = self._operator_pair(x, adjoint, adjoint_arg, "x")
            with self._name_scope(name):
                return _apply_registered("matmul", left, right)
        with self._name_scope(name):
            x = convert_to_tensor(x, name="x")
            self._check_input_dtype(x)
            self_dim, arg_dim = (-2 if adjoint else -1), (-1 if adjoint_arg else -2)
            dimension_at_index(self.shape, self_dim).assert_is_compatible_with(x.shape[arg_dim])
            return self._matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _matvec(self, x, adjoint=False):
        y = self.matmul(array_ops.expand_dims(x, axis=-1), adjoint=adjoint)
        return array_ops.squeeze(y, axis=-1)

    def matvec(self, x, adjoint=False, name="matvec"):
        """A x for a [batch] vector x."""
        with self._name_scope(name):
            x = convert_to_tensor(x, name="x")
            self._check_input_dtype(x)
            self_dim = -2 if adjoint else -1
            dimension_at_index(self.shape, self_dim).assert_is_compatible_with(x.shape[-1])
            return self._matvec(x, adjoint=adjoint)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if self.is_square is False:
            raise NotImplementedError("Solve is not yet implemented for non-square operators.")
        rhs = adjoint_matrix(rhs) if adjoint_arg else rhs
        if self._can_use_cholesky():
            return cholesky_solve_with_broadcast(linalg_ops.cholesky(self.to_dense()), rhs)
        return matrix_solve_with_broadcast(self.to_dense(), rhs, adjoint=adjoint)

    def _check_solvable(self):
        if self.is_non_singular is False:
            raise NotImplementedError(
                "Exact solve not implemented for an operator that is expected to be singular."
            )
        if self.is_square is False:
            raise _cannot_square("Exact solve")

    def solve(self, rhs, adjoint=False, adjoint_arg=False, name="solve"):
        """X with A X = rhs (A^H X = rhs with adjoint); rhs a Tensor or a LinearOperator."""
        self._check_solvable()
        if isinstance(rhs, LinearOperator):
            left, right = self._operator_pair(rhs, adjoint, adjoint_arg, "rhs")
            with self._name_scope(name):
                return _apply_registered("solve", left, right)
        with self._name_scope(name):
            rhs = convert_to_tensor(rhs, name="rhs")
            self._check_input_dtype(rhs)
            self_dim, arg_dim = (-1 if adjoint else -2), (-1 if adjoint_arg else -2)
            dimension_at_index(self.shape, self_dim).assert_is_compatible_with(rhs.shape[arg_dim])
            return self._solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _solvevec(self, rhs, adjoint=False):
        solution = self.solve(array_ops.expand_dims(rhs, axis=-1), adjoint=adjoint)
        return array_ops.squeeze(solution, axis=-1)

    def solvevec(self, rhs, adjoint=False, name="solve"):
        """x with A x = rhs for a [batch] vector rhs."""
        with self._name_scope(name):
            rhs = convert_to_tensor(rhs, name="rhs")
            self._check_input_dtype(rhs)
            self_dim = -1 if adjoint else -2
            dimension_at_index(self.shape, self_dim).assert_is_compatible_with(rhs.shape[-1])
            return self._solvevec(rhs, adjoint=adjoint)

    # -- determinants and parts

    def _determinant(self):
        if self._can_use_cholesky():
            return math_ops.exp(self.log_abs_determinant())
        return linalg_ops.matrix_determinant(self.to_dense())

    def determinant(self, name="det"):
        """det(A) for each batch member."""
        if self.is_square is False:
            raise _cannot_square("Determinant")
        with self._name_scope(name):
            return self._determinant()

    def _log_abs_determinant(self):
        if self._can_use_cholesky():
            diag = linalg_ops.matrix_diag_part(linalg_ops.cholesky(self.to_dense()))
            return 2 * reduction_ops.reduce_sum(math_ops.log(diag), axis=[-1])
        return slogdet(self.to_dense())[1]

    def log_abs_determinant(self, name="log_abs_det"):
        """log |det(A)| for each batch member."""
        if self.is_square is False:
            raise _cannot_square("Determinant")
        with self._name_scope(name):
            return self._log_abs_determinant()

    def _to_dense(self):
        batch = self.batch_shape
        if not batch.is_fully_defined():
            batch = self.batch_shape_tensor()
        n = dimension_value(self.domain_dimension)
        if n is None:
            n = self.domain_dimension_tensor()
        return self.matmul(eye(n, batch_shape=batch, dtype=self.dtype))

    def to_dense(self, name="to_dense"):
        """The operator as a dense [batch] matrix."""
        with self._name_scope(name):
            return self._to_dense()

    def _diag_part(self):
        return linalg_ops.matrix_diag_part(self.to_dense())

    def diag_part(self, name="diag_part"):
        """The [batch] main diagonal."""
        with self._name_scope(name):
            return self._diag_part()

    def _trace(self):
        return reduction_ops.reduce_sum(self.diag_part(), axis=-1)

    def trace(self, name="trace"):
        """The sum of the main diagonal."""
        with self._name_scope(name):
            return self._trace()

    def _add_to_tensor(self, x):
        return self.to_dense() + x

    def add_to_tensor(self, x, name="add_to_tensor"):
        """A + x for a [batch] matrix x."""
        with self._name_scope(name):
            x = convert_to_tensor(x, name="x")
            self._check_input_dtype(x)
            return self._add_to_tensor(x)

    # -- derived operators

    def adjoint(self, name="adjoint"):
        """The operator A^H (this one where it is self-adjoint)."""
        if self.is_self_adjoint is True:
            return self
        with self._name_scope(name):
            return _apply_registered("adjoint", self)

    H = property(adjoint, None)

    def inverse(self, name="inverse"):
        """The operator A^-1."""
        if self.is_square is False:
            raise ValueError(
                "Cannot take the Inverse: This operator represents a non square matrix."
            )
        if self.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular matrix.")
        with self._name_scope(name):
            return _apply_registered("inverse", self)

    def cholesky(self, name="cholesky"):
        """The lower-triangular operator L with A = L L^H."""
        if not self._can_use_cholesky():
            raise ValueError(
                "Cannot take the Cholesky decomposition: "
                "Not a positive definite self adjoint matrix."
            )
        with self._name_scope(name):
            return _apply_registered("cholesky", self)

    def _can_use_cholesky(self):
        return self.is_self_adjoint and self.is_positive_definite


def static_square_shape(vector_shape):
    """[..., n] -> [..., n, n] for a static shape."""
    return vector_shape.concatenate(vector_shape[-1:])


def dynamic_square_shape(vector):
    """shape(vector) + [n] as a Tensor."""
    d_shape = array_ops.shape(vector)
    return array_ops.concat((d_shape, [d_shape[-1]]), 0)
