"""Session and InteractiveSession: map fetches and feeds onto a cached Plan and run it."""

import contextlib
import threading
import warnings

import numpy as np

from tinytf.client.device_lib import session_devices
from tinytf.framework.graph import get_default_graph
from tinytf.framework.ops import Operation, Tensor
from tinytf.runtime import queues
from tinytf.runtime.backends import get_backend
from tinytf.runtime.placement import Placer, log_placement
from tinytf.runtime.plan import RunContext, compile_plan
from tinytf.runtime.tracing import StepTrace


class _SessionStack(threading.local):
    def __init__(self):
        self.stack = []


_sessions = _SessionStack()


def get_default_session():
    """The innermost session made default by `as_default()` (or an InteractiveSession)."""
    return _sessions.stack[-1] if _sessions.stack else None


class BaseSession:
    """Runs fetches of one graph; variable values and random states live here, per session."""

    def __init__(self, target="", graph=None, config=None):
        if config is not None and _proto_name(config) != "ConfigProto":
            raise TypeError(f"config must be a tf.ConfigProto, but got {type(config)}")
        self._graph = graph if graph is not None else get_default_graph()
        self._backend = get_backend()
        self._ctx = RunContext(self._backend)
        self._plans = {}
        self._feed_info = {}
        self._closed = False
        self._lock = threading.RLock()
        self._config = config
        self._placer = Placer(
            self._graph,
            allow_soft_placement=bool(config and config.allow_soft_placement),
            log_device_placement=log_placement(config),
        )
        self._threads = _limit_threads(
            config.intra_op_parallelism_threads if config else 0, self._backend
        )
        self._growth = _GraphGrowth(self._graph)

    graph = property(lambda self: self._graph)
    sess_str = property(lambda self: "")

    @property
    def graph_def(self):
        return self._graph.as_graph_def()

    def list_devices(self):
        """The devices this session runs ops on (the CPU, and TF's XLA_CPU)."""
        return session_devices()

    def close(self):
        """Frees the session's state; later calls to run() raise RuntimeError."""
        with self._lock:  # no run compiles a plan against the state being freed
            if self._closed:
                return
            self._closed = True
            queues.cancel(self._ctx)  # runs blocked on a queue stop with CancelledError
            self._plans.clear()
            self._ctx = None
            if self._threads is not None:
                self._threads.restore_original_limits()

    @contextlib.contextmanager
    def as_default(self):
        """Makes this session the one `Tensor.eval()` and `Operation.run()` use."""
        _sessions.stack.append(self)
        try:
            yield self
        finally:
            _sessions.stack.remove(self)

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs the ops needed for `fetches` with `feed_dict` and returns their values,
        in the structure of `fetches` (a Tensor, Operation, name, or nested list/tuple/dict)."""
        with self._lock:  # runs go on concurrently (queue runners); their bookkeeping does not
            if self._closed:
                raise RuntimeError("Attempted to use a closed Session.")
            plan, values, build = self._plan_for(fetches, feed_dict)
        results = _execute(plan, values, options, run_metadata)
        return results[0] if build is None else build(results)

    def _plan_for(self, fetches, feed_dict):
        """(plan, feed values, result builder) for one run; called under self._lock."""
        graph = self._graph
        if fetches.__class__ is Tensor and fetches.op._graph is graph:
            tensors, targets, build = (fetches,), (), None
        else:
            tensors, targets, build = _FetchMapper(fetches, graph).flat()
        if feed_dict:
            feeds, values = self._feeds(feed_dict)
        else:
            feeds, values = (), ()
        return self._compiled(tensors, targets, feeds), values, build

    def _compiled(self, tensors, targets, feeds):
        """The plan of one signature, compiled at its first run; called under self._lock."""
        graph = self._graph
        if graph._last_id != self._growth.seen:  # ops were added since the last run
            self._growth.update()
            self._placer.check_new_ops()
        elif self._growth.streak:
            self._growth.streak = 0
        key = (tensors, targets, feeds, graph._version)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = compile_plan(
                tensors, targets, feeds, self._backend, self._ctx
            )
            if self._placer.log:
                self._placer.log_plan(plan.all_ops)
        return plan

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function that runs `fetches`, taking values for `feed_list` positionally; the
        fetches and feeds are resolved once, here, not on every call."""
        feed_list = list(feed_list or [])
        graph = self._graph
        if not all(f.__class__ is Tensor and f.op._graph is graph for f in feed_list):
            return self._general_callable(fetches, feed_list, accept_options)
        tensors, targets, build = _FetchMapper(fetches, graph).flat()
        feeds = tuple(feed_list)
        with self._lock:
            infos = [self._feed_info.setdefault(t, _FeedInfo(t)) for t in feeds]

        def runner(*args, options=None, run_metadata=None):
            if (options is not None or run_metadata is not None) and not accept_options:
                raise TypeError("This callable was made with accept_options=False.")
            if len(args) != len(feeds):  # as TF's: extra values are dropped, missing ones unfed
                return self.run(fetches, dict(zip(feeds, args)), options, run_metadata)
            with self._lock:
                if self._closed:
                    raise RuntimeError("Attempted to use a closed Session.")
                plan = self._compiled(tensors, targets, feeds)
            values = [_feed_value(info, a, self._backend) for info, a in zip(infos, args)]
            return build(_execute(plan, values, options, run_metadata))

        return runner

    def _general_callable(self, fetches, feed_list, accept_options):
        """make_callable for feeds other than plain Tensors (SparseTensors, names, tuples)."""

        def runner(*args, options=None, run_metadata=None):
            if (options is not None or run_metadata is not None) and not accept_options:
                raise TypeError("This callable was made with accept_options=False.")
            return self.run(fetches, dict(zip(feed_list, args)), options, run_metadata)

        return runner

    # -- feeds -------------------------------------------------------------------------------
    def _feeds(self, feed_dict):
        feeds, values = [], []
        graph = self._graph
        for key, value in feed_dict.items():
            if key.__class__ is Tensor and key.op._graph is graph and value.__class__ is not Tensor:
                pairs = ((key, None),)  # the common case, without the general resolution
            else:
                pairs = _feed_pairs(graph, key, value)
            for tensor, part in pairs:
                info = self._feed_info.get(tensor)
                if info is None:
                    info = self._feed_info[tensor] = _FeedInfo(tensor)
                feeds.append(tensor)
                values.append(info.convert(value if part is None else part, self._backend))
        return tuple(feeds), values

    # -- context manager -----------------------------------------------------------------------
    def __enter__(self):
        self._context = contextlib.ExitStack()
        self._context.enter_context(self._graph.as_default())
        self._context.enter_context(self.as_default())
        return self

    def __exit__(self, *exc):
        self._context.close()
        self.close()


