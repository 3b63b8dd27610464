"""Conv2D -> bias add -> Relu as one oneDNN convolution with a bias and a ReLU post-op (as
TF's grappler remapper makes _FusedConv2D), and MatMul -> bias add (-> Relu) as one oneDNN
product with a bias (TF's _FusedMatMul): the plan's steps become one where nothing else reads
the product's or the sum's values (their shapes may be read: the output has the same shape).
Whether the fused kernel runs is decided per run (a bias of another shape, float64, a small
product): otherwise the original kernels run, one after the other.

Also, in the gradient: ReluGrad(MaxPoolGrad(r, y, dy), r), where r is a ReLU's output and y
its max pooling, as MaxPoolGrad(r, y, dy * (y > 0)): the gradient goes to each window's argmax,
which is positive exactly where the window's maximum y is, so masking the pooled gradient (a
quarter of the size) does what the ReLU's gradient pass over r did; the bias gradient of such a
layer (a Sum over the leading axes, or BiasAddGrad) then sums the masked pooled gradient, whose
channel totals are the same."""

import numpy as np

from tinytf.runtime import plan as _plan
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
    """(add step, the head's input position there, relu step or None, Shape readers) or None:
    the head a Conv2D (its ReLU required) or a MatMul (its ReLU optional)."""
    head = ops[k]
    if head.type not in ("Conv2D", "MatMul") or head._attrs.get("data_format", "NHWC") != "NHWC":
        return None
    add, head_shapes = _sole_reader(readers, steps[k][2], ops, keep)
    if add is None or add[1] not in _ADDS.get(ops[add[0]].type, ()):
        return None
    if ops[add[0]]._attrs.get("data_format", "NHWC") != "NHWC":
        return None
    relu, add_shapes = _sole_reader(readers, steps[add[0]][2], ops, keep)
    if relu is None or ops[relu[0]].type != "Relu":
        if head.type == "Conv2D":
            return None
        relu, add_shapes = None, ()  # the sum is the fused step's output, read by anyone
    shapes = list(head_shapes) + list(add_shapes)
    if any(s <= add[0] for s, _ in shapes):  # a Shape read before the fused step would run
        return None
    return add, None if relu is None else relu[0], shapes


def _fused_conv(conv_step, add_step, pos, relu_step, attrs):
    conv_fn, add_fn, relu_fn = conv_step[0], add_step[0], relu_step[0]

    def conv_bias_relu(x, f, bias):
        if kernels.conv_bias_relu_usable(x, f, bias):
            return kernels.conv2d_bias_relu(kernels.library(), x, f, bias, **attrs)
        y = conv_fn(x, f)
        return relu_fn(add_fn(y, bias) if pos == 0 else add_fn(bias, y))

    return conv_bias_relu


def _fused_matmul(matmul_step, add_step, pos, relu_step, attrs):
    matmul_fn, add_fn = matmul_step[0], add_step[0]
    relu_fn = relu_step[0] if relu_step is not None else None
    ta, tb = attrs["transpose_a"], attrs["transpose_b"]

    def matmul_bias(a, b, bias):
        if kernels.matmul_bias_usable(a, b, bias, ta, tb):
            return kernels.matmul_bias(
                kernels.library(),
                a,
                b,
                bias,
                transpose_a=ta,
                transpose_b=tb,
                relu=relu_fn is not None,
            )
        y = matmul_fn(a, b)
        y = add_fn(y, bias) if pos == 0 else add_fn(bias, y)
        return y if relu_fn is None else relu_fn(y)

    return matmul_bias


def _fused_step(head, head_step, add_step, pos, relu_step):
    if head.type == "Conv2D":
        attrs = {a: head._attrs[a] for a in ("strides", "padding", "dilations")}
        fn = _fused_conv(head_step, add_step, pos, relu_step, attrs)
    else:
        attrs = {a: head._attrs[a] for a in ("transpose_a", "transpose_b")}
        fn = _fused_matmul(head_step, add_step, pos, relu_step, attrs)
    last = relu_step if relu_step is not None else add_step
    return [fn, list(head_step[1]) + [add_step[1][1 - pos]], last[2], ()]


