"""tf.train.export_meta_graph / import_meta_graph: a graph with its collections and its Saver in
one MetaGraphDef (TensorBoard's protobuf classes), so that a fresh process restores a model
without the code that built it.

    saver = tf.train.import_meta_graph("ckpt/model-100.meta")
    saver.restore(sess, "ckpt/model-100")
"""

import logging
import os

from tinytf.framework import graph_io
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.importer import import_graph_def
from tinytf.framework.ops import Operation, Tensor
from tinytf.framework.versions import VERSION
from tinytf.ops.variables import Variable
from tinytf.platform.fileio import atomic_write

_log = logging.getLogger("tensorflow")

# Collections whose values are Variables, stored as serialized VariableDefs (as TF does).
_VARIABLE_COLLECTIONS = {
    GraphKeys.GLOBAL_VARIABLES,
    GraphKeys.TRAINABLE_VARIABLES,
    GraphKeys.LOCAL_VARIABLES,
    GraphKeys.MODEL_VARIABLES,
    GraphKeys.GLOBAL_STEP,
    "moving_average_variables",
    "metric_variables",
}


def _pb():
    graph_io.protos()  # the clear ImportError when tensorboard is missing
    from tensorboard.compat.proto import meta_graph_pb2, op_def_pb2, variable_pb2

    return meta_graph_pb2, op_def_pb2, variable_pb2


def _stripped_op_list(graph, op_def_pb2):
    """TF's OpDefs of the op types the graph uses (recorded in tf_op_defs.json)."""
    from google.protobuf import json_format

    op_list = op_def_pb2.OpList()
    specs = graph_io.tf_op_defs()
    for type_name in sorted({op.type for op in graph.get_operations()} & set(specs)):
        spec = specs[type_name]
        op_def = op_list.op.add(name=type_name)
        for field, args in (("input_arg", spec["inputs"]), ("output_arg", spec["outputs"])):
            for arg in args:
                getattr(op_def, field).add(**arg)
        for attr in spec["attrs"]:
            a = op_def.attr.add(name=attr["name"], type=attr["type"])
            if "default" in attr:
                json_format.ParseDict(attr["default"], a.default_value)
    return op_list


def _add_collection(meta, key, values, export_scope):
    collection = _pb()[0].CollectionDef()
    if key.startswith("tinytf_"):
        return  # tinytf's own bookkeeping (input feeders): Python callables, not graph data
    if key == GraphKeys.SAVERS:
        collection.bytes_list.value.extend(s.saver_def.SerializeToString() for s in values)
    elif key in _VARIABLE_COLLECTIONS and all(isinstance(v, Variable) for v in values):
        protos = [v.to_proto(export_scope) for v in values]
        collection.bytes_list.value.extend(p.SerializeToString() for p in protos if p)
    elif all(isinstance(v, (Tensor, Operation, Variable)) for v in values):
        names = [(v._ref() if isinstance(v, Variable) else v).name for v in values]
        collection.node_list.value.extend(names)
    elif all(isinstance(v, (bytes, str)) for v in values):
        collection.bytes_list.value.extend(v.encode() if isinstance(v, str) else v for v in values)
    elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        collection.int64_list.value.extend(values)
    elif all(isinstance(v, float) for v in values):
        collection.float_list.value.extend(values)
    else:
        _log.warning(
            "Issue encountered when serializing %s: its values are not tensors, variables or "
            "plain values, so it is left out of the MetaGraphDef.",
            key,
        )
        return
    meta.collection_def[key].CopyFrom(collection)


