"""tf.data.Dataset: a recipe of Python iterators over nested structures (tuples, dicts) of
arrays. A dataset may capture graph tensors (a placeholder in from_tensor_slices, a computed
range bound): their values are taken when the iterator's initializer runs (feed_dict included)
and reach the recipe as `env` (id(tensor) -> value; per iterator, also holding its caches).

    x = tf.placeholder(tf.float32, [None, 2])
    it = tf.data.Dataset.from_tensor_slices(x).batch(32).make_initializable_iterator()
    sess.run(it.initializer, {x: data}); batch = sess.run(it.get_next())

`map` traces its function once into a graph of its own and runs it on each element.
"""

import itertools

import numpy as np

from tinytf.data import structure as st
from tinytf.framework import dtypes, errors
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape

Spec = st.Spec  # kept for the modules that import it from here
_map_structure, _flat = st.map_structure, st.flat


def _merge_captures(*datasets):
    seen, out = set(), []
    for d in datasets:
        for c in d._captures:
            if id(c) not in seen:
                seen.add(id(c))
                out.append(c)
    return tuple(out)


def _merged_options(*datasets):
    """The options of a dataset made from `datasets`: theirs merged (None when none set any)."""
    given = [d._options for d in datasets if d._options is not None]
    if len(given) < 2:
        return given[0] if given else None
    from tinytf.data.options import merge_options

    return merge_options(*given)


