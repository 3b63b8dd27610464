"""Cases of tf.metrics whose results real TF 1.15 decides. Each case names a metric, its
keyword arguments and its inputs over three update steps; `run(tf, case)` builds it with the
`tf` module given (tinytf, or real TF 1.15), runs the update op step by step and records the
update's result, the value after it, the local variables made and the collections filled - or
the class and message of what building or running it raises.
tools/make_metrics_fixtures.py runs them with TF 1.15 into golden/metrics.json;
tests/ops/test_metrics_golden.py runs them with tinytf and compares.

Python 3.7 and NumPy 1.18 compatible (the fixture script imports this with TF 1.15)."""

import numpy as np

STEPS = 3
B, C = 6, 5  # batch rows, classes of the at_k cases


def _rng(seed):
    return np.random.RandomState(seed)  # the legacy stream: the same under every NumPy


def dense(dtype, arrays, shape=None):
    """A placeholder fed one array a step; `shape` (default the arrays') may hold None."""
    arrays = [np.asarray(a, dtype) for a in arrays]
    return {"kind": "dense", "dtype": dtype, "arrays": arrays,
            "shape": list(arrays[0].shape) if shape is None else shape}  # fmt: skip


def sparse(dense_shape, steps):
    """A SparseTensor of int64 fed a step at a time: steps are lists of (index, value)."""
    return {"kind": "sparse", "dense_shape": dense_shape, "steps": steps}


def _uniform(seed, shape, dtype="float32"):
    return dense(dtype, [_rng(seed + i).uniform(size=shape) for i in range(STEPS)])


def _ints(seed, low, high, shape, dtype="int64"):
    return dense(dtype, [_rng(seed + i).randint(low, high, size=shape) for i in range(STEPS)])


def _ragged_labels(seed, rows, width, classes):
    """Each row a few distinct classes (some rows none), as SparseTensor entries."""
    steps = []
    for i in range(STEPS):
        rng, entries = _rng(seed + i), []
        for r in range(rows):
            count = rng.randint(0, width + 1)
            for j, c in enumerate(sorted(rng.choice(classes, count, replace=False))):
                entries.append(([r, j], int(c)))
        steps.append(entries)
    return sparse([rows, width], steps)


def _padded(seed, rows, width, classes):
    """Dense multi-labels with -1 padding at the end of some rows."""
    arrays = []
    for i in range(STEPS):
        rng = _rng(seed + i)
        a = np.full((rows, width), -1, np.int64)
        for r in range(rows):
            count = rng.randint(1, width + 1)
            a[r, :count] = rng.choice(classes, count, replace=False)
        arrays.append(a)
    return dense("int64", arrays)


def _unit_rows(seed, shape):
    arrays = []
    for i in range(STEPS):
        a = _rng(seed + i).standard_normal(shape)
        arrays.append(a / np.linalg.norm(a, axis=1, keepdims=True))
    return dense("float32", arrays)


def _case(cid, metric, feeds, **kwargs):
    return {"id": cid, "metric": metric, "feeds": feeds, "kwargs": kwargs}


