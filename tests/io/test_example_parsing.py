"""tf.train.Example protos and their parsing (tf.parse_example, parse_single_example,
parse_single_sequence_example) against real TF 1.15: values, dtypes, static shapes, errors and
proto bytes recorded by tools/make_example_fixtures.py in golden/example.json, and TFRecord
files of Examples written by TF (golden/example_records*.tfrecord)."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import tinytf as tf
from tests.fixture_runner import record
from tests.io import example_cases

with open(os.path.join(example_cases.GOLDEN, "example.json")) as _f:
    GOLDEN = json.load(_f)["cases"]


def _facts(name):
    _, facts = record(tf, example_cases.CASES[name])
    return json.loads(json.dumps(facts))


@pytest.mark.parametrize("name", sorted(set(example_cases.CASES) - {"protos", "decode_json"}))
def test_case_matches_tf(name):
    assert _facts(name) == GOLDEN[name]


def test_proto_bytes_identical_to_tf_and_text_parses_the_same():
    """Serialized bytes are TF's byte for byte. The text differs only in how protobuf 7 prints
    (map entries in insertion order, `3` for 3.0), so it is compared parsed."""
    from google.protobuf import text_format

    ours, want = _facts("protos"), GOLDEN["protos"]
    assert sorted(ours) == sorted(want)
    for key, value in want.items():
        if key == "empty_feature_kind":
            assert ours[key] == value is None
            continue
        cls = tf.train.SequenceExample if key == "sequence" else tf.train.Example
        if key == "sequence":
            # upb's deterministic map order puts "s2" before "s" (C++ protobuf, as TF: "s"
            # first); both are valid encodings of the same message
            got, wanted = (cls.FromString(bytes.fromhex(v)) for v in (ours[key][0], value[0]))
            assert got == wanted
        else:
            assert ours[key][0] == value[0], key
        cls = tf.train.SequenceExample if key == "sequence" else tf.train.Example
        assert text_format.Parse(value[1], cls()) == text_format.Parse(ours[key][1], cls()), key


def test_decode_json_example_gives_tf_examples():
    """TF's C++ JSON parser writes float and int64 lists unpacked, protobuf's Python one packed:
    the same messages, so compared parsed."""
    ours, want = _facts("decode_json"), GOLDEN["decode_json"]
    assert (ours["static"], ours["error"]) == (want["static"], want["error"])
    parse = tf.train.Example.FromString
    assert [parse(bytes.fromhex(h)) for h in ours["hex"]] == [
        parse(bytes.fromhex(h)) for h in want["hex"]]


def test_import_tinytf_does_not_import_protobuf():
    code = "import sys, tinytf; print('google.protobuf' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_example_protos_have_tf_full_names():
    names = [tf.train.Example, tf.train.SequenceExample, tf.train.Features, tf.train.Feature,
             tf.train.FeatureList, tf.train.FeatureLists, tf.train.BytesList,
             tf.train.FloatList, tf.train.Int64List]
    assert [c.DESCRIPTOR.full_name for c in names] == [
        "tensorflow." + c.DESCRIPTOR.name for c in names]
    assert [o.name for o in tf.train.Feature.DESCRIPTOR.oneofs] == ["kind"]
    assert "Int64List" in dir(tf.train)


def test_tf_written_proto_bytes_parse_in_tinytf():
    for i, spec in enumerate(example_cases.EXAMPLES):
        data = bytes.fromhex(GOLDEN["protos"][f"example{i}"][0])
        assert tf.train.Example.FromString(data) == example_cases.example(tf, spec)


def test_tinytf_writes_tf_identical_tfrecord_file(tmp_path):
    # byte-identical while no feature key is a prefix of another: there upb's deterministic map
    # order differs from C++ protobuf's (see the "sequence" proto above)
    path = str(tmp_path / "examples.tfrecord")
    with tf.python_io.TFRecordWriter(path) as writer:
        for spec in example_cases.EXAMPLES:
            writer.write(example_cases.serialized(tf, spec))
    with open(path, "rb") as f, open(_golden_file(""), "rb") as g:
        assert f.read() == g.read()


def _golden_file(kind):
    return os.path.join(example_cases.GOLDEN, example_cases.RECORD_FILES[kind])


def test_gzip_file_from_tinytf_reads_back_as_tf_records(tmp_path):
    path = str(tmp_path / "examples.tfrecord.gz")
    options = tf.python_io.TFRecordOptions("GZIP")
    with tf.io.TFRecordWriter(path, options) as writer:
        for spec in example_cases.EXAMPLES:
            writer.write(example_cases.serialized(tf, spec))
    ours = list(tf.python_io.tf_record_iterator(path, options))
    assert ours == list(tf.python_io.tf_record_iterator(_golden_file("GZIP"), options))


def test_parse_example_graph_def_has_tf_attrs():
    serialized = tf.placeholder(tf.string, [None])
    parsed = tf.parse_example(serialized, {"a": tf.VarLenFeature(tf.int64),
                                           "b": tf.FixedLenFeature([2], tf.float32)})
    node = parsed["b"].op.node_def
    assert node.op == "ParseExample"
    assert (node.attr["Nsparse"].i, node.attr["Ndense"].i) == (1, 1)
    assert list(node.attr["sparse_types"].list.type) == [tf.int64.as_datatype_enum]
    assert [d.size for d in node.attr["dense_shapes"].list.shape[0].dim] == [2]


def test_tf_graph_def_of_parsing_ops_runs_in_tinytf():
    with open(os.path.join(example_cases.GOLDEN, "example_graph.pb"), "rb") as f:
        graph_def = tf.GraphDef.FromString(f.read())
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        names = sorted(GOLDEN["graph_def"]["run"])
        with tf.Session() as sess:
            got = sess.run({k: f"out_{k}:0" for k in names}, example_cases.graph_feed(tf))
    assert example_cases.values(got) == GOLDEN["graph_def"]["run"]


def test_parse_example_round_trips_through_graph_def():
    with tf.Graph().as_default() as g:
        p = tf.placeholder(tf.string, [None], name="p")
        parsed = tf.parse_example(p, {"x": tf.FixedLenFeature([], tf.int64, default_value=5)})
        tf.identity(parsed["x"], name="out")
    with tf.Graph().as_default():
        tf.import_graph_def(g.as_graph_def(), name="")
        with tf.Session() as sess:
            data = example_cases.serialized(tf, {"x": ("int64", [3])})
            got = sess.run("out:0", {"p:0": [data, example_cases.serialized(tf, {})]})
    np.testing.assert_array_equal(got, [3, 5])


def test_tf1_program_tfrecord_of_examples(tmp_path):
    """A TF 1.x-style program: write a TFRecord of Examples, read it back record by record
    and parse each with parse_single_example in a graph fed by a placeholder."""
    path = str(tmp_path / "train.tfrecord")
    rng = np.random.RandomState(0)
    images, labels = rng.rand(6, 4).astype(np.float32), rng.randint(0, 3, 6)
    with tf.python_io.TFRecordWriter(path) as writer:
        for image, label in zip(images, labels):
            ex = tf.train.Example(features=tf.train.Features(feature={
                "image": tf.train.Feature(float_list=tf.train.FloatList(value=image)),
                "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[label])),
            }))
            writer.write(ex.SerializeToString())
    record_in = tf.placeholder(tf.string, shape=[])
    features = tf.parse_single_example(record_in, features={
        "image": tf.FixedLenFeature([4], tf.float32),
        "label": tf.FixedLenFeature([], tf.int64),
    })
    total = tf.reduce_sum(features["image"]) + tf.cast(features["label"], tf.float32)
    with tf.Session() as sess:
        got = [sess.run([features["image"], features["label"], total], {record_in: r})
               for r in tf.python_io.tf_record_iterator(path)]
    np.testing.assert_array_equal(np.stack([g[0] for g in got]), images)
    np.testing.assert_array_equal([g[1] for g in got], labels)
    np.testing.assert_allclose([g[2] for g in got], images.sum(1) + labels, rtol=1e-6)


def test_serialize_tensor_round_trip_of_parsed_feature():
    p = tf.placeholder(tf.string, [])
    x = tf.parse_single_example(p, {"x": tf.FixedLenFeature([2], tf.float32)})["x"]
    back = tf.io.parse_tensor(tf.io.serialize_tensor(x), tf.float32)
    with tf.Session() as sess:
        got = sess.run(back, {p: example_cases.serialized(tf, {"x": ("float", [1.0, 2.0])})})
    np.testing.assert_array_equal(got, [1.0, 2.0])


@pytest.mark.skipif(not hasattr(tf.data, "TFRecordDataset"), reason="tf.data.TFRecordDataset")
@pytest.mark.parametrize("kind", ["", "GZIP"])
def test_tf1_program_tfrecord_dataset_of_examples(kind):
    """The same TF-written files through tf.data: TFRecordDataset -> map(parse_single_example)
    -> batch, and TFRecordDataset -> batch -> map(parse_example) with an initializable iterator
    fed the file names; the values are TF's parses (tfrecord_files in the golden file)."""
    want = GOLDEN["tfrecord_files"][kind or "NONE"]
    features = {"x": tf.FixedLenFeature([2], tf.float32),
                "id": tf.FixedLenFeature([], tf.int64, default_value=-1)}
    path = _golden_file(kind)
    single = tf.data.TFRecordDataset(path, compression_type=kind).map(
        lambda s: tf.parse_single_example(s, features)).batch(2)
    files = tf.placeholder(tf.string, [None])
    batched = tf.data.TFRecordDataset(files, compression_type=kind).batch(3).map(
        lambda s: tf.parse_example(s, features))
    iterator = batched.make_initializable_iterator()
    next_single, next_batched = single.make_one_shot_iterator().get_next(), iterator.get_next()
    with tf.Session() as sess:
        got = [sess.run(next_single) for _ in range(2)]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(next_single)
        sess.run(iterator.initializer, {files: [path]})
        got.append(sess.run(next_batched))
    for key in features:
        expected = [example[key][2] for example in want]
        np.testing.assert_array_equal(np.concatenate([got[0][key], got[1][key]]), expected)
        np.testing.assert_array_equal(got[2][key], expected)
