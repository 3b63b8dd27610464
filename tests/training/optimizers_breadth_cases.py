"""Optimizer and learning-rate-schedule cases built the same way by real TF 1.15
(tools/make_optimizers_breadth_fixtures.py -> tests/training/golden/optimizers_breadth.json,
.npz) and by tinytf (tests/training/test_optimizers_breadth.py). Python 3.7.

Each optimizer case applies three steps of fed gradients (dense, or IndexedSlices with duplicate
indices and rows left out) to a 4x2 variable and fetches the variable and every slot after the
first and the last step; its facts are the slot names, the variables' names and the update op
types."""

import numpy as np

from tests.fixture_runner import error_of

W0 = [[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0], [0.1, -0.3]]
DENSE_GRADS = [
    [[0.1, -0.2], [0.3, 0.05], [-0.4, 0.6], [0.02, -0.01]],
    [[-0.3, 0.1], [0.2, -0.5], [0.05, 0.4], [-0.2, 0.3]],
    [[0.25, 0.15], [-0.1, 0.2], [0.3, -0.35], [0.6, 0.1]],
]
SPARSE_GRADS = [  # (indices, values): duplicates are summed; row 1 or 3 is left out
    ([0, 2, 0], [[0.1, -0.2], [0.3, 0.05], [-0.4, 0.6]]),
    ([3, 2], [[-0.3, 0.1], [0.2, -0.5]]),
    ([1, 1, 0, 1], [[0.25, 0.15], [-0.1, 0.2], [0.3, -0.35], [0.6, 0.1]]),
]
HYPER_TENSORS = ("learning_rate", "l1_regularization_strength", "l2_regularization_strength")

# key -> (class name in tf.train, kwargs, whether hyperparameters are given as tensors of the
# variable's dtype: TF's Proximal* optimizers do not cast them)
OPTIMIZERS = {
    "adadelta": ("AdadeltaOptimizer", {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-6}, 0),
    "adadelta_default": ("AdadeltaOptimizer", {}, 0),
    "adagrad_da": (
        "AdagradDAOptimizer",
        {
            "learning_rate": 0.1,
            "l1_regularization_strength": 0.01,
            "l2_regularization_strength": 0.02,
        },
        0,
    ),
    "adagrad_da_plain": (
        "AdagradDAOptimizer",
        {"learning_rate": 0.2, "initial_gradient_squared_accumulator_value": 0.3},
        0,
    ),
    "proximal_gd": (
        "ProximalGradientDescentOptimizer",
        {
            "learning_rate": 0.5,
            "l1_regularization_strength": 0.05,
            "l2_regularization_strength": 0.1,
        },
        1,
    ),
    "proximal_gd_plain": ("ProximalGradientDescentOptimizer", {"learning_rate": 0.5}, 1),
    "proximal_adagrad": (
        "ProximalAdagradOptimizer",
        {
            "learning_rate": 0.3,
            "l1_regularization_strength": 0.05,
            "l2_regularization_strength": 0.1,
        },
        1,
    ),
    "proximal_adagrad_plain": ("ProximalAdagradOptimizer", {"learning_rate": 0.3}, 1),
    "rmsprop_centered": (
        "RMSPropOptimizer",
        {"learning_rate": 0.05, "decay": 0.8, "momentum": 0.5, "epsilon": 1e-3, "centered": True},
        0,
    ),
    "rmsprop": ("RMSPropOptimizer", {"learning_rate": 0.05, "momentum": 0.3}, 0),
    "nesterov": (
        "MomentumOptimizer",
        {"learning_rate": 0.1, "momentum": 0.9, "use_nesterov": True},
        0,
    ),
    "momentum": ("MomentumOptimizer", {"learning_rate": 0.1, "momentum": 0.9}, 0),
    "ftrl": (
        "FtrlOptimizer",
        {
            "learning_rate": 0.1,
            "l1_regularization_strength": 0.01,
            "l2_regularization_strength": 0.02,
        },
        0,
    ),
    "ftrl_power": (
        "FtrlOptimizer",
        {
            "learning_rate": 0.2,
            "learning_rate_power": -0.3,
            "initial_accumulator_value": 0.2,
            "l1_regularization_strength": 0.05,
        },
        0,
    ),
    "ftrl_shrinkage": (
        "FtrlOptimizer",
        {
            "learning_rate": 0.1,
            "l1_regularization_strength": 0.001,
            "l2_regularization_strength": 0.02,
            "l2_shrinkage_regularization_strength": 0.05,
        },
        0,
    ),
    "adam": ("AdamOptimizer", {"learning_rate": 0.1}, 0),
    "adagrad": ("AdagradOptimizer", {"learning_rate": 0.1}, 0),
    "gradient_descent": ("GradientDescentOptimizer", {"learning_rate": 0.1}, 0),
}


