"""tf.spectral: TF 1.15's older name for the FFT and DCT ops of tf.signal."""

from tinytf.ops.signal_ops import dct, idct  # noqa: F401
from tinytf.ops.spectral_ops import (  # noqa: F401
    fft,
    fft2d,
    fft3d,
    ifft,
    ifft2d,
    ifft3d,
    irfft,
    irfft2d,
    irfft3d,
    rfft,
    rfft2d,
    rfft3d,
)
