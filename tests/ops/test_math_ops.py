import re

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(0)
A = rng.standard_normal((2, 3)).astype(np.float32)
B = rng.standard_normal((2, 3)).astype(np.float32)
ROW = rng.standard_normal((3,)).astype(np.float32)
POS = rng.uniform(0.5, 2.0, (2, 3)).astype(np.float32)
UNIT = rng.uniform(-0.9, 0.9, (2, 3)).astype(np.float32)
IA = np.array([[7, -7, 3], [-3, 0, 9]], np.int32)
J = np.array([[2, 2, -2], [2, 5, -4]], np.int32)
C = (A + 1j * B).astype(np.complex64)
BOOL_A = np.array([[True, False, True], [False, False, True]])
BOOL_B = np.array([[True, True, False], [False, True, True]])


def _sigmoid(x):
    return (1 / (1 + np.exp(-x.astype(np.float64)))).astype(x.dtype)


UNARY = [
    Case("negative", tf.negative, [A], np.negative),
    Case("negative_int", tf.negative, [IA], np.negative),
    Case("abs", tf.abs, [A], np.abs),
    Case("abs_int", tf.abs, [IA], np.abs),
    Case("abs_complex_is_real", tf.abs, [C], np.abs, dtype=tf.float32),
    Case("sign", tf.sign, [A], np.sign),
    Case("sign_int", tf.sign, [IA], np.sign),
    Case("square", tf.square, [A], np.square),
    Case("sqrt", tf.sqrt, [POS], np.sqrt),
    Case("rsqrt", tf.rsqrt, [POS], lambda x: 1 / np.sqrt(x)),
    Case("exp", tf.exp, [A], np.exp),
    Case("log", tf.log, [POS], np.log),
    Case("log1p", tf.log1p, [POS], np.log1p),
    Case("sin", tf.sin, [A], np.sin),
    Case("cos", tf.cos, [A], np.cos),
    Case("tan", tf.tan, [UNIT], np.tan),
    Case("asin", tf.asin, [UNIT], np.arcsin),
    Case("acos", tf.acos, [UNIT], np.arccos),
    Case("atan", tf.atan, [A], np.arctan),
    Case("tanh", tf.tanh, [A], np.tanh),
    Case("sigmoid", tf.sigmoid, [A], _sigmoid),
    Case("floor", tf.floor, [A * 3], np.floor),
    Case("ceil", tf.ceil, [A * 3], np.ceil),
    Case(
        "round_half_to_even",
        tf.round,
        [np.array([0.5, 1.5, 2.5, -0.5, -1.7], np.float32)],
        lambda x: np.array([0.0, 2.0, 2.0, -0.0, -2.0], np.float32),
        grad=False,  # every input sits on a kink
    ),
    Case("round", tf.round, [A * 3], np.round),
    Case("round_int_unchanged", tf.round, [IA], lambda x: x),
    Case("reciprocal", tf.reciprocal, [POS], lambda x: 1 / x),
    Case("real", tf.real, [C], np.real, dtype=tf.float32),
    Case("imag", tf.imag, [C], np.imag, dtype=tf.float32),
    Case("real_of_real_is_itself", tf.real, [A], lambda x: x),
    Case("imag_of_real_is_zero", tf.imag, [A], np.zeros_like),
    Case("conj", tf.conj, [C], np.conj),
    Case("logical_not", tf.logical_not, [BOOL_A], np.logical_not),
    Case("sqrt_float64", tf.sqrt, [POS.astype(np.float64)], np.sqrt, rtol=1e-12),
]

