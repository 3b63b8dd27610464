"""tf.contrib.learn.datasets: `mnist` and load_dataset('mnist')."""

from tinytf.contrib.learn.datasets import mnist

DATASETS = {"mnist": mnist.load_mnist}  # (iris, boston, dbpedia: data files tinytf lacks)


def load_dataset(name, size="small", test_with_fake_data=False):
    """The data set `name` (here 'mnist': read_data_sets('MNIST-data'))."""
    if name not in DATASETS:
        raise ValueError(f"Name of dataset is not found: {name}")
    return DATASETS[name]()
