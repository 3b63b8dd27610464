"""tf.feature_column."""

from tinytf.feature_column.categorical import (  # noqa: F401
    categorical_column_with_hash_bucket,
    categorical_column_with_identity,
    categorical_column_with_vocabulary_file,
    categorical_column_with_vocabulary_list,
    crossed_column,
    weighted_categorical_column,
)
from tinytf.feature_column.dense import (  # noqa: F401
    bucketized_column,
    embedding_column,
    indicator_column,
    numeric_column,
    shared_embedding_columns,
)
from tinytf.feature_column.feature_column import (  # noqa: F401
    input_layer,
    linear_model,
    make_parse_example_spec,
)
from tinytf.feature_column.sequence import (  # noqa: F401
    sequence_categorical_column_with_hash_bucket,
    sequence_categorical_column_with_identity,
    sequence_categorical_column_with_vocabulary_file,
    sequence_categorical_column_with_vocabulary_list,
    sequence_numeric_column,
)
