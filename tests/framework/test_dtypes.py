import numpy as np
import pytest

import tinytf as tf


@pytest.mark.parametrize(
    "dtype,np_type,enum,flags",
    [
        (tf.float16, np.float16, 19, "f"),
        (tf.float32, np.float32, 1, "f"),
        (tf.float64, np.float64, 2, "f"),
        (tf.int8, np.int8, 6, "i"),
        (tf.int16, np.int16, 5, "i"),
        (tf.int32, np.int32, 3, "i"),
        (tf.int64, np.int64, 9, "i"),
        (tf.uint8, np.uint8, 4, "iu"),
        (tf.uint16, np.uint16, 17, "iu"),
        (tf.bool, np.bool_, 10, "b"),
        (tf.complex64, np.complex64, 8, "c"),
        (tf.complex128, np.complex128, 18, "c"),
        (tf.string, np.object_, 7, ""),
    ],
)
def test_dtype_properties(dtype, np_type, enum, flags):
    assert dtype.as_numpy_dtype is np_type and dtype.as_datatype_enum == enum
    assert dtype.is_floating == ("f" in flags) and dtype.is_integer == ("i" in flags)
    assert dtype.is_complex == ("c" in flags) and dtype.is_unsigned == ("u" in flags)
    assert dtype.is_bool == ("b" in flags)
    assert tf.as_dtype(dtype.name) is dtype and tf.as_dtype(enum) is dtype
    if dtype != tf.string:
        assert tf.as_dtype(np_type) is dtype and tf.as_dtype(np.dtype(np_type)) is dtype


def test_names_aliases_and_printing():
    assert tf.float32.name == "float32" and repr(tf.float32) == "tf.float32"
    assert str(tf.float32) == "<dtype: 'float32'>"
    assert tf.as_dtype("float") is tf.float32 and tf.double is tf.float64 and tf.half is tf.float16
    assert tf.float32 == np.float32 and tf.float32 != tf.float64 and tf.float32 != "nonsense"


def test_ref_types():
    ref = tf.float32._as_ref
    assert ref.name == "float32_ref" and ref.base_dtype is tf.float32 and ref != tf.float32
    assert ref.as_datatype_enum == 101 and tf.as_dtype("float32_ref") is ref


def test_limits_and_real_dtype():
    assert (
        tf.int8.min == -128 and tf.uint8.max == 255 and tf.float32.max == np.finfo(np.float32).max
    )
    assert tf.complex64.real_dtype is tf.float32 and tf.float64.real_dtype is tf.float64


def test_unknown_type_is_type_error():
    with pytest.raises(TypeError, match="Cannot convert value"):
        tf.as_dtype("nonsense")


# -- issue 10: bfloat16, the quantized dtypes, resource and variant (facts against TF 1.15 in
# tests/ops/test_math_golden.py, case dtype_facts) ------------------------------------------------
def test_bfloat16_is_ml_dtypes_bfloat16():
    import ml_dtypes

    assert tf.bfloat16.as_numpy_dtype is ml_dtypes.bfloat16 and tf.bfloat16.is_floating
    assert tf.as_dtype(ml_dtypes.bfloat16) is tf.bfloat16 and tf.bfloat16.size == 2
    assert float(tf.bfloat16.max) == float(ml_dtypes.finfo(ml_dtypes.bfloat16).max)


def test_import_tinytf_does_not_import_ml_dtypes_or_scipy():
    import subprocess
    import sys

    code = "import sys, tinytf; print('ml_dtypes' in sys.modules, 'scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_bfloat16_feeds_and_fetches():
    import ml_dtypes

    x = tf.placeholder(tf.bfloat16, [2])
    y = tf.square(tf.cast(x, tf.float32))
    with tf.Session() as sess:
        got = sess.run(y, {x: np.array([1.5, -2.0], ml_dtypes.bfloat16)})
    assert got.dtype == np.float32 and got.tolist() == [2.25, 4.0]


def test_quantized_dtypes_are_structured_numpy_types():
    assert tf.qint8.as_numpy_dtype == np.dtype([("qint8", np.int8)]) and tf.qint8.is_quantized
    assert tf.as_dtype(np.dtype([("quint16", np.uint16)])) is tf.quint16
    assert tf.qint32 in tf.QUANTIZED_DTYPES and tf.qint32._as_ref in tf.QUANTIZED_DTYPES
    assert tf.float32 not in tf.QUANTIZED_DTYPES and len(tf.QUANTIZED_DTYPES) == 10
    with pytest.raises(TypeError, match="Cannot find minimum value"):
        tf.qint8.min


def test_resource_and_variant_are_not_numpy_compatible():
    assert not tf.resource.is_numpy_compatible and not tf.variant.is_numpy_compatible
    assert tf.as_dtype(20) is tf.resource and tf.variant._as_ref.as_datatype_enum == 121
