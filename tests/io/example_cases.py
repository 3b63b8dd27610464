"""tf.train.Example parsing cases, built the same way under real TF 1.15
(tools/make_example_fixtures.py, which records tests/io/golden/example.json) and under tinytf
(tests/io/test_example_parsing.py). Each case runs its own Session inside build and records
everything as facts (static shapes, dtypes, values, error classes and messages), so strings
need no .npz. Kept to Python 3.7 (TF 1.15's)."""

import os

import numpy as np

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
RECORD_FILES = {"": "example_records.tfrecord", "GZIP": "example_records_gzip.tfrecord"}

# the Examples of the TFRecord files and of the batch cases: {key: (kind, values)}
EXAMPLES = [
    {"x": ("float", [1.5, -2.0]), "id": ("int64", [7]), "tags": ("bytes", [b"a", b"bc"]),
     "seq": ("float", [1.0, 2.0, 3.0, 4.0]), "ix": ("int64", [3, 0]), "jx": ("int64", [1, 4]),
     "val": ("float", [0.5, -1.0])},
    {"x": ("float", [3.0, 4.0]), "tags": ("bytes", []), "seq": ("float", [5.0, 6.0]),
     "ix": ("int64", [1]), "jx": ("int64", [0]), "val": ("float", [2.5]),
     "empty": ("none", None)},
    {"x": ("float", [0.0, 1e-3]), "id": ("int64", [-(2 ** 40)]), "name": ("bytes", [b"\xff\x00z"]),
     "ix": ("int64", []), "val": ("float", [])},
]


def feature(tf, kind, values):
    """A tf.train.Feature of kind "float", "int64", "bytes" or "none" (no kind set)."""
    t = tf.train
    if kind == "float":
        return t.Feature(float_list=t.FloatList(value=values))
    if kind == "int64":
        return t.Feature(int64_list=t.Int64List(value=values))
    if kind == "bytes":
        return t.Feature(bytes_list=t.BytesList(value=values))
    return t.Feature()


def example(tf, spec):
    """A tf.train.Example of {key: (kind, values)}."""
    features = {k: feature(tf, kind, v) for k, (kind, v) in spec.items()}
    return tf.train.Example(features=tf.train.Features(feature=features))


def serialized(tf, spec):
    return example(tf, spec).SerializeToString(deterministic=True)


def sequence_example(tf):
    t = tf.train

    def feature_list(kind, *steps):
        return t.FeatureList(feature=[feature(tf, kind, v) for v in steps])

    return t.SequenceExample(
        context=t.Features(feature={"c": feature(tf, "int64", [7]),
                                    "w": feature(tf, "bytes", [b"hi", b"yo"])}),
        feature_lists=t.FeatureLists(feature_list={
            "f": feature_list("float", [1.0, 2.0], [3.0, 4.0], [5.0, 6.0]),
            "v": feature_list("int64", [1], [], [2, 3]),
            "bad": feature_list("float", [1.0], [2.0, 3.0]),
            "s": feature_list("bytes", [b"p"], [b"q"]),
            "s2": feature_list("bytes", [b"p"], [b"q", b"r"]),
            "i2": feature_list("int64", [1], [2, 3]),
        }),
    )


def _array(value):
    a = np.asarray(value)
    items = a.tolist()
    if a.dtype == object:
        items = np.vectorize(lambda b: b.hex(), otypes=[object])(a).tolist() if a.size else []
    return [str(a.dtype), list(a.shape), items]


def _static(t):
    return None if t.shape.ndims is None else t.shape.as_list()


def describe(parsed):
    """{key: static shapes and dtype} of a parse's dict of Tensors and SparseTensors."""
    out = {}
    for key, value in sorted(parsed.items()):
        if hasattr(value, "indices"):
            out[key] = [_static(value.indices), _static(value.values),
                        _static(value.dense_shape), value.dtype.name]
        else:
            out[key] = [_static(value), value.dtype.name]
    return out


