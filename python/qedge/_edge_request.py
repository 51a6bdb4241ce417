"""Read requests under Qdrant Edge's names and argument orders:
``QueryRequest``, ``Prefetch``, ``SearchRequest``, ``ScrollRequest``,
``CountRequest``, ``FacetRequest``, ``QueryBatchRequest`` and
``PayloadSelector``. Each keeps its arguments as given and becomes the REST
request JSON (Qdrant's ``QueryRequest``, ``ScrollRequest``, ...) when the
engine reads it, so numpy query vectors are never boxed.
"""

from typing import Any, Dict, List, Optional

from . import models
from ._edge_query import scoring_json
from ._edge_value import EdgeValue

__all__ = [
    "QueryRequest",
    "Prefetch",
    "SearchRequest",
    "ScrollRequest",
    "CountRequest",
    "FacetRequest",
    "QueryBatchRequest",
    "PayloadSelector",
]


def _put(out: Dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        out[key] = value


def _put_query(out: Dict[str, Any], query: Any, using: Optional[str]) -> Optional[str]:
    """Add ``query`` (and its ``using``) to a request body; returns the
    Qdrant Edge variant name of the query, if it has one."""
    body, own_using, variant = scoring_json(query)
    _put(out, "query", body)
    _put(out, "using", own_using if own_using is not None else using)
    return variant


class Prefetch(EdgeValue):
    """``Prefetch(limit, query=None, prefetches=None, params=None,
    filter=None, score_threshold=None)``: a sub-query whose results the
    outer query rescoring or fuses."""

    __slots__ = ("limit", "query", "prefetches", "params", "filter", "score_threshold", "using")

    def __init__(
        self, limit: int, query: Any = None, prefetches: Optional[List[Any]] = None,
        params: Any = None, filter: Any = None, score_threshold: Optional[float] = None,
        *, using: Optional[str] = None,
    ) -> None:
        self.limit = limit
        self.query = query
        self.prefetches = prefetches
        self.params = params
        self.filter = filter
        self.score_threshold = score_threshold
        self.using = using

    def _json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        if self.prefetches:
            out["prefetch"] = list(self.prefetches)
        _put_query(out, self.query, self.using)
        _put(out, "filter", self.filter)
        _put(out, "params", self.params)
        _put(out, "score_threshold", self.score_threshold)
        _put(out, "limit", self.limit)
        return out


class QueryRequest(EdgeValue):
    """``QueryRequest(limit, offset=None, query=None, prefetches=None,
    with_vector=None, with_payload=None, filter=None, score_threshold=None,
    params=None)``. ``query`` is a :class:`Query` (``Query.Nearest(v,
    using)``), a fusion, ``OrderBy``, ``Mmr``, ``Formula``, ``Sample.Random``,
    or what qdrant-client takes (a vector, a numpy array, a point id,
    ``models.NearestQuery``...); ``using`` (keyword only) names the vector
    for the latter. No query: points in id order, each with score 1."""

    __slots__ = (
        "limit", "offset", "query", "prefetches", "with_vector", "with_payload",
        "filter", "score_threshold", "params", "using",
    )

    def __init__(
        self, limit: int = 10, offset: Optional[int] = None, query: Any = None,
        prefetches: Optional[List[Any]] = None, with_vector: Any = None,
        with_payload: Any = None, filter: Any = None,
        score_threshold: Optional[float] = None, params: Any = None,
        *, using: Optional[str] = None,
    ) -> None:
        self.limit = limit
        self.offset = offset
        self.query = query
        self.prefetches = prefetches
        self.with_vector = with_vector
        self.with_payload = with_payload
        self.filter = filter
        self.score_threshold = score_threshold
        self.params = params
        self.using = using

    @property
    def variant(self) -> Optional[str]:
        """Qdrant Edge name of the query kind (``"Query.Nearest"``), if any."""
        return scoring_json(self.query)[2]

    def _json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        if self.prefetches:
            out["prefetch"] = list(self.prefetches)
        _put_query(out, self.query, self.using)
        _put(out, "filter", self.filter)
        _put(out, "params", self.params)
        _put(out, "score_threshold", self.score_threshold)
        _put(out, "limit", self.limit)
        _put(out, "offset", self.offset)
        _put(out, "with_vector", self.with_vector)
        _put(out, "with_payload", self.with_payload)
        return out


class SearchRequest(QueryRequest):
    """``SearchRequest(query, limit, offset=None, filter=None, params=None,
    with_vector=None, with_payload=None, score_threshold=None)``: a nearest
    search, run as a :class:`QueryRequest`."""

    __slots__ = ()

    def __init__(
        self, query: Any, limit: int = 10, offset: Optional[int] = None, filter: Any = None,
        params: Any = None, with_vector: Any = None, with_payload: Any = None,
        score_threshold: Optional[float] = None, *, using: Optional[str] = None,
    ) -> None:
        super().__init__(
            limit, offset, query, None, with_vector, with_payload, filter, score_threshold,
            params, using=using,
        )


class ScrollRequest(EdgeValue):
    """``ScrollRequest(offset=None, limit=None, filter=None, with_payload=None,
    with_vector=None, order_by=None)``: pages of points in id order (or by
    ``order_by``, a key or an ``OrderBy``); ``offset`` is the first id."""

    __slots__ = ("offset", "limit", "filter", "with_payload", "with_vector", "order_by")

    def __init__(
        self, offset: Any = None, limit: Optional[int] = None, filter: Any = None,
        with_payload: Any = None, with_vector: Any = None, order_by: Any = None,
    ) -> None:
        self.offset = offset
        self.limit = limit
        self.filter = filter
        self.with_payload = with_payload
        self.with_vector = with_vector
        self.order_by = order_by

    def _json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        for key in ("offset", "limit", "filter", "with_payload", "with_vector", "order_by"):
            _put(out, key, getattr(self, key))
        return out


class CountRequest(EdgeValue):
    """``CountRequest(exact=True, filter=None)``."""

    __slots__ = ("exact", "filter")

    def __init__(self, exact: bool = True, filter: Any = None) -> None:
        self.exact = exact
        self.filter = filter

    def _json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"exact": self.exact}
        _put(out, "filter", self.filter)
        return out


class FacetRequest(EdgeValue):
    """``FacetRequest(key, limit=10, exact=False, filter=None)``: the most
    frequent values of a payload key (which needs a keyword, integer, uuid
    or bool index, as in Qdrant)."""

    __slots__ = ("key", "limit", "exact", "filter")

    def __init__(self, key: str, limit: int = 10, exact: bool = False, filter: Any = None) -> None:
        self.key = key
        self.limit = limit
        self.exact = exact
        self.filter = filter

    def _json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"key": self.key, "limit": self.limit, "exact": self.exact}
        _put(out, "filter", self.filter)
        return out


class QueryBatchRequest(EdgeValue):
    """``QueryBatchRequest(queries)``: several :class:`QueryRequest`."""

    __slots__ = ("queries",)

    def __init__(self, queries: List[Any]) -> None:
        self.queries = list(queries)

    def _json(self) -> Dict[str, Any]:
        return {"searches": self.queries}


class PayloadSelector:
    """``PayloadSelector.Include(keys)`` / ``PayloadSelector.Exclude(keys)``
    for ``with_payload``."""

    @staticmethod
    def Include(keys: List[str]) -> models.PayloadSelectorInclude:
        return models.PayloadSelectorInclude(include=list(keys))

    @staticmethod
    def Exclude(keys: List[str]) -> models.PayloadSelectorExclude:
        return models.PayloadSelectorExclude(exclude=list(keys))
