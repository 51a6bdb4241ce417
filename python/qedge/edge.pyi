# Hand-written types of qedge.edge (python/qedge/edge.py and the _edge_*
# modules it gathers): Qdrant Edge's API over qedge's edge shard.
import os
import uuid
from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import models
from .models import (
    AcornSearchParams as AcornSearchParams,
    BinaryQuantizationConfig as BinaryQuantizationConfig,
    CompressionRatio as CompressionRatio,
    ContextPair as ContextPair,
    Direction as Direction,
    Distance as Distance,
    EdgeOptimizersConfig as EdgeOptimizersConfig,
    EdgeSparseVectorParams as EdgeSparseVectorParams,
    FieldCondition as FieldCondition,
    Filter as Filter,
    GeoBoundingBox as GeoBoundingBox,
    GeoPoint as GeoPoint,
    GeoRadius as GeoRadius,
    MatchAny as MatchAny,
    MatchExcept as MatchExcept,
    MatchPhrase as MatchPhrase,
    MatchPrefix as MatchPrefix,
    MatchText as MatchText,
    MatchTextAny as MatchTextAny,
    MatchValue as MatchValue,
    Memory as Memory,
    MinShould as MinShould,
    Modifier as Modifier,
    MultiVectorComparator as MultiVectorComparator,
    MultiVectorConfig as MultiVectorConfig,
    OrderBy as OrderBy,
    PayloadSchemaType as PayloadSchemaType,
    ProductQuantizationConfig as ProductQuantizationConfig,
    QuantizationSearchParams as QuantizationSearchParams,
    Sample as Sample,
    ScalarQuantizationConfig as ScalarQuantizationConfig,
    ScalarType as ScalarType,
    SearchParams as SearchParams,
    SparseVector as SparseVector,
    TokenizerType as TokenizerType,
    UpdateMode as UpdateMode,
    ValuesCount as ValuesCount,
    VectorDataConfig as VectorDataConfig,
    VectorStorageDatatype as VectorStorageDatatype,
)

PointId = Union[int, str, uuid.UUID]
#: What a dense vector may be given as: a sequence of numbers or any object
#: exporting the buffer protocol (a numpy array).
DenseVector = Any
NamedVector = Union[DenseVector, SparseVector, Sequence[DenseVector]]
VectorArg = Union[DenseVector, Mapping[str, NamedVector]]
Payload = Dict[str, Any]
FilterArg = Union[Filter, Mapping[str, Any]]
WithPayload = Union[bool, Sequence[str], models.PayloadSelectorInclude, models.PayloadSelectorExclude]
WithVector = Union[bool, Sequence[str]]
PathLike = Union[str, "os.PathLike[str]"]
Durability = Union[str, int, None]

class EdgeValue:
    def model_dump(self, **_ignored: Any) -> Any: ...
    def to_dict(self) -> Any: ...

# ---------------------------------------------------------------- values

class Point(EdgeValue):
    id: PointId
    vector: VectorArg
    payload: Optional[Payload]
    def __init__(self, id: PointId, vector: VectorArg, payload: Optional[Payload] = None) -> None: ...

class PointVectors(EdgeValue):
    id: PointId
    vector: VectorArg
    def __init__(self, id: PointId, vector: VectorArg) -> None: ...

# ---------------------------------------------------------------- filters

class IsEmptyCondition(models.IsEmptyCondition):
    def __init__(self, key: str = ..., *, is_empty: Any = None) -> None: ...
    @property
    def key(self) -> str: ...

class IsNullCondition(models.IsNullCondition):
    def __init__(self, key: str = ..., *, is_null: Any = None) -> None: ...
    @property
    def key(self) -> str: ...

class HasIdCondition(models.HasIdCondition):
    def __init__(self, point_ids: Iterable[PointId] = ..., *, has_id: Any = None) -> None: ...
    @property
    def point_ids(self) -> List[Any]: ...

