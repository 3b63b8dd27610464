"""tf.data.Iterator and its ops. An iterator is a handle (IteratorV2 / OneShotIterator: a
scalar naming the iterator); MakeIterator (the initializer) takes the values of the tensors its
dataset captured and starts the iterator over in the Session's ctx; IteratorGetNext pulls the
next element; IteratorToStringHandle / IteratorFromStringHandleV2 make the feedable iterator."""

import itertools
import threading

import numpy as np

from tinytf.data import structure as st
from tinytf.framework import dtypes
from tinytf.framework.errors import (
    FailedPreconditionError,
    InvalidArgumentError,
    OutOfRangeError,
    UnimplementedError,
)
from tinytf.framework.op_def import OpDef, TensorSpec, register_op
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape

_NOT_INITIALIZED = (
    "GetNext() failed because the iterator has not been initialized. Ensure that you have run "
    "the initializer operation for this iterator before getting the next element."
)


class _Live:
    """One started iterator of one Session: next() from several threads, one at a time."""

    def __init__(self, iterator):
        self.iterator, self.lock = iterator, threading.Lock()

    def next(self):
        with self.lock:
            return next(self.iterator, _END)

    def close(self):
        close = getattr(self.iterator, "close", None)
        if close is not None:
            with self.lock:
                close()


_END = object()
_STARTING = threading.Lock()


def _start(ctx, key, dataset, env):
    old = ctx.iterators.pop(key, None)
    if old is not None:
        old.close()  # stops its prefetch and map threads now
    ctx.iterators[key] = _Live(dataset._make(env))


class _HandleOp(OpDef):
    attrs = {"shared_name": "", "container": "", "output_types": None, "output_shapes": None}
    stateful = True

    def infer(*, shared_name, container, output_types, output_shapes):
        return TensorSpec([], dtypes.resource)


@register_op
class IteratorV2(_HandleOp):
    """The handle of an iterator that its initializer (MakeIterator) starts."""

    def kernel(xp, *, ctx, op, **attrs):
        return np.array(_python_side(op, "_iterator_key"), dtype=object)


@register_op
class OneShotIterator(_HandleOp):
    """The handle of an iterator that starts by itself, once per Session (its dataset is a
    Python object on the op: TF's dataset_factory function attr is not written)."""

    def kernel(xp, *, ctx, op, **attrs):
        if _python_side(op, "_iterator_key") not in ctx.iterators:
            with _STARTING:  # two threads' first get_next must start it once
                if op._iterator_key not in ctx.iterators:
                    _start(ctx, op._iterator_key, op._dataset, {})
        return np.array(op._iterator_key, dtype=object)


@register_op
class MakeIterator(OpDef):
    """(Re)starts `iterator` at the beginning of the dataset, whose captured tensors arrive as
    the `dataset` inputs (a placeholder stands for the dataset when it captures none)."""

    inputs = ("dataset*", "iterator")
    type_inputs = ()
    stateful = True

    def infer(*inputs):
        return []

    def kernel(xp, *inputs, ctx, op):
        dataset, tensors = _python_side(op, "_dataset"), op._captured
        env = dict(zip(map(id, tensors), inputs[:-1]))
        _start(ctx, _key(inputs[-1]), dataset, env)
        return ()


@register_op
class IteratorGetNext(OpDef):
    """The next element of the iterator, as its components; OutOfRangeError at the end."""

    inputs = ("iterator",)
    attrs = {"output_types": None, "output_shapes": None}
    stateful = True
    list_output = True

    def infer(iterator, *, output_types, output_shapes):
        return [TensorSpec(s, t) for t, s in zip(output_types, output_shapes)]

    def kernel(xp, handle, *, ctx, op, output_types, output_shapes):
        live = ctx.iterators.get(_key(handle))
        if live is None:
            raise FailedPreconditionError(None, None, _NOT_INITIALIZED)
        element = live.next()
        if element is _END:
            raise OutOfRangeError(None, None, "End of sequence")
        return [xp.asarray(c) for c in st.parts(st.flat(element))]


@register_op
class IteratorToStringHandle(OpDef):
    """The iterator's handle as a string, to feed to Iterator.from_string_handle."""

    inputs = ("resource_handle",)
    stateful = True

    def infer(handle):
        return TensorSpec([], dtypes.string)

    def kernel(xp, handle, *, ctx, op):
        return np.array(_key(handle).encode(), dtype=object)


