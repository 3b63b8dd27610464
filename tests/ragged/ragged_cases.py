"""RaggedTensor and ragged tf.strings cases built the same way under real TF 1.15
(tools/make_ragged_fixtures.py) and tinytf (tests/ragged/test_ragged.py). Kept to Python 3.7.

CASES: name -> build(tf) returning {label: fetch}; BAD: name -> build(tf) returning a fetch
(or raising while building)."""

import numpy as np


def _rt(tf, values, splits):
    return tf.RaggedTensor.from_row_splits(values, splits)


CASES = {
    "from_row_splits": lambda tf: {
        "rt": _rt(tf, [3, 1, 4, 1, 5], [0, 2, 2, 5]),
        "int32_splits": _rt(tf, [1.5, 2.5], tf.constant([0, 1, 2], tf.int32)),
    },
    "factories": lambda tf: {
        "rowids": tf.RaggedTensor.from_value_rowids([1, 2, 3, 4], [0, 0, 2, 2], nrows=4),
        "rowids_no_nrows": tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 1, 1]),
        "lengths": tf.RaggedTensor.from_row_lengths(["a", "b", "c"], [2, 0, 1]),
        "starts": tf.RaggedTensor.from_row_starts([1, 2, 3], [0, 1]),
        "limits": tf.RaggedTensor.from_row_limits([1, 2, 3], [2, 2, 3]),
        "nested": tf.RaggedTensor.from_nested_row_splits([1, 2, 3, 4], [[0, 2, 3], [0, 1, 1, 4]]),
        "nested_lengths": tf.RaggedTensor.from_nested_row_lengths([1, 2, 3], [[1, 1], [2, 1]]),
        "inner_dims": _rt(tf, [[1, 2], [3, 4], [5, 6]], [0, 1, 3]),
    },
    "from_tensor": lambda tf: {
        "plain": tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0]]),
        "padding": tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0], [0, 0, 0]], padding=0),
        "lengths": tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0]], lengths=[1, 3]),
        "rank2": tf.RaggedTensor.from_tensor(np.arange(8).reshape(2, 2, 2), ragged_rank=2),
        "inner_padding": tf.RaggedTensor.from_tensor(
            [[[1, 1], [0, 0]], [[0, 0], [0, 0]]], padding=[0, 0]
        ),
        "int32": tf.RaggedTensor.from_tensor([[1.0]], row_splits_dtype=tf.int32),
    },
    "from_sparse": lambda tf: {
        "rt": tf.RaggedTensor.from_sparse(
            tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [1.0, 2.0, 3.0], [4, 3])
        ),
    },
    "conversions": lambda tf: {
        "dense": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5]).to_tensor(),
        "dense_default": _rt(tf, [1, 2, 3], [0, 1, 3]).to_tensor(default_value=-1),
        "dense_nested": tf.ragged.constant([[[1, 2]], [[3]], []]).to_tensor(9),
        "dense_inner": _rt(tf, [[1, 2], [3, 4]], [0, 0, 2]).to_tensor(),
        "sparse": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5]).to_sparse(),
        "sparse_nested": tf.ragged.constant([[[1, 2]], [[3]], []]).to_sparse(),
        "sparse_inner": _rt(tf, [[1, 2], [3, 4]], [0, 0, 2]).to_sparse(),
        "sparse_empty": _rt(tf, tf.zeros([0], tf.float32), [0, 0]).to_sparse(),
    },
    "partitions": lambda tf: {
        "row_lengths": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5]).row_lengths(),
        "row_lengths_2": tf.ragged.constant([[[1, 2]], [[3], []]]).row_lengths(axis=2),
        "value_rowids": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5]).value_rowids(),
        "nrows": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5]).nrows(),
        "nrows32": _rt(tf, [1, 2], [0, 2]).nrows(out_type=tf.int32),
        "starts": _rt(tf, [1, 2, 3], [0, 1, 3]).row_starts(),
        "limits": _rt(tf, [1, 2, 3], [0, 1, 3]).row_limits(),
        "bounding": tf.ragged.constant([[[1, 2]], [[3], []]]).bounding_shape(),
        "nested_splits": list(tf.ragged.constant([[[1, 2]], [[3], []]]).nested_row_splits),
        "flat_values": tf.ragged.constant([[[1, 2]], [[3], []]]).flat_values,
        "with_values": _rt(tf, [1, 2, 3], [0, 1, 3]).with_values(tf.constant(["a", "b", "c"])),
        "with_flat": tf.ragged.constant([[[1, 2]], [[3]]]).with_flat_values(tf.constant([7, 8, 9])),
        "splits32": _rt(tf, [1, 2, 3], [0, 1, 3]).with_row_splits_dtype(tf.int32),
    },
    "getitem": lambda tf: {
        "row": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5])[0],
        "last": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5])[-1],
        "slice": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5])[1:],
        "head": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5])[:-1],
        "empty": _rt(tf, [1, 2, 3, 4, 5], [0, 2, 2, 5])[2:2],
        "nested_row": tf.ragged.constant([[[1, 2]], [[3], []]])[1],
    },
    "constant": lambda tf: {
        "ints": tf.ragged.constant([[1, 2], [3]]),
        "floats": tf.ragged.constant([[1.5], [], [2]]),
        "strings": tf.ragged.constant([["a", "bc"], []]),
        "deep": tf.ragged.constant([[[1, 2]], [[3]], []]),
        "rank1": tf.ragged.constant([[[1, 2]], [[3, 4]]], ragged_rank=1),
        "inner_shape": tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], inner_shape=(2,)),
        "dtype": tf.ragged.constant([[1, 2]], dtype=tf.float64, row_splits_dtype=tf.int32),
        "empty": tf.ragged.constant([[], []]),
    },
    "segments": lambda tf: {
        "ids": tf.ragged.row_splits_to_segment_ids([0, 2, 2, 5]),
        "ids32": tf.ragged.row_splits_to_segment_ids([0, 1, 3], out_type=tf.int32),
        "splits": tf.ragged.segment_ids_to_row_splits([0, 0, 2]),
        "splits_n": tf.ragged.segment_ids_to_row_splits([0, 0, 2], num_segments=5),
        "splits_typed": tf.ragged.segment_ids_to_row_splits(
            tf.constant([1, 1], tf.int32), out_type=tf.int64
        ),
    },
    "range_map": lambda tf: {
        "range": tf.ragged.range([3, 1, 0]),
        "range_limits": tf.ragged.range([0, 5], [4, 2], [2, -1]),
        "range_float": tf.ragged.range(0.0, [1.0, 2.5], 0.5),
        "range_mixed": tf.ragged.range([1, 2], 4.0),
        "map": tf.ragged.map_flat_values(tf.multiply, tf.ragged.constant([[1, 2], [3]]), 10),
        "map_two": tf.ragged.map_flat_values(
            tf.add, tf.ragged.constant([[1, 2], [3]]), tf.ragged.constant([[4, 5], [6]])
        ),
    },
    "unicode_decode": lambda tf: {
        "vector": tf.strings.unicode_decode(["h\xe9llo", "ab", ""], "UTF-8"),
        "scalar": tf.strings.unicode_decode("\u20ac1", "UTF-8"),
        "matrix": tf.strings.unicode_decode([["a", "\U0001f60a"], ["bc", ""]], "UTF-8"),
        "ragged": tf.strings.unicode_decode(tf.ragged.constant([["ab"], ["c", "d"]]), "UTF-8"),
        "bad": tf.strings.unicode_decode(
            [b"a\xffb", b"\xe2\x82", b"\xc0\x80x", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"], "UTF-8"
        ),
        "bad_ignore": tf.strings.unicode_decode(
            [b"a\xffb", b"\xe2\x82z"], "UTF-8", errors="ignore"
        ),
        "bad_char": tf.strings.unicode_decode([b"a\xffb"], "UTF-8", replacement_char=63),
        "controls": tf.strings.unicode_decode(
            ["a\tb\x00"], "UTF-8", replace_control_characters=True
        ),
        "utf16": tf.strings.unicode_decode(["h\xe9\U0001f60a".encode("utf-16-be")], "UTF-16-BE"),
        "offsets": list(
            tf.strings.unicode_decode_with_offsets(
                ["h\xe9llo".encode(), b"a\xffb", "\U0001f60az".encode("utf-8")], "UTF-8"
            )
        ),
        "offsets_scalar": list(tf.strings.unicode_decode_with_offsets("\xe9a", "UTF-8")),
    },
    "unicode_script": lambda tf: {
        "dense": tf.strings.unicode_script(
            [[65, 0x416, 0x4E2D, 0x30, 0x300], [0x1F60A, 0x5D0, 0x627, 0x915, 0xE01]]
        ),
        "invalid": tf.strings.unicode_script([-1, 0x110000, 0xD800, 0xE000, 0x378]),
        "ragged": tf.strings.unicode_script(tf.ragged.constant([[0x3042, 0x30A2], [0xAC00]])),
        "empty": tf.strings.unicode_script(tf.zeros([0, 2], tf.int32)),
    },
    "unicode_split": lambda tf: {
        "vector": tf.strings.unicode_split(["h\xe9llo", "", "\U0001f60a"], "UTF-8"),
        "scalar": tf.strings.unicode_split("a\xe9", "UTF-8"),
        "matrix": tf.strings.unicode_split([["ab"], ["\xe9"]], "UTF-8"),
        "bad": tf.strings.unicode_split([b"a\xffb"], "UTF-8"),
        "offsets": list(tf.strings.unicode_split_with_offsets(["h\xe9llo", "ab"], "UTF-8")),
    },
    "bytes_split": lambda tf: {
        "vector": tf.strings.bytes_split(["abc", "", "\xe9"]),
        "scalar": tf.strings.bytes_split("hey"),
        "matrix": tf.strings.bytes_split([["ab", "c"]]),
        "ragged": tf.strings.bytes_split(tf.ragged.constant([["ab"], []])),
    },
    "ngrams": lambda tf: {
        "bigrams": tf.strings.ngrams(tf.ragged.constant([["a", "b", "c"], ["d"], []]), 2),
        "widths": tf.strings.ngrams(
            tf.ragged.constant([["a", "b", "c"], ["d"]]), [1, 3], separator="-"
        ),
        "pad": tf.strings.ngrams(tf.ragged.constant([["a", "b"], ["c"]]), 3, pad_values="#"),
        "pad_pair": tf.strings.ngrams(
            tf.ragged.constant([["a", "b", "c"]]), 3, pad_values=("<", ">"), padding_width=1
        ),
        "short": tf.strings.ngrams(
            tf.ragged.constant([["a", "b"], ["c"], []]), 3, preserve_short_sequences=True
        ),
        "short_pad": tf.strings.ngrams(
            tf.ragged.constant([["a"], ["b", "c"]]),
            4,
            pad_values="#",
            padding_width=1,
            preserve_short_sequences=True,
        ),
        "dense": tf.strings.ngrams([["a", "b", "c"], ["d", "e", "f"]], 2),
        "vector": tf.strings.ngrams(["a", "b", "c"], 2),
        "nested": tf.strings.ngrams(tf.ragged.constant([[["a", "b"], ["c"]], []]), 2),
    },
    "split": lambda tf: {
        "strings_split": tf.strings.split(["a b", " c  d ", ""], result_type="RaggedTensor"),
        "strings_sep": tf.strings.split(["a,,b", "c"], sep=",", result_type="RaggedTensor"),
        "strings_max": tf.strings.split(["a b c"], maxsplit=1, result_type="RaggedTensor"),
        "strings_matrix": tf.strings.split([["a b"], ["c"]], result_type="RaggedTensor"),
        "strings_ragged": tf.strings.split(
            tf.ragged.constant([["a b", "c"], []]), result_type="RaggedTensor"
        ),
        "strings_ragged_sparse": tf.strings.split(tf.ragged.constant([["a b", "c"], []])),
        "strings_matrix_sparse": tf.strings.split([["a b"], ["c"]]),
        "string_split": tf.string_split(["a b", "c"], result_type="RaggedTensor"),
        "string_split_sep": tf.string_split(
            ["a,b;c", ""], sep=",;", skip_empty=False, result_type="RaggedTensor"
        ),
    },
    "fed": lambda tf: _fed(tf),
    "operators": lambda tf: _operators(tf),
}