def values(result):
    """JSON values of a Session.run of a parse (SparseTensorValues as their three arrays)."""
    out = {}
    for key, value in sorted(result.items()):
        if hasattr(value, "indices"):
            out[key] = [_array(value.indices), _array(value.values), _array(value.dense_shape)]
        else:
            out[key] = _array(value)
    return out


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class is what is recorded
        message = getattr(e, "message", None) or str(e)
        return [type(e).__name__, message.split("\n")[0]]
    return None


def _run(tf, parsed, feed_of):
    """[values of each run] of a parse fed by feed_of(placeholder-feeds)."""
    with tf.Session() as sess:
        return [values(sess.run(parsed, feed)) for feed in feed_of]


def _features(tf):
    return {
        "x": tf.FixedLenFeature([2], tf.float32),
        "id": tf.FixedLenFeature([], tf.int64, default_value=-1),
        "name": tf.FixedLenFeature([1], tf.string, default_value=[b"none"]),
        "tags": tf.VarLenFeature(tf.string),
        "seq": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True,
                                          default_value=-9.0),
        "sp": tf.SparseFeature("ix", "val", tf.float32, 5),
        "sp2": tf.SparseFeature(["ix", "jx"], "val", tf.float32, [5, 6]),
        "empty": tf.VarLenFeature(tf.int64),
    }


def _single_features(tf):
    features = _features(tf)
    features["x2"] = tf.FixedLenFeature([1, 2], tf.float32, default_value=[[8.0, 9.0]])
    return features


def batch_placeholder(tf):
    p = tf.placeholder(tf.string, [None])
    parsed = tf.parse_example(p, _features(tf))
    data = [serialized(tf, s) for s in EXAMPLES]
    return {"facts": {"static": describe(parsed),
                      "runs": _run(tf, parsed, [{p: data}, {p: data[1:2]}, {p: []}])}}


def batch_constant(tf):
    parsed = tf.io.parse_example(
        tf.constant([serialized(tf, s) for s in EXAMPLES[:2]]), _features(tf),
        example_names=["first", "second"])
    return {"facts": {"static": describe(parsed), "runs": _run(tf, parsed, [None])}}


def single(names=None):
    def build(tf):
        p = tf.placeholder(tf.string, [])
        parsed = tf.parse_single_example(p, _single_features(tf), example_names=names)
        feeds = [{p: serialized(tf, s)} for s in EXAMPLES]
        return {"facts": {"static": describe(parsed), "runs": _run(tf, parsed, feeds)}}
    return build


def sequence(name=None):
    def build(tf):
        p = tf.placeholder(tf.string, [])
        context = {"c": tf.FixedLenFeature([], tf.int64),
                   "d": tf.FixedLenFeature([2], tf.float32, default_value=[9.0, 8.0]),
                   "w": tf.VarLenFeature(tf.string), "u": tf.VarLenFeature(tf.float32)}
        lists = {"f": tf.FixedLenSequenceFeature([2], tf.float32),
                 "v": tf.VarLenFeature(tf.int64),
                 "s": tf.FixedLenSequenceFeature([], tf.string, allow_missing=True),
                 "m": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
                 "mv": tf.VarLenFeature(tf.string)}
        ctx, fl = tf.parse_single_sequence_example(p, context, lists, example_name=name)
        data = sequence_example(tf).SerializeToString(deterministic=True)
        with tf.Session() as sess:
            got = sess.run([ctx, fl], {p: data})
        return {"facts": {"static": [describe(ctx), describe(fl)],
                          "runs": [values(got[0]), values(got[1])]}}
    return build