def _streaming_cases():
    vals, w4, w41 = _uniform(1, [4, 3]), _uniform(5, [4]), _uniform(9, [4, 1])
    labels, preds = _uniform(13, [4, 3]), _uniform(17, [4, 3])
    cls_l, cls_p = _ints(21, 0, 4, [8]), _ints(25, 0, 4, [8])
    return [
        _case("mean", "mean", {"values": vals}),
        _case("mean_weighted_col", "mean", {"values": vals, "weights": w41}),
        _case("mean_weighted_full", "mean", {"values": vals, "weights": _uniform(29, [4, 3])}),
        _case("mean_weighted_scalar", "mean", {"values": vals}, weights=0.5, name="m"),
        _case("mean_tensor", "mean_tensor", {"values": vals}),
        _case("mean_tensor_weighted", "mean_tensor", {"values": vals, "weights": w41}),
        _case("accuracy_weighted", "accuracy",
              {"labels": cls_l, "predictions": cls_p, "weights": _uniform(33, [8])}),
        _case("mae", "mean_absolute_error", {"labels": labels, "predictions": preds}),
        _case("mse_weighted", "mean_squared_error",
              {"labels": labels, "predictions": preds, "weights": w41}),
        _case("rmse", "root_mean_squared_error", {"labels": labels, "predictions": preds}),
        _case("rmse_weighted", "root_mean_squared_error",
              {"labels": labels, "predictions": preds, "weights": w41}, name="r"),
        _case("relative_error", "mean_relative_error",
              {"labels": labels, "predictions": preds,
               "normalizer": dense("float32", [[0.5, 0.0, 2.0]] * 3)}),
        _case("relative_error_weighted", "mean_relative_error",
              {"labels": labels, "predictions": preds, "normalizer": labels, "weights": w41}),
        _case("cosine", "mean_cosine_distance",
              {"labels": _unit_rows(37, [4, 3]), "predictions": _unit_rows(41, [4, 3])}, dim=1),
        _case("cosine_weighted", "mean_cosine_distance",
              {"labels": _unit_rows(37, [4, 3]), "predictions": _unit_rows(41, [4, 3]),
               "weights": w41}, dim=1),
        _case("percentage_below", "percentage_below", {"values": vals}, threshold=0.4),
        _case("percentage_below_weighted", "percentage_below",
              {"values": _uniform(1, [4]), "weights": w4}, threshold=0.6),
        _case("mean_iou", "mean_iou", {"labels": cls_l, "predictions": cls_p}, num_classes=4),
        _case("mean_iou_weighted_2d", "mean_iou",
              {"labels": _ints(45, 0, 3, [2, 4]), "predictions": _ints(49, 0, 3, [2, 4]),
               "weights": _ints(53, 0, 2, [2, 4], "float32")}, num_classes=5),
        _case("mean_per_class_accuracy", "mean_per_class_accuracy",
              {"labels": cls_l, "predictions": cls_p}, num_classes=4),
        _case("mean_per_class_accuracy_weighted", "mean_per_class_accuracy",
              {"labels": cls_l, "predictions": cls_p, "weights": _uniform(57, [8])},
              num_classes=5),
        _case("mean_unknown_batch", "mean",
              {"values": dense("float32", [_rng(61 + i).uniform(size=[2 + i, 3])
                                           for i in range(STEPS)], [None, 3])}),
        _case("mean_weighted_unknown_shapes", "mean",
              {"values": dense("float32", vals["arrays"], [None, 3]),
               "weights": dense("float32", w41["arrays"], [None, None])}),
        _case("accuracy_unknown_rank", "accuracy",
              {"labels": dense("int64", cls_l["arrays"], None),
               "predictions": dense("int64", [a[:, None] for a in cls_p["arrays"]], None)}),
        _case("mse_weights_unknown_rank", "mean_squared_error",
              {"labels": labels, "predictions": preds,
               "weights": dense("float32", w41["arrays"], None)}),
        _case("true_positives_weights_col", "true_positives",
              {"labels": cls_l, "predictions": cls_p,
               "weights": dense("float32", [a[:, None] for a in _uniform(33, [8])["arrays"]])}),
    ]  # fmt: skip


