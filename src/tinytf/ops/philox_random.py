"""TF's counter-based random numbers (philox_random.h, random_distributions.h): Philox4x32-10 and
the conversions of its 32-bit words to TF's uniform, normal and truncated-normal samples, so that
a given (counter, key) gives TF's values bit for bit.

TF's Box-Muller transform calls the C library's log/sin/cos (logf/sinf/cosf for float). NumPy's
own SIMD versions differ from glibc's in the last bit for about 1% of inputs, so the transcendental
functions are the C library's, element by element (Python's `math` for double, libm through
ctypes for float)."""

import math

import numpy as np

_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)  # kPhiloxM4x32A, kPhiloxM4x32B
_W0, _W1 = 0x9E3779B9, 0xBB67AE85  # kPhiloxW32A, kPhiloxW32B: the key's raise per round
_LO32 = np.uint64(0xFFFFFFFF)
_U64 = 0xFFFFFFFFFFFFFFFF
RESERVED_PER_OUTPUT = 256  # kReservedSamplesPerOutput: counter advance per output element


def split_state(state):
    """(counter as a 128-bit int, key as a 64-bit int) from a Philox state [c_lo, c_hi, key]."""
    words = [int(w) & _U64 for w in np.asarray(state).ravel()[:3]]
    return words[0] | (words[1] << 64), words[2]


def join_state(counter, key):
    """The int64 state [c_lo, c_hi, key] of a 128-bit counter and a 64-bit key."""
    words = [counter & _U64, (counter >> 64) & _U64, key & _U64]
    return np.asarray([w - (1 << 64) if w >> 63 else w for w in words], np.int64)


def skip(counter, count):
    """The counter `count` Philox calls later, as TF's PhiloxRandom::Skip adds a uint64: its
    carry out of the low word is lost when the count's high half is all ones (skip(-1))."""
    words = [(counter >> (32 * i)) & 0xFFFFFFFF for i in range(4)]
    lo, hi = count & 0xFFFFFFFF, (count >> 32) & 0xFFFFFFFF
    words[0] = (words[0] + lo) & 0xFFFFFFFF
    if words[0] < lo:
        hi = (hi + 1) & 0xFFFFFFFF
    words[1] = (words[1] + hi) & 0xFFFFFFFF
    if words[1] < hi:
        words[2] = (words[2] + 1) & 0xFFFFFFFF
        if words[2] == 0:
            words[3] = (words[3] + 1) & 0xFFFFFFFF
    return sum(w << (32 * i) for i, w in enumerate(words))


def philox(counter, key, n):
    """The (n, 4) uint32 outputs of the n Philox calls from `counter` with `key`."""
    return philox_at(counter, key, np.arange(n, dtype=np.uint64))


def philox_at(counter, key, offsets):
    """The (len(offsets), 4) uint32 outputs of Philox at `counter` + each (small) offset."""
    base_lo = np.uint64(counter & _U64)
    lo = base_lo + offsets.astype(np.uint64)  # wraps as uint64 does; the carry goes up
    hi = np.uint64((counter >> 64) & _U64) + (lo < base_lo).astype(np.uint64)
    c0, c1, c2, c3 = lo & _LO32, lo >> np.uint64(32), hi & _LO32, hi >> np.uint64(32)
    k0, k1 = key & 0xFFFFFFFF, (key >> 32) & 0xFFFFFFFF
    for _ in range(10):
        p0, p1 = c0 * _M0, c2 * _M1  # 32 x 32 bits: exact in uint64
        c0, c1, c2, c3 = (
            (p1 >> np.uint64(32)) ^ c1 ^ np.uint64(k0),
            p1 & _LO32,
            (p0 >> np.uint64(32)) ^ c3 ^ np.uint64(k1),
            p0 & _LO32,
        )
        k0, k1 = (k0 + _W0) & 0xFFFFFFFF, (k1 + _W1) & 0xFFFFFFFF
    return np.stack([c0, c1, c2, c3], axis=1).astype(np.uint32)


# -- words to floats (TF's Uint32ToFloat, Uint64ToDouble, Uint16ToHalf, Uint16ToGfloat16) -------
def uint32_to_float(x):
    """[0, 1) floats from the low 23 bits of each word."""
    bits = (x & np.uint32(0x7FFFFF)) | np.uint32(127 << 23)
    return bits.view(np.float32) - np.float32(1)


def uint64_to_double(hi, lo):
    """[0, 1) doubles from 20 bits of `hi` and all of `lo`."""
    bits = ((hi.astype(np.uint64) & np.uint64(0xFFFFF)) << np.uint64(32)) | lo.astype(np.uint64)
    return (bits | np.uint64(1023 << 52)).view(np.float64) - 1.0


