"""The dense columns: numeric, bucketized (dense and categorical), embedding, shared embeddings
and indicator, as TF 1.15's feature_column_v2 builds them for input_layer and linear_model."""

import collections
import math

from tinytf.feature_column.base import (
    CategoricalColumn,
    DenseColumn,
    assert_key_is_string,
    check_default_value,
    check_shape,
)
from tinytf.framework import dtypes
from tinytf.framework import graph as graph_lib
from tinytf.framework.op_def import name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import (
    array_ops,
    init_ops,
    math_ops,
    reduction_ops,
    sequence_ops,
    sparse_array_ops,
    sparse_ops,
)
from tinytf.ops import variable_scope as vs
from tinytf.ops.embedding_sparse_ops import safe_embedding_lookup_sparse
from tinytf.ops.example_parsing import FixedLenFeature
from tinytf.ops.feature_column_ops import bucketize
from tinytf.ops.sparse_ops import SparseTensor


class NumericColumn(
    DenseColumn,
    collections.namedtuple(
        "NumericColumn", ("key", "shape", "default_value", "dtype", "normalizer_fn")
    ),
):
    """A real-valued feature `key` with `shape` per example."""

    name = property(lambda self: self.key)
    _variable_shape = property(lambda self: TensorShape(self.shape))

    @property
    def _parse_example_spec(self):
        return {self.key: FixedLenFeature(self.shape, self.dtype, self.default_value)}

    def _transform_feature(self, inputs):
        tensor = inputs.get(self.key)
        if isinstance(tensor, SparseTensor):
            raise ValueError(
                "The corresponding Tensor of numerical column must be a Tensor. "
                f"SparseTensor is not supported. key: {self.key}"
            )
        if self.normalizer_fn is not None:
            tensor = self.normalizer_fn(tensor)
        return math_ops.cast(tensor, dtypes.float32)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        return inputs.get(self)


def numeric_column(key, shape=(1,), default_value=None, dtype=dtypes.float32, normalizer_fn=None):
    """A numeric feature column.

    >>> columns = [tf.feature_column.numeric_column("x", shape=[784])]
    """
    shape = check_shape(shape, key)
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype}, key: {key}")
    default_value = check_default_value(shape, default_value, dtype, key)
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    assert_key_is_string(key)
    return NumericColumn(key, shape, default_value, dtype, normalizer_fn)


class BucketizedColumn(
    DenseColumn,
    CategoricalColumn,
    collections.namedtuple("BucketizedColumn", ("source_column", "boundaries")),
):
    """A numeric column cut at `boundaries`: one-hot when dense, bucket ids when categorical."""

    name = property(lambda self: f"{self.source_column.name}_bucketized")
    _parse_example_spec = property(lambda self: self.source_column._parse_example_spec)
    _num_buckets = property(lambda self: (len(self.boundaries) + 1) * self.source_column.shape[0])

    @property
    def _variable_shape(self):
        return TensorShape(tuple(self.source_column.shape) + (len(self.boundaries) + 1,))

    def _transform_feature(self, inputs):
        return bucketize(inputs.get(self.source_column), boundaries=self.boundaries)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        return array_ops.one_hot(
            math_ops.cast(inputs.get(self), dtypes.int64),
            depth=len(self.boundaries) + 1,
            on_value=1.0,
            off_value=0.0,
        )

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        ids = inputs.get(self)
        batch_size = array_ops.shape(ids)[0]
        width = self.source_column.shape[0]
        rows = array_ops.reshape(
            array_ops.tile(array_ops.expand_dims(math_ops.range(0, batch_size), 1), [1, width]),
            (-1,),
        )
        cols = array_ops.tile(math_ops.range(0, width), [batch_size])
        values = array_ops.reshape(ids, (-1,)) + (len(self.boundaries) + 1) * cols
        indices = math_ops.cast(array_ops.transpose(array_ops.stack((rows, cols))), dtypes.int64)
        shape = math_ops.cast(array_ops.stack([batch_size, width]), dtypes.int64)
        return CategoricalColumn.IdWeightPair(SparseTensor(indices, values, shape), None)


