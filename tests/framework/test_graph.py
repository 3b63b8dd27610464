import pytest

import tinytf as tf


def test_default_graph_always_exists_and_can_be_replaced():
    g = tf.get_default_graph()
    assert isinstance(g, tf.Graph)
    c = tf.constant(1)
    assert c.graph is g and g.get_operations() == [c.op]
    tf.reset_default_graph()
    assert tf.get_default_graph() is not g and tf.get_default_graph().get_operations() == []


def test_as_default_nests():
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        a = tf.constant(1)
        with g2.as_default():
            b = tf.constant(2)
        c = tf.constant(3)
    assert a.graph is g1 and b.graph is g2 and c.graph is g1
    assert tf.get_default_graph() not in (g1, g2)
    with g1.as_default(), pytest.raises(AssertionError, match="nested graphs"):
        tf.reset_default_graph()


def test_unique_names_like_tf():
    names = [tf.matmul([[1.0]], [[1.0]]).op.name for _ in range(3)]
    assert names == ["MatMul", "MatMul_1", "MatMul_2"]
    assert tf.constant(1, name="x").op.name == "x"
    assert tf.constant(1, name="x").op.name == "x_1"
    assert tf.constant(1, name="X").op.name == "X_2"  # names are unique case-insensitively


def test_failed_build_consumes_its_name_like_tf():
    for _ in range(13):
        tf.matmul(tf.ones([2, 2]), tf.ones([2, 2]))
    with pytest.raises(ValueError, match="'MatMul_13' \\(op: 'MatMul'\\)"):
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 4]))
    assert tf.matmul(tf.ones([2, 2]), tf.ones([2, 2])).op.name == "MatMul_14"


def test_name_scopes_nest():
    with tf.name_scope("a"):
        with tf.name_scope("b") as scope:
            m = tf.matmul([[1.0]], [[1.0]])
            assert scope == "a/b/"
        with tf.name_scope("b"):
            n = tf.add(1, 2)
    with tf.name_scope("a"):
        o = tf.constant(1)
    assert m.op.name == "a/b/MatMul" and m.op.inputs[0].op.name == "a/b/MatMul/a"
    assert n.op.name == "a/b_1/Add" and o.op.name == "a_1/Const"
    with tf.name_scope("a/b/"):  # a trailing slash re-enters an existing scope
        assert tf.constant(1).op.name == "a/b/Const"
    with tf.name_scope(None, "default", []) as scope:
        assert scope == "default/"


def test_lookup_by_name():
    g = tf.get_default_graph()
    c = tf.constant(1.0, name="c")
    assert g.get_operation_by_name("c") is c.op
    assert g.get_tensor_by_name("c:0") is c
    assert g.as_graph_element("c:0") is c and g.as_graph_element(c.op) is c.op
    with pytest.raises(KeyError, match="does not exist"):
        g.get_tensor_by_name("nope:0")
    with pytest.raises(KeyError, match="only has 1 outputs"):
        g.get_tensor_by_name("c:1")
    with pytest.raises(ValueError, match="refers to an Operation, not a Tensor"):
        g.get_tensor_by_name("c")
    with tf.Graph().as_default(), pytest.raises(ValueError, match="not an element of this graph"):
        tf.get_default_graph().as_graph_element(c)


def test_operation_and_tensor_attributes():
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    b = tf.matmul(a, tf.ones([3, 2]), transpose_b=False)
    op = b.op
    assert op.type == "MatMul" and op.name == "MatMul" and op.graph is tf.get_default_graph()
    assert op.inputs[0] is a and op.outputs == [b] and op.control_inputs == []
    assert op.get_attr("transpose_a") is False
    with pytest.raises(ValueError, match="no attr named"):
        op.get_attr("nope")
    assert b.value_index == 0 and b.name == "MatMul:0" and b.dtype == tf.float32
    assert b.get_shape().as_list() == [None, 2] and a.consumers() == [op]
    assert str(b) == 'Tensor("MatMul:0", shape=(?, 2), dtype=float32)'
    assert repr(b) == "<tf.Tensor 'MatMul:0' shape=(?, 2) dtype=float32>"
    assert str(tf.placeholder(tf.int32)) == 'Tensor("Placeholder:0", dtype=int32)'  # TF 1.15's


def test_set_shape_merges():
    x = tf.placeholder(tf.float32, [None, 3])
    x.set_shape([5, None])
    assert x.shape.as_list() == [5, 3]
    with pytest.raises(ValueError):
        x.set_shape([4, 3])


def test_collections():
    tf.add_to_collection("things", 1)
    tf.add_to_collections(["things", "more"], 2)
    assert tf.get_collection("things") == [1, 2] and tf.get_collection("more") == [2]
    ref = tf.get_collection_ref("things")
    ref.append(3)
    assert tf.get_collection("things") == [1, 2, 3]
    with tf.name_scope("scope"):
        v = tf.Variable(1.0, name="v")
    w = tf.Variable(2.0, name="w")
    assert tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="scope") == [v]
    assert tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES) == [v, w]


def test_control_dependencies():
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    with tf.control_dependencies([a, b.op]):
        c = tf.constant(3.0)
        d = c + 1.0  # its input c already depends on a and b
        with tf.control_dependencies(None):
            e = tf.constant(4.0)
    assert c.op.control_inputs == [a.op, b.op]
    assert d.op.control_inputs == []
    assert e.op.control_inputs == []


def test_control_dependency_runs_first():
    v = tf.Variable(0.0)
    inc = v.assign_add(1.0)
    with tf.control_dependencies([inc]):
        read = tf.identity(v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(read) == 1.0 and sess.run(read) == 2.0


def test_finalize():
    g = tf.get_default_graph()
    g.finalize()
    assert g.finalized
    with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
        tf.constant(1)


def test_group_and_no_op():
    a, b = tf.constant(1), tf.constant(2)
    grp = tf.group(a, b, name="both")
    assert grp.type == "NoOp" and grp.name == "both"
    assert grp.control_inputs == [a.op, b.op]
    with tf.Session() as sess:
        assert sess.run(grp) is None
        assert sess.run(tf.no_op()) is None
