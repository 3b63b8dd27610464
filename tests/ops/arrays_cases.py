"""Graphs of the sorting, set, layout and linear-algebra ops whose values real TF 1.15 decides.
Each builder takes the `tf` module (tinytf, or real TF 1.15) and returns a tensor, a
SparseTensor, or a list of them. tools/make_arrays_fixtures.py runs every builder with TF 1.15
and writes values, dtypes and static shapes to golden/arrays_golden.npz and .json; the tests in
tests/ops/test_arrays_golden.py run them with tinytf and compare.

Python 3.7 and NumPy 1.18 compatible: the fixture script imports this with TF 1.15."""

import numpy as np

_RNG = np.random.RandomState(10)
MAT = _RNG.standard_normal((2, 4, 3))
SQ = _RNG.standard_normal((3, 3))
SPD = SQ.dot(SQ.T) + 3 * np.eye(3)
IMG = np.arange(2 * 5 * 6 * 2, dtype=np.float32).reshape(2, 5, 6, 2)
TIES = np.array([[3, 1, 2, 1, 3], [0, 5, 5, -1, 5]], np.float32)
SET_A = np.array([[[1, 2], [3, 3]], [[5, 6], [7, 9]]], np.int64)
SET_B = np.array([[[1, 9], [3, 4]], [[5, 5], [9, 8]]], np.int64)


def _sparse(tf):
    return tf.SparseTensor(
        [[0, 0, 0], [0, 1, 0], [0, 1, 1], [1, 1, 0]], np.array([1, 3, 4, 9], np.int64), [2, 2, 2]
    )


