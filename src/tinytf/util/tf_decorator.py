"""tf.flags.tf_decorator: decorators that keep their target introspectable (TF 1.15).

A wrapper made by `make_decorator(target, wrapper)` carries `_tf_decorator` (a TFDecorator
naming the target), `__wrapped__` and the target's name and doc; `unwrap` walks such chains
and `rewrap` swaps the innermost target.
"""

# TF 1.15's module has these __future__ features as public names.
from __future__ import absolute_import, division, print_function  # noqa: UP010

import inspect

from tinytf.util import tf_stack


class TFDecorator:
    """Records a decorator's target, name, doc and argspec; calling it calls the target."""

    def __init__(self, decorator_name, target, decorator_doc="", decorator_argspec=None):
        self._decorated_target = target
        self._decorator_name = decorator_name
        self._decorator_doc = decorator_doc
        self._decorator_argspec = decorator_argspec
        if hasattr(target, "__name__"):
            self.__name__ = target.__name__
        if hasattr(target, "__qualname__"):
            self.__qualname__ = target.__qualname__
        self.__doc__ = decorator_doc or getattr(target, "__doc__", None) or ""

    def __get__(self, instance, owner):
        return self._decorated_target.__get__(instance, owner)

    def __call__(self, *args, **kwargs):
        return self._decorated_target(*args, **kwargs)

    @property
    def decorated_target(self):
        """The callable this decorator wraps."""
        return self._decorated_target

    @decorated_target.setter
    def decorated_target(self, decorated_target):
        self._decorated_target = decorated_target

    @property
    def decorator_name(self):
        """The decorator's name (by default the function that called make_decorator)."""
        return self._decorator_name

    @property
    def decorator_doc(self):
        """The doc this application of the decorator adds."""
        return self._decorator_doc

    @property
    def decorator_argspec(self):
        """The decorated callable's argspec, when the decorator changes it."""
        return self._decorator_argspec


def make_decorator(target, decorator_func, decorator_name=None, decorator_doc="",
                   decorator_argspec=None):
    """Returns `decorator_func` dressed as `target` (name, doc, __wrapped__, _tf_decorator)."""
    if decorator_name is None:
        decorator_name = tf_stack.extract_stack(limit=2)[0].name
    decorator = TFDecorator(decorator_name, target, decorator_doc, decorator_argspec)
    decorator_func._tf_decorator = decorator
    # Plain callables (functools.partial, ...) may lack some of these attributes.
    for attr in ("__name__", "__qualname__", "__module__"):
        if hasattr(target, attr):
            setattr(decorator_func, attr, getattr(target, attr))
    if hasattr(target, "__dict__"):
        for name, value in target.__dict__.items():
            decorator_func.__dict__.setdefault(name, value)
    if hasattr(target, "__doc__"):
        decorator_func.__doc__ = decorator.__doc__
    decorator_func.__wrapped__ = target
    # A second handle on the target shows whether `rewrap` has replaced it since.
    decorator_func.__original_wrapped__ = target
    return decorator_func


def _has_tf_decorator_attr(obj):
    # isinstance, not hasattr alone: a mock has every attribute.
    return isinstance(getattr(obj, "_tf_decorator", None), TFDecorator)


def rewrap(decorator_func, previous_target, new_target):
    """Replaces `previous_target` by `new_target` inside a chain built by make_decorator."""
    cur, innermost, decorator = decorator_func, None, None
    while _has_tf_decorator_attr(cur):
        innermost, decorator = cur, cur._tf_decorator
        if decorator.decorated_target is previous_target:
            break
        cur = decorator.decorated_target
        assert cur is not None
    if innermost is None:
        # Not decorated: the caller passed unwrap()'s result, which is decorator_func itself.
        assert decorator_func is previous_target
        return new_target
    decorator.decorated_target = new_target
    # A bound method takes no attributes; its function does.
    holder = innermost.__func__ if inspect.ismethod(innermost) else innermost
    holder.__wrapped__ = new_target
    return decorator_func


def unwrap(maybe_tf_decorator):
    """Returns ([TFDecorator, ...] outermost first, the final undecorated target)."""
    decorators, cur = [], maybe_tf_decorator
    while True:
        if isinstance(cur, TFDecorator):
            decorators.append(cur)
        elif _has_tf_decorator_attr(cur):
            decorators.append(cur._tf_decorator)
        else:
            break
        if not hasattr(decorators[-1], "decorated_target"):
            break
        cur = decorators[-1].decorated_target
    return decorators, cur
