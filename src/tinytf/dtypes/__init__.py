"""tf.dtypes."""

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
from tinytf.ops.math_ops import cast, complex  # noqa: F401
# issue 10: math
from tinytf.framework.dtypes import (  # noqa: F401, E402
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
from tinytf.ops.dtype_ops import saturate_cast  # noqa: F401, E402
# issue 10: leftovers
from tinytf.ops.string_convert_ops import as_string  # noqa: F401, E402
