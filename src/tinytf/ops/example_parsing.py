"""tf.parse_example, tf.parse_single_example and tf.parse_single_sequence_example with their
feature configurations (tf.FixedLenFeature, VarLenFeature, FixedLenSequenceFeature,
SparseFeature), composed as TF 1.15's parsing_ops.py composes them over the ops in
example_parsing_ops.py.

    features = {"x": tf.FixedLenFeature([2], tf.float32), "ids": tf.VarLenFeature(tf.int64)}
    parsed = tf.parse_single_example(serialized, features)   # {"x": Tensor, "ids": SparseTensor}
"""

import collections
import re

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import as_shape
from tinytf.ops import example_parsing_ops as E
from tinytf.ops.array_ops import expand_dims, reshape, squeeze
from tinytf.ops.constant_op import constant
from tinytf.ops.indexing_ops import slice as slice_
from tinytf.ops.sparse_array_ops import sparse_merge
from tinytf.ops.sparse_ops import SparseTensor


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """Configuration for parsing a variable-length feature into a SparseTensor."""


class SparseFeature(
    collections.namedtuple(
        "SparseFeature", ["index_key", "value_key", "dtype", "size", "already_sorted"]
    )
):
    """Configuration for parsing index and value features into one SparseTensor."""

    def __new__(cls, index_key, value_key, dtype, size, already_sorted=False):
        return super().__new__(cls, index_key, value_key, dtype, size, already_sorted)


class FixedLenFeature(
    collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])
):
    """Configuration for parsing a fixed-length feature (required unless default_value)."""

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


class FixedLenSequenceFeature(
    collections.namedtuple(
        "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"]
    )
):
    """Configuration for parsing a variable-length feature into a dense [None] + shape tensor."""

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


class _Raw:
    """The op-level parameters of a features dict (TF's _features_to_raw_params)."""

    def __init__(self, features, types):
        self.sparse_keys, self.sparse_types = [], []
        self.dense_keys, self.dense_types, self.dense_shapes = [], [], []
        self.dense_defaults = collections.OrderedDict()
        for key in sorted(features or {}):
            feature = features[key]
            if not isinstance(feature, tuple(types)):
                kind = type(feature).__name__
                if kind in _KIND_NAMES:
                    raise ValueError(f"Unsupported {kind} {feature}.")
                raise ValueError(f"Invalid feature {key}:{feature}.")
            if not feature.dtype:
                raise ValueError(f"Missing type for feature {key}.")
            getattr(self, "_" + type(feature).__name__)(key, feature)

    def _sparse(self, key, dtype):
        if key in self.sparse_keys:
            have = self.sparse_types[self.sparse_keys.index(key)]
            if have != dtype:
                raise ValueError(f"Conflicting type {have} vs {dtype} for feature {key}.")
        else:
            self.sparse_keys.append(key)
            self.sparse_types.append(D.as_dtype(dtype))

    def _VarLenFeature(self, key, feature):  # noqa: N802
        self.sparse_keys.append(key)
        self.sparse_types.append(D.as_dtype(feature.dtype))

    def _SparseFeature(self, key, feature):  # noqa: N802
        if not feature.index_key:
            raise ValueError(f"Missing index_key for SparseFeature {feature}.")
        if not feature.value_key:
            raise ValueError(f"Missing value_key for SparseFeature {feature}.")
        index_keys = feature.index_key
        for index_key in sorted([index_keys] if isinstance(index_keys, str) else index_keys):
            self._sparse(index_key, D.int64)
        self._sparse(feature.value_key, D.as_dtype(feature.dtype))

    def _dense(self, key, feature):
        if feature.shape is None:
            raise ValueError(f"Missing shape for feature {key}.")
        self.dense_keys.append(key)
        self.dense_shapes.append(feature.shape)
        self.dense_types.append(D.as_dtype(feature.dtype))

    def _FixedLenFeature(self, key, feature):  # noqa: N802
        shape = as_shape(feature.shape) if feature.shape is not None else None
        if feature.shape and shape.ndims and shape.dims[0].value is None:
            raise ValueError(
                f"First dimension of shape for feature {key} unknown. "
                "Consider using FixedLenSequenceFeature."
            )
        if shape is not None and not shape.is_fully_defined():
            raise ValueError(
                f"All dimensions of shape for feature {key} need to be known but received "
                f"{feature.shape}."
            )
        self._dense(key, feature)
        if feature.default_value is not None:
            self.dense_defaults[key] = feature.default_value

    def _FixedLenSequenceFeature(self, key, feature):  # noqa: N802
        self._dense(key, feature)
        if feature.allow_missing:
            self.dense_defaults[key] = None
        if feature.default_value is not None:
            self.dense_defaults[key] = feature.default_value

    def check(self):
        if not self.sparse_keys and not self.dense_keys:
            raise ValueError("Must provide at least one sparse key or dense key")
        both = set(self.dense_keys) & set(self.sparse_keys)
        if both:
            raise ValueError(f"Dense and sparse keys must not intersect; intersection: {both}")