BINARY = [
    Case("add", tf.add, [A, B], np.add),
    Case("add_broadcast_row", tf.add, [A, ROW], np.add),
    Case("add_broadcast_column", tf.add, [A, A[:, :1]], np.add),
    Case("add_int", tf.add, [IA, J], np.add),
    Case("subtract", tf.subtract, [A, B], np.subtract),
    Case("multiply", tf.multiply, [A, ROW], np.multiply),
    Case("multiply_complex", tf.multiply, [C, C], np.multiply),
    Case("divide_float", tf.divide, [A, POS], np.divide),
    Case("truediv_int32_gives_float64", tf.truediv, [IA, J], lambda x, y: x / y, dtype=tf.float64),
    Case("div_int_is_floor_division", tf.div, [IA, J], np.floor_divide),
    Case("floordiv_int", tf.floordiv, [IA, J], np.floor_divide),
    Case("floordiv_float", tf.floordiv, [A, POS], np.floor_divide),
    Case("floormod_int_sign_of_divisor", tf.floormod, [IA, J], np.mod),
    Case("floormod_float", tf.floormod, [A, POS], np.mod),
    Case("pow", tf.pow, [POS, B], np.power),
    Case("pow_int", tf.pow, [J, np.abs(J)], np.power),
    Case("maximum", tf.maximum, [A, B], np.maximum),
    Case("minimum", tf.minimum, [A, ROW], np.minimum),
    Case("squared_difference", tf.squared_difference, [A, B], lambda x, y: (x - y) ** 2),
    Case("less", tf.less, [A, B], np.less),
    Case("less_equal", tf.less_equal, [IA, J], np.less_equal),
    Case("greater", tf.greater, [A, ROW], np.greater),
    Case("greater_equal", tf.greater_equal, [IA, J], np.greater_equal),
    Case("equal", tf.equal, [IA, J], np.equal),
    Case("not_equal", tf.not_equal, [A, A], np.not_equal),
    Case("logical_and", tf.logical_and, [BOOL_A, BOOL_B], np.logical_and),
    Case("logical_or", tf.logical_or, [BOOL_A, BOOL_B], np.logical_or),
    Case("logical_xor", tf.logical_xor, [BOOL_A, BOOL_B], np.logical_xor),
    Case("complex", tf.complex, [A, B], lambda x, y: (x + 1j * y).astype(np.complex64)),
]

REDUCTIONS = [
    Case("reduce_sum_all", tf.reduce_sum, [A], np.sum),
    Case("reduce_sum_axis1", lambda x: tf.reduce_sum(x, 1), [A], lambda x: x.sum(1)),
    Case("reduce_sum_neg_axis", lambda x: tf.reduce_sum(x, -2), [A], lambda x: x.sum(0)),
    Case(
        "reduce_sum_int_keeps_int32",
        lambda x: tf.reduce_sum(x, 0),
        [IA],
        lambda x: x.sum(0).astype(np.int32),
    ),
    Case(
        "reduce_sum_reduction_indices",
        lambda x: tf.reduce_sum(x, reduction_indices=[1]),
        [A],
        lambda x: x.sum(1),
    ),
    Case(
        "reduce_sum_keepdims",
        lambda x: tf.reduce_sum(x, 1, keepdims=True),
        [A],
        lambda x: x.sum(1, keepdims=True),
    ),
    Case(
        "reduce_sum_keep_dims_old_name",
        lambda x: tf.reduce_sum(x, 0, keep_dims=True),
        [A],
        lambda x: x.sum(0, keepdims=True),
    ),
    Case("reduce_mean", lambda x: tf.reduce_mean(x, 0), [A], lambda x: x.mean(0)),
    Case(
        "reduce_mean_int_truncates",
        tf.reduce_mean,
        [np.array([-3, 1, 1], np.int32)],
        lambda x: np.int32(0),
    ),
    Case(
        "reduce_mean_int_positive",
        tf.reduce_mean,
        [np.array([3, 1, 1], np.int32)],
        lambda x: np.int32(1),
    ),
    Case("reduce_max", lambda x: tf.reduce_max(x, 1), [A], lambda x: x.max(1)),
    Case("reduce_min", tf.reduce_min, [A], np.min),
    Case("reduce_prod", lambda x: tf.reduce_prod(x, [0, 1]), [A], np.prod, rtol=1e-5),
    Case("reduce_any", lambda x: tf.reduce_any(x, 1), [BOOL_A], lambda x: x.any(1)),
    Case("reduce_all", lambda x: tf.reduce_all(x, 0), [BOOL_A], lambda x: x.all(0)),
    Case("argmax_int64", lambda x: tf.argmax(x, 1), [A], lambda x: x.argmax(1)),
    Case("argmin_axis0", lambda x: tf.argmin(x, 0), [A], lambda x: x.argmin(0)),
    Case(
        "argmax_dimension_old_name",
        lambda x: tf.argmax(x, dimension=0),
        [IA],
        lambda x: x.argmax(0),
    ),
    Case(
        "argmax_int32_output",
        lambda x: tf.argmax(x, 1, output_type=tf.int32),
        [A],
        lambda x: x.argmax(1).astype(np.int32),
    ),
]