def _operators(tf):
    a = tf.ragged.constant([[1, 2], [3]])
    b = tf.ragged.constant([[10, 20], [30]])
    c = tf.ragged.constant([[[1.0, 2.0]], [[3.0, 4.0]]], ragged_rank=1)
    t = tf.ragged.constant([[True, False], [True]])
    return {
        "add": a + 1,
        "radd": 1 + a,
        "mul_ragged": a * b,
        "rsub": 10 - a,
        "sub": b - a,
        "div": a / 2,
        "rtruediv": 6 / a,
        "floordiv": b // 3,
        "mod": b % 7,
        "pow": a**2,
        "rpow": 2**a,
        "neg": -a,
        "abs": abs(-a),
        "gt": a > 1,
        "le": a <= b,
        "and": t & tf.ragged.constant([[True, True], [False]]),
        "invert": ~t,
        "or": t | False,
        "inner": c + [10.0, 20.0],
        "inner_scalar": c * 2.0,
    }


def _fed(tf):
    """Unknown static shapes: the inputs are placeholders fed at run time."""
    text = tf.placeholder(tf.string, [None])
    values = tf.placeholder(tf.int32, None)
    splits = tf.placeholder(tf.int64, [None])
    rt = tf.RaggedTensor.from_row_splits(values, splits)
    fetches = {
        "decode": tf.strings.unicode_decode(text, "UTF-8"),
        "split": tf.strings.unicode_split(text, "UTF-8"),
        "bytes": tf.strings.bytes_split(text),
        "words": tf.strings.split(text, result_type="RaggedTensor"),
        "ngrams": tf.strings.ngrams(tf.strings.split(text, result_type="RaggedTensor"), 2),
        "rt": rt,
        "dense": rt.to_tensor(),
        "sparse": rt.to_sparse(),
        "lengths": rt.row_lengths(),
        "rowids": rt.value_rowids(),
        "row": rt[1],
        "tail": rt[1:],
        "from_rowids": tf.RaggedTensor.from_value_rowids(values, tf.cast(values, tf.int64)),
    }
    feed = {text: ["a b\xe9", "", "cd e"], values: [0, 0, 1, 3], splits: [0, 2, 4]}
    return fetches, feed


