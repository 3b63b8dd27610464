"""TF's exception classes (`tf.errors`). Runtime messages name the failing node as TF 1.x does."""

import warnings

OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND = 0, 1, 2, 3, 4, 5
ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION = 6, 7, 8, 9
ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS = 10, 11, 12, 13, 14, 15
UNAUTHENTICATED = 16


class OpError(Exception):
    """A failure while running an op: `op`, `node_def`, `message` and `error_code` as TF."""

    _code = UNKNOWN  # the code of each subclass (OpError itself is given one)

    def __init__(self, node_def, op, message, error_code):
        super().__init__()  # as TF: e.args is (); str(e) is built from the message
        self._node_def, self._op, self._message = node_def, op, message
        self._error_code = error_code

    op = property(lambda self: self._op, doc="The Operation that failed, or None.")
    message = property(lambda self: self._message, doc="The error message.")
    error_code = property(lambda self: self._error_code, doc="The integer error code.")

    @property
    def node_def(self):
        """The NodeDef of the failed op (made from `op` on first use), or None."""
        if self._node_def is None and self._op is not None:
            self._node_def = self._op.node_def
        return self._node_def

    def __str__(self):
        if self._op is None:
            return self._message
        return f"{self._message}\n\nOriginal stack trace for {self._op.name!r}:\n" + "".join(
            _stack_lines(self._op)
        )

    def __reduce__(self):  # the Operation stays behind: a graph does not pickle
        return _rebuild, (type(self), self._message, self._error_code)

    def with_op(self, op):
        """The same error attributed to `op`, its message ending in TF's `[[node ...]]` line
        (kernels raise without knowing their node; the plan names it)."""
        where = f" (defined at {op._defined_at})" if op._defined_at else ""
        message = f"{self._message}\n\t [[node {op.name}{where} ]]"
        error = _rebuild(type(self), message, self._error_code)
        error._node_def, error._op = self._node_def, op
        return error


def _rebuild(cls, message, error_code):
    error = cls.__new__(cls)
    OpError.__init__(error, None, None, message, cls._code if error_code is None else error_code)
    return error


def _stack_lines(op):
    """Where `op` was made, in the form of Python's traceback lines."""
    if not op._defined_at:
        return []
    filename, _, line = op._defined_at.rpartition(":")
    return [f'  File "{filename}", line {line}\n']


def _make(name, code, doc):
    def __init__(self, node_def, op, message):
        OpError.__init__(self, node_def, op, message, code)

    return type(name, (OpError,), {"__init__": __init__, "__doc__": doc, "_code": code})


class UnknownError(OpError):
    """An unknown error (also an error from another error space)."""

    _code = UNKNOWN

    def __init__(self, node_def, op, message, error_code=UNKNOWN):
        super().__init__(node_def, op, message, error_code)


CancelledError = _make("CancelledError", CANCELLED, "An operation was cancelled.")
InvalidArgumentError = _make("InvalidArgumentError", INVALID_ARGUMENT, "An invalid argument.")
DeadlineExceededError = _make("DeadlineExceededError", DEADLINE_EXCEEDED, "A deadline passed.")
NotFoundError = _make("NotFoundError", NOT_FOUND, "A requested entity was not found.")
AlreadyExistsError = _make("AlreadyExistsError", ALREADY_EXISTS, "An entity already exists.")
PermissionDeniedError = _make("PermissionDeniedError", PERMISSION_DENIED, "Permission denied.")
ResourceExhaustedError = _make("ResourceExhaustedError", RESOURCE_EXHAUSTED, "Out of a resource.")
FailedPreconditionError = _make(
    "FailedPreconditionError", FAILED_PRECONDITION, "The system is not in a state to run this."
)
AbortedError = _make("AbortedError", ABORTED, "An operation was aborted.")
OutOfRangeError = _make("OutOfRangeError", OUT_OF_RANGE, "Iterated past the valid range.")
UnimplementedError = _make("UnimplementedError", UNIMPLEMENTED, "An operation is not implemented.")
InternalError = _make("InternalError", INTERNAL, "An internal invariant was broken.")
UnavailableError = _make("UnavailableError", UNAVAILABLE, "The runtime is unavailable.")
DataLossError = _make("DataLossError", DATA_LOSS, "Unrecoverable data loss or corruption.")
UnauthenticatedError = _make("UnauthenticatedError", UNAUTHENTICATED, "Not authenticated.")

_CODE_TO_CLASS = {
    cls._code: cls
    for cls in (
        CancelledError, UnknownError, InvalidArgumentError, DeadlineExceededError, NotFoundError,
        AlreadyExistsError, PermissionDeniedError, UnauthenticatedError, ResourceExhaustedError,
        FailedPreconditionError, AbortedError, OutOfRangeError, UnimplementedError, InternalError,
        UnavailableError, DataLossError,
    )
}  # fmt: skip
_CLASS_TO_CODE = {cls: code for code, cls in _CODE_TO_CLASS.items()}


def exception_type_from_error_code(error_code):
    """The OpError subclass of `error_code` (KeyError for OK and unknown codes, as TF)."""
    return _CODE_TO_CLASS[error_code]


def error_code_from_exception_type(cls):
    """The error code of the OpError subclass `cls`. For any other class TF warns and returns
    (does not raise) an UnknownError; so does tinytf."""
    try:
        return _CLASS_TO_CODE[cls]
    except (KeyError, TypeError):
        warnings.warn("Unknown class exception", stacklevel=2)
        return UnknownError(None, None, "Unknown class exception", None)


def _make_specific_exception(node_def, op, message, error_code):
    try:
        return exception_type_from_error_code(error_code)(node_def, op, message)
    except KeyError:
        warnings.warn(f"Unknown error code: {error_code}", stacklevel=2)
        return UnknownError(node_def, op, message, error_code)


class _Status:
    """What TF's C API fills in: an error code (OK until set) and a message."""

    def __init__(self):
        self.code, self.message = OK, ""


class raise_exception_on_not_ok_status:  # noqa: N801  (TF's name)
    """Context manager: yields a status; on exit raises the OpError its code names, if any.

    >>> with tf.errors.raise_exception_on_not_ok_status() as status:
    ...     status.code, status.message = tf.errors.NOT_FOUND, "no such table"
    """

    def __enter__(self):
        self.status = _Status()
        return self.status

    def __exit__(self, type_arg, value_arg, traceback_arg):
        try:
            if self.status.code != OK:
                raise _make_specific_exception(
                    None, None, str(self.status.message), self.status.code
                )
        finally:
            del self.status
        return False  # exceptions from the body pass through


class ShapeError(ValueError):
    """Raised by an op's shape rule; the graph adds the op name and input shapes, as TF 1.x."""


class InaccessibleTensorError(ValueError):
    """A tensor that cannot be fetched (inside a while loop's frame)."""
