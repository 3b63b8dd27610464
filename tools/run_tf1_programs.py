"""Writes tests/examples/golden/tf1_programs.json: what the TF 1.x programs in examples/tf1 (and
the tf.test file tests/framework/tf1_test_program.py) do under real TF 1.15 - exit code, the
files they leave, the summary tags they write, the op types in their timeline trace, the last
line of a test run. tests/examples/test_tf1_programs.py runs the same programs unchanged with
`python -m tinytf` and compares. Run with TF 1.15 (Python 3.7):
    /path/to/tf115/bin/python tools/run_tf1_programs.py MNIST_DIR
    /path/to/tf115/bin/python tools/run_tf1_programs.py --input-programs   (only those)
    /path/to/tf115/bin/python tools/run_tf1_programs.py --api-programs MNIST_DIR   (only those)
"""

import glob
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "examples" / "golden" / "tf1_programs.json"
MNIST_STEPS = "30"


def run(args, env=None):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **(env or {}))
    done = subprocess.run([sys.executable] + args, capture_output=True, env=env)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def summaries(logdir):
    """The summary tags and run-metadata tags in a logdir's event files (TF's reader)."""
    import tensorflow as tf

    tags, runs = set(), set()
    for path in glob.glob(os.path.join(logdir, "train", "events.out.tfevents.*")):
        for event in tf.train.summary_iterator(path):
            tags.update(v.tag for v in event.summary.value)
            if event.HasField("tagged_run_metadata"):
                runs.add(event.tagged_run_metadata.tag)
    return sorted(tags), sorted(runs)


def mnist_program(mnist_dir):
    logdir = tempfile.mkdtemp()
    code, out, err = run([str(ROOT / "examples" / "tf1" / "mnist_with_summaries.py"),
                          "--max_steps", MNIST_STEPS, "--data_dir", mnist_dir,
                          "--summaries_dir", logdir])
    assert code == 0, err
    trace = json.loads(open(os.path.join(logdir, "timeline.json")).read())
    tags, runs = summaries(logdir)
    return {
        "returncode": code,
        "files_line": [line for line in out.splitlines() if line.startswith("files:")][0],
        "accuracy_line_prefix": "test accuracy ",
        "summary_tags": tags,
        "run_metadata_tags": runs,
        "trace_op_types": sorted({e["name"] for e in trace["traceEvents"] if e["ph"] == "X"}),
    }


def test_program():
    code, out, err = run([str(ROOT / "tests" / "framework" / "tf1_test_program.py")])
    return {"returncode": code, "last_line": err.strip().splitlines()[-1],
            "ran": [line for line in err.splitlines() if line.startswith("Ran ")][0]}


INPUT_PROGRAMS = ("csv_queue_pipeline", "tfrecord_example_pipeline", "data_train_test_switch")


def input_programs():
    """The input-pipeline programs' exit codes and standard output."""
    out = {}
    for name in INPUT_PROGRAMS:
        code, stdout, err = run([str(ROOT / "examples" / "tf1" / (name + ".py"))])
        assert code == 0, err
        out[name] = {"returncode": code, "stdout": stdout}
    return out


# issue 11: contrib.layers, contrib.rnn, contrib.learn's MNIST, feature columns with premade
# estimators, a custom Layer subclass; the MNIST reader's data dir is "{data_dir}" in the golden
API_PROGRAMS = {
    "contrib_layers_cnn": [],
    "contrib_rnn_lstm": [],
    "contrib_learn_mnist": ["--data_dir", "{data_dir}", "--steps", "20"],
    "feature_columns_estimator": [],
    "custom_layer": [],
}


def api_programs(mnist_dir):
    """The API programs' arguments, exit codes and standard output (the MNIST dir as a mark)."""
    out = {}
    for name, args in API_PROGRAMS.items():
        code, stdout, err = run([str(ROOT / "examples" / "tf1" / (name + ".py"))]
                                + [a.replace("{data_dir}", mnist_dir) for a in args])
        assert code == 0, err
        out[name] = {"args": args, "returncode": code,
                     "stdout": stdout.replace(mnist_dir, "{data_dir}")}
    return out


def main():
    """With MNIST_DIR: every program; with --input-programs or --api-programs MNIST_DIR: only
    those (the others kept as they are)."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if sys.argv[1] in ("--input-programs", "--api-programs"):
        golden = json.loads(OUT.read_text())
    else:
        golden = {
            "mnist_with_summaries": mnist_program(sys.argv[1]),
            "tf1_test_program": test_program(),
            "api_programs": api_programs(sys.argv[1]),
        }
    if sys.argv[1] == "--api-programs":
        golden["api_programs"] = api_programs(sys.argv[2])
    else:
        golden["input_programs"] = input_programs()
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    tmp.replace(OUT)


if __name__ == "__main__":
    main()
