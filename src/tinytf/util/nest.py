"""Nested structures as TF 1.15 walks them (tensorflow/python/util/nest.py and the C++ helpers
of tensorflow/python/util/util.cc it calls): flatten, pack_sequence_as, map_structure,
assert_same_structure and the *_up_to helpers that map_fn, scan and seq2seq use.

Sequences are collections.abc.Sequence (not str/bytes), Mappings (walked and packed by SORTED
key, whatever their own order), MappingViews and `attrs` classes. Everything else, None, NumPy
arrays, Tensors, Variables and TensorArrays included, is a leaf. With expand_composites=True a
SparseTensor (indices, values, dense_shape) and an IndexedSlices (values, indices[, dense_shape])
are expanded into their component tensors.
"""

import collections
import collections.abc as _abc

_SHALLOW_TREE_HAS_INVALID_KEYS = (
    "The shallow_tree's keys are not a subset of the input_tree's keys. The "
    "shallow_tree has the following keys that are not in the input_tree: {}."
)
_STRUCTURES_HAVE_MISMATCHING_TYPES = (
    "The two structures don't have the same sequence type. Input structure has "
    "type {input_type}, while shallow structure has type {shallow_type}."
)
_STRUCTURES_HAVE_MISMATCHING_LENGTHS = (
    "The two structures don't have the same sequence length. Input "
    "structure has length {input_length}, while shallow structure has length "
    "{shallow_length}."
)
_INPUT_TREE_SMALLER_THAN_SHALLOW_TREE = (
    "The input_tree has fewer elements than the shallow_tree. Input structure "
    "has length {input_size}, while shallow structure has length "
    "{shallow_size}."
)
_IF_SHALLOW_IS_SEQ_INPUT_MUST_BE_SEQ = (
    "If shallow structure is a sequence, input must also be a sequence. Input has type: {}."
)
_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: C types' tp_name carries their module
_warned_about_sets = []


# --- what counts as a structure ------------------------------------------------------------


def _is_mapping(o):
    return isinstance(o, _abc.Mapping)


def _is_mapping_view(o):
    return isinstance(o, _abc.MappingView)


def _is_attrs(o):
    return hasattr(o.__class__, "__attrs_attrs__")


def _is_namedtuple(instance, strict=False):
    """A tuple with a `_fields` sequence of strings (strict: a direct subclass of tuple)."""
    if not isinstance(instance, tuple):
        return False
    if strict and instance.__class__.__base__ is not tuple:
        return False
    if not hasattr(instance, "_fields"):
        return False
    fields = instance._fields
    return isinstance(fields, _abc.Sequence) and all(isinstance(f, str) for f in fields)


def _same_namedtuples(one, two):
    """TF's SameNamedtuples: the same class name and the same fields."""
    return type(one).__name__ == type(two).__name__ and one._fields == two._fields


_composite_types = None  # (SparseTensor, IndexedSlices), imported on first use


def _is_composite(o):
    global _composite_types
    if _composite_types is None:
        from tinytf.ops.indexed_slices import IndexedSlices
        from tinytf.ops.sparse_ops import SparseTensor

        _composite_types = (SparseTensor, IndexedSlices)
    return isinstance(o, _composite_types)


_sequence_types = {}  # type -> is_sequence, cached per type as TF's C++ CachedTypeCheck does


def is_sequence(o):
    """True for a Sequence (not a string), a Mapping, a MappingView or an attrs object."""
    cls = type(o)
    found = _sequence_types.get(cls)
    if found is None:
        found = _sequence_types[cls] = _is_sequence_type(o)
    return found


def _is_sequence_type(seq):
    if _is_mapping(seq) or _is_mapping_view(seq) or _is_attrs(seq):
        return True
    if isinstance(seq, set) and not _warned_about_sets:
        import logging

        _warned_about_sets.append(True)
        logging.getLogger("tensorflow").warning(
            "Sets are not currently considered sequences, but this may change in the future, "
            "so consider avoiding using them."
        )
    return isinstance(seq, _abc.Sequence) and not isinstance(seq, (str, bytes))


def is_sequence_or_composite(o):
    """is_sequence, or a composite tensor (SparseTensor, IndexedSlices)."""
    return is_sequence(o) or _is_composite(o)


def is_nested(seq):
    """Returns true if its input is a collections.abc.Sequence (except strings) or a dict."""
    return is_sequence(seq)


