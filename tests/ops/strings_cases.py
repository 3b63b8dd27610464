"""Graphs of string ops whose bytes real TF 1.15 decides. Each builder takes the `tf` module
(tinytf, or real TF 1.15) and returns a tensor or a list of them; `shape_*` builders use
placeholders and record only static shapes. tools/make_signal_strings_fixtures.py runs them
with TF 1.15 into golden/strings_golden.json.

Python 3.7 and NumPy 1.18 compatible: the fixture script imports this with TF 1.15."""

import numpy as np

WORDS = [b"hello world", b"  a  b c ", b"", b"x,y,,z", b"caf\xc3\xa9 \xe2\x82\xac!", b"\xff\xfe"]
GRID = [[b"a", b"b", b"c"], [b"d", b"e", b"f"]]
NUMS = [b"1.5", b" -2.25e3 ", b"inf", b"-inf", b"1e-50", b"3.4e39", b".5", b"7.", b"0x10"]


def _sparse(st):
    return [st.indices, st.values, st.dense_shape]


def _split_cases():
    return {
        "split_v1_default": lambda tf: _sparse(tf.string_split(WORDS)),
        "split_v1_chars": lambda tf: _sparse(tf.string_split(WORDS[:2], "")),
        "split_v1_set": lambda tf: _sparse(tf.string_split(WORDS, ", ")),
        "split_v1_keep_empty": lambda tf: _sparse(tf.string_split(WORDS, ",", skip_empty=False)),
        "split_v1_delimiter": lambda tf: _sparse(tf.string_split(WORDS, delimiter="o")),
        "split_v2_whitespace": lambda tf: _sparse(tf.strings.split(WORDS)),
        "split_v2_sep": lambda tf: _sparse(tf.strings.split(WORDS, ",")),
        "split_v2_multi": lambda tf: _sparse(tf.strings.split([b"a<>b<><>c", b"<>"], "<>")),
        "split_v2_maxsplit": lambda tf: _sparse(tf.strings.split(WORDS, maxsplit=1)),
        "split_v2_maxsplit_sep": lambda tf: _sparse(tf.strings.split(WORDS, ",", maxsplit=2)),
        "split_v2_source": lambda tf: _sparse(tf.strings.split(source=[b"p q"])),
        "split_v2_matrix": lambda tf: _sparse(tf.strings.split([WORDS[:3], WORDS[3:]])),
        "split_v2_rank3": lambda tf: _sparse(tf.strings.split([[[b"a b"], [b""]]], maxsplit=1)),
        "shape_split": lambda tf: _sparse(tf.string_split(tf.placeholder(tf.string, [None]))),
    }


def _join_cases():
    return {
        "join": lambda tf: tf.strings.join([GRID, GRID], separator="-"),
        "join_scalar": lambda tf: tf.string_join([b"<", GRID[0], b">"]),
        "join_all_scalars": lambda tf: tf.string_join([b"a", b"b"], ", "),
        "shape_join": lambda tf: tf.string_join(
            [b"a", tf.placeholder(tf.string, [None, 3]), tf.placeholder(tf.string, [2, None])]
        ),
        "reduce_join_all": lambda tf: tf.reduce_join(GRID),
        "reduce_join_0": lambda tf: tf.reduce_join(GRID, 0),
        "reduce_join_neg": lambda tf: tf.strings.reduce_join(GRID, -1, separator=" "),
        "reduce_join_01": lambda tf: tf.reduce_join(GRID, [0, 1]),
        "reduce_join_10": lambda tf: tf.reduce_join(GRID, [1, 0], separator="."),
        "reduce_join_keep": lambda tf: tf.reduce_join(GRID, 1, keep_dims=True),
        "reduce_join_keepdims": lambda tf: tf.strings.reduce_join(GRID, [0], keepdims=True),
        "reduce_join_empty_axes": lambda tf: tf.reduce_join(GRID, tf.zeros([0], tf.int32)),
        "reduce_join_empty_dim": lambda tf: tf.reduce_join(tf.zeros([2, 0], tf.string), 1),
        "shape_reduce_join": lambda tf: tf.reduce_join(tf.placeholder(tf.string, [None, 4]), 1),
        "segment_join": lambda tf: tf.strings.unsorted_segment_join(
            [b"a", b"b", b"c", b"d"], [2, 0, 2, 1], 4, separator="+"
        ),
        "segment_join_2d": lambda tf: tf.strings.unsorted_segment_join(GRID, [1, 1], 2, "|"),
    }