class HasVectorCondition(models.HasVectorCondition):
    def __init__(self, vector: str = ..., *, has_vector: Any = None) -> None: ...
    @property
    def vector(self) -> str: ...

class NestedCondition(models.NestedCondition):
    def __init__(self, key: str = ..., filter: Optional[FilterArg] = None, *, nested: Any = None) -> None: ...
    @property
    def key(self) -> str: ...
    @property
    def filter(self) -> Filter: ...

class SliceCondition(models.SliceCondition):
    def __init__(self, total: int = ..., index: Optional[int] = None, *, slice: Any = None) -> None: ...

class GeoPolygon(models.GeoPolygon):
    def __init__(
        self,
        exterior: Union[Sequence[GeoPoint], models.GeoLineString, Mapping[str, Any], None] = None,
        interiors: Optional[Iterable[Union[Sequence[GeoPoint], models.GeoLineString]]] = None,
    ) -> None: ...

class RangeFloat(models.Range):
    def __init__(
        self,
        gte: Optional[float] = None,
        gt: Optional[float] = None,
        lte: Optional[float] = None,
        lt: Optional[float] = None,
    ) -> None: ...

class RangeDateTime(models.DatetimeRange):
    def __init__(self, gte: Any = None, gt: Any = None, lte: Any = None, lt: Any = None) -> None: ...

# ---------------------------------------------------------------- queries

class RecommendQuery(models.RecommendQuery):
    def __init__(
        self, positives: Sequence[Any] = ..., negatives: Optional[Sequence[Any]] = None, *, recommend: Any = None
    ) -> None: ...
    @property
    def positives(self) -> List[Any]: ...
    @property
    def negatives(self) -> List[Any]: ...

class DiscoverQuery(models.DiscoverQuery):
    def __init__(
        self, target: Any = ..., pairs: Optional[Sequence[ContextPair]] = None, *, discover: Any = None
    ) -> None: ...
    @property
    def target(self) -> Any: ...
    @property
    def pairs(self) -> Any: ...

class ContextQuery(models.ContextQuery):
    def __init__(self, pairs: Sequence[ContextPair] = ..., *, context: Any = None) -> None: ...
    @property
    def pairs(self) -> Any: ...

class FeedbackItem(models.FeedbackItem):
    def __init__(self, vector: Any = ..., score: Optional[float] = None, *, example: Any = None) -> None: ...
    @property
    def vector(self) -> Any: ...

class NaiveFeedbackStrategy(models.NaiveFeedbackStrategy):
    def __init__(
        self, a: float = ..., b: Optional[float] = None, c: Optional[float] = None, *, naive: Any = None
    ) -> None: ...

class FeedbackNaiveQuery(EdgeValue):
    target: Any
    feedback: List[FeedbackItem]
    strategy: NaiveFeedbackStrategy
    def __init__(self, target: Any, feedback: Sequence[FeedbackItem], strategy: NaiveFeedbackStrategy) -> None: ...

class Query(EdgeValue):
    variant: str
    query: Any
    using: Optional[str]
    def __init__(self, variant: str, query: Any, using: Optional[str] = None) -> None: ...
    @staticmethod
    def Nearest(query: Union[NamedVector, PointId], using: Optional[str] = None) -> Query: ...
    @staticmethod
    def RecommendBestScore(query: RecommendQuery, using: Optional[str] = None) -> Query: ...
    @staticmethod
    def RecommendSumScores(query: RecommendQuery, using: Optional[str] = None) -> Query: ...
    @staticmethod
    def Discover(query: DiscoverQuery, using: Optional[str] = None) -> Query: ...
    @staticmethod
    def Context(query: ContextQuery, using: Optional[str] = None) -> Query: ...
    @staticmethod
    def FeedbackNaive(query: FeedbackNaiveQuery, using: Optional[str] = None) -> Query: ...

