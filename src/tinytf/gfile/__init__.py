"""tf.gfile: TF 1.x's file functions (local paths and file://)."""

from tinytf.platform.gfile import (  # noqa: F401
    Copy,
    DeleteRecursively,
    Exists,
    FastGFile,
    GFile,
    Glob,
    IsDirectory,
    ListDirectory,
    MakeDirs,
    MkDir,
    Open,
    Remove,
    Rename,
    Stat,
    Walk,
)
