"""`import tinytf` stays light: the heavy optional pieces load on first use only."""

import json
import subprocess
import sys

HEAVY = ("absl", "PIL", "tensorboard", "google.protobuf", "scipy", "threadpoolctl")


def _modules_after(code):
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out.splitlines()[-1])


def test_import_loads_none_of_the_heavy_dependencies():
    loaded = _modules_after("import tinytf")
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]


def test_lazy_namespaces_load_on_first_use():
    loaded = _modules_after("import tinytf as tf; tf.flags.DEFINE_string('x', 'a', 'h')")
    assert "absl.flags" in loaded and "tinytf.flags" in loaded
    assert "tinytf.estimator" not in loaded
