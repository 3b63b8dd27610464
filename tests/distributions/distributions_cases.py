"""The tf.distributions cases that real TF 1.15 (tools/make_distributions_fixtures.py) and
tinytf (test_distributions_golden.py) both run: each case builds one output from `tf` (a tensor,
a list of tensors, or a plain value such as a static shape) and `run` records its value, dtype
and static shape, or the exception class, message and phase (build or run) of a bad case.

Python 3.7 compatible: TF 1.15's interpreter imports this module too."""

import numpy as np

F32 = np.float32
F64 = np.float64

# name -> (class name, constructor kwargs, value fed to the value methods)
DISTS = {
    "normal": ("Normal", {"loc": [[0.0, 1.0, -2.0]], "scale": [[1.0], [2.5]]}, [0.5, -1.0, 3.0]),
    "normal64": (
        "Normal",
        {"loc": F64(0.5), "scale": F64(1.5)},
        F64([-40.0, -20.0, -3.0, 0.0, 4.0, 9.0, 14.0]),
    ),
    "uniform": ("Uniform", {"low": [0.0, -1.0], "high": [1.0, 3.0]}, [[-0.5], [0.5], [2.0], [3.0]]),
    "uniform_default": ("Uniform", {}, [0.25, 1.5]),
    "laplace": ("Laplace", {"loc": [0.0, 1.0], "scale": [1.0, 0.5]}, [[-3.0], [0.5], [2.0]]),
    "exponential": ("Exponential", {"rate": [0.5, 2.0]}, [0.1, 1.5]),
    "gamma": (
        "Gamma",
        {"concentration": [0.5, 2.0, 3.5], "rate": [1.0, 0.5, 2.0]},
        [0.3, 1.0, 2.5],
    ),
    "gamma64": ("Gamma", {"concentration": F64([1.5, 4.0]), "rate": F64(2.0)}, F64([0.5, 3.0])),
    "beta": (
        "Beta",
        {"concentration1": [0.5, 2.0, 3.0], "concentration0": [1.5, 2.0, 0.8]},
        [0.2, 0.5, 0.9],
    ),
    "student_t": (
        "StudentT",
        {"df": [0.8, 1.5, 3.0, 10.0], "loc": [0.0, 1.0, -1.0, 2.0], "scale": [1.0, 2.0, 0.5, 1.0]},
        [0.5, -1.0, 0.0, 4.0],
    ),
    "student_t_scalar": ("StudentT", {"df": 5.0, "loc": 0.0, "scale": 2.0}, [[-1.0], [3.0]]),
    "bernoulli": ("Bernoulli", {"logits": [-1.0, 0.3, 2.0]}, [0, 1, 1]),
    "bernoulli_probs": ("Bernoulli", {"probs": [[0.2], [0.7]], "dtype": "float32"}, [1.0, 0.0]),
    "categorical": (
        "Categorical",
        {"logits": [[0.1, 1.0, -0.5, 2.0], [1.0, 1.0, 1.0, 1.0]]},
        [0, 3],
    ),
    "categorical_probs": (
        "Categorical",
        {"probs": [0.1, 0.2, 0.7], "dtype": "int64"},
        [[0], [2], [1]],
    ),
    "dirichlet": (
        "Dirichlet",
        {"concentration": [[1.5, 2.0, 3.0], [0.5, 1.0, 4.0]]},
        [[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]],
    ),
    "dirichlet_one": ("Dirichlet", {"concentration": [1.5, 2.0, 3.0]}, [0.2, 0.3, 0.5]),
    "dirichlet_multinomial": (
        "DirichletMultinomial",
        {"total_count": 5.0, "concentration": [[1.0, 2.0, 3.0], [0.5, 0.5, 2.0]]},
        [[1.0, 2.0, 2.0], [0.0, 1.0, 4.0]],
    ),
    "multinomial": (
        "Multinomial",
        {"total_count": [4.0, 6.0], "logits": [[0.0, 1.0, -1.0], [0.5, 0.5, 2.0]]},
        [[1.0, 2.0, 1.0], [0.0, 3.0, 3.0]],
    ),
    "multinomial_probs": (
        "Multinomial",
        {"total_count": 5.0, "probs": [0.2, 0.3, 0.5]},
        [1.0, 1.0, 3.0],
    ),
}


def _as64(v):
    return v if isinstance(v, str) else np.asarray(v, F64)


