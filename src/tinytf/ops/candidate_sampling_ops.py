"""Candidate samplers (uniform, log-uniform, fixed unigram, all) and ComputeAccidentalHits, with
the sampled losses built on them as TF 1.15's nn_impl.py builds them: nce_loss and
sampled_softmax_loss (word2vec's loss). The samplers draw with each op's own generator, seeded
by TF's rules (tf.set_random_seed and the op seed); their draws are not TF's bit for bit."""

import collections

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import array_ops, math_ops, nn_ops, shape_util
from tinytf.ops.embedding_ops import embedding_lookup
from tinytf.ops.indexing_ops import slice as slice_
from tinytf.ops.random_ops import _generator, get_seed
from tinytf.ops.sequence_ops import scatter_nd

FLT_MAX = float(np.finfo(np.float32).max)


class SamplerBase(OpDef):
    """The shared signature and expected-count rule; subclasses give probs(range_max, attrs)."""

    inputs = ("true_classes",)
    attrs = {
        "num_true": None,
        "num_sampled": None,
        "unique": None,
        "range_max": None,
        "seed": 0,
        "seed2": 0,
    }
    allowed = frozenset({D.int64})
    stateful = True
    list_output = True

    def update(state, true_classes):
        """Learns from the true classes after sampling (the learned sampler only)."""

    @classmethod
    def infer(cls, true_classes, *, num_true, num_sampled, **_):
        t = shape_util.with_rank(true_classes.shape, 2).as_list()  # num_true unchecked, as TF
        return [
            TensorSpec([num_sampled], D.int64),
            TensorSpec([t[0], num_true], D.float32),
            TensorSpec([num_sampled], D.float32),
        ]

    @classmethod
    def kernel(
        cls,
        xp,
        true_classes,
        *,
        ctx,
        op,
        num_true,
        num_sampled,
        unique,
        range_max,
        seed,
        seed2,
        **attrs,
    ):
        if unique and num_sampled > range_max:
            raise _run_error("Sampler's range is too small.")
        gen = _generator(ctx, op, seed, seed2)
        state = ctx.rngs.setdefault((op, "sampler state"), {})
        p = cls.probs(range_max, attrs, state)
        sampled, tries = _draw(gen, p, num_sampled, unique)
        true_p = p[np.asarray(true_classes)]
        cls.update(state, true_classes)
        return [
            xp.asarray(sampled),
            xp.asarray(_expected(true_p, num_sampled, tries).astype(np.float32)),
            xp.asarray(_expected(p[sampled], num_sampled, tries).astype(np.float32)),
        ]


def _run_error(message):
    return InvalidArgumentError(None, None, message)


def _draw(gen, p, n, unique):
    """n draws from p (distinct ones if unique, by rejection) and the number of draws made."""
    if not unique:
        return gen.choice(len(p), size=n, p=p).astype(np.int64), n
    seen, out, tries = set(), [], 0
    while len(out) < n:
        batch = gen.choice(len(p), size=max(2 * (n - len(out)), 8), p=p)
        for c in batch.tolist():
            tries += 1
            if c not in seen:
                seen.add(c)
                out.append(c)
                if len(out) == n:
                    break
    return np.asarray(out, np.int64), tries


def _expected(p, n, tries):
    """TF's expected count of a class of probability p in n samples taken in `tries` draws."""
    p = np.asarray(p, np.float64)
    if tries == n:
        return p * n
    return -np.expm1(tries * np.log1p(-p))


@register_op
class UniformCandidateSampler(SamplerBase):
    """Samples classes uniformly from [0, range_max)."""

    def probs(range_max, attrs, state):
        return np.full(range_max, 1.0 / range_max)


@register_op
class LogUniformCandidateSampler(SamplerBase):
    """Samples classes with P(c) = log((c + 2) / (c + 1)) / log(range_max + 1) (Zipf)."""

    def probs(range_max, attrs, state):
        c = np.arange(range_max, dtype=np.float64)
        return (np.log(c + 2) - np.log(c + 1)) / np.log(range_max + 1)


def _read_unigrams(vocab_file):
    from tinytf.platform import gfile

    with gfile.GFile(vocab_file, "r") as f:
        return [float(line.rstrip("\n").split(",")[-1]) for line in f if line.strip()]


