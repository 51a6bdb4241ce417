"""The base of qedge's light Qdrant Edge value classes, and ``Point``.

A light value keeps exactly what it was given (a numpy array stays a numpy
array) and becomes JSON only when it is handed to the engine: the C
converter calls its :meth:`EdgeValue.model_dump`, which returns the REST
shape with the original objects inside, so float32 arrays travel through
the buffer protocol without a Python float per element. Validation happens
in the engine, whose errors name the path of the bad value
(``upsert_points.points[3].vector``).
"""

from typing import Any, Dict, Optional, Tuple

from . import _qedge

__all__ = ["EdgeValue", "Point"]


class EdgeValue:
    """Base class: subclasses define ``__slots__`` and :meth:`_json`."""

    __slots__ = ()

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


class Point(EdgeValue):
    """A point to upsert: ``Point(id, vector, payload=None)``.

    ``vector`` is a list or array of floats (the unnamed vector), or a dict
    from vector name to a dense vector, a :class:`~qedge.models.SparseVector`
    or a list of dense vectors (a multivector); ``{}`` stores no vector.
    ``id`` is an unsigned integer, a UUID string or a :class:`uuid.UUID`.
    """

    __slots__ = ("id", "vector", "payload")

    def __init__(self, id: Any, vector: Any, payload: Optional[Dict[str, Any]] = None) -> None:
        self.id = id
        self.vector = vector
        self.payload = payload

    def _json(self) -> Dict[str, Any]:
        out = {"id": self.id, "vector": self.vector}
        if self.payload is not None:
            out["payload"] = self.payload
        return out
