"""tf.saved_model's constants, signature defs, TensorInfo lookups, main_op and
contains_saved_model against real TF 1.15: the scenarios of saved_model_cases.py, whose TF results
tools/make_saved_model_summary_fixtures.py recorded in golden/saved_model_breadth.json."""

import json
import pathlib

import pytest

import tinytf as tf
from tests.saved_model import saved_model_cases as cases

pytest.importorskip("tensorboard.compat.proto.meta_graph_pb2")

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden/saved_model_breadth.json").read_text())


def _signature(hex_bytes):
    return tf.saved_model.build_signature_def().FromString(bytes.fromhex(hex_bytes))


@pytest.mark.parametrize("scenario", cases.SCENARIOS, ids=lambda s: s.__name__)
def test_scenario_matches_tf(scenario, tmp_path):
    found = json.loads(json.dumps(cases.run(tf, scenario, str(tmp_path))))
    assert found == GOLDEN[scenario.__name__]


def test_signature_protos_parse_as_tf_wrote_them():
    sig = _signature(GOLDEN["signatures"]["classify_both"])
    assert sig.method_name == tf.saved_model.CLASSIFY_METHOD_NAME
    assert sorted(sig.outputs) == ["classes", "scores"]
    assert tf.saved_model.is_valid_signature(sig)


def test_main_op_restores_then_initializes_on_load(tmp_path):
    # TF's loader runs the main op after the restore: main_op() resets w to its initial value
    result = cases.export_and_load(tf, str(tmp_path))
    assert result["scores"] == [[0.25, 0.75]] * 3


def test_object_based_save_is_absent():
    # TF 1.15's tf.saved_model.save fails in graph mode for any object with variables
    for name in ("save", "load_v2", "experimental"):
        assert not hasattr(tf.saved_model, name)
