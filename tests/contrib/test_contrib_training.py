"""tf.contrib.training.HParams against real TF 1.15: each operation of
tests/contrib/contrib_cases.py's HPARAMS_OPS gives what TF's gave (the result's repr, or the
exception class and message). Golden file: tools/make_contrib_fixtures.py."""

import json
from pathlib import Path

import pytest

import tinytf as tf
from tests.contrib import contrib_cases as cases

GOLDEN = json.loads((Path(__file__).parent / "golden" / "contrib.json").read_text())["hparams"]
RESULTS = cases.hparams_results(tf.contrib.training.HParams)


@pytest.mark.parametrize("name", sorted(cases.HPARAMS_OPS))
def test_hparams_as_tf(name):
    assert RESULTS[name] == GOLDEN[name]


def test_parse_values_gives_the_parsed_dict():
    got = tf.contrib.training.parse_values("a=1,b=[2,3],c[1]=4.5,d=x", {
        "a": int, "b": int, "c": float, "d": str})
    assert got == {"a": 1, "b": [2, 3], "c": {1: 4.5}, "d": "x"}
    assert tf.contrib.training.parse_values("z=1", {}, ignore_unknown=True) == {}


def test_model_structure_is_kept():
    hparams = tf.contrib.training.HParams(model_structure="tree", lr=0.1)
    assert hparams.get_model_structure() == "tree"
    hparams.set_model_structure("graph")
    assert hparams.get_model_structure() == "graph"
