"""tinytf: TensorFlow 1.x graph mode on NumPy. `import tinytf as tf`.

This module only assembles the public `tf.*` namespace; nothing is defined here.
"""

from tinytf.framework.dtypes import (  # noqa: F401
    DType,
    as_dtype,
    bool,
    complex64,
    complex128,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    string,
    uint8,
    uint16,
    uint32,
    uint64,
)
from tinytf.framework.tensor_shape import (  # noqa: F401
    Dimension,
    TensorShape,
    dimension_at_index,
    dimension_value,
)
from tinytf.framework.graph import (  # noqa: F401
    Graph,
    GraphKeys,
    add_to_collection,
    add_to_collections,
    get_collection,
    get_collection_ref,
    get_default_graph,
    reset_default_graph,
)
from tinytf.framework.ops import Operation, Tensor  # noqa: F401
from tinytf.framework.op_def import (  # noqa: F401
    NotDifferentiable,
    RegisterGradient,
    control_dependencies,
    convert_to_tensor,
    name_scope,
    register_tensor_conversion_function,
)
from tinytf.client.session import InteractiveSession, Session, get_default_session  # noqa: F401
from tinytf.ops.constant_op import constant  # noqa: F401
from tinytf.ops.array_ops import (  # noqa: F401
    boolean_mask,
    concat,
    expand_dims,
    fill,
    identity,
    one_hot,
    ones,
    ones_like,
    pad,
    placeholder,
    placeholder_with_default,
    rank,
    reshape,
    shape,
    size,
    split,
    squeeze,
    stack,
    stop_gradient,
    tile,
    transpose,
    unstack,
    zeros,
    zeros_like,
)
from tinytf.ops.indexing_ops import gather, slice, strided_slice  # noqa: F401
from tinytf.ops.reduction_ops import (  # noqa: F401
    argmax,
    argmin,
    reduce_all,
    reduce_any,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
)
from tinytf.ops.math_ops import (  # noqa: F401
    abs,
    acos,
    add,
    add_n,
    asin,
    atan,
    cast,
    ceil,
    complex,
    conj,
    cos,
    div,
    divide,
    equal,
    exp,
    floor,
    floordiv,
    floormod,
    greater,
    greater_equal,
    imag,
    less,
    less_equal,
    linspace,
    log,
    log1p,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    matmul,
    maximum,
    minimum,
    mod,
    multiply,
    negative,
    not_equal,
    pow,
    range,
    real,
    reciprocal,
    round,
    rsqrt,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    squared_difference,
    subtract,
    tan,
    tanh,
    tensordot,
    to_float,
    to_int32,
    to_int64,
    truediv,
    where,
)
from tinytf.ops.linalg_ops import (  # noqa: F401
    cholesky,
    eye,
    matrix_determinant,
    matrix_diag,
    matrix_diag_part,
    matrix_inverse,
    matrix_set_diag,
    matrix_solve,
    matrix_transpose,
    trace,
)
from tinytf.ops.random_ops import (  # noqa: F401
    random_normal,
    random_shuffle,
    random_uniform,
    set_random_seed,
    truncated_normal,
)
from tinytf.ops.variables import (  # noqa: F401
    Variable,
    all_variables,
    global_variables,
    global_variables_initializer,
    initialize_all_variables,
    local_variables,
    local_variables_initializer,
    model_variables,
    trainable_variables,
    variables_initializer,
)
from tinytf.ops.state_ops import assign, assign_add, assign_sub, is_variable_initialized  # noqa: F401
from tinytf.ops.control_flow_ops import group, no_op, tuple  # noqa: F401
from tinytf.ops.cond import cond  # noqa: F401
from tinytf.ops.sequence_ops import (  # noqa: F401
    cumprod,
    cumsum,
    einsum,
    gather_nd,
    meshgrid,
    reverse,
    reverse_sequence,
    scatter_nd,
    sequence_mask,
)
from tinytf.ops.debug_ops import (  # noqa: F401
    Assert_ as Assert,
    Print_ as Print,
    assert_equal,
    assert_less,
    assert_non_negative,
    assert_positive,
    check_numerics,
    py_func,
)
from tinytf.ops.clip_ops import (  # noqa: F401
    clip_by_global_norm,
    clip_by_norm,
    clip_by_value,
    global_norm,
)
from tinytf.ops.gradients import gradients  # noqa: F401
from tinytf.framework.importer import import_graph_def  # noqa: F401
from tinytf.ops.sparse_ops import (  # noqa: F401
    SparseTensor,
    SparseTensorValue,
    sparse_placeholder,
    sparse_tensor_dense_matmul,
    sparse_tensor_to_dense,
)
from tinytf.ops import overloads as _overloads  # noqa: F401  (binds Tensor operators)
from tinytf.framework.versions import VERSION, __version__, newaxis  # noqa: F401

from tinytf.ops.init_ops import (  # noqa: F401
    constant_initializer,
    glorot_normal_initializer,
    glorot_uniform_initializer,
    ones_initializer,
    random_normal_initializer,
    random_uniform_initializer,
    truncated_normal_initializer,
    variance_scaling_initializer,
    zeros_initializer,
)
from tinytf.ops.variable_scope import (  # noqa: F401
    AUTO_REUSE,
    VariableScope,
    get_variable,
    get_variable_scope,
    variable_scope,
)

