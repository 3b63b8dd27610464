"""tf.map_fn, tf.scan, tf.foldl, tf.foldr and tf.hessians, built as TF 1.15 builds them
(map_fn.py, functional_ops.py, gradients_impl.py): each unstacks its elems into TensorArrays,
runs a tf.while_loop over them (maximum_iterations = the length) and stacks what it wrote, so the
graph has TF's ops and names (map/TensorArrayUnstack/..., map/while/..., map/TensorArrayStack/...).

    squares = tf.map_fn(lambda x: x * x, tf.constant([1, 2, 3]))
    sums = tf.scan(lambda acc, x: acc + x, tf.constant([1, 2, 3]))   # [1, 3, 6]

TF's graph mode also sets the variable scope's caching device for the loop; tinytf has no caching
devices, so that step has nothing to do here.
"""

from tinytf.framework import dtypes as D
from tinytf.framework import tensor_shape
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import array_ops
from tinytf.ops.constant_op import constant
from tinytf.ops.gradients import gradients
from tinytf.ops.sparse_ops import SparseTensor
from tinytf.ops.tensor_array import TensorArray
from tinytf.ops.while_loop import while_loop
from tinytf.util import nest

_SPARSE_MESSAGE = (
    "To perform a map on the values of a sparse tensor use either "
    " SparseTensor(input.indices, fn(input.values), input.dense_shape) or "
    " SparseTensor(input.indices, map_fn(fn, input.values), input.dense_shape)"
)


def _check_callable(fn):
    if not callable(fn):
        raise TypeError("fn must be callable.")


def _check_not_scalar(elems_flat):
    # as TF's map_fn, only the first elem is looked at
    if elems_flat[0].shape.ndims == 0:
        if len(elems_flat) == 1:
            raise ValueError("elems must be a 1+ dimensional Tensor, not a scalar")
        raise ValueError("elements in elems must be 1+ dimensional Tensors, not scalars")


def _flat_and_pack(structure):
    """TF's (flatten, pack) pair for a structure that may be a single tensor."""
    if nest.is_sequence(structure):
        return nest.flatten, lambda flat: nest.pack_sequence_as(structure, flat)
    return (lambda x: [x]), (lambda flat: flat[0])


def _length(elem, static_zero_is_unknown):
    """The number of elements along dimension 0: static if known, else from the Shape op. TF's
    map_fn and folds write `static or shape(elem)[0]`, so a static 0 is asked at run time too."""
    n = tensor_shape.dimension_value(elem.shape[0])
    if n is None or (static_zero_is_unknown and not n):
        n = array_ops.shape(elem)[0]
    return n


def _unstacked(elems_flat, n, with_element_shape=False):
    """One TensorArray per elem, holding its slices along dimension 0."""
    return [
        TensorArray(
            dtype=elem.dtype,
            size=n,
            dynamic_size=False,
            element_shape=elem.shape[1:] if with_element_shape else None,
            infer_shape=True,
        ).unstack(elem)
        for elem in elems_flat
    ]