# float64 twins: every parameter and value in float64.
for _name in (
    "uniform",
    "laplace",
    "exponential",
    "beta",
    "student_t_scalar",
    "bernoulli_probs",
    "categorical",
    "dirichlet",
    "multinomial",
):
    _cls, _kwargs, _x = DISTS[_name]
    _x64 = _as64(_x) if np.asarray(_x).dtype.kind == "f" else _x
    DISTS[_name + "64"] = (_cls, {k: _as64(v) for k, v in _kwargs.items()}, _x64)

VALUE_METHODS = ("log_prob", "prob", "cdf", "log_cdf", "survival_function", "log_survival_function")
STAT_METHODS = ("entropy", "mean", "mode", "stddev", "variance", "covariance")
QUANTILES = {"normal": [0.01, 0.3, 0.999], "normal64": F64([1e-10, 0.2, 0.9, 1.0, 0.0])}

# (KL case name, dist a, dist b)
KL_PAIRS = [
    ("normal", "normal", ("Normal", {"loc": [1.0, -1.0, 0.0], "scale": [0.5, 1.0, 3.0]})),
    ("bernoulli", "bernoulli", ("Bernoulli", {"probs": [0.1, 0.5, 0.9]})),
    ("beta", "beta", ("Beta", {"concentration1": 1.2, "concentration0": [2.0, 0.7, 5.0]})),
    ("categorical", "categorical", ("Categorical", {"probs": [0.4, 0.3, 0.2, 0.1]})),
    ("dirichlet", "dirichlet", ("Dirichlet", {"concentration": [2.0, 2.0, 2.0]})),
    ("gamma", "gamma", ("Gamma", {"concentration": 1.5, "rate": [1.0, 2.0, 0.3]})),
    ("exponential_gamma", "exponential", ("Gamma", {"concentration": 2.0, "rate": 1.0})),
    ("exponential", "exponential", ("Exponential", {"rate": 1.0})),
]


def make(tf, spec, **extra):
    """The distribution of spec = (class name, kwargs[, value]) under `tf`."""
    cls, kwargs = spec[0], dict(spec[1])
    if "dtype" in kwargs:
        kwargs["dtype"] = tf.as_dtype(kwargs["dtype"])
    kwargs = {
        k: (v if isinstance(v, tf.DType) else np.asarray(v, _param_dtype(v)))
        for k, v in kwargs.items()
    }
    kwargs.update(extra)
    return getattr(tf.distributions, cls)(**kwargs)


def _param_dtype(v):
    """Plain Python numbers are float32 parameters; NumPy float64 values stay float64."""
    return F64 if isinstance(v, (np.ndarray, np.generic)) and v.dtype == F64 else F32


def _value(spec):
    v = spec[2]
    if isinstance(v, np.ndarray) or np.asarray(v).dtype.kind in "iu":
        return np.asarray(v)
    return np.asarray(v, F32)


def _meta(d):
    return {
        "batch_shape": d.batch_shape.as_list(),
        "event_shape": d.event_shape.as_list(),
        "dtype": d.dtype.name,
        "name": d.name,
        "reparam": repr(d.reparameterization_type),
        "params": sorted(d.parameters),
        "allow_nan_stats": d.allow_nan_stats,
        "validate_args": d.validate_args,
        "str": str(d),
        "repr": repr(d),
    }


def _grads(name, spec):
    def build(tf):
        d = make(tf, spec)
        params = [getattr(d, p) for p in sorted(spec[1]) if p != "dtype"]
        return tf.gradients(tf.reduce_sum(d.log_prob(_value(spec))), params)

    return build


def _dist_cases(tf_cases, name, spec):
    tf_cases[name + ".meta"] = lambda tf: _meta(make(tf, spec))
    tf_cases[name + ".batch_shape_tensor"] = lambda tf: make(tf, spec).batch_shape_tensor()
    tf_cases[name + ".event_shape_tensor"] = lambda tf: make(tf, spec).event_shape_tensor()
    tf_cases[name + ".is_scalar_batch"] = lambda tf: make(tf, spec).is_scalar_batch()
    for m in VALUE_METHODS:
        tf_cases[name + "." + m] = lambda tf, m=m: getattr(make(tf, spec), m)(_value(spec))
    for m in STAT_METHODS:
        tf_cases[name + "." + m] = lambda tf, m=m: getattr(make(tf, spec), m)()
    if name in QUANTILES:
        tf_cases[name + ".quantile"] = lambda tf: make(tf, spec).quantile(QUANTILES[name])
    if spec[0] not in ("Bernoulli", "Categorical", "Multinomial", "DirichletMultinomial"):
        tf_cases[name + ".grad_log_prob"] = _grads(name, spec)
    for shape_id, sample_shape in (("scalar", ()), ("n", 4), ("matrix", [2, 3])):
        tf_cases[name + ".sample_" + shape_id] = lambda tf, s=sample_shape: {
            "shape_only": make(tf, spec).sample(s, seed=3)
        }


