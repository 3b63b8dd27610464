"""tf.version: the TF release whose API tinytf follows, and the GraphDef versions it reads and
writes (TF 1.15.0's). GIT_VERSION and COMPILER_VERSION describe tinytf's own build, which is not
TF's: no TF source revision or C++ compiler went into it."""

import platform as _platform

from tinytf.framework.graph_io import GRAPH_DEF_VERSION  # noqa: F401
from tinytf.framework.versions import VERSION  # noqa: F401
from tinytf.framework.versions import __version__ as _package_version

GRAPH_DEF_VERSION_MIN_CONSUMER = 0  # TF 1.15's: GraphDefs tinytf writes load in any TF
GRAPH_DEF_VERSION_MIN_PRODUCER = 0  # TF 1.15's: tinytf imports GraphDefs of any producer
GIT_VERSION = f"tinytf-{_package_version}"
COMPILER_VERSION = _platform.python_compiler()
