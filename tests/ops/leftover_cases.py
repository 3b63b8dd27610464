"""Graphs of issue 10's last leftovers (tf.nn.static_state_saving_rnn, TF's namedtuple results,
tf.data's dtypes of Python values, tf.nn.in_top_k's op names), built the same way by real TF
1.15 (tools/make_leftover_fixtures.py writes what it computes to tests/ops/golden/leftovers.json
and .npz) and by tinytf (tests/ops/test_leftovers.py). See tests/fixture_runner.py for the form
of a case. Python 3.7 and NumPy 1.18 compatible."""

import numpy as np

from tests.fixture_runner import describe, error_of

RNG = np.random.RandomState(15)
STEPS = [(RNG.randn(2, 4)).astype(np.float32) for _ in range(6)]  # two runs of three steps
M3 = (RNG.randn(3, 3) + 3 * np.eye(3)).astype(np.float32)
IMG = RNG.rand(1, 4, 4, 1).astype(np.float32)


def _weights(shape, dtype=None, partition_info=None):
    """A deterministic initializer, the same NumPy values under TF and tinytf."""
    del dtype, partition_info
    shape = [int(d) for d in shape]
    rng = np.random.RandomState(sum(shape) + len(shape))
    return rng.uniform(-0.5, 0.5, shape).astype(np.float32)


class VariableStateSaver:
    """A minimal state saver: one zero-initialized variable per state name, holding it across
    Session.run calls (what tf.contrib.training's SequenceQueueingStateSaver does by batch)."""

    def __init__(self, tf, sizes, batch=2):
        self._vars = {
            name: tf.Variable(np.zeros([batch, n], np.float32), name="saved_" + name)
            for name, n in sizes.items()
        }

    def state(self, name):
        """The saved state `name`, read before this run's save."""
        return self._vars[name].read_value()

    def save_state(self, name, value):
        """An op that stores `value` as state `name` for the next run."""
        return self._vars[name].assign(value)


def _state_saving(make_cell, sizes, state_name, lengths=None, steps=3):
    def build(tf):
        saver = VariableStateSaver(tf, sizes)
        xs = [tf.placeholder(tf.float32, [2, 4], name=f"x{t}") for t in range(steps)]
        with tf.variable_scope("net", initializer=_weights):
            outputs, state = tf.nn.static_state_saving_rnn(
                make_cell(tf), xs, saver, state_name, sequence_length=lengths
            )
        flat_state = tf.nest.flatten(state)
        fetches = {f"out{i}": o for i, o in enumerate(outputs)}
        fetches.update({f"state{i}": s for i, s in enumerate(flat_state)})
        last = [outputs[-1]] + flat_state
        facts = {
            "outputs": [describe(o) for o in outputs],
            "state": [describe(s) for s in flat_state],
            "state_type": type(state).__name__,
            "last_types": [t.op.type for t in last],
            "last_controls": [sorted(c.type for c in t.op.control_inputs) for t in last],
            "variables": sorted(v.op.name for v in tf.global_variables()),
        }
        runs = []
        for r in range(2):  # the second run starts from the state the first saved
            feed = {x: STEPS[(r * steps + t) % len(STEPS)] for t, x in enumerate(xs)}
            runs.append((fetches, feed))
        return {"facts": facts, "runs": runs}

    return build


def _lstm(tf):
    return tf.nn.rnn_cell.LSTMCell(3)


def _two_layers(tf):
    cells = [tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.LSTMCell(3)]
    return tf.nn.rnn_cell.MultiRNNCell(cells)


def _bad_state_name(make_cell, state_name):
    def build(tf):
        saver = VariableStateSaver(tf, {"a": 3, "b": 3, "c": 3, "h": 3})
        xs = [tf.constant(STEPS[0])]
        err = error_of(lambda: tf.nn.static_state_saving_rnn(make_cell(tf), xs, saver, state_name))
        return {"facts": {"error": err}}

    return build


STATE_SAVING = {
    "ssrnn_basic": _state_saving(lambda tf: tf.nn.rnn_cell.BasicRNNCell(3), {"h": 3}, "h"),
    "ssrnn_lstm_lengths": _state_saving(_lstm, {"c": 3, "h": 3}, ("c", "h"), lengths=[3, 1]),
    "ssrnn_multi": _state_saving(_two_layers, {"g": 2, "c": 3, "h": 3}, ("g", ("c", "h")), steps=2),
    "bad_ssrnn_tuple_name": _bad_state_name(lambda tf: tf.nn.rnn_cell.BasicRNNCell(3), ("a",)),
    "bad_ssrnn_string_name": _bad_state_name(_lstm, "c"),
    "bad_ssrnn_arity": _bad_state_name(_lstm, ("a", "b", "c")),
}


