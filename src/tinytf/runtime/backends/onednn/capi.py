"""oneDNN's stable C API (v3.x), bound with ctypes: the library found and loaded on first use,
the few functions and enum values the kernels need, and owned handles freed with their owner.

The library comes from the optional extra `tinytf[onednn]` (PyPI's `onednn-cpu-gomp` wheel puts
`libdnnl.so.3` under the environment's `lib/`); `TINYTF_ONEDNN_LIBRARY` names another copy. The
enum values below are oneDNN 3.x's (its headers are checked against them by
tests/runtime/test_onednn_capi.py when `onednn-devel-cpu-gomp` is installed)."""

import ctypes
import os
import sys
import threading

SUCCESS = 0
F32 = 3
TAG_ANY, TAG_A, TAG_AB, TAG_ABC, TAG_ABCD, TAG_ABCDE = 1, 2, 3, 4, 5, 6
NHWC, HWIO, NDHWC, DHWIO = 22, 28, 33, 38
FORWARD_TRAINING, FORWARD_INFERENCE = 64, 96
BACKWARD, BACKWARD_DATA, BACKWARD_WEIGHTS = 128, 160, 192
CONVOLUTION_DIRECT = 1
POOLING_MAX, POOLING_AVG_INCLUDE_PADDING, POOLING_AVG_EXCLUDE_PADDING = 511, 767, 1023
ELTWISE_RELU = 32
LRN_ACROSS_CHANNELS = 2815
SOFTMAX_ACCURATE, SOFTMAX_LOG = 0x30000, 0x30001
ARG_SRC, ARG_DST, ARG_WEIGHTS, ARG_BIAS = 1, 17, 33, 41
ARG_WORKSPACE, ARG_SCRATCHPAD = 64, 80
ARG_DIFF_SRC, ARG_DIFF_DST, ARG_DIFF_WEIGHTS, ARG_DIFF_BIAS = 129, 145, 161, 169
ARG_FROM, ARG_TO = 1, 17
ARG_MEAN, ARG_VARIANCE, ARG_SCALE, ARG_SHIFT = 49, 50, 51, 52
ARG_DIFF_SCALE, ARG_DIFF_SHIFT = 255, 256
USE_GLOBAL_STATS, USE_SCALE, USE_SHIFT = 1, 2, 4
QUERY_IMPL_INFO_STR = 8
QUERY_SRC_MD, QUERY_DIFF_SRC_MD, QUERY_WEIGHTS_MD, QUERY_DIFF_WEIGHTS_MD = 129, 130, 131, 132
QUERY_DST_MD, QUERY_DIFF_DST_MD, QUERY_WORKSPACE_MD, QUERY_SCRATCHPAD_MD = 133, 134, 135, 136
ENGINE_CPU = 1
STREAM_DEFAULT_FLAGS = 1
SCRATCHPAD_MODE_USER = 1
MAX_NDIMS = 12

Dims = ctypes.c_int64 * MAX_NDIMS
_p = ctypes.c_void_p


class ExecArg(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_int), ("memory", _p)]


class Version(ctypes.Structure):
    _fields_ = [
        ("major", ctypes.c_int),
        ("minor", ctypes.c_int),
        ("patch", ctypes.c_int),
        ("hash", ctypes.c_char_p),
        ("cpu_runtime", ctypes.c_uint),
        ("gpu_runtime", ctypes.c_uint),
    ]


class OneDNNError(RuntimeError):
    """A oneDNN call that did not return dnnl_success."""


_STATUS = {
    1: "out of memory",
    2: "invalid arguments",
    3: "unimplemented",
    5: "runtime error",
    6: "not required",
}

