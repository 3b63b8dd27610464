"""tf.flags' own pieces over absl.flags, as TF 1.15's tensorflow/python/platform/flags.py.

Everything else in tf.flags is absl.flags' own object. TF adds two things: the string, bool,
float and integer definers also take the old keyword names (flag_name, default_value,
docstring), and `FLAGS` parses `sys.argv` by itself when a flag is read before parsing (absl
raises UnparsedFlagAccessError there).
"""

import logging
import sys

# Imported for its side effect: `import tensorflow` defined absl.app's and absl.logging's flags
# (--verbosity, --logtostderr, ...), so TF 1.15's FLAGS has them.
from absl import app as _absl_app  # noqa: F401
from absl import flags as _absl_flags

from tinytf.util import tf_decorator

# The definer wrappers below live here: without this, absl would file the flags they define
# under this module instead of the module that called DEFINE_*.
_absl_flags.disclaim_key_flags()

_RENAMED_ARGUMENTS = {"flag_name": "name", "default_value": "default", "docstring": "help"}


def _wrap_define_function(original_function):
    """Makes an absl definer accept TF's old keyword names, with a warning."""

    def wrapper(*args, **kwargs):
        renamed = [old for old in _RENAMED_ARGUMENTS if old in kwargs]
        for old in renamed:
            kwargs[_RENAMED_ARGUMENTS[old]] = kwargs.pop(old)
        if renamed:
            # TF warns through the root logger, not "tensorflow".
            logging.warning(
                "Use of the keyword argument names (flag_name, default_value, docstring) is "
                "deprecated, please use (name, default, help) instead.")
        return original_function(*args, **kwargs)

    return tf_decorator.make_decorator(original_function, wrapper)


class _FlagValuesWrapper:
    """absl's FLAGS, except that reading a flag before parsing first parses sys.argv."""

    def __init__(self, flags_object):
        self.__dict__["__wrapped"] = flags_object

    def __getattribute__(self, name):
        # Everything but __dict__ (even __class__, so isinstance(FLAGS, FlagValues) holds)
        # comes from absl's object.
        if name == "__dict__":
            return super().__getattribute__(name)
        return self.__dict__["__wrapped"].__getattribute__(name)

    def __getattr__(self, name):
        wrapped = self.__dict__["__wrapped"]
        if not wrapped.is_parsed():
            wrapped(sys.argv)  # as in TF: an unknown flag in sys.argv raises here
        return wrapped.__getattr__(name)

    def __setattr__(self, name, value):
        return self.__dict__["__wrapped"].__setattr__(name, value)

    def __delattr__(self, name):
        return self.__dict__["__wrapped"].__delattr__(name)

    def __dir__(self):
        return self.__dict__["__wrapped"].__dir__()

    def __getitem__(self, name):
        return self.__dict__["__wrapped"].__getitem__(name)

    def __setitem__(self, name, flag):
        return self.__dict__["__wrapped"].__setitem__(name, flag)

    def __len__(self):
        return self.__dict__["__wrapped"].__len__()

    def __iter__(self):
        return self.__dict__["__wrapped"].__iter__()

    def __str__(self):
        return self.__dict__["__wrapped"].__str__()

    def __call__(self, *args, **kwargs):
        return self.__dict__["__wrapped"].__call__(*args, **kwargs)


DEFINE_string = _wrap_define_function(_absl_flags.DEFINE_string)
DEFINE_boolean = _wrap_define_function(_absl_flags.DEFINE_boolean)
DEFINE_bool = DEFINE_boolean
DEFINE_float = _wrap_define_function(_absl_flags.DEFINE_float)
DEFINE_integer = _wrap_define_function(_absl_flags.DEFINE_integer)

FLAGS = _FlagValuesWrapper(_absl_flags.FLAGS)
