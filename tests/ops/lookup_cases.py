"""Cases for lookup tables (tf.contrib.lookup, tf.lookup), run the same way under real TF 1.15
(tools/make_lookup_fixtures.py, which writes tests/ops/golden/lookup.json) and under tinytf
(tests/ops/test_lookup.py). A case is `fn(tf) -> fetches`, built in a fresh graph and run in a
fresh Session after tf.tables_initializer() unless the case runs things itself (returns a
callable taking the session). The working directory is tests/ops/golden/lookup_files/, so file
names in messages are the same everywhere. Kept to Python 3.7 (TF 1.15's)."""

import numpy as np

FILES = {  # written by tools/make_lookup_fixtures.py into golden/lookup_files/
    "vocab.txt": b"emerson\nlake\npalmer\n",
    "kv.txt": b"emerson 10\nlake 20\npalmer 30\n",
    "dup.txt": b"a\nb\na\n",
    "dup_same.txt": b"a\t1\nb\t2\na\t1\n",
    "crlf.txt": b"a\r\nb\r\nc",
    "emptyline.txt": b"a\r\nb\r\n\nc\n",
    "empty.txt": b"",
    "ints.txt": b"5\n7\n-3\n",
    "floats.txt": b"a,1.5\nb,2\nc,-0.25e1\n",
    "badfloat.txt": b"a,1.5\nb,x\n",
    "multi.txt": b"w1 \t9\nw2  8\n",
    "big.txt": b"x\t99999999999\n",
}


def _c(tf):
    return tf.contrib.lookup


def nokernel_float_keys(tf):
    init = _c(tf).KeyValueTensorInitializer([1.5], [1], tf.float32, tf.int64)
    return _c(tf).HashTable(init, -1).size()


def nokernel_int8_values(tf):
    init = _c(tf).KeyValueTensorInitializer(["a"], [1], tf.string, tf.int8)
    return _c(tf).HashTable(init, -1).size()


def kv_basic(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)
    return t.lookup(tf.constant(["a", "c", "b"])), t.size()


def kv_uninitialized(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)
    out = t.lookup(tf.constant(["a"]))
    return lambda sess: sess.run(out)


def kv_uninitialized_size(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)
    size = t.size()
    return lambda sess: sess.run(size)


def kv_duplicate_keys(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "a"], [1, 2]), -1)
    return t.size()


def kv_duplicate_same_value(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "a", "b"], [1, 1, 2]), -1)
    return t.lookup(tf.constant(["a", "b"])), t.size()


def kv_length_mismatch(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b", "c"], [1, 2]), -1)
    return t.size()


def kv_reinitialize(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)

    def run(sess):
        sess.run(t.init)
        sess.run(t.init)
        return sess.run(t.size())

    return run


def kv_shared_name_other_data(tf):
    init1 = _c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2])
    t1 = _c(tf).HashTable(init1, -1, shared_name="shared")
    t2 = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["c"], [3]), -1, shared_name="shared")

    def run(sess):
        sess.run(t1.init)
        sess.run(t2.init)

    return run


def kv_shared_name_shares(tf):
    init = _c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2])
    t1 = _c(tf).HashTable(init, -1, shared_name="shared")
    t2 = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["c"], [3]), -1, shared_name="shared")
    out = t2.lookup(tf.constant(["a", "c"]))

    def run(sess):
        sess.run(t1.init)
        return sess.run(out)

    return run


def kv_key_dtype(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)
    return t.lookup(tf.constant([1]))


def kv_default_shape(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2]), [-1, 2])
    return t.size()


def kv_default_dtype(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2]), -1.0)
    return t.size()


def kv_int64_float_2d(tf):
    init = _c(tf).KeyValueTensorInitializer([1, 2], [1.5, 2.5], tf.int64, tf.float32)
    t = _c(tf).HashTable(init, -1.0)
    return t.lookup(tf.constant([[1, 5], [2, 2]], tf.int64))


