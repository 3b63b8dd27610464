"""A memo for kernels whose set-up depends only on their op's attrs (a parser compiled from the
feature keys, dtypes and shapes): keyed by the identity of the attr values, which are the same
objects at every run of one op, so that a run pays one dict lookup, where hashing the values
(TensorShapes, DTypes) would cost more than the work saved."""

import functools


def by_attr_identity(fn):
    """fn(*attr_values), computed once per distinct set of attr objects (errors not cached)."""
    cache = {}

    @functools.wraps(fn)
    def cached(*args):
        key = tuple(map(id, args))
        entry = cache.get(key)
        if entry is None or any(a is not b for a, b in zip(entry[0], args)):
            if len(cache) > 256:
                cache.clear()
            entry = cache[key] = (args, fn(*args))  # holding args keeps their ids theirs
        return entry[1]

    return cached
