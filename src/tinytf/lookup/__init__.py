"""tf.lookup (TF 1.15's v1 names): static tables and their initializers."""

from tinytf.ops.lookup_tables import (  # noqa: F401
    KeyValueTensorInitializer,
    StaticHashTable,
    StaticVocabularyTable,
    TextFileIndex,
    TextFileInitializer,
)
from tinytf.lookup import experimental  # noqa: F401, E402
