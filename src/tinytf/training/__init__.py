"""Optimizers, the global step and learning-rate schedules (tf.train)."""
