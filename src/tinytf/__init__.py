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
from tinytf import bitwise  # noqa: E402, F401
from tinytf.framework.dtypes import (  # noqa: E402, F401
    QUANTIZED_DTYPES,
    bfloat16,
    qint8,
    qint16,
    qint32,
    quint8,
    quint16,
    resource,
    variant,
)
from tinytf.ops.composite_math_ops import (  # noqa: E402, F401
    accumulate_n,
    count_nonzero,
    log_sigmoid,
    norm,
    reduce_logsumexp,
)
from tinytf.ops.dtype_ops import bitcast, saturate_cast, to_bfloat16  # noqa: E402, F401
from tinytf.ops.elementwise_ops import (  # noqa: E402, F401
    acosh,
    angle,
    asinh,
    atan2,
    atanh,
    cosh,
    div_no_nan,
    expm1,
    is_finite,
    is_inf,
    is_nan,
    rint,
    scalar_mul,
    sinh,
    truncatediv,
    truncatemod,
)
from tinytf.ops.histogram_ops import (  # noqa: E402, F401
    bincount,
    confusion_matrix,
    histogram_fixed_width,
    histogram_fixed_width_bins,
)
from tinytf.ops.special_math_ops import (  # noqa: E402, F401
    betainc,
    digamma,
    erf,
    erfc,
    igamma,
    igammac,
    lbeta,
    lgamma,
    polygamma,
    zeta,
)
# [issue10 segments]
from tinytf.ops.indexed_slices import (  # noqa: E402, F401
    IndexedSlices,
    convert_to_tensor_or_indexed_slices,
)
from tinytf.ops.partition_ops import (  # noqa: E402, F401
    batch_gather,
    dynamic_partition,
    dynamic_stitch,
)
from tinytf.ops.scatter_ops import (  # noqa: E402, F401
    batch_scatter_update,
    scatter_add,
    scatter_div,
    scatter_max,
    scatter_min,
    scatter_mul,
    scatter_nd_add,
    scatter_nd_sub,
    scatter_nd_update,
    scatter_sub,
    scatter_update,
    tensor_scatter_add,
    tensor_scatter_sub,
    tensor_scatter_update,
)
from tinytf.ops.scatter_ops import tensor_scatter_add as tensor_scatter_nd_add  # noqa: E402, F401
from tinytf.ops.scatter_ops import tensor_scatter_sub as tensor_scatter_nd_sub  # noqa: E402, F401
from tinytf.ops.scatter_ops import (  # noqa: E402, F401
    tensor_scatter_update as tensor_scatter_nd_update,
)
from tinytf.ops.segment_ops import (  # noqa: E402, F401
    segment_max,
    segment_mean,
    segment_min,
    segment_prod,
    segment_sum,
    sparse_segment_mean,
    sparse_segment_sqrt_n,
    sparse_segment_sum,
    unsorted_segment_max,
    unsorted_segment_mean,
    unsorted_segment_min,
    unsorted_segment_prod,
    unsorted_segment_sqrt_n,
    unsorted_segment_sum,
)
# [issue10 misc]
from tinytf.ops.misc_ops import (  # noqa: E402, F401
    count_up_to,
    edit_distance,
    fingerprint,
    guarantee_const,
    timestamp,
)
from tinytf.ops.misc_ops import print_v2 as print  # noqa: E402, F401, A001
from tinytf.ops.custom_gradient import custom_gradient  # noqa: E402, F401
from tinytf.framework.op_def import init_scope  # noqa: E402, F401
from tinytf.ops.misc_util import (  # noqa: E402, F401
    AggregationMethod,
    UnconnectedGradients,
    VariableAggregation,
    VariableSynchronization,
    clip_by_average_norm,
    get_local_variable,
    get_static_value,
    is_tensor,
    make_ndarray,
    make_tensor_proto,
    no_regularizer,
    numpy_function,
    report_uninitialized_variables,
)
from tinytf.ops.random_ops import get_seed  # noqa: E402, F401
from tinytf.ops.template import make_template  # noqa: E402, F401
from tinytf.platform.tf_logging import get_logger  # noqa: E402, F401
# [issue10 arrays]
from tinytf import manip, sets  # noqa: E402, F401
from tinytf.ops.layout_ops import (  # noqa: E402, F401
    batch_to_space,
    batch_to_space_nd,
    broadcast_dynamic_shape,
    broadcast_static_shape,
    depth_to_space,
    diag,
    diag_part,
    ensure_shape,
    extract_image_patches,
    extract_volume_patches,
    identity_n,
    parallel_stack,
    repeat,
    required_space_to_batch_paddings,
    roll,
    shape_n,
    space_to_batch,
    space_to_batch_nd,
    space_to_depth,
)
from tinytf.ops.array_ops import broadcast_to  # noqa: E402, F401
from tinytf.ops.linalg_decomp_ops import (  # noqa: E402, F401
    cholesky_solve,
    cross,
    matrix_solve_ls,
    matrix_square_root,
    matrix_triangular_solve,
    qr,
    self_adjoint_eig,
    self_adjoint_eigvals,
    svd,
)
from tinytf.ops.linalg_ops import matrix_band_part  # noqa: E402, F401
from tinytf.ops.sort_ops import (  # noqa: E402, F401
    argsort,
    invert_permutation,
    searchsorted,
    setdiff1d,
    sort,
    unique,
    unique_with_counts,
    unravel_index,
    where_v2,
)
# [issue10 signal-strings]
from tinytf import signal, spectral  # noqa: E402, F401
from tinytf.ops.spectral_ops import fft, fft2d, fft3d, ifft, ifft2d, ifft3d  # noqa: E402, F401
from tinytf import strings  # noqa: E402, F401
from tinytf.ops.string_convert_ops import (  # noqa: E402, F401
    as_string,
    regex_replace,
    string_to_number,
)
from tinytf.ops.string_ops import (  # noqa: E402, F401
    reduce_join,
    string_join,
    string_split,
    string_strip,
    string_to_hash_bucket,
    string_to_hash_bucket_fast,
    string_to_hash_bucket_strong,
    substr,
)
# [issue10 sparse-debugging]
from tinytf import debugging  # noqa: E402, F401
from tinytf.ops.check_ops import (  # noqa: E402, F401
    add_check_numerics_ops,
    assert_greater,
    assert_greater_equal,
    assert_integer,
    assert_less_equal,
    assert_near,
    assert_negative,
    assert_non_positive,
    assert_none_equal,
    assert_proper_iterable,
    assert_rank,
    assert_rank_at_least,
    assert_rank_in,
    assert_same_float_dtype,
    assert_scalar,
    assert_type,
    assert_variables_initialized,
    is_non_decreasing,
    is_numeric_tensor,
    is_strictly_increasing,
    verify_tensor_all_finite,
)
from tinytf.ops.sparse_array_ops import (  # noqa: E402, F401
    convert_to_tensor_or_sparse_tensor,
    sparse_concat,
    sparse_fill_empty_rows,
    sparse_mask,
    sparse_merge,
    sparse_reorder,
    sparse_reset_shape,
    sparse_reshape,
    sparse_retain,
    sparse_slice,
    sparse_split,
    sparse_to_indicator,
    sparse_transpose,
)
from tinytf.ops.sparse_math_ops import (  # noqa: E402, F401
    sparse_add,
    sparse_matmul,
    sparse_maximum,
    sparse_minimum,
    sparse_reduce_max,
    sparse_reduce_max_sparse,
    sparse_reduce_sum,
    sparse_reduce_sum_sparse,
    sparse_softmax,
)
from tinytf.ops.sparse_ops import sparse_to_dense  # noqa: E402, F401
# [issue10 image-random]
from tinytf.ops.random_ops import (  # noqa: E402, F401
    multinomial,
    random_crop,
    random_gamma,
    random_poisson,
)
# [issue10 nn]
# [config-devices names]
from tinytf.framework.device import DeviceSpec  # noqa: E402, F401
from tinytf.framework.graph import colocate_with, container, device  # noqa: E402, F401

