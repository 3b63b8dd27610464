import tensorflow as tf

tf.flags.DEFINE_string("data_dir", None, "Where the data is.")
tf.flags.mark_flag_as_required("data_dir")
tf.flags.DEFINE_integer("n", 1, "Count.", lower_bound=0)
tf.flags.register_validator("n", lambda v: v % 2 == 1, message="n must be odd")
tf.flags.DEFINE_multi_string("tag", [], "Tags.")
tf.flags.DEFINE_multi_integer("k", [1], "Ks.")
tf.flags.DEFINE_spaceseplist("words", "a b", "Words.")
tf.flags.DEFINE_boolean("verbose_x", True, "Verbose.")
FLAGS = tf.flags.FLAGS


def main(argv):
    print("argv", argv)
    print(FLAGS.data_dir, FLAGS.n, FLAGS.tag, FLAGS.k, FLAGS.words, FLAGS.verbose_x)


if __name__ == "__main__":
    tf.app.run()
