"""Dataset.concatenate, interleave and cache (in memory or in a file)."""

import os
import pickle

from tinytf.data import structure as st
from tinytf.framework import errors


def concatenate(first, second):
    a = [(s.dtype, s.shape) for s in st.flat(first._spec)]
    b = [(s.dtype, s.shape) for s in st.flat(second._spec)]
    if not st.same_structure(first._spec, second._spec) or [t for t, _ in a] != [
        t for t, _ in b
    ]:
        raise TypeError(
            f"Two datasets to concatenate have different types {first.output_types} and "
            f"{second.output_types}"
        )
    if [s.sparse for s in st.flat(first._spec)] != [s.sparse for s in st.flat(second._spec)]:
        raise TypeError(
            f"Two datasets to concatenate have different classes {first.output_classes} and "
            f"{second.output_classes}"
        )
    spec = st.pack_like(first._spec, [
        s.like(s.shape.most_specific_compatible_shape(s2.shape))
        for s, s2 in zip(st.flat(first._spec), st.flat(second._spec))
    ])

    def make(env):
        yield from first._make(env)
        yield from second._make(env)

    return first._derive(make, spec, second)


def interleave(dataset, map_func, cycle_length, block_length):
    from tinytf.data.tracing import traced_dataset

    make_inner, spec = traced_dataset(map_func, dataset._spec)
    if cycle_length == -1:
        cycle_length = os.cpu_count() or 1  # TF's AUTOTUNE: the number of schedulable CPUs

    def make(env):
        inners = (make_inner(e) for e in dataset._make(env))
        return cycle_through(inners, cycle_length, block_length)

    return dataset._derive(make, spec)


def cycle_through(iterators, cycle_length, block_length):
    """block_length elements of each of cycle_length iterators in turn (TF's interleave order:
    an exhausted slot is skipped, and filled from `iterators` when next visited)."""
    slots, more = [None] * cycle_length, True
    while True:
        for k in range(cycle_length):
            if slots[k] is None and more:
                slots[k] = next(iterators, None)
                more = slots[k] is not None
            if slots[k] is None:
                continue
            for _ in range(block_length):
                x = next(slots[k], _END)
                if x is _END:
                    slots[k] = None
                    break
                yield x
        if not more and all(it is None for it in slots):
            return


_END = object()


def cache(dataset, filename):
    if filename == "":
        return dataset._derive(lambda env: _memory_cached(dataset, env))
    return dataset._derive(lambda env: _file_cached(dataset, env, os.fspath(filename)))


def _memory_cached(dataset, env):
    """Replays the elements once a pass completed (per iterator: the cache lives in env)."""
    key = ("cache", id(dataset))
    if key in env:
        yield from env[key]
        return
    seen = []
    for element in dataset._make(env):
        seen.append(element)
        yield element
    env[key] = seen


def _file_cached(dataset, env, filename):
    path = filename + ".tinytf-cache"
    if os.path.exists(path):
        yield from _read_cache(path)
        return
    tmp = f"{path}.tmp-{os.getpid()}-{id(env)}"
    try:
        with open(tmp, "wb") as f:
            for element in dataset._make(env):
                pickle.dump(element, f, protocol=pickle.HIGHEST_PROTOCOL)
                yield element
        os.replace(tmp, path)  # complete passes only: a partial one leaves no cache behind
    except FileNotFoundError as e:
        raise errors.NotFoundError(None, None, f"{filename}; No such file or directory") from e
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _read_cache(path):
    with open(path, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return
