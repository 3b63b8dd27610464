"""Cases for segments, scatters, gathers, partitions and IndexedSlices, shared by
tools/make_segment_fixtures.py (run with real TF 1.15, writes golden/segments.*) and
tests/ops/test_segment_ops.py (runs them with tinytf and compares). Python 3.7 compatible.

CASES: name -> build(tf) giving a tensor or a list of tensors, run in order, one per
Session.run, after the variables are initialised (so in-place scatters apply in order).
GRADS: name -> build(tf) giving (y, xs): the dense tf.gradients of y for each x.
BAD: name -> build(tf) giving what Session.run must fail on (or raising while built).
OPTIMIZERS: name -> the optimizer; OPT_STEPS steps on a small embedding with duplicate ids.
"""

import numpy as np

R = np.random.RandomState(3)
DATA = np.array([[1.0, 2.0, -1.0], [3.0, -4.0, 0.5], [5.0, 6.0, 2.0], [-7.0, 8.0, 1.5]], "float32")
D64 = R.randn(5, 3)
IDS = np.array([0, 0, 2, 3], "int32")
IDS5 = np.array([0, 1, 1, 3, 3], "int32")
EMB = (np.arange(12, dtype="float32").reshape(6, 2) / 10.0).astype("float32")
OPT_STEPS = 2


def _c(tf, x):
    return tf.constant(x)


def _var(tf, value):
    return tf.Variable(np.asarray(value), name="v")


CASES = {
    # sorted segments
    "segment_sum": lambda tf: tf.segment_sum(_c(tf, DATA), IDS),
    "segment_sum_int": lambda tf: tf.segment_sum(_c(tf, DATA.astype("int32")), IDS),
    "segment_prod": lambda tf: tf.segment_prod(_c(tf, DATA), IDS),
    "segment_mean": lambda tf: tf.segment_mean(_c(tf, DATA), IDS),
    "segment_max": lambda tf: tf.segment_max(_c(tf, DATA), IDS),
    "segment_min": lambda tf: tf.segment_min(_c(tf, DATA), IDS),
    "segment_mean_int64_ids": lambda tf: tf.math.segment_mean(_c(tf, DATA), IDS.astype("int64")),
    "segment_sum_1d": lambda tf: tf.segment_sum(_c(tf, DATA[:, 0]), [1, 1, 1, 4]),
    # unsorted segments (ids < 0 dropped; empty max/min: the dtype's extremes)
    "unsorted_sum": lambda tf: tf.unsorted_segment_sum(_c(tf, DATA), [2, 0, -1, 2], 4),
    "unsorted_sum_2d_ids": lambda tf: tf.unsorted_segment_sum(
        _c(tf, DATA), [[1, 0, 1], [0, 2, 1], [2, 2, 0], [1, 1, 1]], 3
    ),
    "unsorted_max": lambda tf: tf.unsorted_segment_max(_c(tf, DATA), [2, 0, 2, 2], 4),
    "unsorted_max_int": lambda tf: tf.unsorted_segment_max(
        _c(tf, DATA.astype("int32")), [2, 0, 2, 2], 4
    ),
    "unsorted_min": lambda tf: tf.unsorted_segment_min(_c(tf, DATA), [2, 0, 2, 2], 4),
    "unsorted_prod": lambda tf: tf.unsorted_segment_prod(_c(tf, DATA), [1, 0, 1, 1], 3),
    "unsorted_mean": lambda tf: tf.unsorted_segment_mean(_c(tf, DATA), [1, 0, 1, 1], 3),
    "unsorted_sqrt_n": lambda tf: tf.math.unsorted_segment_sqrt_n(_c(tf, DATA), [1, 0, 1, 1], 3),
    # sparse segments
    "sparse_sum": lambda tf: tf.sparse_segment_sum(_c(tf, DATA), [0, 3, 3, 1], [0, 0, 1, 3]),
    "sparse_mean": lambda tf: tf.sparse_segment_mean(_c(tf, DATA), [0, 3, 3, 1], [0, 0, 1, 3]),
    "sparse_sqrt_n": lambda tf: tf.sparse.segment_sqrt_n(_c(tf, DATA), [0, 3, 2], [0, 0, 0]),
    "sparse_sum_num_segments": lambda tf: tf.sparse_segment_sum(
        _c(tf, DATA), [0, 1], [0, 2], num_segments=5
    ),
    "sparse_mean_num_segments": lambda tf: tf.sparse_segment_mean(
        _c(tf, DATA), [0, 1, 2], [1, 1, 2], num_segments=4
    ),
    # gathers
    "gather_axis1": lambda tf: tf.gather(_c(tf, DATA), [[2, 0], [1, 1]], axis=1),
    "gather_batch_dims": lambda tf: tf.gather(
        _c(tf, D64.reshape(5, 3, 1)[:4]), [[0, 2], [1, 1], [2, 0], [0, 0]], batch_dims=1
    ),
    "gather_nd_batch_dims": lambda tf: tf.gather_nd(
        _c(tf, D64[:4].reshape(2, 2, 3)), [[[1, 2], [0, 0]], [[1, 1], [0, 2]]], batch_dims=1
    ),
    "batch_gather": lambda tf: tf.batch_gather(_c(tf, DATA), [[2, 0], [1, 1], [0, 0], [2, 2]]),
    "dynamic_partition": lambda tf: tf.dynamic_partition(_c(tf, DATA), [1, 0, 2, 1], 3),
    "dynamic_stitch": lambda tf: tf.dynamic_stitch(
        [[0, 3], [2, 1, 3]], [_c(tf, DATA[:2]), _c(tf, DATA[1:])]
    ),
    # scatters on variables, in place, one run after another
    "scatter_steps": lambda tf: _scatter_steps(tf),
    "scatter_int_div": lambda tf: _scatter_int(tf),
    "scatter_nd_steps": lambda tf: _scatter_nd_steps(tf),
    "batch_scatter_update": lambda tf: _batch_scatter(tf),
    "tensor_scatter": lambda tf: [
        tf.tensor_scatter_update(_c(tf, DATA), [[1], [3]], _c(tf, DATA[:2] * 10)),
        tf.tensor_scatter_add(_c(tf, DATA), [[1, 2], [1, 2]], [1.0, 2.0]),
        tf.tensor_scatter_nd_sub(_c(tf, DATA), [[0]], _c(tf, DATA[:1])),
    ],
    # IndexedSlices from gradients, fetched as IndexedSlicesValue
    "gather_grad_slices": lambda tf: _gather_grad(tf),
    "gather_grad_two_slices": lambda tf: _two_gathers(tf),
    "slices_plus_dense": lambda tf: _slices_plus_dense(tf),
    "embedding_partitioned_mod": lambda tf: tf.nn.embedding_lookup(
        [_c(tf, D64[:3]), _c(tf, D64[3:])], [[4, 0], [1, 3]]
    ),
    "embedding_partitioned_div": lambda tf: tf.nn.embedding_lookup(
        [_c(tf, D64[:3]), _c(tf, D64[3:])], [4, 0, 1, 3, 2], partition_strategy="div"
    ),
    "embedding_max_norm": lambda tf: tf.nn.embedding_lookup(_c(tf, DATA), [3, 1], max_norm=4.0),
    "clip_by_global_norm_slices": lambda tf: _clipped(tf),
}


