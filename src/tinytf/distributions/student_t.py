"""tf.distributions.StudentT with degrees of freedom `df`, location `loc` and scale `scale`,
reparameterized (normal over root-gamma draws), as TF 1.15's student_t.py."""

import numpy as np

from tinytf.distributions import distribution, util
from tinytf.framework.op_def import name_scope
from tinytf.ops import check_ops, math_ops
from tinytf.ops.array_ops import concat, fill, identity, ones, ones_like
from tinytf.ops.check_ops import with_dependencies
from tinytf.ops.random_ops import random_gamma, random_normal
from tinytf.ops.sort_ops import where_v2
from tinytf.ops.special_math_ops import betainc, digamma, lbeta, lgamma


class StudentT(util.ScalarEventParameters, distribution.Distribution):
    """Student's t distribution."""

    PARAMETERS = ("df", "loc", "scale")

    def __init__(self, df, loc, scale, validate_args=False, allow_nan_stats=True, name="StudentT"):
        parameters = dict(locals())
        with name_scope(name, values=[df, loc, scale]) as name:
            self._df, self._loc, self._scale = util.checked_identities(
                lambda: [check_ops.assert_positive(df)], validate_args, df=df, loc=loc, scale=scale
            )
            check_ops.assert_same_float_dtype((self._df, self._loc, self._scale))
        super().__init__(
            dtype=self._scale.dtype,
            reparameterization_type=distribution.FULLY_REPARAMETERIZED,
            validate_args=validate_args,
            allow_nan_stats=allow_nan_stats,
            parameters=parameters,
            graph_parents=[self._df, self._loc, self._scale],
            name=name,
        )

    @property
    def df(self):
        """Degrees of freedom."""
        return self._df

    @property
    def loc(self):
        """Location (the mean where df > 1)."""
        return self._loc

    @property
    def scale(self):
        """Scale."""
        return self._scale

    def _sample_n(self, n, seed=None):
        sample_shape = concat([[n], self.batch_shape_tensor()], 0)
        normal_sample = random_normal(sample_shape, dtype=self.dtype, seed=seed)
        df = self.df * ones(self.batch_shape_tensor(), dtype=self.dtype)
        gamma_sample = random_gamma(
            [n],
            0.5 * df,
            beta=0.5,
            dtype=self.dtype,
            seed=util.gen_new_seed(seed, salt="student_t"),
        )
        samples = normal_sample * math_ops.rsqrt(gamma_sample / df)
        return samples * self.scale + self.loc  # Abs(scale) not wanted.

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _log_unnormalized_prob(self, x):
        y = (x - self.loc) / self.scale
        return -0.5 * (self.df + 1.0) * math_ops.log1p(y**2.0 / self.df)

    def _log_normalization(self):
        return (
            math_ops.log(math_ops.abs(self.scale))
            + 0.5 * math_ops.log(self.df)
            + 0.5 * np.log(np.pi)
            + lgamma(0.5 * self.df)
            - lgamma(0.5 * (self.df + 1.0))
        )

    def _cdf(self, x):
        y = (x - self.loc) / math_ops.abs(self.scale)
        x_t = self.df / (y**2.0 + self.df)
        neg_cdf = 0.5 * betainc(0.5 * self.df, 0.5, x_t)
        return where_v2(math_ops.less(y, 0.0), neg_cdf, 1.0 - neg_cdf)

    def _entropy(self):
        v = ones(self.batch_shape_tensor(), dtype=self.dtype)[..., None]
        u = v * self.df[..., None]
        beta_arg = concat([u, v], -1) / 2.0
        return (
            math_ops.log(math_ops.abs(self.scale))
            + 0.5 * math_ops.log(self.df)
            + lbeta(beta_arg)
            + 0.5 * (self.df + 1.0) * (digamma(0.5 * (self.df + 1.0)) - digamma(0.5 * self.df))
        )

    def _nan_where_df_le_1(self, value, message):
        if self.allow_nan_stats:
            nan = np.array(np.nan, dtype=self.dtype.as_numpy_dtype())
            batch_ones = ones(self.batch_shape_tensor(), dtype=self.dtype)
            return where_v2(
                math_ops.greater(self.df, batch_ones),
                value,
                fill(self.batch_shape_tensor(), nan, name="nan"),
            )
        return with_dependencies(
            [check_ops.assert_less(ones([], dtype=self.dtype), self.df, message=message)], value
        )

    def _mean(self):
        mean = self.loc * ones(self.batch_shape_tensor(), dtype=self.dtype)
        return self._nan_where_df_le_1(mean, "mean not defined for components of df <= 1")

    def _variance(self):
        denom = where_v2(math_ops.greater(self.df, 2.0), self.df - 2.0, ones_like(self.df))
        var = (
            ones(self.batch_shape_tensor(), dtype=self.dtype)
            * math_ops.square(self.scale)
            * self.df
            / denom
        )
        inf = np.array(np.inf, dtype=self.dtype.as_numpy_dtype())
        result_where_defined = where_v2(
            self.df > fill(self.batch_shape_tensor(), 2.0),
            var,
            fill(self.batch_shape_tensor(), inf, name="inf"),
        )
        return self._nan_where_df_le_1(
            result_where_defined, "variance not defined for components of df <= 1"
        )

    def _mode(self):
        return identity(self.loc)
