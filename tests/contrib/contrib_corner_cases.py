"""tf.contrib.slim / losses / metrics / rnn.LSTMBlockCell / tensorboard.plugins.projector cases
shared by tools/make_contrib_corner_fixtures.py (real TF 1.15) and
tests/contrib/test_contrib_corners.py (tinytf). Each case builds with `tf` (either module) and
returns run(sess) -> {name: value}; the weights get contrib_cases.weight_value's fixed values
first, so both frameworks compute the same numbers. Python 3.7 compatible."""

import os

import numpy as np

from tests.contrib import contrib_cases as base

_data = base._data
_ONE_HOT = np.eye(3, dtype=np.float32)[[0, 2, 1, 2]]


def _slim_cnn_logits(tf, x):
    """A small CNN in TF-Slim's style: arg_scope, repeat, stack, pools, batch_norm, dropout."""
    slim = tf.contrib.slim
    with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu,
                        weights_regularizer=slim.l2_regularizer(0.01)):
        with slim.arg_scope([slim.conv2d], padding="SAME"):
            net = slim.repeat(x, 2, slim.conv2d, 4, [3, 3], scope="conv1")
            net = slim.max_pool2d(net, [2, 2], scope="pool1")
            net = slim.stack(net, slim.conv2d, [(6, [3, 3]), (8, [1, 1])], scope="conv2",
                             normalizer_fn=slim.batch_norm)
            net = slim.avg_pool2d(net, [2, 2], scope="pool2")
            net = slim.flatten(net)
            net = slim.stack(net, slim.fully_connected, [16, 8], scope="fc")
            net = slim.dropout(net, 0.5, is_training=False)
            return slim.fully_connected(net, 3, activation_fn=None, scope="logits")


def slim_cnn(tf):
    slim = tf.contrib.slim
    logits = _slim_cnn_logits(tf, tf.constant(_data(4, 8, 8, 2)))
    xent = slim.losses.softmax_cross_entropy(logits, tf.constant(_ONE_HOT))
    total = slim.losses.get_total_loss()
    train_op = slim.learning.create_train_op(total, tf.train.GradientDescentOptimizer(0.1))
    mean = [v for v in slim.get_variables("conv2") if v.name.endswith("moving_mean:0")]

    def run(sess):
        got = sess.run({"logits": logits, "xent": xent, "total": total})
        got["steps"] = [sess.run(train_op) for _ in range(3)]
        got["after"] = sess.run({"total": total, "moving_mean": mean,
                                 "step": tf.train.get_global_step()})
        return got

    return run


def slim_create_train_op_options(tf):
    slim = tf.contrib.slim
    x = tf.constant(_data(5, 3))
    y = tf.constant(_data(5, 2, seed=1))
    pred = slim.fully_connected(x, 2, activation_fn=None, scope="fc")
    loss = slim.losses.mean_squared_error(pred, y)
    w = slim.get_variables_by_name("weights")[0]
    train_op = slim.learning.create_train_op(
        loss, tf.train.GradientDescentOptimizer(0.5), clip_gradient_norm=0.1,
        gradient_multipliers={w: 3.0, "fc/biases": 0.5}, summarize_gradients=True)
    summaries = sorted(t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES))

    def run(sess):
        got = {"steps": [sess.run(train_op) for _ in range(3)]}
        got["summaries"] = summaries
        got["train_ops"] = len(tf.get_collection(tf.GraphKeys.TRAIN_OP))
        return got

    return run


def slim_variables(tf):
    slim = tf.contrib.slim
    reg = slim.l2_regularizer(0.1)
    w = slim.model_variable("w", shape=[2, 3], initializer=tf.ones_initializer(),
                            regularizer=reg)
    slim.variable("v", shape=[3], initializer=slim.xavier_initializer())
    with tf.variable_scope("blk"):
        slim.variable("u", [2], initializer=slim.variance_scaling_initializer())
        slim.model_variable("m", [1])
    oh = slim.one_hot_encoding(tf.constant([0, 2, 1]), 3)
    names = {
        "all": [v.op.name for v in slim.get_variables()],
        "blk": [v.op.name for v in slim.get_variables("blk")],
        "model": [v.op.name for v in slim.get_model_variables()],
        "by_name": [v.op.name for v in slim.get_variables_by_name("w")],
        "by_suffix": [v.op.name for v in slim.get_variables_by_suffix("u")],
    }
    reg_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)

    def run(sess):
        got = sess.run({"w": w, "oh": oh, "reg": reg_losses})
        got["names"] = names
        return got

    return run