def _scatter_steps(tf):
    v = _var(tf, DATA)
    return [
        tf.scatter_update(v, [1], _c(tf, DATA[:1] * 2)),
        tf.scatter_add(v, [0, 0, 3], _c(tf, DATA[:3])),
        tf.scatter_sub(v, [2], _c(tf, DATA[3:])),
        tf.scatter_mul(v, [3, 3], _c(tf, DATA[1:3])),
        tf.scatter_div(v, [1], _c(tf, DATA[2:3])),
        tf.scatter_min(v, [0, 2], _c(tf, DATA[1:3])),
        tf.scatter_max(v, [1, 1], _c(tf, DATA[:2])),
        tf.scatter_update(v, [[0, 2]], _c(tf, DATA[None, :2])),
        v.value(),
    ]


def _scatter_int(tf):
    v = tf.Variable(np.array([[7, -7], [9, 4]], "int32"))
    return [tf.scatter_div(v, [0, 0], np.array([[2, 2], [2, 2]], "int32")), v.value()]


def _scatter_nd_steps(tf):
    v = _var(tf, DATA)
    return [
        tf.scatter_nd_update(v, [[0, 1], [2, 2]], [10.0, 20.0]),
        tf.scatter_nd_add(v, [[1], [1]], _c(tf, DATA[:2])),
        tf.scatter_nd_sub(v, [[3, 0]], [1.5]),
        v.value(),
    ]


def _batch_scatter(tf):
    v = tf.Variable(DATA.reshape(2, 2, 3))
    return [tf.batch_scatter_update(v, [[1], [0]], _c(tf, DATA[:2].reshape(2, 1, 3))), v.value()]


