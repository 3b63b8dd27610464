"""Writes the mutable lookup-table fixtures from real TF 1.15 (run with TF 1.15's Python 3.7):
    /work/tf115/bin/python tools/make_lookup_mutable_fixtures.py
- tests/ops/golden/lookup_mutable.json: what TF does in each case of
  tests/ops/mutable_lookup_cases.py (values, or error class and message), and the keys, dtypes
  and shapes of the checkpoint below;
- tests/data/golden/data_options.json: the same for tests/data/data_options_cases.py
  (Dataset.reduce, get_single_element, tf.data.Options), and tests/ops/golden/proto_ops.json
  for tests/ops/proto_cases.py (tf.io.decode_proto / encode_proto);
- tests/ops/golden/lookup_mutable_ckpt/model.*: a checkpoint written by TF's Saver holding a
  MutableHashTable (int64 -> float32, as `<table>-keys` / `<table>-values`) and a variable.
    /work/tf115/bin/python tools/make_lookup_mutable_fixtures.py --restore PREFIX
restores a checkpoint written the same way (by tinytf) into TF's graph and prints the lookups.
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402
from tests.data import data_options_cases  # noqa: E402
from tests.ops import mutable_lookup_cases, proto_cases  # noqa: E402

GOLDEN = ROOT / "tests" / "ops" / "golden"
checkpoint_graph = mutable_lookup_cases.checkpoint_graph


def _write_checkpoint():
    directory = GOLDEN / "lookup_mutable_ckpt"
    directory.mkdir(parents=True, exist_ok=True)
    with tf.Graph().as_default():
        tables, _, _ = checkpoint_graph(tf)
        insert = mutable_lookup_cases.fill_checkpoint_tables(tf, tables)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), insert])
            saver.save(sess, str(directory / "model"), write_meta_graph=False, write_state=False)
    for extra in ("checkpoint",):
        path = directory / extra
        if path.exists():
            path.unlink()
    reader = tf.train.load_checkpoint(str(directory / "model"))
    dtypes = reader.get_variable_to_dtype_map()
    shapes = reader.get_variable_to_shape_map()
    return {k: [dtypes[k].name, shapes[k]] for k in sorted(dtypes)}


def restore(prefix):
    """Restores a checkpoint of checkpoint_graph() into TF and returns its lookups."""
    with tf.Graph().as_default():
        tables, var, found = checkpoint_graph(tf)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            return repr(sess.run([found, [t.size() for t in tables], var]))


def main():
    if sys.argv[1:2] == ["--restore"]:
        print(restore(sys.argv[2]))
        return
    cases = {
        name: mutable_lookup_cases.outcome(tf, fn)
        for name, fn in sorted(vars(mutable_lookup_cases).items())
        if name.startswith("mutable_") and callable(fn)
    }
    _write_json(GOLDEN / "lookup_mutable.json", {"cases": cases, "checkpoint": _write_checkpoint()})
    data_cases = {
        name: data_options_cases.outcome(tf, fn)
        for name, fn in sorted(vars(data_options_cases).items())
        if name.split("_")[0] in DATA_PREFIXES and callable(fn)
    }
    _write_json(ROOT / "tests" / "data" / "golden" / "data_options.json", data_cases)
    proto = {
        name: proto_cases.outcome(tf, fn)
        for name, fn in sorted(vars(proto_cases).items())
        if name.split("_")[0] in ("decode", "encode") and callable(fn)
    }
    _write_json(GOLDEN / "proto_ops.json", proto)


DATA_PREFIXES = ("single", "reduce", "options")


def _write_json(target, value):
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(value, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp), str(target))


if __name__ == "__main__":
    main()
