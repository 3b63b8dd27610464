"""tf.feature_column cases, built the same way under real TF 1.15
(tools/make_feature_column_fixtures.py) and under tinytf (test_feature_column.py); the form of a
case is tests/fixture_runner.py's. Fixed weights come from initializers or assigns, so the
values are TF's exactly. Kept to Python 3.7 (TF 1.15's)."""

import os
import tempfile

import numpy as np

from tests.fixture_runner import describe, error_of


def _features(tf):
    """A batch of 3 examples in the forms the columns read: dense, 1-D, sparse."""
    return {
        "price": tf.constant([[1.0, 10.0], [5.0, 0.5], [3.0, 2.0]]),
        "age": tf.constant([18.0, 40.0, 65.0]),
        "city": tf.constant([["paris", "rome"], ["oslo", ""], ["x", "paris"]]),
        "tags": tf.SparseTensor(
            [[0, 0], [0, 1], [2, 0]], tf.constant(["b", "a", "zz"]), [3, 2]
        ),
        "ids": tf.SparseTensor(
            [[0, 0], [1, 0], [1, 1], [1, 2]], tf.constant([1, 2, 0, 2], tf.int64), [3, 3]
        ),
        "code": tf.constant([[4, -1], [0, 9], [7, 7]], tf.int64),
        "num": tf.constant([[3, 1], [2, 2], [-1, 4]], tf.int64),
        "wts": tf.SparseTensor(
            [[0, 0], [1, 0], [1, 1], [1, 2]], tf.constant([0.5, 2.0, 1.0, 3.0]), [3, 3]
        ),
    }


def _init(tf):
    return {"tables": tf.tables_initializer()}


def _fixed(tf, variables):
    """Assign ops giving each variable the values 0.1 * (1, 2, 3, ...) - 0.3 of its shape."""
    ops = []
    for v in variables:
        shape = v.shape.as_list()
        value = (np.arange(1, int(np.prod(shape)) + 1, dtype=np.float32) * 0.1 - 0.3)
        ops.append(tf.assign(v, value.reshape(shape)))
    return tf.group(*ops)


def _variables(tf):
    return [describe(v) for v in tf.global_variables()]


def _input_layer_case(make_columns):
    def build(tf):
        fc = tf.feature_column
        columns = make_columns(fc, tf)
        cols_to_vars, cols_to_out = {}, {}
        out = fc.input_layer(
            _features(tf), columns, cols_to_vars=cols_to_vars,
            cols_to_output_tensors=cols_to_out)
        facts = {
            "out": describe(out),
            "variables": _variables(tf),
            "trainable": [v.name for v in tf.trainable_variables()],
            "model_variables": [v.name for v in tf.model_variables()],
            "cols_to_vars": sorted(
                [c.name, [v.name for v in vs]] for c, vs in cols_to_vars.items()),
            "cols_to_output": sorted(
                [c.name, t.shape.as_list()] for c, t in cols_to_out.items()),
        }
        return {"facts": facts, "runs": [(_init(tf), None), ({"out": out}, None)]}
    return build


def _linear_case(make_columns, units=1, sparse_combiner="sum"):
    def build(tf):
        fc = tf.feature_column
        cols_to_vars = {}
        out = fc.linear_model(
            _features(tf), make_columns(fc, tf), units=units,
            sparse_combiner=sparse_combiner, cols_to_vars=cols_to_vars)
        names = sorted(
            [c if isinstance(c, str) else c.name, [v.name for v in vs]]
            for c, vs in cols_to_vars.items())
        facts = {
            "out": describe(out),
            "variables": _variables(tf),
            "model_variables": [v.name for v in tf.model_variables()],
            "cols_to_vars": names,
        }
        assign = _fixed(tf, tf.global_variables())
        runs = [(dict(_init(tf), assign=assign), None), ({"out": out}, None)]
        return {"facts": facts, "runs": runs}
    return build


def _vocab_file(lines):
    fd, path = tempfile.mkstemp(suffix=".txt")
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def _arange_init(tf, rows, dim):
    return tf.constant_initializer(
        (np.arange(rows * dim, dtype=np.float32).reshape(rows, dim) - 2.0) * 0.25)