CASTS_AND_MISC = [
    Case(
        "cast_float_to_int_truncates",
        lambda x: tf.cast(x, tf.int32),
        [np.array([1.7, -1.7, 2.5], np.float32)],
        lambda x: np.array([1, -1, 2], np.int32),
    ),
    Case("cast_to_bool", lambda x: tf.cast(x, tf.bool), [IA], lambda x: x != 0),
    Case("cast_complex_keeps_real_part", lambda x: tf.cast(x, tf.float32), [C], np.real),
    Case("to_float", tf.to_float, [IA], lambda x: x.astype(np.float32)),
    Case("add_n", lambda a, b, c: tf.add_n([a, b, c]), [A, B, A], lambda a, b, c: a + b + c),
    Case("where_select", tf.where, [BOOL_A, A, B], np.where),
    Case(
        "where_select_vector_condition",
        tf.where,
        [np.array([True, False]), A, B],
        lambda c, a, b: np.where(c[:, None], a, b),
    ),
    Case(
        "where_coordinates",
        tf.where,
        [BOOL_A],
        lambda c: np.argwhere(c).astype(np.int64),
        static=[None, 2],
    ),
    Case("matmul", tf.matmul, [A, B.T.copy()], np.matmul, rtol=1e-5),
    Case(
        "matmul_transpose_b",
        lambda a, b: tf.matmul(a, b, transpose_b=True),
        [A, B],
        lambda a, b: a @ b.T,
        rtol=1e-5,
    ),
    Case(
        "matmul_transpose_a",
        lambda a, b: tf.matmul(a, b, transpose_a=True),
        [A, B],
        lambda a, b: a.T @ b,
        rtol=1e-5,
    ),
    Case(
        "matmul_adjoint_complex",
        lambda a, b: tf.matmul(a, b, adjoint_b=True),
        [C, C],
        lambda a, b: a @ b.conj().T,
        rtol=1e-5,
    ),
    Case(
        "matmul_batched",
        tf.matmul,
        [rng.standard_normal((4, 2, 3)), rng.standard_normal((4, 3, 5))],
        np.matmul,
    ),
    Case(
        "matmul_batched_broadcast",
        tf.matmul,
        [rng.standard_normal((4, 2, 3)), rng.standard_normal((3, 5))],
        np.matmul,
        dynamic=False,
    ),
    Case(
        "matmul_batched_transpose",
        lambda a, b: tf.matmul(a, b, transpose_b=True),
        [rng.standard_normal((4, 2, 3)), rng.standard_normal((4, 5, 3))],
        lambda a, b: a @ np.swapaxes(b, 1, 2),
    ),
    Case("matmul_int32", tf.matmul, [IA, J.T.copy()], np.matmul),
    Case(
        "tensordot_1",
        lambda a, b: tf.tensordot(a, b, 1),
        [A, B.T.copy()],
        np.matmul,
        rtol=1e-5,
        dynamic=False,
    ),
    Case(
        "tensordot_axes_lists",
        lambda a, b: tf.tensordot(a, b, [[0, 1], [0, 1]]),
        [A, B],
        lambda a, b: np.tensordot(a, b, [[0, 1], [0, 1]]),
        rtol=1e-5,
        dynamic=False,
    ),
]


@pytest.mark.parametrize("case", params(UNARY + BINARY + REDUCTIONS + CASTS_AND_MISC))
def test_math_op(case):
    check_case(case)


