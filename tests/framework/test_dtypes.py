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
