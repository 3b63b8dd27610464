"""EncodeBase64, DecodeBase64 and Substr against real TF 1.15 (tools/make_io_fixtures.py wrote
golden/io_golden.json from tests/ops/io_cases.py)."""

import pytest

import tinytf as tf
from tests.ops.io_golden import bad_names, check_bad, check_case, names


@pytest.mark.parametrize("name", names("str_"))
def test_matches_tf(name, tmp_path):
    check_case(name, tmp_path)


@pytest.mark.parametrize("name", bad_names("str_"))
def test_bad_input_raises_as_tf(name, tmp_path):
    check_bad(name, tmp_path)


def test_base64_round_trip_of_every_byte_value():
    data = bytes(range(256)) * 3
    with tf.Session() as sess:
        assert sess.run(tf.decode_base64(tf.encode_base64(data))) == data
        assert sess.run(tf.decode_base64(tf.encode_base64(data, pad=True))) == data


def test_base64_takes_strings_only():
    with pytest.raises((TypeError, ValueError)):
        tf.encode_base64(tf.constant([1, 2]))