class Session(BaseSession):
    """`tf.Session(target='', graph=None, config=None)`: runs ops of `graph`.

    >>> with tf.Session() as sess:
    ...     sess.run(tf.constant(2) + 3)
    5
    """


class InteractiveSession(BaseSession):
    """A Session that makes itself the default on construction, for shells and notebooks."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._context = contextlib.ExitStack()
        self._context.enter_context(self.as_default())
        if graph is not None:
            self._context.enter_context(graph.as_default())

    def close(self):
        super().close()
        context, self._context = self._context, contextlib.ExitStack()
        with contextlib.suppress(ValueError):
            context.close()


def _proto_name(message):
    """The message type's name without its package (TF's protos or TensorBoard's copies)."""
    descriptor = getattr(message, "DESCRIPTOR", None)
    return getattr(descriptor, "name", None)


def _limit_threads(n, backend):
    """ConfigProto.intra_op_parallelism_threads: the kernels' (BLAS, OpenMP) thread count while
    the session is open; 0 leaves the machine's default."""
    if n <= 0:
        return None
    from threadpoolctl import threadpool_limits

    backend.load()  # its thread pool must be there to be limited

    return threadpool_limits(limits=n)


def _execute(plan, values, options, run_metadata):
    """The plan's results, under the run's deadline and tracing options if it has them."""
    if options is not None and getattr(options, "timeout_in_ms", 0) > 0:
        with queues.run_deadline(options.timeout_in_ms):  # DeadlineExceededError past it
            return _run_with_metadata(plan, values, options, run_metadata)
    if options is not None or run_metadata is not None:
        return _run_with_metadata(plan, values, options, run_metadata)
    return plan.run(values)


