"""tf.train's optimizers (dense and IndexedSlices gradients, float32 and float64) and learning-rate
schedules against real TF 1.15: the cases of optimizers_breadth_cases.py, recorded by
tools/make_optimizers_breadth_fixtures.py into golden/optimizers_breadth.json and .npz."""

import json
import pathlib
import threading
import time

import numpy as np
import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.training.optimizers_breadth_cases import CASES, OPTIMIZERS, SPARSE_GRADS, W0

GOLDEN_DIR = pathlib.Path(__file__).parent / "golden"
GOLDEN = load_golden(GOLDEN_DIR, "optimizers_breadth")
OPTIMIZER_CASES = sorted(
    name for name in CASES if name.rsplit("_", 2)[0] in OPTIMIZERS and "float" in name
)
NEW_SCHEDULES = (
    "restarts",
    "restarts_mul",
    "restarts_flat",
    "linear_cosine",
    "linear_cosine_args",
    "noisy",
)
NEW_OP_TYPES = [
    prefix + name
    for name in (
        "Adadelta",
        "AdagradDA",
        "ProximalGradientDescent",
        "ProximalAdagrad",
        "CenteredRMSProp",
        "FtrlV2",
    )
    for prefix in ("Apply", "SparseApply")
] + [
    "ResourceConditionalAccumulator",
    "SparseConditionalAccumulator",
    "ResourceAccumulatorApplyGradient",
    "ResourceAccumulatorTakeGradient",
    "ResourceAccumulatorSetGlobalStep",
    "ResourceAccumulatorNumAccumulated",
    "AccumulatorSetGlobalStep",
    "AccumulatorNumAccumulated",
    "SparseAccumulatorApplyGradient",
    "SparseAccumulatorTakeGradient",
]


@pytest.mark.parametrize("name", OPTIMIZER_CASES)
def test_optimizer_steps_slots_and_ops_match_tf(name):
    # float64 cases: TF casts float32 hyperparameters up (0.9 -> 0.899999976...), hence rtol
    check_case(tf, CASES, name, GOLDEN, rtol=2e-5, atol=1e-6)


def test_sparse_minimize_through_gather_matches_tf():
    check_case(tf, CASES, "sparse_minimize_through_gather", GOLDEN, rtol=2e-5)


def test_optimizer_errors_match_tf():
    check_case(tf, CASES, "optimizer_errors", GOLDEN)


def test_sparse_rows_outside_the_gradient():
    """Momentum and FTRL leave rows absent from the IndexedSlices untouched; Adam moves them,
    since all its moments decay (a row with a past gradient keeps moving)."""
    values = tf.placeholder(tf.float32, [None, 2])
    indices = tf.placeholder(tf.int32, [None])
    grad = tf.IndexedSlices(values, indices, tf.constant([4, 2]))
    opts = {
        "ftrl": tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=0.1),
        "momentum": tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
        "adam": tf.train.AdamOptimizer(0.1),
    }
    weights = {k: tf.Variable(np.array(W0, np.float32), name=k) for k in opts}
    train = tf.group(*[opts[k].apply_gradients([(grad, weights[k])]) for k in opts])
    (idx0, v0), (idx1, v1) = SPARSE_GRADS[0], SPARSE_GRADS[1]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, {values: v0, indices: idx0})  # rows 0 and 2
        first = sess.run(weights)
        sess.run(train, {values: v1, indices: idx1})  # rows 3 and 2: row 0 is absent
        second = sess.run(weights)
    for key in ("ftrl", "momentum"):
        np.testing.assert_array_equal(first[key][1], np.float32(W0[1]))  # never seen
        np.testing.assert_array_equal(second[key][0], first[key][0])
        assert not np.allclose(second[key][[2, 3]], first[key][[2, 3]])
    assert not np.allclose(second["adam"][0], first["adam"][0])


def test_new_op_types_have_tf_op_defs():
    """Each new op type takes TF 1.15's inputs in TF's order and TF's attrs (those TF infers
    from the inputs' dtypes aside: T, Tindices, an accumulator's dtype)."""
    from tinytf.framework.op_def import REGISTRY

    path = pathlib.Path(tf.__file__).parent / "framework" / "tf_op_defs.json"
    recorded = json.loads(path.read_text())
    for op_type in NEW_OP_TYPES:
        want = recorded[op_type]
        assert list(REGISTRY[op_type].inputs) == [a["name"] for a in want["inputs"]], op_type
        inferred = {a.get("type_attr") for a in want["inputs"]} - {None}
        attrs = {a["name"] for a in want["attrs"]} - inferred
        assert set(REGISTRY[op_type].attrs) - inferred == attrs, op_type


def test_proximal_float64_with_float64_hyperparameters_trains():
    w = tf.Variable(np.array([1.0, -2.0]), name="w")
    lr = tf.constant(0.5, tf.float64)
    opt = tf.train.ProximalGradientDescentOptimizer(
        lr, tf.constant(0.1, tf.float64), tf.constant(0.0, tf.float64)
    )
    train = opt.minimize(tf.reduce_sum(w * w))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        # w - lr * 2w = 0 then soft threshold: exactly 0
        np.testing.assert_array_equal(sess.run(w), [0.0, 0.0])