def _map_cases():
    return {
        "strip": lambda tf: tf.strings.strip([b" \t a b \n", b"\x0bx\x0c", b""]),
        "string_strip": lambda tf: tf.string_strip(WORDS),
        "lower": lambda tf: tf.strings.lower([b"HeLLo \xc3\x89T\xc3\x89"]),
        "lower_utf8": lambda tf: tf.strings.lower([b"HeLLo \xc3\x89T\xc3\x89"], "utf-8"),
        "upper": lambda tf: tf.strings.upper([b"straSSe \xc3\xa9t\xc3\xa9"]),
        "upper_utf8": lambda tf: tf.strings.upper([b"stra\xc3\x9fe \xc3\xa9t\xc3\xa9"], "utf-8"),
        "length": lambda tf: tf.strings.length(WORDS),
        "length_utf8": lambda tf: tf.strings.length(WORDS, unit="UTF8_CHAR"),
        "substr": lambda tf: tf.substr(WORDS[:2], 1, 3),
        "substr_strings": lambda tf: tf.strings.substr([b"caf\xc3\xa9s"], 3, 2, unit="UTF8_CHAR"),
        "hash_fast": lambda tf: tf.strings.to_hash_bucket_fast(WORDS, 1000),
        "hash_fast_top": lambda tf: tf.string_to_hash_bucket_fast(GRID, 7),
        "hash_strong": lambda tf: tf.strings.to_hash_bucket_strong(WORDS, 1000, [1, 2]),
        "hash_strong_big": lambda tf: tf.string_to_hash_bucket_strong(WORDS, 2**62, [-5, 77]),
        "hash": lambda tf: tf.strings.to_hash_bucket(WORDS + [b"abcdefghijklmnopq"], 100000),
        "hash_top": lambda tf: tf.string_to_hash_bucket(input=GRID, num_buckets=10),
        "shape_hash": lambda tf: tf.string_to_hash_bucket_fast(
            tf.placeholder(tf.string, [None, 2]), 3
        ),
    }


_REGEX_INPUTS = [b"aaa bb c", b"abc\n", b"", b"caf\xc3\xa9", b"x1y22z333"]


def _regex_cases():
    r = _REGEX_INPUTS
    return {
        "re_replace": lambda tf: tf.strings.regex_replace(r, "a+", "<\\0>"),
        "re_replace_first": lambda tf: tf.regex_replace(r, "[a-c]", "_", replace_global=False),
        "re_replace_groups": lambda tf: tf.regex_replace(r, r"(\d)(\d*)", r"[\2|\1]"),
        "re_replace_empty": lambda tf: tf.regex_replace(r, "", "-"),
        "re_replace_star": lambda tf: tf.regex_replace(r, "b*", "-"),
        "re_replace_end": lambda tf: tf.regex_replace(r, "c$", "C"),
        "re_replace_dot_utf8": lambda tf: tf.regex_replace(r, "f.", "F"),
        "re_replace_backslash": lambda tf: tf.regex_replace(r, " ", "\\\\"),
        "re_replace_tensors": lambda tf: tf.regex_replace(
            r, tf.constant("[0-9]+"), tf.constant("#")
        ),
        "re_replace_class": lambda tf: tf.regex_replace(r, r"[^\w]", "."),
        "re_replace_ci": lambda tf: tf.regex_replace([b"AbC"], "(?i)b", "x"),
        "re_full": lambda tf: tf.strings.regex_full_match(r, "[a-c ]*"),
        "re_full_end": lambda tf: tf.strings.regex_full_match(r, "abc"),
        "re_full_z": lambda tf: tf.strings.regex_full_match(r, "a.*\\z"),
        "re_full_tensor": lambda tf: tf.strings.regex_full_match(r, tf.constant(".*\\d")),
        "re_full_unicode": lambda tf: tf.strings.regex_full_match(r, "caf."),
    }


