"""tf.saved_model scenarios run by real TF 1.15 (tools/make_saved_model_summary_fixtures.py writes
what it records to tests/saved_model/golden/saved_model_breadth.json) and by tinytf
(tests/saved_model/test_saved_model_breadth.py compares). Each scenario takes the `tf` module and
a scratch directory and returns JSON-able values. Python 3.7 compatible: TF 1.15 runs it too.
"""

import os

CONSTANT_MODULES = ("constants", "signature_constants", "tag_constants")
TOP_CONSTANTS = (
    "ASSETS_DIRECTORY ASSETS_KEY CLASSIFY_INPUTS CLASSIFY_METHOD_NAME CLASSIFY_OUTPUT_CLASSES "
    "CLASSIFY_OUTPUT_SCORES DEFAULT_SERVING_SIGNATURE_DEF_KEY GPU LEGACY_INIT_OP_KEY MAIN_OP_KEY "
    "PREDICT_INPUTS PREDICT_METHOD_NAME PREDICT_OUTPUTS REGRESS_INPUTS REGRESS_METHOD_NAME "
    "REGRESS_OUTPUTS SAVED_MODEL_FILENAME_PB SAVED_MODEL_FILENAME_PBTXT SAVED_MODEL_SCHEMA_VERSION "
    "SERVING TPU TRAINING VARIABLES_DIRECTORY VARIABLES_FILENAME"
).split()

# is_valid_signature cases: (method name, {input key: DataType enum}, {output key: enum})
STRING, FLOAT, INT32 = 7, 1, 3
CLASSIFY, REGRESS, PREDICT = (
    "tensorflow/serving/classify",
    "tensorflow/serving/regress",
    "tensorflow/serving/predict",
)
VALIDITY_CASES = [
    (CLASSIFY, {"inputs": STRING}, {"classes": STRING, "scores": FLOAT}),
    (CLASSIFY, {"inputs": STRING}, {"scores": FLOAT}),
    (CLASSIFY, {"inputs": STRING}, {}),
    (CLASSIFY, {"inputs": STRING}, {"classes": STRING, "other": FLOAT}),
    (CLASSIFY, {"inputs": FLOAT}, {"scores": FLOAT}),
    (CLASSIFY, {"inputs": STRING}, {"classes": INT32}),
    (CLASSIFY, {"inputs": STRING, "x": STRING}, {"scores": FLOAT}),
    (REGRESS, {"inputs": STRING}, {"outputs": FLOAT}),
    (REGRESS, {"inputs": STRING}, {"outputs": INT32}),
    (REGRESS, {"inputs": INT32}, {"outputs": FLOAT}),
    (REGRESS, {"inputs": STRING}, {"outputs": FLOAT, "more": FLOAT}),
    (PREDICT, {"a": INT32}, {"b": INT32}),
    (PREDICT, {}, {"b": INT32}),
    (PREDICT, {"a": INT32}, {}),
    ("other/method", {"a": INT32}, {"b": INT32}),
]