@register_op
class FixedUnigramCandidateSampler(SamplerBase):
    """Samples classes with P(c) proportional to unigrams[c] ** distortion (0 for reserved ids
    and ids outside this shard)."""

    attrs = dict(
        SamplerBase.attrs,
        vocab_file="",
        distortion=1.0,
        num_reserved_ids=0,
        num_shards=1,
        shard=0,
        unigrams=(),
    )

    def probs(range_max, attrs, state):
        unigrams = list(attrs["unigrams"]) or _read_unigrams(attrs["vocab_file"])
        weights = np.zeros(range_max)
        ids = np.arange(attrs["num_reserved_ids"], attrs["num_reserved_ids"] + len(unigrams))
        if ids[-1] + 1 != range_max:
            raise _run_error(
                f"range_max must equal num_reserved_ids + the number of unigrams ({ids[-1] + 1})"
            )
        weights[ids] = np.power(np.asarray(unigrams, np.float64), attrs["distortion"])
        weights[np.arange(range_max) % attrs["num_shards"] != attrs["shard"]] = 0
        return weights / weights.sum()


@register_op
class LearnedUnigramCandidateSampler(SamplerBase):
    """Samples classes by how often they were true classes in this op's earlier runs (every
    class starts with count 1); the counts are updated after sampling, as TF's."""

    def probs(range_max, attrs, state):
        counts = state.setdefault("counts", np.ones(range_max))  # every class starts at 1
        return counts / counts.sum()

    def update(state, true_classes):
        np.add.at(state["counts"], np.asarray(true_classes).ravel(), 1)


@register_op
class AllCandidateSampler(OpDef):
    """The classes [0, num_sampled) in order, each with expected count 1."""

    inputs = ("true_classes",)
    attrs = {"num_true": None, "num_sampled": None, "unique": None, "seed": 0, "seed2": 0}
    allowed = frozenset({D.int64})
    list_output = True
    infer = SamplerBase.infer

    def kernel(xp, true_classes, *, num_true, num_sampled, **_):
        return [
            xp.arange(num_sampled, dtype=xp.int64),
            xp.ones(true_classes.shape, dtype=xp.float32),
            xp.ones((num_sampled,), dtype=xp.float32),
        ]


@register_op
class ComputeAccidentalHits(OpDef):
    """Where a sampled candidate equals one of its row's true classes: (row, position in the
    sample, -FLT_MAX), to cancel that logit."""

    inputs = ("true_classes", "sampled_candidates")
    attrs = {"num_true": None, "seed": 0, "seed2": 0}
    allowed = frozenset({D.int64})
    list_output = True

    def infer(true_classes, sampled, *, num_true, **_):
        shape_util.with_rank(true_classes.shape, 2)
        shape_util.with_rank(sampled.shape, 1)
        return [
            TensorSpec([None], D.int32),
            TensorSpec([None], D.int64),
            TensorSpec([None], D.float32),
        ]

    def kernel(xp, true_classes, sampled, *, num_true, **_):
        # one position per value, the last, as TF's map
        positions = {c: j for j, c in enumerate(np.asarray(sampled).tolist())}
        rows, ids = [], []
        for i, row in enumerate(np.asarray(true_classes).tolist()):
            for c in row:
                if c in positions:
                    rows.append(i)
                    ids.append(positions[c])
        return [
            xp.asarray(np.asarray(rows, np.int32)),
            xp.asarray(np.asarray(ids, np.int64)),
            xp.full((len(rows),), -FLT_MAX, dtype=xp.float32),
        ]


for _name in (
    "UniformCandidateSampler",
    "LogUniformCandidateSampler",
    "FixedUnigramCandidateSampler",
    "LearnedUnigramCandidateSampler",
    "AllCandidateSampler",
    "ComputeAccidentalHits",
):
    NotDifferentiable(_name)


def _int64_classes(opdef, true_classes):
    t = convert_to_tensor(true_classes, dtype_hint=D.int64, name="true_classes")
    if t.dtype.base_dtype != D.int64:
        raise TypeError(
            f"Input 'true_classes' of '{opdef.type_name}' Op has type {t.dtype.base_dtype.name} "
            "that does not match expected type of int64."
        )
    return t


_SAMPLED_FIELDS = "sampled_candidates true_expected_count sampled_expected_count"
_SAMPLED_OUT = {}  # type name -> TF's namedtuple of a sampler's outputs
_HitsOut = collections.namedtuple("ComputeAccidentalHits", "indices ids weights")


def _sample(opdef, true_classes, seed, name, **attrs):
    true_classes = _int64_classes(opdef, true_classes)
    seed1, seed2 = get_seed(seed)
    out = opdef.apply(true_classes, name=name, seed=seed1 or 0, seed2=seed2 or 0, **attrs)
    kind = opdef.type_name
    if kind not in _SAMPLED_OUT:
        _SAMPLED_OUT[kind] = collections.namedtuple(kind, _SAMPLED_FIELDS)
    return _SAMPLED_OUT[kind](*out)


