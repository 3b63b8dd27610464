"""Cases of tf.linalg's LinearOperators, expm, norm and normalize, written once against a `tf`
module: tools/make_linalg_operator_fixtures.py runs them under TF 1.15 (Python 3.7, NumPy 1.18)
into golden/linear_operator.json, and test_linear_operator_golden.py runs them under tinytf.
Inputs come from NumPy's legacy RandomState, whose streams are the same in every NumPy."""

import numpy as np

F32, F64, C64, C128 = "float32", "float64", "complex64", "complex128"


def arr(seed, shape, dtype=F64, shift=0.0):
    """Uniform(-1, 1) values (complex: both parts), plus `shift` on a square matrix's diagonal."""
    rs = np.random.RandomState(seed)
    value = rs.uniform(-1.0, 1.0, shape)
    if dtype.startswith("complex"):
        value = value + 1j * rs.uniform(-1.0, 1.0, shape)
    if shift and len(shape) >= 2:
        value = value + shift * np.eye(shape[-1])
    return value.astype(dtype)


def spd(seed, shape, dtype=F64):
    """A well-conditioned symmetric (Hermitian) positive definite [batch] matrix."""
    a = arr(seed, shape, dtype)
    return (np.matmul(a, np.conj(np.swapaxes(a, -1, -2))) + shape[-1] * np.eye(shape[-1])).astype(
        dtype
    )


class Params:
    """The constants an operator is built from (the gradients are taken with respect to them)."""

    def __init__(self, tf):
        self.tf, self.tensors, self.feeds = tf, [], {}

    def const(self, value):
        t = self.tf.constant(value)
        self.tensors.append(t)
        return t

    def ph(self, value, shape=None):
        t = self.tf.placeholder(self.tf.as_dtype(value.dtype), shape=shape)
        self.feeds[t] = value
        self.tensors.append(t)
        return t


# ---------------------------------------------------------------- operator cases


def _full(tf, p, seed, shape, dtype, **kw):
    return tf.linalg.LinearOperatorFullMatrix(p.const(arr(seed, shape, dtype, 2.0)), **kw)


