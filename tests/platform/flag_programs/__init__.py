"""Small tf.flags / tf.app / tf.logging programs, run as subprocesses by real TF 1.15
(tools/make_flags_fixtures.py records tests/platform/golden/flags_programs.json) and by tinytf
(tests/platform/test_*.py compare with that record).

The programs say `import tensorflow as tf`; for tinytf, `run_program` copies them with
`import tinytf as tf` instead. Kept Python 3.7 compatible: the fixture script imports it.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# (case id, program, command-line arguments)
CASES = [
    ("names", "prog_names.py", []),
    ("basic-defaults", "prog_basic.py", []),
    (
        "basic-values-and-unknown",
        "prog_basic.py",
        ["--name=bob", "--steps", "5", "--fast", "extra1", "--unknown=7", "-x"],
    ),
    (
        "basic-negated-bools-list-enum",
        "prog_basic.py",
        ["--nofast", "--nocolor", "--layers=x,y,z", "--mode=eval", "--lr=2e-3"],
    ),
    ("basic-bool-values", "prog_basic.py", ["--fast=false", "--color=true", "--layers="]),
    ("basic-bad-enum", "prog_basic.py", ["--mode=bad"]),
    ("basic-bad-int", "prog_basic.py", ["--steps=abc"]),
    ("basic-below-lower-bound", "prog_basic.py", ["--steps=0"]),
    ("basic-bad-float", "prog_basic.py", ["--lr=fast"]),
    ("basic-missing-value", "prog_basic.py", ["--name"]),
    ("basic-negated-non-bool", "prog_basic.py", ["--nosteps"]),
    ("basic-bool-with-no-and-value", "prog_basic.py", ["--nofast=1"]),
    ("basic-double-dash", "prog_basic.py", ["--", "--name=bob"]),
    ("basic-help", "prog_basic.py", ["--help"]),
    ("basic-helpshort", "prog_basic.py", ["--helpshort"]),
    ("basic-helpfull", "prog_basic.py", ["--helpfull"]),
    ("before-parse-defaults", "prog_before_parse.py", []),
    ("before-parse-value", "prog_before_parse.py", ["--steps=9", "extra"]),
    ("before-parse-unknown-flag", "prog_before_parse.py", ["--steps=9", "--bogus=1"]),
    ("before-parse-absl-logging-flag", "prog_before_parse.py", ["--verbosity=1"]),
    ("before-parse-help", "prog_before_parse.py", ["--help"]),
    ("required-missing", "prog_required.py", []),
    ("required-given", "prog_required.py", ["--data_dir=/d"]),
    ("required-validator-fails", "prog_required.py", ["--data_dir=/d", "--n=2"]),
    ("required-lower-bound", "prog_required.py", ["--data_dir=/d", "--n=-1"]),
    (
        "required-multi-flags",
        "prog_required.py",
        [
            "--data_dir=/d",
            "--tag=a",
            "--tag",
            "b",
            "--k=2",
            "--k=3",
            "--words=x,y",
            "--noverbose_x",
        ],
    ),
    ("required-rest", "prog_required.py", ["--data_dir=/d", "--verbose_x=0", "--n", "5", "rest"]),
    ("argv-explicit-and-old-keywords", "prog_argv.py", ["--n=2"]),
    ("no-main", "prog_no_main.py", []),
    ("duplicate-flag-and-main-without-argv", "prog_duplicate.py", []),
    ("mutex-none-given", "prog_mutex.py", []),
    ("mutex-one-given", "prog_mutex.py", ["--a=1"]),
    ("mutex-both-given", "prog_mutex.py", ["--a=1", "--b=2"]),
    ("mutex-bools", "prog_mutex.py", ["--a=1", "--x", "--y"]),
    (
        "enum-class-and-multi-enum",
        "prog_mutex.py",
        ["--b=1", "--color=blue", "--fruit=pear", "--fruit=apple"],
    ),
    ("alias", "prog_mutex.py", ["--a=1", "--c=BLUE"]),
    ("enum-class-bad", "prog_mutex.py", ["--a=1", "--color=green"]),
    ("multi-enum-bad", "prog_mutex.py", ["--a=1", "--fruit=kiwi"]),
    ("multi-flags-validator", "prog_mutex.py", ["--a=1", "--lo=5"]),
    ("helpers", "prog_helpers.py", []),
    ("logging-functions", "prog_logging.py", []),
    ("logging-counters", "prog_logging_counts.py", []),
    ("logging-under-app-run", "prog_logging_run.py", []),
    ("logging-under-app-run-v1", "prog_logging_run.py", ["-v", "1"]),
    ("logging-under-app-run-quiet", "prog_logging_run.py", ["--verbosity=-2"]),
]

_TF_IMPORT = re.compile(r"^import tensorflow as tf$", re.M)
# TF 1.15's v2-migration notices ("The name tf.app.run is deprecated...") and the second copy
# of each tf.logging line that absl's root handler prints under app.run (glog format):
# tinytf prints neither.
_DEPRECATION = re.compile(
    r"^WARNING:tensorflow:From \S+: The name tf\.\S+ is deprecated\. "
    r"Please use tf\.compat\.v1\.\S+ instead\.\n\n",
    re.M,
)
_CHAINED = ("During handling of the above exception", "The above exception was the direct cause")
_GLOG_LINE = re.compile(r"^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ \S+:\d+\] .*\n", re.M)


def run_program(program, args, python=sys.executable, tinytf=False, programs_dir=HERE):
    """Runs `program` from a fresh directory; returns its stdout, stderr and exit code."""
    workdir = tempfile.mkdtemp()
    try:
        with open(os.path.join(programs_dir, program)) as f:
            source = f.read()
        if tinytf:
            source = _TF_IMPORT.sub("import tinytf as tf", source)
        with open(os.path.join(workdir, program), "w") as f:
            f.write(source)
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONDONTWRITEBYTECODE="1")
        done = subprocess.run(
            [python, program] + list(args),
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return {"stdout": done.stdout, "stderr": done.stderr, "returncode": done.returncode}
    finally:
        shutil.rmtree(workdir)


def significant_stderr(text):
    """stderr's lines without TF's deprecation notices, absl's glog copies, blank lines and
    traceback frames: the logged lines and, after a traceback, the exception line (the last
    of a chain: which exception absl chains from depends on its version)."""
    text = _GLOG_LINE.sub("", _DEPRECATION.sub("", text))
    kept, in_traceback, exception_at = [], False, None
    for line in text.splitlines():
        if line == "Traceback (most recent call last):":
            in_traceback = True
        elif line.startswith(_CHAINED):
            if exception_at is not None:
                del kept[exception_at]
                exception_at = None
        elif line.strip() and not (in_traceback and line.startswith(" ")):
            if in_traceback:
                exception_at = len(kept)
            in_traceback = False
            kept.append(line)
    return kept


def help_sections(text):
    """absl's help text as {section header ('prog.py:', 'absl.app:', ...): its lines}."""
    sections, lines = {}, None
    for line in text.splitlines():
        if line and not line.startswith(" ") and line.endswith(":"):
            lines = sections.setdefault(line, [])
        elif lines is not None and line.strip():
            lines.append(line)
    return sections


def loose(text):
    """Text with case and runs of spaces ignored."""
    return " ".join(text.lower().split())
