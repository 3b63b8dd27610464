"""tf.contrib.layers' summary helpers: a scalar or histogram summary per tensor, and for
activations the fraction of zeros (relu, softplus, relu6) and of sixes (relu6)."""

import functools
import re

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.ops import math_ops, reduction_ops, summary_ops


def _add_scalar_summary(tensor, tag=None):
    tensor.shape.assert_has_rank(0)
    return summary_ops.scalar(tag or f"{tensor.op.name}_summary", tensor)


def _add_histogram_summary(tensor, tag=None):
    return summary_ops.histogram(tag or f"{tensor.op.name}_summary", tensor)


def _fraction(compare, x, threshold):
    hits = compare(x, math_ops.cast(threshold, x.dtype))
    return reduction_ops.reduce_mean(math_ops.cast(hits, dtypes.float32))


def summarize_activation(op):
    """A histogram `<op>/activation` of the activation `op`, and scalars `<op>/zeros` (relu,
    softplus, relu6: the fraction of negative inputs) and `<op>/sixes` (relu6)."""
    inputs = op.op.inputs[0] if op.op.inputs else None
    if op.op.type in ("Relu", "Softplus", "Relu6"):
        _add_scalar_summary(_fraction(math_ops.less, inputs, 0.0), f"{op.op.name}/zeros")
    if op.op.type == "Relu6":
        _add_scalar_summary(_fraction(math_ops.greater, inputs, 6.0), f"{op.op.name}/sixes")
    return _add_histogram_summary(op, f"{op.op.name}/activation")


def summarize_tensor(tensor, tag=None):
    """A scalar summary of a scalar, else a histogram; None for string and bool tensors."""
    if tensor.dtype.base_dtype in (dtypes.string, dtypes.bool):
        return None
    if tensor.shape.ndims == 0:
        return _add_scalar_summary(tensor, tag)
    return _add_histogram_summary(tensor, tag)


def summarize_tensors(tensors, summarizer=summarize_tensor):
    """summarizer(tensor) for each tensor."""
    return [summarizer(tensor) for tensor in tensors]


def summarize_collection(collection, name_filter=None, summarizer=summarize_tensor):
    """Summaries of the collection's tensors whose op names match `name_filter` (a regex)."""
    tensors = [
        t for t in get_default_graph().get_collection(collection)
        if name_filter is None or re.match(name_filter, t.op.name)
    ]
    return summarize_tensors(tensors, summarizer)


summarize_variables = functools.partial(summarize_collection, GraphKeys.GLOBAL_VARIABLES)
summarize_weights = functools.partial(summarize_collection, GraphKeys.WEIGHTS)
summarize_biases = functools.partial(summarize_collection, GraphKeys.BIASES)


def summarize_activations(name_filter=None, summarizer=summarize_activation):
    """summarize_activation over tf.GraphKeys.ACTIVATIONS."""
    return summarize_collection(GraphKeys.ACTIVATIONS, name_filter, summarizer)
