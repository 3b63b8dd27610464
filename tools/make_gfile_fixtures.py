"""Records what real TF 1.15 returns or raises for each case of tests/platform/gfile_cases.py
(tf.gfile, tf.io.gfile, file_io), and the public names of tf.gfile and tf.io.gfile with their
parameter names, into tests/platform/golden/gfile_cases.json.

Run with TF 1.15's Python (3.7), from the repository root:
    /work/tf115/bin/python tools/make_gfile_fixtures.py
"""

import inspect
import json
import os
import pathlib
import shutil
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "platform" / "golden" / "gfile_cases.json"
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402
from tensorflow.python.lib.io import file_io  # noqa: E402
from tests.platform.gfile_cases import CASES, outcome, populate  # noqa: E402


def _run(case):
    d = tempfile.mkdtemp(prefix="gfile-")
    try:
        populate(d)
        return outcome(case, tf, file_io, d)
    finally:
        shutil.rmtree(d)


def _signatures():
    out = {}
    namespaces = (("tf.gfile", tf.compat.v1.gfile), ("tf.io.gfile", tf.compat.v1.io.gfile))
    for prefix, module in namespaces:
        for name in sorted(n for n in dir(module) if not n.startswith("_")):
            params = inspect.signature(getattr(module, name)).parameters
            out[prefix + "." + name] = [p for p in params if p != "self"]
    return out


def main():
    tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.ERROR)
    record = {
        "made_by": "tools/make_gfile_fixtures.py",
        "tf_version": tf.__version__,
        "signatures": _signatures(),
        "cases": {name: _run(case) for name, case in sorted(CASES.items())},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_name(OUT.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True, ensure_ascii=True) + "\n")
    os.replace(str(tmp), str(OUT))
    print("wrote", OUT.relative_to(ROOT), len(record["cases"]), "cases")


if __name__ == "__main__":
    main()
