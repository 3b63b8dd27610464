"""tf.examples: the readers of the TF tutorials' data."""