def _number_cases():
    return {
        "to_number_float": lambda tf: tf.strings.to_number(NUMS[:-1]),
        "to_number_double": lambda tf: tf.string_to_number(NUMS[:-1], tf.float64),
        "to_number_int": lambda tf: tf.strings.to_number(
            [b"12", b" -7 ", b"0", b"-2147483648"], tf.int32
        ),
        "to_number_int64": lambda tf: tf.string_to_number(
            input=[b"9223372036854775807", b"-5"], out_type=tf.int64
        ),
        "to_number_nan": lambda tf: tf.math.is_nan(tf.strings.to_number([b"nan", b"NaN"])),
        "as_string_float": lambda tf: tf.as_string([1.5, -2.25, 1e10, 1e-7]),
        "as_string_precision": lambda tf: tf.as_string([3.14159, -1.0], precision=2),
        "as_string_scientific": lambda tf: tf.as_string([1234.5, 0.0], scientific=True),
        "as_string_shortest": lambda tf: tf.as_string([1234.5, 1e-7, 100.0], shortest=True),
        "as_string_width": lambda tf: tf.as_string([1.5], width=12, precision=1),
        "as_string_fill": lambda tf: tf.strings.as_string([7, -7], width=5, fill="0"),
        "as_string_fill_minus": lambda tf: tf.as_string([7], width=4, fill="-"),
        "as_string_fill_plus": lambda tf: tf.as_string([7.5], fill="+"),
        "as_string_int64": lambda tf: tf.as_string(np.array([2**40, -3], np.int64)),
        "as_string_int8": lambda tf: tf.as_string(np.array([-128, 5], np.int8), width=6),
        "as_string_bool": lambda tf: tf.as_string([True, False]),
        "as_string_complex": lambda tf: tf.as_string(np.array([1 + 2j], np.complex64), precision=1),
        "as_string_double": lambda tf: tf.as_string(np.array([1 / 3.0]), precision=12),
        "as_string_special": lambda tf: tf.as_string([np.inf, -np.inf, np.nan]),
    }


def _format_cases():
    f = lambda tf, *a, **k: tf.strings.format(*a, **k)  # noqa: E731 - short for the table
    return {
        "format_floats": lambda tf: f(
            tf, "x={} y={}", (tf.constant([1.5, 2.0, 1 / 3.0]), tf.constant(3))
        ),
        "format_matrix": lambda tf: f(tf, "{}", tf.constant(np.arange(20).reshape(4, 5))),
        "format_summarize": lambda tf: f(tf, "{}", tf.constant(np.arange(10)), summarize=2),
        "format_all": lambda tf: f(tf, "{}", tf.constant(np.arange(10)), summarize=-1),
        "format_cube": lambda tf: f(
            tf, "{}", tf.constant(np.arange(27).reshape(3, 3, 3)), summarize=1
        ),
        "format_strings": lambda tf: f(tf, "{}", tf.constant([b"ab", b'a\n"\x01\xff'])),
        "format_scalars": lambda tf: f(
            tf, "{} {} {}", (tf.constant(True), tf.constant(np.float64(1e20)), tf.constant(b"q"))
        ),
        "format_empty": lambda tf: f(tf, "{}", tf.constant(np.zeros((2, 0)))),
        "format_half": lambda tf: f(
            tf,
            "{}|{}",
            (
                tf.constant(np.float16(0.1)),
                tf.constant(np.array([np.nan, -np.inf, 1e-5, 123456789.0], np.float32)),
            ),
        ),
        "format_placeholder": lambda tf: f(tf, "<<>>", tf.constant(1), placeholder="<>"),
        "format_doubles": lambda tf: f(tf, "{}", tf.constant([0.1, 1 / 3.0, 2.0])),
        "format_uint8": lambda tf: f(tf, "{}", tf.constant(np.array([200, 1], np.uint8))),
    }


