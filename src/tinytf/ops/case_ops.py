"""tf.case and tf.switch_case, built from tf.cond. tf.case is TF 1.15's chain of nested conds,
testing the predicates in order; tf.switch_case is TF 1.15's functional Case op in values, built
here as the same chain over `branch_index == k` (tinytf has no function graphs).

    r = tf.case([(x < y, lambda: tf.constant(17))], default=lambda: tf.constant(23))
    r = tf.switch_case(i, [lambda: a, lambda: b])    # i out of range: the last branch
"""

import collections
import functools
import logging

from tinytf.framework import dtypes as D
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.ops import array_ops, math_ops, reduction_ops
from tinytf.ops.check_ops import Assert_
from tinytf.ops.cond import cond
from tinytf.ops.constant_op import constant

_log = logging.getLogger("tensorflow")


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The result of the fn of the first of `pred_fn_pairs` whose predicate is true, else of
    `default` (None: the last pair's fn, which then fails the run if no predicate holds).
    `exclusive=True` fails the run when more than one predicate is true."""
    predicates, actions = _pairs(pred_fn_pairs, exclusive, name)
    with name_scope(name, "case", [predicates]):
        if default is None:
            default, predicates, actions = _default_action(predicates, actions)
        fn = default
        # the chain is built from the end, so that the predicates are tested in order
        for predicate, action in reversed(list(zip(predicates, actions))):
            fn = functools.partial(cond, predicate, true_fn=action, false_fn=fn, strict=strict)
        if not exclusive:
            return fn()
        check = _assert_at_most_n_true(predicates, 1, "Input error: exclusive=True")
        with get_default_graph().control_dependencies([check]):
            return fn()


def case_v2(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """TF 2's tf.case (TF 1.15's control_flow_ops.case_v2): tf.case, in graph mode."""
    return case(pred_fn_pairs, default, exclusive, strict, name)


def _pairs(pred_fn_pairs, exclusive, name):
    """(predicates, fns), checked with TF's messages; a dict in order of its predicates' names."""
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError("fns must be a list, tuple, or dict")
    if isinstance(pred_fn_pairs, collections.OrderedDict):
        pred_fn_pairs = pred_fn_pairs.items()
    elif isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
        if not exclusive:
            _log.warning(
                "%s: An unordered dictionary of predicate/fn pairs was provided, but "
                "exclusive=False. The order of conditional tests is deterministic but not "
                "guaranteed.",
                name,
            )
    for pair in pred_fn_pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError("Each entry in pred_fn_pairs must be a 2-tuple")
        pred, fn = pair
        if not isinstance(pred, Tensor):
            raise TypeError(f"pred must be a Tensor, got: {pred}")
        if pred.dtype != D.bool:
            raise TypeError(f"pred must be Tensor of type bool: {pred.name}")
        if not callable(fn):
            raise TypeError(f"fn for pred {pred.name} must be callable.")
    predicates, actions = zip(*pred_fn_pairs)  # TF's ValueError for no pairs comes from here
    return predicates, actions


def _default_action(predicates, actions):
    """TF's default when none is given: the last pair's fn, guarded by a check that its
    predicate holds; the chain then tests only the other pairs."""
    k = len(predicates) - 1
    predicate, action = predicates[k], actions[k]

    def default_action():
        others_msg = (
            f"Implementation error: selected default action #{k} was called, but some of "
            "other predicates are True: "
        )
        default_msg = (
            "Input error: None of conditions evaluated as True:",
            array_ops.stack(predicates, name="preds_c"),
        )
        checks = [
            _assert_at_most_n_true(predicates[:k], 0, others_msg),
            Assert_(predicate, data=default_msg),
        ]
        with get_default_graph().control_dependencies(checks):
            return action()

    return default_action, predicates[:k], actions[:k]


def _assert_at_most_n_true(predicates, n, msg):
    """An Assert that at most n of the predicates are true (TF's message and op names)."""
    preds_c = array_ops.stack(list(predicates), name="preds_c")
    num_true = reduction_ops.reduce_sum(math_ops.cast(preds_c, D.int32), name="num_true_conds")
    condition = math_ops.less_equal(num_true, constant(n, name="n_true_conds"))
    names = ", ".join(getattr(p, "name", "?") for p in predicates)
    error_msg = [f"{msg}: more than {n} conditions ({names}) evaluated as True:", preds_c]
    return Assert_(condition, data=error_msg, summarize=len(predicates))


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """The result of branch_fns[branch_index]() (a list of fns, or of / a dict of (int, fn)
    pairs); an index out of range runs `default`, or the last branch when there is none."""
    actions = _branches(branch_fns, default, branch_index)
    with name_scope(name, "case", [branch_index]):
        if branch_index.dtype.base_dtype != D.int32:  # TF: the Case op's branch_index is int32
            raise TypeError(
                f"Input 'branch_index' of 'Case' Op has type {branch_index.dtype.name} that "
                "does not match expected type of int32."
            )
        structures = []
        fns = [functools.partial(_branch, fn, k, structures) for k, fn in enumerate(actions)]
        fn = fns[-1]
        for k in reversed(range(len(fns) - 1)):
            # strict: TF's Case op keeps a singleton list a list
            is_k = math_ops.equal(branch_index, k)
            fn = functools.partial(cond, is_k, true_fn=fns[k], false_fn=fn, strict=True)
        return fn()


def _branches(branch_fns, default, branch_index):
    """The branch fns in key order, `default` last; checked with TF's messages."""
    if not isinstance(branch_index, Tensor):
        raise TypeError(f"branch_index must a Tensor, got {type(branch_index)}")
    if not branch_index.dtype.is_integer:
        raise TypeError(  # TF 1.15's DType repr
            f"branch_index must an integer Tensor, got <dtype: '{branch_index.dtype.name}'>"
        )
    if not branch_fns:
        raise ValueError("Must provide at least one item in branch_fns")
    if not isinstance(branch_fns, (list, tuple, dict)):
        raise TypeError("branch_fns must be a list, tuple, or dict")
    if isinstance(branch_fns, dict):
        branch_fns = branch_fns.items()
    if all(callable(fn) for fn in branch_fns):
        branch_fns = list(enumerate(branch_fns))
    for pair in branch_fns:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError("Each entry in branch_fns must be a 2-tuple")
        key, fn = pair
        if not isinstance(key, int):
            raise TypeError(f"key must be a Python `int`, got {type(key)}")
        if not callable(fn):
            raise TypeError(f"fn for key {key} must be callable.")
    keys = sorted(key for key, _ in branch_fns)
    if keys != list(range(len(keys))):
        raise ValueError(
            f"branch indices (keys) must form contiguous range of [0 to {len(keys)}) but "
            f"found {{{','.join(map(str, keys))}}}"
        )
    actions = [fn for _, fn in sorted(branch_fns, key=lambda pair: pair[0])]
    if default is not None:
        actions.append(default)
    return actions


def _branch(fn, k, structures):
    """fn()'s result as tensors, checked against branch 0's structure (the chain builds the
    branches in order, so branch 0's is known first)."""
    result = fn()
    if result is None:
        raise TypeError(f"branches[{k}] of tf.switch_case returned None, not tensors")
    result = _as_tensors(result)
    structures.append(_structure(result))
    if structures[-1] != structures[0]:
        raise TypeError(
            f"branches[0] and branches[{k}] arguments to tf.switch_case must have the same "
            "number, type, and overall structure of return values.\n"
            f"branches[0]: {structures[0]}\nbranches[{k}]: {structures[-1]}"
        )
    return result


def _as_tensors(value):
    if isinstance(value, dict):
        return type(value)((key, _as_tensors(v)) for key, v in value.items())
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # namedtuple
        return type(value)(*(_as_tensors(v) for v in value))
    if isinstance(value, (list, tuple)):
        return type(value)(_as_tensors(v) for v in value)
    return convert_to_tensor(value)


def _structure(value):
    """Types, keys and dtypes, which two branches must share (shapes may differ)."""
    if isinstance(value, dict):
        return (type(value).__name__, tuple((k, _structure(value[k])) for k in sorted(value)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_structure(v) for v in value))
    return value.dtype.base_dtype.name