def bucketized_column(source_column, boundaries):
    """A numeric column's values as bucket ids at the sorted `boundaries`."""
    if not isinstance(source_column, NumericColumn):
        raise ValueError(
            f"source_column must be a column generated with numeric_column(). Given: "
            f"{source_column}"
        )
    if len(source_column.shape) > 1:
        raise ValueError(f"source_column must be one-dimensional column. Given: {source_column}")
    if not boundaries:
        raise ValueError("boundaries must not be empty.")
    if not isinstance(boundaries, (list, tuple)):
        raise ValueError("boundaries must be a sorted list.")
    if any(a >= b for a, b in zip(boundaries[:-1], boundaries[1:])):
        raise ValueError("boundaries must be a sorted list.")
    return BucketizedColumn(source_column, tuple(boundaries))


# -- embeddings ------------------------------------------------------------------------------
def _check_embedding_args(dimension, ckpt_to_load_from, tensor_name_in_ckpt):
    if dimension is None or dimension < 1:
        raise ValueError(f"Invalid dimension {dimension}.")
    if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
        raise ValueError(
            "Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or none of them."
        )


def _default_initializer(initializer, dimension):
    if initializer is None:
        return init_ops.truncated_normal_initializer(mean=0.0, stddev=1 / math.sqrt(dimension))
    return initializer


_DENSE_FEATURES = ("DenseFeatures", "SequenceFeatures instead of DenseFeatures")
_INPUT_LAYER = ("input_layer", "sequence_input_layer instead of input_layer")


def _no_sequence(column, kind, layers=_DENSE_FEATURES):
    if getattr(column.categorical_column, "_is_sequence", False):
        raise ValueError(
            f"In {kind}: {column.name}. categorical_column must not be of type "
            f"_SequenceCategoricalColumn. Suggested fix A: If you wish to use {layers[0]}, use a "
            "non-sequence categorical_column_with_*. Suggested fix B: If you wish to create "
            f"sequence input, use {layers[1]}. Given (type "
            f"{type(column.categorical_column)}): {column.categorical_column}"
        )


def _embedding_lookup(column, weights, sparse_tensors):
    if column.ckpt_to_load_from is not None:
        from tinytf.training.checkpoint_utils import init_from_checkpoint

        init_from_checkpoint(column.ckpt_to_load_from, {column.tensor_name_in_ckpt: weights})
    return safe_embedding_lookup_sparse(
        weights,
        sparse_tensors.id_tensor,
        sparse_weights=sparse_tensors.weight_tensor,
        combiner=column.combiner,
        name=f"{column.name}_weights",
        max_norm=column.max_norm,
    )


def _embedding_variable(column, weight_collections, trainable):
    if weight_collections and graph_lib.GraphKeys.GLOBAL_VARIABLES not in weight_collections:
        weight_collections.append(graph_lib.GraphKeys.GLOBAL_VARIABLES)
    return vs.get_variable(
        "embedding_weights",
        shape=(column.categorical_column._num_buckets, column.dimension),
        dtype=dtypes.float32,
        initializer=column.initializer,
        trainable=column.trainable and trainable is not False,
        collections=weight_collections,
    )


class EmbeddingColumn(
    DenseColumn,
    collections.namedtuple(
        "EmbeddingColumn",
        (
            "categorical_column",
            "dimension",
            "combiner",
            "initializer",
            "ckpt_to_load_from",
            "tensor_name_in_ckpt",
            "max_norm",
            "trainable",
        ),
    ),
):
    """A categorical column's ids looked up in `embedding_weights` [num_buckets, dimension]
    and combined per example (combiner: 'sum', 'mean' or 'sqrtn')."""

    name = property(lambda self: f"{self.categorical_column.name}_embedding")
    _parse_example_spec = property(lambda self: self.categorical_column._parse_example_spec)
    _variable_shape = property(lambda self: TensorShape([self.dimension]))

    def _transform_feature(self, inputs):
        return inputs.get(self.categorical_column)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        _no_sequence(self, "embedding_column")
        sparse_tensors = self.categorical_column._get_sparse_tensors(
            inputs, weight_collections, trainable
        )
        weights = _embedding_variable(self, weight_collections, trainable)
        return _embedding_lookup(self, weights, sparse_tensors)


