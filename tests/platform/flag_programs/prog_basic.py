import tensorflow as tf

tf.flags.DEFINE_string("name", "world", "Who to greet.")
tf.flags.DEFINE_integer("steps", 3, "Number of steps.", lower_bound=1)
tf.flags.DEFINE_boolean("fast", False, "Go fast.")
tf.flags.DEFINE_bool("color", True, "Use colour.")
tf.flags.DEFINE_float("lr", 0.1, "Learning rate.")
tf.flags.DEFINE_list("layers", ["a", "b"], "Layer names.")
tf.flags.DEFINE_enum("mode", "train", ["train", "eval"], "Mode.")
FLAGS = tf.flags.FLAGS


def main(argv):
    print("argv", argv)
    for name in ["name", "steps", "fast", "color", "lr", "layers", "mode"]:
        print(name, repr(getattr(FLAGS, name)))
    return FLAGS.steps if FLAGS.steps < 4 else 0


if __name__ == "__main__":
    tf.app.run()
