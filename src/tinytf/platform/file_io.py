"""TF 1.15's file_io (tensorflow/python/lib/io/file_io.py) over the local file system.

Paths are local, or `file://host/path`; as in TF they are cleaned (`a/./b/` is `a/b`) before the
OS sees them, while messages name them as given: `"<path>; No such file or directory"`, with the
tf.errors class that TF maps the errno to. Any other scheme (`gs://`, `s3://`, `hdfs://`, ...)
is a file system tinytf does not register, so it gets TF's UnimplementedError
"File system scheme 'gs' not implemented (file: 'gs://b/x')".
"""

import contextlib
import errno
import operator
import os
import posixpath
import re
import stat as _stat
import sys
import zlib
from collections import deque

from tinytf.compat._strings import as_bytes, as_str_any
from tinytf.framework import errors
from tinytf.platform import tf_logging

_DEFAULT_BLOCK_SIZE = 16 * 1024 * 1024
_URI = re.compile(r"([a-zA-Z][0-9a-zA-Z.]*)://([^/]*)(.*)", re.S)  # TF's io::ParseURI
_WILDCARD = re.compile(r"[*?\[\\]")
_MODES = ("r", "w", "a", "r+", "w+", "a+")

# TF's ErrnoToCode (core/platform/posix/error.cc); errno names this OS lacks are skipped
_ERRNO_GROUPS = (
    (errors.InvalidArgumentError, "EINVAL ENAMETOOLONG E2BIG EDESTADDRREQ EDOM EFAULT EILSEQ "
     "ENOPROTOOPT ENOSTR ENOTSOCK ENOTTY EPROTOTYPE ESPIPE"),
    (errors.DeadlineExceededError, "ETIMEDOUT ETIME"),
    (errors.NotFoundError, "ENODEV ENOENT ENXIO ESRCH"),
    (errors.AlreadyExistsError, "EEXIST EADDRNOTAVAIL EALREADY"),
    (errors.PermissionDeniedError, "EPERM EACCES EROFS"),
    (errors.FailedPreconditionError, "ENOTEMPTY EISDIR ENOTDIR EADDRINUSE EBADF EBUSY ECHILD "
     "EISCONN ENOTBLK ENOTCONN EPIPE ESHUTDOWN ETXTBSY"),
    (errors.ResourceExhaustedError, "ENOSPC EDQUOT EMFILE EMLINK ENFILE ENOBUFS ENODATA ENOMEM "
     "ENOSR EUSERS"),
    (errors.OutOfRangeError, "EFBIG EOVERFLOW ERANGE"),
    (errors.UnimplementedError, "ENOSYS ENOTSUP EAFNOSUPPORT EPFNOSUPPORT EPROTONOSUPPORT "
     "ESOCKTNOSUPPORT EXDEV"),
    (errors.UnavailableError, "EAGAIN ECONNREFUSED ECONNABORTED ECONNRESET EINTR EHOSTDOWN "
     "EHOSTUNREACH ENETDOWN ENETRESET ENETUNREACH ENOLCK ENOLINK ENONET"),
    (errors.AbortedError, "EDEADLK ESTALE"),
    (errors.CancelledError, "ECANCELED"),
)  # fmt: skip
_ERRNO_TO_CLASS = {
    getattr(errno, code): cls
    for cls, codes in _ERRNO_GROUPS
    for code in codes.split()
    if hasattr(errno, code)
}


# -- paths ----------------------------------------------------------------------------------------


def _name(path):
    """The path as TF's C++ side sees it (bytes or str; TypeError for anything else)."""
    return os.fsdecode(as_bytes(path))


def _clean(path):
    # TF's io::CleanPath, except that an empty path stays empty (FileSystem::TranslateName)
    if not path:
        return ""
    path = posixpath.normpath(path)
    return "/" + path.lstrip("/") if path.startswith("//") else path


def _local(name):
    """The OS path of `name`; UnimplementedError for a scheme other than file://."""
    uri = _URI.fullmatch(name)
    if uri is None:
        return _clean(name)
    if uri.group(1) != "file":
        raise errors.UnimplementedError(
            None, None, f"File system scheme '{uri.group(1)}' not implemented (file: '{name}')"
        )
    return _clean(uri.group(3))


