"""tf.graph_util's placement helpers over NodeDefs and Operations."""

from tinytf.framework import dtypes as D

# ops that must stay with their variables when pin_variables_on_cpu (TF's _VARIABLE_OPS)
_VARIABLE_OPS = frozenset(
    {
        "Assign",
        "AssignAdd",
        "AssignSub",
        "Queue",
        "ScatterAdd",
        "ScatterSub",
        "ScatterUpdate",
        "TruncatedNormal",
        "Variable",
        "VariableV2",
    }
)
# op type -> (attr, dtypes): the kernels TF 1.15 has only on CPU for those dtypes
_CPU_ONLY = {
    "Const": ("dtype", (D.string, D.int32)),
    "DynamicStitch": ("T", (D.int32,)),
    "ParallelDynamicStitch": ("T", (D.int32,)),
    "Cast": ("SrcT", (D.int32,)),
}


def must_run_on_cpu(node, pin_variables_on_cpu=False):
    """Whether `node` (an Operation or NodeDef) must run on CPU: int32/string constants, int32
    DynamicStitch and Cast, and with pin_variables_on_cpu the variable ops."""
    from tinytf.framework.ops import Operation

    if isinstance(node, Operation):
        node = node.node_def
    elif type(node).__name__ != "NodeDef":
        raise AssertionError(f"Expected an Operation or NodeDef, got {type(node).__name__}")
    if pin_variables_on_cpu and node.op in _VARIABLE_OPS:
        return True
    if node.op in _CPU_ONLY:
        attr, dtypes = _CPU_ONLY[node.op]
        return node.attr[attr].type in {d.as_datatype_enum for d in dtypes}
    return False


def tensor_shape_from_node_def_name(graph, input_name):
    """The static shape of the tensor a NodeDef input string names ('Mul' meaning 'Mul:0')."""
    name = input_name if ":" in input_name else f"{input_name}:0"
    return graph.get_tensor_by_name(name).get_shape()
