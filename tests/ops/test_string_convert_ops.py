"""RegexReplace / RegexFullMatch (static and not), StringToNumber, AsString, StringFormat,
UnicodeTranscode and UnicodeEncode against real TF 1.15 (golden/strings_golden.json, written
by tools/make_signal_strings_fixtures.py from tests/ops/strings_cases.py)."""

import pytest

import tinytf as tf
from tests.ops import area_golden

_PREFIXES = ("re_", "to_number", "as_string", "format_", "transcode_", "encode_")


@pytest.mark.parametrize("name", [n for p in _PREFIXES for n in area_golden.names("strings", p)])
def test_matches_tf(name):
    area_golden.check_case("strings", name, rtol=0, atol=0)


_BAD = [n for p in _PREFIXES for n in area_golden.names("strings", p, table="bad")]


@pytest.mark.parametrize("name", _BAD)
def test_bad_input_raises_as_tf(name):
    # RE2 words its parse errors itself: the message is TF's up to RE2's part
    area_golden.check_bad("strings", name, until=", error:" if name.startswith("re_") else None)


def test_regex_refuses_python_only_syntax_at_run_time():
    out = tf.strings.regex_full_match(["a"], "(?<=a)b")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="lookbehind"):
        sess.run(out)


def test_regex_dollar_is_the_end_of_the_text_as_in_re2():
    with tf.Session() as sess:
        assert sess.run(tf.strings.regex_full_match(["ab\n"], "ab$")).tolist() == [False]
        assert sess.run(tf.strings.regex_replace(["a\nb"], "(?m)a$", "x")).tolist() == [b"x\nb"]


def test_transcode_refuses_encodings_it_cannot_match_with_icu():
    out = tf.strings.unicode_transcode(["a"], "Shift_JIS", "UTF-8")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="Shift_JIS"):
        sess.run(out)
