"""Functions given to Dataset.map/filter/flat_map/interleave: traced once into a graph of their
own (placeholders for the element's components) and run per element, with one Session per
thread (map's num_parallel_calls runs them on a thread pool)."""

import threading

from tinytf.data import structure as st
from tinytf.framework.graph import Graph
from tinytf.framework.op_def import convert_to_tensor


class _Traced:
    def __init__(self, func, spec):
        from tinytf.ops.array_ops import placeholder

        self.graph = Graph()
        with self.graph.as_default():
            self.holders = st.map_structure(
                lambda s: _ArgDataset(s.spec) if isinstance(s, st.DatasetSpec)
                else st.sparse_holder(s) if s.sparse else placeholder(s.dtype, s.shape),
                spec,
            )
            args = self.holders if isinstance(self.holders, tuple) else (self.holders,)
            self.result = func(*args)
        self._local = threading.local()

    def session(self):
        from tinytf.client.session import Session

        if getattr(self._local, "session", None) is None:
            self._local.session = Session(graph=self.graph)
        return self._local.session

    def feeds_and_args(self, element):
        """(feed_dict for the placeholders, env entries for the nested-dataset arguments)."""
        feeds, env = {}, {}
        for holder, value in zip(st.flat(self.holders), st.flat(st.sort_keys(element))):
            if hasattr(holder, "_token"):
                env[id(holder._token)] = value
            else:
                feeds.update(zip(st.parts([holder]), st.parts([value])))
        return feeds, env


def traced(map_func, spec):
    """(run(element) -> new element, spec of the new elements)."""
    t = _Traced(map_func, spec)
    with t.graph.as_default():
        result = st.map_structure(_component, st.tuples(t.result))
    out_spec = st.map_structure(st.leaf_spec, result)

    holders = st.flat(t.holders)
    if any(hasattr(h, "_token") for h in holders) or st.has_sparse((spec, out_spec)):
        return _run_by_parts(t, result, out_spec), out_spec
    # the common case: the fetches and feeds resolved once
    args_of = lambda element: st.flat(st.sort_keys(element))  # noqa: E731
    return _per_thread_run(t, result, result, holders, args_of, lambda values: values), out_spec


def _component(value):
    return value if st.is_sparse(value) else convert_to_tensor(value)


def _run_by_parts(t, result, out_spec):
    """run(element) for a function with sparse components (each fed and fetched as its three
    parts) or a nested dataset among its arguments."""
    fetches = st.parts(st.flat(result))
    holders = st.parts(st.flat(t.holders))
    if any(hasattr(h, "_token") for h in holders):

        def run(element):
            feeds, _ = t.feeds_and_args(element)
            return st.from_parts(out_spec, t.session().run(fetches, feeds), host=True)

        return run
    args_of = lambda element: st.parts(st.flat(element))  # noqa: E731
    return _per_thread_run(t, result, fetches, holders, args_of,
                           lambda values: st.from_parts(out_spec, values, host=True))


def _per_thread_run(t, result, fetches, holders, args_of, element_of):
    """run(element): element_of(fetched values) of a callable made once per thread, taking
    args_of(element) for `holders`; with `batched`, the whole-batch run where there is one."""
    from tinytf.data.vectorize import batched_runner

    local = threading.local()

    def run(element):
        call = getattr(local, "call", None)
        if call is None:
            call = local.call = t.session().make_callable(fetches, holders)
        return element_of(call(*args_of(element)))

    run.batched = batched_runner(t.graph, t.holders, result)  # for map(f).batch(n)
    return run


def traced_dataset(map_func, spec):
    """(make(element) -> Python iterator of the dataset map_func returns, its element spec)."""
    from tinytf.data.dataset_ops import Dataset

    t = _Traced(map_func, spec)
    if not isinstance(t.result, Dataset):
        raise TypeError("`map_func` must return a `Dataset` object.")
    inner = t.result
    tensors = st.tensors_in(tuple(inner._captures))

    def make(element):
        feeds, env = t.feeds_and_args(element)
        if tensors:
            env.update(zip(map(id, tensors), t.session().run(tensors, feeds)))
        return inner._make(env)

    return make, inner._spec


def _ArgDataset(spec):
    """A nested-dataset argument while tracing: the element's dataset, taken from env."""
    from tinytf.data.dataset_ops import Dataset

    token = object()
    dataset = Dataset(lambda env: env[id(token)]._make(env), spec, (token,))
    dataset._token = token
    return dataset
