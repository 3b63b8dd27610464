"""Issue 10's leftovers against real TF 1.15: the cases of tests/ops/ops_leftovers_cases.py
(quantization ops, gradient accumulators, tf.math / tf.dtypes aliases), whose values,
gradients, dtypes, static shapes, names and errors tools/make_ops_leftovers_fixtures.py
recorded in golden/ops_leftovers.json / .npz."""

import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests import fixture_runner
from tests.ops.ops_leftovers_cases import CASES
from tests.optest import check_gradients

GOLDEN = fixture_runner.load_golden(pathlib.Path(__file__).parent / "golden", "ops_leftovers")
GOOD = sorted(n for n in CASES if not n.startswith("bad_"))
BAD = sorted(n for n in CASES if n.startswith("bad_"))


# Facts checked apart: an accumulator's handle is a scalar resource here (TF: shape [2], and a
# string ref for the sparse one); IndexedSlices parts have known ranks here; tf.nn.in_top_k's
# op is named "in_top_k" here (TF: "in_top_k/InTopKV2", nn_ops' naming).
APART = {
    "acc_mean": ("ref",),
    "acc_sum": ("ref",),
    "acc_sparse": ("slices",),
    "math_int_aliases": ("outs",),
}
# TF requantizes qint32 in an arithmetic not reproduced to the last float ulp (~1e-5).
RTOL = {"concat_qint32": 1e-5}
# adjust_jpeg_quality: the JPEG bytes and their exact (INTEGER_ACCURATE) decoding equal TF's;
# the image differs by up to 6 levels (measured) as tinytf's decode_jpeg decodes with the
# accurate integer DCT where TF's default is INTEGER_FAST. convert_image_dtype names its
# no-op "convert_image" here (TF: "Identity").
JPEG = sorted(n for n in CASES if n.startswith("jpeg_"))
APART.update({n: ("outs",) for n in JPEG})


@pytest.mark.parametrize("name", GOOD)
def test_matches_tf(name):
    apart = APART.get(name, ())
    if GOLDEN[0][name].get("unknown", 0) is None:
        apart += ("unknown",)
    rtol = RTOL.get(name, 1e-6)
    atol = (6 if "float" not in name else 6 / 255) if name in JPEG else 1e-6
    facts = fixture_runner.check_case(tf, CASES, name, GOLDEN, apart=apart, rtol=rtol, atol=atol)
    want = GOLDEN[0][name]
    if "ref" in apart:
        assert facts["ref"][0] == want["ref"][0]
    if "slices" in apart:
        assert [f[0::2] for f in facts["slices"]] == [w[0::2] for w in want["slices"]]
    if "outs" in apart:
        assert [f[1:] for f in facts["outs"]] == [w[1:] for w in want["outs"]]


@pytest.mark.parametrize("name", BAD)
def test_errors_match_tf(name):
    """TF's exception class; its message up to the op's input-shape suffix or node name."""
    want = GOLDEN[0][name]["error"]
    got = fixture_runner.record(tf, CASES[name])[1]["error"]
    assert got[0] == want[0]
    head = want[1].split(" for '")[0].split(" used by ")[0]
    assert got[1].split(" for '")[0].startswith(head)


def test_math_aliases_are_tf_nn_objects():
    for name in ("in_top_k", "l2_normalize", "log_softmax", "softplus", "softsign", "top_k"):
        assert getattr(tf.math, name) is getattr(tf.nn, name)
    assert tf.math.zero_fraction is tf.nn.zero_fraction
    assert tf.math.invert_permutation is tf.invert_permutation
    assert tf.dtypes.as_string is tf.as_string is tf.strings.as_string


def test_accumulator_classes_are_exported():
    assert tf.sparse.SparseConditionalAccumulator is tf.SparseConditionalAccumulator
    assert issubclass(tf.ConditionalAccumulator, tf.ConditionalAccumulatorBase)
    assert issubclass(tf.SparseConditionalAccumulator, tf.ConditionalAccumulatorBase)


def test_fake_quant_gradients_are_registered_as_tf():
    """tf.gradients of fake quantization builds TF's gradient op types."""
    with tf.Graph().as_default():
        x = tf.constant(np.linspace(-1, 1, 5, dtype=np.float32))
        y = tf.fake_quant_with_min_max_vars(x, -0.5, 0.5)
        grads = tf.gradients(tf.reduce_sum(y), x)
        assert grads[0].op.type == "FakeQuantWithMinMaxVarsGradient"
        with pytest.raises(LookupError):
            tf.gradients(grads[0], x)


