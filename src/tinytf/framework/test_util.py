"""tf.test.TestCase (TF 1.15's TensorFlowTestCase: sessions, array assertions, a fresh graph
per test) and the GraphDef and GPU checks tf.test exports.

    class SquareTest(tf.test.TestCase):
        def testSquare(self):
            with self.test_session():
                self.assertAllEqual(tf.square([2, 3]).eval(), [4, 9])
"""

import collections.abc
import contextlib
import functools
import itertools
import math
import os
import random
import re
import tempfile
import threading

import numpy as np
from absl.testing import absltest

from tinytf.client import device_lib
from tinytf.client.session import Session, get_default_session
from tinytf.framework import device as pydev
from tinytf.framework import errors
from tinytf.framework import graph as graph_module
from tinytf.framework.equal_graph_def import equal_graph_def
from tinytf.framework.graph_io import GRAPH_DEF_VERSION, GRAPH_DEF_VERSION_MIN_CONSUMER
from tinytf.framework.ops import Tensor
from tinytf.ops.random_ops import DEFAULT_GRAPH_SEED, set_random_seed
from tinytf.platform import protos
from tinytf.platform import tf_logging as logging
from tinytf.platform.test import get_temp_dir as _program_temp_dir

# attr values that differ run to run: a sharded Saver's temp names, a hash table's shared name
_SHARDED_SAVE_OP_PATTERN = "_temp_[0-9a-z]{32}/part"
_TABLE_SHARED_NAME_PATTERN = r"hash_table_[0-9a-z\-]+"


def gpu_device_name():
    """The name of a GPU device if one is available, else ''."""
    for device in device_lib.list_local_devices():
        if device.device_type in ("GPU", "SYCL"):
            return device.name
    return ""


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    """Whether a GPU (of at least `min_cuda_compute_capability`, a (major, minor) pair) is
    available; tinytf runs on the CPU, so False."""
    for device in device_lib.list_local_devices():
        if device.device_type == "GPU":
            found = re.search(r"compute capability: (\d+)\.(\d+)", device.physical_device_desc)
            capability = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
            if min_cuda_compute_capability is None or capability >= min_cuda_compute_capability:
                return True
        if device.device_type == "SYCL" and not cuda_only:
            return True
    return False


def _strip_randomized_attrs(graph_def, checkpoint_v2, hash_table_shared_name):
    # NOTE: TF 1.15 matches str(bytes) ("b'_temp_...'") under Python 3, so it never strips
    # anything; these match the decoded text, as documented (and as TF did on Python 2).
    for node in graph_def.node:
        drop = []
        for key, value in node.attr.items():
            strings = value.tensor.string_val
            if checkpoint_v2 and len(strings) == 1 and strings[0]:
                if re.match(_SHARDED_SAVE_OP_PATTERN, strings[0].decode(errors="replace")):
                    drop.append(key)
        if hash_table_shared_name and node.op == "HashTableV2" and "shared_name" in node.attr:
            shared_name = node.attr["shared_name"].s.decode(errors="replace")
            if re.match(_TABLE_SHARED_NAME_PATTERN, shared_name):
                drop.append("shared_name")
        for key in drop:
            del node.attr[key]


def assert_equal_graph_def(actual, expected, checkpoint_v2=False, hash_table_shared_name=False):
    """AssertionError describing the first difference unless the GraphDefs match (node order,
    versions, attr order and control-input order do not count)."""
    graph_def = protos.message("GraphDef")
    for value, which in ((actual, "actual"), (expected, "expected")):
        if not isinstance(value, graph_def):
            raise TypeError(f"Expected tf.GraphDef for {which}, got {type(value).__name__}")
    if checkpoint_v2 or hash_table_shared_name:
        for value in (actual, expected):
            _strip_randomized_attrs(value, checkpoint_v2, hash_table_shared_name)
    diff = equal_graph_def(actual, expected)
    if diff:
        raise AssertionError(diff)


def _test_config(config, force_gpu):
    """The ConfigProto TF's test sessions use: soft placement unless force_gpu, and graph
    optimizations off (TF edits a config passed in, as here)."""
    try:
        config_proto = protos.message("ConfigProto")
    except AttributeError:  # without TensorBoard there are no protos: keep the caller's config
        return config
    allow_soft_placement = not force_gpu
    if config is None or (not allow_soft_placement and config.allow_soft_placement):
        config = config_proto(allow_soft_placement=allow_soft_placement)
    off = protos.proto_module("rewriter_config_pb2").RewriterConfig.OFF
    config.graph_options.optimizer_options.opt_level = -1
    config.graph_options.rewrite_options.constant_folding = off
    config.graph_options.rewrite_options.pin_to_host_optimization = off
    return config