class _Rrf(EdgeValue):
    k: int
    weights: Optional[List[float]]
    def __init__(self, k: int, weights: Optional[Sequence[float]] = None) -> None: ...

class _Dbsf(EdgeValue):
    def __init__(self) -> None: ...

class Fusion:
    Rrf = _Rrf
    Dbsf = _Dbsf

class Mmr(EdgeValue):
    vector: NamedVector
    lambda_: float
    candidates_limit: int
    using: Optional[str]
    def __init__(
        self, vector: NamedVector, lambda_: float, candidates_limit: int, using: Optional[str] = None
    ) -> None: ...

class Formula(EdgeValue):
    formula: Any
    defaults: Optional[Dict[str, Any]]
    def __init__(self, formula: Any, defaults: Optional[Dict[str, Any]] = None) -> None: ...

class DecayKind:
    Lin: str
    Gauss: str
    Exp: str

class Expression(EdgeValue):
    expr: Any
    def __init__(self, expr: Any) -> None: ...
    @staticmethod
    def Constant(val: float) -> Expression: ...
    @staticmethod
    def Variable(var: str) -> Expression: ...
    @staticmethod
    def Condition(cond: Any) -> Expression: ...
    @staticmethod
    def GeoDistance(origin: GeoPoint, to: str) -> Expression: ...
    @staticmethod
    def Datetime(date_time: str) -> Expression: ...
    @staticmethod
    def DatetimeKey(path: str) -> Expression: ...
    @staticmethod
    def Mult(exprs: Sequence[Any]) -> Expression: ...
    @staticmethod
    def Sum(exprs: Sequence[Any]) -> Expression: ...
    @staticmethod
    def Max(exprs: Sequence[Any]) -> Expression: ...
    @staticmethod
    def Min(exprs: Sequence[Any]) -> Expression: ...
    @staticmethod
    def Neg(expr: Any) -> Expression: ...
    @staticmethod
    def Div(left: Any, right: Any, by_zero_default: Optional[float] = None) -> Expression: ...
    @staticmethod
    def Sqrt(expr: Any) -> Expression: ...
    @staticmethod
    def Pow(base: Any, exponent: Any) -> Expression: ...
    @staticmethod
    def Exp(expr: Any) -> Expression: ...
    @staticmethod
    def Log10(expr: Any) -> Expression: ...
    @staticmethod
    def Ln(expr: Any) -> Expression: ...
    @staticmethod
    def Acosh(expr: Any) -> Expression: ...
    @staticmethod
    def Abs(expr: Any) -> Expression: ...
    @staticmethod
    def Decay(
        kind: Any, x: Any, target: Any = None, midpoint: Optional[float] = None, scale: Optional[float] = None
    ) -> Expression: ...

ScoringQuery = Union[Query, _Rrf, _Dbsf, OrderBy, Mmr, Formula, Sample, NamedVector, PointId, models.Model, Mapping[str, Any]]

# ---------------------------------------------------------------- requests

class Prefetch(EdgeValue):
    limit: int
    query: Optional[ScoringQuery]
    prefetches: Optional[List[Prefetch]]
    params: Optional[SearchParams]
    filter: Optional[FilterArg]
    score_threshold: Optional[float]
    using: Optional[str]
    def __init__(
        self,
        limit: int,
        query: Optional[ScoringQuery] = None,
        prefetches: Optional[Sequence[Prefetch]] = None,
        params: Optional[SearchParams] = None,
        filter: Optional[FilterArg] = None,
        score_threshold: Optional[float] = None,
        *,
        using: Optional[str] = None,
    ) -> None: ...

