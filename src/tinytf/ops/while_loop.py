"""tf.while_loop, built as TF 1.x builds it: each loop variable enters the loop's frame (Enter),
meets its value from the previous iteration (Merge), is routed by the loop's predicate
(LoopCond -> Switch) into the body (Identity) or out of the loop (Exit), and the body's result
goes back to the Merge (NextIteration). Values from outside the loop that the body or the
predicate use enter once as constants (Enter, is_constant=True).

    i, acc = tf.while_loop(lambda i, acc: i < 10, lambda i, acc: (i + 1, acc * 2.0), [0, 1.0])

The executor runs a frame as one compiled unit (runtime/frames.py); tf.gradients differentiates
a loop as a whole (ops/while_grad.py), keeping the forward values it needs on stacks.
"""

from tinytf.framework import dtypes as D
from tinytf.framework import tensor_shape
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.ops import Operation, Tensor
from tinytf.ops import array_ops, frame_ops
from tinytf.ops import cond as cond_ops
from tinytf.util import nest

WHILE_CONTEXT = "while_context"  # TF's GraphKeys.WHILE_CONTEXT


class WhileContext:
    """The loop being built: which ops are inside it, how outside values enter it, its frame ops.
    Installed as the graph's control-flow context (graph._cond_context) while the predicate and
    the body are built; nested loops and tf.cond branches chain through `outer`."""

    def __init__(self, parallel_iterations, back_prop, swap_memory, maximum_iterations, outer):
        graph = get_default_graph()
        self.name = graph.unique_name("while_context")  # the frame name, e.g. while/while_context
        self.parallel_iterations, self.back_prop = parallel_iterations, back_prop
        self.swap_memory, self.maximum_iterations = swap_memory, maximum_iterations
        self.outer = outer
        self.created = set()
        self._entered = {}
        self.pivot_for_pred = self.pivot_for_body = None
        self.loop_cond = None
        self.enters, self.merges, self.switches = [], [], []
        self.identities, self.next_iterations, self.exits = [], [], []
        self.grad_state = None  # ops/while_grad.py: the forward count and stacks, made once
        graph._while_contexts.append(self)

    enforce_shape_invariant = True  # a gradient's loop knows its shapes from the forward one

    # -- the graph's control-flow context protocol ------------------------------------------
    def control_pivot(self):
        return self.pivot_for_body if self.pivot_for_body is not None else self.pivot_for_pred

    def enter(self, t, ref=False):
        """The loop's version of tensor `t` (entered once, as a constant, if from outside)."""
        if t.op in self.created:
            return t
        key = (t, ref)
        if key not in self._entered:
            if self.outer is not None:
                t = self.outer.enter(t)
            with t.graph.control_dependencies(None):  # TF: no context, no control inputs
                enter = _enter(t, self, is_constant=True, ref=ref)
            register(self, enter.op)
            self._entered[key] = enter
        return self._entered[key]

    def process(self, opdef, inputs):
        """The inputs an op created in the loop gets (outside values entered); whether it needs
        the control pivot (it has no input that varies in the loop)."""
        refs = opdef.ref_inputs
        inputs = [self.enter(t, ref=(i in refs or t.dtype._is_ref)) for i, t in enumerate(inputs)]
        free = all(_is_constant_enter(t.op) for t in inputs)
        return inputs, free

    def created_op(self, op, free):
        register(self, op)
        external = [c for c in op._control_inputs if c not in self.created]
        for c in external:
            op._remove_control_input(c)
        if free and not op._control_inputs and self.control_pivot() is not None:
            op._add_control_input(self.control_pivot())
        if external:
            # as TF: an outside control input becomes an identity of its output, entered into
            # the loop (outside ops without outputs are dropped)
            graph = op.graph
            with graph.control_dependencies(None):  # (restores the context it clears)
                graph._cond_context = self
                pulled = [array_ops.identity(c.outputs[0]).op for c in external if c.outputs]
            op._add_control_inputs(pulled)

    # -- building -------------------------------------------------------------------------
    def build(self, cond, body, loop_vars, shape_invariants, return_same_structure):
        """The loop's exits, packed like the body's result."""
        graph = get_default_graph()
        flat_templates = nest.flatten(loop_vars)
        given = nest.flatten(shape_invariants) if shape_invariants is not None else None
        flat, invariants = [], []
        for k, v in enumerate(flat_templates):
            parts = _loop_tensors(v)
            flat += parts
            invariants += _invariants(v, parts, None if given is None else given[k])
        real = [self.outer.enter(t) if self.outer is not None else t for t in flat]
        with graph.control_dependencies(None):
            self.enters = [_enter(t, self, is_constant=False, ref=False) for t in real]
        for e in self.enters:
            register(self, e.op)
        outer_pivot = _outer_pivot(self.outer)
        if outer_pivot is not None:
            for e in self.enters:
                if _is_constant_enter(e.op._inputs[0].op):
                    e.op._add_control_input(outer_pivot)
        _set_shape_invariants(real, self.enters, invariants, shape_invariants is not None)
        saved, graph._cond_context = graph._cond_context, self
        try:
            return self._build_inside(cond, body, loop_vars, flat_templates, return_same_structure)
        finally:
            graph._cond_context = saved

    def _build_inside(self, cond, body, loop_vars, flat_templates, return_same_structure):
        self.merges = [cond_ops.merge([e, e])[0] for e in self.enters]
        for m in self.merges:
            register(self, m.op)
        self.pivot_for_pred = self.merges[0].op
        packed = nest.pack_sequence_as(loop_vars, _as_loop_values(flat_templates, self.merges))
        c = convert_to_tensor(cond(*packed))
        self.loop_cond = frame_ops.LoopCond.apply(c, name="LoopCond")
        self.switches = [cond_ops.switch(m, self.loop_cond) for m in self.merges]
        self.identities = [array_ops.identity(s[1]) for s in self.switches]
        self.pivot_for_body = self.identities[0].op
        packed = nest.pack_sequence_as(loop_vars, _as_loop_values(flat_templates, self.identities))
        result = body(*packed)
        if not nest.is_nested(result):
            result = [result]
        nest.assert_same_structure(list(packed), list(result))
        body_result = result
        flat_result = [t for v in nest.flatten(result) for t in _loop_tensors(v)]
        if len(flat_result) != len(self.merges):
            raise ValueError(
                "Number of inputs and outputs of body must match loop_vars: "
                f"{len(self.merges)}, {len(flat_result)}"
            )
        for m, v in zip(self.merges, flat_result):
            nxt = _next_and_back_edge(m, convert_to_tensor(v), self.enforce_shape_invariant)
            self.next_iterations.append(nxt)
        self.exits = [frame_ops.Exit.apply(s[0], name="Exit") for s in self.switches]
        for x in self.exits:  # an Exit's output is in the outer frame
            self.created.discard(x.op)
        exits = nest.pack_sequence_as(
            body_result, _as_loop_values(nest.flatten(body_result), self.exits)
        )
        if return_same_structure:
            return exits
        return exits[0] if len(self.exits) == 1 else exits


