"""tensorflow.python.tools.inspect_checkpoint and freeze_graph on a checkpoint and graph written
by real TF 1.15, compared with what TF's own tools printed and froze (golden/tools.json, from
tools/make_tools_fixtures.py)."""

import json
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tinytf.tools import freeze_graph, inspect_checkpoint

GOLDEN = Path(__file__).parent / "golden"
WANT = json.loads((GOLDEN / "tools.json").read_text())
PREFIX = str(GOLDEN / "model.ckpt")


@pytest.mark.parametrize("args,printed", WANT["inspect"], ids=lambda v: repr(v)[:30])
def test_inspect_checkpoint_prints_what_tf_printed(capsys, args, printed):
    inspect_checkpoint.print_tensors_in_checkpoint_file(PREFIX, *args)
    assert capsys.readouterr().out == printed


def test_inspect_checkpoint_command_line(capsys):
    assert inspect_checkpoint._main([f"--file_name={PREFIX}", "--tensor_name=w"]) == 0
    assert capsys.readouterr().out == WANT["inspect"][1][1]


def _check_frozen(frozen):
    assert [[n.name, n.op] for n in frozen.node] == WANT["frozen_nodes"]
    with tf.Graph().as_default():
        tf.import_graph_def(frozen, name="")
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run("y:0", {"x:0": WANT["x"]}), WANT["frozen_y"])


def test_freeze_graph_of_tfs_graph_and_checkpoint(tmp_path):
    out = tmp_path / "frozen.pb"
    frozen = freeze_graph.freeze_graph(
        str(GOLDEN / "graph.pbtxt"), "", False, PREFIX, "y", "save/restore_all",
        "save/Const:0", str(out), True, "",
    )
    _check_frozen(frozen)
    written = tf.GraphDef()
    written.ParseFromString(out.read_bytes())
    _check_frozen(written)


def test_freeze_graph_refuses_what_tf_refuses(capsys):
    args = [str(GOLDEN / "graph.pbtxt"), "", False]
    assert freeze_graph.freeze_graph(*args, PREFIX + "-nope", "y", "", "", "", True, "") == -1
    assert freeze_graph.freeze_graph(*args, PREFIX, "", "", "", "", True, "") == -1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"Input checkpoint '{PREFIX}-nope' doesn't exist!",
        "You need to supply the name of a node to --output_node_names.",
    ]


def test_tf_import_paths_serve_the_tools():
    from tinytf.tf_paths.python.tools import freeze_graph as tf_freeze
    from tinytf.tf_paths.python.tools import inspect_checkpoint as tf_inspect

    assert tf_freeze.freeze_graph is freeze_graph.freeze_graph
    assert tf_inspect.print_tensors_in_checkpoint_file is (
        inspect_checkpoint.print_tensors_in_checkpoint_file
    )
