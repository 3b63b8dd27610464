"""Static shapes of slices with run-time bounds, against real TF 1.15
(golden/slice_shapes.json, written by tools/make_slice_shape_fixtures.py)."""

import json
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.ops import slice_shape_cases

GOLDEN = json.loads((Path(__file__).parent / "golden" / "slice_shapes.json").read_text())


@pytest.mark.parametrize("name", sorted(slice_shape_cases.CASES))
def test_static_shape_as_tf_infers_it(name):
    with tf.Graph().as_default() as g, tf.Session() as sess:
        out = slice_shape_cases.build(tf, name)
        assert out.shape.as_list() == GOLDEN[name]
        x, i = [op.outputs[0] for op in g.get_operations() if op.type == "Placeholder"]
        value = sess.run(out, {x: np.arange(60, dtype=np.float32).reshape(5, 3, 4), i: 1})
        assert tf.TensorShape(value.shape).is_compatible_with(GOLDEN[name])
