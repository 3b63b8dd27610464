"""tf.nn.quantized_avg_pool and quantized_max_pool against real TF 1.15 (quint8). Golden file:
tests/ops/golden/quantized_pool.json, made by tools/make_quantized_pool_fixtures.py."""

import json
import pathlib
import re

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework import errors
from tinytf.ops.quantized_nn_ops import quantized_avg_pool, quantized_max_pool

FACTS = json.loads((pathlib.Path(__file__).parent / "golden" / "quantized_pool.json").read_text())
POOLS = {"avg": quantized_avg_pool, "max": quantized_max_pool}


@pytest.mark.parametrize("case", range(len(FACTS["cases"])))
@pytest.mark.parametrize("kind", sorted(POOLS))
def test_values_ranges_and_shapes_equal_tf(kind, case):
    c = FACTS["cases"][case]
    x = tf.placeholder(tf.quint8, c["shape"])
    out = POOLS[kind](x, -1.5, 2.5, c["ksize"], c["strides"], c["padding"])
    assert out.output.dtype == tf.quint8
    assert out.output.shape.as_list() == c[kind + "_static"]
    assert [t.name for t in out] == c[kind + "_names"]
    with tf.Session() as sess:
        value, lo, hi = sess.run(out, {x: np.asarray(c["x"], np.uint8)})
    np.testing.assert_array_equal(np.asarray(value).view(np.uint8), c[kind])
    assert [float(lo), float(hi)] == c[kind + "_range"]


def test_only_quint8_builds():
    x = tf.placeholder(tf.qint8, [1, 4, 4, 1])
    with pytest.raises(TypeError, match="No OpKernel was registered"):
        quantized_max_pool(x, 0.0, 1.0, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")


def test_bad_padding_and_range_rank_raise_tf_errors_at_build():
    x = tf.placeholder(tf.quint8, [1, 4, 4, 2])
    cls, message = FACTS["errors"]["bad_padding"]
    with pytest.raises(ValueError) as info:
        quantized_max_pool(x, 0.0, 1.0, [1, 2, 2, 1], [1, 1, 1, 1], "FULL")
    assert str(info.value) == message
    cls, message = FACTS["errors"]["range_rank"]
    with pytest.raises(ValueError) as info:
        quantized_max_pool(x, [0.0], 1.0, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    strip = lambda m: re.sub(r"'QuantizedMaxPool_?\d*'", "'QuantizedMaxPool'", m)  # noqa: E731
    assert strip(str(info.value)) == strip(message)


@pytest.mark.parametrize("kind", sorted(POOLS))
def test_depth_window_builds_and_fails_at_run_as_tf(kind):
    x = tf.placeholder(tf.quint8, [1, 4, 4, 2])
    out = POOLS[kind](x, 0.0, 1.0, [1, 2, 2, 2], [1, 1, 1, 1], "VALID")
    assert out.output.shape.as_list() == FACTS["errors"]["depth_window_static"]
    cls, message = FACTS["errors"]["depth_window"]
    with tf.Session() as sess:
        with pytest.raises(getattr(errors, cls)) as info:
            sess.run(out, {x: np.zeros([1, 4, 4, 2], np.uint8)})
    assert info.value.message.split("\n")[0] == message
