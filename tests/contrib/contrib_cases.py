"""tf.contrib.layers / rnn / framework cases shared by tools/make_contrib_fixtures.py (real TF
1.15) and tests/contrib/test_contrib_*.py (tinytf): each case builds a model with `tf` (either
module) and returns run(sess) -> {name: value}. `run_case` gives every global variable a fixed
value from `weight_value` (seeded by its name) first, so both frameworks compute the same numbers,
and records the variables' names and shapes and the collections. Python 3.7 compatible."""

import zlib

import numpy as np


def weight_value(name, shape):
    """The fixed value of variable `name` (positive for variances and gains)."""
    rng = np.random.RandomState(zlib.crc32(name.encode()) % (2**31))
    if name.endswith(("moving_variance:0", "gamma:0")):
        return (0.5 + rng.uniform(size=shape)).astype(np.float32)
    return rng.uniform(-1.0, 1.0, size=shape).astype(np.float32)


def _data(*shape, seed=0):
    return np.random.RandomState(seed).randn(*shape).astype(np.float32)


def _names(variables):
    return [[v.name, v.shape.as_list()] for v in variables]


def _fetch(fetches):
    return lambda sess: sess.run(fetches)


# -- contrib.layers ----------------------------------------------------------------------------
def fully_connected(tf):
    L = tf.contrib.layers
    x = tf.constant(_data(3, 4))
    h = L.fully_connected(x, 5)
    logits = L.fully_connected(h, 3, activation_fn=None, scope="logits")
    seq = L.fully_connected(tf.constant(_data(2, 3, 4, seed=1)), 2, activation_fn=tf.nn.tanh)
    nobias = L.fully_connected(x, 2, biases_initializer=None, scope="nobias")
    return _fetch({"h": h, "logits": logits, "seq": seq, "nobias": nobias})


def fully_connected_reuse(tf):
    L = tf.contrib.layers
    a = L.fully_connected(tf.constant(_data(2, 3)), 4, scope="shared")
    b = L.fully_connected(tf.constant(_data(2, 3, seed=2)), 4, scope="shared", reuse=True)
    with tf.variable_scope("outer"):
        c = L.fully_connected(tf.constant(_data(2, 3)), 1)
        d = L.fully_connected(c, 1)
    return _fetch({"a": a, "b": b, "d": d})


def conv(tf):
    L = tf.contrib.layers
    im = tf.constant(_data(2, 7, 7, 3))
    c1 = L.conv2d(im, 4, [3, 3])
    c2 = L.conv2d(c1, 5, 3, stride=2, padding="VALID", activation_fn=None)
    dil = L.conv2d(im, 2, 3, rate=2, scope="dilated")
    mp = L.max_pool2d(c1, [2, 2])
    ap = L.avg_pool2d(c1, 3, stride=1, padding="SAME")
    flat = L.flatten(mp)
    up = L.conv2d_transpose(c2, 2, 3, stride=2)
    up_valid = L.conv2d_transpose(c2, 2, [2, 2], stride=2, padding="VALID", scope="up2")
    c1d = L.conv1d(tf.constant(_data(2, 6, 3)), 2, 3)
    return _fetch({"c1": c1, "c2": c2, "dil": dil, "mp": mp, "ap": ap, "flat": flat, "up": up,
                   "up_valid": up_valid, "c1d": c1d})


def more_layers(tf):
    L = tf.contrib.layers
    im = tf.constant(_data(2, 6, 6, 3))
    sep = L.separable_conv2d(im, 4, 3, depth_multiplier=2)
    dw = L.separable_conv2d(im, None, [3, 3], stride=2, padding="VALID", rate=1)
    vol = tf.constant(_data(1, 4, 4, 4, 2))
    mp3 = L.max_pool3d(vol, 2)
    ap3 = L.avg_pool3d(vol, [2, 2, 2], stride=1, padding="SAME")
    up3 = L.conv3d_transpose(vol, 3, 2, stride=2)
    un = L.unit_norm(tf.constant(_data(2, 3, 4)), 1)
    mo = L.maxout(tf.constant(_data(3, 6)), 2)
    mo2 = L.maxout(tf.constant(_data(2, 4, 3)), 2, axis=1)
    return _fetch({"sep": sep, "dw": dw, "mp3": mp3, "ap3": ap3, "up3": up3, "un": un,
                   "mo": mo, "mo2": mo2})


