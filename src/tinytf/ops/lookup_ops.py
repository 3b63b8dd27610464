"""TF's lookup-table ops (HashTableV2, LookupTableFindV2, InitializeTableFromTextFileV2, ...).

A table lives in the Session that runs its HashTableV2 op: the op's value is the table itself, kept
in the session's run context under its shared_name (TF's resource manager), so two HashTableV2 ops
with one shared_name share a table and a new Session starts with none. Keys and values are host
data (strings are hashed on the host, as TF keeps its tables on the CPU), so the kernels use NumPy.

The Python tables (HashTable, index_table_from_file, ...) are in ops/lookup_tables.py.
"""

import re
import threading

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import (
    FailedPreconditionError,
    InvalidArgumentError,
    NotFoundError,
    OutOfRangeError,
)
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import TensorShape, scalar
from tinytf.ops.shape_util import merge_pair, with_rank
from tinytf.ops.string_ops import as_bytes

_LOCK = threading.Lock()  # Session.run may be called from several threads (queue runners)


class _Table:
    """A table's entries ({key: value} of Python scalars, bytes for strings)."""

    def __init__(self, key_dtype, value_dtype, mutable, value_shape=()):
        self.key_dtype, self.value_dtype = key_dtype, value_dtype
        self.value_shape = value_shape  # each value's shape: () but in MutableHashTableOfTensors
        self.data = {}
        self.initialized = mutable  # a mutable table needs no initializer
        self.mutable = mutable

    def check_initialized(self):
        if not self.initialized:
            raise FailedPreconditionError(None, None, "Table not initialized.")

    def values_of(self, values, keys):
        """`values` split into one value per key (a Python scalar, or a tuple of them), with
        TF's error when their shape is not the keys' shape + value_shape."""
        expected = tuple(np.shape(keys)) + self.value_shape
        if tuple(np.shape(values)) != expected:
            raise InvalidArgumentError(
                None,
                None,
                f"Expected shape {_shape_text(expected)} for value, got "
                f"{_shape_text(np.shape(values))}",
            )
        flat = _as_list(values, self.value_dtype)
        if not self.value_shape:
            return flat
        size = int(np.prod(self.value_shape))
        return [tuple(flat[i : i + size]) for i in range(0, len(flat), size)]

    def stack(self, values, shape):
        """The table's `values` (one per key) as an array of `shape` + value_shape."""
        if self.value_shape:
            values = [v for row in values for v in row]
        return _as_array(values, self.value_dtype, tuple(shape) + self.value_shape)

    def default_of(self, default_value):
        """The lookup's default value as one of the table's values (TF's check of its shape)."""
        if tuple(np.shape(default_value)) != self.value_shape:
            raise InvalidArgumentError(
                None,
                None,
                f"Expected shape {_shape_text(self.value_shape)} for arg default_value, got "
                f"{_shape_text(np.shape(default_value))}",
            )
        return self.values_of(np.expand_dims(default_value, 0), [0])[0]

    # the kernels of the table ops (a MutableDenseHashTable has its own: mutable_lookup_ops.py)
    def find(self, keys, default):
        get = self.data.get
        return self.stack([get(k, default) for k in _as_list(keys, self.key_dtype)], np.shape(keys))

    def size(self):
        return len(self.data)

    def insert(self, keys, values):
        entries = zip(_as_list(keys, self.key_dtype), self.values_of(values, keys))
        with _LOCK:
            self.data.update(entries)

    def import_values(self, keys, values):
        entries = dict(zip(_as_list(keys, self.key_dtype), self.values_of(values, keys)))
        with _LOCK:
            self.data = entries

    def remove(self, keys):
        with _LOCK:
            for key in _as_list(keys, self.key_dtype):
                self.data.pop(key, None)

    def export(self):
        with _LOCK:
            items = list(self.data.items())
        n = len(items)
        return _as_array([k for k, _ in items], self.key_dtype, (n,)), self.stack(
            [v for _, v in items], (n,)
        )


