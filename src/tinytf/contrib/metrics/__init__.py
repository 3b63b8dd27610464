"""tf.contrib.metrics: TF 1.x's streaming_* metrics (thin wrappers over tf.metrics with
predictions before labels, and contrib's own rates, counts at thresholds, covariance and
Pearson correlation), count, the non-streaming accuracy, aggregate_metrics /
aggregate_metric_map, and the tf.sets / confusion_matrix aliases."""

from tinytf.contrib.metrics.metric_ops import (  # noqa: F401
    accuracy,
    aggregate_metric_map,
    aggregate_metrics,
    count,
    streaming_accuracy,
    streaming_auc,
    streaming_covariance,
    streaming_false_negative_rate,
    streaming_false_negative_rate_at_thresholds,
    streaming_false_negatives,
    streaming_false_negatives_at_thresholds,
    streaming_false_positive_rate,
    streaming_false_positive_rate_at_thresholds,
    streaming_false_positives,
    streaming_false_positives_at_thresholds,
    streaming_mean,
    streaming_mean_absolute_error,
    streaming_mean_cosine_distance,
    streaming_mean_iou,
    streaming_mean_relative_error,
    streaming_mean_squared_error,
    streaming_mean_tensor,
    streaming_pearson_correlation,
    streaming_percentage_less,
    streaming_precision,
    streaming_precision_at_thresholds,
    streaming_recall,
    streaming_recall_at_k,
    streaming_recall_at_thresholds,
    streaming_root_mean_squared_error,
    streaming_sensitivity_at_specificity,
    streaming_sparse_average_precision_at_k,
    streaming_sparse_precision_at_k,
    streaming_sparse_recall_at_k,
    streaming_specificity_at_sensitivity,
    streaming_true_negatives,
    streaming_true_negatives_at_thresholds,
    streaming_true_positives,
    streaming_true_positives_at_thresholds,
)
from tinytf.ops.histogram_ops import confusion_matrix  # noqa: F401 - TF's is a pass-through
from tinytf.ops.set_ops import set_difference, set_intersection, set_size, set_union  # noqa: F401
