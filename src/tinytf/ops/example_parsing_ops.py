"""The ops that parse tf.train.Example and SequenceExample protos (TF's ParseExample,
ParseSingleExample, ParseSingleSequenceExample): dense features to tensors, variable-length ones
to the (indices, values, dense_shape) of SparseTensors, with TF 1.15's checks and messages. The
Python API (tf.parse_example, tf.FixedLenFeature, ...) is in example_parsing.py."""

import math

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import TensorShape, as_shape
from tinytf.ops.attr_memo import by_attr_identity
from tinytf.ops.string_ops import as_bytes

# the Feature field holding each dtype's values, and the names TF's messages use
_KINDS = {D.string: "bytes_list", D.float32: "float_list", D.int64: "int64_list"}
_KIND_NAMES = {"bytes_list": "string", "float_list": "float", "int64_list": "int64"}


def _error(message):
    return InvalidArgumentError(None, None, message)


def _type_name(dtype):
    return _KIND_NAMES[_KINDS[D.as_dtype(dtype)]]


def _count_name(dtype):  # TF's count messages name the list ("bytes"), not the dtype
    return _KINDS[D.as_dtype(dtype)].split("_")[0]


def _shape_text(dims):
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


def _message(proto_name, data):
    from tinytf.platform import example_protos  # protobuf only once an Example is parsed

    proto = getattr(example_protos, proto_name)()
    try:
        proto.ParseFromString(as_bytes(data))
    except Exception:  # protobuf's DecodeError, whose module depends on the backend
        return None
    return proto


class _Where:
    """How TF's messages name the example: "Name: n, Key: k, Index: i." for a batch (or a named
    single example), "Key: k." for ParseSingleExample."""

    def __init__(self, batch, name="", index=0):
        self.batch, self.name, self.index = batch, name or "<unknown>", index

    def key(self, key):
        if self.batch:
            return f"Name: {self.name}, Key: {key}, Index: {self.index}.  "
        return f"Key: {key}.  "

    def required(self, key, dtype):
        head = f"Name: {self.name}, " if self.batch else ""
        return _error(f"{head}Feature: {key} (data type: {_type_name(dtype)}) is required but "
                      "could not be found.")

    def bad_shape(self, key, detail):
        if self.batch:
            return _error(self.key(key) + detail)
        return _error(self.key(key) + "Can't parse serialized Example.")


def _values(feature, dtype, key, where, dense):
    """The values of one Feature as an array of dtype; InvalidArgumentError on another kind."""
    dtype = D.as_dtype(dtype)
    kind = feature.WhichOneof("kind")
    if kind is None:
        return np.empty([0], dtype=object if dtype == D.string else dtype.as_numpy_dtype)
    if kind != _KINDS[dtype]:
        got, want = _KIND_NAMES[kind], _type_name(dtype)
        detail = (f"Data type: {got} but expected type: {want}" if dense
                  else f"Expected type: {want}, Actual type: {got}")
        raise _error(where.key(key) + "Data types don't match. " + detail)
    values = getattr(feature, kind).value
    if dtype == D.string:
        out = np.empty([len(values)], dtype=object)
        out[:] = list(values)
        return out
    return np.asarray(values, dtype=dtype.as_numpy_dtype)  # from the container: 10x a list's speed


def _present(features, key):
    feature = features.get(key)
    return feature if feature is not None and feature.WhichOneof("kind") else None


def _dense_fixed(features, key, dtype, shape, default, where):
    feature = _present(features, key)
    if feature is None:
        if default.size == 0 and math.prod(shape) != 0:
            raise where.required(key, dtype)
        return np.reshape(default, shape)
    values = _values(feature, dtype, key, where, dense=True)
    if values.size != math.prod(shape):
        raise where.bad_shape(key, f"Number of {_count_name(dtype)} values != expected.  "
                              f"Values size: {values.size} but output shape: {_shape_text(shape)}")
    return values.reshape(shape)


