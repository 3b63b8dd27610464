"""Dataset.map(f).batch(n) as one call per batch, where f is a function TF's map vectorization
has a converter for: tf.parse_single_example of fixed-length dense features, whose batch of
records is parsed in one pass instead of one traced-function run per record.

The result is the one the per-element path gives. A batch holding any record the fast parser
does not take (a missing feature, a default, a wrong kind or count, a bad proto) runs through
the per-element path instead, which raises TF's error at the record where TF raises it."""

import numpy as np

from tinytf.data import structure as st

_PARSE_GRAPH = {"Placeholder", "Const", "ParseSingleExample"}


def batched_runner(graph, holders, result):
    """many(elements) -> the batched element, or None for a batch the fast path leaves to the
    per-element runs; None itself when the traced function is not one this file knows."""
    from tinytf.ops.example_parsing_ops import _fast_parser

    ops = graph.get_operations()
    parses = [op for op in ops if op.type == "ParseSingleExample"]
    flat_holders = st.flat(holders)
    if len(parses) != 1 or len(flat_holders) != 1 or {op.type for op in ops} - _PARSE_GRAPH:
        return None
    op, fetched = parses[0], st.flat(result)
    if op._attrs["num_sparse"] or op._inputs[0] is not flat_holders[0]:
        return None
    if not fetched or any(t.op is not op for t in fetched):
        return None
    parse = _fast_parser(op._attrs["dense_keys"], op._attrs["Tdense"], op._attrs["dense_shapes"])
    if parse is None:
        return None

    def many(elements):
        rows = []
        for element in elements:
            row = parse(st.flat(element)[0])
            if row is None:
                return None
            rows.append(row)
        columns = [np.stack(column) for column in zip(*rows)]
        return st.map_structure(lambda t: columns[t.value_index], result)

    return many
