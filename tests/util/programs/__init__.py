"""tf_decorator / tf_stack probe programs, run by real TF 1.15 (tools/make_flags_fixtures.py
records tests/util/golden/programs.json) and by tinytf (tests/util/test_tf_decorator.py)."""

import os

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = [
    ("tf-stack", "prog_stack.py", []),
    ("tf-decorator", "prog_decorator.py", []),
]
