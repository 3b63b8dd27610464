"""The enum values capi.py binds are oneDNN's own: a C program compiled against the installed
headers (onednn-devel-cpu-gomp, a test extra) prints them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tinytf.runtime.backends.onednn import capi

HEADERS = Path(sys.prefix) / "include" / "oneapi" / "dnnl" / "dnnl.h"

# capi name -> C expression
NAMES = {
    "SUCCESS": "dnnl_success",
    "F32": "dnnl_f32",
    "TAG_ANY": "dnnl_format_tag_any",
    "TAG_A": "dnnl_a",
    "TAG_AB": "dnnl_ab",
    "TAG_ABC": "dnnl_abc",
    "TAG_ABCD": "dnnl_abcd",
    "TAG_ABCDE": "dnnl_abcde",
    "NHWC": "dnnl_nhwc",
    "HWIO": "dnnl_hwio",
    "NDHWC": "dnnl_ndhwc",
    "DHWIO": "dnnl_dhwio",
    "FORWARD_TRAINING": "dnnl_forward_training",
    "FORWARD_INFERENCE": "dnnl_forward_inference",
    "BACKWARD": "dnnl_backward",
    "BACKWARD_DATA": "dnnl_backward_data",
    "BACKWARD_WEIGHTS": "dnnl_backward_weights",
    "CONVOLUTION_DIRECT": "dnnl_convolution_direct",
    "POOLING_MAX": "dnnl_pooling_max",
    "POOLING_AVG_INCLUDE_PADDING": "dnnl_pooling_avg_include_padding",
    "POOLING_AVG_EXCLUDE_PADDING": "dnnl_pooling_avg_exclude_padding",
    "ELTWISE_RELU": "dnnl_eltwise_relu",
    "LRN_ACROSS_CHANNELS": "dnnl_lrn_across_channels",
    "SOFTMAX_ACCURATE": "dnnl_softmax_accurate",
    "SOFTMAX_LOG": "dnnl_softmax_log",
    "ARG_SRC": "DNNL_ARG_SRC",
    "ARG_DST": "DNNL_ARG_DST",
    "ARG_WEIGHTS": "DNNL_ARG_WEIGHTS",
    "ARG_BIAS": "DNNL_ARG_BIAS",
    "ARG_WORKSPACE": "DNNL_ARG_WORKSPACE",
    "ARG_SCRATCHPAD": "DNNL_ARG_SCRATCHPAD",
    "ARG_DIFF_SRC": "DNNL_ARG_DIFF_SRC",
    "ARG_DIFF_DST": "DNNL_ARG_DIFF_DST",
    "ARG_DIFF_WEIGHTS": "DNNL_ARG_DIFF_WEIGHTS",
    "ARG_DIFF_BIAS": "DNNL_ARG_DIFF_BIAS",
    "ARG_FROM": "DNNL_ARG_FROM",
    "ARG_TO": "DNNL_ARG_TO",
    "QUERY_IMPL_INFO_STR": "dnnl_query_impl_info_str",
    "QUERY_SRC_MD": "dnnl_query_src_md",
    "QUERY_DIFF_SRC_MD": "dnnl_query_diff_src_md",
    "QUERY_WEIGHTS_MD": "dnnl_query_weights_md",
    "QUERY_DIFF_WEIGHTS_MD": "dnnl_query_diff_weights_md",
    "QUERY_DST_MD": "dnnl_query_dst_md",
    "QUERY_DIFF_DST_MD": "dnnl_query_diff_dst_md",
    "QUERY_WORKSPACE_MD": "dnnl_query_workspace_md",
    "QUERY_SCRATCHPAD_MD": "dnnl_query_scratchpad_md",
    "ENGINE_CPU": "dnnl_cpu",
    "STREAM_DEFAULT_FLAGS": "dnnl_stream_default_flags",
    "MAX_NDIMS": "DNNL_MAX_NDIMS",
    "SCRATCHPAD_MODE_USER": "dnnl_scratchpad_mode_user",
}


@pytest.mark.skipif(
    not HEADERS.exists() or shutil.which("cc") is None, reason="needs oneDNN's headers and cc"
)
def test_the_bound_enum_values_are_the_headers(tmp_path):
    lines = [f'printf("{k} %ld\\n", (long)({c}));' for k, c in NAMES.items()]
    lines.append('printf("EXEC_ARG_SIZE %ld\\n", (long)sizeof(dnnl_exec_arg_t));')
    source = tmp_path / "values.c"
    source.write_text(
        '#include <stdio.h>\n#include "oneapi/dnnl/dnnl.h"\nint main(void) {\n'
        + "\n".join(lines)
        + "\nreturn 0; }\n"
    )
    exe = tmp_path / "values"
    subprocess.run(
        ["cc", f"-I{HEADERS.parent.parent.parent}", str(source), "-o", str(exe)], check=True
    )
    values = dict(
        line.split()
        for line in subprocess.run(
            [str(exe)], capture_output=True, text=True, check=True
        ).stdout.splitlines()
    )
    for name in NAMES:
        assert getattr(capi, name) == int(values[name]), name
    assert int(values["EXEC_ARG_SIZE"]) == capi.ctypes.sizeof(capi.ExecArg)
