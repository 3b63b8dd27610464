"""tf.version and the top-level version constants, against real TF 1.15's values (recorded in
tests/compat/golden/compat.json by tools/make_import_path_fixtures.py)."""

import json
from pathlib import Path

import tinytf as tf

GOLDEN = json.loads(
    (Path(__file__).parent.parent / "compat" / "golden" / "compat.json").read_text()
)
SAME_AS_TF = (
    "VERSION",
    "GRAPH_DEF_VERSION",
    "GRAPH_DEF_VERSION_MIN_CONSUMER",
    "GRAPH_DEF_VERSION_MIN_PRODUCER",
)


def test_version_reports_the_tf_release_tinytf_follows():
    assert tf.__version__ == tf.VERSION == tf.version.VERSION == GOLDEN["top"]["__version__"]


def test_graph_def_versions_match_tf():
    for name in SAME_AS_TF:
        assert getattr(tf.version, name) == GOLDEN["version"][name]
        assert getattr(tf, name) == GOLDEN["top"][name]


def test_graph_def_tinytf_writes_carries_the_producer_version():
    tf.constant(1.0)
    assert tf.get_default_graph().as_graph_def().versions.producer == tf.GRAPH_DEF_VERSION


def test_build_strings_name_tinytf_not_a_tf_build():
    assert set(GOLDEN["version"]) == set(SAME_AS_TF) | {"GIT_VERSION", "COMPILER_VERSION"}
    assert tf.version.GIT_VERSION.startswith("tinytf-")
    assert tf.version.GIT_VERSION != GOLDEN["version"]["GIT_VERSION"]
    assert isinstance(tf.COMPILER_VERSION, str) and tf.COMPILER_VERSION
    assert tf.GIT_VERSION is tf.version.GIT_VERSION


def test_compat_v1_has_the_version_namespace():
    assert tf.compat.v1.version is tf.version
    assert tf.compat.v1.VERSION == "1.15.0"