def _kl_cases(tf_cases):
    for kl_name, a, b in KL_PAIRS:
        tf_cases["kl." + kl_name] = lambda tf, a=a, b=b: tf.distributions.kl_divergence(
            make(tf, DISTS[a]), make(tf, b)
        )
        tf_cases["kl_method." + kl_name] = lambda tf, a=a, b=b: make(tf, DISTS[a]).kl_divergence(
            make(tf, b)
        )
        tf_cases["cross_entropy." + kl_name] = lambda tf, a=a, b=b: make(
            tf, DISTS[a]
        ).cross_entropy(make(tf, b))


def _ph(tf, value):
    return tf.placeholder_with_default(np.asarray(value, F32), np.shape(value))


BAD = {
    "normal_scale_negative_const": lambda tf: tf.distributions.Normal(
        0.0, -1.0, validate_args=True
    ).mean(),
    "normal_scale_negative_run": lambda tf: tf.distributions.Normal(
        0.0, _ph(tf, [1.0, -1.0]), validate_args=True
    ).mean(),
    "uniform_low_ge_high": lambda tf: tf.distributions.Uniform(
        _ph(tf, 1.0), 0.0, validate_args=True
    ).sample(seed=1),
    "gamma_mode_no_nan": lambda tf: tf.distributions.Gamma(
        _ph(tf, [0.5, 2.0]), 1.0, allow_nan_stats=False
    ).mode(),
    "gamma_negative_rate": lambda tf: tf.distributions.Gamma(
        1.0, _ph(tf, -2.0), validate_args=True
    ).mean(),
    "beta_mode_no_nan": lambda tf: tf.distributions.Beta(
        _ph(tf, 2.0), _ph(tf, 0.5), allow_nan_stats=False
    ).mode(),
    "beta_sample_out_of_range": lambda tf: tf.distributions.Beta(
        2.0, 2.0, validate_args=True
    ).log_prob(_ph(tf, 1.5)),
    "student_t_mean_no_nan": lambda tf: tf.distributions.StudentT(
        _ph(tf, 0.5), 0.0, 1.0, allow_nan_stats=False
    ).mean(),
    "student_t_variance_no_nan": lambda tf: tf.distributions.StudentT(
        _ph(tf, 0.5), 0.0, 1.0, allow_nan_stats=False
    ).variance(),
    "dirichlet_mode_no_nan": lambda tf: tf.distributions.Dirichlet(
        _ph(tf, [0.5, 2.0, 3.0]), allow_nan_stats=False
    ).mode(),
    "dirichlet_sample_not_simplex": lambda tf: tf.distributions.Dirichlet(
        [1.0, 2.0], validate_args=True
    ).log_prob(_ph(tf, [0.5, 0.7])),
    "dirichlet_batch_mode": lambda tf: tf.distributions.Dirichlet(
        [[1.5, 2.0, 3.0], [2.0, 2.0, 2.0]]
    ).mode(),
    "bernoulli_both": lambda tf: tf.distributions.Bernoulli(logits=0.5, probs=0.5),
    "bernoulli_neither": lambda tf: tf.distributions.Bernoulli(),
    "bernoulli_int_logits": lambda tf: tf.distributions.Bernoulli(logits=[1, 2]),
    "bernoulli_probs_gt_1": lambda tf: tf.distributions.Bernoulli(
        probs=_ph(tf, [0.5, 1.5]), validate_args=True
    ).mean(),
    "bernoulli_event_2": lambda tf: tf.distributions.Bernoulli(
        probs=0.5, validate_args=True
    ).log_prob(tf.placeholder_with_default(2, [])),
    "bernoulli_cdf": lambda tf: tf.distributions.Bernoulli(probs=0.5).cdf(1),
    "bernoulli_log_cdf": lambda tf: tf.distributions.Bernoulli(probs=0.5).log_cdf(1),
    "bernoulli_stddev": lambda tf: tf.distributions.Bernoulli(probs=[0.2, 0.5]).stddev(),
    "bernoulli_quantile": lambda tf: tf.distributions.Bernoulli(probs=0.5).quantile(0.5),
    "normal_covariance": lambda tf: tf.distributions.Normal(0.0, 1.0).covariance(),
    "categorical_one_class": lambda tf: tf.distributions.Categorical(
        logits=[1.0], validate_args=True
    ),
    "categorical_one_class_dynamic": lambda tf: tf.distributions.Categorical(
        logits=tf.placeholder_with_default(np.ones([2, 1], F32), [None, None]),
        validate_args=True,
    ).entropy(),
    "categorical_scalar_logits": lambda tf: tf.distributions.Categorical(
        logits=1.0, validate_args=True
    ),
    "normal_int_params": lambda tf: tf.distributions.Normal(0, 1),
    "gamma_log_prob_float64_value": lambda tf: tf.distributions.Gamma(1.0, 1.0).log_prob(
        np.float64(1.0)
    ),
    "normal_log_prob_float64_value": lambda tf: tf.distributions.Normal(0.0, 1.0).log_prob(
        tf.constant(1.0, tf.float64)
    ),
    "categorical_probs_sum": lambda tf: tf.distributions.Categorical(
        probs=_ph(tf, [0.5, 0.6]), validate_args=True
    ).entropy(),
    "categorical_float_event": lambda tf: tf.distributions.Categorical(
        logits=[1.0, 2.0, 0.5]
    ).log_prob(1.0),
    "categorical_string_event": lambda tf: tf.distributions.Categorical(logits=[1.0, 2.0]).log_prob(
        tf.constant("a")
    ),
    "multinomial_counts_sum": lambda tf: tf.distributions.Multinomial(
        3.0, probs=[0.5, 0.5], validate_args=True
    ).log_prob(_ph(tf, [1.0, 1.0])),
    "multinomial_fractional": lambda tf: tf.distributions.Multinomial(
        3.0, probs=[0.5, 0.5], validate_args=True
    ).log_prob(_ph(tf, [1.5, 1.5])),
    "dm_negative_total_count": lambda tf: tf.distributions.DirichletMultinomial(
        _ph(tf, -2.0), [1.0, 1.0], validate_args=True
    ).mean(),
    "kl_unregistered": lambda tf: tf.distributions.kl_divergence(
        tf.distributions.Normal(0.0, 1.0), tf.distributions.Gamma(1.0, 1.0)
    ),
    "kl_nan_checked": lambda tf: tf.distributions.kl_divergence(
        tf.distributions.Normal(0.0, _ph(tf, 0.0)),
        tf.distributions.Normal(0.0, 0.0),
        allow_nan_stats=False,
    ),
    "kl_method_nan_checked": lambda tf: tf.distributions.Normal(
        0.0, _ph(tf, 0.0), allow_nan_stats=False
    ).kl_divergence(tf.distributions.Normal(0.0, 0.0)),
    "mixed_dtypes": lambda tf: tf.distributions.Normal(np.float32(0.0), np.float64(1.0)),
    "sample_shape_rank2": lambda tf: tf.distributions.Normal(0.0, 1.0).sample([[2]]),
    "graph_parent_not_tensor": lambda tf: tf.distributions.Distribution(
        tf.float32, tf.distributions.NOT_REPARAMETERIZED, False, True, graph_parents=[1.0]
    ),
    "base_sample": lambda tf: tf.distributions.Distribution(
        tf.float32, tf.distributions.NOT_REPARAMETERIZED, False, True
    ).sample(),
    "base_mean": lambda tf: tf.distributions.Distribution(
        tf.float32, tf.distributions.NOT_REPARAMETERIZED, False, True, name="D"
    ).mean(),
    "base_event_shape_tensor": lambda tf: tf.distributions.Distribution(
        tf.float32, tf.distributions.NOT_REPARAMETERIZED, False, True
    ).event_shape_tensor(),
}


