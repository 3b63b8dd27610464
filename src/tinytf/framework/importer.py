"""tf.import_graph_def: GraphDef nodes become ops of the default graph, by their TF type names."""

from tinytf.framework import device as _device
from tinytf.framework import graph_io, lazy_ops
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import REGISTRY, name_scope
from tinytf.framework.ops import Tensor


def import_graph_def(
    graph_def, input_map=None, return_elements=None, name=None, op_dict=None, producer_op_list=None
):
    """Adds the nodes of `graph_def` to the default graph under scope `name` ('import').
    `input_map` replaces tensors by name ('x:0' -> Tensor); returns the `return_elements`."""
    graph = get_default_graph()
    nodes = list(graph_def.node)
    unknown = sorted({n.op for n in nodes if n.op not in REGISTRY})
    if unknown:  # ops whose modules load on first use: load them now
        lazy_ops.load(unknown)
        unknown = [op for op in unknown if op not in REGISTRY]
    if unknown:
        raise ValueError(
            f"tinytf cannot import this GraphDef: it has ops of types tinytf does "
            f"not implement: {', '.join(unknown)} (nodes: "
            f"{', '.join(n.name for n in nodes if n.op in unknown)[:300]})"
        )
    input_map = {_canonical(k): v for k, v in (input_map or {}).items()}
    with name_scope(name, "import", list(input_map.values())) as scope:
        created, back_edges = {}, []
        for node in _topological(nodes):
            created[node.name] = _create(graph, node, scope, created, input_map, back_edges)
        for op, index, ref in back_edges:  # a while loop's Merge gets its NextIteration
            op_name, k = _split(ref)
            op._update_input(index, created[op_name].outputs[k])
        for node in nodes:
            controls = [created[i[1:]] for i in node.input if i.startswith("^")]
            created[node.name]._add_control_inputs(controls)
    if return_elements is None:
        return None
    return [_element(created, e) for e in return_elements]


def _canonical(name):
    name = name.name if isinstance(name, Tensor) else name
    return name if ":" in name else f"{name}:0"


def _split(ref):
    op, _, index = ref.partition(":")
    return op, int(index or 0)


def _topological(nodes):
    by_name = {n.name: n for n in nodes}
    order, state = [], {}
    for root in nodes:
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                state[node.name] = 2
                order.append(node)
                continue
            if state.get(node.name):
                continue
            state[node.name] = 1
            stack.append((node, True))
            for ref in node.input:
                dep = by_name.get(_split(ref.lstrip("^"))[0])
                if dep is None:
                    raise ValueError(f"Node '{node.name}': input '{ref}' is not in the GraphDef")
                if _is_back_edge(node, dep):
                    continue
                if not state.get(dep.name):
                    stack.append((dep, False))
    return order


_NEXT_ITERATIONS = ("NextIteration", "RefNextIteration")


def _is_back_edge(node, dep):
    """A while loop's cycle is cut at its Merge's input from NextIteration."""
    return node.op in ("Merge", "RefMerge") and dep.op in _NEXT_ITERATIONS


def _create(graph, node, scope, created, input_map, back_edges):
    opdef = REGISTRY[node.op]
    inputs, later = [], []
    for ref in node.input:
        if ref.startswith("^"):
            continue
        mapped = input_map.get(_canonical(ref))
        if mapped is not None:
            inputs.append(mapped)
            continue
        op_name, index = _split(ref)
        if op_name not in created:  # a back edge: the Merge's first input stands in for now
            later.append((len(inputs), ref))
            inputs.append(None)
            continue
        inputs.append(created[op_name].outputs[index])
    inputs = [inputs[0] if t is None else t for t in inputs]
    attrs = dict(opdef.attrs)
    for key, value in node.attr.items():
        if key in attrs:
            attrs[key] = graph_io.attr_from_proto(value)
    attrs = {k: tuple(v) if isinstance(v, list) else v for k, v in attrs.items()}
    full = f"{scope}{node.name}"
    if graph.unique_name(node.name) != full:  # unique_name prefixes the current scope
        raise ValueError(f"Duplicate node name in the GraphDef: '{node.name}'")
    op = graph._create_op(opdef, inputs, attrs, f"{full}/")
    back_edges.extend((op, index, ref) for index, ref in later)
    if node.device:
        op._set_device(_device.merge_under(node.device, op.device))
    if "_class" in node.attr:
        op._colocation = [s.replace(b"loc:@", f"loc:@{scope}".encode(), 1)
                          for s in node.attr["_class"].list.s]
    return op


def _element(created, name):
    op_name, _, index = name.partition(":")
    if op_name not in created:
        raise ValueError(f"Requested return_element {name!r} not found in graph_def.")
    op = created[op_name]
    return op.outputs[int(index)] if index else op
