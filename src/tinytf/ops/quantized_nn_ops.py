"""TF 1.15's quantized pooling ops (quantized_pooling_ops.cc): QuantizedAvgPool and
QuantizedMaxPool on quint8 (TF's only CPU kernels). The range [min, max] passes through; the
average is TF's integer one (sum over the real inputs of a window // their count).

tf.nn.quantized_relu_x is left out: TF 1.15 registers no kernel for QuantizedReluX at all, so
the op it builds can never run."""

import collections

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import UnimplementedError
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import scalar
from tinytf.ops import conv_ops, shape_util
from tinytf.ops.quantization_ops import _QUANTIZED, _plain, check_enum_attr


class _QuantizedPool(OpDef):
    inputs = ("input", "min_input", "max_input")
    type_inputs = ("input",)
    allowed = _QUANTIZED
    attrs = {"ksize": None, "strides": None, "padding": None}

    @classmethod
    def infer(cls, x, min_input, max_input, *, ksize, strides, padding):
        if x.dtype.base_dtype != D.quint8:
            raise TypeError(
                f"No OpKernel was registered to support Op '{cls.type_name}' with these "
                f"attrs: [T=DT_{x.dtype.base_dtype.name.upper()}] (TF 1.15's CPU kernels: quint8)"
            )
        spatial = list(ksize[:3]) + [1]  # a depth window fails when it runs, as in TF
        spec = conv_ops.PoolBase.infer(
            x, ksize=spatial, strides=strides, padding=padding, data_format="NHWC"
        )
        shape_util.with_rank(min_input.shape, 0)
        shape_util.with_rank(max_input.shape, 0)
        return [spec, TensorSpec(scalar(), D.float32), TensorSpec(scalar(), D.float32)]

    @classmethod
    def kernel(cls, xp, x, min_input, max_input, *, ksize, strides, padding):
        if ksize[3] != 1:
            raise UnimplementedError(
                None,
                None,
                "MaxPooling supports exactly one of pooling across depth or pooling across "
                "width/height.",
            )
        values = np.asarray(_plain(x), np.float64)  # exact for these integers
        pooled = cls.pool(xp, values, ksize=ksize, strides=strides, padding=padding,
                          data_format="NHWC")
        out = np.clip(np.floor(pooled), 0, 255).astype(np.uint8)
        return xp.asarray(out), xp.asarray(np.float32(min_input)), xp.asarray(np.float32(max_input))


@register_op
class QuantizedAvgPool(_QuantizedPool):
    """The integer mean of each window of a quint8 tensor; the range passes through."""

    # a correctly rounded sum / count floors to TF's integer quotient: a non-integer quotient
    # is at least 1 / count away from the next integer
    pool = staticmethod(conv_ops.AvgPool.kernel)


@register_op
class QuantizedMaxPool(_QuantizedPool):
    """The maximum of each window of a quint8 tensor; the range passes through."""

    pool = staticmethod(conv_ops.MaxPool.kernel)


NotDifferentiable("QuantizedAvgPool")
NotDifferentiable("QuantizedMaxPool")

_AvgPoolOut = collections.namedtuple("QuantizedAvgPool", "output min_output max_output")
_MaxPoolOut = collections.namedtuple("QuantizedMaxPool", "output min_output max_output")


def _range_value(value):
    return value if hasattr(value, "dtype") else np.float32(value)


def _pool(opdef, out, input, min_input, max_input, ksize, strides, padding, name):
    check_enum_attr(opdef.type_name, "padding", padding, ("SAME", "VALID"))
    outputs = opdef.apply(
        input,
        _range_value(min_input),
        _range_value(max_input),
        ksize=[int(k) for k in ksize],
        strides=[int(s) for s in strides],
        padding=padding,
        name=name,
    )
    return out(*outputs)


def quantized_avg_pool(input, min_input, max_input, ksize, strides, padding, name=None):
    """Average pooling of a quint8 tensor: (output, min_output, max_output)."""
    return _pool(QuantizedAvgPool, _AvgPoolOut, input, min_input, max_input, ksize, strides,
                 padding, name)


def quantized_max_pool(input, min_input, max_input, ksize, strides, padding, name=None):
    """Max pooling of a quint8 tensor: (output, min_output, max_output)."""
    return _pool(QuantizedMaxPool, _MaxPoolOut, input, min_input, max_input, ksize, strides,
                 padding, name)
