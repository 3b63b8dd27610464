"""tf.distributions.Uniform on [low, high), reparameterized (low + range * U(0, 1)), as TF
1.15's uniform.py."""

import math

from tinytf.distributions import distribution, util
from tinytf.framework.op_def import name_scope
from tinytf.ops import check_ops, math_ops
from tinytf.ops.array_ops import concat, ones, ones_like, shape, zeros, zeros_like
from tinytf.ops.elementwise_ops import is_nan
from tinytf.ops.layout_ops import broadcast_dynamic_shape
from tinytf.ops.random_ops import random_uniform
from tinytf.ops.sort_ops import where_v2


class Uniform(util.ScalarEventParameters, distribution.Distribution):
    """The uniform distribution on [low, high)."""

    PARAMETERS = ("low", "high")

    def __init__(
        self, low=0.0, high=1.0, validate_args=False, allow_nan_stats=True, name="Uniform"
    ):
        parameters = dict(locals())
        with name_scope(name, values=[low, high]) as name:
            self._low, self._high = util.checked_identities(
                lambda: [
                    check_ops.assert_less(
                        low, high, message="uniform not defined when low >= high."
                    )
                ],
                validate_args,
                low=low,
                high=high,
            )
            check_ops.assert_same_float_dtype([self._low, self._high])
        super().__init__(
            dtype=self._low.dtype,
            reparameterization_type=distribution.FULLY_REPARAMETERIZED,
            validate_args=validate_args,
            allow_nan_stats=allow_nan_stats,
            parameters=parameters,
            graph_parents=[self._low, self._high],
            name=name,
        )

    @property
    def low(self):
        """Lower boundary of the support."""
        return self._low

    @property
    def high(self):
        """Upper boundary of the support."""
        return self._high

    def range(self, name="range"):
        """high - low."""
        with self._name_scope(name):
            return self.high - self.low

    def _sample_n(self, n, seed=None):
        sample_shape = concat([[n], self.batch_shape_tensor()], 0)
        samples = random_uniform(shape=sample_shape, dtype=self.dtype, seed=seed)
        return self.low + self.range() * samples

    def _prob(self, x):
        broadcasted_x = x * ones(self.batch_shape_tensor(), dtype=x.dtype)
        outside = math_ops.logical_or(broadcasted_x < self.low, broadcasted_x >= self.high)
        return where_v2(
            is_nan(broadcasted_x),
            broadcasted_x,
            where_v2(outside, zeros_like(broadcasted_x), ones_like(broadcasted_x) / self.range()),
        )

    def _cdf(self, x):
        broadcast_shape = broadcast_dynamic_shape(shape(x), self.batch_shape_tensor())
        zero = zeros(broadcast_shape, dtype=self.dtype)
        one = ones(broadcast_shape, dtype=self.dtype)
        broadcasted_x = x * one
        result_if_not_big = where_v2(x < self.low, zero, (broadcasted_x - self.low) / self.range())
        return where_v2(x >= self.high, one, result_if_not_big)

    def _entropy(self):
        return math_ops.log(self.range())

    def _mean(self):
        return (self.low + self.high) / 2.0

    def _variance(self):
        return math_ops.square(self.range()) / 12.0

    def _stddev(self):
        return self.range() / math.sqrt(12.0)