# -- schedules ----------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_schedules_match_tf(dtype):
    name = "schedules_" + dtype
    want = GOLDEN[0][name]
    facts = check_case(tf, CASES, name, GOLDEN, apart=tuple(want), rtol=1e-5, atol=1e-7)
    for key, expected in want.items():
        got = facts[key]
        if expected[0] in ("TypeError", "ValueError"):  # TF 1.15 fails on float64 here
            assert got == expected, key
        elif key in NEW_SCHEDULES:
            assert got == expected, key
        else:  # the older schedules: dtype and shape (op names differ inside)
            assert got[2:] == expected[2:], key


def test_schedule_errors_match_tf():
    check_case(tf, CASES, "schedule_errors", GOLDEN)


def test_piecewise_constant_decay_is_piecewise_constant():
    assert tf.train.piecewise_constant_decay is tf.train.piecewise_constant


def test_cosine_decay_restarts_by_hand():
    """first_decay_steps=10, t_mul=2: restarts at steps 10 and 30; m_mul scales each period."""
    step = tf.placeholder(tf.int64, [])
    lr = tf.train.cosine_decay_restarts(1.0, step, 10, t_mul=2.0, m_mul=0.5)
    with tf.Session() as sess:
        got = [sess.run(lr, {step: s}) for s in (0, 5, 10, 20, 30)]
    np.testing.assert_allclose(got, [1.0, 0.5, 0.5, 0.25, 0.25], rtol=1e-6)


def test_noisy_linear_cosine_decay_statistics():
    """Samples have the mean of linear_cosine_decay and the standard deviation
    lr * cosine * sqrt(initial_variance / (1 + step) ** variance_decay); TF 1.15's samples
    (recorded) agree."""
    step = tf.placeholder(tf.int64, [])
    noisy = tf.train.noisy_linear_cosine_decay(0.1, step, 50, initial_variance=0.5)
    recorded = json.loads((GOLDEN_DIR / "optimizers_breadth.json").read_text())
    n = 4000
    with tf.Session() as sess:
        for s, (tf_mean, tf_std) in recorded["noisy_statistics"].items():
            s = int(s)
            draws = np.array([sess.run(noisy, {step: s}) for _ in range(n)])
            t = min(s, 50)
            cosine = 0.5 * (1 + np.cos(np.pi * t / 50))
            mean = 0.1 * (((50 - t) / 50) * cosine + 0.001)
            std = 0.1 * cosine * np.sqrt(0.5 / (1 + t) ** 0.55)
            tolerance = 5 * std / np.sqrt(n) + 1e-7
            assert abs(draws.mean() - mean) < tolerance
            assert abs(draws.mean() - tf_mean) < 2 * tolerance
            assert abs(draws.std() - std) < 0.1 * std + 1e-7
            assert abs(draws.std() - tf_std) < 0.1 * tf_std + 1e-7


# -- SyncReplicasOptimizer ----------------------------------------------------------------------
def test_sync_replicas_graph_matches_tf():
    check_case(tf, CASES, "sync_replicas_graph", GOLDEN)


def test_accumulators_match_tf():
    check_case(tf, CASES, "accumulators", GOLDEN)


def _join_new_threads(before):
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=10)
        assert not thread.is_alive(), thread.name


# TF's queue runner thread, blocked in TakeGrad when the session closes, ends on the
# CancelledError as well (the coordinator was already joined, so the error is raised there)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_sync_replicas_trains_on_one_worker():
    """One worker (the chief): its hook starts the sync queue runner, which applies each
    accepted gradient (dense and IndexedSlices) and bumps global_step; a gradient computed
    before the previous update landed is dropped as stale, as in TF, so the step count is at
    most the number of runs, and every update is a whole GradientDescent step."""
    before = set(threading.enumerate())
    w = tf.Variable([1.0, 2.0], name="w")
    emb = tf.Variable(np.array(W0, np.float32), name="emb")
    loss = tf.reduce_sum(w * w) + tf.reduce_sum(tf.gather(emb, [0, 2]))
    step = tf.train.get_or_create_global_step()
    opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), 1)
    train = opt.minimize(loss, global_step=step)
    hooks = [opt.make_session_run_hook(is_chief=True)]
    runs = 6
    with tf.train.MonitoredTrainingSession(hooks=hooks, stop_grace_period_secs=0) as sess:
        for _ in range(runs):
            sess.run(train)
        deadline = time.monotonic() + 10
        while sess.run(step) < runs // 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)  # let an update in flight land
        got_w, got_emb, got_step = sess.run([w, emb, step])
        local = sess.run(tf.local_variables()[0])
    _join_new_threads(before)
    assert runs // 2 <= got_step <= runs
    assert 0 <= local <= got_step
    np.testing.assert_allclose(got_w, np.float32([1.0, 2.0]) * 0.8**got_step, rtol=1e-5)
    want_emb = np.float32(W0)
    want_emb[[0, 2]] -= np.float32(0.1) * got_step
    np.testing.assert_allclose(got_emb, want_emb, rtol=1e-5, atol=1e-6)


def test_sync_replicas_hook_before_apply_gradients_is_an_error():
    opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), 1)
    with pytest.raises(ValueError, match="apply_gradient should be called before"):
        opt.make_session_run_hook(True).begin()
