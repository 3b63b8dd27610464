"""`tensorflow.python.tools.freeze_graph`: a GraphDef and a checkpoint in, one GraphDef with the
variables folded into constants out (TF 1.15's freeze_graph).

    python -m tinytf.tools.freeze_graph --input_graph=graph.pbtxt \
        --input_checkpoint=model.ckpt-100 --output_node_names=y --output_graph=frozen.pb
"""

import argparse
import sys

from tinytf.framework.graph import Graph
from tinytf.framework.graph_util import convert_variables_to_constants
from tinytf.framework.importer import import_graph_def
from tinytf.platform import gfile, protos
from tinytf.training import checkpoint_management
from tinytf.training.checkpoint_utils import NewCheckpointReader


def _read_graph_def(path, binary):
    graph_def = protos.message("GraphDef")()
    with gfile.GFile(path, "rb") as f:
        data = f.read()
    if binary:
        graph_def.ParseFromString(data)
    else:
        from google.protobuf import text_format

        text_format.Merge(data.decode(), graph_def)
    return graph_def


def _names(csv):
    return csv.replace(" ", "").split(",") if csv else None


def freeze_graph_with_def_protos(
    input_graph_def,
    input_saver_def,
    input_checkpoint,
    output_node_names,
    restore_op_name,
    filename_tensor_name,
    output_graph,
    clear_devices,
    initializer_nodes,
    variable_names_whitelist="",
    variable_names_blacklist="",
    input_meta_graph_def=None,
    input_saved_model_dir=None,
    saved_model_tags=None,
    checkpoint_version=2,
):
    """The frozen GraphDef (also written to `output_graph` when it is set)."""
    from tinytf.client.session import Session
    from tinytf.training.saver import Saver

    if not checkpoint_management.checkpoint_exists(input_checkpoint):
        print(f"Input checkpoint '{input_checkpoint}' doesn't exist!")
        return -1
    if not output_node_names:
        print("You need to supply the name of a node to --output_node_names.")
        return -1
    if input_meta_graph_def is not None:
        input_graph_def = input_meta_graph_def.graph_def
    if clear_devices:
        for node in input_graph_def.node:
            node.device = ""
    graph = Graph()
    with graph.as_default():
        import_graph_def(input_graph_def, name="")
        with Session(graph=graph) as sess:
            if input_saver_def is not None:
                Saver(saver_def=input_saver_def).restore(sess, input_checkpoint)
            else:
                var_list = {}
                for key in NewCheckpointReader(input_checkpoint).get_variable_to_shape_map():
                    try:
                        var_list[key] = graph.get_tensor_by_name(key + ":0")
                    except KeyError:
                        continue  # in the checkpoint, not in the graph
                Saver(var_list=var_list).restore(sess, input_checkpoint)
            if initializer_nodes:
                sess.run(_names(initializer_nodes))
            frozen = convert_variables_to_constants(
                sess,
                input_graph_def,
                _names(output_node_names),
                variable_names_whitelist=_names(variable_names_whitelist),
                variable_names_blacklist=_names(variable_names_blacklist),
            )
    if output_graph:
        with gfile.GFile(output_graph, "wb") as f:
            f.write(frozen.SerializeToString())
    return frozen


def freeze_graph(
    input_graph,
    input_saver,
    input_binary,
    input_checkpoint,
    output_node_names,
    restore_op_name,
    filename_tensor_name,
    output_graph,
    clear_devices,
    initializer_nodes,
    variable_names_whitelist="",
    variable_names_blacklist="",
    input_meta_graph=None,
    input_saved_model_dir=None,
    saved_model_tags="serve",
    checkpoint_version=2,
):
    """Freezes the graph in file `input_graph` with the values in `input_checkpoint` into
    `output_graph` (TF 1.15's freeze_graph; restore_op_name and filename_tensor_name are
    ignored, as in TF 1.15)."""
    meta_graph_def = None
    if input_meta_graph:
        meta_graph_def = protos.message("MetaGraphDef")()
        with gfile.GFile(input_meta_graph, "rb") as f:
            meta_graph_def.ParseFromString(f.read())
        graph_def = None
    else:
        graph_def = _read_graph_def(input_graph, input_binary)
    saver_def = None
    if input_saver:
        from tinytf.platform.checkpoint_protos import SaverDef

        saver_def = SaverDef()
        with gfile.GFile(input_saver, "rb") as f:
            saver_def.ParseFromString(f.read())
    return freeze_graph_with_def_protos(
        graph_def, saver_def, input_checkpoint, output_node_names, restore_op_name,
        filename_tensor_name, output_graph, clear_devices, initializer_nodes,
        variable_names_whitelist, variable_names_blacklist, meta_graph_def,
    )


def _main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("input_graph", "input_saver", "input_checkpoint", "output_node_names",
                 "output_graph", "initializer_nodes", "variable_names_whitelist",
                 "variable_names_blacklist", "input_meta_graph"):
        p.add_argument(f"--{name}", default="")
    p.add_argument("--restore_op_name", default="save/restore_all")
    p.add_argument("--filename_tensor_name", default="save/Const:0")
    for name in ("input_binary", "clear_devices"):
        p.add_argument(f"--{name}", nargs="?", const=True, default=name == "clear_devices",
                       type=lambda v: str(v).lower() in ("1", "true", "yes"))
    a = p.parse_args(argv)
    if not (a.input_graph or a.input_meta_graph):
        print("You need to supply the name of a graph file to --input_graph.")
        return -1
    result = freeze_graph(
        a.input_graph, a.input_saver, a.input_binary, a.input_checkpoint, a.output_node_names,
        a.restore_op_name, a.filename_tensor_name, a.output_graph, a.clear_devices,
        a.initializer_nodes, a.variable_names_whitelist, a.variable_names_blacklist,
        a.input_meta_graph or None,
    )
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(_main())
