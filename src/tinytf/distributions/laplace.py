"""tf.distributions.Laplace with location `loc` and scale `scale`, reparameterized (inverse
CDF of a uniform draw), as TF 1.15's laplace.py."""

import math

import numpy as np

from tinytf.distributions import distribution, special_math, util
from tinytf.framework.op_def import name_scope
from tinytf.ops import check_ops, math_ops
from tinytf.ops.array_ops import concat, zeros_like
from tinytf.ops.random_ops import random_uniform


class Laplace(util.ScalarEventParameters, distribution.Distribution):
    """The Laplace distribution: density exp(-|x - loc| / scale) / (2 scale)."""

    PARAMETERS = ("loc", "scale")

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Laplace"):
        parameters = dict(locals())
        with name_scope(name, values=[loc, scale]) as name:
            self._loc, self._scale = util.checked_identities(
                lambda: [check_ops.assert_positive(scale)], validate_args, loc=loc, scale=scale
            )
            check_ops.assert_same_float_dtype([self._loc, self._scale])
            super().__init__(
                dtype=self._loc.dtype,
                reparameterization_type=distribution.FULLY_REPARAMETERIZED,
                validate_args=validate_args,
                allow_nan_stats=allow_nan_stats,
                parameters=parameters,
                graph_parents=[self._loc, self._scale],
                name=name,
            )

    @property
    def loc(self):
        """The location (mean, median and mode)."""
        return self._loc

    @property
    def scale(self):
        """The scale."""
        return self._scale

    def _sample_n(self, n, seed=None):
        sample_shape = concat([[n], self.batch_shape_tensor()], 0)
        np_dtype = self.dtype.as_numpy_dtype
        # (-1, 1) open at -1, so that log1p(-|u|) stays finite.
        uniform_samples = random_uniform(
            shape=sample_shape,
            minval=np.nextafter(np_dtype(-1.0), np_dtype(0.0)),
            maxval=1.0,
            dtype=self.dtype,
            seed=seed,
        )
        return self.loc - self.scale * math_ops.sign(uniform_samples) * math_ops.log1p(
            -math_ops.abs(uniform_samples)
        )

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _prob(self, x):
        return math_ops.exp(self._log_prob(x))

    def _log_cdf(self, x):
        return special_math.log_cdf_laplace(self._z(x))

    def _log_survival_function(self, x):
        return special_math.log_cdf_laplace(-self._z(x))

    def _cdf(self, x):
        z = self._z(x)
        return 0.5 + 0.5 * math_ops.sign(z) * (1.0 - math_ops.exp(-math_ops.abs(z)))

    def _log_unnormalized_prob(self, x):
        return -math_ops.abs(self._z(x))

    def _log_normalization(self):
        return math.log(2.0) + math_ops.log(self.scale)

    def _entropy(self):
        scale = self.scale + zeros_like(self.loc)
        return math.log(2.0) + 1.0 + math_ops.log(scale)

    def _mean(self):
        return self.loc + zeros_like(self.scale)

    def _stddev(self):
        return math.sqrt(2.0) * self.scale + zeros_like(self.loc)

    def _mode(self):
        return self._mean()

    def _z(self, x):
        return (x - self.loc) / self.scale
