"""tf.train.ExponentialMovingAverage: shadow copies of variables that follow them with
shadow -= (1 - decay) * (shadow - variable) each time `apply()`'s op runs.

    ema = tf.train.ExponentialMovingAverage(decay=0.999)
    with tf.control_dependencies([train_op]):
        train_op = ema.apply(tf.trainable_variables())
    saver = tf.train.Saver(ema.variables_to_restore())   # evaluate with the averages
"""

from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import control_flow_ops, math_ops, state_ops
from tinytf.ops.variables import Variable


class ExponentialMovingAverage:
    """Moving averages of variables, in shadow variables named `<var>/<name>`."""

    def __init__(self, decay, num_updates=None, zero_debias=False, name="ExponentialMovingAverage"):
        if zero_debias:
            raise NotImplementedError("tinytf's ExponentialMovingAverage has no zero_debias")
        self._decay, self._num_updates, self._name = decay, num_updates, name
        self._averages = {}

    name = property(lambda self: self._name)

    def apply(self, var_list=None):
        """Creates the shadows of `var_list` (default: the trainable variables); returns the op
        that updates them all."""
        graph = get_default_graph()
        if var_list is None:
            var_list = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        for var in var_list:
            if not isinstance(var, Variable):
                raise TypeError(f"tinytf's ExponentialMovingAverage averages Variables, not {var}")
            if not var.dtype.base_dtype.is_floating:
                raise TypeError(f"The variables must be half, float, or double: {var.name}")
            if var in self._averages:
                raise ValueError(f"Moving average already computed for: {var.name}")
            with name_scope(None):
                self._averages[var] = Variable(
                    var.initialized_value(), trainable=False, name=self.average_name(var)
                )
            graph.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
        with name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, name="decay")
            if self._num_updates is not None:
                steps = math_ops.cast(self._num_updates, decay.dtype)
                decay = math_ops.minimum(decay, (1.0 + steps) / (10.0 + steps))
            updates = []
            for var in var_list:
                shadow = self._averages[var]
                with name_scope(None, "AssignMovingAvg", [shadow, var]):
                    rate = 1.0 - math_ops.cast(decay, var.dtype.base_dtype)
                    delta = (shadow.value() - var.value()) * rate
                    updates.append(state_ops.assign_sub(shadow, delta))
            return control_flow_ops.group(*updates, name=scope)

    def average(self, var):
        """The shadow variable of `var` (None if apply() has not seen it)."""
        return self._averages.get(var)

    def average_name(self, var):
        """`<var>/<name>`: the shadow's name, and its key in checkpoints."""
        return f"{var.op.name}/{self._name}"

    def variables_to_restore(self, moving_avg_variables=None):
        """{checkpoint key: variable} restoring each averaged variable from its shadow's value
        (and every other variable from its own)."""
        graph = get_default_graph()
        if moving_avg_variables is None:
            moving_avg_variables = graph.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES)
            moving_avg_variables += graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        averaged = set(moving_avg_variables)
        shadows = set(self._averages.values())
        result = {}
        for var in graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
            if var in shadows:
                continue
            result[self.average_name(var) if var in averaged else var.op.name] = var
        return result
