"""Writes tests/io/golden/example*: TFRecord files of tf.train.Examples written by real TF 1.15
(plain and GZIP, records serialized deterministically), example_graph.pb (TF's GraphDef of
example_cases.parse_graph) and example.json, what TF's parsing
gave or raised for each case of tests/io/example_cases.py (values, static shapes, dtypes, error
classes and messages, proto bytes and text). Run with TF 1.15 (Python 3.7, NumPy 1.18):
    /work/tf115/bin/python tools/make_example_fixtures.py
"""

import json
import os
import pathlib
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402
from tests.fixture_runner import record_all  # noqa: E402
from tests.io import example_cases  # noqa: E402

OUT = ROOT / "tests" / "io" / "golden"


def _write(path, write):
    """Writes through a temporary file in the same directory, then renames."""
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), suffix=path.suffix)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, str(path))
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _records(kind, filename):
    def write(tmp):
        options = tf.python_io.TFRecordOptions(kind) if kind else None
        with tf.python_io.TFRecordWriter(tmp, options) as writer:
            for spec in example_cases.EXAMPLES:
                writer.write(example_cases.serialized(tf, spec))

    _write(OUT / filename, write)


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    OUT.mkdir(parents=True, exist_ok=True)
    for kind, filename in example_cases.RECORD_FILES.items():
        _records(kind, filename)
    with tf.Graph().as_default() as graph:
        example_cases.parse_graph(tf)
        data = graph.as_graph_def().SerializeToString(deterministic=True)
    _write(OUT / "example_graph.pb", lambda tmp: pathlib.Path(tmp).write_bytes(data))
    _, facts = record_all(tf, example_cases.CASES)
    text = json.dumps({"made_by": "tools/make_example_fixtures.py", "tf": tf.__version__,
                       "cases": facts}, indent=1, sort_keys=True)
    _write(OUT / "example.json", lambda tmp: pathlib.Path(tmp).write_text(text + "\n"))


if __name__ == "__main__":
    main()
