"""tf.distributions.Gamma (shape `concentration`, inverse scale `rate`) and its special case
Exponential, as TF 1.15's gamma.py and exponential.py; samples are reparameterized through
RandomGamma's gradient."""

import numpy as np

from tinytf.distributions import distribution, kullback_leibler, util
from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import check_ops, math_ops
from tinytf.ops.array_ops import concat, ones, shape
from tinytf.ops.check_ops import with_dependencies
from tinytf.ops.elementwise_ops import xlogy
from tinytf.ops.random_ops import random_gamma, random_uniform
from tinytf.ops.special_math_ops import digamma, igamma, lgamma


class Gamma(util.ScalarEventParameters, distribution.Distribution):
    """The Gamma distribution: density x**(c - 1) exp(-rate x) rate**c / Gamma(c)."""

    PARAMETERS = ("concentration", "rate")

    def __init__(
        self, concentration, rate, validate_args=False, allow_nan_stats=True, name="Gamma"
    ):
        parameters = dict(locals())
        with name_scope(name, values=[concentration, rate]) as name:
            self._concentration, self._rate = util.checked_identities(
                lambda: [check_ops.assert_positive(concentration), check_ops.assert_positive(rate)],
                validate_args,
                concentration=concentration,
                rate=rate,
            )
            check_ops.assert_same_float_dtype([self._concentration, self._rate])
        super().__init__(
            dtype=self._concentration.dtype,
            validate_args=validate_args,
            allow_nan_stats=allow_nan_stats,
            reparameterization_type=distribution.FULLY_REPARAMETERIZED,
            parameters=parameters,
            graph_parents=[self._concentration, self._rate],
            name=name,
        )

    @property
    def concentration(self):
        """The shape parameter."""
        return self._concentration

    @property
    def rate(self):
        """The inverse scale parameter."""
        return self._rate

    def _sample_n(self, n, seed=None):
        return random_gamma(
            shape=[n], alpha=self.concentration, beta=self.rate, dtype=self.dtype, seed=seed
        )

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _cdf(self, x):
        x = self._maybe_assert_valid_sample(x)
        return igamma(self.concentration, self.rate * x)

    def _log_unnormalized_prob(self, x):
        x = self._maybe_assert_valid_sample(x)
        return xlogy(self.concentration - 1.0, x) - self.rate * x

    def _log_normalization(self):
        return lgamma(self.concentration) - self.concentration * math_ops.log(self.rate)

    def _entropy(self):
        return (
            self.concentration
            - math_ops.log(self.rate)
            + lgamma(self.concentration)
            + (1.0 - self.concentration) * digamma(self.concentration)
        )

    def _mean(self):
        return self.concentration / self.rate

    def _variance(self):
        return self.concentration / math_ops.square(self.rate)

    def _stddev(self):
        return math_ops.sqrt(self.concentration) / self.rate

    def _mode(self):
        mode = (self.concentration - 1.0) / self.rate
        return util.nan_where_undefined(
            self,
            self.concentration > 1.0,
            mode,
            lambda: [
                check_ops.assert_less(
                    ones([], self.dtype),
                    self.concentration,
                    message="mode not defined when any concentration <= 1",
                )
            ],
        )

    def _maybe_assert_valid_sample(self, x):
        check_ops.assert_same_float_dtype(tensors=[x], dtype=self.dtype)
        if not self.validate_args:
            return x
        return with_dependencies([check_ops.assert_positive(x)], x)


@kullback_leibler.RegisterKL(Gamma, Gamma)
def _kl_gamma_gamma(g0, g1, name=None):
    with name_scope(
        name, "kl_gamma_gamma", values=[g0.concentration, g0.rate, g1.concentration, g1.rate]
    ):
        return (
            (g0.concentration - g1.concentration) * digamma(g0.concentration)
            + lgamma(g1.concentration)
            - lgamma(g0.concentration)
            + g1.concentration * math_ops.log(g0.rate)
            - g1.concentration * math_ops.log(g1.rate)
            + g0.concentration * (g1.rate / g0.rate - 1.0)
        )


class Exponential(Gamma):
    """The exponential distribution: Gamma(1, rate)."""

    def __init__(self, rate, validate_args=False, allow_nan_stats=True, name="Exponential"):
        parameters = dict(locals())
        with name_scope(name, values=[rate]) as name:
            self._rate = convert_to_tensor(rate, name="rate")
        super().__init__(
            concentration=ones([], dtype=self._rate.dtype),
            rate=self._rate,
            allow_nan_stats=allow_nan_stats,
            validate_args=validate_args,
            name=name,
        )
        self._parameters = parameters
        self._graph_parents += [self._rate]

    @staticmethod
    def _param_shapes(sample_shape):
        return {"rate": convert_to_tensor(sample_shape, dtype=D.int32)}

    @property
    def rate(self):
        """The rate (inverse mean)."""
        return self._rate

    def _log_survival_function(self, value):
        return self._log_prob(value) - math_ops.log(self._rate)

    def _sample_n(self, n, seed=None):
        sample_shape = concat([[n], shape(self._rate)], 0)
        # tiny, not 0, keeps -log(u) finite.
        sampled = random_uniform(
            sample_shape,
            minval=np.finfo(self.dtype.as_numpy_dtype).tiny,
            maxval=1.0,
            seed=seed,
            dtype=self.dtype,
        )
        return -math_ops.log(sampled) / self._rate
