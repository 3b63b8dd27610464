"""What every feature column shares (TF 1.15 feature_column.py's _FeatureColumn, _DenseColumn,
_CategoricalColumn, _LazyBuilder), and the checks the column constructors run, in TF's words."""

import collections

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.op_def import name_scope
from tinytf.ops import array_ops, math_ops, sequence_ops, sparse_array_ops
from tinytf.ops.sparse_ops import SparseTensor
from tinytf.util import nest


class FeatureColumn:
    """A feature column (TF's _FeatureColumn): a namedtuple subclass naming its feature(s)."""

    __slots__ = ()

    @property
    def _var_scope_name(self):
        return self.name


class DenseColumn(FeatureColumn):
    """A column input_layer can feed to a network: `_variable_shape`, `_get_dense_tensor`."""

    __slots__ = ()


class CategoricalColumn(FeatureColumn):
    """A column of sparse int64 ids in [0, _num_buckets) (TF's _CategoricalColumn)."""

    __slots__ = ()
    IdWeightPair = collections.namedtuple("IdWeightPair", ["id_tensor", "weight_tensor"])

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        return CategoricalColumn.IdWeightPair(inputs.get(self), None)


class LazyBuilder:
    """The transformed features of one input_layer/linear_model call: each column (and each raw
    key) is transformed once (TF's _LazyBuilder)."""

    def __init__(self, features):
        self._features = dict(features)
        self._feature_tensors = {}

    def get(self, key):
        """The (cached) tensor of a raw feature key or of a column's transformation."""
        if key in self._feature_tensors:
            return self._feature_tensors[key]
        if key in self._features:
            tensor = self._raw_feature(key)
        elif isinstance(key, str):
            raise ValueError(f"Feature {key} is not in features dictionary.")
        elif not isinstance(key, FeatureColumn):
            raise TypeError(f'"key" must be either a "str" or "_FeatureColumn". Provided: {key}')
        else:
            tensor = key._transform_feature(self)
            if tensor is None:
                raise ValueError(f"Column {key.name} is not supported.")
        self._feature_tensors[key] = tensor
        return tensor

    def _raw_feature(self, key):
        tensor = sparse_array_ops.convert_to_tensor_or_sparse_tensor(self._features[key])
        rank = tensor.get_shape().ndims
        if rank == 0:
            raise ValueError(f"Feature (key: {key}) cannot have rank 0. Given: {tensor}")
        if rank != 1:
            return tensor
        if isinstance(tensor, SparseTensor):
            return sparse_array_ops.sparse_reshape(tensor, [batch_size(tensor), np.int64(1)])
        return array_ops.expand_dims(tensor, -1)


def batch_size(tensor):
    """The first dimension of a Tensor or SparseTensor (TF's array_ops.shape(t)[0])."""
    if isinstance(tensor, SparseTensor):
        return tensor.dense_shape[0]
    return array_ops.shape(tensor)[0]


def cast(tensor, dtype):
    """math_ops.cast of a Tensor or of a SparseTensor's values (TF's cast takes both)."""
    if isinstance(tensor, SparseTensor):
        values = math_ops.cast(tensor.values, dtype)
        return SparseTensor(tensor.indices, values, tensor.dense_shape)
    return math_ops.cast(tensor, dtype)


def to_sparse_input_and_drop_ignore_values(input_tensor, ignore_value=None):
    """A dense feature as a SparseTensor without its missing entries ('' for strings, -1 for
    integers, 0 for floats, unless `ignore_value`); SparseTensors pass through."""
    input_tensor = sparse_array_ops.convert_to_tensor_or_sparse_tensor(input_tensor)
    if isinstance(input_tensor, SparseTensor):
        return input_tensor
    with name_scope(None, "to_sparse_input", [input_tensor]):
        if ignore_value is None:
            if input_tensor.dtype == dtypes.string:
                ignore_value = ""
            elif input_tensor.dtype.is_integer:
                ignore_value = -1
            else:
                ignore_value = 0.0
        ignore = math_ops.cast(ignore_value, input_tensor.dtype, name="ignore_value")
        indices = math_ops.where(math_ops.not_equal(input_tensor, ignore), name="indices")
        return SparseTensor(
            indices=indices,
            values=sequence_ops.gather_nd(input_tensor, indices, name="values"),
            dense_shape=array_ops.shape(input_tensor, out_type=dtypes.int64, name="dense_shape"),
        )


