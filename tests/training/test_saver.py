"""tf.train.Saver and checkpoints: TF's V2 format (checked against files made by real TF with
tools/make_checkpoint_fixtures.py), the state file, pruning, meta graphs, bad checkpoints."""

import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.training.bugfix_cases import CASES as BUGFIX_CASES
from tests.training.checkpoint_cases import STEP, VALUES, X, build
from tinytf import errors

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE / "checkpoints"
REPO = HERE.parent.parent
BUGFIX_GOLDEN = load_golden(HERE / "golden", "bugfix")
CKPT_FILES = ("model.ckpt-7.index", "model.ckpt-7.data-00000-of-00001", "checkpoint")


def _save_case(directory, **saver_kwargs):
    x, y, assign = build(tf)
    saver = tf.train.Saver(**saver_kwargs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(assign)
        return saver.save(sess, str(directory / "model.ckpt"), global_step=STEP), sess.run(
            y, {x: X}
        )


def _assert_case_values(sess):
    for v in tf.global_variables():
        got, want = sess.run(v), VALUES[v.op.name]
        assert got.dtype == want.dtype and np.array_equal(got, want), v.op.name


def test_files_are_byte_identical_to_real_tf(tmp_path):
    _save_case(tmp_path, save_relative_paths=True)
    for name in CKPT_FILES:
        assert (tmp_path / name).read_bytes() == (FIXTURES / "tf" / name).read_bytes(), name
        # ...and to the files real TF restored when the fixtures were made
        assert (tmp_path / name).read_bytes() == (FIXTURES / "tinytf" / name).read_bytes(), name


def test_restores_a_checkpoint_written_by_real_tf():
    x, y, _ = build(tf)
    saver = tf.train.Saver()
    prefix = tf.train.latest_checkpoint(str(FIXTURES / "tf"))
    assert prefix == str(FIXTURES / "tf" / "model.ckpt-7")
    with tf.Session() as sess:
        saver.restore(sess, prefix)
        _assert_case_values(sess)
        np.testing.assert_allclose(
            sess.run(y, {x: X}), np.load(FIXTURES / "expected.npz")["y"], rtol=1e-6
        )


def test_meta_graph_written_by_real_tf_restores_without_the_model_code():
    prefix = str(FIXTURES / "tf" / "model.ckpt-7")
    saver = tf.train.import_meta_graph(prefix + ".meta")
    y = tf.get_collection("outputs")[0]
    assert y.name == "y:0"
    assert sorted(v.op.name for v in tf.trainable_variables()) == [
        "W",
        "b",
        "counts",
        "flag",
        "scope/w64",
    ]
    with tf.Session() as sess:
        saver.restore(sess, prefix)
        _assert_case_values(sess)
        np.testing.assert_allclose(
            sess.run(y, {"x:0": X}), np.load(FIXTURES / "expected.npz")["y"], rtol=1e-6
        )


def test_save_restore_across_sessions_gives_identical_values(tmp_path):
    v = tf.Variable(tf.random_normal([50, 20], seed=1), name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saved = sess.run(v)
        assert saver.save(sess, str(tmp_path / "m")) == str(tmp_path / "m")
    with tf.Session() as sess:
        with pytest.raises(errors.FailedPreconditionError):
            sess.run(v)
        saver.restore(sess, str(tmp_path / "m"))
        assert np.array_equal(sess.run(v), saved)


_TRAIN = """
import sys, numpy as np, tinytf as tf
x = tf.placeholder(tf.float32, [None, 4], name="x")
W = tf.get_variable("W", [4, 3])
b = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
logits = tf.add(tf.matmul(x, W), b, name="logits")
tf.add_to_collection("logits", logits)
loss = tf.reduce_mean(tf.square(logits - 1.0))
step = tf.train.AdamOptimizer(0.1).minimize(loss, tf.train.get_or_create_global_step())
X = np.arange(8, dtype=np.float32).reshape(2, 4)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(5):
        sess.run(step, {x: X})
    tf.train.Saver().save(sess, sys.argv[1] + "/model", global_step=tf.train.get_global_step())
    np.save(sys.argv[1] + "/out.npy", sess.run(logits, {x: X}))
"""

_RESTORE = """
import sys, numpy as np, tinytf as tf
prefix = tf.train.latest_checkpoint(sys.argv[1])
saver = tf.train.import_meta_graph(prefix + ".meta")
with tf.Session() as sess:
    saver.restore(sess, prefix)
    logits = tf.get_collection("logits")[0]
    X = np.arange(8, dtype=np.float32).reshape(2, 4)
    np.save(sys.argv[1] + "/restored.npy", sess.run(logits, {"x:0": X}))
    print(prefix, sess.run(tf.train.get_global_step()))
"""


def _python(code, *args, **kwargs):
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


def test_meta_graph_restores_in_a_fresh_process_without_the_model_code(tmp_path):
    _python(_TRAIN, str(tmp_path))
    out = _python(_RESTORE, str(tmp_path)).stdout.split()
    assert out == [str(tmp_path / "model-5"), "5"]
    assert np.array_equal(np.load(tmp_path / "restored.npy"), np.load(tmp_path / "out.npy"))


def test_restore_in_another_process_with_the_model_code(tmp_path):
    _python(_TRAIN, str(tmp_path))
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    W = tf.get_variable("W", [4, 3])
    b = tf.get_variable("b", [3])
    logits = tf.matmul(x, W) + b
    with tf.Session() as sess:
        tf.train.Saver([W, b]).restore(sess, str(tmp_path / "model-5"))
        got = sess.run(logits, {x: np.arange(8, dtype=np.float32).reshape(2, 4)})
    assert np.array_equal(got, np.load(tmp_path / "out.npy"))


def test_max_to_keep_prunes_and_the_state_file_lists_what_is_kept(tmp_path):
    tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in (10, 20, 30):
            saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    kept = [str(tmp_path / f"model.ckpt-{s}") for s in (20, 30)]
    assert saver.last_checkpoints == kept
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["checkpoint"]
        + [
            f"model.ckpt-{s}{ext}"
            for s in (20, 30)
            for ext in (".index", ".data-00000-of-00001", ".meta")
        ]
    )
    assert (tmp_path / "checkpoint").read_text() == (
        f'model_checkpoint_path: "{kept[1]}"\n'
        f'all_model_checkpoint_paths: "{kept[0]}"\n'
        f'all_model_checkpoint_paths: "{kept[1]}"\n'
    )
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == kept[1]
    assert list(state.all_model_checkpoint_paths) == kept
    assert tf.train.latest_checkpoint(str(tmp_path)) == kept[1]


def test_relative_save_path_and_state_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    tf.Variable(1.0, name="v")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert tf.train.Saver().save(sess, "run/model") == "run/model"
    assert (tmp_path / "run" / "checkpoint").read_text().splitlines()[0] == (
        'model_checkpoint_path: "model"'
    )
    assert tf.train.latest_checkpoint("run") == os.path.join("run", "model")


def test_no_checkpoint_gives_none(tmp_path):
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    assert tf.train.get_checkpoint_state(str(tmp_path)) is None


def test_checkpoint_reader_lists_names_shapes_and_values():
    prefix = str(FIXTURES / "tf" / "model.ckpt-7")
    reader = tf.train.NewCheckpointReader(prefix)
    assert reader.get_variable_to_shape_map() == {
        "W": [3, 2],
        "b": [2],
        "counts": [4],
        "flag": [2],
        "global_step": [],
        "scope/w64": [3, 1, 2],
    }
    assert reader.get_variable_to_dtype_map()["scope/w64"] == tf.float64
    assert np.array_equal(reader.get_tensor("counts"), VALUES["counts"])
    assert tf.train.list_variables(str(FIXTURES / "tf"))[0] == ("W", [3, 2])
    assert np.array_equal(tf.train.load_variable(prefix, "b:0"), VALUES["b"])


# -- bad checkpoints and mismatched graphs --------------------------------------------------------
@pytest.fixture
def ckpt_copy(tmp_path):
    for name in CKPT_FILES:
        shutil.copy(FIXTURES / "tf" / name, tmp_path / name)
    build(tf)
    return tmp_path / "model.ckpt-7", tf.train.Saver()


def _restore(saver, prefix):
    with tf.Session() as sess:
        saver.restore(sess, None if prefix is None else str(prefix))


def test_corrupt_data_file_is_detected_and_named(ckpt_copy):
    prefix, saver = ckpt_copy
    data = pathlib.Path(f"{prefix}.data-00000-of-00001")
    raw = bytearray(data.read_bytes())
    raw[5] ^= 0xFF
    data.write_bytes(bytes(raw))
    with pytest.raises(errors.DataLossError, match="Checksum does not match.*data-00000-of-00001"):
        _restore(saver, prefix)


def test_truncated_data_file_is_detected_and_named(ckpt_copy):
    prefix, saver = ckpt_copy
    data = pathlib.Path(f"{prefix}.data-00000-of-00001")
    data.write_bytes(data.read_bytes()[:50])
    with pytest.raises(errors.DataLossError, match="truncated"):
        _restore(saver, prefix)


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_corrupt_index_file_is_detected_and_named(ckpt_copy, damage):
    prefix, saver = ckpt_copy
    index = pathlib.Path(f"{prefix}.index")
    raw = bytearray(index.read_bytes())
    if damage == "flip":
        raw[20] ^= 0x01
    else:
        raw = raw[:-10]
    index.write_bytes(bytes(raw))
    with pytest.raises(errors.DataLossError, match=str(index)):
        _restore(saver, prefix)


def test_missing_checkpoint_is_a_value_error(tmp_path):
    tf.Variable(1.0)
    with pytest.raises(ValueError, match="The passed save_path is not a valid checkpoint: "):
        _restore(tf.train.Saver(), tmp_path / "nothing")
    with pytest.raises(ValueError, match="Can't load save_path when it is None."):
        _restore(tf.train.Saver(), None)


def test_missing_checkpoint_directory_is_not_found_as_in_tf(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the case names relative paths, as TF's messages then do
    check_case(tf, BUGFIX_CASES, "restore_missing", BUGFIX_GOLDEN)
    tf.Variable(1.0)
    with pytest.raises(errors.NotFoundError, match="; No such file or directory") as info:
        _restore(tf.train.Saver(), tmp_path / "gone" / "ckpt")
    assert info.value.message == f"{tmp_path / 'gone'}; No such file or directory"


def test_variable_missing_from_checkpoint_names_the_key():
    tf.Variable(1.0, name="not_there")
    with pytest.raises(errors.NotFoundError, match="Key not_there not found in checkpoint"):
        _restore(tf.train.Saver(), FIXTURES / "tf" / "model.ckpt-7")


def test_dtype_and_shape_mismatches_are_invalid_argument():
    tf.Variable(np.zeros(4, np.float32), name="counts")
    with pytest.raises(
        errors.InvalidArgumentError,
        match="tensor_name = counts; expected dtype float does not equal original dtype int32",
    ):
        _restore(tf.train.Saver(), FIXTURES / "tf" / "model.ckpt-7")
    tf.reset_default_graph()
    tf.Variable(np.zeros((2, 3), np.float32), name="W")
    with pytest.raises(errors.InvalidArgumentError, match=r"lhs shape= \[2,3\] rhs shape= \[3,2\]"):
        _restore(tf.train.Saver(), FIXTURES / "tf" / "model.ckpt-7")


def test_saver_needs_variables(tmp_path):
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()
    assert tf.train.Saver(allow_empty=True).save(tf.Session(), str(tmp_path / "m")) is None
    assert os.listdir(tmp_path) == ["m.meta"]  # as TF: the graph is still written


def test_saver_ops_are_named_as_in_tf():
    tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    assert saver.saver_def.filename_tensor_name == "save/Const:0"
    assert saver.saver_def.save_tensor_name == "save/control_dependency:0"
    assert saver.saver_def.restore_op_name == "save/restore_all"
    assert tf.train.Saver().saver_def.restore_op_name == "save_1/restore_all"


def test_import_meta_graph_under_a_scope():
    prefix = str(FIXTURES / "tf" / "model.ckpt-7")
    saver = tf.train.import_meta_graph(prefix + ".meta", import_scope="imported")
    assert saver.saver_def.restore_op_name == "imported/save/restore_all"
    assert tf.get_collection("outputs")[0].name == "imported/y:0"
    with tf.Session() as sess:
        saver.restore(sess, prefix)
        w = tf.get_default_graph().get_tensor_by_name("imported/W:0")
        assert np.array_equal(sess.run(w), VALUES["W"])


def test_init_from_checkpoint_maps_scopes_and_names(tmp_path):
    with tf.variable_scope("pretrained"):
        tf.Variable([1.0, 2.0], name="w")
        tf.Variable(3.0, name="b")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, str(tmp_path / "m"))
    tf.reset_default_graph()
    with tf.variable_scope("fine"):
        w = tf.Variable([0.0, 0.0], name="w")
        b = tf.Variable(0.0, name="b")
    single = tf.Variable(0.0, name="single")
    fresh = tf.Variable(9.0, name="fresh")
    tf.train.init_from_checkpoint(str(tmp_path), {"pretrained/": "fine/", "pretrained/b": single})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([w, b, single, fresh]) == [pytest.approx([1.0, 2.0]), 3.0, 3.0, 9.0]
    with pytest.raises(ValueError, match="Tensor nothing is not found in"):
        tf.train.init_from_checkpoint(str(tmp_path), {"nothing": fresh})
    with pytest.raises(ValueError, match="doesn't match with shape of tensor pretrained/w"):
        tf.train.init_from_checkpoint(str(tmp_path), {"pretrained/w": fresh})


def test_a_save_cut_between_its_renames_leaves_the_old_checkpoint(tmp_path):
    """Overwriting a prefix keeps the old data as `<data>.old` until the new index is in: the
    state a crash between the two renames leaves (new data, old index) restores the old values."""
    v = tf.Variable([1.0, 2.0], name="v")
    saver = tf.train.Saver()
    prefix = tmp_path / "m"
    data, index = pathlib.Path(f"{prefix}.data-00000-of-00001"), pathlib.Path(f"{prefix}.index")
    with tf.Session() as sess:
        sess.run(v.initializer)
        saver.save(sess, str(prefix), write_meta_graph=False)
        old_data, old_index = data.read_bytes(), index.read_bytes()
        sess.run(v.assign([5.0, 6.0]))
        saver.save(sess, str(prefix), write_meta_graph=False)
        assert not pathlib.Path(f"{data}.old").exists()  # removed once the save completed
        index.write_bytes(old_index)  # the cut: new data, old index...
        with pytest.raises(errors.DataLossError, match="Checksum does not match"):
            saver.restore(sess, str(prefix))
        pathlib.Path(f"{data}.old").write_bytes(old_data)  # ...and the old data kept aside
        saver.restore(sess, str(prefix))
        assert sess.run(v).tolist() == [1.0, 2.0]
