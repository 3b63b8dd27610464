"""tf.contrib.tensorboard.plugins.projector: TensorBoard's own ProjectorConfig, EmbeddingInfo
and SpriteMetadata protos, and visualize_embeddings, which writes projector_config.pbtxt (the
file name TensorBoard's projector plugin reads) into the summary writer's logdir."""

import os

from google.protobuf import text_format as _text_format
from tensorboard.plugins.projector import projector_config_pb2  # noqa: F401

from tinytf.platform import file_io as _file_io

EmbeddingInfo = projector_config_pb2.EmbeddingInfo
ProjectorConfig = projector_config_pb2.ProjectorConfig
SpriteMetadata = projector_config_pb2.SpriteMetadata


def visualize_embeddings(summary_writer, config):
    """Writes `config` as text to <summary_writer's logdir>/projector_config.pbtxt."""
    logdir = summary_writer.get_logdir()
    if logdir is None:
        raise ValueError("Summary writer must have a logdir")
    config_pbtxt = _text_format.MessageToString(config)
    path = os.path.join(logdir, "projector_config.pbtxt")
    _file_io.atomic_write_string_to_file(path, config_pbtxt)
