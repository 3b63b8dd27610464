"""Names of a namespace module imported on first use, so that `import tinytf` does not pay
for the modules behind them (RaggedTensor, the stateful Generator, the LinearOperators):

    __getattr__, __dir__ = lazy_names(__name__, {"RaggedTensor": "tinytf.ragged"})
"""

import importlib
import sys


def lazy_names(namespace, where):
    """(__getattr__, __dir__) for module `namespace`: where = {public name: module that has it}."""

    def __getattr__(name):  # noqa: N807
        if name not in where:
            raise AttributeError(f"module '{namespace}' has no attribute '{name}'")
        value = getattr(importlib.import_module(where[name]), name)
        setattr(sys.modules[namespace], name, value)
        return value

    def __dir__():  # noqa: N807
        return sorted(set(vars(sys.modules[namespace])) | set(where))

    return __getattr__, __dir__
