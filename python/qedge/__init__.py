"""qedge — a Qdrant REST client and an embedded edge vector store.

The models live in :mod:`qedge.models` (``from qedge import models``); the
edge-shard configuration types are also reachable here under the names Qdrant
Edge gives them (``qedge.EdgeConfig``, ``qedge.EdgeVectorParams``, ...).
Errors derive from :class:`QdrantError`; bad input raises
:class:`ValidationError` (also a ``ValueError``) whose ``path`` names the
offending value.
"""

from typing import TYPE_CHECKING

from . import models
from ._qedge import __version__
from .errors import QdrantError, ValidationError

#: Names Qdrant Edge users import from the top-level package.
_EDGE_NAMES = (
    "EdgeConfig",
    "EdgeVectorParams",
    "EdgeSparseVectorParams",
    "EdgeOptimizersConfig",
    "VectorDataConfig",
    "Distance",
    "Datatype",
    "Modifier",
    "MultiVectorConfig",
    "MultiVectorComparator",
    "HnswConfigDiff",
    "SparseVector",
    "PointStruct",
    "PointVectors",
    "Filter",
    "FieldCondition",
    "MatchValue",
    "MatchAny",
    "MatchExcept",
    "MatchText",
    "MatchTextAny",
    "MatchPhrase",
    "MatchPrefix",
    "Range",
    "DatetimeRange",
    "IsEmptyCondition",
    "IsNullCondition",
    "HasIdCondition",
    "HasVectorCondition",
    "NestedCondition",
    "MinShould",
    "SearchParams",
    "ScalarQuantizationConfig",
)

if TYPE_CHECKING:
    from .models import (  # noqa: F401
        Datatype,
        DatetimeRange,
        Distance,
        EdgeConfig,
        EdgeOptimizersConfig,
        EdgeSparseVectorParams,
        EdgeVectorParams,
        FieldCondition,
        Filter,
        HasIdCondition,
        HasVectorCondition,
        HnswConfigDiff,
        IsEmptyCondition,
        IsNullCondition,
        MatchAny,
        MatchExcept,
        MatchPhrase,
        MatchPrefix,
        MatchText,
        MatchTextAny,
        MatchValue,
        MinShould,
        Modifier,
        MultiVectorComparator,
        MultiVectorConfig,
        NestedCondition,
        PointStruct,
        PointVectors,
        Range,
        ScalarQuantizationConfig,
        SearchParams,
        SparseVector,
        VectorDataConfig,
    )
else:
    globals().update({n: getattr(models, n) for n in _EDGE_NAMES if hasattr(models, n)})

__all__ = ["QdrantError", "ValidationError", "models", "__version__"] + [
    n for n in _EDGE_NAMES if hasattr(models, n)
]
