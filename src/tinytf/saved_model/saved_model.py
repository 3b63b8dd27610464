"""tf.saved_model (TF 1.x): a model as a directory that TF Serving, real TF and tinytf load:
`saved_model.pb` (a SavedModel proto: MetaGraphDefs with tags and signatures) and
`variables/variables.{index,data-00000-of-00001}` (a V2 checkpoint).

    tf.saved_model.simple_save(sess, "export/1", inputs={"x": x}, outputs={"y": y})
    meta_graph = tf.saved_model.loader.load(sess, ["serve"], "export/1")

The directory is built beside the target and renamed into place: a crash leaves no half model.
"""

import os
import shutil
import tempfile

from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.platform import tf_logging as logging
from tinytf.saved_model.constants import (
    ASSETS_DIRECTORY,
    ASSETS_KEY,
    LEGACY_INIT_OP_KEY,
    MAIN_OP_KEY,
    SAVED_MODEL_FILENAME_PB,
    SAVED_MODEL_FILENAME_PBTXT,
    VARIABLES_DIRECTORY,
    VARIABLES_FILENAME,
)
from tinytf.saved_model.signature_constants import DEFAULT_SERVING_SIGNATURE_DEF_KEY
from tinytf.saved_model.signatures import (  # noqa: F401 - estimator/ imports build_* from here
    _meta_pb2,
    build_signature_def,
    build_tensor_info,
    predict_signature_def,
)
from tinytf.saved_model.tag_constants import SERVING

_ASSET_TYPE_URL = "type.googleapis.com/tensorflow.AssetFileDef"  # TF's name, not TensorBoard's


