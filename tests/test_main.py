"""`python -m tinytf PROGRAM.py`: a TF 1.x program runs unchanged, as `python PROGRAM.py` would."""

import os
import subprocess
import sys

import pytest

PROGRAM = """
import sys
import tensorflow as tf
from tensorflow.python.ops import array_ops

print(__name__, sys.argv, sys.path[0])
x = tf.placeholder(tf.float32, [None, 2])
y = tf.reduce_sum(array_ops.reshape(x, [-1]) * 2.0)
with tf.Session() as sess:
    print(sess.run(y, {x: [[1.0, 2.0], [3.0, 4.0]]}))
if sys.argv[1:] == ["exit"]:
    sys.exit(3)
if sys.argv[1:] == ["message"]:
    sys.exit("bye")


def fail():
    raise ValueError("boom")


if sys.argv[1:] == ["fail"]:
    fail()
"""


def _run(args, cwd, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tinytf", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def program(tmp_path):
    path = tmp_path / "prog" / "train.py"
    path.parent.mkdir()
    path.write_text(PROGRAM)
    return path


def test_runs_the_program_as_python_would(program):
    out = _run(["prog/train.py", "a", "--b=1"], program.parent.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == [
        f"__main__ ['prog/train.py', 'a', '--b=1'] {program.parent}",
        "20.0",  # 2 * (1 + 2 + 3 + 4)
    ]


def test_exit_status_is_the_programs(program):
    assert _run([str(program), "exit"], program.parent).returncode == 3
    out = _run([str(program), "message"], program.parent)
    assert out.returncode == 1 and out.stderr == "bye\n"


def test_uncaught_error_traceback_starts_at_the_program(program):
    out = _run([str(program), "fail"], program.parent)
    assert out.returncode == 1
    lines = out.stderr.strip().split("\n")
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[1] == f'  File "{program}", line 22, in <module>'
    assert f'  File "{program}", line 18, in fail' in lines
    assert lines[-1] == "ValueError: boom"
    assert "runpy" not in out.stderr and "__main__.py" not in out.stderr


def test_runs_a_module_with_dash_m(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "run.py").write_text(
        "import sys\nimport tensorflow as tf\nprint(__name__, sys.argv[1:], tf.__name__)\n"
    )
    out = _run(["-m", "pkg.run", "x"], tmp_path)
    assert (out.returncode, out.stdout) == (0, "__main__ ['x'] tinytf\n"), out.stderr
    assert _run(["-m", "pkg.nope"], tmp_path).returncode == 1


def test_usage_and_missing_program(tmp_path):
    out = _run([], tmp_path)
    assert out.returncode == 2 and "usage: python -m tinytf PROGRAM.py" in out.stderr
    out = _run(["nope.py"], tmp_path)
    assert out.returncode == 2 and "can't open file" in out.stderr


TENSORBOARD_PROGRAM = """
import sys
import {module} as tf
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

x = tf.placeholder(tf.float32, [])
loss = tf.summary.scalar("loss", x)
with tf.Session() as sess:
    writer = tf.summary.FileWriter(sys.argv[1], sess.graph)
    for step in range(3):
        writer.add_summary(sess.run(loss, {{x: 1.5 * step}}), step)
    writer.close()
events = EventAccumulator(sys.argv[1])
events.Reload()
print([(e.step, e.value) for e in events.Scalars("loss")], len(events.Graph().node) > 0)
"""


# With the alias, TensorBoard takes tinytf as its TensorFlow (`import tensorflow`) and calls
# these (its event writer and EventAccumulator, tensorboard 2.x)
TENSORBOARD_CALLS = [
    "__version__",
    "compat.as_bytes",
    "compat.as_str_any",
    "compat.v1.io.tf_record_iterator",
    "errors.DataLossError",
    "errors.NotFoundError",
    "errors.OpError",
    "errors.OutOfRangeError",
    "io.gfile.GFile",
    "io.gfile.exists",
    "io.gfile.glob",
    "io.gfile.isdir",
    "io.gfile.listdir",
    "io.gfile.makedirs",
    "io.gfile.stat",
    "io.gfile.walk",
]


def _missing_for_tensorboard():
    import tinytf

    missing = []
    for path in TENSORBOARD_CALLS:
        obj = tinytf
        try:
            for part in path.split("."):
                obj = getattr(obj, part)
        except (AttributeError, ImportError):
            missing.append(f"tf.{path}")
    return missing


@pytest.mark.parametrize("alias", [False, True])
def test_summaries_written_under_the_alias_read_back_in_tensorboard(tmp_path, alias):
    pytest.importorskip("tensorboard")
    missing = _missing_for_tensorboard() if alias else []
    if missing:
        pytest.skip(f"TensorBoard calls what tinytf lacks yet: {', '.join(missing)}")
    path = tmp_path / "summaries.py"
    path.write_text(TENSORBOARD_PROGRAM.format(module="tensorflow" if alias else "tinytf"))
    args = [str(path), str(tmp_path / "logs")]
    if alias:
        out = _run(args, tmp_path)
    else:
        out = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "[(0, 0.0), (1, 1.5), (2, 3.0)] True\n"
    assert len(os.listdir(tmp_path / "logs")) == 1