def bias_add(tf):
    L = tf.contrib.layers
    im = tf.constant(_data(2, 3, 6, 6))  # (TF's CPU kernels pool NHWC only)
    b = L.bias_add(im, data_format="NCHW", activation_fn=tf.nn.relu)
    b2 = L.bias_add(tf.constant(_data(3, 4)))
    return _fetch({"b": b, "b2": b2})


def _batch_norm_run(tf, outputs, read):
    """Two training steps (with the update ops), then the moving statistics."""
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)

    def run(sess):
        got = {}
        for step in range(2):
            got[f"out{step}"] = sess.run([outputs] + updates)[0]
        got.update(sess.run(read))
        return got

    return run


def batch_norm_default(tf):
    L = tf.contrib.layers
    x4 = tf.constant(_data(4, 3, 3, 2) * 3 + 1)
    x2 = tf.constant(_data(5, 3, seed=1) * 2 - 1)
    a = L.batch_norm(x4)
    b = L.batch_norm(x2, scale=True, decay=0.9)
    read = {v.op.name: v for v in tf.global_variables()}
    return _batch_norm_run(tf, [a, b], read)


def batch_norm_inline_updates(tf):
    L = tf.contrib.layers
    x4 = tf.constant(_data(4, 3, 3, 2) * 3 + 1)
    x2 = tf.constant(_data(6, 3, seed=1) * 2)
    a = L.batch_norm(x4, updates_collections=None, decay=0.5, scale=True, activation_fn=tf.nn.relu)
    b = L.batch_norm(x2, updates_collections=None, decay=0.5, epsilon=0.01)
    x3 = tf.constant(_data(2, 3, 4, seed=3))
    c = L.batch_norm(x3, updates_collections=None, decay=0.5)
    n = L.batch_norm(x4, is_training=False, scope="eval")
    u = L.batch_norm(x4, updates_collections=None, fused=False, scale=True, scope="unfused")
    read = {v.op.name: v for v in tf.global_variables()}
    return _batch_norm_run(tf, [a, b, c, n, u], read)


def batch_norm_training_tensor(tf):
    L = tf.contrib.layers
    train = tf.placeholder_with_default(True, [])
    x = tf.constant(_data(4, 2, 2, 3))
    y = L.batch_norm(x, is_training=train, decay=0.5)
    z = L.batch_norm(tf.constant(_data(5, 3)), is_training=train, decay=0.5,
                     updates_collections=None)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    read = {v.op.name: v for v in tf.global_variables()}

    def run(sess):
        got = {"train": sess.run([y, z] + updates)[:2]}
        got["eval"] = sess.run([y, z] + updates, {train: False})[:2]
        got.update(sess.run(read))
        return got

    return run


def batch_norm_in_fully_connected(tf):
    L = tf.contrib.layers
    x = tf.constant(_data(6, 4))
    h = L.fully_connected(x, 3, normalizer_fn=L.batch_norm,
                          normalizer_params={"is_training": True, "updates_collections": None})
    read = {v.op.name: v for v in tf.global_variables()}
    return _batch_norm_run(tf, h, read)


def layer_norm(tf):
    L = tf.contrib.layers
    x = tf.constant(_data(2, 3, 4) * 2 + 1)
    a = L.layer_norm(x)
    b = L.layer_norm(x, begin_norm_axis=-1, begin_params_axis=-1, center=False)
    c = L.layer_norm(tf.constant(_data(3, 5)), activation_fn=tf.nn.relu, scale=False)
    return _fetch({"a": a, "b": b, "c": c})


def instance_norm(tf):
    L = tf.contrib.layers
    x = tf.constant(_data(2, 3, 3, 4) * 2 + 1)
    a = L.instance_norm(x)
    b = L.instance_norm(tf.constant(_data(2, 3, 4, 4)), data_format="NCHW", center=False,
                        activation_fn=tf.nn.relu)
    c = L.instance_norm(tf.constant(_data(2, 5, 3)), scale=False, epsilon=0.1)
    return _fetch({"a": a, "b": b, "c": c})