def embedding_column(
    categorical_column,
    dimension,
    combiner="mean",
    initializer=None,
    ckpt_to_load_from=None,
    tensor_name_in_ckpt=None,
    max_norm=None,
    trainable=True,
):
    """A dense column of `dimension`-wide embeddings of a categorical column's ids."""
    _check_embedding_args(dimension, ckpt_to_load_from, tensor_name_in_ckpt)
    if initializer is not None and not callable(initializer):
        raise ValueError(
            "initializer must be callable if specified. Embedding of column_name: "
            f"{categorical_column.name}"
        )
    return EmbeddingColumn(
        categorical_column,
        dimension,
        combiner,
        _default_initializer(initializer, dimension),
        ckpt_to_load_from,
        tensor_name_in_ckpt,
        max_norm,
        trainable,
    )


class _SharedEmbeddingColumn(
    DenseColumn,
    collections.namedtuple(
        "_SharedEmbeddingColumn",
        (
            "categorical_column",
            "dimension",
            "combiner",
            "initializer",
            "shared_embedding_collection_name",
            "ckpt_to_load_from",
            "tensor_name_in_ckpt",
            "max_norm",
            "trainable",
        ),
    ),
):
    """One of several categorical columns embedded by one variable, found through the graph
    collection `shared_embedding_collection_name`."""

    name = property(lambda self: f"{self.categorical_column.name}_shared_embedding")
    _var_scope_name = property(lambda self: self.shared_embedding_collection_name)
    _parse_example_spec = property(lambda self: self.categorical_column._parse_example_spec)
    _variable_shape = property(lambda self: TensorShape([self.dimension]))

    def _transform_feature(self, inputs):
        return inputs.get(self.categorical_column)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        _no_sequence(self, "embedding_column", _INPUT_LAYER)
        with name_scope(None, self.name):
            sparse_tensors = self.categorical_column._get_sparse_tensors(
                inputs, weight_collections, trainable
            )
            return _embedding_lookup(
                self, self._shared_weights(weight_collections, trainable), sparse_tensors
            )

    def _shared_weights(self, weight_collections, trainable):
        collection = graph_lib.get_default_graph().get_collection(
            self.shared_embedding_collection_name
        )
        shape = TensorShape([self.categorical_column._num_buckets, self.dimension])
        if not collection:
            weights = _embedding_variable(self, weight_collections, trainable)
            graph_lib.add_to_collection(self.shared_embedding_collection_name, weights)
            return weights
        fix = (
            "Suggested fix A: Choose a unique name for this collection. Suggested fix B: Do "
            "not add any variables to this collection. The feature_column library already "
            "adds a variable under the hood."
        )
        if len(collection) > 1:
            raise ValueError(f"Collection {collection} can only contain one variable. {fix}")
        weights = collection[0]
        if weights.get_shape() != shape:
            raise ValueError(
                f"Shared embedding collection {self.shared_embedding_collection_name} contains "
                f"variable {weights.name} of unexpected shape {weights.get_shape()}. Expected "
                f"shape is {shape}. {fix}"
            )
        return weights


def _unweighted(column):
    from tinytf.feature_column.categorical import WeightedCategoricalColumn

    return column.categorical_column if isinstance(column, WeightedCategoricalColumn) else column