class QueryRequest(EdgeValue):
    limit: int
    offset: Optional[int]
    query: Optional[ScoringQuery]
    prefetches: Optional[List[Prefetch]]
    with_vector: Optional[WithVector]
    with_payload: Optional[WithPayload]
    filter: Optional[FilterArg]
    score_threshold: Optional[float]
    params: Optional[SearchParams]
    using: Optional[str]
    def __init__(
        self,
        limit: int = 10,
        offset: Optional[int] = None,
        query: Optional[ScoringQuery] = None,
        prefetches: Optional[Sequence[Prefetch]] = None,
        with_vector: Optional[WithVector] = None,
        with_payload: Optional[WithPayload] = None,
        filter: Optional[FilterArg] = None,
        score_threshold: Optional[float] = None,
        params: Optional[SearchParams] = None,
        *,
        using: Optional[str] = None,
    ) -> None: ...
    @property
    def variant(self) -> Optional[str]: ...

class SearchRequest(QueryRequest):
    def __init__(
        self,
        query: ScoringQuery,
        limit: int = 10,
        offset: Optional[int] = None,
        filter: Optional[FilterArg] = None,
        params: Optional[SearchParams] = None,
        with_vector: Optional[WithVector] = None,
        with_payload: Optional[WithPayload] = None,
        score_threshold: Optional[float] = None,
        *,
        using: Optional[str] = None,
    ) -> None: ...

class ScrollRequest(EdgeValue):
    offset: Optional[PointId]
    limit: Optional[int]
    filter: Optional[FilterArg]
    with_payload: Optional[WithPayload]
    with_vector: Optional[WithVector]
    order_by: Union[str, OrderBy, None]
    def __init__(
        self,
        offset: Optional[PointId] = None,
        limit: Optional[int] = None,
        filter: Optional[FilterArg] = None,
        with_payload: Optional[WithPayload] = None,
        with_vector: Optional[WithVector] = None,
        order_by: Union[str, OrderBy, None] = None,
    ) -> None: ...

class CountRequest(EdgeValue):
    exact: bool
    filter: Optional[FilterArg]
    def __init__(self, exact: bool = True, filter: Optional[FilterArg] = None) -> None: ...

class FacetRequest(EdgeValue):
    key: str
    limit: int
    exact: bool
    filter: Optional[FilterArg]
    def __init__(self, key: str, limit: int = 10, exact: bool = False, filter: Optional[FilterArg] = None) -> None: ...

class QueryBatchRequest(EdgeValue):
    queries: List[QueryRequest]
    def __init__(self, queries: Sequence[QueryRequest]) -> None: ...

class PayloadSelector:
    @staticmethod
    def Include(keys: Sequence[str]) -> models.PayloadSelectorInclude: ...
    @staticmethod
    def Exclude(keys: Sequence[str]) -> models.PayloadSelectorExclude: ...

# ---------------------------------------------------------------- updates

