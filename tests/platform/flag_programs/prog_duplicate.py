import tensorflow as tf

tf.flags.DEFINE_integer("n", 1, "Count.")
try:
    tf.flags.DEFINE_integer("n", 2, "Again.")
except tf.flags.DuplicateFlagError as e:
    print("DuplicateFlagError", e)


def main():
    print("main without argv")


tf.app.run(main)