def _is_seq_fn(expand_composites):
    return is_sequence_or_composite if expand_composites else is_sequence


# --- composite tensors: their components and their TypeSpec -------------------------------


def _components(value):
    from tinytf.ops.sparse_ops import SparseTensor

    if isinstance(value, SparseTensor):
        return [value.indices, value.values, value.dense_shape]
    if value.dense_shape is None:
        return [value.values, value.indices]
    return [value.values, value.indices, value.dense_shape]


def _from_components(instance, components):
    import numpy as np

    from tinytf.ops.indexed_slices import IndexedSlices
    from tinytf.ops.sparse_ops import SparseTensor, SparseTensorValue

    if isinstance(instance, IndexedSlices):
        return IndexedSlices(*components)
    if all(isinstance(c, np.ndarray) for c in components):
        return SparseTensorValue(*components)  # TF 1.x: NumPy parts make a value, not a tensor
    return SparseTensor(*components)


class _TypeSpec:
    """What TF 1.15's SparseTensorSpec / IndexedSlicesSpec say of a composite: its class name
    and serialization (shapes and dtypes), compared as TypeSpec.most_specific_compatible_type."""

    def __init__(self, value):
        from tinytf.framework.tensor_shape import TensorShape
        from tinytf.ops.shape_util import constant_value_as_shape
        from tinytf.ops.sparse_ops import SparseTensor

        if isinstance(value, SparseTensor):
            self.name, self.parts = "SparseTensorSpec", (value.shape, value.dtype)
            return
        values, indices, dense = value.values, value.indices, value.dense_shape
        shape = TensorShape([None]).concatenate(values.shape[1:])
        if dense is not None:
            shape = shape.merge_with(constant_value_as_shape(dense))
        indices_shape = indices.shape.merge_with(values.shape[:1])
        dense_dtype = None if dense is None else dense.dtype
        self.name = "IndexedSlicesSpec"
        self.parts = (shape, values.dtype, indices.dtype, dense_dtype, indices_shape)

    def __str__(self):
        return f"{self.name}{self.parts!r}"

    def check_compatible(self, other):
        """Raises TF's ValueError when no TypeSpec is compatible with both."""
        from tinytf.framework.tensor_shape import TensorShape

        if not isinstance(other, _TypeSpec) or other.name != self.name:
            raise ValueError(f"No TypeSpec is compatible with both {self} and {other}")
        for a, b in zip(self.parts, other.parts):
            # shapes always have a most specific compatible shape; dtypes must be equal
            if type(a) is not type(b) or (not isinstance(a, TensorShape) and a != b):
                raise ValueError(f"Types are not compatible: {a!r} vs {b!r}")


# --- walking -------------------------------------------------------------------------------


def _sorted(dict_):
    try:
        return sorted(dict_)
    except TypeError:
        raise TypeError("nest only supports dicts with sortable keys.") from None


def _attrs_items(obj):
    return [(a.name, getattr(obj, a.name)) for a in obj.__class__.__attrs_attrs__]


def _yield_sorted_items(iterable):
    """(key, value) pairs in TF's order: sorted keys, attrs/namedtuple fields, indices."""
    if _is_mapping(iterable):
        for key in _sorted(iterable):
            yield key, iterable[key]
    elif _is_attrs(iterable):
        yield from _attrs_items(iterable)
    elif _is_namedtuple(iterable):
        for field in iterable._fields:
            yield field, getattr(iterable, field)
    elif _is_composite(iterable):
        yield type(iterable).__name__, _components(iterable)
    else:
        yield from enumerate(iterable)


def _yield_value(iterable):
    for _, v in _yield_sorted_items(iterable):
        yield v


def _children(nested, expand_composites):
    """The C++ value iterators: as _yield_value, but a failed key sort keeps Python's message."""
    if _is_mapping(nested):
        return [nested[k] for k in sorted(nested)]
    if _is_attrs(nested):
        return [v for _, v in _attrs_items(nested)]
    if expand_composites and _is_composite(nested):
        return _components(nested)
    return list(nested)


