import tensorflow as tf

tf.flags.DEFINE_integer("steps", 3, "Number of steps.")
FLAGS = tf.flags.FLAGS

print("parsed", FLAGS.is_parsed())
try:
    print("steps", FLAGS.steps)
except Exception as e:
    print("error", type(e).__module__, type(e).__name__, e)
print("parsed", FLAGS.is_parsed())
print(
    "types", type(FLAGS).__name__, FLAGS.__class__.__name__, isinstance(FLAGS, tf.flags.FlagValues)
)
print(
    "container",
    "steps" in FLAGS,
    FLAGS["steps"].value,
    "steps" in dir(FLAGS),
    "verbosity" in FLAGS,
    "logtostderr" in FLAGS,
    len(FLAGS) > 10,
)
FLAGS.steps = 11
print("assigned", FLAGS.steps, FLAGS["steps"].present)