def _set_static_length(results_flat, elems_flat):
    """Gives each stacked result the elems' common static length (ValueError if they differ)."""
    n_static = tensor_shape.Dimension(
        tensor_shape.dimension_value(elems_flat[0].shape.with_rank_at_least(1)[0])
    )
    for elem in elems_flat[1:]:
        n_static.merge_with(
            tensor_shape.Dimension(
                tensor_shape.dimension_value(elem.shape.with_rank_at_least(1)[0])
            )
        )
    for r in results_flat:
        r.set_shape(tensor_shape.TensorShape([n_static]).concatenate(r.shape[1:]))


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None):  # fmt: skip
    """Applies `fn` to each slice of `elems` along dimension 0 and stacks the results, in a
    tf.while_loop; `dtype` (a structure of dtypes) is needed when fn's output differs from elems.

        tf.map_fn(lambda x: (x, -x), tf.constant([1, 2]), dtype=(tf.int32, tf.int32))
    """
    _check_callable(fn)
    if isinstance(elems, SparseTensor):
        raise TypeError(_SPARSE_MESSAGE)
    parallel_iterations = parallel_iterations or 10
    input_flatten, input_pack = _flat_and_pack(elems)
    output_flatten, output_pack = (
        (input_flatten, input_pack) if dtype is None else _flat_and_pack(dtype)
    )
    elems_flat = input_flatten(elems)
    with name_scope(name, "map", elems_flat):
        elems_flat = [convert_to_tensor(elem, name="elem") for elem in elems_flat]
        dtype = dtype or input_pack([elem.dtype for elem in elems_flat])
        _check_not_scalar(elems_flat)
        n = _length(elems_flat[0], static_zero_is_unknown=True)
        elems_ta = _unstacked(elems_flat, n)
        i = constant(0)
        accs_ta = [
            TensorArray(dtype=dt, size=n, dynamic_size=False, infer_shape=infer_shape)
            for dt in output_flatten(dtype)
        ]

        def compute(i, tas):
            packed_fn_values = fn(input_pack([elem_ta.read(i) for elem_ta in elems_ta]))
            nest.assert_same_structure(dtype or elems, packed_fn_values)
            flat_fn_values = output_flatten(packed_fn_values)
            return (i + 1, [ta.write(i, value) for ta, value in zip(tas, flat_fn_values)])

        _, r_a = while_loop(
            lambda i, _: i < n,
            compute,
            (i, accs_ta),
            parallel_iterations=parallel_iterations,
            back_prop=back_prop,
            swap_memory=swap_memory,
            maximum_iterations=n,
        )
        results_flat = [r.stack() for r in r_a]
        _set_static_length(results_flat, elems_flat)
        return output_pack(results_flat)


