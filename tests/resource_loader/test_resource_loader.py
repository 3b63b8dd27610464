"""tf.resource_loader: paths relative to the caller's file and to the package, as TF 1.15's
(tools/make_saved_model_summary_fixtures.py recorded how TF's relate, in
tests/saved_model/golden/graph_util_resource_loader.json)."""

import inspect
import json
import os
import pathlib
import sys

import pytest

import tinytf as tf
from tinytf.resource_loader import resource_loader as module

GOLDEN = json.loads(
    (
        pathlib.Path(__file__).parent.parent / "saved_model/golden/graph_util_resource_loader.json"
    ).read_text()
)["resource_loader"]
HERE = os.path.dirname(inspect.getfile(sys._getframe(0)))


def test_data_files_path_is_the_callers_directory():
    assert (tf.resource_loader.get_data_files_path() == HERE) is GOLDEN[
        "data_files_path_is_caller_dir"
    ]


def test_path_to_datafile_joins_the_callers_directory():
    found = tf.resource_loader.get_path_to_datafile("a/b.txt") == os.path.join(HERE, "a/b.txt")
    assert found is GOLDEN["datafile_joins_caller_dir"]


def test_root_dir_without_runfiles_is_the_modules_own_directory():
    found = tf.resource_loader.get_root_dir_with_all_resources() == os.path.dirname(module.__file__)
    assert found is GOLDEN["root_dir_is_module_dir"]


def test_root_dir_is_the_one_under_runfiles(monkeypatch):
    inside = "/work/app.runfiles/repo/pkg"
    monkeypatch.setattr(module, "get_data_files_path", lambda: inside)
    assert tf.resource_loader.get_root_dir_with_all_resources() == "/work/app.runfiles/repo"


def test_load_resource_reads_relative_to_the_package():
    with open(module.__file__, "rb") as f:
        own = f.read()
    found = tf.resource_loader.load_resource("resource_loader/resource_loader.py") == own
    assert found is GOLDEN["load_resource_from_package_root"]
    with pytest.raises(FileNotFoundError):
        tf.resource_loader.load_resource("no/such/file")
    assert GOLDEN["load_missing"] == "FileNotFoundError"


def test_readahead_file_path_returns_the_path():
    assert tf.resource_loader.readahead_file_path("some/path", "1M") == GOLDEN["readahead"]
