"""Mutable lookup-table cases, run by real TF 1.15 (tools/make_lookup_mutable_fixtures.py) and by
tinytf (tests/ops/test_mutable_lookup.py): each builds a graph and returns a fetch, or a function
of the Session that runs the steps and returns what to compare. A table's export comes back in
TF's hash-map order, so the cases compare it sorted by key."""

import numpy as np

from tests.ops.lookup_cases import outcome  # noqa: F401 - the runner of the cases


def _c(tf):
    return tf.contrib.lookup


def _steps(*runs):
    """A case running `runs` in order (each a fetch) and returning every result."""

    def run(sess):
        return [sess.run(r) for r in runs]

    return run


def _sorted_export(table):
    keys, values = table.export()

    def sort(sess):
        k, v = sess.run([keys, values])
        order = np.argsort(k, kind="stable")
        return [k[order], v[order]]

    return sort


def _table(tf, key_dtype, value_dtype, default, **kwargs):
    return _c(tf).MutableHashTable(key_dtype, value_dtype, default, **kwargs)


def mutable_string_int64(tf):
    table = _table(tf, tf.string, tf.int64, -1)
    insert = table.insert(
        tf.constant(["brain", "salad", "surgery"]), tf.constant([0, 1, 2], tf.int64)
    )
    found = table.lookup(tf.constant([["brain", "tank"], ["surgery", "salad"]]))
    return _steps(table.size(), insert, table.size(), found)


def mutable_int64_float32(tf):
    table = _table(tf, tf.int64, tf.float32, 0.5)
    insert = table.insert(tf.constant([3, 7, -2], tf.int64), tf.constant([1.5, 2.5, -3.0]))
    export = _sorted_export(table)
    return lambda sess: [
        sess.run(insert),
        export(sess),
        sess.run(table.lookup(tf.constant([7, 8], tf.int64))),
    ]


def mutable_int32_float64(tf):
    table = _table(tf, tf.int32, tf.float64, -1.0)
    insert = table.insert(tf.constant([1, 2]), tf.constant([0.25, 0.75], tf.float64))
    return _steps(insert, table.lookup(tf.constant([2, 3, 1])))


def mutable_int64_string(tf):
    table = _table(tf, tf.int64, tf.string, "n/a")
    insert = table.insert(tf.constant([1, 2], tf.int64), tf.constant(["one", "two"]))
    return _steps(insert, table.lookup(tf.constant([2, 5, 1], tf.int64)))


def mutable_string_bool(tf):
    table = _table(tf, tf.string, tf.bool, False)
    insert = table.insert(tf.constant(["t", "u"]), tf.constant([True, True]))
    return _steps(insert, table.lookup(tf.constant(["t", "x"])))


def mutable_overwrite_and_remove(tf):
    table = _table(tf, tf.int64, tf.int64, -1)
    keys = tf.constant([1, 2, 3], tf.int64)
    first = table.insert(keys, tf.constant([10, 20, 30], tf.int64))
    again = table.insert(tf.constant([2], tf.int64), tf.constant([22], tf.int64))
    remove = table.remove(tf.constant([1, 9], tf.int64))
    found = table.lookup(tf.constant([1, 2, 3, 9], tf.int64))
    return _steps(first, again, remove, table.size(), found)


def mutable_insert_2d_keys(tf):
    table = _table(tf, tf.int64, tf.int64, 0)
    insert = table.insert(
        tf.constant([[1, 2], [3, 4]], tf.int64), tf.constant([[5, 6], [7, 8]], tf.int64)
    )
    return _steps(insert, table.size(), table.lookup(tf.constant([4, 1], tf.int64)))


def mutable_duplicate_keys_last_wins(tf):
    table = _table(tf, tf.int64, tf.int64, 0)
    insert = table.insert(tf.constant([1, 1, 2], tf.int64), tf.constant([5, 6, 7], tf.int64))
    return _steps(insert, table.size(), table.lookup(tf.constant([1], tf.int64)))