class Dataset:
    """A sequence of elements; each method returns a new Dataset."""

    _options = None  # a tf.data.Options once with_options set some (passed on to derived ones)

    def __init__(self, make, spec, captures=(), options=None):
        self._make = make  # env -> Python iterator of elements
        self._spec = spec  # structure of Spec (or DatasetSpec) per component
        self._captures = tuple(captures)  # graph Tensors (and argument tokens) it reads
        self._options = options

    def _derive(self, make, spec=None, *others, args=()):
        """A dataset made from this one (and `others`), reading the graph tensors in `args`."""
        spec = self._spec if spec is None else spec
        captured = Dataset(None, None, st.tensors_in(tuple(args)))
        captures = _merge_captures(self, *others, captured)
        return Dataset(make, spec, captures, _merged_options(self, *others))

    # -- sources -------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors):
        """One element per row of `tensors` (all components split along their first axis)."""
        data = st.as_leaves(tensors)
        leaves = st.flat(data)
        static = [int(_first_dim(leaf)) for leaf in leaves if _first_dim(leaf) is not None]
        if any(leaf.ndim == 0 if isinstance(leaf, np.ndarray) else leaf.shape.ndims == 0
               for leaf in leaves if not st.is_sparse(leaf)):
            raise ValueError("Slicing a scalar tensor is not supported (a component of rank 0)")
        if len(set(static)) > 1:
            b = next(n for n in static if n != static[0])
            raise ValueError(
                f"Dimensions {static[0]} and {b} are not compatible (all components must agree "
                "in their first dimension)"
            )
        spec = st.map_structure(lambda leaf: st.leaf_spec(leaf, drop_first=True), data)

        def make(env):
            values = st.map_structure(st.rows_of, st.resolve(env, data))
            sizes = {len(v) for v in st.flat(values)}
            if len(sizes) != 1:
                raise errors.InvalidArgumentError(
                    None, None, "All components must have the same size in the 0th dimension"
                )
            (n,) = sizes
            return (st.map_structure(lambda a, i=i: a[i], values) for i in range(n))

        return Dataset(make, spec, st.tensors_in(data))

    @staticmethod
    def from_tensors(tensors):
        """One element: `tensors` whole."""
        data = st.as_leaves(tensors)
        spec = st.map_structure(st.leaf_spec, data)
        return Dataset(lambda env: iter([st.resolve(env, data)]), spec, st.tensors_in(data))

    @staticmethod
    def range(*args):
        """0, 1, ..., like Python's range (int64 elements); bounds may be graph tensors."""
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid arguments to RangeDataset: {args}")
        bounds = tuple(st.host_or_tensor(a) for a in args)

        def make(env):
            values = range(*(st.scalar(env, b) for b in bounds))
            return (np.int64(i) for i in values)

        return Dataset(make, st.Spec(dtypes.int64, []), st.tensors_in(bounds))

    @staticmethod
    def from_generator(generator, output_types, output_shapes=None, args=None):
        """The elements generator(*args) yields, as `output_types` (and `output_shapes`)."""
        if not callable(generator):
            raise TypeError("`generator` must be callable.")
        shapes = output_shapes
        if shapes is None:
            shapes = st.map_structure(lambda _: None, output_types)
        spec = st.map_structure(
            lambda t, s: st.Spec(dtypes.as_dtype(t), s if s is not None else TensorShape(None)),
            output_types,
            shapes,
        )

        def make(env):
            for element in generator(*(args or ())):
                element = tuple(element) if isinstance(element, list) else element
                yield st.map_structure(
                    lambda v, s: np.asarray(v, dtype=s.dtype.as_numpy_dtype), element, spec
                )

        return Dataset(make, spec)

    @staticmethod
    def zip(datasets):
        """Elements of several datasets (a nested structure of them) side by side."""
        datasets = st.tuples(datasets) if isinstance(datasets, list) else datasets
        flat_ds = st.flat(datasets)
        if not flat_ds or not all(isinstance(d, Dataset) for d in flat_ds):
            raise TypeError("The argument to `Dataset.zip()` must be a nested structure of "
                            "`Dataset` objects.")
        spec = st.map_structure(lambda d: d._spec, datasets)

        def make(env):
            for parts in zip(*(d._make(env) for d in flat_ds)):
                yield st.pack_like(datasets, parts)

        return Dataset(make, spec, _merge_captures(*flat_ds), _merged_options(*flat_ds))

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None):
        """The files matching `file_pattern` (a glob or a list of them), shuffled by default."""
        from tinytf.data.readers import list_files

        return list_files(file_pattern, shuffle, seed)

    # -- transformations -----------------------------------------------------------------
    def batch(self, batch_size, drop_remainder=False):
        """Consecutive elements stacked; the last batch may be smaller."""
        from tinytf.data import batching

        return batching.batch(self, batch_size, drop_remainder)

    def padded_batch(self, batch_size, padded_shapes, padding_values=None, drop_remainder=False):
        """Consecutive elements stacked, each padded to `padded_shapes` (None: the longest)."""
        from tinytf.data import batching

        return batching.padded_batch(
            self, batch_size, padded_shapes, padding_values, drop_remainder
        )

    def unbatch(self):
        """The rows of each element (the inverse of batch)."""
        from tinytf.data import batching

        return batching.unbatch(self)

    def window(self, size, shift=None, stride=1, drop_remainder=False):
        """Windows of `size` elements, each a nested Dataset (flat_map them into batches)."""
        from tinytf.data import batching

        return batching.window(self, size, shift, stride, drop_remainder)

    def repeat(self, count=None):
        """The elements `count` times (forever when None or -1)."""
        count = st.host_or_tensor(-1 if count is None else count)

        def make(env):
            n, i = st.scalar(env, count), 0
            while n < 0 or i < n:
                yield from self._make(env)
                i += 1

        return self._derive(make, args=(count,))

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None):
        """A random order, drawn from a buffer of `buffer_size` elements (TF's algorithm); a new
        order each epoch unless reshuffle_each_iteration is False."""
        size = st.host_or_tensor(buffer_size)
        reshuffle = reshuffle_each_iteration is None or reshuffle_each_iteration

        def make(env):
            key = ("shuffle", id(make))  # one generator per iterator: epochs differ
            rng = env.setdefault(key, np.random.default_rng(seed)) if reshuffle else \
                np.random.default_rng(seed)
            n, buffer = st.scalar(env, size), []
            for element in self._make(env):
                buffer.append(element)
                if len(buffer) >= n:
                    yield buffer.pop(int(rng.integers(len(buffer))))
            while buffer:
                yield buffer.pop(int(rng.integers(len(buffer))))

        return self._derive(make, args=(size,))

    def take(self, count):
        """The first `count` elements (all when -1)."""
        count = st.host_or_tensor(count)

        def make(env):
            n = st.scalar(env, count)
            return iter(self._make(env)) if n < 0 else itertools.islice(self._make(env), n)

        return self._derive(make, args=(count,))

    def skip(self, count):
        """All but the first `count` elements (none when -1)."""
        count = st.host_or_tensor(count)

        def make(env):
            it, n = self._make(env), st.scalar(env, count)
            for _ in itertools.count() if n < 0 else range(n):
                if next(it, _END) is _END:
                    return
            yield from it

        return self._derive(make, args=(count,))

    def shard(self, num_shards, index):
        """Every num_shards-th element, starting at `index`."""
        if not 0 <= index < num_shards:
            raise errors.InvalidArgumentError(
                None, None, f"Index must be between 0 and {num_shards - 1}"
            )
        return self._derive(
            lambda env: (e for i, e in enumerate(self._make(env)) if i % num_shards == index)
        )

    def enumerate(self, start=0):
        """(index, element) pairs, the index an int64 counting from `start`."""
        spec = (st.Spec(dtypes.int64, []), self._spec)
        return self._derive(
            lambda env: ((np.int64(i), e) for i, e in enumerate(self._make(env), start)), spec
        )

    def concatenate(self, dataset):
        """This dataset's elements, then `dataset`'s."""
        from tinytf.data import combining

        return combining.concatenate(self, dataset)

    def filter(self, predicate):
        """The elements for which predicate(element) (traced once, like map) is True."""
        from tinytf.data.tracing import traced

        run, spec = traced(predicate, self._spec)
        if spec.dtype != dtypes.bool or spec.shape.ndims not in (None, 0):
            raise ValueError("`predicate` must return a scalar boolean tensor.")
        return self._derive(lambda env: (e for e in self._make(env) if bool(run(e))))

    def map(self, map_func, num_parallel_calls=None):
        """map_func(element) (tuple elements as separate arguments) on every element: traced
        once into a graph of its own; with num_parallel_calls, run on a thread pool (in order)."""
        from tinytf.data import threads
        from tinytf.data.tracing import traced

        run, spec = traced(map_func, self._spec)
        if num_parallel_calls is None:
            return self._derive(lambda env: _Mapped(run, self._make(env)), spec)
        return self._derive(
            lambda env: threads.ParallelMapped(run, self._make(env), num_parallel_calls), spec
        )

    def flat_map(self, map_func):
        """The elements of the datasets map_func(element) returns, one after another."""
        from tinytf.data.tracing import traced_dataset

        make_inner, spec = traced_dataset(map_func, self._spec)
        return self._derive(
            lambda env: (x for e in self._make(env) for x in make_inner(e)), spec
        )

    def interleave(self, map_func, cycle_length=-1, block_length=1, num_parallel_calls=None):
        """The datasets map_func(element) returns, `block_length` elements from each of
        `cycle_length` of them in turn (TF's order)."""
        from tinytf.data import combining

        return combining.interleave(self, map_func, cycle_length, block_length)

    def prefetch(self, buffer_size):
        """The same elements, produced ahead by a background thread into a bounded buffer."""
        from tinytf.data import threads

        return self._derive(lambda env: threads.Prefetcher(self._make(env), buffer_size))

    def cache(self, filename=""):
        """The elements, kept after the first pass (in memory, or in files at `filename`)."""
        from tinytf.data import combining

        return combining.cache(self, filename)

    def apply(self, transformation_func):
        """transformation_func(self), which must return a Dataset."""
        result = transformation_func(self)
        if not isinstance(result, Dataset):
            raise TypeError("`transformation_func` must return a Dataset.")
        return result

    def options(self):
        """The tf.data.Options of this dataset (those of its inputs, merged)."""
        from tinytf.data.options import Options

        return self._options if self._options is not None else Options()

    def with_options(self, options):
        """This dataset with `options` merged into its own (ValueError where they disagree)."""
        merged = self.options().merge(options)
        return Dataset(self._make, self._spec, self._captures, merged)

    def reduce(self, initial_state, reduce_func):
        """The state after reduce_func(state, element) ran on every element in turn, from
        `initial_state` (a nested structure of tensors)."""
        from tinytf.data import reduction

        return reduction.reduce(self, initial_state, reduce_func)

    # -- what it yields ------------------------------------------------------------------
    output_types = property(lambda self: _public(self._spec, lambda s: s.dtype))
    output_shapes = property(lambda self: _public(self._spec, lambda s: s.shape))
    output_classes = property(lambda self: _classes(self._spec))

    def make_one_shot_iterator(self):
        """An Iterator that goes through the dataset once, per Session."""
        from tinytf.data.iterator_ops import Iterator

        return Iterator._one_shot(self)

    def make_initializable_iterator(self, shared_name=None):
        """An Iterator that starts over each time its `initializer` runs."""
        from tinytf.data.iterator_ops import Iterator

        return Iterator._initializable(self, shared_name)

    def __iter__(self):
        raise RuntimeError(
            "tf.data.Dataset is iterated through an Iterator in graph mode: "
            "dataset.make_one_shot_iterator().get_next()"
        )


