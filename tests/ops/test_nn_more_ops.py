"""The rest of tf.nn against real TF 1.15: the cases of tests/ops/nn_more_cases.py, whose
values, gradients, dtypes, static shapes and errors tools/make_nn_fixtures.py recorded in
golden/nn_more.json / nn_more.npz; plus numeric gradient checks and what TF's CPU cannot run
(NCHW fused batch norm, checked against NHWC)."""

import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests import fixture_runner
from tests.ops.nn_more_cases import CASES
from tests.optest import check_gradients

GOLDEN = fixture_runner.load_golden(pathlib.Path(__file__).parent / "golden", "nn_more")
GOOD = sorted(n for n in CASES if not n.startswith("bad_"))
BAD = sorted(n for n in CASES if n.startswith("bad_"))


def _tolerance(name):
    return (2e-3, 2e-3) if "half" in name else (1e-5, 1e-5)


@pytest.mark.parametrize("name", GOOD)
def test_matches_tf(name):
    rtol, atol = _tolerance(name)
    apart = ("unknown",) if GOLDEN[0][name].get("unknown", 0) is None else ()
    fixture_runner.check_case(tf, CASES, name, GOLDEN, apart=apart, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", BAD)
def test_errors_match_tf(name):
    """Same exception class; tinytf's message is TF's up to the op and input-shape suffix."""
    want = GOLDEN[0][name]["error"]
    got = fixture_runner.record(tf, CASES[name])[1]["error"]
    assert got[0] == want[0]
    if "allowed values" in want[1]:  # TF lists them in registration order, tinytf by enum
        head, names = want[1].split(": ")
        assert got[1].startswith(head)
        assert set(got[1].split(": ")[1].split(", ")) <= set(names.split(", "))
        return
    assert want[1].startswith(got[1].split(" for '")[0])


RNG = np.random.default_rng(11)


@pytest.mark.parametrize(
    "fn, shapes",
    [
        (lambda x: tf.nn.softsign(x), [(3, 4)]),
        (lambda x, b: tf.nn.bias_add(x, b, data_format="NCHW"), [(2, 3, 4), (3,)]),
        (
            lambda x, f: tf.nn.conv3d(x, f, [1, 2, 1, 1, 1], "SAME"),
            [(1, 4, 3, 3, 2), (2, 2, 1, 2, 3)],
        ),
        (
            lambda x: tf.nn.avg_pool3d(x, [1, 2, 2, 1, 1], [1, 1, 2, 1, 1], "SAME"),
            [(1, 3, 4, 2, 2)],
        ),
        (
            lambda x, f: tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME"),
            [(1, 4, 3, 2), (2, 2, 2, 3)],
        ),
        (
            lambda x, f: tf.nn.conv3d_transpose(x, f, [1, 4, 3, 3, 3], [1, 2, 1, 1, 1]),
            [(1, 2, 3, 3, 2), (2, 2, 1, 3, 2)],
        ),
        (
            lambda x, f: tf.nn.depthwise_conv2d_native_backprop_input(
                [1, 4, 3, 2], f, x, [1] * 4, "VALID"
            ),
            [(1, 3, 2, 6), (2, 2, 2, 3)],
        ),
    ],
)
def test_numeric_gradients(fn, shapes):
    arrays = [RNG.standard_normal(s) for s in shapes]
    check_gradients(fn, arrays)


@pytest.mark.parametrize("training", [True, False])
def test_fused_batch_norm_nchw_is_nhwc_transposed(training):
    """TF's CPU kernel refuses NCHW (its GPU kernel runs it): the same values as NHWC."""
    x = RNG.standard_normal((2, 3, 4, 5)).astype(np.float32)
    s, o, m, v = (RNG.standard_normal(3).astype(np.float32) for _ in range(4))
    stats = {} if training else {"mean": m, "variance": np.abs(v), "is_training": False}
    with tf.Graph().as_default(), tf.Session() as sess:
        xt = tf.constant(x)
        nchw = tf.nn.fused_batch_norm(xt, s, o, data_format="NCHW", **stats)
        nhwc = tf.nn.fused_batch_norm(tf.transpose(xt, [0, 2, 3, 1]), s, o, **stats)
        g1 = tf.gradients(
            nchw[0] * x,
            [
                xt,
            ],
        )[0]
        g2 = tf.gradients(nhwc[0] * np.transpose(x, (0, 2, 3, 1)), [xt])[0]
        assert nchw[0].shape.as_list() == [2, 3, 4, 5]
        a, b, ga, gb = sess.run([nchw, nhwc, g1, g2])
    np.testing.assert_allclose(a[0], np.transpose(b[0], (0, 3, 1, 2)), rtol=1e-5, atol=1e-5)
    for p, q in zip(a[1:], b[1:]):
        np.testing.assert_allclose(p, q, rtol=1e-5)
    np.testing.assert_allclose(ga, gb, rtol=1e-4, atol=1e-5)


def test_max_pool_with_argmax_int32_has_no_cpu_kernel():
    """TF 1.15's CPU registers MaxPoolWithArgmax for an int64 argmax only."""
    with tf.Graph().as_default(), tf.Session() as sess:
        out = tf.nn.max_pool_with_argmax(tf.ones([1, 2, 2, 1]), 2, 2, "SAME", Targmax=tf.int32)
        assert out[1].dtype == tf.int32
        with pytest.raises(tf.errors.InvalidArgumentError, match="No OpKernel"):
            sess.run(out)


def _draw(sampler, unique, seed=None, graph_seed=None, runs=1, **kwargs):
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        if graph_seed is not None:
            tf.set_random_seed(graph_seed)
        true = tf.constant([[1, 7], [3, 0]], tf.int64)
        out = sampler(true, 2, 6, unique, 20, seed=seed, **kwargs)
        return [sess.run(out) for _ in range(runs)]


@pytest.mark.parametrize(
    "sampler",
    [
        tf.nn.uniform_candidate_sampler,
        tf.nn.log_uniform_candidate_sampler,
        tf.nn.learned_unigram_candidate_sampler,
        lambda *a, **k: tf.nn.fixed_unigram_candidate_sampler(
            *a, unigrams=np.arange(1.0, 20.0), num_reserved_ids=1, **k
        ),
    ],
)
def test_samplers_shapes_ranges_and_seeding(sampler):
    first, second = _draw(sampler, True, seed=3, runs=2)
    s, t, c = first
    assert s.dtype == np.int64 and s.shape == (6,) and len(set(s.tolist())) == 6
    assert t.dtype == np.float32 and t.shape == (2, 2) and c.shape == (6,)
    assert ((0 <= s) & (s < 20)).all() and (t >= 0).all() and (c > 0).all()  # 0: reserved
    again = _draw(sampler, True, seed=3, runs=2)  # an op seed repeats the whole sequence
    np.testing.assert_array_equal(again[0][0], s)
    np.testing.assert_array_equal(again[1][0], second[0])
    by_graph = [_draw(sampler, False, graph_seed=1)[0][0] for _ in range(2)]
    np.testing.assert_array_equal(by_graph[0], by_graph[1])


def test_fixed_unigram_never_samples_reserved_ids():
    s = _draw(
        tf.nn.fixed_unigram_candidate_sampler,
        False,
        seed=1,
        runs=20,
        unigrams=np.ones(19),
        num_reserved_ids=1,
    )
    assert all(bool((run[0] != 0).all()) for run in s)


def test_log_uniform_frequencies_follow_zipf():
    """Over many non-unique draws, each class's frequency approaches its probability."""
    with tf.Graph().as_default(), tf.Session() as sess:
        out = tf.nn.log_uniform_candidate_sampler(
            tf.constant([[0]], tf.int64), 1, 20000, False, 10, seed=5
        )
        s, t, c = sess.run(out)
    p = (np.log(np.arange(10) + 2.0) - np.log(np.arange(10) + 1.0)) / np.log(11.0)
    np.testing.assert_allclose(np.bincount(s, minlength=10) / 20000, p, atol=0.01)
    np.testing.assert_allclose(c, p[s] * 20000, rtol=1e-5)
    np.testing.assert_allclose(t, [[p[0] * 20000]], rtol=1e-5)


def test_unique_expected_counts_use_the_number_of_tries():
    """With unique=True TF counts draws: expected = 1 - (1 - p) ** tries (uniform: p = 1/20)."""
    s, t, c = _draw(tf.nn.uniform_candidate_sampler, True, seed=2)[0]
    tries = np.log1p(-t[0, 0]) / np.log1p(-1 / 20)
    assert tries >= 6 - 1e-3
    np.testing.assert_allclose(c, t[0, 0], rtol=1e-6)


def test_nce_loss_trains_with_its_own_sampler():
    """Without sampled_values, nce_loss and sampled_softmax_loss sample log-uniformly."""
    with tf.Graph().as_default(), tf.Session() as sess:
        w = tf.constant(RNG.standard_normal((50, 4)).astype(np.float32))
        b = tf.zeros([50])
        x = tf.constant(RNG.standard_normal((3, 4)).astype(np.float32))
        labels = tf.constant([[1], [7], [30]], tf.int64)
        nce = tf.nn.nce_loss(w, b, labels, x, 5, 50)
        soft = tf.nn.sampled_softmax_loss(w, b, labels, x, 5, 50, seed=4)
        assert nce.shape.as_list() == [3] and soft.shape.as_list() == [3]
        values = sess.run([nce, soft, tf.gradients(soft, w)[0]])
        assert np.isfinite(values[0]).all() and (values[1] > 0).all()


def _ctc_run(values, steps, merge=True):
    with tf.Graph().as_default(), tf.Session() as sess:
        idx = [[0, i] for i in range(len(values))]
        labels = tf.SparseTensor(idx, tf.constant(values, tf.int32), [1, len(values)])
        return sess.run(
            tf.nn.ctc_loss(labels, tf.zeros([steps, 1, 4]), [steps], ctc_merge_repeated=merge)
        )


def test_ctc_loss_time_checks_as_tf():
    """Values from TF 1.15: TF requires only as many steps as labels; a repeat without room
    for its blank is an infinite loss; too few steps is InvalidArgumentError."""
    assert np.isinf(_ctc_run([1, 1, 2], 3)[0])
    np.testing.assert_allclose(_ctc_run([1, 1], 2, merge=False), [2.7725887], rtol=1e-6)
    with pytest.raises(
        tf.errors.InvalidArgumentError,
        match=r"Not enough time for target transition sequence \(required: 2, "
        r"available: 1\)0You can turn this error",
    ):
        _ctc_run([1, 2], 1)


def test_ctc_loss_refuses_an_empty_label_row():
    """TF 1.15: InvalidArgumentError 'Labels length is zero in batch 1'."""
    with tf.Graph().as_default(), tf.Session() as sess:
        labels = tf.SparseTensor([[0, 0]], tf.constant([1]), [2, 1])
        loss = tf.nn.ctc_loss(labels, tf.zeros([3, 2, 4]), [3, 3])
        with pytest.raises(
            tf.errors.InvalidArgumentError, match="Labels length is zero in batch 1"
        ):
            sess.run(loss)


GRAPH_DIR = pathlib.Path(__file__).parent / "golden"


def test_tf_graph_def_of_the_new_ops_imports_and_runs():
    """A GraphDef that TF 1.15 serialized (tools/make_nn_fixtures.py) runs in tinytf with TF's
    values: FusedBatchNormV3, LRN, Softsign, DepthwiseConv2dNative, Dilation2D,
    MaxPoolWithArgmax, Conv3D, AvgPool3D, CTCLoss, CTCGreedyDecoder."""
    graph_def = tf.GraphDef()
    graph_def.ParseFromString((GRAPH_DIR / "nn_more_graph.pb").read_bytes())
    want = np.load(GRAPH_DIR / "nn_more_graph.npz")
    names = [str(n) for n in want["names"]]
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph_def, name="")
        with tf.Session(graph=g) as sess:
            got = sess.run([g.get_tensor_by_name(n) for n in names])
    for i, value in enumerate(got):
        expected = want[f"frozen/{i}"]
        assert value.dtype == expected.dtype and value.shape == expected.shape, names[i]
        np.testing.assert_allclose(value, expected, rtol=1e-4, atol=1e-5, err_msg=names[i])


def test_tinytf_graph_def_of_the_new_ops_round_trips():
    """tinytf's own GraphDef of the same graph (TF's attrs) imports back with TF's values."""
    from tests.ops.nn_more_cases import frozen_graph

    graph, names = frozen_graph(tf)
    want = np.load(GRAPH_DIR / "nn_more_graph.npz")
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph.as_graph_def(), name="")
        with tf.Session(graph=g) as sess:
            got = sess.run(names)
    for i, value in enumerate(got):
        np.testing.assert_allclose(value, want[f"frozen/{i}"], rtol=1e-4, atol=1e-5)
