"""tf.data.Dataset for input pipelines over host data (NumPy arrays, Python values): a Dataset is
a recipe of Python iterators over nested structures (tuples, dicts) of arrays; an iterator's
`get_next()` is a graph op (IteratorGetNext) that pulls the next element when the Session runs
it, and raises tf.errors.OutOfRangeError at the end, as TF's does.

    dataset = tf.data.Dataset.from_tensor_slices((images, labels)).shuffle(1000).batch(32)
    images_batch, labels_batch = dataset.make_one_shot_iterator().get_next()

`map` traces its function once into a graph of its own and runs it on each element.
"""

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape


class Spec:
    """What one component of the elements is: its dtype and static shape."""

    def __init__(self, dtype, shape):
        self.dtype, self.shape = dtype, TensorShape(shape)


def _spec_of(array, batch=()):
    return Spec(dtypes.as_dtype(array.dtype), list(batch) + list(array.shape))


def _map_structure(fn, *values):
    first = values[0]
    if isinstance(first, tuple):
        return tuple(_map_structure(fn, *parts) for parts in zip(*values))
    if isinstance(first, dict):
        return {k: _map_structure(fn, *(v[k] for v in values)) for k in first}
    return fn(*values)


def _flat(value):
    if isinstance(value, tuple):
        return [x for v in value for x in _flat(v)]
    if isinstance(value, dict):
        return [x for k in sorted(value) for x in _flat(value[k])]
    return [value]


def _as_arrays(value):
    """Tuples and dicts are structures (as in tf.data, a list is one component); leaves become
    NumPy arrays."""
    if isinstance(value, tuple):
        return tuple(_as_arrays(v) for v in value)
    if isinstance(value, dict):
        return {k: _as_arrays(v) for k, v in value.items()}
    if isinstance(value, Tensor):
        from tinytf.ops.shape_util import constant_value

        known = constant_value(value)
        if known is None:
            raise ValueError(
                f"tinytf's datasets take host values (NumPy arrays, constants), not {value}: "
                "feed it as a NumPy array"
            )
        return np.asarray(known)
    array = np.asarray(value)
    if array.dtype == np.float64 and not isinstance(value, np.ndarray):
        array = array.astype(np.float32)  # Python floats are float32 tensors in TF
    return array


