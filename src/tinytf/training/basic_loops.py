"""tf.train.basic_train_loop: train_step_fn(sess, ...) in a loop under a Supervisor."""

from tinytf.framework import errors


def basic_train_loop(supervisor, train_step_fn, args=None, kwargs=None, master=""):
    """Calls train_step_fn(sess, *args, **kwargs) until supervisor.should_stop(); starts
    over with a new managed session after an AbortedError."""
    args = args or []
    kwargs = kwargs or {}
    should_retry = True
    while should_retry:
        try:
            should_retry = False
            with supervisor.managed_session(master) as sess:
                while not supervisor.should_stop():
                    train_step_fn(sess, *args, **kwargs)
        except errors.AbortedError:
            # as TF: an aborted session (a restarted server) is retried
            should_retry = True