_END = object()


class _Mapped:
    """run(element) per element; unlike a generator it goes on after run() raised (so that
    experimental.ignore_errors can drop the element, as TF does)."""

    def __init__(self, run, upstream):
        self._run, self._upstream = run, upstream
        self.batched = getattr(run, "batched", None)  # a whole batch's run (data/vectorize.py)

    def __iter__(self):
        return self

    def __next__(self):
        return self._run(next(self._upstream))

    def run_all(self, elements):
        """run() of each element; the first error is raised."""
        return [self._run(e) for e in elements]

    def close(self):
        close = getattr(self._upstream, "close", None)
        if close is not None:
            close()


def _first_dim(leaf):
    if st.is_sparse(leaf):
        shape = st.leaf_spec(leaf).shape
        return None if shape.ndims in (None, 0) else shape.as_list()[0]
    if isinstance(leaf, Tensor):
        shape = leaf.shape
        return None if shape.ndims in (None, 0) else shape.as_list()[0]
    return leaf.shape[0] if leaf.ndim else None


def _classes(spec):
    from tinytf.data.iterator_ops import output_classes_of

    return st.map_structure(
        lambda s: _classes(s.spec) if isinstance(s, st.DatasetSpec) else output_classes_of(s),
        spec,
    )


def _public(spec, fn):
    return st.map_structure(
        lambda s: _public(s.spec, fn) if isinstance(s, st.DatasetSpec) else fn(s), spec
    )
