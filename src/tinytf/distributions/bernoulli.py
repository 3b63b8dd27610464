"""tf.distributions.Bernoulli over {0, 1}, from `logits` or `probs`, as TF 1.15's
bernoulli.py."""

from tinytf.distributions import distribution, kullback_leibler, util
from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import math_ops
from tinytf.ops.array_ops import concat, identity, ones_like, shape
from tinytf.ops.nn_ops import sigmoid_cross_entropy_with_logits, softplus
from tinytf.ops.random_ops import random_uniform


class Bernoulli(distribution.Distribution):
    """The Bernoulli distribution: 1 with probability `probs`, else 0."""

    def __init__(
        self,
        logits=None,
        probs=None,
        dtype=D.int32,
        validate_args=False,
        allow_nan_stats=True,
        name="Bernoulli",
    ):
        parameters = dict(locals())
        with name_scope(name) as name:
            self._logits, self._probs = util.get_logits_and_probs(
                logits=logits, probs=probs, validate_args=validate_args, name=name
            )
        super().__init__(
            dtype=dtype,
            reparameterization_type=distribution.NOT_REPARAMETERIZED,
            validate_args=validate_args,
            allow_nan_stats=allow_nan_stats,
            parameters=parameters,
            graph_parents=[self._logits, self._probs],
            name=name,
        )

    @staticmethod
    def _param_shapes(sample_shape):
        return {"logits": convert_to_tensor(sample_shape, dtype=D.int32)}

    @property
    def logits(self):
        """Log-odds of a 1."""
        return self._logits

    @property
    def probs(self):
        """Probability of a 1."""
        return self._probs

    def _batch_shape_tensor(self):
        return shape(self._logits)

    def _batch_shape(self):
        return self._logits.get_shape()

    def _event_shape_tensor(self):
        return util.scalar_event_shape_tensor()

    def _event_shape(self):
        return TensorShape([])

    def _sample_n(self, n, seed=None):
        new_shape = concat([[n], self.batch_shape_tensor()], 0)
        uniform = random_uniform(new_shape, seed=seed, dtype=self.probs.dtype)
        return math_ops.cast(math_ops.less(uniform, self.probs), self.dtype)

    def _log_prob(self, event):
        if self.validate_args:
            event = util.embed_check_integer_casting_closed(event, target_dtype=D.bool)
        event = math_ops.cast(event, self.logits.dtype)
        logits = self.logits
        if not (
            event.get_shape().is_fully_defined()
            and logits.get_shape().is_fully_defined()
            and event.get_shape() == logits.get_shape()
        ):
            logits, event = ones_like(event) * logits, ones_like(logits) * event
        return -sigmoid_cross_entropy_with_logits(labels=event, logits=logits)

    def _entropy(self):
        return -self.logits * (math_ops.sigmoid(self.logits) - 1) + softplus(-self.logits)

    def _mean(self):
        return identity(self.probs)

    def _variance(self):
        return self._mean() * (1.0 - self.probs)

    def _mode(self):
        return math_ops.cast(self.probs > 0.5, self.dtype)


@kullback_leibler.RegisterKL(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(a, b, name=None):
    with name_scope(name, "kl_bernoulli_bernoulli", values=[a.logits, b.logits]):
        delta_probs0 = softplus(-b.logits) - softplus(-a.logits)
        delta_probs1 = softplus(b.logits) - softplus(a.logits)
        return (
            math_ops.sigmoid(a.logits) * delta_probs0 + math_ops.sigmoid(-a.logits) * delta_probs1
        )
