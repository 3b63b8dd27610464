"""Dataset.map's function, traced once into a graph of its own and run per element."""

from tinytf.data import dataset_ops as ds
from tinytf.framework.graph import Graph
from tinytf.framework.op_def import convert_to_tensor


def traced(map_func, spec):
    """(run(element) -> new element, spec of the new elements)."""
    from tinytf.client.session import Session
    from tinytf.ops.array_ops import placeholder

    graph = Graph()
    with graph.as_default():
        holders = ds._map_structure(lambda s: placeholder(s.dtype, s.shape), spec)
        args = holders if isinstance(holders, tuple) else (holders,)
        result = map_func(*args)
        result = ds._map_structure(convert_to_tensor, _tuples(result))
    out_spec = ds._map_structure(lambda t: ds.Spec(t.dtype.base_dtype, t.shape), result)
    session = Session(graph=graph)
    feeds = ds._flat(holders)

    def run(element):
        return session.run(result, dict(zip(feeds, ds._flat(element))))

    return run, out_spec


def _tuples(value):
    """Lists a map function returns are tuples of components, as in tf.data."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, tuple):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value
