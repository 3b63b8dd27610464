import __future__

import functools
import inspect

import tensorflow as tf

td = tf.flags.tf_decorator
print("futures", td.absolute_import is __future__.absolute_import,
      td.tf_stack.division is __future__.division,
      tf.flags.print_function is __future__.print_function)
print(inspect.signature(td.TFDecorator.__init__), inspect.signature(td.make_decorator))


def deco(target):
    def wrapper(*args, **kwargs):
        return target(*args, **kwargs) + 1

    return td.make_decorator(target, wrapper)


def tgt(x):
    """Target doc."""
    return x * 2


tgt.extra = 5
w = deco(tgt)
print("made", w(3), w.__name__, w.__qualname__, w.__module__, w.__doc__, w.extra,
      w._tf_decorator.decorator_name, w.__wrapped__ is tgt, w.__original_wrapped__ is tgt)
decorators, target = td.unwrap(w)
print("unwrap", target is tgt, [d.decorator_name for d in decorators], td.unwrap(tgt) == ([], tgt))
w2 = td.make_decorator(tgt, lambda x: 0, "myname", "my doc")
print("named", w2.__doc__, w2.__name__, w2._tf_decorator.decorator_name,
      w2._tf_decorator.decorator_doc)


def nodoc(x):
    return x


w3 = td.make_decorator(nodoc, lambda x: 0, decorator_argspec="spec")
print("module level", repr(w3.__doc__), w3._tf_decorator.decorator_name,
      w3._tf_decorator.decorator_argspec)
d = td.TFDecorator("nm", tgt)
print("class", d.__name__, d.__qualname__, d.__doc__, d(4), d.decorated_target is tgt,
      d.decorator_name, repr(d.decorator_doc), d.decorator_argspec)
print("docs", repr(td.TFDecorator("n", nodoc).__doc__), td.TFDecorator("n", nodoc, "dd").__doc__)


class C:
    m = td.TFDecorator("m", lambda self, y: y + 1)


print("descriptor", C().m(1))


def wrapper2(*args):
    return wrapper2.__wrapped__(*args)


ww = td.make_decorator(tgt, wrapper2)


def new(x):
    return -x


print("rewrap", td.rewrap(ww, tgt, new) is ww, ww(3), ww._tf_decorator.decorated_target is new,
      ww.__original_wrapped__ is tgt, ww.__wrapped__ is new)
print("rewrap plain", td.rewrap(tgt, tgt, new) is new)
outer = deco(deco(tgt))
decorators, target = td.unwrap(outer)
print("nested", len(decorators), target is tgt)
print("rewrap nested", td.rewrap(outer, tgt, new) is outer, td.unwrap(outer)[1] is new)
try:
    td.rewrap(tgt, new, new)
except AssertionError:
    print("AssertionError")
p = functools.partial(tgt, 2)
wp = td.make_decorator(p, lambda: 1)
print("partial", wp.__name__, wp.__doc__ == functools.partial.__doc__,
      hasattr(td.TFDecorator("n", p), "__name__"))


class Holder:
    def method(self, x):
        return x

    method = td.make_decorator(method, lambda self, x: method_wrapper(self, x))


def method_wrapper(self, x):
    return Holder.method.__wrapped__(self, x) * 10


print("method", Holder().method(2), td.unwrap(Holder().method)[1].__name__)
bound = Holder().method
print("rewrap bound", td.rewrap(bound, td.unwrap(bound)[1], lambda self, x: x - 1) is bound,
      Holder().method(2))


class Mock:
    _tf_decorator = "not a TFDecorator"


print("mock", td.unwrap(Mock)[0])