def normalize_feature_columns(feature_columns):
    """The columns as a list; ValueError for a dict, a non-column, none at all, or two columns
    of one name."""
    if isinstance(feature_columns, FeatureColumn):
        feature_columns = [feature_columns]
    if isinstance(feature_columns, dict):
        raise ValueError("Expected feature_columns to be iterable, found dict.")
    feature_columns = list(feature_columns)
    for column in feature_columns:
        if not isinstance(column, FeatureColumn):
            raise ValueError(
                "Items of feature_columns must be a _FeatureColumn. "
                f"Given (type {type(column)}): {column}."
            )
    if not feature_columns:
        raise ValueError("feature_columns must not be empty.")
    by_name = {}
    for column in feature_columns:
        if column.name in by_name:
            raise ValueError(
                f"Duplicate feature column name found for columns: {column} and "
                f"{by_name[column.name]}. This usually means that these columns refer to same "
                "base feature. Either one must be discarded or a duplicated but renamed item "
                "must be inserted in features dict."
            )
        by_name[column.name] = column
    return feature_columns


# -- constructor checks (TF's feature_column/utils.py) ------------------------------------------
def assert_key_is_string(key):
    if not isinstance(key, str):
        raise ValueError(f"key must be a string. Got: type {type(key)}. Given key: {key}.")


def assert_string_or_int(dtype, prefix):
    if dtype != dtypes.string and not dtype.is_integer:
        raise ValueError(f"{prefix} dtype must be string or integer. dtype: {dtype}.")


def check_shape(shape, key):
    """`shape` as a tuple of positive ints."""
    shape = tuple(shape) if nest.is_sequence(shape) else (shape,)
    for dimension in shape:
        if not isinstance(dimension, int):
            raise TypeError(f"shape dimensions must be integer. shape: {shape}, key: {key}")
        if dimension < 1:
            raise ValueError(f"shape dimensions must be greater than 0. shape: {shape}, key: {key}")
    return shape


def _filled(shape, value):
    return tuple(_filled(shape[1:], value) for _ in range(shape[0])) if shape else value


def _as_tuple(value):
    return tuple(_as_tuple(v) for v in value) if nest.is_sequence(value) else value


def _fits(value, shape):
    if nest.is_sequence(value) != bool(shape):
        return False
    if not shape:
        return True
    return len(value) == shape[0] and all(_fits(v, shape[1:]) for v in value)


def check_default_value(shape, default_value, dtype, key):
    """A numeric column's default_value as nested tuples of `shape` (TF's rules)."""
    if default_value is None:
        return None
    if isinstance(default_value, int) or (isinstance(default_value, float) and dtype.is_floating):
        return _filled(shape, default_value)
    if callable(getattr(default_value, "tolist", None)):
        default_value = default_value.tolist()
    if nest.is_sequence(default_value):
        if not _fits(default_value, shape):
            raise ValueError(
                "The shape of default_value must be equal to given shape. "
                f"default_value: {default_value}, shape: {shape}, key: {key}"
            )
        flat = nest.flatten(default_value)
        if all(isinstance(v, int) for v in flat) or (
            any(isinstance(v, float) for v in flat) and dtype.is_floating
        ):
            return _as_tuple(default_value)
    raise TypeError(
        "default_value must be compatible with dtype. "
        f"default_value: {default_value}, dtype: {dtype}, key: {key}"
    )
