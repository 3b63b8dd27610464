"""tf.data programs of tests/data/data_cases.py against what real TF 1.15 gave for them
(tests/data/golden/data.json, written by tools/make_data_fixtures.py)."""

import json
import os
import re
import sys

import pytest

import tinytf as tf

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import data_cases  # noqa: E402

with open(os.path.join(HERE, "golden", "data.json")) as _f:
    GOLDEN = json.load(_f)


def _norm(value):
    """Strings compare by their first line (TF adds the failing node's name below; it starts
    the messages of errors in a dataset's function with the function's name), classes by
    their last name (tensorflow.python.framework.ops.Tensor is tinytf's Tensor)."""
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, str):  # TF names the dataset function that failed: tinytf does not
        value = re.sub(r"^\{\{function_node [^}]*\}\}", "", value).lstrip()
        return re.sub(r"<class '[\w.]+\.(\w+)'>", r"<class \1>", value.split("\n")[0])
    return value


@pytest.mark.parametrize("name", sorted(data_cases.CASES))
def test_case_gives_what_tf_gives(name, tmp_path):
    data_cases.write_inputs(tf, str(tmp_path))
    with tf.Graph().as_default():
        got = json.loads(json.dumps(data_cases.CASES[name](tf, str(tmp_path))))
    assert _norm(got) == _norm(GOLDEN[name])


def test_every_case_has_a_golden_value():
    assert sorted(GOLDEN) == sorted(data_cases.CASES)
