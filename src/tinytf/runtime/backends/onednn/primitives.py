"""oneDNN primitives for tinytf's kernels: each made once per (kind, shapes, attrs) and cached,
with plain NHWC/HWIO memory at its boundary and the reorders its preferred layouts need."""

import collections
import ctypes
import threading

import numpy as np

from tinytf.runtime.backends.onednn import capi

_NULL = None


def _ptr(array):
    return array.ctypes.data


class Primitive:
    """A primitive and, per execute argument, the user's plain memory descriptor and (where the
    primitive wants another layout) the reorder into or out of it."""

    def __init__(self, lib, pd, user_mds, outputs, owned_mds=()):
        self.lib, self.pd = lib, pd
        self.primitive = lib.new(lib.primitive_create, pd)
        self.outputs = frozenset(outputs)
        self._owned = list(owned_mds)
        self.args = {}  # arg -> (primitive's md, reorder Primitive or None, bytes)
        for arg, (user_md, query) in user_mds.items():
            # query None: an argument whose plain layout is the only one (statistics vectors)
            want = user_md if query is None else lib.primitive_desc_query_md(pd, query, 0)
            reorder = None
            if not lib.memory_desc_equal(user_md, want):
                src, dst = (want, user_md) if arg in self.outputs else (user_md, want)
                rpd = lib.new(
                    lib.reorder_primitive_desc_create, src, lib.engine, dst, lib.engine, lib.attr
                )
                reorder = Primitive(
                    lib,
                    rpd,
                    {
                        capi.ARG_FROM: (src, capi.QUERY_SRC_MD),
                        capi.ARG_TO: (dst, capi.QUERY_DST_MD),
                    },
                    outputs=(capi.ARG_TO,),
                )
            self.args[arg] = (want, reorder, lib.memory_desc_get_size(want))
        self.workspace = self._extra(capi.QUERY_WORKSPACE_MD)
        self.scratchpad = self._extra(capi.QUERY_SCRATCHPAD_MD)
        self._states = {}  # (thread, argument keys) -> (executor, reorder buffers, scratchpad)

    def _extra(self, query):
        """(descriptor, bytes) of the workspace or scratchpad the primitive needs, or None."""
        md = self.lib.primitive_desc_query_md(self.pd, query, 0)
        size = self.lib.memory_desc_get_size(md) if md else 0
        return (md, size) if size else None

    def impl(self):
        """oneDNN's name for the implementation it chose (e.g. 'brg:avx512_core')."""
        out = ctypes.c_char_p()
        self.lib.call(
            self.lib.primitive_desc_query, self.pd, capi.QUERY_IMPL_INFO_STR, 0, ctypes.byref(out)
        )
        return out.value.decode()

    def __call__(self, arrays, workspace=None):
        """Runs on {arg: C-contiguous array}; outputs are written into their arrays."""
        ex, buffers, scratchpad = self._state(arrays)
        pointers, after = [], []
        for arg, array in arrays.items():
            reorder = self.args[arg][1]
            if reorder is not None:  # into (or out of) this thread's buffer in the wanted layout
                buffer = buffers[arg]
                if arg in self.outputs:
                    after.append((reorder, {capi.ARG_FROM: buffer, capi.ARG_TO: array}))
                else:
                    reorder({capi.ARG_FROM: array, capi.ARG_TO: buffer})
                array = buffer
            pointers.append(_ptr(array))
        if self.workspace is not None:
            workspace = self.new_workspace() if workspace is None else workspace
            pointers.append(_ptr(workspace))
        if scratchpad is not None:
            pointers.append(_ptr(scratchpad))
        ex(pointers)
        for reorder, args in after:
            reorder(args)

    def _state(self, arrays):
        """This thread's executor for these arguments, its reorder buffers and scratchpad (a
        primitive runs in one thread at a time there, so they are reused run after run)."""
        key = (threading.get_ident(), tuple(arrays))
        state = self._states.get(key)
        if state is None:
            mds = [(arg, self.args[arg][0]) for arg in arrays]
            buffers = {
                arg: np.empty(self.args[arg][2], np.uint8)
                for arg in arrays
                if self.args[arg][1] is not None
            }
            for arg, extra in (
                (capi.ARG_WORKSPACE, self.workspace),
                (capi.ARG_SCRATCHPAD, self.scratchpad),
            ):
                if extra is not None:
                    mds.append((arg, extra[0]))
            scratchpad = None if self.scratchpad is None else np.empty(self.scratchpad[1], np.uint8)
            state = self._states[key] = (
                self.lib.executor(self.primitive, mds),
                buffers,
                scratchpad,
            )
        return state

    def new_workspace(self):
        return np.empty(self.workspace[1], np.uint8)

    def __del__(self):
        lib = self.lib
        try:
            for ex, _, _ in self._states.values():
                ex.close()
            lib.primitive_destroy(self.primitive)
            lib.primitive_desc_destroy(self.pd)
            for md in self._owned:
                lib.memory_desc_destroy(md)
        except Exception:  # interpreter shutdown: the library may be gone already
            pass