def _operator_cases():
    L = "linalg"  # noqa: N806 - the attribute path, short for readability below

    def lin(tf, name):
        return getattr(getattr(tf, L), name)

    c = {}
    c["full_f32"] = lambda tf, p: _full(tf, p, 1, [3, 3], F32)
    c["full_f64_batch"] = lambda tf, p: _full(tf, p, 2, [2, 3, 3], F64)
    c["full_c64"] = lambda tf, p: _full(tf, p, 3, [3, 3], C64)
    c["full_spd_f64"] = lambda tf, p: lin(tf, "LinearOperatorFullMatrix")(
        p.const(spd(4, [2, 3, 3])), is_self_adjoint=True, is_positive_definite=True
    )
    c["full_nonsquare_f32"] = lambda tf, p: lin(tf, "LinearOperatorFullMatrix")(
        p.const(arr(5, [2, 3, 2], F32))
    )
    c["full_dynamic_f64"] = lambda tf, p: lin(tf, "LinearOperatorFullMatrix")(
        p.ph(arr(6, [2, 3, 3], F64, 2.0), [None, 3, 3])
    )
    c["full_unknown_rank_f64"] = lambda tf, p: lin(tf, "LinearOperatorFullMatrix")(
        p.ph(arr(7, [3, 3], F64, 2.0))
    )
    c["diag_f32"] = lambda tf, p: lin(tf, "LinearOperatorDiag")(p.const(arr(8, [3], F32, 0) + 2))
    c["diag_f64_batch_pd"] = lambda tf, p: lin(tf, "LinearOperatorDiag")(
        p.const(np.abs(arr(9, [2, 3])) + 0.5), is_positive_definite=True
    )
    c["diag_c128"] = lambda tf, p: lin(tf, "LinearOperatorDiag")(p.const(arr(10, [3], C128)))
    c["diag_dynamic_f64"] = lambda tf, p: lin(tf, "LinearOperatorDiag")(p.ph(arr(11, [2, 3]) + 2.0))
    c["identity_f32_batch"] = lambda tf, p: lin(tf, "LinearOperatorIdentity")(
        3, batch_shape=[2], dtype=tf.float32
    )
    c["identity_f64"] = lambda tf, p: lin(tf, "LinearOperatorIdentity")(
        3, dtype=tf.float64, assert_proper_shapes=True
    )
    c["scaled_identity_f32"] = lambda tf, p: lin(tf, "LinearOperatorScaledIdentity")(
        3, p.const(np.array([2.0, -3.0], np.float32))
    )
    c["scaled_identity_c64"] = lambda tf, p: lin(tf, "LinearOperatorScaledIdentity")(
        2, p.const(arr(12, [], C64))
    )
    c["tril_f32"] = lambda tf, p: lin(tf, "LinearOperatorLowerTriangular")(
        p.const(arr(13, [3, 3], F32, 2.0))
    )
    c["tril_f64_batch"] = lambda tf, p: lin(tf, "LinearOperatorLowerTriangular")(
        p.const(arr(14, [2, 3, 3], F64, 2.0)), is_non_singular=True
    )
    c["householder_f32"] = lambda tf, p: lin(tf, "LinearOperatorHouseholder")(
        p.const(arr(15, [3], F32))
    )
    c["householder_f64_batch"] = lambda tf, p: lin(tf, "LinearOperatorHouseholder")(
        p.const(arr(16, [2, 4]))
    )
    c["zeros_f32_batch"] = lambda tf, p: lin(tf, "LinearOperatorZeros")(3, batch_shape=[2])
    c["zeros_nonsquare_f64"] = lambda tf, p: lin(tf, "LinearOperatorZeros")(
        3, 2, dtype=tf.float64, is_square=False, is_self_adjoint=False
    )
    c["toeplitz_f32"] = lambda tf, p: lin(tf, "LinearOperatorToeplitz")(
        p.const(np.array([3.0, 1.0, -2.0], np.float32)),
        p.const(np.array([3.0, 0.5, 1.0], np.float32)),
    )
    c["toeplitz_f64_batch"] = lambda tf, p: lin(tf, "LinearOperatorToeplitz")(
        p.const(arr(17, [2, 4]) + [4.0, 0, 0, 0]), p.const(arr(18, [4]) + [4.0, 0, 0, 0])
    )
    c["circulant_f32"] = lambda tf, p: lin(tf, "LinearOperatorCirculant")(
        p.const(np.array([6.0, 2.0, 3.0, 2.0], np.float32)), input_output_dtype=tf.float32
    )
    c["circulant_c64_batch"] = lambda tf, p: lin(tf, "LinearOperatorCirculant")(
        p.const(arr(19, [2, 3], C64) + 2.0)
    )
    c["circulant_c128"] = lambda tf, p: lin(tf, "LinearOperatorCirculant")(
        p.const(arr(20, [4], C128) + 2.0), input_output_dtype=tf.complex128
    )
    c["circulant2d_c64"] = lambda tf, p: lin(tf, "LinearOperatorCirculant2D")(
        p.const(arr(21, [2, 3], C64) + 2.0)
    )
    c["circulant3d_f64"] = lambda tf, p: lin(tf, "LinearOperatorCirculant3D")(
        p.const(np.full([2, 2, 2], 2.0) + np.eye(2)[None]), input_output_dtype=tf.float64
    )
    c.update(_composite_cases(lin))
    c.update(_dynamic_cases(lin))
    return c


def _dynamic_cases(lin):
    """Operators whose shapes are known only when run (fed placeholders)."""
    c = {}
    i32 = np.int32

    def ph_diag(tf, p, seed, shape):
        return lin(tf, "LinearOperatorDiag")(
            p.ph(np.abs(arr(seed, shape)) + 1.0, [None] * len(shape))
        )

    c["identity_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorIdentity")(
        p.ph(i32(3), []), batch_shape=p.ph(np.array([2], i32), [None]), dtype=tf.float64
    )
    c["zeros_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorZeros")(
        p.ph(i32(3), []), batch_shape=p.ph(np.array([2], i32)), dtype=tf.float64
    )
    c["scaled_identity_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorScaledIdentity")(
        p.ph(i32(3), []), p.ph(np.array([2.0, 0.5]), [None])
    )
    c["block_diag_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorBlockDiag")(
        [ph_diag(tf, p, 80, [2]), ph_diag(tf, p, 81, [3])]
    )
    c["kronecker_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorKronecker")(
        [lin(tf, "LinearOperatorFullMatrix")(p.ph(arr(82, [2, 2], shift=2.0), [None, None])),
         ph_diag(tf, p, 83, [2, 3])]
    )  # fmt: skip
    c["composition_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorComposition")(
        [ph_diag(tf, p, 84, [2, 3]), lin(tf, "LinearOperatorFullMatrix")(
            p.ph(arr(85, [3, 3], shift=2.0), [3, None]))]
    )  # fmt: skip
    c["circulant_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorCirculant")(
        p.ph(arr(86, [2, 3], C128) + 2.0, [None, None])
    )
    c["toeplitz_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorToeplitz")(
        p.ph(arr(87, [3]) + [3.0, 0, 0], [None]), p.ph(arr(88, [3]) + [3.0, 0, 0], [None])
    )
    c["householder_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorHouseholder")(
        p.ph(arr(89, [2, 3]), [None, 3])
    )
    c["low_rank_update_dynamic"] = lambda tf, p: lin(tf, "LinearOperatorLowRankUpdate")(
        ph_diag(tf, p, 90, [3]), p.ph(arr(91, [3, 2]), [None, None])
    )
    return c


