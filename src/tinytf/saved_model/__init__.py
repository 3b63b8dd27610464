"""tf.saved_model."""

from tinytf.saved_model import (  # noqa: F401
    builder,
    loader,
    signature_constants,
    signature_def_utils,
    tag_constants,
    utils,
)
from tinytf.saved_model.saved_model import (  # noqa: F401
    SavedModelBuilder as Builder,
    build_signature_def,
    build_tensor_info,
    load,
    maybe_saved_model_directory,
    predict_signature_def,
    simple_save,
)
