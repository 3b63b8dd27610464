"""tf.strings: string tensors (NumPy object arrays of bytes) joined, split, matched, hashed,
converted to and from numbers, decoded and split into RaggedTensors; unicode_script asks ICU
(PyICU) as TF does."""

from tinytf.ops.string_convert_ops import (  # noqa: F401
    as_string,
    regex_full_match,
    regex_replace,
    unicode_encode,
    unicode_transcode,
)
from tinytf.ops.string_convert_ops import string_format as format  # noqa: F401, A004
from tinytf.ops.string_convert_ops import string_to_number as to_number  # noqa: F401
from tinytf.ops.string_ops import (  # noqa: F401
    lower,
    reduce_join,
    substr,
    unsorted_segment_join,
    upper,
)
from tinytf.ops.string_ops import string_join as join  # noqa: F401
from tinytf.ops.string_ops import string_length as length  # noqa: F401
from tinytf.ops.string_ops import string_strip as strip  # noqa: F401
from tinytf.ops.string_ops import string_to_hash_bucket as to_hash_bucket  # noqa: F401
from tinytf.ops.string_ops import string_to_hash_bucket_fast as to_hash_bucket_fast  # noqa: F401
from tinytf.ops.string_ops import (  # noqa: F401
    string_to_hash_bucket_strong as to_hash_bucket_strong,
)
from tinytf.ops.string_ops import strings_split as split  # noqa: F401
from tinytf.util.lazy import lazy_names  # noqa: E402

# the RaggedTensor ones, imported on first use
__getattr__, __dir__ = lazy_names(__name__, {
    **dict.fromkeys(("bytes_split", "ngrams", "unicode_decode", "unicode_decode_with_offsets",
                     "unicode_split", "unicode_split_with_offsets"),
                    "tinytf.ops.ragged_string_ops"),
    "unicode_script": "tinytf.ops.unicode_ops",
})