class Cache:
    """Primitives by key, least recently used dropped past `capacity` (thread-safe)."""

    def __init__(self, capacity=256):
        self._items = collections.OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key, make):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
                return item
        item = make()
        with self._lock:
            self._items[key] = item
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
        return item

    def __len__(self):
        return len(self._items)


CACHE = Cache()


def _nchw(shape):
    """oneDNN's logical (N, C, spatial...) dims of an N-spatial-C shape."""
    return (shape[0], shape[-1]) + tuple(shape[1:-1])


def _oihw(shape):
    """oneDNN's logical (O, I, spatial...) dims of a spatial-I-O filter shape."""
    return (shape[-1], shape[-2]) + tuple(shape[:-2])


def _tags(rank):
    return (capi.NHWC, capi.HWIO) if rank == 4 else (capi.NDHWC, capi.DHWIO)


class ConvGeometry:
    """A convolution's shapes and TF padding as oneDNN's dims (dilation counted from 0)."""

    def __init__(self, x_shape, f_shape, y_shape, strides, dilations, pads):
        act, wei = _tags(len(x_shape))
        self.x, self.f, self.y = (tuple(x_shape), act), (tuple(f_shape), wei), (tuple(y_shape), act)
        self.strides = capi.dims_of(strides)
        self.dilates = capi.dims_of(d - 1 for d in dilations)
        self.pad_l = capi.dims_of(p[0] for p in pads)
        self.pad_r = capi.dims_of(p[1] for p in pads)

    def mds(self, lib, any_weights=True):
        """(src, weights as the primitive likes, dst, plain weights) descriptors."""
        src = lib.memory_desc(_nchw(self.x[0]), self.x[1])
        dst = lib.memory_desc(_nchw(self.y[0]), self.y[1])
        plain_w = lib.memory_desc(_oihw(self.f[0]), self.f[1])
        w = lib.memory_desc(_oihw(self.f[0]), capi.TAG_ANY) if any_weights else plain_w
        return src, w, dst, plain_w

    def window(self):
        return self.strides, self.dilates, self.pad_l, self.pad_r

    def forward_pd(self, lib, src, w, dst, prop=capi.FORWARD_TRAINING, bias=_NULL, attr=None):
        create = lib.convolution_forward_primitive_desc_create
        direct, attr = capi.CONVOLUTION_DIRECT, attr or lib.attr
        return lib.new(create, lib.engine, prop, direct, src, w, bias, dst, *self.window(), attr)


