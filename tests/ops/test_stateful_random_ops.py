"""tf.random.experimental.Generator and the stateful random ops against real TF 1.15: the same
seed gives TF's values bit for bit, run after run, and the state advances as TF's does.
Golden files: tests/ops/golden/random_generator.{npz,json}, made by
tools/make_random_generator_fixtures.py (run with TF 1.15)."""

import hashlib
import json
import pathlib

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework import errors
from tinytf.ops import stateful_random_ops as srops

GOLDEN = pathlib.Path(__file__).parent / "golden"
ARRAYS = np.load(GOLDEN / "random_generator.npz")
FACTS = json.loads((GOLDEN / "random_generator.json").read_text())
G = tf.random.experimental.Generator
SEEDS = {"seed1": 1, "seed_big": 2**130 + 12345, "wrap": None, "list": [5, 7]}


def _generator(seed):
    if seed is None:  # a counter about to wrap its 128 bits
        return G(state=np.asarray([-300, -1, 77], np.int64), alg=1)
    return G.from_seed(seed)


def _raw(gen, opdef, shape, dtype):
    return opdef.apply(gen.state.handle, np.int64(gen.algorithm), shape, dtype=tf.as_dtype(dtype))


def _samples(gen, big):
    """The fixture script's tensors, in its order. bfloat16 goes to the ops themselves: the
    methods' `* stddev + mean` needs a bfloat16 Mul, which tinytf's math_ops lacks so far."""
    out = []
    for d in ("float16", "bfloat16", "float32", "float64"):
        size = 2001 if big and d == "float32" else 101
        if d == "bfloat16":
            out.append(("normal_" + d, _raw(gen, srops.StatefulStandardNormalV2, [size], d)))
            trunc = _raw(gen, srops.StatefulTruncatedNormal, [size], d)
            out.append(("truncated_normal_" + d, trunc))
            out.append(("uniform_" + d, _raw(gen, srops.StatefulUniform, [7, 3], d)))
            continue
        out.append(("normal_" + d, gen.normal([size], dtype=d)))
        out.append(("truncated_normal_" + d, gen.truncated_normal([size], dtype=d)))
        out.append(("uniform_" + d, gen.uniform([7, 3], dtype=d)))
    out.append(("normal_scaled", gen.normal([5], mean=3.0, stddev=2.0)))
    out.append(("uniform_range", gen.uniform([5], minval=-2.0, maxval=3.0)))
    out.append(("uniform_f64_range", gen.uniform([5], minval=-2.0, maxval=3.0, dtype="float64")))
    out.append(("trunc_scaled", gen.truncated_normal([5], mean=1.0, stddev=0.5)))
    for d in ("int32", "int64"):
        out.append(("uniform_int_" + d, gen.uniform([9], minval=-7, maxval=1000, dtype=d)))
    out.append(("uniform_int64_wide", gen.uniform([5], minval=-2**62, maxval=2**62, dtype="int64")))
    for d in ("int32", "int64", "uint32", "uint64"):
        out.append(("full_int_" + d, gen.uniform_full_int([2, 5], dtype=d)))
    out.append(("make_seeds", gen.make_seeds(3)))
    out.append(("key", gen.key))
    return out


@pytest.mark.parametrize("label", sorted(SEEDS))
def test_samples_and_states_equal_tf_bit_for_bit_over_two_runs(label):
    gen = _generator(SEEDS[label])
    pairs = _samples(gen, label == "seed1")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(gen.state), ARRAYS[f"{label}/state0"])
        for run in (0, 1):
            for name, t in pairs:
                key = f"{label}/{name}/{run}"
                value = sess.run(t)
                expected = ARRAYS[key]
                assert value.dtype.name == ("bfloat16" if "bfloat16" in name else expected.dtype)
                np.testing.assert_array_equal(np.asarray(value, expected.dtype), expected, key)
                np.testing.assert_array_equal(sess.run(gen.state), ARRAYS[key + "/state"], key)


def test_graph_has_tf_op_types_names_and_inputs():
    gen = G.from_seed(1)
    gen.normal([3])
    gen.truncated_normal([2])
    gen.uniform([2])
    gen.uniform([2], maxval=10, dtype=tf.int64)
    gen.uniform_full_int([2])
    gen.make_seeds()
    ops = [[op.type, op.name, [t.name for t in op.inputs]]
           for op in tf.get_default_graph().get_operations()]
    expected = FACTS["graph_ops"]
    # TF's zeros_like of a fully known shape is a Const; tinytf's array_ops makes a ZerosLike op
    assert ops[38][1] == expected[38][1] == "zeros_like"
    assert ops[:38] + ops[39:] == expected[:38] + expected[39:]
    assert gen.state.name == FACTS["state_name"]
    assert repr(gen.state) == FACTS["state_repr"]
    assert [v.name for v in tf.global_variables()] == FACTS["global_variables"]
    assert tf.trainable_variables() == []


