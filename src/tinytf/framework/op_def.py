"""OpDef: one op in one place (TF type name, inputs, attrs, shape/dtype rule, kernel, gradient),
the REGISTRY keyed by TF type name, and tensor conversion. An op module writes:

    @register_op
    class MatMul(OpDef):
        inputs = ("a", "b")
        attrs = {"transpose_a": False, "transpose_b": False}
        def infer(a, b, *, transpose_a, transpose_b): ...   # TensorSpec(s); never arrays
        def kernel(xp, a, b, *, transpose_a, transpose_b): ...  # arrays via the backend's xp
        def grad(op, dy): ...                               # builds graph ops (training issue)
"""

import contextlib
from collections import namedtuple

from tinytf.framework import dtypes
from tinytf.framework.graph import get_default_graph, graph_of
from tinytf.framework.ops import Tensor

TensorSpec = namedtuple("TensorSpec", "shape dtype")


class _Dead:
    """The value of a tensor on the branch a Switch did not take (TF's dead tensors): ops fed
    one are skipped and output dead tensors too; a Merge forwards its live input."""

    def __repr__(self):
        return "DEAD"


DEAD = _Dead()

REGISTRY = {}
_NOT_DIFFERENTIABLE = object()


def register_op(cls):
    """Registers an OpDef subclass under its TF type name (the class name unless set)."""
    cls.type_name = cls.__dict__.get("type_name", cls.__name__)
    for fn in ("infer", "kernel", "grad"):
        if fn in cls.__dict__ and not isinstance(cls.__dict__[fn], staticmethod):
            setattr(cls, fn, staticmethod(cls.__dict__[fn]))
    if cls.type_name in REGISTRY:
        raise KeyError(f"Op type {cls.type_name!r} is already registered.")
    REGISTRY[cls.type_name] = cls
    return cls


class RegisterGradient:
    """Decorator: `@tf.RegisterGradient("OpType")` sets the gradient function of an op type."""

    def __init__(self, op_type):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, fn):
        _custom_gradients[self._op_type] = fn
        return fn


_custom_gradients = {}


def NotDifferentiable(op_type):  # noqa: N802 - TF's name
    """Declares that ops of `op_type` have no gradient."""
    _custom_gradients[op_type] = _NOT_DIFFERENTIABLE


def get_gradient_function(op):
    """The gradient function of `op` (honouring gradient_override_map), or None."""
    op_type = op._gradient_type or op.type  # set from gradient_override_map at creation
    fn = _custom_gradients.get(op_type)
    if fn is None:
        opdef = REGISTRY.get(op_type)
        fn = getattr(opdef, "grad", None) if opdef else None
    if fn is None:
        raise LookupError(f"No gradient defined for operation '{op.name}' (op type: {op.type})")
    return None if fn is _NOT_DIFFERENTIABLE else fn


class OpDef:
    """Base of every op; subclasses are stateless namespaces registered by `register_op`."""

    type_name = None
    inputs = ()  # input names; a name ending in '*' takes a list (TF's N attr)
    attrs = {}  # attr name -> default (None: required)
    type_inputs = None  # inputs sharing the type attr T (default: all of them)
    allowed = None  # dtypes allowed for T
    stateful = False  # kernel gets ctx= (session state) and op=
    foldable = True  # a pure op whose inputs are all constant runs once, when a plan compiles
    ref_inputs = ()  # indices of inputs passed as variable handles, not values
    aliases_input = False  # kernel may return (a view of) its first input: copy on fetch
    list_output = False  # apply() returns a list even for one output (Unpack, Split)
    takes_dead = False  # the kernel receives dead inputs itself (Merge) instead of being skipped
    grad = None  # gradient function (op, *grads) -> grads; set in the training issue

    @classmethod
    def apply(cls, *inputs, name=None, **attrs):
        """Converts inputs inside the op's name scope, checks dtypes and adds the op.
        Returns the op's output Tensor, a list of them, or the Operation if it has none."""
        g = graph_of(_flat(inputs))
        with g.as_default(), g.name_scope(name or cls.type_name) as scope:
            tensors = _convert_inputs(cls, inputs)
            full_attrs = dict(cls.attrs)
            full_attrs.update(attrs)
            missing = [k for k, v in full_attrs.items() if v is None and k not in attrs]
            if missing:
                raise TypeError(f"Missing required attr {missing[0]!r} for op {cls.type_name}")
            op = g._create_op(cls, tensors, full_attrs, scope)
        if not op._outputs:
            return op
        return op._outputs[0] if len(op._outputs) == 1 and not cls.list_output else op.outputs

    @classmethod
    def infer(cls, *inputs, **attrs):
        raise NotImplementedError(f"{cls.type_name} has no shape rule")


