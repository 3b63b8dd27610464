"""tf.contrib.seq2seq cases shared by tools/make_seq2seq_fixtures.py (real TF 1.15) and
tests/contrib/test_seq2seq.py (tinytf): each builds the same model with `tf` either module and
returns (fetches: dict name -> tensor, weights: the trainable variables). The weights get fixed
values from `weight_value` (seeded by the variable's name), so both frameworks compute the same
numbers. Python 3.7 compatible (it runs under TF 1.15 too)."""

import zlib

import numpy as np

BATCH, TIME, DEPTH, UNITS, VOCAB = 3, 4, 3, 5, 7
LENGTHS = [4, 2, 3]
START, END = [1, 3, 5], 4
SCALE = 1.5


def weight_value(name, shape):
    """The fixed value of variable `name` (e.g. 'decoder/basic_lstm_cell/kernel:0')."""
    rng = np.random.RandomState(zlib.crc32(name.encode()) % (2**31))
    scale = 0.1 if name.endswith("bias:0") else SCALE
    return (rng.uniform(-1.0, 1.0, size=shape) * scale).astype(np.float32)


def _inputs(tf, batch=BATCH, time=TIME, depth=DEPTH, seed=0):
    rng = np.random.RandomState(seed)
    return tf.constant(rng.randn(batch, time, depth).astype(np.float32))


def _memory(tf):
    rng = np.random.RandomState(5)
    return tf.constant(rng.randn(BATCH, 5, 4).astype(np.float32)), [5, 3, 4]


def _decoder_fetches(tf, outputs, state, lengths):
    fetches = {"rnn_output": outputs.rnn_output, "sample_id": outputs.sample_id, "lengths": lengths}
    for k, t in enumerate(_flat(state)):
        fetches[f"state{k}"] = t
    return fetches


def _flat(structure):
    """The leaves of a state, TensorArrays (alignment histories) stacked."""
    if isinstance(structure, (tuple, list)):
        return [x for s in structure for x in _flat(s)]
    if hasattr(structure, "stack"):
        return [structure.stack()]
    return [structure]


def _with_grads(tf, fetches, loss):
    weights = tf.trainable_variables()
    fetches["loss"] = loss
    for v, g in zip(weights, tf.gradients(loss, weights)):
        if g is not None:  # (no gradient: no key, in both frameworks)
            fetches["grad/" + v.name] = g
    return fetches


