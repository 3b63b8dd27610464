"""Arrays as the TF-side fixture scripts pack them into JSON ({dtype, shape, data}), and the
comparison the golden tests share."""

import numpy as np


def unpack(packed):
    """The ndarray of a packed value (strings back to bytes)."""
    if packed["dtype"] == "string":
        data = [s.encode() for s in packed["data"]]
        return np.array(data, dtype=object).reshape(packed["shape"])
    return np.array(packed["data"], dtype=packed["dtype"]).reshape(packed["shape"])


def assert_equal(got, want, rtol=1e-6, exact_dtype=True):
    """Same shape; floats of the same dtype and close; others equal (of the same dtype too,
    unless exact_dtype is False)."""
    got = np.asarray(got)
    assert got.shape == want.shape
    if want.dtype.kind == "f":
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol)
        return
    if exact_dtype:
        assert got.dtype == want.dtype
    np.testing.assert_array_equal(got.astype(want.dtype), want)