def embeddings(tf):
    L = tf.contrib.layers
    ids = tf.constant([[1, 2, 1], [0, 3, 3]])
    a = L.embed_sequence(ids, vocab_size=4, embed_dim=3)
    b = L.embed_sequence(ids, vocab_size=4, embed_dim=3, unique=True, scope="uniq")
    c = L.embed_sequence(ids, scope="uniq", reuse=True)
    oh = L.one_hot_encoding(tf.constant([0, 2, 1]), 3)
    oh2 = L.one_hot_encoding(tf.constant([[1], [0]], dtype=tf.int64), 2, on_value=5.0,
                             off_value=-1.0)
    return _fetch({"a": a, "b": b, "c": c, "oh": oh, "oh2": oh2})


def repeat_and_stack(tf):
    L = tf.contrib.layers
    x = tf.constant(_data(2, 3))
    r = L.repeat(x, 3, L.fully_connected, 3, scope="fc")
    s = L.stack(x, L.fully_connected, [4, 2], scope="mlp")
    s2 = L.stack(x, L.fully_connected, [[2], [3, None]])
    im = tf.constant(_data(1, 5, 5, 2))
    rc = L.repeat(im, 2, L.conv2d, 2, [3, 3])
    return _fetch({"r": r, "s": s, "s2": s2, "rc": rc})


def regularizers(tf):
    L = tf.contrib.layers
    x = tf.constant(_data(3, 4))
    L.fully_connected(x, 2, weights_regularizer=L.l2_regularizer(0.1),
                      biases_regularizer=L.l1_regularizer(0.5))
    L.conv2d(tf.constant(_data(1, 4, 4, 2)), 2, 3,
             weights_regularizer=L.sum_regularizer([L.l1_regularizer(0.2),
                                                    L.l2_regularizer(0.3), None]))
    w = tf.get_variable("w", [3, 3])
    total = L.apply_regularization(L.l1_l2_regularizer(0.1, 0.2), [w, x])
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    return _fetch({"losses": losses, "total": total})


def arg_scopes(tf):
    L, F = tf.contrib.layers, tf.contrib.framework
    x = tf.constant(_data(2, 4))
    im = tf.constant(_data(1, 6, 6, 2))
    with F.arg_scope([L.fully_connected, L.conv2d], activation_fn=tf.nn.tanh,
                     weights_regularizer=L.l2_regularizer(0.01)) as outer:
        with F.arg_scope([L.conv2d], padding="VALID", stride=2):
            c = L.conv2d(im, 3, 3)
            c_same = L.conv2d(im, 3, 3, padding="SAME")
        h = L.fully_connected(x, 3)
        relu = L.fully_connected(x, 3, activation_fn=tf.nn.relu)
    with F.arg_scope(outer):
        h2 = L.fully_connected(x, 2)
    plain = L.fully_connected(x, 2)
    with F.arg_scope([L.batch_norm], is_training=False):
        with F.arg_scope([L.fully_connected], normalizer_fn=L.batch_norm):
            bn = L.fully_connected(x, 2)
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    return _fetch({"c": c, "c_same": c_same, "h": h, "relu": relu, "h2": h2, "plain": plain,
                   "bn": bn, "losses": losses})


def collections(tf):
    L = tf.contrib.layers
    x = tf.constant(_data(2, 4))
    y = L.fully_connected(x, 3, variables_collections=["mine"], outputs_collections="outs")
    z = L.batch_norm(tf.constant(_data(4, 3)), variables_collections={"beta": ["betas"]},
                     outputs_collections=["outs"])
    outs = tf.get_collection("outs")
    return _fetch({"y": y, "z": z, "outs": outs})


