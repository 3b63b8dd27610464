"""Graphs of tf.sparse.* and tf.assert_* / tf.debugging.* ops whose results real TF 1.15
decides. Each builder takes the `tf` module (tinytf, or real TF 1.15) and returns a tensor, a
SparseTensor, or a list of them. tools/make_sparse_debugging_fixtures.py runs every builder with
TF 1.15 and writes values, dtypes, static shapes and errors to
golden/sparse_debugging_golden.json; tests/ops/test_sparse_math_ops.py and test_check_ops.py
run them with tinytf and compare.

Python 3.7 and NumPy 1.18 compatible: the fixture script imports this with TF 1.15."""

import numpy as np

IDX = [[0, 1], [1, 0], [2, 3]]
VAL = [1.0, -2.0, 3.0]
IDX_B = [[0, 1], [1, 2], [2, 3]]
VAL_B = [4.0, 5.0, -3.0]
IDX3 = [[0, 0, 1], [0, 2, 0], [1, 1, 1], [1, 2, 0]]
VAL3 = [1.0, 2.0, 3.0, 4.0]


def st(tf, indices=IDX, values=VAL, shape=(3, 4), dtype=None):
    values = np.array(values, dtype or np.float32)
    return tf.SparseTensor(indices, values, list(shape))


def st3(tf):
    return st(tf, IDX3, VAL3, (2, 3, 2))


def unordered(tf):
    return st(tf, [[2, 3], [0, 1], [1, 0]], [3.0, 1.0, -2.0])