def _split(uri):
    """(dirname, basename) as TF's io::SplitPath: the scheme and host stay with the dirname."""
    match = _URI.fullmatch(uri)
    start = match.start(3) if match else 0
    pos = uri.rfind("/", start)
    if pos < 0:
        return uri[:start], uri[start:]
    return uri[: max(pos, start + 1)], uri[pos + 1 :]


def _join(head, tail):
    # TF's io::JoinPath of two parts: exactly one "/" between them, empty parts skipped
    if not head or not tail:
        return head or tail
    if head.endswith("/"):
        return head + tail[1:] if tail.startswith("/") else head + tail
    return head + tail if tail.startswith("/") else head + "/" + tail


# -- errors ---------------------------------------------------------------------------------------


def _os_error(name, exc):
    """The tf.errors exception TF raises for the OSError `exc` on `name`."""
    cls = _ERRNO_TO_CLASS.get(exc.errno, errors.UnknownError)
    return cls(None, None, f"{name}; {os.strerror(exc.errno)}")


@contextlib.contextmanager
def _raising(name):
    try:
        yield
    except OSError as exc:
        if exc.errno is None:
            raise
        raise _os_error(name, exc) from exc


_warned = set()


def _warn_deprecated(what, instructions):
    """Logs TF's deprecation warning for `what` once per process, naming the caller's line."""
    if what in _warned:
        return
    _warned.add(what)
    frame = sys._getframe(2)
    tf_logging.warning(
        "From %s:%d: %s is deprecated and will be removed in a future version.\n"
        "Instructions for updating:\n%s",
        frame.f_code.co_filename, frame.f_lineno, what, instructions,
    )  # fmt: skip


# -- FileIO ---------------------------------------------------------------------------------------


class FileStatistics:
    """What stat returns: `length` in bytes, `mtime_nsec` (whole seconds, as TF) and
    `is_directory`."""

    def __init__(self, length=-1, mtime_nsec=0, is_directory=False):
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory

    def __repr__(self):
        return (
            f"FileStatistics(length={self.length}, mtime_nsec={self.mtime_nsec}, "
            f"is_directory={self.is_directory})"
        )


class _DirectoryStream:
    """What TF reads from a directory: a read of any bytes fails as the OS does, a line is
    empty."""

    def __init__(self, name):
        self._name = name

    def read(self, n):
        if n:
            raise _os_error(self._name, OSError(errno.EISDIR, ""))
        return b""

    def readline(self):
        return b""

    def tell(self):
        return 0

    def seek(self, offset, whence=0):
        return self.read(offset)

    def close(self):
        pass


