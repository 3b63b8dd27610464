"""The shared op-test base: a test declares cases (inputs, tf function, NumPy reference) and
bad cases; `check_case` verifies values, dtype and static shapes (fully known, and with every
dimension unknown), and `check_bad_build` / `check_bad_run` verify TF's errors."""

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

import tinytf as tf


@dataclasses.dataclass
class Case:
    """fn(*tensors) must equal expected(*arrays); dtype defaults to the reference's dtype."""

    id: str
    fn: Callable[..., Any]
    inputs: Sequence[Any]
    expected: Callable[..., Any]
    dtype: Any = None
    rtol: float = 1e-6
    atol: float = 1e-6
    dynamic: bool = True  # also build on placeholders whose dimensions are all unknown
    static: Any = None  # the static shape TF infers, where it is not the value's shape
    grad: bool = True  # check tf.gradients against central differences (float inputs, float64)


@dataclasses.dataclass
class Bad:
    """build() must raise `exc` matching `match` at graph build; with run=True, building
    succeeds and Session.run(out, feed(out)) raises."""

    id: str
    build: Callable[[], Any]
    exc: type
    match: str
    run: bool = False
    feed: Callable[[Any], dict] | None = None


def params(cases):
    return [pytest.param(c, id=c.id) for c in cases]


def _as_arrays(inputs):
    return [np.asarray(x) for x in inputs]


def _assert_values(got, want, case):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, f"shape {got.shape} != {want.shape}"
    if want.dtype.kind in "fc":
        np.testing.assert_allclose(got, want, rtol=case.rtol, atol=case.atol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, want)


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def check_case(case):
    arrays = _as_arrays(case.inputs)
    wants = _flat(case.expected(*arrays))
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        outs = _flat(case.fn(*[tf.constant(a) for a in arrays]))
        gots = sess.run(outs)
        for out, got, want in zip(outs, gots, wants, strict=True):
            want = np.asarray(want)
            dtype = case.dtype or tf.as_dtype(want.dtype)
            assert out.dtype == dtype, f"dtype {out.dtype} != {dtype}"
            assert np.asarray(got).dtype == dtype.as_numpy_dtype
            static = list(want.shape) if case.static is None else case.static
            assert out.shape.as_list() == static, f"static {out.shape} != {static}"
            _assert_values(got, want, case)
    if case.dynamic:
        _check_unknown_dims(case, arrays, wants)
    if case.grad:
        check_gradients(case.fn, arrays)


def check_gradients(fn, arrays, directions=3, h=1e-6, rtol=1e-5, atol=1e-8):
    """The dot-product test: for random directions v, <tf.gradients(L, x), v> must equal the
    central difference (L(x + h v) - L(x - h v)) / 2h, where L = sum(w * fn(x)) with random w.
    Runs in float64; a None gradient counts as zero."""
    rng = np.random.default_rng(7)
    x64 = [a.astype(np.float64) if a.dtype.kind == "f" else a for a in arrays]
    wrt = [i for i, a in enumerate(x64) if a.dtype == np.float64]
    if not wrt:
        return
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        phs = [tf.placeholder(tf.as_dtype(a.dtype), a.shape) for a in x64]
        outs = [o for o in _flat(fn(*phs)) if o.dtype.is_floating]
        if not outs:
            return
        feed = dict(zip(phs, x64, strict=True))
        shapes = [np.shape(v) for v in sess.run(outs, feed)]
        loss = tf.add_n([tf.reduce_sum(o * rng.standard_normal(s)) for o, s in zip(outs, shapes)])
        grads = [  # an IndexedSlices gradient (gather's) checked as its dense value
            None if gr is None else tf.convert_to_tensor(gr)
            for gr in tf.gradients(loss, [phs[i] for i in wrt])
        ]
        fetched = sess.run([gr for gr in grads if gr is not None], feed)
        values = iter(fetched)
        analytic = [
            np.zeros_like(x64[i]) if gr is None else next(values) for i, gr in zip(wrt, grads)
        ]
        for i, gval in zip(wrt, analytic):
            assert gval.shape == x64[i].shape
            for _ in range(directions):
                v = rng.standard_normal(x64[i].shape)
                plus = dict(feed)
                plus[phs[i]] = x64[i] + h * v
                minus = dict(feed)
                minus[phs[i]] = x64[i] - h * v
                numeric = (sess.run(loss, plus) - sess.run(loss, minus)) / (2 * h)
                np.testing.assert_allclose(
                    np.sum(gval * v),
                    numeric,
                    rtol=rtol,
                    atol=atol,
                    err_msg=f"gradient of input {i}",
                )


def _check_unknown_dims(case, arrays, wants):
    """On placeholders of known rank but unknown dims, the static shape must stay compatible
    with the true one, and the fed run must give the same values."""
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        phs = [tf.placeholder(tf.as_dtype(a.dtype), [None] * a.ndim) for a in arrays]
        outs = _flat(case.fn(*phs))
        gots = sess.run(outs, dict(zip(phs, arrays, strict=True)))
        for out, got, want in zip(outs, gots, wants, strict=True):
            assert out.shape.is_compatible_with(np.shape(want)), f"{out.shape} vs {np.shape(want)}"
            _assert_values(got, want, case)


def check_bad(bad):
    with tf.Graph().as_default() as g:
        if not bad.run:
            with pytest.raises(bad.exc, match=bad.match):
                bad.build()
            return
        out = bad.build()
        with tf.Session(graph=g) as sess, pytest.raises(bad.exc, match=bad.match):
            sess.run(out, bad.feed(out) if bad.feed else None)
