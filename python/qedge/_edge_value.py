"""The base of qedge's light Qdrant Edge value classes, ``Point`` and
``PointVectors``.

A light value keeps what it was given (a numpy array stays a numpy array;
a list of numbers that is a valid dense vector is packed at once into a
float32 ``array.array``, as Qdrant Edge packs it) and becomes JSON only when
it is handed to the engine: the C converter calls its
:meth:`EdgeValue.model_dump`, which returns the REST shape with those
objects inside, so vectors travel through the buffer protocol without a
Python float per element. Validation happens
in the engine, whose errors name the path of the bad value
(``upsert_points.points[3].vector``).
"""

from array import array as _array
from typing import Any, Dict, Optional, Tuple

from . import _qedge
from ._qedge import compact_vector

__all__ = ["EdgeValue", "Point", "PointVectors"]


class EdgeValue:
    """Base class: subclasses define ``__slots__`` and :meth:`_json`, and may
    name in ``__qe_vectors__`` the keys of their JSON that hold vectors (the
    C converter turns lists of numbers there into float32 arrays at once)."""

    __slots__ = ()
    __qe_vectors__: Tuple[str, ...] = ()

    def _json(self) -> Any:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def model_dump(self, **_ignored: Any) -> Any:
        """The REST JSON shape (objects inside are converted by the caller)."""
        return self._json()

    def to_dict(self) -> Any:
        """The REST JSON shape as plain Python values."""
        return _qedge.to_builtins(self)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.to_dict() == other.to_dict()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        names: Tuple[str, ...] = getattr(type(self), "__slots__", ())
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{type(self).__name__}({fields})"


def _compact(vector: Any) -> Any:
    """``vector`` with its lists of numbers packed as float32 arrays (a
    dict of named vectors member by member); anything else as given."""
    if type(vector) is dict:
        return {name: compact_vector(v) for name, v in vector.items()}
    return compact_vector(vector)


def _expand(vector: Any) -> Any:
    """What :func:`_compact` packed, as lists of float again."""
    if type(vector) is _array:
        return vector.tolist()
    if type(vector) is dict:
        return {name: v.tolist() if type(v) is _array else v for name, v in vector.items()}
    return vector


class _WithVector(EdgeValue):
    """A value holding a vector argument: lists of numbers are packed into
    float32 at once, as Qdrant Edge does (so ``.vector`` reads back the
    float32 values as a list); numpy arrays and other objects are kept."""

    __slots__ = ("_vector",)
    __qe_vectors__ = ("vector",)

    @property
    def vector(self) -> Any:
        return _expand(self._vector)

    @vector.setter
    def vector(self, value: Any) -> None:
        self._vector = _compact(value)


class Point(_WithVector):
    """A point to upsert: ``Point(id, vector, payload=None)``.

    ``vector`` is a list or array of floats (the unnamed vector), or a dict
    from vector name to a dense vector, a :class:`~qedge.models.SparseVector`
    or a list of dense vectors (a multivector); ``{}`` stores no vector.
    ``id`` is an unsigned integer, a UUID string or a :class:`uuid.UUID`.
    """

    __slots__ = ("id", "payload")

    def __init__(self, id: Any, vector: Any, payload: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self._vector = _compact(vector)
        self.payload = payload

    def _json(self) -> Dict[str, Any]:
        out = {"id": self.id, "vector": self._vector}
        if self.payload is not None:
            out["payload"] = self.payload
        return out

    def __repr__(self) -> str:
        return f"Point(id={self.id!r}, vector={self.vector!r}, payload={self.payload!r})"


class PointVectors(_WithVector):
    """Vectors to set on an existing point: ``PointVectors(id, vector)``, for
    :meth:`UpdateOperation.update_vectors`. ``vector`` takes the forms
    :class:`Point` accepts; named vectors not given are kept."""

    __slots__ = ("id",)

    def __init__(self, id: Any, vector: Any) -> None:
        self.id = id
        self._vector = _compact(vector)

    def _json(self) -> Dict[str, Any]:
        return {"id": self.id, "vector": self._vector}

    def __repr__(self) -> str:
        return f"PointVectors(id={self.id!r}, vector={self.vector!r})"
