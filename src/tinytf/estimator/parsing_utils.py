"""tf.estimator.{classifier,regressor}_parse_example_spec: the tf.parse_example spec of a
premade estimator's features, label and weight."""

from tinytf.framework import dtypes
from tinytf.ops.example_parsing import FixedLenFeature


def _add_label_and_weight(parsing_spec, label_key, label_spec, weight_column):
    from tinytf.feature_column.dense import NumericColumn, numeric_column

    if label_key in parsing_spec:
        raise ValueError(
            f"label should not be used as feature. label_key: {label_key}, features: "
            f"{parsing_spec.keys()}"
        )
    parsing_spec[label_key] = label_spec
    if weight_column is None:
        return parsing_spec
    if isinstance(weight_column, str):
        weight_column = numeric_column(weight_column)
    if not isinstance(weight_column, NumericColumn):
        raise ValueError(
            f"weight_column should be an instance of tf.feature_column.numeric_column. "
            f"Given type: {type(weight_column)} value: {weight_column}"
        )
    if weight_column.key in parsing_spec:
        raise ValueError(
            f"weight_column should not be used as feature. weight_column: "
            f"{weight_column.key}, features: {parsing_spec.keys()}"
        )
    parsing_spec.update(weight_column._parse_example_spec)
    return parsing_spec


def classifier_parse_example_spec(
    feature_columns, label_key, label_dtype=dtypes.int64, label_default=None, weight_column=None
):
    """The columns' parse spec plus the label ([1] of label_dtype) and weight column."""
    from tinytf.feature_column.feature_column import make_parse_example_spec

    label_spec = FixedLenFeature((1,), label_dtype, label_default)
    return _add_label_and_weight(
        make_parse_example_spec(feature_columns), label_key, label_spec, weight_column
    )


def regressor_parse_example_spec(
    feature_columns,
    label_key,
    label_dtype=dtypes.float32,
    label_default=None,
    label_dimension=1,
    weight_column=None,
):
    """The columns' parse spec plus the label ([label_dimension] floats) and weight column."""
    from tinytf.feature_column.feature_column import make_parse_example_spec

    label_spec = FixedLenFeature((label_dimension,), label_dtype, label_default)
    return _add_label_and_weight(
        make_parse_example_spec(feature_columns), label_key, label_spec, weight_column
    )
