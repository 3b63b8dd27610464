"""tinytf.platform.file_io beyond the TF 1.15 record of test_gfile.py: TF's errno mapping, safe
writes, no leaked handles, a light import, and TensorBoard's own readers and writers running on
tf.io.gfile."""

import errno
import gc
import os
import struct
import subprocess
import sys
import warnings

import pytest

import tinytf as tf
from tinytf.platform import file_io

# (errno, tf.errors class) pairs from TF's ErrnoToCode (tensorflow/core/platform/posix/error.cc)
TF_ERRNO_CLASSES = [
    (errno.ENOENT, tf.errors.NotFoundError),
    (errno.EEXIST, tf.errors.AlreadyExistsError),
    (errno.EACCES, tf.errors.PermissionDeniedError),
    (errno.EROFS, tf.errors.PermissionDeniedError),
    (errno.ENOTEMPTY, tf.errors.FailedPreconditionError),
    (errno.EISDIR, tf.errors.FailedPreconditionError),
    (errno.ENAMETOOLONG, tf.errors.InvalidArgumentError),
    (errno.ENOSPC, tf.errors.ResourceExhaustedError),
    (errno.EFBIG, tf.errors.OutOfRangeError),
    (errno.EXDEV, tf.errors.UnimplementedError),
    (errno.EAGAIN, tf.errors.UnavailableError),
    (errno.ESTALE, tf.errors.AbortedError),
    (errno.ECANCELED, tf.errors.CancelledError),
    (errno.EIO, tf.errors.UnknownError),
    (errno.ELOOP, tf.errors.UnknownError),
]


@pytest.mark.parametrize("code, cls", TF_ERRNO_CLASSES)
def test_os_errors_get_tfs_class_and_message(code, cls):
    err = file_io._os_error("/some/path", OSError(code, "ignored"))
    assert type(err) is cls
    assert str(err) == f"/some/path; {os.strerror(code)}"


def test_name_too_long_is_invalid_argument(tmp_path):
    with pytest.raises(tf.errors.InvalidArgumentError, match="; File name too long"):
        tf.io.gfile.stat(str(tmp_path / ("x" * 300)))


def test_file_statistics_defaults_are_tfs():
    # TF 1.15's pywrap_tensorflow.FileStatistics() holds length -1, mtime_nsec 0, not a directory
    s = file_io.FileStatistics()
    assert (s.length, s.mtime_nsec, s.is_directory) == (-1, 0, False)


def test_stat_mtime_is_whole_seconds(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"abc")
    os.utime(path, ns=(0, 1_500_000_000_900_000_000))
    assert tf.io.gfile.stat(str(path)).mtime_nsec == 1_500_000_000_000_000_000