# -- the columns of each case ----------------------------------------------------------------
def _numeric(fc, tf):
    return [
        fc.numeric_column("price", shape=[2]),
        fc.numeric_column("age", normalizer_fn=lambda x: (x - 40.0) / 10.0),
        fc.numeric_column("code", shape=2, dtype=tf.int64),
    ]


def _bucketized(fc, tf):
    return [
        fc.bucketized_column(fc.numeric_column("age"), [20.0, 40.0, 60.0]),
        fc.bucketized_column(fc.numeric_column("price", shape=[2]), [1.0, 3.0]),
    ]


def _city(fc, **kwargs):
    return fc.categorical_column_with_vocabulary_list("city", ["rome", "paris", "oslo"], **kwargs)


def _indicators(fc, tf):
    return [
        fc.indicator_column(_city(fc, num_oov_buckets=2)),
        fc.indicator_column(fc.categorical_column_with_identity("ids", 3)),
        fc.indicator_column(fc.categorical_column_with_identity("code", 10, default_value=3)),
        fc.indicator_column(fc.categorical_column_with_hash_bucket("tags", 7)),
        fc.indicator_column(fc.categorical_column_with_hash_bucket("num", 5, dtype=tf.int64)),
        fc.indicator_column(
            fc.weighted_categorical_column(fc.categorical_column_with_identity("ids", 3), "wts")),
    ]


def _vocab_file_columns(fc, tf):
    path = _vocab_file(["paris", "oslo", "rome", "x"])
    ints = _vocab_file(["7", "4", "0"])
    return [
        fc.indicator_column(fc.categorical_column_with_vocabulary_file("city", path)),
        fc.indicator_column(fc.categorical_column_with_vocabulary_file(
            "tags", path, vocabulary_size=2, num_oov_buckets=3)),
        fc.indicator_column(fc.categorical_column_with_vocabulary_file(
            "code", ints, dtype=tf.int64, default_value=2)),
    ]


def _vocab_list_variants(fc, tf):
    return [
        fc.indicator_column(_city(fc, default_value=1)),
        fc.indicator_column(fc.categorical_column_with_vocabulary_list(
            "code", [9, 7, 4], dtype=tf.int64, num_oov_buckets=1)),
        fc.indicator_column(fc.categorical_column_with_vocabulary_list("tags", ["a", "zz"])),
    ]


def _crosses(fc, tf):
    age = fc.bucketized_column(fc.numeric_column("age"), [30.0, 50.0])
    ids = fc.categorical_column_with_identity("ids", 3)
    return [
        fc.indicator_column(fc.crossed_column(["city", age], 20)),
        fc.indicator_column(fc.crossed_column(["tags", "city"], 15, hash_key=12345)),
        fc.indicator_column(fc.crossed_column([fc.crossed_column(["city", ids], 1000), age], 9)),
        fc.indicator_column(fc.crossed_column([_city(fc), "num"], 11)),
    ]


def _embeddings(fc, tf):
    ids = fc.categorical_column_with_identity("ids", 3)
    city = _city(fc, num_oov_buckets=1)
    return [
        fc.embedding_column(city, 2, initializer=_arange_init(tf, 4, 2)),
        fc.embedding_column(ids, 3, combiner="sum", initializer=_arange_init(tf, 3, 3)),
        fc.embedding_column(
            fc.categorical_column_with_hash_bucket("tags", 4), 2, combiner="sqrtn",
            initializer=_arange_init(tf, 4, 2), trainable=False),
        fc.embedding_column(
            fc.weighted_categorical_column(fc.categorical_column_with_identity("ids", 3), "wts"),
            2, combiner="mean", initializer=_arange_init(tf, 3, 2), max_norm=0.4),
    ]


def _shared(fc, tf):
    a = fc.categorical_column_with_identity("ids", 10)
    b = fc.categorical_column_with_identity("code", 10)
    shared = fc.shared_embedding_columns([b, a], 2, initializer=_arange_init(tf, 10, 2))
    named = fc.shared_embedding_columns(
        [fc.categorical_column_with_hash_bucket("city", 5),
         fc.categorical_column_with_hash_bucket("tags", 5)],
        3, combiner="sum", initializer=_arange_init(tf, 5, 3),
        shared_embedding_collection_name="words")
    return shared + named