def _gather_grad(tf):
    v = _var(tf, EMB)
    return tf.gradients(tf.reduce_sum(tf.gather(v, [[1, 4], [1, 0]]) * 2.0), v)[0]


def _two_gathers(tf):
    v = _var(tf, EMB)
    y = tf.reduce_sum(tf.gather(v, [1, 1]) * 3.0) + tf.reduce_sum(tf.gather(v, [5]))
    return tf.convert_to_tensor(tf.gradients(y, v)[0])


def _slices_plus_dense(tf):
    x = _c(tf, EMB)
    y = tf.reduce_sum(tf.gather(x, [1, 1])) + tf.reduce_sum(x * x)
    return tf.gradients(y, x)[0]


def _clipped(tf):
    x = _c(tf, EMB)
    g = tf.gradients(tf.reduce_sum(tf.gather(x, [1, 1, 2]) * 3.0), x)[0]
    clipped, norm = tf.clip_by_global_norm([g, _c(tf, DATA)], 5.0)
    return [clipped[0], tf.convert_to_tensor(clipped[0]), clipped[1], norm]


GRADS = {
    "segment_sum": lambda tf, x: tf.segment_sum(x, [0, 0, 2, 2, 3]),
    "segment_mean": lambda tf, x: tf.segment_mean(x, [0, 1, 1, 1, 3]),
    "segment_max": lambda tf, x: tf.segment_max(x, [0, 0, 1, 1, 1]),
    "segment_min": lambda tf, x: tf.segment_min(x, [0, 2, 2, 3, 3]),
    "unsorted_sum": lambda tf, x: tf.unsorted_segment_sum(x, [2, -1, 0, 2, 1], 4),
    "unsorted_max": lambda tf, x: tf.unsorted_segment_max(x, [2, 0, 1, -1, 0], 3),
    "unsorted_min": lambda tf, x: tf.unsorted_segment_min(x, [1, 1, 0, 1, 1], 2),
    "unsorted_prod": lambda tf, x: tf.unsorted_segment_prod(x, [0, 1, 0, 1, 2], 3),
    "unsorted_mean": lambda tf, x: tf.unsorted_segment_mean(x, [0, 1, 0, 1, 2], 4),
    "unsorted_sqrt_n": lambda tf, x: tf.unsorted_segment_sqrt_n(x, [0, 1, 0, 1, 2], 4),
    "sparse_sum": lambda tf, x: tf.sparse_segment_sum(x, [0, 4, 4, 1], [0, 0, 1, 2]),
    "sparse_mean": lambda tf, x: tf.sparse_segment_mean(x, [0, 4, 4, 1], [0, 0, 1, 2]),
    "sparse_sqrt_n": lambda tf, x: tf.sparse_segment_sqrt_n(x, [3, 4, 3], [0, 0, 1]),
    "sparse_mean_num_segments": lambda tf, x: tf.sparse_segment_mean(
        x, [2, 2], [0, 3], num_segments=5
    ),
    "gather": lambda tf, x: tf.gather(x, [[4, 0], [4, 4]]),
    "gather_axis1": lambda tf, x: tf.gather(x, [2, 0, 2], axis=1),
    "gather_batch_dims": lambda tf, x: tf.gather(
        tf.reshape(x, [5, 3, 1]), [[0, 2], [1, 1], [2, 0], [0, 0], [1, 2]], batch_dims=1
    ),
    "batch_gather": lambda tf, x: tf.batch_gather(x, [[2], [0], [1], [1], [0]]),
    "gather_nd_batch_dims": lambda tf, x: tf.gather_nd(
        x, [[[1], [2]], [[0], [0]], [[2], [1]], [[1], [1]], [[0], [2]]], batch_dims=1
    ),
    "dynamic_partition": lambda tf, x: tf.dynamic_partition(x, [1, 0, 1, 1, 0], 2)[1] * 2.0,
    "dynamic_stitch": lambda tf, x: tf.dynamic_stitch([[1, 0], [2, 3, 4]], [x[:2], x[2:]]),
    "tensor_scatter_update": lambda tf, x: tf.tensor_scatter_update(x, [[1], [3]], x[:2] * 3.0),
    "tensor_scatter_add": lambda tf, x: tf.tensor_scatter_add(x, [[0, 1], [0, 1]], x[1, :2]),
    "tensor_scatter_sub": lambda tf, x: tf.tensor_scatter_sub(x, [[4]], x[:1] * x[:1]),
    "embedding_partitioned": lambda tf, x: tf.nn.embedding_lookup([x[:2], x[2:]], [[3, 0], [1, 1]]),
}