class UpdateOperation(EdgeValue):
    kind: str
    body: Dict[str, Any]
    def __init__(self, kind: str, body: Dict[str, Any]) -> None: ...
    @staticmethod
    def upsert_points(
        points: Iterable[Union[Point, models.PointStruct, Mapping[str, Any]]],
        condition: Optional[FilterArg] = None,
        update_mode: Optional[UpdateMode] = None,
    ) -> UpdateOperation: ...
    @staticmethod
    def delete_points(point_ids: Iterable[PointId]) -> UpdateOperation: ...
    @staticmethod
    def delete_points_by_filter(filter: FilterArg) -> UpdateOperation: ...
    @staticmethod
    def update_vectors(
        point_vectors: Iterable[Union[PointVectors, Mapping[str, Any]]], condition: Optional[FilterArg] = None
    ) -> UpdateOperation: ...
    @staticmethod
    def delete_vectors(point_ids: Iterable[PointId], vector_names: Iterable[str]) -> UpdateOperation: ...
    @staticmethod
    def delete_vectors_by_filter(filter: FilterArg, vector_names: Iterable[str]) -> UpdateOperation: ...
    @staticmethod
    def set_payload(point_ids: Iterable[PointId], payload: Payload, key: Optional[str] = None) -> UpdateOperation: ...
    @staticmethod
    def set_payload_by_filter(filter: FilterArg, payload: Payload, key: Optional[str] = None) -> UpdateOperation: ...
    @staticmethod
    def overwrite_payload(
        point_ids: Iterable[PointId], payload: Payload, key: Optional[str] = None
    ) -> UpdateOperation: ...
    @staticmethod
    def overwrite_payload_by_filter(
        filter: FilterArg, payload: Payload, key: Optional[str] = None
    ) -> UpdateOperation: ...
    @staticmethod
    def delete_payload(point_ids: Iterable[PointId], keys: Iterable[str]) -> UpdateOperation: ...
    @staticmethod
    def delete_payload_by_filter(filter: FilterArg, keys: Iterable[str]) -> UpdateOperation: ...
    @staticmethod
    def clear_payload(point_ids: Iterable[PointId]) -> UpdateOperation: ...
    @staticmethod
    def clear_payload_by_filter(filter: FilterArg) -> UpdateOperation: ...
    @staticmethod
    def create_field_index(field_name: str, schema: Any = None) -> UpdateOperation: ...
    @staticmethod
    def delete_field_index(field_name: str) -> UpdateOperation: ...
    @staticmethod
    def create_dense_vector(
        vector_name: str,
        size: int,
        distance: Distance,
        multivector_config: Optional[MultiVectorConfig] = None,
        datatype: Optional[VectorStorageDatatype] = None,
    ) -> UpdateOperation: ...
    @staticmethod
    def create_sparse_vector(
        vector_name: str, modifier: Optional[Modifier] = None, datatype: Optional[VectorStorageDatatype] = None
    ) -> UpdateOperation: ...
    @staticmethod
    def delete_vector_name(vector_name: str) -> UpdateOperation: ...

# ---------------------------------------------------------------- configuration

class EdgeConfig(models.EdgeConfig):
    def __init__(
        self,
        vectors: Union[models.EdgeVectorParams, Mapping[str, models.EdgeVectorParams], Mapping[str, Any], None] = None,
        sparse_vectors: Optional[Mapping[str, EdgeSparseVectorParams]] = None,
        on_disk_payload: Optional[bool] = None,
        hnsw_config: Optional[models.HnswConfigDiff] = None,
        quantization_config: Any = None,
        optimizers: Optional[EdgeOptimizersConfig] = None,
        max_search_threads: Optional[int] = None,
        search_pool_core: Optional[int] = None,
        payload_memory: Optional[Memory] = None,
        id_tracker_memory: Optional[Memory] = None,
        wal_enabled: Optional[bool] = None,
        *,
        vector_data: Optional[Mapping[str, VectorDataConfig]] = None,
    ) -> None: ...

class EdgeVectorParams(models.EdgeVectorParams):
    def __init__(
        self,
        size: int,
        distance: Union[Distance, str],
        on_disk: Optional[bool] = None,
        multivector_config: Optional[MultiVectorConfig] = None,
        datatype: Union[models.Datatype, VectorStorageDatatype, str, None] = None,
        quantization_config: Any = None,
        hnsw_config: Optional[models.HnswConfigDiff] = None,
        memory: Optional[Memory] = None,
    ) -> None: ...

class HnswIndexConfig(models.HnswConfigDiff):
    def __init__(
        self,
        m: Optional[int] = None,
        ef_construct: Optional[int] = None,
        full_scan_threshold: Optional[int] = None,
        max_indexing_threads: Optional[int] = None,
        on_disk: Optional[bool] = None,
        payload_m: Optional[int] = None,
        inline_storage: Optional[bool] = None,
        memory: Optional[Memory] = None,
    ) -> None: ...

class KeywordIndexParams(models.KeywordIndexParams):
    def __init__(self, **kwargs: Any) -> None: ...

class IntegerIndexParams(models.IntegerIndexParams):
    def __init__(self, **kwargs: Any) -> None: ...

