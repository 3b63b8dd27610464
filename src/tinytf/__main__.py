"""`python -m tinytf PROGRAM.py [ARGS]`: runs a TF 1.x program unchanged, with `import tensorflow`
giving tinytf. The program runs as `python PROGRAM.py ARGS` would run it: sys.argv, `__name__ ==
"__main__"`, sys.path[0] (its directory), exit status and tracebacks are the program's own.
`python -m tinytf -m MODULE [ARGS]` runs a module the same way, as `python -m MODULE` would."""

import importlib.util
import os
import runpy
import sys

USAGE = "usage: python -m tinytf PROGRAM.py [ARGS...]\n       python -m tinytf -m MODULE [ARGS...]"


def _report(error, filename):
    """Prints the traceback from the program's first frame on (not this runner's); returns 1."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    tb = tb or error.__traceback__
    sys.excepthook(type(error), error.with_traceback(tb), tb)
    return 1


def _run(fn, filename):
    try:
        fn()
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as e:  # noqa: B036 - reported as Python reports an uncaught error
        return _report(e, filename)
    return 0


def _run_module(name, args):
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:
        spec = None
    if spec is None:
        print(f"python -m tinytf: No module named {name}", file=sys.stderr)
        return 1
    sys.argv = [name, *args]  # runpy puts the module's file in argv[0]
    sys.path[0] = os.getcwd()
    return _run(lambda: runpy.run_module(name, run_name="__main__", alter_sys=True), spec.origin)


def run(argv):
    """Runs [PROGRAM.py, ARGS...] or ["-m", MODULE, ARGS...] with `import tensorflow` giving
    tinytf; returns the exit status (a SystemExit of the program propagates)."""
    if not argv or argv == ["-m"]:
        print(USAGE, file=sys.stderr)
        return 2
    if argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    from tinytf import tf_paths

    tf_paths.install()
    if argv[0] == "-m":
        return _run_module(argv[1], argv[2:])
    program = argv[0]
    if not os.path.isfile(program):
        path = os.path.abspath(program)
        print(
            f"python -m tinytf: can't open file '{path}': [Errno 2] No such file or directory",
            file=sys.stderr,
        )
        return 2
    sys.argv = list(argv)
    sys.path[0] = os.path.dirname(os.path.abspath(program))
    return _run(lambda: runpy.run_path(program, run_name="__main__"), program)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