def _optimizer(tf, key, dtype):
    cls_name, kwargs, as_tensors = OPTIMIZERS[key]
    kwargs = dict(kwargs)
    if as_tensors:
        for k in HYPER_TENSORS:
            kwargs[k] = tf.constant(kwargs.get(k, 0.0), dtype, name=k)
    if cls_name == "AdagradDAOptimizer":
        kwargs["global_step"] = tf.train.get_or_create_global_step()
    return getattr(tf.train, cls_name)(**kwargs)


def _slot_facts(opt, var):
    return [[n, opt.get_slot(var, n).op.name] for n in opt.get_slot_names()]


def optimizer_case(key, dtype_name, sparse):
    """Three fed gradient steps of optimizer `key` on a `dtype_name` variable."""

    def build(tf):
        dtype = tf.as_dtype(dtype_name)
        w = tf.Variable(np.array(W0, dtype_name), name="w")
        opt = _optimizer(tf, key, dtype)
        if sparse:
            values = tf.placeholder(dtype, [None, 2], name="values")
            indices = tf.placeholder(tf.int32, [None], name="indices")
            grad = tf.IndexedSlices(values, indices, tf.constant([4, 2]))
            feeds = [{values: v, indices: i} for i, v in SPARSE_GRADS]
        else:
            grad = tf.placeholder(dtype, [4, 2], name="grad")
            feeds = [{grad: g} for g in DENSE_GRADS]
        step = tf.train.get_global_step()
        train = opt.apply_gradients([(grad, w)], global_step=step)
        fetch = {"w": w}
        for name in opt.get_slot_names():
            fetch[name] = opt.get_slot(w, name)
        runs = []
        for i, feed in enumerate(feeds):
            runs.append(({"train": train}, feed))
            if i != 1:  # after the first and the last step (keeps the fixture small)
                runs.append((dict(fetch), {}))
        g = tf.get_default_graph()
        facts = {
            "slots": _slot_facts(opt, w),
            "globals": sorted(v.op.name for v in tf.global_variables()),
            "trainables": [v.op.name for v in tf.trainable_variables()],
            "apply_types": sorted({op.type for op in g.get_operations() if "Apply" in op.type}),
            "train_op": train.type,
        }
        return {"facts": facts, "runs": runs}

    return build