def mutable_shared_by_node_name(tf):
    # a checkpointed table is shared by its node name: a second Session sees the same table?
    # (no: tables live per Session) -- here one table, two lookups, one insert
    table = _table(tf, tf.int64, tf.int64, -1, name="shared")
    insert = table.insert(tf.constant([4], tf.int64), tf.constant([40], tf.int64))
    return _steps(insert, table.lookup(tf.constant([4], tf.int64)), table.size())


def mutable_not_checkpointed(tf):
    table = _table(tf, tf.int64, tf.int64, -1, checkpoint=False)
    saveables = tf.get_collection(tf.GraphKeys.SAVEABLE_OBJECTS)
    insert = table.insert(tf.constant([4], tf.int64), tf.constant([40], tf.int64))
    return lambda sess: [
        len(saveables),
        sess.run(insert),
        sess.run(table.lookup(tf.constant([4], tf.int64))),
    ]


def mutable_lookup_before_insert(tf):
    table = _table(tf, tf.string, tf.float32, 1.5)
    return _steps(table.lookup(tf.constant(["a"])), table.size())


def mutable_export_empty(tf):
    table = _table(tf, tf.string, tf.int64, -1)
    return _steps(list(table.export()))


def mutable_lookup_placeholder(tf):
    table = _table(tf, tf.string, tf.int64, -1)
    keys = tf.placeholder(tf.string, [None])
    insert = table.insert(keys, tf.constant([1, 2], tf.int64))
    found = table.lookup(keys)
    return lambda sess: [
        sess.run(insert, {keys: ["a", "b"]}),
        sess.run(found, {keys: ["b", "c"]}),
    ]


def mutable_properties(tf):
    table = _table(tf, tf.string, tf.int64, -1, name="props")
    keys, values = table.export()
    found = table.lookup(tf.constant([["a"]]))
    insert = table.insert(tf.constant(["a"]), tf.constant([1], tf.int64))
    remove = table.remove(tf.constant(["a"]))
    return lambda sess: [
        table.name,
        str(table.key_dtype),
        str(table.value_dtype),
        table.resource_handle.op.type,
        table.resource_handle.op.name,
        insert.type,
        insert.name,
        remove.type,
        remove.name,
        found.op.type,
        found.op.name,
        str(found.shape),
        keys.op.type,
        keys.op.name,
        str(keys.shape),
        str(values.shape),
        str(values.dtype),
        table.size().op.name,
        [s.name for s in tf.get_collection(tf.GraphKeys.SAVEABLE_OBJECTS)],
        [spec.name for s in tf.get_collection(tf.GraphKeys.SAVEABLE_OBJECTS) for spec in s.specs],
    ]


def mutable_table_names_uniquified(tf):
    first = _table(tf, tf.int64, tf.int64, -1)
    second = _table(tf, tf.int64, tf.int64, -1)
    return lambda sess: [first.name, second.name]


def mutable_err_insert_shape_mismatch_runtime(tf):
    table = _table(tf, tf.int64, tf.int64, -1)
    keys = tf.placeholder(tf.int64, [None])
    insert = table.insert(keys, tf.constant([1, 2], tf.int64))
    return lambda sess: sess.run(insert, {keys: [1, 2, 3]})


def mutable_err_insert_shape_mismatch_build(tf):
    table = _table(tf, tf.int64, tf.int64, -1)
    return table.insert(tf.constant([1, 2, 3], tf.int64), tf.constant([1, 2], tf.int64))


def mutable_err_lookup_key_dtype(tf):
    table = _table(tf, tf.string, tf.int64, -1)
    return table.lookup(tf.constant([1, 2]))


def mutable_err_insert_value_dtype(tf):
    table = _table(tf, tf.string, tf.int64, -1)
    return table.insert(tf.constant(["a"]), tf.constant([1.5]))