@register_op
class IteratorFromStringHandleV2(OpDef):
    """The iterator a string handle names."""

    inputs = ("string_handle",)
    attrs = {"output_types": (), "output_shapes": ()}
    stateful = True

    def infer(handle, *, output_types, output_shapes):
        return TensorSpec([], dtypes.resource)

    def kernel(xp, handle, *, ctx, op, output_types, output_shapes):
        key = _key(handle)
        if not key.startswith("iterator_"):
            raise InvalidArgumentError(
                None, None, f"Could not parse string handle as a valid ResourceHandle: {key!r}"
            )
        return np.array(key, dtype=object)


def _python_side(op, name):
    """What the op's Python side holds (its dataset, its key): absent from imported graphs."""
    value = getattr(op, name, None)
    if value is None:
        raise UnimplementedError(
            None, None, f"{op.type} '{op.name}' was imported from a GraphDef: tinytf's datasets "
            "are Python objects, so only iterators built in this process can run"
        )
    return value


def _key(handle):
    value = np.asarray(handle).item()
    return value.decode() if isinstance(value, bytes) else value


_keys = itertools.count()


_NOT_BY_VALUE = {"Placeholder": "a placeholder", "PlaceholderWithDefault": "a placeholder",
                 "VariableV2": "a stateful node", "VarHandleOp": "a stateful node"}


def _by_value(dataset, tensors):
    """The dataset with its captured tensors' values fixed now (ValueError, in TF's words, for
    a placeholder or a variable among what they are computed from)."""
    from tinytf.client.session import Session
    from tinytf.data.dataset_ops import Dataset

    seen, todo = set(), [t.op for t in tensors]
    while todo:
        op = todo.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type in _NOT_BY_VALUE:
            what = _NOT_BY_VALUE[op.type]
            why = f"Cannot capture {what} (name:{op.name}, type:{op.type}) by value."
            if op.type.startswith("Placeholder"):
                raise ValueError(why)
            raise ValueError(
                "Failed to create a one-shot iterator for a dataset. "
                "`Dataset.make_one_shot_iterator()` does not support datasets that capture "
                "stateful objects, such as a `Variable` or `LookupTable`. In these cases, use "
                f"`Dataset.make_initializable_iterator()`. (Original error: {why})"
            )
        todo.extend(t.op for t in op.inputs)
        todo.extend(op.control_inputs)
    with Session(graph=tensors[0].graph) as sess:
        env = dict(zip(map(id, tensors), sess.run(tensors)))
    return Dataset(lambda _: dataset._make(dict(env)), dataset._spec)


def _spec_from(output_types, output_shapes, output_classes=None):
    output_types = st.tuples(output_types)
    if output_shapes is None:
        output_shapes = st.map_structure(lambda _: None, output_types)
    if output_classes is None:
        output_classes = st.map_structure(lambda _: Tensor, output_types)
    return st.map_structure(
        lambda t, s, c: (st.SparseSpec if _is_sparse_class(c) else st.Spec)(
            dtypes.as_dtype(t), TensorShape(s)), output_types,
        st.tuples(output_shapes) if not isinstance(output_shapes, TensorShape) else output_shapes,
        st.tuples(output_classes),
    )


def _is_sparse_class(cls):
    return isinstance(cls, type) and issubclass(cls, st.SparseTensor)


def output_classes_of(spec):
    """The output_classes of a structure of specs: tf.SparseTensor for a sparse component."""
    return st.map_structure(lambda s: st.SparseTensor if s.sparse else Tensor, spec)


