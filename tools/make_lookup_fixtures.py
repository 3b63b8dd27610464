"""Writes the lookup-table fixtures from real TF 1.15 (run with TF 1.15's Python 3.7):
    /work/tf115/bin/python tools/make_lookup_fixtures.py
- tests/ops/golden/lookup_files/: the vocabulary files of tests/ops/lookup_cases.py;
- tests/ops/golden/lookup.json: what TF does in each case (values, or error class and message),
  and the ops (names, types) of a few tables' graphs;
- tests/ops/golden/lookup_saved_model/: a SavedModel written by TF's builder whose table reads a
  vocabulary file (an asset), and lookup_saved_model.json: what it gives for some words.
"""

import json
import os
import pathlib
import shutil
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402
from tests.ops import lookup_cases  # noqa: E402

GOLDEN = ROOT / "tests" / "ops" / "golden"
WORDS = ["emerson", "lake", "and", "palmer", "king"]


def _write_files(directory):
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in lookup_cases.FILES.items():
        (directory / name).write_bytes(data)


def _cases():
    os.chdir(str(GOLDEN / "lookup_files"))
    return {name: lookup_cases.outcome(tf, fn) for name, fn in lookup_cases.all_cases().items()}


def _saved_model(target):
    """A SavedModel whose vocabulary file was beside it when written (and is gone after)."""
    work = pathlib.Path(tempfile.mkdtemp())
    vocab = work / "words.txt"
    vocab.write_bytes(b"emerson\nlake\npalmer\n")
    export = work / "model"
    with tf.Graph().as_default() as graph:
        words = tf.placeholder(tf.string, [None], name="words")
        table = tf.contrib.lookup.index_table_from_file(str(vocab), num_oov_buckets=2)
        ids = tf.identity(table.lookup(words), name="ids")
        i2s = tf.contrib.lookup.index_to_string_table_from_file(str(vocab))
        back = tf.identity(i2s.lookup(ids), name="back")
        with tf.Session(graph=graph) as sess:
            sess.run(tf.tables_initializer())
            expected = sess.run([ids, back], {words: WORDS})
            builder = tf.saved_model.builder.SavedModelBuilder(str(export))
            signature = tf.saved_model.signature_def_utils.predict_signature_def(
                {"words": words}, {"ids": ids, "back": back}
            )
            builder.add_meta_graph_and_variables(
                sess,
                ["serve"],
                {"serving_default": signature},
                assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS),
                main_op=tf.tables_initializer(),
            )
            builder.save()
    if target.exists():
        shutil.rmtree(str(target))
    shutil.copytree(str(export), str(target))
    shutil.rmtree(str(work))
    # TF's own loader reads it back with the vocabulary file gone from where it was written
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.saved_model.loader.load(sess, ["serve"], str(target))
        again = sess.run(["ids:0", "back:0"], {"words:0": WORDS})
    assert [a.tolist() for a in again] == [e.tolist() for e in expected]
    return {
        "words": WORDS,
        "ids": expected[0].tolist(),
        "back": [b.decode() for b in expected[1].tolist()],
    }


def _dump(path, data):
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp), str(path))


def main():
    _write_files(GOLDEN / "lookup_files")
    model = _saved_model(GOLDEN / "lookup_saved_model")
    _dump(GOLDEN / "lookup_saved_model.json", model)
    cases = _cases()
    cases["graph_ops"] = lookup_cases.graph_ops(tf)
    _dump(GOLDEN / "lookup.json", cases)


if __name__ == "__main__":
    main()