def _composite_cases(lin):
    c = {}

    def full(tf, p, seed, shape, dtype=F64, **kw):
        return lin(tf, "LinearOperatorFullMatrix")(p.const(arr(seed, shape, dtype, 2.0)), **kw)

    def diag(tf, p, seed, shape, dtype=F64, **kw):
        return lin(tf, "LinearOperatorDiag")(p.const(np.abs(arr(seed, shape, dtype)) + 1.0), **kw)

    c["adjoint_full_f64"] = lambda tf, p: lin(tf, "LinearOperatorAdjoint")(full(tf, p, 30, [3, 3]))
    c["adjoint_c64"] = lambda tf, p: lin(tf, "LinearOperatorAdjoint")(
        full(tf, p, 31, [2, 2, 2], C64), name="adj"
    )
    c["inversion_full_f64"] = lambda tf, p: lin(tf, "LinearOperatorInversion")(
        full(tf, p, 32, [2, 3, 3])
    )
    c["composition_f64"] = lambda tf, p: lin(tf, "LinearOperatorComposition")(
        [full(tf, p, 33, [2, 3, 3]), diag(tf, p, 34, [3])]
    )
    c["composition_nonsquare_f32"] = lambda tf, p: lin(tf, "LinearOperatorComposition")(
        [full(tf, p, 35, [3, 2], F32), full(tf, p, 36, [2, 4], F32)]
    )
    c["block_diag_f32"] = lambda tf, p: lin(tf, "LinearOperatorBlockDiag")(
        [full(tf, p, 37, [2, 2], F32), diag(tf, p, 38, [3], F32)]
    )
    c["block_diag_f64_batch"] = lambda tf, p: lin(tf, "LinearOperatorBlockDiag")(
        [
            diag(tf, p, 39, [2, 2], is_positive_definite=True),
            lin(tf, "LinearOperatorIdentity")(2, dtype=tf.float64),
        ]
    )
    c["kronecker_f64"] = lambda tf, p: lin(tf, "LinearOperatorKronecker")(
        [full(tf, p, 40, [2, 2]), diag(tf, p, 41, [3])]
    )
    c["kronecker_f32_batch"] = lambda tf, p: lin(tf, "LinearOperatorKronecker")(
        [
            full(tf, p, 42, [2, 2, 2], F32),
            lin(tf, "LinearOperatorLowerTriangular")(p.const(arr(43, [2, 2], F32, 2.0))),
        ]
    )
    c["low_rank_update_spd_f64"] = lambda tf, p: lin(tf, "LinearOperatorLowRankUpdate")(
        diag(tf, p, 44, [3], is_positive_definite=True),
        p.const(arr(45, [3, 2])),
        diag_update=p.const(np.array([1.5, 0.5])),
        is_diag_update_positive=True,
    )
    c["low_rank_update_uv_f64_batch"] = lambda tf, p: lin(tf, "LinearOperatorLowRankUpdate")(
        full(tf, p, 46, [2, 3, 3]), p.const(arr(47, [3, 1])), v=p.const(arr(48, [3, 1]))
    )
    c["low_rank_update_identity_f32"] = lambda tf, p: lin(tf, "LinearOperatorLowRankUpdate")(
        lin(tf, "LinearOperatorIdentity")(3, dtype=tf.float32), p.const(arr(49, [3, 2], F32))
    )
    return c


# ---------------------------------------------------------------- what is recorded of an operator


def _inputs(op, dense_shape, dtype, extra_batch):
    *batch, m, n = dense_shape
    batch = list(extra_batch) + batch
    shapes = {
        "x": batch + [n, 2], "x_adj": batch + [m, 2], "x_arg": batch + [2, n],
        "x_adj_arg": batch + [2, m], "v": batch + [n], "v_adj": batch + [m],
        "rhs": batch + [m, 2], "rhs_adj": batch + [n, 2], "rhs_arg": batch + [2, m],
        "w": batch + [m], "w_adj": batch + [n], "mat": list(dense_shape),
    }  # fmt: skip
    return {k: arr(100 + i, s, dtype) for i, (k, s) in enumerate(sorted(shapes.items()))}