class FileIO:
    """A file by name and mode ('r', 'w', 'a', 'r+', 'w+', 'a+'; with 'b' for bytes), as TF's
    FileIO: it is opened on the first read or write, and writes never go through the read side
    (in 'r+' and 'w+' the first write truncates, as TF's does)."""

    def __init__(self, name, mode):
        self._reader = self._writer = None
        self.__name, self.__mode = name, mode
        self._binary_mode = "b" in mode
        mode = mode.replace("b", "")
        if mode not in _MODES:
            raise errors.InvalidArgumentError(
                None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'"
            )
        self._readable = mode in ("r", "r+", "w+", "a+")
        self._writable = mode != "r"
        self._append = "a" in mode

    name = property(lambda self: self.__name, doc="The file name, as given.")
    mode = property(lambda self: self.__mode, doc="The mode, as given.")

    def _read_side(self):
        if self._reader is None:
            if not self._readable:
                raise errors.PermissionDeniedError(None, None, "File isn't open for reading")
            name = _name(self.__name)
            local = _local(name)
            if os.path.isdir(local):
                self._reader = _DirectoryStream(name)
            else:
                with _raising(name):
                    self._reader = open(local, "rb")
        return self._reader

    def _write_side(self):
        if self._writer is None:
            if not self._writable:
                raise errors.PermissionDeniedError(None, None, "File isn't open for writing")
            name = _name(self.__name)
            local = _local(name)
            with _raising(name):
                self._writer = open(local, "ab" if self._append else "wb")
        return self._writer

    def _value(self, data):
        return data if self._binary_mode else data.decode("utf-8")

    def size(self):
        """The size of the file in bytes."""
        return stat_v2(self.__name).length

    def write(self, file_content):
        """Writes `file_content` (str or bytes) at the end of what this FileIO wrote so far."""
        data = as_bytes(file_content)
        with _raising(_name(self.__name)):
            self._write_side().write(data)

    def read(self, n=-1):
        """`n` bytes from the current position (all that is left for n=-1): str in text mode,
        bytes in binary mode."""
        reader = self._read_side()
        if n == -1:
            # TF reads size() - tell() bytes, not "until EOF"
            length = max(self.size() - reader.tell(), 0)
        else:
            length = _byte_count(n)
        with _raising(_name(self.__name)):
            return self._value(reader.read(length))

    def seek(self, offset=None, whence=0, position=None):
        """Moves to `offset` from the start (whence=0), the current position (1) or the end (2);
        `position` is the deprecated spelling of `offset`."""
        reader = self._read_side()
        if position is not None:
            _warn_deprecated(
                "calling FileIO.seek (from tinytf.platform.file_io) with position",
                "position is deprecated in favor of the offset argument.",
            )
        if offset is None and position is None:
            raise TypeError("seek(): offset argument required")
        if offset is not None and position is not None:
            raise TypeError("seek(): offset and position may not be set simultaneously.")
        offset = position if offset is None else offset
        if whence not in (0, 1, 2):
            raise errors.InvalidArgumentError(
                None, None, f"Invalid whence argument: {whence}. Valid values are 0, 1, or 2."
            )
        offset += (0, reader.tell(), self.size())[whence]
        _seek(reader, offset)

    def readline(self):
        r"""The next line, with its '\n'; TF drops every '\r' from it."""
        return self._value(self._read_side().readline().replace(b"\r", b""))

    def readlines(self):
        """All the lines left, as a list."""
        return list(iter(self.readline, self._value(b"")))

    def tell(self):
        """The position: of the read side if the mode reads, else of the write side."""
        if self._readable:
            return self._read_side().tell()
        return self._write_side().tell()

    def __enter__(self):
        return self

    def __exit__(self, unused_type, unused_value, unused_traceback):
        self.close()

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration()
        return line

    next = __next__

    def flush(self):
        """Pushes what was written to the OS (not necessarily to the disk)."""
        if self._writer is not None:
            with _raising(_name(self.__name)):
                self._writer.flush()

    def close(self):
        """Closes both sides; a later read starts again at the beginning, as TF's."""
        reader, writer, self._reader, self._writer = self._reader, self._writer, None, None
        if reader is not None:
            reader.close()
        if writer is not None:
            with _raising(_name(self.__name)):
                writer.close()

    def seekable(self):
        """True: FileIO supports seek() and tell()."""
        return True

    def __del__(self):
        # TF's C++ stream closes when the object goes; an unclosed handle must not leak here
        self.close()


def _byte_count(n):
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"read(): n must be an int, got {n!r}") from None
    if n < -1:
        raise OverflowError(f"read(): n must be -1 (the rest) or a byte count >= 0, got {n}")
    return n


def _seek(reader, offset):
    if offset < 0:
        raise errors.InvalidArgumentError(None, None, f"Seeking to a negative position: {offset}")
    if isinstance(reader, _DirectoryStream):
        return reader.seek(offset)
    end = reader.seek(0, os.SEEK_END)
    reader.seek(min(offset, end))
    if offset > end:  # TF stops at the end and says so
        raise errors.OutOfRangeError(None, None, "reached end of file")


# -- module functions: the v1 names call the v2 ones, as in TF --------------------------------


def file_exists(filename):
    """True if `filename` exists (file or directory): tf.gfile.Exists."""
    return file_exists_v2(filename)


def file_exists_v2(path):
    """True if `path` exists (file or directory): tf.io.gfile.exists."""
    return os.path.exists(_local(_name(path)))


