"""tf.feature_column against real TF 1.15: the cases of feature_column_cases.py, whose golden
values, names and errors tools/make_feature_column_fixtures.py recorded from TF 1.15."""

import pathlib
import re

import numpy as np
import pytest

import tinytf as tf
from tests import fixture_runner
from tests.feature_column import feature_column_cases

GOLDEN = fixture_runner.load_golden(pathlib.Path(__file__).parent / "golden", "feature_column")
CASES = feature_column_cases.CASES
ERROR_CASES = ("build_errors", "parse_specs", "sequence_errors")


def _normalized(error):
    """TF's message without what is TF's own: autograph's "in converted code" trace around a
    linear_model error, module paths of classes, generated tensor names."""
    if error is None:
        return None
    kind, message = error
    if message.startswith("in converted code:"):
        message = message.strip().splitlines()[-1].split(": ", 1)[1]
    message = re.sub(r"<class '[\w.]+\.(\w+)'>", r"<class '\1'>", message)
    message = re.sub(r'Tensor\("[\w/]+:0"', 'Tensor("T:0"', message)
    return [kind, message]


@pytest.mark.parametrize("name", sorted(set(CASES) - set(ERROR_CASES) - {"crosses"}))
def test_case_matches_tf(name):
    fixture_runner.check_case(tf, CASES, name, GOLDEN)


def test_crosses_match_tf_but_for_the_static_batch_size():
    """TF's shape inference folds SparseCross's dense_shape output when all its inputs are
    constant; tinytf folds one-output ops only, so the batch dimension stays unknown there."""
    facts = fixture_runner.check_case(tf, CASES, "crosses", GOLDEN, apart={"out", "cols_to_output"})
    want = GOLDEN[0]["crosses"]
    assert facts["out"] == [want["out"][0], [None, 55], "float32"]
    assert [[n, s[1]] for n, s in facts["cols_to_output"]] == [
        [n, s[1]] for n, s in want["cols_to_output"]
    ]


@pytest.mark.parametrize("name", ERROR_CASES)
def test_errors_match_tf(name):
    facts = fixture_runner.check_case(tf, CASES, name, GOLDEN, apart=set(GOLDEN[0][name]))
    want = GOLDEN[0][name]
    for key, error in want.items():
        if key in ("spec", "reprs", "num_spec"):
            assert facts[key] == error
        else:
            assert _normalized(facts[key]) == _normalized(error), key


def test_linear_model_weights_are_model_variables_and_zero_initialized():
    with tf.Graph().as_default():
        fc = tf.feature_column
        city = fc.categorical_column_with_vocabulary_list("city", ["a", "b"])
        out = fc.linear_model({"city": [["a"], ["c"]]}, [city], units=2)
        assert [v.name for v in tf.model_variables()] == [
            "linear_model/city/weights:0",
            "linear_model/bias_weights:0",
        ]
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
            np.testing.assert_array_equal(sess.run(out), np.zeros([2, 2], np.float32))


def test_shared_embedding_collection_holds_the_one_variable():
    with tf.Graph().as_default():
        fc = tf.feature_column
        a, b = (fc.categorical_column_with_identity(k, 4) for k in ("a", "b"))
        columns = fc.shared_embedding_columns([a, b], 2)
        fc.input_layer({"a": [[1]], "b": [[2]]}, columns)
        shared = tf.get_collection("a_b_shared_embedding")
        assert [v.name for v in shared] == ["input_layer/a_b_shared_embedding/embedding_weights:0"]


def test_sparse_cross_strings_join_with_x():
    from tinytf.ops.feature_column_ops import sparse_cross

    with tf.Graph().as_default():
        a = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], ["x", "y", "z"], [2, 2])
        crossed = sparse_cross([a, tf.constant([[3], [4]], tf.int64)])
        with tf.Session() as sess:
            value = sess.run(crossed)
    assert value.values.tolist() == [b"x_X_3", b"y_X_3", b"z_X_4"]
    assert value.indices.tolist() == [[0, 0], [0, 1], [1, 0]]
    assert value.dense_shape.tolist() == [2, 2]


def test_tf_graph_of_crossed_and_bucketized_columns_imports_and_runs():
    """TF's GraphDef (SparseCross, Bucketize, ...) runs in tinytf to TF's values."""
    folder = pathlib.Path(__file__).parent / "golden"
    graph_def = tf.GraphDef()
    graph_def.ParseFromString((folder / "feature_column_graph.pb").read_bytes())
    want = np.load(folder / "feature_column_graph.npz")
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            got = sess.run(str(want["name"]))
    np.testing.assert_array_equal(got, want["out"])