def optimize_loss(tf):
    L = tf.contrib.layers
    x, t = tf.constant(_data(8, 3)), tf.constant(_data(8, 1, seed=4))
    h = L.fully_connected(x, 4, normalizer_fn=L.batch_norm)
    pred = L.fully_connected(h, 1, activation_fn=None)
    loss = tf.reduce_mean(tf.square(pred - t))
    step = tf.train.get_or_create_global_step()
    train = L.optimize_loss(loss, step, 0.1, "SGD", clip_gradients=1.0,
                            summaries=["loss", "gradient_norm", "learning_rate"])

    def run(sess):
        got = {"losses": [sess.run(train) for _ in range(3)]}
        got["step"] = sess.run(step)
        got.update(sess.run({v.op.name: v for v in tf.global_variables()}))
        return got

    return run


def optimize_loss_variants(tf):
    L = tf.contrib.layers
    x, t = tf.constant(_data(6, 2)), tf.constant(_data(6, 1, seed=4))
    pred = L.fully_connected(x, 1, activation_fn=None)
    loss = tf.reduce_mean(tf.square(pred - t))
    step = tf.train.get_or_create_global_step()
    adam = L.optimize_loss(
        loss, step, 0.05, "Adam", name="adam",
        learning_rate_decay_fn=lambda lr, s: tf.train.exponential_decay(lr, s, 1, 0.5),
    )
    weights = tf.contrib.framework.get_variables_by_name("weights")[0]
    mult = L.optimize_loss(loss, step, 0.1, tf.train.GradientDescentOptimizer,
                           gradient_multipliers={weights: 0.0},
                           increment_global_step=False, name="mult")
    fn = L.optimize_loss(loss, None, None, lambda: tf.train.MomentumOptimizer(0.1, 0.5),
                         name="fn", summaries=[])

    def run(sess):
        got = {"adam": [sess.run(adam) for _ in range(2)], "step_after_adam": sess.run(step)}
        got["mult"] = [sess.run(mult) for _ in range(2)]
        got["fn"] = [sess.run(fn) for _ in range(2)]
        got["step"] = sess.run(step)
        got.update(sess.run({v.op.name: v for v in tf.trainable_variables()}))
        return got

    return run


def summaries(tf):
    L = tf.contrib.layers
    x = tf.constant(_data(5, 4))
    h = L.fully_connected(x, 3, outputs_collections=tf.GraphKeys.ACTIVATIONS)
    r6 = L.fully_connected(x * 4, 3, activation_fn=tf.nn.relu6,
                           outputs_collections=tf.GraphKeys.ACTIVATIONS, scope="r6")
    L.summarize_activations()
    L.summarize_tensors([tf.reduce_mean(h), tf.constant([1.0, 2.0], name="pair")])
    L.summarize_tensor(tf.constant(True))
    L.summarize_collection(tf.GraphKeys.TRAINABLE_VARIABLES, name_filter="r6")
    merged = tf.summary.merge_all()
    return _fetch({"merged": merged, "r6": r6})


def dropout_eval(tf):
    L = tf.contrib.layers
    x = tf.constant(_data(3, 4))
    return _fetch({"off": L.dropout(x, 0.3, is_training=False),
                   "kept": L.dropout(x, keep_prob=1.0)})


def softmax_nd(tf):
    return _fetch({"p": tf.contrib.layers.softmax(tf.constant(_data(2, 3, 4)))})


# -- contrib.framework -------------------------------------------------------------------------
def framework(tf):
    F, L = tf.contrib.framework, tf.contrib.layers
    with tf.variable_scope("enc"):
        L.fully_connected(tf.constant(_data(2, 3)), 2)
        F.model_variable("extra", [2], initializer=tf.ones_initializer(), collections=["c1"])
        F.variable("plain", [3], collections=["c2"])
    with tf.variable_scope("dec"):
        L.fully_connected(tf.constant(_data(2, 3)), 2, scope="fc")
        F.local_variable(tf.zeros([2]), name="local")
    step = F.get_or_create_global_step()
    listed = {
        "all": F.get_variables(),
        "enc": F.get_variables("enc"),
        "suffix_weights": F.get_variables(suffix="weights"),
        "model": F.get_model_variables(),
        "model_dec": F.get_model_variables("dec"),
        "by_name_biases": F.get_variables_by_name("biases"),
        "by_suffix": F.get_variables_by_suffix("tra"),
        "restore": F.get_variables_to_restore(exclude=["dec", "global_step"]),
        "restore_inc": F.get_variables_to_restore(include=["dec/fc"]),
        "local": F.get_local_variables(),
        "trainable_enc": F.get_trainable_variables("enc"),
        "c1": tf.get_collection("c1"),
        "c2": tf.get_collection("c2"),
        "unique": [F.get_unique_variable("enc/extra")],
        "step": [step],
    }
    names = {k: [v.op.name for v in vs] for k, vs in listed.items()}
    return lambda sess: {"names": names}


