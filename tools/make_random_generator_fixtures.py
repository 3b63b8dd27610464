"""Golden values of tf.random.experimental.Generator from real TF 1.15 (graph mode, on the CPU):
samples of every method and dtype, the state after each run, graph op names and the errors.

Run with TF 1.15's Python (3.7, NumPy 1.18):
    /work/tf115/bin/python tools/make_random_generator_fixtures.py
Writes tests/ops/golden/random_generator.npz and random_generator.json.
"""

import hashlib
import json
import os

import numpy as np
import tensorflow as tf

G = tf.random.experimental.Generator
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "ops", "golden")
ARRAYS, FACTS = {}, {}
SEEDS = {"seed1": 1, "seed_big": 2**130 + 12345, "wrap": [-1, -1, 77], "list": [5, 7]}


def _state(seed):
    if seed == [-1, -1, 77]:  # a counter about to wrap its 128 bits: carries
        return G(state=np.asarray([-300, -1, 77], np.int64), alg=1)
    return G.from_seed(seed)


def _samples(gen, big):
    """(name, tensor) of each method and dtype on the CPU."""
    out = []
    for d in ("float16", "bfloat16", "float32", "float64"):
        size = 2001 if big and d == "float32" else 101
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


def record_samples():
    for label, seed in SEEDS.items():
        with tf.Graph().as_default(), tf.device("/cpu:0"):
            gen = _state(seed)
            pairs = _samples(gen, label == "seed1")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                ARRAYS[label + "/state0"] = sess.run(gen.state)
                for run in (0, 1):
                    for name, t in pairs:  # one run each, in order: the state advances
                        ARRAYS[f"{label}/{name}/{run}"] = sess.run(t)
                        ARRAYS[f"{label}/{name}/{run}/state"] = sess.run(gen.state)


BIG = [  # (name, method, shape, dtype): compared through a SHA-256 of TF's bytes
    ("normal_f32", "normal", [100000], "float32"),
    ("normal_f64", "normal", [20000], "float64"),
    ("normal_f16", "normal", [20000], "float16"),
    ("trunc_f32", "truncated_normal", [40000], "float32"),
    ("trunc_f64", "truncated_normal", [20000], "float64"),  # some groups need a second draw
    ("uniform_f64", "uniform", [20000], "float64"),
]


def record_hashes():
    with tf.Graph().as_default(), tf.device("/cpu:0"):
        gen = G.from_seed(7)
        tensors = [getattr(gen, m)(shape, dtype=d) for _, m, shape, d in BIG]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            FACTS["hashes"] = {}
            for (name, _, _, _), t in zip(BIG, tensors):
                value = np.ascontiguousarray(sess.run(t))
                FACTS["hashes"][name] = hashlib.sha256(value.tobytes()).hexdigest()
            FACTS["hashes_state"] = sess.run(gen.state).tolist()


def record_resets():
    with tf.Graph().as_default(), tf.device("/cpu:0"):
        gen = G.from_seed(3)
        graph = tf.get_default_graph()
        steps = []
        for name, fn in [
            ("skip", lambda: gen.skip(5)),
            ("skip_negative", lambda: gen.skip(-1)),
            ("reset", lambda: gen.reset([11, 12, 13])),
            ("reset_from_seed", lambda: gen.reset_from_seed(2**70 + 9)),
            ("reset_from_key_counter", lambda: gen.reset_from_key_counter(42, [5, 6])),
        ]:
            before = set(graph.get_operations())
            assert fn() is None
            new = [op for op in graph.get_operations() if op not in before]
            target = [op for op in new if op.type in ("RngSkip", "AssignVariableOp")][0]
            steps.append((name, target))
            FACTS["op_" + name] = [[op.type, op.name] for op in new]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for name, target in steps:
                sess.run(target)
                ARRAYS["reset/" + name] = sess.run(gen.state)
    with tf.Graph().as_default():
        gen = G.from_key_counter(key=99, counter=[3, 4], alg=1)
        gen2 = G(copy_from=gen)
        x = gen.uniform_full_int([3], dtype="int64")
        FACTS["copy_from_ops"] = [[op.type, op.name] for op in gen2.state.op.graph.get_operations()
                                  if op.name.startswith("Variable_1")]
        with tf.Session() as sess:
            sess.run(gen.state.initializer)  # copy_from reads gen's state: initialize it first
            sess.run(gen2.state.initializer)
            ARRAYS["from_key_counter/state"] = sess.run(gen.state)
            ARRAYS["from_key_counter/x"] = sess.run(x)
            ARRAYS["copy_from/state"] = sess.run(gen2.state)


def _graph_def_dict():
    """Each node's name, op, inputs and attrs (constants' values aside) as JSON."""
    from google.protobuf import json_format

    nodes = []
    for node in tf.get_default_graph().as_graph_def().node:
        d = json_format.MessageToDict(node)
        d.get("attr", {}).pop("value", None)
        nodes.append(d)
    return nodes


