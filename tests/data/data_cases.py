"""tf.data programs run both by real TF 1.15 (tools/make_data_fixtures.py writes what they give
to tests/data/golden/data.json) and by tinytf (tests/data/test_data_golden.py compares).
Each case is case(tf, d) -> a JSON-able value; d is a directory holding the input files that
write_inputs(tf, d) made. Python 3.7 compatible (TF 1.15 runs it)."""

import gzip
import os
import zlib

import numpy as np

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def plain(value):
    """A fetched value as JSON: arrays as lists, bytes as latin-1 text, with dtypes."""
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(value[k]) for k in sorted(value)}
    a = np.asarray(value)
    if a.dtype == object or a.dtype.kind == "S":
        return ["bytes", np.vectorize(lambda b: b.decode("latin-1"), otypes=[object])(a).tolist()
                if a.ndim else a.item().decode("latin-1")]
    return [str(a.dtype), a.tolist()]


def drain(tf, sess, nxt, limit=200, feed=None):
    out = []
    for _ in range(limit):
        try:
            out.append(plain(sess.run(nxt, feed)))
        except tf.errors.OutOfRangeError:
            break
    return out


def one_shot(tf, dataset):
    nxt = dataset.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        return drain(tf, sess, nxt)


def until_error(tf, dataset, d):
    """The elements delivered, then the error (class, message with d as DIR) that ended them."""
    got = []
    nxt = dataset.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        err = error_of(tf, lambda: [got.append(plain(sess.run(nxt))) for _ in range(100)])
        if err is None:
            return [got, None]
    return [got, [err[0], err[1].split("\n")[0].replace(d, "DIR")]]


def error_of(tf, fn):
    try:
        fn()
    except Exception as e:  # the class and the message are what the test compares
        return [type(e).__name__, getattr(e, "message", str(e))]
    return None


LINES = [b"first line", b"", b"third\r", b"last without newline"]
RECORDS = [b"record-%d" % i * (i + 1) for i in range(5)]


def write_inputs(tf, d):
    with open(os.path.join(d, "a.txt"), "wb") as f:
        f.write(b"\n".join(LINES))
    with open(os.path.join(d, "b.txt"), "wb") as f:
        f.write(b"b1\nb2\nb3\n")
    with gzip.open(os.path.join(d, "a.txt.gz"), "wb") as f:
        f.write(b"\n".join(LINES))
    for kind, suffix in ((None, ""), ("GZIP", ".gz"), ("ZLIB", ".zz")):
        options = tf.python_io.TFRecordOptions(kind) if kind else None
        with tf.python_io.TFRecordWriter(os.path.join(d, "r.tfrecord" + suffix), options) as w:
            for r in RECORDS:
                w.write(r)
    with tf.python_io.TFRecordWriter(os.path.join(d, "s.tfrecord")) as w:
        for r in (b"s0", b"s1"):
            w.write(r)
    body = b"HH" + bytes(range(4 * 3)) + b"FFF"
    with open(os.path.join(d, "fixed.bin"), "wb") as f:
        f.write(body)
    with open(os.path.join(d, "fixed.bin.zz"), "wb") as f:
        f.write(zlib.compress(body))


@case
def slices_fed_placeholders(tf, d):
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.int64, [None])
    it = tf.data.Dataset.from_tensor_slices((x, y)).batch(2).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer, {x: np.arange(6).reshape(3, 2), y: [7, 8, 9]})
        first = drain(tf, sess, nxt)
        sess.run(it.initializer, {x: np.ones((1, 2)), y: [5]})
        return first + drain(tf, sess, nxt)


@case
def slices_of_computed_tensors(tf, d):
    v = tf.Variable([1, 2, 3], dtype=tf.int32)
    it = tf.data.Dataset.from_tensor_slices({"a": v * 10, "b": tf.cast(v, tf.float64)}) \
        .make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(it.initializer)
        first = drain(tf, sess, nxt)
        sess.run(v.assign([4, 5, 6]))
        sess.run(it.initializer)  # the initializer reads the tensors again
        return first + drain(tf, sess, nxt)


@case
def range_of_placeholder(tf, d):
    n = tf.placeholder(tf.int64, [])
    it = tf.data.Dataset.range(n).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer, {n: 3})
        first = drain(tf, sess, nxt)
        sess.run(it.initializer, {n: 1})
        return first + drain(tf, sess, nxt)


