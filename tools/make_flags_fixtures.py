"""tf.flags / tf.app / tf.logging / tf_decorator fixtures, made by running small programs with
real TF 1.15 as subprocesses:

- tests/platform/golden/flags_programs.json: for each case of tests/platform/flag_programs (a
  program and its command line), what it printed on stdout and stderr and its exit code;
- tests/util/golden/programs.json: the same for the tf_stack / tf_decorator probes of
  tests/util/programs.
Run with TF 1.15's Python (3.7):
    /work/tf115/bin/python tools/make_flags_fixtures.py
"""

import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.platform import flag_programs as platform_programs  # noqa: E402
from tests.util import programs as util_programs  # noqa: E402


def _versions():
    import absl
    import pkg_resources
    import tensorflow as tf

    del absl
    return {"tensorflow": tf.__version__,
            "absl-py": pkg_resources.get_distribution("absl-py").version,
            "python": ".".join(str(v) for v in sys.version_info[:3])}


def _record(cases, programs_dir, out):
    record = {"made_by": "tools/make_flags_fixtures.py", "versions": _versions(), "cases": {}}
    for case_id, program, args in cases:
        result = platform_programs.run_program(program, args, programs_dir=programs_dir)
        record["cases"][case_id] = dict(result, program=program, args=args)
        print(case_id, result["returncode"])
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp), str(out))


def main():
    _record(platform_programs.CASES, platform_programs.HERE,
            ROOT / "tests" / "platform" / "golden" / "flags_programs.json")
    _record(util_programs.CASES, util_programs.HERE,
            ROOT / "tests" / "util" / "golden" / "programs.json")


if __name__ == "__main__":
    main()