def _methods(tf, op, x):
    """(name, thunk) of every method call that is recorded (a thunk may raise, as TF's)."""
    return [
        ("shape_tensor", op.shape_tensor), ("batch_shape_tensor", op.batch_shape_tensor),
        ("domain_dimension_tensor", op.domain_dimension_tensor),
        ("range_dimension_tensor", op.range_dimension_tensor),
        ("tensor_rank_tensor", op.tensor_rank_tensor), ("to_dense", op.to_dense),
        ("diag_part", op.diag_part), ("trace", op.trace), ("determinant", op.determinant),
        ("log_abs_determinant", op.log_abs_determinant),
        ("matmul", lambda: op.matmul(x["x"])),
        ("matmul_adj", lambda: op.matmul(x["x_adj"], adjoint=True)),
        ("matmul_adj_arg", lambda: op.matmul(x["x_arg"], adjoint_arg=True)),
        ("matmul_adj_adj_arg", lambda: op.matmul(x["x_adj_arg"], adjoint=True, adjoint_arg=True)),
        ("matvec", lambda: op.matvec(x["v"])), ("matvec_adj", lambda: op.matvec(x["v_adj"], True)),
        ("solve", lambda: op.solve(x["rhs"])),
        ("solve_adj", lambda: op.solve(x["rhs_adj"], adjoint=True)),
        ("solve_adj_arg", lambda: op.solve(x["rhs_arg"], adjoint_arg=True)),
        ("solvevec", lambda: op.solvevec(x["w"])),
        ("solvevec_adj", lambda: op.solvevec(x["w_adj"], adjoint=True)),
        ("add_to_tensor", lambda: op.add_to_tensor(x["mat"])),
        ("adjoint", op.adjoint), ("inverse", op.inverse),
        ("cholesky", op.cholesky), ("matmul_op", lambda: op.matmul(op.adjoint())),
        ("solve_op", lambda: op.solve(op)),
        ("assert_non_singular", op.assert_non_singular),
        ("assert_positive_definite", op.assert_positive_definite),
        ("assert_self_adjoint", op.assert_self_adjoint),
    ]  # fmt: skip


def _static(shape):
    return (
        None if shape.ndims is None else [d.value if hasattr(d, "value") else d for d in shape.dims]
    )


def _hints(op):
    names = ["is_non_singular", "is_self_adjoint", "is_positive_definite", "is_square"]
    return {h: getattr(op, h) for h in names}


def _describe(tf, op, full=False):
    """The Python-side facts of an operator (its hints in the order of _hints)."""
    facts = {"class": type(op).__name__, "name": op.name, "dtype": op.dtype.name,
             "shape": _static(op.shape), "hints": list(_hints(op).values())}  # fmt: skip
    if full:
        facts.update(
            batch_shape=_static(op.batch_shape), domain_dimension=op.domain_dimension.value,
            range_dimension=op.range_dimension.value, tensor_rank=op.tensor_rank,
        )  # fmt: skip
    return facts


def _is_tensor(tf, value):
    return isinstance(value, tf.Tensor)


def _sub_operator(tf, value, outputs, key):
    """A method that returns an operator: its facts, and its dense matrix to run."""
    facts = _describe(tf, value)
    outputs[key + ".to_dense"] = value.to_dense()
    return facts


def _collect(tf, op, x, only_products):
    """({name: fact}, {name: tensor or op to run})."""
    facts, outputs = {"operator": _describe(tf, op, full=True)}, {}
    for name, thunk in _methods(tf, op, x):
        if only_products and not name.startswith(("matmul", "matvec", "solve")):
            continue
        try:
            value = thunk()
        except Exception as e:  # noqa: BLE001 - the class and message are the record
            facts[name] = {"error": type(e).__name__, "message": str(e)}
            continue
        if _is_tensor(tf, value):
            outputs[name] = value
            facts[name] = value.name.replace(op.name + "/", "~/", 1)
        elif isinstance(value, tf.Operation):
            outputs[name] = value
        else:
            facts[name] = _sub_operator(tf, value, outputs, name)
    return facts, outputs


def encode(value):
    """A run value as an array (a string tensor's bytes are not recorded)."""
    value = np.asarray(value)
    return None if value.dtype.kind in "SOU" else value


