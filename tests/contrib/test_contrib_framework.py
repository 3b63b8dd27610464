"""tf.contrib.framework: arg_scope's rules (inner scopes update outer ones, explicit keywords
win, a yielded scope re-enters), add_arg_scope's wrapper, model variables, and
assign_from_checkpoint_fn restoring saved values (with TF 1.15's handling of missing ones).
The names, collections and errors are checked against TF 1.15 in test_contrib_cases.py."""

import numpy as np
import pytest

import tinytf as tf

F = tf.contrib.framework


@F.add_arg_scope
def _probe(a, b=1, c=2):
    """A probe."""
    return a, b, c


def test_arg_scope_sets_defaults_inner_scopes_update_outer_ones():
    with F.arg_scope([_probe], b=10) as outer:
        assert _probe(0) == (0, 10, 2)
        with F.arg_scope([_probe], c=20):
            assert _probe(0) == (0, 10, 20)
            assert _probe(0, b=5) == (0, 5, 20)  # an explicit keyword wins
        assert _probe(0) == (0, 10, 2)
    assert _probe(0) == (0, 1, 2)
    with F.arg_scope(outer):  # a yielded scope re-enters
        assert _probe(0) == (0, 10, 2)
        assert F.current_arg_scope() == outer


def test_arg_scope_keyword_given_positionally_is_a_type_error():
    with F.arg_scope([_probe], b=10), pytest.raises(TypeError):
        _probe(0, 3)


def test_add_arg_scope_keeps_the_function_and_lists_its_keywords():
    assert _probe.__name__ == "_probe" and _probe.__doc__ == "A probe."
    assert F.has_arg_scope(_probe) and not F.has_arg_scope(lambda: None)
    assert tuple(F.arg_scoped_arguments(_probe)) == ("b", "c")
    assert F.has_arg_scope(tf.contrib.layers.fully_connected)


def test_arg_scope_reaches_layers_called_inside_other_layers():
    L = tf.contrib.layers
    with F.arg_scope([L.batch_norm], is_training=False, scale=True):
        L.fully_connected(tf.zeros([2, 3]), 2, normalizer_fn=L.batch_norm)
    names = [v.op.name for v in tf.global_variables()]
    assert "fully_connected/BatchNorm/gamma" in names
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []  # not training: no updates


def test_model_variable_is_a_model_and_global_variable():
    v = F.model_variable("w", [2], initializer=tf.ones_initializer(), collections=["mine"])
    assert v.name == "w:0"
    for key in (tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.MODEL_VARIABLES, "mine"):
        assert tf.get_collection(key) == [v]
    local = F.local_variable(np.float32(3.0), name="count")
    assert tf.local_variables() == [local] and local not in tf.trainable_variables()
    assert F.get_variable_full_name(v) == "w"
    F.add_model_variable(local)
    F.add_model_variable(local)
    assert tf.model_variables() == [v, local]


def _save(tmp_path):
    with tf.Graph().as_default():
        a = tf.get_variable("a", initializer=np.arange(3, dtype=np.float32))
        b = tf.get_variable("b", initializer=np.float32(7.0))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return tf.train.Saver([a, b]).save(sess, str(tmp_path / "model"))


def test_assign_from_checkpoint_fn_restores_the_variables(tmp_path):
    path = _save(tmp_path)
    a = tf.get_variable("a", [3])
    other = tf.get_variable("b_renamed", [])
    restore = F.assign_from_checkpoint_fn(path, {"a": a, "b": other})
    with tf.Session() as sess:
        restore(sess)
        np.testing.assert_array_equal(sess.run(a), [0.0, 1.0, 2.0])
        assert sess.run(other) == 7.0


def test_assign_from_checkpoint_fn_can_skip_missing_variables(tmp_path):
    path = _save(tmp_path)
    a, c = tf.get_variable("a", [3]), tf.get_variable("c", [2])
    restore = F.assign_from_checkpoint_fn(path, [a, c], ignore_missing_vars=True)
    with tf.Session() as sess:
        sess.run(c.initializer)
        restore(sess)
        np.testing.assert_array_equal(sess.run(a), [0.0, 1.0, 2.0])
    assert F.assign_from_checkpoint_fn(path, [c], ignore_missing_vars=True) is None
    with pytest.raises(ValueError, match="var_list cannot be empty"):
        F.assign_from_checkpoint_fn(path, [])


def test_global_step_helpers_are_tf_trains():
    assert F.get_or_create_global_step is tf.train.get_or_create_global_step
    step = F.get_or_create_global_step()
    assert F.get_global_step() is step and step.name == "global_step:0"
    assert F.nest.flatten({"a": (1, 2)}) == [1, 2]


@pytest.mark.parametrize(
    "name",
    ["argsort", "sort", "is_tensor", "assert_scalar", "assert_same_float_dtype",
     "convert_to_tensor_or_sparse_tensor"],
)
def test_tf_functions_are_exported_here_as_in_tf(name):
    assert getattr(F, name) is getattr(tf, name)


def test_assign_from_values_feeds_the_values():
    with tf.variable_scope("enc"):
        w = tf.get_variable("w", [2, 2])
    tf.get_variable("enc_w2", [1])
    op, feed = F.assign_from_values({"enc/w": np.arange(4, dtype=np.float32)})
    assert [p.op.name for p in feed] == ["placeholder/enc/w"]
    with tf.Session() as sess:
        sess.run(op, feed)
        np.testing.assert_array_equal(sess.run(w), [[0, 1], [2, 3]])
        F.assign_from_values_fn({"enc/w": np.ones([2, 2], np.float32)})(sess)
        np.testing.assert_array_equal(sess.run(w), np.ones([2, 2]))
    with pytest.raises(ValueError, match="Variable nope wasn't found"):
        F.assign_from_values({"nope": np.zeros(1)})
    with pytest.raises(ValueError, match="enc doesn't uniquely identify a variable"):
        F.assign_from_values({"enc": np.zeros(1)})


def test_filter_variables_by_patterns():
    vs = [tf.get_variable(n, [1]) for n in ("conv1/w", "conv1/b", "fc/w")]
    assert F.filter_variables(vs, include_patterns=["conv"]) == vs[:2]
    assert F.filter_variables(vs, exclude_patterns=["/b"]) == [vs[0], vs[2]]
    assert F.filter_variables(vs, include_patterns=["w"], reg_search=False) == []


def test_assert_or_get_global_step():
    assert F.assert_or_get_global_step() is None
    step = F.get_or_create_global_step()
    assert F.assert_or_get_global_step() is step
    with pytest.raises(TypeError):
        F.assert_or_get_global_step(global_step_tensor=tf.constant(1.0))
