"""Qdrant Edge's Python API on qedge's embedded edge shard.

``from qedge.edge import *`` (or ``import qedge``) gives the names a
``qdrant_edge`` user writes — ``EdgeShard.create(path, EdgeConfig(...))``,
``shard.update(UpdateOperation.upsert_points([Point(1, [...])]))``,
``shard.query(QueryRequest(limit=5, query=Query.Nearest([...])))`` — and
the answers come back in the same classes and order. The shard speaks
Qdrant's server semantics (see the repository's docs); requests may also be
qedge.models instances or plain dicts in REST shape.

Errors: bad input raises :class:`~qedge.ValidationError` with the path of
the bad value, changing nothing; a missing shard or point
:class:`~qedge.NotFoundError`; a directory another process writes
:class:`~qedge.ShardBusyError`; a query the engine does not answer yet
:class:`~qedge.UnsupportedError`; any call after :meth:`EdgeShard.close`
:class:`~qedge.ShardClosedError`.

Thread-safety: one EdgeShard may be shared by threads; reads run in
parallel with each other and with one update, the GIL released.
"""

import os
from typing import Any, Iterable, List, Tuple, Union

from . import _qedge, models
from ._edge_config import (
    BoolIndexParams,
    DatetimeIndexParams,
    EdgeConfig,
    EdgeVectorParams,
    FloatIndexParams,
    GeoIndexParams,
    HnswIndexConfig,
    IntegerIndexParams,
    KeywordIndexParams,
    TextIndexParams,
    UuidIndexParams,
)
from ._edge_filter import (
    GeoPolygon,
    HasIdCondition,
    HasVectorCondition,
    IsEmptyCondition,
    IsNullCondition,
    NestedCondition,
    RangeDateTime,
    RangeFloat,
    SliceCondition,
)
from ._edge_query import (
    ContextPair,
    ContextQuery,
    DecayKind,
    Direction,
    DiscoverQuery,
    Expression,
    FeedbackItem,
    FeedbackNaiveQuery,
    Formula,
    Fusion,
    Mmr,
    NaiveFeedbackStrategy,
    OrderBy,
    Query,
    RecommendQuery,
    Sample,
)
from ._edge_request import (
    CountRequest,
    FacetRequest,
    PayloadSelector,
    Prefetch,
    QueryBatchRequest,
    QueryRequest,
    ScrollRequest,
    SearchRequest,
)
from ._edge_result import FacetHit, FacetResponse, PayloadIndexInfo, Record, ScoredPoint, ShardInfo
from ._edge_result import _id as _result_id
from ._edge_update import PayloadSchemaType, UpdateMode, UpdateOperation
from ._edge_value import Point, PointVectors
from .errors import NotFoundError, UnsupportedError

# Registry models whose names and fields are Qdrant Edge's.
Filter = models.Filter
FieldCondition = models.FieldCondition
MinShould = models.MinShould
MatchValue = models.MatchValue
MatchAny = models.MatchAny
MatchExcept = models.MatchExcept
MatchText = models.MatchText
MatchTextAny = models.MatchTextAny
MatchPhrase = models.MatchPhrase
MatchPrefix = models.MatchPrefix
ValuesCount = models.ValuesCount
GeoPoint = models.GeoPoint
GeoRadius = models.GeoRadius
GeoBoundingBox = models.GeoBoundingBox
SparseVector = models.SparseVector
SearchParams = models.SearchParams
QuantizationSearchParams = models.QuantizationSearchParams
AcornSearchParams = models.AcornSearchParams
EdgeSparseVectorParams = models.EdgeSparseVectorParams
EdgeOptimizersConfig = models.EdgeOptimizersConfig
VectorDataConfig = models.VectorDataConfig
MultiVectorConfig = models.MultiVectorConfig
ScalarQuantizationConfig = models.ScalarQuantizationConfig
ProductQuantizationConfig = models.ProductQuantizationConfig
BinaryQuantizationConfig = models.BinaryQuantizationConfig
Distance = models.Distance
Modifier = models.Modifier
Memory = models.Memory
MultiVectorComparator = models.MultiVectorComparator
VectorStorageDatatype = models.VectorStorageDatatype
ScalarType = models.ScalarType
CompressionRatio = models.CompressionRatio
TokenizerType = models.TokenizerType

#: Durability names accepted by the ``durability`` option (see qedge/edge.h).
_DURABILITY = {"fsync": 0, "interval": 1, "on_flush": 2}

