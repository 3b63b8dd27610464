"""Writes tests/platform/golden/tf_record/: TFRecord files written by real TF 1.15 (plain, GZIP,
ZLIB), damaged copies of the plain one, and what TF's tf_record_iterator gave or raised for
each (outcomes.json). Run with TF 1.15 (Python 3.7):
    /path/to/tf115/bin/python tools/make_tf_record_fixtures.py
"""

import json
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "platform" / "golden" / "tf_record"
RECORDS = [b"hello", b"", b"x" * 300, bytes(range(256))]


def damaged(data):
    """name -> bytes: the plain file cut or flipped at telling places."""
    flip = lambda b, i: b[:i] + bytes([b[i] ^ 0xFF]) + b[i + 1:]  # noqa: E731
    return {
        "cut_in_body.tfr": data[:-3],
        "cut_in_header.tfr": data[:21 + 16 + 5],
        "bad_length_crc.tfr": flip(data, 9),
        "bad_data_crc.tfr": flip(data, 20),
        "bad_data.tfr": flip(data, 14),
        "second_header_bad.tfr": flip(data, 21 + 2),
    }


def read(path, options=None):
    try:
        return ["ok", [r.hex() for r in tf.io.tf_record_iterator(str(path), options)]]
    except tf.errors.OpError as e:
        return [type(e).__name__, e.message]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    outcomes = {"records": [r.hex() for r in RECORDS]}
    for name, kind in [("plain.tfr", None), ("gzip.tfr", "GZIP"), ("zlib.tfr", "ZLIB")]:
        with tf.io.TFRecordWriter(str(OUT / name), tf.io.TFRecordOptions(kind)) as w:
            for r in RECORDS:
                w.write(r)
        outcomes[name] = read(OUT / name, kind)
    for name, data in damaged((OUT / "plain.tfr").read_bytes()).items():
        (OUT / name).write_bytes(data)
        outcomes[name] = read(OUT / name)
    outcomes["missing.tfr"] = read(OUT / "missing.tfr")
    outcomes["missing.tfr"][1] = outcomes["missing.tfr"][1].replace(str(OUT), "<dir>")
    (OUT / "outcomes.json").write_text(json.dumps(outcomes, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
