"""The categorical columns: identity, vocabulary list and file (via lookup tables), hash bucket
(Fingerprint64, as TF), weighted and crossed (SparseCross), as TF 1.15's feature_column_v2."""

import collections

import numpy as np

from tinytf.feature_column.base import (
    CategoricalColumn,
    FeatureColumn,
    assert_key_is_string,
    assert_string_or_int,
    cast,
    to_sparse_input_and_drop_ignore_values,
)
from tinytf.framework import dtypes
from tinytf.framework.op_def import control_dependencies
from tinytf.ops import (
    array_ops,
    check_ops,
    lookup_tables,
    math_ops,
    sparse_array_ops,
    string_convert_ops,
    string_ops,
)
from tinytf.ops.example_parsing import VarLenFeature
from tinytf.ops.feature_column_ops import sparse_cross_hashed
from tinytf.ops.sparse_ops import SparseTensor


def _check_input_dtype(column, tensor):
    if column.dtype.is_integer != tensor.dtype.is_integer:
        raise ValueError(
            "Column dtype and SparseTensors dtype must be compatible. "
            f"key: {column.key}, column dtype: {column.dtype}, tensor dtype: {tensor.dtype}"
        )
    assert_string_or_int(tensor.dtype, prefix=f"column_name: {column.key} input_tensor")


class _KeyedColumn(CategoricalColumn):
    """A categorical column of one raw feature `key` (a VarLenFeature when parsed)."""

    __slots__ = ()
    name = property(lambda self: self.key)
    _parse_example_spec = property(lambda self: {self.key: VarLenFeature(self.dtype)})

    def _transform_feature(self, inputs):
        sparse = to_sparse_input_and_drop_ignore_values(inputs.get(self.key))
        return self._transform_input_tensor(sparse)


class HashedCategoricalColumn(
    _KeyedColumn,
    collections.namedtuple("HashedCategoricalColumn", ("key", "hash_bucket_size", "dtype")),
):
    """Ids = Fingerprint64 of each value (as a string) modulo hash_bucket_size."""

    _num_buckets = property(lambda self: self.hash_bucket_size)

    def _transform_input_tensor(self, tensor):
        if not isinstance(tensor, SparseTensor):
            raise ValueError("SparseColumn input must be a SparseTensor.")
        assert_string_or_int(tensor.dtype, prefix=f"column_name: {self.key} input_tensor")
        if self.dtype.is_integer != tensor.dtype.is_integer:
            raise ValueError(
                "Column dtype and SparseTensors dtype must be compatible. "
                f"key: {self.key}, column dtype: {self.dtype}, tensor dtype: {tensor.dtype}"
            )
        values = tensor.values
        if self.dtype != dtypes.string:
            values = string_convert_ops.as_string(values)
        ids = string_ops.string_to_hash_bucket_fast(values, self.hash_bucket_size, name="lookup")
        return SparseTensor(tensor.indices, ids, tensor.dense_shape)


def categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=dtypes.string):
    """A categorical column whose ids are hash buckets of the feature's values."""
    if hash_bucket_size is None:
        raise ValueError(f"hash_bucket_size must be set. key: {key}")
    if hash_bucket_size < 1:
        raise ValueError(
            f"hash_bucket_size must be at least 1. hash_bucket_size: {hash_bucket_size}, key: {key}"
        )
    assert_key_is_string(key)
    dtype = dtypes.as_dtype(dtype)
    assert_string_or_int(dtype, prefix=f"column_name: {key}")
    return HashedCategoricalColumn(key, hash_bucket_size, dtype)


class _VocabularyColumn(_KeyedColumn):
    __slots__ = ()

    def _transform_input_tensor(self, tensor):
        _check_input_dtype(self, tensor)
        key_dtype = self.dtype
        if tensor.dtype.is_integer:
            key_dtype = dtypes.int64
            tensor = cast(tensor, dtypes.int64)
        return self._table(key_dtype, f"{self.key}_lookup").lookup(tensor)


class VocabularyListCategoricalColumn(
    _VocabularyColumn,
    collections.namedtuple(
        "VocabularyListCategoricalColumn",
        ("key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"),
    ),
):
    """Ids = positions in vocabulary_list; others get default_value or an OOV bucket."""

    _num_buckets = property(lambda self: len(self.vocabulary_list) + self.num_oov_buckets)

    def _table(self, key_dtype, name):
        return lookup_tables.index_table_from_tensor(
            vocabulary_list=tuple(self.vocabulary_list),
            default_value=self.default_value,
            num_oov_buckets=self.num_oov_buckets,
            dtype=key_dtype,
            name=name,
        )


class VocabularyFileCategoricalColumn(
    _VocabularyColumn,
    collections.namedtuple(
        "VocabularyFileCategoricalColumn",
        ("key", "vocabulary_file", "vocabulary_size", "num_oov_buckets", "dtype", "default_value"),
    ),
):
    """Ids = line numbers in vocabulary_file; others get default_value or an OOV bucket."""

    _num_buckets = property(lambda self: self.vocabulary_size + self.num_oov_buckets)

    def _table(self, key_dtype, name):
        return lookup_tables.index_table_from_file(
            vocabulary_file=self.vocabulary_file,
            num_oov_buckets=self.num_oov_buckets,
            vocab_size=self.vocabulary_size,
            default_value=self.default_value,
            key_dtype=key_dtype,
            name=name,
        )


