"""tf.data.Options and its parts (tf.data.experimental.OptimizationOptions, ThreadingOptions,
StatsOptions, DistributeOptions, MapVectorizationOptions): typed settings that a dataset carries
(`with_options`) and its transformations pass on, merged as TF merges them.

    options = tf.data.Options()
    options.experimental_optimization.map_fusion = True
    dataset = dataset.with_options(options)   # dataset.options() == options

tinytf's pipelines are deterministic and unoptimized whatever the options say: the options
change no element, as in TF.
"""


class OptionsBase:
    """A set of options: only the declared ones can be set, each of its declared type."""

    def __init__(self):
        object.__setattr__(self, "_options", {})  # set before __setattr__ checks names

    def __eq__(self, other):
        if not isinstance(other, self.__class__):
            return NotImplemented
        names = set(self._options) | set(other._options)
        return all(getattr(self, n) == getattr(other, n) for n in names)

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None

    def __setattr__(self, name, value):
        if not hasattr(self, name):
            raise AttributeError(f"Cannot set the property {name} on {type(self).__name__}.")
        object.__setattr__(self, name, value)


def _option(name, ty, doc, default=lambda: None):
    """A property of an OptionsBase holding a value of type `ty` (default() until set)."""

    def get(options):
        if name not in options._options:
            options._options[name] = default()
        return options._options[name]

    def set_(options, value):
        if not isinstance(value, ty):
            raise TypeError(
                f'Property "{name}" must be of type {ty!r}, got: {value!r} (type: {type(value)!r})'
            )
        options._options[name] = value

    return property(get, set_, None, doc)


def merge_options(*options_list):
    """A new options object holding the options set in any of `options_list` (ValueError where
    two set one option to different non-default values)."""
    if not options_list:
        raise ValueError("At least one options should be provided")
    kind = type(options_list[0])
    for options in options_list:
        if not isinstance(options, kind):
            raise TypeError(f"Incompatible options type: {type(options)!r} vs {kind!r}")
    if not isinstance(options_list[0], OptionsBase):
        raise TypeError("The inputs should inherit from `OptionsBase`")
    defaults, result = kind(), kind()
    for options in options_list:
        for name in options._options:
            this, that, default = (getattr(o, name) for o in (result, options, defaults))
            if that == default:
                continue
            if this == default:
                setattr(result, name, that)
            elif isinstance(this, OptionsBase):
                setattr(result, name, merge_options(this, that))
            elif this != that:
                raise ValueError(
                    f"Cannot merge incompatible values ({this!r} and {that!r}) of option: {name}"
                )
    return result


class MapVectorizationOptions(OptionsBase):
    """Options of the map vectorization optimization."""

    enabled = _option("enabled", bool, "Whether to vectorize map transformations.")
    use_choose_fastest = _option(
        "use_choose_fastest", bool, "Whether to pick the faster of the vectorized and plain map."
    )


def _flag(name, doc):
    return _option(name, bool, doc)


class OptimizationOptions(OptionsBase):
    """Which static optimizations and autotuning a dataset's pipeline asks for."""

    apply_default_optimizations = _flag(
        "apply_default_optimizations", "Whether to apply default static optimizations."
    )
    autotune = _flag("autotune", "Whether to tune performance knobs automatically.")
    autotune_algorithm = _option("autotune_algorithm", int, "The autotuning algorithm.")
    autotune_buffers = _flag("autotune_buffers", "Whether to autotune buffer sizes too.")
    autotune_cpu_budget = _option("autotune_cpu_budget", int, "The CPU budget of autotuning.")
    filter_fusion = _flag("filter_fusion", "Whether to fuse filter transformations.")
    filter_with_random_uniform_fusion = _flag(
        "filter_with_random_uniform_fusion",
        "Whether to turn a filter on random_uniform < rate into sampling.",
    )
    hoist_random_uniform = _flag(
        "hoist_random_uniform", "Whether to hoist random_uniform out of map functions."
    )
    map_and_batch_fusion = _flag("map_and_batch_fusion", "Whether to fuse map and batch.")
    map_and_filter_fusion = _flag("map_and_filter_fusion", "Whether to fuse map and filter.")
    map_fusion = _flag("map_fusion", "Whether to fuse map transformations.")
    map_parallelization = _flag(
        "map_parallelization", "Whether to parallelize stateless map transformations."
    )
    map_vectorization = _option(
        "map_vectorization",
        MapVectorizationOptions,
        "The map vectorization options.",
        MapVectorizationOptions,
    )
    noop_elimination = _flag("noop_elimination", "Whether to eliminate no-op transformations.")
    parallel_batch = _flag("parallel_batch", "Whether to copy batch elements in parallel.")
    shuffle_and_repeat_fusion = _flag(
        "shuffle_and_repeat_fusion", "Whether to fuse shuffle and repeat."
    )


class ThreadingOptions(OptionsBase):
    """The threads a dataset's pipeline may use."""

    max_intra_op_parallelism = _option(
        "max_intra_op_parallelism", int, "The maximum intra-op parallelism, if set."
    )
    private_threadpool_size = _option(
        "private_threadpool_size", int, "The size of a private thread pool, if set."
    )


class _StatsAggregator:
    """No StatsAggregator exists in tinytf: the `aggregator` option cannot be set."""


class StatsOptions(OptionsBase):
    """The statistics a dataset's pipeline records."""

    aggregator = _option("aggregator", _StatsAggregator, "The statistics aggregator.")
    counter_prefix = _option("counter_prefix", str, "The prefix of counter statistics.", str)
    latency_all_edges = _flag("latency_all_edges", "Whether to measure latency on all edges.")
    prefix = _option("prefix", str, "The prefix of all statistics.", str)


class DistributeOptions(OptionsBase):
    """How a dataset is distributed."""

    _make_stateless = _flag("_make_stateless", "Whether to drop stateful transformations.")
    auto_shard = _option("auto_shard", bool, "Whether to shard automatically.", lambda: True)
    num_devices = _option("num_devices", int, "The number of devices of the pipeline.")


class Options(OptionsBase):
    """The options of a dataset (tf.data.Options): set them, then dataset.with_options(...)."""

    experimental_deterministic = _flag(
        "experimental_deterministic", "Whether elements must come in deterministic order."
    )
    experimental_distribute = _option(
        "experimental_distribute", DistributeOptions, "The distribution options.",
        DistributeOptions,
    )
    experimental_optimization = _option(
        "experimental_optimization", OptimizationOptions, "The optimization options.",
        OptimizationOptions,
    )
    experimental_slack = _flag("experimental_slack", "Whether to add slack to the last prefetch.")
    experimental_stateful_whitelist = _option(
        "experimental_stateful_whitelist", list, "Stateful ops allowed in a dataset's functions."
    )
    experimental_stats = _option(
        "experimental_stats", StatsOptions, "The statistics options.", StatsOptions
    )
    experimental_threading = _option(
        "experimental_threading", ThreadingOptions, "The threading options.", ThreadingOptions
    )

    def merge(self, options):
        """These options merged with `options` (ValueError where they disagree)."""
        return merge_options(self, options)
