"""Cases for tf.nest (tensorflow/python/util/nest.py), run the same way under real TF 1.15
(tools/make_nest_fixtures.py, which writes tests/util/golden/nest.json) and under tinytf
(tests/util/test_nest.py). A case is `fn(tf, nest) -> value`; `outcome` records what it returns
(encoded to JSON with the container types kept) or what it raises (class name and message).
Kept to Python 3.7 (TF 1.15's)."""

import collections

import numpy as np

NT = collections.namedtuple("NT", "a b")
NTSameName = collections.namedtuple("NT", "a b")  # same name and fields: the same structure
NTOther = collections.namedtuple("NTOther", "a b")
NTFields = collections.namedtuple("NT", "a c")


class NTSub(NT):
    """A subclass of a namedtuple: not a "strict" namedtuple."""


class _Mixin:
    pass


# a tuple with _fields whose solid base is tuple: a "strict" namedtuple to TF, though not made
# by collections.namedtuple
NTMixed = type("NT", (tuple, _Mixin), {"_fields": ("a", "b")})


class ListSub(list):
    """A list subclass: compares equal to a list (TF's _ListWrapper case)."""


class _Attribute:
    """What `attr.ib()` leaves in a class's __attrs_attrs__ (the attrs package is not needed)."""

    def __init__(self, name):
        self.name = name


class AttrsPoint:
    """An `attrs` class: its fields are walked in definition order (y before x)."""

    __attrs_attrs__ = (_Attribute("y"), _Attribute("x"))

    def __init__(self, y, x):
        self.y, self.x = y, x

    def __repr__(self):
        return f"AttrsPoint(y={self.y!r}, x={self.x!r})"


class PlainMapping(collections.abc.Mapping):
    """A Mapping that is not a dict."""

    def __init__(self, *args, **kwargs):
        self._d = dict(*args, **kwargs)

    def __getitem__(self, key):
        return self._d[key]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)

    def __repr__(self):
        return f"PlainMapping({self._d!r})"


def _od(*pairs):
    return collections.OrderedDict(pairs)


def _dd(**kw):
    d = collections.defaultdict(list)
    d.update(kw)
    return d


def _sparse(tf, dtype="float32", tag=""):
    """A SparseTensor of explicitly named int64/value constants (names equal in TF and tinytf)."""
    return tf.SparseTensor(
        tf.constant([[0, 1], [1, 0]], tf.int64, name="i" + tag),
        tf.constant([1, 2], getattr(tf, dtype), name="v" + tag),
        tf.constant([2, 3], tf.int64, name="s" + tag),
    )


def _slices(tf, dense=True, tag=""):
    shape = tf.constant([4, 2], name="d" + tag) if dense else None
    return tf.IndexedSlices(
        tf.constant([[1.0, 2.0]], name="sv" + tag), tf.constant([3], name="si" + tag), shape
    )


NESTED = [1, (2, {"b": 3, "a": [4, 5]}), NT(a=6, b=(7,)), "eight", None]
STRUCTURES = {
    "list_tuple": [1, (2, [3, (4,)])],
    "dict_sorted": {"b": 1, "a": 2, "c": {"z": 3, "y": 4}},
    "ordered_dict": _od(("b", 1), ("a", 2)),
    "defaultdict": _dd(b=1, a=2),
    "namedtuple": NT(a=(1, 2), b=3),
    "nested": NESTED,
    "int_keys": {3: "c", 1: "a", 2: "b"},
    "tuple_keys": {(1, 2): "x", (0, 5): "y"},
    "attrs": AttrsPoint(y=1, x=[2, 3]),
    "plain_mapping": PlainMapping(b=1, a=2),
    "list_sub": ListSub([1, 2]),
    "empty": [(), [], {}, [()]],
    "range": range(3),
    "string": "abc",
    "bytes": b"abc",
    "bytearray": bytearray(b"ab"),
    "scalar": 5,
    "none": None,
    "ndarray": [np.arange(3), np.zeros([2, 2])],
    "set": [{1}, frozenset([2])],
    "keys_view": {"b": 1, "a": 2}.keys(),
    "values_view": {"b": 1, "a": 2}.values(),
    "items_view": {"b": 1, "a": 2}.items(),
    "sparse_value": [
        collections.namedtuple("SparseTensorValue", "indices values dense_shape")(
            np.array([[0]]), np.array([1.0]), np.array([3])
        )
    ],
}


