"""tf.distributions.Distribution, the base class: the public methods (sample, log_prob, cdf,
moments, ...) open the distribution's name scope and call the subclass's `_method`, falling
back between prob/log_prob, cdf/log_cdf and stddev/variance as TF 1.15's distribution.py."""

import contextlib

import numpy as np

from tinytf.distributions import kullback_leibler
from tinytf.framework import dtypes as D
from tinytf.framework import tensor_shape
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import math_ops
from tinytf.ops.array_ops import concat, rank, reshape, shape
from tinytf.ops.misc_util import get_static_value, is_tensor
from tinytf.ops.reduction_ops import reduce_prod
from tinytf.ops.sort_ops import where_v2


class ReparameterizationType:
    """Whether samples are differentiable in the parameters (FULLY_/NOT_REPARAMETERIZED)."""

    def __init__(self, rep_type):
        self._rep_type = rep_type

    def __repr__(self):
        return f"<Reparameteriation Type: {self._rep_type}>"  # sic: TF's spelling

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__


FULLY_REPARAMETERIZED = ReparameterizationType("FULLY_REPARAMETERIZED")
NOT_REPARAMETERIZED = ReparameterizationType("NOT_REPARAMETERIZED")


def _not_implemented(method, self):
    return NotImplementedError(f"{method} is not implemented: {type(self).__name__}")


def _with_fallback(primary, fallback):
    """primary(); on NotImplementedError fallback(), re-raising the first error if both fail."""
    try:
        return primary()
    except NotImplementedError as original_exception:
        try:
            return fallback()
        except NotImplementedError:
            raise original_exception from None