# -- namedtuple results ------------------------------------------------------------------------
def _named(fn):
    """The type name and fields of what fn(tf) returns, and Session.run's of it."""

    def build(tf):
        out = fn(tf)
        facts = {"type": type(out).__name__, "fields": list(getattr(out, "_fields", []))}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            value = sess.run(out)
        facts["run_type"] = type(value).__name__
        return {"facts": facts}

    return build


def _classes(tf):
    return tf.constant([[1, 3]], tf.int64)


def _quantized(tf):
    return tf.quantize(IMG, 0.0, 1.0, tf.quint8)


NAMED = {
    "nt_top_k": lambda tf: tf.nn.top_k(M3, 2),
    "nt_math_top_k": lambda tf: tf.math.top_k(M3),
    "nt_unique": lambda tf: tf.unique([4, 1, 4, 2]),
    "nt_unique_with_counts": lambda tf: tf.unique_with_counts([4, 1, 4, 2], tf.int64),
    "nt_setdiff1d": lambda tf: tf.setdiff1d([4, 1, 4, 2], [4]),
    "nt_qr": lambda tf: tf.linalg.qr(M3),
    "nt_qr_top": lambda tf: tf.qr(M3, full_matrices=True),
    "nt_lu": lambda tf: tf.linalg.lu(M3),
    "nt_slogdet": lambda tf: tf.linalg.slogdet(M3),
    "nt_svd": lambda tf: tf.svd(M3),
    "nt_self_adjoint_eig": lambda tf: tf.self_adjoint_eig(M3 + M3.T),
    "nt_max_pool_with_argmax": lambda tf: tf.nn.max_pool_with_argmax(
        IMG, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"
    ),
    "nt_uniform_sampler": lambda tf: tf.nn.uniform_candidate_sampler(_classes(tf), 2, 2, True, 5),
    "nt_log_uniform_sampler": lambda tf: tf.nn.log_uniform_candidate_sampler(
        _classes(tf), 2, 2, True, 5
    ),
    "nt_learned_unigram_sampler": lambda tf: tf.nn.learned_unigram_candidate_sampler(
        _classes(tf), 2, 2, True, 5
    ),
    "nt_fixed_unigram_sampler": lambda tf: tf.nn.fixed_unigram_candidate_sampler(
        _classes(tf), 2, 2, True, 5, unigrams=[1.0, 2.0, 3.0, 4.0, 5.0]
    ),
    "nt_all_sampler": lambda tf: tf.nn.all_candidate_sampler(_classes(tf), 2, 2, True),
    "nt_random_uniform_sampler": lambda tf: tf.random.uniform_candidate_sampler(
        _classes(tf), 2, 2, True, 5
    ),
    "nt_accidental_hits": lambda tf: tf.nn.compute_accidental_hits(
        _classes(tf), tf.constant([1, 2], tf.int64), 2
    ),
    "nt_distorted_box": lambda tf: tf.image.sample_distorted_bounding_box(
        [4, 4, 1], tf.constant([[[0.0, 0.0, 1.0, 1.0]]]), seed=1, seed2=2
    ),
    "nt_nms_padded": lambda tf: tf.image.non_max_suppression_padded(
        tf.constant([[0.0, 0.0, 1.0, 1.0], [0.5, 0.5, 1.0, 1.0]]),
        tf.constant([0.9, 0.8]),
        2,
        pad_to_max_output_size=True,
    ),
    "nt_combined_nms": lambda tf: tf.image.combined_non_max_suppression(
        tf.zeros([1, 2, 1, 4]), tf.zeros([1, 2, 1]), 2, 2
    ),
    "nt_fractional_max_pool": lambda tf: tf.nn.fractional_max_pool(IMG, [1, 1.5, 1.5, 1]),
    "nt_fractional_avg_pool": lambda tf: tf.nn.fractional_avg_pool(IMG, [1, 1.5, 1.5, 1]),
    "nt_quantize": _quantized,
    "nt_quantized_max_pool": lambda tf: tf.nn.quantized_max_pool(
        *_quantized(tf), ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID"
    ),
    "nt_moments": lambda tf: tf.nn.moments(tf.constant(M3), [0]),
}
NAMED = {name: _named(fn) for name, fn in NAMED.items()}


