"""`import tensorflow` served by tinytf once the alias is installed (tinytf.tf_paths.install),
and never before."""

import importlib
import subprocess
import sys
import types

import pytest

import tinytf
from tinytf import tf_paths


@pytest.fixture
def alias():
    """Installs the alias for one test, then removes it and every `tensorflow*` module."""
    before = list(sys.meta_path)
    tf_paths.install()
    yield
    sys.meta_path[:] = before
    for name in [n for n in sys.modules if n == "tensorflow" or n.startswith("tensorflow.")]:
        del sys.modules[name]
    for name in ("python", "core"):  # `import tensorflow.python...` set tinytf.python
        if getattr(tinytf, name, None) is sys.modules.get(f"tinytf.tf_paths.{name}"):
            tinytf.__dict__.pop(name, None)


def test_tensorflow_is_the_tinytf_module(alias):
    import tensorflow as tf

    assert tf is tinytf
    assert tinytf.__spec__.name == "tinytf"  # the module keeps its own spec


def test_public_namespaces_are_tinytf_modules(alias):
    import tensorflow.compat.v1 as v1
    from tensorflow.compat import v1 as v1_again
    from tensorflow.examples.tutorials.mnist import input_data

    assert v1 is v1_again is tinytf.compat.v1
    assert input_data is importlib.import_module("tinytf.examples.tutorials.mnist.input_data")
    assert v1.placeholder is tinytf.placeholder


def test_internal_paths_are_the_alias_modules(alias):
    import tensorflow.python.ops.array_ops
    from tensorflow.python.framework import ops
    from tensorflow.python.ops import array_ops

    assert array_ops is sys.modules["tinytf.tf_paths.python.ops.array_ops"]
    assert tensorflow.python.ops.array_ops is array_ops
    assert array_ops.reshape is tinytf.reshape
    assert ops.Graph is tinytf.Graph
    assert ops.get_default_graph is tinytf.get_default_graph


def test_from_import_of_a_name(alias):
    from tensorflow.python.framework.ops import Graph, name_scope

    assert Graph is tinytf.Graph and name_scope is tinytf.name_scope
    with pytest.raises(ImportError, match="cannot import name 'EagerTensor'"):
        from tensorflow.python.framework.ops import EagerTensor  # noqa: F401


def test_proto_paths_are_tensorboards_protos(alias):
    pytest.importorskip("tensorboard")
    from tensorflow.core.framework import graph_pb2
    from tensorflow.core.protobuf import config_pb2

    assert graph_pb2.GraphDef is tinytf.GraphDef
    assert config_pb2.ConfigProto is tinytf.ConfigProto


@pytest.mark.parametrize(
    "name, reason",
    [("tensorflow.keras", "no Keras"), ("tensorflow.compat.v2", "TF 1.x API only")],
)
def test_left_out_modules_say_why(alias, name, reason):
    with pytest.raises(ModuleNotFoundError, match=reason):
        importlib.import_module(name)


@pytest.mark.parametrize(
    "name", ["tensorflow.no_such_module", "tensorflow.framework", "tensorflow.python.nope"]
)
def test_unknown_and_private_paths_are_not_found(alias, name):
    # tinytf.framework is tinytf's own package, not TF's `tensorflow.framework` (none exists)
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(name)


def test_install_twice_adds_one_finder(alias):
    tf_paths.install()
    assert sum(isinstance(f, tf_paths.TensorflowFinder) for f in sys.meta_path) == 1
    assert isinstance(sys.meta_path[0], tf_paths.TensorflowFinder)


def test_install_refuses_when_a_real_tensorflow_is_imported():
    fake = types.ModuleType("tensorflow")
    sys.modules["tensorflow"] = fake
    try:
        with pytest.raises(ImportError, match="already imported"):
            tf_paths.install()
        assert not tf_paths.installed()
    finally:
        del sys.modules["tensorflow"]


def test_target_maps_tf_names_to_tinytf_modules():
    assert tf_paths.target("tensorflow") == "tinytf"
    assert tf_paths.target("tensorflow.compat.v1") == "tinytf.compat.v1"
    assert tf_paths.target("tensorflow.python.ops.nn") == "tinytf.tf_paths.python.ops.nn"
    assert tf_paths.target("tensorflow.keras") is None
    assert tf_paths.target("numpy") is None


def test_importing_tinytf_never_installs_the_alias():
    code = (
        "import sys, tinytf, tinytf.check, tinytf.tf_paths as p\n"
        "import tinytf.tf_paths.python.ops.array_ops\n"
        "print(p.installed(), 'tensorflow' in sys.modules)\n"
        "try:\n    import tensorflow\nexcept ImportError:\n    print('no tensorflow')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["False False", "no tensorflow"]


def test_as_tensorflow_installs_the_alias():
    code = "import tinytf.as_tensorflow\nimport tensorflow as tf, tinytf\nprint(tf is tinytf)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "True\n"


def test_only_tfs_names_come_from_a_source_module():
    from tinytf.ops import array_ops as ours
    from tinytf.tf_paths.python.ops import array_ops

    assert hasattr(ours, "Reshape")  # tinytf's OpDef class, not a name of TF's array_ops
    with pytest.raises(AttributeError, match="not in tinytf"):
        array_ops.Reshape  # noqa: B018


def test_an_alias_whose_source_is_missing_fails_alone():
    module = types.ModuleType("tinytf.tf_paths.python.ops.fake_ops")
    sys.modules[module.__name__] = module
    try:
        with pytest.raises(ModuleNotFoundError, match="tinytf.no_such_module"):
            tf_paths.alias(module.__name__, "tinytf.no_such_module")
    finally:
        del sys.modules[module.__name__]
    from tinytf.tf_paths.python.ops import math_ops

    assert math_ops.matmul is tinytf.matmul