def _binary_cases():
    bl, bp = _ints(71, 0, 2, [10], "int32"), _ints(75, 0, 2, [10], "int32")
    scores, w = _uniform(79, [10]), _uniform(83, [10])
    cases = []
    for metric in (
        "true_positives",
        "false_positives",
        "true_negatives",
        "false_negatives",
        "precision",
        "recall",
    ):
        cases.append(_case(metric, metric, {"labels": bl, "predictions": bp}))
        cases.append(
            _case(metric + "_weighted", metric, {"labels": bl, "predictions": bp, "weights": w})
        )
        at = metric + "_at_thresholds"
        cases.append(
            _case(at, at, {"labels": bl, "predictions": scores}, thresholds=[0.25, 0.5, 0.75])
        )
        cases.append(
            _case(
                at + "_weighted",
                at,
                {"labels": bl, "predictions": scores, "weights": w},
                thresholds=[0.7, 0.1],
            )
        )
    big_l, big_s = _ints(87, 0, 2, [64], "int64"), _uniform(91, [64])
    for curve, how in (
        ("ROC", "trapezoidal"),
        ("PR", "trapezoidal"),
        ("PR", "careful_interpolation"),
        ("ROC", "minoring"),
        ("ROC", "majoring"),
        ("PR", "majoring"),
    ):
        cases.append(_case("auc_" + curve + "_" + how, "auc", {"labels": big_l,
                           "predictions": big_s}, curve=curve, summation_method=how,
                           num_thresholds=50))  # fmt: skip
    cases += [
        _case("auc_weighted", "auc",
              {"labels": big_l, "predictions": big_s, "weights": _uniform(95, [64])}),
        _case("auc_thresholds", "auc", {"labels": big_l, "predictions": big_s},
              thresholds=[0.6, 0.2, 0.4]),
        _case("auc_2d", "auc", {"labels": _ints(99, 0, 2, [8, 2], "bool"),
                                "predictions": _uniform(103, [8, 2])}, curve="PR"),
        _case("sensitivity_at_specificity", "sensitivity_at_specificity",
              {"labels": big_l, "predictions": big_s}, specificity=0.7, num_thresholds=50),
        _case("sensitivity_at_specificity_weighted", "sensitivity_at_specificity",
              {"labels": big_l, "predictions": big_s, "weights": _uniform(95, [64])},
              specificity=0.4),
        _case("specificity_at_sensitivity", "specificity_at_sensitivity",
              {"labels": big_l, "predictions": big_s}, sensitivity=0.7, num_thresholds=50),
        _case("specificity_at_sensitivity_weighted", "specificity_at_sensitivity",
              {"labels": big_l, "predictions": big_s, "weights": _uniform(95, [64])},
              sensitivity=0.4),
    ]  # fmt: skip
    return cases