def _sequence_like(instance, args):
    """`args` packed into the type of `instance` (dicts in the instance's own key order)."""
    if _is_mapping(instance):
        result = dict(zip(_sorted(instance), args))
        instance_type = type(instance)
        if instance_type == collections.defaultdict:
            d = collections.defaultdict(instance.default_factory)
            for key in instance:
                d[key] = result[key]
            return d
        return instance_type((key, result[key]) for key in instance)
    if _is_mapping_view(instance):
        return list(args)  # mapping views cannot be built
    if _is_namedtuple(instance) or _is_attrs(instance):
        return type(instance)(*args)
    if _is_composite(instance):
        assert len(args) == 1
        return _from_components(instance, args[0])
    if isinstance(instance, range):
        return list(args)
    return type(instance)(args)


def _flatten_into(nested, out, is_seq, expand_composites):
    if not is_seq(nested):
        out.append(nested)
        return
    for item in _children(nested, expand_composites):
        _flatten_into(item, out, is_seq, expand_composites)


def flatten(structure, expand_composites=False):
    """Returns a flat list from a given nested structure (dict values in sorted key order)."""
    out = []
    _flatten_into(structure, out, _is_seq_fn(expand_composites), expand_composites)
    return out


# --- assert_same_structure (a port of util.cc's AssertSameStructureHelper) ------------------


def _describe(o):
    name = o.name if isinstance(o, _TypeSpec) else o.__class__.__name__
    return f"type={name} str={o}"


def _tp_name(cls):
    if cls.__flags__ & _HEAPTYPE or cls.__module__ == "builtins":
        return cls.__name__
    return f"{cls.__module__}.{cls.__name__}"


def _type_mismatch(o1, o2):
    """The TypeError text when check_types finds two different sequence types, else None."""
    both_namedtuples = _is_namedtuple(o1, True) and _is_namedtuple(o2, True)
    if both_namedtuples:
        differ = not _same_namedtuples(o1, o2)
    else:
        # list subclasses (TF's _ListWrapper) and any two mappings (_DictWrapper) pass
        differ = (
            type(o1) is not type(o2)
            and not (isinstance(o1, list) and isinstance(o2, list))
            and not (_is_mapping(o1) and _is_mapping(o2))
        )
    if not differ:
        return None
    return (
        f"The two namedtuples don't have the same sequence type. First structure "
        f"{_describe(o1)} has type {_tp_name(type(o1))}, while second structure "
        f"{_describe(o2)} has type {_tp_name(type(o2))}"
    )


def _dict_keys_mismatch(o1, o2):
    if len(o1) == len(o2) and all(k in o2 for k in o1):
        return None
    return (
        f"The two dictionaries don't have the same set of keys. First structure has keys "
        f"{_describe(list(o1))}, while second structure has keys {_describe(list(o2))}"
    )


def _spec_mismatch(o1, o2):
    spec1 = _TypeSpec(o1) if _is_composite(o1) else o1
    spec2 = _TypeSpec(o2) if _is_composite(o2) else o2
    try:
        if not isinstance(spec1, _TypeSpec):
            raise ValueError("not a TypeSpec")
        spec1.check_compatible(spec2)
    except (TypeError, ValueError):
        return f"Incompatible CompositeTensor TypeSpecs: {_describe(spec1)} vs. {_describe(spec2)}"
    return None


def _structure_mismatch(o1, o2, check_types, expand_composites):
    """(is_type_error, message) for the first difference of two structures, or None."""
    is_seq = _is_seq_fn(expand_composites)
    seq1, seq2 = is_seq(o1), is_seq(o2)
    if seq1 != seq2:
        seq, non_seq = (o1, o2) if seq1 else (o2, o1)
        return False, (
            f'Substructure "{_describe(seq)}" is a sequence, while substructure '
            f'"{_describe(non_seq)}" is not'
        )
    if not seq1:
        return None
    if check_types:
        message = _type_mismatch(o1, o2)
        if message:
            return True, message
        if isinstance(o1, dict) and isinstance(o2, dict):
            message = _dict_keys_mismatch(o1, o2)
            if message:
                return False, message
    if expand_composites and (_is_composite(o1) or _is_composite(o2)):
        message = _spec_mismatch(o1, o2)
        if message:
            return False, message
    children1 = _children(o1, expand_composites)
    children2 = _children(o2, expand_composites)
    for v1, v2 in zip(children1, children2):
        found = _structure_mismatch(v1, v2, check_types, expand_composites)
        if found:
            return found
    if len(children1) != len(children2):
        return False, (
            f"The two structures don't have the same number of elements. First structure: "
            f"{_describe(o1)}. Second structure: {_describe(o2)}"
        )
    return None


