"""tf.distributions samples: their moments over many draws against the mean and variance real
TF 1.15 computes (golden/distributions.json, from tools/make_distributions_fixtures.py) or exact
math, and the gradients that flow through reparameterized samples. TF's random streams are not
reproduced, so values are compared only statistically."""

import json
import pathlib

import numpy as np
import pytest

import tinytf as tf
import tinytf.distributions as tfd
from tests.distributions import distributions_cases
from tests.distributions.test_distributions_golden import TF

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "distributions.json").read_text())
N = 20000


def _golden(case_id):
    return np.asarray(GOLDEN[case_id]["out"]["value"], dtype=np.float64)


def _draw(name, n=N, seed=7):
    with tf.Graph().as_default(), tf.Session() as sess:
        d = distributions_cases.make(TF, distributions_cases.DISTS[name])
        s = d.sample(n, seed=seed)
        assert s.dtype == d.dtype
        return np.asarray(sess.run(s), dtype=np.float64)


MOMENT_CASES = [
    "normal",
    "uniform",
    "laplace",
    "exponential",
    "gamma",
    "gamma64",
    "beta",
    "student_t_scalar",
    "bernoulli",
    "bernoulli_probs",
    "dirichlet",
    "dirichlet_one",
    "dirichlet_multinomial",
    "multinomial",
    "multinomial_probs",
]


@pytest.mark.parametrize("name", MOMENT_CASES)
def test_sample_moments_match_tf_mean_and_variance(name):
    samples = _draw(name)
    mean, var = _golden(name + ".mean"), _golden(name + ".variance")
    stderr = np.sqrt(var / N)
    np.testing.assert_array_less(np.abs(samples.mean(0) - mean), 5 * stderr + 1e-6)
    heavy_tailed = name in ("student_t_scalar", "laplace")
    np.testing.assert_allclose(samples.var(0), var, rtol=0.15 if heavy_tailed else 0.06, atol=1e-6)


def test_categorical_frequencies_are_softmax_of_logits():
    logits = np.array(distributions_cases.DISTS["categorical"][1]["logits"])
    probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    samples = _draw("categorical").astype(int)
    assert samples.shape == (N, 2)
    freqs = np.stack([np.bincount(samples[:, b], minlength=4) / N for b in range(2)])
    np.testing.assert_allclose(freqs, probs, atol=5 * np.sqrt(0.25 / N))


def test_multinomial_samples_sum_to_total_count():
    samples = _draw("multinomial", n=50)
    np.testing.assert_array_equal(samples.sum(-1), np.broadcast_to([4.0, 6.0], (50, 2)))
    assert np.all(samples == np.round(samples)) and np.all(samples >= 0)


def test_dirichlet_samples_lie_on_the_simplex():
    samples = _draw("dirichlet", n=100)
    np.testing.assert_allclose(samples.sum(-1), 1.0, rtol=1e-5)
    assert np.all(samples > 0)


def test_uniform_samples_lie_in_support():
    samples = _draw("uniform", n=1000)
    assert np.all(samples >= [0.0, -1.0]) and np.all(samples < [1.0, 3.0])


def test_same_seed_same_samples_in_a_new_graph():
    np.testing.assert_array_equal(_draw("gamma", n=10, seed=5), _draw("gamma", n=10, seed=5))


def _sample_and_grads(make, params, n=N):
    with tf.Graph().as_default(), tf.Session() as sess:
        variables = [tf.constant(np.asarray(p, np.float64)) for p in params]
        s = make(*variables).sample(n, seed=11)
        grads = tf.gradients(tf.reduce_sum(s), variables)
        return sess.run([s, grads])


def test_normal_sample_is_reparameterized():
    s, (g_loc, g_scale) = _sample_and_grads(tfd.Normal, [1.0, 2.0], n=100)
    assert g_loc == pytest.approx(100.0)
    assert g_scale == pytest.approx(np.sum((s - 1.0) / 2.0))


def test_laplace_and_student_t_samples_are_reparameterized():
    s, (g_loc, g_scale) = _sample_and_grads(tfd.Laplace, [-1.0, 0.5], n=50)
    assert (g_loc, g_scale) == (pytest.approx(50.0), pytest.approx(np.sum((s + 1.0) / 0.5)))
    s, (_, g_loc, g_scale) = _sample_and_grads(tfd.StudentT, [4.0, 3.0, 2.0], n=50)
    assert (g_loc, g_scale) == (pytest.approx(50.0), pytest.approx(np.sum((s - 3.0) / 2.0)))


def test_uniform_sample_is_reparameterized():
    s, (g_low, g_high) = _sample_and_grads(tfd.Uniform, [1.0, 3.0], n=100)
    u = (s - 1.0) / 2.0
    assert (g_low, g_high) == (pytest.approx(np.sum(1 - u)), pytest.approx(np.sum(u)))


def test_exponential_sample_gradient_is_minus_sample_over_rate():
    s, (g_rate,) = _sample_and_grads(tfd.Exponential, [2.0], n=100)
    assert g_rate == pytest.approx(-np.sum(s) / 2.0)


def test_gamma_sample_gradients_average_to_mean_derivatives():
    # E[x] = alpha / rate, so E[dx/dalpha] = 1 / rate and dx/drate = -x / rate exactly.
    s, (g_alpha, g_rate) = _sample_and_grads(tfd.Gamma, [3.0, 2.0])
    assert g_alpha / N == pytest.approx(0.5, rel=0.03)
    assert g_rate == pytest.approx(-np.sum(s) / 2.0)


def test_beta_sample_gradient_averages_to_mean_derivative():
    # E[x] = a / (a + b): dE/da = b / (a + b)**2 = 0.1875 at a=1, b=3.
    _, (g_a, g_b) = _sample_and_grads(tfd.Beta, [1.0, 3.0])
    assert g_a / N == pytest.approx(0.1875, rel=0.05)
    assert g_b / N == pytest.approx(-0.0625, rel=0.05)


def test_bernoulli_and_categorical_samples_have_no_gradient():
    with tf.Graph().as_default():
        p = tf.constant([0.3, 0.6])
        assert tf.gradients(tf.reduce_sum(tfd.Bernoulli(probs=p).sample(3)), [p]) == [None]
        logits = tf.constant([[0.3, 0.6]])
        cat = tf.cast(tfd.Categorical(logits=logits).sample(3), tf.float32)
        assert tf.gradients(tf.reduce_sum(cat), [logits]) == [None]
