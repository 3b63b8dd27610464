"""File-system cases run both by real TF 1.15 (tools/make_gfile_fixtures.py records what it
returns or raises into golden/gfile_cases.json) and by tinytf (tests/platform/test_gfile.py).

Each case is `case(tf, fio, d)`: `tf` is the TF module, `fio` its file_io module, `d` a fresh
directory laid out by `populate`. It returns something JSON can hold; outcome() turns it, or
the exception it raised, into the recorded form, with `d` spelled "<D>". Lists whose order TF
leaves to the OS are sorted here. Python 3.7 compatible (the fixture script runs on TF 1.15).
"""

import os

FILES = {
    "a.txt": b"line1\nline2\nlast",
    "b.txt": b"bb",
    ".hid": b"",
    "cr.txt": b"a\r\nb\rc\nd",
    "u.txt": "h\u00e9llo\n".encode("utf-8"),
    "bad.txt": b"\xff\xfe\n",
    "st*r.txt": b"*",
    "sub/x.txt": b"x",
    "sub/deep/y.txt": b"y",
}
DIRS = ("empty",)
CASES = {}


def populate(d):
    """Lays out FILES and DIRS under the directory `d`."""
    for rel, data in FILES.items():
        path = os.path.join(d, rel)
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        with open(path, "wb") as f:
            f.write(data)
    for rel in DIRS:
        os.mkdir(os.path.join(d, rel))


def tree(d):
    """[relative path, contents or "<dir>"] of everything under `d`, sorted (read with os)."""
    out = []
    for root, dirs, files in os.walk(d):
        for name in dirs:
            out.append([os.path.relpath(os.path.join(root, name), d), "<dir>"])
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                out.append([os.path.relpath(os.path.join(root, name), d), _plain(f.read(), d)])
    return sorted(out)


def _plain(value, d):
    if isinstance(value, bytes):
        return {"bytes": value.decode("latin-1")}
    if isinstance(value, str):
        return value.replace(d, "<D>")
    if isinstance(value, (list, tuple)):
        return [_plain(v, d) for v in value]
    return value


def outcome(case, tf, fio, d):
    """{"value": ...} or {"error": class name, "message": ...}, with `d` as "<D>"."""
    try:
        return {"value": _plain(case(tf, fio, d), d)}
    except Exception as e:  # the exception is the result being recorded
        return {"error": type(e).__name__, "message": str(e).replace(d, "<D>")}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _p(d, *parts):
    return os.path.join(d, *parts)


def _stat(s):
    return [s.length, s.is_directory]


def _walk(items):
    """The walk's entries sorted (TF lists in the OS's order), and whether each directory came
    after its parent and whether before it (pre-order vs post-order)."""
    entries = [[top, sorted(dirs), sorted(files)] for top, dirs, files in items]
    tops = [top.rstrip("/") for top, _, _ in entries]
    pairs = [
        (tops.index(os.path.dirname(t)), i)
        for i, t in enumerate(tops)
        if os.path.dirname(t) in tops
    ]
    return [sorted(entries), all(p < i for p, i in pairs), all(p > i for p, i in pairs)]


# -- tf.gfile functions ---------------------------------------------------------------------------


@case
def exists(tf, fio, d):
    g = tf.gfile
    return [
        g.Exists(_p(d, "a.txt")),
        g.Exists(_p(d, "sub")),
        g.Exists(_p(d, "nope")),
        g.Exists(_p(d, "a.txt") + "/"),
        g.Exists(_p(d, "a.txt", "x")),
        g.Exists(""),
        g.Exists(_p(d, "a.txt").encode()),
        g.Exists(_p(d, "sub", "..", "b.txt")),
    ]


@case
def exists_none(tf, fio, d):
    return tf.gfile.Exists(None)


@case
def exists_int(tf, fio, d):
    return tf.io.gfile.exists(3)


@case
def is_directory(tf, fio, d):
    g = tf.gfile
    return [
        g.IsDirectory(_p(d, "sub")),
        g.IsDirectory(_p(d, "sub") + "/"),
        g.IsDirectory(_p(d, "a.txt")),
        g.IsDirectory(_p(d, "nope")),
        g.IsDirectory(_p(d, "a.txt", "x")),
        g.IsDirectory(""),
    ]


