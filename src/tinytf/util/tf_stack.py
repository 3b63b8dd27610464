"""tf.flags.tf_decorator.tf_stack: TF 1.15's light call-stack extraction.

`extract_stack` walks the interpreter's frames without reading source lines (`convert_stack`
reads them later). Per thread, the innermost `StackTraceMapper` in a `with` block remaps
(filename, lineno) pairs and the innermost `StackTraceFilter` drops frames by filename.
"""

# TF 1.15's module has these __future__ features as public names.
from __future__ import absolute_import, division, print_function  # noqa: UP010

import collections
import inspect
import linecache
import sys
import threading

TB_FILENAME = 0
TB_LINENO = 1
TB_FUNCNAME = 2
TB_CODEDICT = 3  # the frame's globals

_source_mapper_stacks = collections.defaultdict(list)
_source_filter_stacks = collections.defaultdict(list)


class StackFrame:
    """One frame of `extract_stack`: filename, lineno, name, globals, func_start_lineno."""

    __slots__ = ("_filename", "_lineno", "_name", "_globals", "_func_start_lineno")

    def __init__(self, filename, lineno, name, globals, func_start_lineno, /):  # noqa: A002
        # TF 1.15's StackFrame is a C++ struct: the fields are typed, positional and read-only.
        if not (isinstance(filename, str) and isinstance(name, str)
                and isinstance(lineno, int) and isinstance(func_start_lineno, int)):
            raise TypeError(
                "StackFrame(filename: str, lineno: int, name: str, globals: object, "
                f"func_start_lineno: int) got ({filename!r}, {lineno!r}, {name!r}, ..., "
                f"{func_start_lineno!r})")
        self._filename, self._lineno, self._name = filename, int(lineno), name
        self._globals, self._func_start_lineno = globals, int(func_start_lineno)

    filename = property(lambda self: self._filename)
    lineno = property(lambda self: self._lineno)
    name = property(lambda self: self._name)
    globals = property(lambda self: self._globals)
    func_start_lineno = property(lambda self: self._func_start_lineno)

    def __repr__(self):
        return (f"StackFrame(filename={self._filename}, lineno={self._lineno}, "
                f"name={self._name}, globals={self._globals!r}, "
                f"func_start_lineno={self._func_start_lineno})")


class StackTraceTransform:
    """Base class of the stack-trace mappers and filters, used as `with` blocks per thread."""

    _stack_dict = None  # set by the subclasses
    _thread_key = None

    def __enter__(self):
        self.reset()
        # An instance belongs to the thread that first entered it.
        if self._thread_key is None:
            self._thread_key = threading.get_ident()
        else:
            assert self._thread_key == threading.get_ident(), "Shared across threads?"
        stack = self._stack_dict[self._thread_key]
        self.parent = stack[-1] if stack else None
        stack.append(self)
        return self

    def __exit__(self, unused_type, unused_value, unused_traceback):
        top = self._stack_dict[self._thread_key].pop()
        assert top is self, "Concurrent access?"

    def reset(self):
        """Clears what the transform cached; called on entering its `with` block."""


class StackTraceMapper(StackTraceTransform):
    """Remaps (filename, lineno) of stack frames to other source locations."""

    _stack_dict = _source_mapper_stacks

    def reset(self):
        """Forgets the cached source map."""
        self._effective_source_map = None

    def get_effective_source_map(self):
        """Returns a map (filename, lineno) -> (filename, lineno, function_name)."""
        raise NotImplementedError("subclasses need to override this")


class StackTraceFilter(StackTraceTransform):
    """Drops stack frames whose filename is in `get_filtered_filenames()`."""

    _stack_dict = _source_filter_stacks

    def reset(self):
        """Forgets the cached filename set."""
        self._filtered_filenames = None

    def get_filtered_filenames(self):
        """Returns the set of filenames whose frames are dropped."""
        raise NotImplementedError("subclasses need to override this")


class CurrentModuleFilter(StackTraceFilter):
    """Filters the frames of the module that created it (and of its parent filters)."""

    def __init__(self):
        caller = sys._getframe(1)
        try:
            self._filename = inspect.getsourcefile(caller)
        finally:
            del caller  # frames in locals make reference cycles

    def get_filtered_filenames(self):
        """The creating module's file, plus what the enclosing filter drops."""
        if self._filtered_filenames is None:
            self._filtered_filenames = frozenset((self._filename,))
            if self.parent is not None:
                self._filtered_filenames |= self.parent.get_filtered_filenames()
        return self._filtered_filenames


def extract_stack(limit=-1):
    """The caller's stack as StackFrames, outermost first; at most `limit` frames if >= 0."""
    if limit is None:
        limit = -1
    elif not isinstance(limit, int):  # TF 1.15's C++ binding raises RuntimeError here
        raise RuntimeError(f"extract_stack(): limit must be an int or None, got {limit!r}")
    thread_key = threading.get_ident()
    mappers, filters = _source_mapper_stacks[thread_key], _source_filter_stacks[thread_key]
    source_map = mappers[-1].get_effective_source_map() if mappers else {}
    filtered = filters[-1].get_filtered_filenames() if filters else frozenset()
    frames = []
    f = sys._getframe(1)
    while f is not None and (limit < 0 or len(frames) < limit):
        code = f.f_code
        filename, lineno, name = code.co_filename, f.f_lineno, code.co_name
        if (filename, lineno) in source_map:
            filename, lineno, name = source_map[(filename, lineno)]
        # As in TF, the innermost frame is never filtered.
        if not frames or filename not in filtered:
            frames.append(StackFrame(filename, lineno, name, f.f_globals, code.co_firstlineno))
        f = f.f_back
    frames.reverse()
    return frames


def convert_stack(stack, include_func_start_lineno=False):
    """Turns `extract_stack()` frames into traceback tuples (filename, lineno, name, line)."""

    def _tuple(frame):
        linecache.checkcache(frame.filename)
        line = linecache.getline(frame.filename, frame.lineno, frame.globals).strip() or None
        head = (frame.filename, frame.lineno, frame.name, line)
        return head + (frame.func_start_lineno,) if include_func_start_lineno else head

    return tuple(_tuple(frame) for frame in stack)
