"""TF data types. `as_numpy_dtype` is TF API, so this module names NumPy types (no kernels)."""

import numpy as np

_REF_OFFSET = 100


class DType:
    """A TF element type (`tf.float32`, `tf.int64`, ...), optionally a reference type."""

    __slots__ = ("_name", "_np", "_enum", "_tf_name", "_is_ref")

    def __init__(self, name, np_type, enum, tf_name, is_ref=False):
        self._name, self._np, self._enum = name, np_type, enum
        self._tf_name, self._is_ref = tf_name, is_ref

    name = property(lambda self: self._name + ("_ref" if self._is_ref else ""))
    as_datatype_enum = property(lambda self: self._enum + (_REF_OFFSET if self._is_ref else 0))
    is_numpy_compatible = property(lambda self: self._name not in ("resource", "variant"))
    is_quantized = property(lambda self: self._name in _QUANTIZED_NAMES)

    @property
    def as_numpy_dtype(self):
        if self._np is None and self._name == "bfloat16":
            self._np = _bfloat16_type()  # ml_dtypes is imported on first use only
        return self._np

    @property
    def base_dtype(self):
        return _BY_NAME[self._name] if self._is_ref else self

    @property
    def real_dtype(self):
        return {"complex64": float32, "complex128": float64}.get(self._name, self.base_dtype)

    @property
    def _as_ref(self):
        return _REFS[self._name]

    @property
    def is_floating(self):
        return self._name in ("float16", "float32", "float64", "bfloat16")

    @property
    def is_complex(self):
        return self._name in ("complex64", "complex128")

    @property
    def is_integer(self):
        return self._name.startswith(("int", "uint"))

    @property
    def is_unsigned(self):
        return self._name.startswith("uint")

    @property
    def is_bool(self):
        return self._name == "bool"

    @property
    def size(self):
        if self._name in ("string", "resource", "variant"):
            return 1
        return np.dtype(self.as_numpy_dtype).itemsize

    @property
    def min(self):
        return self._limits().min

    @property
    def max(self):
        return self._limits().max

    def _limits(self):
        if self._name == "bfloat16":
            return _ml_dtypes().finfo(self.as_numpy_dtype)
        if self.is_floating:
            return np.finfo(self._np)
        if self.is_integer:
            return np.iinfo(self._np)
        if self.is_bool:
            return type("limits", (), {"min": False, "max": True})
        raise TypeError(f"Cannot find minimum value of {self}.")

    def is_compatible_with(self, other):
        other = as_dtype(other)
        return self._name == other._name and (self._is_ref == other._is_ref or not self._is_ref)

    def __eq__(self, other):
        if other is None:
            return False
        try:
            other = as_dtype(other)
        except TypeError:
            return False
        return self._name == other._name and self._is_ref == other._is_ref

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self._name, self._is_ref))

    def __repr__(self):
        return f"tf.{self.name}"

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __reduce__(self):
        return as_dtype, (self.name,)