def rewrite(steps, ops, keep):
    """steps and their ops with each fusable chain made one step (at the add's place)."""
    steps, ops = _relu_pool_grads(steps, ops, keep)
    readers = _readers(steps)
    drop, replace, redirect = set(), {}, {}
    for k in range(len(steps)):
        found = _chain(k, steps, ops, readers, keep) if k not in drop else None
        if found is None:
            continue
        (j, pos), r, shapes = found
        if j in replace:  # the add's other input is a product fused into it already
            continue
        relu_step = steps[r] if r is not None else None
        replace[j] = (_fused_step(ops[k], steps[k], steps[j], pos, relu_step), ops[k])
        drop.update({k} if r is None else {k, r})
        for s, p in shapes:
            redirect[(s, p)] = (relu_step or steps[j])[2]
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


def _relu_pool_grads(steps, ops, keep):
    readers, producer = _plan.slot_readers(steps), _plan.slot_writers(steps)
    steps = list(steps)
    for j, op in enumerate(ops):
        if getattr(op, "type", None) != "ReluGrad":
            continue
        g, r = steps[j][1]
        k = producer.get(g)
        if k is None or ops[k].type != "MaxPoolGrad" or g in keep or len(readers[g]) != 1:
            continue
        pool = ops[k]._attrs
        if steps[k][1][0] != r or pool.get("data_format", "NHWC") != "NHWC":
            continue
        # MaxPoolGrad's slot g now holds the masked pooled gradient (None where it cannot)
        (pool_grad_fn, (_, y, dy), _, _), dx = steps[k], steps[j][2]
        relu_grad_fn = steps[j][0]
        steps[k] = [_pooled_mask(relu_grad_fn), [y, dy], g, ()]
        steps[j] = [_masked_pool_grad(pool_grad_fn, relu_grad_fn), [r, y, dy, g], dx, ()]
        if pool["ksize"][3] == 1 and pool["strides"][3] == 1:  # windows within a channel
            for i in readers.get(dx, ()):
                steps[i] = _bias_sum_of(ops[i], steps[i], dx, g)
    return steps, ops


def _pooled_mask(relu_grad_fn):
    def pooled_mask(y, dy):
        """ReluGrad(dy, y) = dy * (y > 0), or None where the mask does not apply (not
        same-shaped float arrays)."""
        if (
            isinstance(y, np.ndarray)
            and isinstance(dy, np.ndarray)
            and y.shape == dy.shape
            and y.dtype == dy.dtype
            and y.dtype.kind == "f"
        ):  # a NaN maximum is its window's argmax: masked as ReluGrad masks it (NaN > 0 fails)
            return relu_grad_fn(dy, y)
        return None

    return pooled_mask


def _masked_pool_grad(pool_grad_fn, relu_grad_fn):
    def pool_relu_grad(r, y, dy, masked):
        if masked is not None:
            return pool_grad_fn(r, y, masked)
        return relu_grad_fn(pool_grad_fn(r, y, dy), r)

    return pool_relu_grad


def _bias_sum_of(op, step, dx, masked):
    """A bias gradient of the pooled-and-masked gradient `dx` (a Sum over its leading three
    axes, or an NHWC BiasAddGrad) as the same sum over `masked`: the pooling's gradient routes
    each value of `masked` to one place of its window, in the same channel, so each channel's
    total is the same (a quarter of the values to read for 2x2 windows). Other steps as they are."""
    fn, ins = step[0], step[1]
    if op.type == "BiasAddGrad" and op._attrs.get("data_format", "NHWC") == "NHWC":

        def bias_add_grad(x, masked):
            return fn(x if masked is None or np.ndim(x) != 4 else masked)

        return [bias_add_grad, [dx, masked], step[2], ()]
    if op.type == "Sum" and ins[0] == dx:

        def leading_sum(x, axes, masked):
            leading = masked is not None and np.ndim(x) == 4
            if leading and sorted({int(a) % 4 for a in np.ravel(axes)}) == [0, 1, 2]:
                return fn(masked, axes)
            return fn(x, axes)

        return [leading_sum, [dx, ins[1], masked], step[2], ()]
    return step