# Namespaces that define no ops are imported on first use (`tf.estimator`, `tf.app`, ...), so
# `import tinytf` stays fast; a module-level __getattr__ is invisible to programs.
_LAZY_NAMESPACES = frozenset(
    {
        "app",
        "distributions",
        "estimator",
        "feature_column",
        "flags",
        "gfile",
        "io",
        "lookup",
        "python_io",
        "ragged",
        "test",
    }
)


def __getattr__(name):
    if name in _protos.MESSAGES:
        return _protos.message(name)
    if name == "RaggedTensor":  # imported on first use, as the namespaces below
        from tinytf.ragged import RaggedTensor

        globals()[name] = RaggedTensor
        return RaggedTensor
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
    return sorted(set(globals()) | _LAZY_NAMESPACES | set(_protos.MESSAGES) | {"RaggedTensor"})


from tinytf import compat  # noqa: F401, E402  (last: compat.v1 mirrors everything above)
# [issue12 case]
from tinytf.ops.case_ops import case, switch_case  # noqa: E402, F401
from tinytf.ops.recompute_grad import recompute_grad  # noqa: E402, F401
# [issue12 nest]
from tinytf import nest  # noqa: E402, F401
# [issue12 tensor-array]
from tinytf.ops.tensor_array import TensorArray  # noqa: E402, F401
# [issue12 while]
from tinytf.ops.while_loop import while_loop  # noqa: E402, F401
# [issue12 functional]
from tinytf.ops.functional_ops import foldl, foldr, hessians, map_fn, scan  # noqa: E402, F401
# [issue13 example-parsing]
from tinytf.ops.example_parsing import (  # noqa: E402, F401
    FixedLenFeature,
    FixedLenSequenceFeature,
    SparseFeature,
    VarLenFeature,
    decode_json_example,
    parse_example,
    parse_single_example,
    parse_single_sequence_example,
)
# [issue13 queues]
from tinytf.ops.queue_ops import (  # noqa: E402, F401
    FIFOQueue,
    PaddingFIFOQueue,
    PriorityQueue,
    QueueBase,
    RandomShuffleQueue,
)
from tinytf.ops.reader_ops import (  # noqa: E402, F401
    FixedLengthRecordReader,
    IdentityReader,
    ReaderBase,
    TextLineReader,
    TFRecordReader,
    WholeFileReader,
)
# [issue13 queue namespace]
from tinytf import queue  # noqa: E402, F401
# [issue11 resource_loader]
from tinytf import resource_loader  # noqa: E402, F401
# [issue10 leftovers]
from tinytf.ops.accumulator_ops import (  # noqa: E402, F401
    ConditionalAccumulator,
    ConditionalAccumulatorBase,
    SparseConditionalAccumulator,
)
from tinytf.ops.quantization_ops import (  # noqa: E402, F401
    dequantize,
    fake_quant_with_min_max_args,
    fake_quant_with_min_max_args_gradient,
    fake_quant_with_min_max_vars,
    fake_quant_with_min_max_vars_gradient,
    fake_quant_with_min_max_vars_per_channel,
    fake_quant_with_min_max_vars_per_channel_gradient,
    quantize,
    quantize_v2,
    quantized_concat,
)