def _dense_rows(features, key, dtype, shape, where):
    """The rows of a variable-length dense feature (shape [None] + row shape)."""
    stride = int(np.prod(shape[1:]))
    feature = _present(features, key)
    if feature is None:
        return np.empty([0] + list(shape[1:]), dtype=_np_dtype(dtype))
    values = _values(feature, dtype, key, where, dense=True)
    if stride == 0 or values.size % stride:
        raise where.bad_shape(
            key, f"Number of {_count_name(dtype)} values is not a multiple of stride length. "
            f"Saw {values.size} values but output shape is: {_shape_text(shape)}")
    return values.reshape([values.size // stride] + list(shape[1:]))


def _np_dtype(dtype):
    dtype = D.as_dtype(dtype)
    return object if dtype == D.string else dtype.as_numpy_dtype


def _pad_stack(rows, dtype, padding, row_shape):
    """Rows of different lengths padded with `padding` to [batch, longest] + row_shape."""
    longest = max((len(r) for r in rows), default=0)
    out = np.empty([len(rows), longest] + list(row_shape), dtype=_np_dtype(dtype))
    out[...] = np.reshape(padding, [])
    for b, r in enumerate(rows):
        out[b, : len(r)] = r
    return out


def _sparse(value_lists, dtype):
    """(indices [N, 2], values [N], dense_shape [2]) of a batch of value lists."""
    indices = [[b, j] for b, values in enumerate(value_lists) for j in range(len(values))]
    values = np.concatenate([np.asarray(v, _np_dtype(dtype)) for v in value_lists] or
                            [np.empty([0], _np_dtype(dtype))]).astype(_np_dtype(dtype))
    longest = max((len(v) for v in value_lists), default=0)
    return (np.asarray(indices, np.int64).reshape([-1, 2]), values,
            np.asarray([len(value_lists), longest], np.int64))


def _shapes(dense_shapes):
    return [as_shape(s).as_list() if as_shape(s).ndims is not None else [] for s in dense_shapes]


def _parsed(proto_name, data):
    if isinstance(data, np.ndarray):
        data = np.ravel(data)[0]
    proto = _message(proto_name, data)
    if proto is None:
        raise _error(f"Could not parse example input, value: '{as_bytes(data).decode('latin-1')}'")
    return proto


def _feature_maps(serialized):
    return [_parsed("Example", data).features.feature for data in np.ravel(serialized)]


def _parse_batch(serialized, names, sparse, dense, batch=True):
    """[sparse indices], [sparse values], [sparse shapes], [dense values] of Examples.
    sparse: [(key, dtype)]; dense: [(key, dtype, shape, default)]."""
    maps = _feature_maps(serialized)
    wheres = [_Where(batch, as_bytes(names[i]).decode() if len(names) else "", i)
              for i in range(len(maps))]
    out = ([], [], [], [])
    for key, dtype in sparse:
        lists = [_values(f[key], dtype, key, w, dense=False) if key in f else []
                 for f, w in zip(maps, wheres)]
        for part, value in zip(out, _sparse(lists, dtype)):
            part.append(value)
    for key, dtype, shape, default in dense:
        if shape and shape[0] is None:
            rows = [_dense_rows(f, key, dtype, shape, w) for f, w in zip(maps, wheres)]
            out[3].append(_pad_stack(rows, dtype, default, shape[1:]))
            continue
        values = [_dense_fixed(f, key, dtype, shape, np.asarray(default, _np_dtype(dtype)), w)
                  for f, w in zip(maps, wheres)]
        out[3].append(np.stack(values) if values else
                      np.empty([0] + list(shape), _np_dtype(dtype)))
    return out


def _dense_specs(batch_dims, types, dense_shapes):
    return [TensorSpec(TensorShape(batch_dims + list(s)), D.as_dtype(t))
            for t, s in zip(types, _shapes(dense_shapes))]


def _sparse_specs(types, rank):
    n = len(types)
    return ([TensorSpec(TensorShape([None, rank]), D.int64)] * n
            + [TensorSpec(TensorShape([None]), D.as_dtype(t)) for t in types]
            + [TensorSpec(TensorShape([rank]), D.int64)] * n)


def _as_list(arrays):
    return [a if a.dtype == object else np.asarray(a) for a in arrays]


class _ListInputs(OpDef):
    """An op whose list inputs may be empty (TF's N attrs with minimum 0): apply() is given
    every input as a list of tensors and the counts go in the attrs."""

    list_output = True
    checked_types = {}  # type-list attr -> the parameter TF's TypeError names

    @classmethod
    def apply(cls, *inputs, name=None, **attrs):
        from tinytf.framework.graph import graph_of
        from tinytf.framework.op_def import convert_to_tensor

        for attr, param in cls.checked_types.items():
            _check_types(attrs.get(attr, ()), param)
        flat = [t for group in inputs for t in group]
        g = graph_of(flat)
        with g.as_default(), g.name_scope(name or cls.type_name) as scope:
            tensors = [convert_to_tensor(t) for t in flat]
            op = g._create_op(cls, tensors, {**cls.attrs, **attrs}, scope)
        return op.outputs


def _check_types(types, param):
    for dtype in types:
        if D.as_dtype(dtype) not in _KINDS:
            raise TypeError(
                f"Value passed to parameter '{param}' has DataType {D.as_dtype(dtype).name} not "
                "in list of allowed values: float32, int64, string")


@register_op
class ParseExample(_ListInputs):
    """A batch of serialized Examples to sparse and dense feature tensors."""

    inputs = ("serialized", "names", "sparse_keys*", "dense_keys*", "dense_defaults*")
    attrs = {"Nsparse": 0, "Ndense": 0, "sparse_types": (), "Tdense": (), "dense_shapes": ()}
    checked_types = {"sparse_types": "sparse_types", "Tdense": "dense_defaults"}

    def infer(serialized, names, *rest, Nsparse, Ndense, sparse_types, Tdense, dense_shapes):  # noqa: N803
        if serialized.shape.ndims not in (None, 1):
            raise _shape_rank_error(serialized.shape.ndims, 1)
        batch = [serialized.shape.as_list()[0] if serialized.shape.ndims else None]
        return _sparse_specs(sparse_types, 2) + _dense_specs(batch, Tdense, dense_shapes)

    def kernel(xp, serialized, names, *rest, Nsparse, Ndense, sparse_types, Tdense,  # noqa: N803
               dense_shapes):
        if np.ndim(serialized) != 1:
            raise _error(f"Expected serialized to be a vector, got shape: "
                         f"{list(np.shape(serialized))}")
        keys = [as_bytes(np.ravel(k)[0]).decode() for k in rest[: Nsparse + Ndense]]
        defaults = rest[Nsparse + Ndense:]
        sparse = list(zip(keys[:Nsparse], sparse_types))
        dense = list(zip(keys[Nsparse:], Tdense, _shapes(dense_shapes), defaults))
        return _as_list(sum(_parse_batch(serialized, np.ravel(names), sparse, dense), []))


def _shape_rank_error(got, want):
    from tinytf.framework.errors import ShapeError

    return ShapeError(f"Shape must be rank {want} but is rank {got}")


def _squeeze_batch(parts, dense):
    """A batch of one example's outputs without the batch dimension."""
    sp_idx, sp_vals, sp_shapes, dense_vals = parts
    return (
        [i[:, 1:] for i in sp_idx]
        + sp_vals
        + [s[1:] for s in sp_shapes]
        + [v[0, ...] for v in dense_vals]
    )


@register_op
class ParseSingleExample(_ListInputs):
    """One serialized Example to sparse and dense feature tensors."""

    inputs = ("serialized", "dense_defaults*")
    attrs = {
        "num_sparse": 0,
        "sparse_keys": (),
        "dense_keys": (),
        "sparse_types": (),
        "Tdense": (),
        "dense_shapes": (),
    }
    checked_types = {"sparse_types": "sparse_types", "Tdense": "dense_defaults"}

    def infer(serialized, *defaults, num_sparse, sparse_keys, dense_keys, sparse_types,
              Tdense, dense_shapes):  # noqa: N803
        if serialized.shape.ndims not in (None, 0):
            raise _shape_rank_error(serialized.shape.ndims, 0)
        return _sparse_specs(sparse_types, 1) + _dense_specs([], Tdense, dense_shapes)

    def kernel(xp, serialized, *defaults, num_sparse, sparse_keys, dense_keys, sparse_types,
               Tdense, dense_shapes):  # noqa: N803
        if np.ndim(serialized) != 0:
            raise _error(f"Expected serialized to be a scalar, got shape: "
                         f"{list(np.shape(serialized))}")
        parse = None if num_sparse else _fast_parser(dense_keys, Tdense, dense_shapes)
        fast = parse(serialized) if parse is not None else None
        if fast is not None:
            return fast
        sparse = list(zip(sparse_keys, sparse_types))
        dense = list(zip(dense_keys, Tdense, _shapes(dense_shapes), defaults))
        parts = _parse_batch(np.reshape(serialized, [1]), [], sparse, dense, batch=False)
        return _as_list(_squeeze_batch(parts, dense))


@by_attr_identity
def _fast_parser(keys, types, shapes):
    """ParseSingleExample's common case, one Example whose fixed-length dense features are all
    present with the right kind and count: their arrays, or None for anything else (a missing
    feature, a default, a bad proto), which the general path then handles with TF's errors.
    None itself for string or variable-length features."""
    rows = fast_rows((), (), keys, types, shapes)
    if rows is None:
        return None

    def run(serialized):
        row = rows(serialized)
        return None if row is None else row[1]

    return run


def fast_rows(sparse_keys, sparse_types, dense_keys, dense_types, dense_shapes):
    """parse(serialized Example) -> ([values of each VarLen feature], [array of each dense
    feature]), or None where the general path must decide (a bad proto, a wrong kind, a dense
    feature missing or of a wrong count); None itself for string or variable-length dense
    features."""
    dims = _shapes(dense_shapes)
    types = [D.as_dtype(t) for t in list(sparse_types) + list(dense_types)]
    if D.string in types or any(None in d for d in dims):
        return None
    kinds = [(_KINDS[t], t.as_numpy_dtype) for t in types]
    sparse = list(zip(sparse_keys, kinds))
    dense = [(key, kind, np_dtype, tuple(d), math.prod(d))
             for key, (kind, np_dtype), d in zip(dense_keys, kinds[len(sparse):], dims)]

    def run(serialized):
        # a folded constant reaches the kernel as bytes, a fed value as a 0-d array
        data = serialized.item() if isinstance(serialized, np.ndarray) else serialized
        proto = _message("Example", data)
        if proto is None:
            return None
        features, lists = proto.features.feature, []
        for key, (kind, np_dtype) in sparse:
            feature = features.get(key)
            got = None if feature is None else feature.WhichOneof("kind")
            if got is not None and got != kind:
                return None
            lists.append(np.asarray(getattr(feature, kind).value if got else [], np_dtype))
        values = []
        for key, kind, np_dtype, shape, size in dense:
            feature = features.get(key)
            if feature is None or feature.WhichOneof("kind") != kind:
                return None
            value = np.asarray(getattr(feature, kind).value, np_dtype)
            if value.size != size:
                return None
            values.append(value.reshape(shape))
        return lists, values

    return run


for _name in ("ParseExample", "ParseSingleExample"):
    NotDifferentiable(_name)


# -- SequenceExample ---------------------------------------------------------------------------
class _SequenceWhere:
    """TF's messages for one SequenceExample ("Name: n, ..."; the name may be empty)."""

    def __init__(self, name):
        self.name = name

    def mismatch(self, what, key, index, dtype, feature):
        at = "" if index is None else f", Index: {index}"
        return _error(f"Name: {self.name}, {what}: {key}{at}.  Data types don't match. "
                      f"Expected type: {_type_name(dtype)}  Feature is: {feature}")

    def count(self, key, index, dtype, size, shape):
        # TF words the bytes case apart ("Key k", "Values size")
        key_text, size_text = ((f"Key {key}", "Values") if D.as_dtype(dtype) == D.string
                               else (f"Key: {key}", "values"))
        return _error(f"Name: {self.name}, {key_text}, Index: {index}.  Number of "
                      f"{_count_name(dtype)} values != expected.  {size_text} size: {size} but "
                      f"output shape: {_shape_text(shape)}")


def _typed(feature, dtype, on_mismatch):
    kind = feature.WhichOneof("kind")
    if kind is not None and kind != _KINDS[D.as_dtype(dtype)]:
        raise on_mismatch()
    return _values(feature, dtype, "", None, dense=True)


def _context_values(feature, key, dtype, where):
    return _typed(feature, dtype,
                  lambda: where.mismatch("Context feature", key, None, dtype, feature))


def _context(features, sparse, dense, where):
    """[indices], [values], [shapes], [dense] of the context, as ParseSingleExample's."""
    lists = []
    for key, dtype in sparse:
        feature = features.get(key)
        lists.append([] if feature is None else _context_values(feature, key, dtype, where))
    sparse_parts = [_sparse([v], dtype) for v, (_, dtype) in zip(lists, sparse)]
    dense_values = []
    for key, dtype, shape, default in dense:
        feature = _present(features, key)
        if feature is None:
            if np.size(default) == 0:
                raise _error(f"Name: {where.name}, Context feature '{key}' is required but "
                             "could not be found.")
            dense_values.append(np.reshape(np.asarray(default, _np_dtype(dtype)), shape))
            continue
        values = _context_values(feature, key, dtype, where)
        if values.size != math.prod(shape):
            raise where.count(key, 0, dtype, values.size, shape)
        dense_values.append(values.reshape(shape))
    return ([i[:, 1:] for i, _, _ in sparse_parts], [v for _, v, _ in sparse_parts],
            [s[1:] for _, _, s in sparse_parts], dense_values)


def _feature_list_sparse(lists, key, dtype, where):
    feature_list = lists.get(key)
    steps = [] if feature_list is None else feature_list.feature
    values = [_typed(f, dtype, lambda f=f, t=t: where.mismatch("Feature List", key, t, dtype, f))
              for t, f in enumerate(steps)]
    return _sparse(values, dtype)


def _feature_list_dense(lists, key, dtype, shape, assumed_empty, where):
    feature_list = lists.get(key)
    if feature_list is None:
        if key not in assumed_empty:
            raise _error(
                f"Name: {where.name}, Feature list '{key}' is required but could not be found.  "
                "Did you mean to include it in feature_list_dense_missing_assumed_empty or "
                "feature_list_dense_defaults?")
        return np.empty([0] + list(shape), _np_dtype(dtype))
    rows = []
    for t, f in enumerate(feature_list.feature):
        values = _typed(f, dtype, lambda f=f, t=t: where.mismatch("Feature list", key, t, dtype, f))
        if values.size != math.prod(shape):
            raise where.count(key, t, dtype, values.size, shape)
        rows.append(values.reshape(shape))
    return np.stack(rows) if rows else np.empty([0] + list(shape), _np_dtype(dtype))


@register_op
class ParseSingleSequenceExample(_ListInputs):
    """One serialized SequenceExample to context and feature-list tensors."""

    inputs = (
        "serialized",
        "feature_list_dense_missing_assumed_empty",
        "context_sparse_keys*",
        "context_dense_keys*",
        "feature_list_sparse_keys*",
        "feature_list_dense_keys*",
        "context_dense_defaults*",
        "debug_name",
    )
    attrs = {
        "Ncontext_sparse": 0,
        "Ncontext_dense": 0,
        "Nfeature_list_sparse": 0,
        "Nfeature_list_dense": 0,
        "context_sparse_types": (),
        "Tcontext_dense": (),
        "feature_list_dense_types": (),
        "context_dense_shapes": (),
        "feature_list_sparse_types": (),
        "feature_list_dense_shapes": (),
    }
    checked_types = {
        "context_sparse_types": "context_sparse_types",
        "Tcontext_dense": "context_dense_defaults",
        "feature_list_sparse_types": "feature_list_sparse_types",
        "feature_list_dense_types": "feature_list_dense_types",
    }

    def infer(serialized, *rest, **attrs):
        if serialized.shape.ndims not in (None, 0):
            raise _shape_rank_error(serialized.shape.ndims, 0)
        return (
            _sparse_specs(attrs["context_sparse_types"], 1)
            + _dense_specs([], attrs["Tcontext_dense"], attrs["context_dense_shapes"])
            + _sparse_specs(attrs["feature_list_sparse_types"], 2)
            + _dense_specs([None], attrs["feature_list_dense_types"],
                           attrs["feature_list_dense_shapes"])
        )

    def kernel(xp, serialized, assumed_empty, *rest, **attrs):
        counts = [attrs[k] for k in ("Ncontext_sparse", "Ncontext_dense",
                                     "Nfeature_list_sparse", "Nfeature_list_dense")]
        keys = [as_bytes(np.ravel(k)[0]).decode() for k in rest[: sum(counts)]]
        starts = np.cumsum([0] + counts)
        ctx_sparse, ctx_dense, fl_sparse, fl_dense = (
            keys[a:b] for a, b in zip(starts[:-1], starts[1:]))
        defaults, debug_name = rest[sum(counts):-1], rest[-1]
        where = _SequenceWhere(as_bytes(np.ravel(debug_name)[0]).decode()
                               if np.size(debug_name) else "")
        proto = _parsed("SequenceExample", serialized)
        context = _context(
            proto.context.feature, list(zip(ctx_sparse, attrs["context_sparse_types"])),
            list(zip(ctx_dense, attrs["Tcontext_dense"], _shapes(attrs["context_dense_shapes"]),
                     defaults)), where)
        lists = proto.feature_lists.feature_list
        sparse = [_feature_list_sparse(lists, k, t, where)
                  for k, t in zip(fl_sparse, attrs["feature_list_sparse_types"])]
        empty = {as_bytes(k).decode() for k in np.ravel(assumed_empty)}
        shapes = _shapes(attrs["feature_list_dense_shapes"])
        dense = [_feature_list_dense(lists, k, t, s, empty, where)
                 for k, t, s in zip(fl_dense, attrs["feature_list_dense_types"], shapes)]
        return _as_list(sum(context, []) + [p[i] for i in range(3) for p in sparse] + dense)


NotDifferentiable("ParseSingleSequenceExample")


# -- a batch of SequenceExamples (TF's FastParseSequenceExample: its counts and messages) ------
def _count(feature, dtype):
    """The number of values of a Feature read as dtype; None for another kind (TF reads the
    wire as the expected kind and fails). A Feature with no kind has none."""
    kind = feature.WhichOneof("kind")
    if kind is None:
        return 0
    return len(getattr(feature, kind).value) if kind == _KINDS[D.as_dtype(dtype)] else None


class _Batch:
    """The SequenceExamples of a batch, with TF's per-key counts: a sparse key's total and a
    dense key's largest example (a context default's size counts too)."""

    def __init__(self, serialized, names, context, lists):
        self.names = [as_bytes(n).decode() for n in np.ravel(names)] or ["<unknown>"] * len(
            serialized)
        if len(self.names) != len(serialized):
            raise _error("example_names must be empty or have the correct number of elements")
        self.protos = []
        for data, name in zip(serialized, self.names):
            proto = _message("SequenceExample", data)
            if proto is None:
                raise _error(f"Invalid protocol message input, example id: {name}")
            self.protos.append(proto)
        self.context = self._counts(context, "context", lambda p: p.context.feature)
        self.lists = self._counts(lists, "sequence", lambda p: p.feature_lists.feature_list)

    def _counts(self, keys, what, features_of):
        """keys: [(key, dtype, sparse, initial count)] -> {key: count}."""
        counts = {}
        for key, dtype, sparse, initial in keys:
            total = initial
            for proto, name in zip(self.protos, self.names):
                features = features_of(proto)
                if key not in features:
                    continue
                steps = [features[key]] if what == "context" else features[key].feature
                counted = [_count(f, dtype) for f in steps]
                if None in counted:
                    raise _error(f"Error in {what} feature {key} in example {name}")
                total = total + sum(counted) if sparse else max(total, sum(counted))
            counts[key] = total
        return counts


def _batch_context_dense(batch, key, dtype, shape, default):
    expected = batch.context[key]
    if expected != int(np.prod(shape)):
        raise _error(f"Inconsistent number of elements for feature {key}: {expected} vs 1")
    rows = []
    for proto, name in zip(batch.protos, batch.names):
        feature = proto.context.feature.get(key)
        if feature is None:
            if np.size(default) == 0:
                raise _error(f"Feature: {key} (data type: {_type_name(dtype)}) is required but "
                             "could not be found.")
            values = np.ravel(np.asarray(default, _np_dtype(dtype)))
        else:
            values = _values(feature, dtype, key, None, dense=True)
        if values.size != expected:
            raise _error(f"Unexpected number of elements in example {name}")
        rows.append(values.reshape(shape))
    return np.stack(rows) if rows else np.empty([0] + list(shape), _np_dtype(dtype))


def _batch_list_dense(batch, key, dtype, shape, assumed_empty):
    row = int(np.prod(shape))
    expected = batch.lists[key]
    if row == 0 or expected % row:
        raise _error(f"Unexpected shape error in feature {key}")
    out = np.zeros([len(batch.protos), expected // row] + list(shape), _np_dtype(dtype))
    if D.as_dtype(dtype) == D.string:
        out[...] = b""
    lengths = []
    for e, (proto, name) in enumerate(zip(batch.protos, batch.names)):
        lists = proto.feature_lists.feature_list
        if key not in lists and key not in assumed_empty:
            raise _error(f"Missing feature {key} in example {name}")
        steps = lists[key].feature if key in lists else []
        for t, f in enumerate(steps):
            if f.WhichOneof("kind") is None or _count(f, dtype) != row:
                raise _error(f"Unexpected number of elements in feature {key}, example {name}")
            out[e, t, ...] = _values(f, dtype, key, None, dense=True).reshape(shape)
        lengths.append(len(steps))
    return out, np.asarray(lengths, np.int64)


def _batch_sparse(batch, key, dtype, steps_of):
    """(indices [N, rank], values, dense_shape) of one sparse key over the batch; steps_of(proto)
    gives an example's Features ([one] for a context feature, the steps of a feature list)."""
    indices, values, longest, most_steps = [], [], 0, 0
    for e, proto in enumerate(batch.protos):
        steps = steps_of(proto)
        for t, f in enumerate(steps or []):
            got = _values(f, dtype, key, None, dense=True)
            indices.extend([e, t, i] for i in range(got.size))
            values.append(got)
            longest = max(longest, got.size)
        if steps:
            most_steps = max(most_steps, len(steps))
    return indices, values, longest, most_steps


def _sparse_output(batch, key, dtype, steps_of, context):
    indices, values, longest, most_steps = _batch_sparse(batch, key, dtype, steps_of)
    rank = 2 if context else 3
    idx = np.asarray([i[::2] if context else i for i in indices], np.int64).reshape([-1, rank])
    flat = (np.concatenate(values) if values else np.empty([0], _np_dtype(dtype)))
    shape = [len(batch.protos), longest] if context else [len(batch.protos), most_steps, longest]
    return idx, flat.astype(_np_dtype(dtype)), np.asarray(shape, np.int64)


def _context_steps(key):
    return lambda p: [p.context.feature[key]] if key in p.context.feature else []


def _list_steps(key):
    lists_of = lambda p: p.feature_lists.feature_list  # noqa: E731
    return lambda p: list(lists_of(p)[key].feature) if key in lists_of(p) else []


@register_op
class ParseSequenceExample(_ListInputs):
    """A batch of serialized SequenceExamples to context, feature-list and length tensors."""

    inputs = ("serialized", "debug_name", "context_dense_defaults*")
    attrs = {
        "feature_list_dense_missing_assumed_empty": (),
        "context_sparse_keys": (),
        "context_dense_keys": (),
        "feature_list_sparse_keys": (),
        "feature_list_dense_keys": (),
        "Ncontext_sparse": 0,
        "Ncontext_dense": 0,
        "Nfeature_list_sparse": 0,
        "Nfeature_list_dense": 0,
        "context_sparse_types": (),
        "Tcontext_dense": (),
        "feature_list_dense_types": (),
        "context_dense_shapes": (),
        "feature_list_sparse_types": (),
        "feature_list_dense_shapes": (),
    }
    checked_types = ParseSingleSequenceExample.checked_types

    def infer(serialized, debug_name, *defaults, **attrs):
        if serialized.shape.ndims not in (None, 1):
            raise _shape_rank_error(serialized.shape.ndims, 1)
        batch = [serialized.shape.as_list()[0] if serialized.shape.ndims else None]
        n = len(attrs["feature_list_dense_types"])
        return (
            _sparse_specs(attrs["context_sparse_types"], 2)
            + _dense_specs(batch, attrs["Tcontext_dense"], attrs["context_dense_shapes"])
            + _sparse_specs(attrs["feature_list_sparse_types"], 3)
            + _dense_specs(batch + [None], attrs["feature_list_dense_types"],
                           attrs["feature_list_dense_shapes"])
            + [TensorSpec(TensorShape(batch), D.int64)] * n
        )

    def kernel(xp, serialized, debug_name, *defaults, **attrs):
        if np.ndim(serialized) != 1:
            raise _error(f"Expected serialized to be a vector, got shape: "
                         f"{list(np.shape(serialized))}")
        batch = _sequence_batch(list(np.ravel(serialized)), debug_name, defaults, attrs)
        parts = [_sparse_output(batch, k, t, _context_steps(k), True) for k, t in zip(
            attrs["context_sparse_keys"], attrs["context_sparse_types"])]
        outputs = [p[i] for i in range(3) for p in parts]
        outputs += [_batch_context_dense(batch, k, t, s, d) for k, t, s, d in zip(
            attrs["context_dense_keys"], attrs["Tcontext_dense"],
            _shapes(attrs["context_dense_shapes"]), defaults)]
        parts = [_sparse_output(batch, k, t, _list_steps(k), False) for k, t in zip(
            attrs["feature_list_sparse_keys"], attrs["feature_list_sparse_types"])]
        outputs += [p[i] for i in range(3) for p in parts]
        empty = set(attrs["feature_list_dense_missing_assumed_empty"])
        dense = [_batch_list_dense(batch, k, t, s, empty) for k, t, s in zip(
            attrs["feature_list_dense_keys"], attrs["feature_list_dense_types"],
            _shapes(attrs["feature_list_dense_shapes"]))]
        return _as_list(outputs + [d for d, _ in dense] + [n for _, n in dense])


def _sequence_batch(serialized, debug_name, defaults, attrs):
    context = [(k, t, True, 0) for k, t in zip(attrs["context_sparse_keys"],
                                               attrs["context_sparse_types"])]
    context += [(k, t, False, int(np.size(d))) for k, t, d in zip(
        attrs["context_dense_keys"], attrs["Tcontext_dense"], defaults)]
    lists = [(k, t, True, 0) for k, t in zip(attrs["feature_list_sparse_keys"],
                                             attrs["feature_list_sparse_types"])]
    lists += [(k, t, False, 0) for k, t in zip(attrs["feature_list_dense_keys"],
                                               attrs["feature_list_dense_types"])]
    return _Batch(serialized, debug_name, context, lists)


NotDifferentiable("ParseSequenceExample")


@register_op
class DecodeJSONExample(OpDef):
    """JSON-encoded Examples (protobuf's JSON mapping) to serialized binary Examples."""

    inputs = ("json_examples",)
    type_inputs = ()
    attrs = {}

    def infer(json_examples):
        return TensorSpec(json_examples.shape, D.string)

    def kernel(xp, json_examples):
        from google.protobuf import json_format

        from tinytf.platform import example_protos

        out = np.empty(np.shape(json_examples), dtype=object)
        for idx, text in np.ndenumerate(np.asarray(json_examples, dtype=object)):
            try:
                proto = json_format.Parse(as_bytes(text), example_protos.Example())
            except json_format.ParseError as e:
                raise _error(f"Error while parsing JSON: {e}") from None
            out[idx] = proto.SerializeToString(deterministic=True)
        return out


NotDifferentiable("DecodeJSONExample")
