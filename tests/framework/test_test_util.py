"""tf.test.TestCase and assert_equal_graph_def, against what real TF 1.15 did on the same cases
(tests/framework/golden/{assertions,equal_graph_def}.json, made by tools/make_test_fixtures.py
from tests/framework/tftest_cases.py)."""

import io
import json
import os
import random
import sys
import unittest
from pathlib import Path

import numpy as np
import pytest
from absl.testing import absltest

import tinytf as tf
from tests.framework import tftest_cases as cases
from tinytf.client.session import Session
from tinytf.framework import graph as graph_module

text_format = pytest.importorskip("google.protobuf.text_format")
pytest.importorskip("tensorboard.compat.proto.graph_pb2")
GOLDEN = Path(__file__).parent / "golden"
ASSERTIONS = json.loads((GOLDEN / "assertions.json").read_text())
GRAPH_DEFS = json.loads((GOLDEN / "equal_graph_def.json").read_text())
# TF's own lines in messages whose remaining lines NumPy writes (differently across versions)
_TF_LINE = ("Mismatched value", "not close", "not equal", "dtype =", "Shape mismatch")


class _Case(tf.test.TestCase):
    __test__ = False  # driven by the tests below, not collected by pytest

    def runTest(self):
        pass


def _made_case():
    case = _Case("runTest")
    case.setUp()
    return case


@pytest.mark.parametrize(
    "name,fn,compare", [pytest.param(*c, id=c[0]) for c in cases.ASSERTION_CASES]
)
def test_assertion_raises_what_tf_raises(name, fn, compare):
    kind, message = cases.run_assertion_case(tf, _Case, fn)
    tf_kind, tf_message = ASSERTIONS[name]
    assert kind == tf_kind, message
    if compare == "exact":
        assert message == tf_message
    elif compare == "lines":
        for line in tf_message.splitlines():
            if line.startswith(_TF_LINE):
                assert line in message.splitlines()


@pytest.mark.parametrize("actual,expected,message", GRAPH_DEFS)
def test_assert_equal_graph_def_says_what_tf_says(actual, expected, message):
    graph_defs = [text_format.Parse(t, tf.GraphDef()) for t in (actual, expected)]
    if not message:
        tf.test.assert_equal_graph_def(*graph_defs)
        return
    with pytest.raises(AssertionError) as info:
        tf.test.assert_equal_graph_def(*graph_defs)
    assert str(info.value) == message


def test_assert_equal_graph_def_takes_only_graph_defs():
    with pytest.raises(TypeError, match="Expected tf.GraphDef for actual, got int"):
        tf.test.assert_equal_graph_def(1, tf.GraphDef())
    with pytest.raises(TypeError, match="Expected tf.GraphDef for expected, got str"):
        tf.test.assert_equal_graph_def(tf.GraphDef(), "node {}")


def test_assert_equal_graph_def_ignores_node_order_of_exported_graphs():
    a = tf.constant(1.0, name="a")
    tf.add(a, tf.constant(2.0, name="b"), name="c")
    graph_def = tf.get_default_graph().as_graph_def()
    shuffled = tf.GraphDef()
    shuffled.node.extend(reversed(graph_def.node))
    tf.test.assert_equal_graph_def(shuffled, graph_def)
    shuffled.node[0].input[0] = "b"
    with pytest.raises(AssertionError, match="Node named 'c' has input 0 'b'"):
        tf.test.assert_equal_graph_def(shuffled, graph_def)