class FloatIndexParams(models.FloatIndexParams):
    def __init__(self, **kwargs: Any) -> None: ...

class GeoIndexParams(models.GeoIndexParams):
    def __init__(self, **kwargs: Any) -> None: ...

class TextIndexParams(models.TextIndexParams):
    def __init__(self, **kwargs: Any) -> None: ...

class BoolIndexParams(models.BoolIndexParams):
    def __init__(self, **kwargs: Any) -> None: ...

class DatetimeIndexParams(models.DatetimeIndexParams):
    def __init__(self, **kwargs: Any) -> None: ...

class UuidIndexParams(models.UuidIndexParams):
    def __init__(self, **kwargs: Any) -> None: ...

# ---------------------------------------------------------------- results

class ScoredPoint:
    id: Union[int, uuid.UUID]
    version: int
    score: float
    payload: Optional[Payload]
    vector: Any
    order_value: Union[int, float, None]
    def __init__(
        self,
        id: Union[int, uuid.UUID],
        version: int,
        score: float,
        payload: Optional[Payload] = None,
        vector: Any = None,
        order_value: Union[int, float, None] = None,
    ) -> None: ...

class Record:
    id: Union[int, uuid.UUID]
    payload: Optional[Payload]
    vector: Any
    order_value: Union[int, float, None]
    def __init__(
        self,
        id: Union[int, uuid.UUID],
        payload: Optional[Payload] = None,
        vector: Any = None,
        order_value: Union[int, float, None] = None,
    ) -> None: ...

class FacetHit:
    value: Union[str, int, bool]
    count: int
    def __init__(self, value: Union[str, int, bool], count: int) -> None: ...

class FacetResponse:
    hits: List[FacetHit]
    def __init__(self, hits: List[FacetHit]) -> None: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[FacetHit]: ...

class PayloadIndexInfo:
    data_type: Union[PayloadSchemaType, str]
    params: Optional[Dict[str, Any]]
    points: int
    def __init__(self, data_type: Any, params: Any = None, points: int = 0) -> None: ...

class ShardInfo:
    segments_count: int
    points_count: int
    indexed_vectors_count: int
    payload_schema: Dict[str, PayloadIndexInfo]
    config: Optional[Dict[str, Any]]
    def __init__(
        self,
        segments_count: int,
        points_count: int,
        indexed_vectors_count: int,
        payload_schema: Dict[str, PayloadIndexInfo],
        config: Optional[Dict[str, Any]] = None,
    ) -> None: ...

# ---------------------------------------------------------------- the shard

