"""tf.summary scenarios run by real TF 1.15 (tools/make_saved_model_summary_fixtures.py writes what
it records to tests/summary/golden/summary_breadth.json) and by tinytf
(tests/summary/test_summary_breadth.py compares). Each scenario takes the `tf` module and a
scratch directory and returns JSON-able values. Python 3.7 compatible: TF 1.15 runs it too.
"""

import glob
import os

import numpy as np

PROTO_CLASSES = ("Event", "Summary", "SummaryDescription", "TaggedRunMetadata")


def outcome(fn):
    """The value of fn(), or ["error", exception class name, message]."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the class is what is recorded
        message = getattr(e, "message", None) or str(e)
        return ["error", type(e).__name__, message.split("\n")[0]]


def _run(tf, fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def _describe(op):
    """[op name, op type]."""
    return [op.op.name, op.op.type]


def _audio_inputs():
    step = 1.0 / 32768
    two_d = np.array(
        [[-1.5, -1.0, 0.5, 1.0, 1.5], [1.5 * step, -2.5 * step, 0.25, -0.3, 0.0]], np.float32
    )
    three_d = np.linspace(-1.2, 1.2, 24, dtype=np.float32).reshape(3, 4, 2)
    return two_d, three_d


def tensor_summaries(tf, tmp):
    metadata = tf.SummaryMetadata()
    metadata.plugin_data.plugin_name = "custom"
    metadata.plugin_data.content = b"xy"
    with tf.Graph().as_default():
        ops = [
            tf.summary.tensor_summary("t", tf.constant([[1.0, 2.0], [3.0, 4.0]])),
            tf.summary.tensor_summary(
                "desc", tf.constant([1, 2, 3]), summary_description="long", display_name="Disp"
            ),
            tf.summary.tensor_summary("fam", tf.constant(["a", "bc"]), family="F"),
            tf.summary.tensor_summary(
                "meta", tf.constant(7, tf.int64), summary_metadata=metadata, collections=["mine"]
            ),
            tf.summary.text("txt", tf.constant("hello")),
            tf.summary.scalar("s", tf.constant(1.5), family="fam"),
            tf.summary.image("pic", tf.zeros([1, 2, 2, 1]), max_outputs=3),
            tf.summary.image("pics", tf.zeros([2, 2, 2, 1]), max_outputs=1),
        ]
        values = _run(tf, ops)
        return {
            "ops": [_describe(op) for op in ops],
            "bytes": [bytes(v).hex() for v in values],
            "collections": [
                len(tf.get_collection(tf.GraphKeys.SUMMARIES)),
                [op.name for op in tf.get_collection("mine")],
            ],
            "text_int": outcome(lambda: tf.summary.text("bad", tf.constant(1))),
            "all_v2": outcome(lambda: list(tf.summary.all_v2_summary_ops())),
        }


def audio(tf, tmp):
    two_d, three_d = _audio_inputs()
    with tf.Graph().as_default():
        rate = tf.placeholder(tf.float32, [], name="rate")
        ops = [
            tf.summary.audio("a2", tf.constant(two_d), 8000, max_outputs=3),
            tf.summary.audio("a3", tf.constant(three_d), 22050.4, max_outputs=2, family="snd"),
            tf.summary.audio("one", tf.constant(three_d), 16000.0, max_outputs=1),
            tf.summary.audio("slow", tf.constant(two_d), rate),
        ]
        values = _run(tf, ops, {rate: 0.3})
        bad_rank = tf.summary.audio("bad", tf.zeros([4]), 8000)
        return {
            "ops": [_describe(op) for op in ops],
            "bytes": [bytes(v).hex() for v in values],
            "bad_rank": outcome(lambda: _run(tf, bad_rank)),
            "max_outputs_0": outcome(
                lambda: tf.summary.audio("z", tf.zeros([1, 4]), 8000, max_outputs=0) and None
            ),
        }


def descriptions(tf, tmp):
    node = tf.NodeDef(name="ts", op="TensorSummary")
    node.attr["description"].s = b'{"typeHint": "scalar"}'
    other = tf.NodeDef(name="c", op="Const")
    return {
        "parsed": tf.summary.get_summary_description(node).SerializeToString().hex(),
        "wrong_op": outcome(lambda: tf.summary.get_summary_description(other)),
        "classes": [getattr(tf.summary, n).DESCRIPTOR.name for n in PROTO_CLASSES],
    }


def _events(tf, logdir):
    found = []
    for path in sorted(glob.glob(os.path.join(logdir, "events.out.tfevents.*"))):
        found.extend(tf.train.summary_iterator(path))
    return found


def _event_kinds(tf, logdir):
    return [event.WhichOneof("what") for event in _events(tf, logdir)]


def writer_cache(tf, tmp):
    one, two = os.path.join(tmp, "one"), os.path.join(tmp, "two")
    with tf.Graph().as_default():
        tf.constant(1.0, name="c")
        first = tf.summary.FileWriterCache.get(one)
        same = tf.summary.FileWriterCache.get(one) is first
        other = tf.summary.FileWriterCache.get(two) is not first
        first.add_summary(_run(tf, tf.summary.scalar("x", 2.0)), 3)
        first.flush()
        kinds = _event_kinds(tf, one)
        tf.summary.FileWriterCache.clear()
        fresh = tf.summary.FileWriterCache.get(one) is not first
        tf.summary.FileWriterCache.clear()
    return {"same": same, "other": other, "kinds": kinds, "fresh_after_clear": fresh}


def event_file(tf, tmp):
    """An event file written with tf.summary's protos: the file's bytes and what it holds."""
    two_d, _ = _audio_inputs()
    logdir = os.path.join(tmp, "events")
    with tf.Graph().as_default():
        merged = tf.summary.merge(
            [
                tf.summary.audio("clip", tf.constant(two_d), 4000),
                tf.summary.tensor_summary("t", tf.constant([1.5, -2.0])),
            ]
        )
        raw = _run(tf, merged)
    writer = tf.summary.FileWriter(logdir)
    writer.add_summary(tf.summary.Summary.FromString(raw), 7)
    event = tf.summary.Event(step=9, wall_time=123.5)
    event.summary.value.add(tag="direct", simple_value=0.25)
    writer.add_event(event)
    tagged = tf.summary.TaggedRunMetadata(tag="meta", run_metadata=b"\x0a\x00")
    writer.add_event(tf.summary.Event(step=10, wall_time=124.0, tagged_run_metadata=tagged))
    writer.close()
    (path,) = glob.glob(os.path.join(logdir, "events.out.tfevents.*"))
    with open(path, "rb") as f:
        data = f.read()
    events = [e.SerializeToString().hex() for e in _events(tf, logdir)]
    return {"file": data.hex(), "kinds": _event_kinds(tf, logdir), "events": events}


SCENARIOS = [tensor_summaries, audio, descriptions, writer_cache, event_file]


def run(tf, scenario, tmp):
    """The JSON-able result of one scenario."""
    return scenario(tf, tmp)
