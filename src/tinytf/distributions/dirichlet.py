"""tf.distributions.Dirichlet over the (K-1)-simplex with `concentration` on the last axis,
sampled as normalized gamma draws (reparameterized), as TF 1.15's dirichlet.py."""

import numpy as np

from tinytf.distributions import distribution, kullback_leibler
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import check_ops, math_ops
from tinytf.ops.array_ops import fill, ones, shape
from tinytf.ops.check_ops import with_dependencies
from tinytf.ops.elementwise_ops import xlogy
from tinytf.ops.linalg_ops import matrix_set_diag
from tinytf.ops.random_ops import random_gamma
from tinytf.ops.reduction_ops import reduce_all, reduce_sum
from tinytf.ops.sort_ops import where_v2
from tinytf.ops.special_math_ops import digamma, lbeta


def outer_covariance(x, y, variance):
    """-x y^T (outer product per batch) with `variance` on the diagonal."""
    return matrix_set_diag(-math_ops.matmul(x[..., None], y[..., None, :]), variance)


class Dirichlet(distribution.Distribution):
    """The Dirichlet distribution."""

    def __init__(self, concentration, validate_args=False, allow_nan_stats=True, name="Dirichlet"):
        parameters = dict(locals())
        with name_scope(name, values=[concentration]) as name:
            self._concentration = self._maybe_assert_valid_concentration(
                convert_to_tensor(concentration, name="concentration"), validate_args
            )
            self._total_concentration = reduce_sum(self._concentration, -1)
        super().__init__(
            dtype=self._concentration.dtype,
            validate_args=validate_args,
            allow_nan_stats=allow_nan_stats,
            reparameterization_type=distribution.FULLY_REPARAMETERIZED,
            parameters=parameters,
            graph_parents=[self._concentration, self._total_concentration],
            name=name,
        )

    @property
    def concentration(self):
        """Concentration of each class (the last axis)."""
        return self._concentration

    @property
    def total_concentration(self):
        """Sum of the concentrations over the last axis."""
        return self._total_concentration

    def _batch_shape_tensor(self):
        return shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.get_shape()

    def _event_shape_tensor(self):
        return shape(self.concentration)[-1:]

    def _event_shape(self):
        return self.concentration.get_shape().with_rank_at_least(1)[-1:]

    def _sample_n(self, n, seed=None):
        gamma_sample = random_gamma(
            shape=[n], alpha=self.concentration, dtype=self.dtype, seed=seed
        )
        return gamma_sample / reduce_sum(gamma_sample, -1, keepdims=True)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _prob(self, x):
        return math_ops.exp(self._log_prob(x))

    def _log_unnormalized_prob(self, x):
        x = self._maybe_assert_valid_sample(x)
        return reduce_sum(xlogy(self.concentration - 1.0, x), -1)

    def _log_normalization(self):
        return lbeta(self.concentration)

    def _entropy(self):
        k = math_ops.cast(self.event_shape_tensor()[0], self.dtype)
        return (
            self._log_normalization()
            + (self.total_concentration - k) * digamma(self.total_concentration)
            - reduce_sum((self.concentration - 1.0) * digamma(self.concentration), axis=-1)
        )

    def _mean(self):
        return self.concentration / self.total_concentration[..., None]

    def _covariance(self):
        x = self._variance_scale_term() * self._mean()
        return outer_covariance(x, x, self._variance())

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (scale - x)

    def _variance_scale_term(self):
        return math_ops.rsqrt(1.0 + self.total_concentration[..., None])

    def _mode(self):
        k = math_ops.cast(self.event_shape_tensor()[0], self.dtype)
        mode = (self.concentration - 1.0) / (self.total_concentration[..., None] - k)
        if self.allow_nan_stats:
            nan = fill(shape(mode), np.array(np.nan, dtype=self.dtype.as_numpy_dtype()), name="nan")
            return where_v2(reduce_all(self.concentration > 1.0, axis=-1), mode, nan)
        return with_dependencies(
            [
                check_ops.assert_less(
                    ones([], self.dtype),
                    self.concentration,
                    message="Mode undefined when any concentration <= 1",
                )
            ],
            mode,
        )

    def _maybe_assert_valid_concentration(self, concentration, validate_args):
        if not validate_args:
            return concentration
        return with_dependencies(
            [
                check_ops.assert_positive(
                    concentration, message="Concentration parameter must be positive."
                ),
                check_ops.assert_rank_at_least(
                    concentration, 1, message="Concentration parameter must have >=1 dimensions."
                ),
                check_ops.assert_less(
                    1,
                    shape(concentration)[-1],
                    message="Concentration parameter must have event_size >= 2.",
                ),
            ],
            concentration,
        )

    def _maybe_assert_valid_sample(self, x):
        if not self.validate_args:
            return x
        return with_dependencies(
            [
                check_ops.assert_positive(x, message="samples must be positive"),
                check_ops.assert_near(
                    ones([], dtype=self.dtype),
                    reduce_sum(x, -1),
                    message="sample last-dimension must sum to `1`",
                ),
            ],
            x,
        )


@kullback_leibler.RegisterKL(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(d1, d2, name=None):
    with name_scope(name, "kl_dirichlet_dirichlet", values=[d1.concentration, d2.concentration]):
        digamma_sum_d1 = digamma(reduce_sum(d1.concentration, axis=-1, keepdims=True))
        digamma_diff = digamma(d1.concentration) - digamma_sum_d1
        concentration_diff = d1.concentration - d2.concentration
        return (
            reduce_sum(concentration_diff * digamma_diff, axis=-1)
            - lbeta(d1.concentration)
            + lbeta(d2.concentration)
        )