def delete_file(filename):
    """Deletes the file `filename`; NotFoundError if there is none: tf.gfile.Remove."""
    delete_file_v2(filename)


def delete_file_v2(path):
    """Deletes the file `path`; NotFoundError if there is none: tf.io.gfile.remove."""
    name = _name(path)
    with _raising(name):
        os.remove(_local(name))


def read_file_to_string(filename, binary_mode=False):
    """The whole file: bytes if `binary_mode`, else str."""
    with FileIO(filename, mode="rb" if binary_mode else "r") as f:
        return f.read()


def write_string_to_file(filename, file_content):
    """Writes `file_content` (str or bytes) to `filename`, replacing what was there."""
    with FileIO(filename, mode="w") as f:
        f.write(file_content)


def get_matching_files(filename):
    """The paths that match the glob pattern(s) `filename`: tf.gfile.Glob."""
    return get_matching_files_v2(filename)


def get_matching_files_v2(pattern):
    """The paths that match the glob pattern (or each pattern of an iterable): tf.io.gfile.glob.

    As TF: `*`, `?` and `[...]` never match "/", a leading "." is matched like any character,
    and a pattern without a directory gives "./name" paths.
    """
    patterns = [pattern] if isinstance(pattern, str) else pattern
    return [path for one in patterns for path in _glob(_name(one))]


def create_dir(dirname):
    """Creates the directory `dirname` (its parent must exist): tf.gfile.MkDir."""
    create_dir_v2(dirname)


def create_dir_v2(path):
    """Creates the directory `path` (its parent must exist): tf.io.gfile.mkdir.

    As TF 1.15, a path that exists already (even as a file) is no error.
    """
    name = _name(path)
    local = _local(name)
    if local:  # TF: the empty path is the root, which exists
        with _raising(name), contextlib.suppress(FileExistsError):
            os.mkdir(local)


def recursive_create_dir(dirname):
    """Creates `dirname` and its missing parents: tf.gfile.MakeDirs."""
    recursive_create_dir_v2(dirname)


def recursive_create_dir_v2(path):
    """Creates `path` and its missing parents: tf.io.gfile.makedirs."""
    name = _name(path)
    _local(name)
    uri = _URI.fullmatch(name)
    prefix, rest = (name[: uri.start(3)], uri.group(3)) if uri else ("", name)
    missing = []
    while rest and not os.path.exists(_clean(rest)):
        if not rest.endswith("/"):
            missing.append(_split(rest)[1])
        rest = _split(rest)[0]
    for part in reversed(missing):
        rest = _join(rest, part)
        create_dir_v2(prefix + rest)  # the error names the first directory that fails, as TF


def copy(oldpath, newpath, overwrite=False):
    """Copies the file `oldpath` to `newpath`: tf.gfile.Copy."""
    copy_v2(oldpath, newpath, overwrite)


def copy_v2(src, dst, overwrite=False):
    """Copies the file `src` to `dst` (AlreadyExistsError if `dst` exists and not `overwrite`):
    tf.io.gfile.copy. The copy is written beside `dst`, then renamed over it."""
    src_name, dst_name = _name(src), _name(dst)
    if not overwrite and file_exists_v2(dst_name):
        raise errors.AlreadyExistsError(None, None, "file already exists")
    src_local, dst_local = _local(src_name), _local(dst_name)
    with _raising(src_name):
        src_stat = os.stat(src_local)
    if _stat.S_ISDIR(src_stat.st_mode):  # TF's sendfile of a directory
        raise _os_error(dst_name, OSError(errno.EINVAL, ""))
    if os.path.isdir(dst_local):
        raise _os_error(dst_name, OSError(errno.EISDIR, ""))
    if os.path.exists(dst_local) and os.path.samefile(src_local, dst_local):
        return  # TF 1.15 truncates the file here; tinytf keeps it
    with _raising(src_name), open(src_local, "rb") as source, _raising(dst_name):
        _write_beside(dst_local, source)


def _write_beside(local, source):
    import shutil

    tmp = f"{local}.tmp{os.urandom(16).hex()}"
    try:
        with open(tmp, "xb") as out:
            shutil.copyfileobj(source, out)
        os.replace(tmp, local)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


