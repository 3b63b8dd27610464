"""Dataset.map(f).batch(n) as one call per batch, where f is a function TF's map vectorization
has a converter for: tf.parse_single_example of fixed-length dense features, whose batch of
records is parsed in one pass instead of one traced-function run per record; with
variable-length (sparse) features, each record's lists become one batched SparseTensor.

The result is the one the per-element path gives. A batch holding any record the fast parser
does not take (a missing feature, a default, a wrong kind or count, a bad proto) runs through
the per-element path instead, which raises TF's error at the record where TF raises it."""

import numpy as np

from tinytf.data import structure as st
from tinytf.ops.example_parsing_ops import _fast_parser, fast_rows

_PARSE_GRAPH = {"Placeholder", "Const", "ParseSingleExample"}


def batched_runner(graph, holders, result):
    """many(elements) -> the batched element, or None for a batch the fast path leaves to the
    per-element runs; None itself when the traced function is not one this file knows."""
    ops = graph.get_operations()
    parses = [op for op in ops if op.type == "ParseSingleExample"]
    flat_holders = st.flat(holders)
    if len(parses) != 1 or len(flat_holders) != 1 or {op.type for op in ops} - _PARSE_GRAPH:
        return None
    op, fetched = parses[0], st.flat(result)
    if op._inputs[0] is not flat_holders[0]:
        return None
    if op._attrs["num_sparse"]:
        return _with_sparse(op, result)
    if not fetched or any(t.op is not op for t in fetched):
        return None
    parse = _fast_parser(op._attrs["dense_keys"], op._attrs["Tdense"], op._attrs["dense_shapes"])
    if parse is None:
        return None

    def many(elements):
        rows = _rows(parse, elements)
        if rows is None:
            return None
        columns = [np.stack(column) for column in zip(*rows)]
        return st.map_structure(lambda t: columns[t.value_index], result)

    return many


def _rows(parse, elements):
    """parse() of each element's record, or None where it leaves one to the per-record path."""
    rows = []
    for element in elements:
        row = parse(st.flat(element)[0])
        if row is None:
            return None
        rows.append(row)
    return rows


def _with_sparse(op, result):
    """many() for a ParseSingleExample with VarLen features: each fetched SparseTensor must be
    one feature's (indices, values, dense_shape), each fetched Tensor a dense feature."""
    n = op._attrs["num_sparse"]
    slots = []  # per fetched leaf: (True, sparse feature) or (False, dense feature)
    for leaf in st.flat(result):
        parts = st.parts([leaf])
        if any(p.op is not op for p in parts):
            return None
        k = parts[0].value_index
        if st.is_sparse(leaf) and [p.value_index for p in parts] == [k, n + k, 2 * n + k]:
            slots.append((True, k))
        elif not st.is_sparse(leaf) and k >= 3 * n:
            slots.append((False, k - 3 * n))
        else:
            return None
    a = op._attrs
    parse = fast_rows(a["sparse_keys"], a["sparse_types"], a["dense_keys"], a["Tdense"],
                      a["dense_shapes"])
    if parse is None:
        return None

    def many(elements):
        rows = _rows(parse, elements)
        if rows is None:
            return None
        sparse = [_sparse_column([r[0][k] for r in rows]) for k in range(n)]
        dense = [np.stack(column) for column in zip(*(r[1] for r in rows))]
        return st.pack_like(result, [sparse[k] if is_sparse else dense[k]
                                     for is_sparse, k in slots])

    return many


def _sparse_column(lists):
    """The batch of one VarLen feature: indices [[row, j]], dense_shape [rows, longest]."""
    lengths = np.array([len(v) for v in lists], np.int64)
    starts = np.cumsum(lengths) - lengths
    within = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(starts, lengths)
    indices = np.stack([np.repeat(np.arange(len(lists), dtype=np.int64), lengths), within], 1)
    shape = np.array([len(lists), lengths.max(initial=0)], np.int64)
    return st.SparseValue(indices, np.concatenate(lists), shape)
