"""tf.io.decode_proto / encode_proto cases, run by real TF 1.15
(tools/make_lookup_mutable_fixtures.py) and by tinytf (tests/ops/test_proto_ops.py). The
messages are raw wire bytes (checked against TF's classes when written), so the cases need
neither side's proto classes."""

from tests.ops.lookup_cases import outcome  # noqa: F401 - the runner of the cases

INT64_LIST = b"\n\x0c\x01\xfe\xff\xff\xff\xff\xff\xff\xff\xff\x01\x03"  # value: [1, -2, 3]
FLOAT_LIST = b"\n\x08\x00\x00\xc0?\x00\x00\x10\xc0"  # value: [1.5, -2.25]
BYTES_LIST = b"\n\x02ab\n\x01\xff"  # value: ["ab", "\xff"]
# inter_op_parallelism_threads: 3, allow_soft_placement: true, device_count {"CPU": 2}
CONFIG_1 = b"\n\x07\n\x03CPU\x10\x02(\x038\x01"
# intra_op 5, operation_timeout_in_ms 77, session_inter_op_thread_pool [{4}, {1, "g"}]
CONFIG_2 = b"\x10\x05X\x4d\x62\x02\x08\x04\x62\x05\x08\x01\x12\x01g"
CONFIG_FIELDS = [
    "inter_op_parallelism_threads",
    "allow_soft_placement",
    "operation_timeout_in_ms",
    "session_inter_op_thread_pool",
    "intra_op_parallelism_threads",
]


def _decode(tf, data, message_type, fields, types, **kwargs):
    sizes, values = tf.io.decode_proto(data, message_type, fields, types, **kwargs)
    return [sizes] + list(values)


def decode_config_batch(tf):
    types = [tf.int32, tf.bool, tf.int64, tf.string, tf.int32]
    return _decode(tf, [CONFIG_1, CONFIG_2], "tensorflow.ConfigProto", CONFIG_FIELDS, types)


def decode_batch_2d(tf):
    return _decode(
        tf, [[CONFIG_1], [CONFIG_2]], "tensorflow.ConfigProto", CONFIG_FIELDS[:1], [tf.int32]
    )


def decode_scalar_bytes(tf):
    return _decode(tf, CONFIG_1, "tensorflow.ConfigProto", CONFIG_FIELDS[:1], [tf.int32])


def decode_int32_as_int64(tf):
    return _decode(tf, [CONFIG_1], "tensorflow.ConfigProto", CONFIG_FIELDS[:1], [tf.int64])


def decode_packed_int64(tf):
    return _decode(tf, [INT64_LIST, b""], "tensorflow.Int64List", ["value"], [tf.int64])


def decode_all_missing(tf):
    return _decode(tf, [b"", b""], "tensorflow.Int64List", ["value"], [tf.int64])


def decode_unpacked_repeated(tf):
    return _decode(tf, [b"\x08\x05\x08\x07"], "tensorflow.Int64List", ["value"], [tf.int64])


def decode_singular_twice_last_wins(tf):
    return _decode(tf, [b"(\x03(\x04"], "tensorflow.ConfigProto", CONFIG_FIELDS[:1], [tf.int32])


def decode_negative_int32(tf):
    data = [b"(\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"]
    return _decode(tf, data, "tensorflow.ConfigProto", CONFIG_FIELDS[:1], [tf.int32])


def decode_floats(tf):
    return _decode(tf, [FLOAT_LIST], "tensorflow.FloatList", ["value"], [tf.float32])


def decode_floats_as_double(tf):
    return _decode(tf, [FLOAT_LIST], "tensorflow.FloatList", ["value"], [tf.float64])


def decode_bytes(tf):
    return _decode(tf, [BYTES_LIST], "tensorflow.BytesList", ["value"], [tf.string])


def decode_text_format(tf):
    data = ["value: 4 value: 5", ""]
    return _decode(tf, data, "tensorflow.Int64List", ["value"], [tf.int64], message_format="text")


def decode_example(tf):
    # Example{features{feature{"x": Feature{int64_list{value: [7]}}}}}
    data = [b"\n\x0c\n\n\n\x01x\x12\x05\x1a\x03\n\x01\x07"]
    return _decode(tf, data, "tensorflow.Example", ["features"], [tf.string])


def decode_unrequested_fields_skipped(tf):
    return _decode(tf, [b"\n\x02ab"], "tensorflow.ConfigProto", CONFIG_FIELDS[:1], [tf.int32])


def decode_static_shapes(tf):
    x = tf.io.decode_proto(
        [CONFIG_1], "tensorflow.ConfigProto", CONFIG_FIELDS[:2], [tf.int32, tf.bool]
    )
    return lambda sess: [
        str(x.sizes.shape),
        str(x.values[0].shape),
        x.sizes.op.type,
        type(x).__name__,
    ]


def decode_err_type(tf):
    return _decode(tf, [CONFIG_1], "tensorflow.ConfigProto", CONFIG_FIELDS[:1], [tf.float32])


def decode_err_unknown_field(tf):
    return _decode(tf, [CONFIG_1], "tensorflow.ConfigProto", ["nope"], [tf.int32])


def decode_err_unknown_type(tf):
    return _decode(tf, [CONFIG_1], "tensorflow.Nope", ["nope"], [tf.int32])


def decode_err_bad_tag(tf):
    return _decode(tf, [b"\xff\xff"], "tensorflow.ConfigProto", CONFIG_FIELDS[:1], [tf.int32])


