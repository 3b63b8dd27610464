"""TF's `tensorflow.python.util.nest` (tf.nest and the helpers map_fn, scan and seq2seq use)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.util.nest")
