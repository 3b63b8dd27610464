"""TF 1.x's lookup tables (tf.lookup, tf.contrib.lookup) over the ops of ops/lookup_ops.py:

    table = tf.contrib.lookup.index_table_from_file("vocab.txt", num_oov_buckets=1)
    ids = table.lookup(tf.constant(["emerson", "lake", "and", "palmer"]))
    sess.run(tf.tables_initializer()); sess.run(ids)  # [0, 1, 3, 2]

Each table's initializer op goes in the TABLE_INITIALIZERS collection (tf.tables_initializer and
a SavedModel's main op run them) and a vocabulary file's name in ASSET_FILEPATHS (a SavedModel
copies the file into its assets/ and feeds the copy's path when it is loaded).
"""

import collections
import functools

from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys, add_to_collection
from tinytf.framework.op_def import convert_to_tensor, init_scope, name_scope
from tinytf.ops import lookup_ops as ops
from tinytf.ops.lookup_ops import LINE_NUMBER, WHOLE_LINE


def _check_table_dtypes(table, key_dtype, value_dtype):
    if key_dtype.base_dtype != table.key_dtype:
        raise TypeError(f"Invalid key dtype, expected {table.key_dtype} but got {key_dtype}.")
    if value_dtype.base_dtype != table.value_dtype:
        raise TypeError(f"Invalid value dtype, expected {table.value_dtype} but got {value_dtype}.")


def _outside_control_flow():
    """init_scope inside a tf.cond or while loop (a table is filled once, outside them, as TF
    does), else nothing: ops made outside control flow keep the control dependencies in force."""
    import contextlib

    from tinytf.framework.graph import get_default_graph

    in_cond = get_default_graph()._cond_context is not None
    return init_scope() if in_cond else contextlib.nullcontext()


def _sparse_values(keys):
    from tinytf.ops.sparse_ops import SparseTensor

    return (keys.values, keys) if isinstance(keys, SparseTensor) else (keys, None)


def _like_keys(sparse, values):
    from tinytf.ops.sparse_ops import SparseTensor

    if sparse is None:
        return values
    return SparseTensor(sparse.indices, values, sparse.dense_shape)


def _check_keys(keys, key_dtype):
    if keys.dtype.base_dtype != key_dtype:
        raise TypeError(f"Signature mismatch. Keys must be dtype {key_dtype}, got {keys.dtype}.")


class LookupInterface:
    """A lookup table that persists across steps (in the Session)."""

    def __init__(self, key_dtype, value_dtype):
        self._key_dtype = D.as_dtype(key_dtype)
        self._value_dtype = D.as_dtype(value_dtype)

    key_dtype = property(lambda self: self._key_dtype, doc="The table key dtype.")
    value_dtype = property(lambda self: self._value_dtype, doc="The table value dtype.")
    resource_handle = property(lambda self: self._resource_handle, doc="The table's handle.")

    @property
    def name(self):
        """The name of the table."""
        return NotImplementedError  # sic: TF 1.15 returns (does not raise) it

    def size(self, name=None):
        """The number of elements in this table."""
        raise NotImplementedError

    def lookup(self, keys, name=None):
        """Looks up `keys` in a table, outputs the corresponding values."""
        raise NotImplementedError


class InitializableLookupTableBase(LookupInterface):
    """A table filled once by an initializer (a TableInitializerBase)."""

    def __init__(self, default_value, initializer):
        super().__init__(initializer.key_dtype, initializer.value_dtype)
        self._default_value = convert_to_tensor(default_value, dtype=self._value_dtype)
        self._default_value.shape.merge_with([])
        self._initializer = initializer
        with init_scope():
            self._resource_handle = self._create_resource()
        with _outside_control_flow():
            self._init_op = self._initialize()

    def _initialize(self):
        return self._initializer.initialize(self)

    @property
    def default_value(self):
        """The default value of the table."""
        return self._default_value

    def size(self, name=None):
        """A scalar int64 tensor: the number of elements in this table."""
        with name_scope(name, f"{self.name}_Size", [self.resource_handle]):
            return ops.LookupTableSizeV2.apply(self.resource_handle)

    def lookup(self, keys, name=None):
        """The values of `keys` (a Tensor or SparseTensor); default_value for missing keys."""
        key_tensor, sparse = _sparse_values(keys)
        _check_keys(keys, self._key_dtype)
        with name_scope(name, f"{self.name}_Lookup", (self.resource_handle, key_tensor)):
            values = ops.LookupTableFindV2.apply(
                self.resource_handle,
                key_tensor,
                self._default_value,
                Tin=self._key_dtype,
                Tout=self._value_dtype,
            )
        values.set_shape(key_tensor.shape)
        return _like_keys(sparse, values)