def decode_err_truncated_value(tf):
    return _decode(tf, [b"\x08"], "tensorflow.Int64List", ["value"], [tf.int64])


def decode_err_truncated_packed(tf):
    return _decode(tf, [b"\n\x05\x01"], "tensorflow.Int64List", ["value"], [tf.int64])


def decode_err_lengths(tf):
    return _decode(tf, [CONFIG_1], "tensorflow.ConfigProto", CONFIG_FIELDS[:2], [tf.int32])


def decode_err_format(tf):
    return _decode(
        tf,
        [CONFIG_1],
        "tensorflow.ConfigProto",
        CONFIG_FIELDS[:1],
        [tf.int32],
        message_format="bogus",
    )


def decode_err_text(tf):
    return _decode(
        tf, ["value: x"], "tensorflow.Int64List", ["value"], [tf.int64], message_format="text"
    )


def decode_err_descriptor_source(tf):
    return _decode(
        tf,
        [CONFIG_1],
        "tensorflow.ConfigProto",
        CONFIG_FIELDS[:1],
        [tf.int32],
        descriptor_source="no/such/file.bin",
    )


def _encode(tf, sizes, values, fields, message_type):
    return tf.io.encode_proto(tf.constant(sizes), values, fields, message_type)


def encode_packed_int64(tf):
    return _encode(
        tf, [[3]], [tf.constant([[1, -2, 3]], tf.int64)], ["value"], "tensorflow.Int64List"
    )


def encode_floats(tf):
    return _encode(tf, [[2]], [tf.constant([[1.5, 2.0]])], ["value"], "tensorflow.FloatList")


def encode_field_number_order(tf):
    values = [tf.constant([[True]]), tf.constant([[3]])]
    return _encode(tf, [[1, 1]], values, CONFIG_FIELDS[1::-1], "tensorflow.ConfigProto")


def encode_singular_twice(tf):
    values = [tf.constant([[3]]), tf.constant([[True, False]])]
    return _encode(tf, [[0, 2]], values, CONFIG_FIELDS[:2], "tensorflow.ConfigProto")


def encode_strings_batch(tf):
    return _encode(
        tf, [[2], [0]], [tf.constant([["ab", "c"], ["", ""]])], ["value"], "tensorflow.BytesList"
    )


def encode_negative_and_zero(tf):
    values = [tf.constant([[-1], [0]])]
    return _encode(tf, [[1], [1]], values, CONFIG_FIELDS[:1], "tensorflow.ConfigProto")


def encode_int64_into_int32_field(tf):
    return _encode(
        tf, [[1]], [tf.constant([[3]], tf.int64)], CONFIG_FIELDS[:1], "tensorflow.ConfigProto"
    )


def encode_message_field(tf):
    return _encode(
        tf, [[1]], [tf.constant([[b"\x10\x03"]])], ["gpu_options"], "tensorflow.ConfigProto"
    )


def encode_double(tf):
    values = [tf.constant([[0.5]], tf.float64)]
    return _encode(tf, [[1]], values, ["per_process_gpu_memory_fraction"], "tensorflow.GPUOptions")


def encode_roundtrip(tf):
    x = tf.io.decode_proto(
        [CONFIG_1, CONFIG_2],
        "tensorflow.ConfigProto",
        CONFIG_FIELDS[:3],
        [tf.int32, tf.bool, tf.int64],
    )
    data = tf.io.encode_proto(x.sizes, x.values, CONFIG_FIELDS[:3], "tensorflow.ConfigProto")
    return lambda sess: [str(data.shape), data.op.type, sess.run(data)]


def encode_err_type(tf):
    return _encode(tf, [[1]], [tf.constant([[1.0]])], CONFIG_FIELDS[:1], "tensorflow.ConfigProto")


def encode_err_double_from_float(tf):
    values = [tf.constant([[0.5]], tf.float32)]
    return _encode(tf, [[1]], values, ["per_process_gpu_memory_fraction"], "tensorflow.GPUOptions")


def encode_err_unknown_field(tf):
    return _encode(tf, [[1]], [tf.constant([[1]])], ["nope"], "tensorflow.ConfigProto")


def encode_err_sizes(tf):
    return _encode(tf, [[1, 1]], [tf.constant([[1]])], CONFIG_FIELDS[:1], "tensorflow.ConfigProto")


def decode_enum(tf):
    # (TF 1.15 pads a missing enum with uninitialized memory: only present ones are compared)
    data = [b"\x08\x03", b"\x08\x01"]
    return _decode(
        tf, data, "tensorflow.RunOptions", ["trace_level", "timeout_in_ms"], [tf.int32, tf.int64]
    )


def encode_enum(tf):
    return _encode(tf, [[1]], [tf.constant([[2]])], ["trace_level"], "tensorflow.RunOptions")


def decode_sanitize_keeps_bytes(tf):
    return _decode(tf, [BYTES_LIST], "tensorflow.BytesList", ["value"], [tf.string], sanitize=True)


def decode_err_truncated_unrequested(tf):  # 'a' starts a fixed64 field 12 of one byte
    return _decode(
        tf, [b"X\x02ab"], "tensorflow.ConfigProto", ["operation_timeout_in_ms"], [tf.int64]
    )


def decode_err_truncated_string(tf):
    return _decode(tf, [b"\n\x05ab"], "tensorflow.BytesList", ["value"], [tf.string])


def decode_err_empty_batch(tf):
    return _decode(tf, tf.zeros([0], tf.string), "tensorflow.BytesList", ["value"], [tf.string])
