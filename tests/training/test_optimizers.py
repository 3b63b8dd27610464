"""Each optimizer against a NumPy transcription of TF's documented update rule."""

import numpy as np
import pytest

import tinytf as tf

rng = np.random.default_rng(5)
W0 = rng.standard_normal((3, 2))
X = rng.standard_normal((4, 3))
T = rng.standard_normal((4, 2))


def _grad(w):
    """d/dw of mean((X w - T)^2)."""
    return 2 * X.T @ (X @ w - T) / T.size


def _gd(lr):
    def step(w, s, t):
        return w - lr * _grad(w), s

    return step


def _momentum(lr, mu, nesterov=False):
    def step(w, s, t):
        g = _grad(w)
        a = mu * s.get("a", 0) + g
        s["a"] = a
        return (w - lr * (g + mu * a) if nesterov else w - lr * a), s

    return step


def _adam(lr, b1=0.9, b2=0.999, eps=1e-8):
    def step(w, s, t):
        g = _grad(w)
        m = b1 * s.get("m", 0) + (1 - b1) * g
        v = b2 * s.get("v", 0) + (1 - b2) * g * g
        s.update(m=m, v=v)
        lr_t = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        return w - lr_t * m / (np.sqrt(v) + eps), s

    return step


def _adagrad(lr, init=0.1):
    def step(w, s, t):
        g = _grad(w)
        a = s.get("a", init) + g * g
        s["a"] = a
        return w - lr * g / np.sqrt(a), s

    return step


def _rmsprop(lr, rho=0.9, mu=0.0, eps=1e-10):
    def step(w, s, t):
        g = _grad(w)
        ms = rho * s.get("ms", 1.0) + (1 - rho) * g * g
        mom = mu * s.get("mom", 0) + lr * g / np.sqrt(ms + eps)
        s.update(ms=ms, mom=mom)
        return w - mom, s

    return step


def _ftrl(lr, l1=0.0, l2=0.0, power=-0.5, init=0.1):
    """TF's ApplyFtrl, written from its documented formula."""

    def step(w, s, t):
        g = _grad(w)
        a = s.get("a", np.full_like(w, init))
        n = s.get("n", np.zeros_like(w))
        new_a = a + g * g
        n = n + g - (new_a**-power - a**-power) / lr * w
        quadratic = new_a**-power / lr + 2 * l2
        w = np.where(np.abs(n) > l1, (np.sign(n) * l1 - n) / quadratic, 0.0)
        s.update(a=new_a, n=n)
        return w, s

    return step


CASES = [
    ("ftrl", lambda: tf.train.FtrlOptimizer(0.3), _ftrl(0.3)),
    (
        "ftrl_l1_l2",
        lambda: tf.train.FtrlOptimizer(0.3, -0.7, 0.2, 0.01, 0.05),
        _ftrl(0.3, 0.01, 0.05, -0.7, 0.2),
    ),
    ("gradient_descent", lambda: tf.train.GradientDescentOptimizer(0.1), _gd(0.1)),
    ("momentum", lambda: tf.train.MomentumOptimizer(0.1, 0.9), _momentum(0.1, 0.9)),
    (
        "nesterov",
        lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
        _momentum(0.1, 0.9, True),
    ),
    ("adam", lambda: tf.train.AdamOptimizer(0.01), _adam(0.01)),
    (
        "adam_custom",
        lambda: tf.train.AdamOptimizer(0.1, 0.5, 0.6, 1e-3),
        _adam(0.1, 0.5, 0.6, 1e-3),
    ),
    ("adagrad", lambda: tf.train.AdagradOptimizer(0.2), _adagrad(0.2)),
    ("rmsprop", lambda: tf.train.RMSPropOptimizer(0.01), _rmsprop(0.01)),
    (
        "rmsprop_momentum",
        lambda: tf.train.RMSPropOptimizer(0.01, 0.8, 0.5, 1e-6),
        _rmsprop(0.01, 0.8, 0.5, 1e-6),
    ),
]


