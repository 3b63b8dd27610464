"""The op types whose modules `import tinytf` leaves unimported (they load when their Python API
is first used), by the module that registers them: tf.import_graph_def loads these for a
GraphDef that has such ops, so a TF graph imports whether or not its API was touched first.
tests/framework/test_lazy_ops.py checks that every lazily registered op type is listed."""

import importlib

_MODULES = {
    "tinytf.contrib.rnn": ("BlockLSTM", "BlockLSTMGrad", "LSTMBlockCell", "LSTMBlockCellGrad"),
    "tinytf.contrib.seq2seq": ("GatherTree",),
    "tinytf.data.reduction": ("DatasetToSingleElement", "ReduceDataset"),
    "tinytf.ops.lookup_ops": (
        "HashTableV2", "InitializeTableFromTextFileV2", "InitializeTableV2",
        "LookupTableExportV2", "LookupTableFindV2", "LookupTableImportV2",
        "LookupTableInsertV2", "LookupTableRemoveV2", "LookupTableSizeV2", "MutableHashTableV2",
    ),
    "tinytf.ops.mutable_lookup_ops": ("MutableDenseHashTableV2", "MutableHashTableOfTensorsV2"),
    "tinytf.ops.proto_ops": ("DecodeProtoV2", "EncodeProto"),
    "tinytf.ragged": ("RaggedRange", "RaggedTensorToSparse"),
    "tinytf.ops.ragged_string_ops": ("StringNGrams", "UnicodeDecode", "UnicodeDecodeWithOffsets"),
    "tinytf.ops.resource_variable_ops": (
        "AssignVariableOp", "ReadVariableOp", "VarHandleOp", "VarIsInitializedOp",
    ),
    "tinytf.ops.stateful_random_ops": (
        "NonDeterministicInts", "RngSkip", "StatefulStandardNormalV2", "StatefulTruncatedNormal",
        "StatefulUniform", "StatefulUniformFullInt", "StatefulUniformInt",
    ),
    "tinytf.ops.unicode_ops": ("UnicodeScript",),
}
MODULE_OF = {op: module for module, ops in _MODULES.items() for op in ops}


def load(op_types):
    """Imports the modules that register any of `op_types` (those listed here)."""
    for module in sorted({MODULE_OF[t] for t in op_types if t in MODULE_OF}):
        importlib.import_module(module)