def _linear_all(fc, tf):
    ids = fc.categorical_column_with_identity("ids", 3)
    return [
        fc.numeric_column("price", shape=[2]),
        fc.bucketized_column(fc.numeric_column("age"), [20.0, 40.0, 60.0]),
        _city(fc, num_oov_buckets=1),
        fc.categorical_column_with_hash_bucket("tags", 6),
        fc.crossed_column(["city", "tags"], 8),
        fc.weighted_categorical_column(ids, "wts"),
        fc.embedding_column(
            fc.categorical_column_with_identity("code", 10, default_value=0), 2,
            initializer=_arange_init(tf, 10, 2)),
    ]


def _trainable_false(tf):
    fc = tf.feature_column
    columns = [fc.numeric_column("price", shape=[2]), fc.embedding_column(
        fc.categorical_column_with_identity("ids", 3), 2)]
    fc.input_layer(_features(tf), columns, trainable=False, weight_collections=["mine"])
    fc.linear_model(_features(tf), columns[:1], trainable=False)
    return {"facts": {
        "variables": _variables(tf),
        "trainable": [v.name for v in tf.trainable_variables()],
        "mine": [v.name for v in tf.get_collection("mine")],
    }}


def _twice(tf):
    """Two input_layers and linear_models in one graph: fresh scopes (input_layer_1/...)."""
    fc = tf.feature_column
    col = [fc.embedding_column(fc.categorical_column_with_identity("ids", 3), 2)]
    fc.input_layer(_features(tf), col)
    fc.input_layer(_features(tf), col)
    fc.linear_model(_features(tf), [fc.numeric_column("age")])
    with tf.variable_scope("outer"):
        fc.linear_model(_features(tf), [fc.numeric_column("age")])
    return {"facts": {"variables": _variables(tf)}}


def _parse_specs(tf):
    fc = tf.feature_column
    ids = fc.categorical_column_with_identity("ids", 3)
    columns = [
        fc.numeric_column("price", shape=[2], default_value=[1.0, 2.0]),
        fc.numeric_column("n", shape=[2, 2], default_value=3, dtype=tf.int64),
        fc.bucketized_column(fc.numeric_column("age"), [1.0]),
        fc.crossed_column(["city", ids], 5),
        fc.embedding_column(_city(fc), 2),
        fc.indicator_column(fc.categorical_column_with_hash_bucket("h", 3, dtype=tf.int32)),
        fc.weighted_categorical_column(ids, "wts", dtype=tf.int32),
    ] + fc.shared_embedding_columns([ids, fc.categorical_column_with_identity("j", 3)], 2)
    spec = fc.make_parse_example_spec(columns)
    facts = {"spec": sorted([k, repr(v)] for k, v in spec.items())}
    facts["conflict"] = error_of(lambda: fc.make_parse_example_spec(
        [fc.numeric_column("age"), fc.categorical_column_with_identity("age", 3)]))
    facts["not_a_column"] = error_of(lambda: fc.make_parse_example_spec(["age"]))
    return {"facts": facts}


def _names(tf):
    fc = tf.feature_column
    ids = fc.categorical_column_with_identity("ids", 3)
    columns = [
        fc.bucketized_column(fc.numeric_column("age"), [1.0]),
        fc.crossed_column(["zeta", ids, fc.crossed_column(["alpha", "beta"], 4)], 5),
        fc.embedding_column(_city(fc), 2),
        fc.indicator_column(ids),
        fc.weighted_categorical_column(ids, "wts"),
    ] + fc.shared_embedding_columns([ids, fc.categorical_column_with_identity("j", 3)], 2)
    return {"facts": {"names": [c.name for c in columns], "reprs": [
        repr(c) for c in columns[:2] + [columns[3], columns[4]]]}}


def _runtime_errors(tf):
    """Ids out of range: on constants the asserts fail while the graph is built, on fed
    values when it runs (the class only: the messages print the data)."""
    fc = tf.feature_column
    feats = _features(tf)
    fed = dict(feats, ids=tf.SparseTensor(
        feats["ids"].indices, tf.placeholder_with_default(feats["ids"].values, [None]),
        feats["ids"].dense_shape), code=tf.placeholder_with_default(feats["code"], [None, 2]))
    checks = {
        "id_too_big": [fc.indicator_column(fc.categorical_column_with_identity("ids", 2))],
        "id_negative": [fc.indicator_column(fc.categorical_column_with_identity("code", 10))],
    }

    def run(features, columns):
        out = fc.input_layer(features, columns)
        with tf.Session() as sess:
            sess.run(out)

    facts = {}
    for name, columns in sorted(checks.items()):
        for kind, features in (("const", feats), ("fed", fed)):
            err = error_of(lambda: run(features, columns))
            facts[name + "_" + kind] = err[0] if err else None
    return {"facts": facts}