_KIND_NAMES = ("VarLenFeature", "SparseFeature", "FixedLenFeature", "FixedLenSequenceFeature")
_ALL = (VarLenFeature, SparseFeature, FixedLenFeature, FixedLenSequenceFeature)


def _safe(key):
    return re.sub("[^A-Za-z0-9_.\\-/]", "_", key)


def _dense_default(key, dtype, shape, value):
    """The default tensor of a dense feature: a scalar padding for a [None, ...] shape, an
    empty vector for a required feature, else the value in the feature's shape."""
    shape = as_shape(shape)
    if shape.ndims and shape.dims[0].value is None:
        if value is None:
            return convert_to_tensor("" if dtype == D.string else 0, dtype=dtype)
        return reshape(convert_to_tensor(value, dtype=dtype, name=f"padding_{_safe(key)}"), [])
    if value is None:
        return constant([], dtype=dtype)
    if isinstance(value, Tensor):
        return value
    return reshape(convert_to_tensor(value, dtype=dtype, name=f"key_{_safe(key)}"), shape)


def _defaults(raw):
    return [
        _dense_default(k, t, s, raw.dense_defaults.get(k))
        for k, t, s in zip(raw.dense_keys, raw.dense_types, raw.dense_shapes)
    ]


def _shapes(shapes):
    return tuple(as_shape(s) for s in shapes)


def _keys(keys):
    return [convert_to_tensor(k, dtype=D.string) for k in keys]


def _sparse_tensors(outputs, n):
    return [SparseTensor(i, v, s) for i, v, s in zip(outputs[:n], outputs[n : 2 * n],
                                                     outputs[2 * n : 3 * n])]


def _result(raw, outputs):
    n = len(raw.sparse_keys)
    return dict(zip(raw.sparse_keys + raw.dense_keys,
                    _sparse_tensors(outputs, n) + list(outputs[3 * n:])))


def _prepend_none_dimension(features):
    out = dict(features)
    for key, feature in features.items():
        if isinstance(feature, FixedLenSequenceFeature):
            if not feature.allow_missing:
                raise ValueError(
                    "Unsupported: FixedLenSequenceFeature requires allow_missing to be True."
                )
            out[key] = FixedLenSequenceFeature(
                [None] + list(feature.shape), feature.dtype, True, feature.default_value
            )
    return out


def _merge_sparse_features(features, tensors):
    """SparseFeatures built from their index and value SparseTensors; other keys dropped."""
    tensors = dict(tensors)
    for key in sorted(features):
        feature = features[key]
        if isinstance(feature, SparseFeature):
            index = feature.index_key
            ids = tensors[index] if isinstance(index, str) else [tensors[k] for k in index]
            tensors[key] = sparse_merge(ids, tensors[feature.value_key], vocab_size=feature.size,
                                        already_sorted=feature.already_sorted)
    return {k: v for k, v in tensors.items() if k in features}


def _raw(features):
    if not features:
        raise ValueError(f"Missing: features was {features}.")
    features = _prepend_none_dimension(features)
    raw = _Raw(features, _ALL)
    raw.check()
    return features, raw


