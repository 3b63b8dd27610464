"""Element-wise steps write into an input nothing else holds (src/tinytf/runtime/donation.py):
they do where they may, and never where the input is fed, fetched, a variable's, or held by
another slot or a view. Values come from exact arithmetic on the inputs."""

import numpy as np

import tinytf as tf
from tinytf.runtime import donation

N = 1 << 16


def test_a_step_writes_into_an_input_held_by_its_slot_alone():
    step = donation._donating(lambda a, b: np.multiply(a, b), np.multiply, True, True)
    slots = [np.arange(N, dtype=np.float32), np.float32(2.0)]
    out = step(*[slots[i] for i in (0, 1)])
    assert out is slots[0] and out[3] == 6.0
    alias = slots[0]  # another holder: a new array, the input untouched
    out = step(*[slots[i] for i in (0, 1)])
    assert out is not alias and alias[3] == 6.0 and out[3] == 12.0
    view = [slots[0].reshape(2, -1)]
    del alias
    out = step(*[slots[i] for i in (0, 1)])
    assert out is not slots[0] and view[0][0, 3] == 6.0
    small = [np.ones(4, np.float32), np.float32(2.0)]
    assert step(*[small[i] for i in (0, 1)]) is not small[0]
    ints = [np.ones(N, np.int32), np.int32(2)]  # only floats: int kernels check overflow rules
    assert step(*[ints[i] for i in (0, 1)]) is not ints[0]


def test_fed_fetched_and_variable_values_are_never_written_into():
    xv = np.arange(N, dtype=np.float32)
    x = tf.placeholder(tf.float32, [N])
    v = tf.Variable(np.ones(N, np.float32))
    t = x * 2.0
    u = t * 3.0 + 1.0
    w = v * 2.0 + t
    with tf.Session() as sess:
        sess.run(v.initializer)
        got_u, = sess.run([u], {x: xv})
        got_t, got_u2, got_w = sess.run([t, u, w], {x: xv})
        np.testing.assert_array_equal(xv, np.arange(N, dtype=np.float32))
        np.testing.assert_array_equal(sess.run(v), np.ones(N, np.float32))
    np.testing.assert_array_equal(got_u, xv * 6 + 1)
    np.testing.assert_array_equal(got_u2, got_u)
    np.testing.assert_array_equal(got_t, xv * 2)
    np.testing.assert_array_equal(got_w, xv * 2 + 2)


def test_a_plan_donates_its_temporaries():
    x = tf.placeholder(tf.float32, [N])
    y = (x * 2.0) * 3.0 - 1.0
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: np.ones(N, np.float32)}), np.full(N, 5.0))
        plan = list(sess._plans.values())[-1]
    names = [getattr(fn, "__qualname__", "") for fn, *_ in plan._steps]
    assert sum("_donating" in n for n in names) == 2  # the second product and the difference