def _range_sampler(opdef, public, doc):
    """TF's public wrapper of a candidate sampler over [0, range_max)."""

    def fn(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
        return _sample(
            opdef,
            true_classes,
            seed,
            name,
            num_true=num_true,
            num_sampled=num_sampled,
            unique=unique,
            range_max=range_max,
        )

    fn.__name__, fn.__qualname__, fn.__doc__ = public, public, doc
    return fn


uniform_candidate_sampler = _range_sampler(
    UniformCandidateSampler,
    "uniform_candidate_sampler",
    "(sampled_candidates, true_expected_count, sampled_expected_count), classes uniform.",
)
log_uniform_candidate_sampler = _range_sampler(
    LogUniformCandidateSampler,
    "log_uniform_candidate_sampler",
    "Like uniform_candidate_sampler, with the log-uniform (Zipfian) distribution.",
)
learned_unigram_candidate_sampler = _range_sampler(
    LearnedUnigramCandidateSampler,
    "learned_unigram_candidate_sampler",
    "Like uniform_candidate_sampler, classes drawn by their counts as true classes so far.",
)


def fixed_unigram_candidate_sampler(
    true_classes,
    num_true,
    num_sampled,
    unique,
    range_max,
    vocab_file="",
    distortion=1.0,
    num_reserved_ids=0,
    num_shards=1,
    shard=0,
    unigrams=(),
    seed=None,
    name=None,
):
    """Like uniform_candidate_sampler, classes drawn by (distorted) unigram counts given as
    `unigrams` or by a CSV `vocab_file` whose last column is the count."""
    if not vocab_file and len(unigrams) == 0:
        raise ValueError("Either vocab_file or unigrams must be given.")
    return _sample(
        FixedUnigramCandidateSampler,
        true_classes,
        seed,
        name,
        num_true=num_true,
        num_sampled=num_sampled,
        unique=unique,
        range_max=range_max,
        vocab_file=vocab_file,
        distortion=float(distortion),
        num_reserved_ids=num_reserved_ids,
        num_shards=num_shards,
        shard=shard,
        unigrams=tuple(float(u) for u in unigrams),
    )


def all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None, name=None):
    """The classes 0 .. num_sampled - 1, each with expected count 1."""
    return _sample(
        AllCandidateSampler,
        true_classes,
        seed,
        name,
        num_true=num_true,
        num_sampled=num_sampled,
        unique=unique,
    )


def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    """(indices, ids, weights) of the sampled candidates that are true classes of a row."""
    seed1, seed2 = get_seed(seed)
    return _HitsOut(
        *ComputeAccidentalHits.apply(
            true_classes,
            sampled_candidates,
            name=name,
            num_true=num_true,
            seed=seed1 or 0,
            seed2=seed2 or 0,
        )
    )


# -- sampled losses ----------------------------------------------------------------------------
def _sum_rows(x):
    """The sum of each row, as a matmul with ones (TF's, for a faster gradient)."""
    ones = array_ops.ones(array_ops.stack([array_ops.shape(x)[1], 1]), x.dtype)
    return array_ops.reshape(math_ops.matmul(x, ones), [-1])


def _true_and_sampled(weights, biases, inputs, labels_flat, sampled, num_true, strategy):
    all_ids = array_ops.concat([labels_flat, sampled], 0)
    all_w = math_ops.cast(
        embedding_lookup(weights, all_ids, partition_strategy=strategy), inputs.dtype
    )
    n_true = array_ops.shape(labels_flat)[0]
    true_w = slice_(all_w, [0, 0], array_ops.stack([n_true, -1]))
    sampled_w = slice_(all_w, array_ops.stack([n_true, 0]), [-1, -1])
    sampled_logits = math_ops.matmul(inputs, sampled_w, transpose_b=True)
    all_b = math_ops.cast(
        embedding_lookup(biases, all_ids, partition_strategy=strategy), inputs.dtype
    )
    true_b = slice_(all_b, [0], array_ops.shape(labels_flat))
    sampled_b = slice_(all_b, array_ops.shape(labels_flat), [-1])
    dim = array_ops.shape(true_w)[1:2]
    dots = math_ops.multiply(
        array_ops.expand_dims(inputs, 1),
        array_ops.reshape(true_w, array_ops.concat([[-1, num_true], dim], 0)),
    )
    true_logits = array_ops.reshape(
        _sum_rows(array_ops.reshape(dots, array_ops.concat([[-1], dim], 0))), [-1, num_true]
    )
    return true_logits + array_ops.reshape(true_b, [-1, num_true]), sampled_logits + sampled_b