class InitializableLookupTableBaseV1(InitializableLookupTableBase):
    """An initializable table with TF 1.x's `initializer` property."""

    @property
    def initializer(self):
        """The op that initializes the table."""
        return self._init_op


class StaticHashTable(InitializableLookupTableBaseV1):
    """A hash table, immutable once its initializer has run (tf.lookup.StaticHashTable)."""

    def __init__(self, initializer, default_value, name=None):
        import uuid

        self._initializer = initializer
        # a shared name always, so that every kernel of the table finds one resource (as TF)
        self._shared_name = initializer._shared_name or f"hash_table_{uuid.uuid4()}"
        self._name = name or "hash_table"
        self._table_name = None
        super().__init__(default_value, initializer)
        self._value_shape = self._default_value.shape

    def _create_resource(self):
        handle = ops.HashTableV2.apply(
            shared_name=self._shared_name,
            key_dtype=self._initializer.key_dtype,
            value_dtype=self._initializer.value_dtype,
            name=self._name,
        )
        self._table_name = handle.op.name.split("/")[-1]
        return handle

    @property
    def name(self):
        """The name of the table's op (its last part)."""
        return self._table_name

    def export(self, name=None):
        """Tensors of all keys and of all values in the table."""
        with name_scope(name, f"{self.name}_Export", [self.resource_handle]) as scope:
            keys, values = ops.LookupTableExportV2.apply(
                self.resource_handle,
                Tkeys=self._key_dtype,
                Tvalues=self._value_dtype,
                name=scope,
            )
        values.set_shape(keys.shape.concatenate(self._value_shape))
        return keys, values


class HashTable(StaticHashTable):
    """tf.contrib.lookup.HashTable: a StaticHashTable with `shared_name` and `init`."""

    def __init__(self, initializer, default_value, shared_name=None, name=None):
        self._initializer = initializer
        self._shared_name = shared_name or ""
        self._name = name or "hash_table"
        self._table_name = None
        InitializableLookupTableBase.__init__(self, default_value, initializer)
        self._value_shape = self._default_value.shape

    @property
    def init(self):
        """The op that initializes the table."""
        return self.initializer


class TableInitializerBase:
    """Base of the table initializers."""

    def __init__(self, key_dtype, value_dtype):
        self._key_dtype = D.as_dtype(key_dtype)
        self._value_dtype = D.as_dtype(value_dtype)

    key_dtype = property(lambda self: self._key_dtype, doc="The expected table key dtype.")
    value_dtype = property(lambda self: self._value_dtype, doc="The expected table value dtype.")

    def initialize(self, table):
        """Returns the table initialization op."""
        raise NotImplementedError

    @property
    def _shared_name(self):
        return ""


class KeyValueTensorInitializer(TableInitializerBase):
    """Fills a table from a `keys` tensor and a `values` tensor."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        with _outside_control_flow():
            self._keys = convert_to_tensor(keys, dtype=key_dtype, name="keys")
            self._values = convert_to_tensor(values, dtype=value_dtype, name="values")
        self._name = name if name is not None else "key_value_init"
        super().__init__(self._keys.dtype, self._values.dtype)

    def initialize(self, table):
        """The op that fills `table` (LookupTableImportV2, as TF 1.15 builds it)."""
        _check_table_dtypes(table, self._keys.dtype, self._values.dtype)
        with name_scope(self._name, values=(table.resource_handle, self._keys, self._values)):
            init_op = ops.LookupTableImportV2.apply(
                table.resource_handle,
                self._keys,
                self._values,
                Tin=self._keys.dtype.base_dtype,
                Tout=self._values.dtype.base_dtype,
            )
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, init_op)
        return init_op


class TextFileIndex:
    """Where a text file's key or value comes from: a column (>= 0), or these."""

    WHOLE_LINE = WHOLE_LINE
    LINE_NUMBER = LINE_NUMBER