# run-time errors: (api, Example spec or None for bad bytes, features)
_ERRORS = {
    "missing": ({"a": ("float", [1.0])}, lambda tf: {"x": tf.FixedLenFeature([], tf.float32)}),
    "dtype": ({"x": ("int64", [1])}, lambda tf: {"x": tf.FixedLenFeature([], tf.float32)}),
    "shape": ({"x": ("float", [1.0, 2.0, 3.0])},
              lambda tf: {"x": tf.FixedLenFeature([2], tf.float32)}),
    "scalar_shape": ({"x": ("bytes", [b"a", b"b"])},
                     lambda tf: {"x": tf.FixedLenFeature([], tf.string)}),
    "varlen_dtype": ({"x": ("int64", [1])}, lambda tf: {"x": tf.VarLenFeature(tf.string)}),
    "stride": ({"x": ("float", [1.0, 2.0, 3.0])}, lambda tf: {
        "x": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)}),
    "no_kind": ({"x": ("none", None)}, lambda tf: {"x": tf.FixedLenFeature([], tf.float32)}),
    "not_a_proto": (None, lambda tf: {"x": tf.FixedLenFeature([], tf.float32)}),
}


def runtime_errors(tf):
    facts = {}
    for name, (spec, features) in sorted(_ERRORS.items()):
        data = b"\n\x05\x01" if spec is None else serialized(tf, spec)
        for api in ("parse_example", "parse_single_example", "parse_single_example_named"):
            p = tf.placeholder(tf.string, [None] if api == "parse_example" else [])
            if api == "parse_example":
                parsed = tf.parse_example(p, features(tf))
            else:
                names = "nm" if api.endswith("named") else None
                parsed = tf.parse_single_example(p, features(tf), example_names=names)
            feed = {p: [data] if api == "parse_example" else data}
            with tf.Session() as sess:
                facts[name + "/" + api] = error_of(lambda: sess.run(parsed, feed))
    return {"facts": facts}


_SEQUENCE_ERRORS = {
    "missing_context": (lambda tf: {"x": tf.FixedLenFeature([], tf.int64)}, None),
    "context_dtype": (lambda tf: {"c": tf.FixedLenFeature([], tf.float32)}, None),
    "context_shape": (lambda tf: {"c": tf.FixedLenFeature([2], tf.int64)}, None),
    "missing_list": (None, lambda tf: {"m": tf.FixedLenSequenceFeature([], tf.int64)}),
    "list_shape": (None, lambda tf: {"bad": tf.FixedLenSequenceFeature([2], tf.float32)}),
    "list_shape_bytes": (None, lambda tf: {"s2": tf.FixedLenSequenceFeature([], tf.string)}),
    "list_shape_int64": (None, lambda tf: {"i2": tf.FixedLenSequenceFeature([], tf.int64)}),
    "list_dtype": (None, lambda tf: {"f": tf.FixedLenSequenceFeature([2], tf.int64)}),
    "list_varlen_dtype": (None, lambda tf: {"f": tf.VarLenFeature(tf.int64)}),
}


def sequence_errors(tf):
    facts = {}
    data = sequence_example(tf).SerializeToString(deterministic=True)
    for name, (context, lists) in sorted(_SEQUENCE_ERRORS.items()):
        for example_name in (None, "nm"):
            p = tf.placeholder(tf.string, [])
            parsed = tf.parse_single_sequence_example(
                p, context and context(tf), lists and lists(tf), example_name=example_name)
            with tf.Session() as sess:
                key = f"{name}/{example_name}"
                facts[key] = error_of(lambda: sess.run(parsed, {p: data}))
    return {"facts": facts}