def _check_oov(key, num_oov_buckets, has_default):
    if num_oov_buckets:
        if has_default:
            raise ValueError(f"Can't specify both num_oov_buckets and default_value in {key}.")
        if num_oov_buckets < 0:
            raise ValueError(f"Invalid num_oov_buckets {num_oov_buckets} in {key}.")


def categorical_column_with_vocabulary_list(
    key, vocabulary_list, dtype=None, default_value=-1, num_oov_buckets=0
):
    """A categorical column over an in-memory vocabulary (strings or integers)."""
    if vocabulary_list is None or len(vocabulary_list) < 1:
        raise ValueError(f"vocabulary_list {vocabulary_list} must be non-empty, column_name: {key}")
    if len(set(vocabulary_list)) != len(vocabulary_list):
        raise ValueError(f"Duplicate keys in vocabulary_list {vocabulary_list}, column_name: {key}")
    vocabulary_dtype = dtypes.as_dtype(np.array(vocabulary_list).dtype)
    _check_oov(key, num_oov_buckets, default_value != -1)
    assert_string_or_int(vocabulary_dtype, prefix=f"column_name: {key} vocabulary")
    if dtype is None:
        dtype = vocabulary_dtype
    else:
        dtype = dtypes.as_dtype(dtype)
        if dtype.is_integer != vocabulary_dtype.is_integer:
            raise ValueError(
                f"dtype {dtype} and vocabulary dtype {vocabulary_dtype} do not match, "
                f"column_name: {key}"
            )
    assert_string_or_int(dtype, prefix=f"column_name: {key}")
    assert_key_is_string(key)
    return VocabularyListCategoricalColumn(
        key, tuple(vocabulary_list), dtype, default_value, num_oov_buckets
    )


def _count_lines(key, vocabulary_file):
    from tinytf.platform import gfile

    if not gfile.Exists(vocabulary_file):
        raise ValueError(f"vocabulary_file in {key} does not exist.")
    with gfile.GFile(vocabulary_file) as f:
        return sum(1 for _ in f)


def categorical_column_with_vocabulary_file(
    key,
    vocabulary_file,
    vocabulary_size=None,
    num_oov_buckets=0,
    default_value=None,
    dtype=dtypes.string,
):
    """A categorical column over a vocabulary file (one entry per line)."""
    if not vocabulary_file:
        raise ValueError(f"Missing vocabulary_file in {key}.")
    if vocabulary_size is None:
        vocabulary_size = _count_lines(key, vocabulary_file)
    if vocabulary_size < 1:
        raise ValueError(f"Invalid vocabulary_size in {key}.")
    _check_oov(key, num_oov_buckets, default_value is not None)
    dtype = dtypes.as_dtype(dtype)
    assert_string_or_int(dtype, prefix=f"column_name: {key}")
    assert_key_is_string(key)
    return VocabularyFileCategoricalColumn(
        key,
        vocabulary_file,
        vocabulary_size,
        0 if num_oov_buckets is None else num_oov_buckets,
        dtype,
        -1 if default_value is None else default_value,
    )


class IdentityCategoricalColumn(
    _KeyedColumn,
    collections.namedtuple("IdentityCategoricalColumn", ("key", "number_buckets", "default_value")),
):
    """Integer features used as ids directly, in [0, num_buckets)."""

    dtype = dtypes.int64
    num_buckets = property(lambda self: self.number_buckets)
    _num_buckets = num_buckets

    def _transform_input_tensor(self, tensor):
        if not tensor.dtype.is_integer:
            raise ValueError(f"Invalid input, not integer. key: {self.key} dtype: {tensor.dtype}")
        values = math_ops.cast(tensor.values, dtypes.int64, name="values")
        num_buckets = math_ops.cast(self.num_buckets, dtypes.int64, name="num_buckets")
        zero = math_ops.cast(0, dtypes.int64, name="zero")
        if self.default_value is None:
            checks = (
                check_ops.assert_less(
                    values,
                    num_buckets,
                    data=(values, num_buckets),
                    message=f'Bucket index for categorical column "{self.name}" exceeds '
                    "number of buckets",
                    name="assert_less_than_num_buckets",
                ),
                check_ops.assert_greater_equal(
                    values,
                    zero,
                    data=(values,),
                    message=f'Negative bucket index for categorical column "{self.name}"',
                    name="assert_greater_or_equal_0",
                ),
            )
            with control_dependencies(checks):
                values = array_ops.identity(values)
        else:
            out_of_range = math_ops.logical_or(
                values < zero, values >= num_buckets, name="out_of_range"
            )
            defaults = array_ops.fill(
                array_ops.shape(values),
                math_ops.cast(self.default_value, dtypes.int64),
                name="default_values",
            )
            values = math_ops.where(out_of_range, defaults, values)
        return SparseTensor(tensor.indices, values, tensor.dense_shape)