def uint16_to_half(x):
    """[0, 1) halfs from the low 10 bits of each word."""
    bits = ((x & np.uint32(0x3FF)) | np.uint32(15 << 10)).astype(np.uint16)
    return bits.view(np.float16) - np.float16(1)


def uint16_to_bfloat16(x, bfloat16):
    """[0, 1) bfloat16s from the low 7 bits of each word."""
    bits = ((x & np.uint32(0x7F)) | np.uint32(127 << 7)).astype(np.uint16)
    return (bits.view(bfloat16).astype(np.float32) - np.float32(1)).astype(bfloat16)


# -- Box-Muller through the C library ------------------------------------------------------------
def _libm_float_functions():
    import ctypes  # lazy: only float normals need the C library
    import ctypes.util

    try:
        libm = ctypes.CDLL("libm.so.6")
    except OSError:
        path = ctypes.util.find_library("m")
        if path is None:
            return None
        libm = ctypes.CDLL(path)
    fns = []
    for name in ("logf", "sinf", "cosf"):
        fn = getattr(libm, name)
        fn.restype, fn.argtypes = ctypes.c_float, [ctypes.c_float]
        fns.append(fn)
    return tuple(fns)


def _correctly_rounded(fn):
    return lambda v: float(np.float32(fn(v)))


_LIBM = None


def _apply(fn, values, dtype):
    return np.fromiter(map(fn, values.tolist()), dtype, len(values))


def _float_fns():
    global _LIBM
    if _LIBM is None:  # no C library to ask: correctly rounded, TF's bits in ~99% of cases
        _LIBM = _libm_float_functions() or tuple(
            _correctly_rounded(f) for f in (math.log, math.sin, math.cos)
        )
    return _LIBM


def box_muller_float(x0, x1):
    """Two standard normal float32 arrays from word arrays (TF's BoxMullerFloat)."""
    logf, sinf, cosf = _float_fns()
    u1 = np.maximum(uint32_to_float(x0), np.float32(1.0e-7))
    v1 = (2.0 * math.pi * uint32_to_float(x1).astype(np.float64)).astype(np.float32)  # M_PI
    u2 = np.sqrt(np.float32(-2.0) * _apply(logf, u1, np.float32))
    return _apply(sinf, v1, np.float32) * u2, _apply(cosf, v1, np.float32) * u2


def box_muller_double(x0, x1, x2, x3):
    """Two standard normal float64 arrays from word arrays (TF's BoxMullerDouble)."""
    u1 = np.maximum(uint64_to_double(x0, x1), 1.0e-7)
    v1 = 2 * math.pi * uint64_to_double(x2, x3)
    u2 = np.sqrt(-2.0 * _apply(math.log, u1, np.float64))
    return _apply(math.sin, v1, np.float64) * u2, _apply(math.cos, v1, np.float64) * u2


def normal_groups(words, double):
    """Normal samples of the (n, 4) words in TF's order: 4 floats or 2 doubles per call."""
    if double:
        return np.stack(box_muller_double(*words.T), axis=1).ravel()
    a0, a1 = box_muller_float(words[:, 0], words[:, 1])
    b0, b1 = box_muller_float(words[:, 2], words[:, 3])
    return np.stack([a0, a1, b0, b1], axis=1).ravel()


def truncated_normal(counter, key, size, double):
    """`size` truncated-normal samples (|x| < 2): output group g (4 floats or 2 doubles) takes
    normal pairs from g * 256 * group / 4 Philox calls on, keeping those within range."""
    group = 2 if double else 4
    stride = group * RESERVED_PER_OUTPUT // 4
    out = np.empty((-(-size // group), group), np.float64 if double else np.float32)
    todo, calls = np.arange(out.shape[0], dtype=np.uint64), 2  # rarely too few: then more
    while todo.size:
        offsets = (todo[:, None] * np.uint64(stride) + np.arange(calls, dtype=np.uint64)).ravel()
        words = philox_at(counter, key, offsets)
        if double:
            pairs = box_muller_double(*words.T)
        else:
            pairs = box_muller_float(*words.reshape(-1, 2).T)
        candidates = np.stack(pairs, axis=1).reshape(todo.size, -1)
        kept = np.abs(candidates) < 2
        done = kept.sum(axis=1) >= group
        take = kept & (np.cumsum(kept, axis=1) <= group) & done[:, None]
        out[todo[done].astype(np.int64)] = candidates[take].reshape(-1, group)
        todo, calls = todo[~done], calls * 2
    return out.ravel()[:size]