def pack(record, arrays):
    """`record` with each array replaced by "@<dtype>:<offset>:<shape>", its values appended to
    arrays[dtype] (one flat buffer per dtype keeps the .npz small)."""
    if isinstance(record, dict):
        return {k: pack(v, arrays) for k, v in record.items()}
    if isinstance(record, list):
        return [pack(v, arrays) for v in record]
    if isinstance(record, np.ndarray):
        buf = arrays.setdefault(record.dtype.name, [])
        shape = ",".join(str(d) for d in record.shape)
        key = f"@{record.dtype.name}:{sum(b.size for b in buf)}:{shape}"
        buf.append(record.ravel())
        return key
    return record


def unpack(record, arrays):
    """The inverse of pack, given {dtype: flat buffer}."""
    if isinstance(record, dict):
        return {k: unpack(v, arrays) for k, v in record.items()}
    if isinstance(record, list):
        return [unpack(v, arrays) for v in record]
    if isinstance(record, str) and record.startswith("@"):
        dtype, offset, shape = record[1:].split(":")
        shape = [int(d) for d in shape.split(",")] if shape else []
        size = int(np.prod(shape)) if shape else 1
        return arrays[dtype][int(offset) : int(offset) + size].reshape(shape)
    return record


def _run_each(tf, sess, outputs, feeds):
    """{name: {"value"} or {"error"}}: all in one run, or one by one where something fails."""
    names = sorted(outputs)
    try:
        values = dict(zip(names, sess.run([outputs[n] for n in names], feeds)))
    except Exception:  # noqa: BLE001 - then each alone, to see which fails
        values = {}
        for n in names:
            try:
                values[n] = sess.run(outputs[n], feeds)
            except Exception as e:  # noqa: BLE001
                values[n] = e
    out = {}
    for n in names:
        v = values[n]
        if isinstance(v, Exception):
            out[n] = {"run_error": type(v).__name__}
        elif isinstance(outputs[n], tf.Operation):
            out[n] = {"ran": True}
        else:
            out[n] = [_static(outputs[n].shape), encode(v)]  # the array holds the dtype
    return out


def _gradients(tf, outputs, params):
    """d loss / d params for loss = sum of squares of the real parts of the float outputs."""
    keys = ["matmul", "matmul_adj", "matvec", "solve", "solvevec", "to_dense", "trace",
            "log_abs_determinant", "diag_part", "add_to_tensor"]  # fmt: skip
    terms = []
    for k in keys:
        t = outputs.get(k)
        if t is not None and (t.dtype.is_floating or t.dtype.is_complex):
            terms.append(tf.reduce_sum(tf.square(tf.real(t) if t.dtype.is_complex else t)))
    floating = [p for p in params if p.dtype.is_floating or p.dtype.is_complex]
    if not terms or not floating:
        return None, []
    return tf.add_n(terms), floating


def run_operator(tf, build, extra_batch=()):
    """What the operator of build(tf, params) gives: facts, values, gradients (or the error)."""
    with tf.Graph().as_default(), tf.Session() as sess:
        p = Params(tf)
        try:
            op = build(tf, p)
        except Exception as e:  # noqa: BLE001
            return {"error": type(e).__name__, "message": str(e)}
        dense = sess.run(op.to_dense(), p.feeds)
        x = _inputs(op, list(dense.shape), op.dtype.name, extra_batch)
        x = {k: tf.constant(v) for k, v in x.items()}
        facts, outputs = _collect(tf, op, x, only_products=bool(extra_batch))
        record = {"facts": facts, "values": _run_each(tf, sess, outputs, p.feeds)}
        loss, params = _gradients(tf, outputs, p.tensors)
        if loss is not None and not extra_batch:
            try:
                grads = tf.gradients(loss, params)
                got = iter(sess.run([g for g in grads if g is not None], p.feeds))
            except Exception as e:  # noqa: BLE001
                record["gradients"] = {"error": type(e).__name__}
                return record
            record["gradients"] = [None if g is None else encode(next(got)) for g in grads]
        return record


# ---------------------------------------------------------------- bad operators and calls


