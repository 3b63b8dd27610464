"""tf.distributions.Beta on (0, 1) with concentrations `concentration1` (alpha) and
`concentration0` (beta), sampled as a ratio of gamma draws, as TF 1.15's beta.py."""

from tinytf.distributions import distribution, kullback_leibler, util
from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import check_ops, math_ops
from tinytf.ops.array_ops import ones, ones_like, shape
from tinytf.ops.check_ops import with_dependencies
from tinytf.ops.elementwise_ops import xlogy
from tinytf.ops.random_ops import random_gamma
from tinytf.ops.special_math_ops import betainc, digamma, lgamma


class Beta(distribution.Distribution):
    """The Beta distribution: density x**(a - 1) (1 - x)**(b - 1) / B(a, b)."""

    def __init__(
        self,
        concentration1=None,
        concentration0=None,
        validate_args=False,
        allow_nan_stats=True,
        name="Beta",
    ):
        parameters = dict(locals())
        with name_scope(name, values=[concentration1, concentration0]) as name:
            self._concentration1 = self._maybe_assert_valid_concentration(
                convert_to_tensor(concentration1, name="concentration1"), validate_args
            )
            self._concentration0 = self._maybe_assert_valid_concentration(
                convert_to_tensor(concentration0, name="concentration0"), validate_args
            )
            check_ops.assert_same_float_dtype([self._concentration1, self._concentration0])
            self._total_concentration = self._concentration1 + self._concentration0
        super().__init__(
            dtype=self._total_concentration.dtype,
            validate_args=validate_args,
            allow_nan_stats=allow_nan_stats,
            reparameterization_type=distribution.FULLY_REPARAMETERIZED,
            parameters=parameters,
            graph_parents=[self._concentration1, self._concentration0, self._total_concentration],
            name=name,
        )

    @staticmethod
    def _param_shapes(sample_shape):
        return dict(
            zip(
                ["concentration1", "concentration0"],
                [convert_to_tensor(sample_shape, dtype=D.int32)] * 2,
            )
        )

    @property
    def concentration1(self):
        """Concentration of 1-outcomes (alpha)."""
        return self._concentration1

    @property
    def concentration0(self):
        """Concentration of 0-outcomes (beta)."""
        return self._concentration0

    @property
    def total_concentration(self):
        """concentration1 + concentration0."""
        return self._total_concentration

    def _batch_shape_tensor(self):
        return shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.get_shape()

    def _event_shape_tensor(self):
        return util.scalar_event_shape_tensor()

    def _event_shape(self):
        return TensorShape([])

    def _sample_n(self, n, seed=None):
        expanded1 = ones_like(self.total_concentration, dtype=self.dtype) * self.concentration1
        expanded0 = ones_like(self.total_concentration, dtype=self.dtype) * self.concentration0
        gamma1_sample = random_gamma(shape=[n], alpha=expanded1, dtype=self.dtype, seed=seed)
        gamma2_sample = random_gamma(
            shape=[n], alpha=expanded0, dtype=self.dtype, seed=util.gen_new_seed(seed, "beta")
        )
        return gamma1_sample / (gamma1_sample + gamma2_sample)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _prob(self, x):
        return math_ops.exp(self._log_prob(x))

    def _log_cdf(self, x):
        return math_ops.log(self._cdf(x))

    def _cdf(self, x):
        return betainc(self.concentration1, self.concentration0, x)

    def _log_unnormalized_prob(self, x):
        x = self._maybe_assert_valid_sample(x)
        return xlogy(self.concentration1 - 1.0, x) + (self.concentration0 - 1.0) * math_ops.log1p(
            -x
        )

    def _log_normalization(self):
        return (
            lgamma(self.concentration1)
            + lgamma(self.concentration0)
            - lgamma(self.total_concentration)
        )

    def _entropy(self):
        return (
            self._log_normalization()
            - (self.concentration1 - 1.0) * digamma(self.concentration1)
            - (self.concentration0 - 1.0) * digamma(self.concentration0)
            + (self.total_concentration - 2.0) * digamma(self.total_concentration)
        )

    def _mean(self):
        return self._concentration1 / self._total_concentration

    def _variance(self):
        return self._mean() * (1.0 - self._mean()) / (1.0 + self.total_concentration)

    def _mode(self):
        mode = (self.concentration1 - 1.0) / (self.total_concentration - 2.0)
        return util.nan_where_undefined(
            self,
            math_ops.logical_and(self.concentration1 > 1.0, self.concentration0 > 1.0),
            mode,
            lambda: [
                check_ops.assert_less(
                    ones([], dtype=self.dtype),
                    self.concentration1,
                    message="Mode undefined for concentration1 <= 1.",
                ),
                check_ops.assert_less(
                    ones([], dtype=self.dtype),
                    self.concentration0,
                    message="Mode undefined for concentration0 <= 1.",
                ),
            ],
        )

    def _maybe_assert_valid_concentration(self, concentration, validate_args):
        if not validate_args:
            return concentration
        return with_dependencies(
            [
                check_ops.assert_positive(
                    concentration, message="Concentration parameter must be positive."
                )
            ],
            concentration,
        )

    def _maybe_assert_valid_sample(self, x):
        if not self.validate_args:
            return x
        return with_dependencies(
            [
                check_ops.assert_positive(x, message="sample must be positive"),
                check_ops.assert_less(
                    x, ones([], self.dtype), message="sample must be less than `1`."
                ),
            ],
            x,
        )


@kullback_leibler.RegisterKL(Beta, Beta)
def _kl_beta_beta(d1, d2, name=None):
    def delta(attr):
        return getattr(d2, attr) - getattr(d1, attr)

    with name_scope(
        name,
        "kl_beta_beta",
        values=[
            d1.concentration1,
            d1.concentration0,
            d1.total_concentration,
            d2.concentration1,
            d2.concentration0,
            d2.total_concentration,
        ],
    ):
        return (
            d2._log_normalization()
            - d1._log_normalization()
            - digamma(d1.concentration1) * delta("concentration1")
            - digamma(d1.concentration0) * delta("concentration0")
            + digamma(d1.total_concentration) * delta("total_concentration")
        )