# (name, numpy type, TF DataType enum, TF's DataTypeString used in runtime messages)
_TABLE = [
    ("float16", np.float16, 19, "half"),
    ("float32", np.float32, 1, "float"),
    ("float64", np.float64, 2, "double"),
    ("int8", np.int8, 6, "int8"),
    ("int16", np.int16, 5, "int16"),
    ("int32", np.int32, 3, "int32"),
    ("int64", np.int64, 9, "int64"),
    ("uint8", np.uint8, 4, "uint8"),
    ("uint16", np.uint16, 17, "uint16"),
    ("uint32", np.uint32, 22, "uint32"),
    ("uint64", np.uint64, 23, "uint64"),
    ("bool", np.bool_, 10, "bool"),
    ("complex64", np.complex64, 8, "complex64"),
    ("complex128", np.complex128, 18, "complex128"),
    ("string", np.object_, 7, "string"),
    ("bfloat16", None, 14, "bfloat16"),  # ml_dtypes.bfloat16, loaded by as_numpy_dtype
    ("qint8", np.dtype([("qint8", np.int8)]), 11, "qint8"),
    ("quint8", np.dtype([("quint8", np.uint8)]), 12, "quint8"),
    ("qint16", np.dtype([("qint16", np.int16)]), 15, "qint16"),
    ("quint16", np.dtype([("quint16", np.uint16)]), 16, "quint16"),
    ("qint32", np.dtype([("qint32", np.int32)]), 13, "qint32"),
    ("resource", None, 20, "resource"),
    ("variant", None, 21, "variant"),
]
_QUANTIZED_NAMES = frozenset({"qint8", "quint8", "qint16", "quint16", "qint32"})
_BY_NAME = {n: DType(n, t, e, s) for n, t, e, s in _TABLE}
_REFS = {n: DType(n, t, e, s, is_ref=True) for n, t, e, s in _TABLE}
_BY_ENUM = {d.as_datatype_enum: d for d in (*_BY_NAME.values(), *_REFS.values())}
_BY_NP = {np.dtype(t): _BY_NAME[n] for n, t, _, _ in _TABLE if n != "string" and t is not None}
_ALIASES = {"half": "float16", "float": "float32", "double": "float64"}

float16 = half = _BY_NAME["float16"]
float32 = _BY_NAME["float32"]
float64 = double = _BY_NAME["float64"]
int8, int16 = _BY_NAME["int8"], _BY_NAME["int16"]
int32, int64 = _BY_NAME["int32"], _BY_NAME["int64"]
uint8, uint16 = _BY_NAME["uint8"], _BY_NAME["uint16"]
uint32, uint64 = _BY_NAME["uint32"], _BY_NAME["uint64"]
bool = _BY_NAME["bool"]
complex64, complex128 = _BY_NAME["complex64"], _BY_NAME["complex128"]
string = _BY_NAME["string"]
bfloat16 = _BY_NAME["bfloat16"]
qint8, quint8 = _BY_NAME["qint8"], _BY_NAME["quint8"]
qint16, quint16 = _BY_NAME["qint16"], _BY_NAME["quint16"]
qint32 = _BY_NAME["qint32"]
resource, variant = _BY_NAME["resource"], _BY_NAME["variant"]
QUANTIZED_DTYPES = frozenset(d for n in _QUANTIZED_NAMES for d in (_BY_NAME[n], _REFS[n]))

FLOATS = frozenset({float16, float32, float64})
COMPLEX = frozenset({complex64, complex128})
INTS = frozenset({int8, int16, int32, int64, uint8, uint16, uint32, uint64})
SIGNED_INTS = frozenset({int8, int16, int32, int64})
REAL_NUMBERS = FLOATS | INTS
NUMBERS = REAL_NUMBERS | COMPLEX
INEXACT = FLOATS | COMPLEX
ALL = NUMBERS | {bool, string}


def as_dtype(type_value):
    """Converts a DType, NumPy dtype, type, name or enum to a `tf.DType`."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        name = _ALIASES.get(type_value, type_value)
        if name.endswith("_ref") and name[:-4] in _REFS:
            return _REFS[name[:-4]]
        if name in _BY_NAME:
            return _BY_NAME[name]
    elif isinstance(type_value, int) and not isinstance(type_value, type(True)):  # noqa: UP003
        if type_value in _BY_ENUM:
            return _BY_ENUM[type_value]
    else:
        try:
            np_dtype = np.dtype(type_value)
        except TypeError:
            np_dtype = None
        if np_dtype is not None:
            if np_dtype in _BY_NP:
                return _BY_NP[np_dtype]
            if np_dtype.name == "bfloat16":
                return bfloat16
            if np_dtype.kind in "OSU":
                return string
    raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.")


def _ml_dtypes():
    try:
        import ml_dtypes
    except ImportError as e:  # pragma: no cover - the extra is installed in CI
        raise ImportError(
            "tf.bfloat16 needs the ml_dtypes package: pip install 'tinytf[bfloat16]'"
        ) from e
    return ml_dtypes


def _bfloat16_type():
    return _ml_dtypes().bfloat16