# name: (return type, argument types); status-returning calls are checked by `call`.
_PROTOTYPES = {
    "dnnl_version": (_p, []),
    "dnnl_engine_create": (ctypes.c_int, [ctypes.POINTER(_p), ctypes.c_int, ctypes.c_size_t]),
    "dnnl_stream_create": (ctypes.c_int, [ctypes.POINTER(_p), _p, ctypes.c_uint]),
    "dnnl_memory_desc_create_with_tag": (
        ctypes.c_int,
        [ctypes.POINTER(_p), ctypes.c_int, Dims, ctypes.c_int, ctypes.c_int],
    ),
    "dnnl_memory_desc_create_with_strides": (
        ctypes.c_int,
        [ctypes.POINTER(_p), ctypes.c_int, Dims, ctypes.c_int, Dims],
    ),
    "dnnl_memory_desc_clone": (ctypes.c_int, [ctypes.POINTER(_p), _p]),
    "dnnl_memory_desc_destroy": (ctypes.c_int, [_p]),
    "dnnl_memory_desc_equal": (ctypes.c_int, [_p, _p]),
    "dnnl_memory_desc_get_size": (ctypes.c_size_t, [_p]),
    "dnnl_memory_create": (ctypes.c_int, [ctypes.POINTER(_p), _p, _p, _p]),
    "dnnl_memory_destroy": (ctypes.c_int, [_p]),
    "dnnl_memory_set_data_handle": (ctypes.c_int, [_p, _p]),
    "dnnl_primitive_desc_query_md": (_p, [_p, ctypes.c_int, ctypes.c_int]),
    "dnnl_primitive_desc_query": (ctypes.c_int, [_p, ctypes.c_int, ctypes.c_int, _p]),
    "dnnl_primitive_desc_destroy": (ctypes.c_int, [_p]),
    "dnnl_primitive_create": (ctypes.c_int, [ctypes.POINTER(_p), _p]),
    "dnnl_primitive_destroy": (ctypes.c_int, [_p]),
    "dnnl_primitive_execute": (ctypes.c_int, [_p, _p, ctypes.c_int, ctypes.POINTER(ExecArg)]),
    "dnnl_stream_wait": (ctypes.c_int, [_p]),
    "dnnl_primitive_attr_create": (ctypes.c_int, [ctypes.POINTER(_p)]),
    "dnnl_primitive_attr_set_scratchpad_mode": (ctypes.c_int, [_p, ctypes.c_int]),
    "dnnl_primitive_attr_set_post_ops": (ctypes.c_int, [_p, _p]),
    "dnnl_post_ops_create": (ctypes.c_int, [ctypes.POINTER(_p)]),
    "dnnl_post_ops_append_eltwise": (
        ctypes.c_int,
        [_p, ctypes.c_int, ctypes.c_float, ctypes.c_float],
    ),
    "dnnl_post_ops_destroy": (ctypes.c_int, [_p]),
    "dnnl_reorder_primitive_desc_create": (ctypes.c_int, [ctypes.POINTER(_p), _p, _p, _p, _p, _p]),
    "dnnl_convolution_forward_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, ctypes.c_int, _p, _p, _p, _p] + [Dims] * 4 + [_p],
    ),
    "dnnl_convolution_backward_data_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, _p, _p, _p] + [Dims] * 4 + [_p, _p],
    ),
    "dnnl_convolution_backward_weights_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, _p, _p, _p, _p] + [Dims] * 4 + [_p, _p],
    ),
    "dnnl_matmul_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, _p, _p, _p, _p, _p],
    ),
    "dnnl_softmax_forward_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, ctypes.c_int, _p, _p, ctypes.c_int, _p],
    ),
    "dnnl_lrn_forward_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, ctypes.c_int, _p, _p, ctypes.c_int64]
        + [ctypes.c_float] * 3
        + [_p],
    ),
    "dnnl_lrn_backward_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, _p, _p, _p, ctypes.c_int64]
        + [ctypes.c_float] * 3
        + [_p, _p],
    ),
    "dnnl_batch_normalization_forward_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, _p, _p, ctypes.c_float, ctypes.c_uint, _p],
    ),
    "dnnl_batch_normalization_backward_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, _p, _p, _p, ctypes.c_float, ctypes.c_uint, _p, _p],
    ),
    "dnnl_pooling_forward_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, ctypes.c_int, _p, _p] + [Dims] * 5 + [_p],
    ),
    "dnnl_pooling_backward_primitive_desc_create": (
        ctypes.c_int,
        [ctypes.POINTER(_p), _p, ctypes.c_int, _p, _p] + [Dims] * 5 + [_p, _p],
    ),
}


def library_path():
    """Where the oneDNN library would be loaded from (None: no copy found)."""
    named = os.environ.get("TINYTF_ONEDNN_LIBRARY")
    if named:
        return named
    for prefix in dict.fromkeys((sys.prefix, sys.base_prefix)):
        path = os.path.join(prefix, "lib", "libdnnl.so.3")
        if os.path.exists(path):
            return path
    return None