def _misc_cases(cases):
    cases["names.normal_sample"] = lambda tf: [t.name for t in _two_normals(tf)]
    cases["names.scoped"] = lambda tf: _scoped_names(tf)
    cases["copy"] = lambda tf: _meta(make(tf, DISTS["normal"]).copy(scale=3.0, name="N2"))
    cases["param_static_shapes"] = lambda tf: {
        k: v.as_list() for k, v in tf.distributions.Normal.param_static_shapes([3, 2]).items()
    }
    cases["param_shapes"] = lambda tf: tf.distributions.Gamma.param_shapes([4])["rate"]
    cases["exponential_param_shapes"] = lambda tf: sorted(
        tf.distributions.Exponential.param_shapes([2])
    )
    cases["reparam_repr"] = lambda tf: [
        repr(tf.distributions.FULLY_REPARAMETERIZED),
        repr(tf.distributions.NOT_REPARAMETERIZED),
    ]
    cases["uniform_range"] = lambda tf: make(tf, DISTS["uniform"]).range()
    cases["sample_dynamic_shape"] = lambda tf: {
        "shape_only": tf.distributions.Normal(_ph(tf, [0.0, 1.0]), 1.0).sample(
            tf.placeholder_with_default([2, 5], [None])
        )
    }
    cases["sample_unknown_rank"] = lambda tf: {
        "shape_only": tf.distributions.Gamma(
            tf.placeholder_with_default(np.ones([3], F32), None), 1.0
        ).sample(2, seed=1)
    }
    cases["categorical_unknown_shape_mode"] = lambda tf: tf.distributions.Categorical(
        logits=tf.placeholder_with_default(np.array([[1.0, 3.0], [2.0, 0.0]], F32), [None, None])
    ).mode()
    cases["variable_params"] = lambda tf: _variable_params(tf)
    cases["laplace_log_survival"] = lambda tf: tf.distributions.Laplace(
        0.0, 2.0
    ).log_survival_function([-100.0, -1.0, 0.0, 1.0, 80.0])


