import collections
import re

import numpy as np
import pytest

import tinytf as tf


def test_nested_fetches_keep_their_structure():
    a, b = tf.constant(1), tf.constant(2.0)
    Pair = collections.namedtuple("Pair", "x y")
    with tf.Session() as sess:
        out = sess.run({"a": a, "pair": Pair(a, [b, (a,)]), "op": tf.no_op(), "name": "Const:0"})
    assert out["a"] == 1 and out["op"] is None and out["name"] == 1
    assert isinstance(out["pair"], Pair) and out["pair"].x == 1
    assert out["pair"].y[0] == 2.0 and out["pair"].y[1] == (1,)


def test_scalar_fetch_is_numpy_scalar_and_arrays_are_arrays():
    with tf.Session() as sess:
        s = sess.run(tf.constant(2.0) + 1.0)
        v = sess.run(tf.constant([1.0]) + 1.0)
    assert isinstance(s, np.float32) and isinstance(v, np.ndarray) and v.dtype == np.float32


def test_feeds_by_tensor_and_by_name_converted_to_placeholder_dtype():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = x * 2
    with tf.Session() as sess:
        got = sess.run(y, {x: [[1, 2, 3]]})
        assert got.dtype == np.float32 and got.tolist() == [[2, 4, 6]]
        assert sess.run(y, {"x:0": np.ones((2, 3), np.float64)}).dtype == np.float32


def test_any_tensor_can_be_fed():
    a = tf.constant(1.0)
    b = a * 10
    with tf.Session() as sess:
        assert sess.run(b, {a: 5.0}) == 50.0
        assert sess.run(b) == 10.0


def test_unfed_placeholder_message():
    x = tf.placeholder(tf.float32, [None, 3])
    with tf.Session() as sess:
        with pytest.raises(
            tf.errors.InvalidArgumentError,
            match=re.escape(
                "You must feed a value for placeholder tensor 'Placeholder' with dtype float "
                "and shape [?,3]"
            ),
        ) as info:
            sess.run(x * 2)
        assert info.value.op is x.op and info.value.error_code == tf.errors.INVALID_ARGUMENT
        p = tf.placeholder(tf.int32)
        with pytest.raises(
            tf.errors.InvalidArgumentError,
            match=re.escape(
                "You must feed a value for placeholder tensor 'Placeholder_1' with dtype int32\n"
            ),
        ):
            sess.run(p + 1)


def test_wrong_feed_shape_message():
    x = tf.placeholder(tf.float32, [None, 3])
    with (
        tf.Session() as sess,
        pytest.raises(
            ValueError,
            match=re.escape(
                "Cannot feed value of shape (1, 2) for Tensor 'Placeholder:0', which has shape "
                "'(?, 3)'"
            ),
        ),
    ):
        sess.run(x, {x: [[1, 2]]})


@pytest.mark.parametrize("value", [1.5, [1.5, 2], np.array([0.5, 1.0])])
def test_lossy_feed_into_integer_placeholder_is_refused(value):
    x = tf.placeholder(tf.int32)
    with tf.Session() as sess, pytest.raises(TypeError, match="not compatible with Tensor type"):
        sess.run(x, {x: value})


def test_integral_float_feed_into_integer_placeholder_is_accepted():
    x = tf.placeholder(tf.int32)
    with tf.Session() as sess:
        assert sess.run(x, {x: np.array([1.0, 2.0])}).tolist() == [1, 2]


def test_bad_feed_values_and_keys():
    x = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="cannot be a tf.Tensor object"):
            sess.run(x, {x: tf.constant(1.0)})
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor"):
            sess.run(x, {"nope:0": 1.0})
        with pytest.raises(ValueError):
            sess.run(x, {x: "not a number"})


def test_bad_fetches():
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="Fetch argument None has invalid type"):
            sess.run(None)
        with pytest.raises(TypeError, match="has invalid type"):
            sess.run(3)
        with pytest.raises(ValueError, match="cannot be interpreted as a Tensor"):
            sess.run("nope:0")


def test_fetch_from_another_graph_is_value_error():
    with tf.Graph().as_default():
        other = tf.constant(1)
    with tf.Session() as sess, pytest.raises(ValueError, match="is not an element of this graph"):
        sess.run(other)


def test_closed_session():
    sess = tf.Session()
    sess.close()
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        sess.run(tf.constant(1))


