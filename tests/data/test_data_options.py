"""Dataset.reduce, tf.data.experimental.get_single_element (src/tinytf/data/reduction.py) and
tf.data.Options (src/tinytf/data/options.py) against real TF 1.15: every case of
tests/data/data_options_cases.py gives what TF gave (values, static shapes, error classes and
messages), recorded by tools/make_lookup_mutable_fixtures.py in tests/data/golden/data_options.json.
"""

import json
import pathlib
import threading

import pytest

import tinytf as tf
from tests.data import data_options_cases as cases

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "data_options.json").read_text())
NAMES = sorted(n for n in vars(cases) if n.split("_")[0] in ("single", "reduce", "options"))


@pytest.mark.parametrize("name", NAMES)
def test_case_matches_tf(name):
    assert cases.outcome(tf, getattr(cases, name)) == GOLDEN[name]


def test_every_case_has_a_golden_outcome():
    assert sorted(GOLDEN) == NAMES


def test_reduce_and_single_element_stop_the_pipeline_threads():
    before = threading.active_count()
    with tf.Graph().as_default():
        dataset = tf.data.Dataset.range(50).map(lambda x: x + 1, num_parallel_calls=2).prefetch(4)
        total = dataset.reduce(tf.constant(0, tf.int64), lambda s, x: s + x)
        first = tf.data.experimental.get_single_element(dataset.take(1))
        with tf.Session() as sess:
            assert sess.run([total, first]) == [1275, 1]
    assert threading.active_count() <= before


def test_ops_have_tfs_types():
    with tf.Graph().as_default():
        total = tf.data.Dataset.range(3).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)
        single = tf.data.experimental.get_single_element(tf.data.Dataset.range(1))
    assert (total.op.type, single.op.type) == ("ReduceDataset", "DatasetToSingleElement")