def register(context, op):
    """Marks `op` as inside `context` and every context around it."""
    while context is not None:
        context.created.add(op)
        context = context.outer


def while_parent(context):
    """The while loop around `context` (skipping tf.cond branches), or None."""
    context = context.outer
    while context is not None and not isinstance(context, WhileContext):
        context = context.outer
    return context


def _enter(t, ctx, is_constant, ref):
    opdef = frame_ops.RefEnter if ref else frame_ops.Enter
    return opdef.apply(
        t,
        name="Enter",
        frame_name=ctx.name,
        is_constant=is_constant,
        parallel_iterations=ctx.parallel_iterations,
    )


def _is_constant_enter(op):
    return op.type in ("Enter", "RefEnter") and op._attrs["is_constant"]


def _outer_pivot(context):
    while context is not None:
        pivot = context.control_pivot() if hasattr(context, "control_pivot") else context.pivot
        if pivot is not None:
            return pivot
        context = context.outer
    return None


def _tensor_array_class():
    try:
        from tinytf.ops.tensor_array import TensorArray
    except ImportError:  # pragma: no cover - while the TensorArray module is absent
        return ()
    return TensorArray


def _loop_tensors(value):
    """The tensors that flow around the loop for one loop variable: a TensorArray's flow, a
    SparseTensor's indices, values and dense_shape, or the value as a tensor."""
    from tinytf.ops.sparse_ops import SparseTensor

    if isinstance(value, _tensor_array_class()):
        return [value.flow]
    if isinstance(value, SparseTensor):
        return [value.indices, value.values, value.dense_shape]
    return [convert_to_tensor(value)]


def _invariants(value, parts, given):
    """The shape invariants of one loop variable's tensors (a SparseTensor's: any number of
    entries, of its rank)."""
    if len(parts) == 3:
        rank = parts[2].shape.dims[0].value if given is None else given.ndims
        return [
            tensor_shape.TensorShape([None, rank]),
            tensor_shape.TensorShape([None]),
            tensor_shape.TensorShape([rank]),
        ]
    return [parts[0].shape if given is None else tensor_shape.as_shape(given)]


def _as_loop_values(templates, tensors):
    """The loop variables again from their tensors (TensorArrays and SparseTensors rebuilt)."""
    from tinytf.ops.sparse_ops import SparseTensor

    ta, tensors, out = _tensor_array_class(), iter(tensors), []
    for tpl in templates:
        if ta and isinstance(tpl, ta):
            from tinytf.ops.tensor_array import build_ta_with_new_flow

            out.append(build_ta_with_new_flow(tpl, next(tensors)))
        elif isinstance(tpl, SparseTensor):
            out.append(SparseTensor(next(tensors), next(tensors), next(tensors)))
        else:
            out.append(next(tensors))
    return out


