"""tf.contrib.slim.model_analyzer: the sizes of a graph's op outputs and of variables."""


def tensor_description(var):
    """'(dtype d1xd2x...)' of a tensor or variable."""
    sizes = var.get_shape()
    return "(" + var.dtype.name + " " + "x".join(str(s) for s in sizes) + ")"


def analyze_ops(graph, print_info=False):
    """The total number of elements of the ops' outputs (printed per op with print_info)."""
    if print_info:
        print("---------\nOperations: name -> (type shapes) [size]\n---------")
    total_size = 0
    for op in graph.get_operations():
        op_size, shapes = 0, []
        for output in op.outputs:
            if output.get_shape():
                shapes.append(tensor_description(output))
            op_size += output.get_shape().num_elements() or 0
        if print_info:
            print(op.name, "\t->", ", ".join(shapes), "[" + str(op_size) + "]")
        total_size += op_size
    return total_size


def analyze_vars(variables, print_info=False):
    """(total elements, total bytes) of `variables` (printed per variable with print_info)."""
    if print_info:
        print("---------\nVariables: name (type shape) [size]\n---------")
    total_size = total_bytes = 0
    for var in variables:
        var_size = var.get_shape().num_elements() or 0
        var_bytes = var_size * var.dtype.size
        total_size += var_size
        total_bytes += var_bytes
        if print_info:
            print(var.name, tensor_description(var), f"[{var_size}, bytes: {var_bytes}]")
    if print_info:
        print(f"Total size of variables: {total_size}")
        print(f"Total bytes of variables: {total_bytes}")
    return total_size, total_bytes