_UNICODE = [
    b"ab\xc3\xa9",
    b"a\xffb",
    b"\xe2\x82",
    b"\x01x\x7f\t",
    b"\xf0\x9f\x98\x80",
    b"\xed\xa0\x80z",
    b"\xc0\xaf",
    b"\xef\xbf\xbd",
]


_POINTS = [[72, 233, 0x1F600], [0xD800, -1, 0x110000]]


def _unicode_cases():
    t = lambda tf, *a, **k: tf.strings.unicode_transcode(_UNICODE, *a, **k)  # noqa: E731
    return {
        "transcode_utf16": lambda tf: t(tf, "UTF-8", "UTF-16-BE"),
        "transcode_utf32": lambda tf: t(tf, "UTF-8", "UTF-32-BE"),
        "transcode_ignore": lambda tf: t(tf, "UTF-8", "UTF-8", errors="ignore"),
        "transcode_replace": lambda tf: t(
            tf, "UTF-8", "UTF-8", replacement_char=63, replace_control_characters=True
        ),
        "transcode_from_utf16": lambda tf: tf.strings.unicode_transcode(
            [b"\x00a\xd8\x3d\xde\x00", b"\x00a\xd8\x00", b"\x00"], "UTF-16-BE", "UTF-8"
        ),
        "encode_utf8": lambda tf: tf.strings.unicode_encode(_POINTS, "UTF-8"),
        "encode_utf16": lambda tf: tf.strings.unicode_encode(_POINTS, "UTF-16-BE"),
        "encode_utf32": lambda tf: tf.strings.unicode_encode(_POINTS, "UTF-32-BE"),
        "encode_ignore": lambda tf: tf.strings.unicode_encode(_POINTS, "UTF-8", errors="ignore"),
        "encode_replace": lambda tf: tf.strings.unicode_encode(
            _POINTS, "UTF-8", replacement_char=63
        ),
        "encode_vector": lambda tf: tf.strings.unicode_encode([72, 105], "UTF-8"),
        "encode_rank3": lambda tf: tf.strings.unicode_encode([[[72, 105]], [[33, 63]]], "UTF-8"),
        "transcode_from_utf32": lambda tf: tf.strings.unicode_transcode(
            [b"\x00\x00\x00a\x00\x01\xf6\x00", b"\x00\x11\x00\x00"], "UTF-32-BE", "UTF-8"
        ),
    }


_ODD = {
    "as_string_bool_width": lambda tf: tf.as_string([True], width=3),
    "as_string_fill_bad": lambda tf: tf.as_string([1.0], fill="x"),
    "re_bad_rewrite": lambda tf: tf.strings.regex_replace([b"a"], "a", r"\2"),
    "to_number_hex": lambda tf: tf.strings.to_number([b"0x10"]),
}

CASES = dict(_split_cases(), **_join_cases())
CASES.update(_ODD)
CASES.update(_format_cases())
CASES.update(_unicode_cases())
CASES.update(_map_cases())
CASES.update(_regex_cases())
CASES.update(_number_cases())