# kind: (the plain NHWC/HWIO arguments as (arg, query) for (input, filter, output), outputs)
_CONV_ARGS = {
    "forward": (
        ((capi.ARG_SRC, capi.QUERY_SRC_MD), (capi.ARG_WEIGHTS, capi.QUERY_WEIGHTS_MD),
         (capi.ARG_DST, capi.QUERY_DST_MD)),
        capi.ARG_DST,
    ),
    "backward_data": (
        ((capi.ARG_DIFF_SRC, capi.QUERY_DIFF_SRC_MD), (capi.ARG_WEIGHTS, capi.QUERY_WEIGHTS_MD),
         (capi.ARG_DIFF_DST, capi.QUERY_DIFF_DST_MD)),
        capi.ARG_DIFF_SRC,
    ),
    "backward_weights": (
        ((capi.ARG_SRC, capi.QUERY_SRC_MD), (capi.ARG_DIFF_WEIGHTS, capi.QUERY_DIFF_WEIGHTS_MD),
         (capi.ARG_DIFF_DST, capi.QUERY_DIFF_DST_MD)),
        capi.ARG_DIFF_WEIGHTS,
    ),
}  # fmt: skip


def convolution(lib, geo, kind):
    """The forward, backward-data or backward-weights convolution of `geo`."""
    src, w, dst, plain_w = geo.mds(lib)
    if kind == "forward":
        pd = geo.forward_pd(lib, src, w, dst, capi.FORWARD_INFERENCE)
    else:
        hint = geo.forward_pd(lib, src, w, dst)
        direct, window = capi.CONVOLUTION_DIRECT, geo.window()
        if kind == "backward_data":
            create, descs = lib.convolution_backward_data_primitive_desc_create, (src, w, dst)
        else:
            create = lib.convolution_backward_weights_primitive_desc_create
            descs = (src, w, _NULL, dst)
        pd = lib.new(create, lib.engine, direct, *descs, *window, hint, lib.attr)
        lib.primitive_desc_destroy(hint)
    args, output = _CONV_ARGS[kind]
    plain = dict(zip((arg for arg, _ in args), (src, plain_w, dst)))
    return Primitive(
        lib,
        pd,
        {arg: (plain[arg], query) for arg, query in args},
        outputs=(output,),
        owned_mds=(src, w, dst, plain_w),
    )


class PoolGeometry:
    """A pooling's shapes and TF padding as oneDNN's dims."""

    def __init__(self, x_shape, y_shape, ksize, strides, pads):
        act = _tags(len(x_shape))[0]
        self.x, self.y = (tuple(x_shape), act), (tuple(y_shape), act)
        self.kernel, self.strides = capi.dims_of(ksize), capi.dims_of(strides)
        self.dilation = capi.dims_of([0] * len(ksize))
        self.pad_l = capi.dims_of(p[0] for p in pads)
        self.pad_r = capi.dims_of(p[1] for p in pads)

    def mds(self, lib):
        return (
            lib.memory_desc(_nchw(self.x[0]), self.x[1]),
            lib.memory_desc(_nchw(self.y[0]), self.y[1]),
        )

    def forward_pd(self, lib, alg, prop, src, dst):
        return lib.new(
            lib.pooling_forward_primitive_desc_create,
            lib.engine,
            prop,
            alg,
            src,
            dst,
            self.strides,
            self.kernel,
            self.dilation,
            self.pad_l,
            self.pad_r,
            lib.attr,
        )


def pool_forward(lib, geo, alg, training):
    src, dst = geo.mds(lib)
    prop = capi.FORWARD_TRAINING if training else capi.FORWARD_INFERENCE
    pd = geo.forward_pd(lib, alg, prop, src, dst)
    return Primitive(
        lib,
        pd,
        {capi.ARG_SRC: (src, capi.QUERY_SRC_MD), capi.ARG_DST: (dst, capi.QUERY_DST_MD)},
        outputs=(capi.ARG_DST,),
        owned_mds=(src, dst),
    )