class ErrorLoggingSession(Session):
    """A Session that logs the errors its runs raise, as TF's test sessions do."""

    def run(self, *args, **kwargs):
        try:
            return super().run(*args, **kwargs)
        except Exception as e:
            if not isinstance(e, errors.OutOfRangeError):  # ends of input are expected
                logging.error(str(e))
            raise


class CapturedWrites:
    """What captureWritesToStream captured; contents() reads it."""

    def __init__(self, capture_location):
        self.capture_location = capture_location

    def contents(self):
        """The captured text."""
        with open(self.capture_location) as tmp_file:
            return tmp_file.read()


class _CheckedThread:
    """A thread whose exception fails the test at join(); made by TestCase.checkedThread."""

    def __init__(self, testcase, target, args=None, kwargs=None):
        self._testcase = testcase
        self._target, self._args, self._kwargs = target, args or (), kwargs or {}
        self._thread = threading.Thread(target=self._protected_run)
        self._exception = None
        self._is_thread_joined = False

    def _protected_run(self):
        try:
            self._target(*self._args, **self._kwargs)
        except Exception as e:
            self._exception = e

    def start(self):
        """Starts the thread."""
        self._thread.start()

    def join(self):
        """Waits for the thread; fails the test if its target raised."""
        self._is_thread_joined = True
        self._thread.join()
        if self._exception is not None:
            self._testcase.fail(f"Error in checkedThread: {self._exception}")

    def is_alive(self):
        """Whether the thread is still running."""
        return self._thread.is_alive()

    def check_termination(self):
        """Fails the test for a thread never joined; RuntimeError for one still running."""
        if not self._is_thread_joined:
            self._testcase.fail("A checked thread was not joined.")
        if self.is_alive():
            raise RuntimeError(
                "Thread was not joined with main thread, and is still running when the test "
                "finished."
            )