@case
def list_directory(tf, fio, d):
    return [
        sorted(tf.gfile.ListDirectory(d)),
        sorted(tf.gfile.ListDirectory(d + "/")),
        sorted(tf.gfile.ListDirectory(d.encode())),
        tf.gfile.ListDirectory(_p(d, "empty")),
    ]


@case
def list_directory_missing(tf, fio, d):
    return tf.gfile.ListDirectory(_p(d, "nope"))


@case
def list_directory_of_file(tf, fio, d):
    return tf.gfile.ListDirectory(_p(d, "a.txt"))


@case
def list_directory_empty_path(tf, fio, d):
    return tf.gfile.ListDirectory("")


@case
def remove(tf, fio, d):
    tf.gfile.Remove(_p(d, "b.txt"))
    return tree(d)


@case
def remove_missing(tf, fio, d):
    tf.gfile.Remove(_p(d, "nope"))


@case
def remove_directory(tf, fio, d):
    tf.gfile.Remove(_p(d, "empty"))


@case
def remove_below_file(tf, fio, d):
    tf.gfile.Remove(_p(d, "a.txt", "x"))


@case
def remove_empty_path(tf, fio, d):
    tf.gfile.Remove("")


@case
def mkdir(tf, fio, d):
    tf.gfile.MkDir(_p(d, "new"))
    tf.gfile.MkDir(_p(d, "new2") + "/")
    return tree(d)


@case
def mkdir_existing(tf, fio, d):
    tf.gfile.MkDir(_p(d, "sub"))
    tf.gfile.MkDir(_p(d, "a.txt"))
    tf.gfile.MkDir("")
    return tree(d)


@case
def mkdir_missing_parent(tf, fio, d):
    tf.gfile.MkDir(_p(d, "nope", "x"))


@case
def mkdir_below_file(tf, fio, d):
    tf.gfile.MkDir(_p(d, "a.txt", "x"))


@case
def make_dirs(tf, fio, d):
    g = tf.gfile
    g.MakeDirs(_p(d, "m", "n", "o"))
    g.MakeDirs(_p(d, "m2") + "/")
    g.MakeDirs(_p(d, "sub"))
    g.MakeDirs(_p(d, "a.txt"))
    g.MakeDirs(_p(d, "sub", ".", "p", "..", "q"))
    g.MakeDirs("")
    return tree(d)


@case
def make_dirs_below_file(tf, fio, d):
    tf.gfile.MakeDirs(_p(d, "a.txt", "x", "y"))


@case
def make_dirs_below_file_dotted(tf, fio, d):
    tf.gfile.MakeDirs(d + "/./a.txt/x/")


@case
def delete_recursively(tf, fio, d):
    tf.gfile.DeleteRecursively(_p(d, "sub"))
    tf.gfile.DeleteRecursively(_p(d, "empty"))
    return tree(d)


@case
def delete_recursively_missing(tf, fio, d):
    tf.gfile.DeleteRecursively(_p(d, "nope"))


@case
def delete_recursively_file(tf, fio, d):
    tf.gfile.DeleteRecursively(_p(d, "a.txt"))


@case
def delete_recursively_below_file(tf, fio, d):
    tf.gfile.DeleteRecursively(_p(d, "a.txt", "x"))


@case
def delete_recursively_empty_path(tf, fio, d):
    tf.gfile.DeleteRecursively("")


@case
def copy(tf, fio, d):
    tf.gfile.Copy(_p(d, "a.txt"), _p(d, "c.txt"))
    tf.gfile.Copy(_p(d, "b.txt"), _p(d, "a.txt"), overwrite=True)
    return tree(d)


@case
def copy_onto_existing(tf, fio, d):
    tf.gfile.Copy(_p(d, "a.txt"), _p(d, "b.txt"))


@case
def copy_onto_itself(tf, fio, d):
    tf.gfile.Copy(_p(d, "a.txt"), _p(d, "a.txt"))


@case
def copy_onto_itself_overwrite(tf, fio, d):
    tf.gfile.Copy(_p(d, "a.txt"), _p(d, "a.txt"), True)
    return tree(d)


@case
def copy_of_directory_leaves(tf, fio, d):
    try:
        tf.gfile.Copy(_p(d, "sub"), _p(d, "c"))
    except Exception:  # what the failed copy left behind
        return tree(d)


@case
def copy_missing(tf, fio, d):
    tf.gfile.Copy(_p(d, "nope"), _p(d, "c.txt"))


