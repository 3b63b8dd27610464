"""Writes tests/ops/golden/image_golden.npz and image_golden.json: what real TF 1.15 gives for
tests/ops/image_cases.py (tf.image and tf.random ops): the inputs, the values of every case,
dtypes and static shapes (and run shapes of the random cases), and the exception class and
message of every bad case, and a GraphDef that TF builds with the ops.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_image_fixtures.py
"""

import base64
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops import image_cases  # noqa: E402

OUT = ROOT / "tests" / "ops" / "golden"


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _constants(inputs):
    return {k: tf.constant(v, name=k) for k, v in inputs.items()}


def _run(build, inputs):
    with tf.Graph().as_default(), tf.Session() as sess:
        tensors = _flat(build(tf, _constants(inputs)))
        values = sess.run(tensors)
        meta = {"dtype": [t.dtype.name for t in tensors],
                "static": [t.shape.as_list() if t.shape.ndims is not None else None
                           for t in tensors],
                "shape": [list(np.shape(v)) for v in values]}
        return values, meta


def _error(build, inputs, run):
    try:
        with tf.Graph().as_default(), tf.Session() as sess:
            out = build(tf, _constants(inputs))
            if run:
                sess.run(out)
    except Exception as e:  # noqa: BLE001 - the class is what we record
        return {"exc": type(e).__name__, "message": str(e).split("\n")[0]}
    raise AssertionError("expected an error")


def _graph_def(inputs):
    """A GraphDef that TF builds with the new image ops, and what it computes."""
    with tf.Graph().as_default() as g, tf.Session() as sess:
        x = tf.placeholder(tf.float32, [2, 5, 7, 3], name="x")
        y = image_cases.graph_ops(tf, x)
        value = sess.run(y, {x: inputs["rgb"]})
        return base64.b64encode(g.as_graph_def().SerializeToString()).decode(), y.name, value


def main():
    inputs = image_cases.make_inputs()
    arrays = {"in/" + k: v for k, v in inputs.items()}
    meta = {"cases": {}, "shapes": {}, "bad": {}}
    for name, build in sorted(image_cases.CASES.items()):
        values, meta["cases"][name] = _run(build, inputs)
        for i, v in enumerate(values):
            arrays["out/{}/{}".format(name, i)] = np.asarray(v)  # noqa: UP032 - Python 3.7
    for name, build in sorted(image_cases.SHAPES.items()):
        meta["shapes"][name] = _run(build, inputs)[1]
    for name, build in sorted(image_cases.BAD.items()):
        meta["bad"][name] = _error(build, inputs, run=False)
    for name, build in sorted(image_cases.BAD_RUN.items()):
        meta["bad"][name] = dict(_error(build, inputs, run=True), run=True)
    meta["graph_def"], meta["graph_fetch"], arrays["graph/value"] = _graph_def(inputs)
    tmp = OUT / "image_golden.tmp.npz"
    np.savez_compressed(str(tmp), **arrays)
    os.replace(str(tmp), str(OUT / "image_golden.npz"))
    tmp = OUT / "image_golden.json.tmp"
    tmp.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp), str(OUT / "image_golden.json"))


if __name__ == "__main__":
    main()