def test_context_manager_sets_default_session_and_graph():
    g = tf.Graph()
    with tf.Session(graph=g) as sess:
        assert tf.get_default_session() is sess and tf.get_default_graph() is g
        c = tf.constant(3)
        assert c.eval() == 3
    assert tf.get_default_session() is None
    with pytest.raises(RuntimeError, match="closed"):
        sess.run(c)


def test_eval_and_run_need_a_session_of_the_same_graph():
    c = tf.constant(1)
    with pytest.raises(ValueError, match="No default session is registered"):
        c.eval()
    with pytest.raises(ValueError, match="No default session is registered"):
        tf.no_op().run()
    other = tf.Session(graph=tf.Graph())
    with pytest.raises(ValueError, match="graph is different from the session's graph"):
        c.eval(session=other)
    sess = tf.Session()
    assert c.eval(session=sess) == 1
    with sess.as_default():
        assert c.eval() == 1


def test_interactive_session_is_default_until_closed():
    sess = tf.InteractiveSession()
    x = tf.constant([1.0, 2.0])
    assert tf.get_default_session() is sess
    assert x.eval().tolist() == [1.0, 2.0]
    v = tf.Variable(3.0)
    tf.global_variables_initializer().run()
    assert v.eval() == 3.0
    sess.close()
    assert tf.get_default_session() is None


def test_plans_are_compiled_once_per_signature():
    x = tf.placeholder(tf.float32, [None])
    y = tf.reduce_sum(x * 2)
    with tf.Session() as sess:
        for i in range(3):
            assert sess.run(y, {x: [i, 1.0]}) == 2 * (i + 1)
        assert len(sess._plans) == 1
        sess.run([y, x], {x: [1.0]})
        assert len(sess._plans) == 2


def test_plan_runs_only_needed_ops():
    x = tf.placeholder(tf.float32)
    unused = tf.placeholder(tf.float32) * 2  # would fail: never fed
    y = x + 1
    with tf.Session() as sess:
        assert sess.run(y, {x: 1.0}) == 2.0
    assert unused is not None


def test_adding_control_input_invalidates_plans():
    v = tf.Variable(0.0)
    inc = v.assign_add(1.0)
    read = tf.identity(v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(read) == 0.0
        read.op._add_control_input(inc.op)
        assert sess.run(read) == 1.0


def test_make_callable():
    x = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        f = sess.make_callable(x * 3, [x])
        assert f(2.0) == 6.0


def test_make_callable_behaves_as_tf_115s():
    """What TF 1.15 gives: extra values dropped, a missing one unfed, a Tensor refused, ops
    added after the callable was made do not stop it, a closed session refuses it."""
    x = tf.placeholder(tf.float32, [])
    sess = tf.Session()
    f = sess.make_callable({"y": x * 3, "z": [x]}, [x])
    assert f(2.0) == {"y": 6.0, "z": [2.0]}
    assert f(1.0, 2.0)["y"] == 3.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="must feed a value"):
        f()
    with pytest.raises(TypeError, match="cannot be a tf.Tensor"):
        f(tf.constant(1.0))
    with pytest.raises(ValueError, match="Cannot feed value of shape"):
        f([1.0, 2.0])
    _ = x + 1
    assert f(4.0)["y"] == 12.0
    sess.close()
    with pytest.raises(RuntimeError, match="closed Session"):
        f(1.0)


def test_deep_graph_does_not_hit_recursion_limit():
    x = tf.constant(0.0)
    for _ in range(3000):
        x = x + 1.0
    with tf.Session() as sess:
        assert sess.run(x) == 3000.0


def test_control_dependency_on_a_fed_placeholder_is_satisfied_by_the_feed():
    x = tf.placeholder(tf.float32, [None])
    v = tf.Variable(0.0)
    with tf.control_dependencies([x]):
        inc = tf.assign_add(v, 1.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(inc, {x: [1.0]}) == 1.0
        with pytest.raises(tf.errors.InvalidArgumentError, match="must feed a value"):
            sess.run(inc)


def test_str_fed_to_a_string_placeholder_reaches_ops_as_bytes():
    """TF 1.15 encodes a fed str as UTF-8 bytes: tf.identity of it gives b'...'."""
    x = tf.placeholder(tf.string, [None])
    y = tf.placeholder(tf.string, [])
    with tf.Session() as sess:
        got = sess.run([tf.identity(x), tf.identity(y)], {x: ["ab", "é"], y: "q"})
    assert list(got[0]) == [b"ab", "é".encode()] and got[1] == b"q"
