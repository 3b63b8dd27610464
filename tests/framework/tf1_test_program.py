"""Softmax regression ops, tested the way TF 1.x test files were written (two-space indent,
test_session, tf.test.main). Not collected by pytest: tools/make_test_fixtures.py runs it under
real TF 1.15, and tests/platform/test_test.py runs it with `import tinytf as tf`."""

from __future__ import absolute_import, division, print_function  # noqa: UP010

import os

import numpy as np
import tensorflow as tf


class SoftmaxRegressionTest(tf.test.TestCase):

  def _model(self, x):
    w = tf.Variable(tf.ones([3, 2]) * 0.1, name="w")
    b = tf.Variable(tf.zeros([2]), name="b")
    return w, b, tf.nn.softmax(tf.matmul(x, w) + b)

  def testSoftmaxRowsSumToOne(self):
    with self.test_session() as sess:
      x = tf.constant([[1., 2., 3.], [4., 5., 6.]])
      _, _, y = self._model(x)
      sess.run(tf.global_variables_initializer())
      self.assertAllClose(np.ones(2), sess.run(tf.reduce_sum(y, 1)))
      self.assertShapeEqual(np.zeros((2, 2)), y)

  def testGradientMatchesNumeric(self):
    with self.cached_session():
      x = tf.constant(np.arange(6.).reshape(2, 3) / 10.)
      w = tf.placeholder(tf.float64, [3, 2])
      y = tf.tanh(tf.matmul(x, w))
      err = tf.test.compute_gradient_error(
          w, [3, 2], y, [2, 2], x_init_value=np.full((3, 2), 0.5))
    self.assertLess(err, 1e-6)

  def testTrainingLowersLoss(self):
    x = tf.constant(np.eye(3, dtype=np.float32))
    labels = tf.constant(np.eye(3, 2, dtype=np.float32))
    _, _, y = self._model(x)
    loss = -tf.reduce_mean(tf.reduce_sum(labels * tf.log(y), 1))
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with self.session() as sess:
      sess.run(tf.global_variables_initializer())
      before = sess.run(loss)
      for _ in range(20):
        sess.run(step)
      self.assertAllLess(sess.run(loss), before)

  def testUnfedPlaceholderIsAnOpError(self):
    p = tf.placeholder(tf.float32, [2])
    with self.test_session():
      with self.assertRaisesOpError("You must feed a value for placeholder"):
        (p * 2).eval()

  def testEvaluateNested(self):
    a = tf.constant([1, 2])
    got = self.evaluate({"a": a, "pair": (a + 1, a * 2)})
    self.assertAllEqual([1, 2], got["a"])
    self.assertAllEqual([[2, 3], [2, 4]], got["pair"])

  def testEachTestStartsOnAFreshGraph(self):
    self.assertEqual([], tf.get_default_graph().get_operations())
    self.assertTrue(os.path.isdir(self.get_temp_dir()))

  def testNoGpuNeeded(self):
    if tf.test.is_gpu_available():
      self.assertTrue(tf.test.gpu_device_name())
    else:
      self.assertEqual("", tf.test.gpu_device_name())


class MatMulBenchmark(tf.test.Benchmark):

  def benchmarkReport(self):
    self.report_benchmark(iters=3, wall_time=0.25, extras={"size": 2, "kind": "dense"})

  def benchmarkNamed(self):
    self.report_benchmark(name="custom", metrics=[{"name": "m", "value": 1.5, "min_value": 1}])


if __name__ == "__main__":
  tf.test.main()
