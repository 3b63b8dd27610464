"""tf.contrib.framework: arg_scope, the model-variable helpers, the global step, nest, and the
tf.* functions TF 1.15 exports here too (argsort, sort, is_tensor, assert_scalar, ...)."""

from tinytf.contrib.framework.arg_scope import (  # noqa: F401
    add_arg_scope,
    arg_scope,
    arg_scoped_arguments,
    current_arg_scope,
    has_arg_scope,
)
from tinytf.contrib.framework.variables import (  # noqa: F401
    add_model_variable,
    assert_or_get_global_step,
    assign_from_checkpoint_fn,
    assign_from_values,
    assign_from_values_fn,
    filter_variables,
    get_local_variables,
    get_model_variables,
    get_trainable_variables,
    get_unique_variable,
    get_variable_full_name,
    get_variables,
    get_variables_by_name,
    get_variables_by_suffix,
    get_variables_to_restore,
    global_variable,
    local_variable,
    model_variable,
    variable,
)
from tinytf.training.training_util import (  # noqa: F401
    assert_global_step,
    create_global_step,
    get_global_step,
    get_or_create_global_step,
)
from tinytf.ops.check_ops import assert_same_float_dtype, assert_scalar  # noqa: F401
from tinytf.ops.misc_util import is_tensor  # noqa: F401
from tinytf.ops.sort_ops import argsort, sort  # noqa: F401
from tinytf.ops.sparse_array_ops import convert_to_tensor_or_sparse_tensor  # noqa: F401
from tinytf.util import nest  # noqa: F401
