"""TF's UnicodeScript op: the ICU script code (UScriptCode) of each code point, from ICU itself
through PyICU (the `pyicu-wheels` package, imported when the kernel first runs; a newer ICU
knows the scripts of characters that TF 1.15's ICU still called Unknown)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    register_op,
)

_INVALID = -1  # USCRIPT_INVALID_CODE


def _icu():
    try:
        import icu
    except ImportError:
        raise ImportError(
            "tf.strings.unicode_script needs ICU's script data: "
            "pip install 'tinytf[unicode]' (pyicu-wheels)"
        ) from None
    return icu


def _script_of(icu, code):
    if not 0 <= code <= 0x10FFFF:
        return _INVALID
    try:
        return icu.Script.getScript(code).getScriptCode()
    except icu.ICUError:
        return _INVALID


@register_op
class UnicodeScript(OpDef):
    """The ICU script code of each int32 code point; -1 for an invalid one."""

    inputs = ("input",)
    type_inputs = ()

    def infer(x):
        if x.dtype.base_dtype != D.int32:
            raise TypeError(
                f"Input 'input' of 'UnicodeScript' Op has type {x.dtype.base_dtype.name} that "
                "does not match expected type of int32."
            )
        return TensorSpec(x.shape, D.int32)

    def kernel(xp, x):
        icu = _icu()
        flat = [_script_of(icu, int(c)) for c in np.reshape(x, -1)]
        return np.array(flat, np.int32).reshape(np.shape(x))


NotDifferentiable("UnicodeScript")


def unicode_script(input, name=None):  # noqa: A002 - TF's argument name
    """The ICU script code (UScriptCode) of each int32 code point of `input`, -1 where it is
    not a valid code point; a RaggedTensor gives one of the same row partition."""
    from tinytf.ragged.ragged_tensor import RaggedTensor

    if isinstance(input, RaggedTensor):  # TF's ragged dispatch: no scope of its own
        return input.with_flat_values(unicode_script(input.flat_values, name))
    x = convert_to_tensor(input, preferred_dtype=D.int32, name="input")
    return UnicodeScript.apply(x, name=name)
