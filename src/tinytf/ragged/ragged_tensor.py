"""RaggedTensor as TF 1.15 has it in graph mode: a composite of `values` (a Tensor or another
RaggedTensor) and int64/int32 `row_splits`, built from ordinary ops as TF's ragged_tensor.py
builds it; Session.run gives a RaggedTensorValue."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ragged.ragged_tensor_value import RaggedTensorValue

_SPLITS_DTYPES = (D.int32, D.int64)


def _ops():
    """The op modules, imported on first use so `import tinytf` stays fast."""
    from tinytf.ops import array_ops, math_ops, reduction_ops

    return array_ops, math_ops, reduction_ops


def _splits(value, name, dtype=None):
    t = convert_to_tensor(value, name=name, preferred_dtype=dtype or D.int64)
    if t.dtype.base_dtype not in _SPLITS_DTYPES:
        raise ValueError(f"{name} must have dtype int32 or int64")
    if dtype is not None and t.dtype.base_dtype != dtype:
        raise ValueError(f"dtype mismatch: {name} has {t.dtype.name}, expected {dtype.name}")
    return t


def _check(cond, what, data):
    """A run-time Assert with TF's message (not folded at build time, as TF does not)."""
    from tinytf.ops.check_ops import Assert_ as Assert

    return Assert(cond, [f"Arguments to {what} do not form a valid RaggedTensor", *data])


def _condition(text, x, y=None):
    parts = [f"Condition {text} did not hold element-wise:", f"x ({x.name}) = ", x]
    return parts if y is None else parts + [f"y ({y.name}) = ", y]


def is_ragged(value):
    """Whether `value` is a RaggedTensor or RaggedTensorValue."""
    return isinstance(value, (RaggedTensor, RaggedTensorValue))


def convert_to_tensor_or_ragged_tensor(value, dtype=None, name=None):
    """`value` itself when ragged, else as a Tensor."""
    if isinstance(value, RaggedTensor):
        if dtype is not None and not dtype.is_compatible_with(value.dtype):
            raise ValueError(
                f"Tensor conversion requested dtype {dtype.name} for "
                f"RaggedTensor with dtype {value.dtype.name}: {value!r}"
            )
        return value
    if isinstance(value, RaggedTensorValue):
        from tinytf.ops.ragged_ops import constant_from_value

        return constant_from_value(value, dtype, name)
    return convert_to_tensor(value, dtype=dtype, name=name)


