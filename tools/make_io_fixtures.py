"""Writes tests/ops/golden/io_golden.json: what real TF 1.15 gives for tests/ops/io_cases.py
(tf.io's file, parsing, base64, sparse-serialization and image-codec ops): values, dtypes and
static shapes of every case, the exception class and message of every bad case, the input
files (hand-written ones and those TF encodes), and a GraphDef that TF builds with them.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_io_fixtures.py
"""

import base64
import json
import os
import pathlib
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops import io_cases  # noqa: E402


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _inputs():
    inputs = io_cases.hand_made_inputs()
    with tf.Graph().as_default(), tf.Session() as sess:
        inputs.update(io_cases.tf_made_inputs(tf, sess))
    inputs["proto_float_val"] = tf.make_tensor_proto([1.5], tf.float32, [3]).SerializeToString()
    inputs["proto_int_val"] = tf.make_tensor_proto([7, 8], tf.int32, [2]).SerializeToString()
    return inputs


def _in_fresh_dir(fn):
    """Runs fn() with the IO cases' file tree as the working directory."""
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as root:
        io_cases.make_tree(root)
        os.chdir(root)
        try:
            return fn()
        finally:
            os.chdir(cwd)


def _case(build, inputs):
    def run():
        with tf.Graph().as_default(), tf.Session() as sess:
            out = build(tf, inputs)
            value = sess.run(out)
            tensors = _flat(out)
            return {
                "value": io_cases.pack(value),
                "dtype": [t.dtype.name for t in tensors],
                "static": [str(t.shape) for t in tensors],
            }

    return _in_fresh_dir(run)


def _bad(build, inputs):
    def run():
        with tf.Graph().as_default():
            try:
                out = build(tf, inputs)
            except Exception as e:  # noqa: BLE001 - recording whatever TF raises
                return {"stage": "build", "error": type(e).__name__, "message": str(e)}
            with tf.Session() as sess:
                try:
                    sess.run(out)
                except tf.errors.OpError as e:
                    first = e.message.split("\n")[0]
                    return {"stage": "run", "error": type(e).__name__, "message": first}
        raise AssertionError("TF did not fail")

    return _in_fresh_dir(run)


def _graph(inputs):
    """A GraphDef TF builds with these ops, and what it gives for the PNG and JPEG inputs."""
    with tf.Graph().as_default() as g, tf.Session() as sess:
        name = tf.placeholder(tf.string, [], name="filename")
        contents = tf.read_file(name, name="contents")
        tf.image.decode_png(contents, channels=3, name="image")
        tf.identity(tf.image.decode_jpeg(contents, dct_method="INTEGER_ACCURATE"), name="jpeg")
        tf.decode_raw(contents, tf.uint8, name="raw")
        tf.image.extract_jpeg_shape(tf.constant(inputs["jpeg_rgb"]), name="jpeg_shape")
        tf.decode_csv(tf.constant(["1,x", "2,"]), [[0], ["d"]], name="csv")
        tf.encode_base64(contents, name="b64")
        tf.decode_compressed(contents, name="same")
        graph_def = g.as_graph_def()
        fetch = ["image:0", "raw:0", "jpeg_shape:0", "csv:0", "csv:1", "b64:0", "same:0"]
        with tempfile.TemporaryDirectory() as root:
            path = os.path.join(root, "in.png")
            with open(path, "wb") as f:
                f.write(inputs["png_rgba8"])
            values = sess.run(fetch, {name: path})
            jpeg_path = os.path.join(root, "in.jpg")
            with open(jpeg_path, "wb") as f:
                f.write(inputs["jpeg_rgb"])
            jpeg = sess.run("jpeg:0", {name: jpeg_path})
    return {
        "graph_def": base64.b64encode(graph_def.SerializeToString()).decode("ascii"),
        "png_input": "png_rgba8",
        "fetch": fetch,
        "values": io_cases.pack(values),
        "jpeg_input": "jpeg_rgb",
        "jpeg": io_cases.pack(jpeg),
    }


def main():
    inputs = _inputs()
    cases = {}
    for name, build in sorted(io_cases.CASES.items()):
        try:
            cases[name] = _case(build, inputs)
        except Exception as e:
            first = str(e).split("\n")[0]
            raise RuntimeError(f"case {name} failed in TF: {first}") from None
    bad = {}
    for name, build in sorted(io_cases.BAD.items()):
        try:
            bad[name] = _bad(build, inputs)
        except AssertionError:
            raise RuntimeError(f"bad case {name}: TF did not fail") from None
    golden = {
        "tf_version": tf.VERSION,
        "inputs": {k: base64.b64encode(v).decode("ascii") for k, v in sorted(inputs.items())},
        "cases": cases,
        "bad": bad,
        "graph": _graph(inputs),
    }
    target = ROOT / "tests" / "ops" / "golden" / "io_golden.json"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(golden, indent=0, sort_keys=True) + "\n")
    os.replace(str(tmp), str(target))
    print(f"wrote {len(cases)} cases, {len(bad)} bad cases to {target} (TF {tf.VERSION})")


if __name__ == "__main__":
    main()
