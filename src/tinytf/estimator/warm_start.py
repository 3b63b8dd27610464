"""tf.estimator.WarmStartSettings: which variables an Estimator initializes from another
model's checkpoint (or SavedModel) when it starts training, via tf.train.warm_start."""

import os
from collections import namedtuple

from tinytf.platform import tf_logging as logging

_FIELDS = [
    "ckpt_to_initialize_from",
    "vars_to_warm_start",
    "var_name_to_vocab_info",
    "var_name_to_prev_var_name",
]


class WarmStartSettings(namedtuple("WarmStartSettings", _FIELDS)):
    """The arguments of tf.train.warm_start, with its defaults ('.*': every trainable
    variable)."""

    def __new__(
        cls,
        ckpt_to_initialize_from,
        vars_to_warm_start=".*",
        var_name_to_vocab_info=None,
        var_name_to_prev_var_name=None,
    ):
        if not ckpt_to_initialize_from:
            raise ValueError("`ckpt_to_initialize_from` MUST be set in WarmStartSettings")
        return super().__new__(
            cls,
            ckpt_to_initialize_from,
            vars_to_warm_start,
            var_name_to_vocab_info or {},
            var_name_to_prev_var_name or {},
        )


def _settings(warm_start_from):
    """Estimator's `warm_start_from` (a checkpoint or SavedModel path, or settings) as
    WarmStartSettings, or None."""
    if warm_start_from is None:
        return None
    if isinstance(warm_start_from, (str, bytes, os.PathLike)):
        path = os.fsdecode(warm_start_from)
        variables = os.path.join(path, "variables", "variables")
        if os.path.exists(variables + ".index"):
            logging.info("Warm-starting from a SavedModel")
            return WarmStartSettings(ckpt_to_initialize_from=variables)
        return WarmStartSettings(ckpt_to_initialize_from=path)
    if isinstance(warm_start_from, WarmStartSettings):
        return warm_start_from
    raise ValueError(
        f"warm_start_from must be a string or a WarmStartSettings, instead got "
        f"{type(warm_start_from)}"
    )


def _warm_start(settings):
    """Makes this graph's chosen variables start from the settings' checkpoint."""
    from tinytf.training.warm_starting_util import warm_start

    logging.info("Warm-starting with WarmStartSettings: %s", settings)
    warm_start(*settings)