def slim_summaries(tf):
    slim = tf.contrib.slim
    x = tf.constant(_data(2, 3), name="x")
    r = tf.nn.relu(x, name="r")
    ops = [slim.summaries.add_histogram_summary(x),
           slim.summaries.add_scalar_summary(tf.reduce_mean(x), prefix="p"),
           slim.summaries.add_scalar_summary(tf.reduce_max(x), name="peak", print_summary=True),
           slim.summaries.add_zero_fraction_summary(r, prefix="z")]
    ops += slim.summaries.add_scalar_summaries([tf.reduce_min(x), tf.reduce_sum(r)], prefix="s")
    ops += slim.summaries.add_zero_fraction_summaries([x])
    merged = tf.summary.merge_all()
    names = {"ops": [op.op.name for op in ops],
             "collected": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}

    def run(sess):
        summary = tf.Summary.FromString(sess.run(merged))
        got = {v.tag: v.simple_value for v in summary.value if v.WhichOneof("value")
               == "simple_value"}
        return {"scalars": got, "tags": sorted(v.tag for v in summary.value), "names": names}

    return run


def contrib_losses(tf):
    L = tf.contrib.losses
    p = tf.constant(_data(4, 3) * 0.3 + 0.5)
    y = tf.constant(np.abs(_data(4, 3, seed=1)) % 1.0)
    w_batch = tf.constant([1.0, 0.0, 2.0, 0.5])
    w_full = tf.constant(np.abs(_data(4, 3, seed=2)))
    logits = tf.constant(_data(4, 3, seed=3))
    out = {
        "mse": L.mean_squared_error(p, y),
        "mse_batch": L.mean_squared_error(p, y, weights=w_batch),
        "mse_col": L.mean_squared_error(p, y, weights=tf.reshape(w_batch, [4, 1])),
        "abs_full": L.absolute_difference(p, y, weights=w_full),
        "abs_zero": L.absolute_difference(p, y, weights=0.0),
        "log": L.log_loss(tf.sigmoid(p), y, weights=w_batch),
        "hinge": L.hinge_loss(logits, tf.constant(_ONE_HOT)),
        "softmax": L.softmax_cross_entropy(logits, tf.constant(_ONE_HOT), weights=w_batch),
        "softmax_smooth": L.softmax_cross_entropy(logits, tf.constant(_ONE_HOT),
                                                  label_smoothing=0.2),
        "sigmoid": L.sigmoid_cross_entropy(logits, tf.constant(_ONE_HOT), label_smoothing=0.1),
        "sparse": L.sparse_softmax_cross_entropy(logits, tf.constant([[0], [2], [1], [2]]),
                                                 weights=w_batch),
        "cosine": L.cosine_distance(tf.nn.l2_normalize(p, 1), tf.nn.l2_normalize(y, 1),
                                    axis=1, weights=w_batch),
        "cosine_dim": L.cosine_distance(p, y, dim=0),
        "pairwise": L.mean_pairwise_squared_error(p, y, weights=w_batch),
        "weighted": L.compute_weighted_loss(tf.constant(_data(2, 3, 2, seed=4)),
                                            tf.constant([[1.0], [3.0]])),
    }
    names = [t.op.name for t in L.get_losses()]
    total = L.get_total_loss()

    def run(sess):
        got = sess.run(out)
        got["total"] = sess.run(total)
        got["names"] = names
        return got

    return run