def _flat_cases():
    cases = {}
    for key, s in STRUCTURES.items():
        cases["flatten/" + key] = lambda tf, nest, s=s: nest.flatten(s)
        cases["is_nested/" + key] = lambda tf, nest, s=s: nest.is_nested(s)
        cases["roundtrip/" + key] = lambda tf, nest, s=s: nest.pack_sequence_as(
            s, [("x", i) for i in range(len(nest.flatten(s)))]
        )
        cases["paths/" + key] = lambda tf, nest, s=s: nest.flatten_with_joined_string_paths(s)
        cases["tuple_paths/" + key] = lambda tf, nest, s=s: nest.flatten_with_tuple_paths(s)
        cases["map/" + key] = lambda tf, nest, s=s: nest.map_structure(lambda x: [x], s)
        cases["same/" + key] = lambda tf, nest, s=s: nest.assert_same_structure(s, s)
    return cases


def _same(a, b, **kw):
    return lambda tf, nest: nest.assert_same_structure(a, b, **kw)


ASSERT_SAME = {
    "length": _same([1, 2], [1, 2, 3]),
    "length_nested": _same([1, [2, 3]], [1, [2]]),
    "seq_vs_leaf": _same([1, [2]], [1, 2]),
    "leaf_vs_seq": _same(1, [1]),
    "list_vs_tuple": _same([1, 2], (1, 2)),
    "list_vs_tuple_unchecked": _same([1, 2], (1, 2), check_types=False),
    "namedtuple_other": _same(NT(1, 2), NTOther(1, 2)),
    "namedtuple_same_name": _same(NT(1, 2), NTSameName(1, 2)),
    "namedtuple_other_fields": _same(NT(1, 2), NTFields(1, 2)),
    "namedtuple_sub": _same(NT(1, 2), NTSub(1, 2)),
    "namedtuple_vs_tuple": _same(NT(1, 2), (1, 2)),
    "namedtuple_mixed_base": _same(NT(1, 2), NTMixed((1, 2))),
    "namedtuple_other_unchecked": _same(NT(1, [2]), NTOther(1, 2), check_types=False),
    "tensor_in_message": lambda tf, nest: nest.assert_same_structure(
        [tf.constant(1.0, name="c")], [1, 2]
    ),
    "dict_vs_defaultdict_keys": _same({"a": 1}, _dd(b=1)),
    "namedtuple_vs_tuple_unchecked": _same(NT(1, 2), (1, 2), check_types=False),
    "list_sub": _same(ListSub([1]), [2]),
    "dict_keys": _same({"a": 1, "b": 2}, {"a": 1, "c": 2}),
    "dict_size": _same({"b": 2, "a": 1}, {"a": 1}),
    "dict_keys_unchecked": _same({"a": 1, "b": 2}, {"a": 1, "c": 2}, check_types=False),
    "dict_vs_ordered": _same({"a": 1, "b": 2}, _od(("b", 3), ("a", 4))),
    "dict_vs_ordered_keys": _same({"a": 1, "b": 2}, _od(("a", 1), ("c", 2))),
    "dict_vs_mapping": _same({"a": 1}, PlainMapping(a=2)),
    "dict_vs_list": _same({"a": 1}, [1]),
    "ordered_vs_list": _same(_od(("a", 1)), [1]),
    "dict_vs_list_unchecked": _same({"a": 1}, [1], check_types=False),
    "defaultdict_vs_list": _same(_dd(a=1), [1]),
    "deep_type": _same([1, {"a": (1, 2)}], [1, {"a": [1, 2]}]),
    "deep_dict": _same([{"a": {"x": 1}}], [{"a": {"y": 1}}]),
    "strings": _same("ab", ["a", "b"]),
    "ndarray_leaf": _same(np.zeros(3), [1, 2, 3]),
    "unsortable": _same({1: 1, "a": 2}, {1: 1, "a": 2}),
    "attrs": _same(AttrsPoint(1, 2), AttrsPoint(3, 4)),
    "attrs_vs_tuple": _same(AttrsPoint(1, 2), (3, 4)),
    "keys_view_vs_list": _same({"a": 1}.keys(), ["a"]),
    "range_vs_list": _same(range(2), [0, 1], check_types=False),
}


