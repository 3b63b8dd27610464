"""tf.contrib.slim / losses / metrics / rnn.LSTMBlockCell / tensorboard projector fixtures from
real TF 1.15 (cases: tests/contrib/contrib_corner_cases.py):

- contrib_corners.npz: each case's values ("<case>/<fetch>/..."), computed with the fixed
  weights of contrib_cases.weight_value;
- contrib_corners.json: each case's variables (name, shape), model variables and UPDATE_OPS
  count; slim.learning.train's final loss, checkpoint and global step; what
  slim.evaluation's evaluate_once and evaluation_loop return and write; the error cases'
  (exception class, the message's first line); the public names of tf.contrib.slim (and its
  learning, summaries, model_analyzer, queues) / losses / metrics / rnn / projector with their
  parameters; the projector_config.pbtxt that visualize_embeddings writes; a GraphDef with
  LSTMBlockCell and BlockLSTM ops and what its fetches give.
Run: /work/tf115/bin/python tools/make_contrib_corner_fixtures.py
"""

import inspect
import json
import os
import pathlib
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tests.contrib import contrib_cases as base  # noqa: E402
from tests.contrib import contrib_corner_cases as cases  # noqa: E402

OUT = ROOT / "tests" / "contrib" / "golden"
NAMESPACES = {"slim": tf.contrib.slim, "losses": tf.contrib.losses,
              "metrics": tf.contrib.metrics, "slim.learning": tf.contrib.slim.learning,
              "slim.summaries": tf.contrib.slim.summaries,
              "slim.evaluation": tf.contrib.slim.evaluation,
              "slim.model_analyzer": tf.contrib.slim.model_analyzer,
              "slim.queues": tf.contrib.slim.queues, "rnn": tf.contrib.rnn,
              "tensorboard.plugins.projector": tf.contrib.tensorboard.plugins.projector}


def _params(obj):
    fn = obj.__init__ if inspect.isclass(obj) else obj
    try:
        return [p for p in inspect.signature(fn).parameters if p != "self"]
    except (TypeError, ValueError):
        return None


def _public_names():
    return {ns: {n: _params(getattr(m, n)) for n in sorted(dir(m))
                 if not n.startswith("_") and callable(getattr(m, n))}
            for ns, m in NAMESPACES.items()}


def _lstm_graph():
    with tf.Graph().as_default() as g:
        fetches = cases.lstm_graph(tf)
        with tf.Session() as sess:
            values = [v.tolist() for v in sess.run(fetches)]
    return {"pb": g.as_graph_def().SerializeToString(deterministic=True).hex(), "fetches": fetches,
            "values": values}


def _save_npz(path, arrays):
    tmp = path.with_suffix(".tmp")
    with open(str(tmp), "wb") as f:
        np.savez_compressed(f, **arrays)
    os.replace(str(tmp), str(path))


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    OUT.mkdir(parents=True, exist_ok=True)
    arrays, records = {}, {}
    for name in cases.CASES:
        values, records[name] = cases.run_case(tf, name)
        base.flatten(name, values, arrays)
    with tempfile.TemporaryDirectory() as logdir:
        train = cases.slim_train(tf, logdir)
    with tempfile.TemporaryDirectory() as logdir:
        pbtxt = cases.projector_pbtxt(tf, logdir)
    with tempfile.TemporaryDirectory() as root:
        evaluate = cases.slim_evaluate(tf, root)
    train["loss"] = float(train["loss"])
    train["step"] = int(train["step"])
    golden = {"cases": records, "train": train, "projector_pbtxt": pbtxt, "evaluate": evaluate,
              "lstm_graph": _lstm_graph(), "model_analyzer": cases.model_analyzer(tf),
              "errors": {name: cases.error_of(tf, name) for name in cases.ERRORS},
              "names": _public_names()}
    _save_npz(OUT / "contrib_corners.npz", arrays)
    tmp = OUT / "contrib_corners.json.tmp"
    tmp.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp), str(OUT / "contrib_corners.json"))
    print("wrote", len(arrays), "arrays,", len(golden["errors"]), "error cases")


if __name__ == "__main__":
    main()
