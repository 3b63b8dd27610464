"""The sequence columns of TF 1.15's core (sequence_feature_column.py) and the contrib layer that
reads them, `sequence_input_layer` (tf.contrib.feature_column): [batch, time, width] inputs for
an RNN, and each example's sequence length.

As in TF 1.15, the sequence categorical columns are v1 categorical columns (linear_model takes
them; embedding_column/indicator_column of one feed sequence_input_layer, not input_layer),
while sequence_numeric_column is a v2-only column that the v1 functions refuse."""

import collections

import numpy as np

from tinytf.feature_column import categorical
from tinytf.feature_column.base import (
    CategoricalColumn,
    LazyBuilder,
    check_shape,
    normalize_feature_columns,
)
from tinytf.feature_column.dense import (
    EmbeddingColumn,
    IndicatorColumn,
    _embedding_lookup,
    _embedding_variable,
)
from tinytf.feature_column.feature_column import _check_batch_sizes
from tinytf.framework import dtypes
from tinytf.framework.op_def import control_dependencies, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops, check_ops, math_ops, reduction_ops, segment_ops, sparse_array_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.example_parsing import VarLenFeature

TensorSequenceLengthPair = collections.namedtuple(
    "TensorSequenceLengthPair", ["dense_tensor", "sequence_length"]
)


class SequenceCategoricalColumn(
    CategoricalColumn,
    collections.namedtuple("SequenceCategoricalColumn", ("categorical_column",)),
):
    """A categorical column over a sequence: its ids as a [batch, time, n] SparseTensor."""

    _is_sequence = True
    name = property(lambda self: self.categorical_column.name)
    _parse_example_spec = property(lambda self: self.categorical_column._parse_example_spec)
    _num_buckets = property(lambda self: self.categorical_column._num_buckets)
    num_buckets = _num_buckets

    def _transform_feature(self, inputs):
        return self.categorical_column._transform_feature(inputs)

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        pair = self.categorical_column._get_sparse_tensors(inputs, weight_collections, trainable)
        shape = pair.id_tensor.dense_shape
        target = array_ops.stack([shape[0], shape[1], reduction_ops.reduce_prod(shape[2:])])
        ids = sparse_array_ops.sparse_reshape(pair.id_tensor, target)
        weights = pair.weight_tensor
        if weights is not None:
            weights = sparse_array_ops.sparse_reshape(weights, target)
        return CategoricalColumn.IdWeightPair(ids, weights)


def sequence_categorical_column_with_identity(key, num_buckets, default_value=None):
    """A sequence of integer ids in [0, num_buckets)."""
    return SequenceCategoricalColumn(
        categorical.categorical_column_with_identity(key, num_buckets, default_value)
    )


def sequence_categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=dtypes.string):
    """A sequence of hash-bucketed values."""
    return SequenceCategoricalColumn(
        categorical.categorical_column_with_hash_bucket(key, hash_bucket_size, dtype)
    )


def sequence_categorical_column_with_vocabulary_file(
    key,
    vocabulary_file,
    vocabulary_size=None,
    num_oov_buckets=0,
    default_value=None,
    dtype=dtypes.string,
):
    """A sequence of values looked up in a vocabulary file."""
    return SequenceCategoricalColumn(
        categorical.categorical_column_with_vocabulary_file(
            key, vocabulary_file, vocabulary_size, num_oov_buckets, default_value, dtype
        )
    )


def sequence_categorical_column_with_vocabulary_list(
    key, vocabulary_list, dtype=None, default_value=-1, num_oov_buckets=0
):
    """A sequence of values looked up in an in-memory vocabulary."""
    return SequenceCategoricalColumn(
        categorical.categorical_column_with_vocabulary_list(
            key, vocabulary_list, dtype, default_value, num_oov_buckets
        )
    )


class SequenceNumericColumn(
    collections.namedtuple(
        "SequenceNumericColumn", ("key", "shape", "default_value", "dtype", "normalizer_fn")
    )
):
    """A v2-only column (TF 1.15 reads it with Keras' SequenceFeatures only): input_layer,
    linear_model, make_parse_example_spec and sequence_input_layer refuse it, as TF's do."""

    name = property(lambda self: self.key)
    parse_example_spec = property(lambda self: {self.key: VarLenFeature(self.dtype)})
    variable_shape = property(lambda self: TensorShape(self.shape))


