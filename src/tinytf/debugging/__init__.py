"""tf.debugging: the run-time checks (tf.assert_*, check_numerics) and value predicates."""

from tinytf.ops.check_ops import (  # noqa: F401
    Assert_ as Assert,
    assert_equal,
    assert_greater,
    assert_greater_equal,
    assert_integer,
    assert_less,
    assert_less_equal,
    assert_near,
    assert_negative,
    assert_non_negative,
    assert_non_positive,
    assert_none_equal,
    assert_positive,
    assert_proper_iterable,
    assert_rank,
    assert_rank_at_least,
    assert_rank_in,
    assert_same_float_dtype,
    assert_scalar,
    assert_shapes,
    assert_type,
    is_non_decreasing,
    is_numeric_tensor,
    is_strictly_increasing,
    verify_tensor_all_finite as assert_all_finite,
)
from tinytf.ops.debug_ops import check_numerics  # noqa: F401
from tinytf.ops.elementwise_ops import is_finite, is_inf, is_nan  # noqa: F401
from tinytf.runtime.placement import (  # noqa: F401, E402
    get_log_device_placement,
    set_log_device_placement,
)