# -- contrib.rnn -------------------------------------------------------------------------------
def rnn_layer_norm_lstm(tf):
    R = tf.contrib.rnn
    steps = [tf.constant(_data(2, 3, seed=s)) for s in range(3)]
    cell = R.LayerNormBasicLSTMCell(4)
    outputs, state = R.static_rnn(cell, steps, dtype=tf.float32)
    plain = R.LayerNormBasicLSTMCell(3, layer_norm=False, norm_gain=2.0)
    out2, state2 = tf.nn.dynamic_rnn(plain, tf.constant(_data(2, 4, 3)), dtype=tf.float32,
                                     scope="dyn")
    return _fetch({"outputs": outputs, "c": state.c, "h": state.h, "out2": out2,
                   "c2": state2.c})


def rnn_stacked(tf):
    R = tf.contrib.rnn
    x = tf.constant(_data(2, 4, 3))
    fw = [R.BasicLSTMCell(3), R.GRUCell(2)]
    bw = [R.LSTMCell(2), R.BasicRNNCell(3)]
    out, s_fw, s_bw = R.stack_bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32,
                                                        sequence_length=[4, 2])
    steps = tf.unstack(tf.constant(_data(3, 2, 2, seed=5)))
    out2, f2, b2 = R.stack_bidirectional_rnn([R.BasicRNNCell(2)], [R.BasicRNNCell(2)], steps,
                                             dtype=tf.float32, scope="static")
    return _fetch({"out": out, "fw_h": s_fw[0].h, "fw2": s_fw[1], "bw_c": s_bw[0].c,
                   "bw2": s_bw[1], "out2": out2, "f2": f2[0], "b2": b2[0]})


def rnn_cells(tf):
    R = tf.contrib.rnn
    steps = [tf.constant(_data(2, 3, seed=s)) for s in range(2)]
    cell = R.MultiRNNCell([R.ResidualWrapper(R.GRUCell(3)),
                           R.DropoutWrapper(R.BasicLSTMCell(2), output_keep_prob=1.0)])
    outputs, state = R.static_rnn(cell, steps, dtype=tf.float32)
    return _fetch({"outputs": outputs, "s0": state[0], "s1": state[1]})


def rnn_wrappers(tf):
    R = tf.contrib.rnn
    ids = [tf.constant([1, 3]), tf.constant([0, 2])]
    cell = R.OutputProjectionWrapper(
        R.EmbeddingWrapper(R.GRUCell(3), embedding_classes=4, embedding_size=2), 5)
    outputs, state = R.static_rnn(cell, ids, dtype=tf.float32)
    proj = R.InputProjectionWrapper(R.BasicLSTMCell(2), num_proj=3, activation=tf.nn.tanh)
    out2, state2 = tf.nn.dynamic_rnn(proj, tf.constant(_data(2, 3, 4)), dtype=tf.float32)
    x = tf.constant(_data(2, 3, 4))
    return _fetch({"outputs": outputs, "state": state, "out2": out2, "c2": state2.c,
                   "transposed": R.transpose_batch_time(x),
                   "batch": tf.constant(R.best_effort_input_batch_size([tf.zeros([3, 5, 2])]))})


CASES = {f.__name__: f for f in (
    fully_connected, fully_connected_reuse, conv, more_layers, bias_add, batch_norm_default,
    batch_norm_inline_updates, batch_norm_training_tensor, batch_norm_in_fully_connected,
    layer_norm, instance_norm, embeddings, repeat_and_stack, regularizers, arg_scopes, collections,
    optimize_loss, optimize_loss_variants, summaries, dropout_eval, softmax_nd, framework,
    rnn_layer_norm_lstm, rnn_stacked, rnn_cells, rnn_wrappers,
)}