def _custom_cases(cases):
    cases["custom.prob_from_log_prob"] = lambda tf: _custom(tf).prob([0.0, 1.0])
    cases["custom.log_prob_from_prob"] = lambda tf: _custom(tf, prob=True).log_prob([2.0])
    cases["custom.variance_from_stddev"] = lambda tf: _custom(tf).variance()
    cases["custom.meta"] = lambda tf: _meta(_custom(tf))
    cases["custom.survival_from_cdf"] = lambda tf: [
        _custom(tf).survival_function(0.5),
        _custom(tf).log_survival_function(0.5),
    ]
    cases["custom.sample"] = lambda tf: _custom(tf).sample([2, 3])
    cases["kl.subclass_uses_parent"] = lambda tf: tf.distributions.kl_divergence(
        _normal_subclass(tf)(1.0, 2.0), tf.distributions.Normal(0.0, 1.0)
    )
    cases["kl.subclass_registered"] = lambda tf: _kl_subclass_registered(tf)
    cases["bad.register_kl_twice"] = lambda tf: tf.distributions.RegisterKL(
        tf.distributions.Normal, tf.distributions.Normal
    )(lambda a, b, name=None: 0.0)
    cases["bad.register_kl_not_callable"] = lambda tf: tf.distributions.RegisterKL(
        tf.distributions.Normal, tf.distributions.Gamma
    )(3)


def _custom(tf, prob=False):
    class Custom(tf.distributions.Distribution):
        def __init__(self, rate):
            self._r = tf.convert_to_tensor(rate, name="r")
            super().__init__(
                dtype=tf.float32,
                reparameterization_type=tf.distributions.NOT_REPARAMETERIZED,
                validate_args=False,
                allow_nan_stats=True,
                parameters={"rate": rate},
                graph_parents=[self._r],
                name="Custom",
            )

        def _batch_shape(self):
            return self._r.shape

        def _event_shape(self):
            return tf.TensorShape([])

        def _sample_n(self, n, seed=None):
            return tf.ones([n], tf.float32)[:, None] * self._r

        def _stddev(self):
            return 2.0 * self._r

        def _cdf(self, x):
            return 1.0 - tf.exp(-self._r * x)

    if prob:
        Custom._prob = lambda self, x: self._r * tf.exp(-self._r * x)
    else:
        Custom._log_prob = lambda self, x: tf.log(self._r) - self._r * x
    return Custom([0.5, 2.0])


def _normal_subclass(tf):
    class SubNormal(tf.distributions.Normal):
        pass

    return SubNormal


def _kl_subclass_registered(tf):
    sub = _normal_subclass(tf)
    tf.distributions.RegisterKL(sub, tf.distributions.Normal)(
        lambda a, b, name=None: tf.constant(7.0)
    )
    return tf.distributions.kl_divergence(sub(1.0, 2.0), tf.distributions.Normal(0.0, 1.0))


