"""tf.data."""

from tinytf.data.dataset_ops import Dataset  # noqa: F401
from tinytf.data.iterator_ops import Iterator  # noqa: F401

# Imported on first use, so that `import tinytf` stays fast.
_LAZY = {
    "experimental": ("tinytf.data.experimental", None),
    "FixedLengthRecordDataset": ("tinytf.data.readers", "FixedLengthRecordDataset"),
    "Options": ("tinytf.data.options", "Options"),
    "TFRecordDataset": ("tinytf.data.readers", "TFRecordDataset"),
    "TextLineDataset": ("tinytf.data.readers", "TextLineDataset"),
}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'tinytf.data' has no attribute '{name}'")
    import importlib

    module_name, attr = _LAZY[name]
    value = importlib.import_module(module_name)
    value = value if attr is None else getattr(value, attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def make_one_shot_iterator(dataset):
    """dataset.make_one_shot_iterator()."""
    return dataset.make_one_shot_iterator()


def make_initializable_iterator(dataset, shared_name=None):
    """dataset.make_initializable_iterator(shared_name)."""
    return dataset.make_initializable_iterator(shared_name)


def get_output_types(dataset_or_iterator):
    """The output_types of a Dataset or Iterator."""
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator):
    """The output_shapes of a Dataset or Iterator."""
    return dataset_or_iterator.output_shapes


def get_output_classes(dataset_or_iterator):
    """The output_classes of a Dataset or Iterator."""
    return dataset_or_iterator.output_classes
