"""Writes the frozen GraphDefs tinytf builds for tests/contrib/seq2seq_cases.GRAPH_CASES (fetches
named by output_name, weights as constants) into tests/contrib/golden/seq2seq_tinytf_graphs.npz,
for tools/make_seq2seq_fixtures.py to run in real TF 1.15.
Run: .venv/bin/python tools/export_seq2seq_graphs.py
"""

import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from tests.contrib import seq2seq_cases as cases  # noqa: E402

import tinytf as tf  # noqa: E402

OUT = ROOT / "tests" / "contrib" / "golden" / "seq2seq_tinytf_graphs.npz"


def main():
    arrays = {}
    for name in cases.GRAPH_CASES:
        graph_def, keys = cases.frozen_graph(tf, name)
        arrays[name] = np.frombuffer(graph_def.SerializeToString(), dtype=np.uint8)
        arrays[name + "/keys"] = np.array(keys)
    tmp = OUT.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        np.savez_compressed(f, **arrays)
    os.replace(tmp, OUT)


if __name__ == "__main__":
    main()
