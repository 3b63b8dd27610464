"""tf.contrib.slim.summaries: summaries named after their tensor's op (with an optional
prefix), optionally also printed."""

from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.ops import summary_ops
from tinytf.ops.debug_ops import Print_
from tinytf.ops.nn_impl_ops import zero_fraction


def _get_summary_name(tensor, name=None, prefix=None, postfix=None):
    name = name or tensor.op.name
    if prefix:
        name = prefix + "/" + name
    if postfix:
        name = name + "/" + postfix
    return name


def _printed(summary_fn, tensor, name, prefix, print_summary):
    summary_name = _get_summary_name(tensor, name, prefix)
    op = summary_fn(name=summary_name, tensor=tensor,
                    collections=[] if print_summary else None)
    if print_summary:
        op = Print_(op, [tensor], summary_name)
        get_default_graph().add_to_collection(GraphKeys.SUMMARIES, op)
    return op


def add_histogram_summary(tensor, name=None, prefix=None):
    """A histogram summary of `tensor` named after it."""
    return summary_ops.histogram(_get_summary_name(tensor, name, prefix), tensor)


def add_image_summary(tensor, name=None, prefix=None, print_summary=False):
    """An image summary of `tensor` named after it (printed too with print_summary)."""
    return _printed(summary_ops.image, tensor, name, prefix, print_summary)


def add_scalar_summary(tensor, name=None, prefix=None, print_summary=False):
    """A scalar summary of `tensor` named after it (printed too with print_summary)."""
    return _printed(summary_ops.scalar, tensor, name, prefix, print_summary)


def add_zero_fraction_summary(tensor, name=None, prefix=None, print_summary=False):
    """A scalar summary of the fraction of zeros in `tensor` (`.../Fraction_of_Zero_Values`)."""
    name = _get_summary_name(tensor, name, prefix, "Fraction_of_Zero_Values")
    return add_scalar_summary(zero_fraction(tensor), name, print_summary=print_summary)


def add_histogram_summaries(tensors, prefix=None):
    """add_histogram_summary of each tensor."""
    return [add_histogram_summary(t, prefix=prefix) for t in tensors]


def add_image_summaries(tensors, prefix=None):
    """add_image_summary of each tensor."""
    return [add_image_summary(t, prefix=prefix) for t in tensors]


def add_scalar_summaries(tensors, prefix=None, print_summary=False):
    """add_scalar_summary of each tensor."""
    return [add_scalar_summary(t, prefix=prefix, print_summary=print_summary) for t in tensors]


def add_zero_fraction_summaries(tensors, prefix=None):
    """add_zero_fraction_summary of each tensor."""
    return [add_zero_fraction_summary(t, prefix=prefix) for t in tensors]
