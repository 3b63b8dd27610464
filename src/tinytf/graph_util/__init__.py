"""tf.graph_util."""

from tinytf.framework.graph_util import (  # noqa: F401
    convert_variables_to_constants,
    extract_sub_graph,
    remove_training_nodes,
)
from tinytf.framework.importer import import_graph_def  # noqa: F401
from tinytf.graph_util.device import must_run_on_cpu, tensor_shape_from_node_def_name  # noqa: F401
