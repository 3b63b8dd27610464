"""tf.recompute_grad, as TF 1.15 builds it in graph mode: a tf.custom_gradient whose grad_fn
builds f's ops a second time, after the incoming gradient exists, and differentiates those, so
that the backward pass needs none of the forward pass's activations.

    block = tf.recompute_grad(lambda x: tf.tanh(tf.matmul(x, w)))
    y = block(x)     # tf.gradients(y, [x, w]) recompute tanh(x @ w) in the backward pass
"""

from tinytf.framework.graph import get_default_graph
from tinytf.ops.custom_gradient import custom_gradient
from tinytf.ops.gradients import gradients


def recompute_grad(f):
    """Wraps f(*x) -> tensor so that tf.gradients recomputes f's ops instead of keeping their
    activations; gradients with respect to x and to the variables f reads are f's own."""

    @custom_gradient
    def inner(*args, **kwargs):
        result = f(*args, **kwargs)

        def grad(dresult, variables=None):
            return _recomputed_gradients(f, args, kwargs, dresult, variables)

        return result, grad

    return inner


def _recomputed_gradients(f, args, kwargs, dresult, variables):
    graph = get_default_graph()
    before = len(graph.get_operations())
    with graph.control_dependencies([dresult]):  # so the recomputation waits for the backward
        result = f(*args, **kwargs)
    recomputed = graph.get_operations()[before:]
    variables = list(variables) if variables is not None else []
    xs = list(args) + variables
    grads = gradients(
        result, xs, grad_ys=[dresult], stop_gradients=_captured(recomputed, xs, variables)
    )
    return grads[: len(args)], grads[len(args) :]


def _captured(recomputed, xs, variables):
    """The tensors from outside that the recomputed ops read, other than xs and the variables'
    values: TF differentiates on a tape of the recomputed ops alone, so no gradient reaches xs
    through them."""
    inside = set(recomputed)
    kept = {id(x) for x in xs} | {id(v.value()) for v in variables}
    kept |= {id(v._ref()) for v in variables}
    captured = {}
    for op in recomputed:
        for t in op.inputs:
            if t.op not in inside and id(t) not in kept:
                captured[id(t)] = t
    return list(captured.values())