CASES = {
    # sorting and searching
    "sort_ascending": lambda tf: tf.sort(TIES),
    "sort_descending_axis0": lambda tf: tf.sort(TIES, axis=0, direction="DESCENDING"),
    "argsort_ties": lambda tf: tf.argsort(TIES, stable=True),
    "argsort_descending_ties": lambda tf: tf.argsort(TIES, direction="DESCENDING"),
    "argsort_int_axis0": lambda tf: tf.argsort(np.array([[3, 1], [1, 1], [2, 0]]), axis=0),
    "unique": lambda tf: list(tf.unique([1, 1, 2, 4, 4, 4, 7, 8, 8])),
    "unique_int64_idx": lambda tf: list(tf.unique([3.0, 1.0, 3.0], out_idx=tf.int64)),
    "unique_with_counts": lambda tf: list(tf.unique_with_counts([4, 1, 4, 2, 1, 4])),
    "setdiff1d": lambda tf: list(tf.setdiff1d([1, 2, 3, 4, 5, 6], [1, 3, 5])),
    "searchsorted_left": lambda tf: tf.searchsorted(
        [[0, 3, 9, 9, 10], [1, 2, 3, 4, 5]], [[2, 4, 9], [0, 2, 6]]
    ),
    "searchsorted_right_1d": lambda tf: tf.searchsorted(
        [0.0, 3.0, 9.0, 9.0], [9.0, -1.0], side="right"
    ),
    "unravel_index": lambda tf: tf.unravel_index([2, 5, 7], [3, 3]),
    "unravel_index_scalar": lambda tf: tf.unravel_index(np.int64(5), np.array([2, 3], np.int64)),
    "invert_permutation": lambda tf: tf.invert_permutation([3, 4, 0, 2, 1]),
    "where_v2_broadcast": lambda tf: tf.where_v2([True, False], [[1, 2], [3, 4]], 0),
    "where_v2_coords": lambda tf: tf.where_v2([[True, False], [False, True]]),
    # sets
    "set_intersection": lambda tf: tf.sets.set_intersection(SET_A, SET_B),
    "set_union": lambda tf: tf.sets.union(SET_A, SET_B),
    "set_difference": lambda tf: tf.sets.set_difference(SET_A, SET_B),
    "set_difference_b_minus_a": lambda tf: tf.sets.difference(SET_A, SET_B, aminusb=False),
    "set_union_dense_sparse": lambda tf: tf.sets.set_union(SET_A, _sparse(tf)),
    "set_difference_sparse_dense": lambda tf: tf.sets.set_difference(_sparse(tf), SET_A),
    "set_intersection_sparse": lambda tf: tf.sets.intersection(_sparse(tf), _sparse(tf)),
    "set_size": lambda tf: tf.sets.set_size(_sparse(tf)),
    "set_strings": lambda tf: tf.sets.set_union([["a", "b"]], [["c", "a"]]),
    # shapes and layout
    "broadcast_to": lambda tf: tf.broadcast_to([1, 2], [3, 2]),
    "broadcast_dynamic_shape": lambda tf: tf.broadcast_dynamic_shape([2, 1, 3], [4, 1]),
    "shape_n": lambda tf: tf.shape_n([IMG, TIES], out_type=tf.int64),
    "space_to_depth": lambda tf: tf.space_to_depth(IMG[:, :4], 2),
    "depth_to_space": lambda tf: tf.depth_to_space(IMG[:, :, :, :].reshape(2, 5, 3, 4), 2),
    "space_to_batch_nd": lambda tf: tf.space_to_batch_nd(IMG, [2, 3], [[1, 0], [0, 0]]),
    "batch_to_space_nd": lambda tf: tf.batch_to_space_nd(
        IMG.reshape(4, 5, 3, 2), [2, 2], [[1, 2], [0, 1]]
    ),
    "space_to_batch": lambda tf: tf.space_to_batch(IMG, [[1, 0], [0, 0]], 2),
    "batch_to_space": lambda tf: tf.batch_to_space(IMG.reshape(8, 5, 3, 1), [[0, 1], [1, 1]], 2),
    "required_paddings": lambda tf: list(
        tf.required_space_to_batch_paddings([5, 3], [2, 2], [[1, 0], [0, 0]])
    ),
    "patches_same": lambda tf: tf.extract_image_patches(
        IMG, [1, 2, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "SAME"
    ),
    "patches_valid_rates": lambda tf: tf.extract_image_patches(
        IMG, [1, 2, 2, 1], [1, 1, 3, 1], [1, 2, 1, 1], "VALID"
    ),
    "patches_same_rates": lambda tf: tf.extract_image_patches(
        IMG, [1, 2, 2, 1], [1, 2, 3, 1], [1, 2, 1, 1], "SAME"
    ),
    "volume_patches_same": lambda tf: tf.extract_volume_patches(
        IMG.reshape(2, 3, 4, 5, 1), [1, 2, 2, 3, 1], [1, 1, 2, 2, 1], "SAME"
    ),
    "volume_patches_valid": lambda tf: tf.extract_volume_patches(
        IMG.reshape(1, 4, 5, 3, 2), [1, 3, 2, 2, 1], [1, 1, 2, 1, 1], "VALID"
    ),
    "matrix_band_part": lambda tf: tf.matrix_band_part(np.ones((4, 4)), 1, 0),
    "matrix_diag_k_unused": lambda tf: tf.matrix_diag([1, 2], k=1),
    "matrix_diag_part_k_unused": lambda tf: tf.matrix_diag_part([[1, 2], [3, 4]], k=1),
    "matrix_set_diag_k_unused": lambda tf: tf.matrix_set_diag([[1, 2], [3, 4]], [7, 8], k=1),
    "diag_rank2": lambda tf: tf.diag([[1, 2], [3, 4]]),
    "diag_part": lambda tf: tf.diag_part(np.arange(16).reshape(2, 2, 2, 2)),
    "roll": lambda tf: tf.roll(np.arange(12).reshape(3, 4), [1, -1], [0, 1]),
    "roll_same_axis": lambda tf: tf.roll(np.arange(5), [2, 1], [0, 0]),
    "repeat_axis_none": lambda tf: tf.repeat([[1, 2], [3, 4]], 2),
    "repeat_vector": lambda tf: tf.repeat([[1, 2], [3, 4]], [1, 2], axis=1),
    "repeat_zero": lambda tf: tf.repeat([5, 6, 7], [0, 3, 1]),
    "identity_n": lambda tf: tf.identity_n([1, 2.5]),
    "parallel_stack": lambda tf: tf.parallel_stack([[1, 2], [3, 4], [5, 6]]),
    "ensure_shape": lambda tf: tf.ensure_shape([[1.0, 2.0]], [None, 2]),
    "manip_roll": lambda tf: tf.manip.roll([1, 2, 3], 1, 0),
    "zeros_like_string": lambda tf: tf.zeros_like(tf.constant(["a", "bc"])),
    # linear algebra
    "svd_values": lambda tf: tf.svd(MAT, compute_uv=False),
    "qr_r_abs": lambda tf: tf.abs(tf.qr(MAT)[1]),
    "self_adjoint_eigvals": lambda tf: tf.self_adjoint_eigvals(SPD),
    "eigh_values": lambda tf: tf.linalg.eigh(SPD)[0],
    "cholesky_solve": lambda tf: tf.cholesky_solve(tf.cholesky(SPD), MAT[0, :3]),
    "triangular_solve_lower": lambda tf: tf.matrix_triangular_solve(SPD, MAT[0, :3]),
    "triangular_solve_upper_adjoint": lambda tf: tf.linalg.triangular_solve(
        SPD, MAT[0, :3], lower=False, adjoint=True
    ),
    "solve_ls_over": lambda tf: tf.matrix_solve_ls(MAT[0], MAT[1]),
    "solve_ls_under_l2": lambda tf: tf.matrix_solve_ls(MAT[0].T, MAT[1][:3], l2_regularizer=0.5),
    "solve_ls_slow": lambda tf: tf.linalg.lstsq(MAT[0], MAT[1][:, :2], fast=False),
    "matrix_square_root": lambda tf: tf.matrix_square_root(SPD),
    "logdet": lambda tf: tf.linalg.logdet(SPD),
    "slogdet": lambda tf: list(tf.linalg.slogdet(np.stack([SQ, -SQ, SPD]))),
    "lu": lambda tf: list(tf.linalg.lu(np.stack([SQ, SPD]))),
    "lu_int64": lambda tf: tf.linalg.lu(SQ, output_idx_type=tf.int64)[1],
    "pinv": lambda tf: tf.linalg.pinv(MAT),
    "matrix_rank": lambda tf: tf.linalg.matrix_rank(np.array([[1.0, 2.0], [2.0, 4.0]])),
    "matvec": lambda tf: tf.linalg.matvec(MAT, np.ones(3)),
    "cross": lambda tf: tf.cross(MAT[..., :3, :], MAT[..., 1:, :]),
    "logm": lambda tf: tf.linalg.logm(SPD.astype(np.complex128)),
    "tensor_diag": lambda tf: tf.linalg.tensor_diag([1.0, 2.0]),
    "adjoint": lambda tf: tf.linalg.adjoint(np.array([[1 + 1j, 2], [3, 4 - 2j]])),
    "tridiagonal_matmul": lambda tf: tf.linalg.tridiagonal_matmul(
        np.stack([SQ[0], SQ[1] + 4, SQ[2]]), MAT[0, :3]
    ),
    # TF 1.15's tridiagonal_solve reads .shape of its arguments: it needs tensors.
    "tridiagonal_solve": lambda tf: tf.linalg.tridiagonal_solve(
        tf.constant(np.stack([SQ[0], SQ[1] + 4, SQ[2]])), tf.constant(MAT[0, :3])
    ),
    "tridiagonal_solve_matrix": lambda tf: tf.linalg.tridiagonal_solve(
        tf.constant(SPD), tf.constant(MAT[0, :3]), diagonals_format="matrix"
    ),
    "band_part": lambda tf: tf.linalg.band_part(np.ones((3, 4)), 0, 1),
}


def _unknown(tf, value, shape=None):
    """`value` behind a placeholder whose static shape has unknown dimensions."""
    value = np.asarray(value)
    return tf.placeholder_with_default(value, [None] * value.ndim if shape is None else shape)


# Static shapes with unknown dimensions, as TF 1.15's shape functions infer them.
CASES.update(
    {
        # Singular and eigen vectors are defined up to sign: their absolute values compare.
        "unknown_svd": lambda tf: [tf.abs(t) for t in tf.svd(_unknown(tf, MAT, [None, 4, 3]))],
        "unknown_svd_full": lambda tf: tf.svd(_unknown(tf, MAT, [2, None, 3]), full_matrices=True)[
            0
        ],
        "unknown_qr": lambda tf: list(tf.qr(_unknown(tf, MAT, [None, 4, 3]))),
        "unknown_eigh": lambda tf: [
            tf.abs(t) for t in tf.self_adjoint_eig(_unknown(tf, SPD, [3, None]))
        ],
        "unknown_lu": lambda tf: list(tf.linalg.lu(_unknown(tf, SPD, [None, 3]))),
        "unknown_slogdet": lambda tf: list(tf.linalg.slogdet(_unknown(tf, SPD))),
        "unknown_triangular": lambda tf: tf.matrix_triangular_solve(
            _unknown(tf, SPD, [None, 3]), _unknown(tf, MAT[0, :3], [3, None])
        ),
        "unknown_solve_ls": lambda tf: tf.matrix_solve_ls(
            _unknown(tf, MAT, [None, 4, None]), MAT[:, :, :2]
        ),
        "unknown_space_to_depth": lambda tf: tf.space_to_depth(
            _unknown(tf, IMG[:, :4, :4], [None, 4, None, 2]), 2
        ),
        "unknown_space_to_batch": lambda tf: tf.space_to_batch_nd(
            _unknown(tf, IMG, [None, 5, None, 2]), [1, 2], [[0, 1], [0, 0]]
        ),
        "unknown_batch_to_space": lambda tf: tf.batch_to_space(
            _unknown(tf, IMG.reshape(8, 5, 3, 1), [8, None, 3, None]), [[0, 1], [1, 1]], 2
        ),
        "unknown_patches": lambda tf: tf.extract_image_patches(
            _unknown(tf, IMG, [None, 5, None, 2]), [1, 2, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "SAME"
        ),
        # Not copied: with unknown spatial sizes TF 1.15 infers a rank-4 shape for the
        # 5-D ExtractVolumePatches; tinytf infers [N, None, None, None, depth].
        "unknown_unique": lambda tf: list(tf.unique_with_counts(_unknown(tf, [3, 1, 3], [3]))),
        "unknown_setdiff": lambda tf: list(tf.setdiff1d(_unknown(tf, [3, 1, 3]), [1])),
        "unknown_searchsorted": lambda tf: tf.searchsorted(
            _unknown(tf, [[1, 2, 3]], [None, 3]), _unknown(tf, [[2, 5]], [1, None])
        ),
        "unknown_unravel": lambda tf: tf.unravel_index(_unknown(tf, [1, 4]), [2, 3]),
        "unknown_where_v2": lambda tf: tf.where_v2(
            _unknown(tf, [[True], [False]], [None, 1]), _unknown(tf, [[1, 2]], [1, None]), 0
        ),
        "unknown_set_union": lambda tf: tf.sets.set_union(_unknown(tf, SET_A), SET_B),
        "unknown_roll": lambda tf: tf.roll(_unknown(tf, SET_A), 1, 2),
        "unknown_diag": lambda tf: tf.diag(_unknown(tf, [[1, 2]], [None, 2])),
        "unknown_diag_part": lambda tf: tf.diag_part(
            _unknown(tf, np.ones((2, 3, 2, 3)), [None, 3, 2, None])
        ),
        "unknown_broadcast_args": lambda tf: tf.broadcast_dynamic_shape(
            _unknown(tf, [2, 1]), [1, 3]
        ),
        "unknown_cross": lambda tf: tf.cross(_unknown(tf, MAT[0, :, :3], [None, 3]), MAT[0, :, :3]),
        "unknown_tridiagonal_matmul": lambda tf: tf.linalg.tridiagonal_matmul(
            _unknown(tf, np.stack([SQ[0], SQ[1], SQ[2]]), [3, None]), MAT[0, :3]
        ),
        "unknown_sort": lambda tf: tf.sort(_unknown(tf, TIES, [2, None]), axis=0),
        "unknown_repeat": lambda tf: tf.repeat(_unknown(tf, SET_A[0], [2, None]), 2, axis=0),
    }
)

# Builders that must fail: (builder, exception class name, message regex, at run time?).
BAD = {
    "sort_bad_direction": (
        lambda tf: tf.sort([1, 2], direction="UP"),
        "ValueError",
        "should be one of ASCENDING, DESCENDING",
        False,
    ),
    "unique_2d": (lambda tf: tf.unique([[1, 2]]), "ValueError", "rank 1", False),
    "set_size_dense": (lambda tf: tf.sets.set_size([[1, 2]]), "TypeError", "SparseTensor", False),
    "sets_sparse_dense_rank": (
        lambda tf: tf.sets.set_union([1, 2], [1]),
        "ValueError",
        "rank",
        False,
    ),
    "broadcast_static": (
        lambda tf: tf.broadcast_static_shape(tf.TensorShape([2]), tf.TensorShape([3])),
        "ValueError",
        "Incompatible shapes for broadcasting",
        False,
    ),
    "space_to_depth_indivisible": (
        lambda tf: tf.space_to_depth(IMG, 2),
        "ValueError",
        "divisible",
        False,
    ),
    "diag_part_odd_rank": (
        lambda tf: tf.diag_part(np.ones((2, 2, 2))),
        "ValueError",
        "even and non-zero rank",
        False,
    ),
    "reflect_pad_too_wide": (
        lambda tf: tf.pad([1, 2, 3], [[3, 0]], "REFLECT"),
        "InvalidArgumentError",
        "paddings must be less than the dimension size: 3, 0 not less than 3",
        True,
    ),
    "symmetric_pad_too_wide": (
        lambda tf: tf.pad([1, 2, 3], [[0, 4]], "SYMMETRIC"),
        "InvalidArgumentError",
        "paddings must be no greater than the dimension size: 0, 4 greater than 3",
        True,
    ),
    "triangular_solve_singular": (
        lambda tf: tf.matrix_triangular_solve([[1.0, 0.0], [1.0, 0.0]], [[1.0], [1.0]]),
        "InvalidArgumentError",
        "not invertible",
        True,
    ),
    "cross_not_3": (lambda tf: tf.cross([1.0, 2.0], [3.0, 4.0]), "ValueError", "3", False),
    "lu_singular": (
        lambda tf: tf.linalg.lu([[0.0, 0.0], [0.0, 0.0]])[0],
        "InvalidArgumentError",
        "not invertible",
        True,
    ),
}


def graph(tf):
    """A graph of many of these ops, which TF 1.15 builds and exports as a GraphDef: tinytf
    must import it and fetch the same values. Returns the tensors to fetch."""
    x = tf.placeholder_with_default(IMG[:, :4], [None, 4, 6, 2], name="x")
    a = tf.placeholder_with_default(SPD, [3, 3], name="a")
    return [
        tf.identity_n([x, tf.constant(1)])[1],
        tf.shape_n([x, x])[1],
        tf.space_to_depth(x, 2),
        tf.batch_to_space(tf.space_to_batch(x, [[0, 0], [0, 2]], 2), [[0, 0], [0, 2]], 2),
        tf.extract_image_patches(x, [1, 2, 2, 1], [1, 1, 2, 1], [1, 1, 1, 1], "SAME"),
        tf.roll(x, [1, 2], [0, 2]),
        tf.ensure_shape(x, [None, 4, 6, 2]),
        tf.parallel_stack([a, a]),
        tf.unique_with_counts([3, 1, 3])[2],
        tf.setdiff1d([1, 2, 3], [2])[1],
        tf.searchsorted([[1.0, 2.0]], [[2.0]], side="right"),
        tf.unravel_index([3, 1], [2, 2]),
        tf.where_v2([True, False], a[0, :2], 0.0),
        tf.sets.union(SET_A, SET_B).values,
        tf.svd(a, compute_uv=False),
        tf.linalg.lu(a)[0],
        tf.linalg.slogdet(a)[1],
        tf.matrix_triangular_solve(a, a[:, :1], lower=False),
        tf.matrix_solve_ls(a, a[:, :2], l2_regularizer=0.1),
        tf.matrix_square_root(a),
        tf.diag_part(tf.diag(a)),
        tf.cross(a, a[::-1]),
        tf.broadcast_dynamic_shape([2, 1], [3]),
        tf.linalg.tridiagonal_solve(tf.stack([a[0], a[1] + 5, a[2]]), a),
        tf.abs(tf.qr(a)[1]),
        tf.self_adjoint_eigvals(a),
    ]
