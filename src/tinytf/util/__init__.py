"""Small utilities TF 1.15 kept in tensorflow/python/util (tf_decorator, tf_stack)."""
