"""A dataset reduced to tensors in the graph: Dataset.reduce (TF op ReduceDataset) and
tf.data.experimental.get_single_element (DatasetToSingleElement). Like MakeIterator, each op
takes the tensors its dataset captured as inputs and goes through the dataset when it runs.

    total = tf.data.Dataset.range(5).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)  # 10
"""

from tinytf.data import structure as st
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    register_op,
)

_END = object()


def _dataset_inputs(dataset):
    """The op inputs standing for `dataset`: its captured tensors (or an empty string)."""
    from tinytf.ops.array_ops import constant

    tensors = st.tensors_in(tuple(dataset._captures))
    return tensors, (tensors or [constant(b"", name="dataset")])


def _elements(op, inputs):
    dataset, tensors = op._dataset, op._captured
    return dataset._make(dict(zip(map(id, tensors), inputs)))


def _close(iterator):
    close = getattr(iterator, "close", None)
    if close is not None:
        close()  # stops the prefetch and map threads of the pipeline now


class _DatasetOp(OpDef):
    type_inputs = ()
    stateful = True
    list_output = True

    @staticmethod
    def specs(output_types, output_shapes):
        return [TensorSpec(s, t) for t, s in zip(output_types, output_shapes)]


@register_op
class DatasetToSingleElement(_DatasetOp):
    """The only element of the dataset (InvalidArgumentError if it has none or more)."""

    inputs = ("dataset*",)
    attrs = {"output_types": None, "output_shapes": None}

    def infer(*dataset, output_types, output_shapes):
        return DatasetToSingleElement.specs(output_types, output_shapes)

    def kernel(xp, *dataset, ctx, op, output_types, output_shapes):
        elements = _elements(op, dataset)
        try:
            element = next(elements, _END)
            if element is _END:
                raise InvalidArgumentError(None, None, "Dataset was empty.")
            if next(elements, _END) is not _END:
                raise InvalidArgumentError(None, None, "Dataset had more than one element.")
        finally:
            _close(elements)
        return [xp.asarray(c) for c in st.parts(st.flat(element))]


@register_op
class ReduceDataset(_DatasetOp):
    """The state after the (traced) reduce function ran on each element of the dataset."""

    inputs = ("input_dataset*", "initial_state*")
    attrs = {"Tstate": None, "output_types": None, "output_shapes": None}

    def infer(*inputs, Tstate, output_types, output_shapes):  # noqa: N803 - TF's attr
        return ReduceDataset.specs(output_types, output_shapes)

    def kernel(xp, *inputs, ctx, op, Tstate, output_types, output_shapes):  # noqa: N803
        n = len(Tstate)
        run, state_spec = op._reduce
        state = st.pack_like(state_spec, list(inputs[len(inputs) - n :]))
        elements = _elements(op, inputs[: len(inputs) - n])
        try:
            for element in elements:
                new = run((state, element))
                if len(st.flat(new)) != n:
                    raise InvalidArgumentError(
                        None,
                        None,
                        "The number of components of the initial state and the reduce function "
                        f"output does not match. (initial_state={n}, output={len(st.flat(new))}).",
                    )
                state = st.pack_like(state_spec, st.flat(new))
        finally:
            _close(elements)
        return [xp.asarray(c) for c in st.flat(state)]


NotDifferentiable("DatasetToSingleElement")
NotDifferentiable("ReduceDataset")


def _attach(op, dataset, tensors):
    op._dataset, op._captured = dataset, tensors


def get_single_element(dataset):
    """The only element of `dataset` as a nested structure of tensors (InvalidArgumentError
    when it runs on a dataset of no element or of more than one)."""
    from tinytf.data.dataset_ops import Dataset

    if not isinstance(dataset, Dataset):
        raise TypeError("`dataset` must be a `tf.data.Dataset` object.")
    tensors, inputs = _dataset_inputs(dataset)
    flat = st.op_specs(dataset._spec)
    outputs = DatasetToSingleElement.apply(
        inputs, output_types=[t for t, _ in flat], output_shapes=[s for _, s in flat]
    )
    _attach(outputs[0].op, dataset, tensors)
    return st.from_parts(dataset._spec, outputs, host=False)


def _same_shape(a, b):
    return a.ndims == b.ndims and (a.ndims is None or a.as_list() == b.as_list())


def _traced_reduce(reduce_func, state_spec, element_spec):
    """(run, state spec) of reduce_func, its state's shapes relaxed until they are stable (TF
    traces again with the most specific shapes compatible with both)."""
    from tinytf.data.tracing import traced

    while True:
        run, out_spec = traced(reduce_func, (state_spec, element_spec))
        ours, theirs = st.flat(state_spec), st.flat(out_spec)
        if len(ours) != len(theirs):
            return run, state_spec  # the kernel gives TF's error
        if [s.dtype for s in ours] != [s.dtype for s in theirs]:
            expected = st.map_structure(lambda s: s.dtype, state_spec)
            got = st.map_structure(lambda s: s.dtype, out_spec)
            raise TypeError(
                "The element types for the new state must match the initial state. Expected "
                f"{expected}; got {got}."
            )
        relaxed = [a.shape.most_specific_compatible_shape(b.shape) for a, b in zip(ours, theirs)]
        if all(_same_shape(r, a.shape) for r, a in zip(relaxed, ours)):
            return run, state_spec
        state_spec = st.pack_like(
            state_spec, [st.Spec(a.dtype, r) for a, r in zip(ours, relaxed)]
        )


def reduce(dataset, initial_state, reduce_func):
    """Dataset.reduce: the final state of reduce_func(state, element) over the elements."""
    state = st.map_structure(convert_to_tensor, st.tuples(initial_state))
    state_spec = st.map_structure(lambda t: st.Spec(t.dtype.base_dtype, t.shape), state)
    run, state_spec = _traced_reduce(reduce_func, state_spec, dataset._spec)
    tensors, inputs = _dataset_inputs(dataset)
    flat = st.flat(state_spec)
    outputs = ReduceDataset.apply(
        inputs,
        st.flat(state),
        Tstate=[s.dtype for s in flat],
        output_types=[s.dtype for s in flat],
        output_shapes=[s.shape for s in flat],
    )
    op = outputs[0].op
    _attach(op, dataset, tensors)
    op._reduce = (run, state_spec)
    return st.pack_like(state_spec, outputs)
