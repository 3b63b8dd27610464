"""tf.estimator.export: what a served model receives (ServingInputReceiver and its one-tensor
form), the outputs it gives (*Output), and how Estimator.export_savedmodel turns them into
SignatureDefs (the ones TF Serving cannot serve are left out, as TF's)."""

import os
import time
from collections import namedtuple

from tinytf.estimator.export_output import (  # noqa: F401
    ClassificationOutput,
    ExportOutput,
    PredictOutput,
    RegressionOutput,
)
from tinytf.framework import dtypes
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.array_ops import placeholder
from tinytf.ops.sparse_ops import SparseTensor
from tinytf.platform import tf_logging as logging

SINGLE_FEATURE_DEFAULT_NAME = "feature"
SINGLE_RECEIVER_DEFAULT_NAME = "input"
SINGLE_LABEL_DEFAULT_NAME = "label"
_DEFAULT_NAMES = {
    "feature": SINGLE_FEATURE_DEFAULT_NAME,
    "label": SINGLE_LABEL_DEFAULT_NAME,
    "receiver_tensor": SINGLE_RECEIVER_DEFAULT_NAME,
    "receiver_tensors_alternative": SINGLE_RECEIVER_DEFAULT_NAME,
}


def _check_tensor(tensor, name, error_label="feature"):
    if not isinstance(tensor, (Tensor, SparseTensor)):
        named = f" {name}" if name else ""
        raise ValueError(f"{error_label}{named} must be a Tensor or SparseTensor.")


def _wrap_and_check_input_tensors(tensors, field_name, allow_int_keys=False):
    """`tensors` as a {key: tensor} dict (one tensor gets the field's default key)."""
    if tensors is None:
        raise ValueError(f"{field_name}s must be defined.")
    if not isinstance(tensors, dict):
        tensors = {_DEFAULT_NAMES[field_name]: tensors}
    for name, tensor in tensors.items():
        if not isinstance(name, str):
            if not allow_int_keys:
                raise ValueError(f"{field_name} keys must be strings: {name}.")
            if not isinstance(name, int):
                raise ValueError(f"{field_name} keys must be strings or ints: {name}.")
        _check_tensor(tensor, name, error_label=field_name)
    return tensors


_RECEIVER_FIELDS = ["features", "receiver_tensors", "receiver_tensors_alternatives"]


class ServingInputReceiver(namedtuple("ServingInputReceiver", _RECEIVER_FIELDS)):
    """`features` for the model_fn, computed from the `receiver_tensors` a client feeds."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        features = _wrap_and_check_input_tensors(features, "feature", allow_int_keys=True)
        receiver_tensors = _wrap_and_check_input_tensors(receiver_tensors, "receiver_tensor")
        if receiver_tensors_alternatives is not None:
            if not isinstance(receiver_tensors_alternatives, dict):
                raise ValueError(
                    f"receiver_tensors_alternatives must be a dict: "
                    f"{receiver_tensors_alternatives}."
                )
            for name, alternative in receiver_tensors_alternatives.items():
                receiver_tensors_alternatives[name] = _wrap_and_check_input_tensors(
                    alternative, "receiver_tensors_alternative"
                )
        return super().__new__(cls, features, receiver_tensors, receiver_tensors_alternatives)


class TensorServingInputReceiver(namedtuple("TensorServingInputReceiver", _RECEIVER_FIELDS)):
    """A ServingInputReceiver whose `features` is one tensor, given to the model_fn as is
    (not wrapped in a dict)."""

    def __new__(cls, features, receiver_tensors, receiver_tensors_alternatives=None):
        if features is None:
            raise ValueError("features must be defined.")
        _check_tensor(features, None)
        receiver = ServingInputReceiver(features, receiver_tensors, receiver_tensors_alternatives)
        return super().__new__(
            cls,
            receiver.features[SINGLE_FEATURE_DEFAULT_NAME],
            receiver.receiver_tensors,
            receiver.receiver_tensors_alternatives,
        )


def build_parsing_serving_input_receiver_fn(feature_spec, default_batch_size=None):
    """A serving_input_receiver_fn that parses serialized tf.Examples (fed to the string
    placeholder `input_example_tensor`, receiver key 'examples') with `feature_spec`."""

    def serving_input_receiver_fn():
        from tinytf.ops.example_parsing import parse_example

        serialized = placeholder(dtypes.string, [default_batch_size], name="input_example_tensor")
        features = parse_example(serialized, feature_spec)
        return ServingInputReceiver(features, {"examples": serialized})

    return serving_input_receiver_fn


def build_raw_serving_input_receiver_fn(features, default_batch_size=None):
    """A serving_input_receiver_fn feeding placeholders shaped like `features` ({key: tensor},
    named as their ops) straight to the model."""

    def serving_input_receiver_fn():
        receivers = {}
        for key, t in features.items():
            shape = TensorShape([default_batch_size]).concatenate(t.shape[1:])
            receivers[key] = placeholder(t.dtype.base_dtype, shape, name=t.op.name)
        return ServingInputReceiver(receivers, receivers)

    return serving_input_receiver_fn


def _export_outputs(export_outputs, predictions):
    """The model_fn's export_outputs ({key: ExportOutput}, a PredictOutput of the predictions
    when None), with a 'serving_default' key, as TF's get_export_outputs."""
    from tinytf.saved_model.signature_constants import DEFAULT_SERVING_SIGNATURE_DEF_KEY as DEFAULT

    if export_outputs is None:
        export_outputs = {DEFAULT: PredictOutput(predictions)}
    if not isinstance(export_outputs, dict):
        raise TypeError(f"export_outputs must be dict, given: {export_outputs}")
    if not all(isinstance(v, ExportOutput) for v in export_outputs.values()):
        raise TypeError(
            f"Values in export_outputs must be ExportOutput objects. Given: {export_outputs}"
        )
    export_outputs = dict(export_outputs)
    if len(export_outputs) == 1:
        export_outputs.setdefault(DEFAULT, next(iter(export_outputs.values())))
    elif DEFAULT not in export_outputs:
        raise ValueError(
            "Multiple export_outputs were provided, but none of them is specified as the "
            "default.  Do this by naming one of them with "
            "signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY."
        )
    return export_outputs


def _signature_defs(receiver, export_outputs, predictions):
    """{signature key: SignatureDef} of every export output the receiver (and each of its
    alternatives, keyed '<alternative>:<output>') can feed and TF Serving can serve."""
    from tinytf.saved_model.signature_def_utils import is_valid_signature

    outputs = _export_outputs(export_outputs, predictions)
    feeds = {None: receiver.receiver_tensors}
    for name, alternative in (receiver.receiver_tensors_alternatives or {}).items():
        feeds[name or "None"] = alternative
    signatures = {}
    for feed_name, tensors in feeds.items():
        for key, output in outputs.items():
            name = str(key or "None") if feed_name is None else f"{feed_name}:{key or 'None'}"
            try:
                signature = output.as_signature_def(tensors)
            except ValueError as e:
                logging.info("'%s' : %s", name, e)
                continue
            if is_valid_signature(signature):
                signatures[name] = signature
    if not signatures:
        logging.warning("Export includes no signatures!")
    return signatures


def _timestamped_export_dir(export_dir_base):
    """export_dir_base/<seconds since the epoch> that does not exist yet (waits for the next
    second rather than reuse one, as TF's)."""
    for _ in range(10):
        result = os.path.join(os.fsdecode(export_dir_base), str(int(time.time())))
        if not os.path.exists(result):
            return result
        time.sleep(1)
    raise RuntimeError("Failed to obtain a unique export directory name after 10 attempts.")