def _weights(tf):
    """The trainable and the model variables (not the optimizers' slots, not the step)."""
    weights = list(tf.trainable_variables())
    return weights + [v for v in tf.model_variables() if all(v is not w for w in weights)]


def run_case(tf, name):
    """(values: {fetch: value}, record: variables, model variables, trainable, UPDATE_OPS
    count, collections) of case `name` built in a fresh graph with the fixed weights."""
    with tf.Graph().as_default():
        run = CASES[name](tf)
        record = {
            "variables": _names(tf.global_variables()),
            "model_variables": _names(tf.model_variables()),
            "trainable": [v.name for v in tf.trainable_variables()],
            "update_ops": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
            "collections": {k: [getattr(t, "name", None) for t in tf.get_collection(k)]
                            for k in ("mine", "betas", "weights", "biases", "outs")},
        }
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            for v in _weights(tf):
                v.load(weight_value(v.name, v.shape.as_list()), sess)
            values = run(sess)
    return values, record


# -- errors (exception class and the message's first line, recorded from TF) -------------------
def _fc_float_outputs(tf):
    tf.contrib.layers.fully_connected(tf.zeros([2, 3]), 2.0)


def _conv2d_rank(tf):
    tf.contrib.layers.conv2d(tf.zeros([2, 3, 4]), 2, 3)


def _conv_format(tf):
    tf.contrib.layers.conv2d(tf.zeros([2, 3, 4, 1]), 2, 3, data_format="HWCN")


def _pool_format(tf):
    tf.contrib.layers.max_pool2d(tf.zeros([2, 3, 4, 1]), 2, data_format="NCW")


def _embed_no_vocab(tf):
    tf.contrib.layers.embed_sequence(tf.constant([[1]]), vocab_size=3)


def _layer_norm_axis(tf):
    tf.contrib.layers.layer_norm(tf.zeros([2, 3]), begin_norm_axis=2)


def _layer_norm_rank(tf):
    tf.contrib.layers.layer_norm(tf.placeholder(tf.float32))


def _layer_norm_params(tf):
    tf.contrib.layers.layer_norm(tf.placeholder(tf.float32, [2, None]))


def _batch_norm_rank(tf):
    tf.contrib.layers.batch_norm(tf.placeholder(tf.float32))


def _batch_norm_format(tf):
    tf.contrib.layers.batch_norm(tf.zeros([2, 3, 2, 2]), data_format="NC")


def _optimizer_name(tf):
    loss = tf.reduce_sum(tf.get_variable("v", [1]))
    tf.contrib.layers.optimize_loss(loss, tf.train.get_or_create_global_step(), 0.1, "Sgd")


def _optimizer_summary(tf):
    loss = tf.reduce_sum(tf.get_variable("v", [1]))
    tf.contrib.layers.optimize_loss(loss, None, 0.1, "SGD", summaries=["weights"])


def _optimizer_lr(tf):
    loss = tf.reduce_sum(tf.get_variable("v", [1]))
    tf.contrib.layers.optimize_loss(loss, None, 1, "SGD")


def _optimizer_no_lr(tf):
    loss = tf.reduce_sum(tf.get_variable("v", [1]))
    tf.contrib.layers.optimize_loss(loss, None, None, "SGD")


def _optimizer_bad(tf):
    loss = tf.reduce_sum(tf.get_variable("v", [1]))
    tf.contrib.layers.optimize_loss(loss, None, 0.1, 3)


def _regularize_nothing(tf):
    tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(0.1))


def _regularize_nonscalar(tf):
    tf.contrib.layers.apply_regularization(lambda w: w * 2, [tf.zeros([2])])


def _stack_args(tf):
    tf.contrib.layers.stack(tf.zeros([2, 3]), tf.contrib.layers.fully_connected, 3)


def _arg_scope_undecorated(tf):
    with tf.contrib.framework.arg_scope([tf.layers.dense], units=3):
        pass


