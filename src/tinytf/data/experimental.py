"""tf.data.experimental: the transformations TF 1.15 keeps there (each returns a function of a
Dataset, for Dataset.apply), and the sampling datasets."""

import numpy as np

from tinytf.data import structure as st
from tinytf.data.options import (  # noqa: F401
    DistributeOptions,
    MapVectorizationOptions,
    OptimizationOptions,
    StatsOptions,
    ThreadingOptions,
)
from tinytf.data.reduction import get_single_element  # noqa: F401
from tinytf.data.threads import AUTOTUNE  # noqa: F401
from tinytf.framework import dtypes, errors
from tinytf.framework.tensor_shape import TensorShape

INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False,
                  num_parallel_calls=None):
    """map then batch, fused (as Dataset.apply(map_and_batch(...)))."""
    if num_parallel_batches is not None and num_parallel_calls is not None:
        raise ValueError("The `num_parallel_batches` and `num_parallel_calls` arguments are "
                         "mutually exclusive.")
    calls = num_parallel_calls
    if num_parallel_batches is not None:
        calls = num_parallel_batches * batch_size
    return lambda d: d.map(map_func, calls).batch(batch_size, drop_remainder)


def dense_to_sparse_batch(batch_size, row_shape):
    """Batches of elements of different shapes as SparseTensors of every entry, of dense shape
    [batch] + row_shape (a None dimension: the largest in the batch)."""
    from tinytf.data import batching

    row = TensorShape(row_shape)

    def apply(dataset):
        if not isinstance(dataset._spec, st.Spec):
            # TF formats with `%` too: a tuple of types fails it with TypeError as TF's does
            message = ("DenseToSparseDataset requires an input whose elements have a single "
                       "component, whereas the input has %r.")
            raise TypeError(message % dataset.output_types)  # noqa: UP031
        size = st.host_or_tensor(batch_size)
        spec = st.SparseSpec(dataset._spec.dtype, TensorShape([None]).concatenate(row))

        def make(env):
            groups = batching._groups(dataset._make(env), batching._size(env, size), False)
            return (_dense_to_sparse(group, row.as_list()) for group in groups)

        return dataset._derive(make, spec, args=(size,))

    return apply


def _dense_to_sparse(group, row):
    dims = "[" + ",".join("?" if d is None else str(d) for d in row) + "]"
    for x in group:
        text = f"Input element had shape ([{','.join(map(str, np.shape(x)))}]) that is "
        if np.ndim(x) != len(row):
            raise errors.InvalidArgumentError(
                None, None, f"{text}incompatible with the row shape ({dims}).")
        if any(d is not None and n > d for n, d in zip(np.shape(x), row)):
            raise errors.DataLossError(None, None, f"{text}larger than the row shape ({dims}).")
    shape = [len(group)] + [d if d is not None else max(np.shape(x)[i] for x in group)
                            for i, d in enumerate(row)]
    indices = [np.hstack([np.full((np.size(x), 1), b), np.argwhere(np.ones(np.shape(x), bool))])
               for b, x in enumerate(group)]
    values = np.concatenate([np.ravel(x) for x in group])
    return st.SparseValue(np.concatenate(indices).astype(np.int64), values,
                          np.array(shape, np.int64))


def shuffle_and_repeat(buffer_size, count=None, seed=None):
    """shuffle then repeat, fused."""
    return lambda d: d.shuffle(buffer_size, seed).repeat(count)


def unbatch():
    """Dataset.unbatch as a transformation."""
    return lambda d: d.unbatch()


def enumerate_dataset(start=0):
    """Dataset.enumerate as a transformation."""
    return lambda d: d.enumerate(start)


def ignore_errors():
    """Drops the elements whose computation raised an error (InvalidArgumentError, ...)."""

    def apply(dataset):
        def make(env):
            it = dataset._make(env)
            while True:
                try:
                    yield next(it)
                except StopIteration:
                    return
                except errors.OpError:
                    continue

        return dataset._derive(make)

    return apply


def sample_from_datasets(datasets, weights=None, seed=None):
    """Elements drawn at random from `datasets` with probabilities `weights` (uniform), until
    a drawn one is exhausted (as TF 1.15's DirectedInterleave: it then draws among the rest)."""
    datasets = list(datasets)
    _same_types(datasets)
    p = np.full(len(datasets), 1.0 / len(datasets)) if weights is None else np.asarray(
        weights, np.float64)
    if p.shape != (len(datasets),):
        raise ValueError("`weights` must have one entry per dataset")

    def make(env):
        rng = np.random.default_rng(seed)
        its, live = [d._make(env) for d in datasets], p / p.sum()
        while live.sum() > 0:
            k = int(rng.choice(len(its), p=live / live.sum()))
            x = next(its[k], None)
            if x is None:
                live = live.copy()
                live[k] = 0.0
                continue
            yield x

    return _combined(datasets, make)


def choose_from_datasets(datasets, choice_dataset):
    """Element i from datasets[choice_dataset's i-th value] (int64 scalars)."""
    datasets = list(datasets)
    _same_types(datasets)
    if [s.dtype for s in st.flat(choice_dataset._spec)] != [dtypes.int64]:
        raise TypeError("`choice_dataset` must be a dataset of scalar `tf.int64` tensors.")

    def make(env):
        its = [d._make(env) for d in datasets]
        for k in choice_dataset._make(env):
            k = int(k)
            if not 0 <= k < len(its):
                raise errors.InvalidArgumentError(
                    None, None, f"Selector index out of range: {k} >= {len(its)}"
                )
            x = next(its[k], None)
            if x is not None:
                yield x

    return _combined(datasets + [choice_dataset], make, datasets[0]._spec)


def _same_types(datasets):
    types = [[s.dtype for s in st.flat(d._spec)] for d in datasets]
    if not datasets or any(t != types[0] for t in types):
        raise TypeError("All datasets must have the same type.")


def _combined(datasets, make, spec=None):
    from tinytf.data.dataset_ops import Dataset, _merge_captures, _merged_options

    spec = datasets[0]._spec if spec is None else spec
    return Dataset(make, spec, _merge_captures(*datasets), _merged_options(*datasets))



def Counter(start=0, step=1, dtype=dtypes.int64):  # noqa: N802 (TF's name)
    """start, start + step, ... forever."""
    from tinytf.data.dataset_ops import Dataset

    dtype = dtypes.as_dtype(dtype)
    np_type = dtype.as_numpy_dtype

    def make(env):
        value = np_type(start)
        while True:
            yield np.asarray(value, np_type)
            value = np_type(value + step)

    return Dataset(make, st.Spec(dtype, []))


def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False,
                        buffer_output_elements=None, prefetch_input_elements=None):
    """Dataset.interleave as a transformation (sloppy or not, tinytf gives the exact order)."""
    return lambda d: d.interleave(map_func, cycle_length, block_length)