@case
def copy_missing_overwrite(tf, fio, d):
    tf.gfile.Copy(_p(d, "nope"), _p(d, "c.txt"), True)


@case
def copy_onto_directory(tf, fio, d):
    tf.gfile.Copy(_p(d, "a.txt"), _p(d, "sub"))


@case
def copy_onto_directory_overwrite(tf, fio, d):
    tf.gfile.Copy(_p(d, "a.txt"), _p(d, "sub"), True)


@case
def copy_into_missing_directory(tf, fio, d):
    tf.gfile.Copy(_p(d, "a.txt"), _p(d, "nope", "c.txt"))


@case
def copy_of_directory(tf, fio, d):
    tf.gfile.Copy(_p(d, "sub"), _p(d, "c"))


@case
def rename(tf, fio, d):
    g = tf.gfile
    g.Rename(_p(d, "a.txt"), _p(d, "moved.txt"))
    g.Rename(_p(d, "b.txt"), _p(d, "moved.txt"), overwrite=True)
    g.Rename(_p(d, "sub", "deep"), _p(d, "deep2"))
    g.Rename(_p(d, "deep2"), _p(d, "empty"), True)
    g.Rename(_p(d, "u.txt"), _p(d, "u.txt"), True)
    return tree(d)


@case
def rename_onto_existing(tf, fio, d):
    tf.gfile.Rename(_p(d, "a.txt"), _p(d, "b.txt"))


@case
def rename_missing(tf, fio, d):
    tf.gfile.Rename(_p(d, "nope"), _p(d, "c.txt"))


@case
def rename_missing_onto_existing(tf, fio, d):
    tf.gfile.Rename(_p(d, "nope"), _p(d, "b.txt"))


@case
def rename_file_onto_directory(tf, fio, d):
    tf.gfile.Rename(_p(d, "a.txt"), _p(d, "sub"), True)


@case
def rename_onto_nonempty_directory(tf, fio, d):
    tf.gfile.Rename(_p(d, "empty"), _p(d, "sub"), True)


@case
def rename_into_missing_directory(tf, fio, d):
    tf.gfile.Rename(_p(d, "a.txt"), _p(d, "nope", "a.txt"), True)


@case
def stat(tf, fio, d):
    f, sub = _p(d, "a.txt"), _p(d, "sub")
    whole = int(os.stat(f).st_mtime) * 10**9
    s = tf.gfile.Stat(f)
    return [
        _stat(s),
        _stat(tf.io.gfile.stat(sub)),
        os.stat(sub).st_size,
        s.mtime_nsec == whole,
        [type(s.length).__name__, type(s.mtime_nsec).__name__, type(s.is_directory).__name__],
    ]


@case
def stat_missing(tf, fio, d):
    tf.gfile.Stat(_p(d, "nope"))


@case
def stat_below_file(tf, fio, d):
    tf.gfile.Stat(_p(d, "a.txt", "x"))


@case
def stat_empty_path(tf, fio, d):
    tf.io.gfile.stat("")


@case
def glob(tf, fio, d):
    g = tf.gfile
    return [
        sorted(g.Glob(_p(d, "*"))),
        sorted(g.Glob(_p(d, "*", "*"))),
        sorted(g.Glob(_p(d, "?.txt"))),
        g.Glob(_p(d, "[a-a].txt")),
        sorted(g.Glob(_p(d, "[!a].txt"))),
        g.Glob(_p(d, "a.txt")),
        g.Glob(_p(d, "nope")),
        g.Glob(_p(d, "*.zz")),
        g.Glob(_p(d, "sub")),
        g.Glob(_p(d, "sub") + "/"),
        g.Glob(_p(d, "s*") + "/"),
        g.Glob(d + "//a.txt"),
        g.Glob(_p(d, "sub", "..", "a.*")),
        g.Glob(_p(d, ".", "a.*")),
        g.Glob(_p(d, "a\\.txt")),
        g.Glob(_p(d, "st\\*r.txt")),
        g.Glob(_p(d, "st[*]r.txt")),
        g.Glob(_p(d, "sub", "deep", "*")),
        g.Glob(_p(d, "[]a].txt")),
        g.Glob(_p(d, "[a")),
    ]


