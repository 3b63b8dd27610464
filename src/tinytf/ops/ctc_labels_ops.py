"""tf.nn.ctc_unique_labels: TF 1.15's composition (ctc_ops.py) of unique, pad and map_fn."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope


def _dim(t, i):
    from tinytf.ops.array_ops import shape

    return t.shape[i].value or shape(t)[i]


def ctc_unique_labels(labels, name=None):
    """(unique labels of each row, zero-padded and int64; each label's index among them)."""
    from tinytf.ops.array_ops import pad
    from tinytf.ops.functional_ops import map_fn
    from tinytf.ops.math_ops import cast
    from tinytf.ops.sort_ops import unique

    with name_scope(name, "ctc_unique_labels", [labels]):
        labels = convert_to_tensor(labels, name="labels")

        def _unique(x):
            y, idx = unique(x)  # NOTE: tinytf's unique gives a plain tuple (TF: namedtuple)
            y = pad(y, [[0, _dim(idx, 0) - _dim(y, 0)]])
            return [cast(y, D.int64), idx]

        return map_fn(_unique, labels, dtype=[D.int64, D.int32])