class RaggedTensor:
    """A tensor with one or more ragged dimensions: `values` split into rows by `row_splits`.

    >>> rt = tf.RaggedTensor.from_row_splits([3, 1, 4, 1, 5], row_splits=[0, 2, 2, 5])
    """

    def __init__(
        self,
        values,
        row_splits,
        cached_row_lengths=None,
        cached_value_rowids=None,
        cached_nrows=None,
        internal=False,
    ):
        if not internal:
            raise ValueError(
                "RaggedTensor constructor is private; please use one of the "
                "factory methods instead (e.g., RaggedTensor.from_row_lengths())"
            )
        if row_splits.dtype.base_dtype not in _SPLITS_DTYPES:
            raise ValueError("Row-partitioning argument must be int32 or int64")
        row_splits.shape.with_rank(1)
        if isinstance(values, RaggedTensor) and values.row_splits.dtype != row_splits.dtype:
            raise ValueError("dtype mismatch: values.row_splits and row_splits")
        values.shape.with_rank_at_least(1)
        self._values, self._row_splits = values, row_splits
        self._cached_row_lengths = cached_row_lengths
        self._cached_value_rowids = cached_value_rowids
        self._cached_nrows = cached_nrows

    # -- factories ----------------------------------------------------------------------------
    @classmethod
    def _wrap(cls, values, row_splits, **cached):
        if not isinstance(values, RaggedTensor):
            values = convert_to_tensor(values, name="values")
        return cls(values, row_splits, internal=True, **cached)

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None, validate=True):
        """The RaggedTensor whose value `i` is in row `value_rowids[i]` (sorted), `nrows` rows."""
        array_ops, math_ops, _ = _ops()
        from tinytf.ops import ragged_ops

        with name_scope(name, "RaggedFromValueRowIds", [values, value_rowids, nrows]):
            values = _values(values)
            value_rowids = _splits(value_rowids, "value_rowids")
            if nrows is None:
                nrows = _nrows_of_rowids(value_rowids)
            else:
                nrows = convert_to_tensor(nrows, value_rowids.dtype, name="nrows")
                _check_static_nrows(nrows, value_rowids)
            checks = []
            if validate:
                checks = _check_rowids(values, value_rowids, nrows)
            with control_dependencies(checks):
                value_rowids = array_ops.identity(value_rowids) if checks else value_rowids
                splits = ragged_ops.segment_ids_to_row_splits_of(value_rowids, nrows)
            known = _static_scalar(nrows)
            if known is not None:
                splits.set_shape([known + 1])
            return cls._wrap(values, splits, cached_value_rowids=value_rowids, cached_nrows=nrows)

    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        """The RaggedTensor whose row `i` is `values[row_splits[i]:row_splits[i + 1]]`."""
        array_ops, _, _ = _ops()
        if isinstance(row_splits, (list, tuple)) and not row_splits:
            raise ValueError("row_splits tensor may not be empty.")
        with name_scope(name, "RaggedFromRowSplits", [values, row_splits]):
            values = _values(values)
            row_splits = _splits(row_splits, "row_splits")
            row_splits.shape.with_rank(1)
            if validate:
                with control_dependencies(_check_splits(values, row_splits, "from_row_splits")):
                    row_splits = array_ops.identity(row_splits, name="control_dependency")
            return cls._wrap(values, row_splits)

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True):
        """The RaggedTensor whose row `i` holds the next `row_lengths[i]` values."""
        array_ops, math_ops, reduction_ops = _ops()
        with name_scope(name, "RaggedFromRowLengths", [values, row_lengths]):
            values = _values(values)
            row_lengths = _splits(row_lengths, "row_lengths")
            checks = []
            if validate:
                total = reduction_ops.reduce_sum(row_lengths)
                nvals = _nvals(values, row_lengths.dtype)
                checks = [
                    _check(
                        reduction_ops.reduce_all(row_lengths >= 0),
                        "from_row_lengths",
                        _condition("x >= 0", row_lengths),
                    ),
                    _check(
                        math_ops.equal(total, nvals),
                        "from_row_lengths",
                        _condition("x == y", total, nvals),
                    ),
                ]
            with control_dependencies(checks):
                lengths = array_ops.identity(row_lengths) if checks else row_lengths
                from tinytf.ops.sequence_ops import cumsum

                cumsum = cumsum(lengths)
                splits = array_ops.concat([array_ops.zeros([1], lengths.dtype), cumsum], 0)
            return cls._wrap(values, splits, cached_row_lengths=row_lengths)

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate=True):
        """The RaggedTensor whose row `i` starts at `row_starts[i]`."""
        array_ops, _, _ = _ops()
        with name_scope(name, "RaggedFromRowStarts", [values, row_starts]):
            values = _values(values)
            row_starts = _splits(row_starts, "row_starts")
            nvals = array_ops.reshape(_nvals(values, row_starts.dtype), [1])
            splits = array_ops.concat([row_starts, nvals], axis=0)
            return cls.from_row_splits(values, splits, validate=validate)

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate=True):
        """The RaggedTensor whose row `i` ends at `row_limits[i]`."""
        array_ops, _, _ = _ops()
        with name_scope(name, "RaggedFromRowLimits", [values, row_limits]):
            values = _values(values)
            row_limits = _splits(row_limits, "row_limits")
            zero = array_ops.zeros([1], row_limits.dtype)
            splits = array_ops.concat([zero, row_limits], axis=0)
            return cls.from_row_splits(values, splits, validate=validate)

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None, validate=True):
        """The RaggedTensor with `flat_values` split by each of `nested_row_splits` (outer
        first)."""
        if isinstance(nested_row_splits, RaggedTensor) or not isinstance(
            nested_row_splits, (list, tuple)
        ):
            raise TypeError("nested_row_splits must be a list of Tensors")
        with name_scope(name, "RaggedFromNestedRowSplits", [flat_values] + list(nested_row_splits)):
            result = flat_values
            for splits in reversed(nested_row_splits):
                result = cls.from_row_splits(result, splits, validate=validate)
            return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None, validate=True):
        """The RaggedTensor with `flat_values` split by each of `nested_row_lengths`."""
        with name_scope(name, "RaggedFromNestedRowlengths", [flat_values]):
            result = flat_values
            for lengths in reversed(nested_row_lengths):
                result = cls.from_row_lengths(result, lengths, validate=validate)
            return result

    @classmethod
    def from_nested_value_rowids(
        cls, flat_values, nested_value_rowids, nested_nrows=None, name=None, validate=True
    ):
        """The RaggedTensor with `flat_values` split by each of `nested_value_rowids`."""
        nested_nrows = nested_nrows or [None] * len(nested_value_rowids)
        if len(nested_nrows) != len(nested_value_rowids):
            raise ValueError("nested_nrows must have the same length as nested_value_rowids")
        with name_scope(name, "RaggedFromNestedValueRowIds", [flat_values]):
            result = flat_values
            for rowids, nrows in reversed(list(zip(nested_value_rowids, nested_nrows))):
                result = cls.from_value_rowids(result, rowids, nrows, validate=validate)
            return result

    @classmethod
    def from_tensor(
        cls, tensor, lengths=None, padding=None, ragged_rank=1, name=None, row_splits_dtype=D.int64
    ):
        """The RaggedTensor of a dense `tensor`: all rows, or the first `lengths[i]` of row
        `i`, or row `i` up to its trailing `padding`."""
        from tinytf.ops import ragged_ops

        with name_scope(name, "RaggedFromTensor", [tensor, lengths, padding]):
            return ragged_ops.from_tensor(
                cls, tensor, lengths, padding, ragged_rank, D.as_dtype(row_splits_dtype)
            )

    @classmethod
    def from_sparse(cls, st_input, name=None, row_splits_dtype=D.int64):
        """The RaggedTensor of a right-ragged 2-D SparseTensor: its values row by row."""
        from tinytf.ops import ragged_ops

        return ragged_ops.from_sparse(cls, st_input, name, D.as_dtype(row_splits_dtype))

    # -- properties ---------------------------------------------------------------------------
    values = property(lambda self: self._values)
    row_splits = property(lambda self: self._row_splits)
    dtype = property(lambda self: self._values.dtype)
    row_splits_dtype = property(lambda self: self._row_splits.dtype)
    graph = property(lambda self: self._row_splits.graph)

    @property
    def shape(self):
        """The static shape: [nrows, None, ...the values' inner dimensions]."""
        rows = self._row_splits.shape[0].value
        nrows = None if rows is None else rows - 1
        return TensorShape([nrows, None]).concatenate(self._values.shape[1:])

    def get_shape(self):
        """The static shape (as `shape`)."""
        return self.shape

    @property
    def ragged_rank(self):
        """The number of ragged dimensions."""
        inner = self._values
        return inner.ragged_rank + 1 if isinstance(inner, RaggedTensor) else 1

    @property
    def flat_values(self):
        """The innermost values Tensor."""
        inner = self._values
        while isinstance(inner, RaggedTensor):
            inner = inner.values
        return inner

    @property
    def nested_row_splits(self):
        """The row_splits of every ragged dimension, outermost first."""
        out, inner = [self._row_splits], self._values
        while isinstance(inner, RaggedTensor):
            out.append(inner.row_splits)
            inner = inner.values
        return tuple(out)

    # -- row partitions -----------------------------------------------------------------------
    def value_rowids(self, name=None):
        """The row index of each value."""
        if self._cached_value_rowids is not None:
            return self._cached_value_rowids
        from tinytf.ops import ragged_ops

        with name_scope(name, "RaggedValueRowIds", [self]):
            return ragged_ops.row_splits_to_segment_ids(self._row_splits)

    def nrows(self, out_type=None, name=None):
        """The number of rows (a scalar of `out_type`, default the row_splits dtype)."""
        array_ops, math_ops, _ = _ops()
        if self._cached_nrows is not None:
            return (
                self._cached_nrows
                if out_type is None
                else math_ops.cast(self._cached_nrows, out_type)
            )
        with name_scope(name, "RaggedNRows", [self]):
            n = array_ops.shape(self._row_splits, out_type=self._row_splits.dtype)[0] - 1
            return n if out_type is None else math_ops.cast(n, out_type)

    def row_starts(self, name=None):
        """The index in `values` where each row starts."""
        with name_scope(name, "RaggedRowStarts", [self]):
            return self._row_splits[:-1]

    def row_limits(self, name=None):
        """The index in `values` where each row ends."""
        with name_scope(name, "RaggedRowLimits", [self]):
            return self._row_splits[1:]

    def row_lengths(self, axis=1, name=None):
        """The length of each row along `axis` (1: the rows of this tensor)."""
        array_ops, _, _ = _ops()
        if self._cached_row_lengths is not None and axis == 1:
            return self._cached_row_lengths
        with name_scope(name, "RaggedRowLengths", [self]):
            if axis == 0:
                return self.nrows()
            if axis == 1:
                return self._row_splits[1:] - self._row_splits[:-1]
            if isinstance(self._values, RaggedTensor):
                return self.with_values(self._values.row_lengths(axis - 1))
            shape = array_ops.shape(self._values, out_type=self._row_splits.dtype)
            return self.with_values(
                array_ops.ones(shape[: axis - 1], self._row_splits.dtype) * shape[axis - 1]
            )

    def nested_row_lengths(self, name=None):
        """The row lengths of every ragged dimension, outermost first."""
        with name_scope(name, "RaggedNestedRowLengths", [self]):
            out, inner = [], self
            while isinstance(inner, RaggedTensor):
                out.append(inner.row_lengths())
                inner = inner.values
            return tuple(out)

    def bounding_shape(self, axis=None, name=None):
        """The smallest dense shape holding this tensor (int of the row_splits dtype)."""
        array_ops, math_ops, reduction_ops = _ops()
        with name_scope(name, "RaggedBoundingBox", [self, axis]):
            lengths = [reduction_ops.reduce_max(s[1:] - s[:-1]) for s in self.nested_row_splits]
            widths = [math_ops.maximum(w, 0) for w in lengths]
            inner = array_ops.shape(self.flat_values, out_type=self._row_splits.dtype)[1:]
            dims = array_ops.concat([array_ops.stack([self.nrows()] + widths), inner], axis=0)
            return dims if axis is None else array_ops.gather(dims, axis)

    # -- derived tensors ----------------------------------------------------------------------
    def with_values(self, new_values):
        """This tensor's row partition over `new_values`."""
        if not isinstance(new_values, RaggedTensor):
            new_values = convert_to_tensor(new_values)
            new_values.shape.with_rank_at_least(1)
        return RaggedTensor(
            new_values,
            self._row_splits,
            self._cached_row_lengths,
            self._cached_value_rowids,
            self._cached_nrows,
            internal=True,
        )

    def with_flat_values(self, new_values):
        """This tensor's nested row partitions over `new_values`."""
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def with_row_splits_dtype(self, dtype):
        """This tensor with its row partitions cast to `dtype` (int32 or int64)."""
        _, math_ops, _ = _ops()
        dtype = D.as_dtype(dtype)
        if dtype not in _SPLITS_DTYPES:
            raise ValueError(f"dtype must be int32 or int64, not {dtype}")
        if self._row_splits.dtype == dtype:
            return self
        values = self._values
        if isinstance(values, RaggedTensor):
            values = values.with_row_splits_dtype(dtype)
        return RaggedTensor(values, math_ops.cast(self._row_splits, dtype), internal=True)

    def to_tensor(self, default_value=None, name=None):
        """The dense Tensor of this tensor, padded with `default_value` (default zero)."""
        from tinytf.ops import ragged_ops

        with name_scope(name, "RaggedToTensor", [self, default_value]):
            return ragged_ops.to_tensor(self, default_value)

    def to_sparse(self, name=None):
        """The SparseTensor of this tensor (RaggedTensorToSparse)."""
        from tinytf.ops import ragged_ops

        with name_scope(name, "RaggedToSparse", [self]):
            return ragged_ops.to_sparse(self)

    def to_list(self):
        """Eager only in TF; in graph mode run the tensor and use RaggedTensorValue.to_list."""
        raise ValueError(
            "RaggedTensor.to_list() is only supported in eager mode; in graph mode, evaluate "
            "the RaggedTensor first and then use RaggedTensorValue.to_list()."
        )

    def __getitem__(self, key):
        from tinytf.ops import ragged_ops

        with name_scope(None, "RaggedGetItem", [self, key]):
            return ragged_ops.getitem(self, key)

    def eval(self, feed_dict=None, session=None):
        """The RaggedTensorValue of this tensor in `session` (default: the default one)."""
        from tinytf.client.session import _eval_using_default_session

        return _eval_using_default_session(self, feed_dict, self.graph, session)

    def _fetch_parts(self):
        return [self._values, self._row_splits], RaggedTensorValue

    def __repr__(self):
        return f"tf.RaggedTensor(values={self._values}, row_splits={self._row_splits})"

    __str__ = __repr__


