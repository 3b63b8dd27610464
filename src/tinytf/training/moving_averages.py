"""tf.train.ExponentialMovingAverage: shadow variables that follow variables or tensors with
shadow -= (1 - decay) * (shadow - value) each time `apply()`'s op runs.

    ema = tf.train.ExponentialMovingAverage(decay=0.999)
    with tf.control_dependencies([train_op]):
        train_op = ema.apply(tf.trainable_variables() + [loss])
    saver = tf.train.Saver(ema.variables_to_restore())   # evaluate with the averages

A variable's shadow starts at the variable's value; a tensor's starts at zeros (with
zero_debias=True, a tensor's average is divided by 1 - decay ** steps, as in Adam).
"""

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import array_ops, control_flow_ops, init_ops, math_ops, state_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.variables import Variable

_FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)


def assign_moving_average(variable, value, decay, zero_debias=True, name=None):
    """variable -= (variable - value) * (1 - decay); with zero_debias the average is kept
    unbiased through the slots `<variable>/biased` and `<variable>/local_step`."""
    with name_scope(name, "AssignMovingAvg", [variable, value, decay]) as scope:
        rate = convert_to_tensor(1.0 - decay, name="decay")
        if rate.dtype.base_dtype != variable.dtype.base_dtype:
            rate = math_ops.cast(rate, variable.dtype.base_dtype)
        if zero_debias:
            return _zero_debias(variable, value, rate)
        return state_ops.assign_sub(variable, (variable - value) * rate, name=scope)


def _zero_debias(unbiased, value, rate):
    with vs.variable_scope(unbiased.op.name, values=[unbiased, value, rate]):
        with get_default_graph().control_dependencies(None):
            biased = vs.get_variable(
                _unique("biased"),
                initializer=init_ops.zeros_initializer(),
                shape=unbiased.shape,
                dtype=unbiased.dtype.base_dtype,
                trainable=False,
            )
            local_step = vs.get_variable(
                _unique("local_step"),
                shape=[],
                dtype=unbiased.dtype.base_dtype,
                initializer=init_ops.zeros_initializer(),
                trainable=False,
            )
    update_biased = state_ops.assign_sub(biased, (biased - value) * rate)
    update_step = state_ops.assign_add(local_step, 1)
    bias_factor = 1 - math_ops.pow(1.0 - rate, update_step)
    return state_ops.assign(unbiased, update_biased / bias_factor)


def _unique(name):
    """`name`, or `name_<i>` when the current variable scope already has one (TF's rule)."""
    scope = vs.get_variable_scope()
    if scope.reuse:
        return name
    taken = {v.op.name for v in get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES)}
    full = f"{scope.name}/{name}"
    if full not in taken:
        return name
    i = 1
    while f"{full}_{i}" in taken:
        i += 1
    return f"{name}_{i}"


def moving_average_variables(scope=None):
    """The variables that have moving averages (the MOVING_AVERAGE_VARIABLES collection)."""
    return get_default_graph().get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


class ExponentialMovingAverage:
    """Moving averages of variables and tensors, in shadow variables named `<name>/<self.name>`."""

    def __init__(self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"):
        self._decay, self._num_updates, self._name = decay, num_updates, name
        self._zero_debias = zero_debias
        self._averages = {}

    name = property(lambda self: self._name)

    def apply(self, var_list=None):
        """Creates the shadows of `var_list` (variables or float tensors; default: the trainable
        variables) that do not have one yet; returns the op that updates them all."""
        graph = get_default_graph()
        if var_list is None:
            var_list = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        debiased = set()
        for var in var_list:
            if var.dtype.base_dtype not in _FLOATS:
                raise TypeError(f"The variables must be half, float, or double: {var.name}")
            if var not in self._averages:
                self._averages[var] = self._shadow(var)
                if not isinstance(var, Variable) and self._zero_debias:
                    debiased.add(var)
        with name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                steps = math_ops.cast(self._num_updates, dtypes.float32, name="num_updates")
                decay = math_ops.minimum(decay, (1.0 + steps) / (10.0 + steps))
            updates = [
                assign_moving_average(self._averages[v], v, decay, v in debiased) for v in var_list
            ]
            return control_flow_ops.group(*updates, name=scope)

    def _shadow(self, var):
        graph = get_default_graph()
        with name_scope(None), graph.control_dependencies(None):  # TF's init_scope
            if isinstance(var, Variable):
                graph.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                initial = var.initialized_value()
                return Variable(initial, trainable=False, name=self.average_name(var))
            known = var.shape.is_fully_defined()
            zeros = array_ops.zeros(var.shape if known else array_ops.shape(var), var.dtype)
            return Variable(
                zeros, trainable=False, name=self.average_name(var), validate_shape=known
            )

    def average(self, var):
        """The shadow variable of `var` (None if apply() has not seen it)."""
        return self._averages.get(var)

    def average_name(self, var):
        """`<var's op name>/<name>`: the shadow's name, and its key in checkpoints."""
        return f"{var.op.name}/{self._name}"

    def variables_to_restore(self, moving_avg_variables=None):
        """{checkpoint key: variable}: each averaged variable restored from its shadow's key,
        and every other global variable from its own name."""
        graph = get_default_graph()
        if moving_avg_variables is None:
            moving_avg_variables = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
            moving_avg_variables += graph.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES)
        moving_avg_variables = list(dict.fromkeys(moving_avg_variables))
        name_map = {self.average_name(v): v for v in moving_avg_variables}
        averaged_names = {v.name for v in moving_avg_variables}
        for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
            if v.name not in averaged_names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map