def test_assert_equal_graph_def_strips_randomized_names_when_asked():
    def saver_graph(suffix):
        text = 'node { name: "s" op: "Const" attr { key: "value" value { tensor { dtype: '
        text += 'DT_STRING tensor_shape {} string_val: "_temp_%s/part" } } } }' % (suffix * 32)
        return text_format.Parse(text, tf.GraphDef())

    with pytest.raises(AssertionError, match="has attr 'value'"):
        tf.test.assert_equal_graph_def(saver_graph("a"), saver_graph("b"))
    tf.test.assert_equal_graph_def(saver_graph("a"), saver_graph("b"), checkpoint_v2=True)

    def table_graph(name):
        text = 'node { name: "t" op: "HashTableV2" attr { key: "shared_name" value { s: "%s" } } }'
        return text_format.Parse(text % name, tf.GraphDef())

    with pytest.raises(AssertionError, match="has attr 'shared_name'"):
        tf.test.assert_equal_graph_def(table_graph("hash_table_1a"), table_graph("hash_table_2b"))
    tf.test.assert_equal_graph_def(
        table_graph("hash_table_1a"), table_graph("hash_table_2b"), hash_table_shared_name=True
    )
    with pytest.raises(AssertionError, match="has attr 'shared_name'"):
        tf.test.assert_equal_graph_def(
            table_graph("table_1a"), table_graph("table_2b"), hash_table_shared_name=True
        )


# -- the TestCase's life cycle --------------------------------------------------------------------
class _LifeCycle(tf.test.TestCase):
    __test__ = False
    seen = []

    def testFirst(self):
        tf.constant(1.0)
        self.seen.append(len(tf.get_default_graph().get_operations()))

    def testSecond(self):
        self.seen.append(len(tf.get_default_graph().get_operations()))


def _run_suite(case_class):
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(case_class)
    result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    return result


def test_test_session_is_collected_as_a_test_and_skipped():
    result = _run_suite(_LifeCycle)
    assert result.testsRun == 3  # testFirst, testSecond and the misnamed test_session
    assert [(t.id().rsplit(".", 1)[1], why) for t, why in result.skipped] == [
        ("test_session", "Not a test.")
    ]
    assert result.wasSuccessful()


def test_each_test_starts_on_an_empty_default_graph():
    _LifeCycle.seen.clear()
    _run_suite(_LifeCycle)
    assert sorted(_LifeCycle.seen) == [0, 1]


def test_setup_seeds_python_numpy_and_the_graph_as_tf():
    tf.constant(1.0)
    case = _made_case()
    assert tf.get_default_graph().get_operations() == []
    assert tf.get_default_graph().seed == 87654321
    # the values TF 1.15 draws right after setUp (np.random / random seeded with 87654321)
    assert np.random.random_sample() == pytest.approx(0.18463433217903202, abs=0)
    assert random.random() == pytest.approx(0.3499765785632496, abs=0)
    case.tearDown()


def test_setup_recovers_from_a_graph_left_as_default():
    case = _made_case()
    left = tf.Graph()
    block = left.as_default()
    block.__enter__()  # a failed test can leave a graph pushed
    case.setUp()
    assert tf.get_default_graph() is not left
    tf.reset_default_graph()  # no nesting left to refuse it
    graph_module._stack().append(left)  # so that the abandoned block can close cleanly
    block.__exit__(None, None, None)


def test_sessions_are_tinytf_sessions_default_with_their_graph():
    case = _made_case()
    with case.session() as sess:
        assert isinstance(sess, Session)
        assert tf.get_default_session() is sess
        assert sess.graph is tf.get_default_graph()
        assert tf.constant(1.0).device == "/device:CPU:0"
    with pytest.raises(RuntimeError):
        sess.run(tf.constant(1.0))  # session() closes its session at the end of the block
    with case.session(use_gpu=True):
        assert tf.constant(1.0).device == ""
    case.tearDown()


def test_force_gpu_pins_ops_to_a_gpu_that_is_not_there():
    case = _made_case()
    with case.session(force_gpu=True) as sess:
        c = tf.constant(1.0) + 1.0
        assert c.device == "/device:GPU:0"
        with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot assign a device"):
            sess.run(c)
    case.tearDown()