def sparse_minimize_through_gather(tf):
    """minimize() of a loss over gathered rows: IndexedSlices reach each optimizer's sparse path
    (Adam's moments decay on every row, Momentum's and FTRL's only on the gathered ones)."""
    ids = tf.constant([2, 0, 2])
    opts = {
        "adam": tf.train.AdamOptimizer(0.1),
        "momentum": tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
        "ftrl": tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=0.1),
        "adadelta": tf.train.AdadeltaOptimizer(1.0),
        "proximal_adagrad": tf.train.ProximalAdagradOptimizer(0.1, l1_regularization_strength=0.01),
        "rmsprop": tf.train.RMSPropOptimizer(0.1, centered=True, momentum=0.2),
    }
    runs, fetch, facts = [], {}, {}
    for key, opt in sorted(opts.items()):
        with tf.variable_scope(key):
            var = tf.Variable(np.array(W0, "float32"), name="emb")
        loss_k = tf.reduce_sum(tf.square(tf.gather(var, ids) - 1.0))
        train = opt.minimize(loss_k)
        runs.append(({"train": train}, {}))
        facts[key] = [train.type, _slot_facts(opt, var)]
        fetch[key] = var
        for name in opt.get_slot_names():
            fetch[key + "_" + name] = opt.get_slot(var, name)
    return {"facts": facts, "runs": runs * 2 + [(fetch, {})]}


def optimizer_errors(tf):
    """Bad hyperparameters (ValueError at construction) and uncast float32 hyperparameters of
    the Proximal optimizers on a float64 variable (TypeError naming the op and inputs)."""
    w64 = tf.Variable(np.zeros((2,), "float64"), name="w64")
    g64 = tf.constant(np.ones((2,), "float64"))
    step = tf.train.get_or_create_global_step()
    facts = {
        "da_init": error_of(lambda: tf.train.AdagradDAOptimizer(0.1, step, 0.0)),
        "proximal_adagrad_init": error_of(lambda: tf.train.ProximalAdagradOptimizer(0.1, -1.0)),
        "adagrad_init": error_of(lambda: tf.train.AdagradOptimizer(0.1, 0.0)),
        "ftrl_init": error_of(lambda: tf.train.FtrlOptimizer(0.1, initial_accumulator_value=-1)),
        "ftrl_power": error_of(lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5)),
        "ftrl_l1": error_of(lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=-1)),
        "ftrl_l2": error_of(lambda: tf.train.FtrlOptimizer(0.1, l2_regularization_strength=-2)),
        "ftrl_shrink": error_of(
            lambda: tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=-0.5)
        ),
        "pgd_float64": error_of(
            lambda: tf.train.ProximalGradientDescentOptimizer(0.1).apply_gradients([(g64, w64)])
        ),
    }
    return {"facts": facts}


# -- learning-rate schedules --------------------------------------------------------------------
STEPS = [0, 1, 3, 7, 10, 13, 20, 29, 30, 45, 70, 100, 150]


def _schedules(tf, lr, step):
    t = tf.train
    return {
        "restarts": lambda: t.cosine_decay_restarts(lr, step, 10),
        "restarts_mul": lambda: t.cosine_decay_restarts(
            lr, step, 7, t_mul=1.5, m_mul=0.5, alpha=0.1
        ),
        "restarts_flat": lambda: t.cosine_decay_restarts(lr, step, 10, t_mul=1.0, m_mul=0.8),
        "linear_cosine": lambda: t.linear_cosine_decay(lr, step, 50),
        "linear_cosine_args": lambda: t.linear_cosine_decay(
            lr, step, 40, num_periods=2.0, alpha=0.1, beta=0.01
        ),
        "noisy": lambda: t.noisy_linear_cosine_decay(lr, step, 50),
        "piecewise_decay": lambda: t.piecewise_constant_decay(
            step, [5, 20], [lr, lr * 0.5, lr * 0.1]
        ),
        "piecewise": lambda: t.piecewise_constant(step, [10], [1.0, 0.5]),
        "exponential": lambda: t.exponential_decay(lr, step, 10, 0.5, staircase=True),
        "inverse_time": lambda: t.inverse_time_decay(lr, step, 10, 0.5),
        "natural_exp": lambda: t.natural_exp_decay(lr, step, 10, 0.3, staircase=True),
        "polynomial": lambda: t.polynomial_decay(lr, step, 40, 0.01, power=2.0),
        "polynomial_cycle": lambda: t.polynomial_decay(lr, step, 40, 0.01, power=0.5, cycle=True),
        "cosine": lambda: t.cosine_decay(lr, step, 60, alpha=0.2),
    }


