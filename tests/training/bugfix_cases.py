"""Saver and ExponentialMovingAverage cases built the same way by real TF 1.15
(tools/make_bugfix_fixtures.py -> tests/training/golden/bugfix.json, .npz) and by tinytf
(tests/training/test_moving_averages.py, test_saver.py). Python 3.7."""

from tests.fixture_runner import error_of

MISSING_DIR = "no_such_dir_tinytf_fixture/sub/ckpt"  # relative: the message names no tmp path


def restore_missing(tf):
    """Saver.restore of a checkpoint whose directory does not exist, and of a missing file in an
    existing directory (TF 1.15: NotFoundError and ValueError)."""
    tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        facts = {
            "missing_dir": error_of(lambda: saver.restore(sess, MISSING_DIR)),
            "missing_file": error_of(lambda: saver.restore(sess, "no_such_ckpt_tinytf")),
            "none": error_of(lambda: saver.restore(sess, None)),
        }
    return {"facts": facts}


def moving_average_of_tensors(tf):
    """EMA.apply takes variables and tensors: shadow names, average(tensor), the values over
    three steps, zero_debias for tensors, variables_to_restore's keys."""
    v = tf.Variable([1.0, 2.0], name="v")
    x = tf.placeholder(tf.float32, [2], name="x")
    loss = tf.reduce_mean(x * v, name="loss")
    with tf.variable_scope("outer"):
        t2 = tf.identity(x * 2, name="t2")
    ema = tf.train.ExponentialMovingAverage(0.9)
    update = ema.apply([v, loss, t2])
    debiased = tf.train.ExponentialMovingAverage(0.5, zero_debias=True, name="zd")
    update_debiased = debiased.apply([loss, v])
    stepped = tf.train.ExponentialMovingAverage(0.99, num_updates=tf.constant(3), name="nu")
    update_stepped = stepped.apply([t2])
    ema.apply([loss])  # a second apply reuses the shadow
    shadows = [ema.average(v), ema.average(loss), ema.average(t2), debiased.average(loss),
               debiased.average(v), stepped.average(t2)]  # fmt: skip
    facts = {
        "shadows": [s.op.name for s in shadows],
        "names": [ema.average_name(t) for t in [v, loss, t2]],
        "globals": [g.op.name for g in tf.global_variables()],
        "trainables": [g.op.name for g in tf.trainable_variables()],
        "moving_average_variables": [g.op.name for g in tf.moving_average_variables()],
        "to_restore": sorted([k, w.op.name] for k, w in ema.variables_to_restore().items()),
        "update_op": [update.type, update.name],
        "int_error": error_of(lambda: ema.apply([tf.constant([1, 2])])),
    }
    fetch = {f"s{i}": s for i, s in enumerate(shadows)}
    runs = []
    for step in range(3):
        feed = {x: [step + 1.0, 2.0 * step]}
        runs.append(({"u": update, "d": update_debiased, "n": update_stepped}, feed))
        runs.append((fetch, {}))
    return {"facts": facts, "runs": runs}


def moving_average_of_unknown_shape(tf):
    """A tensor of unknown shape gets a shadow of unknown shape (zeros shaped at run time)."""
    unknown = tf.placeholder(tf.float32, name="unknown")
    ema = tf.train.ExponentialMovingAverage(0.5)
    update = ema.apply([unknown])
    shadow = ema.average(unknown)
    with tf.Session() as sess:
        sess.run(shadow.initializer, {unknown: [[1.0, 2.0]]})
        sess.run(update, {unknown: [[3.0, 5.0]]})
        value = sess.run(shadow).tolist()
    return {"facts": {"shadow": [shadow.op.name, shadow.shape.ndims, value]}}


CASES = {
    "restore_missing": restore_missing,
    "moving_average_of_tensors": moving_average_of_tensors,
    "moving_average_of_unknown_shape": moving_average_of_unknown_shape,
}