class _DotString:
    def __str__(self):
        return "."

    __repr__ = __str__


_DOT = _DotString()


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Asserts that two structures are nested in the same way (ValueError / TypeError)."""
    try:
        found = _structure_mismatch(nest1, nest2, check_types, expand_composites)
    except (ValueError, TypeError) as e:  # TF decorates these too (an unsortable key, ...)
        error, message = type(e), str(e)
    else:
        if found is None:
            return
        is_type_error, detail = found
        error = TypeError if is_type_error else ValueError
        message = (
            f"The two structures don't have the same nested structure.\n\n"
            f"First structure: {_describe(nest1)}\n\nSecond structure: {_describe(nest2)}\n\n"
            f"More specifically: {detail}"
        )
    str1 = str(map_structure(lambda _: _DOT, nest1))
    str2 = str(map_structure(lambda _: _DOT, nest2))
    raise error(f"{message}\nEntire first structure:\n{str1}\nEntire second structure:\n{str2}")


# --- packing and mapping -------------------------------------------------------------------


def _packed_nest_with_indices(structure, flat, index, is_seq):
    packed = []
    for s in _yield_value(structure):
        if is_seq(s):
            index, child = _packed_nest_with_indices(s, flat, index, is_seq)
            packed.append(_sequence_like(s, child))
        else:
            packed.append(flat[index])
            index += 1
    return index, packed


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """Returns `flat_sequence` packed into the nested structure of `structure`."""
    is_seq = _is_seq_fn(expand_composites)
    if not is_seq(flat_sequence):
        raise TypeError("flat_sequence must be a sequence")
    if not is_seq(structure):
        if len(flat_sequence) != 1:
            raise ValueError(
                f"Structure is a scalar but len(flat_sequence) == {len(flat_sequence)} > 1"
            )
        return flat_sequence[0]
    try:
        final_index, packed = _packed_nest_with_indices(structure, flat_sequence, 0, is_seq)
        if final_index < len(flat_sequence):
            raise IndexError
    except IndexError:
        flat_structure = flatten(structure)
        if len(flat_structure) != len(flat_sequence):
            raise ValueError(
                f"Could not pack sequence. Structure had {len(flat_structure)} elements, but "
                f"flat_sequence had {len(flat_sequence)} elements.  Structure: {structure}, "
                f"flat_sequence: {flat_sequence}."
            ) from None
    return _sequence_like(structure, packed)


def map_structure(func, *structure, **kwargs):
    """Applies `func` to each entry in `structure` and returns a new structure."""
    if not callable(func):
        raise TypeError(f"func must be callable, got: {func}")
    if not structure:
        raise ValueError("Must provide at least one structure")
    check_types = kwargs.pop("check_types", True)
    expand_composites = kwargs.pop("expand_composites", False)
    if kwargs:
        raise ValueError(
            "Only valid keyword arguments are `check_types` and `expand_composites`, not: "
            f"`{'`, `'.join(kwargs.keys())}`"
        )
    for other in structure[1:]:
        assert_same_structure(
            structure[0], other, check_types=check_types, expand_composites=expand_composites
        )
    flat_structure = [flatten(s, expand_composites) for s in structure]
    return pack_sequence_as(
        structure[0],
        [func(*x) for x in zip(*flat_structure)],
        expand_composites=expand_composites,
    )


def flatten_dict_items(dictionary):
    """A dict whose keys and values are the flattened keys and values of `dictionary`."""
    if not isinstance(dictionary, (dict, _abc.Mapping)):
        raise TypeError("input must be a dictionary")
    flat_dictionary = {}
    for i, v in dictionary.items():
        if not is_sequence(i):
            if i in flat_dictionary:
                raise ValueError(f"Could not flatten dictionary: key {i} is not unique.")
            flat_dictionary[i] = v
            continue
        flat_i, flat_v = flatten(i), flatten(v)
        if len(flat_i) != len(flat_v):
            raise ValueError(
                f"Could not flatten dictionary. Key had {len(flat_i)} elements, but value had "
                f"{len(flat_v)} elements. Key: {flat_i}, value: {flat_v}."
            )
        for new_i, new_v in zip(flat_i, flat_v):
            if new_i in flat_dictionary:
                raise ValueError(f"Could not flatten dictionary: key {new_i} is not unique.")
            flat_dictionary[new_i] = new_v
    return flat_dictionary


# --- up to a shallow structure -------------------------------------------------------------


def _yield_flat_up_to(shallow_tree, input_tree, is_seq, path=()):
    """(path, value) of input_tree's values at shallow_tree's leaves."""
    if not is_seq(shallow_tree):
        yield path, input_tree
        return
    input_tree = dict(_yield_sorted_items(input_tree))
    for shallow_key, shallow_subtree in _yield_sorted_items(shallow_tree):
        subpath = path + (shallow_key,)
        yield from _yield_flat_up_to(shallow_subtree, input_tree[shallow_key], is_seq, subpath)


def _shallow_type_check(shallow_tree, input_tree):
    if isinstance(input_tree, type(shallow_tree)):
        return
    if _is_namedtuple(shallow_tree) and _is_namedtuple(input_tree):
        if _same_namedtuples(shallow_tree, input_tree):
            return
    elif _is_mapping(shallow_tree) and _is_mapping(input_tree):
        return
    raise TypeError(
        _STRUCTURES_HAVE_MISMATCHING_TYPES.format(
            input_type=type(input_tree), shallow_type=type(shallow_tree)
        )
    )


def _shallow_node_check(shallow_tree, input_tree, check_subtrees_length):
    if _is_composite(shallow_tree) or _is_composite(input_tree):
        if not (_is_composite(shallow_tree) and _is_composite(input_tree)):
            raise TypeError(
                _STRUCTURES_HAVE_MISMATCHING_TYPES.format(
                    input_type=type(input_tree), shallow_type=type(shallow_tree)
                )
            )
        spec1, spec2 = _TypeSpec(shallow_tree), _TypeSpec(input_tree)
        try:
            spec1.check_compatible(spec2)
        except (TypeError, ValueError) as e:
            raise ValueError(
                f"Incompatible CompositeTensor TypeSpecs: {spec1} vs. {spec2} -- {e}"
            ) from None
    elif check_subtrees_length and len(input_tree) != len(shallow_tree):
        raise ValueError(
            _STRUCTURES_HAVE_MISMATCHING_LENGTHS.format(
                input_length=len(input_tree), shallow_length=len(shallow_tree)
            )
        )
    elif len(input_tree) < len(shallow_tree):
        raise ValueError(
            _INPUT_TREE_SMALLER_THAN_SHALLOW_TREE.format(
                input_size=len(input_tree), shallow_size=len(shallow_tree)
            )
        )
    if _is_mapping(shallow_tree):
        absent_keys = set(shallow_tree) - set(input_tree)
        if absent_keys:
            raise ValueError(_SHALLOW_TREE_HAS_INVALID_KEYS.format(sorted(absent_keys)))


def assert_shallow_structure(
    shallow_tree, input_tree, check_types=True, expand_composites=False, check_subtrees_length=True
):
    """Asserts that `shallow_tree` is a shallow structure of `input_tree`."""
    is_seq = _is_seq_fn(expand_composites)
    if not is_seq(shallow_tree):
        return
    if not is_seq(input_tree):
        raise TypeError(_IF_SHALLOW_IS_SEQ_INPUT_MUST_BE_SEQ.format(type(input_tree)))
    if check_types:
        _shallow_type_check(shallow_tree, input_tree)
    _shallow_node_check(shallow_tree, input_tree, check_subtrees_length)
    for shallow_branch, input_branch in zip(_yield_value(shallow_tree), _yield_value(input_tree)):
        assert_shallow_structure(
            shallow_branch,
            input_branch,
            check_types=check_types,
            expand_composites=expand_composites,
            check_subtrees_length=check_subtrees_length,
        )


def flatten_with_tuple_paths_up_to(
    shallow_tree, input_tree, check_types=True, expand_composites=False, check_subtrees_length=True
):
    """(tuple path, value) pairs of `input_tree` flattened up to `shallow_tree`."""
    assert_shallow_structure(
        shallow_tree,
        input_tree,
        check_types=check_types,
        expand_composites=expand_composites,
        check_subtrees_length=check_subtrees_length,
    )
    return list(_yield_flat_up_to(shallow_tree, input_tree, _is_seq_fn(expand_composites)))


def flatten_up_to(
    shallow_tree, input_tree, check_types=True, expand_composites=False, check_subtrees_length=True
):
    """Flattens `input_tree` up to `shallow_tree` (deeper parts stay whole)."""
    pairs = flatten_with_tuple_paths_up_to(
        shallow_tree, input_tree, check_types, expand_composites, check_subtrees_length
    )
    return [v for _, v in pairs]


def map_structure_with_tuple_paths_up_to(shallow_tree, func, *inputs, **kwargs):
    """map_structure_up_to whose `func` also gets each leaf's tuple path first."""
    if not inputs:
        raise ValueError("Cannot map over no sequences")
    check_types = kwargs.pop("check_types", True)
    expand_composites = kwargs.pop("expand_composites", False)
    check_subtrees_length = kwargs.pop("check_subtrees_length", True)
    flat_value_lists = [
        flatten_up_to(shallow_tree, t, check_types, expand_composites, check_subtrees_length)
        for t in inputs
    ]
    is_seq = _is_seq_fn(expand_composites)
    flat_path_list = [path for path, _ in _yield_flat_up_to(shallow_tree, inputs[0], is_seq)]
    results = [func(*args, **kwargs) for args in zip(flat_path_list, *flat_value_lists)]
    return pack_sequence_as(shallow_tree, results, expand_composites=expand_composites)