def _arg_scope_not_list(tf):
    with tf.contrib.framework.arg_scope(tf.contrib.layers.fully_connected, num_outputs=3):
        pass


def _arg_scope_dict_kwargs(tf):
    with tf.contrib.framework.arg_scope({}, num_outputs=3):
        pass


def _unique_missing(tf):
    tf.contrib.framework.get_unique_variable("nope")


def _restore_exclude(tf):
    tf.contrib.framework.get_variables_to_restore(exclude="x")


def _variance_scaling_mode(tf):
    tf.contrib.layers.variance_scaling_initializer(mode="fan_in")


def _variance_scaling_dtype(tf):
    tf.contrib.layers.variance_scaling_initializer(dtype=tf.int32)


def _stack_rnn_depth(tf):
    R = tf.contrib.rnn
    R.stack_bidirectional_dynamic_rnn([R.GRUCell(2)], [R.GRUCell(2), R.GRUCell(2)],
                                      tf.zeros([1, 2, 2]), dtype=tf.float32)


def _stack_rnn_not_list(tf):
    R = tf.contrib.rnn
    R.stack_bidirectional_rnn(R.GRUCell(2), [R.GRUCell(2)], [tf.zeros([1, 2])],
                              dtype=tf.float32)


def _output_projection_size(tf):
    tf.contrib.rnn.OutputProjectionWrapper(tf.contrib.rnn.GRUCell(2), 0)


def _embedding_wrapper_sizes(tf):
    tf.contrib.rnn.EmbeddingWrapper(tf.contrib.rnn.GRUCell(2), 0, 3)


def _maxout_units(tf):
    tf.contrib.layers.maxout(tf.zeros([2, 5]), 2)


def _unit_norm_dim(tf):
    tf.contrib.layers.unit_norm(tf.zeros([2, 5]), 2)


def _load_dataset_unknown(tf):
    tf.contrib.learn.datasets.load_dataset("cifar")


ERRORS = {f.__name__[1:]: f for f in (
    _fc_float_outputs, _conv2d_rank, _conv_format, _pool_format, _embed_no_vocab,
    _layer_norm_axis, _layer_norm_rank, _layer_norm_params, _batch_norm_rank, _batch_norm_format,
    _optimizer_name, _optimizer_summary, _optimizer_lr, _optimizer_no_lr, _optimizer_bad,
    _regularize_nothing, _regularize_nonscalar, _stack_args, _arg_scope_undecorated,
    _arg_scope_not_list, _arg_scope_dict_kwargs, _unique_missing, _restore_exclude,
    _variance_scaling_mode, _variance_scaling_dtype, _stack_rnn_depth, _stack_rnn_not_list,
    _load_dataset_unknown, _output_projection_size, _embedding_wrapper_sizes, _maxout_units,
    _unit_norm_dim,
)}


def error_of(tf, name):
    """[exception class name, first line of its message] of error case `name` (None: none)."""
    try:
        with tf.Graph().as_default():
            ERRORS[name](tf)
    except Exception as e:  # noqa: BLE001 - recording whatever is raised
        return [type(e).__name__, str(e).split("\n")[0]]
    return None


def flatten(prefix, value, out):
    """Nested dicts, lists and tuples of arrays, bytes and strings -> out["prefix/k/0/..."]."""
    if isinstance(value, dict):
        for k in sorted(value):
            flatten(f"{prefix}/{k}", value[k], out)
    elif isinstance(value, (list, tuple)) and not (value and isinstance(value[0], str)):
        for i, v in enumerate(value):
            flatten(f"{prefix}/{i}", v, out)
        if not value:
            out[prefix] = np.zeros([0])
    else:
        out[prefix] = np.asarray(value)
    return out