def _pack(structure, flat, **kw):
    return lambda tf, nest: nest.pack_sequence_as(structure, flat, **kw)


PACK = {
    "scalar_too_many": _pack(1, [1, 2]),
    "scalar_one": _pack(1, ["x"]),
    "scalar_empty": _pack(1, []),
    "too_many": _pack([1, [2]], [1, 2, 3]),
    "too_few": _pack([1, [2, 3]], [1, 2]),
    "not_a_sequence": _pack([1], 5),
    "flat_is_tuple": _pack([1, (2, 3)], ("a", "b", "c")),
    "flat_is_string": _pack([1, 2], "ab"),
    "unsortable": _pack({1: 1, "a": 2}, [1, 2]),
    "dict_from_ordered": _pack({"b": 0, "a": 0}, ["A", "B"]),
    "ordered_keeps_order": _pack(_od(("b", 0), ("a", 0)), ["A", "B"]),
    "defaultdict": _pack(_dd(b=0, a=0), ["A", "B"]),
    "empty": _pack([], []),
    "empty_too_many": _pack([], [1]),
    "empty_dict_in_list": _pack([{}, 1], ["x"]),
}


def _map(*structures, **kw):
    return lambda tf, nest: nest.map_structure(lambda *x: list(x), *structures, **kw)


MAP = {
    "two": _map([1, (2, {"a": 3})], [4, (5, {"a": 6})]),
    "three": _map(NT(1, 2), NT(3, 4), NTSameName(5, 6)),
    "unchecked_first_type": _map([1, 2], (3, 4), check_types=False),
    "unchecked_dicts": _map(_od(("b", 1), ("a", 2)), {"a": 3, "b": 4}),
    "mismatch": _map([1, 2], [1]),
    "type_mismatch": _map([1, 2], (1, 2)),
    "no_structure": lambda tf, nest: nest.map_structure(lambda: 1),
    "not_callable": lambda tf, nest: nest.map_structure(1, [1]),
    "bad_kwarg": _map([1], foo=1, bar=2),
    "scalar": _map(3, 4),
}


def _up(fn_name, *args, **kw):
    return lambda tf, nest: getattr(nest, fn_name)(*args, **kw)


def _up_map(shallow, *inputs, **kw):
    return lambda tf, nest: nest.map_structure_up_to(shallow, lambda *x: list(x), *inputs, **kw)