def _elementwise(op_name, right=False):
    """An operator applying tf.<op_name> to the flat values (as TF 1.15's ragged dispatch)."""

    def operator(self, *other):
        import tinytf
        from tinytf.ops import ragged_ops

        fn = getattr(tinytf, op_name)
        args = (other[0], self) if right else (self, *other)
        return ragged_ops.elementwise(fn, *args)

    operator.__name__ = op_name
    operator.__doc__ = f"tf.{op_name} element by element."
    return operator


for _op_name, _dunders in (
    ("greater_equal", ["__ge__"]),
    ("greater", ["__gt__"]),
    ("less_equal", ["__le__"]),
    ("less", ["__lt__"]),
    ("logical_and", ["__and__", "__rand__"]),
    ("logical_or", ["__or__", "__ror__"]),
    ("logical_xor", ["__xor__", "__rxor__"]),
    ("logical_not", ["__invert__"]),
    ("abs", ["__abs__"]),
    ("negative", ["__neg__"]),
    ("add", ["__add__", "__radd__"]),
    ("subtract", ["__sub__", "__rsub__"]),
    ("multiply", ["__mul__", "__rmul__"]),
    ("truediv", ["__truediv__", "__rtruediv__"]),
    ("div", ["__div__", "__rdiv__"]),
    ("floordiv", ["__floordiv__", "__rfloordiv__"]),
    ("floormod", ["__mod__", "__rmod__"]),
    ("pow", ["__pow__", "__rpow__"]),
):
    for _dunder in _dunders:
        setattr(RaggedTensor, _dunder, _elementwise(_op_name, right=_dunder.startswith("__r")))


