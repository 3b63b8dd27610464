"""TFRecord files both ways with real TF 1.15: files TF wrote (plain, GZIP, ZLIB, damaged) read as
TF read them, and tinytf's files byte-identical to TF's (golden/tf_record/, written by
tools/make_tf_record_fixtures.py)."""

import json
from pathlib import Path

import pytest

import tinytf as tf
from tinytf.platform import tf_record

GOLDEN = Path(__file__).parent / "golden" / "tf_record"
OUTCOMES = json.loads((GOLDEN / "outcomes.json").read_text())
RECORDS = [bytes.fromhex(r) for r in OUTCOMES["records"]]
KINDS = {"plain.tfr": None, "gzip.tfr": "GZIP", "zlib.tfr": "ZLIB"}


@pytest.mark.parametrize("name", sorted(k for k in OUTCOMES if k != "records"))
def test_reads_tf_files_as_tf_did(name):
    outcome, detail = OUTCOMES[name]
    path = str(GOLDEN / name)
    if outcome == "ok":
        got = [r.hex() for r in tf.io.tf_record_iterator(path, KINDS.get(name))]
        assert got == detail
        return
    with pytest.raises(getattr(tf.errors, outcome)) as info:
        list(tf.python_io.tf_record_iterator(path))
    assert info.value.message == detail.replace("<dir>", str(GOLDEN))


def test_writes_the_bytes_tf_writes(tmp_path):
    path = tmp_path / "plain.tfr"
    with tf.python_io.TFRecordWriter(str(path)) as writer:
        for record in RECORDS:
            writer.write(record)
    assert path.read_bytes() == (GOLDEN / "plain.tfr").read_bytes()


@pytest.mark.parametrize("kind", ["GZIP", "ZLIB", tf_record.TFRecordCompressionType.GZIP])
def test_compressed_files_round_trip(tmp_path, kind):
    path = str(tmp_path / "c.tfr")
    options = tf.io.TFRecordOptions(kind)
    writer = tf.io.TFRecordWriter(path, options)
    for record in RECORDS:
        writer.write(record)
    writer.flush()
    writer.close()
    assert list(tf.io.tf_record_iterator(path, options)) == RECORDS


def test_options_and_their_strings():
    opts = tf.io.TFRecordOptions
    assert opts.get_compression_type_string(None) == ""
    assert opts.get_compression_type_string(opts("ZLIB")) == "ZLIB"
    assert opts.get_compression_type_string(tf.io.TFRecordCompressionType.GZIP) == "GZIP"
    with pytest.raises(ValueError, match="Unsupported compression type"):
        opts("LZ4")
