"""tf.test: TestCase, main, the gradient checker and the build/device checks (TF 1.15's v1 API;
create_local_cluster needs distributed TF and is absent)."""

from tinytf.framework.test_util import TensorFlowTestCase as TestCase  # noqa: F401
from tinytf.framework.test_util import (  # noqa: F401
    assert_equal_graph_def,
    gpu_device_name,
    is_gpu_available,
)
from tinytf.ops.gradient_checker import compute_gradient, compute_gradient_error  # noqa: F401
from tinytf.platform.benchmark import Benchmark, benchmark_config  # noqa: F401
from tinytf.platform.test import (  # noqa: F401
    StubOutForTesting,
    get_temp_dir,
    is_built_with_cuda,
    is_built_with_gpu_support,
    is_built_with_rocm,
    main,
    test_src_dir_path,
)
