"""tf.random."""

from tinytf.ops.random_ops import random_shuffle as shuffle  # noqa: F401
from tinytf.ops.random_ops import random_normal as normal  # noqa: F401
from tinytf.ops.random_ops import random_uniform as uniform  # noqa: F401
from tinytf.ops.random_ops import set_random_seed, truncated_normal  # noqa: F401
# issue 10: image-random
from tinytf.ops.random_ops import categorical, get_seed, multinomial  # noqa: F401, E402
from tinytf.ops.random_ops import random_gamma as gamma  # noqa: F401, E402
from tinytf.ops.random_ops import random_poisson as poisson  # noqa: F401, E402
from tinytf.ops.stateless_random_ops import (  # noqa: F401, E402
    stateless_categorical,
    stateless_multinomial,
    stateless_truncated_normal,
)
from tinytf.ops.stateless_random_ops import stateless_random_normal as stateless_normal  # noqa: F401, E402, E501
from tinytf.ops.stateless_random_ops import stateless_random_uniform as stateless_uniform  # noqa: F401, E402, E501
from tinytf.random import experimental  # noqa: F401, E402
# issue 10: misc
from tinytf.ops.candidate_sampling_ops import (  # noqa: F401, E402
    all_candidate_sampler,
    fixed_unigram_candidate_sampler,
    learned_unigram_candidate_sampler,
    log_uniform_candidate_sampler,
    uniform_candidate_sampler,
)