def _build_errors(tf):
    fc = tf.feature_column
    feats = _features(tf)
    city = _city(fc)
    age = fc.numeric_column("age")
    calls = {
        "numeric_shape_zero": lambda: fc.numeric_column("a", shape=[0]),
        "numeric_shape_float": lambda: fc.numeric_column("a", shape=[1.5]),
        "numeric_dtype": lambda: fc.numeric_column("a", dtype=tf.string),
        "numeric_default_shape": lambda: fc.numeric_column("a", shape=[2], default_value=[1.0]),
        "numeric_default_type": lambda: fc.numeric_column(
            "a", dtype=tf.int32, default_value=1.5),
        "numeric_key": lambda: fc.numeric_column(3),
        "numeric_normalizer": lambda: fc.numeric_column("a", normalizer_fn=3),
        "bucketized_source": lambda: fc.bucketized_column(city, [1.0]),
        "bucketized_2d": lambda: fc.bucketized_column(fc.numeric_column("a", [2, 2]), [1.0]),
        "bucketized_empty": lambda: fc.bucketized_column(age, []),
        "bucketized_unsorted": lambda: fc.bucketized_column(age, [2.0, 1.0]),
        "bucketized_not_list": lambda: fc.bucketized_column(age, np.array([1.0, 2.0])),
        "identity_buckets": lambda: fc.categorical_column_with_identity("a", 0),
        "identity_default": lambda: fc.categorical_column_with_identity("a", 3, 3),
        "hash_size_none": lambda: fc.categorical_column_with_hash_bucket("a", None),
        "hash_size_zero": lambda: fc.categorical_column_with_hash_bucket("a", 0),
        "hash_dtype": lambda: fc.categorical_column_with_hash_bucket("a", 3, dtype=tf.float32),
        "vocab_empty": lambda: fc.categorical_column_with_vocabulary_list("a", []),
        "vocab_dupes": lambda: fc.categorical_column_with_vocabulary_list("a", ["x", "x"]),
        "vocab_oov_and_default": lambda: fc.categorical_column_with_vocabulary_list(
            "a", ["x"], default_value=0, num_oov_buckets=1),
        "vocab_oov_negative": lambda: fc.categorical_column_with_vocabulary_list(
            "a", ["x"], num_oov_buckets=-1),
        "vocab_dtype": lambda: fc.categorical_column_with_vocabulary_list(
            "a", ["x"], dtype=tf.int64),
        "vocab_float": lambda: fc.categorical_column_with_vocabulary_list("a", [1.5]),
        "vocab_file_missing": lambda: fc.categorical_column_with_vocabulary_file("a", None),
        "vocab_file_absent": lambda: fc.categorical_column_with_vocabulary_file(
            "a", "/nonexistent/vocab.txt"),
        "vocab_file_size": lambda: fc.categorical_column_with_vocabulary_file(
            "a", "v.txt", vocabulary_size=0),
        "vocab_file_oov_and_default": lambda: fc.categorical_column_with_vocabulary_file(
            "a", "v.txt", 3, num_oov_buckets=1, default_value=0),
        "weighted_dtype": lambda: fc.weighted_categorical_column(city, "w", dtype=tf.string),
        "crossed_size": lambda: fc.crossed_column(["a", "b"], 0),
        "crossed_one_key": lambda: fc.crossed_column(["a"], 5),
        "crossed_hashed": lambda: fc.crossed_column(
            ["a", fc.categorical_column_with_hash_bucket("b", 3)], 5),
        "crossed_numeric": lambda: fc.crossed_column(["a", age], 5),
        "embedding_dimension": lambda: fc.embedding_column(city, 0),
        "embedding_ckpt": lambda: fc.embedding_column(city, 2, ckpt_to_load_from="x"),
        "embedding_initializer": lambda: fc.embedding_column(city, 2, initializer=3),
        "shared_types": lambda: fc.shared_embedding_columns(
            [city, fc.categorical_column_with_identity("b", 3)], 2),
        "shared_buckets": lambda: fc.shared_embedding_columns(
            [fc.categorical_column_with_identity("a", 3),
             fc.categorical_column_with_identity("b", 4)], 2),
        "input_layer_categorical": lambda: fc.input_layer(feats, [city]),
        "input_layer_empty": lambda: fc.input_layer(feats, []),
        "input_layer_dict": lambda: fc.input_layer(feats, {"a": age}),
        "input_layer_not_column": lambda: fc.input_layer(feats, ["age"]),
        "input_layer_duplicate": lambda: fc.input_layer(feats, [age, fc.numeric_column("age")]),
        "input_layer_missing": lambda: fc.input_layer(feats, [fc.numeric_column("nope")]),
        "input_layer_sparse_numeric": lambda: fc.input_layer(feats, [fc.numeric_column("ids")]),
        "input_layer_rank0": lambda: fc.input_layer(
            {"s": tf.constant(1.0)}, [fc.numeric_column("s")]),
        "hash_dense_dtype": lambda: fc.input_layer(feats, [fc.indicator_column(
            fc.categorical_column_with_hash_bucket("code", 3))]),
        "identity_strings": lambda: fc.input_layer(feats, [fc.indicator_column(
            fc.categorical_column_with_identity("city", 3))]),
        "weighted_bad_dtype": lambda: fc.linear_model(feats, [fc.weighted_categorical_column(
            fc.categorical_column_with_identity("ids", 3), "code")]),
        "crossed_weighted": lambda: fc.linear_model(feats, [fc.crossed_column(
            ["city", fc.weighted_categorical_column(
                fc.categorical_column_with_identity("ids", 3), "wts")], 5)]),
        "batch_mismatch": lambda: fc.input_layer(
            {"a": tf.zeros([2, 1]), "b": tf.zeros([3, 1])},
            [fc.numeric_column("a"), fc.numeric_column("b")]),
    }
    return {"facts": {name: error_of(call) for name, call in sorted(calls.items())}}