@case
def padded_batch_int64(tf, d):
    ds = tf.data.Dataset.range(1, 6).map(lambda x: tf.fill([x], x))
    a = ds.padded_batch(2, [None], padding_values=tf.constant(-1, tf.int64))
    b = ds.padded_batch(3, [6], drop_remainder=True)
    return [one_shot(tf, a), one_shot(tf, b), str(a.output_shapes), str(b.output_shapes)]


@case
def padded_batch_structures(tf, d):
    ds = tf.data.Dataset.range(1, 4).map(
        lambda x: (tf.fill([tf.cast(x, tf.int32), 2], tf.cast(x, tf.float32)), tf.fill([x], "s"))
    )
    out = ds.padded_batch(2, ([None, 2], [None]), (np.float32(0.5), "pad"))
    return [one_shot(tf, out), str(out.output_shapes)]


@case
def padded_batch_wrong_padding_type(tf, d):
    ds = tf.data.Dataset.range(3).map(lambda x: tf.fill([x], x))
    return error_of(tf, lambda: ds.padded_batch(2, [None], padding_values=0))


@case
def flat_map_and_interleave(tf, d):
    ds = tf.data.Dataset.range(1, 5)
    rep = lambda x: tf.data.Dataset.from_tensors(x).repeat(x)  # noqa: E731
    return [
        one_shot(tf, ds.flat_map(rep)),
        one_shot(tf, ds.interleave(rep, cycle_length=2, block_length=1)),
        one_shot(tf, ds.interleave(rep, cycle_length=2, block_length=3)),
        one_shot(tf, ds.interleave(rep, cycle_length=3, block_length=2)),
    ]


@case
def concatenate_zip_enumerate(tf, d):
    a = tf.data.Dataset.range(3)
    b = tf.data.Dataset.range(10, 12)
    z = tf.data.Dataset.zip((a, {"y": b.map(lambda v: v * 2)}))
    return [
        one_shot(tf, a.concatenate(b)),
        one_shot(tf, z),
        one_shot(tf, a.apply(tf.data.experimental.enumerate_dataset(5))),
        one_shot(tf, tf.data.Dataset.range(10).shard(3, 1)),
        one_shot(tf, tf.data.Dataset.range(10).skip(7).take(2)),
        one_shot(tf, tf.data.Dataset.range(10).filter(lambda v: v % 3 == 0)),
    ]


@case
def experimental_counter_and_parallel_interleave(tf, d):
    rep = lambda x: tf.data.Dataset.from_tensors(x).repeat(x)  # noqa: E731
    inter = tf.data.Dataset.range(1, 5).apply(tf.data.experimental.parallel_interleave(rep, 2, 2))
    counter = tf.data.experimental.Counter(3, 2, tf.int32).take(3)
    return [one_shot(tf, inter), one_shot(tf, counter), str(counter.output_types)]


@case
def contrib_batchers(tf, d):
    ds = tf.data.Dataset.range(1, 6)
    contrib = getattr(tf.contrib, "data", None)
    if contrib is None:  # tinytf until tf.contrib.data is wired: the same functions
        import tinytf.data.contrib_data as contrib
    a = ds.apply(contrib.batch_and_drop_remainder(2))
    b = ds.map(lambda x: tf.fill([x], x)).apply(
        contrib.padded_batch_and_drop_remainder(2, [None]))
    return [one_shot(tf, a), str(a.output_shapes), one_shot(tf, b), str(b.output_shapes)]


@case
def windows(tf, d):
    ds = tf.data.Dataset.range(7)
    out = []
    for size, shift, stride, drop in ((3, 2, 1, False), (3, 2, 1, True), (2, 3, 2, False),
                                      (3, None, 1, False), (2, 1, 3, True)):
        w = ds.window(size, shift, stride, drop)
        out.append(one_shot(tf, w.flat_map(lambda x: x.batch(size))))
    pairs = tf.data.Dataset.zip((ds, ds.map(lambda v: v * 10))).window(3)
    out.append(one_shot(tf, pairs.flat_map(lambda a, b: tf.data.Dataset.zip((a.batch(3),
                                                                              b.batch(3))))))
    return out


@case
def unbatch(tf, d):
    x = np.arange(12).reshape(3, 2, 2)
    ds = tf.data.Dataset.from_tensor_slices((x, x * 1.5))
    return [one_shot(tf, ds.apply(tf.data.experimental.unbatch())),
            str(ds.apply(tf.data.experimental.unbatch()).output_shapes)]


@case
def cache_memory_and_file(tf, d):
    ds = tf.data.Dataset.range(3).map(lambda v: v * 3)
    mem = one_shot(tf, ds.cache().repeat(2))
    path = os.path.join(d, "cachefile")
    first = one_shot(tf, ds.cache(path).repeat(2))
    second = one_shot(tf, tf.data.Dataset.range(3).map(lambda v: v * 3).cache(path))
    return [mem, first, second]


