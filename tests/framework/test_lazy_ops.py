"""Every op type that `import tinytf` does not register is listed in framework/lazy_ops.py, so
that tf.import_graph_def finds it; and a GraphDef of such ops imports in a fresh process."""

import subprocess
import sys
import textwrap


def _run(code):
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_every_lazily_registered_op_type_is_listed():
    out = _run(
        """
        import importlib, pkgutil
        import tinytf
        from tinytf.framework.lazy_ops import MODULE_OF
        from tinytf.framework.op_def import REGISTRY
        eager = set(REGISTRY)
        import tinytf.ragged
        for m in pkgutil.walk_packages(tinytf.__path__, "tinytf."):
            if not any(x in m.name for x in ("__main__", ".tools", "examples", "tf_paths.")):
                importlib.import_module(m.name)
        print(sorted(set(REGISTRY) - eager - set(MODULE_OF)))
        print(sorted(set(MODULE_OF) - set(REGISTRY)))
        """
    )
    assert out.splitlines()[:2] == ["[]", "[]"], out


def test_a_graph_def_with_lazily_registered_ops_imports_in_a_fresh_process(tmp_path):
    path = tmp_path / "graph.pb"
    _run(
        f"""
        import tinytf as tf
        table = tf.contrib.lookup.HashTable(
            tf.contrib.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2]), -1)
        out = tf.identity(table.lookup(tf.constant(["b", "c"])), name="out")
        tf.random.experimental.Generator.from_seed(1)  # resource variable and RNG ops
        open({str(path)!r}, "wb").write(tf.get_default_graph().as_graph_def().SerializeToString())
        """
    )
    out = _run(
        f"""
        import tinytf as tf
        graph_def = tf.GraphDef()
        graph_def.ParseFromString(open({str(path)!r}, "rb").read())
        tf.import_graph_def(graph_def, name="")
        g = tf.get_default_graph()
        with tf.Session() as sess:
            sess.run([op for op in g.get_operations() if op.type == "LookupTableImportV2"])
            print(sess.run("out:0").tolist())
        """
    )
    assert out.strip() == "[2, -1]", out