def _ckpt(tf):
    """embedding_column(ckpt_to_load_from=...): the embedding starts from a checkpoint's tensor."""
    folder = tempfile.mkdtemp()
    with tf.Graph().as_default():
        tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2) * 0.5, name="emb/table")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, os.path.join(folder, "model"))
    fc = tf.feature_column
    column = fc.embedding_column(
        fc.categorical_column_with_identity("ids", 3), 2, combiner="sum",
        ckpt_to_load_from=path, tensor_name_in_ckpt="emb/table")
    out = fc.input_layer(_features(tf), [column])
    return {"runs": [(_init(tf), None), ({"out": out}, None)]}


CASES = {
    "numeric": _input_layer_case(_numeric),
    "bucketized": _input_layer_case(_bucketized),
    "indicators": _input_layer_case(_indicators),
    "vocab_files": _input_layer_case(_vocab_file_columns),
    "vocab_list_variants": _input_layer_case(_vocab_list_variants),
    "crosses": _input_layer_case(_crosses),
    "embeddings": _input_layer_case(_embeddings),
    "shared_embeddings": _input_layer_case(_shared),
    "linear_numeric": _linear_case(_numeric),
    "linear_bucketized": _linear_case(_bucketized, units=2),
    "linear_all": _linear_case(_linear_all, units=3),
    "linear_mean": _linear_case(_indicators, sparse_combiner="mean"),
    "linear_sqrtn": _linear_case(
        lambda fc, tf: [fc.categorical_column_with_identity("ids", 3), _city(fc)],
        sparse_combiner="sqrtn"),
    "trainable_false": _trainable_false,
    "twice": _twice,
    "parse_specs": _parse_specs,
    "names": _names,
    "runtime_errors": _runtime_errors,
    "build_errors": _build_errors,
    "ckpt_to_load_from": _ckpt,
}


# -- sequence columns --------------------------------------------------------------------
_SEQ_INDICES = [[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2]]


def _sequence_features(tf):
    return {
        "sids": tf.SparseTensor(
            _SEQ_INDICES, tf.constant([1, 2, 0, 2, 2, 1], tf.int64), [3, 4]),
        "swords": tf.SparseTensor(_SEQ_INDICES, ["x", "y", "q", "x", "y", "x"], [3, 4]),
        "ids": tf.SparseTensor([[0, 0], [2, 1]], tf.constant([1, 2], tf.int64), [3, 4]),
    }


