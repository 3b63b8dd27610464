"""Writes tests/tools/golden/: a small checkpoint and graph written by real TF 1.15, what TF's
inspect_checkpoint printed for it, and the GraphDef TF's freeze_graph made of them (with the
frozen graph's output for a fixed input). Run with TF 1.15 (Python 3.7):
    /path/to/tf115/bin/python tools/make_tools_fixtures.py
"""

import contextlib
import io
import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.python.tools import freeze_graph, inspect_checkpoint  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "tools" / "golden"
X = [[1.0, -1.0], [0.5, 2.0]]
INSPECTIONS = [("", False, False, ""), ("w", False, False, ""), ("", True, False, ""),
               ("", False, True, ""), ("nope", False, False, ""), ("", False, False, "^b")]


def build():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
        b = tf.Variable([0.5, -0.5], name="b")
        tf.nn.relu(tf.matmul(x, w) + b, name="y")
        tf.Variable(7, name="step")
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            tf.train.Saver().save(s, str(OUT / "model.ckpt"), write_meta_graph=False)
        (OUT / "checkpoint").unlink()  # holds an absolute path; the tests name the prefix
        tf.train.write_graph(g.as_graph_def(), str(OUT), "graph.pbtxt", as_text=True)


def printed(*args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        inspect_checkpoint.print_tensors_in_checkpoint_file(str(OUT / "model.ckpt"), *args)
    return out.getvalue()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    build()
    frozen = freeze_graph.freeze_graph(
        str(OUT / "graph.pbtxt"), "", False, str(OUT / "model.ckpt"), "y", "save/restore_all",
        "save/Const:0", "", True, "")
    with tf.Graph().as_default():
        tf.import_graph_def(frozen, name="")
        with tf.Session() as s:
            y = s.run("y:0", {"x:0": X})
    golden = {
        "inspect": [[list(a), printed(*a)] for a in INSPECTIONS],
        "frozen_nodes": [[n.name, n.op] for n in frozen.node],
        "frozen_y": np.asarray(y).tolist(),
        "x": X,
    }
    (OUT / "tools.json").write_text(json.dumps(golden, indent=1) + "\n")


if __name__ == "__main__":
    main()
