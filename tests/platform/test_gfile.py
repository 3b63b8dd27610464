"""tf.gfile and tf.io.gfile against real TF 1.15: each case of gfile_cases.py returns or raises
what TF 1.15 did (golden/gfile_cases.json, made by tools/make_gfile_fixtures.py), and the names
and parameter names are TF's."""

import inspect
import json
import logging
import os
from pathlib import Path

import pytest

import tinytf as tf
from tests.platform.gfile_cases import CASES, outcome, populate, tree
from tinytf.platform import file_io

GOLDEN = json.loads((Path(__file__).parent / "golden" / "gfile_cases.json").read_text())
# Where tinytf departs from TF 1.15 on purpose; each is tested below against TF's record.
DEPARTURES = {"copy_onto_itself_overwrite", "copy_of_directory_leaves", "walk_v2_onerror_returns"}
# TF's message here is SWIG's, about its C++ argument type; the class is what programs see.
CLASS_ONLY = {"gfile_read_negative", "gfile_read_none"}


@pytest.fixture
def sandbox(tmp_path):
    d = str(tmp_path / "sandbox")
    os.mkdir(d)
    populate(d)
    return d


def _run(name, d):
    return outcome(CASES[name], tf, file_io, d)


def test_every_case_was_recorded_by_tf():
    assert set(GOLDEN["cases"]) == set(CASES)
    assert GOLDEN["tf_version"] == "1.15.0"


@pytest.mark.parametrize("name", sorted(set(CASES) - DEPARTURES))
def test_case_matches_tf115(name, sandbox):
    got, want = _run(name, sandbox), GOLDEN["cases"][name]
    if name in CLASS_ONLY:
        assert got.get("error") == want["error"], got
    else:
        assert got == want


@pytest.mark.parametrize("key", sorted(GOLDEN["signatures"]))
def test_name_and_parameters_are_tf115s(key):
    namespace, _, name = key[len("tf.") :].rpartition(".")
    module = tf.gfile if namespace == "gfile" else tf.io.gfile
    params = [p for p in inspect.signature(getattr(module, name)).parameters if p != "self"]
    assert params == GOLDEN["signatures"][key]


def test_namespaces_hold_only_tf115s_names():
    public = {f"tf.gfile.{n}" for n in dir(tf.gfile) if not n.startswith("_")}
    public |= {f"tf.io.gfile.{n}" for n in dir(tf.io.gfile) if not n.startswith("_")}
    assert public == set(GOLDEN["signatures"])


def test_compat_v1_and_open_are_the_same_objects():
    assert tf.gfile.Open is tf.gfile.GFile is tf.io.gfile.GFile
    assert tf.compat.v1.gfile.Exists is tf.gfile.Exists


# -- departures from TF 1.15 ------------------------------------------------------------------


def test_copy_onto_itself_keeps_the_file(sandbox):
    # TF 1.15 truncates the file to nothing (see its record); tinytf leaves it as it was
    tf_tree = GOLDEN["cases"]["copy_onto_itself_overwrite"]["value"]
    assert dict(tf_tree)["a.txt"] == {"bytes": ""}
    before = tree(sandbox)
    assert _run("copy_onto_itself_overwrite", sandbox) == {"value": before}


def test_failed_copy_of_a_directory_leaves_no_file(sandbox):
    # TF 1.15 raises InvalidArgumentError (matched above) after creating an empty target
    assert "c" in dict(GOLDEN["cases"]["copy_of_directory_leaves"]["value"])
    got = _run("copy_of_directory_leaves", sandbox)["value"]
    assert "c" not in dict(got)


def test_walk_onerror_that_returns_ends_the_walk(sandbox):
    # TF 1.15 then fails with UnboundLocalError, a bug TF 2 fixed this way
    assert GOLDEN["cases"]["walk_v2_onerror_returns"]["error"] == "UnboundLocalError"
    assert _run("walk_v2_onerror_returns", sandbox) == {"value": [[], ["NotFoundError"]]}


@pytest.mark.parametrize("scheme", ["gs", "s3", "hdfs", "http"])
def test_cloud_schemes_are_file_systems_tinytf_lacks(scheme):
    # TF 1.15's message for a scheme it has no file system for (recorded with "foo")
    template = GOLDEN["cases"]["unknown_scheme_exists"]["message"]
    path = f"{scheme}://bucket/dir/x"
    message = template.replace("foo://bucket/dir/x", path).replace("'foo'", f"'{scheme}'")
    for call in (tf.io.gfile.exists, tf.gfile.Stat, tf.io.gfile.makedirs, tf.gfile.Glob):
        with pytest.raises(tf.errors.UnimplementedError) as info:
            call(path)
        assert str(info.value) == message
    with pytest.raises(tf.errors.UnimplementedError, match=f"scheme '{scheme}'"):
        tf.io.gfile.GFile(path, "wb").write(b"x")
    assert tf.io.gfile.isdir(path) is False


def test_deprecated_spellings_warn_once(sandbox, caplog, monkeypatch):
    monkeypatch.setattr(file_io, "_warned", set())
    logger = logging.getLogger("tensorflow")
    logger.addHandler(caplog.handler)
    level = logger.level
    logger.setLevel(logging.INFO)  # whatever verbosity a test before this one left behind
    try:
        for _ in range(2):
            tf.gfile.FastGFile(os.path.join(sandbox, "a.txt")).seek(position=1)
    finally:
        logger.removeHandler(caplog.handler)
        logger.setLevel(level)
    assert caplog.text.count("FastGFile.__init__ (from tinytf.platform.gfile) is deprecated") == 1
    assert (
        caplog.text.count("calling FileIO.seek (from tinytf.platform.file_io) with position") == 1
    )
    assert caplog.text.count("test_gfile.py:") == 2  # names the caller's line, as TF