def _shape_text(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"

    def check_initialized(self):
        if not self.initialized:
            raise FailedPreconditionError(None, None, "Table not initialized.")


def _session_tables(ctx):
    return ctx.tables


def _as_list(array, dtype):
    """The elements of `array` as hashable Python scalars (bytes for strings)."""
    flat = np.asarray(array, dtype=object if dtype == D.string else None).ravel()
    if dtype == D.string:
        return [as_bytes(v) for v in flat]
    return flat.tolist()


def _as_array(values, dtype, shape):
    out = np.empty(len(values), dtype=object if dtype == D.string else dtype.as_numpy_dtype)
    out[:] = values
    return out.reshape(shape)


def _fmt(value):
    """A key or value as TF's C++ streams print it (in FailedPrecondition messages)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _initialize(table, keys, values):
    """Fills an initializable table once (TF's InitializableLookupTable::Initialize)."""
    with _LOCK:
        if table.initialized:
            # TF compares only the sizes (AreEntriesSame): re-running an initializer is harmless
            if len(keys) != len(table.data):
                raise FailedPreconditionError(
                    None, None, "Table was already initialized with different data."
                )
            return
        data = {}
        for key, value in zip(keys, values):
            old = data.setdefault(key, value)
            if old != value:
                raise FailedPreconditionError(
                    None,
                    None,
                    f"HashTable has different value for same key. Key {_fmt(key)} has "
                    f"{_fmt(old)} and trying to add value {_fmt(value)}",
                )
        table.data = data
        table.initialized = True


def _check_pairs(keys, values):
    """Keys and values of one shape (TF's shape function of the import and insert ops)."""
    merge_pair(keys.shape, values.shape)
    return []


class _TableOp(OpDef):
    stateful = True
    foldable = False
    type_inputs = ()


_NUMBERS = ("int32", "int64", "float32", "float64")
_HASH_TABLE_KERNELS = {  # (key, value) dtypes with a TF 1.15 CPU kernel
    "HashTableV2": {
        ("int32", "int32"),
        ("int32", "string"),
        ("int32", "float32"),
        ("int32", "float64"),
        ("int64", "string"),
        ("string", "string"),
        ("string", "bool"),
    }
    | {(k, v) for k in ("int64", "string") for v in _NUMBERS},
    "MutableHashTableV2": {
        ("int32", "int32"),
        ("int32", "float32"),
        ("int32", "float64"),
        ("int64", "string"),
        ("string", "bool"),
    }
    | {(k, v) for k in ("int64", "string") for v in _NUMBERS},
}
_HASH_TABLE_KERNELS["MutableHashTableOfTensorsV2"] = _HASH_TABLE_KERNELS["MutableHashTableV2"]


def _check_kernel(op, attrs):
    key, value = attrs["key_dtype"], attrs["value_dtype"]
    if (key.name, value.name) not in _HASH_TABLE_KERNELS[op.type]:
        shown = ", ".join(
            f"{k}={_attr_text(attrs[k])}"
            for k in (
                "container",
                "shared_name",
                "use_node_name_sharing",
                "key_dtype",
                "value_dtype",
            )
        )
        raise InvalidArgumentError(
            None,
            None,
            f"No OpKernel was registered to support Op '{op.type}' used by node {op.name} "
            f"with these attrs: [{shown}]",
        )


def _attr_text(value):
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, D.DType):
        return f"DT_{value.name.upper()}".replace("FLOAT32", "FLOAT").replace("FLOAT64", "DOUBLE")
    return f'"{value}"'


class _NewTable(_TableOp):
    attrs = {
        "container": "",
        "shared_name": "",
        "use_node_name_sharing": False,
        "key_dtype": None,
        "value_dtype": None,
    }
    mutable = False

    def infer(*, container, shared_name, use_node_name_sharing, key_dtype, value_dtype):
        return TensorSpec(scalar(), D.resource)

    def kernel(xp, *, ctx, op, container, shared_name, use_node_name_sharing, **dtypes):
        value_shape = dtypes.pop("value_shape", None)
        value_shape = () if value_shape is None else tuple(value_shape.as_list())
        name = shared_name or (op.name if use_node_name_sharing else "")
        key = (container, name) if name else op  # unshared: one table per op and session
        tables = _session_tables(ctx)
        table = tables.get(key)
        if table is None:
            _check_kernel(
                op,
                {
                    "container": container,
                    "shared_name": shared_name,
                    "use_node_name_sharing": use_node_name_sharing,
                    **dtypes,
                },
            )
            with _LOCK:
                table = tables.setdefault(
                    key,
                    _Table(
                        dtypes["key_dtype"], dtypes["value_dtype"], op._opdef.mutable, value_shape
                    ),
                )
        return table


@register_op
class HashTableV2(_NewTable):
    """A new, uninitialized hash table (immutable once initialized); its handle."""


@register_op
class MutableHashTableV2(_NewTable):
    """A new, empty mutable hash table (insert, remove); its handle."""

    mutable = True


@register_op
class LookupTableFindV2(_TableOp):
    """The values of `keys` in the table, `default_value` for the keys not in it."""

    inputs = ("table_handle", "keys", "default_value")
    attrs = {"Tin": None, "Tout": None}

    def infer(table_handle, keys, default_value, *, Tin, Tout):  # noqa: N803 - TF's attrs
        with_rank(table_handle.shape, 0)
        # the default has the table's value shape (the kernel checks it): TF's handle data
        return TensorSpec(keys.shape.concatenate(default_value.shape), Tout)

    def kernel(xp, table_handle, keys, default_value, *, ctx, op, Tin, Tout):  # noqa: N803
        table_handle.check_initialized()
        return table_handle.find(keys, table_handle.default_of(default_value))


@register_op
class LookupTableSizeV2(_TableOp):
    """The number of entries in the table (int64; 0 before it is initialized)."""

    inputs = ("table_handle",)

    def infer(table_handle):
        return TensorSpec(scalar(), D.int64)

    def kernel(xp, table_handle, *, ctx, op):
        return np.int64(table_handle.size())


def _import(table, keys, values, key_dtype, value_dtype):
    if table.mutable:
        table.import_values(keys, values)
        return ()
    keys, values = _as_list(keys, key_dtype), _as_list(values, value_dtype)
    if not keys:
        raise InvalidArgumentError(None, None, "keys and values cannot be empty tensors.")
    _initialize(table, keys, values)
    return ()


@register_op
class LookupTableImportV2(_TableOp):
    """Replaces the table's entries by `keys` -> `values` (initializes a HashTable)."""

    inputs = ("table_handle", "keys", "values")
    attrs = {"Tin": None, "Tout": None}

    def infer(table_handle, keys, values, *, Tin, Tout):  # noqa: N803 - TF's attrs
        return _check_pairs(keys, values)

    def kernel(xp, table_handle, keys, values, *, ctx, op, Tin, Tout):  # noqa: N803
        return _import(table_handle, keys, values, Tin, Tout)


@register_op
class InitializeTableV2(_TableOp):
    """Initializes the table with `keys` -> `values`."""

    inputs = ("table_handle", "keys", "values")
    attrs = {"Tkey": None, "Tval": None}

    def infer(table_handle, keys, values, *, Tkey, Tval):  # noqa: N803 - TF's attrs
        with_rank(keys.shape, 1)
        return _check_pairs(keys, values)

    def kernel(xp, table_handle, keys, values, *, ctx, op, Tkey, Tval):  # noqa: N803
        return _import(table_handle, keys, values, Tkey, Tval)


@register_op
class LookupTableExportV2(_TableOp):
    """All keys and values of the table."""

    inputs = ("table_handle",)
    attrs = {"Tkeys": None, "Tvalues": None}

    def infer(table_handle, *, Tkeys, Tvalues):  # noqa: N803 - TF's attrs
        return [TensorSpec(TensorShape([None]), Tkeys), TensorSpec(TensorShape(None), Tvalues)]

    def kernel(xp, table_handle, *, ctx, op, Tkeys, Tvalues):  # noqa: N803
        return table_handle.export()


@register_op
class LookupTableInsertV2(_TableOp):
    """Inserts (or overwrites) `keys` -> `values` in a mutable table."""

    inputs = ("table_handle", "keys", "values")
    attrs = {"Tin": None, "Tout": None}

    def infer(table_handle, keys, values, *, Tin, Tout):  # noqa: N803 - TF's attrs
        return []  # TF checks the shapes of keys and values when the op runs

    def kernel(xp, table_handle, keys, values, *, ctx, op, Tin, Tout):  # noqa: N803
        table_handle.insert(keys, values)
        return ()


@register_op
class LookupTableRemoveV2(_TableOp):
    """Removes `keys` from a mutable table (missing keys are ignored)."""

    inputs = ("table_handle", "keys")
    attrs = {"Tin": None}

    def infer(table_handle, keys, *, Tin):  # noqa: N803 - TF's attrs
        return []

    def kernel(xp, table_handle, keys, *, ctx, op, Tin):  # noqa: N803
        table_handle.remove(keys)
        return ()


# -- text files ---------------------------------------------------------------------------------
WHOLE_LINE, LINE_NUMBER = -2, -1
_INT = re.compile(rb"\s*[+-]?[0-9]+\s*")
_INT_RANGES = {D.int64: (-(2**63), 2**63 - 1), D.int32: (-(2**31), 2**31 - 1)}


def _read_lines(filename):
    """The file's lines (TF's ReadLine drops the '\\n' and a '\\r' before it), each with the
    offset just past it (where TF's error names an empty line)."""
    try:
        with open(filename, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise NotFoundError(None, None, f"{filename}; No such file or directory") from None
    except IsADirectoryError:
        raise InvalidArgumentError(None, None, f"{filename}; Is a directory") from None
    lines, start = [], 0
    while start < len(data):
        end = data.find(b"\n", start)
        stop = len(data) if end < 0 else end
        line = data[start:stop]
        start = stop + 1 if end >= 0 else len(data)
        lines.append((line[:-1] if line.endswith(b"\r") else line, start))
    return lines


def _parse(token, dtype, line_number):
    """A field of the file as a key or value of `dtype`, with TF's error for a bad one."""
    if dtype == D.string:
        return token
    if dtype.is_integer:
        low, high = _INT_RANGES.get(dtype, (-(2**63), 2**63 - 1))
        if _INT.fullmatch(token) and low <= int(token) <= high:
            return int(token)
    elif dtype in (D.float32, D.float64) and b"_" not in token:
        try:
            value = float(token)
            return float(np.float32(value)) if dtype == D.float32 else value
        except ValueError:
            pass
    kind = {D.float32: "float", D.float64: "double"}.get(dtype, dtype.name)
    raise InvalidArgumentError(
        None, None, f"Field {_fmt(token)} in line {line_number} is not a valid {kind}."
    )


def _field(index, line, tokens, number, dtype):
    if index == LINE_NUMBER:
        return number
    return _parse(line if index == WHOLE_LINE else tokens[index], dtype, number)


def _text_entries(filename, key_index, value_index, vocab_size, delimiter, key_dtype, val_dtype):
    """The (keys, values) of a vocabulary file as TF's TextFileLineIterator reads them."""
    lines = _read_lines(filename)
    if not lines:
        raise OutOfRangeError(None, None, "Read less bytes than requested")
    if vocab_size >= 0:
        if len(lines) < vocab_size:
            raise InvalidArgumentError(
                None,
                None,
                f"Invalid vocab_size in {filename}: expected {vocab_size} but got {len(lines)}",
            )
        lines = lines[:vocab_size]
    split = key_index >= 0 or value_index >= 0
    max_index = max(key_index, value_index)
    keys, values = [], []
    for number, (line, position) in enumerate(lines):
        if not line:
            raise InvalidArgumentError(
                None,
                None,
                f"Invalid content in {filename}: empty line found at position {position}.",
            )
        tokens = line.split(delimiter) if split else [line]
        if split and max_index >= len(tokens):
            raise InvalidArgumentError(
                None,
                None,
                f"Invalid number of columns in {filename} line {number} ({_fmt(line)}) : "
                f"expected {max_index} got {len(tokens)}",
            )
        keys.append(_field(key_index, line, tokens, number, key_dtype))
        values.append(_field(value_index, line, tokens, number, val_dtype))
    return keys, values


@register_op
class InitializeTableFromTextFileV2(_TableOp):
    """Initializes the table from a text file: one entry per line, keys and values taken from
    columns (split at the one-character `delimiter`), the whole line (-2) or the line number
    (-1)."""

    inputs = ("table_handle", "filename")
    attrs = {"key_index": None, "value_index": None, "vocab_size": -1, "delimiter": "\t"}

    def infer(table_handle, filename, *, key_index, value_index, vocab_size, delimiter):
        with_rank(filename.shape, 0)
        return []

    def kernel(xp, table_handle, filename, *, ctx, op, **attrs):
        delimiter = attrs["delimiter"]
        delimiter = delimiter.encode() if isinstance(delimiter, str) else delimiter
        if len(delimiter) != 1:
            raise InvalidArgumentError(None, None, "delimiter should be only 1 char")
        path = as_bytes(np.asarray(filename, dtype=object).item()).decode()
        keys, values = _text_entries(
            path,
            attrs["key_index"],
            attrs["value_index"],
            attrs["vocab_size"],
            delimiter,
            table_handle.key_dtype,
            table_handle.value_dtype,
        )
        _initialize(table_handle, keys, values)
        return ()


for _op_type in (
    "HashTableV2",
    "MutableHashTableV2",
    "LookupTableFindV2",
    "LookupTableSizeV2",
    "LookupTableImportV2",
    "LookupTableExportV2",
    "LookupTableInsertV2",
    "LookupTableRemoveV2",
    "InitializeTableV2",
    "InitializeTableFromTextFileV2",
):
    NotDifferentiable(_op_type)
