"""TF's own import paths served by tinytf: `import tensorflow` (when asked for) and TF's internal
modules (`tensorflow.python.ops.array_ops`, `tensorflow.core.framework.graph_pb2`, ...).

Each module in this folder mirrors one TF 1.15 module and defines nothing. Its names are those
TF's module has (recorded from real TF in tf115_paths.json by tools/make_import_path_fixtures.py);
each resolves on first use to the tinytf object TF itself exports it as (`array_ops.reshape is
tf.reshape` in TF, so it is `tinytf.reshape` here), else to the same name in the tinytf modules
the alias lists. A name tinytf lacks is absent (AttributeError), never a stand-in:

    # tf_paths/python/framework/tensor_shape.py
    from tinytf.tf_paths import alias
    __getattr__, __dir__ = alias(__name__, "tinytf.framework.tensor_shape")

`install()` puts a finder first on sys.meta_path that maps `tensorflow` to the tinytf module
object and `tensorflow.X.Y` to `tinytf.X.Y` (a public namespace: compat.v1, contrib.layers,
examples.tutorials.mnist) or else to `tinytf.tf_paths.X.Y`. Only `python -m tinytf` and
`import tinytf.as_tensorflow` install it: a real TensorFlow is never shadowed unasked.
"""

import functools
import importlib
import importlib.abc
import importlib.util
import inspect
import json
import os
import sys

ROOT = "tensorflow"
_HERE = __name__  # "tinytf.tf_paths"


@functools.cache
def table():
    """{TF module path: {name: "public|tf|paths" or 0 (not exported under tf.*)}}; the entry
    "tensorflow" holds TF's public namespaces (nn, train, compat, contrib, examples, ...)."""
    with open(os.path.join(os.path.dirname(__file__), "tf115_paths.json")) as f:
        return json.load(f)


def tf_name(module_name):
    """`tinytf.tf_paths.python.ops.array_ops` -> `tensorflow.python.ops.array_ops`."""
    return ROOT + module_name[len(_HERE) :]


def _import(name):
    if name.startswith("tensorboard.compat.proto."):
        from tinytf.platform import protos  # says how to install TensorBoard

        return protos.proto_module(name.rsplit(".", 1)[1])
    return importlib.import_module(name)


def _public(path):
    import tinytf

    obj = tinytf
    for part in path.split("."):
        obj = getattr(obj, part)  # a lazy namespace not built yet raises ImportError
    return obj


def lookup(module_name, name, sources=()):
    """The tinytf object for `name` of TF module `module_name`; AttributeError if absent."""
    entry = table().get(module_name, {}).get(name)
    for path in entry.split("|") if entry else ():
        try:
            return _public(path)
        except (AttributeError, ImportError):
            pass
    if entry is not None:
        for source in sources:
            if hasattr(source, name):
                return getattr(source, name)
        if module_name.rpartition(".")[2].startswith("gen_"):
            wrapper = generated(name)  # TF's generated op wrappers, from the op registry
            if wrapper is not None:
                return wrapper
    raise AttributeError(f"module '{module_name}' has no attribute '{name}' (not in tinytf)")


def _snake(op_type):
    """TF's generated-wrapper name of an op type: MatMul -> mat_mul, Conv2D -> conv2d,
    LRNGrad -> lrn_grad, AddV2 -> add_v2."""
    out = []
    for i, c in enumerate(op_type):
        before, after = op_type[i - 1 : i], op_type[i + 1 : i + 2]
        if c.isupper() and i and (before.islower() or (before.isupper() and after.islower())):
            out.append("_")
        out.append(c.lower())
    return "".join(out)


# attrs TF 2.x added to op definitions recorded from it; TF 1.15's generated code has none
_TF2_ATTRS = frozenset({"grad_a", "grad_b", "grad_x", "grad_y", "bad_indices_policy"})


@functools.cache
def _gen_signatures():
    """{wrapper name: TF 1.15's parameter names}, recorded by tools/make_import_path_fixtures.py."""
    with open(os.path.join(os.path.dirname(__file__), "gen_signatures.json")) as f:
        return json.load(f)


def _op_params(spec):
    """(input names, attrs as (name, has default)) of TF's OpDef in its generated wrapper's order:
    inputs, then the attrs TF does not infer from them, required ones first."""
    inferred = {a.get(k) for a in spec["inputs"] for k in ("type_attr", "type_list_attr")}
    inferred |= {a.get("number_attr") for a in spec["inputs"]}
    attrs = [(a["name"], "default" in a) for a in spec["attrs"]]
    attrs = [a for a in attrs if a[0] not in inferred | _TF2_ATTRS]
    return [a["name"] for a in spec["inputs"]], sorted(attrs, key=lambda a: a[1])


