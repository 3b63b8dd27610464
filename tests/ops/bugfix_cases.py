"""Graphs built the same way by real TF 1.15 (tools/make_bugfix_fixtures.py writes what it
computes to tests/ops/golden/bugfix.json and bugfix.npz) and by tinytf (tests/ops/test_bugfixes.py).
See tests/fixture_runner.py for the form of a case. Python 3.7."""

import numpy as np

from tests.fixture_runner import describe, error_of

REDUCTIONS = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod"]
FEEDS = [2.0, [1.0, 2.0], [[1.0, -2.0], [3.0, 4.0]]]


def reduction_grads_of_unknown_shape(tf):
    """Gradients of reductions of a placeholder of unknown shape, fed a scalar (TF 1.15 runs
    these; the bug: Integer division by zero in Sum_grad/mod)."""
    x = tf.placeholder(tf.float32)
    fetches = {}
    for name in REDUCTIONS:
        y = getattr(tf, name)(x * 3.0)
        fetches[name] = y
        fetches[name + "_grad"] = tf.gradients(y, x)[0]
    return {"runs": [(fetches, {x: v}) for v in FEEDS]}


def reduction_axis_errors(tf):
    """A scalar has no axis 0; an axis past the rank is an error, at build or at run time."""
    x = tf.placeholder(tf.float32)
    facts = {"static": error_of(lambda: tf.reduce_sum(tf.constant(2.0), 0))[0]}
    with tf.Session() as sess:
        for label, axis, value in [("scalar", 0, 2.0), ("past", 5, [1.0]), ("neg", -2, [1.0])]:
            kind, message = error_of(lambda: sess.run(tf.reduce_sum(x, axis), {x: value}))
            facts[label] = [kind, message.split("\n")[0]]
    return {"facts": facts}


def integer_gradients(tf):
    """tf.gradients with integer ys or xs: None where TF gives None, and TF's errors."""
    xi = tf.placeholder(tf.int32, name="xi")
    xf = tf.placeholder(tf.float32, name="xf")
    yi = xi * 2
    cases = {
        "int_y_int_x": lambda: tf.gradients(yi, xi),
        "float_y_int_x": lambda: tf.gradients(tf.cast(xi, tf.float32) * 2.0, xi),
        "int_y_float_x": lambda: tf.gradients(tf.cast(xf, tf.int32), xf),
        "int_y_unrelated_x": lambda: tf.gradients(yi, xf),
        "mixed_xs": lambda: tf.gradients(xf * tf.cast(xi, tf.float32), [xi, xf]),
        "mixed_ys": lambda: tf.gradients([tf.cast(xf, tf.int32), xf * 3.0], xf),
        "argmax_y": lambda: tf.gradients(tf.argmax(xf), xf),
        "int_y_with_grad_ys": lambda: tf.gradients(yi, xi, grad_ys=tf.constant(1)),
        "through_int64": lambda: tf.gradients(
            tf.reduce_sum(tf.cast(tf.cast(xf, tf.int64), tf.float32)), xf
        ),
        "int_x_is_y": lambda: tf.gradients(xi, xi),
    }
    facts = {}
    for label, fn in cases.items():
        grads = fn()
        facts[label] = [None if g is None else g.dtype.base_dtype.name for g in grads]
    facts["complex_y_error"] = error_of(lambda: tf.gradients(tf.complex(xf, xf), xf))
    facts["bool_y_error"] = error_of(lambda: tf.gradients(tf.cast(xf, tf.bool), xf))
    facts["bool_grad_ys_error"] = error_of(
        lambda: tf.gradients(xf * 2.0, xf, grad_ys=tf.constant(True))
    )
    ones = tf.gradients(xi, xi)[0]
    mixed = tf.gradients(xf * tf.cast(xi, tf.float32), [xi, xf])[1]
    return {
        "facts": facts,
        "runs": [({"int_x_is_y": ones, "mixed": mixed}, {xi: [3, 4], xf: [0.5, 2.0]})],
    }


def deprecated_aliases(tf):
    """TF 1.x's deprecated top-level spellings: op types, names, dtypes and values."""
    m = tf.constant([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]])
    out = {
        "arg_max": tf.arg_max(m, 1),
        "arg_min": tf.arg_min(m, 0, output_type=tf.int32),
        "to_double": tf.to_double(tf.constant([1, 2])),
        "to_complex64": tf.to_complex64(tf.constant([1.5, -2.0])),
        "to_complex128": tf.to_complex128(tf.constant([0.25])),
        "realdiv": tf.realdiv(tf.constant([-7.0, 7.0]), 2.0),
        "floor_div": tf.floor_div(tf.constant([-7, 7]), 2),
        "floor_div_float": tf.floor_div(tf.constant([-7.0, 7.5]), 2.0),
        "lin_space": tf.lin_space(0.0, 1.0, 5),
        "reverse_v2": tf.reverse_v2(m, [1]),
    }
    facts = {k: [t.op.type] + describe(t) for k, t in out.items()}
    with tf.op_scope([m], None, "legacy") as scope:
        facts["op_scope"] = scope
    with tf.variable_op_scope([m], None, "legacy_vars") as vscope:
        facts["variable_op_scope"] = [vscope.name, tf.get_variable("v", [1]).op.name]
    inits = [tf.initialize_local_variables(), tf.initialize_variables([]),
             tf.initialize_all_tables(), tf.tables_initializer()]  # fmt: skip
    facts["initializer_ops"] = [[op.type, op.name] for op in inits]
    return {"facts": facts, "runs": [(out, {})]}


