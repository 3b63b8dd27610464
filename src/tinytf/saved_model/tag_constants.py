"""tf.saved_model.tag_constants: the tags of a SavedModel's meta graphs."""

SERVING = "serve"
TRAINING = "train"
GPU = "gpu"
TPU = "tpu"
