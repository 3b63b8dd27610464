"""tf.contrib.framework's variable helpers: model variables (in MODEL_VARIABLES), lookups by
scope, suffix and name, the variables to restore, and a restore-from-checkpoint callback."""

from tinytf.contrib.framework.arg_scope import add_arg_scope
from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.graph import device as _device
from tinytf.ops import variable_scope as vs
from tinytf.ops.variables import Variable


def get_variables(scope=None, suffix=None, collection=GraphKeys.GLOBAL_VARIABLES):
    """The variables of `collection` whose names match `scope` (a regex prefix or a
    VariableScope) and end with `suffix` (before the `:0`)."""
    if isinstance(scope, vs.VariableScope):
        scope = scope.name
    if suffix is not None:
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return get_default_graph().get_collection(collection, scope)


def get_model_variables(scope=None, suffix=None):
    """get_variables over tf.GraphKeys.MODEL_VARIABLES."""
    return get_variables(scope, suffix, GraphKeys.MODEL_VARIABLES)


def get_local_variables(scope=None, suffix=None):
    """get_variables over tf.GraphKeys.LOCAL_VARIABLES."""
    return get_variables(scope, suffix, GraphKeys.LOCAL_VARIABLES)


def get_trainable_variables(scope=None, suffix=None):
    """get_variables over tf.GraphKeys.TRAINABLE_VARIABLES."""
    return get_variables(scope, suffix, GraphKeys.TRAINABLE_VARIABLES)


def get_variables_by_suffix(suffix, scope=None):
    """The global variables whose names end with `suffix`."""
    return get_variables(scope=scope, suffix=suffix)


def get_variables_by_name(given_name, scope=None):
    """The global variables named `given_name` (the last part of the name)."""
    return get_variables(scope=scope, suffix="/" + given_name + ":|^" + given_name + ":")


def get_unique_variable(var_op_name):
    """The one variable whose op is named `var_op_name` (ValueError if none or several)."""
    candidates = get_variables(scope=var_op_name)
    if not candidates:
        raise ValueError(f"Couldn't find variable {var_op_name}")
    for candidate in candidates:
        if candidate.op.name == var_op_name:
            return candidate
    raise ValueError(f"Variable {var_op_name} does not uniquely identify a variable")


def get_variables_to_restore(include=None, exclude=None):
    """The global variables under the `include` scopes (all: None) but not the `exclude` ones."""
    if include is None:
        included = get_variables()
    else:
        if not isinstance(include, (list, tuple)):
            raise TypeError("include is provided but is not a list or a tuple.")
        included = [v for scope in include for v in get_variables(scope)]
    excluded = []
    if exclude is not None:
        if not isinstance(exclude, (list, tuple)):
            raise TypeError("exclude is provided but is not a list or a tuple.")
        excluded = [v for scope in exclude for v in get_variables(scope)]
    return [v for v in included if all(v is not e for e in excluded)]


def add_model_variable(var):
    """Adds `var` to tf.GraphKeys.MODEL_VARIABLES (once)."""
    graph = get_default_graph()
    if all(var is not v for v in graph.get_collection(GraphKeys.MODEL_VARIABLES)):
        graph.add_to_collection(GraphKeys.MODEL_VARIABLES, var)


def get_variable_full_name(var):
    """The variable's op name (its full name without `:0`)."""
    return var.op.name


def _get(name, shape, dtype, initializer, regularizer, trainable, collections, device, getter):
    collections = list(dict.fromkeys(collections))  # (TF drops duplicates, through a set)
    getter = vs.get_variable if getter is None else getter
    with _device(device or ""):
        return getter(
            name,
            shape=shape,
            dtype=dtype,
            initializer=initializer,
            regularizer=regularizer,
            trainable=trainable,
            collections=collections,
        )


@add_arg_scope
def variable(
    name,
    shape=None,
    dtype=None,
    initializer=None,
    regularizer=None,
    trainable=True,
    collections=None,
    caching_device=None,
    device=None,
    partitioner=None,
    custom_getter=None,
    use_resource=None,
    synchronization=None,
    aggregation=None,
):
    """tf.get_variable in `collections` (default: GLOBAL_VARIABLES), on `device`."""
    collections = list(collections if collections is not None else [GraphKeys.GLOBAL_VARIABLES])
    getter = None
    if custom_getter is not None:
        reuse = vs.get_variable_scope().reuse

        def getter(name, **kwargs):
            return custom_getter(vs.get_variable, name, reuse=reuse, **kwargs)

    return _get(name, shape, dtype, initializer, regularizer, trainable, collections, device,
                getter)