@case
def text_lines(tf, d):
    a, b = os.path.join(d, "a.txt"), os.path.join(d, "b.txt")
    return [
        one_shot(tf, tf.data.TextLineDataset([a, b])),
        one_shot(tf, tf.data.TextLineDataset(os.path.join(d, "a.txt.gz"), "GZIP")),
        one_shot(tf, tf.data.TextLineDataset([a, b], num_parallel_reads=2)),
        one_shot(tf, tf.data.TextLineDataset(b).batch(2)),
    ]


@case
def tf_records(tf, d):
    r, s = os.path.join(d, "r.tfrecord"), os.path.join(d, "s.tfrecord")
    names = tf.placeholder(tf.string, [None])
    it = tf.data.TFRecordDataset(names).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer, {names: [s, r]})
        fed = drain(tf, sess, nxt)
    return [
        one_shot(tf, tf.data.TFRecordDataset(r)),
        one_shot(tf, tf.data.TFRecordDataset(r + ".gz", compression_type="GZIP")),
        one_shot(tf, tf.data.TFRecordDataset([r + ".zz"], "ZLIB", buffer_size=10)),
        one_shot(tf, tf.data.TFRecordDataset([r, s], num_parallel_reads=2)),
        one_shot(tf, tf.data.TFRecordDataset(tf.data.Dataset.from_tensor_slices([s, s]))),
        fed,
    ]


@case
def fixed_length_records(tf, d):
    f = os.path.join(d, "fixed.bin")
    return [
        one_shot(tf, tf.data.FixedLengthRecordDataset(f, 4, header_bytes=2, footer_bytes=3)),
        until_error(tf, tf.data.FixedLengthRecordDataset(f, 5, header_bytes=2, footer_bytes=3), d),
        one_shot(tf, tf.data.FixedLengthRecordDataset(f + ".zz", 4, 2, 3, None, "ZLIB")),
        until_error(tf, tf.data.FixedLengthRecordDataset(f + ".zz", 5, 2, 3, None, "ZLIB"), d),
    ]


@case
def list_files_in_order(tf, d):
    files = tf.data.Dataset.list_files(os.path.join(d, "*.txt"), shuffle=False)
    got = one_shot(tf, files)
    shuffled = one_shot(tf, tf.data.Dataset.list_files(os.path.join(d, "*.tfrecord*")))
    rel = lambda items: [[t, os.path.basename(v)] for t, v in items]  # noqa: E731
    return [rel(got), sorted(os.path.basename(v) for _, v in shuffled)]


@case
def parallel_map_keeps_order(tf, d):
    ds = tf.data.Dataset.range(20)
    return [
        one_shot(tf, ds.map(lambda v: v * v, num_parallel_calls=4)),
        one_shot(tf, ds.map(lambda v: v + 1, tf.data.experimental.AUTOTUNE).prefetch(3)),
        one_shot(tf, ds.apply(tf.data.experimental.map_and_batch(lambda v: v * 2, 6))),
        one_shot(tf, ds.apply(tf.data.experimental.map_and_batch(lambda v: -v, 6,
                                                                 drop_remainder=True))),
    ]


@case
def random_orders_as_multisets(tf, d):
    ds = tf.data.Dataset.range(5)
    shuffled = one_shot(tf, ds.apply(tf.data.experimental.shuffle_and_repeat(5, 2, seed=1)))
    sampled = one_shot(tf, tf.data.experimental.sample_from_datasets(
        [ds, tf.data.Dataset.range(10, 13)], [0.5, 0.5], seed=3))
    return [sorted(v for _, v in shuffled), sorted(v for _, v in sampled)]


@case
def choose_and_ignore_errors(tf, d):
    a = tf.data.Dataset.from_tensors(b"a").repeat()
    b = tf.data.Dataset.from_tensors(b"b").repeat()
    choice = tf.data.Dataset.from_tensor_slices(np.array([0, 1, 1, 0, 1], np.int64))
    nums = tf.data.Dataset.from_tensor_slices(np.array([1.0, 0.0, 2.0], np.float32))
    checked = nums.map(lambda v: tf.check_numerics(1.0 / v, "bad"))
    return [
        one_shot(tf, tf.data.experimental.choose_from_datasets([a, b], choice)),
        one_shot(tf, checked.apply(tf.data.experimental.ignore_errors())),
    ]


