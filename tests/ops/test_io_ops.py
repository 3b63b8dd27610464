"""ReadFile, WriteFile, MatchingFiles (and match_filenames_once) against real TF 1.15, and a
GraphDef that TF 1.15 built with these ops imported and run (tools/make_io_fixtures.py wrote
golden/io_golden.json from tests/ops/io_cases.py)."""

import base64
import os

import numpy as np
import pytest

import tinytf as tf
from tests.ops import io_cases
from tests.ops.io_golden import GOLDEN, INPUTS, bad_names, check_bad, check_case, names


@pytest.mark.parametrize("name", names("io_"))
def test_matches_tf(name, tmp_path):
    check_case(name, tmp_path)


@pytest.mark.parametrize("name", bad_names("io_"))
def test_bad_input_raises_as_tf(name, tmp_path):
    check_bad(name, tmp_path)


def test_read_file_reads_the_file_at_each_run(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"one")
    contents = tf.read_file(str(path))
    with tf.Session() as sess:
        assert sess.run(contents) == b"one"
        path.write_bytes(b"two")
        assert sess.run(contents) == b"two"


def test_write_file_replaces_the_file_whole(tmp_path):
    path = tmp_path / "out.bin"
    path.write_bytes(b"old contents, longer")
    with tf.Session() as sess:
        sess.run(tf.write_file(str(path), b"new"))
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.bin"]  # no temporary file left beside it


def test_match_filenames_once_is_a_local_variable_set_when_initialised(tmp_path):
    io_cases.make_tree(str(tmp_path))
    files = tf.io.match_filenames_once(str(tmp_path / "*.txt"))
    assert files.op.name == "matching_filenames"
    assert files in tf.local_variables() and files not in tf.global_variables()
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        (tmp_path / "late.txt").write_bytes(b"")
        got = sess.run(files)
    want = [str(tmp_path / n).encode() for n in (".hid.txt", "a.txt", "b.txt")]
    assert got.tolist() == want  # found once, at initialisation


def test_write_graph_is_tf_train_write_graph(tmp_path):
    assert tf.io.write_graph is tf.train.write_graph


def _tf_graph_def():
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(base64.b64decode(GOLDEN["graph"]["graph_def"]))
    return graph_def


def test_graph_def_from_tf_imports_and_runs(tmp_path):
    graph = GOLDEN["graph"]
    png, jpeg = tmp_path / "in.png", tmp_path / "in.jpg"
    png.write_bytes(INPUTS[graph["png_input"]])
    jpeg.write_bytes(INPUTS[graph["jpeg_input"]])
    with tf.Graph().as_default():
        outs = tf.import_graph_def(
            _tf_graph_def(), return_elements=["filename:0", "jpeg:0", *graph["fetch"]], name=""
        )
        name, jpeg_out, fetches = outs[0], outs[1], outs[2:]
        with tf.Session() as sess:
            got = sess.run(fetches, {name: str(png)})
            got_jpeg = sess.run(jpeg_out, {name: str(jpeg)})
    for value, want in zip(got, io_cases.unpack(graph["values"]), strict=True):
        if want.dtype == object:
            assert np.asarray(value, dtype=object).tolist() == want.tolist()
        else:
            np.testing.assert_array_equal(value, want)
            assert np.asarray(value).dtype == want.dtype
    np.testing.assert_array_equal(got_jpeg, io_cases.unpack(graph["jpeg"]))


def test_exported_nodes_carry_tf_attrs():
    """tinytf's GraphDef of the same graph: each node of these ops has TF's attrs and values."""
    with tf.Graph().as_default() as g:
        name = tf.placeholder(tf.string, [], name="filename")
        contents = tf.read_file(name, name="contents")
        tf.image.decode_png(contents, channels=3, name="image")
        tf.decode_raw(contents, tf.uint8, name="raw")
        tf.decode_csv(tf.constant(["1,x", "2,"]), [[0], ["d"]], name="csv")
        tf.encode_base64(contents, name="b64")
        tf.decode_compressed(contents, name="same")
        ours = {n.name: n for n in g.as_graph_def().node}
    theirs = {n.name: n for n in _tf_graph_def().node}
    for node in ("contents", "image", "raw", "csv", "b64", "same"):
        assert ours[node].op == theirs[node].op
        assert dict(ours[node].attr) == dict(theirs[node].attr), node
