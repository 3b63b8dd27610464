"""TF 1.15's tensorflow/python/platform/gfile.py: the file classes and the CamelCase names of
tf.gfile over file_io."""

from tinytf.platform.file_io import FileIO, _warn_deprecated
from tinytf.platform.file_io import copy as Copy  # noqa: F401
from tinytf.platform.file_io import create_dir as MkDir  # noqa: F401
from tinytf.platform.file_io import delete_file as Remove  # noqa: F401
from tinytf.platform.file_io import delete_recursively as DeleteRecursively  # noqa: F401
from tinytf.platform.file_io import file_exists as Exists  # noqa: F401
from tinytf.platform.file_io import get_matching_files as Glob  # noqa: F401
from tinytf.platform.file_io import is_directory as IsDirectory  # noqa: F401
from tinytf.platform.file_io import list_directory as ListDirectory  # noqa: F401
from tinytf.platform.file_io import recursive_create_dir as MakeDirs  # noqa: F401
from tinytf.platform.file_io import rename as Rename  # noqa: F401
from tinytf.platform.file_io import stat as Stat  # noqa: F401
from tinytf.platform.file_io import walk as Walk  # noqa: F401


class GFile(FileIO):
    """A file, opened on first use (mode 'r' by default): tf.gfile.GFile, tf.io.gfile.GFile.

    >>> with tf.io.gfile.GFile("/tmp/x.txt", "w") as f:
    ...     f.write("hello\\n")
    """

    def __init__(self, name, mode="r"):
        super().__init__(name=name, mode=mode)


class FastGFile(FileIO):
    """tf.gfile.FastGFile: the same as GFile (deprecated in TF 1.15; it says so once)."""

    def __init__(self, name, mode="r"):
        _warn_deprecated("FastGFile.__init__ (from tinytf.platform.gfile)", "Use tf.gfile.GFile.")
        super().__init__(name=name, mode=mode)


Open = GFile
