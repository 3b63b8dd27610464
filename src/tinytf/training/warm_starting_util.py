"""tf.train.warm_start and tf.train.VocabInfo: variables whose initializers load their values
from a checkpoint (transfer learning), optionally remapping the rows (or columns) of an
embedding from the checkpoint's vocabulary to a new one.

    tf.train.warm_start("old_model_dir", vars_to_warm_start=".*dense.*")
    sess.run(tf.global_variables_initializer())  # now loads those variables
"""

import collections

import numpy as np

from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.platform import tf_logging as logging
from tinytf.training import checkpoint_utils


class VocabInfo(
    collections.namedtuple(
        "VocabInfo",
        [
            "new_vocab",
            "new_vocab_size",
            "num_oov_buckets",
            "old_vocab",
            "old_vocab_size",
            "backup_initializer",
            "axis",
        ],
    )
):
    """How to warm-start an embedding whose vocabulary changed: the new and old vocabulary
    files, their sizes, the OOV buckets, the initializer of rows the old vocab lacks."""

    def __new__(
        cls,
        new_vocab,
        new_vocab_size,
        num_oov_buckets,
        old_vocab,
        old_vocab_size=-1,
        backup_initializer=None,
        axis=0,
    ):
        if axis not in (0, 1):
            raise ValueError(
                "The only supported values for the axis argument are 0 and 1.  "
                f"Provided axis: {axis}"
            )
        return super().__new__(
            cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size,
            backup_initializer, axis,
        )  # fmt: skip


def _is_variable(value):
    from tinytf.ops.variables import Variable

    return isinstance(value, Variable)


def _grouped_variables(vars_to_warm_start):
    """{name: [variable]} of the variables to warm-start (a regex, or a list of them or of
    Variables)."""
    graph = get_default_graph()
    if isinstance(vars_to_warm_start, str) or vars_to_warm_start is None:
        logging.info("Warm-starting variables only in TRAINABLE_VARIABLES.")
        found = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES, scope=vars_to_warm_start)
    elif isinstance(vars_to_warm_start, list):
        if all(isinstance(v, str) for v in vars_to_warm_start):
            found = []
            for pattern in vars_to_warm_start:
                found += graph.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=pattern)
        elif all(_is_variable(v) for v in vars_to_warm_start):
            found = vars_to_warm_start
        else:
            raise ValueError(
                "If `vars_to_warm_start` is a list, it must be all `Variable` or all `str`.  "
                f"Given types are {[type(v) for v in vars_to_warm_start]}"
            )
    else:
        raise ValueError(
            "`vars_to_warm_start must be a `list` or `str`.  Given type is "
            f"{type(vars_to_warm_start)}"
        )
    grouped = {}
    for var in found:
        grouped.setdefault(var.op.name, []).append(var)
    return grouped


def _vocab(path, size):
    with open(path, encoding="utf-8") as f:
        words = [line.rstrip("\n") for line in f]
    return words if size is None or size < 0 else words[:size]


def _remapping(new_vocab_file, new_size, old_vocab_file, old_size=-1):
    """For each of the first new_size words of the new vocab: its row in the old one, or -1
    (TF's GenerateVocabRemapping)."""
    old_index = {w: i for i, w in enumerate(_vocab(old_vocab_file, old_size))}
    new_words = _vocab(new_vocab_file, new_size)
    if len(new_words) < new_size:
        raise ValueError(
            f"Number of new vocab entries requested ({new_size}) is more than the vocab file "
            f"{new_vocab_file} has ({len(new_words)})."
        )
    return np.array([old_index.get(w, -1) for w in new_words], np.int64)


