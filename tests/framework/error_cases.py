"""tf.errors as real TF 1.15 has it (tools/make_bugfix_fixtures.py ->
tests/framework/golden/errors.json), compared by tests/framework/test_errors.py. Python 3.7."""

import warnings

from tests.fixture_runner import error_of

CLASSES = [
    "OpError", "CancelledError", "UnknownError", "InvalidArgumentError", "DeadlineExceededError",
    "NotFoundError", "AlreadyExistsError", "PermissionDeniedError", "ResourceExhaustedError",
    "FailedPreconditionError", "AbortedError", "OutOfRangeError", "UnimplementedError",
    "InternalError", "UnavailableError", "DataLossError", "UnauthenticatedError",
]  # fmt: skip
CODES = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
    "UNAUTHENTICATED",
]  # fmt: skip


def _describe(e):
    return [type(e).__name__, str(e), e.message, e.error_code, list(e.args), e.op is None]


def error_module(tf):
    """Codes, the class tree, the two code <-> class functions, raise_exception_on_not_ok_status,
    and what an error made by hand says."""
    E = tf.errors
    facts = {
        "codes": {name: getattr(E, name) for name in CODES},
        "bases": {n: [b.__name__ for b in getattr(E, n).__mro__[1:-2]] for n in CLASSES},
        "top_level": tf.OpError is E.OpError,
        "made": [
            _describe(E.NotFoundError(None, None, "no such thing")),
            _describe(E.UnknownError(None, None, "odd", 9)),
            _describe(E.OpError(None, None, "generic", E.ABORTED)),
        ],
        "too_few_args": error_of(lambda: E.OpError(None, None, "x"))[0],
        "too_many_args": error_of(lambda: E.NotFoundError(None, None, "x", 5))[0],
        "class_of_code": {
            str(c): E.exception_type_from_error_code(c).__name__ for c in range(1, 17)
        },
        "class_of_bad_code": [
            error_of(lambda: E.exception_type_from_error_code(c))[0] for c in (0, 17)
        ],  # fmt: skip
        "code_of_class": {n: E.error_code_from_exception_type(getattr(E, n)) for n in CLASSES[1:]},
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        unknown = E.error_code_from_exception_type(ValueError)
        facts["code_of_other_class"] = [_describe(unknown), [str(w.message) for w in caught]]
    with E.raise_exception_on_not_ok_status():
        pass
    facts["status_passes_errors"] = error_of(_raise_inside(E))
    return {"facts": facts}


def _raise_inside(E):
    def fn():
        with E.raise_exception_on_not_ok_status():
            raise KeyError("from the body")

    return fn


def runtime_error(tf):
    """An OpError from Session.run: class, code, op, message and str."""
    x = tf.placeholder(tf.float32, name="xx")
    inv = tf.matrix_inverse(tf.constant([[1.0, 1.0], [1.0, 1.0]]), name="singular")
    facts = {}
    for label, fetch in (("feed", x), ("kernel", inv)):
        with tf.Session() as sess:
            try:
                sess.run(fetch)
            except tf.errors.OpError as e:
                header = f"{e.message}\n\nOriginal stack trace for {e.op.name!r}:\n"
                facts[label] = [
                    type(e).__name__,
                    e.error_code,
                    e.op.name,
                    e.message.split(" (defined at ")[0],  # what follows names local files
                    str(e).startswith(header),
                ]
    return {"facts": facts}


CASES = {"error_module": error_module, "runtime_error": runtime_error}