LOGITS = np.array([[2.0, -1.0, 0.5], [0.1, 0.2, 3.0], [-1.0, 1.0, 0.0], [0.3, 0.3, 0.3]], "f")
ONEHOT = np.eye(3, dtype=np.int32)[[0, 2, 1, 1]]
MULTI = np.array([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]], np.int64)
PRED = np.array([[0.9, 0.2], [0.4, 0.7], [0.1, 0.6], [0.5, 0.5]], "f")
LABELS = np.array([[1, 0], [0, 1], [0, 0], [1, 1]], np.int32)
WEIGHTS = np.array([[1.0], [0.0], [2.0], [0.5]], "f")


def losses_with_integer_labels(tf):
    """Every tf.losses loss; integer labels are cast as TF casts them."""
    logits, pred = tf.constant(LOGITS), tf.constant(PRED)
    R = tf.losses.Reduction
    out = {
        "softmax": tf.losses.softmax_cross_entropy(ONEHOT, logits),
        "softmax_smoothed": tf.losses.softmax_cross_entropy(
            ONEHOT, logits, weights=WEIGHTS[:, 0], label_smoothing=0.1
        ),
        "softmax_none": tf.losses.softmax_cross_entropy(ONEHOT, logits, reduction=R.NONE),
        "sigmoid": tf.losses.sigmoid_cross_entropy(MULTI, logits),
        "sigmoid_smoothed_sum": tf.losses.sigmoid_cross_entropy(
            MULTI, logits, weights=2.0, label_smoothing=0.2, reduction=R.SUM
        ),
        "sparse": tf.losses.sparse_softmax_cross_entropy([0, 2, 1, 1], logits),
        "sparse_column_labels": tf.losses.sparse_softmax_cross_entropy(
            [[0], [2], [1], [1]], logits, weights=WEIGHTS
        ),
        "mse": tf.losses.mean_squared_error(LABELS, pred, weights=WEIGHTS),
        "mse_mean": tf.losses.mean_squared_error(LABELS, pred, WEIGHTS, reduction=R.MEAN),
        "mse_batch": tf.losses.mean_squared_error(
            LABELS, pred, WEIGHTS, reduction=R.SUM_OVER_BATCH_SIZE
        ),
        "absolute": tf.losses.absolute_difference(LABELS, pred, weights=WEIGHTS),
        "hinge": tf.losses.hinge_loss(LABELS, pred),
        "huber": tf.losses.huber_loss(LABELS, pred * 3.0, delta=0.5),
        "log_loss": tf.losses.log_loss(LABELS, pred, weights=WEIGHTS),
        "cosine": tf.losses.cosine_distance(
            tf.nn.l2_normalize(tf.cast(LABELS, tf.float32) + 0.5, 1),
            tf.nn.l2_normalize(pred, 1),
            axis=1,
        ),
        "pairwise": tf.losses.mean_pairwise_squared_error(LABELS, pred, weights=WEIGHTS),
        "weighted_float64": tf.losses.compute_weighted_loss(
            tf.constant([1.0, 2.0, 3.0], tf.float64), [1.0, 0.0, 1.0]
        ),
    }
    facts = {k: describe(t) for k, t in out.items()}
    facts["collected"] = len(tf.losses.get_losses())
    facts["bad_weights"] = error_of(
        lambda: tf.losses.mean_squared_error(LABELS, pred, weights=[1.0, 2.0, 3.0, 4.0])
    )
    facts["bad_reduction"] = error_of(
        lambda: tf.losses.compute_weighted_loss([1.0], reduction="mean")
    )
    return {"facts": facts, "runs": [(out, {})]}