class Distribution:
    """A batch of probability distributions (TF 1.15's tf.distributions.Distribution)."""

    def __init__(
        self,
        dtype,
        reparameterization_type,
        validate_args,
        allow_nan_stats,
        parameters=None,
        graph_parents=None,
        name=None,
    ):
        graph_parents = [] if graph_parents is None else graph_parents
        for i, t in enumerate(graph_parents):
            if t is None or not is_tensor(t):
                raise ValueError(f"Graph parent item {i} is not a Tensor; {t}.")
        if not name or name[-1] != "/":  # `name` is not a name scope
            with name_scope(name or type(self).__name__) as name:
                pass
        self._dtype = dtype
        self._reparameterization_type = reparameterization_type
        self._allow_nan_stats = allow_nan_stats
        self._validate_args = validate_args
        self._parameters = parameters or {}
        self._graph_parents = graph_parents
        self._name = name

    @property
    def _parameters(self):
        return self._parameter_dict

    @_parameters.setter
    def _parameters(self, value):
        value.pop("self", None)
        self._parameter_dict = value

    @classmethod
    def param_shapes(cls, sample_shape, name="DistributionParamShapes"):
        """The shapes of the parameters that give samples of shape `sample_shape`."""
        with name_scope(name, values=[sample_shape]):
            return cls._param_shapes(sample_shape)

    @classmethod
    def param_static_shapes(cls, sample_shape):
        """param_shapes as TensorShapes, for a sample shape known statically."""
        if isinstance(sample_shape, tensor_shape.TensorShape):
            if not sample_shape.is_fully_defined():
                raise ValueError("TensorShape sample_shape must be fully defined")
            sample_shape = sample_shape.as_list()
        static_params = {}
        for name, param_shape in cls.param_shapes(sample_shape).items():
            static_shape = get_static_value(param_shape)
            if static_shape is None:
                raise ValueError("sample_shape must be a fully-defined TensorShape or list/tuple")
            static_params[name] = tensor_shape.TensorShape(np.asarray(static_shape).tolist())
        return static_params

    @staticmethod
    def _param_shapes(sample_shape):
        raise NotImplementedError("_param_shapes not implemented")

    @property
    def name(self):
        """The name scope of this distribution's ops (ends in '/')."""
        return self._name

    @property
    def dtype(self):
        """The DType of samples."""
        return self._dtype

    @property
    def parameters(self):
        """The constructor's arguments, by name."""
        return {k: v for k, v in self._parameters.items() if not k.startswith("__") and k != "self"}

    @property
    def reparameterization_type(self):
        """FULLY_REPARAMETERIZED or NOT_REPARAMETERIZED."""
        return self._reparameterization_type

    @property
    def allow_nan_stats(self):
        """Whether undefined statistics are NaN (True) or raise at run time (False)."""
        return self._allow_nan_stats

    @property
    def validate_args(self):
        """Whether arguments are checked at run time."""
        return self._validate_args

    def copy(self, **override_parameters_kwargs):
        """A new distribution of this class, with some constructor arguments replaced."""
        return type(self)(**dict(self.parameters, **override_parameters_kwargs))

    def _batch_shape_tensor(self):
        raise _not_implemented("batch_shape_tensor", self)

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        """The batch shape as an int32 tensor."""
        with self._name_scope(name):
            if self.batch_shape.is_fully_defined():
                return convert_to_tensor(
                    self.batch_shape.as_list(), dtype=D.int32, name="batch_shape"
                )
            return self._batch_shape_tensor()

    def _batch_shape(self):
        return tensor_shape.TensorShape(None)

    @property
    def batch_shape(self):
        """The static batch shape (a TensorShape)."""
        return tensor_shape.as_shape(self._batch_shape())

    def _event_shape_tensor(self):
        raise _not_implemented("event_shape_tensor", self)

    def event_shape_tensor(self, name="event_shape_tensor"):
        """The event shape as an int32 tensor."""
        with self._name_scope(name):
            if self.event_shape.is_fully_defined():
                return convert_to_tensor(
                    self.event_shape.as_list(), dtype=D.int32, name="event_shape"
                )
            return self._event_shape_tensor()

    def _event_shape(self):
        return tensor_shape.TensorShape(None)

    @property
    def event_shape(self):
        """The static event shape (a TensorShape)."""
        return tensor_shape.as_shape(self._event_shape())

    def is_scalar_event(self, name="is_scalar_event"):
        """A bool tensor: is the event shape []?"""
        with self._name_scope(name):
            return convert_to_tensor(
                self._is_scalar_helper(self.event_shape, self.event_shape_tensor),
                name="is_scalar_event",
            )

    def is_scalar_batch(self, name="is_scalar_batch"):
        """A bool tensor: is the batch shape []?"""
        with self._name_scope(name):
            return convert_to_tensor(
                self._is_scalar_helper(self.batch_shape, self.batch_shape_tensor),
                name="is_scalar_batch",
            )

    def _sample_n(self, n, seed=None):
        raise _not_implemented("sample_n", self)

    def _call_sample_n(self, sample_shape, seed, name, **kwargs):
        with self._name_scope(name, values=[sample_shape]):
            sample_shape = convert_to_tensor(sample_shape, dtype=D.int32, name="sample_shape")
            sample_shape, n = self._expand_sample_shape_to_vector(sample_shape, "sample_shape")
            samples = self._sample_n(n, seed, **kwargs)
            batch_event_shape = shape(samples)[1:]
            samples = reshape(samples, concat([sample_shape, batch_event_shape], 0))
            return self._set_sample_static_shape(samples, sample_shape)

    def sample(self, sample_shape=(), seed=None, name="sample"):
        """Samples of shape sample_shape + batch_shape + event_shape."""
        return self._call_sample_n(sample_shape, seed, name)

    def _call_value_method(self, value, name, primary, fallback):
        with self._name_scope(name, values=[value]):
            value = convert_to_tensor(value, name="value", preferred_dtype=self.dtype)

            def call(fn_name):
                return getattr(self, fn_name)(value)

            if fallback is None:
                return call(primary)
            return _with_fallback(lambda: call(primary), lambda: fallback(call, value))

    def _log_prob(self, value):
        raise _not_implemented("log_prob", self)

    def log_prob(self, value, name="log_prob"):
        """The log density (or log mass) at `value`."""
        return self._call_value_method(
            value, name, "_log_prob", lambda call, v: math_ops.log(call("_prob"))
        )

    def _prob(self, value):
        raise _not_implemented("prob", self)

    def prob(self, value, name="prob"):
        """The density (or mass) at `value`."""
        return self._call_value_method(
            value, name, "_prob", lambda call, v: math_ops.exp(call("_log_prob"))
        )

    def _log_cdf(self, value):
        raise _not_implemented("log_cdf", self)

    def log_cdf(self, value, name="log_cdf"):
        """log P[X <= value]."""
        return self._call_value_method(
            value, name, "_log_cdf", lambda call, v: math_ops.log(call("_cdf"))
        )

    def _cdf(self, value):
        raise _not_implemented("cdf", self)

    def cdf(self, value, name="cdf"):
        """P[X <= value]."""
        return self._call_value_method(
            value, name, "_cdf", lambda call, v: math_ops.exp(call("_log_cdf"))
        )

    def _log_survival_function(self, value):
        raise _not_implemented("log_survival_function", self)

    def log_survival_function(self, value, name="log_survival_function"):
        """log P[X > value]."""
        return self._call_value_method(
            value, name, "_log_survival_function", lambda call, v: math_ops.log1p(-self.cdf(v))
        )

    def _survival_function(self, value):
        raise _not_implemented("survival_function", self)

    def survival_function(self, value, name="survival_function"):
        """P[X > value] = 1 - cdf(value)."""
        return self._call_value_method(
            value, name, "_survival_function", lambda call, v: 1.0 - self.cdf(v)
        )

    def _quantile(self, value):
        raise _not_implemented("quantile", self)

    def quantile(self, value, name="quantile"):
        """The inverse of the cdf at probability `value`."""
        return self._call_value_method(value, name, "_quantile", None)

    def _entropy(self):
        raise _not_implemented("entropy", self)

    def entropy(self, name="entropy"):
        """Shannon entropy in nats."""
        with self._name_scope(name):
            return self._entropy()

    def _mean(self):
        raise _not_implemented("mean", self)

    def mean(self, name="mean"):
        """The mean."""
        with self._name_scope(name):
            return self._mean()

    def _variance(self):
        raise _not_implemented("variance", self)

    def variance(self, name="variance"):
        """The variance (elementwise for multivariate distributions)."""
        with self._name_scope(name):
            return _with_fallback(self._variance, lambda: math_ops.square(self._stddev()))

    def _stddev(self):
        raise _not_implemented("stddev", self)

    def stddev(self, name="stddev"):
        """The standard deviation."""
        with self._name_scope(name):
            return _with_fallback(self._stddev, lambda: math_ops.sqrt(self._variance()))

    def _covariance(self):
        raise _not_implemented("covariance", self)

    def covariance(self, name="covariance"):
        """The covariance matrix of each event (multivariate distributions)."""
        with self._name_scope(name):
            return self._covariance()

    def _mode(self):
        raise _not_implemented("mode", self)

    def mode(self, name="mode"):
        """The mode."""
        with self._name_scope(name):
            return self._mode()

    def cross_entropy(self, other, name="cross_entropy"):
        """The cross entropy H[self, other] in nats."""
        with self._name_scope(name):
            return kullback_leibler.cross_entropy(self, other, allow_nan_stats=self.allow_nan_stats)

    def kl_divergence(self, other, name="kl_divergence"):
        """KL(self || other) in nats."""
        with self._name_scope(name):
            return kullback_leibler.kl_divergence(self, other, allow_nan_stats=self.allow_nan_stats)

    def _shapes_text(self, sep, always):
        parts = []
        for label, dims in (("batch_shape", self.batch_shape), ("event_shape", self.event_shape)):
            if always or dims.ndims is not None:
                parts.append(f"{sep}{label}={dims}")
        return "".join(parts)

    def __str__(self):
        return (
            f'tfp.distributions.{type(self).__name__}("{self.name}"'
            f"{self._shapes_text(', ', False)}, dtype={self.dtype.name})"
        )

    def __repr__(self):
        return (
            f"<tfp.distributions.{type(self).__name__} '{self.name}'"
            f"{self._shapes_text(' ', True)} dtype={self.dtype.name}>"
        )

    @contextlib.contextmanager
    def _name_scope(self, name=None, values=None):
        with name_scope(self.name):
            with name_scope(
                name, values=([] if values is None else values) + self._graph_parents
            ) as scope:
                yield scope

    def _expand_sample_shape_to_vector(self, x, name):
        """(sample_shape as a vector, the number of samples it asks for)."""
        x_static_val = get_static_value(x)
        if x_static_val is None:
            prod = reduce_prod(x)
        else:
            prod = np.prod(x_static_val, dtype=x.dtype.as_numpy_dtype())
        ndims = x.get_shape().ndims
        if ndims is None:
            expanded_shape = where_v2(
                math_ops.equal(rank(x), 0), np.array([1], dtype=np.int32), shape(x)
            )
            x = reshape(x, expanded_shape)
        elif ndims == 0:
            if x_static_val is not None:
                x = convert_to_tensor(
                    np.array([x_static_val], dtype=x.dtype.as_numpy_dtype()), name=name
                )
            else:
                x = reshape(x, [1])
        elif ndims != 1:
            raise ValueError("Input is neither scalar nor vector.")
        return x, prod

    def _set_sample_static_shape(self, x, sample_shape):
        """Sets what is known statically of sample + batch + event shape on `x`."""
        static = get_static_value(sample_shape)
        sample_shape = tensor_shape.TensorShape(None if static is None else static.tolist())
        ndims, sample_ndims = x.get_shape().ndims, sample_shape.ndims
        batch_ndims, event_ndims = self.batch_shape.ndims, self.event_shape.ndims
        if ndims is None and None not in (sample_ndims, batch_ndims, event_ndims):
            ndims = sample_ndims + batch_ndims + event_ndims
            x.set_shape([None] * ndims)
        if ndims is not None and sample_ndims is not None:
            x.set_shape(
                x.get_shape().merge_with(sample_shape.concatenate([None] * (ndims - sample_ndims)))
            )
        if ndims is not None and event_ndims is not None:
            x.set_shape(
                x.get_shape().merge_with(
                    tensor_shape.TensorShape([None] * (ndims - event_ndims)).concatenate(
                        self.event_shape
                    )
                )
            )
        if batch_ndims is not None:
            if ndims is not None:
                if sample_ndims is None and event_ndims is not None:
                    sample_ndims = ndims - batch_ndims - event_ndims
                elif event_ndims is None and sample_ndims is not None:
                    event_ndims = ndims - batch_ndims - sample_ndims
            if sample_ndims is not None and event_ndims is not None:
                x.set_shape(
                    x.get_shape().merge_with(
                        tensor_shape.TensorShape([None] * sample_ndims)
                        .concatenate(self.batch_shape)
                        .concatenate([None] * event_ndims)
                    )
                )
        return x

    def _is_scalar_helper(self, static_shape, dynamic_shape_fn):
        if static_shape.ndims is not None:
            return static_shape.ndims == 0
        dyn = dynamic_shape_fn()
        if dyn.get_shape().ndims is not None and dyn.get_shape().dims[0].value is not None:
            return dyn.get_shape().as_list() == [0]
        return math_ops.equal(shape(dyn)[0], 0)