def test_atomic_write_keeps_the_old_file_when_the_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "t.txt"
    target.write_text("old")

    def failing_rename(oldname, newname, overwrite=False):
        raise tf.errors.UnavailableError(None, None, "disk went away")

    monkeypatch.setattr(file_io, "rename", failing_rename)
    with pytest.raises(tf.errors.UnavailableError):
        file_io.atomic_write_string_to_file(str(target), "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["t.txt"]


def test_copy_keeps_the_old_target_when_copying_fails(tmp_path, monkeypatch):
    import shutil

    (tmp_path / "src").write_bytes(b"new contents")
    (tmp_path / "dst").write_bytes(b"old")

    def failing_copy(source, out):
        out.write(b"new")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", failing_copy)
    with pytest.raises(tf.errors.ResourceExhaustedError, match="dst; No space left on device"):
        tf.io.gfile.copy(str(tmp_path / "src"), str(tmp_path / "dst"), overwrite=True)
    assert (tmp_path / "dst").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["dst", "src"]


def _open_fds():
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_no_file_handle_is_leaked(tmp_path):
    path = str(tmp_path / "f.txt")
    tf.io.gfile.GFile(path, "w").write("one\ntwo\n")  # never closed: flushed when dropped
    before = _open_fds()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        for _ in range(50):
            assert tf.gfile.GFile(path).readline() == "one\n"
            f = tf.gfile.GFile(path, "a")
            f.write("x")
            del f
            with tf.gfile.GFile(path, "rb") as f:
                f.read(1)
            tf.gfile.Glob(str(tmp_path / "*"))
            list(tf.gfile.Walk(str(tmp_path)))
            file_io.file_crc32(path)
        gc.collect()
    assert _open_fds() == before
    assert tf.gfile.GFile(path).read().startswith("one\ntwo\n" + "x" * 50)


def test_import_is_light():
    code = (
        "import sys, tinytf as tf; tf.gfile; tf.io.gfile; tf.gfile.Exists('/');"
        "print(sorted(m for m in ('absl', 'tensorboard', 'PIL', 'scipy', 'uuid') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- TensorBoard's code on tf.io.gfile (what it calls when `tensorflow` is tinytf) ---------------


@pytest.fixture
def tb_on_tinytf(monkeypatch):
    """TensorBoard modules with `tf` bound to tinytf, as under `import tinytf.as_tensorflow`."""
    from tensorboard.backend.event_processing import io_wrapper, plugin_asset_util
    from tensorboard.summary.writer import event_file_writer

    for module in (io_wrapper, plugin_asset_util, event_file_writer):
        monkeypatch.setattr(module, "tf", tf)
    return event_file_writer, io_wrapper, plugin_asset_util


def _records(data):
    out, pos = [], 0
    while pos < len(data):
        (length,) = struct.unpack("<Q", data[pos : pos + 8])
        out.append(data[pos + 12 : pos + 12 + length])
        pos += 12 + length + 4
    return out


def test_tensorboard_event_file_writer_writes_through_gfile(tmp_path, tb_on_tinytf):
    from tensorboard.compat.proto import event_pb2

    event_file_writer, io_wrapper, _ = tb_on_tinytf
    logdir = str(tmp_path / "logs" / "run1")
    writer = event_file_writer.EventFileWriter(logdir)
    writer.add_event(event_pb2.Event(step=7, wall_time=1.0))
    writer.close()
    (name,) = tf.io.gfile.listdir(logdir)
    assert io_wrapper.IsTensorFlowEventsFile(name)
    with tf.io.gfile.GFile(os.path.join(logdir, name), "rb") as f:
        events = [event_pb2.Event.FromString(r) for r in _records(f.read())]
    assert events[0].file_version == "brain.Event:2"
    assert events[-1].step == 7
    assert tf.io.gfile.stat(os.path.join(logdir, name)).length == sum(
        12 + len(e.SerializeToString()) + 4 for e in events
    )


def test_tensorboard_finds_run_directories(tmp_path, tb_on_tinytf):
    _, io_wrapper, _ = tb_on_tinytf
    for run in ("a", "b/c", "we*ird[1]"):
        tf.io.gfile.makedirs(str(tmp_path / run))
        (tmp_path / run / "events.out.tfevents.1.host").write_bytes(b"")
    (tmp_path / "b" / "notes.txt").write_text("no events")
    want = sorted(str(tmp_path / run) for run in ("a", "b/c", "we*ird[1]"))
    assert sorted(io_wrapper.GetLogdirSubdirectories(str(tmp_path))) == want
    files = sorted([os.path.join(run, "events.out.tfevents.1.host") for run in want])
    files = sorted(files + [str(tmp_path / "b" / "notes.txt")])
    walked = [p for _, paths in io_wrapper.ListRecursivelyViaWalking(str(tmp_path)) for p in paths]
    globbed = [
        p for _, paths in io_wrapper.ListRecursivelyViaGlobbing(str(tmp_path)) for p in paths
    ]
    assert sorted(walked) == files
    assert sorted(p for p in globbed if not tf.io.gfile.isdir(p)) == files


def test_tensorboard_plugin_assets(tmp_path, tb_on_tinytf):
    _, _, assets = tb_on_tinytf
    logdir = str(tmp_path)
    assert assets.ListPlugins(logdir) == []
    plugin_dir = assets.PluginDirectory(logdir, "projector")
    tf.io.gfile.makedirs(plugin_dir)
    with tf.io.gfile.GFile(os.path.join(plugin_dir, "config.pbtxt"), "w") as f:
        f.write("embeddings {}")
    assert assets.ListPlugins(logdir) == ["projector"]
    assert assets.ListAssets(logdir, "projector") == ["config.pbtxt"]
    assert assets.RetrieveAsset(logdir, "projector", "config.pbtxt") == "embeddings {}"
    with pytest.raises(KeyError, match="Asset path"):
        assets.RetrieveAsset(logdir, "projector", "missing.txt")