UP_TO = {
    "flatten_doc1": _up(
        "flatten_up_to", [[True, True], [False, True]], [[[2, 2], [3, 3]], [[4, 9], [5, 5]]]
    ),
    "flatten_doc2": _up(
        "flatten_up_to",
        [["level_1", ["level_2", ["level_3", ["level_4"]]]]],
        [[("a", 1), [("b", 2), [("c", 3), [("d", 4)]]]]],
    ),
    "flatten_scalar": _up("flatten_up_to", 0, [0, 1, 2]),
    "flatten_scalar_input": _up("flatten_up_to", [0, 1, 2], 0),
    "flatten_same": _up("flatten_up_to", [0, 1, 2], [0, 1, 2]),
    "flatten_subtrees": _up(
        "flatten_up_to", ["a", "b"], ["c", ["d", "e"], "f"], check_subtrees_length=False
    ),
    "flatten_lengths": _up("flatten_up_to", ["a", "b"], ["c", ["d", "e"], "f"]),
    "flatten_fewer": _up("flatten_up_to", ["a", "b", "c"], ["c", "d"], check_subtrees_length=False),
    "flatten_types": _up("flatten_up_to", ("a", "b"), ["c", "d"]),
    "flatten_types_unchecked": _up("flatten_up_to", ("a", "b"), ["c", "d"], check_types=False),
    "flatten_keys": _up("flatten_up_to", {"a": 0, "b": 0}, {"a": 1, "c": 2}),
    "flatten_dict_deeper": _up("flatten_up_to", {"a": 0, "b": 0}, {"b": [1, 2], "a": {"x": 3}}),
    "flatten_namedtuples": _up("flatten_up_to", NT(0, 0), NTSameName([1], 2)),
    "flatten_namedtuple_other": _up("flatten_up_to", NT(0, 0), NTOther(1, 2)),
    "flatten_namedtuple_vs_tuple": _up("flatten_up_to", NT(0, 0), (1, 2)),
    "flatten_tuple_vs_namedtuple": _up("flatten_up_to", (0, 0), NT(1, 2)),
    "flatten_dict_vs_ordered": _up("flatten_up_to", {"a": 0, "b": 0}, _od(("b", 1), ("a", 2))),
    "flatten_dict_vs_list": _up("flatten_up_to", {"a": 0}, [1]),
    "flatten_dict_vs_list_unchecked": _up("flatten_up_to", {"a": 0}, [1], check_types=False),
    "shallow_ok": _up("assert_shallow_structure", ["a", "b"], ["c", ["d", "e"]]),
    "shallow_doc1": _up("assert_shallow_structure", {"a": "A", "b": "B"}, {"a": 1, "c": 2}),
    "shallow_doc2": _up("assert_shallow_structure", ["a", "b"], ["c", ["d", "e"], "f"]),
    "shallow_input_leaf": _up("assert_shallow_structure", ["a"], "a"),
    "shallow_string": _up("assert_shallow_structure", "ab", ["a", "b"]),
    "map_doc1": _up_map([None, None], [1, 2, 3], check_subtrees_length=False),
    "map_doc2": lambda tf, nest: nest.map_structure_up_to(
        NT(2, 3), lambda val, ops: (val + ops.a) * ops.b, NT(2, 3), NT(NT(1, 2), NT(2, 3))
    ),
    "map_doc3": lambda tf, nest: nest.map_structure_up_to(
        ["evens", ["odds", "primes"]],
        lambda name, sec: f"first_{len(sec)}_{name}",
        ["evens", ["odds", "primes"]],
        [[2, 4, 6, 8], [[1, 3, 5, 7, 9], [3, 5, 7]]],
    ),
    "map_dicts": _up_map({"a": 0, "b": 0}, {"b": [1], "a": (2,)}, {"a": 3, "b": 4}),
    "map_no_inputs": lambda tf, nest: nest.map_structure_up_to([1], lambda: 1),
    "map_mismatch": _up_map([0, 0], [1, 2], [1]),
    "tuple_paths_up_to": _up(
        "flatten_with_tuple_paths_up_to", {"a": 0, "b": [0, 0]}, {"b": [1, (2, 3)], "a": 4}
    ),
    "map_tuple_paths_up_to": lambda tf, nest: nest.map_structure_with_tuple_paths_up_to(
        {"a": None, "b": [0, 0]},
        lambda p, x, y: [p, x, y],
        {"a": 1, "b": [2, 3]},
        {"a": 4, "b": [5, 6]},
    ),
    "map_with_paths": lambda tf, nest: nest.map_structure_with_paths(
        lambda p, x: p + "=" + str(x), {"a": [1, {"c": 2}], "b": NT(3, 4)}
    ),
    "map_with_tuple_paths": lambda tf, nest: nest.map_structure_with_tuple_paths(
        lambda p, x, y: [p, x + y], {"a": [1, 2]}, {"a": [3, 4]}
    ),
    "yield_flat_paths": lambda tf, nest: list(nest.yield_flat_paths({"a": [3, {"b": 4}]})),
    "joined_separator": _up(
        "flatten_with_joined_string_paths", {"a": [1, NT(2, 3)]}, separator="."
    ),
    "traverse_bool": lambda tf, nest: nest.get_traverse_shallow_structure(
        lambda s: not isinstance(s, tuple), [1, (2, 3), [4, (5,)]]
    ),
    "traverse_struct": lambda tf, nest: nest.get_traverse_shallow_structure(
        lambda s: [True, False] if isinstance(s, list) and len(s) == 2 else True, [[1, 2], [3, 4]]
    ),
    "traverse_bad_scalar": lambda tf, nest: nest.get_traverse_shallow_structure(lambda s: 1, [1]),
    "traverse_bad_leaf": lambda tf, nest: nest.get_traverse_shallow_structure(lambda s: [True], 1),
    "flatten_dict_items": _up(
        "flatten_dict_items", {(4, 5, (6, 8)): ("a", "b", ("c", "d")), "z": [1]}
    ),
    "flatten_dict_items_repeat": _up("flatten_dict_items", {(4, 5): ("a", "b"), 4: "c"}),
    "flatten_dict_items_lengths": _up("flatten_dict_items", {(4, 5): ("a", "b", "c")}),
    "flatten_dict_items_not_dict": _up("flatten_dict_items", [1]),
}


