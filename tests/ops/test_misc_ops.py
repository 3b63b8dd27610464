"""tf.* small ops and helpers (src/tinytf/ops/misc_ops.py, misc_util.py) against real TF 1.15:
the cases of tests/ops/misc_cases.py, whose TF results tools/make_misc_fixtures.py wrote to
golden/misc.json."""

import json
import math
from pathlib import Path

import pytest

import tinytf as tf
from tests.ops import misc_cases

GOLDEN = json.loads((Path(__file__).parent / "golden" / "misc.json").read_text())

# tinytf's StringFormat takes at least one input, so tf.print of Python values alone formats a
# Const string (TF: a StringFormat without inputs); what prints is the same.
_KNOWN = {("print_", "formats"): {6: "Const"}}


def _close(got, want):
    """Equal, with floats compared to float32 rounding (kernels may sum in another order)."""
    if isinstance(want, float) and isinstance(got, (int, float)):
        return got == want or math.isclose(got, want, rel_tol=1e-5, abs_tol=1e-6)
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(_close(g, w) for g, w in zip(got, want))
    if isinstance(want, dict) and isinstance(got, dict):
        return got.keys() == want.keys() and all(_close(got[k], want[k]) for k in want)
    return got == want


def _run(name, tmp_path):
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        return json.loads(json.dumps(misc_cases.CASES[name](tf, str(tmp_path))))


@pytest.mark.parametrize("name", sorted(misc_cases.CASES))
def test_case_matches_tf(name, tmp_path):
    got, want = _run(name, tmp_path), GOLDEN[name]
    if isinstance(want, dict):
        for key, expected in want.items():
            for index, value in _KNOWN.get((name, key), {}).items():
                expected[index] = value
            assert _close(got[key], expected), (key, got[key], expected)
    else:
        assert _close(got, want), (got, want)


def test_print_goes_to_the_chosen_stream(capsys, caplog):
    first_line = GOLDEN["print_"]["text"].splitlines()[0]  # TF's output for the same tensor
    x = tf.constant([[1.5, 2, 3, 4, 5]])
    logger = __import__("logging").getLogger("tensorflow")  # tf.logging's, whatever propagates
    logger.addHandler(caplog.handler)
    try:
        with tf.Session() as sess:
            sess.run(tf.print(x))
            sess.run(tf.print(x, output_stream=__import__("sys").stdout))
            with caplog.at_level("INFO", logger="tensorflow"):
                sess.run(tf.print(x, output_stream=tf.logging.info))
    finally:
        logger.removeHandler(caplog.handler)
    captured = capsys.readouterr()
    assert captured.err == first_line + "\n"
    assert captured.out == first_line + "\n"
    assert [r.getMessage() for r in caplog.records] == [first_line]


def test_tf_graph_def_with_the_new_ops_imports_and_runs(capsys):
    want = GOLDEN["graph_def"]
    graph_def = tf.GraphDef.FromString(bytes.fromhex(want["pb"]))
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph_def, name="")
        fetches = [g.get_tensor_by_name(n) for n in want["fetches"]]
        with tf.Session() as sess:
            sess.run("counter/Assign")
            got = [misc_cases.plain(v) for v in sess.run(fetches)]
        exported = g.as_graph_def()
    assert _close(got, want["values"])
    assert capsys.readouterr().out == "value [1 2]\n"
    assert {n.op for n in exported.node} >= {"Fingerprint", "EditDistance", "GuaranteeConst",
                                            "CountUpTo", "Timestamp", "PrintV2"}


def test_graph_def_export_matches_tf_node_for_node():
    want = tf.GraphDef.FromString(bytes.fromhex(GOLDEN["graph_def"]["pb"]))
    with tf.Graph().as_default() as g:
        misc_cases.graph_with_new_ops(tf)
        got = g.as_graph_def()
    new_types = {"Fingerprint", "EditDistance", "GuaranteeConst", "CountUpTo", "Timestamp",
                 "PrintV2", "StringFormat"}
    # tinytf names a SparseTensor's constants "indices", TF "SparseTensor/indices": the
    # EditDistance node's inputs are left out
    pick = lambda gd: {  # noqa: E731
        n.name: (n.op, [] if n.op == "EditDistance" else list(n.input), dict(n.attr))
        for n in gd.node if n.op in new_types
    }
    assert pick(got) == pick(want)
