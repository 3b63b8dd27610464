"""The first half of lecture 25 (Advanced TensorFlow), as written, with `import tinytf as tf`."""

import tinytf as tf

sess = tf.Session()

a = tf.constant(5, dtype=tf.float32)
b = tf.constant(3.1415, dtype=tf.float32)
c = tf.constant(2, dtype=tf.float32)
x = tf.placeholder(tf.float32)
y = tf.placeholder(tf.float32)
z = tf.placeholder(tf.float32)
ans = x / a + b * y - c * z

print(sess.run(ans, {x: [4, 3, 2, 1], y: [2, 3, 4, 5], z: [1, 1, 2, 2]}))
sess.close()

sess = tf.Session()
divbyzero = x / y
print(sess.run(divbyzero, {x: 1, y: 0}))

sess = tf.Session()
M = tf.constant([[1, 0, 1], [0, 1, 1], [1, 1, 0]], dtype=tf.float32)
oneThruNine = tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]], dtype=tf.float32)
c = tf.matmul(oneThruNine, M)
with sess.as_default():
    print(c.eval())

M1 = tf.constant([[1, 0, 1], [0, 1, 1]], dtype=tf.float32)
M2 = tf.constant([[1, 0, 1, 1], [0, 0, 1, 1]], dtype=tf.float32)
try:
    R = tf.matmul(M1, M2)
except ValueError as e:
    print("ValueError:", e)

real = tf.constant(-5, dtype=tf.float32)
cx = tf.constant(1 + 1j, dtype=tf.complex64)
z = tf.abs(cx)
with sess.as_default():
    print(tf.abs(real).eval())
    print(z.eval())