__all__ = [
    "EdgeShard",
    # updates
    "UpdateOperation", "Point", "PointVectors", "SparseVector", "UpdateMode", "PayloadSchemaType",
    # requests and queries
    "QueryRequest", "QueryBatchRequest", "SearchRequest", "ScrollRequest", "CountRequest",
    "FacetRequest", "Prefetch", "Query", "RecommendQuery", "DiscoverQuery", "ContextQuery",
    "ContextPair", "FeedbackItem", "FeedbackNaiveQuery", "NaiveFeedbackStrategy", "Fusion", "Mmr",
    "Formula", "Expression", "DecayKind", "OrderBy", "Direction", "Sample", "PayloadSelector",
    "SearchParams", "QuantizationSearchParams", "AcornSearchParams",
    # filters
    "Filter", "FieldCondition", "MinShould", "MatchValue", "MatchAny", "MatchExcept", "MatchText",
    "MatchTextAny", "MatchPhrase", "MatchPrefix", "RangeFloat", "RangeDateTime", "ValuesCount",
    "GeoPoint", "GeoRadius", "GeoBoundingBox", "GeoPolygon", "IsEmptyCondition",
    "IsNullCondition", "HasIdCondition", "HasVectorCondition", "NestedCondition",
    "SliceCondition",
    # results
    "ScoredPoint", "Record", "FacetHit", "FacetResponse", "ShardInfo", "PayloadIndexInfo",
    # configuration
    "EdgeConfig", "EdgeVectorParams", "EdgeSparseVectorParams", "EdgeOptimizersConfig",
    "VectorDataConfig", "HnswIndexConfig", "MultiVectorConfig", "ScalarQuantizationConfig",
    "ProductQuantizationConfig", "BinaryQuantizationConfig", "Distance", "Modifier", "Memory",
    "MultiVectorComparator", "VectorStorageDatatype", "ScalarType", "CompressionRatio",
    "TokenizerType", "KeywordIndexParams", "IntegerIndexParams", "FloatIndexParams",
    "GeoIndexParams", "TextIndexParams", "BoolIndexParams", "DatetimeIndexParams",
    "UuidIndexParams",
]

PathLike = Union[str, "os.PathLike[str]"]


def _options(
    read_only: bool, durability: Union[str, int, None], fsync_interval_ms: int,
    flush_threshold: int,
) -> dict:
    if durability is None:
        level = 0
    elif isinstance(durability, str):
        try:
            level = _DURABILITY[durability]
        except KeyError:
            raise ValueError(
                f"durability must be one of {', '.join(_DURABILITY)}, not {durability!r}"
            ) from None
    else:
        level = int(durability)
    return {
        "read_only": bool(read_only),
        "durability": level,
        "fsync_interval_ms": int(fsync_interval_ms),
        "flush_threshold": int(flush_threshold),
    }