def _run_with_metadata(plan, values, options, run_metadata):
    """A run with RunOptions / RunMetadata: with FULL_TRACE (or SOFTWARE_TRACE), each op's
    timing goes into run_metadata.step_stats (for timeline.Timeline)."""
    for arg, want in ((options, "RunOptions"), (run_metadata, "RunMetadata")):
        if arg is not None and _proto_name(arg) != want:
            raise TypeError(f"Expected a tf.{want}, got {type(arg)}")
    trace = None
    if options is not None and options.trace_level and run_metadata is not None:
        trace = StepTrace()
    results = plan.run(values, trace)
    if trace is not None:
        trace.fill(run_metadata.step_stats)
    if options is not None and options.output_partition_graphs and run_metadata is not None:
        from tinytf.framework.graph_io import node_def

        partition = run_metadata.partition_graphs.add()
        partition.node.extend(node_def(op) for op in plan.all_ops)
    return results


class _GraphGrowth:
    """Notices ops being created between run() calls, run after run: the classic slow-down of
    building ops inside the training loop. Warns once per graph, naming where they come from."""

    RUNS = 10  # consecutive runs, each after new ops, before the warning

    def __init__(self, graph):
        self._graph = graph
        self.seen = -1  # the graph's last op id at the last run (-1: no run yet)
        self.streak = 0

    def update(self):
        graph = self._graph
        grew, first = graph._last_id - self.seen, self.seen < 0
        self.seen = graph._last_id
        if first:
            return
        self.streak += 1
        if self.streak < self.RUNS or getattr(graph, "_warned_growth", False):
            return
        graph._warned_growth = True
        where = next((op._defined_at for op in reversed(graph._ops) if op._defined_at), None)
        warnings.warn(
            f"The graph grew before each of the last {self.streak} Session.run calls (by "
            f"{grew} ops before the last one; {len(graph._ops)} ops now), last at {where}. "
            "Creating ops inside a loop makes every step slower and the graph grow without "
            "end: create them once, before the loop, and only run them inside it.",
            RuntimeWarning,
            stacklevel=4,
        )


# -- fetches ---------------------------------------------------------------------------------
class _FetchMapper:
    """Flattens nested fetches into unique Tensors and target Operations, and rebuilds."""

    def __init__(self, fetches, graph):
        self._graph = graph
        self._tensors, self._targets, self._index = [], [], {}
        self._build = self._map(fetches)

    def flat(self):
        return tuple(self._tensors), tuple(self._targets), self._rebuild

    def _rebuild(self, values):
        return self._build(values)

    def _map(self, fetch):
        if fetch is None:
            raise TypeError(f"Fetch argument {fetch!r} has invalid type {type(fetch)}")
        if isinstance(fetch, (list, tuple)):
            parts = [self._map(f) for f in fetch]
            if hasattr(fetch, "_fields"):
                return lambda v: type(fetch)(*[p(v) for p in parts])
            return lambda v: type(fetch)(p(v) for p in parts)
        if isinstance(fetch, dict):
            parts = {k: self._map(f) for k, f in fetch.items()}
            return lambda v: type(fetch)((k, p(v)) for k, p in parts.items())
        if hasattr(fetch, "_fetch_parts"):  # SparseTensor
            parts, make = fetch._fetch_parts()
            getters = [self._map(p) for p in parts]
            return lambda v: make(*[g(v) for g in getters])
        return self._leaf(fetch)

    def _leaf(self, fetch):
        try:
            element = self._graph.as_graph_element(fetch)
        except TypeError as e:
            raise TypeError(
                f"Fetch argument {fetch!r} has invalid type {type(fetch)}, must be "
                f"a string or Tensor. ({e})"
            ) from None
        except (ValueError, KeyError) as e:
            raise ValueError(
                f"Fetch argument {fetch!r} cannot be interpreted as a Tensor. ({_strip(e)})"
            ) from None
        if isinstance(element, Operation):
            if element not in self._targets:
                self._targets.append(element)
            return lambda v: None
        if element not in self._index:
            self._index[element] = len(self._tensors)
            self._tensors.append(element)
        k = self._index[element]
        return lambda v: v[k]


def _strip(exc):
    return exc.args[0] if exc.args else str(exc)