def dropout_static_shapes(tf):
    """tf.nn.dropout keeps its input's static shape, whatever keep_prob is."""
    h = tf.placeholder(tf.float32, [None, 6], name="h")
    keep = tf.placeholder(tf.float32, name="keep")
    outs = {
        "python_keep": tf.nn.dropout(h, 0.5),
        "tensor_keep": tf.nn.dropout(h, keep),
        "rate": tf.nn.dropout(h, rate=0.25),
        "noise_shape": tf.nn.dropout(h, keep, noise_shape=[1, 6]),
    }
    facts = {k: describe(t)[1] for k, t in outs.items()}
    facts["keep_1_is_x"] = tf.nn.dropout(h, 1.0) is h
    facts["width"] = int(tf.nn.dropout(h, keep).shape[1])
    facts["errors"] = [
        error_of(lambda: tf.nn.dropout(h, keep_prob=1.5)),
        error_of(lambda: tf.nn.dropout(h, rate=1)),
        error_of(lambda: tf.nn.dropout(h)),
        error_of(lambda: tf.nn.dropout(h, 0.5, rate=0.5)),
        error_of(lambda: tf.nn.dropout(tf.constant([1, 2]), 0.5)),
    ]
    ones = tf.nn.dropout(tf.ones([4, 6]), keep)
    return {"facts": facts, "runs": [({"kept_all": ones}, {keep: 1.0})]}


IDENTITY_SHAPES = [[3, 3], [2, 4], [4, 2]]


def initializers(tf):
    """tf.initializers: the deterministic ones' values, every one's get_config, shapes."""
    inits = tf.initializers
    made = {
        "constant": inits.constant([1, 2, 3, 4, 5, 6]),
        "zeros": inits.zeros(),
        "ones": inits.ones(tf.int32),
        "random_normal": inits.random_normal(1.0, 2.0, seed=3),
        "random_uniform": inits.random_uniform(-1, 4, seed=2),
        "truncated_normal": inits.truncated_normal(stddev=0.5),
        "glorot_normal": inits.glorot_normal(seed=1),
        "glorot_uniform": inits.glorot_uniform(dtype=tf.float64),
        "variance_scaling": inits.variance_scaling(2.0, "fan_out", "normal"),
        "identity": inits.identity(2.0),
        "orthogonal": inits.orthogonal(0.5, seed=7),
        "uniform_unit_scaling": inits.uniform_unit_scaling(1.5),
        "he_normal": inits.he_normal(4),
        "he_uniform": inits.he_uniform(),
        "lecun_normal": inits.lecun_normal(),
        "lecun_uniform": inits.lecun_uniform(5),
    }
    facts = {k: [type(v).__name__, v.get_config()] for k, v in made.items()}
    facts["same_objects"] = [
        tf.initializers.glorot_uniform is tf.glorot_uniform_initializer,
        tf.initializers.orthogonal is tf.orthogonal_initializer,
        tf.initializers.uniform_unit_scaling is tf.uniform_unit_scaling_initializer,
        tf.initializers.variables is tf.variables_initializer,
        tf.initializers.global_variables is tf.global_variables_initializer,
        tf.initializers.local_variables is tf.local_variables_initializer,
        tf.initializers.tables_initializer is tf.tables_initializer,
    ]
    facts["float_only"] = [
        error_of(lambda: inits.random_normal(dtype=tf.int32)),
        error_of(lambda: inits.orthogonal(dtype=tf.int32)),
        error_of(lambda: inits.identity()([2, 2, 2])),
        error_of(lambda: inits.orthogonal()([4])),
    ]
    values = {"constant": made["constant"]([2, 3]), "ones": made["ones"]([2])}
    for i, shape in enumerate(IDENTITY_SHAPES):
        values[f"identity_{i}"] = made["identity"](shape)
    v = tf.get_variable("w", [3, 2], initializer=inits.identity())
    values["variable"] = v
    facts["variable"] = describe(v)
    tables = tf.initializers.tables_initializer()
    facts["tables_initializer"] = [tables.type, tables.name]
    facts["init_ops"] = [
        [op.type, op.name]
        for op in [
            inits.global_variables(),
            inits.local_variables(),
            inits.variables([v], name="mine"),
        ]
    ]
    return {"facts": facts, "runs": [(values, {})]}


def reentered_variable_scopes(tf):
    """Re-entering a VariableScope object opens a new op scope (named_1/...), nested ones take
    the current name stack, while variables keep the scope's name."""
    with tf.variable_scope("named") as scope:
        first = tf.constant(1, name="c")
    with tf.variable_scope(scope):
        again = tf.constant(1, name="c")
        v = tf.get_variable("v", [1])
    with tf.variable_scope(scope, reuse=True):
        reused = tf.constant(1, name="c")
        w = tf.get_variable("v", [1])
    with tf.variable_scope("outer"):
        with tf.variable_scope(scope):
            nested = tf.constant(1, name="c")
    names = [t.name for t in (first, again, reused, nested, v, w)]
    return {"facts": {"names": names}, "runs": []}


CASES = {
    "reduction_grads_of_unknown_shape": reduction_grads_of_unknown_shape,
    "reduction_axis_errors": reduction_axis_errors,
    "integer_gradients": integer_gradients,
    "deprecated_aliases": deprecated_aliases,
    "losses_with_integer_labels": losses_with_integer_labels,
    "dropout_static_shapes": dropout_static_shapes,
    "initializers": initializers,
    "reentered_variable_scopes": reentered_variable_scopes,
}
