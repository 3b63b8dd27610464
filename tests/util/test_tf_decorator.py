"""tf.flags.tf_decorator and its tf_stack against real TF 1.15: the probe programs of
tests/util/programs print what make_decorator/unwrap/rewrap and extract_stack/convert_stack
give; tests/util/golden/programs.json (tools/make_flags_fixtures.py) has what TF printed."""

import json
import os

import pytest

from tests.platform.golden_cases import run_like_tf
from tests.util import programs

with open(os.path.join(os.path.dirname(__file__), "golden", "programs.json")) as f:
    TF_CASES = json.load(f)["cases"]


@pytest.mark.parametrize("case_id", sorted(TF_CASES))
def test_probe_prints_as_tf(case_id):
    run_like_tf(case_id, programs_dir=programs.HERE, tf_cases=TF_CASES)


def test_innermost_frame_is_never_filtered():
    got, _ = run_like_tf("tf-stack", programs_dir=programs.HERE, tf_cases=TF_CASES)
    assert "A [('prog_stack.py', 12, 'f')]" in got["stdout"].splitlines()


def test_make_decorator_names_the_calling_function():
    got, _ = run_like_tf("tf-decorator", programs_dir=programs.HERE, tf_cases=TF_CASES)
    assert got["stdout"].splitlines()[2].startswith("made 7 tgt tgt __main__ Target doc. 5 deco")
