"""tf.contrib: the few pieces of TF 1.x's contrib that lecture-era code uses."""

_LAZY = {
    "data": "tinytf.data.contrib_data",
    "distributions": "tinytf.distributions",  # TF 1.15's 18 core ones (the same objects as TF's)
    "estimator": None,  # the v1 head factories only
    "framework": None,
    "layers": None,
    "learn": None,
    "lookup": None,
    "losses": None,
    "metrics": None,
    "rnn": None,
    "seq2seq": None,
    "slim": None,
    "tensorboard": None,
    "training": None,
}


def __getattr__(name):  # imported on first use (`import tinytf` stays fast)
    if name in _LAZY:
        import importlib

        return importlib.import_module(_LAZY[name] or f"tinytf.contrib.{name}")
    raise AttributeError(f"module 'tinytf.contrib' has no attribute {name!r}")