def mutable_err_remove_key_dtype(tf):
    table = _table(tf, tf.string, tf.int64, -1)
    return table.remove(tf.constant([1]))


def mutable_err_default_dtype(tf):
    return _table(tf, tf.int64, tf.int64, "x")


def mutable_err_no_kernel(tf):
    table = _table(tf, tf.int32, tf.string, "x")
    return table.lookup(tf.constant([1]))


def mutable_err_no_kernel_bool_keys(tf):
    table = _table(tf, tf.float32, tf.int64, -1)
    return table.lookup(tf.constant([1.0]))


def mutable_vector_values(tf):
    table = _table(tf, tf.string, tf.float32, [0.0, -1.0])
    insert = table.insert(tf.constant(["a", "b"]), tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    found = table.lookup(tf.constant([["b", "z"]]))
    keys, values = table.export()
    return lambda sess: [
        table.resource_handle.op.type,
        str(found.shape),
        str(values.shape),
        sess.run(insert),
        sess.run(found),
        sess.run(table.size()),
        _sorted_export(table)(sess),
    ]


def mutable_err_vector_values_shape(tf):
    table = _table(tf, tf.int64, tf.float32, [0.0, 0.0])
    return table.insert(tf.constant([1], tf.int64), tf.constant([[1.0, 2.0, 3.0]]))


# -- the checkpoint fixture ---------------------------------------------------------------------
CKPT_KEYS = [3, 7, 11]
CKPT_VALUES = [0.5, 1.5, -2.0]
QUERY = [7, 3, 4, 11]


def checkpoint_graph(tf):
    """The graph of the checkpoint fixture: (tables, variable, lookups of QUERY): a
    MutableHashTable and a DenseHashTable of 8 buckets."""
    table = tf.contrib.lookup.MutableHashTable(tf.int64, tf.float32, -1.0, name="counts")
    dense = tf.lookup.experimental.DenseHashTable(
        tf.int64, tf.float32, -1.0, 0, -1, initial_num_buckets=8, name="dense"
    )
    var = tf.Variable([1.0, 2.0], name="v")
    query = tf.constant(QUERY, tf.int64)
    return (table, dense), var, tf.stack([table.lookup(query), dense.lookup(query)])


def fill_checkpoint_tables(tf, tables):
    """The op that fills the checkpoint fixture's tables."""
    keys, values = tf.constant(CKPT_KEYS, tf.int64), tf.constant(CKPT_VALUES)
    return tf.group(*[t.insert(keys, values) for t in tables])


# -- DenseHashTable: its export is every bucket, in TF's (deterministic) layout ------------------
def _dense(tf, key_dtype=None, value_dtype=None, default=-1, empty=0, deleted=-1, **kwargs):
    key_dtype = key_dtype or tf.int64
    value_dtype = value_dtype or tf.int64
    return tf.lookup.experimental.DenseHashTable(
        key_dtype, value_dtype, default, empty, deleted, **kwargs
    )


def _dense_steps(tf, table, *runs):
    keys, values = table.export()
    return lambda sess: [[sess.run(r), sess.run([keys, values, table.size()])] for r in runs]


def mutable_dense_probing_layout(tf):
    table = _dense(tf, initial_num_buckets=8)
    i64 = lambda v: tf.constant(v, tf.int64)  # noqa: E731
    return _dense_steps(
        tf,
        table,
        table.insert(i64([1, 9, 17, 3, 100, 5]), i64([10, 90, 170, 30, 1000, 50])),
        table.remove(i64([9, 4])),
        table.insert(i64([25, 17]), i64([250, 171])),
        table.lookup(i64([1, 17, 25, 9])),
        table.insert(i64([-7, 2**40]), i64([1, 2])),  # grows: 8 -> 16 buckets
        table.lookup(i64([-7, 2**40, 3, 6])),
    )


def mutable_dense_grow_twice(tf):
    table = _dense(tf, initial_num_buckets=4)
    keys = tf.constant(list(range(1, 14)), tf.int64)
    return _dense_steps(tf, table, table.insert(keys, keys * 3), table.lookup(keys))


def mutable_dense_string_keys(tf):
    table = _dense(tf, tf.string, tf.float32, -1.0, "", "<deleted>", initial_num_buckets=16)
    words = ["a", "b", "emerson", "lake", "and palmer", "king crimson", "x" * 17, "é"]
    insert = table.insert(tf.constant(words), tf.constant([float(i) for i in range(8)]))
    found = table.lookup(tf.constant(["lake", "zz", "x" * 17]))
    return _dense_steps(tf, table, insert, table.remove(tf.constant(["b"])), found)


def mutable_dense_int32_float64(tf):
    table = _dense(tf, tf.int32, tf.float64, 0.5, -1, -2, initial_num_buckets=4)
    insert = table.insert(tf.constant([7, -5]), tf.constant([1.25, 2.5], tf.float64))
    return _dense_steps(tf, table, insert, table.lookup(tf.constant([-5, 3])))


def mutable_dense_vector_values(tf):
    table = _dense(tf, tf.int64, tf.float32, [0.0, 1.0], initial_num_buckets=4)
    insert = table.insert(tf.constant([2, 3], tf.int64), tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    found = table.lookup(tf.constant([3, 5], tf.int64))
    return lambda sess: [str(found.shape), _dense_steps(tf, table, insert, found)(sess)]


def mutable_dense_properties(tf):
    table = _dense(tf, name="dense")
    keys, values = table.export()
    insert = table.insert_or_assign(tf.constant([1], tf.int64), tf.constant([2], tf.int64))
    erase = table.erase(tf.constant([1], tf.int64))
    return lambda sess: [
        table.name,
        table.resource_handle.op.type,
        insert.name,
        erase.name,
        str(keys.shape),
        str(values.shape),
        [n for s in tf.get_collection(tf.GraphKeys.SAVEABLE_OBJECTS) for n in (s.name,)],
        [list(x.shape) for x in sess.run([keys, values])],
        sess.run(table.size()),
    ]


def mutable_dense_err_empty_key_insert(tf):
    table = _dense(tf, initial_num_buckets=4)
    return table.insert(tf.constant([0], tf.int64), tf.constant([1], tf.int64))


def mutable_dense_err_deleted_key_lookup(tf):
    table = _dense(tf, initial_num_buckets=4)
    return table.lookup(tf.constant([-1], tf.int64))


def mutable_dense_err_empty_key_remove(tf):
    table = _dense(tf, initial_num_buckets=4)
    return table.remove(tf.constant([0], tf.int64))


def mutable_dense_err_buckets(tf):
    return _dense(tf, initial_num_buckets=6).size()


def mutable_dense_err_buckets_small(tf):
    return _dense(tf, initial_num_buckets=2).size()


def mutable_dense_err_same_keys(tf):
    return _dense(tf, empty=3, deleted=3, initial_num_buckets=4).size()


def mutable_dense_err_values_shape(tf):
    table = _dense(tf, initial_num_buckets=4)
    return table.insert(tf.constant([1, 2], tf.int64), tf.constant([1], tf.int64))


def mutable_dense_err_no_kernel(tf):
    return _dense(tf, tf.int32, tf.int64, -1, initial_num_buckets=4).size()


def mutable_dense_err_2d_keys(tf):
    table = _dense(tf, initial_num_buckets=4)
    return table.lookup(tf.constant([[1, 17], [25, 9]], tf.int64))


def mutable_dense_keys_of_one_column(tf):
    table = _dense(tf, initial_num_buckets=4)
    keys = tf.constant([[1], [5]], tf.int64)
    insert = table.insert(keys, tf.constant([4, 6], tf.int64))
    return _dense_steps(tf, table, insert, table.lookup(keys), table.remove(keys))
