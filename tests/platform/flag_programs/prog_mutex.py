import enum

import tensorflow as tf


class Color(enum.Enum):
    RED = 1
    BLUE = 2


tf.flags.DEFINE_string("a", None, "A.")
tf.flags.DEFINE_string("b", None, "B.")
tf.flags.mark_flags_as_mutual_exclusive(["a", "b"], required=True)
tf.flags.DEFINE_bool("x", False, "X.")
tf.flags.DEFINE_bool("y", False, "Y.")
tf.flags.mark_bool_flags_as_mutual_exclusive(["x", "y"])
tf.flags.DEFINE_enum_class("color", Color.RED, Color, "Colour.")
tf.flags.DEFINE_multi_enum("fruit", ["apple"], ["apple", "pear"], "Fruit.")
tf.flags.DEFINE_alias("c", "color")
tf.flags.DEFINE_integer("lo", 1, "Low.")
tf.flags.DEFINE_integer("hi", 2, "High.")


@tf.flags.multi_flags_validator(["lo", "hi"], message="lo must be below hi")
def _check(values):
    return values["lo"] < values["hi"]


FLAGS = tf.flags.FLAGS


def main(argv):
    print(FLAGS.a, FLAGS.b, FLAGS.x, FLAGS.y, FLAGS.color, FLAGS.fruit, FLAGS.c, FLAGS.lo)


if __name__ == "__main__":
    tf.app.run()