class EdgeShard:
    def __init__(
        self,
        path: PathLike,
        config: Union[EdgeConfig, models.EdgeConfig, Mapping[str, Any], None] = None,
        *,
        read_only: bool = False,
        durability: Durability = None,
        fsync_interval_ms: int = 0,
        flush_threshold: int = 0,
    ) -> None: ...
    @classmethod
    def create(
        cls,
        path: PathLike,
        config: Union[EdgeConfig, models.EdgeConfig, Mapping[str, Any]],
        *,
        read_only: bool = False,
        durability: Durability = None,
        fsync_interval_ms: int = 0,
        flush_threshold: int = 0,
    ) -> EdgeShard: ...
    @classmethod
    def load(
        cls,
        path: PathLike,
        config: Union[EdgeConfig, models.EdgeConfig, Mapping[str, Any], None] = None,
        *,
        read_only: bool = False,
        durability: Durability = None,
        fsync_interval_ms: int = 0,
        flush_threshold: int = 0,
    ) -> EdgeShard: ...
    @classmethod
    def open(
        cls,
        path: PathLike,
        config: Union[EdgeConfig, models.EdgeConfig, Mapping[str, Any], None] = None,
        *,
        read_only: bool = False,
        durability: Durability = None,
        fsync_interval_ms: int = 0,
        flush_threshold: int = 0,
    ) -> EdgeShard: ...
    def update(self, operation: Union[UpdateOperation, Mapping[str, Any]]) -> None: ...
    def query(self, query: Union[QueryRequest, models.QueryRequest, Mapping[str, Any]]) -> List[ScoredPoint]: ...
    def query_batch(self, request: Union[QueryBatchRequest, Sequence[QueryRequest]]) -> List[List[ScoredPoint]]: ...
    def search(self, search: Union[SearchRequest, QueryRequest]) -> List[ScoredPoint]: ...
    def scroll(
        self, scroll: Union[ScrollRequest, models.ScrollRequest, Mapping[str, Any], None] = None
    ) -> Tuple[List[Record], Union[int, uuid.UUID, None]]: ...
    def count(self, count: Union[CountRequest, models.CountRequest, Mapping[str, Any], None] = None) -> int: ...
    def facet(self, facet: Union[FacetRequest, models.FacetRequest, Mapping[str, Any]]) -> FacetResponse: ...
    def retrieve(
        self, point_ids: Iterable[PointId], with_payload: WithPayload = True, with_vector: WithVector = False
    ) -> List[Record]: ...
    def info(self) -> ShardInfo: ...
    def flush(self) -> None: ...
    def optimize(self) -> bool: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    @property
    def path(self) -> str: ...
    @property
    def read_only(self) -> bool: ...
    def __enter__(self) -> EdgeShard: ...
    def __exit__(self, *exc: Any) -> None: ...

__all__ = [
    "EdgeShard",
    "UpdateOperation",
    "Point",
    "PointVectors",
    "SparseVector",
    "UpdateMode",
    "PayloadSchemaType",
    "QueryRequest",
    "QueryBatchRequest",
    "SearchRequest",
    "ScrollRequest",
    "CountRequest",
    "FacetRequest",
    "Prefetch",
    "Query",
    "RecommendQuery",
    "DiscoverQuery",
    "ContextQuery",
    "ContextPair",
    "FeedbackItem",
    "FeedbackNaiveQuery",
    "NaiveFeedbackStrategy",
    "Fusion",
    "Mmr",
    "Formula",
    "Expression",
    "DecayKind",
    "OrderBy",
    "Direction",
    "Sample",
    "PayloadSelector",
    "SearchParams",
    "QuantizationSearchParams",
    "AcornSearchParams",
    "Filter",
    "FieldCondition",
    "MinShould",
    "MatchValue",
    "MatchAny",
    "MatchExcept",
    "MatchText",
    "MatchTextAny",
    "MatchPhrase",
    "MatchPrefix",
    "RangeFloat",
    "RangeDateTime",
    "ValuesCount",
    "GeoPoint",
    "GeoRadius",
    "GeoBoundingBox",
    "GeoPolygon",
    "IsEmptyCondition",
    "IsNullCondition",
    "HasIdCondition",
    "HasVectorCondition",
    "NestedCondition",
    "SliceCondition",
    "ScoredPoint",
    "Record",
    "FacetHit",
    "FacetResponse",
    "ShardInfo",
    "PayloadIndexInfo",
    "EdgeConfig",
    "EdgeVectorParams",
    "EdgeSparseVectorParams",
    "EdgeOptimizersConfig",
    "VectorDataConfig",
    "HnswIndexConfig",
    "MultiVectorConfig",
    "ScalarQuantizationConfig",
    "ProductQuantizationConfig",
    "BinaryQuantizationConfig",
    "Distance",
    "Modifier",
    "Memory",
    "MultiVectorComparator",
    "VectorStorageDatatype",
    "ScalarType",
    "CompressionRatio",
    "TokenizerType",
    "KeywordIndexParams",
    "IntegerIndexParams",
    "FloatIndexParams",
    "GeoIndexParams",
    "TextIndexParams",
    "BoolIndexParams",
    "DatetimeIndexParams",
    "UuidIndexParams",
]
