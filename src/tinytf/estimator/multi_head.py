"""tf.estimator.MultiHead: several named heads over one model, each reading its slice of the
logits and its entry of a labels dict; the loss is their (weighted) sum, predictions are
keyed (head name, key), metrics and serving signatures are the heads' own (prefixed by head
name) plus loss/<head>, as TF 1.15's."""

from tinytf.estimator import head as head_lib
from tinytf.estimator.export_output import PredictOutput
from tinytf.estimator.model_fn import EstimatorSpec, ModeKeys
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import control_flow_ops, math_ops

_DEFAULT = "serving_default"


def _no_op_train_fn(loss):
    return control_flow_ops.no_op()


def _default_export_output(export_outputs, head_name):
    if len(export_outputs) == 1:
        return next(iter(export_outputs.values()))
    if _DEFAULT not in export_outputs:
        raise ValueError(
            f"{head_name} did not specify default export_outputs. Given: {export_outputs} "
            f"Suggested fix: Use one of the heads in tf.estimator, or include key {_DEFAULT} "
            "in export_outputs."
        )
    return export_outputs[_DEFAULT]


class MultiHead(head_lib.Head):
    """Named heads trained together (loss: sum of head_weights * each head's loss)."""

    def __init__(self, heads, head_weights=None):
        if not heads:
            raise ValueError(f"Must specify heads. Given: {heads}")
        if head_weights and len(head_weights) != len(heads):
            raise ValueError(
                f"heads and head_weights must have the same size. Given len(heads): "
                f"{len(heads)}. Given len(head_weights): {len(head_weights)}."
            )
        for head in heads:
            if head.name is None:
                raise ValueError(f"All given heads must have name specified. Given: {head}")
        self._heads = tuple(heads)
        self._head_weights = tuple(head_weights) if head_weights else ()
        self._logits_dimension = sum(h.logits_dimension for h in heads)
        self._loss_keys = tuple(f"loss/{h.name}" for h in heads)

    name = property(lambda self: "_".join(h.name for h in self._heads))
    logits_dimension = property(lambda self: self._logits_dimension)

    @property
    def loss_reduction(self):
        """The heads' common loss reduction (ValueError when they differ)."""
        reductions = [h.loss_reduction for h in self._heads]
        if len(set(reductions)) > 1:
            raise ValueError(
                f"The loss_reduction must be the same for different heads. Given: {reductions}"
            )
        return reductions[0]

    def _split_logits(self, logits):
        with name_scope("split_logits"):
            logits = convert_to_tensor(logits)
            dims = [h.logits_dimension for h in self._heads]
            shape = logits.shape.as_list()
            if shape[-1] is not None and shape[-1] != sum(dims):
                raise ValueError(
                    f"Could not split logits of shape {shape!r} among the heads with "
                    f"individual logits dimensions: {dims!r}. The last dimension of the logits "
                    f"tensor should equal {shape[-1]} but is {sum(dims)}."
                )
            out, begin = {}, 0
            for head in self._heads:
                out[head.name] = logits[..., begin : begin + head.logits_dimension]
                begin += head.logits_dimension
            return out

    def _check_logits_and_labels(self, logits, labels=None):
        names = [h.name for h in self._heads]
        if isinstance(logits, dict):
            missing = list(set(names) - set(logits))
            if missing:
                raise ValueError(f"logits has missing values for head(s): {missing}")
            logits_dict = logits
        else:
            logits_dict = self._split_logits(logits)
        if labels is not None:
            if not isinstance(labels, dict):
                raise ValueError(f"labels must be a dict. Given: {labels}")
            missing = list(set(names) - set(labels))
            if missing:
                raise ValueError(f"labels has missing values for head(s): {missing}")
        return logits_dict

    def loss(self, labels, logits, features=None, mode=None, regularization_losses=None):
        """The heads' losses (times head_weights) summed, plus the regularization."""
        logits_dict = self._check_logits_and_labels(logits, labels)
        losses = [
            h.loss(logits=logits_dict[h.name], labels=labels[h.name], features=features, mode=mode)
            for h in self._heads
        ]
        with name_scope("merge_losses"):
            if self._head_weights:
                losses = [math_ops.multiply(x, w) for x, w in zip(losses, self._head_weights)]
            loss = math_ops.add_n(losses)
            if regularization_losses is not None:
                loss = loss + math_ops.add_n(regularization_losses)
            return loss

    def predictions(self, logits, keys=None):
        """{(head name, prediction key): tensor} of every head."""
        logits_dict = self._check_logits_and_labels(logits)
        out = {}
        with name_scope("merge_pred"):
            for head in self._heads:
                for key, value in head.predictions(logits=logits_dict[head.name]).items():
                    out[(head.name, key)] = value
        return out

    def metrics(self, regularization_losses=None):
        """loss/<head> for every head (and regularization_loss)."""
        metrics = {}
        if regularization_losses is not None:
            key = self._summary_key("regularization_loss")
            metrics[key] = head_lib._Metric("regularization_loss", head_lib._mean)
        with name_scope("merge_eval"):
            for key in self._loss_keys:
                metrics[key] = head_lib._Metric(key, head_lib._mean)
        return metrics

    def update_metrics(
        self, eval_metrics, features, logits, labels, mode=None, regularization_losses=None
    ):
        """Adds each head's loss and its own metrics."""
        logits_dict = self._check_logits_and_labels(logits, labels)
        if regularization_losses is not None:
            eval_metrics[self._summary_key("regularization_loss")].update_state(
                values=math_ops.add_n(regularization_losses)
            )
        for key, head in zip(self._loss_keys, self._heads):
            head_logits, head_labels = logits_dict[head.name], labels[head.name]
            loss = head.loss(logits=head_logits, labels=head_labels, features=features)
            eval_metrics[key].update_state(values=loss)
            eval_metrics.update(
                head.update_metrics(head.metrics(), features, head_logits, head_labels) or {}
            )
        return eval_metrics

    def create_estimator_spec(
        self,
        features,
        mode,
        logits,
        labels=None,
        optimizer=None,
        trainable_variables=None,
        train_op_fn=None,
        update_ops=None,
        regularization_losses=None,
    ):
        """The EstimatorSpec of `mode` over all heads (see Head.create_estimator_spec)."""
        with name_scope(self.name):
            logits_dict = self._check_logits_and_labels(logits, labels)
            specs = [
                h.create_estimator_spec(
                    features=features,
                    mode=mode,
                    logits=logits_dict[h.name],
                    labels=labels[h.name] if labels else None,
                    train_op_fn=_no_op_train_fn,
                )
                for h in self._heads
            ]
            predictions = self.predictions(logits)
            if mode == ModeKeys.PREDICT:
                return EstimatorSpec(
                    mode, predictions=predictions, export_outputs=self._merge_export_outputs(specs)
                )
            loss = self.loss(labels, logits, features, mode, regularization_losses)
            if mode == ModeKeys.EVAL:
                metrics = self.update_metrics(
                    self.metrics(regularization_losses),
                    features,
                    logits,
                    labels,
                    regularization_losses=regularization_losses,
                )
                return EstimatorSpec(
                    mode, predictions=predictions, loss=loss, eval_metric_ops=metrics
                )
            _ = self.loss_reduction  # TF checks that the heads agree when it trains
            train_op = head_lib._train_op(optimizer, train_op_fn, update_ops, loss)
        self._summaries(loss, regularization_losses, keyed=False)
        return EstimatorSpec(mode, predictions=predictions, loss=loss, train_op=train_op)

    def _merge_export_outputs(self, specs):
        outputs = {_DEFAULT: _default_export_output(specs[0].export_outputs, self._heads[0].name)}
        merged = {}
        for head, spec in zip(self._heads, specs):
            for key, value in spec.export_outputs.items():
                outputs[head.name if key == _DEFAULT else f"{head.name}/{key}"] = value
                if key == "predict" and isinstance(value, PredictOutput):
                    for k, v in value.outputs.items():
                        merged[f"{head.name}/{k}"] = v
        outputs["predict"] = PredictOutput(merged)
        return outputs
