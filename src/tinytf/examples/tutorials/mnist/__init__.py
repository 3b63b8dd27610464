"""tf.examples.tutorials.mnist: `input_data`."""
