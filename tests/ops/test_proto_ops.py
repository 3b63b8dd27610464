"""tf.io.decode_proto / encode_proto (src/tinytf/ops/proto_ops.py) against real TF 1.15: every
case of tests/ops/proto_cases.py gives what TF gave (values, counts, bytes, static shapes, error
classes and messages), recorded by tools/make_lookup_mutable_fixtures.py in
tests/ops/golden/proto_ops.json."""

import json
import pathlib

import pytest

import tinytf as tf
from tests.ops import proto_cases as cases
from tinytf.ops import proto_ops

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "proto_ops.json").read_text())
NAMES = sorted(n for n in vars(cases) if n.split("_")[0] in ("decode", "encode"))


class _IO:
    """tf.io's two names (until tinytf.io imports them) over the real tinytf."""

    decode_proto = staticmethod(proto_ops.decode_proto)
    encode_proto = staticmethod(proto_ops.encode_proto)


class _TF:
    io = _IO

    def __getattr__(self, name):
        return getattr(tf, name)


@pytest.mark.parametrize("name", NAMES)
def test_case_matches_tf(name):
    assert cases.outcome(_TF(), getattr(cases, name)) == GOLDEN[name]


def test_every_case_has_a_golden_outcome():
    assert sorted(GOLDEN) == NAMES


def test_descriptor_set_from_bytes_source():
    from google.protobuf import descriptor_pb2

    from tinytf.platform import example_protos

    files = descriptor_pb2.FileDescriptorSet()
    example_protos.Int64List.DESCRIPTOR.file.CopyToProto(files.file.add())
    source = "bytes://" + files.SerializeToString().decode("latin-1")
    with tf.Graph().as_default():
        x = proto_ops.decode_proto(
            [cases.INT64_LIST], "tensorflow.Int64List", ["value"], [tf.int64], source
        )
        with tf.Session() as sess:
            sizes, (values,) = sess.run(x)
    assert sizes.tolist() == [[3]] and values.tolist() == [[1, -2, 3]]
