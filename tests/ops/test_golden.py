"""tinytf against values that real TF computed (tools/make_golden.py wrote the file)."""

from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.ops.golden_cases import CASES

GOLDEN = np.load(Path(__file__).parent / "golden" / "tf_values.npz", allow_pickle=False)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_real_tf(name):
    with tf.Graph().as_default(), tf.Session() as sess:
        out = CASES[name](tf)
        got = sess.run(out)
    want = GOLDEN[name]
    assert out.dtype.name == str(GOLDEN[f"{name}__dtype"])
    assert str(out.shape) == str(GOLDEN[f"{name}__static"])
    assert np.asarray(got).dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=0)