# -- feeds -----------------------------------------------------------------------------------
def _feed_pairs(graph, key, value):
    """(tensor, value part) pairs for one feed_dict entry; part None means the value itself."""
    _refuse_tensor(value)
    if hasattr(key, "_feed_parts"):  # SparseTensor: indices, values, dense_shape
        return list(zip(key._feed_parts(), _sparse_value_parts(value)))
    if isinstance(key, (tuple, list)):  # a structure fed whole (an LSTMStateTuple), as TF 1.x
        if not isinstance(value, (tuple, list)) or len(value) != len(key):
            raise ValueError(
                f"The feed value for a structure of {len(key)} tensors must be a structure of "
                f"the same length, got {type(value).__name__}: {value!r}"
            )
        return [
            (tensor, v if part is None else part)
            for k, v in zip(key, value)
            for tensor, part in _feed_pairs(graph, k, v)
        ]
    try:
        tensor = graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
    except Exception as e:
        raise TypeError(f"Cannot interpret feed_dict key as Tensor: {_strip(e)}") from None
    return [(tensor, None)]


def _refuse_tensor(value):
    if isinstance(value, Tensor):
        raise TypeError(
            "The value of a feed cannot be a tf.Tensor object. Acceptable feed values "
            "include Python scalars, strings, lists, numpy ndarrays, or TensorHandles."
        )


def _feed_value(info, value, backend):
    _refuse_tensor(value)
    return info.convert(value, backend)


def _sparse_value_parts(value):
    if hasattr(value, "indices"):
        return value.indices, value.values, value.dense_shape
    return tuple(value)


class _FeedInfo:
    """What a fed tensor accepts: its NumPy dtype and static dims, checked on every feed."""

    def __init__(self, tensor):
        self.tensor = tensor
        self.dtype = tensor.dtype.base_dtype
        self.np_dtype = self.dtype.as_numpy_dtype
        self.dims = tuple(tensor.shape.as_list()) if tensor.shape.ndims is not None else None

    def convert(self, value, backend):
        if self.dtype.is_integer or self.dtype.is_bool:
            value = _integral(value, self.dtype)
        elif self.dtype.name == "string":  # ops see bytes, as in TF
            value = _as_bytes(value)
        array = backend.asarray(value, self.np_dtype)
        dims = self.dims
        if dims is not None:
            shape = array.shape
            if len(shape) != len(dims) or any(
                d is not None and d != n for d, n in zip(dims, shape)
            ):
                raise ValueError(
                    f"Cannot feed value of shape {shape!r} for Tensor {self.tensor.name!r}, "
                    f"which has shape '{self.tensor.shape}'"
                )
        return array


def _as_bytes(value):
    """A fed string value as TF holds it: bytes (str is encoded as UTF-8)."""
    from tinytf.ops.string_ops import as_bytes

    if isinstance(value, (str, bytes)):
        return as_bytes(value)
    array = np.asarray(value, dtype=object)
    if array.ndim == 0:
        return as_bytes(array.item())
    return np.array([as_bytes(v) for v in array.ravel()], dtype=object).reshape(array.shape)


def _integral(value, dtype):
    """Refuses feeds that would silently lose information (1.5 into an int32 placeholder)."""
    array = np.asarray(value)
    if array.dtype.kind in "fc":
        converted = array.astype(dtype.as_numpy_dtype)
        if not np.array_equal(converted, array):
            raise TypeError(
                f"Type of feed value {value!r} is not compatible with Tensor type {dtype.name}. "
                f"Feed values of type {dtype.name} must be integral."
            )
        return converted
    return array


def _eval_using_default_session(fetches, feed_dict, graph, session=None):
    """Tensor.eval / Operation.run: run in `session`, or the default one."""
    verb = (
        "execute operation using `run()`"
        if isinstance(fetches, Operation)
        else "evaluate tensor using `eval()`"
    )
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError(
                f"Cannot {verb}: No default session is registered. Use `with "
                "sess.as_default()` or pass an explicit session to "
                f"`{verb.split('`')[1].rstrip('()')}(session=sess)`"
            )
        if session.graph is not graph:
            raise ValueError(
                "Cannot use the default session to evaluate tensor: the tensor's "
                "graph is different from the session's graph. Pass an explicit "
                "session to `eval(session=sess)`."
            )
    elif session.graph is not graph:
        raise ValueError(
            "Cannot use the given session to evaluate tensor: the tensor's graph is "
            "different from the session's graph."
        )
    return session.run(fetches, feed_dict)