def _dynamic_cases(cases):
    def ph(tf, value, shape, dtype=F32):
        return tf.placeholder_with_default(np.asarray(value, dtype), shape)

    cases["dynamic.normal_batch_shape"] = lambda tf: _batch_shapes(
        tf.distributions.Normal(ph(tf, [0.0, 1.0, 2.0], [None]), ph(tf, [[1.0], [2.0]], [None, 1]))
    )
    cases["dynamic.normal_log_prob"] = lambda tf: tf.distributions.Normal(
        ph(tf, [0.0, 1.0, 2.0], [None]), 1.0
    ).log_prob(ph(tf, [[1.0], [2.0]], [2, None]))
    cases["dynamic.categorical_log_prob"] = lambda tf: tf.distributions.Categorical(
        logits=ph(tf, [[1.0, 2.0, 0.0], [0.5, 0.5, 3.0]], [None, None])
    ).log_prob([0, 2])
    cases["dynamic.categorical_cdf"] = lambda tf: tf.distributions.Categorical(
        logits=ph(tf, [[1.0, 2.0, 0.0], [0.5, 0.5, 3.0]], [None, 3])
    ).cdf([[1], [3]])
    cases["dynamic.categorical_shapes"] = lambda tf: _batch_shapes(
        tf.distributions.Categorical(logits=ph(tf, [[1.0, 2.0, 0.0], [0.5, 0.5, 3.0]], None))
    )
    cases["dynamic.bernoulli_log_prob"] = lambda tf: tf.distributions.Bernoulli(
        logits=ph(tf, [-1.0, 2.0], [None])
    ).log_prob(ph(tf, [[1], [0]], [None, None], np.int32))
    cases["dynamic.dirichlet_entropy"] = lambda tf: tf.distributions.Dirichlet(
        ph(tf, [[1.0, 2.0, 3.0]], [None, None])
    ).entropy()
    cases["dynamic.dirichlet_shapes"] = lambda tf: _batch_shapes(
        tf.distributions.Dirichlet(ph(tf, [[1.0, 2.0, 3.0]], [None, None]))
    )
    cases["dynamic.multinomial_sample"] = lambda tf: {
        "shape_only": tf.distributions.Multinomial(
            3.0, logits=ph(tf, [[1.0, 2.0, 0.0]], [None, 3])
        ).sample(2, seed=4)
    }
    cases["dynamic.gamma_sample"] = lambda tf: {
        "shape_only": tf.distributions.Gamma(ph(tf, [1.0, 2.0], [None]), [[1.0], [3.0]]).sample(
            [4, 1], seed=4
        )
    }


def _train_cases(cases):
    data = np.array([1.5, 2.0, 0.3, 3.1, 2.2, 1.1], F32)

    def normal_mle(tf):
        loc = tf.Variable(0.0)
        log_scale = tf.Variable(0.0)
        dist = tf.distributions.Normal(loc, tf.exp(log_scale))
        loss = -tf.reduce_mean(dist.log_prob(data))
        return {
            "train": tf.train.GradientDescentOptimizer(0.2).minimize(loss),
            "steps": 40,
            "fetch": [loc, log_scale, loss],
        }

    def kl_fit(make_q, p, steps=30, lr=0.1):
        def build(tf):
            raw = tf.Variable(np.array([0.3, -0.2, 0.5], F32))
            loss = tf.reduce_sum(tf.distributions.kl_divergence(make_q(tf, raw), p(tf)))
            return {
                "train": tf.train.GradientDescentOptimizer(lr).minimize(loss),
                "steps": steps,
                "fetch": [raw, loss],
            }

        return build

    cases["train.normal_mle"] = normal_mle
    cases["train.beta_kl"] = kl_fit(
        lambda tf, r: tf.distributions.Beta(tf.nn.softplus(r), tf.nn.softplus(r[::-1])),
        lambda tf: tf.distributions.Beta(2.0, 3.0),
    )
    cases["train.gamma_kl"] = kl_fit(
        lambda tf, r: tf.distributions.Gamma(tf.exp(r), tf.exp(-r)),
        lambda tf: tf.distributions.Gamma([1.0, 2.0, 3.0], 2.0),
    )
    cases["train.dirichlet_kl"] = kl_fit(
        lambda tf, r: tf.distributions.Dirichlet(tf.exp(r)),
        lambda tf: tf.distributions.Dirichlet([1.0, 2.0, 4.0]),
    )
    cases["train.categorical_kl"] = kl_fit(
        lambda tf, r: tf.distributions.Categorical(logits=r),
        lambda tf: tf.distributions.Categorical(probs=[0.2, 0.3, 0.5]),
        lr=0.5,
    )
    cases["train.student_t_mle"] = lambda tf: _student_t_mle(tf, data)


