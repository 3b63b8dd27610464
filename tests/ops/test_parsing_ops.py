"""DecodeRaw, DecodeCSV, DecodeCompressed, SerializeTensor and ParseTensor against real TF 1.15
(tools/make_io_fixtures.py wrote golden/io_golden.json from tests/ops/io_cases.py)."""

import numpy as np
import pytest

import tinytf as tf
from tests.ops.io_golden import bad_names, check_bad, check_case, names


@pytest.mark.parametrize("name", names("parse_"))
def test_matches_tf(name, tmp_path):
    check_case(name, tmp_path)


@pytest.mark.parametrize("name", bad_names("parse_"))
def test_bad_input_raises_as_tf(name, tmp_path):
    # TF quotes the unparsable bytes themselves: compare up to the quote
    check_bad(name, tmp_path, prefix_only=name == "parse_tensor_garbage")


def test_decode_raw_static_shape_appends_a_dimension():
    x = tf.placeholder(tf.string, [None, 3])
    assert tf.decode_raw(x, tf.int32).shape.as_list() == [None, 3, None]


def test_decode_csv_output_shapes_follow_records():
    records = tf.placeholder(tf.string, [None, 2])
    a, b = tf.decode_csv(records, [[0], [""]])
    assert a.shape.as_list() == [None, 2] and b.dtype == tf.string
    with tf.Session() as sess:
        got = sess.run([a, b], {records: np.array([["1,x", "2,y"]], dtype=object)})
    np.testing.assert_array_equal(got[0], [[1, 2]])
    assert got[1].tolist() == [[b"x", b"y"]]


def test_serialize_then_parse_keeps_values_of_every_dtype():
    values = [np.arange(6, dtype=d).reshape(2, 3) for d in (np.float32, np.int64, np.uint8)]
    with tf.Session() as sess:
        for v in values:
            out = sess.run(tf.parse_tensor(tf.serialize_tensor(v), tf.as_dtype(v.dtype)))
            np.testing.assert_array_equal(out, v)
            assert out.dtype == v.dtype
