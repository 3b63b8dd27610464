import tensorflow as tf

tf.flags.DEFINE_string(flag_name="who", default_value="x", docstring="Who.")
tf.flags.DEFINE_integer("n", 1, "Count.")
FLAGS = tf.flags.FLAGS


def main(argv):
    print("argv", argv, "who", FLAGS.who, "n", FLAGS.n)
    return "bye" if FLAGS.n == 7 else None


if __name__ == "__main__":
    tf.app.run(main=main, argv=["prog", "--n=7", "pos", "--zzz"])
