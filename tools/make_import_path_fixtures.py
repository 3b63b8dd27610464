"""TF 1.15's internal import paths and compat switches, recorded from real TF:

- src/tinytf/tf_paths/tf115_paths.json: for each TF module path that TF 1.x programs import
  (`tensorflow.python.ops.array_ops`, `tensorflow.core.framework.graph_pb2`, ...), the public
  names it defines and, for each, the public `tf.*` path of the same object (TF itself says that
  `array_ops.reshape is tf.reshape`), or 0 when the object is not exported under tf.*;
- tests/tf_paths/golden/params.json: the parameter names of the module names that are not
  exported (what tinytf's same-named functions must accept);
- tests/compat/golden/compat.json: tf.compat.as_bytes/as_text/... results, tf.compat's type
  tuples, tf.version.* and the top-level version constants, the compat switches' return values.
Run with real TF 1.15 (Python 3.7):
    /work/tf115/bin/python tools/make_import_path_fixtures.py
"""

import importlib
import inspect
import json
import os
import pathlib
import types

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
API = pathlib.Path("/work/shared/api/tf115_api.json")

_OPS = (
    "array_ops check_ops clip_ops control_flow_ops data_flow_ops embedding_ops functional_ops "
    "gen_array_ops gen_control_flow_ops gen_io_ops gen_linalg_ops gen_logging_ops gen_math_ops "
    "gen_nn_ops gen_random_ops gen_sparse_ops gen_state_ops gradient_checker gradients "
    "gradients_impl histogram_ops image_ops init_ops io_ops linalg_ops logging_ops lookup_ops "
    "math_ops metrics nn nn_impl nn_ops parsing_ops partitioned_variables random_ops rnn rnn_cell "
    "rnn_cell_impl script_ops sparse_ops special_math_ops state_ops string_ops "
    "summary_ops_v2 tensor_array_ops template variable_scope variables losses.losses"
)
_TRAINING = (
    "adadelta adagrad adam basic_session_run_hooks checkpoint_management checkpoint_utils "
    "coordinator ftrl gradient_descent input learning_rate_decay momentum monitored_session "
    "moving_averages optimizer proximal_adagrad proximal_gradient_descent queue_runner "
    "queue_runner_impl rmsprop saver server_lib session_manager session_run_hook slot_creator "
    "summary_io supervisor training training_util"
)
MODULES = (
    [f"python.ops.{m}" for m in _OPS.split()]
    + [f"python.training.{m}" for m in _TRAINING.split()]
    + [
        f"python.framework.{m}"
        for m in (
            "constant_op dtypes errors errors_impl graph_io graph_util graph_util_impl importer "
            "meta_graph ops random_seed sparse_tensor tensor_shape tensor_util test_util versions"
        ).split()
    ]
    + [
        f"python.platform.{m}"
        for m in "app flags gfile googletest resource_loader sysconfig test tf_logging".split()
    ]
    + ["python.client.client_lib", "python.client.device_lib", "python.client.session"]
    + ["python.client.timeline", "python.lib.io.file_io", "python.lib.io.python_io"]
    + ["python.lib.io.tf_record", "python.summary.summary", "python.summary.summary_iterator"]
    + [
        "python.summary.writer.writer",
        "python.tools.freeze_graph",
        "python.tools.inspect_checkpoint",
    ]
    + ["python.util.compat", "python.util.nest"]
    + [f"python.layers.{m}" for m in "base convolutional core layers normalization pooling".split()]
    + [
        f"python.saved_model.{m}"
        for m in (
            "builder constants loader main_op saved_model signature_constants "
            "signature_def_utils simple_save tag_constants utils"
        ).split()
    ]
)
PROTO_DIRS = ("core.framework", "core.protobuf", "core.util", "core.example")
# TF's internal packages: served from tinytf/tf_paths, never from a tinytf namespace
_INTERNAL = {"python", "core", "tools", "compiler", "pywrap_tensorflow"}
# Names every TF module carries that are not its API.
_NOISE = {"absolute_import", "division", "print_function", "tf_export", "deprecated_endpoints"}


def _resolve(tf, path):
    obj = tf
    for part in path.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _is_scalar(obj):
    return obj is None or isinstance(obj, (bool, int, float, str, bytes, tuple, list, dict))


def public_objects(tf):
    """id(object) -> its public tf.* paths, shortest first, and (name, scalar value) -> paths.
    tf.compat is not in the API list but its names are public too."""
    names = list(json.loads(API.read_text())["names"])
    names += [f"tf.compat.{n}" for n in dir(tf.compat) if n[0] != "_" and n not in ("v1", "v2")]
    by_id, by_value = {}, {}
    for path in sorted(names, key=lambda p: (p.count("."), len(p), p)):
        try:
            obj = _resolve(tf, path)
        except AttributeError:
            continue
        if _is_scalar(obj):
            by_value.setdefault((path.rsplit(".", 1)[1], repr(obj)), []).append(path[3:])
        elif not isinstance(obj, types.ModuleType):
            by_id.setdefault(id(obj), []).append(path[3:])
    return by_id, by_value


def _params(obj):
    try:
        target = obj.__init__ if inspect.isclass(obj) else obj
        return [n for n in inspect.signature(target).parameters if n != "self"]
    except (TypeError, ValueError):
        return None


