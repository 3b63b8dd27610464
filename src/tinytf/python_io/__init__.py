"""tf.python_io: TFRecord files from Python."""

from tinytf.platform.tf_record import (  # noqa: F401
    TFRecordCompressionType,
    TFRecordOptions,
    TFRecordWriter,
    tf_record_iterator,
)