from tinytf import (  # noqa: F401, E402
    dtypes,
    errors,
    graph_util,
    layers,
    logging,
    metrics,
    data,
    saved_model,
    image,
    contrib,
    linalg,
    losses,
    math,
    nn,
    random,
    sparse,
    summary,
    train,
)

# -- names added for issue 9 (scaffolding); one block per area, kept apart ------------------------
from tinytf.platform import protos as _protos  # noqa: E402

# [ops-bugs names]
from tinytf import initializers  # noqa: E402, F401
from tinytf.framework.errors import OpError  # noqa: E402, F401
from tinytf.framework.op_def import (  # noqa: E402, F401
    NotDifferentiable as NoGradient,
    NotDifferentiable as no_gradient,  # noqa: N813 (TF's names)
)
from tinytf.ops.deprecated_ops import (  # noqa: E402, F401
    floor_div,
    op_scope,
    realdiv,
    to_complex64,
    to_complex128,
    to_double,
    variable_op_scope,
)
from tinytf.ops.init_ops import (  # noqa: E402, F401
    orthogonal_initializer,
    tables_initializer,
    tables_initializer as initialize_all_tables,
    uniform_unit_scaling_initializer,
)
from tinytf.ops.math_ops import linspace as lin_space  # noqa: E402, F401
from tinytf.ops.reduction_ops import arg_max, arg_min  # noqa: E402, F401
from tinytf.ops.sequence_ops import reverse as reverse_v2  # noqa: E402, F401
from tinytf.ops.variables import (  # noqa: E402, F401
    local_variables_initializer as initialize_local_variables,
    variables_initializer as initialize_variables,
)
from tinytf.training.moving_averages import moving_average_variables  # noqa: E402, F401
# [import-paths names]
from tinytf.compat._switches import (  # noqa: E402, F401
    control_flow_v2_enabled,
    disable_control_flow_v2,
    disable_eager_execution,
    disable_resource_variables,
    disable_tensor_equality,
    disable_v2_behavior,
    disable_v2_tensorshape,
    executing_eagerly,
    resource_variables_enabled,
)
from tinytf import version  # noqa: E402, F401
from tinytf.version import (  # noqa: E402, F401
    COMPILER_VERSION,
    GIT_VERSION,
    GRAPH_DEF_VERSION,
    GRAPH_DEF_VERSION_MIN_CONSUMER,
    GRAPH_DEF_VERSION_MIN_PRODUCER,
)

# programs test tf.__version__ for the TF release (1.15.0); tinytf's own is in tf.GIT_VERSION
from tinytf.version import VERSION as __version__  # noqa: E402, F401, F811, N811
# [io names]
from tinytf.ops.io_ops import matching_files, read_file, write_file  # noqa: E402, F401
from tinytf.ops.parsing_ops import (  # noqa: E402, F401
    decode_compressed,
    decode_csv,
    decode_raw,
    parse_tensor,
    serialize_tensor,
)
from tinytf.ops.sparse_serialization_ops import (  # noqa: E402, F401
    deserialize_many_sparse,
    serialize_many_sparse,
    serialize_sparse,
)
from tinytf.ops.string_ops import decode_base64, encode_base64  # noqa: E402, F401
# -- names added for issue 10 (ops breadth); one block per area, kept apart -----------------------
# [issue10 math]
# [issue10 segments]
# [issue10 arrays]
# [issue10 signal-strings]
# [issue10 sparse-debugging]
# [issue10 image-random]
# [issue10 nn]
# [config-devices names]
from tinytf.framework.device import DeviceSpec  # noqa: E402, F401
from tinytf.framework.graph import colocate_with, container, device  # noqa: E402, F401

# Namespaces that define no ops are imported on first use (`tf.estimator`, `tf.app`, ...), so
# `import tinytf` stays fast; a module-level __getattr__ is invisible to programs.
_LAZY_NAMESPACES = frozenset(
    {
        "app",
        "estimator",
        "feature_column",
        "flags",
        "gfile",
        "io",
        "python_io",
        "test",
    }
)


def __getattr__(name):
    if name in _protos.MESSAGES:
        return _protos.message(name)
    if name in _LAZY_NAMESPACES:
        import importlib

        try:
            module = importlib.import_module(f"tinytf.{name}")
        except ModuleNotFoundError as e:  # hasattr() must stay False, not raise
            raise AttributeError(f"module 'tinytf' has no attribute '{name}' ({e})") from e
        globals()[name] = module
        return module
    from tinytf.compat._switches import NOT_IN_TINYTF  # names left out on purpose, and why

    reason = f": {NOT_IN_TINYTF[name]}" if name in NOT_IN_TINYTF else ""
    raise AttributeError(f"module 'tinytf' has no attribute '{name}'{reason}")


def __dir__():
    return sorted(set(globals()) | _LAZY_NAMESPACES | set(_protos.MESSAGES))


from tinytf import compat  # noqa: F401, E402  (last: compat.v1 mirrors everything above)