@case
def glob_iterables(tf, fio, d):
    g = tf.io.gfile
    return [
        g.glob([_p(d, "a.*"), _p(d, "sub", "*.txt")]),
        g.glob((_p(d, "b.txt"),) * 2),
        sorted(g.glob([_p(d, "[ab].txt"), _p(d, "sub")])),
        g.glob(iter([_p(d, "b.*")])),
        g.glob([]),
    ]


@case
def glob_bytes(tf, fio, d):
    return tf.io.gfile.glob(_p(d, "*").encode())


@case
def glob_relative(tf, fio, d):
    cwd = os.getcwd()
    os.chdir(d)
    try:
        g = tf.gfile
        return [
            sorted(g.Glob("*.txt")),
            g.Glob("sub/*.txt"),
            g.Glob("a.txt"),
            g.Glob("./a.*"),
            sorted(g.Glob("s*")),
            g.Glob("su*/"),
            g.Glob(""),
        ]
    finally:
        os.chdir(cwd)


@case
def glob_missing_directory(tf, fio, d):
    tf.gfile.Glob(_p(d, "nope", "*"))


@case
def glob_below_file(tf, fio, d):
    tf.gfile.Glob(_p(d, "a.txt", "*"))


@case
def walk(tf, fio, d):
    g = tf.gfile
    return [
        _walk(g.Walk(d)),
        _walk(g.Walk(d, in_order=False)),
        _walk(g.Walk(_p(d, "sub") + "/")),
        _walk(g.Walk(_p(d, "sub").encode())),
        list(g.Walk(_p(d, "nope"))),
        list(g.Walk(_p(d, "a.txt"))),
        list(g.Walk("")),
    ]


@case
def walk_v2(tf, fio, d):
    g = tf.io.gfile
    seen = []

    def prune(items):
        out = []
        for top, dirs, files in items:
            seen.append(top)
            dirs[:] = [x for x in dirs if x != "deep"]
            out.append([top, sorted(dirs), sorted(files)])
        return out

    return [_walk(g.walk(d, topdown=False)), prune(g.walk(_p(d, "sub"))), seen]


@case
def walk_v2_onerror_raises(tf, fio, d):
    def raiser(err):
        raise err

    return list(tf.io.gfile.walk(_p(d, "nope"), onerror=raiser))


@case
def walk_v2_onerror_returns(tf, fio, d):
    seen = []
    walked = list(tf.io.gfile.walk(_p(d, "nope"), onerror=seen.append))
    return [walked, [type(e).__name__ for e in seen]]


@case
def walk_relative(tf, fio, d):
    cwd = os.getcwd()
    os.chdir(d)
    try:
        return _walk(tf.gfile.Walk("sub"))
    finally:
        os.chdir(cwd)


# -- GFile ----------------------------------------------------------------------------------------


@case
def gfile_read(tf, fio, d):
    G, f = tf.gfile.GFile, _p(d, "a.txt")
    h = G(f)
    out = [
        h.name == f,
        h.mode,
        G(f, "rb").mode,
        h.read(3),
        h.tell(),
        h.read(100),
        h.read(2),
        h.read(),
        h.read(0),
        G(f, "rb").read(4),
        G(f, "rbb").read(),
        G(f, "br").read(),
        tf.gfile.Open(f).read(),
        tf.io.gfile.GFile(f).read(),
        G(f).size(),
        G(f).seekable(),
    ]
    h.close()
    return out


@case
def gfile_lines(tf, fio, d):
    G, f = tf.gfile.GFile, _p(d, "a.txt")
    h = G(f)
    first = [h.readline(), h.read()]
    return [
        G(f).readlines(),
        G(f, "rb").readlines(),
        list(G(f)),
        list(G(f, "rb")),
        first,
        G(_p(d, "cr.txt")).readlines(),
        G(_p(d, "cr.txt")).read(),
        next(iter(G(f))),
        G(f).next(),
        G(_p(d, "b.txt")).readline(),
    ]


@case
def gfile_with(tf, fio, d):
    with tf.gfile.GFile(_p(d, "a.txt")) as h:
        lines = [line for line in h]
    with tf.io.gfile.GFile(_p(d, "w.bin"), "wb") as h:
        h.write(b"\x00\x01")
        h.write("\u00e9")
    return [lines, tree(d)]


@case
def gfile_text_and_bytes(tf, fio, d):
    G = tf.gfile.GFile
    return [
        G(_p(d, "u.txt")).read(),
        G(_p(d, "u.txt"), "rb").read(),
        G(_p(d, "bad.txt"), "rb").read(),
    ]