def _at_k_cases():
    scores = _uniform(111, [B, C])
    one = _ints(115, 0, C, [B])
    col = _ints(115, 0, C, [B, 1])
    padded = _padded(119, B, 3, C)
    ragged = _ragged_labels(123, B, 3, C)
    w, wcol = _uniform(127, [B]), _uniform(131, [B, 1])
    idx = dense("int64", [np.argsort(-a, 1)[:, :3] for a in scores["arrays"]])
    cases = []
    for metric in ("precision_at_k", "recall_at_k"):
        cases += [
            _case(metric + "_1d", metric, {"labels": one, "predictions": scores}, k=2),
            _case(metric + "_col", metric, {"labels": col, "predictions": scores}, k=1),
            _case(metric + "_padded", metric, {"labels": padded, "predictions": scores}, k=3),
            _case(metric + "_sparse", metric, {"labels": ragged, "predictions": scores}, k=2),
            _case(
                metric + "_class",
                metric,
                {"labels": padded, "predictions": scores},
                k=3,
                class_id=2,
            ),
            _case(
                metric + "_sparse_class",
                metric,
                {"labels": ragged, "predictions": scores},
                k=2,
                class_id=1,
            ),
            _case(
                metric + "_weighted",
                metric,
                {"labels": ragged, "predictions": scores, "weights": w},
                k=3,
            ),
            _case(
                metric + "_weighted_col",
                metric,
                {"labels": padded, "predictions": scores, "weights": wcol},
                k=2,
                name="pk",
            ),
        ]
    for metric in ("precision_at_top_k", "recall_at_top_k"):
        cases += [
            _case(metric, metric, {"labels": padded, "predictions_idx": idx}),
            _case(metric + "_k", metric, {"labels": ragged, "predictions_idx": idx}, k=3),
            _case(
                metric + "_class_weighted",
                metric,
                {"labels": one, "predictions_idx": idx, "weights": w},
                class_id=0,
            ),
        ]
    for metric in ("average_precision_at_k", "sparse_average_precision_at_k"):
        cases += [
            _case(metric + "_1d", metric, {"labels": one, "predictions": scores}, k=3),
            _case(metric + "_padded", metric, {"labels": padded, "predictions": scores}, k=2),
            _case(
                metric + "_sparse_weighted",
                metric,
                {"labels": ragged, "predictions": scores, "weights": w},
                k=4,
            ),
        ]
    cases += [
        _case(
            "average_precision_at_k_out_of_range",
            "average_precision_at_k",
            {"labels": _ints(135, 0, C + 2, [B, 2]), "predictions": scores},
            k=2,
        ),
        _case(
            "sparse_precision_at_k",
            "sparse_precision_at_k",
            {"labels": ragged, "predictions": scores},
            k=2,
            class_id=3,
        ),
        _case(
            "precision_at_k_3d",
            "precision_at_k",
            {"labels": _ints(139, 0, C, [2, 3]), "predictions": _uniform(143, [2, 3, C])},
            k=2,
        ),
    ]
    unknown_idx = dense("int64", idx["arrays"], None)
    cases += [
        _case("precision_at_top_k_unknown_rank", "precision_at_top_k",
              {"labels": one, "predictions_idx": unknown_idx}),
        _case("recall_at_top_k_sparse_unknown_rank", "recall_at_top_k",
              {"labels": ragged, "predictions_idx": unknown_idx}, k=3),
        _case("recall_at_k_unknown_batch", "recall_at_k",
              {"labels": dense("int64", one["arrays"], [None]),
               "predictions": dense("float32", scores["arrays"], [None, C])}, k=2),
    ]  # fmt: skip
    return cases


def _const(value, dtype="float32"):
    return {"kind": "const", "value": value, "dtype": dtype}


def _bad_cases():
    f4, f3 = _const([0.1, 0.2, 0.3, 0.4]), _const([0.1, 0.2, 0.3])
    i4, i3 = _const([1, 0, 1, 1], "int64"), _const([1, 0, 1], "int64")
    scores = _const([[0.1, 0.5, 0.4], [0.3, 0.3, 0.4]])
    return [
        _case("bad_auc_curve", "auc", {"labels": i4, "predictions": f4}, curve="XY"),
        _case("bad_auc_summation", "auc", {"labels": i4, "predictions": f4},
              summation_method="middle"),
        _case("bad_auc_range", "auc", {"labels": i4, "predictions": _const([0.1, 1.5, 0, 0])}),
        _case("bad_specificity", "sensitivity_at_specificity",
              {"labels": i4, "predictions": f4}, specificity=1.5),
        _case("bad_sensitivity", "specificity_at_sensitivity",
              {"labels": i4, "predictions": f4}, sensitivity=-0.1),
        _case("bad_ap_k", "average_precision_at_k",
              {"labels": _const([1, 2], "int64"), "predictions": scores}, k=0),
        _case("bad_iou_shapes", "mean_iou", {"labels": i3, "predictions": i4}, num_classes=2),
        _case("bad_accuracy_shapes", "accuracy", {"labels": i3, "predictions": i4}),
        _case("bad_mean_weights", "mean",
              {"values": _const([[1.0, 2.0, 3.0]] * 4), "weights": _const([[1.0, 2.0]] * 4)}),
        _case("bad_relative_normalizer", "mean_relative_error",
              {"labels": f4, "predictions": f4, "normalizer": f3}),
        _case("bad_precision_at_k_labels", "precision_at_k",
              {"labels": _const([[[1]], [[2]]], "int64"), "predictions": scores}, k=1),
        _case("bad_per_class_shapes", "mean_per_class_accuracy",
              {"labels": i3, "predictions": i4}, num_classes=2),
        _case("bad_iou_class_range", "mean_iou",
              {"labels": _const([2, 0, 1, 1], "int64"), "predictions": i4}, num_classes=2),
        _case("bad_thresholds_range", "precision_at_thresholds",
              {"labels": i4, "predictions": _const([-0.5, 0.1, 0.2, 0.3])}, thresholds=[0.5]),
        _case("bad_mean_tensor_shape", "mean_tensor",
              {"values": dense("float32", [np.ones([2, 3])] * STEPS, [None, 3])}),
        _case("bad_mse_dtypes", "mean_squared_error", {"labels": i4, "predictions": f4}),
        _case("bad_weights_at_run", "mean",
              {"values": dense("float32", [np.ones([4, 3])] * STEPS, [None, 3]),
               "weights": dense("float32", [np.ones([4, 2])] * STEPS, [None, None])}),
        _case("bad_count_weights_rank", "true_positives",
              {"labels": i4, "predictions": i4, "weights": _const([[1.0, 2.0]] * 4)}),
        _case("bad_auc_range_at_run", "auc",
              {"labels": i4, "predictions": dense("float32", [[0.1, 0.5, 2.0, 0.0]] * STEPS)}),
    ]  # fmt: skip