def test_range_and_linspace():
    with tf.Session() as sess:
        assert sess.run(tf.range(5)).tolist() == [0, 1, 2, 3, 4]
        assert tf.range(5).dtype == tf.int32 and tf.range(5).shape.as_list() == [5]
        np.testing.assert_allclose(sess.run(tf.range(1.0, 2.0, 0.25)), [1.0, 1.25, 1.5, 1.75])
        assert tf.range(1, 2.0, 0.5).dtype == tf.float32
        np.testing.assert_allclose(sess.run(tf.linspace(0.0, 1.0, 5)), np.linspace(0, 1, 5))
        assert tf.linspace(0.0, 1.0, 5).shape.as_list() == [5]


def test_float_division_by_zero_is_inf_without_warning(recwarn):
    x = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        assert sess.run(x / 0.0, {x: 1}) == np.inf
        assert np.isnan(sess.run(x / 0.0, {x: 0}))
        assert sess.run(tf.log(x), {x: 0}) == -np.inf
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


BAD = [
    Bad(
        "add_shapes",
        lambda: tf.constant([1, 2, 3]) + tf.constant([1, 2]),
        ValueError,
        re.escape(
            "Dimensions must be equal, but are 3 and 2 for 'add' (op: 'Add') with input "
            "shapes: [3], [2]."
        ),
    ),
    Bad(
        "matmul_inner_dims",
        lambda: tf.matmul(tf.zeros([2, 3]), tf.zeros([2, 4])),
        ValueError,
        re.escape(
            "Dimensions must be equal, but are 3 and 2 for 'MatMul' (op: 'MatMul') with "
            "input shapes: [2,3], [2,4]."
        ),
    ),
    Bad(
        "matmul_rank",
        lambda: tf.matmul(tf.zeros([1, 2]), tf.zeros([2])),
        ValueError,
        "Shape must be rank 2 but is rank 1 for 'MatMul' .* input shapes: \\[1,2\\], \\[2\\]",
    ),
    Bad(
        "add_dtypes",
        lambda: tf.add(tf.constant(1), tf.constant(1.0)),
        TypeError,
        "Input 'y' of 'Add' Op has type float32 that does not match type int32 of argument 'x'",
    ),
    Bad(
        "operator_dtypes",
        lambda: tf.constant(1) + tf.constant(1.0),
        TypeError,
        "Input 'y' of 'Add' Op has type float32 that does not match type int32",
    ),
    Bad(
        "python_float_into_int",
        lambda: tf.constant(1) + 1.5,
        TypeError,
        "Expected int32, got 1.5 of type 'float' instead.",
    ),
    Bad(
        "sqrt_int",
        lambda: tf.sqrt(tf.constant(4)),
        TypeError,
        "Value passed to parameter 'x' has DataType int32 not in list of allowed values",
    ),
    Bad("logical_and_float", lambda: tf.logical_and(1.0, 2.0), TypeError, "DataType float32"),
    Bad(
        "reduce_bad_axis",
        lambda: tf.reduce_sum(tf.zeros([1, 2]), 5),
        ValueError,
        "Invalid reduction dimension 5 for input with 2 dimensions",
    ),
    Bad(
        "add_n_shapes",
        lambda: tf.add_n([tf.zeros([2]), tf.zeros([3])]),
        ValueError,
        "Dimension 0 in both shapes must be equal, but are 2 and 3",
    ),
    Bad(
        "int_floordiv_by_zero",
        lambda: tf.constant(1) // tf.constant(0),
        tf.errors.InvalidArgumentError,
        "Integer division by zero",
        run=True,
    ),
    Bad(
        "int_mod_by_zero",
        lambda: tf.constant([4]) % tf.constant([0]),
        tf.errors.InvalidArgumentError,
        "Integer division by zero",
        run=True,
    ),
    Bad(
        "int_negative_power",
        lambda: tf.constant(2) ** tf.constant(-1),
        tf.errors.InvalidArgumentError,
        "Integers to negative integer powers",
        run=True,
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_math_op_bad_input(bad):
    check_bad(bad)
