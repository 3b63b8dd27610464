"""tf.app.run against real TF 1.15: flag parsing, argv passing, --help, exit codes
(tests/platform/golden/flags_programs.json from tools/make_flags_fixtures.py)."""

import pytest

from tests.platform import flag_programs as programs
from tests.platform.golden_cases import case_ids, run_like_tf


@pytest.mark.parametrize("case_id", case_ids("basic-", "argv-", "no-main", "duplicate-"))
def test_program_prints_and_exits_as_tf(case_id):
    run_like_tf(case_id)


def test_help_exits_1_and_lists_the_main_module_flags():
    got, want = run_like_tf("basic-help")
    assert got["returncode"] == 1
    flags = programs.help_sections(got["stdout"])["prog_basic.py:"]
    assert "  --[no]fast: Go fast." in flags and "  --mode: <train|eval>: Mode." in flags


def test_helpfull_lists_the_sections_tf_lists():
    got, want = run_like_tf("basic-helpfull")
    ours, tfs = programs.help_sections(got["stdout"]), programs.help_sections(want["stdout"])
    # Same text for the program's flags and absl.logging's; absl.app's help texts follow the
    # installed absl (newer ones add --only_check_flags), so there only the flag names are
    # compared. TF also lists absltest's and pfor's flags, which tinytf does not define.
    for header in ["flags:", "prog_basic.py:", "absl.logging:", "absl.flags:"]:
        assert ours[header] == tfs[header], header
    names = {line.split(":")[0] for line in tfs["absl.app:"] if line.startswith("  -")}
    assert names <= {line.split(":")[0] for line in ours["absl.app:"]}


def test_unknown_flags_reach_main_argv():
    got, _ = run_like_tf("basic-values-and-unknown")
    assert "argv ['prog_basic.py', 'extra1', '--unknown=7', '-x']" in got["stdout"]


def test_main_return_value_is_the_exit_status():
    got, _ = run_like_tf("basic-defaults")
    assert got["returncode"] == 3
    got, _ = run_like_tf("argv-explicit-and-old-keywords")
    assert got["returncode"] == 1 and got["stderr"].rstrip().endswith("bye")