@case
def train_test_switch(tf, d):
    train = tf.data.Dataset.from_tensor_slices(
        (np.arange(6, dtype=np.float32), np.arange(6) % 2)).batch(4)
    test = tf.data.Dataset.from_tensor_slices(
        (np.array([9.0, 8.0], np.float32), np.array([1, 1]))).batch(4)
    it = tf.data.Iterator.from_structure(train.output_types, train.output_shapes)
    x, y = it.get_next()
    loss = tf.reduce_sum(x * tf.cast(y, tf.float32))
    train_init, test_init = it.make_initializer(train), it.make_initializer(test)
    out = [str(it.output_shapes), str(it.output_types)]
    with tf.Session() as sess:
        for _ in range(2):
            sess.run(train_init)
            out.append(drain(tf, sess, loss))
            sess.run(test_init)
            out.append(drain(tf, sess, (x, y)))
    return out


@case
def feedable_iterator(tf, d):
    train = tf.data.Dataset.range(100).map(lambda v: v * 2)
    val = tf.data.Dataset.range(3).map(lambda v: -v)
    handle = tf.placeholder(tf.string, [])
    it = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes)
    nxt = it.get_next()
    train_it = train.make_one_shot_iterator()
    val_it = val.make_initializable_iterator()
    with tf.Session() as sess:
        th, vh = sess.run([train_it.string_handle(), val_it.string_handle()])
        out = [sess.run(nxt, {handle: th}) for _ in range(3)]
        sess.run(val_it.initializer)
        out += [sess.run(nxt, {handle: vh}) for _ in range(2)]
        out += [sess.run(nxt, {handle: th})]
        sess.run(val_it.initializer)
        out += drain(tf, sess, nxt, feed={handle: vh})
    return [plain(v) for v in out[:6]] + out[6:]


@case
def output_properties(tf, d):
    ds = tf.data.Dataset.from_tensor_slices(
        {"a": np.zeros((4, 3), np.float32), "b": (np.zeros(4, np.int32), np.array([b"x"] * 4))})
    it = ds.make_initializable_iterator()
    return [
        str(ds.output_types), str(ds.output_shapes), str(ds.output_classes),
        str(tf.data.get_output_types(it)), str(tf.data.get_output_shapes(ds.batch(2))),
        str(tf.compat.v1.data.get_output_classes(ds)),
    ]


@case
def errors(tf, d):
    out = []
    it = tf.data.Dataset.range(2).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        out.append(error_of(tf, lambda: sess.run(nxt)))
        sess.run(it.initializer)
        sess.run([nxt, nxt])
        out.append(error_of(tf, lambda: sess.run(nxt)))
    other = tf.data.Iterator.from_structure(tf.float32, [])
    out.append(error_of(tf, lambda: other.make_initializer(tf.data.Dataset.range(3))))
    ph = tf.placeholder(tf.float32, [None])
    out.append(error_of(
        tf, lambda: tf.data.Dataset.from_tensor_slices(ph).make_one_shot_iterator()))
    v = tf.Variable(1.0)
    out.append(error_of(tf, lambda: tf.data.Dataset.from_tensors(v * 2).make_one_shot_iterator()))
    computed = tf.cast(tf.constant(np.arange(3000)), tf.float32) * 2
    out.append(one_shot(tf, tf.data.Dataset.from_tensor_slices(computed).batch(1000).map(
        tf.reduce_sum)))
    files = tf.data.Dataset.list_files(os.path.join(d, "*.nothing"))
    out.append(error_of(tf, lambda: out.append(one_shot(tf, files))))
    missing = tf.data.TextLineDataset(os.path.join(d, "missing.txt"))
    out.append((error_of(tf, lambda: one_shot(tf, missing)) or [None])[0])
    return out


def through_errors(tf, dataset, limit=20):
    """Every get_next until the end: the elements, and [class, first line] for each error
    (TF's iterators go on after an element's error)."""
    out = []
    nxt = dataset.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                out.append(plain(sess.run(nxt)))
            except tf.errors.OutOfRangeError:
                break
            except tf.errors.OpError as e:
                out.append([type(e).__name__, e.message.split("\n")[0]])
    return out


