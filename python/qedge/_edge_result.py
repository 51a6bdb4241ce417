"""What an edge shard answers, under Qdrant Edge's names: ``ScoredPoint``,
``Record``, ``FacetHit``, ``FacetResponse``, ``ShardInfo``,
``PayloadIndexInfo``; and the functions turning the engine's JSON into them.

As in Qdrant Edge, UUID ids come back as :class:`uuid.UUID`, integer ids as
``int``; a dense vector is a list of floats, a sparse one a
:class:`~qedge.models.SparseVector`, several vectors a dict by name.
"""

import uuid
from typing import Any, Dict, Iterator, List, Optional, Tuple

from . import models

__all__ = [
    "ScoredPoint",
    "Record",
    "FacetHit",
    "FacetResponse",
    "ShardInfo",
    "PayloadIndexInfo",
]

_SPARSE = models.SparseVector


def _id(value: Any) -> Any:
    return uuid.UUID(value) if isinstance(value, str) else value


def _one_vector(value: Any) -> Any:
    if isinstance(value, dict):
        return _SPARSE._from_data(value)
    return value


def _vector(value: Any) -> Any:
    if isinstance(value, dict):
        return {name: _one_vector(v) for name, v in value.items()}
    return value


class _Result:
    __slots__ = ()

    def _names(self) -> Tuple[str, ...]:
        names: Tuple[str, ...] = getattr(type(self), "__slots__", ())
        return names

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._names())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._names())
        return f"{type(self).__name__}({fields})"


class ScoredPoint(_Result):
    """A query hit: id, version (sequence number of its last write), score,
    and payload / vector / order_value when asked for (None otherwise)."""

    __slots__ = ("id", "version", "score", "payload", "vector", "order_value")

    def __init__(
        self, id: Any, version: int, score: float, payload: Optional[Dict[str, Any]] = None,
        vector: Any = None, order_value: Any = None,
    ) -> None:
        self.id = id
        self.version = version
        self.score = score
        self.payload = payload
        self.vector = vector
        self.order_value = order_value

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "ScoredPoint":
        return cls(
            _id(d["id"]), d.get("version", 0), d.get("score", 1.0), d.get("payload"),
            _vector(d.get("vector")), d.get("order_value"),
        )


class Record(_Result):
    """A stored point as scroll and retrieve return it."""

    __slots__ = ("id", "payload", "vector", "order_value")

    def __init__(
        self, id: Any, payload: Optional[Dict[str, Any]] = None, vector: Any = None,
        order_value: Any = None,
    ) -> None:
        self.id = id
        self.payload = payload
        self.vector = vector
        self.order_value = order_value

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "Record":
        return cls(_id(d["id"]), d.get("payload"), _vector(d.get("vector")), d.get("order_value"))


class FacetHit(_Result):
    """One value of a facet and the number of points holding it."""

    __slots__ = ("value", "count")

    def __init__(self, value: Any, count: int) -> None:
        self.value = value
        self.count = count


class FacetResponse(_Result):
    """Facet hits, most frequent first; iterable and sized."""

    __slots__ = ("hits",)

    def __init__(self, hits: List[FacetHit]) -> None:
        self.hits = hits

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[FacetHit]:
        return iter(self.hits)

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "FacetResponse":
        return cls([FacetHit(h["value"], h["count"]) for h in d.get("hits", [])])


class PayloadIndexInfo(_Result):
    """A payload index: its type, parameters and how many points it covers."""

    __slots__ = ("data_type", "params", "points")

    def __init__(self, data_type: Any, params: Any = None, points: int = 0) -> None:
        self.data_type = data_type
        self.params = params
        self.points = points

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "PayloadIndexInfo":
        data_type = d.get("data_type")
        try:
            data_type = models.PayloadSchemaType(data_type)
        except ValueError:
            pass
        return cls(data_type, d.get("params"), d.get("points", 0))


class ShardInfo(_Result):
    """Counts and schema of a shard; ``config`` is its EdgeConfig as a dict."""

    __slots__ = ("segments_count", "points_count", "indexed_vectors_count", "payload_schema",
                 "config")

    def __init__(
        self, segments_count: int, points_count: int, indexed_vectors_count: int,
        payload_schema: Dict[str, PayloadIndexInfo], config: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.segments_count = segments_count
        self.points_count = points_count
        self.indexed_vectors_count = indexed_vectors_count
        self.payload_schema = payload_schema
        self.config = config

    @classmethod
    def _from_json(cls, d: Dict[str, Any]) -> "ShardInfo":
        schema = {k: PayloadIndexInfo._from_json(v) for k, v in (d.get("payload_schema") or {}).items()}
        return cls(
            d.get("segments_count", 0), d.get("points_count", 0),
            d.get("indexed_vectors_count", 0), schema, d.get("config"),
        )
