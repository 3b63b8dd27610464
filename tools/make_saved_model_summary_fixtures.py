"""Writes what real TF 1.15 records for the tf.saved_model, tf.summary, tf.graph_util and
tf.resource_loader breadth tests:

- tests/saved_model/golden/saved_model_breadth.json: every scenario of
  tests/saved_model/saved_model_cases.py (constants, signature defs as serialized protos,
  is_valid_signature, get_tensor_from_tensor_info, main_op, contains_saved_model, errors);
- tests/summary/golden/summary_breadth.json: every scenario of tests/summary/summary_cases.py
  (tensor_summary and audio Summary bytes, FileWriterCache, an event file TF wrote, errors);
- tests/saved_model/golden/graph_util_resource_loader.json: must_run_on_cpu over NodeDefs and
  Operations, tensor_shape_from_node_def_name, and how tf.resource_loader's paths relate to the
  caller's file and to TF's own package.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_saved_model_summary_fixtures.py
"""

import inspect
import json
import os
import pathlib
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.saved_model import saved_model_cases  # noqa: E402
from tests.summary import summary_cases  # noqa: E402

# must_run_on_cpu cases: (op type, {attr: DataType enum}, pin_variables_on_cpu)
CPU_CASES = [
    ("Const", {"dtype": 7}, False),
    ("Const", {"dtype": 3}, False),
    ("Const", {"dtype": 1}, False),
    ("DynamicStitch", {"T": 3}, False),
    ("ParallelDynamicStitch", {"T": 1}, False),
    ("Cast", {"SrcT": 3}, False),
    ("Cast", {"SrcT": 1}, False),
    ("VariableV2", {"dtype": 1}, False),
    ("VariableV2", {"dtype": 1}, True),
    ("Assign", {"T": 1}, True),
    ("MatMul", {"T": 1}, True),
]


def _graph_util():
    found = {"node_defs": []}
    for op, attrs, pin in CPU_CASES:
        node = tf.NodeDef(name="n", op=op)
        for key, enum in attrs.items():
            node.attr[key].type = enum
        found["node_defs"].append(tf.graph_util.must_run_on_cpu(node, pin))
    with tf.Graph().as_default() as graph:
        ops = [
            tf.constant("s", name="s").op,
            tf.constant(1, name="i").op,
            tf.cast(tf.constant(1, name="j"), tf.float32, name="cast").op,
            tf.Variable(1.0, name="v").op,
        ]
        found["operations"] = [tf.graph_util.must_run_on_cpu(o) for o in ops]
        found["pinned"] = [tf.graph_util.must_run_on_cpu(o, pin_variables_on_cpu=True) for o in ops]
        try:
            tf.graph_util.must_run_on_cpu("s")
        except Exception as e:  # noqa: BLE001
            found["not_a_node"] = type(e).__name__
        tf.split(tf.placeholder(tf.float32, [4, None], name="x"), 2, name="halves")
        shape = tf.graph_util.tensor_shape_from_node_def_name
        found["shapes"] = [shape(graph, n).as_list() for n in ("x", "x:0", "halves:1")]
        found["shape_missing"] = saved_model_cases.outcome(lambda: shape(graph, "nope"))
    found["import_graph_def_alias"] = tf.graph_util.import_graph_def is tf.import_graph_def
    return found


def _resource_loader():
    rl = tf.resource_loader
    here = os.path.dirname(inspect.getfile(sys._getframe(0)))
    module_dir = os.path.dirname(inspect.getfile(rl.get_data_files_path))
    own_file = os.path.join(module_dir, "resource_loader.py")
    with open(own_file, "rb") as f:
        own = f.read()
    found = {
        "data_files_path_is_caller_dir": rl.get_data_files_path() == here,
        "datafile_joins_caller_dir": rl.get_path_to_datafile("a/b.txt")
        == os.path.join(here, "a/b.txt"),
        "root_dir_is_module_dir": rl.get_root_dir_with_all_resources() == module_dir,
        "load_resource_from_package_root": rl.load_resource("python/platform/resource_loader.py")
        == own,
        "readahead": rl.readahead_file_path("some/path", "1M"),
    }
    try:
        rl.load_resource("no/such/file")
    except Exception as e:  # noqa: BLE001
        found["load_missing"] = type(e).__name__
    return found


def _write(path, golden):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = path.with_suffix(".json.tmp")
    tmp_path.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    tmp_path.replace(path)
    print("wrote", path, path.stat().st_size, "bytes")


def _cases(module):
    golden = {}
    for scenario in module.SCENARIOS:
        with tempfile.TemporaryDirectory() as tmp:
            golden[scenario.__name__] = module.run(tf, scenario, tmp)
        print(scenario.__name__, "ok")
    return golden


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    _write(ROOT / "tests/saved_model/golden/saved_model_breadth.json", _cases(saved_model_cases))
    _write(ROOT / "tests/summary/golden/summary_breadth.json", _cases(summary_cases))
    _write(
        ROOT / "tests/saved_model/golden/graph_util_resource_loader.json",
        {"graph_util": _graph_util(), "resource_loader": _resource_loader()},
    )


if __name__ == "__main__":
    main()