BAD = {
    "decreasing_splits": lambda tf: _rt(tf, [1, 2, 3], [0, 2, 1, 3]),
    "splits_not_from_zero": lambda tf: _rt(tf, [1, 2, 3], [1, 2, 3]),
    "splits_past_values": lambda tf: _rt(tf, [1, 2, 3], [0, 2, 4]),
    "rowids_unsorted": lambda tf: tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 2, 1]),
    "nrows_too_small": lambda tf: tf.RaggedTensor.from_value_rowids([1, 2], [0, 3], nrows=2),
    "nrows_negative": lambda tf: tf.RaggedTensor.from_value_rowids([1, 2], [0, 0], nrows=-1),
    "lengths_sum": lambda tf: tf.RaggedTensor.from_row_lengths([1, 2, 3], [1, 1]),
    "not_right_ragged": lambda tf: tf.RaggedTensor.from_sparse(
        tf.SparseTensor([[0, 1]], [1], [2, 2])
    ),
    "sparse_rank": lambda tf: tf.RaggedTensor.from_sparse(
        tf.SparseTensor([[0, 1, 0]], [1], [2, 2, 1])
    ),
    "private_init": lambda tf: tf.RaggedTensor(tf.constant([1]), tf.constant([0, 1], tf.int64)),
    "float_splits": lambda tf: _rt(tf, [1, 2], [0.0, 2.0]),
    "to_list": lambda tf: _rt(tf, [1], [0, 1]).to_list(),
    "from_tensor_both": lambda tf: tf.RaggedTensor.from_tensor([[1]], lengths=[1], padding=0),
    "from_tensor_rank0": lambda tf: tf.RaggedTensor.from_tensor([[1]], ragged_rank=0),
    "constant_depth": lambda tf: tf.ragged.constant([[1, [2]]]),
    "range_delta_zero": lambda tf: tf.ragged.range([1], [3], [0]),
    "decode_strict": lambda tf: tf.strings.unicode_decode([b"a\xffb"], "UTF-8", errors="strict"),
    "decode_errors_attr": lambda tf: tf.strings.unicode_decode(["a"], "UTF-8", errors="x"),
    "script_dtype": lambda tf: tf.strings.unicode_script(tf.constant([65], tf.int64)),
    "ngrams_width": lambda tf: tf.strings.ngrams(["a"], 0),
    "ngrams_padding": lambda tf: tf.strings.ngrams(["a"], 2, padding_width=1),
    "ngrams_pad_type": lambda tf: tf.strings.ngrams(["a"], 2, pad_values=3),
    "ngrams_scalar": lambda tf: tf.strings.ngrams("a", 2),
    "split_result_type": lambda tf: tf.strings.split(["a"], result_type="Dense"),
    "string_split_result_type": lambda tf: tf.string_split(["a"], result_type="Dense"),
}


