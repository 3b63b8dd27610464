"""tf.summary's tensor_summary, audio (WAV as TF writes it), FileWriterCache, proto classes and
get_summary_description against real TF 1.15: the scenarios of summary_cases.py, whose TF
results tools/make_saved_model_summary_fixtures.py recorded in golden/summary_breadth.json, and
the event file TF 1.15 wrote there, read back by tinytf."""

import json
import pathlib
import struct

import numpy as np
import pytest

import tinytf as tf
from tests.summary import summary_cases as cases

pytest.importorskip("tensorboard.compat.proto.summary_pb2")

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden/summary_breadth.json").read_text())


def _summaries(hex_list):
    """The Summary protos, PNG images left out (zlib's output differs between builds)."""
    found = [tf.summary.Summary.FromString(bytes.fromhex(h)) for h in hex_list]
    for summary in found:
        for value in summary.value:
            if value.HasField("image"):
                assert value.image.encoded_image_string.startswith(b"\x89PNG")
                value.image.ClearField("encoded_image_string")
    return found


@pytest.fixture(autouse=True)
def _no_cached_writers():
    yield
    tf.summary.FileWriterCache.clear()  # no writer thread outlives a test


@pytest.mark.parametrize("scenario", cases.SCENARIOS, ids=lambda s: s.__name__)
def test_scenario_matches_tf(scenario, tmp_path):
    found = json.loads(json.dumps(cases.run(tf, scenario, str(tmp_path))))
    expected = GOLDEN[scenario.__name__]
    if "bytes" in expected:  # equal protos (field order on the wire may differ)
        assert _summaries(found.pop("bytes")) == _summaries(expected["bytes"])
    if scenario is cases.event_file:  # written at other times: compared below
        found = {"kinds": found["kinds"]}
    expected = {k: v for k, v in expected.items() if k in found}
    assert found == expected


def test_audio_is_16_bit_pcm_wav_with_tf_samples():
    (summary,) = _summaries(GOLDEN["audio"]["bytes"][:1])
    audio = summary.value[0].audio
    wav = audio.encoded_audio_string
    assert wav[:4] == b"RIFF" and wav[8:16] == b"WAVEfmt "
    channels, rate = struct.unpack("<HI", wav[22:28])
    assert (channels, rate, audio.length_frames) == (1, 8000, 5)
    samples = np.frombuffer(wav[44:], "<i2")
    assert samples.tolist() == [-32768, -32768, 16384, 32767, 32767]


def test_event_file_tf_wrote_reads_back(tmp_path):
    path = tmp_path / "events.out.tfevents.1.tf"
    path.write_bytes(bytes.fromhex(GOLDEN["event_file"]["file"]))
    events = list(tf.train.summary_iterator(str(path)))
    assert [e.SerializeToString().hex() for e in events] == GOLDEN["event_file"]["events"]
    assert isinstance(events[1], tf.summary.Event)
    clip = events[1].summary.value[0]
    assert clip.tag == "clip/audio/0" and clip.audio.sample_rate == 4000


def test_summary_iterator_reads_what_file_writer_cache_wrote(tmp_path):
    with tf.Graph().as_default():
        writer = tf.summary.FileWriterCache.get(str(tmp_path))
        with tf.Session() as sess:
            writer.add_summary(sess.run(tf.summary.audio("a", tf.zeros([1, 3]), 100)), 5)
        writer.flush()
    (path,) = tmp_path.glob("events.out.tfevents.*")
    last = list(tf.train.summary_iterator(str(path)))[-1]
    assert last.step == 5 and last.summary.value[0].audio.length_frames == 3


def test_audio_rejects_integer_tensors():
    with tf.Graph().as_default(), pytest.raises(TypeError, match="AudioSummaryV2"):
        tf.summary.audio("a", tf.zeros([1, 3], tf.int32), 100)


def test_audio_sample_rate_must_be_one_value():
    # TF 1.15 aborts the process here (a CHECK failure); tinytf reports it
    with tf.Graph().as_default(), tf.Session() as sess:
        op = tf.summary.audio("a", tf.zeros([1, 3]), tf.constant([1.0, 2.0]))
        with pytest.raises(tf.errors.InvalidArgumentError, match="sample_rate"):
            sess.run(op)


def test_initialize_is_absent():
    # TF 1.15's needs a tf.contrib.summary writer, which tinytf does not have
    assert not hasattr(tf.summary, "initialize")