def test_quantized_graph_def_round_trip():
    """The quantize ops export TF's attrs (T, mode, round_mode) and import back."""
    with tf.Graph().as_default() as g:
        q = tf.quantize([0.0, 1.0, 2.0], 0.0, 2.0, tf.quint8, name="q")
        tf.dequantize(q.output, q.output_min, q.output_max, name="d")
        graph_def = g.as_graph_def()
    nodes = {n.name: n for n in graph_def.node}
    assert nodes["q"].op == "QuantizeV2" and nodes["q"].attr["T"].type == tf.quint8.as_datatype_enum
    assert nodes["d"].attr["mode"].s == b"MIN_COMBINED"
    with tf.Graph().as_default(), tf.Session() as sess:
        (d,) = tf.import_graph_def(graph_def, return_elements=["d:0"])
        np.testing.assert_allclose(sess.run(d), [0.0, 1.0, 2.0], atol=1e-2)


def _pooled(x, rows, cols, overlapping, reduce):
    """NumPy's pooling of x over the windows that the edge sequences give."""
    out = np.empty((x.shape[0], len(rows) - 1, len(cols) - 1, x.shape[3]))
    for i in range(len(rows) - 1):
        r1 = min(rows[i + 1] + overlapping, x.shape[1])
        for j in range(len(cols) - 1):
            c1 = min(cols[j + 1] + overlapping, x.shape[2])
            out[:, i, j] = reduce(x[:, rows[i] : r1, cols[j] : c1], axis=(1, 2))
    return out


@pytest.mark.parametrize("pseudo_random", [False, True])
@pytest.mark.parametrize("overlapping", [False, True])
@pytest.mark.parametrize(
    "pool, reduce", [("fractional_max_pool", np.max), ("fractional_avg_pool", np.mean)]
)
def test_fractional_pool_random_windows(pool, reduce, overlapping, pseudo_random):
    """Non-integer ratios: edges from 0 to the size with steps floor/ceil of the ratio (TF's
    law), the values pooled over them, and new windows on each run unless deterministic."""
    x = np.random.default_rng(3).standard_normal((2, 11, 13, 2))
    with tf.Graph().as_default(), tf.Session() as sess:
        out = getattr(tf.nn, pool)(x, [1, 1.7, 2.3, 1], pseudo_random, overlapping)
        fixed = getattr(tf.nn, pool)(x, [1, 1.7, 2.3, 1], pseudo_random, overlapping, True, 4, 5)
        draws = [sess.run(out) for _ in range(6)]
        fixed_draws = [sess.run(fixed) for _ in range(3)]
    for value, rows, cols in draws:
        assert (rows[0], rows[-1], cols[0], cols[-1]) == (0, 11, 0, 13)
        assert len(rows) == 7 and len(cols) == 6
        assert set(np.diff(rows)) <= {1, 2} and set(np.diff(cols)) <= {2, 3}
        np.testing.assert_allclose(value, _pooled(x, rows, cols, overlapping, reduce))
    assert len({d[1].tobytes() + d[2].tobytes() for d in draws}) > 1
    assert len({d[1].tobytes() + d[2].tobytes() for d in fixed_draws}) == 1


@pytest.mark.parametrize("pool", ["fractional_max_pool", "fractional_avg_pool"])
def test_fractional_pool_gradients_numerically(pool):
    x = np.random.default_rng(4).standard_normal((1, 7, 9, 2))
    fn = lambda v: getattr(tf.nn, pool)(v, [1, 1.5, 1.8, 1], True, True, True, 7, 8)[0]  # noqa: E731
    check_gradients(fn, [x])


@pytest.mark.parametrize("name", JPEG)
def test_jpeg_quality_bytes_equal_tf(name):
    """The encoded JPEG bytes, and their exact decoding, equal TF 1.15's byte for byte."""
    arrays, _ = fixture_runner.record(tf, CASES[name])
    for key in ("0/out1", "0/out2"):
        np.testing.assert_array_equal(arrays[key], GOLDEN[1][f"{name}/{key}"])


def test_glimpse_outside_pixels_are_uniform_noise():
    """As TF 1.15 (measured: uniform_noise True or False alike), pixels outside the image are
    uniform in the image's [min, max], new on each run; the image itself is copied."""
    x = np.arange(84, dtype=np.float32).reshape(2, 6, 7, 1)
    with tf.Graph().as_default(), tf.Session() as sess:
        g = tf.image.extract_glimpse(x, [40, 40], [[0.0, 0.0], [0.0, 0.0]], uniform_noise=False)
        first, second = sess.run(g), sess.run(g)
    np.testing.assert_array_equal(first[:, 17:23, 16:23], x)
    noise = np.concatenate([first[0, :10].ravel(), first[0, 30:].ravel()])
    assert 0 <= noise.min() and noise.max() <= 41
    assert abs(noise.mean() - 20.5) < 1 and abs(noise.std() - 41 / 12**0.5) < 1
    assert not np.array_equal(first, second)
