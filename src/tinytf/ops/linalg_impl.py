"""tf.linalg.expm (Padé approximants with scaling and squaring, in graph ops as TF 1.15's
linalg_impl.matrix_exponential, so its gradient flows) and tf.linalg.normalize."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape, dimension_value
from tinytf.ops import array_ops, linalg_ops, math_ops, reduction_ops
from tinytf.ops.composite_math_ops import norm
from tinytf.ops.constant_op import constant
from tinytf.ops.shape_util import constant_value
from tinytf.ops.while_loop import while_loop

# Padé coefficients b_0..b_{m-1} of degree m (Higham 2005, as TF's _matrix_exp_padeN).
_PADE = {
    3: [120.0, 60.0, 12.0],
    5: [30240.0, 15120.0, 3360.0, 420.0, 30.0],
    7: [17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0],
    9: [
        17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0,
        2162160.0, 110880.0, 3960.0, 90.0,
    ],
    13: [
        64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
        1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0,
        33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0,
    ],
}  # fmt: skip


def eye(num_rows, batch_shape=None, dtype=D.float32):
    """A square tf.eye with TF's op names (eye/ones, eye/diag) whose num_rows and batch_shape
    may be Tensors (tinytf's eye wants them static)."""
    with name_scope(None, "eye", [num_rows, batch_shape]):
        if isinstance(batch_shape, TensorShape):
            batch_shape = batch_shape.as_list()
        if not isinstance(num_rows, Tensor) and not isinstance(batch_shape, Tensor):
            batch = [] if batch_shape is None else [int(d) for d in batch_shape]
            return linalg_ops.matrix_diag(array_ops.ones(batch + [num_rows], dtype=dtype))
        batch_shape = convert_to_tensor([] if batch_shape is None else batch_shape, dtype=D.int32)
        num_rows = convert_to_tensor(num_rows, dtype=D.int32)
        shape = array_ops.concat([batch_shape, array_ops.reshape(num_rows, [1])], axis=0)
        result = linalg_ops.matrix_diag(array_ops.ones(shape, dtype=dtype))
        # What TF's shape inference knows of it: the batch rank, and num_rows where constant.
        rows = constant_value(num_rows)
        rows = None if rows is None else int(rows)
        batch_rank = dimension_value(batch_shape.shape[0]) if batch_shape.shape.ndims == 1 else None
        batch = TensorShape(None if batch_rank is None else [None] * batch_rank)
        result.set_shape(batch.concatenate([rows, rows]))
        return result


def _pade(matrix, degree):
    """(U, V) of the degree-`degree` Padé approximant: exp(A) ~ (V - U)^-1 (V + U)."""
    b = [constant(x, matrix.dtype) for x in _PADE[degree]]
    ident = eye(array_ops.shape(matrix)[-2], array_ops.shape(matrix)[:-2], dtype=matrix.dtype)
    top = 3 if degree == 13 else (degree - 1) // 2
    powers = [ident, math_ops.matmul(matrix, matrix)]  # I, A^2, A^4, ... as TF multiplies them
    while len(powers) <= top:
        powers.append(math_ops.matmul(powers[-1], powers[1]))
    if degree == 13:
        m2, m4, m6 = powers[1], powers[2], powers[3]
        tmp_u = (
            math_ops.matmul(m6, m6 + b[11] * m4 + b[9] * m2)
            + b[7] * m6 + b[5] * m4 + b[3] * m2 + b[1] * ident
        )  # fmt: skip
        tmp_v = b[12] * m6 + b[10] * m4 + b[8] * m2
        matrix_v = math_ops.matmul(m6, tmp_v) + b[6] * m6 + b[4] * m4 + b[2] * m2 + b[0] * ident
        return math_ops.matmul(matrix, tmp_u), matrix_v
    # U = A (A^{m-1} + b_{m-2} A^{m-3} + ... + b_1 I), V = b_{m-1} A^{m-1} + ... + b_0 I
    tmp = powers[top]
    for k in range(top - 1, -1, -1):
        tmp = tmp + b[2 * k + 1] * powers[k]
    matrix_v = b[degree - 1] * powers[top]
    for k in range(top - 1, -1, -1):
        matrix_v = matrix_v + b[2 * k] * powers[k]
    return math_ops.matmul(matrix, tmp), matrix_v


_PLANS = {
    # dtype group: (maxnorm, degrees, switch-over l1 norms)
    "single": (3.925724783138660, (3, 5, 7), (4.258730016922831e-001, 1.880152677804762e000)),
    "double": (
        5.371920351148152,
        (3, 5, 7, 9, 13),
        (1.495585217958292e-002, 2.539398330063230e-001, 9.504178996162932e-001,
         2.097847961257068e000),
    ),
}  # fmt: skip


def _nest_where(l1_norm, vals, cases):
    """cases[i] for the first vals[i] above l1_norm, else the last case."""
    if len(vals) == 1:
        return math_ops.where(math_ops.less(l1_norm, vals[0]), cases[0], cases[1])
    rest = _nest_where(l1_norm, vals[1:], cases[1:])
    return math_ops.where(math_ops.less(l1_norm, vals[0]), cases[0], rest)


def _pade_choice(matrix, l1_norm):
    if matrix.dtype in [D.float16, D.float32, D.complex64]:
        maxnorm, degrees, conds = _PLANS["single"]
    elif matrix.dtype in [D.float64, D.complex128]:
        maxnorm, degrees, conds = _PLANS["double"]
    else:
        raise ValueError(f"tf.linalg.expm does not support matrices of type {matrix.dtype}")

    def const(x):
        return constant(x, l1_norm.dtype)

    squarings = math_ops.maximum(
        math_ops.floor(math_ops.log(l1_norm / const(maxnorm)) / math_ops.log(const(2.0))), 0
    )
    # 2**squarings is exact in any dtype; real, its gradient needs no complex Pow gradient.
    scale = math_ops.cast(math_ops.pow(const(2.0), squarings), matrix.dtype)
    pairs = [_pade(matrix, d) for d in degrees[:-1]]
    pairs.append(_pade(matrix / scale[..., None, None], degrees[-1]))
    conds = [const(c) for c in conds]
    u = _nest_where(l1_norm, conds, [p[0] for p in pairs])
    v = _nest_where(l1_norm, conds, [p[1] for p in pairs])
    return u, v, squarings


def matrix_exponential(input, name=None):
    """exp(A) of each [batch] square matrix, by Padé approximants with scaling and squaring."""
    with name_scope(name, "matrix_exponential", [input]):
        matrix = convert_to_tensor(input, name="input")
        input_shape = matrix.shape
        if matrix.shape[-2:] == [0, 0]:
            return matrix
        batch_shape = matrix.shape[:-2]
        if not batch_shape.is_fully_defined():
            batch_shape = array_ops.shape(matrix)[:-2]
        matrix = array_ops.reshape(
            matrix, array_ops.concat(([-1], array_ops.shape(matrix)[-2:]), axis=0)
        )
        l1_norm = reduction_ops.reduce_max(
            reduction_ops.reduce_sum(
                math_ops.abs(matrix), axis=array_ops.size(array_ops.shape(matrix)) - 2
            ),
            axis=-1,
        )
        u, v, squarings = _pade_choice(matrix, l1_norm)
        result = linalg_ops.matrix_solve(-u + v, u + v)
        max_squarings = reduction_ops.reduce_max(squarings)

        def body(i, r):
            return i + 1, math_ops.where(math_ops.less(i, squarings), math_ops.matmul(r, r), r)

        i = constant(0.0, l1_norm.dtype)
        _, result = while_loop(lambda i, r: math_ops.less(i, max_squarings), body, [i, result])
        if not matrix.shape.is_fully_defined():
            result = array_ops.reshape(
                result, array_ops.concat((batch_shape, array_ops.shape(result)[-2:]), axis=0)
            )
            result.set_shape(input_shape)  # what TF's shape inference keeps of it
            return result
        return array_ops.reshape(result, batch_shape.concatenate(result.shape[-2:]))


def normalize(tensor, ord="euclidean", axis=None, name=None):
    """(tensor / norm, norm): the tensor scaled to unit norm, and its norm (keepdims)."""
    with name_scope(name, "normalize", [tensor]):
        tensor = convert_to_tensor(tensor)
        tensor_norm = math_ops.cast(norm(tensor, ord, axis, keepdims=True), tensor.dtype)
        return tensor / tensor_norm, tensor_norm
