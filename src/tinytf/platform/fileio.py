"""Writing files so that nothing on disk is ever left half-written."""

import os
import tempfile


def atomic_write(path, data, mode=0o644):
    """Writes `data` to a temporary file beside `path`, fsyncs it, then renames it over `path`:
    a crash leaves the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
