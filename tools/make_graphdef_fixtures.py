"""GraphDef interop fixtures, made with real TF (tf.compat.v1) and checked both ways:

- tf_<case>.pb: the graphs of tests/framework/graphdef_cases.py built (and frozen) by real TF;
- tf_softmax_frozen.pb: a softmax regression trained by real TF on synthetic data, frozen;
- tinytf_<case>.pb: the same graphs exported by tinytf, which real TF imports and runs here;
- expected.npz: the outputs real TF computed, for the tests to compare against.
Run with a venv that has `tensorflow-cpu`, with tinytf's src on the path:
    PYTHONPATH=src /path/to/tf-venv/bin/python tools/make_graphdef_fixtures.py
"""

import os
import pathlib
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "framework" / "graphdefs"
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.framework.graphdef_cases import CASES  # noqa: E402

import tinytf  # noqa: E402
from tinytf.platform.fileio import atomic_write  # noqa: E402

SOFTMAX_X = np.random.default_rng(3).random((64, 6), dtype=np.float32)
SOFTMAX_Y = np.eye(3, dtype=np.float32)[(SOFTMAX_X @ np.arange(18).reshape(6, 3) % 3).argmax(1)]


def _freeze(module, sess, outputs):
    names = [o.split(":")[0] for o in outputs]
    graph_def = sess.graph.as_graph_def()
    return module.graph_util.convert_variables_to_constants(sess, graph_def, names)


def _tf_case(name, build):
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        outputs, feeds = build(tf)
        sess.run(tf.global_variables_initializer())
        frozen = _freeze(tf, sess, outputs)
        values = sess.run(outputs, {f"{k}:0": v for k, v in feeds.items()})
    atomic_write(str(OUT / f"tf_{name}.pb"), frozen.SerializeToString())
    return values


def _tf_softmax():
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        x = tf.placeholder(tf.float32, [None, 6], name="x")
        y_ = tf.placeholder(tf.float32, [None, 3], name="labels")
        W = tf.Variable(tf.zeros([6, 3]), name="W")
        b = tf.Variable(tf.zeros([3]), name="b")
        y = tf.nn.softmax(tf.matmul(x, W) + b, name="probs")
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y))
        step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        sess.run(tf.global_variables_initializer())
        for _ in range(50):
            sess.run(step, {x: SOFTMAX_X, y_: SOFTMAX_Y})
        frozen = _freeze(tf, sess, ["probs"])
        probs = sess.run(y, {x: SOFTMAX_X})
    atomic_write(str(OUT / "tf_softmax_frozen.pb"), frozen.SerializeToString())
    return probs


def _tinytf_case(name, build):
    """tinytf exports the graph; real TF imports the GraphDef and runs it."""
    with tinytf.Graph().as_default() as g, tinytf.Session(graph=g) as sess:
        outputs, feeds = build(tinytf)
        sess.run(tinytf.global_variables_initializer())
        frozen = _freeze(tinytf, sess, outputs)
    data = frozen.SerializeToString()
    atomic_write(str(OUT / f"tinytf_{name}.pb"), data)
    graph_def = tf.GraphDef.FromString(data)
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        tf.import_graph_def(graph_def, name="")
        return sess.run(outputs, {f"{k}:0": v for k, v in feeds.items()})


def main():
    tf.disable_v2_behavior()
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, build in CASES.items():
        for i, value in enumerate(_tf_case(name, build)):
            expected[f"tf_{name}_{i}"] = value
        for i, value in enumerate(_tinytf_case(name, build)):
            expected[f"tinytf_{name}_{i}"] = value
    expected["tf_softmax_frozen_0"] = _tf_softmax()
    expected["softmax_x"] = SOFTMAX_X
    tmp = OUT / "expected.tmp.npz"
    np.savez(tmp, **expected)
    os.replace(tmp, OUT / "expected.npz")
    print(f"wrote {sorted(p.name for p in OUT.iterdir())} (TF {tf.VERSION})")


if __name__ == "__main__":
    main()
