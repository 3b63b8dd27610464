"""Writes the GraphDefs tinytf builds for tests/ops/while_cases.py (with their outputs named
out0, out1, ... and an `init` op), for tools/make_while_fixtures.py to run in real TF 1.15.
Run: .venv/bin/python tools/export_while_graphs.py
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ops import while_cases  # noqa: E402

import tinytf as tf  # noqa: E402

OUT = ROOT / "tests" / "ops" / "golden" / "while"


def export(name):
    """The GraphDef of case `name`, as tinytf builds it."""
    with tf.Graph().as_default() as g:
        outputs, _ = while_cases.CASES[name](tf)
        for k, t in enumerate(outputs):
            tf.identity(t, name=f"out{k}")
        tf.global_variables_initializer()
        return g.as_graph_def()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name in sorted(while_cases.CASES):
        tmp = OUT / f"tinytf_{name}.pb.tmp"
        tmp.write_bytes(export(name).SerializeToString())
        tmp.replace(OUT / f"tinytf_{name}.pb")


if __name__ == "__main__":
    main()