class Iterator:
    """Elements of a Dataset, one per run of get_next()."""

    def __init__(self, iterator_resource, initializer, output_types, output_shapes,
                 output_classes=None):
        self._resource, self._initializer = iterator_resource, initializer
        self._spec = _spec_from(output_types, output_shapes, output_classes)

    @staticmethod
    def _handle(opdef, spec, **attrs):
        flat = st.op_specs(spec)
        handle = opdef.apply(
            output_types=[t for t, _ in flat], output_shapes=[s for _, s in flat], **attrs
        )
        handle.op._iterator_key = f"iterator_{next(_keys)}"  # never reused in the process
        return handle

    @classmethod
    def _make(cls, handle, spec, initializer=None):
        it = cls.__new__(cls)
        it._resource, it._initializer, it._spec = handle, initializer, spec
        return it

    @classmethod
    def _one_shot(cls, dataset):
        tensors = st.tensors_in(tuple(dataset._captures))
        if tensors:  # captured by value, as TF's dataset_factory: computed once, here
            dataset = _by_value(dataset, tensors)
        handle = cls._handle(OneShotIterator, dataset._spec, name="OneShotIterator")
        handle.op._dataset = dataset
        return cls._make(handle, dataset._spec)

    @classmethod
    def _initializable(cls, dataset, shared_name=None):
        handle = cls._handle(IteratorV2, dataset._spec, name="Iterator",
                             shared_name=shared_name or "")
        it = cls._make(handle, dataset._spec)
        it._initializer = it.make_initializer(dataset)
        return it

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None):
        """An iterator of the given structure, started on any such dataset by make_initializer."""
        spec = _spec_from(output_types, output_shapes, output_classes)
        handle = Iterator._handle(IteratorV2, spec, name="Iterator", shared_name=shared_name or "")
        return Iterator._make(handle, spec)

    @staticmethod
    def from_string_handle(string_handle, output_types, output_shapes=None, output_classes=None):
        """The iterator whose string_handle() is fed to `string_handle` (the feedable iterator)."""
        spec = _spec_from(output_types, output_shapes, output_classes)
        flat = st.op_specs(spec)
        handle = IteratorFromStringHandleV2.apply(
            string_handle, output_types=[t for t, _ in flat], output_shapes=[s for _, s in flat],
        )
        return Iterator._make(handle, spec)

    output_types = property(lambda self: st.map_structure(lambda s: s.dtype, self._spec))
    output_shapes = property(lambda self: st.map_structure(lambda s: s.shape, self._spec))
    output_classes = property(lambda self: output_classes_of(self._spec))

    @property
    def initializer(self):
        if self._initializer is None:
            raise ValueError("Iterator does not have an initializer.")
        return self._initializer

    def make_initializer(self, dataset, name=None):
        """An op that starts this iterator over on `dataset` (of a compatible structure)."""
        from tinytf.ops.array_ops import constant

        kinds = [[s.sparse for s in st.flat(x._spec)] for x in (self, dataset)]
        if st.same_structure(self._spec, dataset._spec) and kinds[0] != kinds[1]:
            raise TypeError(
                f"Expected output classes {self.output_classes!r} but got dataset with output "
                f"class {dataset.output_classes!r}."
            )
        if not st.same_structure(self._spec, dataset._spec) or [
            s.dtype for s in st.flat(self._spec)] != [s.dtype for s in st.flat(dataset._spec)]:
            raise TypeError(
                f"Expected output types {self.output_types!r} but got dataset with output "
                f"types {dataset.output_types!r}."
            )
        for mine, theirs in zip(st.flat(self._spec), st.flat(dataset._spec)):
            if not mine.shape.is_compatible_with(theirs.shape):
                raise TypeError(
                    f"Expected output shapes compatible with {self.output_shapes!r} but got "
                    f"dataset with output shapes {dataset.output_shapes!r}."
                )
        tensors = st.tensors_in(tuple(dataset._captures))
        with self._resource.graph.as_default():
            inputs = tensors or [constant(b"", name="dataset")]
            op = MakeIterator.apply(inputs, self._resource, name=name or "MakeIterator")
        op._dataset, op._captured = dataset, tensors
        return op

    def get_next(self, name=None):
        """The next element's tensors, in the dataset's structure (a new op at each call)."""
        flat = st.op_specs(self._spec)
        outputs = IteratorGetNext.apply(
            self._resource, name=name or "IteratorGetNext",
            output_types=[t for t, _ in flat], output_shapes=[s for _, s in flat],
        )
        return st.from_parts(self._spec, outputs, host=False)

    def string_handle(self, name=None):
        """This iterator's handle as a string tensor (feed it to a from_string_handle one)."""
        return IteratorToStringHandle.apply(self._resource, name=name or "IteratorToStringHandle")
