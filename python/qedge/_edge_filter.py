"""Filter conditions under the names and call shapes of Qdrant Edge.

Where Qdrant Edge's class has the registry model's name and fields, the
registry class itself is used (``Filter``, ``FieldCondition``,
``MatchValue(1)``, ``GeoPoint(lon, lat)``, ...: qedge.models accepts their
arguments by position in the same order). Where Qdrant Edge's constructor
takes other arguments than the REST shape, the classes below are thin
subclasses of the registry models: they accept Qdrant Edge's arguments,
still accept the registry's keyword form, and produce the registry's JSON
(``IsEmptyCondition("a")`` → ``{"is_empty": {"key": "a"}}``).
"""

import datetime as _dt
from typing import Any, Iterable, List, Optional

from . import models

__all__ = [
    "IsEmptyCondition",
    "IsNullCondition",
    "HasIdCondition",
    "HasVectorCondition",
    "NestedCondition",
    "SliceCondition",
    "GeoPolygon",
    "RangeFloat",
    "RangeDateTime",
]

_UNSET: Any = object()


class IsEmptyCondition(models.IsEmptyCondition):
    """``IsEmptyCondition(key)``: the key is missing, null or ``[]``."""

    __slots__ = ()

    def __init__(self, key: Any = _UNSET, *, is_empty: Any = None) -> None:
        if key is not _UNSET:
            is_empty = {"key": key}
        super().__init__(is_empty=is_empty)

    @property
    def key(self) -> str:
        return self.is_empty.key


class IsNullCondition(models.IsNullCondition):
    """``IsNullCondition(key)``: the key holds null."""

    __slots__ = ()

    def __init__(self, key: Any = _UNSET, *, is_null: Any = None) -> None:
        if key is not _UNSET:
            is_null = {"key": key}
        super().__init__(is_null=is_null)

    @property
    def key(self) -> str:
        return self.is_null.key


class HasIdCondition(models.HasIdCondition):
    """``HasIdCondition(point_ids)``: the point's id is one of these (any
    iterable of ids, a set included)."""

    __slots__ = ()

    def __init__(self, point_ids: Any = _UNSET, *, has_id: Any = None) -> None:
        if point_ids is not _UNSET:
            has_id = list(point_ids)
        super().__init__(has_id=has_id)

    @property
    def point_ids(self) -> List[Any]:
        return self.has_id


class HasVectorCondition(models.HasVectorCondition):
    """``HasVectorCondition(vector)``: the point stores the named vector
    (``""`` is the unnamed one)."""

    __slots__ = ()

    def __init__(self, vector: Any = _UNSET, *, has_vector: Any = None) -> None:
        if vector is not _UNSET:
            has_vector = vector
        super().__init__(has_vector=has_vector)

    @property
    def vector(self) -> str:
        return self.has_vector


class NestedCondition(models.NestedCondition):
    """``NestedCondition(key, filter)``: one object of the array at ``key``
    passes the whole ``filter``."""

    __slots__ = ()

    def __init__(self, key: Any = _UNSET, filter: Any = None, *, nested: Any = None) -> None:
        if key is not _UNSET:
            nested = {"key": key, "filter": filter}
        super().__init__(nested=nested)

    @property
    def key(self) -> str:
        return self.nested.key

    @property
    def filter(self) -> models.Filter:
        return self.nested.filter


class SliceCondition(models.SliceCondition):
    """``SliceCondition(total, index)``: the points of one of ``total``
    hash slices."""

    __slots__ = ()

    def __init__(self, total: Any = _UNSET, index: Any = None, *, slice: Any = None) -> None:
        if total is not _UNSET:
            slice = {"total": total, "index": index}
        super().__init__(slice=slice)


def _ring(points: Any) -> Any:
    """A list of GeoPoints as the registry's GeoLineString; anything else
    (a GeoLineString, its dict) unchanged."""
    if isinstance(points, (list, tuple)):
        return {"points": list(points)}
    return points


class GeoPolygon(models.GeoPolygon):
    """``GeoPolygon(exterior, interiors=None)`` with rings given as lists of
    :class:`GeoPoint` (the registry's ``{"points": [...]}`` form works too)."""

    __slots__ = ()

    def __init__(self, exterior: Any = None, interiors: Optional[Iterable[Any]] = None) -> None:
        kw = {"exterior": _ring(exterior)}
        if interiors is not None:
            kw["interiors"] = [_ring(r) for r in interiors]
        super().__init__(**kw)


class RangeFloat(models.Range):
    """``RangeFloat(gte=None, gt=None, lte=None, lt=None)``: a numeric range."""

    __slots__ = ()

    def __init__(
        self, gte: Optional[float] = None, gt: Optional[float] = None,
        lte: Optional[float] = None, lt: Optional[float] = None,
    ) -> None:
        super().__init__(gte=gte, gt=gt, lte=lte, lt=lt)


def _datetime_text(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    return value


class RangeDateTime(models.DatetimeRange):
    """``RangeDateTime(gte=None, gt=None, lte=None, lt=None)``: bounds are
    RFC 3339 strings or :class:`datetime.datetime` values."""

    __slots__ = ()

    def __init__(self, gte: Any = None, gt: Any = None, lte: Any = None, lt: Any = None) -> None:
        super().__init__(
            gte=_datetime_text(gte), gt=_datetime_text(gt),
            lte=_datetime_text(lte), lt=_datetime_text(lt),
        )
