"""tf.distributions.Multinomial: counts of `total_count` draws from K classes given by
`logits` or `probs`, as TF 1.15's multinomial.py."""

from tinytf.distributions import distribution, util
from tinytf.distributions.dirichlet import outer_covariance
from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import check_ops, math_ops
from tinytf.ops.array_ops import concat, identity, one_hot, ones_like, reshape, shape, transpose
from tinytf.ops.check_ops import with_dependencies
from tinytf.ops.functional_ops import map_fn
from tinytf.ops.nn_ops import log_softmax
from tinytf.ops.random_ops import multinomial
from tinytf.ops.reduction_ops import reduce_sum


class Multinomial(distribution.Distribution):
    """The multinomial distribution."""

    def __init__(
        self,
        total_count,
        logits=None,
        probs=None,
        validate_args=False,
        allow_nan_stats=True,
        name="Multinomial",
    ):
        parameters = dict(locals())
        with name_scope(name, values=[total_count, logits, probs]) as name:
            self._total_count = convert_to_tensor(total_count, name="total_count")
            if validate_args:
                self._total_count = util.embed_check_nonnegative_integer_form(self._total_count)
            self._logits, self._probs = util.get_logits_and_probs(
                logits=logits,
                probs=probs,
                multidimensional=True,
                validate_args=validate_args,
                name=name,
            )
            self._mean_val = self._total_count[..., None] * self._probs
        super().__init__(
            dtype=self._probs.dtype,
            reparameterization_type=distribution.NOT_REPARAMETERIZED,
            validate_args=validate_args,
            allow_nan_stats=allow_nan_stats,
            parameters=parameters,
            graph_parents=[self._total_count, self._logits, self._probs],
            name=name,
        )

    @property
    def total_count(self):
        """Number of trials."""
        return self._total_count

    @property
    def logits(self):
        """Log probabilities of each class (up to a constant)."""
        return self._logits

    @property
    def probs(self):
        """Probabilities of each class."""
        return self._probs

    def _batch_shape_tensor(self):
        return shape(self._mean_val)[:-1]

    def _batch_shape(self):
        return self._mean_val.get_shape().with_rank_at_least(1)[:-1]

    def _event_shape_tensor(self):
        return shape(self._mean_val)[-1:]

    def _event_shape(self):
        return self._mean_val.get_shape().with_rank_at_least(1)[-1:]

    def _sample_n(self, n, seed=None):
        n_draws = math_ops.cast(self.total_count, dtype=D.int32)
        k = self.event_shape_tensor()[0]
        n_draws = ones_like(self.logits[..., 0], dtype=n_draws.dtype) * n_draws
        logits = ones_like(n_draws[..., None], dtype=self.logits.dtype) * self.logits
        flat_logits = reshape(logits, [-1, k])
        flat_ndraws = n * reshape(n_draws, [-1])

        def _sample_single(args):
            logits, n_draw = args[0], args[1]  # [K], []
            x = multinomial(logits[None, ...], n_draw, seed)  # [1, n*n_draw]
            x = reshape(x, shape=[n, -1])  # [n, n_draw]
            return reduce_sum(one_hot(x, depth=k), axis=-2)  # [n, k]

        x = map_fn(_sample_single, [flat_logits, flat_ndraws], dtype=self.dtype)
        x = transpose(x, perm=[1, 0, 2])
        return reshape(x, concat([[n], self.batch_shape_tensor(), [k]], 0))

    def _log_prob(self, counts):
        return self._log_unnormalized_prob(counts) - self._log_normalization(counts)

    def _log_unnormalized_prob(self, counts):
        counts = self._maybe_assert_valid_sample(counts)
        return reduce_sum(counts * log_softmax(self.logits), -1)

    def _log_normalization(self, counts):
        counts = self._maybe_assert_valid_sample(counts)
        return -util.log_combinations(self.total_count, counts)

    def _mean(self):
        return identity(self._mean_val)

    def _covariance(self):
        p = self.probs * ones_like(self.total_count)[..., None]
        return outer_covariance(self._mean_val, p, self._variance())

    def _variance(self):
        p = self.probs * ones_like(self.total_count)[..., None]
        return self._mean_val - self._mean_val * p

    def _maybe_assert_valid_sample(self, counts):
        if not self.validate_args:
            return counts
        counts = util.embed_check_nonnegative_integer_form(counts)
        return with_dependencies(
            [
                check_ops.assert_equal(
                    self.total_count,
                    reduce_sum(counts, -1),
                    message="counts must sum to `self.total_count`",
                )
            ],
            counts,
        )
