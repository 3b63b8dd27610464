import types

import absl.flags
import tensorflow as tf


def public(module):
    return sorted(
        n
        for n in dir(module)
        if not n.startswith("_") and not isinstance(getattr(module, n), types.ModuleType)
    )


names = public(tf.flags)
print("tf.flags", len(names), names)
print("not absl's", [n for n in names if getattr(tf.flags, n) is not getattr(absl.flags, n, None)])
print(
    "wrapped",
    [
        n
        for n in names
        if getattr(getattr(tf.flags, n), "__wrapped__", None) is getattr(absl.flags, n, 0)
    ],
)
print("FLAGS", type(tf.flags.FLAGS).__name__, tf.flags.FLAGS.__class__ is absl.flags.FlagValues)
print("tf.app", tf.app.flags is tf.flags, tf.compat.v1.flags is tf.flags, public(tf.app))
print("tf.logging", [n for n in public(tf.logging) if n != "flush"])  # tinytf leaves flush out
print(
    "tf_decorator",
    public(tf.flags.tf_decorator),
    tf.flags.tf_decorator.tf_stack is tf.app.flags.tf_decorator.tf_stack,
)
print("tf_stack", public(tf.flags.tf_decorator.tf_stack))
