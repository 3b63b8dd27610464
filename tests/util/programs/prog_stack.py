import os

import tensorflow as tf

ts = tf.flags.tf_decorator.tf_stack
with open("stack_helper.py", "w") as f:
    f.write("def h(fn):\n    return fn()\n\n\ndef h2(fn):\n    return h(fn)\n")
import stack_helper  # noqa: E402


def f():
    return ts.extract_stack()


def show(stack):
    return [(os.path.basename(x.filename), x.lineno, x.name) for x in stack]


class Filter(ts.StackTraceFilter):
    def __init__(self, names):
        self.names = names

    def get_filtered_filenames(self):
        print("  filter called, has parent:", self.parent is not None)
        return frozenset(self.names)


class Mapper(ts.StackTraceMapper):
    def __init__(self, source_map):
        self.source_map = source_map

    def get_effective_source_map(self):
        print("  mapper called")
        return self.source_map


print("TB", ts.TB_FILENAME, ts.TB_LINENO, ts.TB_FUNCNAME, ts.TB_CODEDICT)
stack = f()
print("plain", type(stack[0]).__name__, len(stack), show(stack))
frame = stack[1]
print("fields", os.path.basename(frame.filename), frame.lineno, frame.name, frame.func_start_lineno,
      frame.globals is globals())
print("limits", show(stack_helper.h2(lambda: ts.extract_stack(1))),
      show(stack_helper.h2(lambda: ts.extract_stack(0))),
      show(stack_helper.h2(lambda: ts.extract_stack(2))),
      len(stack_helper.h2(lambda: ts.extract_stack(-5))),
      len(stack_helper.h2(lambda: ts.extract_stack(None))))
print("caller of extract_stack", show(stack_helper.h2(ts.extract_stack)))
with Filter([__file__]):
    print("A", show(f()))
    print("A2", show(stack_helper.h(f)))
with Filter([stack_helper.__file__]):
    print("B", show(stack_helper.h2(f)))
with Filter(["zzz"]):
    with Filter([stack_helper.__file__]):
        print("C", show(stack_helper.h(f)))
with Mapper({(__file__, 12): ("mapped.py", 99, "mapped_fn")}):
    print("D", show(f()))
with Mapper({}):
    with Mapper({(__file__, 12): ("mapped.py", 98, "inner_map")}):
        print("E", show(f()))
with Filter([__file__]):
    with Mapper({(__file__, 12): ("other.py", 97, "mapped_fn")}):
        print("F", show(f()))
with ts.CurrentModuleFilter() as outer:
    print("G", show(stack_helper.h(f)), os.path.basename(outer._filename), outer.parent)
    with ts.CurrentModuleFilter() as inner:
        print("G2", inner.parent is outer, sorted(inner.get_filtered_filenames()) == [__file__])
try:
    ts.StackTraceMapper().get_effective_source_map()
except NotImplementedError as e:
    print("NotImplementedError", e)
try:
    ts.StackTraceFilter().get_filtered_filenames()
except NotImplementedError as e:
    print("NotImplementedError", e)
for include_start in [False, True]:
    converted = ts.convert_stack(stack_helper.h2(lambda: ts.extract_stack(1)), include_start)
    print("convert", [(os.path.basename(t[0]),) + t[1:] for t in converted])
print("convert", ts.convert_stack([]),
      ts.convert_stack([ts.StackFrame("nofile.py", 3, "n", {}, 1)]))
sf = ts.StackFrame("a.py", 3, "fn", {"x": 1}, 2)
print(repr(sf))
print(repr(ts.StackFrame("it's", True, 'q"x', None, 0)))
print(sf == ts.StackFrame("a.py", 3, "fn", {"x": 1}, 2), sf == sf, sf != sf)
BAD_ARGS = [(1, 3, "fn", {}, 2), ("a", "3", "fn", {}, 2), ("a", 3, "fn", {}),
            ("a", 3.0, "fn", {}, 2)]
for args in BAD_ARGS:
    try:
        ts.StackFrame(*args)
    except TypeError:
        print("TypeError", args)
try:
    ts.StackFrame(filename="a", lineno=3, name="fn", globals={}, func_start_lineno=2)
except TypeError:
    print("TypeError keywords")
try:
    sf.lineno = 7
except AttributeError:
    print("AttributeError read-only")
try:
    sf.other = 7
except AttributeError:
    print("AttributeError no new attributes")
for bad in [2.0, "1"]:
    try:
        ts.extract_stack(bad)
    except RuntimeError:
        print("RuntimeError limit", repr(bad))