def _no_bool(self):
    raise TypeError("RaggedTensor may not be used as a boolean.")


RaggedTensor.__bool__ = _no_bool


def _values(values):
    if isinstance(values, RaggedTensor):
        return values
    t = convert_to_tensor(values, name="values")
    t.shape.with_rank_at_least(1)
    return t


def _nvals(values, dtype):
    """The number of rows of `values` as a scalar of `dtype`."""
    array_ops, _, _ = _ops()
    if isinstance(values, RaggedTensor):
        return values.nrows(out_type=dtype)
    return array_ops.shape(values, out_type=dtype)[0]


def _nrows_of_rowids(value_rowids):
    """max(value_rowids) + 1, statically when the ids are known (as TF)."""
    array_ops, _, _ = _ops()
    from tinytf.ops import shape_util

    known = shape_util.constant_value(value_rowids) if value_rowids.op.type == "Const" else None
    if known is not None:
        return convert_to_tensor(np.int64(known[-1] + 1 if known.size else 0), value_rowids.dtype)
    last = array_ops.concat([value_rowids[-1:], convert_to_tensor([-1], value_rowids.dtype)], 0)
    return last[0] + 1


def _check_static_nrows(nrows, value_rowids):
    """TF's build-time checks when nrows (and the row ids) are constants."""
    known = _static_scalar(nrows)
    if known is None:
        return
    if known < 0:
        raise ValueError(f"Expected nrows >= 0; got {known}")
    ids = value_rowids.op.get_attr("value") if value_rowids.op.type == "Const" else None
    if ids is not None and ids.size and not known >= ids[-1] + 1:
        raise ValueError(
            f"Expected nrows >= value_rowids[-1] + 1; got nrows={known}, value_rowids[-1]={ids[-1]}"
        )


