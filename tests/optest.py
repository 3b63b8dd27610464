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