class SavedModelBuilder:
    """Collects meta graphs (one with the variables) and writes the SavedModel directory."""

    def __init__(self, export_dir):
        self._export_dir = os.fspath(export_dir)
        if os.path.exists(self._export_dir) and os.listdir(self._export_dir):
            raise AssertionError(
                "Export directory already exists, and isn't empty. Please choose a different "
                f"export directory, or delete all the contents of the specified directory: "
                f"{self._export_dir}"
            )
        parent = os.path.dirname(os.path.abspath(self._export_dir))
        os.makedirs(parent, exist_ok=True)
        self._staging = tempfile.mkdtemp(dir=parent, prefix=".saved_model-")
        self._meta_graphs = []
        self._has_variables = False

    def _meta_graph(self, tags, signature_def_map, saver, main_op, assets_collection=None):
        from tinytf.training.meta_graph import export_meta_graph

        graph = get_default_graph()
        if main_op is not None:
            graph.add_to_collection(MAIN_OP_KEY, main_op)
        saver_def = saver.saver_def if saver is not None else None
        meta = export_meta_graph(graph=graph, saver_def=saver_def)
        self._save_assets(meta, assets_collection)
        meta.meta_info_def.tags.extend(tags)
        for key, signature in (signature_def_map or {}).items():
            meta.signature_def[key].CopyFrom(signature)
        self._meta_graphs.append(meta)

    def _save_assets(self, meta, assets_collection):
        """Copies each asset file (the value of a string Const, e.g. a vocabulary file's name)
        into assets/ and names it in the meta graph's saved_model_assets (TF's AssetFileDefs),
        so that the loader feeds the copy's path to the tensor."""
        from tinytf.ops.shape_util import constant_value

        for tensor in assets_collection or ():
            value = constant_value(tensor) if tensor.op.type == "Const" else None
            path = value.item() if hasattr(value, "item") else value
            if not path:
                raise ValueError(f"Invalid asset filepath tensor {tensor}")
            path = path.decode() if isinstance(path, bytes) else path
            name = os.path.basename(path)
            os.makedirs(os.path.join(self._staging, ASSETS_DIRECTORY), exist_ok=True)
            target = os.path.join(self._staging, ASSETS_DIRECTORY, name)
            if not os.path.exists(target):
                shutil.copyfile(path, target)
            asset = _meta_pb2().AssetFileDef(filename=name)
            asset.tensor_info.name = tensor.name
            entry = meta.collection_def[ASSETS_KEY].any_list.value.add()
            entry.type_url, entry.value = _ASSET_TYPE_URL, asset.SerializeToString()

    def add_meta_graph_and_variables(
        self,
        sess,
        tags,
        signature_def_map=None,
        assets_collection=None,
        legacy_init_op=None,
        clear_devices=False,
        main_op=None,
        strip_default_attrs=False,
        saver=None,
    ):
        """The session's graph under `tags`, and its variables' values."""
        if self._has_variables:
            raise AssertionError(
                "Graph state including variables and assets has already been "
                "saved. Please invoke `add_meta_graph()` instead."
            )
        from tinytf.training.saver import Saver

        graph = get_default_graph()
        if saver is None and graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
            saver = Saver(allow_empty=True, max_to_keep=None)
        if saver is not None:
            prefix = os.path.join(self._staging, VARIABLES_DIRECTORY, VARIABLES_FILENAME)
            saver.save(sess, prefix, write_meta_graph=False, write_state=False)
        self._meta_graph(
            tags, signature_def_map, saver, main_op or legacy_init_op, assets_collection
        )
        self._has_variables = True

    def add_meta_graph(
        self,
        tags,
        signature_def_map=None,
        assets_collection=None,
        legacy_init_op=None,
        clear_devices=False,
        main_op=None,
        strip_default_attrs=False,
        saver=None,
    ):
        """Another meta graph (sharing the saved variables) under `tags`."""
        if not self._has_variables:
            raise AssertionError(
                "Graph state including variables and assets has not been "
                "saved yet. Please invoke `add_meta_graph_and_variables()` "
                "first."
            )
        self._meta_graph(
            tags, signature_def_map, saver, main_op or legacy_init_op, assets_collection
        )

    def save(self, as_text=False):
        """Writes saved_model.pb and moves the directory into place; returns its path."""
        from google.protobuf import text_format

        from tinytf.platform.checkpoint_protos import SavedModel

        model = SavedModel(saved_model_schema_version=1)
        model.meta_graphs.extend(m.SerializeToString() for m in self._meta_graphs)
        name = SAVED_MODEL_FILENAME_PBTXT if as_text else SAVED_MODEL_FILENAME_PB
        data = _as_text(model, text_format) if as_text else model.SerializeToString()
        with open(os.path.join(self._staging, name), "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if os.path.isdir(self._export_dir):
            os.rmdir(self._export_dir)  # empty (checked in __init__)
        os.replace(self._staging, self._export_dir)
        logging.info("SavedModel written to: %s", os.path.join(self._export_dir, name))
        return self._export_dir.encode()

    def __del__(self):
        staging = getattr(self, "_staging", None)
        if staging and os.path.isdir(staging):
            shutil.rmtree(staging, ignore_errors=True)


def _as_text(model, text_format):
    meta_pb2 = _meta_pb2()
    lines = [f"saved_model_schema_version: {model.saved_model_schema_version}"]
    for raw in model.meta_graphs:
        meta = meta_pb2.MetaGraphDef.FromString(raw)
        body = text_format.MessageToString(meta, indent=2)
        lines.append("meta_graphs {\n" + body + "}")
    return ("\n".join(lines) + "\n").encode()


def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """The session's graph and variables as a SavedModel for serving: tag 'serve', signature
    'serving_default' predicting `outputs` from `inputs` ({key: tensor} dicts)."""
    signature_def_map = {DEFAULT_SERVING_SIGNATURE_DEF_KEY: predict_signature_def(inputs, outputs)}
    builder = SavedModelBuilder(export_dir)
    builder.add_meta_graph_and_variables(
        session,
        [SERVING],
        signature_def_map=signature_def_map,
        assets_collection=get_default_graph().get_collection(GraphKeys.ASSET_FILEPATHS),
        legacy_init_op=legacy_init_op,
    )
    builder.save()


def _read_saved_model(export_dir):
    from tinytf.platform.checkpoint_protos import SavedModel

    path = os.path.join(export_dir, SAVED_MODEL_FILENAME_PB)
    if not os.path.isfile(path):
        raise OSError(
            f"SavedModel file does not exist at: {export_dir}/{{saved_model.pbtxt|saved_model.pb}}"
        )
    with open(path, "rb") as f:
        return SavedModel.FromString(f.read())


def maybe_saved_model_directory(export_dir):
    """Whether `export_dir` holds a saved_model.pb or saved_model.pbtxt (it may still not load)."""
    names = (SAVED_MODEL_FILENAME_PB, SAVED_MODEL_FILENAME_PBTXT)
    return any(os.path.exists(os.path.join(os.fspath(export_dir), n)) for n in names)


def contains_saved_model(export_dir):
    """Whether `export_dir` could hold a SavedModel (maybe_saved_model_directory)."""
    return maybe_saved_model_directory(export_dir)


def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """Imports the meta graph tagged `tags` into sess's graph and restores its variables;
    returns the MetaGraphDef (its signature_def names the tensors to feed and fetch)."""
    from tinytf.training.meta_graph import import_meta_graph

    meta_pb2 = _meta_pb2()
    model = _read_saved_model(os.fsdecode(export_dir))  # bytes too, as TF's
    metas = [meta_pb2.MetaGraphDef.FromString(raw) for raw in model.meta_graphs]
    wanted = set(tags)
    found = [m for m in metas if set(m.meta_info_def.tags) == wanted]
    if not found:
        available = [list(m.meta_info_def.tags) for m in metas]
        raise RuntimeError(
            f"MetaGraphDef associated with tags {sorted(wanted)} could not be found in "
            f"SavedModel. To inspect available tag-sets in the SavedModel, please use the "
            f"SavedModel CLI: `saved_model_cli`\navailable_tags: {available}"
        )
    meta = found[0]
    with sess.graph.as_default():
        saver = import_meta_graph(meta, import_scope=import_scope, **saver_kwargs)
        prefix = os.path.join(os.fspath(export_dir), VARIABLES_DIRECTORY, VARIABLES_FILENAME)
        if saver is not None:
            saver.restore(sess, prefix)
        graph = sess.graph
        assets = _asset_feeds(meta, os.fspath(export_dir), import_scope)
        for key in (MAIN_OP_KEY, LEGACY_INIT_OP_KEY):
            for op in graph.get_collection(key):
                sess.run(op, feed_dict=assets)
    return meta


def _asset_feeds(meta, export_dir, import_scope):
    """{tensor name: path of its file in assets/}: the asset tensors fed to the init ops."""
    if ASSETS_KEY not in meta.collection_def:
        return {}
    feeds = {}
    for entry in meta.collection_def[ASSETS_KEY].any_list.value:
        asset = _meta_pb2().AssetFileDef.FromString(entry.value)
        name = asset.tensor_info.name
        name = f"{import_scope}/{name}" if import_scope else name
        feeds[name] = os.path.join(export_dir, ASSETS_DIRECTORY, asset.filename)
    return feeds