def pool_backward(lib, geo, alg):
    src, dst = geo.mds(lib)
    hint = geo.forward_pd(lib, alg, capi.FORWARD_TRAINING, src, dst)
    pd = lib.new(
        lib.pooling_backward_primitive_desc_create,
        lib.engine,
        alg,
        src,
        dst,
        geo.strides,
        geo.kernel,
        geo.dilation,
        geo.pad_l,
        geo.pad_r,
        hint,
        lib.attr,
    )
    lib.primitive_desc_destroy(hint)
    return Primitive(
        lib,
        pd,
        {
            capi.ARG_DIFF_SRC: (src, capi.QUERY_DIFF_SRC_MD),
            capi.ARG_DIFF_DST: (dst, capi.QUERY_DIFF_DST_MD),
        },
        outputs=(capi.ARG_DIFF_SRC,),
        owned_mds=(src, dst),
    )


def matmul(lib, m, k, n, transpose_a, transpose_b, bias=False, relu=False):
    """[m, k] @ [k, n] of row-major arrays, either operand stored transposed; with a bias of
    n values added (and a ReLU applied) as the product is written, where asked."""
    a = lib.memory_desc((m, k), strides=(1, m) if transpose_a else (k, 1))
    b = lib.memory_desc((k, n), strides=(1, k) if transpose_b else (n, 1))
    c = lib.memory_desc((m, n))
    mds = [a, b, c]
    args = {
        capi.ARG_SRC: (a, capi.QUERY_SRC_MD),
        capi.ARG_WEIGHTS: (b, capi.QUERY_WEIGHTS_MD),
        capi.ARG_DST: (c, capi.QUERY_DST_MD),
    }
    bias_md = _NULL
    if bias:
        bias_md = lib.memory_desc((1, n))
        mds.append(bias_md)
        args[capi.ARG_BIAS] = (bias_md, None)
    attr = lib.relu_attr if relu else lib.attr
    pd = lib.new(lib.matmul_primitive_desc_create, lib.engine, a, b, bias_md, c, attr)
    return Primitive(lib, pd, args, outputs=(capi.ARG_DST,), owned_mds=tuple(mds))


def softmax(lib, shape, log):
    """Softmax (log-softmax where `log`) over the last axis of a row-major array."""
    md = lib.memory_desc(shape)
    alg = capi.SOFTMAX_LOG if log else capi.SOFTMAX_ACCURATE
    pd = lib.new(
        lib.softmax_forward_primitive_desc_create,
        lib.engine,
        capi.FORWARD_INFERENCE,
        alg,
        md,
        md,
        len(shape) - 1,
        lib.attr,
    )
    args = {capi.ARG_SRC: (md, capi.QUERY_SRC_MD), capi.ARG_DST: (md, capi.QUERY_DST_MD)}
    return Primitive(lib, pd, args, outputs=(capi.ARG_DST,), owned_mds=(md,))


def _nhwc_md(lib, shape):
    return lib.memory_desc(_nchw(shape), _tags(len(shape))[0])


def lrn(lib, shape, radius, bias, alpha, beta, backward):
    """TF's LRN (a window of 2 * radius + 1 channels, alpha per element of the sum)."""
    src = _nhwc_md(lib, shape)
    n = 2 * radius + 1
    params = (n, alpha * n, beta, bias)  # oneDNN divides alpha by the window size
    prop = capi.FORWARD_TRAINING if backward else capi.FORWARD_INFERENCE
    fwd = lib.new(
        lib.lrn_forward_primitive_desc_create,
        lib.engine,
        prop,
        capi.LRN_ACROSS_CHANNELS,
        src,
        src,
        *params,
        lib.attr,
    )
    forward = Primitive(
        lib,
        fwd,
        {capi.ARG_SRC: (src, capi.QUERY_SRC_MD), capi.ARG_DST: (src, capi.QUERY_DST_MD)},
        outputs=(capi.ARG_DST,),
    )
    if not backward:
        forward._owned.append(src)
        return forward
    pd = lib.new(
        lib.lrn_backward_primitive_desc_create,
        lib.engine,
        capi.LRN_ACROSS_CHANNELS,
        src,
        src,
        src,
        *params,
        fwd,
        lib.attr,
    )
    back = Primitive(
        lib,
        pd,
        {
            capi.ARG_SRC: (src, capi.QUERY_SRC_MD),
            capi.ARG_DIFF_DST: (src, capi.QUERY_DIFF_DST_MD),
            capi.ARG_DIFF_SRC: (src, capi.QUERY_DIFF_SRC_MD),
        },
        outputs=(capi.ARG_DIFF_SRC,),
        owned_mds=(src,),
    )
    return forward, back


