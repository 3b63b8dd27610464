"""tf.flags (== tf.app.flags) against real TF 1.15: absl's objects re-exported, FLAGS parsing
sys.argv when read before parsing, required flags, validators, mutual exclusion, enum and
multi flags (tests/platform/golden/flags_programs.json from tools/make_flags_fixtures.py)."""

import subprocess
import sys

import pytest

from tests.platform.golden_cases import case_ids, run_like_tf


@pytest.mark.parametrize(
    "case_id",
    case_ids("names", "before-parse-", "required-", "mutex-", "enum-", "alias", "multi-",
             "helpers"))
def test_program_prints_and_exits_as_tf(case_id):
    run_like_tf(case_id)


def test_reading_flags_before_parsing_parses_sys_argv():
    got, _ = run_like_tf("before-parse-value")
    assert "steps 9" in got["stdout"].splitlines()


def test_unknown_flag_in_sys_argv_raises_on_first_read():
    got, _ = run_like_tf("before-parse-unknown-flag")
    assert "UnrecognizedFlagError Unknown command line flag 'bogus'" in got["stdout"]


def test_required_flag_missing_fails_with_illegal_flag_value():
    got, _ = run_like_tf("required-missing")
    assert got["returncode"] == 1
    assert got["stderr"].rstrip().endswith(
        "IllegalFlagValueError: flag --data_dir=None: "
        "Flag --data_dir must have a value other than None.")


def test_old_keyword_names_warn_and_work():
    got, _ = run_like_tf("argv-explicit-and-old-keywords")
    assert "WARNING:root:Use of the keyword argument names" in got["stderr"]
    assert "who x" in got["stdout"]


def test_tf_flags_is_imported_lazily():
    code = ("import sys, tinytf as tf; before = 'absl' in sys.modules; tf.flags; "
            "print(before, 'absl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
