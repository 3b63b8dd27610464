"""CTCBeamSearchDecoder: TF's prefix beam search (tensorflow/core/util/ctc/ctc_beam_search.h)
with its default scorer, over the log-softmax of time-major logits; the blank is the last
class. The beam is a prefix tree whose entries keep the log probability of ending in a blank
and in their label, at the previous and the current step; the beam holds the beam_width best."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.ops import shape_util
from tinytf.ops.sparse_ops import SparseTensor

NEG_INF = -np.inf


def _lse(a, b):
    if a == NEG_INF:
        return b
    if b == NEG_INF:
        return a
    m = max(a, b)
    return m + np.log1p(np.exp(-abs(a - b)))


class _Entry:
    """A prefix: its parent, last label, children and (blank, label, total) log probs."""

    __slots__ = ("parent", "label", "children", "old", "new")

    def __init__(self, parent, label):
        self.parent, self.label, self.children = parent, label, {}
        self.old = [NEG_INF] * 3  # blank, label, total
        self.new = [NEG_INF] * 3

    def active(self):
        return self.new[2] != NEG_INF

    def child(self, label):
        if label not in self.children:
            self.children[label] = _Entry(self, label)
        return self.children[label]

    def labels(self, merge_repeated):
        out, prev, e = [], -1, self
        while e.parent is not None:
            if not merge_repeated or e.label != prev:
                out.append(e.label)
            prev, e = e.label, e.parent
        return out[::-1]


def _ranked(leaves):
    return sorted(leaves, key=lambda e: -e.new[2])


def _extend_existing(b, x, blank):
    if b.parent is not None:
        if b.parent.active():
            p = b.parent.old
            previous = p[0] if b.label == b.parent.label else p[2]
            b.new[1] = _lse(b.new[1], previous)
        b.new[1] += x[b.label]
    b.new[0] = b.old[2] + x[blank]
    b.new[2] = _lse(b.new[0], b.new[1])


def _step(leaves, x, beam_width):
    """One time step of log probabilities x [num_classes] over the beam (a list)."""
    blank = len(x) - 1  # scored by the log-softmax itself, as TF 1.15 (no per-step max shift)
    branches = _ranked(leaves)
    for b in branches:
        b.old = list(b.new)
    leaves = []
    for b in branches:
        _extend_existing(b, x, blank)
        leaves.append(b)

    def candidate(prob):
        return prob[2] > NEG_INF and (
            len(leaves) < beam_width or prob[2] > min(e.new[2] for e in leaves)
        )

    for b in branches:
        if not candidate(b.old):
            continue
        for label in range(blank):
            c = b.child(label)
            if c.active():
                continue
            previous = b.old[0] if c.label == b.label else b.old[2]
            c.new = [NEG_INF, x[label] + previous, x[label] + previous]
            if candidate(c.new):
                if len(leaves) == beam_width:
                    bottom = min(leaves, key=lambda e: e.new[2])
                    bottom.new = [NEG_INF] * 3
                    leaves.remove(bottom)
                leaves.append(c)
            else:
                c.old, c.new = [NEG_INF] * 3, [NEG_INF] * 3
    return leaves


def _decode(logp, beam_width, top_paths, merge_repeated):
    root = _Entry(None, -1)
    root.new = [0.0, NEG_INF, 0.0]
    leaves = [root]
    for x in logp:
        leaves = _step(leaves, x, beam_width)
    if top_paths > len(leaves):
        raise InvalidArgumentError(None, None, "Less leaves in the beam search than requested.")
    best = _ranked(leaves)[:top_paths]
    return [e.labels(merge_repeated) for e in best], [e.new[2] for e in best]


def _log_softmax(x):
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


@register_op
class CTCBeamSearchDecoder(OpDef):
    """The top_paths most likely label sequences of each example, by beam search."""

    inputs = ("inputs", "sequence_length")
    type_inputs = ("inputs",)
    attrs = {"beam_width": None, "top_paths": None, "merge_repeated": True}
    allowed = frozenset({D.float32})
    list_output = True

    def infer(x, lengths, *, beam_width, top_paths, merge_repeated):
        dims = shape_util.with_rank(x.shape, 3).as_list()
        batch = shape_util.merge_dim(dims[1], shape_util.with_rank(lengths.shape, 1)[0].value)
        return (
            [TensorSpec([None, 2], D.int64)] * top_paths
            + [TensorSpec([None], D.int64)] * top_paths
            + [TensorSpec([2], D.int64)] * top_paths
            + [TensorSpec([batch, top_paths], x.dtype)]
        )

    def kernel(xp, x, lengths, *, beam_width, top_paths, merge_repeated):
        if top_paths > beam_width:
            raise InvalidArgumentError(None, None, "requested more paths than the beam width.")
        x = np.asarray(x, np.float64)
        batch = x.shape[1]
        paths = [[] for _ in range(top_paths)]
        log_prob = np.zeros((batch, top_paths), np.float32)
        for b in range(batch):
            seqs, scores = _decode(
                _log_softmax(x[: int(lengths[b]), b]), beam_width, top_paths, merge_repeated
            )
            for i, (seq, score) in enumerate(zip(seqs, scores)):
                paths[i].append(seq)
                log_prob[b, i] = score
        indices, values, shapes = [], [], []
        for per_batch in paths:
            indices.append(
                np.asarray(
                    [[b, j] for b, seq in enumerate(per_batch) for j in range(len(seq))], np.int64
                ).reshape(-1, 2)
            )
            values.append(np.asarray([c for seq in per_batch for c in seq], np.int64))
            shapes.append(np.asarray([batch, max(len(s) for s in per_batch)], np.int64))
        return [xp.asarray(a) for a in indices + values + shapes] + [xp.asarray(log_prob)]


NotDifferentiable("CTCBeamSearchDecoder")


def ctc_beam_search_decoder(
    inputs, sequence_length, beam_width=100, top_paths=1, merge_repeated=True
):
    """([SparseTensor per path], log_probabilities [batch, top_paths]) by beam search over
    time-major logits [max_time, batch, num_classes] (blank last)."""
    outs = CTCBeamSearchDecoder.apply(
        inputs,
        sequence_length,
        beam_width=beam_width,
        top_paths=top_paths,
        merge_repeated=merge_repeated,
    )
    n = top_paths
    decoded = [SparseTensor(outs[i], outs[n + i], outs[2 * n + i]) for i in range(n)]
    return decoded, outs[3 * n]


def ctc_beam_search_decoder_v2(inputs, sequence_length, beam_width=100, top_paths=1):
    """ctc_beam_search_decoder with merge_repeated=False (TF 2's default)."""
    return ctc_beam_search_decoder(inputs, sequence_length, beam_width, top_paths, False)