def rename(oldname, newname, overwrite=False):
    """Renames (moves) `oldname` to `newname`: tf.gfile.Rename."""
    rename_v2(oldname, newname, overwrite)


def rename_v2(src, dst, overwrite=False):
    """Renames (moves) `src` to `dst` (AlreadyExistsError if `dst` exists and not `overwrite`):
    tf.io.gfile.rename."""
    src_name, dst_name = _name(src), _name(dst)
    if not overwrite and file_exists_v2(dst_name):
        raise errors.AlreadyExistsError(None, None, "file already exists")
    src_local, dst_local = _local(src_name), _local(dst_name)
    with _raising(src_name):  # TF's message names the source, whichever side failed
        os.rename(src_local, dst_local)


def atomic_write_string_to_file(filename, contents, overwrite=True):
    """Writes `contents` to a temporary file beside `filename`, then renames it over `filename`:
    readers see the old file or the whole new one."""
    temp = f"{as_str_any(filename)}.tmp{os.urandom(16).hex()}"
    write_string_to_file(temp, contents)
    try:
        rename(temp, filename, overwrite)
    except errors.OpError:
        delete_file(temp)
        raise


def delete_recursively(dirname):
    """Deletes the directory `dirname` and everything in it: tf.gfile.DeleteRecursively."""
    delete_recursively_v2(dirname)


def delete_recursively_v2(path):
    """Deletes the directory `path` and everything in it: tf.io.gfile.rmtree. Links inside are
    removed, not followed; a link as `path` is FailedPreconditionError, as a file is."""
    name = _name(path)
    local = _local(name)
    if not os.path.exists(local):
        raise errors.NotFoundError(None, None, f"{name} not found")
    failures = []
    _remove_tree(local, failures)
    if failures:  # TF deletes what it can, then reports the first failure
        first = failures[0]
        raise _os_error(name if first.filename == local else first.filename, first) from first


def _remove_tree(top, failures):
    if os.path.islink(top):  # never empty the directory a link points to
        failures.append(OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), top))
        return
    try:
        with os.scandir(top) as entries:
            entries = list(entries)
    except OSError as exc:
        failures.append(exc)
        entries = []
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _remove_tree(entry.path, failures)
            else:
                os.unlink(entry.path)
        except OSError as exc:
            failures.append(exc)
    try:
        os.rmdir(top)
    except OSError as exc:
        failures.append(exc)


def is_directory(dirname):
    """True if `dirname` is a directory: tf.gfile.IsDirectory."""
    return is_directory_v2(dirname)


def is_directory_v2(path):
    """True if `path` is a directory (False for a path of an unknown scheme, as TF):
    tf.io.gfile.isdir."""
    name = _name(path)
    try:
        local = _local(name)
    except errors.UnimplementedError:
        return False
    return os.path.isdir(local)


def list_directory(dirname):
    """The names in the directory `dirname`, without "." and "..": tf.gfile.ListDirectory."""
    return list_directory_v2(dirname)


def list_directory_v2(path):
    """The names in the directory `path` (in the OS's order), without "." and "..";
    NotFoundError if `path` is not a directory: tf.io.gfile.listdir."""
    if not is_directory_v2(path):
        raise errors.NotFoundError(None, None, f"Could not find directory {path}")
    name = _name(path)
    with _raising(name):
        return os.listdir(_local(name))


def walk(top, in_order=True):
    """Yields (dirname, subdirnames, filenames) for `top` and each directory below it, parents
    first if `in_order`, else last: tf.gfile.Walk."""
    return walk_v2(top, in_order)


