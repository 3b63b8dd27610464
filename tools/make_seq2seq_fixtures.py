"""tf.contrib.seq2seq fixtures from real TF 1.15 (cases: tests/contrib/seq2seq_cases.py):

- seq2seq.npz: each case's fetches ("<case>/<fetch>"), computed with the cases' fixed weights;
- seq2seq.json: each case's variables (name, shape) in creation order, the error cases'
  (exception class, the message's first line), and tf.contrib.seq2seq's public names with
  their parameters;
- seq2seq_ckpt/: a checkpoint TF wrote of the "ckpt" case's variables, and that case's fetches
  in seq2seq.npz, for tinytf to restore and reproduce;
- seq2seq_graphs.npz: the frozen GraphDefs TF built for GRAPH_CASES (bytes), for tinytf to
  import and run; and in seq2seq.npz, "tinytf_graph/<case>/<fetch>": what TF computed from the
  graphs tinytf built (seq2seq_tinytf_graphs.npz, written first by
  `.venv/bin/python tools/export_seq2seq_graphs.py`).
Run: /work/tf115/bin/python tools/make_seq2seq_fixtures.py
"""

import json
import os
import pathlib
import shutil
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tests.contrib import seq2seq_cases as cases  # noqa: E402

OUT = ROOT / "tests" / "contrib" / "golden"


def _run_case(name, arrays, saver_dir=None):
    with tf.Graph().as_default():
        fetches, variables = cases.build(tf, name)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            cases.assign_weights(tf, sess, variables)
            got = sess.run(fetches)
            if saver_dir is not None:
                tf.train.Saver().save(
                    sess, str(saver_dir / "model"), write_meta_graph=False, write_state=False
                )
    for key, value in got.items():
        arrays[f"{name}/{key}"] = np.asarray(value)
    return [[v.name, v.shape.as_list()] for v in variables]


def _error(fn):
    try:
        with tf.Graph().as_default():
            fn(tf)
    except Exception as e:  # noqa: BLE001 - recording whatever TF raises
        return [type(e).__name__, str(e).split("\n")[0]]  # (no node and stack lines)
    return None


def _save_npz(path, arrays):
    tmp = path.with_suffix(".tmp")
    with open(str(tmp), "wb") as f:
        np.savez_compressed(f, **arrays)
    os.replace(str(tmp), str(path))


def _graphs(arrays):
    graphs = {}
    for name in cases.GRAPH_CASES:
        graph_def, _ = cases.frozen_graph(tf, name)
        graphs[name] = np.frombuffer(graph_def.SerializeToString(), dtype=np.uint8)
    _save_npz(OUT / "seq2seq_graphs.npz", graphs)
    exported = OUT / "seq2seq_tinytf_graphs.npz"
    if not exported.exists():
        return
    tinytf_graphs = np.load(str(exported))
    for name in cases.GRAPH_CASES:
        graph_def = tf.GraphDef.FromString(tinytf_graphs[name].tobytes())
        keys = [str(k) for k in tinytf_graphs[name + "/keys"]]
        for key, value in zip(keys, cases.run_graph(tf, graph_def, keys)):
            arrays[f"tinytf_graph/{name}/{key}"] = np.asarray(value)


def _public_names():
    """name -> the parameter names of the function (or the class's __init__)."""
    import inspect

    out = {}
    for name in sorted(n for n in dir(tf.contrib.seq2seq) if not n.startswith("_")):
        obj = getattr(tf.contrib.seq2seq, name)
        fn = obj.__init__ if inspect.isclass(obj) else obj
        try:
            out[name] = [p for p in inspect.signature(fn).parameters if p != "self"]
        except (TypeError, ValueError):
            out[name] = None
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    arrays, variables = {}, {}
    for name in cases.CASES:
        variables[name] = _run_case(name, arrays)
    ckpt = OUT / "seq2seq_ckpt"
    shutil.rmtree(str(ckpt), ignore_errors=True)
    ckpt.mkdir()
    variables[cases.CKPT_CASE] = _run_case(cases.CKPT_CASE, arrays, saver_dir=ckpt)
    errors = {name: _error(fn) for name, fn in cases.ERRORS.items()}
    _graphs(arrays)
    _save_npz(OUT / "seq2seq.npz", arrays)
    tmp = OUT / "seq2seq.json.tmp"
    golden = {"variables": variables, "errors": errors, "names": _public_names()}
    tmp.write_text(json.dumps(golden, indent=1) + "\n")
    os.replace(str(tmp), str(OUT / "seq2seq.json"))
    print("wrote", len(arrays), "arrays,", len(errors), "error cases")


if __name__ == "__main__":
    main()
