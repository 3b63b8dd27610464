"""tf.estimator.inputs.pandas_input_fn: batches of a pandas DataFrame's columns (and a target
Series or DataFrame) for an Estimator, fed as numpy_input_fn feeds its arrays. pandas is an
optional extra, imported when the function is called."""

import numpy as np

from tinytf.estimator import numpy_io


def _check_target(x, y, target_column):
    if target_column in x:
        raise ValueError(
            f"Cannot use name {target_column} for target column: DataFrame already has a "
            f"column with that name: {x.columns}"
        )
    if not np.array_equal(x.index, y.index):
        raise ValueError(
            f"Index for x and y are mismatched.\nIndex for x: {x.index}\nIndex for y: {y.index}\n"
        )


def _targets(pd, x, y, target_column):
    """(the label arrays keyed apart from x's columns, {that key: the label's name})."""
    if not isinstance(y, pd.DataFrame):
        return y.to_numpy(), None
    keys = {}
    for column in y.columns:
        key = f"__target_{len(keys)}__"
        while key in x:
            key = f"_{key}"
        keys[key] = column
    return {key: y[column].to_numpy() for key, column in keys.items()}, keys


def pandas_input_fn(
    x,
    y=None,
    batch_size=128,
    num_epochs=1,
    shuffle=None,
    queue_capacity=1000,
    num_threads=1,
    target_column="target",
):
    """An input_fn giving ({column: batch}, target) of DataFrame `x` and Series (or
    DataFrame: a dict of targets) `y`, whose index must match x's; `num_epochs=None` repeats
    forever."""
    try:
        import pandas as pd
    except ImportError:
        raise TypeError("pandas_input_fn should not be called without pandas installed") from None
    if not isinstance(shuffle, bool):
        raise ValueError(
            "shuffle must be provided and explicitly set as boolean (it is recommended to set "
            f"it as True for training); got {shuffle}"
        )
    if not isinstance(target_column, str):
        raise TypeError("target_column must be a string type")
    features = {column: x[column].to_numpy() for column in x.columns}
    labels, names = None, None
    if y is not None:
        _check_target(x, y, target_column)
        labels, names = _targets(pd, x, y, target_column)
    numpy_fn = numpy_io.numpy_input_fn(
        features, labels, batch_size, num_epochs, shuffle, queue_capacity, num_threads
    )

    def input_fn():
        result = numpy_fn()
        if names is None:
            return result
        batch, targets = result
        return batch, {names[key]: value for key, value in targets.items()}

    return input_fn