BAD = {
    "segment_unsorted": lambda tf: tf.segment_sum(_c(tf, DATA), [0, 2, 1, 3]),
    "segment_negative": lambda tf: tf.segment_max(_c(tf, DATA), [-1, 0, 0, 1]),
    "unsorted_out_of_range": lambda tf: tf.unsorted_segment_sum(_c(tf, DATA), [0, 5, 1, 1], 3),
    "unsorted_max_out_of_range": lambda tf: tf.unsorted_segment_max(_c(tf, DATA), [0, 3, 1, 1], 3),
    "sparse_bad_index": lambda tf: tf.sparse_segment_sum(_c(tf, DATA), [0, 5], [0, 0]),
    "sparse_unsorted": lambda tf: tf.sparse_segment_mean(_c(tf, DATA), [0, 1], [1, 0]),
    "scatter_update_row_beyond": lambda tf: tf.scatter_update(
        _var(tf, DATA), [4], _c(tf, DATA[:1])
    ),
    "scatter_add_negative": lambda tf: tf.scatter_add(_var(tf, DATA), [-1], _c(tf, DATA[:1])),
    "scatter_nd_beyond": lambda tf: tf.scatter_nd_update(_var(tf, DATA), [[4]], _c(tf, DATA[:1])),
    "tensor_scatter_beyond": lambda tf: tf.tensor_scatter_update(_c(tf, DATA), [[0, 3]], [1.0]),
    "gather_beyond": lambda tf: tf.gather(_c(tf, DATA), [4]),
    "partition_beyond": lambda tf: tf.dynamic_partition(_c(tf, DATA), [0, 3, 1, 1], 2),
}


def OPTIMIZERS(tf):  # noqa: N802 - a table, built per module
    return {
        "gd": lambda: tf.train.GradientDescentOptimizer(0.1),
        "momentum": lambda: tf.train.MomentumOptimizer(0.1, 0.9),
        "nesterov": lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
        "adam": lambda: tf.train.AdamOptimizer(0.1),
        "adagrad": lambda: tf.train.AdagradOptimizer(0.1),
        "rmsprop": lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.5),
        "ftrl": lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01),
    }


def optimizer_run(tf, name):
    """The embedding and its slots after OPT_STEPS steps (ids with duplicates; row 2 and 0
    never looked up, so sparse updates leave them alone)."""
    with tf.Graph().as_default():
        emb = tf.Variable(EMB, name="emb")
        ids = tf.constant([1, 3, 1, 4])
        w = tf.constant([[1.0, -2.0], [0.5, 1.5], [2.0, 1.0], [-1.0, 0.25]])
        rows = tf.nn.embedding_lookup(emb, ids)
        loss = tf.reduce_sum(rows * w) + tf.reduce_sum(tf.gather(emb, [5]) ** 2)
        opt = OPTIMIZERS(tf)[name]()
        step = opt.minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(OPT_STEPS):
                sess.run(step)
            slots = [sess.run(opt.get_slot(emb, n)) for n in opt.get_slot_names()]
            return [sess.run(emb)] + slots


def flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def describe(t):
    """(dtype name, static shape) of a fetched tensor or IndexedSlices."""
    if type(t).__name__ == "IndexedSlices":
        return "IndexedSlices:" + t.dtype.name, str(t.values.shape)
    return t.dtype.name, str(t.shape)


def run_case(tf, build):
    """[(dtype, static shape, value arrays)] of each step of a case."""
    with tf.Graph().as_default():
        steps = flat(build(tf))
        meta = [describe(t) for t in steps]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = [sess.run(t) for t in steps]
    out = []
    for (dtype, shape), v in zip(meta, values):
        arrays = [v.values, v.indices, v.dense_shape] if hasattr(v, "indices") else [v]
        out.append((dtype, shape, [np.asarray(a) for a in arrays]))
    return out


def run_grad(tf, build):
    """d sum(w * build(x)) / dx (dense) at x = D64, w fixed random weights."""
    with tf.Graph().as_default():
        x = tf.constant(D64)
        y = build(tf, x)
        with tf.Session() as sess:
            shape = sess.run(tf.shape(y))
            w = np.random.RandomState(11).randn(*shape)
            g = tf.gradients(tf.reduce_sum(y * w), x)[0]
            return sess.run(tf.convert_to_tensor(g))