def categorical_column_with_identity(key, num_buckets, default_value=None):
    """A categorical column of integer ids in [0, num_buckets) (others: default_value)."""
    if num_buckets < 1:
        raise ValueError(f"num_buckets {num_buckets} < 1, column_name {key}")
    if default_value is not None and (default_value < 0 or default_value >= num_buckets):
        raise ValueError(
            f"default_value {default_value} not in range [0, {num_buckets}), column_name {key}"
        )
    assert_key_is_string(key)
    return IdentityCategoricalColumn(key, num_buckets, default_value)


class WeightedCategoricalColumn(
    CategoricalColumn,
    collections.namedtuple(
        "WeightedCategoricalColumn", ("categorical_column", "weight_feature_key", "dtype")
    ),
):
    """A categorical column whose ids carry the weights of feature `weight_feature_key`."""

    name = property(
        lambda self: f"{self.categorical_column.name}_weighted_by_{self.weight_feature_key}"
    )
    _num_buckets = property(lambda self: self.categorical_column._num_buckets)

    @property
    def _parse_example_spec(self):
        config = dict(self.categorical_column._parse_example_spec)
        if self.weight_feature_key in config:
            raise ValueError(f"Parse config {config} already exists for {self.weight_feature_key}.")
        config[self.weight_feature_key] = VarLenFeature(self.dtype)
        return config

    def _transform_feature(self, inputs):
        weights = inputs.get(self.weight_feature_key)
        if weights is None:
            raise ValueError(f"Missing weights {self.weight_feature_key}.")
        weights = sparse_array_ops.convert_to_tensor_or_sparse_tensor(weights)
        if self.dtype != weights.dtype.base_dtype:
            raise ValueError(f"Bad dtype, expected {self.dtype}, but got {weights.dtype}.")
        if not isinstance(weights, SparseTensor):
            weights = to_sparse_input_and_drop_ignore_values(weights, ignore_value=0.0)
        if not weights.dtype.is_floating:
            weights = cast(weights, dtypes.float32)
        return (inputs.get(self.categorical_column), weights)

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        ids, weights = inputs.get(self)
        return CategoricalColumn.IdWeightPair(ids, weights)


def weighted_categorical_column(categorical_column, weight_feature_key, dtype=dtypes.float32):
    """A categorical column weighted per id by the values of `weight_feature_key`."""
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if dtype is None or not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype {dtype} is not convertible to float.")
    return WeightedCategoricalColumn(categorical_column, weight_feature_key, dtype)


def _leaf_keys(cross):
    keys = []
    for k in cross.keys:
        keys.extend(_leaf_keys(k) if isinstance(k, CrossedColumn) else [k])
    return keys


class CrossedColumn(
    CategoricalColumn,
    collections.namedtuple("CrossedColumn", ("keys", "hash_bucket_size", "hash_key")),
):
    """The hashed cross product of string features and categorical columns."""

    _num_buckets = property(lambda self: self.hash_bucket_size)

    @property
    def name(self):
        return "_X_".join(
            sorted(k.name if isinstance(k, FeatureColumn) else k for k in _leaf_keys(self))
        )

    @property
    def _parse_example_spec(self):
        config = {}
        for key in self.keys:
            if isinstance(key, FeatureColumn):
                config.update(key._parse_example_spec)
            else:
                config[key] = VarLenFeature(dtypes.string)
        return config

    def _transform_feature(self, inputs):
        tensors = []
        for key in _leaf_keys(self):
            if isinstance(key, str):
                tensors.append(inputs.get(key))
                continue
            pair = key._get_sparse_tensors(inputs)
            if pair.weight_tensor is not None:
                raise ValueError(
                    "crossed_column does not support weight_tensor, but the given column "
                    f"populates weight_tensor. Given column: {key.name}"
                )
            tensors.append(pair.id_tensor)
        return sparse_cross_hashed(
            tensors, num_buckets=self.hash_bucket_size, hash_key=self.hash_key
        )


def crossed_column(keys, hash_bucket_size, hash_key=None):
    """The cross of string features and categorical columns, hashed into hash_bucket_size."""
    if not hash_bucket_size or hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be > 1. hash_bucket_size: {hash_bucket_size}")
    if not keys or len(keys) < 2:
        raise ValueError(f"keys must be a list with length > 1. Given: {keys}")
    for key in keys:
        if not isinstance(key, (str, CategoricalColumn)):
            raise ValueError(
                "Unsupported key type. All keys must be either string, or categorical column "
                f"except HashedCategoricalColumn. Given: {key}"
            )
        if isinstance(key, HashedCategoricalColumn):
            raise ValueError(
                "categorical_column_with_hash_bucket is not supported for crossing. Hashing "
                "before crossing will increase probability of collision. Instead, use the "
                f"feature name as a string. Given: {key}"
            )
    return CrossedColumn(tuple(keys), hash_bucket_size, hash_key)