def _components(tf, nest, value, **kw):
    return nest.flatten(value, expand_composites=True, **kw)


COMPOSITES = {
    "sparse_leaf": lambda tf, nest: nest.flatten([_sparse(tf), 1]),
    "sparse_expand": lambda tf, nest: nest.flatten([_sparse(tf), 1], expand_composites=True),
    "sparse_is_nested": lambda tf, nest: nest.is_nested(_sparse(tf)),
    "slices_expand": lambda tf, nest: nest.flatten(_slices(tf), expand_composites=True),
    "slices_no_dense_expand": lambda tf, nest: nest.flatten(
        {"s": _slices(tf, dense=False)}, expand_composites=True
    ),
    "sparse_pack": lambda tf, nest: nest.pack_sequence_as(
        [_sparse(tf)],
        nest.flatten([_sparse(tf, tag="2")], expand_composites=True),
        expand_composites=True,
    ),
    "sparse_pack_numpy": lambda tf, nest: nest.pack_sequence_as(
        _sparse(tf), [np.array([[0, 0]]), np.array([5.0]), np.array([2, 2])], expand_composites=True
    ),
    "sparse_pack_count": lambda tf, nest: nest.pack_sequence_as(
        _sparse(tf), [1, 2], expand_composites=True
    ),
    "slices_pack": lambda tf, nest: nest.pack_sequence_as(
        (_slices(tf),),
        nest.flatten(_slices(tf, tag="2"), expand_composites=True),
        expand_composites=True,
    ),
    "slices_no_dense_pack": lambda tf, nest: nest.pack_sequence_as(
        _slices(tf, dense=False),
        nest.flatten(_slices(tf, False, "2"), expand_composites=True),
        expand_composites=True,
    ),
    "sparse_map_numpy": lambda tf, nest: nest.map_structure(
        lambda t: np.zeros([1], np.int64), [_sparse(tf)], expand_composites=True
    ),
    "slices_spec_unknown": lambda tf, nest: nest.assert_same_structure(
        tf.IndexedSlices(
            tf.placeholder(tf.float32, [None, 2], name="pv"),
            tf.placeholder(tf.int32, [None], name="pi"),
            tf.placeholder(tf.int64, [2], name="pd"),
        ),
        _slices(tf, dense=False),
        expand_composites=True,
    ),
    "sparse_spec_unknown": lambda tf, nest: nest.assert_same_structure(
        tf.sparse.placeholder(tf.float32, name="sp"),
        _sparse(tf, "int32"),
        expand_composites=True,
    ),
    "sparse_map": lambda tf, nest: nest.map_structure(
        tf.identity, {"x": _sparse(tf)}, expand_composites=True
    ),
    "sparse_same": lambda tf, nest: nest.assert_same_structure(
        _sparse(tf), _sparse(tf, tag="2"), expand_composites=True
    ),
    "sparse_dtypes": lambda tf, nest: nest.assert_same_structure(
        _sparse(tf), _sparse(tf, "int32", "2"), expand_composites=True
    ),
    "sparse_dtypes_unexpanded": lambda tf, nest: nest.assert_same_structure(
        _sparse(tf), _sparse(tf, "int32", "2")
    ),
    "sparse_vs_list": lambda tf, nest: nest.assert_same_structure(
        _sparse(tf), [1, 2, 3], expand_composites=True
    ),
    "sparse_vs_list_unchecked": lambda tf, nest: nest.assert_same_structure(
        _sparse(tf), [1, 2, 3], check_types=False, expand_composites=True
    ),
    "list_vs_sparse_unchecked": lambda tf, nest: nest.assert_same_structure(
        [1, 2, 3], _sparse(tf), check_types=False, expand_composites=True
    ),
    "sparse_vs_slices": lambda tf, nest: nest.assert_same_structure(
        _sparse(tf), _slices(tf), check_types=False, expand_composites=True
    ),
    "sparse_vs_tensor": lambda tf, nest: nest.assert_same_structure(
        _sparse(tf), tf.constant(1.0, name="c"), expand_composites=True
    ),
    "slices_dense_vs_none": lambda tf, nest: nest.assert_same_structure(
        _slices(tf), _slices(tf, dense=False, tag="2"), expand_composites=True
    ),
    "shallow_sparse_dtypes": lambda tf, nest: nest.assert_shallow_structure(
        _sparse(tf), _sparse(tf, "int32", "2"), expand_composites=True
    ),
    "shallow_slices_dense": lambda tf, nest: nest.assert_shallow_structure(
        _slices(tf), _slices(tf, dense=False, tag="2"), expand_composites=True
    ),
    "shallow_sparse_vs_list": lambda tf, nest: nest.assert_shallow_structure(
        _sparse(tf), [1, 2, 3], check_types=False, expand_composites=True
    ),
    "flatten_up_to_sparse": lambda tf, nest: nest.flatten_up_to(
        [0, 0], [_sparse(tf), 1], expand_composites=True
    ),
    "flatten_up_to_into_sparse": lambda tf, nest: nest.flatten_up_to(
        [_sparse(tf)], [_sparse(tf, tag="2")], expand_composites=True
    ),
    "paths_sparse": lambda tf, nest: nest.flatten_with_joined_string_paths(
        {"a": _sparse(tf)}, expand_composites=True
    ),
    "tensor_leaf": lambda tf, nest: nest.flatten({"t": tf.constant(1.0, name="c")}),
    "tensor_is_nested": lambda tf, nest: nest.is_nested(tf.constant([1, 2], name="c")),
    "variable_leaf": lambda tf, nest: nest.flatten(
        [tf.Variable(1.0, name="var")], expand_composites=True
    ),
    "tensor_array_leaf": lambda tf, nest: [
        type(x).__name__
        for x in nest.flatten([tf.TensorArray(tf.float32, 2)], expand_composites=True)
    ],
}


