"""tf.test.compute_gradient and compute_gradient_error: the Jacobian tf.gradients builds against
central differences, both laid out as TF 1.15 does (x's elements as rows, y's as columns; a
complex value counts as two reals, real part first). Both run in the default session.

    with tf.Session():
        x = tf.placeholder(tf.float64, [2, 3])
        err = tf.test.compute_gradient_error(x, [2, 3], tf.tanh(x), [2, 3])
"""

import numpy as np

from tinytf.client.session import get_default_session
from tinytf.framework import dtypes
from tinytf.ops import array_ops
from tinytf.ops.constant_op import constant
from tinytf.ops.gradients import gradients

_ALLOWED = frozenset({dtypes.float16, dtypes.float32, dtypes.float64})
_ALLOWED |= dtypes.COMPLEX


def _size(shape):
    return int(np.prod(shape, dtype=np.int64)) if not isinstance(shape, int) else shape


def _feeds(extra_feed_dict, new_feeds):
    return {**extra_feed_dict, **new_feeds} if extra_feed_dict else new_feeds


def _real_view(array, dtype):
    """The flat float view of `array` (a complex number reads as its real and imaginary parts)."""
    return array.ravel().view(dtype.real_dtype.as_numpy_dtype)


def _theoretical_jacobian(x, x_shape, x_data, dy, dy_shape, dx, extra_feed_dict):
    if x.dtype.is_complex:
        x_shape = (*x_shape, 2)
    dy_size = _size(dy_shape) * (2 if dy.dtype.is_complex else 1)
    row_size = _size(x_shape[1:])  # one row of an IndexedSlices gradient
    jacobian = np.zeros((_size(x_shape), dy_size), dtype=x.dtype.real_dtype.as_numpy_dtype)
    dy_data = np.zeros(dy_shape, dtype=dy.dtype.as_numpy_dtype)
    dy_flat = _real_view(dy_data, dy.dtype)
    sess = get_default_session()
    sparse = hasattr(dx, "indices") and hasattr(dx, "values")
    for col in range(dy_size):
        dy_flat[col] = 1
        feed = _feeds(extra_feed_dict, {x: x_data, dy: dy_data})
        if sparse:
            indices, values = sess.run([dx.indices, dx.values], feed_dict=feed)
            for i, v in zip(indices, values):
                jacobian[i * row_size : (i + 1) * row_size, col] += v.flat
        else:
            jacobian[:, col] = _real_view(sess.run(dx, feed_dict=feed), x.dtype)
        dy_flat[col] = 0
    if not dy_size:  # an empty y: its gradient must still have x's shape and be all zeros
        backprop = sess.run(dx, feed_dict=_feeds(extra_feed_dict, {x: x_data, dy: dy_data}))
        if backprop.shape != x_data.shape:
            raise ValueError(
                f"Empty gradient has wrong shape: expected {x_data.shape}, got {backprop.shape}"
            )
        if np.any(backprop):
            raise ValueError("Empty tensor with nonzero gradients")
    return jacobian


def _numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict):
    x_size = _size(x_shape) * (2 if x.dtype.is_complex else 1)
    y_size = _size(y_shape) * (2 if y.dtype.is_complex else 1)
    x_real = x.dtype.real_dtype.as_numpy_dtype
    x_data = np.asarray(x_data, dtype=x.dtype.as_numpy_dtype)
    scale = np.asarray(2 * delta, dtype=y.dtype.real_dtype.as_numpy_dtype)[()]
    jacobian = np.zeros((x_size, y_size), dtype=x_real)
    sess = get_default_session()
    for row in range(x_size):
        x_pos, x_neg = x_data.copy(), x_data.copy()
        x_pos.ravel().view(x_real)[row] += delta
        x_neg.ravel().view(x_real)[row] -= delta
        y_pos = sess.run(y, feed_dict=_feeds(extra_feed_dict, {x: x_pos}))
        y_neg = sess.run(y, feed_dict=_feeds(extra_feed_dict, {x: x_neg}))
        jacobian[row, :] = _real_view(np.asarray((y_pos - y_neg) / scale), y.dtype)
    return jacobian


def _dx_and_dy(x, y, y_shape):
    # dy is fed; the Identity keeps it apart from dx, which for Add would be dy itself (a fed
    # tensor cannot also be fetched).
    with x.graph.as_default():
        dy_orig = constant(1.0, shape=y_shape, dtype=y.dtype)
        dy = array_ops.identity(dy_orig)
    (dx,) = gradients(y, x, dy)
    return dx, dy_orig


def _jacobians(x, x_shape, dx, y, y_shape, dy, x_init_value, delta, extra_feed_dict):
    for t, which in ((x.dtype, "x"), (y.dtype, "y")):
        assert t.base_dtype in _ALLOWED, f"Don't support type {t.name} for {which}"
    if x_init_value is not None:
        i_shape = list(x_init_value.shape)
        assert list(x_shape) == i_shape, f"x_shape = {x_shape}, init_data shape = {i_shape}"
        x_data = x_init_value
    else:
        x_data = np.random.random_sample(x_shape).astype(x.dtype.as_numpy_dtype)
        if x.dtype.is_complex:
            x_data.imag = np.random.random_sample(x_shape)
    jacob_t = _theoretical_jacobian(x, x_shape, x_data, dy, y_shape, dx, extra_feed_dict)
    jacob_n = _numeric_jacobian(x, x_shape, x_data, y, y_shape, delta, extra_feed_dict)
    return jacob_t, jacob_n


def _run_init_targets(init_targets):
    if init_targets is not None:
        assert isinstance(init_targets, (list, tuple))
        for init in init_targets:
            init.run()


def compute_gradient(
    x,
    x_shape,
    y,
    y_shape,
    x_init_value=None,
    delta=1e-3,
    init_targets=None,
    extra_feed_dict=None,
):
    """(theoretical, numeric) Jacobians of y with respect to x, each [x_size, y_size]; for a
    list x, a list of such pairs. x_init_value defaults to uniform [0, 1) from np.random."""
    extra_feed_dict = extra_feed_dict or {}
    if not isinstance(x, list):
        _run_init_targets(init_targets)
        dx, dy = _dx_and_dy(x, y, y_shape)
        return _jacobians(x, x_shape, dx, y, y_shape, dy, x_init_value, delta, extra_feed_dict)
    pairs = [_dx_and_dy(xi, y, y_shape) for xi in x]
    _run_init_targets(init_targets)
    inits = x_init_value if x_init_value is not None else [None] * len(x)
    return [
        _jacobians(xi, shape, dx, y, y_shape, dy, init, delta, extra_feed_dict)
        for xi, shape, (dx, dy), init in zip(x, x_shape, pairs, inits)
    ]


def compute_gradient_error(
    x,
    x_shape,
    y,
    y_shape,
    x_init_value=None,
    delta=1e-3,
    init_targets=None,
    extra_feed_dict=None,
):
    """The largest absolute difference between the theoretical and numeric Jacobians."""
    grad = compute_gradient(
        x, x_shape, y, y_shape, x_init_value, delta, init_targets, extra_feed_dict
    )
    error = 0
    for j_t, j_n in [grad] if isinstance(grad, tuple) else grad:
        if j_t.size or j_n.size:  # zero-size Jacobians add nothing
            # float64 even for float32 Jacobians: TF's np.maximum(0, <float32>) under NumPy 1.x
            error = np.maximum(error, np.float64(np.fabs(j_t - j_n).max()))
    return error
