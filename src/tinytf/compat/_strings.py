"""TF's Python 2/3 string helpers (tensorflow/python/util/compat.py), as TF 1.15 on Python 3."""

import numbers

import numpy as np


def as_bytes(bytes_or_text, encoding="utf-8"):
    """`bytes` of a bytes, bytearray or str (encoded with `encoding`); TypeError otherwise."""
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding="utf-8"):
    """`str` of a str or bytes (decoded with `encoding`); TypeError otherwise."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text  # Python 3


def as_str_any(value):
    """`str(value)`, except that bytes are decoded as UTF-8."""
    return as_str(value) if isinstance(value, bytes) else str(value)


def path_to_str(path):
    """The `str` of an os.PathLike; anything else is returned as it is."""
    if hasattr(path, "__fspath__"):
        path = as_str_any(path.__fspath__())
    return path


integral_types = (numbers.Integral, np.integer)
real_types = (numbers.Real, np.integer, np.floating)
complex_types = (numbers.Complex, np.number)
bytes_or_text_types = (bytes, str)