class Dataset:
    """A sequence of elements; each method returns a new Dataset."""

    def __init__(self, make_iterator, spec):
        self._make_iterator = make_iterator  # () -> Python iterator of elements
        self._spec = spec  # structure of (dtype, TensorShape) per component

    # -- sources -------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors):
        """One element per row of `tensors` (all components split along their first axis)."""
        data = _as_arrays(tensors)
        sizes = {len(a) if a.ndim else None for a in _flat(data)}
        if None in sizes or len(sizes) != 1:
            raise ValueError(
                "Dimensions of all components must agree in their first dimension: "
                f"{sorted(s for s in sizes if s is not None)}"
            )
        (n,) = sizes
        spec = _map_structure(lambda a: Spec(dtypes.as_dtype(a.dtype), a.shape[1:]), data)
        return Dataset(lambda: (_map_structure(lambda a, i=i: a[i], data) for i in range(n)), spec)

    @staticmethod
    def from_tensors(tensors):
        """One element: `tensors` whole."""
        data = _as_arrays(tensors)
        spec = _map_structure(_spec_of, data)
        return Dataset(lambda: iter([data]), spec)

    @staticmethod
    def range(*args):
        """0, 1, ..., like Python's range (int64 elements)."""
        values = range(*args)
        return Dataset(lambda: (np.int64(i) for i in values), Spec(dtypes.int64, []))

    @staticmethod
    def from_generator(generator, output_types, output_shapes=None, args=None):
        """The elements generator(*args) yields, as `output_types` (and `output_shapes`)."""
        if not callable(generator):
            raise TypeError("`generator` must be callable.")
        shapes = output_shapes
        if shapes is None:
            shapes = _map_structure(lambda _: None, output_types)
        spec = _map_structure(
            lambda t, s: Spec(dtypes.as_dtype(t), s if s is not None else TensorShape(None)),
            output_types,
            shapes,
        )

        def make():
            for element in generator(*(args or ())):
                element = tuple(element) if isinstance(element, list) else element
                yield _map_structure(
                    lambda v, s: np.asarray(v, dtype=s.dtype.as_numpy_dtype), element, spec
                )

        return Dataset(make, spec)

    @staticmethod
    def zip(datasets):
        """Elements of several datasets side by side, as a tuple."""
        datasets = tuple(datasets)
        spec = tuple(d._spec for d in datasets)
        return Dataset(lambda: zip(*(d._make_iterator() for d in datasets)), spec)

    # -- transformations -----------------------------------------------------------------
    def batch(self, batch_size, drop_remainder=False):
        """Consecutive elements stacked; the last batch may be smaller."""

        def make():
            it, batch = self._make_iterator(), []
            for element in it:
                batch.append(element)
                if len(batch) == batch_size:
                    yield _map_structure(lambda *xs: np.stack(xs), *batch)
                    batch = []
            if batch and not drop_remainder:
                yield _map_structure(lambda *xs: np.stack(xs), *batch)

        first = batch_size if drop_remainder else None
        spec = _map_structure(
            lambda s: Spec(s.dtype, TensorShape([first]).concatenate(s.shape)), self._spec
        )
        return Dataset(make, spec)

    def repeat(self, count=None):
        """The elements `count` times (forever when None or -1)."""

        def make():
            i = 0
            while count is None or count < 0 or i < count:
                yield from self._make_iterator()
                i += 1

        return Dataset(make, self._spec)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None):
        """A random order, drawn from a buffer of `buffer_size` elements (TF's algorithm)."""

        def make():
            rng = np.random.default_rng(seed)
            buffer = []
            for element in self._make_iterator():
                buffer.append(element)
                if len(buffer) >= buffer_size:
                    yield buffer.pop(int(rng.integers(len(buffer))))
            while buffer:
                yield buffer.pop(int(rng.integers(len(buffer))))

        return Dataset(make, self._spec)

    def take(self, count):
        def make():
            for i, element in enumerate(self._make_iterator()):
                if 0 <= count <= i:
                    return
                yield element

        return Dataset(make, self._spec)

    def skip(self, count):
        def make():
            it = self._make_iterator()
            for _ in range(count):
                if next(it, None) is None:
                    return
            yield from it

        return Dataset(make, self._spec)

    def filter(self, predicate):
        """The elements for which predicate(element) (traced once, like map) is True."""
        from tinytf.data.tracing import traced

        run, spec = traced(predicate, self._spec)
        if spec.dtype != dtypes.bool or spec.shape.ndims not in (None, 0):
            raise ValueError("`predicate` must return a scalar boolean tensor.")
        return Dataset(lambda: (e for e in self._make_iterator() if bool(run(e))), self._spec)

    def prefetch(self, buffer_size):
        return self

    cache = prefetch

    def map(self, map_func, num_parallel_calls=None):
        """map_func(element) (tuple elements as separate arguments) on every element: traced
        once into a graph of its own, run with a Session of its own."""
        from tinytf.data.tracing import traced

        run, spec = traced(map_func, self._spec)
        return Dataset(lambda: (run(e) for e in self._make_iterator()), spec)

    # -- what it yields ------------------------------------------------------------------
    output_types = property(lambda self: _map_structure(lambda s: s.dtype, self._spec))
    output_shapes = property(lambda self: _map_structure(lambda s: s.shape, self._spec))

    def make_one_shot_iterator(self):
        """An Iterator that goes through the dataset once, per Session."""
        from tinytf.data.iterator_ops import Iterator

        return Iterator(self, initializable=False)

    def make_initializable_iterator(self, shared_name=None):
        """An Iterator that starts over each time its `initializer` runs."""
        from tinytf.data.iterator_ops import Iterator

        return Iterator(self, initializable=True)

    def __iter__(self):
        raise RuntimeError(
            "tf.data.Dataset is iterated through an Iterator in graph mode: "
            "dataset.make_one_shot_iterator().get_next()"
        )
