"""Segments, scatters, gathers, partitions, IndexedSlices and the optimizers' sparse path,
against real TF 1.15 (golden/segments.json and .npz, written by tools/make_segment_fixtures.py
from the cases of tests/ops/segment_cases.py), plus numeric gradient checks."""

import base64
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests import optest
from tests.ops import segment_cases as cases
from tinytf.ops.indexed_slices import IndexedSlicesValue

GOLDEN_DIR = Path(__file__).parent / "golden"
META = json.loads((GOLDEN_DIR / "segments.json").read_text())
ARRAYS = np.load(GOLDEN_DIR / "segments.npz")


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tf(name):
    got = cases.run_case(tf, cases.CASES[name])
    want = META["cases"][name]
    assert len(got) == len(want)
    for k, ((dtype, static, values), w) in enumerate(zip(got, want)):
        assert dtype == w["dtype"], f"step {k}"
        assert static == w["static"], f"step {k}"
        assert len(values) == w["parts"]
        for j, v in enumerate(values):
            ref = ARRAYS[f"case/{name}/{k}/{j}"]
            assert v.dtype == ref.dtype and v.shape == ref.shape, f"step {k} part {j}"
            np.testing.assert_allclose(v, ref, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", sorted(cases.GRADS))
def test_gradient_matches_tf(name):
    got = cases.run_grad(tf, cases.GRADS[name])
    np.testing.assert_allclose(got, ARRAYS[f"grad/{name}"], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", sorted(cases.GRADS))
def test_gradient_is_numerically_right(name):
    # x * 1.0: a dense op first, so an IndexedSlices gradient reaches x densified
    optest.check_gradients(lambda x: cases.GRADS[name](tf, x * 1.0), [cases.D64 + 0.01])


@pytest.mark.parametrize("name", sorted(cases.BAD))
def test_bad_input_raises_as_tf(name):
    want = META["bad"][name]
    with tf.Graph().as_default():
        out = cases.BAD[name](tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(out)
    assert want["stage"] == "run" and want["error"] == "InvalidArgumentError"
    assert info.value.message.split("\n")[0] == want["message"]


def test_bad_scatter_writes_nothing():
    with tf.Graph().as_default(), tf.Session() as sess:
        v = tf.Variable(cases.DATA)
        sess.run(v.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(tf.scatter_add(v, [0, 9], cases.DATA[:2]))
        np.testing.assert_array_equal(sess.run(v), cases.DATA)


@pytest.mark.parametrize("name", sorted(cases.OPTIMIZERS(tf)))
def test_sparse_optimizer_step_matches_tf(name):
    got = cases.optimizer_run(tf, name)
    for k, v in enumerate(got):
        np.testing.assert_allclose(v, ARRAYS[f"opt/{name}/{k}"], rtol=2e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["gd", "momentum", "adagrad", "rmsprop", "ftrl"])
def test_sparse_optimizers_leave_rows_not_looked_up(name):
    emb = cases.optimizer_run(tf, name)[0]
    np.testing.assert_array_equal(emb[[0, 2]], cases.EMB[[0, 2]])


def test_gather_gradient_is_indexed_slices_without_dense_op():
    with tf.Graph().as_default() as g:
        v = tf.Variable(np.zeros((100000, 4), "float32"))
        grad = tf.gradients(tf.reduce_sum(tf.nn.embedding_lookup(v, [3, 3])), v)[0]
        assert isinstance(grad, tf.IndexedSlices)
        assert grad.values.shape.as_list() == [2, 4]
        train = tf.train.GradientDescentOptimizer(1.0).minimize(tf.reduce_sum(tf.gather(v, [7])))
        types = {op.type for op in g.get_operations()}
        assert "UnsortedSegmentSum" not in types and "ScatterSub" in types
        with tf.Session() as sess:
            sess.run(v.initializer)
            sess.run(train)
            assert sess.run(v)[7].tolist() == [-1.0] * 4


def test_convert_to_tensor_warns_only_for_huge_slices():
    with tf.Graph().as_default():
        small = tf.IndexedSlices(tf.ones([1, 2]), tf.constant([0]), tf.constant([3, 2]))
        huge = tf.IndexedSlices(tf.ones([1, 2]), tf.constant([0]), tf.constant([10**8, 2]))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            dense = tf.convert_to_tensor(small)
        with pytest.warns(UserWarning, match="200000000 elements"):
            tf.convert_to_tensor(huge)
        with pytest.raises(ValueError, match="requested dtype float64 for IndexedSlices"):
            tf.convert_to_tensor(small, dtype=tf.float64)
        with tf.Session() as sess:
            assert sess.run(dense).tolist() == [[1.0, 1.0], [0.0, 0.0], [0.0, 0.0]]


def test_indexed_slices_value_and_negation():
    with tf.Graph().as_default(), tf.Session() as sess:
        s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([2]), tf.constant([4, 2]))
        value = sess.run(-s)
        assert isinstance(value, IndexedSlicesValue)  # TF 1.15 has no public name for it
        assert value.values.tolist() == [[-1.0, -2.0]] and value.indices.tolist() == [2]
        assert re.match(r"IndexedSlices\(indices=Tensor", str(s))
        assert s.dtype == tf.float32 and s.op is s.values.op


def test_segment_ops_static_shapes_and_dtype_rules():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 5])
        assert tf.segment_sum(x, tf.placeholder(tf.int32, [None])).shape.as_list() == [None, 5]
        assert tf.unsorted_segment_max(x, [0, 1], 7).shape.as_list() == [7, 5]
        with pytest.raises(TypeError, match="not in list of allowed values"):
            tf.segment_max(tf.constant([True]), [0])
        with pytest.raises(ValueError):
            tf.segment_sum(x, tf.constant([[0]]))
        with pytest.raises(ValueError, match="must be less than or equal to axis"):
            tf.gather(tf.ones([2, 3]), [[0], [1]], axis=0, batch_dims=1)


def test_segment_gradients_numerically():
    for fn in (
        lambda x: tf.segment_max(x, [0, 0, 1, 1, 1]),
        lambda x: tf.unsorted_segment_prod(x, [0, 1, 0, 1, 2], 3),
    ):
        x = cases.D64.copy()
        x[1, 0] = 0.0  # a zero in a product's segment
        optest.check_gradients(fn, [x])


def test_convert_to_tensor_or_indexed_slices_keeps_slices():
    with tf.Graph().as_default():
        s = tf.IndexedSlices(tf.ones([1, 2]), tf.constant([0]), tf.constant([3, 2]))
        assert tf.convert_to_tensor_or_indexed_slices(s) is s
        assert isinstance(tf.convert_to_tensor_or_indexed_slices([1.0]), tf.Tensor)
        with pytest.raises(ValueError, match="requested dtype int32"):
            tf.convert_to_tensor_or_indexed_slices(s, dtype=tf.int32)


def test_tf_graph_def_with_these_ops_imports_and_runs():
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(base64.b64decode(META["graph"]["graph_def"]))
    fetch = META["graph"]["fetch"]
    with tf.Graph().as_default() as g, tf.Session() as sess:
        tf.import_graph_def(graph_def, name="")
        sess.run(g.get_operation_by_name("v/Assign"))
        values = sess.run(fetch[:-1]) + [sess.run(fetch[-1])]
        exported = g.as_graph_def()
    for k, v in enumerate(values):
        np.testing.assert_allclose(v, ARRAYS[f"graph/{k}"], rtol=1e-6)
    ops = {n.name: n for n in exported.node}
    assert ops["scatter_add"].attr["use_locking"].b is False
    assert ops["partition"].attr["num_partitions"].i == 2
    assert ops["gather_b"].attr["batch_dims"].i == 1


def _static(name):
    text = META["cases"][name][0]["static"].strip("()").rstrip(",")
    return [None if d == "?" else int(d) for d in text.split(", ")] if text else []


def _golden_case(name, fn, inputs):
    """An optest Case whose reference is TF's value of segment_cases.CASES[name]."""
    return optest.Case(
        name,
        fn,
        inputs,
        lambda *_: ARRAYS[f"case/{name}/0/0"],
        static=_static(name),
        grad=False,  # the gradients are checked above, against TF and numerically
    )


OPTEST_CASES = [
    _golden_case("segment_sum", tf.segment_sum, [cases.DATA, cases.IDS]),
    _golden_case("segment_max", tf.segment_max, [cases.DATA, cases.IDS]),
    _golden_case(
        "unsorted_sum",
        lambda d, i: tf.unsorted_segment_sum(d, i, 4),
        [cases.DATA, np.array([2, 0, -1, 2], "int32")],
    ),
    _golden_case(
        "sparse_mean",
        tf.sparse_segment_mean,
        [cases.DATA, np.array([0, 3, 3, 1], "int32"), np.array([0, 0, 1, 3], "int32")],
    ),
    _golden_case(
        "gather_axis1",
        lambda d, i: tf.gather(d, i, axis=1),
        [cases.DATA, np.array([[2, 0], [1, 1]], "int32")],
    ),
]


@pytest.mark.parametrize("case", optest.params(OPTEST_CASES))
def test_values_and_static_shapes_with_unknown_dims(case):
    optest.check_case(case)


BAD_BUILD = [
    optest.Bad(
        "segment_max_bool",
        lambda: tf.segment_max(tf.constant([True]), [0]),
        TypeError,
        "DataType bool not in list of allowed values",
    ),
    optest.Bad(
        "segment_ids_float",
        lambda: tf.segment_sum(tf.constant([1.0]), tf.constant([0.0])),
        TypeError,
        "segment_ids",
    ),
    optest.Bad(
        "scatter_on_a_constant",
        lambda: tf.scatter_add(tf.constant([1.0]), [0], [1.0]),
        TypeError,
        "requires that input 'ref' be a mutable tensor",
    ),
    optest.Bad(
        "scatter_updates_shape",
        lambda: tf.scatter_update(tf.Variable(np.zeros((3, 2))), [0, 1], np.zeros((2, 3))),
        ValueError,
        "must be equal, but are 3 and 2",
    ),
    optest.Bad(
        "sparse_segment_ids_int64",
        lambda: tf.sparse_segment_sum(tf.ones([2]), [0, 1], tf.constant([0, 0], tf.int64)),
        TypeError,
        "Input 'segment_ids' of 'SparseSegmentSum' Op has type int64",
    ),
    optest.Bad(
        "partitions_int64",
        lambda: tf.dynamic_partition(tf.constant([1.0]), tf.constant([0], tf.int64), 2),
        TypeError,
        "int32",
    ),
]


@pytest.mark.parametrize("bad", optest.params(BAD_BUILD))
def test_bad_build(bad):
    optest.check_bad(bad)


def test_gradients_aggregate_slices_as_tf():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant(cases.EMB)
        two = tf.gradients(tf.gather(x, [1, 1]) + tf.gather(x, tf.constant([2, 0], tf.int64)), x)[0]
        assert isinstance(two, tf.IndexedSlices)  # TF: the rows concatenated, ids cast to int64
        assert two.indices.dtype == tf.int64 and two.values.shape.as_list() == [4, 2]
        mixed = tf.gradients(tf.reduce_sum(tf.gather(x, [1])) + tf.reduce_sum(x), x)[0]
        assert isinstance(mixed, tf.Tensor) and mixed.op.type == "AddN"  # any dense: AddN
        value = sess.run(two)
        assert sorted(value.indices.tolist()) == [0, 1, 1, 2]
        want = np.ones((6, 2), "float32")
        want[1] += 1
        np.testing.assert_array_equal(sess.run(mixed), want)