class TensorFlowTestCase(absltest.TestCase):
    """tf.test.TestCase: each test starts on a new default graph with TF's seeds, and gets
    sessions (session, cached_session, test_session) and array assertions (assertAllClose...).
    """

    def __init__(self, methodName="runTest"):
        super().__init__(methodName)
        self._threads = []
        self._tempdir = None
        self._cached_session = None

    def setUp(self):
        """Fresh default graph and TF's seeds; skips `test_session`, which is no test."""
        self._ClearCachedSession()
        random.seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED)
        # A test that failed inside a `with graph.as_default()` can leave the stack non-empty,
        # and reset_default_graph refuses to run under a nested graph.
        graph_module._stack().clear()
        graph_module.reset_default_graph()
        set_random_seed(DEFAULT_GRAPH_SEED)
        # unittest collects the misnamed test_session method as a test: TF skips it here
        if self.id().endswith(".test_session"):
            self.skipTest("Not a test.")

    def tearDown(self):
        """Checks every checkedThread was joined and closes the cached session."""
        for thread in self._threads:
            thread.check_termination()
        self._ClearCachedSession()

    def _ClearCachedSession(self):
        if self._cached_session is not None:
            self._cached_session.close()
            self._cached_session = None

    def get_temp_dir(self):
        """A directory of this test's own (the same one on every call within a test)."""
        if not self._tempdir:
            self._tempdir = tempfile.mkdtemp(dir=_program_temp_dir())
        return self._tempdir

    @contextlib.contextmanager
    def captureWritesToStream(self, stream):
        """Captures what is written to `stream` (a real file, like sys.stdout) in the block."""
        stream.flush()
        fd = stream.fileno()
        tmp_file_path = tempfile.mktemp(dir=self.get_temp_dir())
        orig_fd = os.dup(fd)
        with open(tmp_file_path, "w") as tmp_file:
            os.dup2(tmp_file.fileno(), fd)
            try:
                yield CapturedWrites(tmp_file_path)
            finally:
                os.dup2(orig_fd, fd)
                os.close(orig_fd)

    def assertProtoEqualsVersion(
        self,
        expected,
        actual,
        producer=GRAPH_DEF_VERSION,
        min_consumer=GRAPH_DEF_VERSION_MIN_CONSUMER,
        msg=None,
    ):
        """assertProtoEquals with `versions { producer min_consumer }` prepended to expected."""
        expected = f"versions {{ producer: {producer} min_consumer: {min_consumer} }};\n{expected}"
        self.assertProtoEquals(expected, actual, msg=msg)

    def evaluate(self, tensors):
        """The values of `tensors` (a Tensor or a nested structure) in the default session, or
        in the test's cached session when there is none."""
        sess = get_default_session()
        if sess is None:
            with self.test_session() as sess:
                return sess.run(tensors)
        return sess.run(tensors)

    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new Session (closed at the end of the block), default with its graph; ops are
        pinned to the CPU unless use_gpu, or to the GPU with force_gpu."""
        with self._create_session(graph, config, force_gpu) as sess:
            with self._constrain_devices_and_set_default(sess, use_gpu, force_gpu):
                yield sess

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """The test's one Session (made on first use, closed in tearDown), as default; asking
        with a different graph, config or force_gpu is ValueError."""
        sess = self._get_cached_session(graph, config, force_gpu, crash_if_inconsistent_args=True)
        with self._constrain_devices_and_set_default(sess, use_gpu, force_gpu) as cached:
            yield cached

    @contextlib.contextmanager
    def test_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """Deprecated in TF 1.15 for session()/cached_session(): the cached session, or a new
        one for an explicit graph."""
        if self.id().endswith(".test_session"):
            self.skipTest("Not a test.")
        if graph is not None:
            with self.session(graph, config, use_gpu, force_gpu) as sess:
                yield sess
            return
        sess = self._get_cached_session(graph, config, force_gpu, crash_if_inconsistent_args=False)
        with self._constrain_devices_and_set_default(sess, use_gpu, force_gpu) as cached:
            yield cached

    def checkedThread(self, target, args=None, kwargs=None):
        """A thread wrapper (start/join) whose target's exception fails the test at join()."""
        thread = _CheckedThread(self, target, args, kwargs)
        self._threads.append(thread)
        return thread

    @contextlib.contextmanager
    def _constrain_devices_and_set_default(self, sess, use_gpu, force_gpu):
        with sess.graph.as_default(), sess.as_default():
            if force_gpu:
                with sess.graph.device(gpu_device_name() or "/device:GPU:0"):
                    yield sess
            elif use_gpu:
                yield sess
            else:
                with sess.graph.device("/device:CPU:0"):
                    yield sess

    def _create_session(self, graph, config, force_gpu):
        return ErrorLoggingSession(graph=graph, config=_test_config(config, force_gpu))

    def _get_cached_session(self, graph, config, force_gpu, crash_if_inconsistent_args):
        if self._cached_session is None:
            self._cached_session = self._create_session(graph, config, force_gpu)
            self._cached_args = {"graph": graph, "config": config, "force_gpu": force_gpu}
            return self._cached_session
        if crash_if_inconsistent_args:
            given = {"graph": graph, "config": config, "force_gpu": force_gpu}
            for what, value in given.items():
                if self._cached_args[what] is not value:
                    raise ValueError(
                        f"The {what} {'value ' if what == 'force_gpu' else ''}used to get the "
                        "cached session is different than the one that was used to create the "
                        "session. Maybe create a new session with self.session()"
                    )
        return self._cached_session

    def _GetNdArray(self, a):
        if isinstance(a, Tensor):
            a = self.evaluate(a)
        return a if isinstance(a, np.ndarray) else np.array(a)

    # -- assertions ----------------------------------------------------------------------------
    def assertProtoEquals(self, expected_message_maybe_ascii, message, msg=None):
        """`message` equals the expected proto (or its text format), floats to 6-7 digits."""
        from google.protobuf import text_format

        if isinstance(expected_message_maybe_ascii, str):
            expected = text_format.Merge(expected_message_maybe_ascii, type(message)())
        elif isinstance(expected_message_maybe_ascii, type(message)):
            expected = expected_message_maybe_ascii
        else:
            raise AssertionError(
                f"Can't compare protos of type {type(expected_message_maybe_ascii)} and "
                f"{type(message)}. {msg or ''}"
            )
        if expected == message:
            return
        texts = [text_format.MessageToString(_normalized(m)) for m in (expected, message)]
        self.assertMultiLineEqual(*texts, msg=msg or None)

    def assertStartsWith(self, actual, expected_start, msg=None):
        """actual.startswith(expected_start)."""
        if not actual.startswith(expected_start):
            self.fail(
                f"{actual!r} does not start with {expected_start!r}"
                + (f" : {msg!r}" if msg else "")
            )

    def assertNear(self, f1, f2, err, msg=None):
        """|f1 - f2| <= err (or f1 == f2, for infinities)."""
        self.assertTrue(
            f1 == f2 or math.fabs(f1 - f2) <= err,
            f"{f1:f} != {f2:f} +/- {err:f}" + (f" ({msg})" if msg is not None else ""),
        )

    def assertArrayNear(self, farray1, farray2, err, msg=None):
        """Same length, and every pair of elements within err."""
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def _NDArrayNear(self, ndarray1, ndarray2, err):
        return bool(np.linalg.norm(ndarray1 - ndarray2) < err)  # "False is not true", not np.False_

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):
        """The L2 norm of ndarray1 - ndarray2 is below err."""
        self.assertTrue(self._NDArrayNear(ndarray1, ndarray2, err), msg=msg)

    def _assertArrayLikeAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        contents = f" with contents {b}." if b.ndim <= 3 or b.size < 500 else "."
        self.assertEqual(
            a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got {b.shape}{contents}"
        )
        if np.allclose(a, b, rtol=rtol, atol=atol):
            return
        bad = np.logical_or(np.abs(a - b) > atol + rtol * np.abs(b), np.isnan(a) != np.isnan(b))
        msgs = [msg]
        x, y = (a[np.where(bad)], b[np.where(bad)]) if a.ndim else (a, b)
        if a.ndim:
            msgs.append(f"not close where = {np.where(bad)}")
        msgs += [
            f"not close lhs = {x}",
            f"not close rhs = {y}",
            f"not close dif = {np.abs(x - y)}",
            f"not close tol = {atol + rtol * np.abs(y)}",
            f"dtype = {a.dtype}, shape = {a.shape}",
        ]
        np.testing.assert_allclose(
            a, b, rtol=rtol, atol=atol, err_msg="\n".join(map(str, msgs)), equal_nan=True
        )

    def _assertAllCloseRecursive(self, a, b, rtol=1e-6, atol=1e-6, path=None, msg=None):
        path = path or []
        path_str = ("[" + "][".join(str(p) for p in path) + "]") if path else ""
        msg = msg or ""
        a, b = (x._asdict() if hasattr(x, "_asdict") else x for x in (a, b))
        a_is_dict = isinstance(a, collections.abc.Mapping)
        if a_is_dict != isinstance(b, collections.abc.Mapping):
            raise ValueError(f"Can't compare dict to non-dict, a{path_str} vs b{path_str}. {msg}")
        mismatch = f"Mismatched value: a{path_str} is different from b{path_str}. {msg}"
        if a_is_dict:
            self.assertItemsEqual(
                a.keys(),
                b.keys(),
                msg=f"mismatched keys: a{path_str} has keys {a.keys()}, but b{path_str} has "
                f"keys {b.keys()}. {msg}",
            )
            for k in a:
                self._assertAllCloseRecursive(a[k], b[k], rtol, atol, [*path, k], msg)
        elif isinstance(a, (list, tuple)):
            try:  # as one array first; element by element when the items are ragged
                a_array, b_array = self._GetNdArray(a), self._GetNdArray(b)
                self._assertArrayLikeAllClose(a_array, b_array, rtol, atol, msg=mismatch)
            except (ValueError, TypeError):
                if len(a) != len(b):
                    raise ValueError(
                        f"Mismatched length: a{path_str} has {len(a)} items, but b{path_str} "
                        f"has {len(b)} items. {msg}"
                    ) from None
                for idx, (a_ele, b_ele) in enumerate(zip(a, b)):
                    self._assertAllCloseRecursive(a_ele, b_ele, rtol, atol, [*path, idx], msg)
        else:
            try:
                self._assertArrayLikeAllClose(a, b, rtol, atol, msg=mismatch)
            except TypeError as e:
                note = f"Error: a{path_str} has {type(a)}, but b{path_str} has {type(b)}. {msg}"
                e.args = (f"{e.args[0]} : {note}", *e.args[1:])
                raise

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        """a and b (arrays, Tensors, or nested lists/tuples/dicts/namedtuples of them) are
        close: |a - b| <= atol + rtol * |b| everywhere."""
        self._assertAllCloseRecursive(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertAllCloseAccordingToType(
        self,
        a,
        b,
        rtol=1e-6,
        atol=1e-6,
        float_rtol=1e-6,
        float_atol=1e-6,
        half_rtol=1e-3,
        half_atol=1e-3,
        bfloat16_rtol=1e-2,
        bfloat16_atol=1e-2,
        msg=None,
    ):
        """assertAllClose with tolerances widened for float32/complex64 and float16 values."""
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        if {a.dtype, b.dtype} & {np.dtype(np.float32), np.dtype(np.complex64)}:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if np.dtype(np.float16) in (a.dtype, b.dtype):
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, **kwargs):
        """Some element of a is not close to b's (AssertionError if all are)."""
        try:
            self.assertAllClose(a, b, **kwargs)
        except AssertionError:
            return
        raise AssertionError("The two values are close at all elements")

    def assertAllEqual(self, a, b, msg=None):
        """a and b (arrays or Tensors) have the same shape and values (NaN equals NaN)."""
        msg = msg or ""
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        contents = f" Contents: {b}. \n{msg}." if b.ndim <= 3 or b.size < 500 else f" {msg}"
        self.assertEqual(
            a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got {b.shape}.{contents}"
        )
        same = a == b
        if a.dtype in (np.float16, np.float32, np.float64):
            same = np.logical_or(same, np.logical_and(np.isnan(a), np.isnan(b)))
        if np.all(same):
            return
        diff = np.logical_not(same)
        msgs = [msg]
        x, y = (a[np.where(diff)], b[np.where(diff)]) if a.ndim else (a, b)
        if a.ndim:
            msgs.append(f"not equal where = {np.where(diff)}")
        msgs += [f"not equal lhs = {x}", f"not equal rhs = {y}"]
        np.testing.assert_array_equal(a, b, err_msg="\n".join(msgs))

    def assertNotAllEqual(self, a, b, msg=None):
        """Some element of a differs from b's (AssertionError if all are equal)."""
        try:
            self.assertAllEqual(a, b, msg)
        except AssertionError:
            return
        raise AssertionError("The two values are equal at all elements")

    def assertAllGreater(self, a, comparison_target):
        """Every element of a is > comparison_target."""
        self.assertGreater(np.min(self._GetNdArray(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):
        """Every element of a is < comparison_target."""
        self.assertLess(np.max(self._GetNdArray(a)), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):
        """Every element of a is >= comparison_target."""
        self.assertGreaterEqual(np.min(self._GetNdArray(a)), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):
        """Every element of a is <= comparison_target."""
        self.assertLessEqual(np.max(self._GetNdArray(a)), comparison_target)

    def _format_subscripts(self, subscripts, value, limit=10, indent=2):
        subscripts = np.transpose(subscripts)
        lines = [
            " " * indent + f"{s} : {value[tuple(s)]}" for s in itertools.islice(subscripts, limit)
        ]
        if len(subscripts) > limit:
            lines.append(" " * indent + "...")
        return lines

    def assertAllInRange(
        self, target, lower_bound, upper_bound, open_lower_bound=False, open_upper_bound=False
    ):
        """Every element is a number (not NaN) in [lower_bound, upper_bound] (or open ends)."""
        target = self._GetNdArray(target)
        if not (
            np.issubdtype(target.dtype, np.floating) or np.issubdtype(target.dtype, np.integer)
        ):
            raise AssertionError(
                f"The value of {target} does not have an ordered numeric type, instead it has "
                f"type: {target.dtype}"
            )
        nans = np.where(np.isnan(target))
        if np.size(nans):
            raise AssertionError(
                f"{len(nans[0])} of the {np.size(target)} element(s) are NaN. Subscripts(s) and "
                "value(s) of the NaN element(s):\n"
                + "\n".join(self._format_subscripts(nans, target))
            )
        low = np.less_equal if open_lower_bound else np.less
        high = np.greater_equal if open_upper_bound else np.greater
        outside = np.where(low(target, lower_bound) | high(target, upper_bound))
        if np.size(outside):
            left, right = "(" if open_lower_bound else "[", ")" if open_upper_bound else "]"
            bounds = f"{left}{lower_bound}, {upper_bound}{right}"
            raise AssertionError(
                f"{len(outside[0])} of the {np.size(target)} element(s) are outside the range "
                f"{bounds}. Subscript(s) and value(s) of the offending elements:\n"
                + "\n".join(self._format_subscripts(outside, target))
            )

    def assertAllInSet(self, target, expected_set):
        """Every element of target is in expected_set."""
        diff = np.setdiff1d(self._GetNdArray(target).flatten(), list(expected_set))
        if np.size(diff):
            raise AssertionError(
                f"{np.size(diff)} unique element(s) are not in the set {expected_set}: {diff}"
            )

    def assertDTypeEqual(self, target, expected_dtype):
        """target's NumPy dtype is expected_dtype."""
        self.assertEqual(self._GetNdArray(target).dtype, expected_dtype)

    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):
        """The block raises exception_type, and predicate(e) holds (or the regex is found in
        its message; an OpError's message also names its op)."""
        predicate = expected_err_re_or_predicate
        if not callable(predicate):
            predicate = functools.partial(_message_matches, expected_err_re_or_predicate)
        try:
            yield
            self.fail(exception_type.__name__ + " not raised")
        except Exception as e:
            if not isinstance(e, exception_type) or not predicate(e):
                raise AssertionError(f"Exception of type {type(e)}: {e}") from e

    def assertRaisesOpError(self, expected_err_re_or_predicate):
        """The block raises a tf.errors.OpError whose message matches (or satisfies)."""
        return self.assertRaisesWithPredicateMatch(errors.OpError, expected_err_re_or_predicate)

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):
        """The NumPy array's shape is the Tensor's static shape."""
        if not isinstance(np_array, (np.ndarray, np.generic)):
            raise TypeError("np_array must be a Numpy ndarray or Numpy scalar")
        if not isinstance(tf_tensor, Tensor):
            raise TypeError("tf_tensor must be a Tensor")
        self.assertAllEqual(np_array.shape, tf_tensor.get_shape().as_list(), msg=msg)

    def assertDeviceEqual(self, device1, device2, msg=None):
        """The two device names (or DeviceSpecs) name the same device ('/cpu:0' is
        '/device:CPU:0')."""
        device1, device2 = pydev.canonical_name(device1), pydev.canonical_name(device2)
        self.assertEqual(device1, device2, f"Devices {device1} and {device2} are not equal. {msg}")

    assertRaisesRegexp = absltest.TestCase.assertRaisesRegex  # noqa: N815  (TF's Python 2 names)
    assertItemsEqual = absltest.TestCase.assertCountEqual  # noqa: N815


