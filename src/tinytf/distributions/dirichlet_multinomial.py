"""tf.distributions.DirichletMultinomial: counts of `total_count` draws whose class
probabilities are Dirichlet(`concentration`), as TF 1.15's dirichlet_multinomial.py."""

from tinytf.distributions import distribution, util
from tinytf.distributions.dirichlet import outer_covariance
from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import check_ops, math_ops
from tinytf.ops.array_ops import concat, one_hot, reshape, shape
from tinytf.ops.check_ops import with_dependencies
from tinytf.ops.random_ops import multinomial, random_gamma
from tinytf.ops.reduction_ops import reduce_sum
from tinytf.ops.special_math_ops import lbeta


class DirichletMultinomial(distribution.Distribution):
    """The Dirichlet-multinomial compound distribution."""

    def __init__(
        self,
        total_count,
        concentration,
        validate_args=False,
        allow_nan_stats=True,
        name="DirichletMultinomial",
    ):
        parameters = dict(locals())
        with name_scope(name, values=[total_count, concentration]) as name:
            self._total_count = convert_to_tensor(total_count, name="total_count")
            if validate_args:
                self._total_count = util.embed_check_nonnegative_integer_form(self._total_count)
            self._concentration = self._maybe_assert_valid_concentration(
                convert_to_tensor(concentration, name="concentration"), validate_args
            )
            self._total_concentration = reduce_sum(self._concentration, -1)
        super().__init__(
            dtype=self._concentration.dtype,
            validate_args=validate_args,
            allow_nan_stats=allow_nan_stats,
            reparameterization_type=distribution.NOT_REPARAMETERIZED,
            parameters=parameters,
            graph_parents=[self._total_count, self._concentration],
            name=name,
        )

    @property
    def total_count(self):
        """Number of trials."""
        return self._total_count

    @property
    def concentration(self):
        """Concentration of each class."""
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
        n_draws = math_ops.cast(self.total_count, dtype=D.int32)
        k = self.event_shape_tensor()[0]
        unnormalized_logits = reshape(
            math_ops.log(
                random_gamma(shape=[n], alpha=self.concentration, dtype=self.dtype, seed=seed)
            ),
            shape=[-1, k],
        )
        draws = multinomial(
            logits=unnormalized_logits,
            num_samples=n_draws,
            seed=util.gen_new_seed(seed, salt="dirichlet_multinomial"),
        )
        x = reduce_sum(one_hot(draws, depth=k), -2)
        x = reshape(x, concat([[n], self.batch_shape_tensor(), [k]], 0))
        return math_ops.cast(x, self.dtype)

    def _log_prob(self, counts):
        counts = self._maybe_assert_valid_sample(counts)
        ordered_prob = lbeta(self.concentration + counts) - lbeta(self.concentration)
        return ordered_prob + util.log_combinations(self.total_count, counts)

    def _prob(self, counts):
        return math_ops.exp(self._log_prob(counts))

    def _mean(self):
        return self.total_count * (self.concentration / self.total_concentration[..., None])

    def _covariance(self):
        x = self._variance_scale_term() * self._mean()
        return outer_covariance(x, x, self._variance())

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (self.total_count * scale - x)

    def _variance_scale_term(self):
        c0 = self.total_concentration[..., None]
        return math_ops.sqrt((1.0 + c0 / self.total_count) / (1.0 + c0))

    def _maybe_assert_valid_concentration(self, concentration, validate_args):
        if not validate_args:
            return concentration
        concentration = util.embed_check_categorical_event_shape(concentration)
        return with_dependencies(
            [
                check_ops.assert_positive(
                    concentration, message="Concentration parameter must be positive."
                )
            ],
            concentration,
        )

    def _maybe_assert_valid_sample(self, counts):
        if not self.validate_args:
            return counts
        counts = util.embed_check_nonnegative_integer_form(counts)
        return with_dependencies(
            [
                check_ops.assert_equal(
                    self.total_count,
                    reduce_sum(counts, -1),
                    message="counts last-dimension must sum to `self.total_count`",
                )
            ],
            counts,
        )