def _parse_example_raw(serialized, names, raw, name):
    with name_scope(name, "ParseExample", [serialized, names]):
        names = convert_to_tensor([] if names is None else names, dtype=D.string)
        outputs = E.ParseExample.apply(
            [serialized], [names], _keys(raw.sparse_keys), _keys(raw.dense_keys), _defaults(raw),
            name=name, Nsparse=len(raw.sparse_keys), Ndense=len(raw.dense_keys),
            sparse_types=tuple(raw.sparse_types), Tdense=tuple(raw.dense_types),
            dense_shapes=_shapes(raw.dense_shapes))
        return _result(raw, outputs)


def parse_example(serialized, features, name=None, example_names=None):
    """Parses a batch of serialized Examples into a dict of Tensors and SparseTensors."""
    features, raw = _raw(features)
    outputs = _parse_example_raw(serialized, example_names, raw, name)
    return _merge_sparse_features(features, outputs)


def parse_single_example(serialized, features, name=None, example_names=None):
    """Parses one serialized Example into a dict of Tensors and SparseTensors."""
    if not features:
        raise ValueError("Missing features.")
    features, raw = _raw(features)
    if example_names is None:
        outputs = _parse_single_raw(serialized, raw, name)
    else:
        outputs = _parse_single_named(serialized, example_names, raw, name)
    return _merge_sparse_features(features, outputs)


def _parse_single_raw(serialized, raw, name):
    with name_scope(name, "ParseSingleExample", [serialized]):
        serialized = convert_to_tensor(serialized, name="serialized")
        outputs = E.ParseSingleExample.apply(
            [serialized], _defaults(raw), name=name, num_sparse=len(raw.sparse_keys),
            sparse_keys=tuple(raw.sparse_keys), dense_keys=tuple(raw.dense_keys),
            sparse_types=tuple(raw.sparse_types), Tdense=tuple(raw.dense_types),
            dense_shapes=_shapes(raw.dense_shapes))
        return _result(raw, outputs)


def _scalar(value, what, label):
    value = convert_to_tensor(value)
    if value.shape.ndims is None:  # checked when run, as TF does
        from tinytf.ops.array_ops import rank
        from tinytf.ops.check_ops import Assert_, with_dependencies
        from tinytf.ops.math_ops import equal

        check = Assert_(equal(rank(value), 0), [f"Input {what} must be a scalar"],
                        name=f"{label}IsScalar")
        value = with_dependencies([check], value, name=f"{label}Dependencies")
    elif value.shape.ndims != 0:
        raise ValueError(f"Input {what} must be a scalar")
    return expand_dims(value, 0)


def _parse_single_named(serialized, names, raw, name):
    """parse_single_example with example_names: a batch of one through ParseExample."""
    with name_scope(name, "ParseSingleExample", [serialized, names]):
        outputs = _parse_example_raw(
            _scalar(serialized, "serialized", "Serialized"), _scalar(names, "names", "Names"),
            raw, name)
        for key in raw.dense_keys:
            outputs[key] = squeeze(outputs[key], [0], name=f"Squeeze_{_safe(key)}")
        for key in raw.sparse_keys:
            st = outputs[key]
            outputs[key] = SparseTensor(
                slice_(st.indices, [0, 1], [-1, -1], name=f"Slice_Indices_{_safe(key)}"),
                st.values,
                slice_(st.dense_shape, [1], [-1], name=f"Squeeze_Shape_{_safe(key)}"))
        return outputs


