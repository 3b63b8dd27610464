"""TF 1.x's deprecated top-level spellings (tf.to_double, tf.realdiv, tf.lin_space, tf.op_scope,
...): op types, names, dtypes and values as TF 1.15's (tools/make_bugfix_fixtures.py)."""

import pathlib

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.ops.bugfix_cases import CASES

GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "bugfix")


def test_deprecated_aliases_match_tf():
    check_case(tf, CASES, "deprecated_aliases", GOLDEN)


def test_plain_aliases_are_the_same_functions():
    assert tf.lin_space is tf.linspace and tf.reverse_v2 is tf.reverse
    assert tf.NoGradient is tf.NotDifferentiable and tf.no_gradient is tf.NotDifferentiable
    assert tf.initialize_all_tables is tf.tables_initializer
    assert tf.compat.v1.to_double is tf.to_double


def test_tables_initializer_groups_the_table_initializers():
    a, b = tf.no_op(name="a"), tf.no_op(name="b")
    tf.add_to_collection(tf.GraphKeys.TABLE_INITIALIZERS, a)
    tf.add_to_collection(tf.GraphKeys.TABLE_INITIALIZERS, b)
    init = tf.tables_initializer()
    assert init.name == "init_all_tables" and set(init.control_inputs) == {a, b}
