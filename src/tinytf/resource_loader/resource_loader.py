"""tf.resource_loader: paths of data files beside a program, as TF 1.15 finds them (Bazel's
runfiles where there are any, else the calling file's directory).

    vocab = os.path.join(tf.resource_loader.get_data_files_path(), "vocab.txt")
"""

import inspect
import os
import sys


def load_resource(path):
    """The bytes of the file at `path`, relative to the tinytf package (TF: tensorflow/)."""
    root = os.path.join(os.path.dirname(__file__), os.pardir)
    with open(os.path.abspath(os.path.join(root, path)), "rb") as f:
        return f.read()


def get_data_files_path():
    """The directory of the calling file."""
    return os.path.dirname(inspect.getfile(sys._getframe(1)))


def get_root_dir_with_all_resources():
    """The directory just under a `.runfiles` directory above this module, else this module's
    own directory (TF asks about its own file here, not the caller's)."""
    script_dir = get_data_files_path()
    directories = [script_dir]
    while True:
        candidate = directories[-1]
        if ".runfiles" in os.path.basename(candidate):
            return directories[-2] if len(directories) > 1 else script_dir
        parent = os.path.dirname(candidate)
        if parent == candidate:
            return script_dir
        directories.append(parent)


def get_path_to_datafile(path):
    """`path` joined to the calling file's directory."""
    return os.path.join(os.path.dirname(inspect.getfile(sys._getframe(1))), path)


def readahead_file_path(path, readahead="128M"):
    """`path` itself: TF 1.15 implements no readahead either."""
    return path