# -- sparse: values --------------------------------------------------------------------------------
SPARSE = {
    "add_sparse": lambda tf: tf.sparse.add(st(tf), st(tf, IDX_B, VAL_B)),
    "add_thresh": lambda tf: tf.sparse.add(st(tf), st(tf, IDX_B, [-1.0, 5.0, -3.0]), 0.5),
    "add_int": lambda tf: tf.sparse_add(
        st(tf, dtype=np.int32), st(tf, IDX_B, [1, 2, 3], dtype=np.int32)
    ),
    "add_dense": lambda tf: tf.sparse.add(np.ones((3, 4), np.float32), st(tf)),
    "add_dense_first": lambda tf: tf.sparse.add(st(tf), np.ones((3, 4), np.float32)),
    "concat_1": lambda tf: tf.sparse.concat(
        1, [st(tf), st(tf, [[0, 0], [2, 1]], [5.0, 6.0], (3, 2))]
    ),
    "concat_0": lambda tf: tf.sparse_concat(0, [st(tf), st(tf, [[0, 0]], [5.0], (1, 4))]),
    "concat_expand": lambda tf: tf.sparse.concat(
        1, [st(tf), st(tf, [[4, 0]], [5.0], (5, 2))], expand_nonconcat_dim=True
    ),
    "reorder": lambda tf: tf.sparse.reorder(unordered(tf)),
    "reshape": lambda tf: tf.sparse.reshape(st(tf), [2, -1]),
    "reshape_3d": lambda tf: tf.sparse_reshape(st3(tf), [3, 4]),
    "slice": lambda tf: tf.sparse.slice(st(tf), [1, 0], [2, 4]),
    "slice_past_end": lambda tf: tf.sparse_slice(st(tf), [1, 2], [5, 5]),
    "split_0": lambda tf: tf.sparse.split(sp_input=st(tf), num_split=2, axis=0),
    "split_1": lambda tf: tf.sparse_split(sp_input=st(tf), num_split=3, axis=1),
    "retain": lambda tf: tf.sparse.retain(st(tf), [True, False, True]),
    "fill_empty_rows": lambda tf: list(
        tf.sparse.fill_empty_rows(st(tf, [[0, 1], [2, 0], [2, 3]], VAL, (4, 4)), 9.0)
    ),
    "fill_empty_rows_int": lambda tf: list(
        tf.sparse_fill_empty_rows(st(tf, [[1, 0]], [7], (3, 2), np.int64), -1)
    ),
    "reset_shape": lambda tf: tf.sparse.reset_shape(st(tf), [5, 6]),
    "reset_shape_tight": lambda tf: tf.sparse_reset_shape(st(tf, [[0, 1], [1, 0]], [1.0, 2.0])),
    "to_dense": lambda tf: tf.sparse.to_dense(st(tf), default_value=-1.0),
    "sparse_to_dense": lambda tf: tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 6], 1),
    "sparse_to_dense_1d": lambda tf: tf.sparse_to_dense([1, 3], [5], 2.5),
    "to_indicator": lambda tf: tf.sparse.to_indicator(
        st(tf, [[0, 0], [0, 1], [2, 0]], [3, 1, 4], (3, 2), np.int64), 5
    ),
    "reduce_sum_1": lambda tf: tf.sparse.reduce_sum(st(tf), 1),
    "reduce_sum_all": lambda tf: tf.sparse_reduce_sum(st(tf)),
    "reduce_sum_keep": lambda tf: tf.sparse.reduce_sum(st3(tf), [0, 2], keepdims=True),
    "reduce_sum_neg": lambda tf: tf.sparse.reduce_sum(st3(tf), -1),
    "reduce_max_1": lambda tf: tf.sparse.reduce_max(st(tf), 1),
    "reduce_max_0": lambda tf: tf.sparse_reduce_max(st(tf), 0),
    "reduce_sum_sparse": lambda tf: tf.sparse.reduce_sum_sparse(st3(tf), 1),
    "reduce_max_sparse": lambda tf: tf.sparse_reduce_max_sparse(st(tf), 1),
    "reduce_max_sparse_keep": lambda tf: tf.sparse.reduce_max_sparse(st3(tf), 2, keepdims=True),
    "softmax": lambda tf: tf.sparse.softmax(
        st(tf, [[0, 1], [0, 3], [2, 0], [2, 2]], [1.0, 2.0, -1.0, 0.5])
    ),
    "softmax_3d": lambda tf: tf.sparse_softmax(st3(tf)),
    "maximum": lambda tf: tf.sparse.maximum(st(tf), st(tf, IDX_B, VAL_B)),
    "minimum": lambda tf: tf.sparse_minimum(st(tf), st(tf, IDX_B, VAL_B)),
    "transpose": lambda tf: tf.sparse.transpose(st(tf)),
    "transpose_perm": lambda tf: tf.sparse_transpose(st3(tf), [2, 0, 1]),
    "matmul": lambda tf: tf.sparse.matmul(st(tf), np.arange(8, dtype=np.float32).reshape(4, 2)),
    "matmul_adjoint": lambda tf: tf.sparse.sparse_dense_matmul(
        st(tf), np.arange(6, dtype=np.float32).reshape(2, 3), adjoint_a=True, adjoint_b=True
    ),
    "merge": lambda tf: tf.sparse.merge(
        st(tf, [[0, 0], [0, 1], [1, 0]], [2, 0, 1], (2, 2), np.int64),
        st(tf, [[0, 0], [0, 1], [1, 0]], [0.5, 1.5, 2.5], (2, 2)),
        3,
    ),
    "merge_sorted": lambda tf: tf.sparse_merge(
        st(tf, [[0, 0], [1, 0]], [0, 2], (2, 1), np.int64),
        st(tf, [[0, 0], [1, 0]], [7.0, 8.0], (2, 1)),
        4,
        already_sorted=True,
    ),
    "eye": lambda tf: tf.sparse.eye(3),
    "eye_rect": lambda tf: tf.sparse.eye(2, 4, dtype=tf.int32),
    "expand_dims": lambda tf: tf.sparse.expand_dims(st(tf), 1),
    "expand_dims_last": lambda tf: tf.sparse.expand_dims(st(tf)),
    "expand_dims_neg": lambda tf: tf.sparse.expand_dims(st(tf), -3),
    "sparse_matmul": lambda tf: tf.sparse_matmul(
        np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]], np.float32),
        np.arange(6, dtype=np.float32).reshape(2, 3),
        transpose_b=True,
        a_is_sparse=True,
    ),
    "sparse_matmul_ta": lambda tf: tf.sparse_matmul(
        np.arange(6, dtype=np.float32).reshape(3, 2),
        np.ones((3, 1), np.float32),
        transpose_a=True,
        b_is_sparse=True,
    ),
    "mul_dense": lambda tf: st(tf) * np.array([1.0, 2.0, 3.0, 4.0], np.float32),
    "mul_dense_2d": lambda tf: st3(tf) * np.array([[2.0], [3.0], [4.0]], np.float32),
    "div_dense": lambda tf: st(tf) / 2.0,
    "div_int": lambda tf: st(tf, dtype=np.int32) / np.array([[2], [4], [8]], np.int32),
    "mask": lambda tf: _mask(tf),
    "to_tensor_or_sparse": lambda tf: [
        tf.convert_to_tensor_or_sparse_tensor(tf.SparseTensorValue(IDX, VAL, [3, 4])),
        tf.convert_to_tensor_or_sparse_tensor([1, 2], tf.int64),
    ],
    "from_dense": lambda tf: tf.sparse.from_dense(np.array([[0, 2], [3, 0]], np.int32)),
}


