import tensorflow as tf

HELPER = """import {} as tf


def every(i):
    tf.logging.log_every_n(tf.logging.WARN, "helper every3 %d", 3, i)


def first(i):
    tf.logging.log_first_n(tf.logging.WARN, "helper first2 %d", 2, i)
"""
with open("log_helper.py", "w") as f:
    f.write(HELPER.format(tf.__name__))
import log_helper  # noqa: E402


def loop():
    for i in range(6):
        log_helper.every(i)
    for i in range(6):
        log_helper.first(i)
    for i in range(4):
        tf.logging.log_every_n(tf.logging.WARN, "loop every2 %d", 2, i)


loop()
for i in range(3):
    tf.logging.log_first_n(tf.logging.WARN, "module first1 %d", 1, i)