def _new_ops(fn):
    graph = tf.get_default_graph()
    before = set(graph.get_operations())
    assert fn() is None  # TF 1.15 returns nothing: the op is reached by name
    return [op for op in graph.get_operations() if op not in before]


def test_skip_and_resets_add_tf_ops_and_set_tf_states():
    gen = G.from_seed(3)
    steps = []
    for name, fn in [
        ("skip", lambda: gen.skip(5)),
        ("skip_negative", lambda: gen.skip(-1)),
        ("reset", lambda: gen.reset([11, 12, 13])),
        ("reset_from_seed", lambda: gen.reset_from_seed(2**70 + 9)),
        ("reset_from_key_counter", lambda: gen.reset_from_key_counter(42, [5, 6])),
    ]:
        new = _new_ops(fn)
        assert [[op.type, op.name] for op in new] == FACTS["op_" + name]
        steps.append((name, [op for op in new if op.type in ("RngSkip", "AssignVariableOp")][0]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for name, target in steps:
            sess.run(target)
            np.testing.assert_array_equal(sess.run(gen.state), ARRAYS["reset/" + name])


def test_from_key_counter_and_copy_from():
    gen = G.from_key_counter(key=99, counter=[3, 4], alg=1)
    gen2 = G(copy_from=gen)
    x = gen.uniform_full_int([3], dtype="int64")
    names = [[op.type, op.name] for op in tf.get_default_graph().get_operations()
             if op.name.startswith("Variable_1")]
    assert names == FACTS["copy_from_ops"]
    with tf.Session() as sess:
        sess.run(gen.state.initializer)
        sess.run(gen2.state.initializer)
        np.testing.assert_array_equal(sess.run(gen.state), ARRAYS["from_key_counter/state"])
        np.testing.assert_array_equal(sess.run(x), ARRAYS["from_key_counter/x"])
        np.testing.assert_array_equal(sess.run(gen2.state), ARRAYS["copy_from/state"])
    assert gen2.algorithm == 1


def test_non_deterministic_state_differs_and_uses_tf_op():
    gen = G.from_non_deterministic_state()
    ops = [[op.type, op.name] for op in tf.get_default_graph().get_operations()
           if "NonDeterministic" in op.type]
    assert ops == FACTS["nondet_ops"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(gen.state)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert (sess.run(gen.state) != first).any()


def test_global_generator_is_made_once_and_can_be_replaced():
    old = srops._global_generator
    try:
        srops._global_generator = None
        first = tf.random.experimental.get_global_generator()
        assert tf.random.experimental.get_global_generator() is first
        mine = G.from_seed(5)
        tf.random.experimental.set_global_generator(mine)
        assert tf.random.experimental.get_global_generator() is mine
    finally:
        srops._global_generator = old


@pytest.mark.parametrize(
    "key, build",
    [
        ("alg3", lambda: G.from_seed(1, alg=3)),
        ("state_shape", lambda: G(state=[1, 2], alg=1)),
        ("key_counter_shape", lambda: G.from_key_counter(1, [1, 2, 3], 1)),
        ("reset_shape", lambda: G.from_seed(1).reset([1, 2])),
        ("int_no_maxval", lambda: G.from_seed(1).uniform([2], dtype=tf.int32)),
        ("split_graph", lambda: G.from_seed(1).split(2)),
    ],
)
def test_bad_input_raises_tf_error_at_build(key, build):
    cls, message = FACTS["errors"][key]
    with pytest.raises(Exception) as info:
        build()
    assert type(info.value).__name__ == cls
    assert str(info.value) == message


@pytest.mark.parametrize(
    "key, build, alg",
    [
        ("minval_maxval", lambda g: g.uniform([2], minval=5, maxval=5, dtype=tf.int32), 1),
        ("threefry", lambda g: g.uniform([2]), 2),
        ("negative_dim", lambda g: g.normal([-1]), 1),
    ],
)
def test_bad_input_raises_tf_error_at_run(key, build, alg):
    cls, message = FACTS["errors"][key]
    gen = G.from_seed(1, alg=alg)
    t = build(gen)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(getattr(errors, cls)) as info:
            sess.run(t)
    assert info.value.message.split("\n")[0] == message


def test_uninitialized_state_raises_tf_errors():
    gen = G.from_seed(1)
    x = gen.normal([2])
    with tf.Session() as sess:
        for key, fetch in (("uninit_sample", x), ("uninit_read", gen.state)):
            cls, message = FACTS["errors"][key]
            with pytest.raises(getattr(errors, cls)) as info:
                sess.run(fetch)
            assert info.value.message.split("\n")[0] == message


@pytest.mark.parametrize(
    "op_type, build",
    [
        ("StatefulUniformInt", lambda g, d: g.uniform([2], maxval=5, dtype=d)),
        ("StatefulUniformFullInt", lambda g, d: g.uniform_full_int([2], dtype=d)),
        ("StatefulStandardNormalV2", lambda g, d: g.normal([2], dtype=d)),
        ("StatefulUniform", lambda g, d: g.uniform([2], dtype=d)),
        ("StatefulTruncatedNormal", lambda g, d: g.truncated_normal([2], dtype=d)),
    ],
)
def test_dtypes_are_those_of_tf_cpu_kernels(op_type, build):
    ok = set(FACTS["cpu_dtypes_" + op_type])
    dtypes = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8",
              "uint32", "uint64"]  # bfloat16: the ops take it (above); tinytf's Mul not yet
    if op_type == "StatefulUniformInt":  # floats there build StatefulUniform instead
        dtypes = dtypes[3:]
    for d in dtypes:
        with tf.Graph().as_default():
            gen = G.from_seed(1)
            if d in ok:
                t = build(gen, d)
                with tf.Session() as sess:
                    sess.run(tf.global_variables_initializer())
                    assert sess.run(t).shape == (2,)
            else:
                with pytest.raises((TypeError, ValueError)):
                    build(gen, d)


def test_static_shape_and_unknown_shape():
    gen = G.from_seed(1)
    assert gen.normal([2, 3]).shape.as_list() == [2, 3]
    shape = tf.placeholder(tf.int32, [2])
    x = gen.uniform(shape)
    assert x.shape.as_list() == [None, None]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(x, {shape: [4, 1]}).shape == (4, 1)
        assert sess.run(gen.normal([])).shape == ()


BIG = [  # the fixture script's large draws, compared through a SHA-256 of TF's bytes
    ("normal_f32", "normal", [100000], "float32"),
    ("normal_f64", "normal", [20000], "float64"),
    ("normal_f16", "normal", [20000], "float16"),
    ("trunc_f32", "truncated_normal", [40000], "float32"),
    ("trunc_f64", "truncated_normal", [20000], "float64"),  # some groups need a second draw
    ("uniform_f64", "uniform", [20000], "float64"),
]


def test_large_draws_equal_tf_bytes():
    gen = G.from_seed(7)
    tensors = [getattr(gen, m)(shape, dtype=d) for _, m, shape, d in BIG]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for (name, _, _, _), t in zip(BIG, tensors):
            value = np.ascontiguousarray(sess.run(t))
            assert hashlib.sha256(value.tobytes()).hexdigest() == FACTS["hashes"][name], name
        assert sess.run(gen.state).tolist() == FACTS["hashes_state"]


def test_graph_def_nodes_equal_tf():
    from google.protobuf import json_format

    gen = G.from_seed(1)
    gen.normal([3])
    gen.truncated_normal([2])
    gen.uniform([2])
    gen.uniform([2], maxval=10, dtype=tf.int64)
    gen.uniform_full_int([2])
    gen.make_seeds()
    nodes = []
    for node in tf.get_default_graph().as_graph_def().node:
        d = json_format.MessageToDict(node)
        d.get("attr", {}).pop("value", None)
        nodes.append(d)
    expected = FACTS["graph_def"]
    # TF's zeros_like of a fully known shape is a Const; tinytf's array_ops makes a ZerosLike op
    assert nodes[:38] + nodes[39:] == expected[:38] + expected[39:]


def test_concurrent_runs_each_draw_a_fresh_counter():
    import threading

    gen = G.from_seed(1)
    x = gen.uniform_full_int([1], dtype="int64")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        seen = []

        def work():
            for _ in range(50):
                seen.append(int(sess.run(x)[0]))

        threads = [threading.Thread(target=work) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
        assert len(set(seen)) == 100
        # seed 1 is the state [1, 0, 0]; each 1-element draw moves the counter on by 256
        assert sess.run(gen.state).tolist() == [1 + 100 * 256, 0, 0]