def write_examples(tf, path, rows):
    """rows: {feature name: list of floats or ints}; a name left out is a missing feature."""
    with tf.python_io.TFRecordWriter(path) as w:
        for row in rows:
            feature = {}
            for key, values in sorted(row.items()):
                if isinstance(values[0], float):
                    feature[key] = tf.train.Feature(float_list=tf.train.FloatList(value=values))
                else:
                    feature[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
            example = tf.train.Example(features=tf.train.Features(feature=feature))
            w.write(example.SerializeToString())


EXAMPLE_ROWS = [{"x": [i + 0.25, -i - 0.5], "y": [i]} for i in range(9)]


@case
def parse_then_batch(tf, d):
    """map(parse_single_example).batch(n): values, defaults, a missing required feature, a
    wrong count and a wrong kind (each loses its batch; the next batch goes on)."""
    rows = [dict(r) for r in EXAMPLE_ROWS]
    del rows[4]["x"]  # required: the batch {3, 4, 5} fails
    rows[7]["x"] = [1.5]  # one value for [2]
    rows[8]["y"] = [2.5]  # a float for an int64
    path = os.path.join(d, "examples.tfrecord")
    write_examples(tf, path, rows)
    fixed = {"x": tf.FixedLenFeature([2], tf.float32), "y": tf.FixedLenFeature([], tf.int64)}
    defaults = {"x": tf.FixedLenFeature([2], tf.float32, default_value=[7.0, 8.0]),
                "y": tf.FixedLenFeature([1], tf.int64, default_value=[-1])}
    records = tf.data.TFRecordDataset(path)
    out = []
    for features, size in ((fixed, 3), (fixed, 2), (defaults, 4)):
        parsed = records.take(7).map(lambda r, f=features: tf.parse_single_example(r, f))
        out.append(through_errors(tf, parsed.batch(size)))
    whole = records.map(lambda r: tf.parse_single_example(r, fixed))
    out.append(through_errors(tf, whole.batch(3, drop_remainder=True)))
    out.append(through_errors(tf, whole.batch(4)))
    return out


@case
def batch_goes_on_after_errors(tf, d):
    """An element's error loses its batch; the iterator goes on (after a map: the whole
    batch's inputs, TF's map_and_batch fusion; after a prefetch: the elements so far)."""
    def check(x):
        return tf.debugging.check_numerics(1.0 / tf.cast(x - 4, tf.float32), "at four")

    numbers = tf.data.Dataset.range(10)
    return [
        through_errors(tf, numbers.map(check).batch(3)),
        through_errors(tf, numbers.map(check).prefetch(1).batch(3)),
        through_errors(tf, numbers.map(check, num_parallel_calls=2).batch(3)),
        through_errors(tf, numbers.map(check)),
    ]


# -- SparseTensor elements ------------------------------------------------------------------
def plain_sparse(value):
    """plain(), with each SparseTensorValue marked as one (so a tuple cannot pass for one)."""
    if type(value).__name__ == "SparseTensorValue":
        return ["sparse"] + [plain(v) for v in value]
    if isinstance(value, (tuple, list)):
        return [plain_sparse(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_sparse(value[k]) for k in sorted(value)}
    return plain(value)


def sparse_run(tf, dataset, limit=20, init=None, feed=None):
    """Every get_next of `dataset` (an iterator's next element when given one) until the end
    or an error: the elements, then [class, first line] of the error."""
    it = dataset.make_one_shot_iterator() if init is None else dataset
    nxt, out = it.get_next(), []
    with tf.Session() as sess:
        if init is not None:
            sess.run(init, feed)
        for _ in range(limit):
            try:
                out.append(plain_sparse(sess.run(nxt)))
            except tf.errors.OutOfRangeError:
                break
            except tf.errors.OpError as e:
                out.append([type(e).__name__, _first_line(e.message)])
                break
    return out


def _first_line(message):
    return message.replace("[_Derived_]", "").strip().split("\n")[0]


def sparse_error(tf, fn):
    err = error_of(tf, fn)
    return err and [err[0], _first_line(err[1])]


def legacy_properties(tf, dataset_or_iterator):
    return [repr(dataset_or_iterator.output_types), str(dataset_or_iterator.output_shapes),
            str(dataset_or_iterator.output_classes)]


@case
def sparse_parse_var_len_then_batch(tf, d):
    """The TFRecord program: parse_single_example with VarLenFeature (lists of different
    lengths, a missing one: an empty row) and a FixedLenFeature, then batch(4)."""
    rows = [{"x": [1.5, 2.5], "n": [3, 4, 5], "y": [0]}, {"x": [3.5], "y": [1]},
            {"n": [7], "y": [2]}, {"x": [4.5, 5.5, 6.5], "n": [8], "y": [3]},
            {"y": [4]}, {"y": [5]}, {"x": [9.5], "n": [1, 2], "y": [6]}]
    path = os.path.join(d, "varlen.tfrecord")
    write_examples(tf, path, rows)
    features = {"x": tf.VarLenFeature(tf.float32), "n": tf.VarLenFeature(tf.int64),
                "y": tf.FixedLenFeature([], tf.int64)}
    parsed = tf.data.TFRecordDataset(path).map(lambda r: tf.parse_single_example(r, features))
    out = [legacy_properties(tf, parsed), legacy_properties(tf, parsed.batch(4))]
    out.append(sparse_run(tf, parsed.batch(4)))
    out.append(sparse_run(tf, parsed.skip(4).take(2).batch(2)))  # both rows empty: [2, 0]
    out.append(sparse_run(tf, parsed.take(3)))
    out.append(sparse_run(tf, tf.data.TFRecordDataset(path).map(
        lambda r: tf.parse_single_example(r, features), num_parallel_calls=2).prefetch(2)
        .batch(3, drop_remainder=True)))
    out.append(legacy_properties(tf, parsed.batch(3, drop_remainder=True)))
    return out


@case
def sparse_feature_then_batch(tf, d):
    """parse_single_example with a SparseFeature (index and value lists): a known dense
    shape; batched, and mapped to dense."""
    rows = [{"i": [0, 3], "v": [1.5, 2.5]}, {"i": [2], "v": [7.5]}, {"i": [1], "v": [0.5]}]
    path = os.path.join(d, "sparsefeature.tfrecord")
    write_examples(tf, path, rows)
    features = {"s": tf.SparseFeature("i", "v", tf.float32, 5)}
    parsed = tf.data.TFRecordDataset(path).map(lambda r: tf.parse_single_example(r, features))
    dense = parsed.map(lambda f: tf.sparse.to_dense(f["s"]))
    return [legacy_properties(tf, parsed), sparse_run(tf, parsed.batch(2)),
            sparse_run(tf, dense), legacy_properties(tf, parsed.batch(2))]


def _sparse_3x4(tf):
    return tf.SparseTensor([[0, 0], [1, 2], [2, 1]], [1.0, 2.0, 3.0], [3, 4])


@case
def sparse_sources(tf, d):
    """from_tensors / from_tensor_slices of a SparseTensor, a SparseTensorValue, a fed sparse
    placeholder; int and string values, rank 3, indices out of order."""
    sp = _sparse_3x4(tf)
    value = tf.SparseTensorValue(np.array([[0, 1], [2, 0]], np.int64),
                                 np.array([5, 6], np.int32), np.array([3, 2], np.int64))
    rank3 = tf.SparseTensor([[0, 0, 1], [0, 1, 0], [2, 0, 0]], [1, 2, 3], [3, 2, 2])
    words = tf.SparseTensor([[0, 1], [1, 0]], ["a", "b"], [2, 2])
    out = []
    for ds in (tf.data.Dataset.from_tensors(sp), tf.data.Dataset.from_tensor_slices(sp),
               tf.data.Dataset.from_tensor_slices(value), tf.data.Dataset.from_tensors(value),
               tf.data.Dataset.from_tensor_slices(rank3), tf.data.Dataset.from_tensor_slices(words),
               tf.data.Dataset.from_tensor_slices((sp, np.arange(3)))):
        out.append([legacy_properties(tf, ds), sparse_run(tf, ds)])
    unordered = tf.SparseTensor([[2, 0], [0, 1]], [1.0, 2.0], [3, 2])
    out.append(sparse_run(tf, tf.data.Dataset.from_tensor_slices(unordered)))
    ph = tf.sparse.placeholder(tf.float32, [None, 4])
    it = tf.data.Dataset.from_tensor_slices(ph).batch(2).make_initializable_iterator()
    fed = tf.SparseTensorValue(np.array([[0, 0], [1, 3], [2, 1]], np.int64),
                               np.array([1.0, 2.0, 3.0], np.float32), np.array([3, 4], np.int64))
    out.append(sparse_run(tf, it, init=it.initializer, feed={ph: fed}))
    nxt = it.get_next()
    out.append([str(nxt.indices.shape), str(nxt.values.shape), str(nxt.dense_shape.shape),
                str(nxt.shape), legacy_properties(tf, it)])
    out.append(str(tf.data.Dataset.from_tensor_slices(tf.sparse.placeholder(tf.float32))
                   .output_shapes))
    out.append(sparse_error(tf, lambda: tf.data.Dataset.from_tensor_slices(
        tf.SparseTensor(np.zeros((0, 0), np.int64), np.zeros(0, np.float32),
                        np.zeros(0, np.int64)))))
    return out


@case
def sparse_transformations(tf, d):
    """batch (dense shape the max of each dimension, indices in the elements' order), unbatch,
    map receiving and returning SparseTensors, filter, window, zip, concatenate, cache."""
    sp = _sparse_3x4(tf)
    rows = tf.data.Dataset.from_tensor_slices(sp)
    unbatch = tf.data.experimental.unbatch()  # TF 1.15's Dataset.unbatch() returns a V2 dataset
    ragged = tf.data.Dataset.range(4).map(lambda i: tf.SparseTensor(
        tf.reshape(tf.range(i), [-1, 1]), tf.cast(tf.range(i), tf.float32) * 1.5,
        tf.reshape(i + 1, [1])))
    backwards = tf.data.Dataset.range(2).map(
        lambda i: tf.SparseTensor([[2], [0]], [1.0, 2.0], [3]))
    out = [sparse_run(tf, ragged.batch(3)), legacy_properties(tf, ragged.batch(3)),
           sparse_run(tf, backwards.batch(2)),
           sparse_run(tf, tf.data.Dataset.from_tensors(sp).repeat(2).batch(2)),
           sparse_run(tf, tf.data.Dataset.from_tensors(sp).apply(unbatch)),
           legacy_properties(tf, tf.data.Dataset.from_tensors(sp).apply(unbatch)),
           sparse_run(tf, ragged.batch(2).apply(tf.data.experimental.unbatch())),
           sparse_run(tf, backwards.batch(2).apply(unbatch)),
           sparse_run(tf, tf.data.Dataset.from_tensors(
               tf.SparseTensor([[1]], [5.0], [3])).apply(unbatch)),
           sparse_run(tf, rows.map(lambda x: (tf.sparse.to_dense(x), tf.sparse.reduce_sum(x)))),
           sparse_run(tf, rows.map(lambda x: {"s": x, "n": tf.size(x.values)})),
           sparse_run(tf, rows.map(lambda x: tf.SparseTensorValue([[0]], [1.0], [3]))),
           sparse_run(tf, ragged.filter(lambda x: tf.equal(tf.size(x.values) % 2, 1))),
           sparse_run(tf, rows.window(2).flat_map(lambda w: w.batch(2))),
           sparse_run(tf, tf.data.Dataset.zip((rows, tf.data.Dataset.range(3))).batch(2)),
           sparse_run(tf, rows.concatenate(rows).batch(4)),
           sparse_run(tf, rows.cache(os.path.join(d, "sparse_cache")).repeat(2)),
           sparse_run(tf, rows.cache().shuffle(1).repeat(2).batch(3))]
    mixed = tf.data.Dataset.range(3).map(lambda i: tf.SparseTensor(
        tf.zeros([1, tf.cast(i, tf.int32) % 2 + 1], tf.int64), [1.0],
        tf.ones([tf.cast(i, tf.int32) % 2 + 1], tf.int64)))
    out.append(sparse_run(tf, mixed.batch(3)))
    out.append(legacy_properties(tf, mixed))
    with tf.Session() as sess:
        single = tf.data.experimental.get_single_element(tf.data.Dataset.from_tensors(sp))
        total = rows.reduce(tf.constant(0.0), lambda s, x: s + tf.sparse.reduce_sum(x))
        out.append(plain_sparse(sess.run([single, total])))
    return out


@case
def sparse_iterators_and_errors(tf, d):
    """Iterator.from_structure with output_classes, make_initializer on sparse datasets; the
    errors: a class mismatch, padded_batch of sparse, concatenate of sparse and dense."""
    sp = _sparse_3x4(tf)
    rows = tf.data.Dataset.from_tensor_slices(sp)
    it = tf.data.Iterator.from_structure(
        {"a": tf.float32, "b": tf.int64}, {"a": tf.TensorShape([None]), "b": tf.TensorShape([])},
        output_classes={"a": tf.SparseTensor, "b": tf.Tensor})
    train = tf.data.Dataset.zip({"a": rows, "b": tf.data.Dataset.range(3)})
    test = tf.data.Dataset.zip({"a": rows.skip(1), "b": tf.data.Dataset.range(5, 9)})
    out = [legacy_properties(tf, it)]
    nxt = it.get_next()
    out.append([str(nxt["a"].indices.shape), str(nxt["a"].dense_shape.shape)])
    out.append(sparse_run(tf, it, init=it.make_initializer(train)))
    out.append(sparse_run(tf, it, init=it.make_initializer(test)))
    unknown = tf.data.Iterator.from_structure(tf.float32, output_classes=tf.SparseTensor)
    out.append([legacy_properties(tf, unknown), str(unknown.get_next().indices.shape)])
    out.append(sparse_run(tf, unknown, init=unknown.make_initializer(rows.batch(2))))
    dense = tf.data.Iterator.from_structure(tf.float32, tf.TensorShape([None]))
    out.append(sparse_error(tf, lambda: dense.make_initializer(rows)))
    out.append(sparse_error(tf, lambda: it.make_initializer(
        tf.data.Dataset.zip({"a": tf.data.Dataset.from_tensors(sp),
                             "b": tf.data.Dataset.range(3)}))))
    out.append(sparse_error(tf, lambda: rows.padded_batch(2, [None])))
    out.append(sparse_error(tf, lambda: rows.concatenate(
        tf.data.Dataset.from_tensor_slices(np.zeros((2, 4), np.float32)))))
    return out


@case
def sparse_dense_to_sparse_batch(tf, d):
    """tf.data.experimental.dense_to_sparse_batch: every entry of each element; a known row
    dimension as given, an unknown one the batch's largest; larger or other-rank elements."""
    lists = tf.data.Dataset.range(5).map(lambda i: tf.range(i) * 10)
    grids = tf.data.Dataset.range(4).map(lambda i: tf.fill(tf.stack([2, tf.cast(i, tf.int32)]),
                                                             tf.cast(i, tf.float32)))
    dsb = tf.data.experimental.dense_to_sparse_batch
    cases = [lists.apply(dsb(2, [None])), lists.apply(dsb(2, [3])), lists.apply(dsb(5, [4])),
             grids.apply(dsb(3, [None, 2])), grids.apply(dsb(2, [2, None])),
             tf.data.Dataset.range(3).apply(dsb(2, [2]))]
    return [[legacy_properties(tf, ds), sparse_run(tf, ds)] for ds in cases]


@case
def sparse_feedable_and_parse_errors(tf, d):
    """A feedable iterator of sparse elements; a VarLen feature of the wrong kind loses its
    batch (the next batch goes on); a map over the parsed SparseTensors."""
    rows = [{"x": [1.5], "y": [0]}, {"x": [2.5, 3.5], "y": [1]}, {"x": [4], "y": [2]},
            {"y": [3]}, {"x": [5.5, 6.5, 7.5], "y": [4]}]
    path = os.path.join(d, "varlen_kinds.tfrecord")
    write_examples(tf, path, rows)
    features = {"x": tf.VarLenFeature(tf.float32), "y": tf.FixedLenFeature([], tf.int64)}
    parsed = tf.data.TFRecordDataset(path).map(lambda r: tf.parse_single_example(r, features))
    out = [through_sparse_errors(tf, parsed.batch(2)),
           through_sparse_errors(tf, parsed.map(lambda f: tf.sparse.reduce_sum(f["x"]))),
           through_sparse_errors(tf, parsed.map(lambda f: f["x"]).batch(3))]
    handle = tf.placeholder(tf.string, [])
    good = tf.data.TFRecordDataset(path).skip(3).map(
        lambda r: tf.parse_single_example(r, features)).batch(2)
    it = tf.data.Iterator.from_string_handle(handle, good.output_types, good.output_shapes,
                                             good.output_classes)
    nxt = it.get_next()
    source = good.make_one_shot_iterator()
    with tf.Session() as sess:
        value = sess.run(nxt, {handle: sess.run(source.string_handle())})
    out.append([plain_sparse(value), legacy_properties(tf, it)])
    return out


def through_sparse_errors(tf, dataset, limit=20):
    """through_errors(), with SparseTensorValues marked."""
    out = []
    nxt = dataset.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                out.append(plain_sparse(sess.run(nxt)))
            except tf.errors.OutOfRangeError:
                break
            except tf.errors.OpError as e:
                out.append([type(e).__name__, _first_line(e.message)])
    return out


@case
def sparse_feature_columns_from_dataset(tf, d):
    """Parsed VarLen ids, batched, into feature columns (the estimator input pattern)."""
    path = os.path.join(d, "ids.tfrecord")
    write_examples(tf, path, [{"ids": [1, 3]}, {}, {"ids": [2]}, {"ids": [0, 1, 2]}])
    parse = {"ids": tf.VarLenFeature(tf.int64)}
    one_batch = tf.data.TFRecordDataset(path).map(
        lambda r: tf.parse_single_example(r, parse)).batch(4)
    feats = one_batch.make_one_shot_iterator().get_next()
    ids = tf.feature_column.categorical_column_with_identity("ids", 4)
    dense = tf.feature_column.input_layer(feats, [tf.feature_column.indicator_column(ids)])
    with tf.Session() as sess:
        return plain(sess.run(dense))
