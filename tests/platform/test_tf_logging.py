"""tf.logging against real TF 1.15: vlog, TaskLevelStatusMessage, flush, the every-n/first-n
counters and the verbosity under tf.app.run (tests/platform/golden/flags_programs.json from
tools/make_flags_fixtures.py)."""

import logging

import pytest

import tinytf as tf
from tests.platform.golden_cases import case_ids, run_like_tf


@pytest.mark.parametrize("case_id", case_ids("logging-"))
def test_program_logs_as_tf(case_id):
    run_like_tf(case_id)


def test_vlog_below_debug_is_named_by_its_number():
    got, _ = run_like_tf("logging-functions")
    assert "Level 5:tensorflow:vlog level five" in got["stderr"].splitlines()


def test_app_run_shows_info_by_default_as_tf():
    got, _ = run_like_tf("logging-under-app-run")
    assert "in main 20" in got["stdout"] and "INFO:tensorflow:info in main" in got["stderr"]


def test_flush_is_absent_because_tfs_only_raises_not_implemented():
    assert not hasattr(tf.logging, "flush")


def test_task_level_status_message_logs_an_error_unformatted(caplog):
    logger = logging.getLogger("tensorflow")
    logger.addHandler(caplog.handler)
    try:
        assert tf.logging.TaskLevelStatusMessage("ready %s") is None
    finally:
        logger.removeHandler(caplog.handler)
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [("ERROR", "ready %s")]
