"""tf.errors against TF 1.15 (tools/make_bugfix_fixtures.py -> golden/errors.json): codes, the
class tree, constructors, e.args/e.message/e.error_code/str(e), the code <-> class functions,
raise_exception_on_not_ok_status, and runtime errors from Session.run."""

import pathlib
import pickle

import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.framework.error_cases import CASES

GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "errors")
RUNTIME = GOLDEN[0]["runtime_error"]


def test_the_error_module_matches_tf():
    check_case(tf, CASES, "error_module", GOLDEN)


def _check_runtime(label):
    facts = check_case(tf, CASES, "runtime_error", GOLDEN, apart=("feed", "kernel"))
    assert facts[label] == RUNTIME[label]


def test_a_kernel_error_names_its_node_in_the_message_as_tf():
    _check_runtime("kernel")


def test_a_feed_error_names_its_node_in_the_message_as_tf():
    _check_runtime("feed")


def test_errors_pickle_without_their_op():
    x = tf.placeholder(tf.float32, name="p")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(x)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is tf.errors.InvalidArgumentError and copy.op is None
    assert (copy.message, copy.error_code) == (info.value.message, tf.errors.INVALID_ARGUMENT)
    unknown = pickle.loads(pickle.dumps(tf.errors.UnknownError(None, None, "u", 9)))
    assert unknown.error_code == 9


def test_a_not_ok_status_raises_the_error_of_its_code():
    with pytest.raises(tf.errors.NotFoundError, match="no such table") as info:
        with tf.errors.raise_exception_on_not_ok_status() as status:
            status.code, status.message = tf.errors.NOT_FOUND, "no such table"
    assert info.value.op is None and info.value.error_code == tf.errors.NOT_FOUND
    with pytest.warns(UserWarning, match="Unknown error code: 99"):
        with pytest.raises(tf.errors.UnknownError):
            with tf.errors.raise_exception_on_not_ok_status() as status:
                status.code = 99