def _mask(tf):
    rows = tf.IndexedSlices(
        tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), tf.constant([12, 26, 37]), [40, 2]
    )
    masked = tf.sparse.mask(rows, [12, 37])
    return [masked.values, masked.indices]


# -- sparse: errors (raised while building, or at run time) -----------------------------------
SPARSE_BAD = {
    "add_shape_mismatch": lambda tf: tf.sparse.add(st(tf), st(tf, shape=(3, 5))),
    "add_two_dense": lambda tf: tf.sparse.add(np.ones(2), np.ones(2)),
    "reshape_bad_size": lambda tf: tf.sparse.reshape(st(tf), [5, 2]),
    "reshape_two_unknown": lambda tf: tf.sparse.reshape(st(tf), [-1, -1]),
    "concat_mismatch": lambda tf: tf.sparse.concat(1, [st(tf), st(tf, shape=(4, 4))]),
    "split_too_many": lambda tf: tf.sparse.split(sp_input=st(tf), num_split=5, axis=0),
    "split_positional": lambda tf: tf.sparse.split(st(tf), 2, 0),
    "reset_shape_smaller": lambda tf: tf.sparse.reset_shape(st(tf), [2, 2]),
    "softmax_rank1": lambda tf: tf.sparse.softmax(st(tf, [[0]], [1.0], (3,))),
    "maximum_shapes": lambda tf: tf.sparse.maximum(st(tf), st(tf, shape=(4, 4))),
    "to_dense_out_of_order": lambda tf: tf.sparse.to_dense(unordered(tf)),
    "sparse_matmul_int": lambda tf: tf.sparse_matmul(np.ones((2, 2), np.int32), np.ones((2, 2))),
    "sparse_matmul_shapes": lambda tf: tf.sparse_matmul(
        np.ones((2, 3), np.float32), np.ones((2, 2), np.float32)
    ),
    "softmax_int": lambda tf: tf.sparse.softmax(st(tf, dtype=np.int32)),
    "reduce_max_complex": lambda tf: tf.sparse.reduce_max(st(tf, dtype=np.complex64), 1),
    "reduce_sum_string": lambda tf: tf.sparse.reduce_sum(
        tf.SparseTensor([[0]], tf.constant(["a"]), [2]), 0
    ),
    "div_dtype_mismatch": lambda tf: st(tf) / np.array([2], np.int32),
    "mul_bad_broadcast": lambda tf: (st(tf) * np.ones((2,), np.float32)).values,
    "fill_empty_rows_out_of_range": lambda tf: (
        tf.sparse.fill_empty_rows(st(tf, [[5, 0]], [1.0], (3, 2)), 0.0)[0].values
    ),
}


# The cases of the layout ops (tinytf.ops.sparse_array_ops); the others are arithmetic.
_ARRAY_PREFIXES = (
    "concat", "reorder", "reshape", "slice", "split", "retain", "fill", "reset", "to_",
    "sparse_to", "merge", "eye", "expand", "from", "transpose", "mask",
)  # fmt: skip
ARRAY_KEYS = {k for k in (*SPARSE, *SPARSE_BAD) if k.startswith(_ARRAY_PREFIXES)}


def graph_fetches(tf):
    """Tensors of many sparse ops in one graph: TF's GraphDef of it must import and run."""
    a, b = st(tf), st(tf, IDX_B, VAL_B)
    added = tf.sparse.add(a, b)
    joined = tf.sparse.concat(0, [a, b])
    part = tf.sparse.split(sp_input=joined, num_split=2, axis=1)[1]
    filled, empty = tf.sparse.fill_empty_rows(st(tf, shape=(5, 4)), 7.0)
    return [
        added.values,
        tf.sparse.reduce_sum(added, 1),
        joined.indices,
        part.values,
        tf.sparse.softmax(a).values,
        tf.sparse.matmul(b, np.ones((4, 2), np.float32)),
        filled.values,
        empty,
        tf.sparse.reorder(unordered(tf)).values,
        tf.sparse.slice(a, [1, 0], [2, 4]).indices,
        tf.sparse.reshape(a, [6, 2]).indices,
        tf.sparse.maximum(a, b).values,
        tf.sparse.reduce_max_sparse(b, 0).values,
        (a * np.arange(4, dtype=np.float32)).values,
        tf.sparse.add(a, np.ones((3, 4), np.float32)),
    ]


