"""Runs the programs of tests/platform/flag_programs with tinytf and compares with what real
TF 1.15 printed (tests/platform/golden/flags_programs.json, made by tools/make_flags_fixtures.py).
"""

import functools
import json
import os

from tests.platform import flag_programs as programs

_GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "flags_programs.json")
with open(_GOLDEN) as _f:
    TF_CASES = json.load(_f)["cases"]

# absl-py's own wording changed after the absl (2.1) that recorded the golden files.
_ABSL_WORDING = {"duplicate-flag-and-main-without-argv"}


def case_ids(*prefixes):
    """The golden cases whose id starts with one of `prefixes`."""
    return sorted(c for c in TF_CASES if c.startswith(prefixes))


@functools.cache
def _run(program, args, programs_dir):
    return programs.run_program(program, args, tinytf=True, programs_dir=programs_dir)


def run_like_tf(case_id, programs_dir=programs.HERE, tf_cases=None):
    """Runs a golden case with tinytf (once per session); asserts exit code, stdout and stderr
    match TF 1.15's; returns (tinytf's result, TF's)."""
    want = (tf_cases or TF_CASES)[case_id]
    got = _run(want["program"], tuple(want["args"]), programs_dir)
    assert got["returncode"] == want["returncode"], got["stderr"]
    assert programs.significant_stderr(got["stderr"]) == programs.significant_stderr(
        want["stderr"]), got["stderr"]
    if case_id in _ABSL_WORDING:
        assert programs.loose(got["stdout"]) == programs.loose(want["stdout"])
    elif "--helpfull" not in want["args"]:
        assert got["stdout"] == want["stdout"]
    return got, want
