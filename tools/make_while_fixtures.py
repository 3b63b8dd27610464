"""tf.while_loop fixtures from real TF 1.15 (cases: tests/ops/while_cases.py):

- while.json: each case's outputs (values and gradients) and each error case's (class, message),
  and the outputs real TF computed from the GraphDefs tinytf exported (while/tinytf_<case>.pb,
  written first by `.venv/bin/python tools/export_while_graphs.py`);
- while/tf_<case>.pb: the graphs real TF built, for tinytf to import and run (and
  tf_dynamic_rnn_frozen.pb: the dynamic_rnn case frozen by TF's convert_variables_to_constants).
Run: /work/tf115/bin/python tools/make_while_fixtures.py
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tests.ops import while_cases  # noqa: E402

OUT = ROOT / "tests" / "ops" / "golden"


def _value(v):
    v = np.asarray(v)
    return {"dtype": str(v.dtype), "shape": list(v.shape), "value": v.tolist()}


def _named(outputs):
    return [tf.identity(t, name=f"out{k}") for k, t in enumerate(outputs)]


def _run_case(name):
    with tf.Graph().as_default() as g:
        outputs, feeds = while_cases.CASES[name](tf)
        named = _named(outputs)
        init = tf.global_variables_initializer()
        with tf.Session() as sess:
            sess.run(init)
            got = sess.run(named, {f"{k}:0": v for k, v in feeds.items()})
        (OUT / "while" / (f"tf_{name}.pb")).write_bytes(g.as_graph_def().SerializeToString())
        if name == "dynamic_rnn_lstm":  # a frozen dynamic_rnn, as programs ship them
            with tf.Session() as sess:
                sess.run(init)
                frozen = tf.graph_util.convert_variables_to_constants(
                    sess, g.as_graph_def(), [t.op.name for t in named]
                )
            (OUT / "while" / "tf_dynamic_rnn_frozen.pb").write_bytes(frozen.SerializeToString())
    return [_value(v) for v in got]


def _run_exported(name, n_outputs, feeds):
    path = OUT / "while" / (f"tinytf_{name}.pb")
    if not path.exists():
        return None
    graph_def = tf.GraphDef.FromString(path.read_bytes())
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            if any(n.name == "init" for n in graph_def.node):
                sess.run("init")
            names = [f"out{k}:0" for k in range(n_outputs)]
            return [_value(v) for v in sess.run(names, {f"{k}:0": v for k, v in feeds.items()})]


def _error(build):
    with tf.Graph().as_default():
        try:
            out = build(tf)
            with tf.Session() as sess:
                sess.run(out)
        except Exception as e:  # noqa: BLE001 - recording TF's class and message
            return [type(e).__name__, str(e).split("\n")[0]]
    return None


def main():
    golden = {"cases": {}, "exported": {}, "errors": {}}
    for name in sorted(while_cases.CASES):
        golden["cases"][name] = _run_case(name)
        with tf.Graph().as_default():
            _, feeds = while_cases.CASES[name](tf)
        golden["exported"][name] = _run_exported(name, len(golden["cases"][name]), feeds)
    for name in sorted(while_cases.ERRORS):
        golden["errors"][name] = _error(while_cases.ERRORS[name])
    tmp = OUT / "while.json.tmp"
    tmp.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    tmp.replace(OUT / "while.json")


if __name__ == "__main__":
    main()