def graph_fetches(tf):
    """Tensors of one graph using every ragged op type, for the GraphDef import check."""
    words = tf.strings.unicode_split_with_offsets(["h\xe9 llo", "ab"], "UTF-8")
    grams = tf.strings.ngrams(words[0], 2, separator="+", pad_values="#")
    sparse = tf.ragged.constant([[[1.0, 2.0]], [[3.0]]]).to_sparse()
    split = tf.strings.split(["a b", "c"], result_type="RaggedTensor")
    rng = tf.ragged.range([3, 1], 4)
    return [
        grams.flat_values,
        grams.row_splits,
        words[1].flat_values,
        sparse.indices,
        sparse.values,
        sparse.dense_shape,
        split.to_tensor("?"),
        rng.flat_values,
        rng.row_splits,
    ]


def describe(x):
    """The static facts of a built fetch: kind, dtype, shape (and ragged rank)."""
    if isinstance(x, (list, tuple)):
        return [describe(v) for v in x]
    kind = type(x).__name__
    facts = {"kind": kind, "dtype": x.dtype.name}
    if kind == "RaggedTensor":
        facts.update(shape=str(x.shape), ragged_rank=x.ragged_rank, splits=x.row_splits.dtype.name)
    elif kind != "SparseTensor":
        facts["shape"] = str(x.shape)
    return facts