def _module_names(module):
    for name in sorted(dir(module)):
        obj = getattr(module, name)
        if name.startswith("_") or name in _NOISE or isinstance(obj, types.ModuleType):
            continue
        if name.endswith("_eager_fallback") or type(obj).__name__ == "LazyLoader":
            continue
        # gen_* modules also hold CamelCase raw-op wrappers (tf.raw_ops); programs call the
        # snake_case ones
        if name[:1].isupper() and getattr(obj, "__module__", "").split(".")[-1].startswith("gen_"):
            continue
        yield name, obj


def _tf_name(module_name):
    return module_name.replace("tensorflow_core", "tensorflow")


def record_module(module, by_id, by_value, recorded):
    """({name: "public|paths" or 0}, {name: "param,param" or "=module that defines it"})."""
    table, params = {}, {}
    for name, obj in _module_names(module):
        if _is_scalar(obj):
            path = by_value.get((name, repr(obj)))
        else:
            path = by_id.get(id(obj))
        table[name] = "|".join(path) if path else 0
        if path or not callable(obj):
            continue
        home = _tf_name(getattr(obj, "__module__", None) or "")
        if home != _tf_name(module.__name__) and home in recorded:
            params[name] = f"={home}"  # re-exported: its params are recorded where it lives
        elif _params(obj) is not None:
            params[name] = ",".join(_params(obj))
    return table, params


def _proto_modules():
    base = pathlib.Path(importlib.import_module("tensorflow_core").__file__).parent
    for directory in PROTO_DIRS:
        for f in sorted((base / directory.replace(".", "/")).glob("*_pb2.py")):
            yield f"{directory}.{f.stem}"


def record_paths(tf):
    by_id, by_value = public_objects(tf)
    paths, params = {}, {}
    names = [f"tensorflow.{name}" for name in MODULES + list(_proto_modules())]
    for name in names:
        module = importlib.import_module(name)
        paths[name], params[name] = record_module(module, by_id, by_value, set(names))
    # "tensorflow": TF's public namespaces (`tensorflow.examples` is a package, no attribute)
    spaces = {n for n in dir(tf) if isinstance(getattr(tf, n), types.ModuleType)} | {"examples"}
    paths["tensorflow"] = {n: 0 for n in sorted(spaces - _INTERNAL) if not n.startswith("_")}
    return paths, params


def record_compat(tf):
    c = tf.compat
    samples = ["abc", b"abc", "h\u00e9llo", "\u00fc".encode("utf-8")]
    out = {
        "as_bytes": [[repr(s), repr(c.as_bytes(s))] for s in samples],
        "as_text": [[repr(s), repr(c.as_text(s))] for s in samples],
        "as_str_any": [[repr(s), repr(c.as_str_any(s))] for s in samples + [3, 2.5, None]],
        "path_to_str": [[repr(s), repr(c.path_to_str(s))] for s in ["a/b", pathlib.Path("a/b")]],
        "types": {
            k: [t.__name__ for t in getattr(c, k)]
            for k in ("integral_types", "real_types", "complex_types", "bytes_or_text_types")
        },
        "forward_compatible": [
            [d, c.forward_compatible(*d)] for d in ([2019, 1, 1], [2019, 10, 1], [2030, 1, 1])
        ],
        "version": {k: getattr(tf.version, k) for k in dir(tf.version) if not k.startswith("_")},
        "top": {
            k: getattr(tf, k)
            for k in (
                "VERSION GIT_VERSION COMPILER_VERSION CXX11_ABI_FLAG MONOLITHIC_BUILD "
                "GRAPH_DEF_VERSION GRAPH_DEF_VERSION_MIN_CONSUMER GRAPH_DEF_VERSION_MIN_PRODUCER "
                "__version__"
            ).split()
        },
        "switches": {
            k: getattr(tf, k)()
            for k in (
                "executing_eagerly resource_variables_enabled control_flow_v2_enabled".split()
            )
        },
        "compat_names": sorted(n for n in dir(c) if not n.startswith("_")),
    }
    try:
        c.as_bytes(3)
    except TypeError as e:
        out["as_bytes_error"] = str(e)
    return out


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _one_line_each(table):
    lines = ",\n".join(
        f" {json.dumps(k)}: {json.dumps(v, sort_keys=True, separators=(',', ':'))}"
        for k, v in sorted(table.items())
    )
    return "{\n" + lines + "\n}\n"


def main():
    import tensorflow as tf

    paths, params = record_paths(tf)
    _write(ROOT / "src" / "tinytf" / "tf_paths" / "tf115_paths.json", _one_line_each(paths))
    _write(ROOT / "tests" / "tf_paths" / "golden" / "params.json", _one_line_each(params))
    # the parameter names of TF's generated op wrappers (gen_*_ops), which tinytf's own
    # generated wrappers take (TF's API definitions rename some OpDef inputs and attrs)
    generated = {
        name: signature
        for module, names in params.items()
        if module.rpartition(".")[2].startswith("gen_")
        for name, signature in names.items()
    }
    _write(
        ROOT / "src" / "tinytf" / "tf_paths" / "gen_signatures.json",
        json.dumps(generated, indent=0, sort_keys=True) + "\n",
    )
    _write(
        ROOT / "tests" / "compat" / "golden" / "compat.json",
        json.dumps(record_compat(tf), indent=1, sort_keys=True) + "\n",
    )
    print(f"recorded {len(paths)} module paths from TF {tf.__version__}")


if __name__ == "__main__":
    main()
