"""Connectionist temporal classification: the CTCLoss op (forward-backward in log space, with
its gradient with respect to the logits as TF computes it in the same kernel) and
CTCGreedyDecoder. Inputs are time-major logits [max_time, batch, num_classes]; the blank is
the last class, as in TF 1.15's ops."""

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
from tinytf.ops import array_ops, math_ops, shape_util
from tinytf.ops.reduction_ops import reduce_max, reduce_sum
from tinytf.ops.sequence_ops import scatter_nd, sequence_mask
from tinytf.ops.sparse_ops import SparseTensor

NEG_INF = -np.inf


def _log_softmax(x):
    m = x.max(-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))


def _logsumexp(*terms):
    stacked = np.stack(terms)
    m = stacked.max(0)
    safe = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        return safe + np.log(np.exp(stacked - safe).sum(0))


def _shifted(a, k):
    """a moved k places to the right along the last axis, -inf filled."""
    out = np.full_like(a, NEG_INF)
    out[k:] = a[: len(a) - k]
    return out


def _transitions(lp, merge):
    """Masks over the augmented label lp: may stay at s, may come from s - 2."""
    blank = lp == lp[0]
    stay = blank | merge
    skip = ~blank & np.concatenate(
        [[False, False], lp[2:] != lp[:-2]]
        if merge
        else [[False, False], np.ones(len(lp) - 2, bool)]
    )
    return stay, skip


def _alpha_beta(logp, lp, merge):
    """log alpha (paths to (t, s), including y_t) and log beta (paths from (t, s) onward,
    excluding y_t), each [T, S]."""
    t_max, s_max = logp.shape[0], len(lp)
    stay, skip = _transitions(lp, merge)
    emit = logp[:, lp]
    alpha = np.full((t_max, s_max), NEG_INF)
    alpha[0, :2] = emit[0, :2]
    for t in range(1, t_max):
        prev = alpha[t - 1]
        alpha[t] = emit[t] + _logsumexp(
            np.where(stay, prev, NEG_INF),
            _shifted(prev, 1),
            np.where(skip, _shifted(prev, 2), NEG_INF),
        )
    beta = np.full((t_max, s_max), NEG_INF)
    beta[-1, -2:] = 0.0
    for t in range(t_max - 2, -1, -1):
        nxt = beta[t + 1] + emit[t + 1]
        from_self = np.where(stay, nxt, NEG_INF)
        from_next = np.append(nxt[1:], NEG_INF)
        from_skip = np.where(
            np.append(skip[2:], [False, False]), np.append(nxt[2:], [NEG_INF] * 2), NEG_INF
        )
        beta[t] = _logsumexp(from_self, from_next, from_skip)
    return alpha, beta


def _collapse(labels):
    return [c for i, c in enumerate(labels) if i == 0 or c != labels[i - 1]]


def _one_loss(logits, labels, merge, ignore_longer, b):
    """(loss, gradient [T, K]) of one example's logits [T, K] (its own length)."""
    t_max, k = logits.shape
    grad = np.zeros_like(logits, dtype=np.float64)
    need = len(labels)  # TF's check; a repeat without room for a blank gives an inf loss
    if need > t_max:
        if ignore_longer:
            return 0.0, grad
        raise InvalidArgumentError(
            None,
            None,
            f"Not enough time for target transition sequence (required: {need}, "
            f"available: {t_max})0You can turn this error into a warning by using the flag "
            "ignore_longer_outputs_than_inputs",
        )
    if t_max == 0:
        return 0.0, grad
    logp = _log_softmax(logits.astype(np.float64))
    lp = np.full(2 * len(labels) + 1, k - 1)
    lp[1::2] = labels
    alpha, beta = _alpha_beta(logp, lp, merge)
    total = _logsumexp(alpha[-1, -1], alpha[-1, -2]) if len(lp) > 1 else alpha[-1, -1]
    occupancy = np.exp(alpha + beta - total)  # [T, S]
    np.add.at(grad.T, lp, -occupancy.T)
    return -total, grad + np.exp(logp)


def _labels_per_example(indices, values, batch):
    rows = [[] for _ in range(batch)]
    for (b, _), v in zip(np.asarray(indices).tolist(), np.asarray(values).tolist()):
        rows[b].append(v)
    return rows