def outcome(fn):
    """The value of fn(), or [exception class name, message]."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the class is what is recorded
        return ["error", type(e).__name__, str(e).strip("'\"")]


def _hex(message):
    return message.SerializeToString(deterministic=True).hex()


def constants(tf, tmp):
    sm = tf.saved_model
    found = {
        m: {n: getattr(getattr(sm, m), n) for n in dir(getattr(sm, m)) if n.isupper()}
        for m in CONSTANT_MODULES
    }
    found["top"] = {n: getattr(sm, n) for n in TOP_CONSTANTS}
    return found


def _signature_graph(tf):
    return dict(
        examples=tf.placeholder(tf.string, [None], name="examples"),
        classes=tf.placeholder(tf.string, [None, 3], name="classes"),
        scores=tf.placeholder(tf.float32, [None, 3], name="scores"),
        preds=tf.placeholder(tf.float32, [None, 1], name="preds"),
        ints=tf.placeholder(tf.int32, [None], name="ints"),
        v=tf.Variable(tf.zeros([2]), name="v"),
        sp=tf.sparse_placeholder(tf.float32, [None, 4], name="sp"),
    )


def signatures(tf, tmp):
    sm = tf.saved_model
    with tf.Graph().as_default():
        t = _signature_graph(tf)
        e = t["examples"]
        built = {
            "classify_both": lambda: sm.classification_signature_def(e, t["classes"], t["scores"]),
            "classify_scores": lambda: sm.classification_signature_def(e, None, t["scores"]),
            "classify_classes": lambda: sm.signature_def_utils.classification_signature_def(
                e, t["classes"], None
            ),
            "regress": lambda: sm.regression_signature_def(e, t["preds"]),
            "regress_utils": lambda: sm.signature_def_utils.regression_signature_def(e, t["preds"]),
            "info_variable": lambda: sm.utils.build_tensor_info(t["v"]),
            "info_sparse": lambda: sm.build_tensor_info(t["sp"]),
        }
        errors = {
            "regress_none": lambda: sm.regression_signature_def(None, t["preds"]),
            "regress_str": lambda: sm.regression_signature_def("examples", t["preds"]),
            "regress_float_examples": lambda: sm.regression_signature_def(t["preds"], t["preds"]),
            "regress_no_predictions": lambda: sm.regression_signature_def(e, None),
            "regress_int_predictions": lambda: sm.regression_signature_def(e, t["ints"]),
            "classify_none": lambda: sm.classification_signature_def(None, None, t["scores"]),
            "classify_variable": lambda: sm.classification_signature_def(t["v"], None, None),
            "classify_neither": lambda: sm.classification_signature_def(e, None, None),
            "classify_float_examples": lambda: sm.classification_signature_def(
                t["scores"], t["classes"], None
            ),
            "classify_int_classes": lambda: sm.classification_signature_def(e, t["ints"], None),
            "classify_int_scores": lambda: sm.classification_signature_def(e, None, t["ints"]),
        }
        result = {k: _hex(fn()) for k, fn in built.items()}
        result.update({k: outcome(fn) for k, fn in errors.items()})
        result["valid_built"] = {
            k: sm.is_valid_signature(built[k]()) for k in ("classify_both", "regress")
        }
    return result


def validity(tf, tmp):
    sm = tf.saved_model
    found = []
    for method, inputs, outputs in VALIDITY_CASES:
        sig = sm.build_signature_def(
            {k: tf.TensorInfo(name=k + ":0", dtype=d) for k, d in inputs.items()},
            {k: tf.TensorInfo(name=k + ":0", dtype=d) for k, d in outputs.items()},
            method,
        )
        found.append(sm.signature_def_utils.is_valid_signature(sig))
    found.append(sm.is_valid_signature(None))
    return found


def _describe(value):
    if hasattr(value, "indices"):
        return ["sparse", value.indices.name, value.values.name, value.dense_shape.name]
    return ["tensor", value.name, value.dtype.name]


def tensor_info_lookup(tf, tmp):
    sm = tf.saved_model
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        sp = tf.sparse_placeholder(tf.int64, name="sp")
        info_x, info_sp = sm.build_tensor_info(x), sm.build_tensor_info(sp)
        tf.import_graph_def(graph.as_graph_def(), name="imp")
    with tf.Graph().as_default():
        other = tf.placeholder(tf.float32, name="x")
        return {
            "by_graph": outcome(lambda: _describe(sm.get_tensor_from_tensor_info(info_x, graph))),
            "default_graph": outcome(lambda: _describe(sm.get_tensor_from_tensor_info(info_x))),
            "same_object": sm.get_tensor_from_tensor_info(info_x) is other,
            "scoped": outcome(
                lambda: _describe(
                    sm.utils.get_tensor_from_tensor_info(info_x, graph=graph, import_scope="imp")
                )
            ),
            "sparse": outcome(lambda: _describe(sm.get_tensor_from_tensor_info(info_sp, graph))),
            "sparse_scoped": outcome(
                lambda: _describe(sm.get_tensor_from_tensor_info(info_sp, graph, "imp"))
            ),
            "empty": outcome(lambda: sm.get_tensor_from_tensor_info(tf.TensorInfo(), graph)),
            "missing": outcome(
                lambda: sm.get_tensor_from_tensor_info(tf.TensorInfo(name="nope:0"), graph)
            ),
        }


def _op_tree(op):
    return [op.name, op.type, sorted(_op_tree(c) for c in op.control_inputs)]


def main_ops(tf, tmp):
    sm = tf.saved_model
    found = {}
    with tf.Graph().as_default():
        found["empty_graph"] = _op_tree(sm.main_op.main_op())
    with tf.Graph().as_default() as graph:
        v = tf.Variable(1.5, name="v")
        local = tf.Variable(2.5, name="l", collections=[tf.GraphKeys.LOCAL_VARIABLES])
        table = tf.lookup.StaticHashTable(
            tf.lookup.KeyValueTensorInitializer(
                tf.constant(["a", "b"]), tf.constant([1, 2], tf.int64)
            ),
            -1,
        )
        found_id = table.lookup(tf.constant(["b", "z"]))
        op = sm.main_op.main_op()
        found["main_op"] = _op_tree(op)
        saver = tf.train.Saver()
        restore = graph.get_operation_by_name(saver.saver_def.restore_op_name)
        found["with_restore"] = _op_tree(sm.main_op_with_restore(restore))
        found["with_restore_module"] = _op_tree(sm.main_op.main_op_with_restore(restore))
        with tf.Session() as sess:
            sess.run(op)
            found["values"] = [float(x) for x in sess.run([v, local])]
            found["lookup"] = sess.run(found_id).tolist()
    return found


def _touch(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"")


def contains(tf, tmp):
    sm = tf.saved_model
    _touch(os.path.join(tmp, "pb", "saved_model.pb"))
    _touch(os.path.join(tmp, "pbtxt", "saved_model.pbtxt"))
    _touch(os.path.join(tmp, "other", "model.pb"))
    found = {}
    for name in ("pb", "pbtxt", "other", "missing"):
        path = os.path.join(tmp, name)
        found[name] = [
            sm.contains_saved_model(path),
            sm.maybe_saved_model_directory(path),
            sm.loader.maybe_saved_model_directory(path),
        ]
    return found


def _export_classifier(tf, path):
    with tf.Graph().as_default():
        examples = tf.placeholder(tf.string, [None], name="examples")
        w = tf.Variable([0.25, 0.75], name="w")
        count = tf.Variable(0.0, name="count", collections=[tf.GraphKeys.LOCAL_VARIABLES])
        scores = tf.add(tf.ones([tf.shape(examples)[0], 2]) * w, count, name="scores")
        sig = tf.saved_model.classification_signature_def(examples, None, scores)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(w.assign([2.0, 3.0]))
            builder = tf.saved_model.Builder(path)
            builder.add_meta_graph_and_variables(
                sess,
                [tf.saved_model.SERVING],
                signature_def_map={"classify": sig},
                main_op=tf.saved_model.main_op.main_op(),
            )
            builder.save()


def export_and_load(tf, tmp):
    path = os.path.join(tmp, "model")
    _export_classifier(tf, path)
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.load(sess, ["serve"], path)
        sig = meta.signature_def["classify"]
        examples = tf.saved_model.get_tensor_from_tensor_info(sig.inputs["inputs"])
        scores = tf.saved_model.get_tensor_from_tensor_info(sig.outputs["scores"])
        return {
            "valid": tf.saved_model.is_valid_signature(sig),
            "method": sig.method_name,
            "scores": sess.run(scores, {examples: ["x", "y", "z"]}).tolist(),
            "main_op": [op.name for op in tf.get_collection(tf.saved_model.MAIN_OP_KEY)],
            "contains": tf.saved_model.contains_saved_model(path),
        }


SCENARIOS = [
    constants,
    signatures,
    validity,
    tensor_info_lookup,
    main_ops,
    contains,
    export_and_load,
]


def run(tf, scenario, tmp):
    """The JSON-able result of one scenario."""
    return scenario(tf, tmp)
