"""Writes tests/ops/golden/misc.json: what real TF 1.15 gives for tests/ops/misc_cases.py
(tf.is_tensor, make_tensor_proto, get_static_value, timestamp, fingerprint, print, the enums,
count_up_to, edit_distance, custom_gradient, make_template and the other small tf.* names).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_misc_fixtures.py
"""

import json
import os
import pathlib
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops import misc_cases  # noqa: E402


def _graph_def():
    """A TF-built GraphDef with the new op types, and what running its fetches gives."""
    with tf.Graph().as_default() as g:
        fetches = misc_cases.graph_with_new_ops(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = [misc_cases.plain(v) for v in sess.run(fetches)]
        return {"pb": g.as_graph_def().SerializeToString().hex(), "values": values,
                "fetches": [t.name for t in fetches]}


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    results = {}
    for name, fn in misc_cases.CASES.items():
        with tempfile.TemporaryDirectory() as tmp, tf.Graph().as_default():
            tf.set_random_seed(0)
            results[name] = fn(tf, tmp)
    results["graph_def"] = _graph_def()
    out = ROOT / "tests" / "ops" / "golden" / "misc.json"
    tmp_path = out.with_suffix(".json.tmp")
    tmp_path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp_path), str(out))
    print("wrote", out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
