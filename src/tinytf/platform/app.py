"""tf.app.run over absl.app.run, as TF 1.15's tensorflow/python/platform/app.py."""

import sys

from absl import app as _absl_app

from tinytf.platform import flags


def _parse_flags_tolerate_undef(argv):
    # absl stops on an unknown flag; TF passes unknown flags on to main's argv.
    return flags.FLAGS(sys.argv if argv is None else argv, known_only=True)


def run(main=None, argv=None):
    """Parses flags from `argv` (sys.argv), then sys.exit(main(remaining argv))."""
    main = main or sys.modules["__main__"].main
    _absl_app.run(main=main, argv=argv, flags_parser=_parse_flags_tolerate_undef)