def _cancel_hits(sampled_logits, labels, sampled, num_true, num_sampled):
    indices, ids, weights = compute_accidental_hits(labels, sampled, num_true=num_true)
    sparse_indices = array_ops.concat(
        [
            array_ops.reshape(indices, [-1, 1]),
            array_ops.reshape(math_ops.cast(ids, D.int32), [-1, 1]),
        ],
        1,
        "sparse_indices",
    )
    shape = array_ops.concat(
        [array_ops.shape(labels)[:1], array_ops.expand_dims(num_sampled, 0)], 0
    )
    # TF adds a SparseToDense of the hits; a ScatterNd of them is the same dense tensor
    return sampled_logits + scatter_nd(
        sparse_indices, math_ops.cast(weights, sampled_logits.dtype), shape
    )


def _compute_sampled_logits(
    weights,
    biases,
    labels,
    inputs,
    num_sampled,
    num_classes,
    num_true=1,
    sampled_values=None,
    subtract_log_q=True,
    remove_accidental_hits=False,
    partition_strategy="mod",
    name=None,
    seed=None,
):
    """(logits, labels) of the true classes followed by the sampled ones, as TF's."""
    if hasattr(weights, "_get_variable_list"):
        weights = weights._get_variable_list()
    weights = list(weights) if isinstance(weights, (list, tuple)) else [weights]
    with name_scope(name, "compute_sampled_logits", weights + [biases, inputs, labels]):
        labels = math_ops.cast(convert_to_tensor(labels), D.int64)
        inputs = convert_to_tensor(inputs, name="inputs")
        labels_flat = array_ops.reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = log_uniform_candidate_sampler(
                labels, num_true, num_sampled, True, num_classes, seed=seed
            )
        sampled, true_count, sampled_count = (array_ops.stop_gradient(s) for s in sampled_values)
        sampled = math_ops.cast(sampled, D.int64)
        true_logits, sampled_logits = _true_and_sampled(
            weights, biases, inputs, labels_flat, sampled, num_true, partition_strategy
        )
        if remove_accidental_hits:
            sampled_logits = _cancel_hits(sampled_logits, labels, sampled, num_true, num_sampled)
        if subtract_log_q:
            true_logits -= math_ops.log(true_count)
            sampled_logits -= math_ops.log(sampled_count)
        out_logits = array_ops.concat([true_logits, sampled_logits], 1)
        out_labels = array_ops.concat(
            [array_ops.ones_like(true_logits) / num_true, array_ops.zeros_like(sampled_logits)], 1
        )
        return out_logits, out_labels


def nce_loss(
    weights,
    biases,
    labels,
    inputs,
    num_sampled,
    num_classes,
    num_true=1,
    sampled_values=None,
    remove_accidental_hits=False,
    partition_strategy="mod",
    name="nce_loss",
):
    """Noise-contrastive estimation loss per example, [batch_size]."""
    logits, labels = _compute_sampled_logits(
        weights,
        biases,
        labels,
        inputs,
        num_sampled,
        num_classes,
        num_true=num_true,
        sampled_values=sampled_values,
        subtract_log_q=True,
        remove_accidental_hits=remove_accidental_hits,
        partition_strategy=partition_strategy,
        name=name,
    )
    losses = nn_ops.sigmoid_cross_entropy_with_logits(
        labels=labels, logits=logits, name="sampled_losses"
    )
    return _sum_rows(losses)


def sampled_softmax_loss(
    weights,
    biases,
    labels,
    inputs,
    num_sampled,
    num_classes,
    num_true=1,
    sampled_values=None,
    remove_accidental_hits=True,
    partition_strategy="mod",
    name="sampled_softmax_loss",
    seed=None,
):
    """Softmax cross entropy over the true and sampled classes per example, [batch_size]."""
    logits, labels = _compute_sampled_logits(
        weights,
        biases,
        labels,
        inputs,
        num_sampled,
        num_classes,
        num_true=num_true,
        sampled_values=sampled_values,
        subtract_log_q=True,
        remove_accidental_hits=remove_accidental_hits,
        partition_strategy=partition_strategy,
        name=name,
        seed=seed,
    )
    labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return nn_ops.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