class Library:
    """The loaded library: its functions as attributes, one CPU engine, one stream per thread."""

    def __init__(self, path):
        self._dll = ctypes.CDLL(path)
        for name, (restype, argtypes) in _PROTOTYPES.items():
            fn = getattr(self._dll, name)
            fn.restype, fn.argtypes = restype, argtypes
            setattr(self, name[len("dnnl_") :], fn)
        v = ctypes.cast(self.version(), ctypes.POINTER(Version)).contents
        if v.major != 3:
            raise OneDNNError(f"tinytf needs oneDNN 3.x, found {v.major}.{v.minor}.{v.patch}")
        self.version_string = f"{v.major}.{v.minor}.{v.patch}"
        self.engine = self.new(self.engine_create, ENGINE_CPU, 0)
        # Scratchpads are the caller's (one per primitive and thread): a primitive may run in
        # several threads at once.
        self.attr = self._attr()
        self.relu_attr = self._attr(relu=True)  # ReLU fused as a post-op (conv + bias + relu)
        self._local = threading.local()

    def _attr(self, relu=False):
        attr = self.new(self.primitive_attr_create)
        self.call(self.primitive_attr_set_scratchpad_mode, attr, SCRATCHPAD_MODE_USER)
        if relu:
            post_ops = self.new(self.post_ops_create)
            self.call(self.post_ops_append_eltwise, post_ops, ELTWISE_RELU, 0.0, 0.0)
            self.call(self.primitive_attr_set_post_ops, attr, post_ops)
            self.post_ops_destroy(post_ops)
        return attr

    def call(self, fn, *args):
        status = fn(*args)
        if status != SUCCESS:
            name = getattr(fn, "__name__", "a oneDNN call")
            raise OneDNNError(f"{name} failed: {_STATUS.get(status, status)}")

    def new(self, create, *args):
        """The handle a create(&handle, ...) call makes."""
        handle = _p()
        self.call(create, ctypes.byref(handle), *args)
        return handle

    def stream(self):
        """This thread's stream (a CPU stream runs in the calling thread, one at a time)."""
        stream = getattr(self._local, "stream", None)
        if stream is None:
            stream = self._local.stream = self.new(
                self.stream_create, self.engine, STREAM_DEFAULT_FLAGS
            )
        return stream

    def memory_desc(self, dims, tag=None, strides=None):
        """A float32 memory descriptor (owned: destroy it with memory_desc_destroy)."""
        if strides is not None:
            return self.new(
                self.memory_desc_create_with_strides,
                len(dims),
                dims_of(dims),
                F32,
                dims_of(strides),
            )
        tag = (TAG_A, TAG_AB, TAG_ABC, TAG_ABCD, TAG_ABCDE)[len(dims) - 1] if tag is None else tag
        return self.new(self.memory_desc_create_with_tag, len(dims), dims_of(dims), F32, tag)

    def executor(self, primitive, mds):
        """A reusable execute of `primitive` on memories of the descriptors `mds` (a list of
        (ARG_*, md)): call it with their data pointers, in that order. Its memories hold the
        pointers of the run: one executor per thread."""
        return Executor(self, primitive, mds)


class Executor:
    """See Library.executor: the memories are made once, and each run only points them at
    its arrays (memory_create and memory_destroy per argument cost more than the run of a small
    primitive)."""

    def __init__(self, lib, primitive, mds):
        self.lib, self.primitive = lib, primitive
        self.packed = (ExecArg * len(mds))()
        self.memories, self.pointers = [], [None] * len(mds)
        for k, (arg, md) in enumerate(mds):
            mem = lib.new(lib.memory_create, md, lib.engine, None)  # no buffer until a run
            self.memories.append(mem)
            self.packed[k].arg, self.packed[k].memory = arg, mem

    def __call__(self, pointers):
        lib, last = self.lib, self.pointers
        for k, pointer in enumerate(pointers):
            if pointer != last[k]:  # a buffer of the primitive's own is where it was last run
                lib.call(lib.memory_set_data_handle, self.memories[k], pointer)
                last[k] = pointer
        stream = lib.stream()
        lib.call(lib.primitive_execute, self.primitive, stream, len(self.memories), self.packed)
        lib.call(lib.stream_wait, stream)

    def close(self):
        for mem in self.memories:
            self.lib.memory_destroy(mem)
        self.memories = []


def dims_of(values):
    dims = Dims()
    for k, v in enumerate(values):
        dims[k] = int(v)
    return dims


_loaded = {}
_lock = threading.Lock()


def load():
    """The library, loaded once; raises OSError/OneDNNError where it cannot be used."""
    lib = _loaded.get("lib")
    if lib is not None:
        return lib
    with _lock:
        if "lib" not in _loaded:
            path = library_path()
            if path is None:
                raise OSError(
                    "oneDNN's libdnnl.so.3 is not installed (pip install 'tinytf[onednn]')"
                )
            # OpenMP's idle threads keep libgomp's default wait: they spin a few milliseconds
            # before they sleep, so a step's next kernel finds them awake (measured: a sleeping
            # thread's wake-up added ~0.1 ms to each batch-1 convolution; OMP_WAIT_POLICY=
            # PASSIVE made the CNN step ~3 ms slower)
            _loaded["lib"] = Library(path)
    return _loaded["lib"]
