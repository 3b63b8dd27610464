"""KL divergences between distributions: a registry keyed by class pairs, looked up along
both classes' MROs (nearest registered ancestors win), as TF 1.15's kullback_leibler.py."""

import inspect

from tinytf.framework.op_def import control_dependencies, name_scope
from tinytf.ops import math_ops
from tinytf.ops.array_ops import identity
from tinytf.ops.check_ops import Assert_
from tinytf.ops.elementwise_ops import is_nan
from tinytf.ops.reduction_ops import reduce_any

_DIVERGENCES = {}


def _registered_kl(type_a, type_b):
    hierarchy_a, hierarchy_b = inspect.getmro(type_a), inspect.getmro(type_b)
    dist_to_children, kl_fn = None, None
    for mro_to_a, parent_a in enumerate(hierarchy_a):
        for mro_to_b, parent_b in enumerate(hierarchy_b):
            candidate_dist = mro_to_a + mro_to_b
            candidate_kl_fn = _DIVERGENCES.get((parent_a, parent_b), None)
            if not kl_fn or (candidate_kl_fn and candidate_dist < dist_to_children):
                dist_to_children, kl_fn = candidate_dist, candidate_kl_fn
    return kl_fn


def kl_divergence(distribution_a, distribution_b, allow_nan_stats=True, name=None):
    """KL(distribution_a || distribution_b) by the registered function for their classes."""
    kl_fn = _registered_kl(type(distribution_a), type(distribution_b))
    if kl_fn is None:
        raise NotImplementedError(
            "No KL(distribution_a || distribution_b) registered for distribution_a "
            f"type {type(distribution_a).__name__} and distribution_b type "
            f"{type(distribution_b).__name__}"
        )
    with name_scope("KullbackLeibler"):
        kl_t = kl_fn(distribution_a, distribution_b, name=name)
        if allow_nan_stats:
            return kl_t
        kl_t = identity(kl_t, name="kl")
        message = (
            f"KL calculation between {distribution_a.name} and {distribution_b.name} "
            "returned NaN values (and was called with allow_nan_stats=False). Values:"
        )
        check = Assert_(math_ops.logical_not(reduce_any(is_nan(kl_t))), [message, kl_t])
        with control_dependencies([check]):
            return identity(kl_t, name="checked_kl")


def cross_entropy(ref, other, allow_nan_stats=True, name=None):
    """H[ref, other] = entropy(ref) + KL(ref || other)."""
    with name_scope(name, "cross_entropy"):
        return ref.entropy() + kl_divergence(ref, other, allow_nan_stats=allow_nan_stats)


class RegisterKL:
    """Decorator that registers a KL divergence function for a pair of distribution classes."""

    def __init__(self, dist_cls_a, dist_cls_b):
        self._key = (dist_cls_a, dist_cls_b)

    def __call__(self, kl_fn):
        """Registers `kl_fn(a, b, name=None)` and returns it."""
        if not callable(kl_fn):
            raise TypeError(f"kl_fn must be callable, received: {kl_fn}")
        if self._key in _DIVERGENCES:
            raise ValueError(
                f"KL({self._key[0].__name__} || {self._key[1].__name__}) has already been "
                f"registered to: {_DIVERGENCES[self._key]}"
            )
        _DIVERGENCES[self._key] = kl_fn
        return kl_fn
