"""tf.saved_model.main_op: the op a SavedModel's loader runs after restoring the variables."""


def main_op():
    """One op initializing the global and local variables and the tables (TF's group_deps)."""
    from tinytf.ops.control_flow_ops import group
    from tinytf.ops.init_ops import tables_initializer
    from tinytf.ops.variables import global_variables_initializer, local_variables_initializer

    return group(
        global_variables_initializer(), local_variables_initializer(), tables_initializer()
    )


def main_op_with_restore(restore_op_name):
    """main_op(), then `restore_op_name` (an op, despite the name, as in TF): one op."""
    from tinytf.framework.graph import get_default_graph
    from tinytf.ops.control_flow_ops import group

    with get_default_graph().control_dependencies([main_op()]):
        return group(restore_op_name)