def _check_text_index(index, dtype, what):
    if index < -2:
        raise ValueError(f"Invalid {what.lower()} index {index}.")
    plural = f"{what}s"
    if index == LINE_NUMBER and dtype != D.int64:
        raise ValueError(f"Signature mismatch. {plural} must be dtype {D.int64}, got {dtype}.")
    if index == WHOLE_LINE and what == "Key" and not dtype.is_integer and dtype != D.string:
        raise ValueError(f"Signature mismatch. Keys must be integer or string, got {dtype}.")
    if index == WHOLE_LINE and what == "Value" and dtype != D.string:
        raise ValueError(f"Signature mismatch. Values must be dtype {D.string}, got {dtype}.")


class TextFileInitializer(TableInitializerBase):
    """Fills a table from a text file, one entry per line: keys and values from columns split
    at `delimiter`, the whole line (TextFileIndex.WHOLE_LINE) or the line number (LINE_NUMBER)."""

    def __init__(
        self,
        filename,
        key_dtype,
        key_index,
        value_dtype,
        value_index,
        vocab_size=None,
        delimiter="\t",
        name=None,
    ):
        from tinytf.framework.ops import Tensor

        if not isinstance(filename, Tensor) and not filename:
            raise ValueError(f"Filename required for {name}.")
        key_dtype, value_dtype = D.as_dtype(key_dtype), D.as_dtype(value_dtype)
        _check_text_index(key_index, key_dtype, "Key")
        _check_text_index(value_index, value_dtype, "Value")
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError(f"Invalid vocab_size {vocab_size}.")
        self._filename_arg = filename
        self._key_index, self._value_index = key_index, value_index
        self._vocab_size, self._delimiter, self._name = vocab_size, delimiter, name
        if isinstance(filename, Tensor):
            self._filename = filename
        else:  # TF's TrackableAsset makes the constant here
            self._filename = convert_to_tensor(filename, D.string, name="asset_path")
        super().__init__(key_dtype, value_dtype)

    def initialize(self, table):
        """The op that fills `table` from the file (InitializeTableFromTextFileV2)."""
        from tinytf.ops.shape_util import constant_value

        _check_table_dtypes(table, self.key_dtype, self.value_dtype)
        with name_scope(self._name, "text_file_init", (table.resource_handle,)):
            filename = convert_to_tensor(self._filename, D.string, name="asset_filepath")
            init_op = ops.InitializeTableFromTextFileV2.apply(
                table.resource_handle,
                filename,
                key_index=self._key_index,
                value_index=self._value_index,
                vocab_size=-1 if self._vocab_size is None else self._vocab_size,
                delimiter=self._delimiter,
            )
        add_to_collection(GraphKeys.TABLE_INITIALIZERS, init_op)
        if filename.op.type == "Const" and constant_value(filename) is not None:
            add_to_collection(GraphKeys.ASSET_FILEPATHS, filename)  # a SavedModel asset
        return init_op

    @property
    def _shared_name(self):
        size = f"_{self._vocab_size}" if self._vocab_size else ""
        return f"hash_table_{self._filename_arg}{size}_{self._key_index}_{self._value_index}"


class TextFileStringTableInitializer(TextFileInitializer):
    """Fills an int64 -> string table from a text file (line number -> line by default)."""

    def __init__(
        self,
        filename,
        key_column_index=LINE_NUMBER,
        value_column_index=WHOLE_LINE,
        vocab_size=None,
        delimiter="\t",
        name="text_file_string_table_init",
    ):
        super().__init__(
            filename,
            D.int64,
            key_column_index,
            D.string,
            value_column_index,
            vocab_size=vocab_size,
            delimiter=delimiter,
            name=name,
        )


class TextFileIdTableInitializer(TextFileInitializer):
    """Fills a string -> int64 id table from a text file (line -> line number by default)."""

    def __init__(
        self,
        filename,
        key_column_index=WHOLE_LINE,
        value_column_index=LINE_NUMBER,
        vocab_size=None,
        delimiter="\t",
        name="text_file_id_table_init",
        key_dtype=D.string,
    ):
        super().__init__(
            filename,
            key_dtype,
            key_column_index,
            D.int64,
            value_column_index,
            vocab_size=vocab_size,
            delimiter=delimiter,
            name=name,
        )