def generated(function_name):
    """TF's generated wrapper `gen_*_ops.<function_name>(inputs..., attrs..., name=None)` of
    the op type tinytf registers under that name, or None. It takes TF 1.15's parameter names
    (its API renames, `axis` for `reduction_indices`); an attr left at None keeps the default."""
    from tinytf.framework.graph_io import tf_op_defs
    from tinytf.framework.op_def import REGISTRY

    specs = tf_op_defs()
    op_type = next((t for t in REGISTRY if _snake(t) == function_name and t in specs), None)
    if op_type is None:
        return None
    opdef = REGISTRY[op_type]
    inputs, attrs = _op_params(specs[op_type])
    recorded = _gen_signatures().get(function_name, "").split(",")[:-1]  # without `name`
    if len(recorded) < len(inputs) + len(attrs):  # attrs TF 2.x added (explicit_paddings)
        attrs = [a for a in attrs if a[0] in recorded]
    names = inputs + [a for a, _ in attrs]
    python = recorded if len(recorded) == len(names) else names
    keyword = inspect.Parameter.POSITIONAL_OR_KEYWORD
    defaults = [False] * len(inputs) + [has for _, has in attrs]
    signature = inspect.Signature(
        [
            inspect.Parameter(n, keyword, **({"default": None} if has else {}))
            for n, has in zip(python, defaults)
        ]
        + [inspect.Parameter("name", keyword, default=None)]
    )

    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs).arguments
        values = [bound.get(n) for n in python]
        given = {a: v for a, v in zip(names[len(inputs) :], values[len(inputs) :])}
        attrs = {k: v for k, v in given.items() if k in opdef.attrs and v is not None}
        return opdef.apply(*values[: len(inputs)], name=bound.get("name"), **attrs)

    wrapper.__signature__ = signature
    wrapper.__name__ = wrapper.__qualname__ = function_name
    wrapper.__doc__ = f"TF's generated wrapper of the {op_type} op."
    return wrapper


def alias(module_name, *source_names, omit=()):
    """(__getattr__, __dir__) for the alias module `module_name` of this folder. The sources are
    imported now, so an alias whose tinytf module is missing fails to import, alone. `omit`:
    names a source has that are not TF's namesakes (another signature or meaning)."""
    tf_module = tf_name(module_name)
    sources = [_import(s) for s in source_names]
    namespace = sys.modules[module_name].__dict__
    names = [n for n in table()[tf_module] if n not in omit]

    def __getattr__(name):
        if name == "__all__":
            return [n for n in names if _has(tf_module, n, sources)]
        if name.startswith("__") or name in omit:
            raise AttributeError(f"module '{tf_module}' has no attribute '{name}' (not in tinytf)")
        namespace[name] = obj = lookup(tf_module, name, sources)
        return obj

    def __dir__():
        return sorted(set(namespace) | set(__getattr__("__all__")))

    return __getattr__, __dir__


def _has(tf_module, name, sources):
    try:
        lookup(tf_module, name, sources)
    except AttributeError:
        return False
    return True


# -- the `tensorflow` finder -----------------------------------------------------------------------
def _find(module_name):
    try:
        return importlib.util.find_spec(module_name) is not None
    except (ImportError, AttributeError, ValueError):
        return False


def target(name):
    """The tinytf module that serves TF module `name` (`tensorflow...`), or None."""
    if name == ROOT:
        return "tinytf"
    if not name.startswith(ROOT + "."):
        return None
    rest = name[len(ROOT) + 1 :]
    # tinytf's own packages (framework, ops, ...) are no TF paths: only TF's namespaces map
    if rest.split(".")[0] in table()[ROOT] and _find(f"tinytf.{rest}"):
        return f"tinytf.{rest}"
    if _find(f"{_HERE}.{rest}"):
        return f"{_HERE}.{rest}"
    return None


class _Loader(importlib.abc.Loader):
    """Serves the tinytf module itself under the TF name (one module object, two names)."""

    def create_module(self, spec):
        module = importlib.import_module(spec.loader_state)
        spec.loader_state = (module, module.__spec__)
        return module

    def exec_module(self, module):
        # the import system set __spec__ to the alias spec: the module keeps its own
        module.__spec__ = module.__spec__.loader_state[1]


class TensorflowFinder(importlib.abc.MetaPathFinder):
    """Finds `tensorflow` and `tensorflow.*` in tinytf (first on sys.meta_path)."""

    def find_spec(self, fullname, path=None, target_module=None):
        if fullname != ROOT and not fullname.startswith(ROOT + "."):
            return None
        served = target(fullname)
        if served is None:
            # answered here, not by the next finder: that one would load tinytf's own files
            # (tinytf.__path__) a second time under the TF name
            from tinytf.compat._switches import NOT_IN_TINYTF

            reason = NOT_IN_TINYTF.get(fullname[len(ROOT) + 1 :])
            why = f": {reason}" if reason else " (tinytf does not have it)"
            raise ModuleNotFoundError(f"No module named '{fullname}'{why}", name=fullname)
        spec = importlib.util.spec_from_loader(fullname, _Loader())
        spec.loader_state = served
        return spec


def installed():
    """True when `import tensorflow` gives tinytf in this process."""
    return any(isinstance(f, TensorflowFinder) for f in sys.meta_path)


def install():
    """Makes `import tensorflow` (and TF's module paths) give tinytf from now on."""
    current = sys.modules.get(ROOT)
    if current is not None and current is not sys.modules["tinytf"]:
        raise ImportError(
            "a real `tensorflow` is already imported in this process; import tinytf.as_tensorflow "
            "(or run `python -m tinytf PROGRAM.py`) before anything imports tensorflow"
        )
    if not installed():
        sys.meta_path.insert(0, TensorflowFinder())
