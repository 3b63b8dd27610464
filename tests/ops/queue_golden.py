"""Runs a scenario of tests/ops/queue_cases.py with tinytf and compares it, step by step, with
what real TF 1.15 recorded (golden/queues.json, written by tools/make_queue_fixtures.py); no
scenario may leave a thread running."""

import json
import pathlib
import threading
import time

import tinytf as tf
from tests.ops import queue_cases

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "queues.json").read_text())


def threads_settle(count, timeout=queue_cases.WAIT):
    """Whether the number of live threads falls back to `count` within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while threading.active_count() > count and time.monotonic() < deadline:
        time.sleep(0.01)
    return threading.active_count() <= count


def check_scenario(scenario, tmp_path):
    before = threading.active_count()
    got = queue_cases.run(tf, scenario, str(tmp_path))
    want = GOLDEN[scenario.__name__]
    for k, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"step {k} of {scenario.__name__}"
    assert len(got) == len(want)
    assert threads_settle(before), [t.name for t in threading.enumerate()]