def encode(value):
    """A run result (RaggedTensorValue, SparseTensorValue, array, list) as JSON."""
    if isinstance(value, (list, tuple)) and not hasattr(value, "dense_shape"):
        return [encode(v) for v in value]
    if hasattr(value, "row_splits"):
        return {"values": encode(value.values), "row_splits": encode(value.row_splits)}
    if hasattr(value, "dense_shape"):
        return {"sparse": [encode(value.indices), encode(value.values), encode(value.dense_shape)]}
    a = np.asarray(value)
    if a.dtype == object:
        flat = [v.decode("latin-1") for v in a.reshape(-1)]
        return {"dtype": "bytes", "shape": list(a.shape), "value": flat}
    return {"dtype": str(a.dtype), "shape": list(a.shape), "value": a.reshape(-1).tolist()}


def run_case(tf, build):
    """{label: (facts, encoded value)} of one case."""
    with tf.Graph().as_default():
        fetches = build(tf)
        fetches, feed = fetches if isinstance(fetches, tuple) else (fetches, None)
        facts = {k: describe(v) for k, v in fetches.items()}
        with tf.Session() as sess:
            values = sess.run(fetches, feed)
    return {k: [facts[k], encode(values[k])] for k in fetches}


def run_bad(tf, build):
    """[stage, exception class, first line of the message] of a bad case."""
    with tf.Graph().as_default():
        try:
            fetch = build(tf)
        except Exception as e:  # noqa: BLE001 - the class is what is recorded
            return ["build", type(e).__name__, str(e).split("\n")[0]]
        with tf.Session() as sess:
            try:
                sess.run(fetch)
            except Exception as e:  # noqa: BLE001
                return ["run", type(e).__name__, str(e).split("\n")[0]]
    return None