def _check_shareable(sorted_columns):
    c0 = sorted_columns[0]
    if not isinstance(c0, CategoricalColumn):
        raise ValueError(
            "All categorical_columns must be subclasses of _CategoricalColumn. "
            f"Given: {c0}, of type: {type(c0)}"
        )
    num_buckets = c0._num_buckets
    c0 = _unweighted(c0)
    for c in map(_unweighted, sorted_columns[1:]):
        if not isinstance(c, type(c0)):
            raise ValueError(
                "To use shared_embedding_column, all categorical_columns must have the same "
                "type, or be weighted_categorical_column of the same type. Given column: "
                f"{c0} of type: {type(c0)} does not match given column: {c} of type: {type(c)}"
            )
        if num_buckets != c._num_buckets:
            raise ValueError(
                "To use shared_embedding_column, all categorical_columns must have the same "
                f"number of buckets. Given column: {c0} with buckets: {num_buckets} does  not "
                f"match column: {c} with buckets: {c._num_buckets}"
            )


def shared_embedding_columns(
    categorical_columns,
    dimension,
    combiner="mean",
    initializer=None,
    shared_embedding_collection_name=None,
    ckpt_to_load_from=None,
    tensor_name_in_ckpt=None,
    max_norm=None,
    trainable=True,
):
    """Embedding columns of several categorical columns (same type and bucket count) that share
    one `embedding_weights` variable."""
    _check_embedding_args(dimension, ckpt_to_load_from, tensor_name_in_ckpt)
    if initializer is not None and not callable(initializer):
        raise ValueError("initializer must be callable if specified.")
    initializer = _default_initializer(initializer, dimension)
    sorted_columns = sorted(categorical_columns, key=lambda c: c.name)
    _check_shareable(sorted_columns)
    if not shared_embedding_collection_name:
        shared_embedding_collection_name = "_".join(c.name for c in sorted_columns)
        shared_embedding_collection_name += "_shared_embedding"
    return [
        _SharedEmbeddingColumn(
            column,
            dimension,
            combiner,
            initializer,
            shared_embedding_collection_name,
            ckpt_to_load_from,
            tensor_name_in_ckpt,
            max_norm,
            trainable,
        )
        for column in categorical_columns
    ]


# -- indicator -------------------------------------------------------------------------------
class IndicatorColumn(
    DenseColumn, collections.namedtuple("IndicatorColumn", ("categorical_column",))
):
    """A categorical column as a multi-hot [batch, num_buckets] vector (weights summed)."""

    name = property(lambda self: f"{self.categorical_column.name}_indicator")
    _parse_example_spec = property(lambda self: self.categorical_column._parse_example_spec)
    _variable_shape = property(lambda self: TensorShape([1, self.categorical_column._num_buckets]))

    def _transform_feature(self, inputs):
        pair = self.categorical_column._get_sparse_tensors(inputs)
        depth = self.categorical_column._num_buckets
        if pair.weight_tensor is not None:
            merged = sparse_array_ops.sparse_merge(pair.id_tensor, pair.weight_tensor, depth)
            merged = sparse_array_ops.sparse_slice(merged, [0, 0], merged.dense_shape)
            # merged's dense shape, spelled so that it folds when the ids' shape is constant
            # (TF's shape inference folds through SparseSlice; tinytf's folds one-output ops)
            shape = array_ops.concat([pair.id_tensor.dense_shape[:-1], [depth]], 0)
            return sequence_ops.scatter_nd(merged.indices, merged.values, shape)
        dense_ids = sparse_ops.sparse_tensor_to_dense(pair.id_tensor, default_value=-1)
        one_hot = array_ops.one_hot(dense_ids, depth=depth, on_value=1.0, off_value=0.0)
        return reduction_ops.reduce_sum(one_hot, axis=[-2])

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        _no_sequence(self, "indicator_column")
        return inputs.get(self)


def indicator_column(categorical_column):
    """A multi-hot dense column of a categorical column (for input_layer and DNNs)."""
    return IndicatorColumn(categorical_column)