def _remapped_value(var, prev_ckpt, prev_tensor_name, info):
    """The variable's new initial value: the checkpoint's rows (axis 0) or columns (axis 1)
    in the new vocabulary's order; the backup initializer (zeros) where the old lacks one."""
    from tinytf.ops import array_ops, init_ops, sequence_ops
    from tinytf.ops.constant_op import constant

    old = checkpoint_utils.load_checkpoint(prev_ckpt).get_tensor(prev_tensor_name)
    rows, cols = var.get_shape().as_list()
    # as TF: old_vocab_size limits the old vocabulary of rows only (columns take all of it)
    old_size = info.old_vocab_size if info.axis == 0 else -1
    remap = _remapping(info.new_vocab, info.new_vocab_size, info.old_vocab, old_size)
    if info.axis == 0:
        loaded_rows, loaded_cols = info.new_vocab_size, cols
        row_map, col_map = remap, np.arange(cols)
    else:
        loaded_rows, loaded_cols = rows, info.new_vocab_size
        row_map, col_map = np.arange(rows), remap
    present = (row_map[:, None] >= 0) & (col_map[None, :] >= 0)
    loaded = np.zeros((loaded_rows, loaded_cols), old.dtype)
    loaded[present] = old[np.ix_(np.maximum(row_map, 0), np.maximum(col_map, 0))][present]
    initializer = info.backup_initializer or init_ops.Zeros()
    dtype = var.dtype.base_dtype
    missing = int((~present).sum())
    value = constant(loaded, dtype=dtype)
    if missing:
        # as TF's LoadAndRemapMatrix: the missing cells take the initializer's values in order
        index = np.argwhere(~present)
        fill = array_ops.reshape(initializer([missing, 1], dtype=dtype), [-1])
        value = value + sequence_ops.scatter_nd(constant(index), fill, [loaded_rows, loaded_cols])
    if info.num_oov_buckets > 0:
        extra = (
            [info.num_oov_buckets, loaded_cols]
            if info.axis == 0
            else [loaded_rows, info.num_oov_buckets]
        )
        value = array_ops.concat([value, initializer(extra, dtype=dtype)], info.axis)
    return value


def _warm_start_var_with_vocab(var, prev_ckpt, prev_tensor_name, info):
    from tinytf.ops import state_ops

    if not (info.new_vocab and info.new_vocab_size and prev_ckpt and info.old_vocab):
        raise ValueError(
            "Invalid args: Must provide all of [current_vocab_path, current_vocab_size, "
            "prev_ckpt, prev_vocab_path}."
        )
    if len(var) != 1:
        raise TypeError(f"var MUST be a Variable, but is {var}")  # no partitioned variables
    var = var[0]
    with get_default_graph().name_scope(var.op.name + "/warm_start/"):
        value = _remapped_value(var, prev_ckpt, prev_tensor_name or var.op.name, info)
        var._initializer_op = state_ops.assign(var, value).op
    var._initial_value = value


def warm_start(
    ckpt_to_initialize_from,
    vars_to_warm_start=".*",
    var_name_to_vocab_info=None,
    var_name_to_prev_var_name=None,
):
    """Makes the initializers of the chosen variables load them from the checkpoint (remapped
    by VocabInfo where given, renamed by var_name_to_prev_var_name)."""
    logging.info("Warm-starting from: %s", ckpt_to_initialize_from)
    grouped = _grouped_variables(vars_to_warm_start)
    vocab_infos = var_name_to_vocab_info or {}
    prev_names = var_name_to_prev_var_name or {}
    count, used_prev, used_vocab, plain = 0, set(), set(), {}
    for var_name, var in grouped.items():
        prev_name = prev_names.get(var_name)
        if prev_name:
            used_prev.add(var_name)
        info = vocab_infos.get(var_name)
        if info:
            used_vocab.add(var_name)
            count += 1
            _warm_start_var_with_vocab(var, ckpt_to_initialize_from, prev_name, info)
        elif vars_to_warm_start:
            count += 1
            if len(var) != 1:
                raise TypeError(f"var MUST be a Variable, but is {var}")
            plain[prev_name or var_name] = var[0]
    checkpoint_utils.init_from_checkpoint(ckpt_to_initialize_from, plain)
    logging.info("Warm-started %d variables.", count)
    unused_prev = set(prev_names) - used_prev
    if unused_prev:
        raise ValueError(
            "You provided the following variables in var_name_to_prev_var_name that were not "
            f"used: {unused_prev}.  Perhaps you misspelled them?  Here is the list of viable "
            f"variable names: {grouped.keys()}"
        )
    unused_vocab = set(vocab_infos) - used_vocab
    if unused_vocab:
        raise ValueError(
            "You provided the following variables in var_name_to_vocab_info that were not "
            f"used: {unused_vocab}.  Perhaps you misspelled them?  Here is the list of viable "
            f"variable names: {grouped.keys()}"
        )
