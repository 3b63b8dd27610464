import sys

import tensorflow as tf

print("verbosity", tf.logging.get_verbosity())
tf.logging.info("hidden info")
tf.logging.set_verbosity(tf.logging.INFO)
print("vlog", tf.logging.vlog(tf.logging.INFO, "vlog info %d", 5))
print("vlog", tf.logging.vlog(1, "vlog level one hidden"))
tf.logging.set_verbosity(1)
tf.logging.vlog(1, "vlog level one shown")
tf.logging.vlog(5, "vlog level %s", "five")
tf.logging.set_verbosity(tf.logging.INFO)
print("status", tf.logging.TaskLevelStatusMessage("status %s msg"))
# tf.logging.flush is left out of tinytf: TF 1.15's only raises NotImplementedError, and
# tinytf has no names that do. (These four lines keep the line numbers below.)
pass
pass
print("verbosity", tf.logging.get_verbosity())
print("levels", tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR,
      tf.logging.FATAL)
for i in range(5):
    tf.logging.log_every_n(tf.logging.INFO, "every 2: %d", 2, i)
    tf.logging.log_first_n(tf.logging.WARN, "first 2: %d", 2, i)
tf.logging.log_if(tf.logging.ERROR, "if true %s", True, "x")
tf.logging.log_if(tf.logging.ERROR, "if false", False)
tf.logging.log(tf.logging.DEBUG, "debug hidden")
tf.logging.warn("warn %s", "alias")
sys.stdout.flush()