def record_graph():
    with tf.Graph().as_default():
        gen = G.from_seed(1)
        gen.normal([3])
        gen.truncated_normal([2])
        gen.uniform([2])
        gen.uniform([2], maxval=10, dtype=tf.int64)
        gen.uniform_full_int([2])
        gen.make_seeds()
        FACTS["graph_ops"] = [[op.type, op.name, [t.name for t in op.inputs]]
                              for op in tf.get_default_graph().get_operations()]
        FACTS["graph_def"] = _graph_def_dict()
        FACTS["state_name"] = gen.state.name
        FACTS["state_repr"] = repr(gen.state)
        FACTS["global_variables"] = [v.name for v in tf.global_variables()]
        FACTS["trainable_variables"] = [v.name for v in tf.trainable_variables()]
        nd = G.from_non_deterministic_state()
        FACTS["nondet_ops"] = [[op.type, op.name] for op in nd.state.op.graph.get_operations()
                               if "NonDeterministic" in op.type]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            FACTS["nondet_differs"] = bool((sess.run(nd.state) != sess.run(gen.state)).any())


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - recording TF's class and message
        msg = getattr(e, "message", str(e))
        return [type(e).__name__, msg.split("\n")[0]]
    return None


def _run_error(build):
    def fn():
        with tf.Graph().as_default(), tf.device("/cpu:0"):
            gen = G.from_seed(1, alg=build[1]) if isinstance(build, tuple) else G.from_seed(1)
            t = build[0](gen) if isinstance(build, tuple) else build(gen)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(t)
    return fn


def record_errors():
    g = lambda: G.from_seed(1)  # noqa: E731
    FACTS["errors"] = {
        "alg3": _error(lambda: G.from_seed(1, alg=3)),
        "state_shape": _error(lambda: G(state=[1, 2], alg=1)),
        "key_counter_shape": _error(lambda: G.from_key_counter(1, [1, 2, 3], 1)),
        "reset_shape": _error(lambda: g().reset([1, 2])),
        "int_no_maxval": _error(lambda: g().uniform([2], dtype=tf.int32)),
        "split_graph": _error(lambda: g().split(2)),
        "seed_2d": _error(lambda: G.from_seed([[1, 2]])),
        "minval_maxval": _error(_run_error(
            lambda gen: gen.uniform([2], minval=5, maxval=5, dtype=tf.int32))),
        "threefry": _error(_run_error((lambda gen: gen.uniform([2]), 2))),
        "negative_dim": _error(_run_error(lambda gen: gen.normal([-1]))),
    }
    for op, build in [
        ("StatefulUniformInt", lambda gen, d: gen.uniform([2], maxval=5, dtype=d)),
        ("StatefulUniformFullInt", lambda gen, d: gen.uniform_full_int([2], dtype=d)),
        ("StatefulStandardNormalV2", lambda gen, d: gen.normal([2], dtype=d)),
        ("StatefulUniform", lambda gen, d: gen.uniform([2], dtype=d)),
        ("StatefulTruncatedNormal", lambda gen, d: gen.truncated_normal([2], dtype=d)),
    ]:
        ok = []
        for d in ("float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
                  "uint8", "uint32", "uint64"):
            def fn(d=d, build=build):
                with tf.Graph().as_default(), tf.device("/cpu:0"):
                    gen = G.from_seed(1)
                    t = build(gen, d)
                    cfg = tf.ConfigProto(allow_soft_placement=False)
                    with tf.Session(config=cfg) as sess:
                        sess.run(tf.global_variables_initializer())
                        sess.run(t)
            if _error(fn) is None:
                ok.append(d)
        FACTS["cpu_dtypes_" + op] = ok
    with tf.Graph().as_default():
        gen = G.from_seed(1)
        x = gen.normal([2])
        with tf.Session() as sess:
            FACTS["errors"]["uninit_sample"] = _error(lambda: sess.run(x))
            FACTS["errors"]["uninit_read"] = _error(lambda: sess.run(gen.state))


def main():
    record_samples()
    record_hashes()
    record_resets()
    record_graph()
    record_errors()
    if not os.path.isdir(OUT):
        os.makedirs(OUT)
    arrays = {k: (v.astype(np.float32) if v.dtype.name == "bfloat16" else v)
              for k, v in ARRAYS.items()}
    tmp = os.path.join(OUT, "random_generator.tmp.npz")
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, os.path.join(OUT, "random_generator.npz"))
    tmp = os.path.join(OUT, "random_generator.json.tmp")
    with open(tmp, "w") as f:
        json.dump(FACTS, f, indent=1, sort_keys=True)
    os.replace(tmp, os.path.join(OUT, "random_generator.json"))


if __name__ == "__main__":
    main()