def export_meta_graph(
    filename=None,
    meta_info_def=None,
    graph_def=None,
    saver_def=None,
    collection_list=None,
    as_text=False,
    graph=None,
    export_scope=None,
    clear_devices=False,
    clear_extraneous_savers=False,
    strip_default_attrs=False,
    save_debug_info=False,
    **kwargs,
):
    """The MetaGraphDef of `graph` (default: the default graph); written to `filename` if given."""
    meta_pb2, op_def_pb2, _ = _pb()
    graph = graph or get_default_graph()
    meta = meta_pb2.MetaGraphDef()
    if meta_info_def is not None:
        meta.meta_info_def.CopyFrom(meta_info_def)
    meta.meta_info_def.tensorflow_version = VERSION
    meta.meta_info_def.tensorflow_git_version = "tinytf"
    meta.meta_info_def.stripped_op_list.CopyFrom(_stripped_op_list(graph, op_def_pb2))
    meta.graph_def.CopyFrom(graph_def if graph_def is not None else graph.as_graph_def())
    if saver_def is not None:
        meta.saver_def.ParseFromString(saver_def.SerializeToString())
    keys = collection_list if collection_list is not None else graph.get_all_collection_keys()
    for key in keys:
        values = graph.get_collection(key)
        if values:
            _add_collection(meta, key, values, export_scope)
    if filename:
        from google.protobuf import text_format

        directory = os.path.dirname(filename)
        if directory:
            os.makedirs(directory, exist_ok=True)
        data = text_format.MessageToString(meta).encode() if as_text else meta.SerializeToString()
        atomic_write(filename, data)
    return meta


def read_meta_graph_file(filename):
    """The MetaGraphDef in `filename`, binary or text format."""
    from google.protobuf import text_format

    meta_pb2 = _pb()[0]
    if not os.path.isfile(filename):
        raise OSError(f"File {filename} does not exist.")
    with open(filename, "rb") as f:
        data = f.read()
    meta = meta_pb2.MetaGraphDef()
    try:
        meta.ParseFromString(data)
        return meta
    except Exception:  # protobuf's DecodeError: try the text format
        pass
    try:
        text_format.Merge(data.decode("utf-8"), meta)
    except (text_format.ParseError, UnicodeDecodeError) as e:
        raise OSError(f"Cannot parse file {filename}: {e}.") from None
    return meta


def _import_collections(meta, graph, import_scope):
    _, _, variable_pb2 = _pb()
    scoped = (lambda n: f"{import_scope}/{n}") if import_scope else (lambda n: n)
    by_name = {}
    for key, collection in meta.collection_def.items():
        kind = collection.WhichOneof("kind")
        if kind == "bytes_list" and key in _VARIABLE_COLLECTIONS:
            for raw in collection.bytes_list.value:
                var_def = variable_pb2.VariableDef.FromString(raw)
                name = var_def.variable_name
                if name not in by_name:
                    by_name[name] = Variable.from_proto(var_def, import_scope)
                graph.add_to_collection(key, by_name[name])
        elif kind == "bytes_list" and key == GraphKeys.SAVERS:
            from tinytf.platform.checkpoint_protos import SaverDef
            from tinytf.training.saver import Saver

            for raw in collection.bytes_list.value:
                saver_def = _scoped_saver_def(SaverDef.FromString(raw), import_scope)
                graph.add_to_collection(key, Saver(saver_def=saver_def))
        elif kind == "node_list":
            for name in collection.node_list.value:
                graph.add_to_collection(key, graph.as_graph_element(scoped(name)))
        elif kind is not None:
            for value in getattr(collection, kind).value:
                graph.add_to_collection(key, value)


def _scoped_saver_def(saver_def, import_scope):
    if import_scope:
        for field in ("filename_tensor_name", "save_tensor_name", "restore_op_name"):
            setattr(saver_def, field, f"{import_scope}/{getattr(saver_def, field)}")
    return saver_def


def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Adds the graph and collections of a MetaGraphDef (or .meta file) to the default graph;
    returns a Saver built from its SaverDef (None when there is nothing to restore)."""
    from tinytf.training.saver import Saver

    meta = meta_graph_or_file
    if isinstance(meta, (str, os.PathLike)):
        meta = read_meta_graph_file(os.fspath(meta))
    graph = get_default_graph()
    import_graph_def(meta.graph_def, name=import_scope or "")
    _import_collections(meta, graph, import_scope)
    if meta.HasField("saver_def"):
        from tinytf.platform.checkpoint_protos import SaverDef

        saver_def = SaverDef.FromString(meta.saver_def.SerializeToString())
        return Saver(saver_def=_scoped_saver_def(saver_def, import_scope))
    if graph.get_collection(GraphKeys.GLOBAL_VARIABLES, import_scope):
        return Saver(var_list=graph.get_collection(GraphKeys.GLOBAL_VARIABLES, import_scope))
    _log.info("Saver not created because there are no variables in the graph to restore")
    return None
