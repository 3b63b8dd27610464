"""A TF 1.x feature-column program: numeric, bucketized, vocabulary-list and crossed columns in
a LinearClassifier (zero initial weights) trained and evaluated through numpy_input_fn, an
embedding column from fixed values through input_layer, and the variables a
DNNLinearCombinedClassifier makes."""

import shutil
import tempfile

import numpy as np
import tensorflow as tf

fc = tf.feature_column
COLORS = ["red", "green", "blue"]


def data(count, seed):
    rng = np.random.RandomState(seed)
    size = rng.rand(count).astype(np.float32) * 4.0
    color = np.array([COLORS[i] for i in rng.randint(0, 3, count)])
    label = ((size > 2.0) ^ (color == "blue")).astype(np.int64)
    return {"size": size, "color": color}, label


def columns():
    size = fc.numeric_column("size")
    color = fc.categorical_column_with_vocabulary_list("color", COLORS)
    buckets = fc.bucketized_column(size, [1.0, 2.0, 3.0])
    return [size, buckets, color, fc.crossed_column([buckets, color], 16)], color


def show(values):
    return " ".join("%.4f" % v for v in np.ravel(values))


def linear(model_dir):
    feature_columns, _ = columns()
    classifier = tf.estimator.LinearClassifier(feature_columns, model_dir=model_dir,
                                               optimizer=tf.train.FtrlOptimizer(0.5))
    x, y = data(64, 0)
    classifier.train(tf.estimator.inputs.numpy_input_fn(x, y, batch_size=16, num_epochs=None,
                                                        shuffle=False), steps=12)
    for name in classifier.get_variable_names():
        if not name.endswith("Ftrl") and not name.endswith("Ftrl_1"):
            print("variable %s %s" % (name, list(classifier.get_variable_value(name).shape)))
    print("bias %s" % show(classifier.get_variable_value("linear/linear_model/bias_weights")))
    tx, ty = data(32, 1)
    test_fn = tf.estimator.inputs.numpy_input_fn(tx, ty, batch_size=32, shuffle=False)
    metrics = classifier.evaluate(test_fn)
    for key in ("accuracy", "average_loss", "loss", "global_step", "label/mean"):
        print("eval %s %.4f" % (key, metrics[key]))
    probs = [p["probabilities"][1] for p in classifier.predict(test_fn)][:5]
    print("probabilities %s" % show(probs))


def embedding():
    _, color = columns()
    table = np.arange(6, dtype=np.float32).reshape(3, 2) / 10.0
    column = fc.embedding_column(color, 2, initializer=tf.constant_initializer(table))
    dense = fc.input_layer({"color": tf.constant([["blue"], ["red"], ["green"]])}, [column])
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
        print("embedding %s" % show(sess.run(dense)))


def combined(model_dir):
    feature_columns, color = columns()
    classifier = tf.estimator.DNNLinearCombinedClassifier(
        model_dir=model_dir, linear_feature_columns=feature_columns,
        dnn_feature_columns=[fc.embedding_column(color, 3), fc.numeric_column("size")],
        dnn_hidden_units=[4])
    x, y = data(16, 2)
    classifier.train(tf.estimator.inputs.numpy_input_fn(x, y, batch_size=8, shuffle=False),
                     steps=2)
    for name in classifier.get_variable_names():
        if name.startswith("dnn/") and "Adagrad" not in name:
            print("dnn variable %s %s" % (name, list(classifier.get_variable_value(name).shape)))


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    root = tempfile.mkdtemp()
    try:
        linear(root + "/linear")
        embedding()
        combined(root + "/combined")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
