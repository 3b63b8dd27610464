"""`python -m tinytf.check PROGRAM.py...`: the TF names a program uses that tinytf lacks, read
from the source without running it."""

import io
import subprocess
import sys
import textwrap

import pytest

from tinytf import check


def _check(tmp_path, source, name="prog.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    out = io.StringIO()
    status = check.check([str(path)], out=out)
    return status, out.getvalue().replace(f"{path}:", "")


def test_a_program_tinytf_covers_passes(tmp_path):
    status, out = _check(
        tmp_path,
        """
        import tensorflow as tf
        from tensorflow.examples.tutorials.mnist import input_data

        x = tf.placeholder(tf.float32, [None, 784])
        W = tf.Variable(tf.zeros([784, 10]))
        y = tf.nn.softmax(tf.matmul(x, W))
        loss = tf.reduce_mean(-tf.reduce_sum(y, reduction_indices=[1]))
        train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        keys = tf.GraphKeys.TRAINABLE_VARIABLES
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
        """,
    )
    assert (status, out) == (0, "all 13 names found in tinytf\n")


def test_missing_names_are_listed_with_their_lines(tmp_path):
    status, out = _check(
        tmp_path,
        """
        import tensorflow as tf

        x = tf.placeholder(tf.float32)
        y = tf.nn.no_such_op(x)
        z = tf.GraphKeys.NO_SUCH_KEY
        tf.nn.no_such_op(y)
        """,
    )
    assert status == 1
    assert out.split("\n") == [
        "5: tf.nn.no_such_op",
        "6: tf.GraphKeys.NO_SUCH_KEY",
        "7: tf.nn.no_such_op",
        "2 of 4 names missing in tinytf",
        "",
    ]


def test_compat_v1_imports_are_followed(tmp_path):
    status, out = _check(
        tmp_path,
        """
        import tensorflow.compat.v1 as tf
        tf.disable_v2_behavior()
        tf.enable_eager_execution()
        """,
    )
    assert status == 1
    assert out.split("\n")[0] == (
        "4: tf.enable_eager_execution: tinytf runs TF 1.x graph mode only (no eager execution)"
    )


def test_internal_module_imports_are_followed(tmp_path):
    status, out = _check(
        tmp_path,
        """
        from tensorflow.python.ops import array_ops, no_such_ops
        from tensorflow.python.framework.ops import Graph, EagerTensor
        from tensorflow.python.training import training as train
        array_ops.reshape
        array_ops.no_such_function
        no_such_ops.anything
        train.AdamOptimizer
        """,
    )
    assert status == 1
    assert out.split("\n")[:-2] == [
        "2: tensorflow.python.ops.no_such_ops",
        "3: tensorflow.python.framework.ops.EagerTensor",
        "6: array_ops.no_such_function",
    ]  # no_such_ops.anything: reported once, at its import


def test_missing_modules_are_reported_at_the_import(tmp_path):
    status, out = _check(
        tmp_path,
        """
        import tensorflow.contrib.crf as crf
        from tensorflow import keras
        crf.crf_log_likelihood
        keras.layers.Dense
        """,
    )
    assert status == 1
    assert out.split("\n")[:2] == [
        "2: tensorflow.contrib.crf",
        "3: tensorflow.keras: tinytf has no Keras (tf.layers covers TF 1.x models)",
    ]


def test_instance_members_are_the_programs_own(tmp_path):
    status, out = _check(
        tmp_path,
        """
        import tensorflow as tf
        FLAGS = tf.app.flags.FLAGS
        tf.app.flags.FLAGS.learning_rate
        tf.float32.as_numpy_dtype
        tf.train.AdamOptimizer(0.1).minimize
        tf.nn = None
        """,
    )
    assert (status, out) == (0, "all 4 names found in tinytf\n")


def test_unreadable_programs_exit_2(tmp_path):
    status, out = _check(tmp_path, "def (:\n")
    assert status == 2 and "cannot check" in out


def test_command_line_checks_files_and_folders(tmp_path):
    (tmp_path / "a.py").write_text("import tensorflow as tf\ntf.no_such\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text("import tensorflow as tf\ntf.constant\n")
    out = subprocess.run(
        [sys.executable, "-m", "tinytf.check", str(tmp_path)], capture_output=True, text=True
    )
    assert out.returncode == 1
    assert out.stdout == f"{tmp_path / 'a.py'}:2: tf.no_such\n1 of 2 names missing in tinytf\n"


@pytest.mark.parametrize("args", [[], ["--help"]])
def test_command_line_usage(args):
    out = subprocess.run(
        [sys.executable, "-m", "tinytf.check", *args], capture_output=True, text=True
    )
    assert "usage: python -m tinytf.check" in out.stdout + out.stderr
    assert out.returncode == (0 if args else 2)