def _shape_less_or_equal(shape1, shape2):
    if shape2.dims is None:
        return True
    if shape1.ndims != shape2.ndims:
        return False
    return all(d2.value is None or d1.value == d2.value for d1, d2 in zip(shape1.dims, shape2.dims))


def _set_shape_invariants(inputs, enters, invariants, given):
    for inp, enter, shape in zip(inputs, enters, invariants):
        if not _shape_less_or_equal(inp.shape, shape):
            raise ValueError(
                f"The shape invariant specified for {inp.name} is not compatible with the "
                "initial shape of the loop variable. It enters the loop with shape "
                f"{inp.shape}, but the specified shape invariant is {shape}."
            )
        if given or not shape.is_fully_defined():
            enter._shape = shape


def _next_and_back_edge(merge, value, enforce_shape_invariant):
    nxt = frame_ops.NextIteration.apply(value, name="NextIteration")
    if enforce_shape_invariant and not _shape_less_or_equal(nxt.shape, merge.shape):
        source = merge.op._inputs[0].op._inputs[0]
        raise ValueError(
            f"Input tensor '{source.name}' enters the loop with shape {source.shape}, but has "
            f"shape {nxt.shape} after one iteration. To allow the shape to vary across "
            "iterations, use the `shape_invariants` argument of tf.while_loop to specify a "
            "less-specific shape."
        )
    merge.op._update_input(1, nxt)
    return nxt


def while_loop(
    cond,
    body,
    loop_vars,
    shape_invariants=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    name=None,
    maximum_iterations=None,
    return_same_structure=False,
):
    """Repeats `body` while `cond` is true, in the graph: the loop variables' final values.
    `loop_vars` is a list or tuple of tensors (or nested structures, TensorArrays); cond and
    body take them as arguments, body returns their next values in the same structure."""
    with name_scope(name, "while", _graph_values(loop_vars)):
        if not loop_vars:
            raise ValueError("No loop variables provided")
        if not callable(cond):
            raise TypeError("cond must be callable.")
        if not callable(body):
            raise TypeError("body must be callable.")
        if parallel_iterations < 1:
            raise TypeError("parallel_iterations must be a positive integer.")
        try_to_pack = len(loop_vars) == 1 and not return_same_structure
        if maximum_iterations is not None:
            cond, body, loop_vars, shape_invariants = _counted(
                cond, body, loop_vars, shape_invariants, maximum_iterations, try_to_pack
            )
        if shape_invariants is not None:
            nest.assert_same_structure(loop_vars, shape_invariants)
        graph = get_default_graph()
        context = WhileContext(
            parallel_iterations, back_prop, swap_memory, maximum_iterations, graph._cond_context
        )
        if context.outer is None:
            graph.add_to_collection(WHILE_CONTEXT, context)
        result = context.build(cond, body, loop_vars, shape_invariants, return_same_structure)
        if maximum_iterations is not None:
            return result[1]
        return result


def _graph_values(loop_vars):
    return [v for v in nest.flatten(loop_vars) if isinstance(v, (Tensor, Operation))]


def _counted(cond, body, loop_vars, shape_invariants, maximum_iterations, try_to_pack):
    """TF's maximum_iterations: a counter as the first loop variable, and a predicate that also
    stops when it reaches the limit."""
    from tinytf.ops import math_ops
    from tinytf.ops.constant_op import constant

    limit = convert_to_tensor(maximum_iterations, name="maximum_iterations")
    if limit.shape.ndims != 0:
        raise ValueError(f"maximum_iterations must be a scalar, saw shape: {limit.shape}")
    if limit.dtype.base_dtype not in (D.int32, D.int64):
        raise InvalidArgumentError(
            None, None, f"maximum_iterations must be int32 or int64, not {limit.dtype.name}"
        )
    counter = constant(0, dtype=limit.dtype, name="iteration_counter")
    orig_cond, orig_body = cond, body
    if try_to_pack:
        loop_vars = (counter, loop_vars[0])

        def cond(i, lv):
            return math_ops.logical_and(i < limit, orig_cond(lv))

        def body(i, lv):
            return (i + 1, orig_body(lv))

    else:
        loop_vars = (counter, loop_vars)

        def cond(i, lv):
            return math_ops.logical_and(i < limit, orig_cond(*lv))

        def body(i, lv):
            return (i + 1, orig_body(*lv))

    if shape_invariants is not None:
        shape_invariants = (tensor_shape.TensorShape([]), shape_invariants)
    return cond, body, loop_vars, shape_invariants
