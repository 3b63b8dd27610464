"""Sums of matrix products as one product: sum_i a_i b_i = [a_1 .. a_k] [b_1; ..; b_k], the
operands concatenated along the contracted axis. A weight's gradient is such a sum wherever the
weight is used more than once: TF's graph adds k thin products (an RNN's kernel, used once per
time step: k GEMMs with 20 contracted rows each, and k passes over the 320K-float sum), which
cost several times the one fat GEMM of the same multiply-adds (measured in the LSTM LM step).

Two plan rewrites, both exact up to the order of float additions:
- `rewrite(steps, ops, keep)`: an AddN whose inputs are MatMuls read by nothing else (the
  unrolled RNN's `static_rnn` gradients) becomes one step;
- `defer_accumulators(...)`: a gradient loop's accumulator `acc + matmul(a, b)` (ops/while_grad.py:
  the weight gradient of `dynamic_rnn`) collects a and b each iteration and adds their one
  product when the loop exits.
Each is decided again per run: operands of other shapes, or concatenations that would copy more
than the sum reads, take the original kernels.
"""

from tinytf.runtime import plan as _plan

_CONTRACTED = {  # (transpose_a, transpose_b) -> the axes of a and b that are summed over
    (False, False): (1, 0),
    (True, False): (0, 0),
    (False, True): (1, 1),
    (True, True): (0, 1),
}


def _product_shape(a, b, axes):
    """The shape of the product of 2-D a and b (contracted along `axes`), or None."""
    if getattr(a, "ndim", 0) != 2 or getattr(b, "ndim", 0) != 2 or a.dtype != b.dtype:
        return None
    ca, cb = axes
    if a.shape[ca] != b.shape[cb]:
        return None
    return (a.shape[1 - ca], b.shape[1 - cb])


def _one_product(xp, matmul_fn, axes, pairs):
    """sum of matmul_fn(a, b) over pairs (of one product shape and dtype), as one product."""
    if len(pairs) == 1:
        return matmul_fn(*pairs[0])
    a = xp.concatenate([p[0] for p in pairs], axis=axes[0])
    b = xp.concatenate([p[1] for p in pairs], axis=axes[1])
    return matmul_fn(a, b)


def _pays(pairs, shape):
    """Whether copying the operands costs less than reading every product once."""
    copied = sum(a.size + b.size for a, b in pairs)
    return copied < len(pairs) * shape[0] * shape[1]


# -- AddN of MatMuls -----------------------------------------------------------------------------


def _attrs(op):
    return (op._attrs["transpose_a"], op._attrs["transpose_b"])


def rewrite(steps, ops, keep, xp):
    """steps and ops with each AddN of two or more same-form MatMuls (read by nothing else)
    made one step at the AddN's place."""
    readers, producer = _plan.slot_readers(steps), _plan.slot_writers(steps)
    drop, replace = set(), {}
    for j, op in enumerate(ops):
        if getattr(op, "type", None) != "AddN" or len(steps[j][1]) < 2:
            continue
        heads = {}
        for slot in steps[j][1]:
            k = producer.get(slot)
            if (
                k is not None
                and ops[k].type == "MatMul"
                and slot not in keep
                and readers.get(slot) == [j]
                and steps[j][1].count(slot) == 1
            ):
                heads.setdefault(_attrs(ops[k]), []).append(k)
        form, products = max(heads.items(), key=lambda kv: len(kv[1]), default=(None, []))
        if len(products) < 2:
            continue
        fused = set(products)
        rest = [s for s in steps[j][1] if producer.get(s) not in fused]
        ins = [i for k in products for i in steps[k][1]] + rest
        fn = _summed(xp, [steps[k][0] for k in products], steps[j][0], _CONTRACTED[form])
        replace[j] = [fn, ins, steps[j][2], ()]
        drop.update(fused)
    if not replace:
        return steps, ops
    kept = [k for k in range(len(steps)) if k not in drop]
    return [replace.get(k, steps[k]) for k in kept], [ops[k] for k in kept]


