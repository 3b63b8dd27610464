"""tf.* names and their parameter names, pinned against real TF's tf.compat.v1 (recorded by
tools/record_api.py into tf1_api.json)."""

import importlib
import inspect
import json
from pathlib import Path

import pytest

import tinytf as tf

RECORD = json.loads((Path(__file__).parent / "tf1_api.json").read_text())["names"]
CALLABLES = sorted(k for k, v in RECORD.items() if v is not None)


def _resolve(key):
    ns, _, name = key.rpartition(".")
    module = importlib.import_module(f"tinytf.{ns}") if ns else tf
    return getattr(module, name)


def test_record_covers_the_namespaces():
    assert len(RECORD) > 250


@pytest.mark.parametrize("key", sorted(RECORD))
def test_name_exists(key):
    assert _resolve(key) is not None or key.endswith("newaxis")


@pytest.mark.parametrize("key", CALLABLES)
def test_parameter_names_match_tf(key):
    ours = [
        p
        for p in inspect.signature(_resolve(key)).parameters
        if p not in ("args", "kwargs", "self")
    ]
    theirs = RECORD[key]
    assert ours[: len(theirs)] == theirs