def training(tf, impute_finished=False, output_time_major=False, cell="lstm"):
    """BasicLSTMCell (or GRUCell) + Dense through a TrainingHelper; sequence_loss gradients."""
    inputs = _inputs(tf)
    if cell == "lstm":
        cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
    else:
        cell = tf.nn.rnn_cell.GRUCell(UNITS)
    helper = tf.contrib.seq2seq.TrainingHelper(inputs, LENGTHS)
    decoder = tf.contrib.seq2seq.BasicDecoder(
        cell, helper, cell.zero_state(BATCH, tf.float32), output_layer=tf.layers.Dense(VOCAB)
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(
        decoder, output_time_major=output_time_major, impute_finished=impute_finished
    )
    fetches = _decoder_fetches(tf, outputs, state, lengths)
    if output_time_major:
        return fetches
    targets = tf.constant(np.random.RandomState(1).randint(0, VOCAB, (BATCH, TIME)))
    mask = tf.sequence_mask(lengths, TIME, dtype=tf.float32)
    loss = tf.contrib.seq2seq.sequence_loss(outputs.rnn_output, targets, mask)
    return _with_grads(tf, fetches, loss)


def _embedding(tf):
    return tf.get_variable("embedding", [VOCAB, DEPTH])


def _initial_state(tf, seed=4):
    return tf.constant(np.random.RandomState(seed).randn(BATCH, UNITS).astype(np.float32))


def greedy(tf, maximum_iterations=6, end_token=END):
    """GRUCell + Dense fed back their argmax's embedding until end_token."""
    embedding = _embedding(tf)
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    helper = tf.contrib.seq2seq.GreedyEmbeddingHelper(embedding, START, end_token)
    decoder = tf.contrib.seq2seq.BasicDecoder(
        cell, helper, _initial_state(tf), output_layer=tf.layers.Dense(VOCAB)
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(
        decoder, maximum_iterations=maximum_iterations
    )
    return _decoder_fetches(tf, outputs, state, lengths)


def sequence_loss(tf, **flags):
    """sequence_loss with its averaging flags, and its gradient w.r.t. the logits."""
    rng = np.random.RandomState(3)
    logits = tf.constant(rng.randn(BATCH, TIME, VOCAB).astype(np.float32))
    targets = tf.constant(rng.randint(0, VOCAB, (BATCH, TIME)).astype(np.int32))
    weights = tf.constant(rng.uniform(0, 1, (BATCH, TIME)).astype(np.float32))
    loss = tf.contrib.seq2seq.sequence_loss(logits, targets, weights, **flags)
    return {"loss": loss, "grad": tf.gradients(loss, [logits])[0]}


def _attention_cell(tf, kind, cell, memory, lengths):
    if kind == "bahdanau":
        mechanism = tf.contrib.seq2seq.BahdanauAttention(6, memory, lengths, normalize=True)
        return tf.contrib.seq2seq.AttentionWrapper(
            cell, mechanism, alignment_history=True, output_attention=False
        )
    if kind == "luong":
        mechanism = tf.contrib.seq2seq.LuongAttention(UNITS, memory, lengths, scale=True)
        return tf.contrib.seq2seq.AttentionWrapper(
            cell, mechanism, attention_layer_size=6, alignment_history=True
        )
    if kind.startswith("monotonic"):
        mode = kind.split("_")[1]
        return tf.contrib.seq2seq.AttentionWrapper(
            cell,
            [
                tf.contrib.seq2seq.BahdanauMonotonicAttention(
                    4, memory, lengths, normalize=True, mode=mode, score_bias_init=-0.5
                ),
                tf.contrib.seq2seq.LuongMonotonicAttention(
                    UNITS, memory, lengths, scale=True, mode=mode
                ),
            ],
            alignment_history=True,
        )
    mechanisms = [
        tf.contrib.seq2seq.LuongAttention(UNITS, memory, lengths),
        tf.contrib.seq2seq.BahdanauAttention(4, memory),
    ]
    return tf.contrib.seq2seq.AttentionWrapper(cell, mechanisms, attention_layer_size=[3, 2])


def attention_training(tf, kind, dynamic=False):
    """An attention-wrapped LSTM through a TrainingHelper; sequence_loss gradients (dynamic:
    batch and times unknown)."""
    memory, memory_lengths = _memory(tf)
    inputs, lengths, batch = _inputs(tf), tf.constant(LENGTHS), BATCH
    if dynamic:
        memory, memory_lengths = (
            _unknown(tf, memory, [None, None, 4]),
            _unknown(tf, tf.constant(memory_lengths), [None]),
        )
        inputs, lengths = _unknown(tf, inputs, [None, None, DEPTH]), _unknown(tf, lengths, [None])
        batch = tf.shape(inputs)[0]
    cell = _attention_cell(tf, kind, tf.nn.rnn_cell.BasicLSTMCell(UNITS), memory, memory_lengths)
    helper = tf.contrib.seq2seq.TrainingHelper(inputs, lengths)
    initial = cell.zero_state(batch, tf.float32)
    decoder = tf.contrib.seq2seq.BasicDecoder(
        cell, helper, initial, output_layer=tf.layers.Dense(VOCAB)
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, impute_finished=True)
    fetches = _decoder_fetches(tf, outputs, state, lengths)
    targets = tf.constant(np.random.RandomState(1).randint(0, VOCAB, (BATCH, TIME)))
    mask = tf.sequence_mask(lengths, TIME, dtype=tf.float32)
    loss = tf.contrib.seq2seq.sequence_loss(outputs.rnn_output, targets, mask)
    if kind == "monotonic_hard":
        # TF gives the LSTM's weights no gradient here (it reaches them only through a Cast
        # of a comparison); tinytf's loop gradients give zeros, see the report
        return fetches
    return _with_grads(tf, fetches, loss)


def attention_greedy(tf):
    """A Luong-attention GRU decoding greedily from a cloned initial state."""
    memory, memory_lengths = _memory(tf)
    cell = _attention_cell(tf, "luong", tf.nn.rnn_cell.GRUCell(UNITS), memory, memory_lengths)
    initial = cell.zero_state(BATCH, tf.float32).clone(cell_state=_initial_state(tf))
    helper = tf.contrib.seq2seq.GreedyEmbeddingHelper(_embedding(tf), START, END)
    decoder = tf.contrib.seq2seq.BasicDecoder(
        cell, helper, initial, output_layer=tf.layers.Dense(VOCAB)
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=5)
    return _decoder_fetches(tf, outputs, state, lengths)


def attention_step(tf):
    """One AttentionWrapper step outside a loop, and hardmax/safe_cumprod."""
    memory, memory_lengths = _memory(tf)
    cell = _attention_cell(tf, "bahdanau", tf.nn.rnn_cell.GRUCell(UNITS), memory, memory_lengths)
    output, state = cell(_inputs(tf)[:, 0], cell.zero_state(BATCH, tf.float32))
    x = tf.constant(np.random.RandomState(8).uniform(0, 1, (BATCH, 6)).astype(np.float32))
    fetches = {
        "output": output,
        "hardmax": tf.contrib.seq2seq.hardmax(x),
        "cumprod": tf.contrib.seq2seq.safe_cumprod(x, axis=1, exclusive=True),
    }
    for k, t in enumerate(_flat(state)):
        fetches[f"state{k}"] = t
    return fetches


BEAM = 3


def _beam_fetches(outputs, state, lengths):
    fetches = {
        "predicted_ids": outputs.predicted_ids,
        "lengths": lengths,
        "scores": outputs.beam_search_decoder_output.scores,
        "step_ids": outputs.beam_search_decoder_output.predicted_ids,
        "parent_ids": outputs.beam_search_decoder_output.parent_ids,
        "log_probs": state.log_probs,
        "finished": state.finished,
        "beam_lengths": state.lengths,
    }
    for k, t in enumerate(_flat(state.cell_state)):
        fetches[f"cell_state{k}"] = t
    return fetches


def beam(tf, length_penalty_weight=0.6, maximum_iterations=6, end_token=END):
    """A GRU decoded by beam search from a tiled initial state, with a length penalty."""
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    initial = tf.contrib.seq2seq.tile_batch(_initial_state(tf), BEAM)
    decoder = tf.contrib.seq2seq.BeamSearchDecoder(
        cell,
        _embedding(tf),
        START,
        end_token,
        initial,
        BEAM,
        output_layer=tf.layers.Dense(VOCAB),
        length_penalty_weight=length_penalty_weight,
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(
        decoder, maximum_iterations=maximum_iterations
    )
    return _beam_fetches(outputs, state, lengths)


def _unknown(tf, t, shape):
    """`t` with a static shape that knows only `shape` (None: unknown dimensions)."""
    return tf.placeholder_with_default(t, shape)


def beam_attention(tf, coverage_penalty_weight=0.3, dynamic=False):
    """An attention LSTM (alignment history reordered along the beams) decoded by beam
    search with length and coverage penalties (dynamic: batch and memory time unknown)."""
    memory, memory_lengths = _memory(tf)
    memory_lengths, start = tf.constant(memory_lengths), tf.constant(START)
    c, h = _initial_state(tf), _initial_state(tf, seed=6)
    batch = BATCH
    if dynamic:
        memory, memory_lengths = (
            _unknown(tf, memory, [None, None, 4]),
            _unknown(tf, memory_lengths, [None]),
        )
        c, h, start = (
            _unknown(tf, c, [None, UNITS]),
            _unknown(tf, h, [None, UNITS]),
            _unknown(tf, start, [None]),
        )
        batch = tf.shape(start)[0]
    memory = tf.contrib.seq2seq.tile_batch(memory, BEAM)
    memory_lengths = tf.contrib.seq2seq.tile_batch(memory_lengths, BEAM)
    cell = _attention_cell(
        tf, "bahdanau", tf.nn.rnn_cell.BasicLSTMCell(UNITS), memory, memory_lengths
    )
    cell_state = tf.contrib.seq2seq.tile_batch(tf.nn.rnn_cell.LSTMStateTuple(c, h), BEAM)
    initial = cell.zero_state(batch * BEAM, tf.float32).clone(cell_state=cell_state)
    decoder = tf.contrib.seq2seq.BeamSearchDecoder(
        cell,
        _embedding(tf),
        start,
        END,
        initial,
        BEAM,
        output_layer=tf.layers.Dense(VOCAB),
        length_penalty_weight=0.5,
        coverage_penalty_weight=coverage_penalty_weight,
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=5)
    return _beam_fetches(outputs, state, lengths)


def gather_tree(tf):
    """The GatherTree op on hand-made beams (one trajectory goes on after its end token)."""
    step = [
        [[1, 2, 3], [4, 5, 6]],
        [[7, 8, 9], [10, 11, 12]],
        [[2, 2, 2], [13, 14, 15]],
        [[3, 9, 1], [11, 11, 11]],
    ]
    parent = [
        [[0, 0, 0], [0, 0, 0]],
        [[0, 1, 2], [2, 1, 0]],
        [[2, 1, 0], [0, 1, 2]],
        [[1, 1, 0], [2, 0, 1]],
    ]
    return {
        "beams": tf.contrib.seq2seq.gather_tree(step, parent, [4, 3], 11),
        "tiled": tf.contrib.seq2seq.tile_batch(tf.constant([[1, 2], [3, 4]]), 3),
    }


def sample_cold(tf):
    """SampleEmbeddingHelper at a temperature so low that each sample is the argmax."""
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    helper = tf.contrib.seq2seq.SampleEmbeddingHelper(
        _embedding(tf), START, END, softmax_temperature=1e-4, seed=3
    )
    decoder = tf.contrib.seq2seq.BasicDecoder(
        cell, helper, _initial_state(tf), output_layer=tf.layers.Dense(VOCAB)
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, maximum_iterations=6)
    return _decoder_fetches(tf, outputs, state, lengths)


def _sharp(x):
    return x * 1e4  # logits so peaked that a categorical sample is the argmax


def scheduled_embedding(tf, probability):
    """ScheduledEmbeddingTrainingHelper that always (1.0) or never (0.0) samples."""
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    helper = tf.contrib.seq2seq.ScheduledEmbeddingTrainingHelper(
        _inputs(tf), LENGTHS, _embedding(tf), probability, seed=1, scheduling_seed=2
    )
    decoder = tf.contrib.seq2seq.BasicDecoder(
        cell, helper, _initial_state(tf), output_layer=tf.layers.Dense(VOCAB, activation=_sharp)
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder)
    return _decoder_fetches(tf, outputs, state, lengths)


def scheduled_output(tf, probability, next_inputs_fn=None):
    """ScheduledOutputTrainingHelper with auxiliary inputs, always or never sampling."""
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    auxiliary = _inputs(tf, depth=2, seed=9)
    helper = tf.contrib.seq2seq.ScheduledOutputTrainingHelper(
        _inputs(tf), LENGTHS, probability, next_inputs_fn=next_inputs_fn, auxiliary_inputs=auxiliary
    )
    decoder = tf.contrib.seq2seq.BasicDecoder(
        cell, helper, _initial_state(tf), output_layer=tf.layers.Dense(DEPTH)
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder, impute_finished=True)
    fetches = _decoder_fetches(tf, outputs, state, lengths)
    return _with_grads(tf, fetches, tf.reduce_sum(outputs.rnn_output**2))


def monotonic(tf):
    """monotonic_attention's three modes on fixed probabilities."""
    rng = np.random.RandomState(11)
    p = tf.constant(rng.uniform(0, 1, (BATCH, 6)).astype(np.float32))
    previous = tf.nn.softmax(tf.constant(rng.randn(BATCH, 6).astype(np.float32)))
    hard = tf.cast(p > 0.5, tf.float32)
    one_hot = tf.one_hot([0, 2, 1], 6)
    return {
        "recursive": tf.contrib.seq2seq.monotonic_attention(p, previous, "recursive"),
        "parallel": tf.contrib.seq2seq.monotonic_attention(p, previous, "parallel"),
        "hard": tf.contrib.seq2seq.monotonic_attention(hard, one_hot, "hard"),
    }


def inference(tf):
    """InferenceHelper feeding back the cell's own outputs until their sum passes 1, in a
    named decoder scope, with swap_memory."""
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    helper = tf.contrib.seq2seq.InferenceHelper(
        sample_fn=lambda outputs: outputs,
        sample_shape=[UNITS],
        sample_dtype=tf.float32,
        start_inputs=tf.ones([BATCH, UNITS]) * 0.5,
        end_fn=lambda sample_ids: tf.reduce_sum(sample_ids, 1) > 1.0,
    )
    decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, _initial_state(tf))
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(
        decoder, maximum_iterations=5, swap_memory=True, scope="my_decoder"
    )
    return _decoder_fetches(tf, outputs, state, lengths)


def custom(tf):
    """CustomHelper: teacher forcing written as functions, impute_finished, time major."""
    inputs = tf.transpose(_inputs(tf), [1, 0, 2])
    lengths = tf.constant(LENGTHS)

    def initialize_fn():
        return tf.equal(lengths, 0), inputs[0]

    def sample_fn(time, outputs, state):
        return tf.argmax(outputs, -1, output_type=tf.int32)

    def next_inputs_fn(time, outputs, state, sample_ids):
        finished = time + 1 >= lengths
        return finished, tf.gather(inputs, tf.minimum(time + 1, TIME - 1)), state

    cell = tf.nn.rnn_cell.BasicRNNCell(UNITS)
    helper = tf.contrib.seq2seq.CustomHelper(initialize_fn, sample_fn, next_inputs_fn)
    decoder = tf.contrib.seq2seq.BasicDecoder(
        cell, helper, _initial_state(tf), output_layer=tf.layers.Dense(VOCAB)
    )
    outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(
        decoder, output_time_major=True, impute_finished=True
    )
    return _decoder_fetches(tf, outputs, state, lengths)


CASES = {
    "inference": inference,
    "custom": custom,
    "monotonic": monotonic,
    "attention_monotonic_parallel": lambda tf: attention_training(tf, "monotonic_parallel"),
    "attention_monotonic_recursive": lambda tf: attention_training(tf, "monotonic_recursive"),
    "attention_monotonic_hard": lambda tf: attention_training(tf, "monotonic_hard"),
    "sample_cold": sample_cold,
    "scheduled_embedding_always": lambda tf: scheduled_embedding(tf, 1.0),
    "scheduled_embedding_never": lambda tf: scheduled_embedding(tf, 0.0),
    "scheduled_output_always": lambda tf: scheduled_output(tf, 1.0),
    "scheduled_output_never": lambda tf: scheduled_output(tf, 0.0),
    "scheduled_output_fn": lambda tf: scheduled_output(tf, 1.0, next_inputs_fn=tf.tanh),
    "beam": beam,
    "beam_no_penalty": lambda tf: beam(tf, length_penalty_weight=0.0),
    "beam_end5": lambda tf: beam(tf, end_token=5, maximum_iterations=7),
    "beam_attention": beam_attention,
    "beam_attention_no_coverage": lambda tf: beam_attention(tf, 0.0),
    "gather_tree": gather_tree,
    "attention_bahdanau": lambda tf: attention_training(tf, "bahdanau"),
    "attention_luong": lambda tf: attention_training(tf, "luong"),
    "attention_luong_dynamic": lambda tf: attention_training(tf, "luong", dynamic=True),
    "beam_attention_dynamic": lambda tf: beam_attention(tf, dynamic=True),
    "attention_multi": lambda tf: attention_training(tf, "multi"),
    "attention_greedy": attention_greedy,
    "attention_step": attention_step,
    "training": training,
    "training_impute": lambda tf: training(tf, impute_finished=True),
    "training_time_major": lambda tf: training(tf, output_time_major=True),
    "training_gru_impute": lambda tf: training(tf, impute_finished=True, cell="gru"),
    "greedy": greedy,
    "greedy_max2": lambda tf: greedy(tf, maximum_iterations=2),
    "loss": sequence_loss,
    "loss_sum": lambda tf: sequence_loss(
        tf,
        average_across_timesteps=False,
        average_across_batch=False,
        sum_over_timesteps=True,
        sum_over_batch=True,
    ),
    "loss_per_step": lambda tf: sequence_loss(tf, average_across_timesteps=False),
    "loss_per_batch": lambda tf: sequence_loss(
        tf, average_across_batch=False, sum_over_timesteps=True, average_across_timesteps=False
    ),
}


def build(tf, name):
    """(fetches, variables) of case `name`, built in the default graph."""
    fetches = CASES[name](tf)
    return fetches, tf.global_variables()


GRAPH_CASES = ("greedy", "attention_luong", "beam_attention")


def output_name(key):
    """The name of the identity op that names fetch `key` in an exported graph."""
    return "out_" + key.replace("/", "_").replace(":", "_")


def frozen_graph(tf, name):
    """(GraphDef with the case's weights as constants, the fetch keys) of a case's forward
    fetches, each named output_name(key)."""
    with tf.Graph().as_default() as graph:
        fetches, variables = build(tf, name)
        keys = sorted(k for k in fetches if not k.startswith("grad/") and k != "loss")
        outputs = [tf.identity(fetches[k], name=output_name(k)).op.name for k in keys]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            assign_weights(tf, sess, variables)
            return tf.graph_util.convert_variables_to_constants(
                sess, graph.as_graph_def(), outputs
            ), keys


def run_graph(tf, graph_def, keys):
    """The fetches `keys` of a graph made by frozen_graph, run by `tf`."""
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            return sess.run([output_name(k) + ":0" for k in keys])


def assign_weights(tf, sess, variables):
    """Gives each variable its fixed value."""
    sess.run([v.assign(weight_value(v.name, v.shape.as_list())) for v in variables])


CKPT_CASE = "ckpt"
CASES[CKPT_CASE] = lambda tf: beam_attention(tf, coverage_penalty_weight=0.1)


def _not_a_decoder(tf):
    tf.contrib.seq2seq.dynamic_decode(object())


def _bad_sequence_length(tf):
    tf.contrib.seq2seq.TrainingHelper(_inputs(tf), [[1, 2, 3]])


def _bad_start_tokens(tf):
    tf.contrib.seq2seq.GreedyEmbeddingHelper(_embedding(tf), [[1]], 2)


def _bad_end_token(tf):
    tf.contrib.seq2seq.GreedyEmbeddingHelper(_embedding(tf), [1], [2])


def _bad_logits(tf):
    tf.contrib.seq2seq.sequence_loss(tf.zeros([2, 3]), tf.zeros([2, 3], tf.int32), tf.zeros([2, 3]))


def _bad_flags(tf):
    tf.contrib.seq2seq.sequence_loss(
        tf.zeros([2, 3, 4]), tf.zeros([2, 3], tf.int32), tf.zeros([2, 3]), sum_over_timesteps=True
    )


def _bad_helper(tf):
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    tf.contrib.seq2seq.BasicDecoder(cell, object(), cell.zero_state(BATCH, tf.float32))


def _bad_parent_ids(tf):
    beams = tf.contrib.seq2seq.gather_tree([[[1, 2]], [[3, 4]]], [[[0, 0]], [[0, 7]]], [2], 9)
    with tf.Session() as sess:
        sess.run(beams)


def _bad_gather_tree_shapes(tf):
    tf.contrib.seq2seq.gather_tree([[[1, 2]]], [[[0, 0], [1, 1]]], [1], 9)


def _wrapper_batch_mismatch(tf):
    memory, lengths = _memory(tf)
    mechanism = tf.contrib.seq2seq.LuongAttention(UNITS, memory, lengths)
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.GRUCell(UNITS), mechanism)
    state = cell.zero_state(BATCH + 1, tf.float32)
    with tf.Session() as sess:
        sess.run(state.cell_state)


def _not_a_mechanism(tf):
    tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.GRUCell(UNITS), object())