# -- asserts ---------------------------------------------------------------------------------------
def _ph(tf, dtype, shape):
    return tf.placeholder(dtype, shape)


CHECK = {
    "is_non_decreasing": lambda tf: tf.is_non_decreasing([1, 2, 2, 5]),
    "is_non_decreasing_no": lambda tf: tf.debugging.is_non_decreasing([[1.0, 3.0], [2.0, 4.0]]),
    "is_strictly_increasing": lambda tf: tf.is_strictly_increasing([1, 2, 2]),
    "is_strictly_increasing_one": lambda tf: tf.debugging.is_strictly_increasing([4.0]),
    "assert_all_finite": lambda tf: tf.debugging.assert_all_finite(
        tf.constant([1.0, 2.0]), "finite"
    ),
    "verify_tensor_all_finite": lambda tf: tf.verify_tensor_all_finite(
        tf.constant([1.5]), msg="ok"
    ),
    "assert_scalar": lambda tf: tf.assert_scalar(tf.constant(3.0)),
    "assert_shapes_ok": lambda tf: tf.debugging.assert_shapes(
        [(tf.zeros([2, 3]), ("N", "D")), (tf.zeros([2]), ("N",)), (tf.zeros([4, 2, 3]), ("*", "D"))]
    ),
    "assert_shapes_scalar": lambda tf: tf.debugging.assert_shapes({tf.constant(1.0): ()}),
}

# Asserts on constants: TF decides them while building (InvalidArgumentError or ValueError).
CHECK_BUILD_BAD = {
    "equal": lambda tf: tf.assert_equal(tf.constant([1, 2]), tf.constant([1, 3])),
    "none_equal": lambda tf: tf.assert_none_equal(tf.constant([1, 2]), tf.constant([3, 2])),
    "less": lambda tf: tf.debugging.assert_less(tf.constant([1, 5]), tf.constant([2, 2])),
    "less_equal": lambda tf: tf.assert_less_equal(tf.constant([3.0]), tf.constant([2.0])),
    "greater": lambda tf: tf.assert_greater(tf.constant([1, 2]), tf.constant(2)),
    "greater_equal": lambda tf: tf.assert_greater_equal(tf.constant([1]), tf.constant([2])),
    "negative": lambda tf: tf.assert_negative(tf.constant([-1, 2])),
    "positive": lambda tf: tf.assert_positive(tf.constant([1.0, 0.0]), message="pos"),
    "non_positive": lambda tf: tf.assert_non_positive(tf.constant([0, 1])),
    "non_negative": lambda tf: tf.debugging.assert_non_negative(tf.constant([-1])),
    "rank": lambda tf: tf.assert_rank(tf.constant([1, 2]), 2),
    "rank_message": lambda tf: tf.assert_rank(tf.constant([[1]]), 1, message="m"),
    "rank_at_least": lambda tf: tf.assert_rank_at_least(tf.constant([1, 2]), 2),
    "rank_in": lambda tf: tf.assert_rank_in(tf.constant([1, 2]), [0, 2]),
    "rank_not_scalar": lambda tf: tf.assert_rank(tf.constant([1, 2]), [1]),
    "rank_float": lambda tf: tf.assert_rank(tf.constant([1, 2]), 1.0),
    "integer": lambda tf: tf.assert_integer(tf.constant([1.0])),
    "type": lambda tf: tf.assert_type(tf.constant([1.0]), tf.int32),
    "scalar": lambda tf: tf.assert_scalar(tf.constant([1.0])),
    "same_float_dtype": lambda tf: tf.assert_same_float_dtype(
        [tf.constant(1.0), tf.constant(1.0, tf.float64)]
    ),
    "same_float_dtype_int": lambda tf: tf.assert_same_float_dtype([tf.constant(1)]),
    "proper_iterable": lambda tf: tf.assert_proper_iterable("abc"),
    "proper_iterable_int": lambda tf: tf.assert_proper_iterable(3),
    "shapes_symbol": lambda tf: tf.debugging.assert_shapes(
        [(tf.zeros([2, 3]), ("N", "D")), (tf.zeros([3]), ("N",))]
    ),
    "shapes_explicit": lambda tf: tf.debugging.assert_shapes([(tf.zeros([2, 3]), (2, 4))]),
    "shapes_rank": lambda tf: tf.debugging.assert_shapes([(tf.zeros([2, 3]), ("N",))]),
    "shapes_star_late": lambda tf: tf.debugging.assert_shapes([(tf.zeros([2, 3]), ("N", "*"))]),
    "shapes_not_iterable": lambda tf: tf.debugging.assert_shapes([(tf.zeros([2]), 3)]),
    "variables_uninitialized": lambda tf: tf.assert_variables_initialized(
        [tf.Variable([1.0], name="v")]
    ),
    "is_non_decreasing_str": lambda tf: tf.is_non_decreasing(tf.constant(["a"])),
}


