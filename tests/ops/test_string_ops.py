"""EncodeBase64, DecodeBase64 and Substr against real TF 1.15 (tools/make_io_fixtures.py wrote
golden/io_golden.json from tests/ops/io_cases.py)."""

import pytest

import tinytf as tf
from tests.ops import area_golden
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


# -- the ops of string_ops.py, against TF 1.15 (golden/strings_golden.json, written by
# tools/make_signal_strings_fixtures.py from tests/ops/strings_cases.py); the regex, number,
# format and unicode ops are in test_string_convert_ops.py
_CONVERT = ("re_", "to_number", "as_string", "format_", "transcode_", "encode_")
_STRING_CASES = [n for n in area_golden.names("strings") if not n.startswith(_CONVERT)]
_STRING_BAD = [n for n in area_golden.names("strings", table="bad") if not n.startswith(_CONVERT)]


@pytest.mark.parametrize("name", _STRING_CASES)
def test_strings_match_tf(name):
    area_golden.check_case("strings", name, rtol=0, atol=0)


@pytest.mark.parametrize("name", _STRING_BAD)
def test_strings_bad_input_raises_as_tf(name):
    area_golden.check_bad("strings", name)


def test_hash_buckets_of_fed_python_strings_hash_their_utf8_bytes():
    x = tf.placeholder(tf.string, [None])
    fast = tf.strings.to_hash_bucket_fast(x, 2**40)
    with tf.Session() as sess:
        assert sess.run(fast, {x: ["é"]}).tolist() == sess.run(fast, {x: ["é".encode()]}).tolist()


def test_tf_graph_def_with_string_ops_imports_and_runs():
    area_golden.check_tf_graph_imports("strings")
