"""tf.contrib.framework.arg_scope: default keyword arguments for the functions decorated with
add_arg_scope, set for a `with` block (TF 1.15's rules: inner scopes update outer ones, a
dict re-enters a scope that arg_scope yielded, explicit keywords win)."""

import contextlib
import functools

_ARGSTACK = [{}]  # as TF: one stack for the process, not per graph
_DECORATED_OPS = {}  # key -> the keyword parameters' names


def _key_op(op):
    return getattr(op, "_key_op", str(op))


def _name_op(op):
    return (op.__module__, op.__name__)


def _kwarg_names(func):
    kwargs_length = len(func.__defaults__) if func.__defaults__ else 0
    return func.__code__.co_varnames[-kwargs_length : func.__code__.co_argcount]


def current_arg_scope():
    """The innermost arg_scope: a dict from the functions' keys to their default kwargs."""
    if not _ARGSTACK:
        _ARGSTACK.append({})
    return _ARGSTACK[-1]


@contextlib.contextmanager
def _pushed(scope):
    _ARGSTACK.append(scope)
    try:
        yield scope
    finally:
        _ARGSTACK.pop()


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    """Within the block, each function in `list_ops_or_scope` (decorated with add_arg_scope)
    gets `kwargs` as default keyword arguments; a dict (a scope yielded before) re-enters it.

    >>> with arg_scope([fully_connected], activation_fn=tf.nn.tanh):
    ...     h = fully_connected(x, 10)     # tanh
    """
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise ValueError(
                "When attempting to re-use a scope by suppling adictionary, kwargs must be empty."
            )
        with _pushed(list_ops_or_scope.copy()) as scope:
            yield scope
        return
    if not isinstance(list_ops_or_scope, (list, tuple)):
        raise TypeError("list_ops_or_scope must either be a list/tuple or reused scope (i.e. dict)")
    current_scope = current_arg_scope().copy()
    for op in list_ops_or_scope:
        if not has_arg_scope(op):
            # (TF passes the name as a second argument: its message is this tuple)
            raise ValueError("%s is not decorated with @add_arg_scope", _name_op(op))
        key = _key_op(op)
        current_scope[key] = {**current_scope.get(key, {}), **kwargs}
    with _pushed(current_scope) as scope:
        yield scope


def add_arg_scope(func):
    """Decorates `func` so that arg_scope can give it default keyword arguments."""

    @functools.wraps(func)
    def func_with_args(*args, **kwargs):
        current_scope = current_arg_scope()
        key_func = _key_op(func)
        if key_func in current_scope:
            kwargs = {**current_scope[key_func], **kwargs}
        return func(*args, **kwargs)

    _DECORATED_OPS[_key_op(func)] = _kwarg_names(func)
    func_with_args._key_op = _key_op(func)
    return func_with_args


def has_arg_scope(func):
    """Whether `func` is decorated with add_arg_scope."""
    return _key_op(func) in _DECORATED_OPS


def arg_scoped_arguments(func):
    """The names of the keyword arguments arg_scope can set for `func`."""
    assert has_arg_scope(func)
    return _DECORATED_OPS[_key_op(func)]