@register_op
class CTCLoss(OpDef):
    """The CTC loss (-log p(labels | logits)) of each example, and its gradient."""

    inputs = ("inputs", "labels_indices", "labels_values", "sequence_length")
    type_inputs = ("inputs",)
    attrs = {
        "preprocess_collapse_repeated": False,
        "ctc_merge_repeated": True,
        "ignore_longer_outputs_than_inputs": False,
    }
    allowed = frozenset({D.float32, D.float64})
    list_output = True

    def infer(x, indices, values, lengths, **_):
        dims = shape_util.with_rank(x.shape, 3).as_list()
        shape_util.with_rank(indices.shape, 2)
        shape_util.with_rank(values.shape, 1)
        dims[1] = shape_util.merge_dim(dims[1], shape_util.with_rank(lengths.shape, 1)[0].value)
        return [TensorSpec([dims[1]], x.dtype), TensorSpec(dims, x.dtype)]

    def kernel(
        xp,
        x,
        indices,
        values,
        lengths,
        *,
        preprocess_collapse_repeated,
        ctc_merge_repeated,
        ignore_longer_outputs_than_inputs,
    ):
        x = np.asarray(x)
        t_max, batch, k = x.shape
        loss, grad = np.zeros(batch), np.zeros(x.shape)
        for b, labels in enumerate(_labels_per_example(indices, values, batch)):
            if not labels:
                raise InvalidArgumentError(None, None, f"Labels length is zero in batch {b}")
            if preprocess_collapse_repeated:
                labels = _collapse(labels)
            if any(not 0 <= c < k - 1 for c in labels):
                raise InvalidArgumentError(
                    None,
                    None,
                    f"Saw a non-null label (index >= num_classes - 1) following a "
                    f"null label, batch: {b} num_classes: {k} labels: {labels}",
                )
            n = int(lengths[b])
            if n > t_max:
                raise InvalidArgumentError(None, None, f"sequence_length({b}) <= {t_max}")
            loss[b], grad[:n, b] = _one_loss(
                x[:n, b], labels, ctc_merge_repeated, ignore_longer_outputs_than_inputs, b
            )
        return [xp.asarray(loss.astype(x.dtype)), xp.asarray(grad.astype(x.dtype))]

    def grad(op, grad_loss, _):
        # the loss's gradient, scaled per example (TF's _BroadcastMul)
        return [array_ops.expand_dims(grad_loss, -1) * op.outputs[1], None, None, None]


@register_op
class CTCGreedyDecoder(OpDef):
    """The most likely class at each step, blanks (and, if merge_repeated, repeats) dropped;
    log_probability is minus the sum of the chosen logits."""

    inputs = ("inputs", "sequence_length")
    type_inputs = ("inputs",)
    attrs = {"merge_repeated": False}
    allowed = frozenset({D.float32, D.float64})
    list_output = True

    def infer(x, lengths, *, merge_repeated):
        dims = shape_util.with_rank(x.shape, 3).as_list()
        batch = shape_util.merge_dim(dims[1], shape_util.with_rank(lengths.shape, 1)[0].value)
        return [
            TensorSpec([None, 2], D.int64),
            TensorSpec([None], D.int64),
            TensorSpec([2], D.int64),
            TensorSpec([batch, 1], x.dtype),
        ]

    def kernel(xp, x, lengths, *, merge_repeated):
        x = np.asarray(x)
        t_max, batch, k = x.shape
        best, top = x.argmax(-1), x.max(-1)
        indices, values, log_prob = [], [], np.zeros((batch, 1), x.dtype)
        longest = 0
        for b in range(batch):
            n = int(lengths[b])
            log_prob[b, 0] = -top[:n, b].sum()
            prev, out = -1, []
            for c in best[:n, b].tolist():
                if c != k - 1 and not (merge_repeated and c == prev):
                    out.append(c)
                prev = c
            indices += [[b, i] for i in range(len(out))]
            values += out
            longest = max(longest, len(out))
        return [
            xp.asarray(np.asarray(indices, np.int64).reshape(-1, 2)),
            xp.asarray(np.asarray(values, np.int64)),
            xp.asarray(np.asarray([batch, longest], np.int64)),
            xp.asarray(log_prob),
        ]


NotDifferentiable("CTCGreedyDecoder")