def _fold(fn, elems, initializer, loop_options, name, default_name, reverse):
    """TF's foldl (reverse=False) and foldr (reverse=True): the final accumulator."""
    _check_callable(fn)
    with name_scope(name, default_name, [elems]):
        elems_flat = [convert_to_tensor(elem, name="elem") for elem in nest.flatten(elems)]
        n = _length(elems_flat[0], static_zero_is_unknown=True)

        def create_ta(elem):
            return TensorArray(dtype=elem.dtype, size=n, dynamic_size=False, infer_shape=True
                               ).unstack(elem)  # fmt: skip

        elems_ta = nest.map_structure(create_ta, elems)
        a = initializer
        if reverse:
            i = n - 1 if initializer is None else n
        if initializer is None:  # TF reads before making foldl's counter (the names follow)
            first = i if reverse else 0
            a = nest.map_structure(lambda elem: elem.read(first), elems_ta)
        if not reverse:
            i = constant(1) if initializer is None else constant(0)

        def compute(i, a):
            if reverse:
                i -= 1
            a = fn(a, nest.map_structure(lambda elem: elem.read(i), elems_ta))
            return [i if reverse else i + 1, a]

        _, r_a = while_loop(
            (lambda i, a: i > 0) if reverse else (lambda i, a: i < n),
            compute,
            [i, a],
            maximum_iterations=n,
            **loop_options,
        )
        return r_a


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):  # fmt: skip
    """fn(...fn(fn(initializer, elems[0]), elems[1])..., elems[n-1]), in a tf.while_loop; without
    an initializer, elems[0] starts the accumulator.

        tf.foldl(lambda acc, x: acc - x, tf.constant([1, 2, 3]))   # (1 - 2) - 3 = -4
    """
    options = {"parallel_iterations": parallel_iterations, "back_prop": back_prop,
               "swap_memory": swap_memory}  # fmt: skip
    return _fold(fn, elems, initializer, options, name, "foldl", reverse=False)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
          name=None):  # fmt: skip
    """fn(...fn(fn(initializer, elems[n-1]), elems[n-2])..., elems[0]), in a tf.while_loop;
    without an initializer, elems[n-1] starts the accumulator."""
    options = {"parallel_iterations": parallel_iterations, "back_prop": back_prop,
               "swap_memory": swap_memory}  # fmt: skip
    return _fold(fn, elems, initializer, options, name, "foldr", reverse=True)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):  # fmt: skip
    """Every accumulator of a fold, stacked: result[i] = fn(result[i-1], elems[i]) (last to first
    with reverse=True); without an initializer, elems[0] is result[0].

        tf.scan(lambda acc, x: acc + x, tf.constant([1, 2, 3]))   # [1, 3, 6]
    """
    _check_callable(fn)
    input_flatten, input_pack = _flat_and_pack(elems)
    output_flatten, output_pack = (
        (input_flatten, input_pack) if initializer is None else _flat_and_pack(initializer)
    )
    elems_flat = input_flatten(elems)
    with name_scope(name, "scan", elems_flat):
        elems_flat = [convert_to_tensor(elem, name="elem") for elem in elems_flat]
        n = _length(elems_flat[0], static_zero_is_unknown=False)
        elems_ta = _unstacked(elems_flat, n, with_element_shape=True)
        if initializer is None:
            a_flat = [elem.read(n - 1 if reverse else 0) for elem in elems_ta]
            i = 1
        else:
            a_flat = [convert_to_tensor(init) for init in output_flatten(initializer)]
            i = 0
        accs_ta = [
            TensorArray(dtype=init.dtype, size=n, dynamic_size=False, infer_shape=infer_shape,
                        element_shape=init.shape if infer_shape else None)
            for init in a_flat
        ]  # fmt: skip
        if initializer is None:
            accs_ta = [ta.write(n - 1 if reverse else 0, a) for ta, a in zip(accs_ta, a_flat)]

        def compute(i, a_flat, tas):
            packed_elems = input_pack([elem_ta.read(i) for elem_ta in elems_ta])
            a_out = fn(output_pack(a_flat), packed_elems)
            nest.assert_same_structure(elems if initializer is None else initializer, a_out)
            flat_a_out = output_flatten(a_out)
            tas = [ta.write(i, value) for ta, value in zip(tas, flat_a_out)]
            return (i - 1 if reverse else i + 1, flat_a_out, tas)

        _, _, r_a = while_loop(
            (lambda i, _1, _2: i >= 0) if reverse else (lambda i, _1, _2: i < n),
            compute,
            (n - 1 - i if reverse else i, a_flat, accs_ta),
            parallel_iterations=parallel_iterations,
            back_prop=back_prop,
            swap_memory=swap_memory,
            maximum_iterations=n,
        )
        results_flat = [r.stack() for r in r_a]
        _set_static_length(results_flat, elems_flat)
        return output_pack(results_flat)


def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False, gate_gradients=False,
             aggregation_method=None):  # fmt: skip
    """The Hessian of sum(ys) with respect to each x in xs, shaped x.shape + x.shape: the
    gradient, then a tf.while_loop that differentiates each of its elements again. As in TF
    1.15, `name` names nothing (the ops go under gradients/, while/, ...)."""
    xs = list(xs) if isinstance(xs, (list, tuple)) else [xs]
    kwargs = {
        "colocate_gradients_with_ops": colocate_gradients_with_ops,
        "gate_gradients": gate_gradients,
        "aggregation_method": aggregation_method,
    }
    return [_hessian(g, x) for g, x in zip(gradients(ys, xs, **kwargs), xs)]


def _hessian(gradient, x):
    if gradient is None:  # x does not affect ys: TF's Reshape refuses the None gradient
        raise ValueError(
            "Tried to convert 'tensor' to a tensor and failed. Error: None values not supported."
        )
    gradient = array_ops.reshape(gradient, [-1])
    n = array_ops.size(x)
    loop_vars = [constant(0, D.int32), TensorArray(x.dtype, n)]
    _, hessian = while_loop(
        lambda j, _: j < n,
        lambda j, result: (j + 1, result.write(j, gradients(gradient[j], x)[0])),
        loop_vars,
    )
    x_shape = array_ops.shape(x)
    return array_ops.reshape(hessian.stack(), array_ops.concat((x_shape, x_shape), 0))