BAD = {
    "split_matrix": lambda tf: tf.string_split([[b"a"]]),
    "split_delimiter_vector": lambda tf: tf.string_split([b"a"], [b" "]),
    "join_mismatch": lambda tf: tf.string_join([[b"a", b"b"], [b"c", b"d", b"e"]]),
    "join_mismatch_run": lambda tf: tf.string_join(
        [tf.constant([b"a", b"b"]), tf.placeholder_with_default([b"c"], [None])]
    ),
    "join_int": lambda tf: tf.string_join([tf.constant([1])]),
    "reduce_join_bad_axis": lambda tf: tf.reduce_join(GRID, tf.placeholder_with_default(2, [])),
    "reduce_join_duplicate": lambda tf: tf.reduce_join(
        GRID, tf.placeholder_with_default([0, -2], [2])
    ),
    "segment_join_out_of_range": lambda tf: tf.strings.unsorted_segment_join(
        [b"a", b"b"], [0, 3], 2
    ),
    "segment_join_negative": lambda tf: tf.strings.unsorted_segment_join([b"a", b"b"], [0, -1], 2),
    "length_bad_unit": lambda tf: tf.strings.length([b"a"], unit="CHAR"),
    "hash_zero_buckets": lambda tf: tf.strings.to_hash_bucket_fast([b"a"], 0),
    "hash_strong_short_key": lambda tf: tf.strings.to_hash_bucket_strong([b"a"], 10, [1]),
    "re_malformed": lambda tf: tf.strings.regex_replace([b"a"], "(", "x"),
    "re_malformed_full": lambda tf: tf.strings.regex_full_match([b"a"], "a[b"),
    "re_lookahead": lambda tf: tf.strings.regex_full_match([b"a"], "a(?=b)"),
    "re_backref": lambda tf: tf.strings.regex_replace([b"aa"], r"(a)\1", "x"),
    "re_pattern_vector": lambda tf: tf.strings.regex_full_match([b"a"], tf.constant([b"a", b"b"])),
    "transcode_strict": lambda tf: tf.strings.unicode_transcode(
        [b"a\xff"], "UTF-8", "UTF-16-BE", errors="strict"
    ),
    "transcode_bad_output": lambda tf: tf.strings.unicode_transcode([b"a"], "UTF-8", "UTF-7"),
    "encode_strict": lambda tf: tf.strings.unicode_encode(_POINTS, "UTF-8", errors="strict"),
    "encode_scalar": lambda tf: tf.strings.unicode_encode(72, "UTF-8"),
    "format_count": lambda tf: tf.strings.format("{} {}", tf.constant(1)),
    "to_number_junk": lambda tf: tf.strings.to_number([b"1.5x"]),
    "to_number_empty": lambda tf: tf.strings.to_number([b""]),
    "to_number_plus_int": lambda tf: tf.strings.to_number([b"+5"], tf.int32),
    "to_number_int_overflow": lambda tf: tf.strings.to_number([b"2147483648"], tf.int32),
    "to_number_int_float": lambda tf: tf.strings.to_number([b"1.0"], tf.int64),
    "to_number_bad_type": lambda tf: tf.strings.to_number([b"1"], tf.int16),
    "as_string_string": lambda tf: tf.as_string([b"a"]),
    "as_string_uint8": lambda tf: tf.as_string(np.array([1], np.uint8)),
    "as_string_both": lambda tf: tf.as_string([1.0], scientific=True, shortest=True),
    "as_string_fill_long": lambda tf: tf.as_string([1.0], fill="00"),
    "as_string_int_precision": lambda tf: tf.as_string([1], precision=2),
}


def GRAPH(tf):  # noqa: N802 - a constant-like builder the fixture script looks up
    """The string ops in one graph: TF's GraphDef of it must import and run."""
    w = tf.constant(WORDS, name="words")
    outs = _sparse(tf.string_split(w)) + _sparse(tf.strings.split(w, ","))
    outs += [tf.string_join([w, w], "|"), tf.reduce_join(GRID, 0), tf.strings.strip(w)]
    outs += [tf.strings.lower(w), tf.strings.upper(w, "utf-8"), tf.strings.length(w, "UTF8_CHAR")]
    outs += [tf.strings.regex_replace(w, "[a-c]", "_"), tf.strings.regex_full_match(w, ".*a.*")]
    outs += [tf.regex_replace(w, tf.constant("o"), tf.constant("0"))]
    outs += [tf.strings.regex_full_match(w, tf.constant("x.*"))]
    outs += [tf.strings.to_number(NUMS[:3]), tf.as_string([1.5, 2.0], precision=2, width=7)]
    outs += [tf.strings.to_hash_bucket(w, 9), tf.strings.to_hash_bucket_fast(w, 9)]
    outs += [tf.strings.to_hash_bucket_strong(w, 9, [3, 4]), tf.substr(w, 0, 2)]
    outs += [tf.strings.unsorted_segment_join(GRID, [1, 0], 3, ",")]
    outs += [tf.strings.format("{} and {}", (w, tf.constant([1.5])))]
    outs += [tf.strings.unicode_transcode(w, "UTF-8", "UTF-16-BE")]
    outs += [tf.strings.unicode_encode([[72, 105]], "UTF-8")]
    return outs
