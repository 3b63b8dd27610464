"""tf.test's program-level functions (TF 1.15's platform/test.py and googletest.py): main, the
program's temp directory, build facts, and StubOutForTesting.

    if __name__ == "__main__":
        tf.test.main()
"""

import atexit
import inspect
import os
import shutil
import sys
import tempfile

from tinytf.platform import benchmark
from tinytf.platform import tf_logging as logging

_temp_dir = []  # made once per program, removed at exit


def main(argv=None):
    """Runs the TestCases of __main__ (absltest inside absl's app.run; argv defaults to
    sys.argv), or with --benchmarks=REGEX the matching tf.test.Benchmark methods. Exits the
    program: status 0 when every test passed, 1 otherwise."""
    from absl.testing import absltest

    from tinytf.platform import app

    def main_wrapper():
        args = sys.argv if argv is None else argv
        return app.run(main=lambda remaining: absltest.main(argv=remaining), argv=args)

    return benchmark.benchmarks_main(true_main=main_wrapper)


def get_temp_dir():
    """This program's temporary directory (made on first call, removed when it exits):
    under $TEST_TMPDIR when set, else named after the program file."""
    if not _temp_dir:
        if os.environ.get("TEST_TMPDIR"):
            path = tempfile.mkdtemp(prefix=os.environ["TEST_TMPDIR"])
        else:
            program = os.path.basename(inspect.getfile(inspect.stack()[-1].frame))
            # TF strips the characters '.', 'p', 'y' from the end (not the suffix '.py')
            path = tempfile.mkdtemp(
                prefix=os.path.join(tempfile.gettempdir(), program).rstrip(".py")
            )
        atexit.register(_remove_temp_dir, path)
        _temp_dir.append(path)
    return _temp_dir[0]


def _remove_temp_dir(path):
    try:
        shutil.rmtree(path)
    except OSError as e:
        logging.error("Error removing %s: %s", path, e)


def test_src_dir_path(relative_path):
    """$TEST_SRCDIR/org_tensorflow/tensorflow/<relative_path> (Bazel's runfiles; KeyError
    when TEST_SRCDIR is unset, as in TF)."""
    return os.path.join(os.environ["TEST_SRCDIR"], "org_tensorflow/tensorflow", relative_path)


def is_built_with_cuda():
    """Whether this build supports CUDA GPUs: tinytf runs on NumPy, so False."""
    return False


def is_built_with_rocm():
    """Whether this build supports ROCm GPUs: False."""
    return False


def is_built_with_gpu_support():
    """Whether this build supports any GPU (CUDA or ROCm): False."""
    return is_built_with_cuda() or is_built_with_rocm()


class StubOutForTesting:
    """Replaces attributes for a test and puts the originals back (CleanUp, or on exit):

    >>> stubs = tf.test.StubOutForTesting()
    >>> stubs.Set(os.path, "exists", lambda path: True)
    >>> stubs.CleanUp()
    """

    def __init__(self):
        self.cache = []
        self.stubs = []

    def __del__(self):
        self.CleanUp()

    def __enter__(self):
        return self

    def __exit__(self, unused_exc_type, unused_exc_value, unused_tb):
        self.CleanUp()

    def CleanUp(self):
        """Undoes every SmartSet() and Set()."""
        self.SmartUnsetAll()
        self.UnsetAll()

    def SmartSet(self, obj, attr_name, new_attr):
        """Sets obj.attr_name; for an instance whose own __dict__ lacks it, on its class."""
        if inspect.ismodule(obj) or (not inspect.isclass(obj) and attr_name in obj.__dict__):
            target = obj
        else:
            if not hasattr(obj, attr_name):
                raise AttributeError("Attribute not found.")
            target = obj if inspect.isclass(obj) else type(obj)
        self.stubs.append((target, attr_name, _original(obj, attr_name)))
        setattr(target, attr_name, new_attr)

    def SmartUnsetAll(self):
        """Undoes the SmartSet() calls, last first."""
        for args in reversed(self.stubs):
            setattr(*args)
        self.stubs = []

    def Set(self, parent, child_name, new_child):
        """Sets parent.child_name (a module's function, a class's method) to new_child."""
        self.cache.append((parent, _original(parent, child_name), child_name))
        setattr(parent, child_name, new_child)

    def UnsetAll(self):
        """Undoes the Set() calls, last first (so repeated stubs restore the first original)."""
        for parent, old_child, child_name in reversed(self.cache):
            setattr(parent, child_name, old_child)
        self.cache = []


def _original(obj, name):
    # getattr turns a staticmethod into a plain function: wrap it again so restoring keeps it
    value = getattr(obj, name)
    if isinstance(getattr(obj, "__dict__", {}).get(name), staticmethod):
        return staticmethod(value)
    return value