def batch_norm(lib, shape, epsilon, training, backward):
    """Batch normalization over N, H, W of NHWC float32 with scale and shift (TF's fused op);
    training: the batch's mean and (biased) variance, otherwise the given ones."""
    src = _nhwc_md(lib, shape)
    vec = lib.memory_desc((shape[-1],))
    flags = capi.USE_SCALE | capi.USE_SHIFT | (0 if training else capi.USE_GLOBAL_STATS)
    prop = capi.FORWARD_TRAINING if training or backward else capi.FORWARD_INFERENCE
    fwd = lib.new(
        lib.batch_normalization_forward_primitive_desc_create,
        lib.engine,
        prop,
        src,
        src,
        epsilon,
        flags,
        lib.attr,
    )
    stats = {a: (vec, None) for a in (capi.ARG_MEAN, capi.ARG_VARIANCE)}
    scale = {a: (vec, None) for a in (capi.ARG_SCALE, capi.ARG_SHIFT)}
    if not backward:
        return Primitive(
            lib,
            fwd,
            {
                capi.ARG_SRC: (src, capi.QUERY_SRC_MD),
                capi.ARG_DST: (src, capi.QUERY_DST_MD),
                **stats,
                **scale,
            },
            outputs=(capi.ARG_DST,) + ((capi.ARG_MEAN, capi.ARG_VARIANCE) if training else ()),
            owned_mds=(src, vec),
        )
    pd = lib.new(
        lib.batch_normalization_backward_primitive_desc_create,
        lib.engine,
        capi.BACKWARD,
        src,
        src,
        src,
        epsilon,
        flags,
        fwd,
        lib.attr,
    )
    lib.primitive_desc_destroy(fwd)
    diffs = {a: (vec, None) for a in (capi.ARG_DIFF_SCALE, capi.ARG_DIFF_SHIFT)}
    return Primitive(
        lib,
        pd,
        {
            capi.ARG_SRC: (src, capi.QUERY_SRC_MD),
            capi.ARG_DIFF_DST: (src, capi.QUERY_DIFF_DST_MD),
            capi.ARG_DIFF_SRC: (src, capi.QUERY_DIFF_SRC_MD),
            **stats,
            capi.ARG_SCALE: (vec, None),
            **diffs,
        },
        outputs=(capi.ARG_DIFF_SRC, capi.ARG_DIFF_SCALE, capi.ARG_DIFF_SHIFT),
        owned_mds=(src, vec),
    )


def convolution_bias_relu(lib, geo):
    """relu(conv(x, f) + bias): the bias added and the ReLU applied as the output is written."""
    src, w, dst, plain_w = geo.mds(lib)
    bias = lib.memory_desc((geo.f[0][-1],))
    pd = geo.forward_pd(lib, src, w, dst, capi.FORWARD_INFERENCE, bias, lib.relu_attr)
    return Primitive(
        lib,
        pd,
        {
            capi.ARG_SRC: (src, capi.QUERY_SRC_MD),
            capi.ARG_WEIGHTS: (plain_w, capi.QUERY_WEIGHTS_MD),
            capi.ARG_BIAS: (bias, None),
            capi.ARG_DST: (dst, capi.QUERY_DST_MD),
        },
        outputs=(capi.ARG_DST,),
        owned_mds=(src, w, dst, plain_w, bias),
    )
