"""Session(config=ConfigProto), run(options, run_metadata), structured feeds and the warning
about ops created between runs."""

import collections
import warnings

import numpy as np
import pytest

import tinytf as tf

threadpoolctl = pytest.importorskip("threadpoolctl")


def _blas_threads():
    return [i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]


def test_intra_op_threads_set_the_kernels_thread_count_while_open():
    np.ones((2, 2)) @ np.ones((2, 2))  # loads BLAS
    before = _blas_threads()
    config = tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=2)
    sess = tf.Session(config=config)
    assert all(n == 1 for n in _blas_threads())
    sess.close()
    assert _blas_threads() == before


def test_config_options_programs_pass_are_accepted():
    config = tf.ConfigProto(
        allow_soft_placement=True,
        device_count={"GPU": 0, "CPU": 1},
        gpu_options=tf.GPUOptions(allow_growth=True, per_process_gpu_memory_fraction=0.5),
        graph_options=tf.GraphOptions(
            optimizer_options=tf.OptimizerOptions(opt_level=tf.OptimizerOptions.L1)
        ),
    )
    config.gpu_options.allow_growth = True
    with tf.Session(config=config) as sess:
        assert sess.run(tf.constant(3) * 2) == 6


def test_a_structure_of_tensors_is_fed_whole():
    State = collections.namedtuple("State", "c h")
    state = State(tf.placeholder(tf.float32, [1, 2]), tf.placeholder(tf.float32, [1, 2]))
    total = tf.reduce_sum(state.c) + tf.reduce_sum(state.h)
    value = State(np.ones((1, 2)), 2 * np.ones((1, 2)))
    with tf.Session() as sess:
        assert sess.run(total, {state: value}) == 6.0
        assert sess.run(total, {(state.c, (state.h,)): (value.c, (value.h,))}) == 6.0
        with pytest.raises(ValueError, match="same length"):
            sess.run(total, {state: np.ones((1, 2))})


def test_make_callable_with_options():
    x = tf.placeholder(tf.float32)
    y = x * 2
    with tf.Session() as sess:
        md = tf.RunMetadata()
        run = sess.make_callable(y, [x], accept_options=True)
        assert run(3.0, options=tf.RunOptions(trace_level=3), run_metadata=md) == 6.0
        assert md.step_stats.dev_stats
        with pytest.raises(TypeError, match="accept_options"):
            sess.make_callable(y, [x])(3.0, run_metadata=md)


def test_ops_created_in_the_training_loop_warn_once_with_the_line():
    x = tf.Variable(0.0)
    with tf.Session() as sess:
        sess.run(x.initializer)
        with pytest.warns(RuntimeWarning, match=r"grew before each.*test_session_config.py:\d+"):
            for _ in range(12):
                sess.run(tf.assign_add(x, 1.0))  # a new op every step: the classic mistake
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for _ in range(12):
                sess.run(tf.assign_add(x, 1.0))  # once is enough
        assert sess.run(x) == 24.0


def test_a_loop_that_only_runs_ops_does_not_warn():
    x = tf.Variable(0.0)
    step = tf.assign_add(x, 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with tf.Session() as sess:
            sess.run(x.initializer)
            for i in range(30):
                sess.run(step)
                if i % 2:
                    tf.constant(i)  # the graph grows now and then, not before every run
