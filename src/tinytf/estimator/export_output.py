"""What a served model answers (tf.estimator.export.*Output): each becomes one SignatureDef of
the exported SavedModel. Classify and Regress signatures take a single string tensor of
serialized tf.Examples (TensorFlow Serving's APIs); with other inputs `as_signature_def`
raises ValueError and the export leaves that signature out, as TF's."""

from tinytf.framework import dtypes
from tinytf.framework.ops import Tensor


class ExportOutput:
    """One output signature of an exported model (subclasses give as_signature_def; TF
    1.15's base class is not abstract under Python 3, so neither is this)."""

    _SEPARATOR_CHAR = "/"

    def as_signature_def(self, receiver_tensors):
        """The SignatureDef of these outputs fed by `receiver_tensors` ({key: tensor})."""

    def _check_output_key(self, key, error_label):
        if isinstance(key, tuple):
            key = self._SEPARATOR_CHAR.join(key)
        if not isinstance(key, str):
            raise ValueError(f"{error_label} output key must be a string; got {key}.")
        return key

    def _wrap_and_check_outputs(self, outputs, single_output_default_name, error_label=None):
        if not isinstance(outputs, dict):
            outputs = {single_output_default_name: outputs}
        checked = {}
        for key, value in outputs.items():
            error_name = error_label or single_output_default_name
            key = self._check_output_key(key, error_name)
            if not isinstance(value, Tensor):
                raise ValueError(f"{error_name} output value must be a Tensor; got {value}.")
            checked[key] = value
        return checked


def _single_string_input(receiver_tensors, kind):
    """The one string tensor a Classify/Regress signature reads."""
    if len(receiver_tensors) != 1:
        raise ValueError(f"{kind} input must be a single string Tensor; got {receiver_tensors}")
    ((_, examples),) = receiver_tensors.items()
    if examples.dtype.base_dtype != dtypes.string:
        raise ValueError(f"{kind} input must be a single string Tensor; got {receiver_tensors}")
    return examples


class ClassificationOutput(ExportOutput):
    """Float `scores` and/or string `classes` for the Classify API."""

    def __init__(self, scores=None, classes=None):
        if scores is not None and not (
            isinstance(scores, Tensor) and scores.dtype.base_dtype.is_floating
        ):
            raise ValueError(f"Classification scores must be a float32 Tensor; got {scores}")
        if classes is not None and not (
            isinstance(classes, Tensor) and classes.dtype.base_dtype == dtypes.string
        ):
            raise ValueError(f"Classification classes must be a string Tensor; got {classes}")
        if scores is None and classes is None:
            raise ValueError("At least one of scores and classes must be set.")
        self._scores, self._classes = scores, classes

    scores = property(lambda self: self._scores)
    classes = property(lambda self: self._classes)

    def as_signature_def(self, receiver_tensors):
        """The 'tensorflow/serving/classify' SignatureDef."""
        from tinytf.saved_model.signature_def_utils import classification_signature_def

        examples = _single_string_input(receiver_tensors, "Classification")
        return classification_signature_def(examples, self._classes, self._scores)


class RegressionOutput(ExportOutput):
    """One float `value` per example for the Regress API."""

    def __init__(self, value):
        if not (isinstance(value, Tensor) and value.dtype.base_dtype.is_floating):
            raise ValueError(f"Regression output value must be a float32 Tensor; got {value}")
        self._value = value

    value = property(lambda self: self._value)

    def as_signature_def(self, receiver_tensors):
        """The 'tensorflow/serving/regress' SignatureDef."""
        from tinytf.saved_model.signature_def_utils import regression_signature_def

        examples = _single_string_input(receiver_tensors, "Regression")
        return regression_signature_def(examples, self._value)


class PredictOutput(ExportOutput):
    """The outputs of a 'predict' signature: a tensor or a {key: tensor} dict."""

    def __init__(self, outputs):
        self._outputs = self._wrap_and_check_outputs(outputs, "output", error_label="Prediction")

    outputs = property(lambda self: self._outputs)

    def as_signature_def(self, receiver_tensors):
        """The 'tensorflow/serving/predict' SignatureDef."""
        from tinytf.saved_model.signature_def_utils import predict_signature_def

        return predict_signature_def(receiver_tensors, self._outputs)
