"""Writes tests/api/tf1_api.json: the TF 1.x (tf.compat.v1) names tinytf exports, with their
parameter names, as real TF defines them. Run with a venv that has `tensorflow-cpu` and `tf-keras`:
    /path/to/tf-venv/bin/python tools/record_api.py
"""

import inspect
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.compat.v1.layers lives in tf-keras (Keras 2)
ROOT = pathlib.Path(__file__).resolve().parent.parent
NAMESPACES = [
    "",
    "nn",
    "linalg",
    "math",
    "random",
    "sparse",
    "errors",
    "dtypes",
    "train",
    "layers",
    "metrics",
    "feature_column",
    "logging",
    "data",
    "saved_model",
    "image",
]
# Parameters TF 2.x appended to TF 1.15's signatures; the record keeps TF 1.15's.
TF2_ONLY = {"layout", "output_type", "grad_a", "grad_b", "bad_indices_policy"}
_DIAG_V3 = {"k", "num_rows", "num_cols", "padding_value", "align"}
TF2_ONLY_FOR = {
    "linspace": {"axis"},
    "nn.top_k": {"index_type"},
    "saved_model.build_signature_def": {"defaults"},
    **dict.fromkeys(
        ["diag", "diag_part", "set_diag", "matrix_diag", "matrix_diag_part", "matrix_set_diag"],
        _DIAG_V3,
    ),
}


# TF 1.15 guarded these against positional arguments with a leading `_sentinel`; TF 2.x dropped it.
TF1_SENTINEL = {
    "nn.sigmoid_cross_entropy_with_logits",
    "nn.softmax_cross_entropy_with_logits",
    "nn.sparse_softmax_cross_entropy_with_logits",
}


def tinytf_names():
    """Public names per namespace, read from tinytf's namespace modules' source (not imported:
    this runs in TF's venv)."""
    import ast

    names = {}
    for ns in NAMESPACES:
        path = ROOT / "src" / "tinytf" / (ns or ".") / "__init__.py"
        tree = ast.parse(path.read_text())
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                found.update(a.asname or a.name for a in node.names if a.name != "*")
        names[ns] = sorted(n for n in found if not n.startswith("_"))
    return names


def parameters(obj):
    try:
        return [p for p in inspect.signature(obj).parameters if p not in ("args", "kwargs", "self")]
    except (TypeError, ValueError):
        return None


def main():
    import tensorflow.compat.v1 as tf

    record = {}
    for ns, names in tinytf_names().items():
        module = tf if not ns else getattr(tf, ns)
        for name in names:
            obj = getattr(module, name, None)
            if obj is None:
                continue
            key = f"{ns}.{name}" if ns else name
            params = parameters(obj) if callable(obj) and not isinstance(obj, type) else None
            if params is not None:
                drop = TF2_ONLY | TF2_ONLY_FOR.get(key, set()) | TF2_ONLY_FOR.get(name, set())
                params = [p for p in params if p not in drop]
                if key in TF1_SENTINEL:
                    params.insert(0, "_sentinel")
            record[key] = params
    target = ROOT / "tests" / "api" / "tf1_api.json"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"tf_version": tf.VERSION, "names": record}, indent=1, sort_keys=True) + "\n"
    )
    os.replace(tmp, target)
    print(f"recorded {len(record)} names from TF {tf.VERSION}", file=sys.stderr)


if __name__ == "__main__":
    main()