def contrib_metrics(tf):
    M = tf.contrib.metrics
    p = tf.constant([0.1, 0.8, 0.6, 0.3, 0.9, 0.45])
    y = tf.constant([0, 1, 0, 1, 1, 0])
    yb = tf.cast(y, tf.bool)
    pb = tf.greater(p, 0.5)
    w = tf.constant([1.0, 2.0, 0.5, 1.0, 1.0, 0.0])
    scores = tf.constant(_data(6, 4))
    cls = tf.constant([0, 3, 1, 2, 2, 0], tf.int64)
    pairs = {
        "accuracy": M.streaming_accuracy(tf.cast(pb, tf.int32), y, w),
        "mean": M.streaming_mean(p, w),
        "mean_tensor": M.streaming_mean_tensor(tf.reshape(p, [2, 3])),
        "precision": M.streaming_precision(pb, yb),
        "recall": M.streaming_recall(pb, yb, w),
        "tp": M.streaming_true_positives(pb, yb),
        "fn": M.streaming_false_negatives(pb, yb),
        "auc": M.streaming_auc(p, yb, num_thresholds=50),
        "auc_pr": M.streaming_auc(p, yb, curve="PR"),
        "mse": M.streaming_mean_squared_error(p, tf.cast(y, tf.float32)),
        "rmse": M.streaming_root_mean_squared_error(p, tf.cast(y, tf.float32)),
        "mae": M.streaming_mean_absolute_error(p, tf.cast(y, tf.float32), w),
        "less": M.streaming_percentage_less(p, 0.5),
        "pr_thresholds": M.streaming_precision_at_thresholds(p, yb, [0.2, 0.5, 0.7]),
        "recall_at_k": M.streaming_recall_at_k(scores, tf.cast(cls, tf.int32), 2),
        "sparse_recall_at_k": M.streaming_sparse_recall_at_k(scores, cls, 2),
        "iou": M.streaming_mean_iou(tf.cast(pb, tf.int32), y, 2),
        "spec_at_sens": M.streaming_specificity_at_sensitivity(p, yb, 0.6),
    }
    values, updates = M.aggregate_metric_map(pairs)
    listed = M.aggregate_metrics(pairs["mean"], pairs["mse"])
    acc = M.accuracy(tf.constant([1, 2, 3]), tf.constant([1, 0, 3]))
    local = sorted(v.op.name for v in tf.local_variables())

    def run(sess):
        sess.run(tf.local_variables_initializer())
        sess.run(updates)
        sess.run(updates)
        got = sess.run(values)
        got["listed"] = sess.run(listed[0])
        got["acc"] = sess.run(acc)
        got["local"] = local
        return got

    return run


def contrib_metrics_own(tf):
    M = tf.contrib.metrics
    p = tf.placeholder(tf.float32, [6])
    y = tf.placeholder(tf.int32, [6])
    w = tf.constant([1.0, 2.0, 0.5, 1.0, 1.0, 0.0])
    th = [0.2, 0.5, 0.7]
    pairs = {
        "tp_th": M.streaming_true_positives_at_thresholds(p, y, th),
        "fn_th": M.streaming_false_negatives_at_thresholds(p, y, th, weights=w),
        "tn_th": M.streaming_true_negatives_at_thresholds(p, y, th),
        "fp_th": M.streaming_false_positives_at_thresholds(p, y, th),
        "fpr": M.streaming_false_positive_rate(tf.greater(p, 0.5), y),
        "fnr": M.streaming_false_negative_rate(tf.greater(p, 0.5), y, w),
        "fpr_th": M.streaming_false_positive_rate_at_thresholds(p, y, th),
        "fnr_th": M.streaming_false_negative_rate_at_thresholds(p, y, th, weights=w),
        "count": M.count(p),
        "count_w": M.count(p, w),
        "cov": M.streaming_covariance(p, tf.cast(y, tf.float32)),
        "cov_w": M.streaming_covariance(p, tf.cast(y, tf.float32), weights=w),
        "pearson": M.streaming_pearson_correlation(p, tf.cast(y, tf.float32), w),
        "cosine": M.streaming_mean_cosine_distance(tf.reshape(p, [3, 2]),
                                                   tf.reshape(tf.cast(y, tf.float32), [3, 2]),
                                                   dim=1),
    }
    values, updates = tf.contrib.metrics.aggregate_metric_map(pairs)
    local = sorted(v.op.name for v in tf.local_variables())
    feeds = [{p: [0.1, 0.8, 0.6, 0.3, 0.9, 0.45], y: [0, 1, 0, 1, 1, 0]},
             {p: [0.7, 0.2, 0.55, 0.05, 0.65, 0.95], y: [1, 1, 0, 0, 1, 0]}]

    def run(sess):
        sess.run(tf.local_variables_initializer())
        got = {"first": sess.run(updates, feeds[0]), "second": sess.run(updates, feeds[1])}
        got.update(sess.run(values))
        got["local"] = local
        return got

    return run