def _message_matches(pattern, e):
    text = e.message if isinstance(e, errors.OpError) else str(e)
    op = e.op if isinstance(e, errors.OpError) else None
    while op is not None:
        text += "\nCaused by: " + op.name
        op = getattr(op, "_original_op", None)
    logging.info("Searching within error strings: '%s' within '%s'", pattern, text)
    return re.search(pattern, text)


def _normalized(message):
    """A copy with floats rounded (6 digits float, 7 double) as TF's proto comparison does."""
    from google.protobuf import descriptor

    message = type(message).FromString(message.SerializeToString())
    _normalize_numbers(message, descriptor.FieldDescriptor)
    return message


def _normalize_numbers(pb, fd):
    for field, values in pb.ListFields():
        # protobuf >= 5 has is_repeated (and newer ones no longer have label)
        repeated = getattr(field, "is_repeated", None)
        repeated = field.label == fd.LABEL_REPEATED if repeated is None else repeated
        items = list(values) if repeated else [values]
        digits = {fd.TYPE_FLOAT: 6, fd.TYPE_DOUBLE: 7}.get(field.type)
        if digits is not None:
            rounded = [round(float(x), digits) for x in items]
            if repeated:
                pb.ClearField(field.name)
                getattr(pb, field.name).extend(rounded)
            else:
                setattr(pb, field.name, rounded[0])
        if field.type == fd.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                value_field = field.message_type.fields_by_name["value"]
                items = list(values.values()) if value_field.type == fd.TYPE_MESSAGE else []
            for item in items:
                _normalize_numbers(item, fd)