def _student_t_mle(tf, data):
    params = tf.Variable(np.array([1.0, 0.0, 0.0], F32))  # log df, loc, log scale
    dist = tf.distributions.StudentT(tf.exp(params[0]), params[1], tf.exp(params[2]))
    loss = -tf.reduce_mean(dist.log_prob(data))
    return {
        "train": tf.train.GradientDescentOptimizer(0.1).minimize(loss),
        "steps": 40,
        "fetch": [params, loss],
    }


def _batch_shapes(d):
    return [
        d.batch_shape_tensor(),
        d.event_shape_tensor(),
        d.is_scalar_batch(),
        d.is_scalar_event(),
    ]


def _variable_params(tf):
    loc = tf.Variable([1.0, 2.0], name="loc")
    d = tf.distributions.Normal(loc, 2.0)
    return {"train": tf.no_op(), "steps": 0, "fetch": [d.log_prob(0.0), d.sample(2, seed=1)[:0]]}


def _two_normals(tf):
    a = tf.distributions.Normal(0.0, 1.0)
    b = tf.distributions.Normal(0.0, 1.0, name="N")
    return [
        a.sample(seed=1),
        a.log_prob(0.0),
        b.mean(),
        b.cdf(1.0, name="c"),
        a.entropy(),
        tf.distributions.Normal(0.0, 1.0).mean(),
    ]


def _scoped_names(tf):
    with tf.name_scope("outer"):
        d = tf.distributions.Gamma(2.0, 1.0)
        names = [
            d.name,
            d.concentration.name,
            d.rate.name,
            d.log_prob(1.0).name,
            d.sample(seed=2).name,
        ]
    k = tf.distributions.kl_divergence(d, tf.distributions.Gamma(1.0, 1.0))
    return names + [k.name]


def all_cases():
    """{case id: build(tf)} for every case."""
    cases = {}
    for name, spec in DISTS.items():
        _dist_cases(cases, name, spec)
    _kl_cases(cases)
    for name, build in BAD.items():
        cases["bad." + name] = build
    _misc_cases(cases)
    _custom_cases(cases)
    _dynamic_cases(cases)
    _train_cases(cases)
    return cases


def _record_tensor(sess, out, shape_only):
    value = np.asarray(sess.run(out))
    rec = {"dtype": out.dtype.name, "static": _static(out), "shape": list(value.shape)}
    if not shape_only:
        rec["value"] = value.tolist()
    return rec


def _static(t):
    dims = t.shape.dims
    return (
        None if dims is None else [d if isinstance(d, int) or d is None else d.value for d in dims]
    )


def run(tf, build):
    """What build(tf) gives under `tf`: {"out": ...} or {"error": class, "message", "phase"}."""
    with tf.Graph().as_default(), tf.Session() as sess:
        try:
            out = build(tf)
        except Exception as e:  # noqa: BLE001 - the class and message are the record
            return {"error": type(e).__name__, "message": str(e), "phase": "build"}
        try:
            return {"out": _record(tf, sess, out)}
        except Exception as e:  # noqa: BLE001
            return {"error": type(e).__name__, "message": str(e).split("\n")[0], "phase": "run"}


def _record(tf, sess, out):
    if isinstance(out, dict) and "train" in out:
        sess.run(tf.global_variables_initializer())
        for _ in range(out["steps"]):
            sess.run(out["train"])
        return [_record_tensor(sess, t, False) for t in out["fetch"]]
    if isinstance(out, dict) and "shape_only" in out:
        return _record_tensor(sess, out["shape_only"], True)
    if isinstance(out, tf.Tensor):
        return _record_tensor(sess, out, False)
    if isinstance(out, list) and out and isinstance(out[0], tf.Tensor):
        return [_record_tensor(sess, t, False) for t in out]
    if isinstance(out, tf.distributions.Distribution):
        return _meta(out)
    return out
