"""tf.contrib.learn.preprocessing: the text processors and the categorical vocabulary."""

from tinytf.contrib.learn.preprocessing.categorical_vocabulary import (  # noqa: F401
    CategoricalVocabulary,
)
from tinytf.contrib.learn.preprocessing.text import (  # noqa: F401
    TOKENIZER_RE,
    ByteProcessor,
    VocabularyProcessor,
    tokenizer,
)
