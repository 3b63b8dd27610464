"""tf.contrib.learn: its datasets (MNIST as the TF 1.x tutorials read it) and the text
preprocessing (VocabularyProcessor)."""

from tinytf.contrib.learn import datasets, preprocessing  # noqa: F401