def _feed_run(fn, dtype, shape, value):
    """A builder whose assert sees a placeholder: (ops to run, placeholder, value to feed)."""

    def build(tf):
        x = tf.placeholder(getattr(tf, dtype), shape)
        return fn(tf, x), x, np.array(value, dtype)

    return build


# Asserts whose input is fed: TF decides them when the graph runs.
CHECK_RUN = {
    "equal_fails": _feed_run(lambda tf, x: tf.assert_equal(x, [1.0, 2.0]), "float32", [2], [1, 3]),
    "equal_passes": _feed_run(lambda tf, x: tf.assert_equal(x, [1.0, 2.0]), "float32", [2], [1, 2]),
    "none_equal_fails": _feed_run(
        lambda tf, x: tf.assert_none_equal(x, [1, 2], message="ne"), "int32", [2], [0, 2]
    ),
    "less_equal_fails": _feed_run(
        lambda tf, x: tf.assert_less_equal(x, 2.0, summarize=5), "float32", [None], [1, 2, 3, 4]
    ),
    "summarize_all": _feed_run(
        lambda tf, x: tf.assert_less(x, 0.0, summarize=-1), "float32", [5], [1, 2, 3, 4, 5]
    ),
    "summarize_one": _feed_run(
        lambda tf, x: tf.assert_less(x, 0.0, summarize=1), "float32", [5], [1, 2, 3, 4, 5]
    ),
    "string_data": _feed_run(
        lambda tf, x: tf.Assert(tf.reduce_all(x > 0), ['quote " tab \t', x]), "int32", [1], [0]
    ),
    "greater_fails": _feed_run(lambda tf, x: tf.assert_greater(x, 0), "int32", [3], [1, 0, 2]),
    "negative_fails": _feed_run(lambda tf, x: tf.assert_negative(x), "float32", [2], [-1, 0]),
    "non_positive_fails": _feed_run(
        lambda tf, x: tf.assert_non_positive(x, message="np"), "int64", [1], [3]
    ),
    "near_fails": _feed_run(
        lambda tf, x: tf.assert_near(x, [1.0, 2.0], rtol=0.01, atol=0.0), "float32", [2], [1, 2.1]
    ),
    "near_passes": _feed_run(lambda tf, x: tf.assert_near(x, [1.0, 2.0]), "float64", [2], [1, 2]),
    "rank_fails": _feed_run(lambda tf, x: tf.assert_rank(x, 2), "float32", None, [1.0]),
    "rank_passes": _feed_run(lambda tf, x: tf.assert_rank(x, 1), "float32", None, [1.0]),
    "rank_at_least_fails": _feed_run(
        lambda tf, x: tf.assert_rank_at_least(x, 3, message="deep"), "float32", None, [[1.0]]
    ),
    "rank_in_fails": _feed_run(lambda tf, x: tf.assert_rank_in(x, [0, 2]), "int32", None, [1]),
    "rank_in_passes": _feed_run(lambda tf, x: tf.assert_rank_in(x, [0, 2]), "int32", None, 3),
    "shapes_fails": _feed_run(
        lambda tf, x: tf.debugging.assert_shapes([(x, ("N", 3)), (tf.zeros([2]), ("N",))]),
        "float32",
        [None, 3],
        np.zeros((3, 3)),
    ),
    "shapes_rank_fails": _feed_run(
        lambda tf, x: tf.debugging.assert_shapes([(x, ("N", "D"))], message="r"),
        "float32",
        None,
        [1.0],
    ),
    "shapes_passes": _feed_run(
        lambda tf, x: tf.debugging.assert_shapes([(x, ("N", 3)), (tf.zeros([2]), ("N",))]),
        "float32",
        [None, 3],
        np.zeros((2, 3)),
    ),
    "all_finite_fails": _feed_run(
        lambda tf, x: tf.debugging.assert_all_finite(x, "bad value"), "float32", [1], [np.inf]
    ),
}
