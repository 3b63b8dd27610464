"""tf.nest (src/tinytf/util/nest.py) against real TF 1.15: every case of tests/util/nest_cases.py
gives what TF gave (values with their container types, error classes and messages), recorded by
tools/make_nest_fixtures.py in tests/util/golden/nest.json."""

import json
import logging
import pathlib
import re

import pytest

import tinytf as tf
from tests.util import nest_cases
from tinytf.util import nest

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "nest.json").read_text())
CASES = nest_cases.all_cases()
# the classes' modules are TF's in TF's messages: <class 'tensorflow...sparse_tensor.SparseTensor'>
_COMPOSITE_CLASS = re.compile(r"<class '[\w.]*\.(SparseTensor|IndexedSlices)'>")


def _plain(outcome):
    return json.loads(_COMPOSITE_CLASS.sub(r"<class '\1'>", json.dumps(outcome)))


def _has_tensor_array():
    try:
        from tinytf.ops.tensor_array import TensorArray  # noqa: F401
    except ImportError:
        return False
    return hasattr(tf, "TensorArray")


@pytest.mark.parametrize("name", sorted(GOLDEN["cases"]))
def test_case_matches_tf(name):
    if name == "composite/tensor_array_leaf" and not _has_tensor_array():
        pytest.skip("tinytf.ops.tensor_array is not there yet")
    got = _plain(nest_cases.outcome(tf, nest, CASES[name]))
    assert got == _plain(GOLDEN["cases"][name])


def test_every_case_has_a_golden_value():
    assert sorted(CASES) == sorted(GOLDEN["cases"])


def test_public_namespace_is_tf_nest():
    public = sorted(n for n in dir(tf.nest) if not n.startswith("_"))
    assert public == GOLDEN["public_names"]
    assert tf.nest.flatten is nest.flatten
    assert tf.compat.v1.nest.map_structure is nest.map_structure


def test_flatten_returns_the_same_leaf_objects():
    t, s = tf.constant(1.0), tf.SparseTensor([[0]], [2.0], [3])
    flat = nest.flatten({"b": [t], "a": s}, expand_composites=True)
    assert flat[:3] == [s.indices, s.values, s.dense_shape] and flat[3] is t
    assert nest.flatten({"b": [t], "a": s}) == [s, t]


def test_pack_builds_a_sparse_tensor_from_tensors():
    s = tf.SparseTensor([[0]], [2.0], [3])
    packed = nest.pack_sequence_as(
        [s], nest.flatten([s], expand_composites=True), expand_composites=True
    )[0]
    assert isinstance(packed, tf.SparseTensor) and packed.values is s.values


def test_tensor_array_is_a_leaf():
    tensor_array = pytest.importorskip("tinytf.ops.tensor_array")
    ta = tensor_array.TensorArray(tf.float32, 2)
    assert not nest.is_nested(ta) and not nest.is_sequence_or_composite(ta)
    assert nest.flatten({"ta": [ta]}, expand_composites=True) == [ta]
    assert nest.pack_sequence_as((1,), [ta], expand_composites=True) == (ta,)


def test_map_structure_up_to_passes_no_kwargs_to_func():
    # TF 1.15's map_structure_up_to hands **kwargs to a lambda that takes none
    with pytest.raises(TypeError, match="unexpected keyword argument 'k'"):
        nest.map_structure_up_to([0, 0], lambda x, k=0: x + k, [1, 2], k=10)
    got = nest.map_structure_with_tuple_paths_up_to([0], lambda p, x, k: (p, x + k), [1], k=10)
    assert got == [((0,), 11)]


def test_is_sequence_is_is_nested():
    assert nest.is_sequence([1]) and not nest.is_sequence("ab")
    assert nest.is_sequence_or_composite(tf.SparseTensor([[0]], [2.0], [3]))


def test_sets_warn_once(caplog):
    nest._warned_about_sets.clear()  # TF warns once a process, when it first meets a set
    nest._sequence_types.pop(set, None)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        assert nest.flatten([{1}, {2}]) == [{1}, {2}]
        nest.flatten({3})
    assert [r.getMessage() for r in caplog.records].count(
        "Sets are not currently considered sequences, but this may change in the future, "
        "so consider avoiding using them."
    ) == 1