def _both_attention_layers(tf):
    memory, _ = _memory(tf)
    mechanism = tf.contrib.seq2seq.LuongAttention(UNITS, memory)
    tf.contrib.seq2seq.AttentionWrapper(
        tf.nn.rnn_cell.GRUCell(UNITS),
        mechanism,
        attention_layer_size=3,
        attention_layer=tf.layers.Dense(3),
    )


def _clone_bad_shape(tf):
    memory, _ = _memory(tf)
    mechanism = tf.contrib.seq2seq.LuongAttention(UNITS, memory)
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.GRUCell(UNITS), mechanism)
    cell.zero_state(BATCH, tf.float32).clone(cell_state=tf.zeros([BATCH, UNITS + 1]))


def _untiled_beam_state(tf):
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    tf.contrib.seq2seq.BeamSearchDecoder(cell, _embedding(tf), START, END, _initial_state(tf), BEAM)


def _coverage_without_attention(tf):
    cell = tf.nn.rnn_cell.GRUCell(UNITS)
    decoder = tf.contrib.seq2seq.BeamSearchDecoder(
        cell,
        _embedding(tf),
        START,
        END,
        tf.contrib.seq2seq.tile_batch(_initial_state(tf), BEAM),
        BEAM,
        coverage_penalty_weight=0.5,
    )
    decoder.initialize()


