"""tf.distributions: TF 1.15's probability distributions (tfp's predecessor)."""

from tinytf.distributions.bernoulli import Bernoulli  # noqa: F401
from tinytf.distributions.beta import Beta  # noqa: F401
from tinytf.distributions.categorical import Categorical  # noqa: F401
from tinytf.distributions.dirichlet import Dirichlet  # noqa: F401
from tinytf.distributions.dirichlet_multinomial import DirichletMultinomial  # noqa: F401
from tinytf.distributions.distribution import (  # noqa: F401
    FULLY_REPARAMETERIZED,
    NOT_REPARAMETERIZED,
    Distribution,
    ReparameterizationType,
)
from tinytf.distributions.gamma import Exponential, Gamma  # noqa: F401
from tinytf.distributions.kullback_leibler import RegisterKL, kl_divergence  # noqa: F401
from tinytf.distributions.laplace import Laplace  # noqa: F401
from tinytf.distributions.multinomial import Multinomial  # noqa: F401
from tinytf.distributions.normal import Normal  # noqa: F401
from tinytf.distributions.student_t import StudentT  # noqa: F401
from tinytf.distributions.uniform import Uniform  # noqa: F401