def map_structure_up_to(shallow_tree, func, *inputs, **kwargs):
    """Applies `func` to the inputs flattened up to `shallow_tree`; packs like shallow_tree."""
    return map_structure_with_tuple_paths_up_to(
        shallow_tree, lambda _, *values: func(*values), *inputs, **kwargs
    )


def map_structure_with_tuple_paths(func, *structure, **kwargs):
    """map_structure whose `func(tuple_path, *values)` also gets each leaf's tuple path."""
    return map_structure_with_tuple_paths_up_to(structure[0], func, *structure, **kwargs)


def map_structure_with_paths(func, *structure, **kwargs):
    """map_structure whose `func(path, *values)` also gets each leaf's "/"-joined path."""

    def wrapper_func(tuple_path, *inputs, **kwargs):
        return func("/".join(str(s) for s in tuple_path), *inputs, **kwargs)

    return map_structure_with_tuple_paths_up_to(structure[0], wrapper_func, *structure, **kwargs)


def yield_flat_paths(nest, expand_composites=False):
    """Yields the tuple path of each leaf, in flatten's order."""
    for k, _ in _yield_flat_up_to(nest, nest, _is_seq_fn(expand_composites)):
        yield k


def flatten_with_tuple_paths(structure, expand_composites=False):
    """A list of (tuple_path, leaf) pairs in flatten's order."""
    paths = yield_flat_paths(structure, expand_composites=expand_composites)
    return list(zip(paths, flatten(structure, expand_composites=expand_composites)))


