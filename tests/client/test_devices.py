"""tf.device, DeviceSpec, colocate_with, container, placement and device_lib, against what real
TF 1.15 did (golden/devices.json, written by tools/make_device_fixtures.py)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tinytf as tf
from tests.client import device_cases
from tinytf.client import device_lib

GOLDEN = json.loads((Path(__file__).parent / "golden" / "devices.json").read_text())


@pytest.mark.parametrize("spec", sorted(GOLDEN["device_specs"]))
def test_device_spec_parses_as_tf(spec):
    want = GOLDEN["device_specs"][spec]
    if want[0] == "ValueError":
        with pytest.raises(ValueError, match=re.escape(want[1])):
            tf.DeviceSpec.from_string(spec)
        return
    d = tf.DeviceSpec.from_string(spec)
    assert [d.job, d.replica, d.task, d.device_type, d.device_index, d.to_string()] == want


def test_device_spec_merging_and_equality():
    d = tf.DeviceSpec(job="ps", device_type="gpu", device_index=0)
    assert d.to_string() == "/job:ps/device:GPU:0"
    d.merge_from(tf.DeviceSpec.from_string("/task:1/cpu:*"))
    assert d.to_string() == "/job:ps/task:1/device:CPU:0"
    assert tf.DeviceSpec(job="a") == tf.DeviceSpec(job="a")
    assert hash(tf.DeviceSpec(job="a")) == hash(tf.DeviceSpec(job="a"))
    gpu, job = tf.DeviceSpec.from_string("/gpu:0"), tf.DeviceSpec.from_string("/job:x")
    merged = gpu.make_merged_spec(job)
    assert merged.to_string() == "/job:x/device:GPU:0"
    assert tf.DeviceSpec.from_string("/job:x").parse_from_string("/gpu:3").to_string() == (
        "/device:GPU:3"
    )


def test_nested_device_blocks_place_ops_as_tf():
    v = device_cases.nested_devices(tf)
    want = GOLDEN["op_devices"]
    assert device_cases.op_devices(tf.get_default_graph()) == want["ops"]
    assert v.op.get_attr("container") == want["container"]


def test_graph_def_keeps_devices_and_colocation():
    device_cases.nested_devices(tf)
    nodes = {n.name: n for n in tf.get_default_graph().as_graph_def().node}
    assert nodes["e"].device == "/device:GPU:1"
    assert list(nodes["l"].attr["_class"].list.s) == [b"loc:@e"]
    assert "_class" not in nodes["a"].attr
    g = tf.Graph()
    with g.as_default():
        tf.import_graph_def(_gd(nodes), name="")
        assert g.get_operation_by_name("e").device == "/device:GPU:1"
        assert g.get_operation_by_name("l").colocation_groups() == [b"loc:@e"]


def _gd(nodes):
    from tensorboard.compat.proto import graph_pb2

    gd = graph_pb2.GraphDef()
    gd.node.extend(nodes[n] for n in ("a", "b", "e", "l"))
    return gd


def test_device_function_must_return_a_string():
    with tf.device(lambda op: None):
        with pytest.raises(TypeError, match="Expected binary or unicode string, got None"):
            tf.constant(1.0)


def test_device_refuses_a_bad_name_on_entry():
    with pytest.raises(ValueError, match="Unknown attribute: 'foo' in '/foo:1'"):
        with tf.device("/foo:1"):
            pass


@pytest.mark.parametrize("dev,soft,outcome,detail", GOLDEN["placements"])
def test_placement_and_soft_placement_as_tf(dev, soft, outcome, detail):
    with tf.device(dev):
        x = tf.constant(1.0, name="x")
    config = tf.ConfigProto(allow_soft_placement=soft)
    with tf.Session(config=config) as sess:
        if outcome == "ok":
            assert sess.run(x) == detail
            return
        with pytest.raises(getattr(tf.errors, outcome)) as info:
            sess.run(x)
    assert info.value.message.split("\n")[0] == detail.split("\n")[0]


def test_a_misplaced_op_fails_every_run_once_the_session_has_seen_it():
    a = tf.constant(1.0)
    with tf.Session() as sess:
        assert sess.run(a) == 1.0
        with tf.device("/gpu:0"):
            tf.identity(a, name="on_gpu")
        with pytest.raises(tf.errors.InvalidArgumentError, match="on_gpu"):
            sess.run(a)  # TF places the whole graph, not only what the run needs


def test_list_local_devices_as_tf():
    got = [
        [d.name, d.device_type, d.memory_limit, d.physical_device_desc, str(d).count("{")]
        for d in device_lib.list_local_devices()
    ]
    assert got == GOLDEN["local_devices"]
    with tf.Session() as sess:
        names = [d.name for d in sess.list_devices()]
    assert names == [f"/job:localhost/replica:0/task:0{n[0]}" for n in GOLDEN["local_devices"]]


def test_log_device_placement_prints_tf_lines(capfd):
    a = tf.constant(1.0, name="a")
    b = tf.add(a, a, name="b")
    with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as sess:
        sess.run(b)
    lines = capfd.readouterr().out.splitlines()
    want = GOLDEN["log_device_placement"]
    assert lines[:2] == want[:2]
    assert sorted(lines[2:]) == sorted(want[2:])


def test_session_refuses_a_config_that_is_not_a_config_proto():
    with pytest.raises(TypeError) as info:
        tf.Session(config="x")
    assert str(info.value) == GOLDEN["bad_config"]


def test_the_global_placement_log_switch_as_tf():
    program = device_cases.GLOBAL_LOGGING.replace("import tensorflow as tf", "import tinytf as tf")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    lines, want = done.stdout.splitlines(), GOLDEN["global_log_switch"]
    assert lines[:3] == want[:3] and sorted(lines[3:5]) == sorted(want[3:5])
    assert lines[5:] == want[5:]  # an explicit ConfigProto decides for its Session
