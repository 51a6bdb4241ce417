"""qedge — a Qdrant REST client and an embedded edge vector store.

The models live in :mod:`qedge.models` (``from qedge import models``). The
edge shard and everything it takes and returns are here under the names
Qdrant Edge gives them (``qedge.EdgeShard``, ``qedge.EdgeConfig``,
``qedge.UpdateOperation``, ``qedge.Point``, ``qedge.QueryRequest``,
``qedge.Query``, ...; see :mod:`qedge.edge`). Errors derive from
:class:`QdrantError`; bad input raises :class:`ValidationError` (also a
``ValueError``) whose ``path`` names the offending value.
"""

from . import edge, models
from ._qedge import __version__
from .edge import *  # noqa: F401,F403 - Qdrant Edge's names
from .errors import (
    AlreadyExistsError,
    CorruptedError,
    NotFoundError,
    QdrantError,
    ResponseHandlingException,
    ShardBusyError,
    ShardClosedError,
    ShardStateError,
    UnexpectedResponse,
    UnsupportedError,
    ValidationError,
)
from .client import QdrantClient

#: Older top-level names kept for compatibility (registry models).
PointStruct = models.PointStruct
DatetimeRange = models.DatetimeRange
Range = models.Range
Datatype = models.Datatype
HnswConfigDiff = models.HnswConfigDiff

__all__ = (
    [
        "QdrantError",
        "ValidationError",
        "NotFoundError",
        "AlreadyExistsError",
        "ShardBusyError",
        "UnsupportedError",
        "ShardStateError",
        "ShardClosedError",
        "CorruptedError",
        "UnexpectedResponse",
        "ResponseHandlingException",
        "QdrantClient",
        "models",
        "edge",
        "__version__",
        "PointStruct",
        "DatetimeRange",
        "Range",
        "Datatype",
        "HnswConfigDiff",
    ]
    + list(edge.__all__)
)
