"""tf.custom_gradient in graph mode, as TF 1.15 builds it: the results, the inputs and the
variables read pass through one IdentityN whose gradient (through gradient_override_map) is the
user's grad_fn."""

import inspect
import itertools

from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import RegisterGradient, convert_to_tensor
from tinytf.ops.layout_ops import identity_n
from tinytf.ops.variable_scope import get_variable_scope
from tinytf.util.tf_decorator import make_decorator

_uids = itertools.count(1)
_VARIABLE_OPS = ("VariableV2", "VarHandleOp")


def custom_gradient(f):
    """Decorates f(*x) -> (y, grad_fn) so that tf.gradients uses grad_fn(*dy) for y."""

    def decorated(*args, **kwargs):
        if kwargs:
            raise ValueError(
                "The custom_gradient decorator currently supports keywords "
                "arguments only when eager execution is enabled."
            )
        return _graph_mode_decorator(f, *args)

    return make_decorator(f, decorated)


def _all_variables():
    from tinytf.ops.variables import global_variables, local_variables

    return global_variables() + local_variables()


def _dependent_variables(args, results):
    """The variables whose ops lie between `args` and `results` (TF: get_dependent_variables)."""
    stop = {id(t) for t in args}
    seen, stack, found = set(), [t.op for t in results if id(t) not in stop], []
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type in _VARIABLE_OPS:
            found.append(op.name)
        stack.extend(t.op for t in op.inputs if id(t) not in stop)
    by_name = {v.op.name: v for v in _all_variables()}
    return [by_name[n] for n in sorted(found) if n in by_name]


def _check_variables(before, grad_fn, variables):
    if any(id(v) not in before for v in _all_variables()):
        raise TypeError(
            "All variables used by a function wrapped with @custom_gradient must be "
            "`ResourceVariable`s. Ensure that no `variable_scope` is created with "
            "`use_resource=False`."
        )
    spec = inspect.getfullargspec(grad_fn)
    in_signature = "variables" in spec.args or "variables" in spec.kwonlyargs or spec.varkw
    if variables and not in_signature:
        raise TypeError(
            "If using @custom_gradient with a function that uses variables, then grad_fn "
            "must accept a keyword argument 'variables'."
        )
    if in_signature and not variables and not getattr(get_variable_scope(), "use_resource", 0):
        raise TypeError(
            "If using @custom_gradient with a function that uses variables, the enclosing "
            "variable scope must have use_resource=True."
        )


def _graph_mode_decorator(f, *args):
    from tinytf.ops.misc_ops import _flatten, _pack_as

    name = f"CustomGradient-{next(_uids)}"
    args = [convert_to_tensor(x) for x in args]
    before = {id(v) for v in _all_variables()}
    result, grad_fn = f(*args)
    flat_result = [convert_to_tensor(t) for t in _flatten(result)]
    variables = _dependent_variables(args, flat_result)
    _check_variables(before, grad_fn, variables)
    n_results = len(flat_result)

    @RegisterGradient(name)
    def _grad(op, *result_grads):
        result_grads = result_grads[:n_results]
        if variables:
            input_grads, variable_grads = grad_fn(*result_grads, variables=variables)
            if len(variable_grads) != len(variables):
                raise ValueError("Must return gradient for each variable from "
                                 "@custom_gradient grad_fn.")
        else:
            input_grads, variable_grads = grad_fn(*result_grads), []
        return [None] * n_results + _flatten(input_grads) + list(variable_grads)

    with get_default_graph().gradient_override_map({"IdentityN": name}):
        outputs = identity_n(flat_result + args + variables)
    return _pack_as(result, iter(outputs[:n_results]))
