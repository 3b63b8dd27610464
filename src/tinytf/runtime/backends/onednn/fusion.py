"""Conv2D -> bias add -> Relu as one oneDNN convolution with a bias and a ReLU post-op (as
TF's grappler remapper makes _FusedConv2D): the plan's three steps become one where nothing
else reads the convolution's or the sum's values (their shapes may be read: the ReLU's output
has the same shape)."""

from tinytf.runtime.backends.onednn import kernels

_ADDS = {"Add": (0, 1), "AddV2": (0, 1), "BiasAdd": (0,)}  # where the convolution may come in


def _readers(steps):
    found = {}
    for k, step in enumerate(steps):
        for pos, slot in enumerate(step[1]):
            found.setdefault(slot, []).append((k, pos))
    return found


def _sole_reader(readers, slot, ops, keep):
    """The one step other than Shape ops that reads `slot`, with the Shape readers."""
    if slot in keep or not isinstance(slot, int):
        return None, ()
    users = readers.get(slot, [])
    others = [u for u in users if ops[u[0]].type != "Shape"]
    shapes = [u for u in users if ops[u[0]].type == "Shape"]
    return (others[0] if len(others) == 1 else None), shapes


def _chain(k, steps, ops, readers, keep):
    """(add step, the conv's input position there, relu step, Shape readers) or None."""
    conv = ops[k]
    if conv.type != "Conv2D" or conv._attrs.get("data_format", "NHWC") != "NHWC":
        return None
    add, conv_shapes = _sole_reader(readers, steps[k][2], ops, keep)
    if add is None or add[1] not in _ADDS.get(ops[add[0]].type, ()):
        return None
    if ops[add[0]]._attrs.get("data_format", "NHWC") != "NHWC":
        return None
    relu, add_shapes = _sole_reader(readers, steps[add[0]][2], ops, keep)
    if relu is None or ops[relu[0]].type != "Relu":
        return None
    shapes = list(conv_shapes) + list(add_shapes)
    if any(s <= add[0] for s, _ in shapes):  # a Shape read before the fused step would run
        return None
    return add, relu[0], shapes


def _fused_step(conv_step, add_step, pos, relu_step, attrs):
    conv_fn, add_fn, relu_fn = conv_step[0], add_step[0], relu_step[0]

    def conv_bias_relu(x, f, bias):
        if kernels.conv_bias_relu_usable(x, f, bias):
            return kernels.conv2d_bias_relu(kernels.library(), x, f, bias, **attrs)
        y = conv_fn(x, f)
        return relu_fn(add_fn(y, bias) if pos == 0 else add_fn(bias, y))

    bias_slot = add_step[1][1 - pos]
    return [conv_bias_relu, list(conv_step[1]) + [bias_slot], relu_step[2], ()]


def rewrite(steps, ops, keep):
    """steps and their ops with each fusable chain made one step (at the add's place)."""
    readers = _readers(steps)
    drop, replace, redirect = set(), {}, {}
    for k in range(len(steps)):
        found = _chain(k, steps, ops, readers, keep) if k not in drop else None
        if found is None:
            continue
        (j, pos), r, shapes = found
        attrs = {a: ops[k]._attrs[a] for a in ("strides", "padding", "dilations")}
        replace[j] = (_fused_step(steps[k], steps[j], pos, steps[r], attrs), ops[k])
        drop.update((k, r))
        for s, p in shapes:
            redirect[(s, p)] = steps[r][2]
    if not replace:
        return steps, ops
    new_steps, new_ops = [], []
    for k, (step, op) in enumerate(zip(steps, ops)):
        if k in drop:
            continue
        step, op = replace.get(k, (step, op))
        ins = [redirect.get((k, p), slot) for p, slot in enumerate(step[1])]
        new_steps.append([step[0], ins, step[2], step[3]])
        new_ops.append(op)
    return new_steps, new_ops
