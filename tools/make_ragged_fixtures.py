"""Writes tests/ragged/golden/ragged.json: what real TF 1.15 gives for the cases of
tests/ragged/ragged_cases.py (static kind/dtype/shape and run values of every fetch; stage,
exception class and message of every bad case).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_ragged_fixtures.py
"""

import base64
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ragged.ragged_cases import (  # noqa: E402
    BAD,
    CASES,
    encode,
    graph_fetches,
    run_bad,
    run_case,
)


def _graph():
    """TF's GraphDef of graph_fetches, the fetched names and their values."""
    with tf.Graph().as_default() as g, tf.Session() as sess:
        fetches = graph_fetches(tf)
        return {
            "graph_def": base64.b64encode(g.as_graph_def().SerializeToString()).decode("ascii"),
            "fetch": [t.name for t in fetches],
            "values": encode(sess.run(fetches)),
        }


def _script_sample():
    """TF's unicode_script of every 61st code point below U+30000."""
    codes = list(range(0, 0x30000, 61))
    with tf.Graph().as_default(), tf.Session() as sess:
        scripts = sess.run(tf.strings.unicode_script(codes)).tolist()
    return {"codes": codes, "scripts": scripts}


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    golden = {
        "cases": {name: run_case(tf, build) for name, build in CASES.items()},
        "bad": {name: run_bad(tf, build) for name, build in BAD.items()},
        "graph": _graph(),
        "script_sample": _script_sample(),
    }
    out = ROOT / "tests" / "ragged" / "golden" / "ragged.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp), str(out))
    print("wrote", out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
