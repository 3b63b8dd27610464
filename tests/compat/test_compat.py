"""tf.compat and the compat switches, against real TF 1.15's values (golden/compat.json, made by
tools/make_import_path_fixtures.py)."""

import ast
import json
import pathlib
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf

GOLDEN = json.loads((Path(__file__).parent / "golden" / "compat.json").read_text())


@pytest.mark.parametrize("fn", ["as_bytes", "as_text", "as_str_any", "path_to_str"])
def test_string_helpers_match_tf(fn):
    for arg, want in GOLDEN[fn]:
        value = eval(arg, {"PosixPath": pathlib.PosixPath})  # the recorded repr()s
        assert repr(getattr(tf.compat, fn)(value)) == want, (fn, arg)


def test_as_str_is_as_text_on_python3():
    assert tf.compat.as_str is tf.compat.as_text


def test_as_bytes_of_bytearray_is_bytes():
    assert tf.compat.as_bytes(bytearray(b"ab")) == b"ab"
    assert type(tf.compat.as_bytes(bytearray(b"ab"))) is bytes


def test_as_bytes_of_a_number_raises_tf_message():
    with pytest.raises(TypeError) as e:
        tf.compat.as_bytes(3)
    assert str(e.value) == GOLDEN["as_bytes_error"]
    with pytest.raises(TypeError, match="Expected binary or unicode string"):
        tf.compat.as_text(3)


def test_as_text_uses_the_encoding():
    assert tf.compat.as_text("é".encode("latin-1"), encoding="latin-1") == "é"
    assert tf.compat.as_bytes("é", encoding="latin-1") == b"\xe9"


def test_type_tuples_match_tf():
    for name, want in GOLDEN["types"].items():
        assert [t.__name__ for t in getattr(tf.compat, name)] == want
    assert isinstance(np.int64(1), tf.compat.integral_types)
    assert not isinstance(1.5, tf.compat.integral_types)
    assert isinstance(np.float32(1), tf.compat.real_types)


def test_forward_compatible_matches_tf_horizon():
    for (year, month, day), want in GOLDEN["forward_compatible"]:
        assert tf.compat.forward_compatible(year, month, day) is want


def test_forward_compatibility_horizon_moves_and_restores():
    assert not tf.compat.forward_compatible(2030, 1, 1)
    with tf.compat.forward_compatibility_horizon(2031, 1, 1):
        assert tf.compat.forward_compatible(2030, 1, 1)
    assert not tf.compat.forward_compatible(2030, 1, 1)


def test_compat_has_tf_names_except_v2():
    ours = {n for n in GOLDEN["compat_names"] if hasattr(tf.compat, n)}
    assert set(GOLDEN["compat_names"]) - ours <= {"v2", "dimension_at_index"}
    assert tf.compat.dimension_value is tf.dimension_value


def test_compat_v2_is_absent_with_a_reason():
    assert not hasattr(tf.compat, "v2")  # TensorBoard tests this to pick its TF 2 code paths
    with pytest.raises(AttributeError, match="TF 1.x API only"):
        tf.compat.v2  # noqa: B018


def test_compat_v1_is_tinytf():
    v1 = tf.compat.v1
    for name in (
        "placeholder",
        "Session",
        "nn",
        "train",
        "disable_v2_behavior",
        "compat",
        "version",
    ):
        assert getattr(v1, name) is getattr(tf, name)


def test_compat_v1_serves_the_lazy_namespaces():
    assert tf.compat.v1.estimator is tf.estimator


@pytest.mark.parametrize(
    "name", ["executing_eagerly", "resource_variables_enabled", "control_flow_v2_enabled"]
)
def test_queries_answer_as_tf_1_15(name):
    assert getattr(tf, name)() is GOLDEN["switches"][name]
    assert getattr(tf.compat.v1, name) is getattr(tf, name)


@pytest.mark.parametrize(
    "name",
    [
        "disable_v2_behavior",
        "disable_eager_execution",
        "disable_resource_variables",
        "disable_control_flow_v2",
        "disable_tensor_equality",
        "disable_v2_tensorshape",
    ],
)
def test_disable_switches_keep_tf1_behaviour(name):
    assert getattr(tf, name)() is None
    x = tf.placeholder(tf.float32, [2, None])
    assert not tf.executing_eagerly()
    assert isinstance(x.shape[0], tf.Dimension)  # v1 TensorShape
    assert {x: 1}[x] == 1 and (x == x) is True  # v1 tensors: hashable, == is identity
    v = tf.Variable(1.0)
    assert v.dtype != tf.float32 and v.dtype.base_dtype == tf.float32  # float32_ref


@pytest.mark.parametrize(
    "name",
    [
        "enable_eager_execution",
        "enable_v2_behavior",
        "enable_resource_variables",
        "enable_control_flow_v2",
        "enable_tensor_equality",
        "enable_v2_tensorshape",
    ],
)
def test_enable_switches_are_absent_with_a_reason(name):
    # tinytf cannot turn TF 2 behaviour on: the name is absent (never a no-op that lies)
    assert not hasattr(tf, name)
    for module in (tf, tf.compat.v1):
        with pytest.raises(AttributeError, match=f"{name}': tinytf"):
            getattr(module, name)


def test_switch_module_states_reasons_for_every_absent_switch():
    from tinytf.compat import _switches

    tree = ast.parse(Path(_switches.__file__).read_text())
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert not defined & set(_switches.NOT_IN_TINYTF)
