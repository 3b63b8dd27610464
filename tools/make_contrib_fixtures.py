"""tf.contrib.layers / rnn / framework / learn fixtures from real TF 1.15 (cases:
tests/contrib/contrib_cases.py):

- contrib.npz: each case's values ("<case>/<fetch>/..."), computed with the cases' fixed weights;
- contrib.json: each case's variables (name, shape), model variables, trainable variables,
  UPDATE_OPS count and named collections; the error cases' (exception class, the message's
  first line); the public names of tf.contrib.layers/rnn/framework/training with their
  parameters; the arg-scoped argument names of the layer functions; and what
  tf.contrib.training.HParams gives for each of contrib_cases.HPARAMS_OPS and the text
  processors of tf.contrib.learn.preprocessing for contrib_cases.DOCUMENTS.
Run: /work/tf115/bin/python tools/make_contrib_fixtures.py
"""

import inspect
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tests.contrib import contrib_cases as cases  # noqa: E402

OUT = ROOT / "tests" / "contrib" / "golden"
NAMESPACES = ("layers", "rnn", "framework", "training")
ARG_SCOPED = ("fully_connected", "conv2d", "conv2d_transpose", "max_pool2d", "avg_pool2d",
              "batch_norm", "dropout", "flatten", "layer_norm", "one_hot_encoding", "bias_add")


def _params(obj):
    fn = obj.__init__ if inspect.isclass(obj) else obj
    try:
        return [p for p in inspect.signature(fn).parameters if p != "self"]
    except (TypeError, ValueError):
        return None


def _public_names():
    return {
        ns: {n: _params(getattr(getattr(tf.contrib, ns), n))
             for n in sorted(dir(getattr(tf.contrib, ns))) if not n.startswith("_")}
        for ns in NAMESPACES
    }


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
        cases.flatten(name, values, arrays)
    errors = {name: cases.error_of(tf, name) for name in cases.ERRORS}
    arg_scoped = {n: list(tf.contrib.framework.arg_scoped_arguments(getattr(tf.contrib.layers, n)))
                  for n in ARG_SCOPED}
    _save_npz(OUT / "contrib.npz", arrays)
    golden = {"cases": records, "errors": errors, "names": _public_names(),
              "arg_scoped": arg_scoped,
              "hparams": cases.hparams_results(tf.contrib.training.HParams),
              "preprocessing": cases.preprocessing_results(tf.contrib.learn.preprocessing)}
    tmp = OUT / "contrib.json.tmp"
    tmp.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp), str(OUT / "contrib.json"))
    print("wrote", len(arrays), "arrays,", len(errors), "error cases")


if __name__ == "__main__":
    main()