def build_errors(tf):
    p = tf.placeholder(tf.string, [None])
    s = tf.placeholder(tf.string, [])
    f = {"x": tf.FixedLenFeature([], tf.float32)}
    cases = {
        "no_features": lambda: tf.parse_example(p, {}),
        "single_no_features": lambda: tf.parse_single_example(s, {}),
        "unknown_first_dim": lambda: tf.parse_example(
            p, {"x": tf.FixedLenFeature([None, 2], tf.float32)}),
        "partly_known": lambda: tf.parse_example(
            p, {"x": tf.FixedLenFeature([2, None], tf.float32)}),
        "no_allow_missing": lambda: tf.parse_example(
            p, {"x": tf.FixedLenSequenceFeature([], tf.float32)}),
        "bad_feature": lambda: tf.parse_example(p, {"x": 3}),
        "single_of_vector": lambda: tf.parse_single_example(p, f, example_names="n"),
        "sequence_no_features": lambda: tf.parse_single_sequence_example(s),
        "sequence_fixed_list": lambda: tf.parse_single_sequence_example(
            s, None, {"x": tf.FixedLenFeature([], tf.float32)}),
        "sequence_default": lambda: tf.parse_single_sequence_example(
            s, None, {"x": tf.FixedLenSequenceFeature([], tf.float32, default_value=1.0)}),
        "int32_dense": lambda: tf.parse_example(p, {"x": tf.FixedLenFeature([], tf.int32)}),
        "float64_sparse": lambda: tf.parse_example(p, {"x": tf.VarLenFeature(tf.float64)}),
        "int32_single": lambda: tf.parse_single_example(
            s, {"x": tf.FixedLenFeature([], tf.int32)}),
        "int32_sequence": lambda: tf.parse_single_sequence_example(
            s, None, {"x": tf.FixedLenSequenceFeature([], tf.int32)}),
        "batch_of_scalar": lambda: tf.parse_example(s, f),
        "single_of_vector_op": lambda: tf.parse_single_example(p, f),
        "default_of_wrong_size": lambda: tf.parse_example(
            p, {"x": tf.FixedLenFeature([2], tf.float32, default_value=[1.0, 2.0, 3.0])}),
        "conflicting": lambda: tf.parse_example(p, {
            "a": tf.SparseFeature("ix", "v", tf.float32, 3),
            "b": tf.SparseFeature("ix", "v", tf.int64, 3)}),
    }
    facts = {k: error_of(fn) for k, fn in sorted(cases.items())}
    # TF's Reshape adds "and with input tensors computed as partial shapes: ..." (not
    # the parsing code's message; tinytf's Reshape omits it)
    wrong = facts["default_of_wrong_size"]
    wrong[1] = wrong[1].split(" and with input tensors")[0].rstrip(".")
    return {"facts": facts}


def protos(tf):
    """Serialized bytes and text format of Examples and a SequenceExample."""
    facts = {}
    for i, spec in enumerate(EXAMPLES):
        proto = example(tf, spec)
        facts[f"example{i}"] = [proto.SerializeToString(deterministic=True).hex(), str(proto)]
    proto = sequence_example(tf)
    facts["sequence"] = [proto.SerializeToString(deterministic=True).hex(), str(proto)]
    facts["empty_feature_kind"] = tf.train.Feature().WhichOneof("kind")
    return {"facts": facts}


def tfrecord_files(tf):
    """TF-written TFRecord files of EXAMPLES, read record by record and parsed in a graph."""
    facts = {}
    p = tf.placeholder(tf.string, [])
    parsed = tf.parse_single_example(p, _single_features(tf))
    with tf.Session() as sess:
        for kind, filename in sorted(RECORD_FILES.items()):
            path = os.path.join(GOLDEN, filename)
            options = tf.python_io.TFRecordOptions(kind) if kind else None
            records = tf.python_io.tf_record_iterator(path, options)
            facts[kind or "NONE"] = [values(sess.run(parsed, {p: r})) for r in records]
    return {"facts": facts}


JSON_EXAMPLES = [
    '{"features": {"feature": {"a": {"bytesList": {"value": ["aGk="]}}, '
    '"b": {"floatList": {"value": [1.5, -2]}}, "c": {"int64List": {"value": ["7", 8]}}}}}',
    "{}",
    '{"features": {}}',
]


