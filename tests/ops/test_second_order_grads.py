"""Second-order gradients through TF's fused gradient ops (TanhGrad, SigmoidGrad, SqrtGrad,
RsqrtGrad, ReciprocalGrad, StridedSliceGrad), as TF 1.15's math_grad.py and array_grad.py
define them: tf.hessians against central differences of tf.gradients."""

import numpy as np
import pytest

import tinytf as tf

X = np.array([0.3, -0.7, 1.1])
FUNCTIONS = {
    "tanh": tf.tanh,
    "sigmoid": tf.sigmoid,
    "sqrt": lambda v: tf.sqrt(v * v + 1.0),
    "rsqrt": lambda v: tf.rsqrt(v * v + 1.0),
    "reciprocal": lambda v: tf.reciprocal(v + 2.0),
    "strided_slice": lambda v: v[1:] * v[:2],
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_hessian_matches_central_differences(name):
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float64, [3])
        y = tf.reduce_sum(FUNCTIONS[name](x) ** 2)
        (g,) = tf.gradients(y, x)
        (h,) = tf.hessians(y, x)
        eps = 1e-6
        want = np.stack(
            [
                (sess.run(g, {x: X + eps * e}) - sess.run(g, {x: X - eps * e})) / (2 * eps)
                for e in np.eye(3)
            ]
        )
        np.testing.assert_allclose(sess.run(h, {x: X}), want, rtol=1e-6, atol=1e-8)
