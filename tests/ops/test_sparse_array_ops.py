"""tf.sparse's layout ops (sparse_array_ops: reorder, reshape, slice, split, concat,
fill_empty_rows, retain, reset_shape, transpose, expand_dims, eye, merge, to_indicator, mask,
from_dense) against real TF 1.15 (tests/ops/sparse_debugging_golden.py); their gradients are
checked in test_sparse_math_ops.py beside the others."""

import pytest

from tests.ops import sparse_debugging_cases as cases
from tests.ops.sparse_debugging_golden import GOLDEN, check_golden_case, check_golden_error


@pytest.mark.parametrize("key", sorted(set(cases.SPARSE) & cases.ARRAY_KEYS))
def test_sparse_layout_op_matches_tf(key):
    check_golden_case(cases.SPARSE[key], GOLDEN["sparse"][key])


@pytest.mark.parametrize("key", sorted(set(cases.SPARSE_BAD) & cases.ARRAY_KEYS))
def test_sparse_layout_op_fails_as_tf(key):
    check_golden_error(cases.SPARSE_BAD[key], GOLDEN["sparse_bad"][key])
