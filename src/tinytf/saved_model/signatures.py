"""TensorInfo and SignatureDef protos of a SavedModel: how TF Serving's Predict, Classify and
Regress APIs find the tensors to feed and fetch.

    sig = tf.saved_model.classification_signature_def(serialized_examples, classes, scores)
    scores = tf.saved_model.get_tensor_from_tensor_info(sig.outputs["scores"])
"""

from tinytf.framework import dtypes as D
from tinytf.framework.graph import get_default_graph
from tinytf.framework.graph_io import protos, shape_proto
from tinytf.framework.ops import Tensor
from tinytf.saved_model import signature_constants as C


def _meta_pb2():
    protos()  # the clear ImportError without TensorBoard's protobufs
    from tensorboard.compat.proto import meta_graph_pb2

    return meta_graph_pb2


def build_tensor_info(tensor):
    """A TensorInfo naming `tensor` (or a SparseTensor's three tensors), its dtype and shape."""
    from tinytf.ops.sparse_ops import SparseTensor

    info = _meta_pb2().TensorInfo(
        dtype=D.as_dtype(tensor.dtype).as_datatype_enum,
        tensor_shape=shape_proto(tensor.get_shape()),
    )
    if isinstance(tensor, SparseTensor):
        info.coo_sparse.values_tensor_name = tensor.values.name
        info.coo_sparse.indices_tensor_name = tensor.indices.name
        info.coo_sparse.dense_shape_tensor_name = tensor.dense_shape.name
    else:
        info.name = tensor.name
    return info


def _prepend_name_scope(name, import_scope):
    return f"{import_scope.rstrip('/')}/{name}" if import_scope else name


def get_tensor_from_tensor_info(tensor_info, graph=None, import_scope=None):
    """The Tensor (or SparseTensor) of `graph` that `tensor_info` names; KeyError if absent."""
    from tinytf.ops.sparse_ops import SparseTensor

    graph = graph or get_default_graph()

    def tensor(name):
        return graph.get_tensor_by_name(_prepend_name_scope(name, import_scope))

    encoding = tensor_info.WhichOneof("encoding")
    if encoding == "name":
        return tensor(tensor_info.name)
    if encoding == "coo_sparse":
        sparse = tensor_info.coo_sparse
        return SparseTensor(
            tensor(sparse.indices_tensor_name),
            tensor(sparse.values_tensor_name),
            tensor(sparse.dense_shape_tensor_name),
        )
    raise ValueError(f"Invalid TensorInfo.encoding: {encoding}")


def build_signature_def(inputs=None, outputs=None, method_name=None):
    """A SignatureDef from {key: TensorInfo} maps."""
    signature = _meta_pb2().SignatureDef()
    for key, info in (inputs or {}).items():
        signature.inputs[key].CopyFrom(info)
    for key, info in (outputs or {}).items():
        signature.outputs[key].CopyFrom(info)
    if method_name is not None:
        signature.method_name = method_name
    return signature


def predict_signature_def(inputs, outputs):
    """The 'predict' SignatureDef of {key: tensor} inputs and outputs."""
    if not inputs:
        raise ValueError("Prediction inputs cannot be None or empty.")
    if not outputs:
        raise ValueError("Prediction outputs cannot be None or empty.")
    return build_signature_def(
        {k: build_tensor_info(t) for k, t in inputs.items()},
        {k: build_tensor_info(t) for k, t in outputs.items()},
        C.PREDICT_METHOD_NAME,
    )


def _typed_info(tensor, enum, what):
    """The TensorInfo of `tensor`, which must have the DataType `enum` (ValueError naming it)."""
    info = build_tensor_info(tensor)
    if info.dtype != enum:
        kind = "string" if enum == D.string.as_datatype_enum else "float"
        raise ValueError(f"{what} must be a {kind} Tensor.")
    return info


def _check_examples(examples, api):
    if examples is None:
        raise ValueError(f"{api} examples cannot be None.")
    if not isinstance(examples, Tensor):
        raise ValueError(f"{api} examples must be a string Tensor.")


def regression_signature_def(examples, predictions):
    """The 'regress' SignatureDef (TF Serving's Regress API): serialized tf.Examples (a string
    tensor) to float `predictions`."""
    _check_examples(examples, "Regression")
    if predictions is None:
        raise ValueError("Regression predictions cannot be None.")
    examples_info = _typed_info(examples, D.string.as_datatype_enum, "Regression examples")
    inputs = {C.REGRESS_INPUTS: examples_info}
    outputs = {
        C.REGRESS_OUTPUTS: _typed_info(predictions, D.float32.as_datatype_enum, "Regression output")
    }
    return build_signature_def(inputs, outputs, C.REGRESS_METHOD_NAME)


def classification_signature_def(examples, classes, scores):
    """The 'classify' SignatureDef (TF Serving's Classify API): serialized tf.Examples to string
    `classes` and/or float `scores`."""
    _check_examples(examples, "Classification")
    if classes is None and scores is None:
        raise ValueError("Classification classes and scores cannot both be None.")
    examples_info = _typed_info(examples, D.string.as_datatype_enum, "Classification examples")
    inputs = {C.CLASSIFY_INPUTS: examples_info}
    outputs = {}
    if classes is not None:
        outputs[C.CLASSIFY_OUTPUT_CLASSES] = _typed_info(
            classes, D.string.as_datatype_enum, "Classification classes"
        )
    if scores is not None:
        outputs[C.CLASSIFY_OUTPUT_SCORES] = _typed_info(
            scores, D.float32.as_datatype_enum, "Classification scores"
        )
    return build_signature_def(inputs, outputs, C.CLASSIFY_METHOD_NAME)


def _dtypes_are(infos, wanted):
    """Whether `infos` (a TensorInfo map) has exactly the keys of `wanted` ({key: enum}), each
    with its dtype."""
    return set(infos.keys()) == set(wanted) and all(infos[k].dtype == e for k, e in wanted.items())


def is_valid_signature(signature_def):
    """Whether TF Serving can serve `signature_def` (a well-formed predict, classify or regress
    signature)."""
    if signature_def is None:
        return False
    string, floats = D.string.as_datatype_enum, D.float32.as_datatype_enum
    sig = signature_def
    if sig.method_name == C.PREDICT_METHOD_NAME:
        return bool(sig.inputs.keys()) and bool(sig.outputs.keys())
    if sig.method_name == C.REGRESS_METHOD_NAME:
        return _dtypes_are(sig.inputs, {C.REGRESS_INPUTS: string}) and _dtypes_are(
            sig.outputs, {C.REGRESS_OUTPUTS: floats}
        )
    if sig.method_name == C.CLASSIFY_METHOD_NAME:
        allowed = {C.CLASSIFY_OUTPUT_CLASSES: string, C.CLASSIFY_OUTPUT_SCORES: floats}
        outputs = {k: allowed.get(k) for k in sig.outputs.keys()}
        return (
            _dtypes_are(sig.inputs, {C.CLASSIFY_INPUTS: string})
            and bool(outputs)
            and None not in outputs.values()
            and _dtypes_are(sig.outputs, outputs)
        )
    return False
