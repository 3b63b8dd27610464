"""tf.saved_model (TF 1.x's graph-mode SavedModel; TF 2's object-based save/load_v2 are absent)."""

from tinytf.saved_model import (  # noqa: F401
    builder,
    constants,
    loader,
    main_op,
    signature_constants,
    signature_def_utils,
    tag_constants,
    utils,
)
from tinytf.saved_model.constants import (  # noqa: F401
    ASSETS_DIRECTORY,
    ASSETS_KEY,
    LEGACY_INIT_OP_KEY,
    MAIN_OP_KEY,
    SAVED_MODEL_FILENAME_PB,
    SAVED_MODEL_FILENAME_PBTXT,
    SAVED_MODEL_SCHEMA_VERSION,
    VARIABLES_DIRECTORY,
    VARIABLES_FILENAME,
)
from tinytf.saved_model.main_op import main_op_with_restore  # noqa: F401
from tinytf.saved_model.saved_model import (  # noqa: F401
    SavedModelBuilder as Builder,
    contains_saved_model,
    load,
    maybe_saved_model_directory,
    simple_save,
)
from tinytf.saved_model.signature_constants import (  # noqa: F401
    CLASSIFY_INPUTS,
    CLASSIFY_METHOD_NAME,
    CLASSIFY_OUTPUT_CLASSES,
    CLASSIFY_OUTPUT_SCORES,
    DEFAULT_SERVING_SIGNATURE_DEF_KEY,
    PREDICT_INPUTS,
    PREDICT_METHOD_NAME,
    PREDICT_OUTPUTS,
    REGRESS_INPUTS,
    REGRESS_METHOD_NAME,
    REGRESS_OUTPUTS,
)
from tinytf.saved_model.signatures import (  # noqa: F401
    build_signature_def,
    build_tensor_info,
    classification_signature_def,
    get_tensor_from_tensor_info,
    is_valid_signature,
    predict_signature_def,
    regression_signature_def,
)
from tinytf.saved_model.tag_constants import GPU, SERVING, TPU, TRAINING  # noqa: F401
