"""tf.data.Iterator and its ops: IteratorGetNext pulls the next element of a Dataset when the
Session runs it (per Session, from ctx), MakeIterator starts an initializable iterator over."""

import itertools

from tinytf.data import dataset_ops as ds
from tinytf.framework.errors import FailedPreconditionError, OutOfRangeError
from tinytf.framework.op_def import OpDef, TensorSpec, register_op


@register_op
class IteratorGetNext(OpDef):
    """The next element of the op's dataset, as its components; OutOfRangeError at the end."""

    attrs = {"output_types": None, "output_shapes": None}
    stateful = True
    list_output = True

    def infer(*, output_types, output_shapes):
        return [TensorSpec(s, t) for t, s in zip(output_types, output_shapes)]

    def kernel(xp, *, ctx, op, output_types, output_shapes):
        iterators, key = ctx.iterators, op._iterator_key  # one per Session and iterator
        if key not in iterators:
            if op._initializable:
                raise FailedPreconditionError(
                    None,
                    None,
                    "GetNext() failed because the iterator has not been "
                    "initialized. Ensure that you have run the initializer operation for this "
                    "iterator before getting the next element.",
                )
            iterators[key] = op._dataset._make_iterator()
        element = next(iterators[key], None)
        if element is None:
            raise OutOfRangeError(None, None, "End of sequence")
        return [xp.asarray(c) for c in ds._flat(element)]


@register_op
class MakeIterator(OpDef):
    """(Re)starts the iterator of `iterator_key` at the beginning of the dataset."""

    attrs = {"iterator_key": None}
    stateful = True

    def infer(*, iterator_key):
        return []

    def kernel(xp, *, ctx, op, iterator_key):
        ctx.iterators[iterator_key] = op._dataset._make_iterator()
        return ()


_keys = itertools.count()


class Iterator:
    """Elements of a Dataset, one per run of get_next()."""

    def __init__(self, dataset, initializable):
        self._dataset, self._initializable = dataset, initializable
        self._key = f"iterator_{next(_keys)}"  # unique for the process (never reused)
        self._initializer = None
        if initializable:
            self._initializer = MakeIterator.apply(name="MakeIterator", iterator_key=self._key)
            self._initializer._dataset = dataset

    output_types = property(lambda self: self._dataset.output_types)
    output_shapes = property(lambda self: self._dataset.output_shapes)

    @property
    def initializer(self):
        if self._initializer is None:
            raise ValueError("Iterator does not have an initializer.")
        return self._initializer

    def get_next(self, name=None):
        """The next element's tensors, in the dataset's structure (a new op at each call)."""
        spec = ds._flat(self._dataset._spec)
        outputs = IteratorGetNext.apply(
            name=name or "IteratorGetNext",
            output_types=[s.dtype for s in spec],
            output_shapes=[s.shape for s in spec],
        )
        op = outputs[0].op
        op._dataset, op._initializable, op._iterator_key = (
            self._dataset,
            self._initializable,
            self._key,
        )
        flat = iter(outputs)
        return ds._map_structure(lambda s: next(flat), self._dataset._spec)
