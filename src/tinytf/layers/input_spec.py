"""tf.layers.InputSpec: what a layer accepts (rank, dtype, shape, fixed axes), checked on each
call with TF 1.15's messages.

    layer.input_spec = tf.layers.InputSpec(ndim=4, axes={-1: 3})   # NHWC with 3 channels
"""

from tinytf.framework import dtypes
from tinytf.util import nest


class InputSpec:
    """Specifies the ndim, dtype and shape of every input to a layer (None: any)."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None):
        self.dtype = dtypes.as_dtype(dtype).name if dtype is not None else None
        if shape is not None:
            self.ndim, self.shape = len(shape), shape
        else:
            self.ndim, self.shape = ndim, None
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        try:
            axes = axes or {}
            self.axes = {int(k): axes[k] for k in axes}
        except (ValueError, TypeError):
            raise TypeError("The keys in axes must be integers.") from None
        if self.axes and (self.ndim is not None or self.max_ndim is not None):
            max_dim = (self.ndim if self.ndim else self.max_ndim) - 1
            max_axis = max(self.axes)
            if max_axis > max_dim:
                raise ValueError(
                    f"Axis {max_axis} is greater than the maximum allowed value: {max_dim}"
                )

    def __repr__(self):
        spec = [
            f"dtype={self.dtype}" if self.dtype else "",
            f"shape={self.shape}" if self.shape else "",
            f"ndim={self.ndim}" if self.ndim else "",
            f"max_ndim={self.max_ndim}" if self.max_ndim else "",
            f"min_ndim={self.min_ndim}" if self.min_ndim else "",
            f"axes={self.axes}" if self.axes else "",
        ]
        fields = ", ".join(x for x in spec if x)
        return f"InputSpec({fields})"

    def get_config(self):
        """The constructor's arguments as a dict."""
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config):
        """An InputSpec from get_config's dict."""
        return cls(**config)


def _check_rank(index, x, spec, layer_name):
    prefix = f"Input {index} of layer {layer_name} is incompatible with the layer: "
    ndim = x.shape.ndims
    if ndim is None:
        if spec.ndim is not None or spec.min_ndim is not None or spec.max_ndim is not None:
            raise ValueError(
                prefix + "its rank is undefined, but the layer requires a defined rank."
            )
        return
    if spec.ndim is not None and ndim != spec.ndim:
        raise ValueError(
            prefix + f"expected ndim={spec.ndim}, found ndim={ndim}. "
            f"Full shape received: {x.shape.as_list()}"
        )
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        raise ValueError(prefix + f"expected max_ndim={spec.max_ndim}, found ndim={ndim}")
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        # (TF 1.15's message has the doubled colon)
        raise ValueError(
            prefix + f": expected min_ndim={spec.min_ndim}, found ndim={ndim}. "
            f"Full shape received: {x.shape.as_list()}"
        )


def _check_dims(index, x, spec, layer_name):
    if spec.dtype is not None and x.dtype.base_dtype.name != spec.dtype:
        raise ValueError(
            f"Input {index} of layer {layer_name} is incompatible with the layer: expected "
            f"dtype={spec.dtype}, found dtype={x.dtype}"
        )
    if x.shape.ndims is None:
        return
    shape = x.shape.as_list()
    for axis, value in spec.axes.items():
        value = getattr(value, "value", value)
        if value is not None and shape[int(axis)] not in {value, None}:
            raise ValueError(
                f"Input {index} of layer {layer_name} is incompatible with the layer: expected "
                f"axis {axis} of input shape to have value {value} but received input with "
                f"shape {shape}"
            )
    if spec.shape is not None:
        for spec_dim, dim in zip(spec.shape, shape):
            if spec_dim is not None and dim is not None and spec_dim != dim:
                raise ValueError(
                    f"Input {index} is incompatible with layer {layer_name}: expected "
                    f"shape={spec.shape}, found shape={shape}"
                )


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises ValueError (TF 1.15's messages) where `inputs` break `input_spec`."""
    if not input_spec:
        return
    inputs, specs = nest.flatten(inputs), nest.flatten(input_spec)
    if len(inputs) != len(specs):
        raise ValueError(
            f"Layer {layer_name} expects {len(specs)} inputs, but it received {len(inputs)} "
            f"input tensors. Inputs received: {inputs}"
        )
    for index, (x, spec) in enumerate(zip(inputs, specs)):
        if spec is not None:
            _check_rank(index, x, spec, layer_name)
            _check_dims(index, x, spec, layer_name)