@pytest.mark.parametrize("name,make,reference", CASES, ids=[c[0] for c in CASES])
def test_update_rule_matches_tf_formula(name, make, reference):
    w = tf.Variable(W0)
    loss = tf.reduce_mean(tf.square(tf.matmul(X, w) - T))
    step = make().minimize(loss)
    want, state = W0.copy(), {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for t in range(1, 6):
            sess.run(step)
            want, state = reference(want, state, t)
            np.testing.assert_allclose(sess.run(w), want, rtol=1e-10, atol=1e-12)


def test_minimize_increments_global_step_and_names_slots_as_tf():
    w = tf.Variable(W0, name="w")
    step = tf.train.get_or_create_global_step()
    assert step.name == "global_step:0" and step.dtype.base_dtype == tf.int64
    assert tf.train.get_global_step() is step
    opt = tf.train.AdamOptimizer(0.1)
    train = opt.minimize(tf.reduce_sum(w * w), global_step=step)
    assert train.name == "Adam" and train.type == "AssignAdd"
    assert opt.get_slot(w, "m").op.name == "w/Adam" and opt.get_slot(w, "v").op.name == "w/Adam_1"
    assert opt.get_slot_names() == ["m", "v"]
    assert {v.op.name for v in tf.global_variables()} >= {"beta1_power", "beta2_power"}
    assert w in tf.trainable_variables() and opt.get_slot(w, "m") not in tf.trainable_variables()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        assert sess.run(step) == 3
    with pytest.raises(ValueError, match="already exists"):
        tf.train.create_global_step()


def test_compute_and_apply_gradients():
    w = tf.Variable([1.0, 2.0])
    opt = tf.train.GradientDescentOptimizer(0.5)
    grads_and_vars = opt.compute_gradients(tf.reduce_sum(w * w))
    assert [v for _, v in grads_and_vars] == [w]
    clipped = [(tf.minimum(g, 1.0), v) for g, v in grads_and_vars]
    step = opt.apply_gradients(clipped)
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(step)
        assert sess.run(w).tolist() == [0.5, 1.5]


def test_no_gradients_is_an_error():
    w = tf.Variable(1.0)
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.0) * 2, var_list=[w])


def test_learning_rate_tensor_and_exponential_decay():
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, step, 10, 0.5)
    lr_stair = tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True)
    w = tf.Variable(1.0)
    train = tf.train.GradientDescentOptimizer(lr).minimize(w * 1.0, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(lr) == pytest.approx(0.1)
        sess.run(tf.assign(step, 15))
        assert sess.run(lr) == pytest.approx(0.1 * 0.5**1.5)
        assert sess.run(lr_stair) == pytest.approx(0.05)
        sess.run(train)
        assert sess.run(w) == pytest.approx(1 - 0.1 * 0.5**1.5)


def test_slots_are_named_in_the_variable_scope_and_non_slots_in_the_name_scope():
    # the names TF 1.15 gives (run there: the same graph prints these global variables)
    with tf.Graph().as_default():
        w = tf.Variable(1.0, name="w")
        with tf.name_scope("ns"):
            tf.train.AdamOptimizer().minimize(w * w)
        with tf.variable_scope("vs"):
            with tf.name_scope("inner"):
                tf.train.AdagradOptimizer(0.1).minimize(w * w)
                tf.train.AdamOptimizer(name="A2").minimize(w * w)
        assert [v.name for v in tf.global_variables()] == [
            "w:0", "ns/beta1_power:0", "ns/beta2_power:0", "w/Adam:0", "w/Adam_1:0",
            "vs/w/Adagrad:0", "vs/inner/beta1_power:0", "vs/inner/beta2_power:0", "vs/w/A2:0",
            "vs/w/A2_1:0",
        ]  # fmt: skip