def _static_scalar(t):
    from tinytf.ops import shape_util

    value = shape_util.constant_value(t)
    return None if value is None else int(value)


def _check_splits(values, row_splits, what):
    """TF's checks on row_splits: starts at 0, never decreases, ends at len(values)."""
    _, math_ops, reduction_ops = _ops()
    nvals = _nvals(values, row_splits.dtype)
    first, last = row_splits[:1], row_splits[-1:]
    zero = convert_to_tensor(0, row_splits.dtype, name="Const")
    diffs = row_splits[1:] - row_splits[:-1]
    return [
        _check(
            reduction_ops.reduce_all(math_ops.equal(first, zero)),
            what,
            _condition("x == y", first, zero),
        ),
        _check(reduction_ops.reduce_all(diffs >= 0), what, _condition("x >= 0", diffs)),
        _check(
            reduction_ops.reduce_all(math_ops.equal(last, nvals)),
            what,
            _condition("x == y", last, nvals),
        ),
    ]


def _check_rowids(values, value_rowids, nrows):
    """TF's checks on value_rowids: non-negative, sorted, below nrows, one per value."""
    array_ops, math_ops, reduction_ops = _ops()
    what = "from_value_rowids"
    first, last = value_rowids[:1], value_rowids[-1:]
    diffs = value_rowids[1:] - value_rowids[:-1]
    count = _nvals(values, value_rowids.dtype)
    size = math_ops.cast(array_ops.size(value_rowids), value_rowids.dtype)
    return [
        _check(reduction_ops.reduce_all(first >= 0), what, _condition("x >= 0", first)),
        _check(reduction_ops.reduce_all(diffs >= 0), what, _condition("x >= 0", diffs)),
        _check(reduction_ops.reduce_all(last < nrows), what, _condition("x < y", last, nrows)),
        _check(math_ops.equal(size, count), what, _condition("x == y", size, count)),
    ]