def schedule_case(dtype_name):
    """Each schedule's value at STEPS for a `dtype_name` learning rate (an int64 step). TF 1.15's
    cosine-restart and linear-cosine schedules fail on float64 (their pi is a float32 constant):
    the error is recorded instead."""

    def build(tf):
        lr = tf.constant(0.1, tf.as_dtype(dtype_name))
        step = tf.placeholder(tf.int64, [], name="step")
        fetch, facts = {}, {}
        for key, make in sorted(_schedules(tf, lr, step).items()):
            box = []
            error = error_of(lambda: box.append(make()))
            if error:
                facts[key] = error
                continue
            v = box[0]
            facts[key] = [v.op.name, v.op.type, v.dtype.name, v.shape.as_list()]
            if key != "noisy":
                fetch[key] = v
        return {"facts": facts, "runs": [(fetch, {step: s}) for s in STEPS]}

    return build


def schedule_errors(tf):
    """piecewise_constant's dtype checks and the schedules' missing global_step."""
    x = tf.constant(3, tf.int64)
    facts = {
        "boundaries": error_of(lambda: tf.train.piecewise_constant(x, [1.5], [1.0, 2.0])),
        "values": error_of(lambda: tf.train.piecewise_constant(x, [1], [1.0, 2])),
        "lengths": error_of(lambda: tf.train.piecewise_constant(x, [1, 2], [1.0, 2.0])),
        "restarts_step": error_of(lambda: tf.train.cosine_decay_restarts(0.1, None, 10)),
        "linear_step": error_of(lambda: tf.train.linear_cosine_decay(0.1, None, 10)),
    }
    return {"facts": facts}


# -- SyncReplicasOptimizer and its accumulators -----------------------------------------------
def _sync_replicas(tf):
    return tf.train.SyncReplicasOptimizer


def sync_replicas_graph(tf):
    """What SyncReplicasOptimizer builds on one worker: its variables, the accumulator and
    queue ops, the train op and init ops, and its errors."""
    w = tf.Variable([1.0, 2.0], name="w")
    emb = tf.Variable(np.array(W0, "float32"), name="emb")
    loss = tf.reduce_sum(w * w) + tf.reduce_sum(tf.gather(emb, [0, 2]))
    step = tf.train.get_or_create_global_step()
    cls = _sync_replicas(tf)
    inner = tf.train.MomentumOptimizer(0.1, 0.5)
    opt = cls(inner, replicas_to_aggregate=1, total_num_replicas=2)
    no_step = error_of(lambda: cls(inner, 1).minimize(loss))
    early = cls(tf.train.GradientDescentOptimizer(0.1), 1, name="early")
    too_early = error_of(early.get_chief_queue_runner)
    train = opt.minimize(loss, global_step=step)
    g = tf.get_default_graph()
    types = sorted(
        {op.type for op in g.get_operations() if "ccumulat" in op.type or "Queue" in op.type}
    )
    tokens = opt.get_init_tokens_op()
    facts = {
        "globals": sorted(v.op.name for v in tf.global_variables()),
        "locals": [v.op.name for v in tf.local_variables()],
        "types": types,
        "train_op": [train.op.name, train.op.type, train.dtype.name],
        "chief_init_op": [opt.chief_init_op.name, opt.chief_init_op.type],
        "local_step_init_op": opt.local_step_init_op.op.type,
        "queue_runner": opt.get_chief_queue_runner().name,
        "init_tokens": tokens.type,
        "no_tokens": opt.get_init_tokens_op(0).name,
        "too_few_tokens": error_of(lambda: opt.get_init_tokens_op(-2)),
        "slots": [opt.get_slot_names(), opt.get_slot(w, "momentum").op.name],
        "no_global_step": no_step,
        "too_early": too_early,
        "hook": type(opt.make_session_run_hook(True)).__name__,
    }
    return {"facts": facts}


