"""tf.estimator.inputs.numpy_input_fn: batches of NumPy arrays for an Estimator.

TF 1.x fills a queue from Python threads; here the input_fn makes placeholders and registers a
feeder on the graph, which the Estimator's FeedFnHook calls before every run. When the epochs
are used up the feeder ends the input, as TF's closed queue does (OutOfRangeError).
"""

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import name_scope
from tinytf.ops.array_ops import placeholder

FEEDERS = "tinytf_input_feeders"  # the graph collection of feed functions


def _batches(n, batch_size, num_epochs, shuffle, seed):
    """Index batches over epochs, crossing epoch boundaries; the last batch may be short."""
    rng = np.random.default_rng(seed)
    pending = np.empty(0, np.int64)
    epoch = 0
    while num_epochs is None or epoch < num_epochs:
        order = rng.permutation(n) if shuffle else np.arange(n)
        pending = np.concatenate([pending, order])
        epoch += 1
        while len(pending) >= batch_size:
            yield pending[:batch_size]
            pending = pending[batch_size:]
    if len(pending):
        yield pending


def numpy_input_fn(
    x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000, num_threads=1
):
    """An input_fn giving (features, labels) batches of `x` (a dict of arrays, or one array)
    and `y` (an array, a dict of arrays, or None); `num_epochs=None` repeats forever."""
    if not isinstance(shuffle, bool):
        raise ValueError(f"shuffle must be provided explicitly as a bool, it is {shuffle}")
    x_dict = dict(x) if isinstance(x, dict) else {"__x__": x}
    y_dict = dict(y) if isinstance(y, dict) else ({} if y is None else {"__y__": y})
    overlap = set(x_dict) & set(y_dict)
    if overlap:
        raise ValueError(f"{sorted(overlap)} duplicate keys are found in both x and y")
    arrays = {k: np.asarray(v) for k, v in {**x_dict, **y_dict}.items()}
    lengths = {len(v) for v in arrays.values()}
    if len(lengths) != 1:
        raise ValueError(
            "Length of tensors in x and y is mismatched. All elements in x and y "
            f"must have the same length: {sorted(lengths)}"
        )
    (n,) = lengths

    def input_fn():
        graph = get_default_graph()
        with name_scope("numpy_input_fn"):
            holders = {
                k: placeholder(
                    dtypes.as_dtype(v.dtype), [None, *v.shape[1:]], name=k.strip("_") or "x"
                )
                for k, v in arrays.items()
            }
        seed = graph.seed if shuffle else None
        batches = _batches(n, batch_size, num_epochs, shuffle, seed)

        def feed():
            index = next(batches)
            return {holders[k]: v[index] for k, v in arrays.items()}

        graph.add_to_collection(FEEDERS, feed)
        features = {k: holders[k] for k in x_dict}
        labels = {k: holders[k] for k in y_dict}
        features = features["__x__"] if "__x__" in features else features
        if y is None:
            return features
        return features, (labels["__y__"] if "__y__" in labels else labels)

    return input_fn