def ctc_loss(
    labels,
    inputs=None,
    sequence_length=None,
    preprocess_collapse_repeated=False,
    ctc_merge_repeated=True,
    ignore_longer_outputs_than_inputs=False,
    time_major=True,
    logits=None,
):
    """The CTC loss of each example: SparseTensor `labels` (int32) against logits
    [max_time, batch, num_classes] (batch-major if not time_major); the blank is the last class."""
    if not isinstance(labels, SparseTensor):
        raise TypeError("Expected labels (first argument) to be a SparseTensor")
    inputs = logits if inputs is None else inputs
    inputs = convert_to_tensor(inputs, name="inputs")
    if not time_major:
        inputs = array_ops.transpose(inputs, [1, 0, 2])
    loss, _ = CTCLoss.apply(
        inputs,
        labels.indices,
        labels.values,
        sequence_length,
        preprocess_collapse_repeated=preprocess_collapse_repeated,
        ctc_merge_repeated=ctc_merge_repeated,
        ignore_longer_outputs_than_inputs=ignore_longer_outputs_than_inputs,
    )
    return loss


def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True):
    """([SparseTensor of the decoded classes], log_probability [batch, 1]) by best path."""
    indices, values, shape, log_prob = CTCGreedyDecoder.apply(
        inputs, sequence_length, merge_repeated=merge_repeated
    )
    return [SparseTensor(indices, values, shape)], log_prob


def _dim(t, i):
    """A dimension of t: static if known, else from its dynamic shape."""
    d = t.shape[i].value if t.shape.ndims is not None else None
    return array_ops.shape(t)[i] if d is None else d


def collapse_repeated(labels, seq_length, name=None):
    """(labels [batch, new_max_len] with repeats merged and zero padded, new lengths)."""

    with name_scope(name, "collapse_repeated_labels", [labels, seq_length]):
        labels = convert_to_tensor(labels, name="labels")
        seq_length = convert_to_tensor(seq_length, name="seq_length")
        keep = array_ops.concat(
            [
                array_ops.ones_like(labels[:, :1], D.bool),
                math_ops.not_equal(labels[:, 1:], labels[:, :-1]),
            ],
            axis=1,
        )
        keep = math_ops.logical_and(keep, sequence_mask(seq_length, maxlen=_dim(labels, 1)))
        new_len = reduce_sum(math_ops.cast(keep, D.int32), axis=1)
        new_max = reduce_max(new_len)
        idx_mask = array_ops.reshape(sequence_mask(new_len, maxlen=new_max), [-1])
        idx = math_ops.range(_dim(idx_mask, 0))
        flat = scatter_nd(
            array_ops.expand_dims(array_ops.boolean_mask(idx, idx_mask), axis=1),
            array_ops.boolean_mask(array_ops.reshape(labels, [-1]), array_ops.reshape(keep, [-1])),
            array_ops.shape(idx_mask),
        )
        out = array_ops.reshape(flat, array_ops.stack([_dim(labels, 0), new_max]))
        return out, math_ops.cast(new_len, seq_length.dtype)


def _blank_last(labels, logits, blank_index):
    """Logits with class blank_index moved last and labels above it shifted down (the op's
    blank is the last class)."""

    classes = _dim(logits, 2)
    if blank_index < 0:
        blank_index += classes
    if blank_index == classes - 1:
        return labels, logits
    logits = array_ops.concat(
        [
            logits[:, :, :blank_index],
            logits[:, :, blank_index + 1 :],
            logits[:, :, blank_index : blank_index + 1],
        ],
        axis=2,
    )
    values = math_ops.where(labels.values < blank_index, labels.values, labels.values - 1)
    return SparseTensor(labels.indices, values, labels.dense_shape), logits


def _dense_to_sparse(labels, label_length):

    labels = convert_to_tensor(labels, name="labels")
    mask = sequence_mask(label_length, maxlen=_dim(labels, 1))
    indices = math_ops.where(mask)
    values = math_ops.cast(array_ops.boolean_mask(labels, mask), D.int32)
    return SparseTensor(indices, values, math_ops.cast(array_ops.shape(labels), D.int64))


def ctc_loss_v2(
    labels,
    logits,
    label_length,
    logit_length,
    logits_time_major=True,
    unique=None,
    blank_index=None,
    name=None,
):
    """The CTC loss of each example; labels dense [batch, max_len] (with label_length, blank
    0 by default) or a SparseTensor (blank_index required); any class may be the blank."""

    with name_scope(name, "ctc_loss", [labels, logits]):
        logits = convert_to_tensor(logits, name="logits")
        if isinstance(labels, SparseTensor):
            if blank_index is None:
                raise ValueError("blank_index must be given when using SparseTensor labels.")
        else:
            labels = _dense_to_sparse(labels, label_length)
            blank_index = 0 if blank_index is None else blank_index
        if not logits_time_major:
            logits = array_ops.transpose(logits, [1, 0, 2])
        labels, logits = _blank_last(labels, logits, blank_index)
        return ctc_loss(labels, logits, logit_length, time_major=True)
