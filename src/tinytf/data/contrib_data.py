"""tf.contrib.data (TF 1.15): the tf.data.experimental transformations under their contrib
names, and the two contrib-only fused batchers. An import-only namespace for contrib to alias."""

from tinytf.data.experimental import (  # noqa: F401
    AUTOTUNE,
    Counter,
    choose_from_datasets,
    dense_to_sparse_batch,
    enumerate_dataset,
    ignore_errors,
    map_and_batch,
    parallel_interleave,
    sample_from_datasets,
    shuffle_and_repeat,
    unbatch,
)


def batch_and_drop_remainder(batch_size):
    """Dataset.batch(batch_size, drop_remainder=True) as a transformation."""
    return lambda d: d.batch(batch_size, drop_remainder=True)


def padded_batch_and_drop_remainder(batch_size, padded_shapes, padding_values=None):
    """Dataset.padded_batch(..., drop_remainder=True) as a transformation."""
    return lambda d: d.padded_batch(batch_size, padded_shapes, padding_values, True)


def sloppy_interleave(map_func, cycle_length, block_length=1):
    """parallel_interleave(sloppy=True); tinytf gives interleave's exact order."""
    return parallel_interleave(map_func, cycle_length, block_length, sloppy=True)
