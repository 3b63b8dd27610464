"""Every module under tinytf/tf_paths against the TF 1.15 module it mirrors: its names are TF's
(tf115_paths.json), each is the tinytf object TF exports it as, and a name taken from a tinytf
module by its name takes TF's parameters (golden/params.json); both files are recorded by
tools/make_import_path_fixtures.py."""

import importlib
import inspect
import json
from pathlib import Path

import pytest

import tinytf
from tinytf import tf_paths

ROOT = Path(tf_paths.__file__).parent
PARAMS = json.loads((Path(__file__).parent / "golden" / "params.json").read_text())
MODULES = sorted(
    ".".join(p.relative_to(ROOT.parent.parent).with_suffix("").parts)
    for p in ROOT.rglob("*.py")
    if p.name != "__init__.py"
)
# names whose value programs rely on: each must be the tinytf object named
SPOT = {
    "python.ops.array_ops": {"reshape": "reshape", "placeholder": "placeholder"},
    "python.ops.math_ops": {"matmul": "matmul", "reduce_sum": "reduce_sum"},
    "python.ops.nn_ops": {"relu": "nn.relu", "conv2d": "nn.conv2d"},
    "python.ops.variable_scope": {"get_variable": "get_variable"},
    "python.framework.ops": {"Graph": "Graph", "convert_to_tensor": "convert_to_tensor"},
    "python.framework.dtypes": {"float32": "float32", "as_dtype": "as_dtype"},
    "python.framework.errors": {"OpError": "errors.OpError"},
    "python.training.saver": {"Saver": "train.Saver"},
    "python.training.training": {"AdamOptimizer": "train.AdamOptimizer"},
    "python.util.compat": {"as_bytes": "compat.as_bytes"},
    "python.client.session": {"Session": "Session"},
}


def _import(name):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name and e.name.startswith(("tinytf.", "tensorboard")):
            pytest.skip(f"{e.name} is not there yet")  # built by another area
        raise


def _tf_params(module, name):
    value = PARAMS.get(module, {}).get(name)
    while isinstance(value, str) and value.startswith("="):  # re-exported from another module
        value = PARAMS.get(value[1:], {}).get(name)
    if value is None:
        return None
    return [p for p in value.split(",") if p and p not in ("args", "kwargs")]


def _params(obj):
    try:
        target = obj.__init__ if inspect.isclass(obj) else obj
        return [n for n in inspect.signature(target).parameters if n != "self"]
    except (TypeError, ValueError):
        return None


def _public(path):
    obj = tinytf
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def test_every_alias_mirrors_a_recorded_tf_module():
    table = tf_paths.table()
    assert len(MODULES) > 150
    assert all(tf_paths.tf_name(m) in table for m in MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_names_are_tfs_and_resolve(name):
    module = _import(name)
    tf_module = tf_paths.tf_name(name)
    recorded = tf_paths.table()[tf_module]
    names = module.__all__
    assert set(names) <= set(recorded)
    assert set(dir(module)) >= set(names)
    for n in set(recorded) - set(names):
        with pytest.raises(AttributeError, match="not in tinytf"):
            getattr(module, n)
    for n in names:
        obj = getattr(module, n)
        paths = recorded[n].split("|") if recorded[n] else []
        for path in paths:  # TF exports it: it is tinytf's export of the first path tinytf has
            try:
                assert obj is _public(path), (n, path)
                break
            except (AttributeError, ImportError):
                continue


@pytest.mark.parametrize("name", MODULES)
def test_names_found_by_name_take_tfs_parameters(name):
    module = _import(name)
    tf_module = tf_paths.tf_name(name)
    recorded = tf_paths.table()[tf_module]
    for n in module.__all__:
        obj = getattr(module, n)
        want = _tf_params(tf_module, n) if not recorded[n] and callable(obj) else None
        got = _params(obj) if want is not None else None
        if got is not None:
            assert got[: len(want)] == want, (n, want, got)


@pytest.mark.parametrize("module", sorted(SPOT))
def test_the_names_programs_use_most(module):
    alias = _import(f"tinytf.tf_paths.{module}")
    for name, public in SPOT[module].items():
        assert getattr(alias, name) is _public(public)


def test_omitted_names_are_absent():
    from tinytf.tf_paths.python.ops import variables

    assert "Variable" in tf_paths.table()["tensorflow.python.ops.variables"]
    with pytest.raises(AttributeError):
        variables.Variable  # noqa: B018  (TF's is TF 2's resource variable)
    assert variables.global_variables is tinytf.global_variables


def test_a_star_import_gives_the_names():
    namespace = {}
    exec("from tinytf.tf_paths.python.ops.clip_ops import *", namespace)
    assert namespace["clip_by_value"] is tinytf.clip_by_value


def test_generated_op_wrappers_come_from_the_op_registry():
    import tinytf as tf
    from tinytf.tf_paths import _snake
    from tinytf.tf_paths.python.ops import gen_array_ops, gen_math_ops, gen_nn_ops

    # TF's wrapper names (python_op_gen's snake case), as TF 1.15's gen_* modules spell them
    assert [_snake(t) for t in ("MatMul", "Conv2D", "LRNGrad", "AddV2", "BiasAddGrad")] == [
        "mat_mul", "conv2d", "lrn_grad", "add_v2", "bias_add_grad",
    ]
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    m = gen_math_ops.mat_mul(a, a, transpose_b=True, name="mm")
    r = gen_nn_ops.relu_grad(gradients=a, features=a - 2.5)
    i = gen_array_ops.identity(a)
    assert m.name == "mm:0" and m.op.type == "MatMul" and r.op.type == "ReluGrad"
    with tf.Session() as sess:
        got_m, got_r, got_i = sess.run([m, r, i])
    assert got_m.tolist() == [[5.0, 11.0], [11.0, 25.0]]  # a @ a.T
    assert got_r.tolist() == [[0.0, 0.0], [3.0, 4.0]]  # gradients where features > 0
    assert got_i.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    with pytest.raises(AttributeError):
        gen_math_ops.no_such_op  # noqa: B018
    # TF 1.15's names where its API renames the OpDef's: Mean's reduction_indices is `axis`
    mean = gen_math_ops.mean(a, axis=[0], keep_dims=True)
    squeezed = gen_array_ops.squeeze(mean, axis=[0])
    with tf.Session() as sess:
        assert sess.run(squeezed).tolist() == [2.0, 3.0]
