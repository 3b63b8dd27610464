"""tf.group's inputs: TF 1.15's TypeError for anything that is not a tensor or an op."""

import pytest

import tinytf as tf


@pytest.mark.parametrize(
    "bad, shown", [("abc", "'abc' with type '<class 'str'>'"), (3, "'3' with type '<class 'int'>'")]
)
def test_group_refuses_non_tensors_with_tfs_message(bad, shown):
    with tf.Graph().as_default():
        with pytest.raises(TypeError) as e:
            tf.group(tf.constant(1.0), bad)
    # TF 1.15's words (its message repeats "expected")
    assert str(e.value) == f"Expected tf.group() expected Tensor arguments not {shown}"


def test_group_of_tensors_ops_and_nested_lists_runs_them_all():
    with tf.Graph().as_default():
        v = tf.Variable(0)
        w = tf.Variable(0)
        g = tf.group([tf.assign_add(v, 1), [tf.assign_add(w, 2).op]], None)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(g)
            assert sess.run([v, w]) == [1, 2]