def kv_int32(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer([1, 2], [1, 2]), -1)
    return t.lookup(tf.constant([1, 5]))


def kv_string_values(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer([3, 4], ["x", "y"], tf.int64), "?")
    return t.lookup(tf.constant([4, 0, 3], tf.int64))


def kv_empty(tf):
    keys = tf.constant([], tf.string)
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(keys, tf.constant([], tf.int64)), -7)
    return t.lookup(tf.constant(["a"])), t.size()


def kv_export(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b", "c"], [1, 2, 3]), -1)
    keys, values = t.export()
    return tf.size(keys), tf.reduce_sum(values)  # export's order is the hash map's


def kv_sparse(tf):
    t = _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a", "b"], [1, 2]), 0)
    sp = tf.SparseTensor([[0, 0], [1, 2]], ["b", "z"], [2, 3])
    out = t.lookup(sp)
    return out.indices, out.values, out.dense_shape


def kv_placeholder_fed(tf):
    keys = tf.placeholder(tf.string, [None])
    t = _c(tf).index_table_from_tensor(keys)
    out = t.lookup(tf.constant(["y", "x", "q"]))

    def run(sess):
        sess.run(t.initializer, {keys: ["x", "y"]})
        return sess.run(out)

    return run


def text_key_value_columns(tf):
    init = _c(tf).TextFileInitializer("kv.txt", tf.string, 0, tf.int64, 1, delimiter=" ")
    t = _c(tf).HashTable(init, -1)
    return t.lookup(tf.constant(["lake", "x", "palmer"])), t.size()


def text_whole_line_line_number(tf):
    index = tf.lookup.TextFileIndex
    init = _c(tf).TextFileInitializer(
        "kv.txt", tf.string, index.WHOLE_LINE, tf.int64, index.LINE_NUMBER, delimiter=" "
    )
    t = _c(tf).HashTable(init, -1)
    return t.lookup(tf.constant(["lake 20", "lake"]))


def text_string_values(tf):
    init = _c(tf).TextFileInitializer("kv.txt", tf.string, 0, tf.string, 1, delimiter=" ")
    return _c(tf).HashTable(init, "?").lookup(tf.constant(["lake", "q"]))


def text_int32_values(tf):
    init = _c(tf).TextFileInitializer("kv.txt", tf.string, 0, tf.int32, 1, delimiter=" ")
    return _c(tf).HashTable(init, -1).lookup(tf.constant(["palmer"]))


def text_float_values(tf):
    init = _c(tf).TextFileInitializer("floats.txt", tf.string, 0, tf.float32, 1, delimiter=",")
    return _c(tf).HashTable(init, -1.0).lookup(tf.constant(["b", "a", "c", "q"]))


def text_double_values(tf):
    init = _c(tf).TextFileInitializer("floats.txt", tf.string, 0, tf.float64, 1, delimiter=",")
    return _c(tf).HashTable(init, -1.0).lookup(tf.constant(["c"]))


def text_bad_float(tf):
    init = _c(tf).TextFileInitializer("badfloat.txt", tf.string, 0, tf.float32, 1, delimiter=",")
    return _c(tf).HashTable(init, -1.0).size()


def text_int_whole_line_keys(tf):
    init = _c(tf).TextFileInitializer("ints.txt", tf.int64, -2, tf.int64, -1)
    return _c(tf).HashTable(init, -1).lookup(tf.constant([7, 5, -3, 1], tf.int64))


def text_multi_char_delimiter(tf):
    init = _c(tf).TextFileInitializer("multi.txt", tf.string, 0, tf.string, 2, delimiter=" \t")
    return _c(tf).HashTable(init, "?").lookup(tf.constant(["w1", "w2"]))


def text_int32_overflow(tf):
    init = _c(tf).TextFileInitializer("big.txt", tf.string, 0, tf.int32, 1)
    return _c(tf).HashTable(init, -1).size()


def text_too_few_columns(tf):
    init = _c(tf).TextFileInitializer("kv.txt", tf.string, 0, tf.int64, 2, delimiter=" ")
    return _c(tf).HashTable(init, -1).size()


def text_not_a_number(tf):
    init = _c(tf).TextFileInitializer("kv.txt", tf.string, 1, tf.int64, 0, delimiter=" ")
    return _c(tf).HashTable(init, -1).size()


def text_missing_file(tf):
    init = _c(tf).TextFileInitializer("nope.txt", tf.string, -2, tf.int64, -1)
    return _c(tf).HashTable(init, -1).size()


def text_crlf(tf):
    t = _c(tf).index_table_from_file("crlf.txt")
    return t.lookup(tf.constant(["a", "b", "c", "a\r"])), t.size()


def text_empty_line(tf):
    return _c(tf).index_table_from_file("emptyline.txt").size()


def text_empty_file(tf):
    return _c(tf).index_table_from_file("empty.txt").size()


def text_duplicate_lines(tf):
    return _c(tf).index_table_from_file("dup.txt").size()


def text_duplicate_same_value(tf):
    init = _c(tf).TextFileInitializer("dup_same.txt", tf.string, 0, tf.int64, 1)
    return _c(tf).HashTable(init, -1).size()


def text_vocab_size_smaller(tf):
    t = _c(tf).index_table_from_file("vocab.txt", vocab_size=2)
    return t.lookup(tf.constant(["emerson", "palmer"])), t.size()


def text_vocab_size_larger(tf):
    return _c(tf).index_table_from_file("vocab.txt", vocab_size=5).size()


def text_filename_tensor(tf):
    name = tf.placeholder(tf.string, [])
    t = _c(tf).index_table_from_file(name)
    out = t.lookup(tf.constant(["lake"]))

    def run(sess):
        sess.run(t.initializer, {name: "vocab.txt"})
        return sess.run(out)

    return run


def index_from_file_oov(tf):
    t = _c(tf).index_table_from_file("vocab.txt", num_oov_buckets=3)
    return t.lookup(tf.constant(["emerson", "king", "crimson", "and", "palmer"])), t.size()


def index_from_file_default(tf):
    t = _c(tf).index_table_from_file("vocab.txt", default_value=-5)
    return t.lookup(tf.constant([["lake", "x"], ["emerson", "y"]]))


def index_from_file_int_keys(tf):
    t = _c(tf).index_table_from_file("ints.txt", key_dtype=tf.int32, num_oov_buckets=2)
    return t.lookup(tf.constant([7, 5, 8, 100]))


def index_from_tensor_oov(tf):
    t = _c(tf).index_table_from_tensor(
        tf.constant(["emerson", "lake", "palmer"]), num_oov_buckets=1
    )
    return t.lookup(tf.constant(["emerson", "lake", "and", "palmer"])), t.size()


def index_from_tensor_int_oov(tf):
    t = _c(tf).index_table_from_tensor([10, 20], num_oov_buckets=4, dtype=tf.int32)
    return t.lookup(tf.constant([20, 7, 99]))


def index_from_tensor_int64(tf):
    t = _c(tf).index_table_from_tensor(tf.constant([10, 20], tf.int64), dtype=tf.int64)
    return t.lookup(tf.constant([20, 7], tf.int64))


def index_from_tensor_sparse(tf):
    t = _c(tf).index_table_from_tensor(["a", "b"], num_oov_buckets=1)
    out = t.lookup(tf.SparseTensor([[0, 0], [1, 2]], ["b", "z"], [2, 3]))
    return out.indices, out.values, out.dense_shape


def index_strong_hash(tf):
    spec = _c(tf).StrongHashSpec((1, 2))
    t = _c(tf).index_table_from_tensor(["a"], num_oov_buckets=10, hasher_spec=spec)
    return t.lookup(tf.constant(["a", "b", "emerson"]))


def index_legacy_hash(tf):
    spec = _c(tf).HasherSpec("legacy", None)
    t = _c(tf).index_table_from_tensor(["a"], num_oov_buckets=10, hasher_spec=spec)
    return t.lookup(tf.constant(["a", "b", "emerson"]))


def buckets_only(tf):
    t = _c(tf).IdTableWithHashBuckets(None, 5)
    return t.lookup(tf.constant(["a", "b", "emerson"])), t.size()


def index_to_string_file(tf):
    t = _c(tf).index_to_string_table_from_file("vocab.txt", default_value="UNKNOWN")
    return t.lookup(tf.constant([1, 5, 0, -1], tf.int64))


def index_to_string_tensor(tf):
    t = _c(tf).index_to_string_table_from_tensor(["a", "b", "c"])
    return t.lookup(tf.constant([[2, 0], [7, 1]], tf.int64)), t.size()


def contrib_string_to_index(tf):
    return _c(tf).string_to_index(tf.constant(["b", "q", "a"]), ["a", "b"])


def contrib_index_to_string(tf):
    return _c(tf).index_to_string(tf.constant([1, 3], tf.int64), ["a", "b"])


def lookup_static_hash_table(tf):
    init = tf.lookup.KeyValueTensorInitializer([1, 2], [3, 4], tf.int64, tf.int64)
    t = tf.lookup.StaticHashTable(init, 0)
    return t.lookup(tf.constant([2, 9], tf.int64)), t.size()


def lookup_static_vocabulary_table(tf):
    init = tf.lookup.TextFileInitializer(
        "vocab.txt",
        tf.string,
        tf.lookup.TextFileIndex.WHOLE_LINE,
        tf.int64,
        tf.lookup.TextFileIndex.LINE_NUMBER,
    )
    t = tf.lookup.StaticVocabularyTable(init, num_oov_buckets=4)
    return t.lookup(tf.constant(["lake", "king", "crimson"])), t.size()


def initialize_all_tables(tf):
    t = _c(tf).index_to_string_table_from_tensor(["a", "b"])
    out = t.lookup(tf.constant([1], tf.int64))
    init = tf.initialize_all_tables()

    def run(sess):
        sess.run(init)
        return sess.run(out)

    return run


BUILD_ERRORS = {  # (lambda tf, C: ...) raising at graph build
    "err_text_key_index": lambda tf, C: C.TextFileInitializer("kv.txt", tf.string, -3, tf.int64, 1),
    "err_text_line_number_key": lambda tf, C: C.TextFileInitializer(
        "kv.txt", tf.string, -1, tf.int64, 1
    ),
    "err_text_whole_line_float_key": lambda tf, C: C.TextFileInitializer(
        "kv.txt", tf.float32, -2, tf.int64, 1
    ),
    "err_text_line_number_value": lambda tf, C: C.TextFileInitializer(
        "kv.txt", tf.string, 0, tf.int32, -1
    ),
    "err_text_whole_line_value": lambda tf, C: C.TextFileInitializer(
        "kv.txt", tf.string, 0, tf.int64, -2
    ),
    "err_text_vocab_size": lambda tf, C: C.TextFileInitializer(
        "kv.txt", tf.string, 0, tf.int64, 1, vocab_size=0
    ),
    "err_text_no_filename": lambda tf, C: C.TextFileInitializer("", tf.string, 0, tf.int64, 1),
    "err_oov_negative": lambda tf, C: C.index_table_from_file("vocab.txt", num_oov_buckets=-1),
    "err_vocabulary_file_none": lambda tf, C: C.index_table_from_file(None),
    "err_vocab_size_zero": lambda tf, C: C.index_table_from_file("vocab.txt", vocab_size=0),
    "err_i2s_vocab_size_zero": lambda tf, C: C.index_to_string_table_from_file(
        "vocab.txt", vocab_size=0
    ),
    "err_float_keys": lambda tf, C: C.index_table_from_tensor([1.0], dtype=tf.float32),
    "err_int_vocabulary_for_strings": lambda tf, C: C.index_table_from_tensor([1, 2]),
    "err_mapping_none": lambda tf, C: C.index_table_from_tensor(None),
    "err_i2s_mapping_none": lambda tf, C: C.index_to_string_table_from_tensor(None),
    "err_lookup_vocabulary_none": lambda tf, C: tf.lookup.StaticVocabularyTable(None, 0),
    "err_no_table_no_buckets": lambda tf, C: C.IdTableWithHashBuckets(None, 0),
    "err_hasher_spec": lambda tf, C: C.IdTableWithHashBuckets(None, 2, hasher_spec="x"),
    "err_strong_key_size": lambda tf, C: C.StrongHashSpec([1]),
    "err_strong_key_type": lambda tf, C: C.StrongHashSpec([1, "a"]),
    "err_id_table_values": lambda tf, C: C.IdTableWithHashBuckets(
        C.index_to_string_table_from_tensor(["a"]), 1
    ),
    "err_init_dtypes": lambda tf, C: C.KeyValueTensorInitializer(["a"], [1.0]).initialize(
        C.HashTable(C.KeyValueTensorInitializer(["a"], [1]), -1)
    ),
    "err_s2i_tensor_not_string": lambda tf, C: C.string_to_index_table_from_tensor([1, 2]),
}


_PREFIXES = ("kv", "text", "index", "buckets", "contrib", "lookup", "initialize", "nokernel")


def all_cases():
    """{name: fn(tf)} of every case."""
    cases = {k: v for k, v in globals().items() if callable(v) and k.split("_")[0] in _PREFIXES}
    for name, fn in BUILD_ERRORS.items():
        cases[name] = (lambda f: lambda tf: f(tf, _c(tf)))(fn)
    return cases


def _encode(value):
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if value is None:
        return None
    array = np.asarray(value)
    if array.dtype == object:
        text = [b.decode("latin-1") for b in array.ravel().tolist()]
        return {"dtype": "string", "value": text, "shape": list(array.shape)}
    return {"dtype": array.dtype.name, "value": array.tolist(), "shape": list(array.shape)}


def outcome(tf, fn):
    """What fn does in a fresh graph and Session: its fetched values or its error."""
    graph = tf.Graph()
    try:
        with graph.as_default():
            fetches = fn(tf)
            with tf.Session() as sess:
                if callable(fetches):
                    return {"value": _encode(fetches(sess))}
                sess.run(tf.tables_initializer())
                return {"value": _encode(sess.run(fetches))}
    except Exception as e:  # noqa: BLE001 - the outcome is the error
        return {"error": type(e).__name__, "message": str(e).split("\n")[0]}


def graph_ops(tf):
    """The (name, type) of every op of a few tables' graphs, in creation order."""
    graphs = {}
    builds = {
        "index_table_from_file_oov": lambda: _looked_up(
            tf, _c(tf).index_table_from_file("vocab.txt", num_oov_buckets=2), ["a"]
        ),
        "index_to_string_table_from_tensor": lambda: _looked_up(
            tf, _c(tf).index_to_string_table_from_tensor(["a", "b"]), [1]
        ),
        "hash_table": lambda: _looked_up(
            tf, _c(tf).HashTable(_c(tf).KeyValueTensorInitializer(["a"], [1]), -1), ["a"]
        ),
    }
    for name, build in builds.items():
        with tf.Graph().as_default() as graph:
            build()
            tf.tables_initializer()
            graphs[name] = [[op.name, op.type] for op in graph.get_operations()]
    return graphs


def _looked_up(tf, table, keys):
    dtype = tf.int64 if isinstance(keys[0], int) else tf.string
    return table.lookup(tf.constant(keys, dtype)), table.size()