def _bad_monotonic_mode(tf):
    tf.contrib.seq2seq.monotonic_attention(tf.zeros([2, 3]), tf.zeros([2, 3]), "sideways")


def _bad_sampling_probability(tf):
    tf.contrib.seq2seq.ScheduledEmbeddingTrainingHelper(
        _inputs(tf), LENGTHS, _embedding(tf), tf.zeros([2, 2])
    )


ERRORS = {
    "bad_parent_ids": _bad_parent_ids,
    "bad_gather_tree_shapes": _bad_gather_tree_shapes,
    "wrapper_batch_mismatch": _wrapper_batch_mismatch,
    "not_a_mechanism": _not_a_mechanism,
    "both_attention_layers": _both_attention_layers,
    "clone_bad_shape": _clone_bad_shape,
    "untiled_beam_state": _untiled_beam_state,
    "coverage_without_attention": _coverage_without_attention,
    "bad_monotonic_mode": _bad_monotonic_mode,
    "bad_sampling_probability": _bad_sampling_probability,
    "not_a_decoder": _not_a_decoder,
    "bad_sequence_length": _bad_sequence_length,
    "bad_start_tokens": _bad_start_tokens,
    "bad_end_token": _bad_end_token,
    "bad_logits": _bad_logits,
    "bad_flags": _bad_flags,
    "bad_helper": _bad_helper,
}