def all_cases():
    """{name: fn(tf, nest)} of every case."""
    cases = _flat_cases()
    for prefix, table in (
        ("assert_same/", ASSERT_SAME),
        ("pack/", PACK),
        ("map_structure/", MAP),
        ("up_to/", UP_TO),
        ("composite/", COMPOSITES),
    ):
        for name, fn in table.items():
            cases[prefix + name] = fn
    return cases


def encode(value):
    """A JSON value that keeps containers' types, tensors' names and dtypes, arrays' values."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return {"bytes": value.decode("latin-1")}
    if isinstance(value, np.ndarray):
        return {"ndarray": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, collections.abc.Mapping):
        out = {
            "type": type(value).__name__,
            "items": [[encode(k), encode(v)] for k, v in value.items()],
        }
        if isinstance(value, collections.defaultdict):
            out["default_factory"] = value.default_factory.__name__
        return out
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {
            "type": type(value).__name__,
            "fields": list(value._fields),
            "items": [encode(v) for v in value],
        }
    if isinstance(value, (list, tuple)):
        return {"type": type(value).__name__, "items": [encode(v) for v in value]}
    if isinstance(value, AttrsPoint):
        return {"type": "AttrsPoint", "items": [encode(value.y), encode(value.x)]}
    name = type(value).__name__
    if name in ("SparseTensor", "IndexedSlices"):
        parts = [value.indices, value.values, value.dense_shape]
        return {"type": name, "items": [encode(p) for p in parts]}
    if hasattr(value, "dtype") and hasattr(value, "name"):
        return {"tensor": value.name, "dtype": value.dtype.base_dtype.name}
    return {"object": name}


def outcome(tf, nest, fn):
    """{"value": encoded result} or {"error": [class name, message]} of one case."""
    with tf.Graph().as_default():
        try:
            value = fn(tf, nest)
        except Exception as e:  # noqa: BLE001 - the class is what is recorded
            return {"error": [type(e).__name__, str(e)]}
        return {"value": encode(value)}
