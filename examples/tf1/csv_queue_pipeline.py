"""A TF 1.x input pipeline of queues: a CSV file read for two epochs by queue runners
(string_input_producer -> TextLineReader -> decode_csv -> batch), under a Coordinator."""

import os
import tempfile

import tensorflow as tf

ROWS = [(1.5, 2, "a"), (-0.25, 4, "b"), (3.0, -1, "c"), (0.5, 7, "d"), (2.25, 0, "e")]


def main():
    path = os.path.join(tempfile.mkdtemp(), "rows.csv")
    with open(path, "w") as f:
        f.write("x,n,name\n")
        for x, n, name in ROWS:
            f.write("%s,%d,%s\n" % (x, n, name))
    files = tf.train.string_input_producer([path], num_epochs=2, shuffle=False)
    _, line = tf.TextLineReader(skip_header_lines=1).read(files)
    x, n, name = tf.decode_csv(line, record_defaults=[[0.0], [0], [""]])
    xs, ns, names = tf.train.batch([x, n, name], batch_size=4, allow_smaller_final_batch=True)
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        rows = 0
        try:
            while not coord.should_stop():
                bx, bn, bnames = sess.run([xs, ns, names])
                rows += len(bx)
                print(
                    "batch of %d: sum x %.3f, sum n %d, names %s"
                    % (len(bx), bx.sum(), bn.sum(), b"".join(bnames).decode())
                )
        except tf.errors.OutOfRangeError:
            print("end of input after %d rows" % rows)
        finally:
            coord.request_stop()
            coord.join(threads)


if __name__ == "__main__":
    main()