class HasherSpec(collections.namedtuple("HasherSpec", ["hasher", "key"])):
    """The hash function of out-of-vocabulary buckets ("fasthash", "legacy", "stronghash")."""

    __slots__ = ()


FastHashSpec = HasherSpec("fasthash", None)


class StrongHashSpec(HasherSpec):
    """The keyed strong hash (SipHash) with a `key` of 2 unsigned integers."""

    __slots__ = ()

    def __new__(cls, key):
        if len(key) != 2:
            raise ValueError(f"key must have size 2, got {len(key)}.")
        if not all(isinstance(k, int) and not isinstance(k, bool) for k in key):
            raise TypeError(f"Invalid key {key}. Must be unsigned integer values.")
        return super().__new__(cls, "stronghash", key)


def _hash_bucket_fn(hasher_spec):
    from tinytf.ops import string_ops

    if not isinstance(hasher_spec, HasherSpec):
        raise TypeError(f"hasher_spec must be of type HasherSpec {hasher_spec}")
    if hasher_spec.hasher == "fasthash":
        return string_ops.string_to_hash_bucket_fast
    if hasher_spec.hasher == "legacy":
        return string_ops.string_to_hash_bucket
    if hasher_spec.hasher == "stronghash":
        return functools.partial(string_ops.string_to_hash_bucket_strong, key=hasher_spec.key)
    raise ValueError(f"Unknown hasher {hasher_spec.hasher}")


def _as_string(tensor):
    from tinytf.ops.string_convert_ops import as_string

    return tensor if tensor.dtype.base_dtype == D.string else as_string(tensor)


class _BucketTable(LookupInterface):
    """A string or integer -> int64 id table (or none) with hash buckets for the keys not in it:
    id = hash(key) % num_oov_buckets + table size."""

    def _setup(self, table, num_oov_buckets, hasher_spec, name, key_dtype):
        self._table, self._num_oov_buckets = table, num_oov_buckets
        if (not key_dtype.is_integer) and key_dtype != D.string:
            raise TypeError(f"Invalid key_dtype, expected integer or string, got {key_dtype}.")
        if not isinstance(hasher_spec, HasherSpec):
            raise TypeError(f"hasher_spec must be of type HasherSpec, got {hasher_spec}")
        self._hasher_spec = hasher_spec
        self._table_name = name.split("/")[-1] if name else None
        LookupInterface.__init__(self, key_dtype, D.int64)

    @property
    def resource_handle(self):
        """The handle of the id table, or None."""
        return self._table.resource_handle if self._table is not None else None

    @property
    def name(self):
        """The name of the table."""
        return self._table_name

    @property
    def initializer(self):
        """The op that initializes the id table (a NoOp without one)."""
        from tinytf.ops.control_flow_ops import no_op

        if self._table is not None:
            return self._table._init_op
        with name_scope(None, "init"):
            return no_op()

    def size(self, name=None):
        """The number of ids: the table's size plus num_oov_buckets."""
        with name_scope(name, f"{self.name}_Size"):
            if self._table:
                tsize = self._table.size()
            else:
                tsize = convert_to_tensor(0, dtype=D.int64)
            return tsize + self._num_oov_buckets

    def lookup(self, keys, name=None):
        """The ids of `keys` (a Tensor or SparseTensor); hash buckets for unknown keys."""
        from tinytf.ops.math_ops import add, cast, not_equal
        from tinytf.ops.sort_ops import where_v2

        _check_keys(keys, self._key_dtype)
        values, sparse = _sparse_values(keys)
        if self._table and self._table.key_dtype.base_dtype == D.int64:
            values = cast(values, D.int64)
        if self._num_oov_buckets == 0:
            return _like_keys(sparse, self._table.lookup(values, name=name))
        with name_scope(name, f"{self.name}_Lookup"):
            to_bucket = _hash_bucket_fn(self._hasher_spec)
            buckets = to_bucket(
                _as_string(values), num_buckets=self._num_oov_buckets, name="hash_bucket"
            )
            if self._table:
                ids = self._table.lookup(values)
                buckets = add(buckets, self._table.size())
                is_id_non_default = not_equal(ids, self._table.default_value)
                ids = where_v2(is_id_non_default, ids, buckets)
            else:
                ids = buckets
        return _like_keys(sparse, ids)