@add_arg_scope
def model_variable(
    name,
    shape=None,
    dtype=dtypes.float32,
    initializer=None,
    regularizer=None,
    trainable=True,
    collections=None,
    caching_device=None,
    device=None,
    partitioner=None,
    custom_getter=None,
    use_resource=None,
    synchronization=None,
    aggregation=None,
):
    """A variable (see `variable`) in GLOBAL_VARIABLES and MODEL_VARIABLES too."""
    collections = list(collections or [])
    collections += [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]
    return variable(
        name,
        shape=shape,
        dtype=dtype,
        initializer=initializer,
        regularizer=regularizer,
        trainable=trainable,
        collections=collections,
        device=device,
        custom_getter=custom_getter,
    )


def local_variable(initial_value, validate_shape=True, name=None, use_resource=None):
    """A non-trainable tf.Variable in LOCAL_VARIABLES."""
    return Variable(
        initial_value, trainable=False, collections=[GraphKeys.LOCAL_VARIABLES], name=name
    )


def global_variable(initial_value, validate_shape=True, name=None, use_resource=None):
    """A non-trainable tf.Variable in GLOBAL_VARIABLES."""
    return Variable(
        initial_value, trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES], name=name
    )


def assign_from_checkpoint_fn(model_path, var_list, ignore_missing_vars=False,
                              reshape_variables=False):
    """A function session -> None restoring `var_list` (a list, or a dict of checkpoint name
    -> variable) from the checkpoint `model_path`; None when nothing is left to restore."""
    from tinytf.platform import tf_logging as logging
    from tinytf.training.checkpoint_utils import load_checkpoint
    from tinytf.training.saver import Saver

    if not var_list:
        raise ValueError("var_list cannot be empty")
    if ignore_missing_vars:
        reader = load_checkpoint(model_path)
        if not isinstance(var_list, dict):
            var_list = {var.op.name: var for var in var_list}
        available = {}
        for name, var in var_list.items():
            if reader.has_tensor(name):
                available[name] = var
            else:
                logging.warning("Variable %s missing in checkpoint %s", name, model_path)
        var_list = available
    if not var_list:
        logging.warning("No Variables to restore")
        return None
    saver = Saver(var_list, reshape=reshape_variables)

    def callback(session):
        saver.restore(session, model_path)

    return callback


def assert_or_get_global_step(graph=None, global_step_tensor=None):
    """`global_step_tensor` checked (assert_global_step), else the graph's global step."""
    from tinytf.training import training_util

    if global_step_tensor is None:
        return training_util.get_global_step(graph)
    training_util.assert_global_step(global_step_tensor)
    return global_step_tensor


def _named_variable(var_name):
    found = get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, var_name)
    if not found:
        raise ValueError(f"Variable {var_name} wasn't found")
    if len(found) == 1:
        return found[0]
    for v in found:
        if v.op.name == var_name:
            return v
    raise ValueError(f"Variable {var_name} doesn't uniquely identify a variable")


def assign_from_values(var_names_to_values):
    """(assign op, feed dict) setting each named variable to its numpy value (through
    placeholders `placeholder/<variable>`)."""
    from tinytf.ops.array_ops import placeholder
    from tinytf.ops.control_flow_ops import group

    feed_dict, assign_ops = {}, []
    for var_name, var_value in var_names_to_values.items():
        var = _named_variable(var_name)
        value = placeholder(var.dtype.base_dtype, var.shape, name="placeholder/" + var.op.name)
        assign_ops.append(var.assign(value))
        feed_dict[value] = var_value.reshape(var.shape.as_list())
    return group(*assign_ops), feed_dict


def assign_from_values_fn(var_names_to_values):
    """A function session -> None running assign_from_values' op."""
    assign_op, feed_dict = assign_from_values(var_names_to_values)

    def callback(session):
        return session.run(assign_op, feed_dict)

    return callback


def filter_variables(var_list, include_patterns=None, exclude_patterns=None, reg_search=True):
    """The variables whose names match an include pattern (all: None) and no exclude one
    (re.search, or re.match with reg_search=False)."""
    import re

    matches = re.search if reg_search else re.match
    included = [
        v for v in var_list
        if include_patterns is None or any(matches(p, v.name) for p in include_patterns)
    ]
    if exclude_patterns is None:
        return included
    return [v for v in included if not any(matches(p, v.name) for p in exclude_patterns)]
