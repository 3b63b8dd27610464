"""tf.estimator.export: what a served model receives (ServingInputReceiver), and the outputs it
gives (PredictOutput), for Estimator.export_savedmodel."""

from collections import namedtuple

from tinytf.framework.ops import Tensor
from tinytf.ops.array_ops import placeholder


class ServingInputReceiver(
    namedtuple(
        "ServingInputReceiver", ["features", "receiver_tensors", "receiver_tensors_alternatives"]
    )
):
    """`features` for the model_fn, computed from the `receiver_tensors` a client feeds."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        if not isinstance(features, dict):
            features = {"feature": features}
        if not isinstance(receiver_tensors, dict):
            receiver_tensors = {"input": receiver_tensors}
        for value in list(features.values()) + list(receiver_tensors.values()):
            if not isinstance(value, Tensor):
                raise ValueError(f"feature and receiver tensors must be Tensors: {value}")
        return super().__new__(cls, features, receiver_tensors, receiver_tensors_alternatives)


def build_raw_serving_input_receiver_fn(features, default_batch_size=None):
    """A serving_input_receiver_fn feeding placeholders shaped like `features` ({key: tensor})
    straight to the model."""

    def serving_input_receiver_fn():
        receivers = {}
        for key, t in features.items():
            shape = [default_batch_size] + t.shape.as_list()[1:] if t.shape.ndims else None
            receivers[key] = placeholder(t.dtype.base_dtype, shape, name=key)
        return ServingInputReceiver(receivers, receivers)

    return serving_input_receiver_fn


class PredictOutput:
    """The outputs of a 'predict' signature: a tensor or a {key: tensor} dict."""

    def __init__(self, outputs):
        self.outputs = outputs if isinstance(outputs, dict) else {"output": outputs}

    def as_signature_def(self, receiver_tensors):
        from tinytf.saved_model.saved_model import predict_signature_def

        return predict_signature_def(receiver_tensors, self.outputs)
