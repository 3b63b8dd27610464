"""tf.feature_column: how the raw features of an input_fn become a model's dense input.
tinytf has numeric columns: `input_layer` concatenates them (sorted by name, as TF does) and
`linear_model` gives each one weights `<name>/weights` and adds `bias_weights`."""

from collections import namedtuple

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.op_def import convert_to_tensor
from tinytf.ops import array_ops, init_ops, math_ops
from tinytf.ops import variable_scope as vs


class NumericColumn(
    namedtuple("NumericColumn", ["key", "shape", "default_value", "dtype", "normalizer_fn"])
):
    """A real-valued feature `key` with `shape` per example."""

    name = property(lambda self: self.key)

    def _dense_tensor(self, features):
        if self.key not in features:
            raise ValueError(f"Feature {self.key} is not in features dictionary.")
        tensor = math_ops.cast(convert_to_tensor(features[self.key]), dtypes.float32)
        if self.normalizer_fn is not None:
            tensor = self.normalizer_fn(tensor)
        n = int(np.prod(self.shape))
        return array_ops.reshape(tensor, [-1, n]), n


def numeric_column(key, shape=(1,), default_value=None, dtype=dtypes.float32, normalizer_fn=None):
    """A numeric feature column.

    >>> columns = [tf.feature_column.numeric_column("x", shape=[784])]
    """
    if not isinstance(key, str):
        raise ValueError(f"key must be a string. Given: {key}")
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if not all(isinstance(d, int) and d > 0 for d in shape):
        raise ValueError(f"shape dimensions must be greater than 0. shape: {shape}, key: {key}")
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype}, key: {key}")
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    return NumericColumn(key, shape, default_value, dtype, normalizer_fn)


def _sorted(feature_columns):
    columns = list(feature_columns)
    if not columns:
        raise ValueError("feature_columns must not be empty.")
    for c in columns:
        if not isinstance(c, NumericColumn):
            raise ValueError(f"tinytf supports numeric_column feature columns only. Given: {c}")
    return sorted(columns, key=lambda c: c.name)


def input_layer(
    features,
    feature_columns,
    weight_collections=None,
    trainable=True,
    cols_to_vars=None,
    cols_to_output_tensors=None,
):
    """The columns' values as one [batch, total width] float32 tensor."""
    with vs.variable_scope(None, default_name="input_layer"):
        outputs = []
        for column in _sorted(feature_columns):
            with vs.variable_scope(None, default_name=column.name):
                tensor, _ = column._dense_tensor(features)
                outputs.append(tensor)
                if cols_to_output_tensors is not None:
                    cols_to_output_tensors[column] = tensor
        return array_ops.concat(outputs, 1)


def linear_model(
    features,
    feature_columns,
    units=1,
    sparse_combiner="sum",
    weight_collections=None,
    trainable=True,
    cols_to_vars=None,
):
    """sum over columns of column @ `<column>/weights` [width, units], plus `bias_weights`."""
    with vs.variable_scope(None, default_name="linear_model"):
        terms = []
        for column in _sorted(feature_columns):
            with vs.variable_scope(None, default_name=column.name):
                tensor, n = column._dense_tensor(features)
                weights = vs.get_variable(
                    "weights",
                    [n, units],
                    initializer=init_ops.zeros_initializer(),
                    trainable=trainable,
                )
                terms.append(math_ops.matmul(tensor, weights, name="weighted_sum"))
                if cols_to_vars is not None:
                    cols_to_vars[column] = [weights]
        bias = vs.get_variable(
            "bias_weights", [units], initializer=init_ops.zeros_initializer(), trainable=trainable
        )
        return math_ops.add(math_ops.add_n(terms), bias, name="weighted_sum")
