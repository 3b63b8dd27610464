"""TF's `tensorflow.python.tools`."""
