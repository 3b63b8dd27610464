"""tf.io: TF's input and output functions."""

from tinytf.io import gfile  # noqa: F401
from tinytf.ops.image_codec_ops import (  # noqa: F401
    decode_and_crop_jpeg,
    decode_bmp,
    decode_gif,
    decode_image,
    decode_jpeg,
    decode_png,
    encode_jpeg,
    extract_jpeg_shape,
    is_jpeg,
)
from tinytf.ops.io_ops import (  # noqa: F401
    match_filenames_once,
    matching_files,
    read_file,
    write_file,
)
from tinytf.ops.parsing_ops import (  # noqa: F401
    decode_compressed,
    decode_csv,
    decode_raw,
    parse_tensor,
    serialize_tensor,
)
from tinytf.ops.sparse_serialization_ops import (  # noqa: F401
    deserialize_many_sparse,
    serialize_many_sparse,
    serialize_sparse,
)
from tinytf.ops.string_ops import decode_base64, encode_base64  # noqa: F401
from tinytf.training.graph_io import write_graph  # noqa: F401
from tinytf.platform.tf_record import (  # noqa: F401
    TFRecordCompressionType,
    TFRecordOptions,
    TFRecordWriter,
    tf_record_iterator,
)
# issue 13: example-parsing
from tinytf.ops.example_parsing import (  # noqa: E402, F401
    FixedLenFeature,
    FixedLenSequenceFeature,
    SparseFeature,
    VarLenFeature,
    decode_json_example,
    parse_example,
    parse_sequence_example,
    parse_single_example,
    parse_single_sequence_example,
)
# issue 13: queues
from tinytf.ops.queue_ops import (  # noqa: E402, F401
    FIFOQueue,
    PaddingFIFOQueue,
    PriorityQueue,
    QueueBase,
    RandomShuffleQueue,
)
from tinytf.ops.proto_ops import decode_proto, encode_proto  # noqa: E402, F401
