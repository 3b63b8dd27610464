"""tf.contrib.lookup: TF 1.x's lookup tables (ops/lookup_tables.py) and the contrib spellings
that take a `mapping` instead of a `vocabulary_list`."""

from tinytf.framework import dtypes as _D
from tinytf.framework.op_def import convert_to_tensor as _convert, name_scope as _name_scope
from tinytf.ops import lookup_tables as _lt
from tinytf.ops.lookup_tables import (  # noqa: F401
    FastHashSpec,
    HashTable,
    HasherSpec,
    IdTableWithHashBuckets,
    InitializableLookupTableBase,
    KeyValueTensorInitializer,
    LookupInterface,
    StrongHashSpec,
    TableInitializerBase,
    TextFileIdTableInitializer,
    TextFileIndex,
    TextFileInitializer,
    TextFileStringTableInitializer,
    index_table_from_file,
    index_to_string_table_from_file,
)
from tinytf.ops.mutable_lookup_ops import DenseHashTable as MutableDenseHashTable  # noqa: F401
from tinytf.ops.mutable_lookup_ops import MutableHashTable  # noqa: F401


def index_table_from_tensor(
    mapping,
    num_oov_buckets=0,
    default_value=-1,
    hasher_spec=FastHashSpec,
    dtype=_D.string,
    name=None,
):
    """A string (or integer) -> int64 id table from a 1-D `mapping` tensor (position = id)."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return _lt.index_table_from_tensor(
        vocabulary_list=mapping,
        num_oov_buckets=num_oov_buckets,
        default_value=default_value,
        hasher_spec=hasher_spec,
        dtype=dtype,
        name=name,
    )


def index_to_string_table_from_tensor(mapping, default_value="UNK", name=None):
    """An int64 id -> string table from a 1-D string `mapping` tensor (position = id)."""
    if mapping is None:
        raise ValueError("mapping must be specified.")
    return _lt.index_to_string_table_from_tensor(
        vocabulary_list=mapping, default_value=default_value, name=name
    )


def string_to_index_table_from_file(
    vocabulary_file=None,
    num_oov_buckets=0,
    vocab_size=None,
    default_value=-1,
    hasher_spec=FastHashSpec,
    name=None,
):
    """index_table_from_file with string keys (deprecated: use `index_table_from_file`)."""
    return index_table_from_file(
        vocabulary_file,
        num_oov_buckets,
        vocab_size,
        default_value,
        hasher_spec,
        key_dtype=_D.string,
        name=name,
    )


def string_to_index_table_from_tensor(
    mapping, num_oov_buckets=0, default_value=-1, hasher_spec=FastHashSpec, name=None
):
    """index_table_from_tensor of strings (deprecated: use `index_table_from_tensor`)."""
    with _name_scope(name, "string_to_index") as scope:
        mapping = _convert(mapping)
    if _D.string != mapping.dtype.base_dtype:
        raise ValueError("string_to_index_table_from_tensor requires string.")
    return _lt.index_table_from_tensor(
        mapping, num_oov_buckets, default_value, hasher_spec, name=scope
    )


def string_to_index(tensor, mapping, default_value=-1, name=None):
    """The ids of the strings `tensor` in `mapping` (deprecated: use index_table_from_tensor)."""
    table = index_table_from_tensor(mapping=mapping, default_value=default_value, name=name)
    return table.lookup(tensor)


def index_to_string(tensor, mapping, default_value="UNK", name=None):
    """The strings of the ids `tensor` in `mapping` (deprecated: use
    index_to_string_table_from_tensor)."""
    table = index_to_string_table_from_tensor(
        mapping=mapping, default_value=default_value, name=name
    )
    return table.lookup(tensor)
