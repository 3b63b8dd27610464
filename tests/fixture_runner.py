"""Runs a fixture case the same way under real TF 1.15 (tools/make_bugfix_fixtures.py) and under
tinytf (the tests), so both record the same things.

A case is `build(tf) -> {"facts": {...}, "runs": [(fetches, feed), ...]}`: facts are JSON values
computed while building (names, static shapes, error classes); each run is one Session.run of a
dict of fetches, after the variables are initialized. Kept to Python 3.7 (TF 1.15's)."""

import numpy as np


def describe(t):
    """[name, static shape (None if the rank is unknown), dtype name] of a tensor."""
    shape = None if t.shape.ndims is None else t.shape.as_list()
    return [t.name, shape, t.dtype.base_dtype.name]


def error_of(fn):
    """The class name and message of what fn() raises (None if it returns)."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class is what is recorded
        return [type(e).__name__, str(e)]
    return None


def record(tf, build):
    """(arrays, facts) of one case: arrays keyed "<run>/<fetch label>"."""
    with tf.Graph().as_default() as graph:
        out = build(tf)
        facts = dict(out.get("facts", {}))
        arrays = {}
        runs = out.get("runs", [])
        if runs:
            with tf.Session(graph=graph) as sess:
                sess.run(tf.global_variables_initializer())
                for i, (fetches, feed) in enumerate(runs):
                    for label, value in sess.run(fetches, feed).items():
                        if value is not None:  # an op's
                            arrays[f"{i}/{label}"] = np.asarray(value)
    return arrays, facts


def record_all(tf, cases):
    """{case name: arrays} and {case name: facts} of every case."""
    arrays, facts = {}, {}
    for name, build in cases.items():
        case_arrays, facts[name] = record(tf, build)
        for key, value in case_arrays.items():
            arrays[f"{name}/{key}"] = value
    return arrays, facts


def load_golden(folder, stem):
    """(facts by case, arrays) that real TF 1.15 recorded in <folder>/<stem>.json and .npz."""
    import json
    import os

    with open(os.path.join(folder, stem + ".json")) as f:
        facts = json.load(f)["cases"]
    npz = os.path.join(folder, stem + ".npz")
    arrays = dict(np.load(npz)) if os.path.exists(npz) else {}
    return facts, arrays


def check_case(tf, cases, name, golden, apart=(), rtol=1e-5, atol=1e-6):
    """Records case `name` with tinytf and compares it with TF's: every fact but those in
    `apart` (checked by the test itself) equal, every array close with TF's dtype and shape.
    Returns tinytf's facts."""
    import json

    want_facts, want_arrays = golden
    arrays, facts = record(tf, cases[name])
    facts = json.loads(json.dumps(facts))  # tuples become lists, as in the fixture
    want = want_facts[name]
    assert sorted(facts) == sorted(want)
    for key in want:
        if key not in apart:
            assert facts[key] == want[key], key
    prefix = name + "/"
    wanted = {k[len(prefix) :]: v for k, v in want_arrays.items() if k.startswith(prefix)}
    assert sorted(arrays) == sorted(wanted)
    for key, value in wanted.items():
        got = arrays[key]
        assert (got.dtype, got.shape) == (value.dtype, value.shape), key
        np.testing.assert_allclose(got, value, rtol=rtol, atol=atol, err_msg=key)
    return facts