CASES = _streaming_cases() + _binary_cases() + _at_k_cases() + _bad_cases()


def normalize(message):
    """The first line of an error message (TF appends the op's traceback)."""
    return str(message).split("\n")[0]


def _inputs(tf, feeds):
    """(keyword arguments, feed dict of each step) for the feeds of one case."""
    args, steps = {}, [{} for _ in range(STEPS)]
    for name, feed in sorted(feeds.items()):
        if feed["kind"] == "const":
            args[name] = tf.constant(feed["value"], tf.as_dtype(feed["dtype"]))
        elif feed["kind"] == "dense":
            holder = tf.placeholder(tf.as_dtype(feed["dtype"]), feed["shape"], name=name)
            args[name] = holder
            for step, array in zip(steps, feed["arrays"]):
                step[holder] = array
        else:
            parts = (tf.placeholder(tf.int64, [None, 2]), tf.placeholder(tf.int64, [None]))
            args[name] = tf.SparseTensor(parts[0], parts[1], feed["dense_shape"])
            for step, entries in zip(steps, feed["steps"]):
                step[parts[0]] = np.array([e[0] for e in entries], np.int64).reshape(-1, 2)
                step[parts[1]] = np.array([e[1] for e in entries], np.int64)
    return args, steps


def _names(items):
    return [getattr(v, "name", str(v)) for v in items]


def run(tf, case):
    """What building and running `case` gives: a JSON-able dict."""
    with tf.Graph().as_default():
        try:
            args, steps = _inputs(tf, case["feeds"])
            kwargs = dict(case["kwargs"], metrics_collections=["mc"], updates_collections=["uc"])
            value, update = getattr(tf.metrics, case["metric"])(**dict(args, **kwargs))
        except (ValueError, TypeError, tf.errors.OpError) as e:
            return {"stage": "build", "error": type(e).__name__, "message": normalize(e)}
        out = {
            "locals": _names(tf.local_variables()),
            "metric_variables": _names(tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)),
            "globals": _names(tf.global_variables()),
            "collected": [tf.get_collection("mc") == [value], tf.get_collection("uc") == [update]],
            "dtypes": [value.dtype.base_dtype.name, update.dtype.base_dtype.name],
            "names": [value.name, update.name],
            "shapes": [value.shape.as_list(), update.shape.as_list()],
            "steps": [],
        }
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            out["initial"] = np.asarray(sess.run(value)).tolist()
            for feed in steps:
                try:
                    got = sess.run(update, feed)
                except tf.errors.OpError as e:
                    return {"stage": "run", "error": type(e).__name__, "message": normalize(e)}
                out["steps"].append(
                    [np.asarray(got).tolist(), np.asarray(sess.run(value)).tolist()]
                )
        return out
