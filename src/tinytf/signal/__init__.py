"""tf.signal: FFTs, DCTs, framing, windows, STFTs and mel features."""

from tinytf.ops.signal_ops import (  # noqa: F401
    dct,
    frame,
    hamming_window,
    hann_window,
    idct,
    inverse_stft,
    inverse_stft_window_fn,
    linear_to_mel_weight_matrix,
    mfccs_from_log_mel_spectrograms,
    overlap_and_add,
    stft,
)
from tinytf.ops.spectral_ops import (  # noqa: F401
    fft,
    fftshift,
    fft2d,
    fft3d,
    ifft,
    ifftshift,
    ifft2d,
    ifft3d,
    irfft,
    irfft2d,
    irfft3d,
    rfft,
    rfft2d,
    rfft3d,
)
