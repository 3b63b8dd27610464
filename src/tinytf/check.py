"""`python -m tinytf.check PROGRAM.py...`: the TF names a program uses that tinytf lacks, found
without running it. Every `tf.`-rooted attribute chain counts, whatever the import
(`import tensorflow as tf`, `import tensorflow.compat.v1 as tf`, `from tensorflow.python.ops
import array_ops`, `from tensorflow import keras`); members of modules and classes are checked,
not those of instances (`FLAGS.learning_rate` is the program's own flag).

    $ python -m tinytf.check train.py
    train.py:12: tf.contrib.slim
    1 of 41 names missing in tinytf
Exit status: 0 when every name is found, 1 when some are missing, 2 when a file cannot be read.
"""

import argparse
import ast
import importlib
import inspect
import os
import sys
from typing import NamedTuple

from tinytf import tf_paths
from tinytf.compat._switches import NOT_IN_TINYTF

ROOT = "tensorflow"


class Use(NamedTuple):
    """One TF name in a program: where, and the TF path it stands for (`module` + `attrs`).
    A chain use has the local name it starts from (`tf` in `tf.nn.relu`); the first `bound`
    attrs come from the import statement (`from tensorflow.python.ops import array_ops`)."""

    path: str
    line: int
    local: str  # None for the import statement itself
    module: str
    attrs: tuple
    bound: int


def _bindings(tree):
    """{local name: (TF module, attrs, line, module imported)} for every import of tensorflow."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == ROOT:
                    local = a.asname or ROOT
                    found.setdefault(local, (a.name if a.asname else ROOT, (), node.lineno, a.name))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != ROOT:
                continue
            for a in (a for a in node.names if a.name != "*"):
                found.setdefault(a.asname or a.name, (node.module, (a.name,), node.lineno, None))
    return found


def _chain(node):
    attrs = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    return (node.id, attrs[::-1]) if isinstance(node, ast.Name) else (None, None)


def uses(path, source):
    """The TF names used in one program's source (SyntaxError if it does not parse)."""
    tree = ast.parse(source, filename=path)
    bindings = _bindings(tree)
    out = []
    for module, attrs, line, imported in bindings.values():
        out.append(Use(path, line, None, imported or module, () if imported else attrs, len(attrs)))
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            local, chain = _chain(node)
            if local in bindings and isinstance(node.ctx, ast.Load):
                module, attrs, _, _ = bindings[local]
                use = Use(path, node.lineno, local, module, attrs + tuple(chain), len(attrs))
                out.append(use)
    return out


def _submodule(name):
    served = tf_paths.target(name)
    return importlib.import_module(served) if served else None


def missing_at(module, attrs):
    """How many of `attrs` resolve in tinytf before one is missing (-1: the module itself is
    missing); None when all do, or when the rest are members of an instance or a function."""
    try:
        obj = _submodule(module)
    except ImportError:
        obj = None
    if obj is None:
        return -1
    name = module
    for i, attr in enumerate(attrs):
        if not (inspect.ismodule(obj) or inspect.isclass(obj)):
            return None
        try:
            obj = getattr(obj, attr)
        except Exception:  # a lazy namespace that fails to import is missing too
            try:
                obj = _submodule(f"{name}.{attr}") if inspect.ismodule(obj) else None
            except ImportError:
                obj = None
            if obj is None:
                return i
        name = f"{name}.{attr}"
    return None


def _tf_path(use, k):
    return ".".join([use.module, *use.attrs[: k + 1]])


def report(use, k):
    """`path:line: name` for a name missing at index `k` of use.attrs (-1: the module), with why
    tinytf leaves it out where that is known; None for a chain whose import is what is missing
    (reported once, at the import)."""
    if k < use.bound and use.local is not None:
        return None
    tf_path = _tf_path(use, k)
    shown = tf_path if use.local is None else ".".join([use.local, *use.attrs[use.bound : k + 1]])
    reason = NOT_IN_TINYTF.get(tf_path[len(ROOT) + 1 :])
    return f"{use.path}:{use.line}: {shown}" + (f": {reason}" if reason else "")


def check(paths, out=sys.stdout):
    """Prints the missing names of the programs at `paths`; returns the exit status."""
    status, seen, missing = 0, set(), {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                found = uses(path, f.read())
        except (OSError, SyntaxError, UnicodeDecodeError) as e:
            print(f"{path}: cannot check: {e}", file=out)
            status = 2
            continue
        for use in found:
            if use.attrs or use.module != ROOT:
                seen.add(".".join([use.module, *use.attrs]))
            k = missing_at(use.module, use.attrs)
            line = None if k is None else report(use, k)
            if line is not None:
                missing[(use.path, use.line, line)] = _tf_path(use, k)
    for key in sorted(missing):
        print(key[2], file=out)
    if missing:
        n = len(set(missing.values()))
        print(f"{n} of {len(seen)} names missing in tinytf", file=out)
        return max(status, 1)
    print(f"all {len(seen)} names found in tinytf", file=out)
    return status


def _programs(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in sorted(os.walk(p)):
                yield from (os.path.join(root, f) for f in sorted(files) if f.endswith(".py"))
        else:
            yield p


def main(argv=None):
    """Command line: python -m tinytf.check PROGRAM.py... (directories: their .py files)."""
    ap = argparse.ArgumentParser(prog="python -m tinytf.check", description=__doc__.split("\n")[0])
    ap.add_argument("programs", nargs="+", metavar="PROGRAM.py")
    args = ap.parse_args(argv)
    return check(list(_programs(args.programs)))


if __name__ == "__main__":
    sys.exit(main())