def test_soft_placement_lets_gpu_ops_run_in_test_sessions():
    case = _made_case()
    with tf.device("/gpu:0"):
        d = tf.constant(2.0) * 3.0
    with case.test_session() as sess:
        assert sess.run(d) == 6.0
    case.tearDown()


def test_cached_session_is_reused_within_a_test_and_closed_in_teardown():
    case = _made_case()
    with case.cached_session() as first:
        pass
    with case.test_session() as second, case.cached_session() as third:
        assert first is second is third
    graph = tf.Graph()
    with case.test_session(graph=graph) as other:
        assert other is not first and other.graph is graph
        assert tf.get_default_graph() is graph
    case.tearDown()
    with pytest.raises(RuntimeError):
        first.run(tf.constant(1.0))


def test_test_session_config_turns_graph_optimizations_off():
    case = _made_case()
    config = tf.ConfigProto(allow_soft_placement=True)
    with case.session(config=config) as sess:
        assert sess._config is config  # TF edits the config it is given
        assert config.graph_options.optimizer_options.opt_level == -1
        assert config.graph_options.rewrite_options.constant_folding == 2  # OFF
    with case.session(config=config, force_gpu=True) as sess:
        assert sess._config is not config and not sess._config.allow_soft_placement
    case.tearDown()


def test_evaluate_uses_the_default_session_when_there_is_one():
    case = _made_case()
    v = tf.Variable(3.0)
    with case.session() as sess:
        sess.run(v.initializer)
        assert case.evaluate(v * 2) == 6.0  # in `sess`, where v is initialized
    assert case.evaluate([tf.constant(1), {"a": tf.constant(2)}]) == [1, {"a": 2}]
    case.tearDown()


def test_get_temp_dir_is_one_directory_per_test_inside_the_program_one():
    case = _made_case()
    path = case.get_temp_dir()
    assert os.path.isdir(path) and case.get_temp_dir() == path
    assert os.path.dirname(path) == tf.test.get_temp_dir()
    assert _made_case().get_temp_dir() != path


def test_checked_thread_runs_its_target_and_is_checked_at_teardown():
    case = _made_case()
    out = []
    thread = case.checkedThread(target=out.append, args=(5,))
    thread.start()
    thread.join()
    assert out == [5] and not thread.is_alive()
    case.tearDown()  # joined: no failure


def test_capture_writes_to_stream_captures_a_file_descriptor():
    case = _made_case()
    with open(os.path.join(case.get_temp_dir(), "out.txt"), "w") as stream:
        with case.captureWritesToStream(stream) as captured:
            os.write(stream.fileno(), b"This was printed.")
        case.assertStartsWith(captured.contents(), "This was printed.")
        stream.write("after")
    assert Path(stream.name).read_text() == "after"


def test_assert_raises_op_error_matches_the_op_error_message():
    case = _made_case()
    with case.test_session():
        with case.assertRaisesOpError("You must feed a value for placeholder"):
            tf.placeholder(tf.float32, [2]).eval()
        with pytest.raises(AssertionError, match="Exception of type"):
            with case.assertRaisesOpError("no such text"):
                tf.placeholder(tf.float32).eval()


def test_assert_proto_equals_takes_text_or_a_message_and_rounds_floats():
    case = _made_case()
    attr = tf.AttrValue(f=0.1)
    case.assertProtoEquals("f: 0.1", attr)
    case.assertProtoEquals(tf.AttrValue(f=0.1000000001), attr)
    with pytest.raises(AssertionError):
        case.assertProtoEquals("f: 0.2", attr)
    graph_def = tf.GraphDef()
    graph_def.versions.producer = 134
    case.assertProtoEqualsVersion("", graph_def)


def test_python2_names_are_kept():
    assert tf.test.TestCase.assertItemsEqual is absltest.TestCase.assertCountEqual
    assert tf.test.TestCase.assertRaisesRegexp is absltest.TestCase.assertRaisesRegex
    assert sys.modules["tinytf.test"].TestCase is tf.test.TestCase
