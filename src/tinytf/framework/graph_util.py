"""Freezing and pruning GraphDefs: extract_sub_graph, convert_variables_to_constants."""

from tinytf.framework import graph_io

_VARIABLE_OPS = ("VariableV2", "Variable")


def _node_name(ref):
    return ref.lstrip("^").partition(":")[0]


def extract_sub_graph(graph_def, dest_nodes):
    """A GraphDef with only the nodes `dest_nodes` need (through data and control inputs)."""
    if isinstance(dest_nodes, str):
        raise TypeError("dest_nodes must be a list.")
    by_name = {n.name: n for n in graph_def.node}
    missing = [d for d in dest_nodes if d not in by_name]
    if missing:
        raise AssertionError(f"{missing[0]} is not in graph")
    keep, stack = set(), list(dest_nodes)
    while stack:
        name = stack.pop()
        if name in keep:
            continue
        keep.add(name)
        stack.extend(_node_name(i) for i in by_name[name].input)
    out = graph_io.protos().GraphDef()
    out.versions.CopyFrom(graph_def.versions)
    out.node.extend(n for n in graph_def.node if n.name in keep)
    return out


def convert_variables_to_constants(
    sess,
    input_graph_def,
    output_node_names,
    variable_names_whitelist=None,
    variable_names_blacklist=None,
):
    """The sub-graph for `output_node_names` with each variable replaced by a Const holding
    its current value in `sess` (a frozen model)."""
    sub = extract_sub_graph(input_graph_def, output_node_names)
    variables = [
        n.name
        for n in sub.node
        if n.op in _VARIABLE_OPS
        and (variable_names_whitelist is None or n.name in variable_names_whitelist)
        and (not variable_names_blacklist or n.name not in variable_names_blacklist)
    ]
    values = dict(zip(variables, sess.run([f"{v}:0" for v in variables]))) if variables else {}
    p = graph_io.protos()
    out = p.GraphDef()
    out.versions.CopyFrom(sub.versions)
    for node in sub.node:
        if node.name in values:
            const = out.node.add(name=node.name, op="Const")
            const.attr["dtype"].CopyFrom(node.attr["dtype"])
            const.attr["value"].CopyFrom(
                p.AttrValue(
                    tensor=graph_io.tensor_proto(
                        values[node.name], graph_io.attr_from_proto(node.attr["dtype"])
                    )
                )
            )
        else:
            out.node.add().CopyFrom(node)
    print(f"Converted {len(values)} variables to const ops.")
    return out


def remove_training_nodes(input_graph, protected_nodes=None):
    return input_graph
