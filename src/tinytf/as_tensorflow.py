"""`import tinytf.as_tensorflow` first in a script or notebook: from then on `import tensorflow`
(and TF's module paths: `tensorflow.compat.v1`, `tensorflow.python.ops.array_ops`, ...) give
tinytf, even where a real TensorFlow is installed, since this import asks for it.

    import tinytf.as_tensorflow  # noqa: F401
    import tensorflow as tf      # tinytf
"""

from tinytf import tf_paths

tf_paths.install()