def _bad_cases():
    def lin(tf, name):
        return getattr(tf.linalg, name)

    m = np.eye(3)
    b = {}
    b["diag_real_not_self_adjoint"] = lambda tf: lin(tf, "LinearOperatorDiag")(
        [1.0], is_self_adjoint=False
    )
    b["diag_not_square"] = lambda tf: lin(tf, "LinearOperatorDiag")([1.0], is_square=False)
    b["diag_scalar"] = lambda tf: lin(tf, "LinearOperatorDiag")(1.0)
    b["full_int"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(np.eye(2, dtype=np.int32))
    b["full_vector"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")([1.0, 2.0])
    b["pd_but_singular"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(
        m, is_positive_definite=True, is_non_singular=False
    )
    b["non_singular_not_square"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(
        m, is_non_singular=True, is_square=False
    )
    b["self_adjoint_not_square"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(
        m, is_self_adjoint=True, is_square=False
    )
    b["is_square_false_but_square"] = lambda tf: (
        lin(tf, "LinearOperatorFullMatrix")(m, is_square=False).is_square
    )
    b["identity_negative_rows"] = lambda tf: lin(tf, "LinearOperatorIdentity")(-1)
    b["identity_float_rows"] = lambda tf: lin(tf, "LinearOperatorIdentity")(2.0)
    b["identity_not_self_adjoint"] = lambda tf: lin(tf, "LinearOperatorIdentity")(
        2, is_self_adjoint=False
    )
    b["identity_batch_2d"] = lambda tf: lin(tf, "LinearOperatorIdentity")(2, batch_shape=[[2]])
    b["identity_batch_negative"] = lambda tf: lin(tf, "LinearOperatorIdentity")(2, batch_shape=[-2])
    b["scaled_identity_not_square"] = lambda tf: lin(tf, "LinearOperatorScaledIdentity")(
        2, 1.0, is_square=False
    )
    b["zeros_square_mismatch"] = lambda tf: lin(tf, "LinearOperatorZeros")(2, 3)
    b["zeros_non_singular"] = lambda tf: lin(tf, "LinearOperatorZeros")(2, is_non_singular=True)
    b["zeros_assert_non_singular"] = lambda tf: lin(tf, "LinearOperatorZeros")(
        2
    ).assert_non_singular()
    b["householder_pd"] = lambda tf: lin(tf, "LinearOperatorHouseholder")(
        [1.0, 2.0], is_positive_definite=True
    )
    b["householder_assert_pd"] = lambda tf: lin(tf, "LinearOperatorHouseholder")(
        [1.0, 2.0]
    ).assert_positive_definite()
    b["toeplitz_mismatch"] = lambda tf: lin(tf, "LinearOperatorToeplitz")(
        [1.0, 2.0], [1.0, 2.0, 3.0]
    )
    b["circulant_scalar"] = lambda tf: lin(tf, "LinearOperatorCirculant")(1.0)
    b["circulant2d_vector"] = lambda tf: lin(tf, "LinearOperatorCirculant2D")([1.0, 2.0])
    b["circulant_real_not_self_adjoint"] = lambda tf: lin(tf, "LinearOperatorCirculant")(
        [1.0, 2.0], is_self_adjoint=False
    )
    b["composition_empty"] = lambda tf: lin(tf, "LinearOperatorComposition")([])
    b["kronecker_empty"] = lambda tf: lin(tf, "LinearOperatorKronecker")([])
    b["composition_dtypes"] = lambda tf: lin(tf, "LinearOperatorComposition")(
        [lin(tf, "LinearOperatorDiag")([1.0]), lin(tf, "LinearOperatorDiag")(np.array([1.0]))]
    )
    b["block_diag_not_square"] = lambda tf: lin(tf, "LinearOperatorBlockDiag")(
        [lin(tf, "LinearOperatorFullMatrix")(np.ones((2, 3)))]
    )
    b["block_diag_non_singular_false"] = lambda tf: lin(tf, "LinearOperatorBlockDiag")(
        [lin(tf, "LinearOperatorIdentity")(2)], is_non_singular=False
    )
    b["inversion_of_singular"] = lambda tf: lin(tf, "LinearOperatorInversion")(
        lin(tf, "LinearOperatorFullMatrix")(m, is_non_singular=False)
    )
    b["adjoint_contradiction"] = lambda tf: lin(tf, "LinearOperatorAdjoint")(
        lin(tf, "LinearOperatorFullMatrix")(m, is_self_adjoint=True), is_self_adjoint=False
    )
    b["low_rank_update_diag_false"] = lambda tf: lin(tf, "LinearOperatorLowRankUpdate")(
        lin(tf, "LinearOperatorIdentity")(2),
        np.ones((2, 1), np.float32),
        is_diag_update_positive=False,
    )
    b["low_rank_update_bad_u"] = lambda tf: lin(tf, "LinearOperatorLowRankUpdate")(
        lin(tf, "LinearOperatorIdentity")(2), np.ones((3, 1), np.float32)
    )
    b["matmul_bad_dims"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(m).matmul(np.ones((4, 2)))
    b["matmul_bad_dtype"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(m).matmul(
        tf.ones([3, 2], dtype=tf.float32)
    )
    b["matmul_bad_operator"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(m).matmul(
        lin(tf, "LinearOperatorDiag")(np.ones(2))
    )
    b["solvevec_bad_dims"] = lambda tf: lin(tf, "LinearOperatorDiag")(np.ones(3)).solvevec(
        np.ones(2)
    )
    b["zeros_solve"] = lambda tf: lin(tf, "LinearOperatorZeros")(2).solve(tf.ones([2, 2]))
    b["nonsquare_inverse"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(
        np.ones((2, 3))
    ).inverse()
    b["nonsquare_det"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(
        np.ones((2, 3))
    ).determinant()
    b["cholesky_not_pd"] = lambda tf: lin(tf, "LinearOperatorFullMatrix")(m).cholesky()
    b["zeros_matmul_nonsquare"] = lambda tf: lin(tf, "LinearOperatorZeros")(
        3, 2, is_square=False
    ).matmul(lin(tf, "LinearOperatorIdentity")(2))
    # TF's Cholesky of a Kronecker product or direct sum claims is_self_adjoint=False even
    # where each factor's Cholesky factor (a Diag's) is self-adjoint: a ValueError.
    b["kronecker_cholesky_of_diags"] = lambda tf: lin(tf, "LinearOperatorKronecker")(
        [lin(tf, "LinearOperatorDiag")([1.0, 2.0], is_positive_definite=True)] * 2
    ).cholesky()
    b["block_diag_cholesky_of_diags"] = lambda tf: lin(tf, "LinearOperatorBlockDiag")(
        [lin(tf, "LinearOperatorDiag")([1.0, 2.0], is_positive_definite=True)]
    ).cholesky()
    b["expm_int"] = lambda tf: tf.linalg.expm(np.eye(2, dtype=np.int32))
    return b


def run_bad(tf, build):
    """The exception class and message of build(tf), or what it returned."""
    with tf.Graph().as_default():
        try:
            out = build(tf)
        except Exception as e:  # noqa: BLE001
            return {"error": type(e).__name__, "message": str(e)}
        return {
            "returned": repr(out) if isinstance(out, (bool, type(None))) else type(out).__name__
        }


# ---------------------------------------------------------------- expm, norm, normalize


def _function_cases():
    c = {}
    scales = np.array([0.01, 0.3, 1.5, 4.0, 30.0]).reshape(5, 1, 1)
    c["expm_f32_norms"] = lambda tf, p: [
        tf.linalg.expm(p.const((arr(60, [5, 3, 3]) * scales).astype(F32)))
    ]
    c["expm_f64_norms"] = lambda tf, p: [tf.linalg.expm(p.const(arr(61, [5, 3, 3]) * scales))]
    c["expm_f64_batch2"] = lambda tf, p: [tf.linalg.expm(p.const(arr(62, [2, 2, 3, 3]) * 3.0))]
    c["expm_c128"] = lambda tf, p: [tf.linalg.expm(p.const(arr(63, [2, 2], C128) * 2.0))]
    c["expm_dynamic"] = lambda tf, p: [
        tf.linalg.expm(p.ph(arr(64, [2, 3, 3]) * 2.0, [None, 3, None]))
    ]
    c["norm_matrix_ords"] = lambda tf, p: [
        tf.linalg.norm(p.const(arr(65, [2, 3, 4])), ord=o, axis=[-2, -1])
        for o in ("fro", 1, np.inf)
    ]
    c["norm_vector"] = lambda tf, p: [
        tf.linalg.norm(p.const(arr(66, [3, 4])), ord=3, axis=1, keepdims=True)
    ]
    c["normalize_euclidean"] = lambda tf, p: list(
        tf.linalg.normalize(p.const(arr(67, [3, 4]).astype(F32)))
    )
    c["normalize_axis_ord1"] = lambda tf, p: list(
        tf.linalg.normalize(p.const(arr(68, [3, 4])), ord=1, axis=0)
    )
    c["normalize_matrix"] = lambda tf, p: list(
        tf.linalg.normalize(p.const(arr(69, [2, 3, 3])), ord="fro", axis=[1, 2], name="nrm")
    )
    return c


def _algebra_cases():
    """The registered products, solves, inverses and Cholesky factors between operator types."""

    def ops(tf, p):
        lin = tf.linalg
        d = lin.LinearOperatorDiag(p.const(np.array([2.0, 3.0, 4.0])), is_positive_definite=True)
        s = lin.LinearOperatorScaledIdentity(3, p.const(np.float64(1.5)), is_positive_definite=True)
        t = lin.LinearOperatorLowerTriangular(p.const(arr(70, [3, 3], shift=2.0)))
        i = lin.LinearOperatorIdentity(3, dtype=tf.float64)
        z = lin.LinearOperatorZeros(3, dtype=tf.float64)
        f = lin.LinearOperatorFullMatrix(p.const(arr(71, [3, 3], shift=2.0)))
        return d, s, t, i, z, f

    def products(tf, p):
        d, s, t, i, z, f = ops(tf, p)
        pairs = [(d, s), (s, d), (d, t), (t, d), (f, i), (i, f), (f, z), (z, f), (t, f)]
        return [a.matmul(b).to_dense() for a, b in pairs]

    def solves(tf, p):
        d, s, t, i, z, f = ops(tf, p)
        pairs = [(d, s), (s, d), (d, t), (i, f), (f, t), (d, d)]
        return [a.solve(b).to_dense() for a, b in pairs]

    def derived(tf, p):
        d, s, t, i, z, f = ops(tf, p)
        k = tf.linalg.LinearOperatorKronecker([d, s])
        b = tf.linalg.LinearOperatorBlockDiag([d, s])
        pd = tf.linalg.LinearOperatorFullMatrix(
            p.const(spd(72, [2, 2])), is_self_adjoint=True, is_positive_definite=True
        )
        kf, bf = (
            tf.linalg.LinearOperatorKronecker([pd, pd]),
            tf.linalg.LinearOperatorBlockDiag([pd]),
        )
        outs = [s.cholesky(), i.cholesky(), d.cholesky(), kf.cholesky(), bf.cholesky(), s.inverse()]
        outs += [k.inverse(), b.inverse(), k.adjoint(), b.adjoint(), t.adjoint(), f.inverse()]
        outs += [t.inverse().inverse(), f.adjoint().adjoint(), i.inverse()]
        return [o.to_dense() for o in outs]

    return {"algebra_products": products, "algebra_solves": solves, "algebra_derived": derived}


def run_function(tf, build):
    """Values, dtypes, static shapes, names and the gradient of sum of squares of build(tf, p)."""
    with tf.Graph().as_default(), tf.Session() as sess:
        p = Params(tf)
        outs = build(tf, p)
        values = sess.run(outs, p.feeds)
        record = {
            "outputs": [
                {
                    "value": encode(v),
                    "dtype": t.dtype.name,
                    "static": _static(t.shape),
                    "name": t.name,
                }
                for t, v in zip(outs, values)
            ]
        }
        loss = tf.add_n(
            [tf.reduce_sum(tf.square(tf.real(t) if t.dtype.is_complex else t)) for t in outs]
        )
        grads = tf.gradients(loss, p.tensors)
        record["gradients"] = [encode(g) for g in sess.run(grads, p.feeds)]
        return record


# Operators also run with right-hand sides of extra leading (broadcast) batch dimensions.
BROADCAST = {
    "full_f32": (2,), "diag_f32": (2,), "identity_f32_batch": (3, 1), "kronecker_f64": (2,),
    "toeplitz_f32": (2,), "householder_f32": (2,), "circulant_f32": (2,), "block_diag_f32": (2,),
    "tril_f32": (2,), "scaled_identity_f32": (3, 1), "low_rank_update_spd_f64": (2,),
}  # fmt: skip


def all_cases():
    """{case id: (kind, build, extra batch)} of every case."""
    ops = _operator_cases()
    cases = {k: ("operator", v, ()) for k, v in ops.items()}
    cases.update({k + "_bcast": ("operator", ops[k], b) for k, b in BROADCAST.items()})
    cases.update({k: ("bad", v, ()) for k, v in _bad_cases().items()})
    cases.update({k: ("function", v, ()) for k, v in _function_cases().items()})
    cases.update({k: ("function", v, ()) for k, v in _algebra_cases().items()})
    return cases


def run(tf, case):
    """The record of one case (kind, build, extra batch) under `tf`."""
    kind, build, extra = case
    if kind == "operator":
        return run_operator(tf, build, extra)
    if kind == "bad":
        return run_bad(tf, build)
    return run_function(tf, build)
