"""Mutable lookup tables (src/tinytf/ops/mutable_lookup_ops.py: tf.contrib.lookup.MutableHashTable)
against real TF 1.15: every case of tests/ops/mutable_lookup_cases.py gives what TF gave (values,
error classes and messages, op names and types) and a checkpoint that TF's Saver wrote with a
table restores in tinytf, all recorded by tools/make_lookup_mutable_cases.py in
tests/ops/golden/lookup_mutable.json and tests/ops/golden/lookup_mutable_ckpt/."""

import json
import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.ops import mutable_lookup_cases as cases

GOLDEN_DIR = pathlib.Path(__file__).parent / "golden"
GOLDEN = json.loads((GOLDEN_DIR / "lookup_mutable.json").read_text())
CKPT = str(GOLDEN_DIR / "lookup_mutable_ckpt" / "model")
NAMES = sorted(n for n in vars(cases) if n.startswith("mutable_"))


def _without_attrs(outcome):
    # TF lists a missing kernel's attrs in its hash map's (arbitrary) order
    message = outcome.get("message", "")
    return {**outcome, "message": message.split(" (defined at ")[0].split(" with these")[0]}


@pytest.mark.parametrize("name", NAMES)
def test_case_matches_tf(name):
    got = cases.outcome(tf, getattr(cases, name))
    if "no_kernel" in name:
        assert _without_attrs(got) == _without_attrs(GOLDEN["cases"][name])
    else:
        assert got == GOLDEN["cases"][name]


def test_every_case_has_a_golden_outcome():
    assert sorted(GOLDEN["cases"]) == NAMES


def _restored(prefix):
    with tf.Graph().as_default():
        tables, var, found = cases.checkpoint_graph(tf)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            return sess.run([found, [t.size() for t in tables], var])


EXPECTED = np.float32([[1.5, 0.5, -1.0, -2.0]] * 2)  # QUERY's values: CKPT_KEYS -> CKPT_VALUES


def test_checkpoint_written_by_tf_restores():
    found, sizes, var = _restored(CKPT)
    np.testing.assert_array_equal(found, EXPECTED)
    assert found.dtype == np.float32 and sizes == [3, 3]
    np.testing.assert_array_equal(var, [1.0, 2.0])


def test_checkpoint_written_by_tinytf_is_tfs(tmp_path):
    # TF restores such a checkpoint: make_lookup_mutable_fixtures.py --restore PREFIX
    with tf.Graph().as_default():
        tables, _, _ = cases.checkpoint_graph(tf)
        insert = cases.fill_checkpoint_tables(tf, tables)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), insert])
            saver.save(sess, str(tmp_path / "model"), write_meta_graph=False)
    ours, theirs = (tf.train.load_checkpoint(p) for p in (str(tmp_path / "model"), CKPT))
    dtypes, shapes = ours.get_variable_to_dtype_map(), ours.get_variable_to_shape_map()
    assert {k: [dtypes[k].name, list(shapes[k])] for k in dtypes} == GOLDEN["checkpoint"]
    for name in ("dense-keys", "dense-values", "v"):  # the dense layout is TF's, bucket by bucket
        np.testing.assert_array_equal(ours.get_tensor(name), theirs.get_tensor(name))
    order = np.argsort(ours.get_tensor("counts-keys"))
    np.testing.assert_array_equal(ours.get_tensor("counts-values")[order], [0.5, 1.5, -2.0])
    found, sizes, _ = _restored(str(tmp_path / "model"))
    np.testing.assert_array_equal(found, EXPECTED)


def test_saver_takes_a_table_in_var_list(tmp_path):
    with tf.Graph().as_default():
        table = tf.contrib.lookup.MutableHashTable(tf.int64, tf.int64, -1, checkpoint=False)
        insert = table.insert(tf.constant([5], tf.int64), tf.constant([50], tf.int64))
        saver = tf.train.Saver([table])
        with tf.Session() as sess:
            sess.run(insert)
            saver.save(sess, str(tmp_path / "m"), write_meta_graph=False)
        with tf.Session() as sess:
            assert sess.run(table.size()) == 0  # a new Session starts with an empty table
            saver.restore(sess, str(tmp_path / "m"))
            assert sess.run(table.lookup(tf.constant([5], tf.int64))).tolist() == [50]
    assert sorted(tf.train.load_checkpoint(str(tmp_path / "m")).get_variable_to_shape_map()) == [
        "MutableHashTable-keys",
        "MutableHashTable-values",
    ]


def test_restore_replaces_entries_inserted_before():
    with tf.Graph().as_default():
        tables, _, found = cases.checkpoint_graph(tf)
        keys, values = tf.constant([4, 99], tf.int64), tf.constant([8.0, 9.0])
        insert = tf.group(*[t.insert(keys, values) for t in tables])
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(insert)
            saver.restore(sess, CKPT)
            assert sess.run([t.size() for t in tables]) == [3, 3]
            np.testing.assert_array_equal(sess.run(found), EXPECTED)
