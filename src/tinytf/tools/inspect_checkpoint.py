"""`tensorflow.python.tools.inspect_checkpoint`: print a checkpoint's tensors, as TF 1.15 does.

    python -m tinytf.tools.inspect_checkpoint --file_name=model.ckpt-100 [--tensor_name=w]
"""

import argparse
import re
import sys

import numpy as np

from tinytf.training.checkpoint_utils import NewCheckpointReader


def _count_total_params(reader, count_exclude_pattern=""):
    shapes = reader.get_variable_to_shape_map()
    if count_exclude_pattern:
        pattern = re.compile(count_exclude_pattern)
        excluded = {v: s for v, s in shapes.items() if pattern.search(v)}
        shapes = {v: s for v, s in shapes.items() if v not in excluded}
        params = int(sum(np.prod(s) for s in excluded.values()))
        print(
            f"# Excluding {len(excluded)} tensors ({params} params) that match "
            f"{count_exclude_pattern} when counting."
        )
    return int(sum(np.prod(s, dtype=int) for s in shapes.values()))


def print_tensors_in_checkpoint_file(
    file_name, tensor_name, all_tensors, all_tensor_names=False, count_exclude_pattern=""
):
    """Prints the names and shapes in a checkpoint, one tensor's value (`tensor_name`), or every
    tensor (`all_tensors`), then the parameter count; errors are printed, as TF does."""
    try:
        reader = NewCheckpointReader(file_name)
        if all_tensors or all_tensor_names:
            for key in sorted(reader.get_variable_to_shape_map()):
                print("tensor_name: ", key)
                if all_tensors:
                    print(reader.get_tensor(key))
        elif not tensor_name:
            print(reader.debug_string().decode("utf-8"))
        else:
            print("tensor_name: ", tensor_name)
            print(reader.get_tensor(tensor_name))
        total = _count_total_params(reader, count_exclude_pattern)
        print(f"# Total number of params: {total}")
    except Exception as e:  # noqa: BLE001 - TF prints whatever went wrong
        print(getattr(e, "message", str(e)))


def _main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file_name", default="", help="Checkpoint filename prefix.")
    parser.add_argument("--tensor_name", default="", help="Name of the tensor to inspect.")
    parser.add_argument("--count_exclude_pattern", default="", help="Regex of names not counted.")
    for flag in ("--all_tensors", "--all_tensor_names"):
        parser.add_argument(flag, nargs="?", const=True, default=False, type=_bool)
    args = parser.parse_args(argv)
    if not args.file_name:
        print(
            "Usage: inspect_checkpoint --file_name=checkpoint_file_name "
            "[--tensor_name=tensor_to_print] [--all_tensors] [--all_tensor_names]"
        )
        return 1
    print_tensors_in_checkpoint_file(
        args.file_name, args.tensor_name, args.all_tensors, args.all_tensor_names,
        args.count_exclude_pattern,
    )
    return 0


def _bool(value):
    return str(value).lower() in ("1", "true", "yes")


if __name__ == "__main__":
    sys.exit(_main())