def _sequence_input_layer(tf):
    try:
        return tf.contrib.feature_column.sequence_input_layer
    except (AttributeError, ImportError):
        from tinytf.feature_column.sequence import sequence_input_layer
        return sequence_input_layer


def _sequence(tf):
    fc = tf.feature_column
    path = _vocab_file(["y", "x"])
    columns = [
        fc.embedding_column(
            fc.sequence_categorical_column_with_identity("sids", 3), 2, combiner="sum",
            initializer=_arange_init(tf, 3, 2)),
        fc.indicator_column(fc.sequence_categorical_column_with_vocabulary_list(
            "swords", ["x", "y"], num_oov_buckets=1)),
    ]
    out, length = _sequence_input_layer(tf)(_sequence_features(tf), columns)
    more = [
        fc.indicator_column(fc.sequence_categorical_column_with_hash_bucket("swords", 5)),
        fc.embedding_column(
            fc.sequence_categorical_column_with_vocabulary_file("swords", path, 2),
            3, initializer=_arange_init(tf, 2, 3)),
    ]
    out2, length2 = _sequence_input_layer(tf)(_sequence_features(tf), more)
    lm = fc.linear_model(_sequence_features(tf), [
        fc.sequence_categorical_column_with_identity("sids", 3)])
    facts = {"out": describe(out), "length": describe(length), "out2": describe(out2),
             "variables": _variables(tf)}
    assign = _fixed(tf, [v for v in tf.global_variables() if "linear_model" in v.name])
    runs = [(dict(_init(tf), assign=assign), None), (
        {"out": out, "length": length, "out2": out2, "length2": length2, "lm": lm}, None)]
    return {"facts": facts, "runs": runs}


def _sequence_mismatch(tf):
    fc = tf.feature_column
    features = _sequence_features(tf)
    columns = [fc.indicator_column(fc.sequence_categorical_column_with_identity(k, 3))
               for k in ("sids", "ids")]
    out, length = _sequence_input_layer(tf)(features, columns)

    def run():
        with tf.Session() as sess:
            sess.run([out, length])

    err = error_of(run)
    return {"facts": {"error": err[0] if err else None}}


def _sequence_errors(tf):
    fc = tf.feature_column
    feats = _sequence_features(tf)
    seq = fc.sequence_categorical_column_with_identity("sids", 3)
    num = fc.sequence_numeric_column("n", shape=[2], default_value=1.0)
    layer = _sequence_input_layer(tf)
    calls = {
        "input_layer_embedding": lambda: fc.input_layer(feats, [fc.embedding_column(seq, 2)]),
        "input_layer_indicator": lambda: fc.input_layer(feats, [fc.indicator_column(seq)]),
        "sequence_layer_not_sequence": lambda: layer(feats, [fc.embedding_column(
            fc.categorical_column_with_identity("ids", 3), 2)]),
        "sequence_layer_indicator_not_sequence": lambda: layer(feats, [fc.indicator_column(
            fc.categorical_column_with_identity("ids", 3))]),
        "sequence_layer_numeric": lambda: layer(feats, [fc.numeric_column("ids")]),
        "sequence_layer_v2_numeric": lambda: layer(feats, [num]),
        "parse_spec_v2_numeric": lambda: fc.make_parse_example_spec([num]),
        "numeric_dtype": lambda: fc.sequence_numeric_column("n", dtype=tf.string),
        "numeric_shape": lambda: fc.sequence_numeric_column("n", shape=[0]),
        "numeric_normalizer": lambda: fc.sequence_numeric_column("n", normalizer_fn=1),
        "identity_buckets": lambda: fc.sequence_categorical_column_with_identity("n", 0),
    }
    facts = {name: error_of(call) for name, call in sorted(calls.items())}
    facts["reprs"] = [repr(seq), repr(num), repr(fc.embedding_column(seq, 2).name)]
    facts["num_spec"] = repr(num.parse_example_spec)
    facts["spec"] = repr(sorted(fc.make_parse_example_spec([
        seq, fc.sequence_categorical_column_with_hash_bucket("h", 3, dtype=tf.int32)]).items()))
    return {"facts": facts}


CASES.update({
    "sequence": _sequence,
    "sequence_mismatch": _sequence_mismatch,
    "sequence_errors": _sequence_errors,
})