def sequence_numeric_column(
    key, shape=(1,), default_value=0.0, dtype=dtypes.float32, normalizer_fn=None
):
    """A v2 sequence of real values per step (see SequenceNumericColumn)."""
    shape = check_shape(shape, key)
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype}, key: {key}")
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    return SequenceNumericColumn(key, shape, default_value, dtype, normalizer_fn)


# -- sequence_input_layer ------------------------------------------------------------------
def sequence_length_from_sparse_tensor(sp_tensor, num_elements=1):
    """Per example, 1 + the last step holding a value (0 for an empty one), in int64."""
    with name_scope(None, "sequence_length") as scope:
        rows, steps = sp_tensor.indices[:, 0], sp_tensor.indices[:, 1]
        steps = steps + array_ops.ones_like(steps)
        length = segment_ops.segment_max(steps, segment_ids=rows)
        length = math_ops.cast(math_ops.ceil(length / num_elements), dtypes.int64)
        pad = sp_tensor.dense_shape[:1] - math_ops.cast(array_ops.shape(length)[:1], dtypes.int64)
        padding = array_ops.zeros(pad, dtype=length.dtype)
        return array_ops.concat([length, padding], axis=0, name=scope)


def _sequence_dense(column, builder, weight_collections, trainable):
    """(the [batch, time, ...] values, the lengths) of an embedding or indicator column."""
    embedding = isinstance(column, EmbeddingColumn)
    if not isinstance(column.categorical_column, SequenceCategoricalColumn):
        kind = "embedding_column" if embedding else "indicator_column"
        raise ValueError(
            f"In {kind}: {column.name}. categorical_column must be of type "
            f"{'' if embedding else '_'}SequenceCategoricalColumn to use SequenceFeatures. "
            "Suggested fix: Use one of sequence_categorical_column_with_*. Given (type "
            f"{type(column.categorical_column)}): {column.categorical_column}"
        )
    pair = column.categorical_column._get_sparse_tensors(builder, weight_collections, trainable)
    if embedding:
        weights = _embedding_variable(column, weight_collections, trainable)
        dense = _embedding_lookup(column, weights, pair)
    else:
        dense = builder.get(column)
    return TensorSequenceLengthPair(dense, sequence_length_from_sparse_tensor(pair.id_tensor))


def _assert_all_equal_and_return(tensors):
    with name_scope(None, "assert_all_equal", tensors):
        if len(tensors) == 1:
            return tensors[0]
        checks = [check_ops.assert_equal(tensors[0], t) for t in tensors[1:]]
        with control_dependencies(checks):
            return array_ops.identity(tensors[0])


def sequence_input_layer(features, feature_columns, weight_collections=None, trainable=True):
    """(the columns' sequence values side by side, [batch, time, total width]; the sequence
    lengths, which must agree between the columns) (tf.contrib.feature_column)."""
    feature_columns = normalize_feature_columns(feature_columns)
    for c in feature_columns:
        if not isinstance(c, (EmbeddingColumn, IndicatorColumn)):
            raise ValueError(
                "All feature_columns must be of type _SequenceDenseColumn. You can wrap a "
                "sequence_categorical_column with an embedding_column or indicator_column. "
                f"Given (type {type(c)}): {c}"
            )
    scope_values = list(features.values())
    with vs.variable_scope(None, default_name="sequence_input_layer", values=scope_values):
        builder = LazyBuilder(features)
        outputs, lengths, ordered = [], [], sorted(feature_columns, key=lambda c: c.name)
        for column in ordered:
            with vs.variable_scope(None, default_name=column._var_scope_name):
                dense, length = _sequence_dense(column, builder, weight_collections, trainable)
                shape = array_ops.shape(dense)
                width = np.int32(column._variable_shape.num_elements())
                target = array_ops.stack([shape[0], shape[1], width])
                outputs.append(array_ops.reshape(dense, target))
                lengths.append(length)
        _check_batch_sizes(outputs, ordered)
        _check_batch_sizes(lengths, ordered)
        return array_ops.concat(outputs, -1), _assert_all_equal_and_return(lengths)