# -- contrib.training.HParams: (initial values, what to do) -> repr of the result or the error --
HPARAMS_INIT = dict(lr=0.1, steps=3, layers=[64, 32], name="net", flag=False, rates=[0.5])
HPARAMS_OPS = {
    "parse_scalars": lambda h: h.parse("lr=1,steps=10,name=deep,flag=true"),
    "parse_lists": lambda h: h.parse("layers=[1, 2,3],rates=[1,0.25]"),
    "parse_bool_int": lambda h: h.parse("flag=1"),
    "parse_index": lambda h: h.parse("layers[1]=5"),
    "parse_unknown": lambda h: h.parse("depth=3"),
    "parse_malformed": lambda h: h.parse("lr"),
    "parse_bad_int": lambda h: h.parse("steps=1.5"),
    "parse_bad_bool": lambda h: h.parse("flag=yes"),
    "parse_twice": lambda h: h.parse("lr=1,lr=2"),
    "parse_list_to_scalar": lambda h: h.parse("lr=[1,2]"),
    "set_int_to_float": lambda h: (h.set_hparam("lr", 2), h)[1],
    "set_float_to_int": lambda h: h.set_hparam("steps", 2.0),
    "set_str_to_int": lambda h: h.set_hparam("name", 3),
    "set_bool_to_int": lambda h: h.set_hparam("steps", True),
    "set_list_for_scalar": lambda h: h.set_hparam("lr", [1.0]),
    "set_scalar_for_list": lambda h: h.set_hparam("layers", 3),
    "override": lambda h: h.override_from_dict({"steps": 7, "layers": [9]}),
    "json": lambda h: h.parse_json('{"lr": 0.5, "name": "j"}').to_json(sort_keys=True),
    "add_reserved": lambda h: h.add_hparam("parse", 1),
    "add_empty_list": lambda h: h.add_hparam("empty", []),
    "add_and_delete": lambda h: (h.add_hparam("extra", 1.5), h.del_hparam("steps"), h)[2],
    "get": lambda h: [h.get("lr"), h.get("missing", 4), h.get("steps", 2)],
    "get_bad_default": lambda h: h.get("steps", "x"),
    "get_list_default": lambda h: h.get("layers", 3),
    "contains_and_str": lambda h: ["lr" in h, "nope" in h, str(h)],
    "values": lambda h: sorted(h.values().items()),
}


def hparams_results(HParams):
    """name -> repr of what HPARAMS_OPS[name] gives on a fresh HParams, or [class, message]."""
    results = {}
    for name, op in HPARAMS_OPS.items():
        try:
            results[name] = repr(op(HParams(**HPARAMS_INIT)))
        except Exception as e:  # noqa: BLE001 - recording whatever is raised
            results[name] = [type(e).__name__, str(e)]
    return results


# -- contrib.learn.preprocessing: what the text processors give on DOCUMENTS --------------------
DOCUMENTS = [
    "The quick brown fox", "the lazy DOG jumps over the quick dog", "HTMLParser don't stop-words",
    "fox fox fox", "", "ünïcode wörds and CamelCaseWords",
]


def preprocessing_results(pre):
    """JSON-able results of tf.contrib.learn.preprocessing `pre` on DOCUMENTS."""
    out = {"tokens": [list(t) for t in pre.tokenizer(DOCUMENTS)]}
    vocab = pre.VocabularyProcessor(6)
    out["ids"] = [ids.tolist() for ids in vocab.fit_transform(DOCUMENTS)]
    out["unseen"] = [ids.tolist() for ids in vocab.transform(["quick zebra fox"])]
    out["reverse"] = list(vocab.reverse([[1, 2, 0], [5, 4]]))
    out["size"] = len(vocab.vocabulary_)
    trimmed = pre.VocabularyProcessor(4, min_frequency=1)
    out["trimmed"] = [ids.tolist() for ids in trimmed.fit_transform(DOCUMENTS)]
    out["trimmed_size"] = len(trimmed.vocabulary_)
    byte = pre.ByteProcessor(8)
    out["bytes"] = [b.tolist() for b in byte.transform(["abc", "ünï", "a much longer text"])]
    out["bytes_back"] = list(byte.reverse(np.array(out["bytes"], np.uint8)))
    vocabulary = pre.CategoricalVocabulary()
    for word in ["b", "a", "b", "c", "b", "a"]:
        vocabulary.add(word)
    vocabulary.trim(1)
    out["categorical"] = [vocabulary.get(w) for w in ["a", "b", "c", "d"]]
    return out
