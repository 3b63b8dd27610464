"""Line budget (after tinygrad's sz.py): code lines per module of src/tinytf, against a budget.

Counts non-blank, non-comment lines. Exits 1 if a module or the total is over budget.
"""

import pathlib
import sys

MODULE_BUDGET = 800
TOTAL_BUDGET = 70000  # 12000 core; 14000 + Saver, layers, estimator, data, cond; 22000 + issue 9's
# scaffolding (flags, gfile, tf.test, config/devices/tracing, TF's import paths, tf.io's codecs);
# 36000 + issue 10's op families (math, segments, linalg, signal, strings, sparse, image, nn);
# 46000 + issue 12's loops (while_loop, TensorArray, nest, map_fn, seq2seq) and issue 13's
# input pipelines (queues, readers, Example parsing, tf.data, lookup tables); 56000 + issue 11's
# higher-level API (metrics, distributions, layers, optimizers, Supervisor & co, feature
# columns) and issue 14's oneDNN backend; 66000 + saved_model/summary/contrib corners and
# issue 10's LinearOperators, quantization and leftovers
ROOT = pathlib.Path(__file__).resolve().parent.parent / "src" / "tinytf"


def code_lines(path):
    return sum(
        1
        for line in path.read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    )


def main():
    sizes = sorted(((code_lines(p), p.relative_to(ROOT)) for p in ROOT.rglob("*.py")), reverse=True)
    total = sum(n for n, _ in sizes)
    over = [(n, p) for n, p in sizes if n > MODULE_BUDGET]
    for n, p in sizes[:10]:
        print(f"{n:6d}  {p}")
    print(
        f"{total:6d}  total in {len(sizes)} modules (budget {TOTAL_BUDGET}, "
        f"{MODULE_BUDGET} per module)"
    )
    for n, p in over:
        print(f"over budget: {p} has {n} lines", file=sys.stderr)
    if over or total > TOTAL_BUDGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