def _summed(xp, matmul_fns, addn_fn, axes):
    n = len(matmul_fns)

    def addn_of_products(*args):
        pairs = [(args[2 * i], args[2 * i + 1]) for i in range(n)]
        rest = args[2 * n :]
        shapes = {_product_shape(a, b, axes) for a, b in pairs}
        shape = shapes.pop() if len(shapes) == 1 else None
        if shape is None or not _pays(pairs, shape):
            products = [fn(a, b) for fn, (a, b) in zip(matmul_fns, pairs)]
            return addn_fn(*products, *rest)
        total = _one_product(xp, matmul_fns[0], axes, pairs)
        return addn_fn(total, *rest) if rest else total

    return addn_of_products


# -- a gradient loop's accumulators --------------------------------------------------------------


def defer_accumulators(steps, ops, init, true_slots, moves, xp, first=0):
    """In a loop body's steps: each accumulator `acc + matmul(a, b)` whose acc comes through
    an Identity of its loop variable (read by nothing else) becomes a step that keeps (a, b)
    in a list slot of its own (steps before `first`, the predicate's, stay). Returns (steps,
    ops, deferred): deferred holds per accumulator (merge slot, list slot, finish, its op),
    finish(acc, pairs) giving the accumulator's exit value."""
    readers, producer = _plan.slot_readers(steps), _plan.slot_writers(steps)
    merge_of_true = dict(true_slots)
    merge_of_next = {n: m for m, n in moves}
    deferred, drop, replace = [], set(), {}
    for j, op in enumerate(ops):
        if not getattr(op, "_accumulates", False) or len(steps[j][1]) != 2:
            continue
        acc_slot, g_slot = steps[j][1]
        h, k = producer.get(acc_slot), producer.get(g_slot)
        if h is None or k is None or min(h, k) < first:
            continue
        if not all(isinstance(steps[x][2], int) for x in (h, j, k)):
            continue  # a step that may see a dead tensor (a tf.cond in the body) stays as it is
        if ops[h].type != "Identity" or ops[k].type != "MatMul":
            continue
        true_slot = steps[h][1][0]
        merge = merge_of_true.get(true_slot)
        out = steps[j][2]
        if (
            merge is None
            or merge_of_next.get(out) != merge
            or merge in readers
            or readers.get(true_slot) != [h]
            or readers.get(acc_slot) != [j]
            or readers.get(g_slot) != [j]
            or out in readers
        ):
            continue
        pairs_slot = len(init)
        init.append(None)
        matmul_fn, add_fn = steps[k][0], steps[j][0]
        replace[j] = [
            _collect(matmul_fn, add_fn, _CONTRACTED[_attrs(ops[k])]),
            [acc_slot, pairs_slot] + list(steps[k][1]),
            out,
            (),
        ]
        drop.add(k)
        finish = _finish(xp, matmul_fn, add_fn, _CONTRACTED[_attrs(ops[k])])
        deferred.append((merge, pairs_slot, finish, op))
    if not deferred:
        return steps, ops, deferred
    kept = [k for k in range(len(steps)) if k not in drop]
    return [replace.get(k, steps[k]) for k in kept], [ops[k] for k in kept], deferred


def _collect(matmul_fn, add_fn, axes):
    def collect(acc, pairs, a, b):
        shape = _product_shape(a, b, axes)
        if shape is None or getattr(acc, "shape", None) != shape or acc.dtype != a.dtype:
            return add_fn(acc, matmul_fn(a, b))  # not one product shape: add it now
        pairs.append((a, b))
        return acc

    return collect


def _finish(xp, matmul_fn, add_fn, axes):
    def finish(acc, pairs):
        if not pairs:
            return acc
        shape = acc.shape
        if not _pays(pairs, shape):
            for a, b in pairs:
                acc = add_fn(acc, matmul_fn(a, b))
            return acc
        return add_fn(acc, _one_product(xp, matmul_fn, axes, pairs))

    return finish