def _lstm_block(tf, **kwargs):
    cell = tf.contrib.rnn.LSTMBlockCell(5, **kwargs)
    x = tf.constant(_data(4, 2, 3))
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    grads = tf.gradients(tf.reduce_sum(outputs) + tf.reduce_sum(state.c),
                         [x] + tf.trainable_variables())
    return base._fetch({"outputs": outputs, "c": state.c, "h": state.h, "grads": grads})


def lstm_block(tf):
    return _lstm_block(tf)


def lstm_block_options(tf):
    return _lstm_block(tf, forget_bias=0.5, cell_clip=0.4, use_peephole=True)


def lstm_block_static(tf):
    cell = tf.contrib.rnn.LSTMBlockCell(3, name="block")
    xs = tf.unstack(tf.constant(_data(3, 2, 4)))
    outputs, state = tf.nn.static_rnn(cell, xs, dtype=tf.float32, scope="rnn")
    sizes = [cell.state_size.c, cell.state_size.h, cell.output_size]
    return lambda sess: dict(sess.run({"outputs": outputs, "c": state.c, "h": state.h}),
                             sizes=sizes)


def _lstm_fused(tf, sequence_length=None, **kwargs):
    cell = tf.contrib.rnn.LSTMBlockFusedCell(4, **kwargs)
    x = tf.constant(_data(5, 3, 2, seed=2))
    h0 = tf.constant(_data(3, 4, seed=3))
    c0 = tf.constant(_data(3, 4, seed=4))
    outputs, state = cell(x, (c0, h0), sequence_length=sequence_length)
    loss = tf.reduce_sum(outputs * tf.constant(_data(5, 3, 4, seed=5))) + tf.reduce_sum(
        state.c) + 2 * tf.reduce_sum(state.h)
    grads = tf.gradients(loss, [x, c0, h0] + tf.trainable_variables())
    return base._fetch({"outputs": outputs, "c": state.c, "h": state.h, "grads": grads})


def lstm_fused(tf):
    return _lstm_fused(tf)


def lstm_fused_options(tf):
    return _lstm_fused(tf, sequence_length=[2, 5, 3], forget_bias=0.3, cell_clip=0.5,
                       use_peephole=True)


def lstm_fused_zero_state(tf):
    cell = tf.contrib.rnn.LSTMBlockFusedCell(2, name="fused")
    outputs, state = cell(tf.constant(_data(3, 2, 3, seed=6)), dtype=tf.float32,
                          sequence_length=tf.constant([3, 1]))
    return base._fetch({"outputs": outputs, "c": state.c, "h": state.h})


CASES = {f.__name__: f for f in (
    slim_cnn, slim_create_train_op_options, slim_variables, slim_summaries, contrib_losses,
    contrib_metrics, contrib_metrics_own, lstm_block, lstm_block_options, lstm_block_static,
    lstm_fused, lstm_fused_options, lstm_fused_zero_state,
)}


def run_case(tf, name):
    """(values, record: variable names and shapes, model variables, UPDATE_OPS count) of case
    `name` in a fresh graph, the weights fixed by contrib_cases.weight_value."""
    with tf.Graph().as_default():
        run = CASES[name](tf)
        record = {
            "variables": base._names(tf.global_variables()),
            "model_variables": base._names(tf.model_variables()),
            "update_ops": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
        }
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            for v in base._weights(tf):
                v.load(base.weight_value(v.name, v.shape.as_list()), sess)
            values = run(sess)
    return values, record


# -- slim.learning.train: a short loop with a logdir and checkpoints ---------------------------
def slim_train(tf, logdir, number_of_steps=3):
    """The final loss, the global step in the last checkpoint and that checkpoint's name."""
    slim = tf.contrib.slim
    with tf.Graph().as_default():
        logits = _slim_cnn_logits(tf, tf.constant(_data(4, 8, 8, 2)))
        slim.losses.softmax_cross_entropy(logits, tf.constant(_ONE_HOT))
        train_op = slim.learning.create_train_op(
            slim.losses.get_total_loss(), tf.train.GradientDescentOptimizer(0.1))
        weights = base._weights(tf)

        def init_fn(sess):
            for v in weights:
                v.load(base.weight_value(v.name, v.shape.as_list()), sess)

        loss = slim.learning.train(train_op, logdir, number_of_steps=number_of_steps,
                                   init_fn=init_fn, log_every_n_steps=0)
    ckpt = tf.train.latest_checkpoint(logdir)
    return {
        "loss": loss,
        "checkpoint": os.path.basename(ckpt),
        "step": tf.train.load_variable(ckpt, "global_step"),
        "files": sorted(f for f in os.listdir(logdir) if f in ("checkpoint", "graph.pbtxt")),
    }