def parse_single_sequence_example(serialized, context_features=None, sequence_features=None,
                                  example_name=None, name=None):
    """Parses one serialized SequenceExample: (context dict, feature_list dict)."""
    if not (context_features or sequence_features):
        raise ValueError("Missing features.")
    context = _Raw(context_features, (VarLenFeature, FixedLenFeature))
    lists = _Raw(sequence_features, (VarLenFeature, FixedLenSequenceFeature))
    _check_sequence(context, lists)
    with name_scope(name, "ParseSingleSequenceExample", [serialized]):
        defaults = [
            constant([], dtype=t) if context.dense_defaults.get(k) is None
            else _dense_default(k, t, s, context.dense_defaults[k])
            for k, t, s in zip(context.dense_keys, context.dense_types, context.dense_shapes)
        ]
        outputs = E.ParseSingleSequenceExample.apply(
            [serialized], [convert_to_tensor(list(lists.dense_defaults), dtype=D.string)],
            _keys(context.sparse_keys), _keys(context.dense_keys), _keys(lists.sparse_keys),
            _keys(lists.dense_keys), defaults,
            [convert_to_tensor(example_name or "", dtype=D.string)],
            name=name, **_sequence_attrs(context, lists))
    n = 3 * len(context.sparse_keys) + len(context.dense_keys)
    return _result(context, outputs[:n]), _result(lists, outputs[n:])


def parse_sequence_example(serialized, context_features=None, sequence_features=None,
                           example_names=None, name=None):
    """Parses a batch of serialized SequenceExamples: (context, feature_list, lengths) dicts."""
    if not (context_features or sequence_features):
        raise ValueError("Missing features.")
    context = _Raw(context_features, (VarLenFeature, FixedLenFeature))
    lists = _Raw(sequence_features, (VarLenFeature, FixedLenSequenceFeature))
    _check_sequence(context, lists)
    with name_scope(name, "ParseSequenceExample", [serialized]):
        defaults = [
            constant([], dtype=t) if context.dense_defaults.get(k) is None
            else convert_to_tensor(context.dense_defaults[k], dtype=t, name=f"key_{_safe(k)}")
            for k, t in zip(context.dense_keys, context.dense_types)
        ]
        outputs = E.ParseSequenceExample.apply(
            [serialized], [convert_to_tensor(example_names or [], dtype=D.string)], defaults,
            name=name, feature_list_dense_missing_assumed_empty=tuple(lists.dense_defaults),
            context_sparse_keys=tuple(context.sparse_keys),
            context_dense_keys=tuple(context.dense_keys),
            feature_list_sparse_keys=tuple(lists.sparse_keys),
            feature_list_dense_keys=tuple(lists.dense_keys), **_sequence_attrs(context, lists))
    n = 3 * len(context.sparse_keys) + len(context.dense_keys)
    m = n + 3 * len(lists.sparse_keys) + len(lists.dense_keys)
    lengths = dict(zip(lists.dense_keys, outputs[m:]))
    return _result(context, outputs[:n]), _result(lists, outputs[n:m]), lengths


def _check_sequence(context, lists):
    if not (context.sparse_keys or context.dense_keys or lists.sparse_keys or lists.dense_keys):
        raise ValueError(
            "Must provide at least one context_sparse key, context_dense key, "
            ", feature_list_sparse key, or feature_list_dense key"
        )
    for what, raw in (("context", context), ("feature_list", lists)):
        both = set(raw.dense_keys) & set(raw.sparse_keys)
        if both:
            raise ValueError(f"{what}_dense and {what}_sparse keys must not intersect; "
                             f"intersection: {both}")
    for key, value in lists.dense_defaults.items():
        if value is not None:
            raise ValueError(f"Value feature_list_dense_defaults[{key}] must be None")


def _sequence_attrs(context, lists):
    return dict(
        Ncontext_sparse=len(context.sparse_keys),
        Ncontext_dense=len(context.dense_keys),
        Nfeature_list_sparse=len(lists.sparse_keys),
        Nfeature_list_dense=len(lists.dense_keys),
        context_sparse_types=tuple(context.sparse_types),
        Tcontext_dense=tuple(context.dense_types),
        feature_list_dense_types=tuple(lists.dense_types),
        context_dense_shapes=_shapes(context.dense_shapes),
        feature_list_sparse_types=tuple(lists.sparse_types),
        feature_list_dense_shapes=_shapes(lists.dense_shapes),
    )


def decode_json_example(json_examples, name=None):
    """Converts JSON-encoded Example protos (protobuf's JSON mapping) to binary ones."""
    return E.DecodeJSONExample.apply(
        convert_to_tensor(json_examples, dtype=D.string, name="json_examples"), name=name)