def decode_json(tf):
    """DecodeJSONExample: the binary Examples (hex) and a bad input's error class and prefix."""
    p = tf.placeholder(tf.string, [None])
    decoded = tf.decode_json_example(p)
    with tf.Session() as sess:
        out = sess.run(decoded, {p: JSON_EXAMPLES})
        error = error_of(lambda: sess.run(decoded, {p: ['{"foo": 3}']}))
    return {"facts": {"static": _static(decoded), "hex": [b.hex() for b in out],
                      "error": [error[0], error[1][:26]]}}


def parse_graph(tf):
    """A graph with each parsing op, fed by placeholders "ex" and "seq", fetched as "out/*".
    Returns {fetch name: tensor}."""
    ex = tf.placeholder(tf.string, [None], name="ex")
    seq = tf.placeholder(tf.string, [], name="seq")
    batch = tf.parse_example(ex, {"x": tf.FixedLenFeature([2], tf.float32),
                                  "tags": tf.VarLenFeature(tf.string)})
    one = tf.parse_single_example(ex[0], {"id": tf.FixedLenFeature([], tf.int64, -1)})
    ctx, fl = tf.parse_single_sequence_example(
        seq, {"c": tf.FixedLenFeature([], tf.int64)}, {"v": tf.VarLenFeature(tf.int64)})
    _, many, lengths = tf.io.parse_sequence_example(
        tf.stack([seq, seq]), None, {"f": tf.FixedLenSequenceFeature([2], tf.float32)})
    tensors = {"x": batch["x"], "tags": batch["tags"].values, "id": one["id"], "c": ctx["c"],
               "v": fl["v"].indices, "json": tf.decode_json_example(["{}"]), "f": many["f"],
               "lengths": lengths["f"]}
    return {k: tf.identity(t, name="out_" + k) for k, t in tensors.items()}


def graph_feed(tf):
    data = [serialized(tf, s) for s in EXAMPLES]
    return {"ex:0": data, "seq:0": sequence_example(tf).SerializeToString(deterministic=True)}


def graph_def(tf):
    """The NodeDefs of the parsing ops (attrs as JSON, inputs' op types) and a run's values."""
    from google.protobuf import json_format

    fetches = parse_graph(tf)
    nodes = {}
    for op in tf.get_default_graph().get_operations():
        if op.type.startswith("Parse") or op.type == "DecodeJSONExample":
            node = op.node_def
            attrs = {k: json_format.MessageToDict(v) for k, v in sorted(node.attr.items())}
            nodes[op.type] = [attrs, [t.op.type for t in op.inputs], len(op.outputs)]
    with tf.Session() as sess:
        got = sess.run(fetches, graph_feed(tf))
    return {"facts": {"nodes": nodes, "run": values(got)}}


def unknown_rank_named(tf):
    """parse_single_example with example_names of a serialized of unknown rank: an Assert."""
    p = tf.placeholder(tf.string)
    parsed = tf.parse_single_example(p, {"x": tf.FixedLenFeature([2], tf.float32)},
                                     example_names="n")
    data = serialized(tf, {"x": ("float", [1.0, 2.0])})
    with tf.Session() as sess:
        facts = {"static": describe(parsed), "ok": values(sess.run(parsed, {p: data})),
                 "vector": error_of(lambda: sess.run(parsed, {p: [data]}))}
    return {"facts": facts}


def short_sequence(tf):
    """A second SequenceExample, shorter than sequence_example's."""
    t = tf.train
    return t.SequenceExample(
        context=t.Features(feature={"c": feature(tf, "int64", [3])}),
        feature_lists=t.FeatureLists(feature_list={
            "f": t.FeatureList(feature=[feature(tf, "float", [9.0, 9.5])]),
            "v": t.FeatureList(feature=[feature(tf, "int64", [4, 5, 6])]),
            "s": t.FeatureList(feature=[feature(tf, "bytes", [b"z"]), feature(tf, "bytes", [b"y"]),
                                        feature(tf, "bytes", [b"x"])]),
        }),
    )


def _sequence_batch(tf):
    return [sequence_example(tf).SerializeToString(deterministic=True),
            short_sequence(tf).SerializeToString(deterministic=True)]


