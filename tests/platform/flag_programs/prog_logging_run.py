import sys

import tensorflow as tf

print("before run", tf.logging.get_verbosity())


def main(argv):
    print("in main", tf.logging.get_verbosity())
    sys.stdout.flush()
    tf.logging.info("info in main")
    tf.logging.debug("debug in main")
    tf.logging.vlog(1, "vlog 1 in main")
    tf.logging.warning("warning in main")
    tf.logging.error("error in main")


if __name__ == "__main__":
    tf.app.run(main)