def _check_id_table(key_dtype, table_key_dtype, value_dtype):
    supported = (D.int64, D.string)
    if table_key_dtype not in supported:
        raise TypeError(f"Invalid key dtype, expected one of {supported}, but got {key_dtype}.")
    if table_key_dtype.is_integer != key_dtype.is_integer:
        kind = "integer" if key_dtype.is_integer else "non-integer"
        raise TypeError(f"Invalid key dtype, expected {kind} but got {table_key_dtype}.")
    if value_dtype != D.int64:
        raise TypeError(f"Invalid value dtype, expected {D.int64} but got {value_dtype}.")


class IdTableWithHashBuckets(_BucketTable):
    """A string -> id `table` (or None) that puts out-of-vocabulary keys in hash buckets."""

    def __init__(self, table, num_oov_buckets, hasher_spec=FastHashSpec, name=None, key_dtype=None):
        name = name.rstrip("/") if name else name
        if table:
            key_dtype = table.key_dtype if key_dtype is None else D.as_dtype(key_dtype)
            _check_id_table(key_dtype, table.key_dtype, table.value_dtype)
            name = name or table.name
        else:
            if num_oov_buckets <= 0:
                raise ValueError("oov_buckets must be > 0 if no table is supplied.")
            key_dtype = D.string if key_dtype is None else D.as_dtype(key_dtype)
            table, name = None, name or "hash_bucket"
        self._setup(table, num_oov_buckets, hasher_spec, name, key_dtype)

    @property
    def init(self):
        """The op that initializes the id table (deprecated: use `initializer`)."""
        return self.initializer


class StaticVocabularyTable(_BucketTable):
    """A string or int64 -> id table filled by `initializer`, with num_oov_buckets (> 0) hash
    buckets (Fingerprint64) for the keys not in it."""

    def __init__(self, initializer, num_oov_buckets, lookup_key_dtype=None, name=None):
        if num_oov_buckets <= 0:
            raise ValueError("oov_buckets must be > 0.")
        name = name.rstrip("/") if name else name
        table = None
        if initializer:
            key_dtype = initializer.key_dtype if lookup_key_dtype is None else lookup_key_dtype
            key_dtype = D.as_dtype(key_dtype)
            _check_id_table(key_dtype, initializer.key_dtype, initializer.value_dtype)
            table = StaticHashTable(initializer, default_value=-1)
            name = name or table.name
        else:
            key_dtype, name = D.string, name or "hash_bucket"
        self._setup(table, num_oov_buckets, FastHashSpec, name, key_dtype)


def _check_oov(num_oov_buckets):
    if num_oov_buckets < 0:
        raise ValueError(f"num_oov_buckets must be greater or equal than 0, got {num_oov_buckets}.")


def _check_vocabulary_file(vocabulary_file):
    if vocabulary_file is None or (isinstance(vocabulary_file, str) and not vocabulary_file):
        raise ValueError("vocabulary_file must be specified and must not be empty.")


def _with_buckets(table, num_oov_buckets, hasher_spec, key_dtype):
    if not num_oov_buckets:
        return table
    return IdTableWithHashBuckets(
        table, num_oov_buckets=num_oov_buckets, hasher_spec=hasher_spec, key_dtype=key_dtype
    )


