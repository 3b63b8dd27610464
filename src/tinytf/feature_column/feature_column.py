"""tf.feature_column's builders: `input_layer` (the dense columns' values side by side, sorted by
name), `linear_model` (a weighted sum per column, `<column>/weights`, plus `bias_weights`) and
`make_parse_example_spec`, as TF 1.15's v1 feature_column.py."""

import numpy as np

from tinytf.feature_column.base import (
    CategoricalColumn,
    DenseColumn,
    FeatureColumn,
    LazyBuilder,
    batch_size,
    normalize_feature_columns,
)
from tinytf.framework import graph as graph_lib
from tinytf.framework.op_def import name_scope
from tinytf.ops import array_ops, init_ops, math_ops, nn_ops, sparse_array_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.embedding_sparse_ops import safe_embedding_lookup_sparse

GraphKeys = graph_lib.GraphKeys


def _weight_collections(weight_collections):
    collections = list(weight_collections or [])
    for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES):
        if key not in collections:
            collections.append(key)
    return collections


def _scope_variables():
    return graph_lib.get_default_graph().get_collection(
        GraphKeys.GLOBAL_VARIABLES, scope=vs.get_variable_scope().name
    )


def _check_batch_sizes(tensors, columns):
    expected, first = None, None
    for tensor, column in zip(tensors, columns):
        size = tensor.shape.dims[0] if tensor.shape.dims else None
        if size is None or size.value is None:
            continue
        if expected is None:
            expected, first = size, column
        elif not expected.is_compatible_with(size):
            raise ValueError(
                "Batch size (first dimension) of each feature must be same. Batch size of "
                f"columns ({first.name}, {column.name}): ({expected}, {size})"
            )


def _flat_dense(column, builder, weight_collections, trainable):
    tensor = column._get_dense_tensor(
        builder, weight_collections=weight_collections, trainable=trainable
    )
    width = column._variable_shape.num_elements()
    return array_ops.reshape(tensor, (array_ops.shape(tensor)[0], width))


def input_layer(
    features,
    feature_columns,
    weight_collections=None,
    trainable=True,
    cols_to_vars=None,
    cols_to_output_tensors=None,
):
    """The dense columns' values as one [batch, total width] float32 tensor.

    >>> net = tf.feature_column.input_layer(features, [price, tf.feature_column.embedding_column(
    ...     tf.feature_column.categorical_column_with_hash_bucket("city", 100), dimension=8)])
    """
    feature_columns = normalize_feature_columns(feature_columns)
    for column in feature_columns:
        if not isinstance(column, DenseColumn):
            raise ValueError(
                "Items of feature_columns must be a _DenseColumn. You can wrap a categorical "
                f"column with an embedding_column or indicator_column. Given: {column}"
            )
    weight_collections = _weight_collections(weight_collections)
    with vs.variable_scope(None, default_name="input_layer", values=list(features.values())):
        builder = LazyBuilder(features)
        outputs, ordered = [], sorted(feature_columns, key=lambda c: c.name)
        for column in ordered:
            with vs.variable_scope(None, default_name=column._var_scope_name):
                output = _flat_dense(column, builder, weight_collections, trainable)
                outputs.append(output)
                if cols_to_vars is not None:
                    cols_to_vars[column] = _scope_variables()
                if cols_to_output_tensors is not None:
                    cols_to_output_tensors[column] = output
        _check_batch_sizes(outputs, ordered)
        return array_ops.concat(outputs, 1)


def _column_weighted_sum(column, builder, units, sparse_combiner, collections, trainable):
    """`column`'s contribution to linear_model's logits, with its `weights` variable."""
    categorical = isinstance(column, CategoricalColumn)
    rows = column._num_buckets if categorical else column._variable_shape.num_elements()
    weights = vs.get_variable(
        "weights",
        shape=(rows, units),
        initializer=init_ops.zeros_initializer(),
        trainable=trainable,
        collections=collections,
    )
    if not categorical:
        tensor = _flat_dense(column, builder, collections, trainable)
        return math_ops.matmul(tensor, weights, name="weighted_sum")
    pair = column._get_sparse_tensors(builder, weight_collections=collections, trainable=trainable)
    ids = sparse_array_ops.sparse_reshape(
        pair.id_tensor, [batch_size(pair.id_tensor), np.int64(-1)]
    )
    id_weights = pair.weight_tensor
    if id_weights is not None:
        id_weights = sparse_array_ops.sparse_reshape(
            id_weights, [batch_size(id_weights), np.int64(-1)]
        )
    return safe_embedding_lookup_sparse(
        weights, ids, sparse_weights=id_weights, combiner=sparse_combiner, name="weighted_sum"
    )


def _check_linear_columns(feature_columns):
    for column in feature_columns:
        if not isinstance(column, (DenseColumn, CategoricalColumn)):
            raise ValueError(
                "Items of feature_columns must be either a _DenseColumn or _CategoricalColumn. "
                f"Given: {column}"
            )


def linear_model(
    features,
    feature_columns,
    units=1,
    sparse_combiner="sum",
    weight_collections=None,
    trainable=True,
    cols_to_vars=None,
):
    """sum over columns of the column times its `<column>/weights`, plus `bias_weights`
    ([batch, units]); categorical columns add their ids' weight rows (sparse_combiner)."""
    feature_columns = normalize_feature_columns(feature_columns)
    _check_linear_columns(feature_columns)
    collections = _weight_collections(weight_collections)
    found = {}
    with vs.variable_scope(None, default_name="linear_model", values=list(features.values())):
        model = vs.get_variable_scope().name.rsplit("/", 1)[-1]
    # TF's _LinearModel is a Keras Model named after that scope: its variables sit in the scope,
    # its ops in the (uniquified) name scope of its __call__ (linear_model_1/linear_model/...).
    with name_scope(None, model), vs.variable_scope(model):
        builder = LazyBuilder(features)
        sums, ordered = [], sorted(feature_columns, key=lambda c: c.name)
        for column in ordered:
            with vs.variable_scope(None, default_name=column._var_scope_name):
                sums.append(
                    _column_weighted_sum(
                        column, builder, units, sparse_combiner, collections, trainable
                    )
                )
                found[column] = _scope_variables()
        _check_batch_sizes(sums, ordered)
        no_bias = math_ops.add_n(sums, name="weighted_sum_no_bias")
        bias = vs.get_variable(
            "bias_weights",
            shape=[units],
            initializer=init_ops.zeros_initializer(),
            trainable=trainable,
            collections=collections,
        )
        found["bias"] = [bias]
        if cols_to_vars is not None:
            cols_to_vars.update(found)
        return nn_ops.bias_add(no_bias, bias, name="weighted_sum")


def make_parse_example_spec(feature_columns):
    """The tf.parse_example `features` dict (key -> FixedLenFeature/VarLenFeature) the columns
    read."""
    result = {}
    for column in feature_columns:
        if not isinstance(column, FeatureColumn):
            raise ValueError(
                f"All feature_columns must be _FeatureColumn instances. Given: {column}"
            )
        config = column._parse_example_spec
        for key, value in config.items():
            if key in result and value != result[key]:
                raise ValueError(
                    f"feature_columns contain different parse_spec for key {key}. Given "
                    f"{value} and {result[key]}"
                )
        result.update(config)
    return result
