"""tf.contrib.seq2seq: TF 1.15's decoding stack (decoders, helpers, dynamic_decode, attention,
beam search, sequence_loss)."""

from tinytf.contrib.seq2seq.attention_wrapper import (  # noqa: F401
    AttentionMechanism,
    AttentionWrapper,
    AttentionWrapperState,
    BahdanauAttention,
    LuongAttention,
    hardmax,
    safe_cumprod,
)
from tinytf.contrib.seq2seq.basic_decoder import BasicDecoder, BasicDecoderOutput  # noqa: F401
from tinytf.contrib.seq2seq.beam_search_decoder import (  # noqa: F401
    BeamSearchDecoder,
    BeamSearchDecoderOutput,
    BeamSearchDecoderState,
    FinalBeamSearchDecoderOutput,
    tile_batch,
)
from tinytf.contrib.seq2seq.beam_search_ops import gather_tree  # noqa: F401
from tinytf.contrib.seq2seq.decoder import Decoder, dynamic_decode  # noqa: F401
from tinytf.contrib.seq2seq.helper import (  # noqa: F401
    CustomHelper,
    GreedyEmbeddingHelper,
    Helper,
    InferenceHelper,
    SampleEmbeddingHelper,
    ScheduledEmbeddingTrainingHelper,
    ScheduledOutputTrainingHelper,
    TrainingHelper,
)
from tinytf.contrib.seq2seq.loss import sequence_loss  # noqa: F401
from tinytf.contrib.seq2seq.monotonic_attention import (  # noqa: F401
    BahdanauMonotonicAttention,
    LuongMonotonicAttention,
    monotonic_attention,
)
