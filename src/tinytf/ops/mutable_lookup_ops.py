"""TF 1.x's mutable hash table (tf.contrib.lookup.MutableHashTable), over the table ops of
ops/lookup_ops.py, and the op of its vector-valued form (MutableHashTableOfTensorsV2):

    table = tf.contrib.lookup.MutableHashTable(tf.string, tf.int64, default_value=-1)
    sess.run(table.insert(tf.constant(["a", "b"]), tf.constant([1, 2], tf.int64)))
    sess.run(table.lookup(tf.constant(["b", "c"])))  # [2, -1]

A checkpointed table (the default) is a SaveableObject in SAVEABLE_OBJECTS: a Saver writes its
export as `<name>-keys` and `<name>-values` and restores it with LookupTableImportV2, as TF does.
"""

import functools

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InternalError, InvalidArgumentError
from tinytf.framework.graph import GraphKeys, add_to_collection
from tinytf.framework.op_def import (
    NotDifferentiable,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape, scalar
from tinytf.ops import lookup_ops as ops
from tinytf.ops.lookup_tables import LookupInterface
from tinytf.training.saver import SaveableObject, SaveSpec


@register_op
class MutableHashTableOfTensorsV2(ops._NewTable):
    """A new, empty mutable hash table whose values are tensors of `value_shape`; its handle."""

    attrs = {**ops._NewTable.attrs, "value_shape": TensorShape([])}
    mutable = True

    def infer(*, value_shape, **attrs):
        return ops._NewTable.infer(**attrs)


NotDifferentiable("MutableHashTableOfTensorsV2")


def _check_key_dtype(keys, key_dtype):
    if keys.dtype != key_dtype:
        raise TypeError(f"Signature mismatch. Keys must be dtype {key_dtype}, got {keys.dtype}.")


class MutableHashTable(LookupInterface):
    """A mutable hash table: insert, remove, lookup (default_value for missing keys), export."""

    def __init__(
        self, key_dtype, value_dtype, default_value, name="MutableHashTable", checkpoint=True
    ):
        self._default_value = convert_to_tensor(default_value, dtype=value_dtype)
        self._value_shape = self._default_value.shape
        self._checkpoint = checkpoint
        self._name = name
        super().__init__(key_dtype, value_dtype)
        self._resource_handle = self._create_resource()
        if checkpoint:
            add_to_collection(GraphKeys.SAVEABLE_OBJECTS, _TableSaveable(self, name))

    def _create_resource(self):
        # a checkpointed table is shared by its node name, so that a restore reaches it (TF)
        kwargs = dict(
            use_node_name_sharing=self._checkpoint,
            key_dtype=self._key_dtype,
            value_dtype=self._value_dtype,
            name=self._name,
        )
        if self._value_shape.ndims == 0:
            handle = ops.MutableHashTableV2.apply(**kwargs)
        else:
            handle = MutableHashTableOfTensorsV2.apply(value_shape=self._value_shape, **kwargs)
        self._table_name = handle.op.name.split("/")[-1]
        return handle

    @property
    def name(self):
        """The name of the table's op (its last part)."""
        return self._table_name

    def size(self, name=None):
        """A scalar int64 tensor: the number of elements in this table."""
        with name_scope(name, f"{self.name}_Size", [self.resource_handle]):
            return ops.LookupTableSizeV2.apply(self.resource_handle)

    def remove(self, keys, name=None):
        """The op that removes `keys` (and their values) from the table; missing keys are
        ignored."""
        _check_key_dtype(keys, self._key_dtype)
        scope = f"{self.name}_lookup_table_remove"
        with name_scope(name, scope, (self.resource_handle, keys, self._default_value)):
            return ops.LookupTableRemoveV2.apply(self.resource_handle, keys, Tin=self._key_dtype)

    def lookup(self, keys, name=None):
        """The values of `keys` (of any shape); default_value for the keys not in the table."""
        scope = f"{self.name}_lookup_table_find"
        with name_scope(name, scope, (self.resource_handle, keys, self._default_value)):
            keys = convert_to_tensor(keys, dtype=self._key_dtype, name="keys")
            values = ops.LookupTableFindV2.apply(
                self.resource_handle,
                keys,
                self._default_value,
                Tin=self._key_dtype,
                Tout=self._value_dtype,
            )
        values.set_shape(keys.shape.concatenate(self._value_shape))
        return values

    def insert(self, keys, values, name=None):
        """The op that associates `keys` with `values` (keys.shape + the default's shape)."""
        scope = f"{self.name}_lookup_table_insert"
        with name_scope(name, scope, [self.resource_handle, keys, values]):
            keys = convert_to_tensor(keys, self._key_dtype, name="keys")
            values = convert_to_tensor(values, self._value_dtype, name="values")
            return ops.LookupTableInsertV2.apply(
                self.resource_handle, keys, values, Tin=self._key_dtype, Tout=self._value_dtype
            )

    def export(self, name=None):
        """Tensors of all keys and of all values in the table (in the table's order)."""
        scope = f"{self.name}_lookup_table_export_values"
        with name_scope(name, scope, [self.resource_handle]):
            keys, values = ops.LookupTableExportV2.apply(
                self.resource_handle, Tkeys=self._key_dtype, Tvalues=self._value_dtype
            )
        values.set_shape(TensorShape([None]).concatenate(self._value_shape))
        return keys, values

    def _gather_saveables_for_checkpoint(self):
        return {"table": functools.partial(_TableSaveable, table=self, name=self._name)}


class _TableSaveable(SaveableObject):
    """A mutable table as a Saver sees it: its export, restored by LookupTableImportV2."""

    def __init__(self, table, name):
        keys, values = table.export()
        specs = [SaveSpec(keys, "", name + "-keys"), SaveSpec(values, "", name + "-values")]
        super().__init__(table, specs, name)

    def restore(self, restored_tensors, restored_shapes, name=None):
        """The op that replaces the table's entries by the restored keys and values."""
        keys, values = restored_tensors
        with name_scope(name, f"{self.name}_table_restore"):
            return ops.LookupTableImportV2.apply(
                self.op.resource_handle,
                keys,
                values,
                Tin=D.as_dtype(keys.dtype).base_dtype,
                Tout=D.as_dtype(values.dtype).base_dtype,
            )


# -- MutableDenseHashTable: open addressing over bucket arrays, as TF's kernel lays them out ------
_M64, _MASK64 = 0xC6A4A7935BD1E995, (1 << 64) - 1


def _hash64(data, seed=0xDECAFCAFFE):
    """TF's Hash64 of a string (a MurmurHash64A): where a string key's probing starts."""
    n = len(data)
    h = (seed ^ (n * _M64)) & _MASK64
    end = n - n % 8
    for i in range(0, end, 8):
        k = (int.from_bytes(data[i : i + 8], "little") * _M64) & _MASK64
        k = ((k ^ (k >> 47)) * _M64) & _MASK64
        h = ((h ^ k) * _M64) & _MASK64
    if end < n:
        h ^= int.from_bytes(data[end:], "little")
        h = (h * _M64) & _MASK64
    h = ((h ^ (h >> 47)) * _M64) & _MASK64
    return h ^ (h >> 47)


def _hash(key):
    return _hash64(key) if isinstance(key, bytes) else int(key) & _MASK64


class _DenseTable(ops._Table):
    """TF's MutableDenseHashTable: keys and values in bucket arrays (a power of 2 of them),
    quadratic probing from the key's hash, a deleted key marking removed entries; the export
    is the whole bucket arrays (so a checkpoint restores the layout itself)."""

    def __init__(self, key_dtype, value_dtype, value_shape, empty, deleted, buckets, load):
        super().__init__(key_dtype, value_dtype, True, value_shape)
        self.empty, self.deleted, self.max_load = empty, deleted, load
        self._allocate(buckets)

    def _allocate(self, num_buckets):
        zero = self.values_of(
            np.zeros(self.value_shape, self.value_dtype.as_numpy_dtype)[None], [0]
        )
        self.keys, self.values, self.entries = [self.empty] * num_buckets, zero * num_buckets, 0

    def _batch(self, keys):
        """The number of keys (TF counts the first dimension), with TF's error for keys of
        another shape."""
        n = 1 if np.ndim(keys) == 0 else np.shape(keys)[0]
        if np.size(keys) != n:
            raise InvalidArgumentError(
                None, None, f"Expected key shape [{n}] got {ops._shape_text(np.shape(keys))}"
            )
        return n

    def values_of(self, values, keys):
        self._batch(keys)
        return super().values_of(values, keys)

    def _check_key(self, key):
        for special, what in ((self.empty, "empty_key"), (self.deleted, "deleted_key")):
            if key == special:
                raise InvalidArgumentError(
                    None, None, f"Using the {what} as a table key is not allowed"
                )

    def _probe(self, key, stop_at_free, what):
        """The bucket holding `key`, or the first free one on its path (empty, or deleted if
        `stop_at_free`): TF's quadratic probing."""
        mask, n = len(self.keys) - 1, len(self.keys)
        bucket, probes = _hash(key) & mask, 0
        while True:
            here = self.keys[bucket]
            if here == key or here == self.empty or (stop_at_free and here == self.deleted):
                return bucket
            probes += 1
            bucket = (bucket + probes) & mask
            if probes >= n:
                raise InternalError(None, None, f"Internal error in MutableDenseHashTable {what}")

    def _insert(self, keys, values):
        for key, value in zip(keys, values):
            self._check_key(key)
            bucket = self._probe(key, True, "insert")
            if self.keys[bucket] != key:
                self.entries += 1
            self.keys[bucket], self.values[bucket] = key, value

    def _rebucket(self, num_buckets):
        old = [
            (k, v) for k, v in zip(self.keys, self.values) if k not in (self.empty, self.deleted)
        ]
        self._allocate(num_buckets)
        self._insert([k for k, _ in old], [v for _, v in old])

    def find(self, keys, default):
        with ops._LOCK:
            found = []
            self._batch(keys)
            for key in ops._as_list(keys, self.key_dtype):
                self._check_key(key)
                bucket = self._probe(key, False, "lookup")
                found.append(self.values[bucket] if self.keys[bucket] == key else default)
        return self.stack(found, np.shape(keys))

    def size(self):
        return self.entries

    def insert(self, keys, values):
        values = self.values_of(values, keys)
        # TF grows for the whole batch (its first dimension) as if every key were new
        pending = self.entries + self._batch(keys)
        with ops._LOCK:
            if pending > len(self.keys) * self.max_load:
                size = len(self.keys)
                while pending > size * self.max_load:
                    size <<= 1
                self._rebucket(size)
            self._insert(ops._as_list(keys, self.key_dtype), values)

    def remove(self, keys):
        self._batch(keys)
        with ops._LOCK:
            for key in ops._as_list(keys, self.key_dtype):
                self._check_key(key)
                bucket = self._probe(key, False, "remove")
                if self.keys[bucket] == key:
                    self.keys[bucket] = self.deleted
                    self.entries -= 1

    def import_values(self, keys, values):
        # a restore takes the bucket arrays as they are (TF's ImportValues)
        rows = self.values_of(values, keys)
        keys = ops._as_list(keys, self.key_dtype)
        with ops._LOCK:
            self.keys, self.values = keys, rows
            self.entries = sum(k not in (self.empty, self.deleted) for k in keys)

    def export(self):
        with ops._LOCK:
            keys, values = list(self.keys), list(self.values)
        n = len(keys)
        flat = ops._as_array(
            values if not self.value_shape else [x for v in values for x in v],
            self.value_dtype,
            (n, max(1, int(np.prod(self.value_shape)))),
        )
        return ops._as_array(keys, self.key_dtype, (n, 1)), flat


_DENSE_KERNELS = {
    ("int32", "int32"),
    ("int32", "float32"),
    ("int32", "float64"),
    ("int64", "bool"),
    ("string", "bool"),
} | {(k, v) for k in ("int64", "string") for v in ("int32", "int64", "float32", "float64")}


@register_op
class MutableDenseHashTableV2(ops._TableOp):
    """A new, empty mutable hash table over bucket arrays (`empty_key` marks a free bucket,
    `deleted_key` a removed entry); its handle."""

    inputs = ("empty_key", "deleted_key")
    attrs = {
        "container": "",
        "shared_name": "",
        "use_node_name_sharing": False,
        "key_dtype": None,
        "value_dtype": None,
        "value_shape": TensorShape([]),
        "initial_num_buckets": 131072,
        "max_load_factor": 0.8,
    }

    def infer(empty_key, deleted_key, **attrs):
        return TensorSpec(scalar(), D.resource)

    def kernel(xp, empty_key, deleted_key, *, ctx, op, **attrs):
        name = attrs["shared_name"] or (op.name if attrs["use_node_name_sharing"] else "")
        key = (attrs["container"], name) if name else op
        with ops._LOCK:
            table = ctx.tables.get(key)
            if table is None:
                table = ctx.tables[key] = _new_dense_table(op, empty_key, deleted_key, attrs)
        return table


def _new_dense_table(op, empty_key, deleted_key, attrs):
    key_dtype, value_dtype = attrs["key_dtype"], attrs["value_dtype"]
    if (key_dtype.name, value_dtype.name) not in _DENSE_KERNELS:
        raise InvalidArgumentError(
            None,
            None,
            f"No OpKernel was registered to support Op '{op.type}' used by node {op.name} with "
            f"these attrs: [key_dtype={ops._attr_text(key_dtype)}, "
            f"value_dtype={ops._attr_text(value_dtype)}]",
        )
    buckets = attrs["initial_num_buckets"]
    if buckets < 4 or buckets & (buckets - 1):
        raise InvalidArgumentError(
            None, None, f"Number of buckets must be at least 4 and a power of 2, got: {buckets}"
        )
    (empty,), (deleted,) = ops._as_list(empty_key, key_dtype), ops._as_list(deleted_key, key_dtype)
    if empty == deleted:
        raise InvalidArgumentError(None, None, "Empty and deleted keys cannot be equal")
    value_shape = tuple(attrs["value_shape"].as_list())
    return _DenseTable(
        key_dtype, value_dtype, value_shape, empty, deleted, buckets, attrs["max_load_factor"]
    )


NotDifferentiable("MutableDenseHashTableV2")


class DenseHashTable(MutableHashTable):
    """A mutable hash table over bucket arrays (tf.lookup.experimental.DenseHashTable,
    tf.contrib.lookup.MutableDenseHashTable): `empty_key` and `deleted_key` are reserved keys;
    its export is every bucket."""

    def __init__(
        self,
        key_dtype,
        value_dtype,
        default_value,
        empty_key,
        deleted_key,
        initial_num_buckets=None,
        name="MutableDenseHashTable",
        checkpoint=True,
    ):
        self._empty_key = convert_to_tensor(empty_key, dtype=key_dtype, name="empty_key")
        self._deleted_key = convert_to_tensor(deleted_key, dtype=key_dtype, name="deleted_key")
        if self._empty_key.shape.ndims != 0:
            raise ValueError("tinytf's DenseHashTable takes scalar keys (empty_key of shape [])")
        self._initial_num_buckets = initial_num_buckets
        super().__init__(key_dtype, value_dtype, default_value, name, checkpoint)

    def _create_resource(self):
        kwargs = (
            {}
            if self._initial_num_buckets is None
            else {"initial_num_buckets": self._initial_num_buckets}
        )
        handle = MutableDenseHashTableV2.apply(
            self._empty_key,
            self._deleted_key,
            use_node_name_sharing=self._checkpoint,
            key_dtype=self._key_dtype,
            value_dtype=self._value_dtype,
            value_shape=self._value_shape,
            name=self._name,
            **kwargs,
        )
        self._table_name = handle.op.name.split("/")[-1]
        return handle

    def insert_or_assign(self, keys, values, name=None):
        """The op that associates `keys` with `values`."""
        return MutableHashTable.insert(self, keys, values, name)

    def erase(self, keys, name=None):
        """The op that removes `keys` from the table (missing keys are ignored)."""
        return MutableHashTable.remove(self, keys, name)