class EdgeShard:
    """An embedded, persistent shard of points answering with Qdrant's
    semantics.

    ``EdgeShard.create(path, config)`` makes a new one,
    ``EdgeShard.load(path, config=None)`` opens an existing one, and
    ``EdgeShard(path, config=None)`` (the older spelling) opens the shard at
    ``path`` or, given a config, creates it when there is none. Keyword
    options of all three: ``read_only`` (no writer lock; updates fail),
    ``durability`` (``"fsync"`` every update — the default —,
    ``"interval"`` at most every ``fsync_interval_ms``, ``"on_flush"``),
    ``flush_threshold`` (buffered points that trigger a flush to an
    immutable segment; 0 = the engine's default).

    Use it as a context manager, or call :meth:`close`.
    """

    __slots__ = ("_shard", "__weakref__")

    def __init__(
        self, path: PathLike, config: Any = None, *, read_only: bool = False,
        durability: Union[str, int, None] = None, fsync_interval_ms: int = 0,
        flush_threshold: int = 0,
    ) -> None:
        opts = _options(read_only, durability, fsync_interval_ms, flush_threshold)
        if config is None:
            self._shard = _qedge.Shard.open(path, None, **opts)
            return
        try:
            self._shard = _qedge.Shard.open(path, config, **opts)
        except NotFoundError:
            self._shard = _qedge.Shard.create(path, config, **opts)

    @classmethod
    def _wrap(cls, shard: Any) -> "EdgeShard":
        self = object.__new__(cls)
        self._shard = shard
        return self

    @classmethod
    def create(
        cls, path: PathLike, config: Any, *, read_only: bool = False,
        durability: Union[str, int, None] = None, fsync_interval_ms: int = 0,
        flush_threshold: int = 0,
    ) -> "EdgeShard":
        """Create a shard in ``path`` (made if missing) from an
        :class:`EdgeConfig` (or its dict). Raises
        :class:`~qedge.AlreadyExistsError` if a shard is there."""
        opts = _options(read_only, durability, fsync_interval_ms, flush_threshold)
        return cls._wrap(_qedge.Shard.create(path, config, **opts))

    @classmethod
    def load(
        cls, path: PathLike, config: Any = None, *, read_only: bool = False,
        durability: Union[str, int, None] = None, fsync_interval_ms: int = 0,
        flush_threshold: int = 0,
    ) -> "EdgeShard":
        """Open the shard in ``path``; ``config``, when given, must agree with
        the stored vectors. Raises :class:`~qedge.NotFoundError` when there is
        no shard, :class:`~qedge.ShardBusyError` when another process holds
        the writer lock."""
        opts = _options(read_only, durability, fsync_interval_ms, flush_threshold)
        return cls._wrap(_qedge.Shard.open(path, config, **opts))

    open = load

    # ------------------------------------------------------------ writes

    def update(self, operation: Any) -> None:
        """Apply an :class:`UpdateOperation` (or an EdgeUpdateOperation dict).
        It is durable when this returns (with the default durability); on
        error nothing changed."""
        self._shard.update(operation)

    # ------------------------------------------------------------ reads

    def query(self, query: Any) -> List[ScoredPoint]:
        """Run a :class:`QueryRequest` (or a REST QueryRequest dict or model)."""
        try:
            points = self._shard.query(query)
        except UnsupportedError as exc:
            variant = getattr(query, "variant", None)
            if variant and not exc.message.startswith(variant):
                raise UnsupportedError(f"{variant}: {exc.message}", exc.path, exc.code) from None
            raise
        return [ScoredPoint._from_json(p) for p in points]

    def query_batch(self, request: Any) -> List[List[ScoredPoint]]:
        """Run every request of a :class:`QueryBatchRequest` (or a list)."""
        queries = request.queries if isinstance(request, QueryBatchRequest) else list(request)
        return [self.query(q) for q in queries]

    def search(self, search: Any) -> List[ScoredPoint]:
        """Run a :class:`SearchRequest`."""
        return self.query(search)

    def scroll(self, scroll: Any = None) -> Tuple[List[Record], Any]:
        """One page of points: ``(records, next_offset)``; next_offset is None
        after the last page."""
        page = self._shard.scroll(ScrollRequest() if scroll is None else scroll)
        records = [Record._from_json(r) for r in page.get("points", [])]
        nxt = page.get("next_page_offset")
        return records, (_result_id(nxt) if nxt is not None else None)

    def count(self, count: Any = None) -> int:
        """Number of points matching a :class:`CountRequest`'s filter."""
        return self._shard.count(CountRequest() if count is None else count)

    def facet(self, facet: Any) -> FacetResponse:
        """Value counts of a payload key (:class:`FacetRequest`)."""
        return FacetResponse._from_json(self._shard.facet(facet))

    def retrieve(
        self, point_ids: Iterable[Any], with_payload: Any = True, with_vector: Any = False
    ) -> List[Record]:
        """Points by id, in the order asked; missing ids are skipped."""
        request = {"ids": list(point_ids), "with_payload": with_payload,
                   "with_vector": with_vector}
        return [Record._from_json(r) for r in self._shard.retrieve(request)]

    def info(self) -> ShardInfo:
        """Segment and point counts, payload indexes and configuration."""
        return ShardInfo._from_json(self._shard.info())

    # ------------------------------------------------------------ maintenance

    def flush(self) -> None:
        """Write buffered points to an immutable segment."""
        self._shard.flush()

    def optimize(self) -> bool:
        """Merge segments into one, dropping deleted and superseded points.

        Returns True when segments were rewritten, False when the shard was
        already optimal (as Qdrant Edge's ``optimize()``; its optimizers wait
        for thresholds, e.g. 20% deleted points, qedge rewrites whenever
        there are segments to merge or deleted points to drop)."""
        return bool(self._shard.optimize())

    def close(self) -> None:
        """Flush and close; later calls raise :class:`~qedge.ShardClosedError`.
        Calls running on other threads finish first. Closing twice is fine."""
        self._shard.close()

    @property
    def closed(self) -> bool:
        return self._shard.closed

    @property
    def path(self) -> str:
        return self._shard.path

    @property
    def read_only(self) -> bool:
        return self._shard.read_only

    def __enter__(self) -> "EdgeShard":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = " closed" if self.closed else (" read-only" if self.read_only else "")
        return f"<EdgeShard {self.path!r}{state}>"
