"""Writes src/tinytf/framework/tf_op_defs.json: TF's own OpDef (REGISTER_OP) of every op type
tinytf registers: input and output args with their type/number attrs, and the attrs with their
types and defaults. GraphDef export and import are mechanical with it. Run with a venv that has
`tensorflow-cpu` (never a tinytf dependency), with tinytf's src on the path:
    PYTHONPATH=src /path/to/tf-venv/bin/python tools/record_op_defs.py

`--add OP [OP ...]` records only the named op types, from any TF (TF 1.15's Python 3.7 too,
which cannot import tinytf), and keeps every entry already in the file as it is:
    /path/to/tf115-venv/bin/python tools/record_op_defs.py --add ReadFile DecodePng
"""

import argparse
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent


def _arg(a):
    out = {"name": a.name}
    for key in ("type_attr", "number_attr", "type_list_attr"):
        if getattr(a, key):
            out[key] = getattr(a, key)
    if a.type:
        out["type"] = a.type
    if a.is_ref:
        out["is_ref"] = True
    return out


def _attr(a):
    from google.protobuf import json_format

    out = {"name": a.name, "type": a.type}
    if a.HasField("default_value"):
        out["default"] = json_format.MessageToDict(a.default_value)
    return out


def _lookup():
    """name -> OpDef proto (or None) in this TF: TF 2's registry.get, TF 1.x's whole list."""
    from tensorflow.python.framework import op_def_registry

    if hasattr(op_def_registry, "get"):
        return op_def_registry.get
    return op_def_registry.get_registered_ops().get


def _entry(op_def):
    return {
        "inputs": [_arg(a) for a in op_def.input_arg],
        "outputs": [_arg(a) for a in op_def.output_arg],
        "attrs": [_attr(a) for a in op_def.attr],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--add", nargs="+", metavar="OP", help="record only these op types")
    args = parser.parse_args()
    import tensorflow as tf  # noqa: F401 (registers the ops)

    target = ROOT / "src" / "tinytf" / "framework" / "tf_op_defs.json"
    lookup = _lookup()
    if args.add:
        table, names = json.loads(target.read_text()), args.add
    else:
        from tinytf.framework.op_def import REGISTRY

        table, names = {}, sorted(REGISTRY)
    missing = []
    for name in names:
        op_def = lookup(name)
        if op_def is None:
            missing.append(name)
        elif name not in table:
            table[name] = _entry(op_def)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, target)
    print(
        f"{len(table)} op defs in the file (TF {tf.__version__}); not in TF: {missing}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