def _flat(values):
    for v in values:
        if isinstance(v, (list, tuple)):
            yield from v
        else:
            yield v


def _convert_inputs(cls, values):
    if len(values) != len(cls.inputs):
        raise TypeError(f"{cls.type_name} takes {len(cls.inputs)} inputs, got {len(values)}")
    type_inputs = cls.type_inputs if cls.type_inputs is not None else cls.inputs
    t_dtype, t_from = None, None
    flat = []
    for arg_name, value in zip(cls.inputs, values):
        is_list = arg_name.endswith("*")
        arg_name = arg_name.rstrip("*")
        items = list(value) if is_list else [value]
        if is_list and not items:
            raise ValueError(
                f"List argument '{arg_name}' to '{cls.type_name}' Op with length 0 "
                "shorter than minimum length 1."
            )
        shares_t = arg_name in type_inputs or f"{arg_name}*" in type_inputs
        for item in items:
            t = convert_to_tensor(
                item,
                dtype=t_dtype if shares_t else None,
                name=arg_name,
                _op_input=(cls.type_name, arg_name, t_from),
            )
            if shares_t and t_dtype is None:
                t_dtype, t_from = t.dtype.base_dtype, arg_name
                _check_allowed(cls, arg_name, t_dtype)
            flat.append(t)
    return flat


def _check_allowed(cls, arg_name, dtype):
    if cls.allowed is not None and dtype not in cls.allowed:
        names = ", ".join(d.name for d in sorted(cls.allowed, key=lambda d: d.as_datatype_enum))
        raise TypeError(
            f"Value passed to parameter '{arg_name}' has DataType {dtype.name} not in list of "
            f"allowed values: {names}"
        )


# -- tensor conversion ---------------------------------------------------------------------------
_conversion_functions = []  # (priority, base_type, fn), tried in priority order


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    """Registers fn(value, dtype=None, name=None, as_ref=False) -> Tensor for `base_type`."""
    _conversion_functions.append((priority, base_type, conversion_func))
    _conversion_functions.sort(key=lambda e: e[0])


def convert_to_tensor(
    value,
    dtype=None,
    name=None,
    preferred_dtype=None,
    dtype_hint=None,
    as_ref=False,
    _op_input=None,
):
    """Converts Tensors, Variables, NumPy arrays, Python scalars and lists to a Tensor."""
    dtype = dtypes.as_dtype(dtype) if dtype is not None else None
    preferred = preferred_dtype or dtype_hint
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype.base_dtype != dtype:
            _raise_mismatch(value, dtype, _op_input)
        return value
    if dtype is None and preferred is not None:
        try:
            return convert_to_tensor(value, preferred, name, as_ref=as_ref)
        except (TypeError, ValueError):
            pass
    for _, base_type, fn in _conversion_functions:
        if isinstance(value, base_type):
            t = fn(value, dtype=dtype, name=name, as_ref=as_ref)
            if t is NotImplemented:
                continue
            if dtype is not None and t.dtype.base_dtype != dtype:
                _raise_mismatch(t, dtype, _op_input)
            return t
    raise TypeError(
        f"Failed to convert object of type {type(value)} to Tensor. "
        f"Contents: {value!r}. Consider casting elements to a supported type."
    )


def _raise_mismatch(t, dtype, op_input):
    if op_input is not None and op_input[2] is not None:
        op_type, arg, first = op_input
        raise TypeError(
            f"Input '{arg}' of '{op_type}' Op has type {t.dtype.base_dtype.name} "
            f"that does not match type {dtype.name} of argument '{first}'."
        )
    raise ValueError(
        f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
        f"{t.dtype.name}: {t!r}"
    )


# -- TF's scope helpers ------------------------------------------------------------------------
@contextlib.contextmanager
def name_scope(name, default_name=None, values=None):
    """`tf.name_scope`: enters `name` (or a unique `default_name`) in the graph of `values`."""
    g = graph_of(_flat(values or ()))
    scope_name = name if name is not None else default_name
    if scope_name is None and name is None and default_name is None and values is not None:
        raise ValueError("At least one of name (None) and default_name (None) must be provided.")
    with g.as_default(), g.name_scope(scope_name) as scope:
        yield scope


@contextlib.contextmanager
def init_scope():
    """Ops made inside get the current name scope but none of the enclosing control deps, and
    are outside any tf.cond branch or while loop (where TF 1.x makes variables)."""
    graph = get_default_graph()
    scope = graph.get_name_scope()
    with graph.as_default(), graph.name_scope(scope + "/" if scope else ""):
        with graph.control_dependencies(None):
            yield


def control_dependencies(control_inputs):
    """`tf.control_dependencies` on the default graph."""
    return get_default_graph().control_dependencies(control_inputs)