def index_table_from_file(
    vocabulary_file=None,
    num_oov_buckets=0,
    vocab_size=None,
    default_value=-1,
    hasher_spec=FastHashSpec,
    key_dtype=D.string,
    name=None,
    key_column_index=WHOLE_LINE,
    value_column_index=LINE_NUMBER,
    delimiter="\t",
):
    """A string (or integer) -> int64 id table from a vocabulary file (line number = id),
    with num_oov_buckets hash buckets for other keys (else default_value)."""
    from tinytf.framework.ops import Tensor
    from tinytf.ops.shape_util import constant_value

    _check_vocabulary_file(vocabulary_file)
    _check_oov(num_oov_buckets)
    if vocab_size is not None and vocab_size < 1:
        shown = vocabulary_file
        if isinstance(vocabulary_file, Tensor):
            value = constant_value(vocabulary_file)
            shown = (value.item() if hasattr(value, "item") else value) or "?"
            shown = shown.decode() if isinstance(shown, bytes) else shown
        raise ValueError(
            f"vocab_size must be greater than 0, got {vocab_size}. vocabulary_file: {shown}"
        )
    key_dtype = D.as_dtype(key_dtype)
    if (not key_dtype.is_integer) and D.string != key_dtype.base_dtype:
        raise TypeError("Only integer and string keys are supported.")
    with name_scope(name, "string_to_index"):
        with name_scope(None, "hash_table"):
            init = TextFileIdTableInitializer(
                vocabulary_file,
                vocab_size=vocab_size,
                key_dtype=D.int64 if key_dtype.is_integer else key_dtype,
                name="table_init",
                key_column_index=key_column_index,
                value_column_index=value_column_index,
                delimiter=delimiter,
            )
            table = StaticHashTable(init, default_value)
        return _with_buckets(table, num_oov_buckets, hasher_spec, key_dtype)


def index_table_from_tensor(
    vocabulary_list,
    num_oov_buckets=0,
    default_value=-1,
    hasher_spec=FastHashSpec,
    dtype=D.string,
    name=None,
):
    """A string (or integer) -> int64 id table from a 1-D tensor of keys (position = id), with
    num_oov_buckets hash buckets for other keys (else default_value)."""
    from tinytf.ops.array_ops import size
    from tinytf.ops.math_ops import cast
    from tinytf.ops.math_ops import range as range_

    if vocabulary_list is None:
        raise ValueError("vocabulary_list must be specified.")
    _check_oov(num_oov_buckets)
    dtype = D.as_dtype(dtype)
    if (not dtype.is_integer) and D.string != dtype.base_dtype:
        raise TypeError("Only integer and string keys are supported.")
    with name_scope(name, "string_to_index"):
        keys = convert_to_tensor(vocabulary_list)
        if keys.dtype.is_integer != dtype.is_integer:
            kind = "integer" if dtype.is_integer else "non-integer"
            raise ValueError(f"Expected {kind}, got {keys.dtype}.")
        if (not dtype.is_integer) and keys.dtype.base_dtype != dtype:
            raise ValueError(f"Expected {dtype}, got {keys.dtype}.")
        values = cast(range_(size(keys)), D.int64)
        with name_scope(None, "hash_table"):
            table_keys = cast(keys, D.int64) if keys.dtype.is_integer else keys
            init = KeyValueTensorInitializer(
                table_keys, values, table_keys.dtype.base_dtype, D.int64, name="table_init"
            )
            table = StaticHashTable(init, default_value)
        return _with_buckets(table, num_oov_buckets, hasher_spec, dtype)


def index_to_string_table_from_file(
    vocabulary_file,
    vocab_size=None,
    default_value="UNK",
    name=None,
    key_column_index=LINE_NUMBER,
    value_column_index=WHOLE_LINE,
    delimiter="\t",
):
    """An int64 id -> string table from a vocabulary file (line number = id); default_value
    for ids not in it."""
    _check_vocabulary_file(vocabulary_file)
    if vocab_size is not None and vocab_size < 1:
        raise ValueError(f"vocab_size must be greater than 0, got {vocab_size}.")
    with name_scope(name, "index_to_string"):
        init = TextFileStringTableInitializer(
            vocabulary_file,
            vocab_size=vocab_size,
            name="table_init",
            key_column_index=key_column_index,
            value_column_index=value_column_index,
            delimiter=delimiter,
        )
        return StaticHashTable(init, default_value)


def index_to_string_table_from_tensor(vocabulary_list, default_value="UNK", name=None):
    """An int64 id -> string table from a 1-D string tensor (position = id); default_value for
    ids not in it."""
    from tinytf.ops.array_ops import size
    from tinytf.ops.math_ops import cast
    from tinytf.ops.math_ops import range as range_

    if vocabulary_list is None:
        raise ValueError("vocabulary_list must be specified.")
    with name_scope(name, "index_to_string"):
        vocabulary_list = convert_to_tensor(vocabulary_list, D.string)
        keys = cast(range_(size(vocabulary_list)), D.int64)
        init = KeyValueTensorInitializer(
            keys, vocabulary_list, D.int64, D.string, name="table_init"
        )
        return StaticHashTable(init, default_value)