def batch_sequence(names=None):
    def build(tf):
        p = tf.placeholder(tf.string, [None])
        context = {"c": tf.FixedLenFeature([], tf.int64), "w": tf.VarLenFeature(tf.string),
                   "d": tf.FixedLenFeature([2], tf.float32, default_value=[1.0, 2.0])}
        lists = {"f": tf.FixedLenSequenceFeature([2], tf.float32),
                 "v": tf.VarLenFeature(tf.int64),
                 "s": tf.FixedLenSequenceFeature([], tf.string, allow_missing=True),
                 "m": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
                 "mv": tf.VarLenFeature(tf.float32)}
        out = tf.io.parse_sequence_example(p, context, lists, example_names=names)
        data = _sequence_batch(tf)
        with tf.Session() as sess:
            runs = [[values(d) for d in sess.run(out, {p: feed})]
                    for feed in [data, data[::-1]] + ([data[1:]] if names is None else [])]
        return {"facts": {"static": [describe(d) for d in out], "runs": runs}}
    return build


_BATCH_SEQUENCE_ERRORS = {
    "list_missing": (None, lambda tf: {"m": tf.FixedLenSequenceFeature([], tf.int64)}),
    "list_shape": (None, lambda tf: {"bad": tf.FixedLenSequenceFeature([2], tf.float32)}),
    "list_rows": (None, lambda tf: {"s": tf.FixedLenSequenceFeature([], tf.string)}),
    "list_dtype": (None, lambda tf: {"f": tf.FixedLenSequenceFeature([2], tf.int64)}),
    "list_varlen_dtype": (None, lambda tf: {"f": tf.VarLenFeature(tf.int64)}),
    "context_missing": (lambda tf: {"x": tf.FixedLenFeature([], tf.int64)}, None),
    "context_some_missing": (lambda tf: {"w": tf.FixedLenFeature([2], tf.string)}, None),
    "context_dtype": (lambda tf: {"c": tf.FixedLenFeature([], tf.float32)}, None),
    "context_shape": (lambda tf: {"c": tf.FixedLenFeature([2], tf.int64)}, None),
    "context_varlen_dtype": (lambda tf: {"w": tf.VarLenFeature(tf.int64)}, None),
}


def batch_sequence_errors(tf):
    facts = {}
    data = _sequence_batch(tf)
    p = tf.placeholder(tf.string, [None])
    for name, (context, lists) in sorted(_BATCH_SEQUENCE_ERRORS.items()):
        for names in (None, ["a", "b"]):
            parsed = tf.io.parse_sequence_example(
                p, context and context(tf), lists and lists(tf), example_names=names)
            with tf.Session() as sess:
                facts[f"{name}/{names}"] = error_of(lambda: sess.run(parsed, {p: data}))
    parsed = tf.io.parse_sequence_example(p, {"c": tf.FixedLenFeature([], tf.int64)},
                                          example_names=["a"])
    with tf.Session() as sess:
        facts["names_count"] = error_of(lambda: sess.run(parsed, {p: data}))
        facts["not_a_proto"] = error_of(lambda: sess.run(parsed, {p: [b"\n\x05\x01"]}))
    return {"facts": facts}


CASES = {
    "batch_sequence": batch_sequence(),
    "batch_sequence_named": batch_sequence(["first", "second"]),
    "batch_sequence_errors": batch_sequence_errors,
    "unknown_rank_named": unknown_rank_named,
    "graph_def": graph_def,
    "decode_json": decode_json,
    "batch_placeholder": batch_placeholder,
    "batch_constant": batch_constant,
    "single": single(None),
    "single_named": single("ex"),
    "sequence": sequence(None),
    "sequence_named": sequence("seq"),
    "runtime_errors": runtime_errors,
    "sequence_errors": sequence_errors,
    "build_errors": build_errors,
    "protos": protos,
    "tfrecord_files": tfrecord_files,
}