def _accumulators(tf):
    if hasattr(tf, "ConditionalAccumulator"):
        return tf.ConditionalAccumulator, tf.SparseConditionalAccumulator
    from tinytf.ops import accumulator_ops

    return accumulator_ops.conditional_accumulator, accumulator_ops.sparse_conditional_accumulator


def accumulators(tf):
    """The accumulators SyncReplicasOptimizer aggregates through: the mean of two gradients,
    a stale gradient dropped, the sparse merge (duplicate indices included), bad num_required."""
    dense_cls, sparse_cls = _accumulators(tf)
    acc = dense_cls(tf.float32, shape=[2], shared_name="x/grad_accum")
    sacc = sparse_cls(tf.float32, shape=(), shared_name="y/grad_accum")
    local = tf.placeholder(tf.int64, [])
    g = tf.placeholder(tf.float32, [2])
    vals, idx = tf.placeholder(tf.float32, [None, 2]), tf.placeholder(tf.int64, [None])
    apply = acc.apply_grad(g, local_step=local)
    take = acc.take_grad(2)
    sapply = sacc.apply_indexed_slices_grad(tf.IndexedSlices(vals, idx), local_step=local)
    sapply_shaped = sacc.apply_indexed_slices_grad(
        tf.IndexedSlices(vals, idx, tf.constant([5, 2], tf.int64)), local_step=local
    )
    stake = sacc.take_indexed_slices_grad(2)
    facts = {
        "ops": [
            apply.type,
            take.op.type,
            sapply.type,
            stake.indices.op.type,
            acc.set_global_step(1).type,
            sacc.set_global_step(1).type,
        ]
    }
    with tf.Session() as sess:
        sess.run(apply, {g: [1.0, 2.0], local: 0})
        sess.run(apply, {g: [3.0, 5.0], local: 0})
        facts["count"] = int(sess.run(acc.num_accumulated()))
        facts["mean"] = sess.run(take).tolist()
        sess.run(apply, {g: [1.0, 2.0], local: 0})  # older than the global step (1): dropped
        facts["after_stale"] = int(sess.run(acc.num_accumulated()))
        sess.run(sapply, {vals: [[1, 2], [3, 4], [10, 20]], idx: [3, 1, 3], local: 0})
        sess.run(sapply, {vals: [[5, 6]], idx: [1], local: 0})
        facts["sparse_merge"] = [
            a.tolist() for a in sess.run([stake.indices, stake.values, stake.dense_shape])
        ]
        sess.run(sapply_shaped, {vals: [[1, 1], [2, 2]], idx: [0, 4], local: 1})
        sess.run(sapply_shaped, {vals: [[4, 6], [8, 8]], idx: [2, 4], local: 3})
        facts["sparse_mean"] = [
            a.tolist() for a in sess.run([stake.indices, stake.values, stake.dense_shape])
        ]
        error = error_of(lambda: sess.run(acc.take_grad(0)))
        facts["bad_required"] = [error[0], error[1].splitlines()[0]]  # TF appends its traceback
    return {"facts": facts}


def _all_cases():
    cases = {}
    for key in sorted(OPTIMIZERS):
        for dtype_name in ("float32", "float64"):
            for sparse in (False, True):
                name = "_".join((key, dtype_name, "sparse" if sparse else "dense"))
                cases[name] = optimizer_case(key, dtype_name, sparse)
    cases["sparse_minimize_through_gather"] = sparse_minimize_through_gather
    cases["optimizer_errors"] = optimizer_errors
    cases["schedules_float32"] = schedule_case("float32")
    cases["schedules_float64"] = schedule_case("float64")
    cases["schedule_errors"] = schedule_errors
    cases["sync_replicas_graph"] = sync_replicas_graph
    cases["accumulators"] = accumulators
    return cases


CASES = _all_cases()