def walk_v2(top, topdown=True, onerror=None):
    """Yields (dirname, subdirnames, filenames) for `top` and each directory below it:
    tf.io.gfile.walk. A directory that cannot be listed is passed to `onerror` (if given) and
    skipped. Editing `subdirnames` in place (topdown) prunes the walk."""
    top = as_str_any(top)
    try:
        listing = list_directory_v2(top)
    except errors.NotFoundError as err:
        if onerror:
            onerror(err)
        return  # TF 1.15 fails here with UnboundLocalError when onerror returns
    subdirs, files = [], []
    for item in listing:
        (subdirs if is_directory_v2(os.path.join(top, item)) else files).append(item)
    here = (top, subdirs, files)
    if topdown:
        yield here
    for subdir in subdirs:
        yield from walk_v2(os.path.join(top, subdir), topdown, onerror=onerror)
    if not topdown:
        yield here


def stat(filename):
    """FileStatistics of `filename`: tf.gfile.Stat."""
    return stat_v2(filename)


def stat_v2(path):
    """FileStatistics of `path` (length, mtime_nsec, is_directory): tf.io.gfile.stat."""
    name = _name(path)
    local = _local(name)
    with _raising(name):
        info = os.stat(local)
    # TF takes st_mtime (whole seconds) times 1e9
    return FileStatistics(
        info.st_size, info.st_mtime_ns // 10**9 * 10**9, _stat.S_ISDIR(info.st_mode)
    )


def filecmp(filename_a, filename_b):
    """True if the two files have the same size and CRC32."""
    if FileIO(filename_a, "rb").size() != FileIO(filename_b, "rb").size():
        return False
    return file_crc32(filename_a) == file_crc32(filename_b)


def file_crc32(filename, block_size=_DEFAULT_BLOCK_SIZE):
    """The CRC32 of the file as a hex string ('0x1c291ca3'), read `block_size` bytes at a time."""
    crc = 0
    with FileIO(filename, mode="rb") as f:
        for chunk in iter(lambda: f.read(block_size), b""):
            crc = zlib.crc32(chunk, crc)
    return hex(crc & 0xFFFFFFFF)


# -- glob -----------------------------------------------------------------------------------------


def _glob(pattern):
    """TF's GetMatchingPaths: list from the directory of the fixed prefix, breadth first, keep
    the paths that fnmatch(pattern, path, FNM_PATHNAME) accepts."""
    _local(pattern)
    wildcard = _WILDCARD.search(pattern)
    prefix = pattern[: wildcard.start()] if wildcard else pattern
    top = _split(prefix)[0]
    if not top:
        top, prefix, pattern = ".", _join(".", prefix), _join(".", pattern)
    matches = _fnmatch_regex(pattern).match
    depth = pattern.count("/")  # no wildcard matches "/", so no match lies deeper
    found, queue = [], deque([top])
    while queue:
        parent = queue.popleft()
        for child in _children(parent):
            path = _join(parent, child)
            if not path.startswith(prefix):
                continue
            if path.count("/") < depth and is_directory_v2(path):
                queue.append(path)
            if matches(path):
                found.append(path)
    return found


def _children(dirname):
    try:
        return os.listdir(_local(dirname))
    except PermissionError:
        return []  # TF's glob skips what it may not list
    except OSError as exc:
        raise _os_error(dirname, exc) from exc


def _fnmatch_regex(pattern):
    """A regex for fnmatch(3) with FNM_PATHNAME: wildcards stop at "/", "\\" escapes."""
    out, i = [], 0
    while i < len(pattern):
        char, i = pattern[i], i + 1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\" and i < len(pattern):
            out.append(re.escape(pattern[i]))
            i += 1
        elif char == "[" and _bracket_end(pattern, i) is not None:
            end = _bracket_end(pattern, i)
            out.append(_bracket_regex(pattern[i:end]))
            i = end + 1
        else:
            out.append(re.escape(char))
    return re.compile("".join(out) + r"\Z", re.S)


def _bracket_end(pattern, start):
    i = start + (pattern[start : start + 1] in ("!", "^"))
    i += pattern[i : i + 1] == "]"  # a "]" right after "[" or "[!" is literal
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i if i < len(pattern) else None


def _bracket_regex(body):
    negate = body[:1] in ("!", "^")
    body = body[1:] if negate else body
    parts, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            i += 1
        parts.append("-" if body[i] == "-" else re.escape(body[i]))
        i += 1
    return ("[^/" if negate else "(?!/)[") + "".join(parts) + "]"
