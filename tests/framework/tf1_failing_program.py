"""A TF 1.x test file with one failing and one erroring test: tf.test.main must report them and
exit with status 1 (run by tools/make_test_fixtures.py under real TF 1.15, and by
tests/platform/test_test.py with `import tinytf as tf`)."""

from __future__ import absolute_import, division, print_function  # noqa: UP010

import tensorflow as tf


class BrokenTest(tf.test.TestCase):

  def testPasses(self):
    with self.test_session():
      self.assertAllEqual([2, 4], (tf.constant([1, 2]) * 2).eval())

  def testWrongValue(self):
    with self.cached_session() as sess:
      self.assertAllClose([1.0, 2.0], sess.run(tf.constant([1.0, 2.5])))

  def testUnfedPlaceholder(self):
    p = tf.placeholder(tf.float32)
    with self.session() as sess:
      sess.run(p + 1.0)


if __name__ == "__main__":
  tf.test.main()
