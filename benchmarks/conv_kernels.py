"""The lecture CNN's convolution and pooling kernels one by one: tinytf's NumPy kernels and its
oneDNN kernels on the same arrays, ms (median) and achieved GFLOP/s.

    python benchmarks/conv_kernels.py

The shapes are the CNN's at batch 50 (examples/cnn_mnist.py). Unset OPENBLAS_CORETYPE (`make
bench` does). Without the oneDNN extra only the NumPy column is printed.
"""

import statistics
import time

import numpy as np

from tinytf.ops import conv_ops
from tinytf.runtime.backends import onednn

SAME = {"strides": (1, 1, 1, 1), "padding": "SAME", "dilations": (1, 1, 1, 1)}
POOL = {"ksize": (1, 2, 2, 1), "strides": (1, 2, 2, 1), "padding": "SAME", "data_format": "NHWC"}


def cases(rng):
    """(name, op type, inputs, attrs, multiply-adds) of the CNN step's conv and pool ops."""
    out = []
    for layer, (x_shape, f_shape) in enumerate(
        [((50, 28, 28, 1), (5, 5, 1, 32)), ((50, 14, 14, 32), (5, 5, 32, 64))], 1
    ):
        x = rng.standard_normal(x_shape, dtype=np.float32)
        f = rng.standard_normal(f_shape, dtype=np.float32)
        dy = rng.standard_normal(x_shape[:3] + f_shape[3:], dtype=np.float32)
        macs = dy.size * f_shape[0] * f_shape[1] * f_shape[2]
        xs, fs = np.array(x_shape, np.int32), np.array(f_shape, np.int32)
        out.append((f"conv{layer}", "Conv2D", (x, f), SAME, macs))
        if layer == 2:  # conv1's input is the data: TF's gradient does not compute it
            out.append((f"conv{layer}", "Conv2DBackpropInput", (xs, f, dy), SAME, macs))
        out.append((f"conv{layer}", "Conv2DBackpropFilter", (x, fs, dy), SAME, macs))
        r = np.maximum(rng.standard_normal(dy.shape, dtype=np.float32), 0)
        y = conv_ops.MaxPool.kernel(np, r, **POOL)
        out.append((f"pool{layer}", "MaxPool", (r,), POOL, 0))
        out.append((f"pool{layer}", "MaxPoolGrad", (r, y, y), POOL, 0))
    return out


def median_ms(kernel, inputs, attrs, runs=30):
    def fn():
        return kernel(np, *inputs, **attrs)

    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    rng = np.random.default_rng(0)
    kernels = {}
    if onednn.installed():
        from tinytf.runtime.backends.onednn.kernels import OVERRIDES

        kernels = OVERRIDES
    print(
        f"{'op':26} {'NumPy ms':>9} {'GFLOP/s':>8} {'oneDNN ms':>10} {'GFLOP/s':>8} {'speed-up':>8}"
    )
    for name, op_type, inputs, attrs, macs in cases(rng):
        numpy_ms = median_ms(getattr(conv_ops, op_type).kernel, inputs, attrs)
        row = f"{name + ' ' + op_type:26} {numpy_ms:9.2f} {2 * macs / numpy_ms / 1e6:8.0f}"
        if op_type in kernels:
            ms = median_ms(kernels[op_type], inputs, attrs)
            row += f" {ms:10.2f} {2 * macs / ms / 1e6:8.0f} {numpy_ms / ms:8.1f}x"
        print(row)


if __name__ == "__main__":
    main()