def flatten_with_joined_string_paths(structure, separator="/", expand_composites=False):
    """A list of (joined string path, leaf) pairs in flatten's order."""
    pairs = flatten_with_tuple_paths(structure, expand_composites=expand_composites)
    return [(separator.join(str(p) for p in path), leaf) for path, leaf in pairs]


def get_traverse_shallow_structure(traverse_fn, structure, expand_composites=False):
    """A shallow structure of bools from `traverse_fn`, for map_structure_up_to/flatten_up_to."""
    is_seq = _is_seq_fn(expand_composites)
    to_traverse = traverse_fn(structure)
    if not is_seq(structure):
        if not isinstance(to_traverse, bool):
            raise TypeError(
                f"traverse_fn returned structure: {to_traverse} for non-structure: {structure}"
            )
        return to_traverse
    level_traverse = []
    if isinstance(to_traverse, bool):
        if not to_traverse:
            return False
        for branch in _yield_value(structure):
            level_traverse.append(
                get_traverse_shallow_structure(traverse_fn, branch, expand_composites)
            )
    elif not is_seq(to_traverse):
        raise TypeError(
            f"traverse_fn returned a non-bool scalar: {to_traverse} for input: {structure}"
        )
    else:
        assert_shallow_structure(to_traverse, structure, expand_composites=expand_composites)
        for t, branch in zip(_yield_value(to_traverse), _yield_value(structure)):
            if not isinstance(t, bool):
                raise TypeError(
                    f"traverse_fn didn't return a depth=1 structure of bools.  saw: {to_traverse} "
                    f" for structure: {structure}"
                )
            # TF 1.15 does not pass expand_composites down here
            branch_traverse = get_traverse_shallow_structure(traverse_fn, branch) if t else False
            level_traverse.append(branch_traverse)
    return _sequence_like(structure, level_traverse)