# -- a TF-built GraphDef with LSTMBlockCell and BlockLSTM ops ----------------------------------
def model_analyzer(tf):
    """(printed lines, totals) of analyze_vars and analyze_ops on a small graph."""
    import contextlib
    import io

    slim = tf.contrib.slim
    out = io.StringIO()
    with tf.Graph().as_default() as graph, contextlib.redirect_stdout(out):
        a = tf.constant(np.zeros([2, 3], np.float32), name="a")
        b = tf.add(a, tf.constant(1.0), name="b")
        tf.reshape(b, tf.constant([3, 2], name="to"), name="c")
        tf.placeholder(tf.float32, [None, 3], name="p")
        ops_total = slim.model_analyzer.analyze_ops(graph, print_info=True)
        slim.model_variable("w", [2, 3])
        slim.variable("v", [4], dtype=tf.int32)
        vars_total = slim.model_analyzer.analyze_vars(tf.global_variables(), print_info=True)
    return {"printed": out.getvalue().splitlines(), "ops_total": ops_total,
            "vars_total": list(vars_total)}


def lstm_graph(tf):
    """Builds with TF's raw ops; returns the fetch names."""
    def const(*shape, seed):
        return tf.constant(_data(*shape, seed=seed) * 0.5)

    w, b, wc = const(7, 16, seed=1), const(16, seed=2), [const(4, seed=s) for s in (3, 4, 5)]
    cs, h = const(2, 4, seed=6), const(2, 4, seed=7)
    cell = tf.raw_ops.LSTMBlockCell(x=const(2, 3, seed=8), cs_prev=cs, h_prev=h, w=w,
                                    wci=wc[0], wcf=wc[1], wco=wc[2], b=b, forget_bias=0.5,
                                    cell_clip=0.8, use_peephole=True)
    block = tf.raw_ops.BlockLSTM(seq_len_max=tf.constant(2, tf.int64), x=const(3, 2, 3, seed=9),
                                 cs_prev=cs, h_prev=h, w=w, wci=wc[0], wcf=wc[1], wco=wc[2],
                                 b=b, cell_clip=-1.0)
    return [cell[1].name, cell[6].name, block[1].name, block[6].name]


# -- tensorboard.plugins.projector -------------------------------------------------------------
def projector_pbtxt(tf, logdir):
    """The projector_config.pbtxt that visualize_embeddings writes for a config."""
    projector = tf.contrib.tensorboard.plugins.projector
    config = projector.ProjectorConfig()
    emb = config.embeddings.add()
    emb.tensor_name = "embedding:0"
    emb.metadata_path = "metadata.tsv"
    emb.sprite.image_path = "sprite.png"
    emb.sprite.single_image_dim.extend([28, 28])
    config.model_checkpoint_path = "model.ckpt-1"
    with tf.Graph().as_default():
        writer = tf.summary.FileWriter(logdir)
        projector.visualize_embeddings(writer, config)
        writer.close()
    with open(os.path.join(logdir, "projector_config.pbtxt")) as f:
        return f.read()


# -- slim.evaluation: evaluate_once and evaluation_loop on a saved checkpoint -----------------
def _eval_model(tf):
    slim = tf.contrib.slim
    x = tf.constant(_data(4, 3, seed=7))
    logits = slim.fully_connected(x, 3, activation_fn=None, scope="fc")
    return tf.argmax(logits, 1), logits


def _summaries(tf, logdir):
    out = []
    for name in sorted(os.listdir(logdir)):
        if name.startswith("events"):
            for event in tf.train.summary_iterator(os.path.join(logdir, name)):
                out += [[event.step, v.tag, v.simple_value] for v in event.summary.value]
    return out