@case
def gfile_text_split_character(tf, fio, d):
    return tf.gfile.GFile(_p(d, "u.txt")).read(2)


@case
def gfile_text_invalid_utf8(tf, fio, d):
    return tf.gfile.GFile(_p(d, "bad.txt")).read()


@case
def gfile_seek(tf, fio, d):
    G, f = tf.gfile.GFile, _p(d, "a.txt")
    h = G(f)
    out = [
        h.seek(6),
        h.read(5),
        h.seek(2, 1),
        h.tell(),
        h.read(1),
        h.seek(-4, 2),
        h.tell(),
        h.read(),
        h.seek(0),
        h.read(5),
        h.seek(16),
        h.read(),
        h.seek(position=6),
        h.read(5),
        h.seek(offset=1, whence=0),
        h.tell(),
    ]
    h.close()
    return out


@case
def gfile_seek_past_end(tf, fio, d):
    h = tf.gfile.GFile(_p(d, "a.txt"))
    try:
        h.seek(17)
    except Exception as e:  # the class and where the position ends up
        return [type(e).__name__, str(e), h.tell(), h.read()]


@case
def gfile_seek_negative(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt")).seek(-1)


@case
def gfile_seek_bad_whence(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt")).seek(0, 3)


@case
def gfile_seek_no_offset(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt")).seek()


@case
def gfile_seek_offset_and_position(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt")).seek(1, position=1)


@case
def gfile_seek_write_mode(tf, fio, d):
    tf.gfile.GFile(_p(d, "w.txt"), "w").seek(0)


@case
def gfile_read_negative(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt")).read(-2)


@case
def gfile_read_none(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt")).read(None)


@case
def gfile_open_missing_is_lazy(tf, fio, d):
    h = tf.gfile.GFile(_p(d, "nope"))
    return [h.name.endswith("nope"), os.path.exists(_p(d, "nope"))]


@case
def gfile_read_missing(tf, fio, d):
    tf.gfile.GFile(_p(d, "nope")).read()


@case
def gfile_readline_missing(tf, fio, d):
    tf.gfile.GFile(_p(d, "nope")).readline()


@case
def gfile_tell_missing(tf, fio, d):
    tf.gfile.GFile(_p(d, "nope")).tell()


@case
def gfile_size_missing(tf, fio, d):
    tf.gfile.GFile(_p(d, "nope")).size()


@case
def gfile_read_below_file(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt", "x")).read()


@case
def gfile_read_directory(tf, fio, d):
    tf.gfile.GFile(_p(d, "sub")).read()


@case
def gfile_readline_directory(tf, fio, d):
    return [tf.gfile.GFile(_p(d, "sub")).readline(), list(tf.gfile.GFile(_p(d, "sub")))]


@case
def gfile_write_directory(tf, fio, d):
    tf.gfile.GFile(_p(d, "sub"), "w").write("x")


@case
def gfile_write_missing_directory(tf, fio, d):
    tf.gfile.GFile(_p(d, "nope", "x"), "w").write("x")


@case
def gfile_bad_mode(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt"), "x")


@case
def gfile_bad_mode_rt(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt"), "rt")


@case
def gfile_bad_mode_plus_first(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt"), "+r")


@case
def gfile_write_read_only(tf, fio, d):
    tf.gfile.GFile(_p(d, "a.txt")).write("x")


@case
def gfile_read_write_only(tf, fio, d):
    tf.gfile.GFile(_p(d, "b.txt"), "w").read()


@case
def gfile_iterate_append_only(tf, fio, d):
    list(tf.gfile.GFile(_p(d, "b.txt"), "a"))


@case
def gfile_write_int(tf, fio, d):
    tf.gfile.GFile(_p(d, "w.txt"), "w").write(3)


@case
def gfile_write(tf, fio, d):
    G, p = tf.gfile.GFile, _p(d, "w.txt")
    h = G(p, "w")
    h.close()  # nothing written: no file, as TF opens on first write
    out = [os.path.exists(p)]
    h = G(p, "w")
    h.write("abc")
    h.write(b"def")
    h.write(bytearray(b"g"))
    out.append(h.tell())
    h.flush()
    with open(p, "rb") as f:
        out.append(f.read())
    h.close()
    h.write("again")  # after close the next write opens (and truncates) afresh
    h.close()
    h.close()
    return out + [tree(d)]


@case
def gfile_write_tell_creates(tf, fio, d):
    h = tf.gfile.GFile(_p(d, "w.txt"), "w")
    return [h.tell(), os.path.exists(_p(d, "w.txt")), h.mode]


@case
def gfile_append(tf, fio, d):
    h = tf.gfile.GFile(_p(d, "b.txt"), "a")
    out = [h.tell()]
    h.write("XY")
    out.append(h.tell())
    h.close()
    h2 = tf.gfile.GFile(_p(d, "new.txt"), "ab")
    h2.write(b"n")
    h2.close()
    return out + [tree(d)]


@case
def gfile_read_plus(tf, fio, d):
    h = tf.gfile.GFile(_p(d, "b.txt"), "r+")
    out = [h.read(1)]
    h.write("Z")  # TF's first write in r+ truncates the file
    out.append(h.tell())
    h.close()
    return out + [tree(d)]


@case
def gfile_append_plus(tf, fio, d):
    h = tf.gfile.GFile(_p(d, "a.txt"), "a+")
    out = [h.read(2)]
    h.write("Z")
    h.flush()
    out += [h.read(), h.tell()]
    h.close()
    return out + [tree(d)]


@case
def gfile_write_plus(tf, fio, d):
    h = tf.gfile.GFile(_p(d, "b.txt"), "w+")
    out = [h.read(1)]
    h.write("Z")
    h.close()
    return out + [tree(d)]


@case
def gfile_reopen_after_close(tf, fio, d):
    h = tf.gfile.GFile(_p(d, "a.txt"))
    first = h.read(3)
    h.close()
    return [first, h.read(3), h.flush()]


@case
def gfile_missing_plus_modes(tf, fio, d):
    out = []
    for mode in ("r+", "w+", "a+"):
        try:
            tf.gfile.GFile(_p(d, "nope"), mode).read()
        except Exception as e:  # each mode's error is recorded
            out.append([type(e).__name__, str(e).replace(d, "<D>")])
    return out


@case
def fast_gfile(tf, fio, d):
    fast = tf.gfile.FastGFile
    return [fast(_p(d, "a.txt"), "rb").read(), fast(_p(d, "b.txt")).mode]


# -- file:// and other schemes ------------------------------------------------------------------


@case
def file_scheme(tf, fio, d):
    g, u = tf.gfile, "file://" + d
    g.Copy(u + "/a.txt", u + "/c.txt")
    g.MakeDirs(u + "/m/n")
    with g.GFile(u + "/w.txt", "w") as h:
        h.write("q")
    out = [
        g.Exists(u + "/a.txt"),
        g.Exists("file://localhost" + d + "/a.txt"),
        g.Exists("file:" + d + "/a.txt"),
        g.IsDirectory(u + "/sub"),
        sorted(g.ListDirectory(u + "/sub")),
        sorted(g.Glob(u + "/*.txt")),
        g.GFile(u + "/a.txt").read(),
        g.Stat(u + "/a.txt").length,
        _walk(g.Walk(u + "/sub")),
    ]
    g.DeleteRecursively(u + "/m")
    g.Rename(u + "/c.txt", u + "/d.txt")
    g.Remove(u + "/b.txt")
    return out + [tree(d)]


@case
def file_scheme_remove_missing(tf, fio, d):
    tf.gfile.Remove("file://" + _p(d, "nope"))


@case
def file_scheme_listdir_missing(tf, fio, d):
    tf.gfile.ListDirectory("file://" + _p(d, "nope"))


@case
def file_scheme_rmtree_missing(tf, fio, d):
    tf.gfile.DeleteRecursively("file://" + _p(d, "nope"))


@case
def file_scheme_makedirs_below_file(tf, fio, d):
    tf.gfile.MakeDirs("file://" + _p(d, "a.txt", "x", "y"))


@case
def file_scheme_glob_no_path(tf, fio, d):
    tf.gfile.Glob("file://*.txt")


@case
def not_a_scheme(tf, fio, d):
    g = tf.gfile
    return [g.Exists("1foo://x"), g.Exists("f-o://x"), g.Exists("foo:x"), g.IsDirectory("foo://b")]


@case
def unknown_scheme_quiet(tf, fio, d):
    g = tf.gfile
    return [
        g.IsDirectory("foo://b/x"),
        list(g.Walk("foo://b/x")),
        list(tf.io.gfile.walk("foo://b/x")),
    ]


@case
def unknown_scheme_listdir(tf, fio, d):
    tf.gfile.ListDirectory("foo://b/x")


def _scheme_case(name, call):
    def run(tf, fio, d):
        call(tf, d)

    run.__name__ = name
    CASES[name] = run


for _name, _call in {
    "unknown_scheme_exists": lambda tf, d: tf.gfile.Exists("foo://bucket/dir/x"),
    "unknown_scheme_dotted": lambda tf, d: tf.gfile.Exists("Foo.b2://x"),
    "unknown_scheme_remove": lambda tf, d: tf.gfile.Remove("foo://b/x"),
    "unknown_scheme_mkdir": lambda tf, d: tf.gfile.MkDir("foo://b/x"),
    "unknown_scheme_makedirs": lambda tf, d: tf.gfile.MakeDirs("foo://b/x"),
    "unknown_scheme_stat": lambda tf, d: tf.gfile.Stat("foo://b/x"),
    "unknown_scheme_rmtree": lambda tf, d: tf.gfile.DeleteRecursively("foo://b/x"),
    "unknown_scheme_glob": lambda tf, d: tf.gfile.Glob("foo://b/*"),
    "unknown_scheme_read": lambda tf, d: tf.gfile.GFile("foo://b/x").read(),
    "unknown_scheme_write": lambda tf, d: tf.gfile.GFile("foo://b/x", "w").write("x"),
    "unknown_scheme_size": lambda tf, d: tf.gfile.GFile("foo://b/x").size(),
    "unknown_scheme_copy_src": lambda tf, d: tf.gfile.Copy("foo://b/x", _p(d, "c")),
    "unknown_scheme_copy_dst": lambda tf, d: tf.gfile.Copy(_p(d, "a.txt"), "foo://b/y"),
    "unknown_scheme_copy_dst_overwrite": lambda tf, d: tf.gfile.Copy(
        _p(d, "a.txt"), "foo://b/y", True
    ),
    "unknown_scheme_rename_src": lambda tf, d: tf.gfile.Rename("foo://b/y", _p(d, "c")),
    "unknown_scheme_rename_dst": lambda tf, d: tf.gfile.Rename(_p(d, "a.txt"), "foo://b/y"),
}.items():
    _scheme_case(_name, _call)


# -- file_io module functions -------------------------------------------------------------------


@case
def file_io_strings(tf, fio, d):
    p = _p(d, "s.txt")
    fio.write_string_to_file(p, "hi")
    out = [fio.read_file_to_string(p), fio.read_file_to_string(p, binary_mode=True)]
    fio.write_string_to_file(p, b"\xc3\xa9")
    out.append(fio.read_file_to_string(p))
    fio.atomic_write_string_to_file(p, "ho")
    fio.atomic_write_string_to_file(_p(d, "t.txt"), b"to", overwrite=False)
    return out + [tree(d)]


@case
def file_io_atomic_no_overwrite(tf, fio, d):
    try:
        fio.atomic_write_string_to_file(_p(d, "b.txt"), "new", overwrite=False)
    except Exception as e:  # the error, and no temporary file left behind
        return [type(e).__name__, str(e), tree(d)]


@case
def file_io_read_missing(tf, fio, d):
    fio.read_file_to_string(_p(d, "nope"))


@case
def file_io_crc_and_cmp(tf, fio, d):
    a, b, cr = _p(d, "a.txt"), _p(d, "b.txt"), _p(d, "cr.txt")
    return [
        fio.file_crc32(a),
        fio.file_crc32(a, block_size=3),
        fio.file_crc32(_p(d, ".hid")),
        fio.filecmp(a, a),
        fio.filecmp(a, b),
        fio.filecmp(b, _p(d, "sub", "x.txt")),
        fio.filecmp(cr, cr),
    ]


@case
def file_io_file_io_class(tf, fio, d):
    h = fio.FileIO(_p(d, "a.txt"), mode="r")
    return [h.read(), h.mode, isinstance(tf.gfile.GFile(_p(d, "a.txt")), fio.FileIO)]


@case
def pathlike_walk(tf, fio, d):
    import pathlib

    return _walk(tf.io.gfile.walk(pathlib.Path(d) / "sub"))


@case
def pathlike_exists(tf, fio, d):
    import pathlib

    return tf.io.gfile.exists(pathlib.PurePosixPath("/"))
