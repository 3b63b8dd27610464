"""RaggedTensorValue: what Session.run gives for a RaggedTensor (NumPy values and row_splits)."""

import numpy as np


class RaggedTensorValue:
    """The value of a RaggedTensor: a NumPy `values` array (or RaggedTensorValue) split into
    rows by the 1-D int32/int64 NumPy `row_splits`."""

    def __init__(self, values, row_splits):
        if not (
            isinstance(row_splits, (np.ndarray, np.generic))
            and row_splits.dtype in (np.int64, np.int32)
            and row_splits.ndim == 1
        ):
            raise TypeError("row_splits must be a 1D int32 or int64 numpy array")
        if not isinstance(values, (np.ndarray, np.generic, RaggedTensorValue)):
            raise TypeError("values must be a numpy array or a RaggedTensorValue")
        if isinstance(values, RaggedTensorValue) and row_splits.dtype != values.row_splits.dtype:
            raise ValueError("row_splits and values.row_splits must have the same dtype")
        self._values = values
        self._row_splits = row_splits

    row_splits = property(lambda self: self._row_splits)
    values = property(lambda self: self._values)
    dtype = property(lambda self: self._values.dtype)

    @property
    def flat_values(self):
        """The innermost values array."""
        inner = self._values
        while isinstance(inner, RaggedTensorValue):
            inner = inner.values
        return inner

    @property
    def nested_row_splits(self):
        """The row_splits of every ragged dimension, outermost first."""
        out, inner = [self._row_splits], self._values
        while isinstance(inner, RaggedTensorValue):
            out.append(inner.row_splits)
            inner = inner.values
        return tuple(out)

    @property
    def ragged_rank(self):
        """The number of ragged dimensions."""
        inner = self._values
        return inner.ragged_rank + 1 if isinstance(inner, RaggedTensorValue) else 1

    @property
    def shape(self):
        """(nrows, None, ...the values' inner dimensions)."""
        return (self._row_splits.shape[0] - 1, None) + self._values.shape[1:]

    def to_list(self):
        """This value as a nested Python list."""
        inner = self._values
        items = inner.to_list() if isinstance(inner, RaggedTensorValue) else inner.tolist()
        splits = self._row_splits
        return [items[splits[i] : splits[i + 1]] for i in range(len(splits) - 1)]

    def __str__(self):
        return f"<tf.RaggedTensorValue {self.to_list()}>"

    def __repr__(self):
        return f"tf.RaggedTensorValue(values={self._values!r}, row_splits={self._row_splits!r})"