def slim_evaluate(tf, root):
    """final_op values of evaluate_once and evaluation_loop, and the summaries they wrote."""
    slim = tf.contrib.slim
    ckpt_dir = os.path.join(root, "train")
    with tf.Graph().as_default():
        _eval_model(tf)
        step = tf.train.get_or_create_global_step()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for v in base._weights(tf):
                v.load(base.weight_value(v.name, v.shape.as_list()), sess)
            step.load(7, sess)
            path = tf.train.Saver().save(sess, os.path.join(ckpt_dir, "model.ckpt"), 7)
    got = {}
    for kind in ("once", "loop"):
        with tf.Graph().as_default():
            pred, logits = _eval_model(tf)
            values, updates = slim.metrics.aggregate_metric_map({
                "accuracy": slim.metrics.streaming_accuracy(pred, tf.constant([0, 1, 2, 1],
                                                                              tf.int64)),
                "count": slim.metrics.count(logits),
                "mean": slim.metrics.streaming_mean(logits),
            })
            for name, value in values.items():
                tf.summary.scalar("eval/" + name, value)
            names = sorted(values)
            final = [values[n] for n in names]
            logdir = os.path.join(root, kind)
            if kind == "once":
                result = slim.evaluation.evaluate_once(
                    "", path, logdir, num_evals=3, eval_op=list(updates.values()),
                    final_op=final)
            else:
                result = slim.evaluation.evaluation_loop(
                    "", ckpt_dir, logdir, num_evals=2, eval_op=list(updates.values()),
                    final_op=final, eval_interval_secs=0, max_number_of_evaluations=1)
            got[kind] = {"final": [float(v) for v in result], "names": names,
                         "local": sorted(v.op.name for v in tf.local_variables()),
                         "summaries": _summaries(tf, logdir)}
    return got


# -- errors (exception class and the message's first line, recorded from TF) -------------------
def _cosine_no_axis(tf):
    tf.contrib.losses.cosine_distance(tf.zeros([2, 3]), tf.zeros([2, 3]))


def _cosine_axis_and_dim(tf):
    tf.contrib.losses.cosine_distance(tf.zeros([2, 3]), tf.zeros([2, 3]), axis=1, dim=1)


def _mse_shapes(tf):
    tf.contrib.losses.mean_squared_error(tf.zeros([2, 3]), tf.zeros([3, 2]))


def _aggregate_nothing(tf):
    tf.contrib.metrics.aggregate_metrics()


def _accuracy_float_labels(tf):
    tf.contrib.metrics.accuracy(tf.zeros([2]), tf.zeros([2]))


def _accuracy_dtypes(tf):
    tf.contrib.metrics.accuracy(tf.zeros([2]), tf.zeros([2], tf.int32))


def _train_no_op(tf):
    tf.contrib.slim.learning.train(None, "/tmp/none")


def _train_steps(tf):
    tf.contrib.slim.learning.train(tf.zeros([]), None, number_of_steps=0)


def _train_saver_no_logdir(tf):
    tf.contrib.slim.learning.train(tf.zeros([]), None, saver=object())


def _fused_list_inputs(tf):
    tf.contrib.rnn.LSTMBlockFusedCell(3)([tf.zeros([2, 4])] * 3, dtype=tf.float32)


def _block_cell_rank(tf):
    cell = tf.contrib.rnn.LSTMBlockCell(3)
    cell(tf.zeros([2, 2, 4]), cell.zero_state(2, tf.float32))


def _multiply_empty(tf):
    tf.contrib.slim.learning.multiply_gradients([], {})


ERRORS = {f.__name__.lstrip("_"): f for f in (
    _cosine_no_axis, _cosine_axis_and_dim, _mse_shapes, _aggregate_nothing,
    _accuracy_float_labels, _accuracy_dtypes, _train_no_op, _train_steps,
    _train_saver_no_logdir, _multiply_empty, _fused_list_inputs, _block_cell_rank,
)}


def error_of(tf, name):
    """[exception class name, first line of its message] of error case `name` (None: none)."""
    try:
        with tf.Graph().as_default():
            ERRORS[name](tf)
    except Exception as e:  # noqa: BLE001 - recording whatever is raised
        return [type(e).__name__, str(e).split("\n")[0]]
    return None