def _reader(method):
    """The type name and fields of a reader's read / read_up_to (not run: no files)."""

    def build(tf):
        reader = tf.TextLineReader()
        queue = tf.FIFOQueue(2, tf.string)
        out = reader.read(queue) if method == "read" else reader.read_up_to(queue, 2)
        return {"facts": {"type": type(out).__name__, "fields": list(out._fields)}}

    return build


NAMED.update({"nt_reader_read": _reader("read"), "nt_reader_read_up_to": _reader("up_to")})


# -- tf.data's dtypes of host values -----------------------------------------------------------
HOST_VALUES = {
    "int": 7,
    "big_int": 2**40,
    "float": 1.5,
    "bool": True,
    "str": "ab",
    "list_int": [1, 2, 3],
    "list_int64_scalars": [np.int64(1), np.int64(2)],
    "list_big": [1, -(2**31) - 1],
    "list_int32_edge": [2**31 - 1, -(2**31)],
    "list_mixed": [1, 2.5],
    "list_str": ["a", "bc"],
    "nested_list": [[1, 2], [3, 4]],
    "empty": [],
    "np_int64": np.array([1, 2], np.int64),
    "np_int32": np.array([1, 2], np.int32),
    "np_float64": np.array([1.0, 2.0]),
    "np_scalar_int64": np.int64(3),
    "tuple": ([1, 2], [3.0, 4.0]),
    "dict": {"a": [1, 2], "b": [[1.0], [2.0]]},
}


def _data(kind, value):
    """Element dtypes and shapes of Dataset.<kind>(value), and its first element."""

    def build(tf):
        ds = getattr(tf.data.Dataset, kind)(value)
        types, shapes = ds.output_types, ds.output_shapes
        facts = {
            "types": [t.name for t in tf.nest.flatten(types)],
            "shapes": [s.as_list() for s in tf.nest.flatten(shapes)],
        }
        it = tf.data.make_one_shot_iterator(ds)
        element = tf.nest.flatten(it.get_next())
        fetches = {f"c{i}": e for i, e in enumerate(element) if e.dtype != tf.string}
        empty = kind == "from_tensor_slices" and isinstance(value, list) and not value
        return {"facts": facts, "runs": [(fetches, {})] if fetches and not empty else []}

    return build


DATA = {}
for _name, _value in HOST_VALUES.items():
    DATA["data_tensors_" + _name] = _data("from_tensors", _value)
    if np.ndim(_value) > 0 or isinstance(_value, (tuple, dict)):
        DATA["data_slices_" + _name] = _data("from_tensor_slices", _value)


# -- tf.nn.in_top_k's graph ------------------------------------------------------------------
def _in_top_k(tf):
    preds = tf.constant(M3)
    outs = [
        tf.nn.in_top_k(preds, [0, 1, 2], 2),
        tf.nn.in_top_k(preds, tf.constant([2, 1, 0], tf.int64), 1, name="named"),
        tf.math.in_top_k(preds, [1, 1, 1], 3),
    ]
    graph = tf.get_default_graph()
    ops = [[op.name, op.type] for op in graph.get_operations()]
    k_types = [o.op.inputs[2].dtype.name for o in outs]
    fetches = {f"out{i}": o for i, o in enumerate(outs)}
    return {"facts": {"ops": ops, "k_types": k_types}, "runs": [(fetches, {})]}


# -- partial shapes from shape tensors (constant_value_as_shape) ----------------------------
def _partial_shapes(tf):
    p = tf.placeholder(tf.float32, [None, 3, None, 5])
    s = tf.shape(p)
    outs = [
        tf.zeros(s[1:]),
        tf.zeros(s[:2]),
        tf.zeros(s[1:4:2]),
        tf.zeros(s[-1:]),
        tf.zeros(tf.concat([s[1:2], [7], s[3:]], 0)),
        tf.reshape(tf.ones([6, 4]), tf.stack([s[0], 24 // 6, -1])),
        tf.fill(s[1:2], 1.0),
        tf.zeros(s[tf.constant(1) :]),
    ]
    shapes = [None if o.shape.ndims is None else o.shape.as_list() for o in outs]
    return {"facts": {"shapes": shapes}}


CASES = {}
CASES.update(STATE_SAVING)
CASES.update(NAMED)
CASES.update(DATA)
CASES["in_top_k_graph"] = _in_top_k
CASES["partial_shapes"] = _partial_shapes
